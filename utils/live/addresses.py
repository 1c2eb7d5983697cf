"""Who a request comes from: the client's own address, read from a trusted reverse proxy's headers only.

Behind nginx every connection comes from nginx, so the connection's address is the same for every
visitor. nginx says the client's address in `X-Forwarded-For` (it appends the address it saw) and
`X-Real-IP`; anyone can send those headers too, so they are read only from the proxies the operator
names in SOLIDARITY_MAP_TRUSTED_PROXIES, and from the right: each hop appends, so the first address
from the right that is not a trusted proxy is the client's.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterable

from utils.errors import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


@functools.lru_cache(maxsize=8)  # read at every report and sign-in: parsed once per setting
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """The setting's comma-separated addresses and networks (127.0.0.1, 10.0.0.0/8, ::1); a wrong one names itself."""
    networks = []
    for part in setting.replace(" ", ",").split(","):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise ConfigError(f"SOLIDARITY_MAP_TRUSTED_PROXIES: {part[:60]!r} is not an address or a network such as 10.0.0.0/8") from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":")[0]
    try:
        found = ipaddress.ip_address(text)
    except ValueError:
        return None
    return found.ipv4_mapped or found if isinstance(found, ipaddress.IPv6Address) else found


def _trusted(address, networks: Iterable[Network]) -> bool:
    return any(address in network for network in networks)


def client_address(peer: str | None, forwarded_for: str = "", real_ip: str = "", trusted: tuple[Network, ...] = ()) -> str:
    """The client's address: the connection's own, unless it comes from a trusted proxy, whose headers then say it."""
    connection = _address(peer or "")
    if connection is None:
        return UNKNOWN
    if not _trusted(connection, trusted):
        return str(connection)
    hops = [_address(hop) for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if hop is None:  # something unreadable that the proxy passed on: the last hop it vouched for is all we know
            break
        if not _trusted(hop, trusted):
            return str(hop)
    if not hops:
        named = _address(real_ip)
        if named is not None:
            return str(named)
    return str(next((hop for hop in reversed(hops) if hop is not None), connection))
