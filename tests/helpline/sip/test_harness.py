"""The SIP harness itself: a real call through Kamailio reaches a stand-in webhook, signed.

The stand-in checks what Appui's webhook checks (path, JSON, timestamp within 300 s, the
HMAC-SHA256 signature of "<timestamp>.<body>" in base64url) and answers as it does: 202 for
a new event, 200 for an event id already received, 401 for a bad signature.
"""

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.helpline.sip.harness import SCENARIOS, SipCallFailed, available, sip_call

pytestmark = [
    pytest.mark.sip,
    pytest.mark.skipif(
        not available(),
        reason="Kamailio (kamailio, kamailio-utils-modules, kamailio-tls-modules) "
        "or SIPp (sip-tester) is not installed",
    ),
]

SLUG = "plateforme-116006"
SECRET = "a shared secret, with spaces & symbols: é'\""


def signature(secret, timestamp, body):
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class Receiver(ThreadingHTTPServer):
    """Appui's telephony webhook, as far as the harness needs it."""

    daemon_threads = True

    def __init__(self, secret):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.secret = secret
        # One dict per request: path, headers, body (raw bytes), event (parsed), status.
        self.requests = []
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def events(self):
        """The events applied (answered 202), in order."""
        return [request["event"] for request in self.requests if request["status"] == 202]


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        request = {"path": self.path, "headers": dict(self.headers), "body": body, "event": None}
        with self.server.lock:
            request["status"] = self.verdict(request)
            self.server.requests.append(request)
        self.send_response(request["status"])
        self.send_header("Content-Length", "0")
        self.end_headers()

    def verdict(self, request):
        if request["path"] != f"/api/telephony/{SLUG}/events":
            return 404
        timestamp = self.headers.get("X-Appui-Timestamp", "")
        given = self.headers.get("X-Appui-Signature", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            return 401
        expected = signature(self.server.secret, timestamp, request["body"])
        if not hmac.compare_digest(given.rstrip("="), expected):
            return 401
        if self.headers.get("Content-Type") != "application/json":
            return 422
        try:
            request["event"] = json.loads(request["body"])
        except ValueError:
            return 422
        seen = {
            previous["event"]["event_id"]
            for previous in self.server.requests
            if previous["status"] == 202
        }
        return 200 if request["event"]["event_id"] in seen else 202

    def log_message(self, format, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver(SECRET)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def assert_well_formed(receiver):
    for request in receiver.requests:
        headers, event = request["headers"], request["event"]
        # crypto_hmac_sha256() of Kamailio 5.6: base64url without '=' padding.
        assert len(headers["X-Appui-Signature"]) == 43, headers
        assert "=" not in headers["X-Appui-Signature"]
        assert len(event["event_id"]) <= 64
        assert datetime.fromisoformat(event["at"]).utcoffset() is not None
        assert (
            abs(datetime.fromisoformat(event["at"]).timestamp() - int(headers["X-Appui-Timestamp"]))
            <= 1
        )


def test_an_answered_call_rings_is_answered_and_ends(receiver):
    with sip_call(receiver.url, SLUG, SECRET, scenario="answered", extension="1001") as call:
        assert call.delivered == [("ringing", 202), ("answered", 202), ("ended", 202)], (
            call.report()
        )

    ringing, answered, ended = receiver.events()
    assert ringing["type"] == "ringing" and ringing["caller"] == "+33612345678"
    assert answered["type"] == "answered" and answered["listener"] == "1001"
    assert ended["type"] == "ended" and ended["cause"] == "completed"
    assert ringing["call_id"] == answered["call_id"] == ended["call_id"]
    assert len({ringing["event_id"], answered["event_id"], ended["event_id"]}) == 3
    assert [hook["event_id"] for hook in call.webhooks] == [
        e["event_id"] for e in (ringing, answered, ended)
    ]
    assert_well_formed(receiver)


def test_a_call_the_caller_gives_up_rings_and_ends_abandoned(receiver):
    # Quotes and backslashes are legal in a Call-ID: the JSON must still hold it exactly.
    call_id = "4f2a\"q'uo\\te%{x}@switchboard.example"
    with sip_call(
        receiver.url, SLUG, SECRET, scenario="missed", caller="+33198765432", call_id=call_id
    ) as call:
        assert call.delivered == [("ringing", 202), ("ended", 202)], call.report()

    ringing, ended = receiver.events()
    assert ringing["caller"] == "+33198765432"
    assert ended["cause"] == "abandoned"
    assert "listener" not in ended
    assert ringing["call_id"] == ended["call_id"] == call_id
    assert_well_formed(receiver)


def test_a_call_nobody_answers_rings_and_ends_no_answer(receiver):
    with sip_call(receiver.url, SLUG, SECRET, scenario="unanswered") as call:
        assert call.delivered == [("ringing", 202), ("ended", 202)], call.report()

    ringing, ended = receiver.events()
    assert ended["cause"] == "no_answer" and ringing["call_id"] == ended["call_id"]
    assert_well_formed(receiver)


def test_calls_never_share_an_event_id(receiver):
    for scenario in ("answered", "missed"):
        with sip_call(receiver.url, SLUG, SECRET, scenario=scenario):
            pass
    ids = [request["event"]["event_id"] for request in receiver.requests]
    assert len(ids) == 5 and len(set(ids)) == 5


def test_a_wrong_secret_is_refused_and_the_call_still_goes_through(receiver):
    with sip_call(receiver.url, SLUG, "not the secret", scenario="answered") as call:
        assert call.delivered == [("ringing", 401), ("answered", 401), ("ended", 401)], (
            call.report()
        )
    assert receiver.events() == []


def test_a_webhook_nobody_answers_never_stops_the_call():
    # A TCP port bound but not listening refuses every connection.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        with sip_call(url, SLUG, SECRET, scenario="answered") as call:
            # libcurl's error code 7 (could not connect), not an HTTP status.
            assert call.delivered == [("ringing", 7), ("answered", 7), ("ended", 7)], call.report()


def test_a_call_that_does_not_go_through_raises_with_the_logs(receiver, monkeypatch):
    # The caller waits for an answer from a phone that only rings.
    monkeypatch.setitem(SCENARIOS, "mismatched", ("caller_answered.xml", "listener_rings.xml"))
    with pytest.raises(SipCallFailed) as failure:
        with sip_call(receiver.url, SLUG, SECRET, scenario="mismatched", timeout=3):
            pass
    report = str(failure.value)
    assert "The caller's SIPp" in report
    assert "----- kamailio.log -----" in report and "APPUI-WEBHOOK type=ringing" in report
    assert "----- caller-messages.log -----" in report and "INVITE sip:1001@" in report
