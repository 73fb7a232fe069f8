"""The client's address, the one rule for the whole site (audit lines, login lockouts,
callback limits).

Behind a reverse proxy, REMOTE_ADDR is the proxy's address and the client's is in
`X-Forwarded-For`, which each proxy extends with the address it received the request
from. That header is believed only as far as `APPUI_TRUSTED_PROXIES` says:

- empty or 0 (the default): no proxy is trusted, REMOTE_ADDR is the client and a
  `X-Forwarded-For` sent by anyone is ignored;
- a number N: exactly N proxies stand in front of Appui; the client is the address the
  outermost one saw (the N-th entry from the right of REMOTE_ADDR and the header);
- a list of addresses or networks (`10.0.0.1, 172.16.0.0/12`): walking from REMOTE_ADDR
  to the left, the client is the first address that is not one of them.

`ClientAddressMiddleware` puts the result in REMOTE_ADDR (and the proxy's own address in
`APPUI_PEER_ADDR`), so that Django, django-axes and every view read the same address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

CACHE_ATTRIBUTE = "_appui_client_ip"
PEER_KEY = "APPUI_PEER_ADDR"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_trusted_proxies(value: str) -> int | tuple[str, ...]:
    """`APPUI_TRUSTED_PROXIES` as settings keep it: a count, or networks in CIDR form."""
    value = (value or "").strip()
    if not value:
        return 0
    if value.isdigit():
        return int(value)
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"APPUI_TRUSTED_PROXIES: {item!r} is neither a number of proxies nor an "
                "IP address or network (e.g. 2, or 10.0.0.1,172.16.0.0/12)."
            ) from None
    return tuple(networks)


def _address(value: str) -> Address | None:
    """An IP address from a header entry ("1.2.3.4", "1.2.3.4:5678", "[::1]:80"), or None."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def resolve(meta: dict, trusted: int | Sequence[str] | None = None) -> str | None:
    """The client's address from a request's META, by the rule of `APPUI_TRUSTED_PROXIES`."""
    if trusted is None:
        trusted = getattr(settings, "APPUI_TRUSTED_PROXIES", 0)
    peer = _address(meta.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    if not trusted:
        return str(peer)
    forwarded = [item for item in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if item.strip()]
    # The chain, nearest first: REMOTE_ADDR, then the header from right to left.
    chain = [peer, *(_address(item) for item in reversed(forwarded))]
    if isinstance(trusted, int):
        # N proxies: REMOTE_ADDR is the last one, the first one wrote the client's address.
        if len(chain) <= trusted:
            return str(peer)  # not through every proxy: only the peer is known for sure
        client = chain[trusted]
        return str(client) if client is not None else str(peer)
    networks = [ipaddress.ip_network(item, strict=False) for item in trusted]
    client = peer
    for address in chain:
        if address is None:
            break  # a malformed entry: what lies beyond it was written by the client
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def client_ip(request) -> str | None:
    """The client's address for this request (the same value however often it is asked)."""
    if request is None:
        return None
    cached = getattr(request, CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached or None
    address = resolve(request.META)
    try:
        setattr(request, CACHE_ATTRIBUTE, address or "")
    except AttributeError:  # an object that takes no attributes: compute each time
        pass
    return address


class ClientAddressMiddleware:
    """Resolve the client's address once, first, and put it where everything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = client_ip(request)
        if getattr(settings, "APPUI_TRUSTED_PROXIES", 0):
            request.META[PEER_KEY] = request.META.get("REMOTE_ADDR", "")
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
