"""The signature of a switchboard's post: who sent it, and that it is fresh.

Each post carries two headers:

- `X-Appui-Timestamp`: the Unix time (seconds) it was signed at; refused when more than
  `TOLERANCE` seconds away from the server's clock, either way, so that a post captured on
  the way cannot be replayed later (a replay within the window is caught by its event id);
- `X-Appui-Signature`: the HMAC-SHA256, under the switchboard's shared secret, of
  "<timestamp>.<raw body>", base64url-encoded ('=' padding optional).

Signatures are compared in constant time; an unknown switchboard is checked against a
throwaway secret, so that the answer's timing does not tell which slugs exist.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time

TIMESTAMP_HEADER = "X-Appui-Timestamp"
SIGNATURE_HEADER = "X-Appui-Signature"
# Seconds a signature stays valid on either side of the server's clock.
TOLERANCE = 300
# A secret of 256 random bits, in URL-safe base64 (43 characters).
SECRET_BYTES = 32
MIN_SECRET_LENGTH = 32

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}={0,1}")
# Checked against when the switchboard is unknown or inactive: the same work either way.
_THROWAWAY = secrets.token_urlsafe(SECRET_BYTES)


class BadSignature(Exception):
    """The post is not signed by the switchboard, or not now. `reason` is for the log only:
    the answer never says which check failed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_secret() -> str:
    """A new shared secret for a switchboard."""
    return secrets.token_urlsafe(SECRET_BYTES)


def digest(secret: str, timestamp: str, body: bytes) -> bytes:
    return hmac.new(
        secret.encode(), timestamp.encode("ascii") + b"." + body, hashlib.sha256
    ).digest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers a switchboard sends with `body` (for tests, benchmarks and relays)."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    mac = base64.urlsafe_b64encode(digest(secret, stamp, body)).rstrip(b"=").decode()
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: mac}


def _decoded(signature: str) -> bytes | None:
    signature = signature.strip()
    if not _SIGNATURE.fullmatch(signature):
        return None
    try:
        return base64.urlsafe_b64decode(signature.rstrip("=") + "=")
    except (binascii.Error, ValueError):
        return None


def verify(
    secret: str | None,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    *,
    now: float | None = None,
) -> None:
    """Raise `BadSignature` unless `signature` signs "<timestamp>.<body>" under `secret` and
    `timestamp` is within `TOLERANCE` seconds of `now`. `secret` None: an unknown or
    inactive switchboard, refused after the same work as a wrong signature."""
    if not timestamp or not signature:
        raise BadSignature("missing timestamp or signature header")
    timestamp = timestamp.strip()
    if not _TIMESTAMP.fullmatch(timestamp):
        raise BadSignature("malformed timestamp")
    now = time.time() if now is None else now
    if abs(now - int(timestamp)) > TOLERANCE:
        raise BadSignature(f"timestamp {int(now) - int(timestamp):+d} s away from now")
    given = _decoded(signature)
    expected = digest(secret or _THROWAWAY, timestamp, body)
    matches = hmac.compare_digest(expected, given if given is not None else b"\0" * 32)
    if secret is None:
        raise BadSignature("unknown or inactive switchboard")
    if given is None:
        raise BadSignature("malformed signature")
    if not matches:
        raise BadSignature("wrong signature")
