"""The real client address behind the reverse proxies we trust (settings.TRUSTED_PROXIES).

`X-Forwarded-For` is whatever the client sent, with each proxy appending the address it saw. Only hops added by a
trusted proxy are believed: starting from the connection's address (REMOTE_ADDR), walk the header from the right while
the address at hand is a trusted proxy; the first untrusted address is the client. With no trusted proxies (the
default, `make run`), the header is ignored and the client is the connection's address.

Used for the audit log's address (`accounts.middleware.AuditlogMiddleware`) and for allauth's rate limits
(`AccountAdapter.get_client_ip`).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def trusted_networks() -> tuple[Network, ...]:
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip().strip('"')
    if value.startswith("["):  # [v6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client, as far as the trusted proxies vouch for it."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return None
    networks = trusted_networks()
    if not networks or not _is_trusted(address, networks):
        return str(address)
    hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        hop_address = _parse(hop)
        if hop_address is None:
            break  # garbage from the client side: the last good address stands
        address = hop_address
        if not _is_trusted(address, networks):
            break
    return str(address)
