"""A real SIP call through a Kamailio switchboard that reports it to Appui's telephony webhook.

``sip_call(base_url, slug, secret)`` picks free UDP ports on 127.0.0.1, starts Kamailio with
``kamailio.cfg`` and a SIPp phone for the listener, places one call with a SIPp caller, waits
for it to end and stops everything. Kamailio posts the call's events, signed with ``secret``,
to ``<base_url>/api/telephony/<slug>/events``::

    with sip_call(live_server.url, "plateforme-116006", "secret", scenario="answered") as call:
        assert call.delivered == [("ringing", 202), ("answered", 202), ("ended", 202)]

Scenarios:

- ``answered``: the phone rings, the listener picks up, the caller hangs up a second later
  (ringing, answered, ended "completed");
- ``missed``: the phone rings, the caller hangs up before anyone answers (ringing, ended
  "abandoned");
- ``unanswered``: the phone rings, nobody answers, the switchboard gives up after
  ``RING_SECONDS`` (ringing, ended "no_answer").

Anything wrong on the SIP side (a process that fails, exits early or overruns its time) raises
``SipCallFailed`` with Kamailio's and SIPp's logs. What the webhook answered is not an error
here: it is in ``call.webhooks``, for the test to judge. ``available()`` tells whether
Kamailio, its modules and SIPp are installed (Debian: kamailio, kamailio-utils-modules,
kamailio-tls-modules, sip-tester).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "kamailio.cfg"
SCENARIOS = {
    # scenario: (the caller's SIPp scenario, the listener's phone's)
    "answered": ("caller_answered.xml", "listener_answers.xml"),
    "missed": ("caller_cancels.xml", "listener_rings.xml"),
    "unanswered": ("caller_waits.xml", "listener_rings.xml"),
}
# How long the listener's phone rings before the switchboard gives up, in seconds.
RING_SECONDS = 1.5
MODULES = (
    "kex",
    "tm",
    "tmx",
    "sl",
    "rr",
    "pv",
    "maxfwd",
    "textops",
    "siputils",
    "xlog",
    "crypto",
    "http_client",
)
# Every step of a call must end within this many seconds.
TIMEOUT = 20
WEBHOOK_LINE = re.compile(
    r"APPUI-WEBHOOK type=(?P<type>\w+) event_id=(?P<event_id>\S+) status=(?P<status>-?\d+)"
)
# libcurl would send the webhook through a proxy named in the environment.
PROXY_VARIABLES = {
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
}


class SipCallFailed(AssertionError):
    """The call did not go through: the message holds Kamailio's and SIPp's logs."""


@dataclass
class SipCall:
    scenario: str
    caller: str
    extension: str
    seconds: float = 0.0
    # One dict per webhook request Kamailio made: type, event_id, status (the HTTP status,
    # or libcurl's error code under 100 when the request failed).
    webhooks: list = field(default_factory=list)
    logs: dict = field(default_factory=dict)

    @property
    def delivered(self):
        """(type, HTTP status) of each webhook request, in order."""
        return [(hook["type"], hook["status"]) for hook in self.webhooks]

    def report(self):
        return format_logs(self.logs)


def kamailio_binary():
    return shutil.which("kamailio") or next(
        (
            path
            for path in ("/usr/sbin/kamailio", "/usr/local/sbin/kamailio")
            if os.access(path, os.X_OK)
        ),
        None,
    )


def sipp_binary():
    return shutil.which("sipp")


def module_directories(kamailio):
    """Kamailio's own module search path (`kamailio -I`)."""
    try:
        info = subprocess.run(
            [kamailio, "-I"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    match = re.search(r"Default paths to modules:\s*(\S+)", info)
    return [Path(path) for path in match.group(1).split(":")] if match else []


def available():
    """Whether Kamailio (with the modules kamailio.cfg loads) and SIPp are installed (on
    Linux: the harness reads /proc/net/udp)."""
    kamailio = kamailio_binary()
    if not kamailio or not sipp_binary() or not os.path.exists("/proc/net/udp"):
        return False
    directories = module_directories(kamailio)
    return all(
        any((directory / f"{module}.so").exists() for directory in directories)
        for module in MODULES
    )


def free_udp_ports(count):
    """``count`` distinct UDP ports free on 127.0.0.1 right now."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def udp_bound(port):
    """Whether a socket is bound to UDP 127.0.0.1:``port`` (read from /proc/net/udp, so that
    looking never takes the port from the process about to bind it)."""
    wanted = f"0100007F:{port:04X}"
    with open("/proc/net/udp") as table:
        return any(line.split()[1] == wanted for line in list(table)[1:])


def wait_until_bound(port, process, name, logs, deadline):
    """Wait until ``process`` holds UDP ``port`` on 127.0.0.1 (a datagram sent from then on
    waits in its socket even if its workers are still starting)."""
    while not udp_bound(port):
        if process.poll() is not None:
            raise SipCallFailed(
                f"{name} exited with {process.returncode} before listening on {port}.\n"
                + format_logs(logs())
            )
        if time.monotonic() > deadline:
            raise SipCallFailed(
                f"{name} did not listen on UDP {port} in time.\n" + format_logs(logs())
            )
        time.sleep(0.02)


def stop(process):
    """Stop a process started here and everything it forked (its own process group)."""
    if getattr(process, "stopped", False):
        return
    process.stopped = True
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
    try:
        # Kamailio's children outlive their parent for a moment.
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if process.poll() is None:
        process.wait(timeout=5)


def read_logs(directory):
    return {
        path.name: path.read_text(errors="replace")
        for path in sorted(directory.iterdir())
        if path.is_file() and path.suffix == ".log"
    }


def format_logs(logs, limit=12000):
    parts = []
    for name, text in logs.items():
        text = text.strip()
        if len(text) > limit:
            text = "[...]\n" + text[-limit:]
        parts.append(f"----- {name} -----\n{text or '(empty)'}")
    return "\n".join(parts)


def sipp_command(sipp, scenario, name, workdir, timeout, *, port, remote=None, extra=()):
    """SIPp playing ``scenario`` once from 127.0.0.1:``port``, tracing into ``workdir``."""
    control_port, media_port = free_udp_ports(2)
    return [
        sipp,
        *([remote] if remote else []),
        "-sf",
        str(HERE / "scenarios" / scenario),
        "-i",
        "127.0.0.1",
        "-mi",
        "127.0.0.1",
        "-p",
        str(port),
        "-cp",
        str(control_port),
        "-mp",
        str(media_port),
        "-m",
        "1",
        "-nostdin",
        "-timeout",
        f"{timeout}s",
        "-timeout_error",
        "-recv_timeout",
        f"{timeout}s",
        "-trace_err",
        "-error_file",
        str(workdir / f"{name}-errors.log"),
        "-trace_msg",
        "-message_file",
        str(workdir / f"{name}-messages.log"),
        *extra,
    ]


@contextmanager
def sip_call(
    base_url,
    slug,
    secret,
    *,
    scenario="answered",
    caller="+33612345678",
    extension="1001",
    call_id=None,
    timeout=TIMEOUT,
):
    """Place one call through Kamailio to the listener's phone and yield a ``SipCall``.

    ``base_url`` is the site (e.g. ``live_server.url``): the webhook is
    ``<base_url>/api/telephony/<slug>/events``. ``call_id`` sets the SIP Call-ID (SIPp makes
    one up otherwise). Every process is stopped before the call is yielded; its temporary
    directory goes on leaving the ``with`` block.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"Unknown scenario {scenario!r}: {', '.join(SCENARIOS)}")
    kamailio, sipp = kamailio_binary(), sipp_binary()
    if not kamailio or not sipp:
        raise SipCallFailed("Kamailio or SIPp is not installed (see available()).")
    caller_scenario, listener_scenario = SCENARIOS[scenario]
    call = SipCall(scenario=scenario, caller=caller, extension=extension)
    started = time.monotonic()
    deadline = started + timeout

    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="appui-sip-")))
        runtime = workdir / "run"
        runtime.mkdir()
        config = workdir / "kamailio.cfg"
        shutil.copyfile(CONFIG, config)
        sip_port, phone_port, caller_port = free_udp_ports(3)

        def logs():
            return read_logs(workdir)

        environment = {
            key: value for key, value in os.environ.items() if key not in PROXY_VARIABLES
        }
        environment.update(
            APPUI_WEBHOOK_BASE=base_url.rstrip("/"),
            APPUI_SWITCHBOARD=slug,
            APPUI_WEBHOOK_SECRET=secret,
        )

        def start(command, name, env=None):
            output = stack.enter_context(open(workdir / f"{name}.log", "wb"))
            process = subprocess.Popen(
                command,
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
            stack.callback(stop, process)
            return process

        switchboard = start(
            [
                kamailio,
                "-f",
                str(config),
                "-DD",
                "-E",
                "-Y",
                str(runtime),
                "-m",
                "32",
                "-M",
                "8",
                "-A",
                f"SIP_PORT={sip_port}",
                "-A",
                f"LISTENER_PORT={phone_port}",
                "-A",
                f"RING_MS={int(RING_SECONDS * 1000)}",
            ],
            "kamailio",
            env=environment,
        )
        wait_until_bound(sip_port, switchboard, "Kamailio", logs, deadline)

        phone = start(
            sipp_command(
                sipp,
                listener_scenario,
                "phone",
                workdir,
                timeout,
                port=phone_port,
                extra=["-s", extension],
            ),
            "phone",
        )
        wait_until_bound(phone_port, phone, "The listener's SIPp phone", logs, deadline)

        caller_options = ["-s", extension, "-key", "caller", caller]
        if call_id:
            caller_options += ["-cid_str", call_id.replace("%", "%%")]
        caller_sipp = start(
            sipp_command(
                sipp,
                caller_scenario,
                "caller",
                workdir,
                timeout,
                port=caller_port,
                remote=f"127.0.0.1:{sip_port}",
                extra=caller_options,
            ),
            "caller",
        )

        failures = []
        for name, process in (
            ("The caller's SIPp", caller_sipp),
            ("The listener's SIPp phone", phone),
        ):
            try:
                returncode = process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                failures.append(f"{name} did not finish within {timeout} s.")
                continue
            if returncode != 0:
                failures.append(f"{name} exited with {returncode}.")
        if switchboard.poll() is not None:
            failures.append(f"Kamailio exited with {switchboard.returncode} during the call.")

        stop(switchboard)
        call.seconds = time.monotonic() - started
        call.logs = logs()
        call.webhooks = [
            {"type": match["type"], "event_id": match["event_id"], "status": int(match["status"])}
            for match in WEBHOOK_LINE.finditer(call.logs.get("kamailio.log", ""))
        ]
        if failures:
            raise SipCallFailed("\n".join(failures) + "\n" + format_logs(call.logs))
        yield call
