"""Fetching a page or a feed that an admin names, guarded like a server that fetches what
users name (a plain library: no Telegram, blocking; the bot runs it in a worker thread).

- http and https only;
- every host is resolved here, and every address it resolves to is checked before anything
  is sent: loopback, private, link-local, shared and unique-local addresses are refused
  unless the policy allows them (`fetch.allow_private`); multicast, unspecified, reserved
  and cloud metadata addresses (169.254.169.254, fd00:ec2::254) always are;
- the connection goes to the address that was checked (the URL's host is kept for the Host
  header and for TLS), so a name that resolves differently a moment later (DNS rebinding)
  changes nothing; proxies from the environment are not used;
- redirects are followed here, each one checked the same way, at most `max_redirects`;
- at most `timeout` seconds in all and `max_bytes` of body, and only the content types
  asked for.

Every refusal is a FetchRefused whose message says why, in words for the admin.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from bot import texts
from bot.formatting import size_text

MAX_REDIRECTS = 5
TIMEOUT = 15.0  # seconds for the whole fetch, redirects included
MAX_BYTES = 8 * 1024 * 1024
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
)
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = "corpusbot/0.1"
METADATA = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]


class FetchRefused(Exception):
    """The fetch was refused or failed; the message says why (for the admin)."""


@dataclass(frozen=True)
class FetchPolicy:
    """What may be fetched."""

    allow_private: bool = False  # loopback, private and link-local addresses too
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the URL it was found at (after redirects), its type and body."""

    url: str
    content_type: str
    data: bytes


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (the system's resolver)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def address_kind(address: Address) -> str | None:
    """What kind of non-public address this is ("loopback", "private", ...), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address in METADATA:
        return "cloud metadata"
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("multicast", address.is_multicast),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if flag:
            return kind
    return None if address.is_global else "private"


ALLOWED_WITH_PRIVATE = frozenset({"loopback", "link-local", "private"})


def check_address(address: Address, policy: FetchPolicy) -> str | None:
    """Why the policy refuses `address` (its kind), or None when it may be fetched."""
    kind = address_kind(address)
    if kind is None or kind not in ALLOWED_WITH_PRIVATE:
        return kind
    if policy.allow_private or any(address in n for n in policy.allowed_networks):
        return None
    return kind


def fetch(
    url: str,
    policy: FetchPolicy,
    *,
    accept: Sequence[str] = PAGE_TYPES,
    resolve: Resolver = resolve_host,
) -> Fetched:
    """GET `url` under `policy`, following redirects; FetchRefused with the reason."""
    deadline = time.monotonic() + policy.timeout
    with httpx.Client(follow_redirects=False, trust_env=False, verify=True) as client:
        current = url
        for _ in range(policy.max_redirects + 1):
            response = _get(client, current, policy, resolve, deadline)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECTS and location:
                    current = urljoin(current, location.strip())
                    continue
                return _body(response, current, policy, accept, deadline)
            finally:
                response.close()
    raise FetchRefused(texts.FETCH_REDIRECTS.format(count=policy.max_redirects))


def _target(url: str, policy: FetchPolicy, resolve: Resolver) -> tuple[str, str, str]:
    """(the URL with the checked address for its host, the Host header, the host name)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchRefused(texts.FETCH_NOT_A_LINK) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused(texts.FETCH_SCHEME.format(scheme=parts.scheme or "none"))
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused(texts.FETCH_NOT_A_LINK)
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in resolve(host, port)]
        except (OSError, UnicodeError, ValueError):
            raise FetchRefused(texts.FETCH_UNKNOWN_HOST.format(host=host)) from None
    if not addresses:
        raise FetchRefused(texts.FETCH_UNKNOWN_HOST.format(host=host))
    for address in addresses:  # every one: the system could connect to any of them
        kind = check_address(address, policy)
        if kind is not None:
            raise FetchRefused(texts.FETCH_ADDRESS.format(host=host, address=address, kind=kind))
    chosen = addresses[0]
    shown = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    netloc = f"{shown}:{port}"
    named = f"[{host}]" if ":" in host else host  # an IPv6 literal in brackets
    default = port == (443 if parts.scheme.lower() == "https" else 80)
    host_header = named if default else f"{named}:{port}"
    pinned = urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))
    return pinned, host_header, host


def _get(
    client: httpx.Client, url: str, policy: FetchPolicy, resolve: Resolver, deadline: float
) -> httpx.Response:
    pinned, host_header, host = _target(url, policy, resolve)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchRefused(texts.FETCH_TIMEOUT.format(seconds=_seconds(policy.timeout)))
    request = client.build_request(
        "GET",
        pinned,
        headers={"Host": host_header, "User-Agent": USER_AGENT, "Accept": "*/*"},
        extensions={"sni_hostname": host},
        timeout=httpx.Timeout(remaining),
    )
    try:
        return client.send(request, stream=True)
    except httpx.TimeoutException:
        raise FetchRefused(texts.FETCH_TIMEOUT.format(seconds=_seconds(policy.timeout))) from None
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise FetchRefused(texts.FETCH_FAILED.format(host=host, reason=reason)) from None


def _body(
    response: httpx.Response,
    url: str,
    policy: FetchPolicy,
    accept: Sequence[str],
    deadline: float,
) -> Fetched:
    if not 200 <= response.status_code < 300:
        raise FetchRefused(texts.FETCH_STATUS.format(status=response.status_code))
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in accept:
        raise FetchRefused(texts.FETCH_TYPE.format(type=content_type or "of no stated type"))
    limit = size_text(policy.max_bytes)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchRefused(texts.FETCH_TOO_BIG.format(limit=limit))
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchRefused(texts.FETCH_TOO_BIG.format(limit=limit))
            if time.monotonic() > deadline:
                raise FetchRefused(texts.FETCH_TIMEOUT.format(seconds=_seconds(policy.timeout)))
            chunks.append(chunk)
    except httpx.TimeoutException:
        raise FetchRefused(texts.FETCH_TIMEOUT.format(seconds=_seconds(policy.timeout))) from None
    except httpx.HTTPError as error:
        reason = str(error) or type(error).__name__
        raise FetchRefused(texts.FETCH_FAILED.format(host=url, reason=reason)) from None
    return Fetched(url=url, content_type=content_type, data=b"".join(chunks))


def _seconds(value: float) -> str:
    return f"{value:g}"
