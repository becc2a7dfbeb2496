"""The guarded fetch of /add <link> and feeds (bot.fetch), against a server on 127.0.0.1:
every refusal (scheme, a private address before and after a redirect, too many redirects,
size, time, type) and what is allowed."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from bot.fetch import FetchPolicy, FetchRefused, address_kind, check_address, fetch
from tests.bot.pages import PAGE, Pages, Route, serving

# The test server only: loopback is refused as usual, but 127.0.0.1 itself is allowed.
POLICY = FetchPolicy(allowed_networks=(ipaddress.ip_network("127.0.0.1/32"),), timeout=2.0)


@pytest.fixture
def pages() -> Iterator[Pages]:
    routes = {
        "/page": Route(body=PAGE),
        "/text": Route(body=b"plain words", content_type="text/plain"),
        "/image": Route(body=b"\x89PNG", content_type="image/png"),
        "/missing-type": Route(body=b"?", content_type=""),
        "/big": Route(body=b"x" * 5000),
        "/big-undeclared": Route(body=b"x" * 5000, declare_length=False),
        "/slow": Route(body=PAGE, delay=1.0),
        "/gone": Route(status=404, body=b"no"),
        "/to-metadata": Route(status=302, headers={"Location": "http://169.254.169.254/latest"}),
        "/to-private": Route(status=301, headers={"Location": "http://10.1.2.3/admin"}),
        "/to-loopback": Route(status=307, headers={"Location": "http://127.0.0.2/"}),
        "/to-ftp": Route(status=302, headers={"Location": "ftp://example.org/file"}),
    }
    for hop in range(8):
        routes[f"/hop{hop}"] = Route(status=302, headers={"Location": f"/hop{hop + 1}"})
    routes["/hop8"] = Route(body=PAGE)
    with serving(routes) as running:
        yield running


def refusal(url: str, policy: FetchPolicy = POLICY, **kwargs: object) -> str:
    with pytest.raises(FetchRefused) as refused:
        fetch(url, policy, **kwargs)  # type: ignore[arg-type]
    return str(refused.value)


def test_a_page_is_fetched_from_the_address_that_was_checked(pages: Pages) -> None:
    page = fetch(pages.url("/page"), POLICY)
    assert page.data == PAGE and page.content_type == "text/html"
    # A name resolved once, by the fetcher: the connection goes to that address, the name
    # stays in the Host header (nothing resolves "wombat.test" but this resolver).
    named = fetch(
        f"http://wombat.test:{pages.port}/text", POLICY, resolve=lambda host, port: ["127.0.0.1"]
    )
    assert named.data == b"plain words" and named.url.startswith("http://wombat.test:")
    assert pages.requests[-1] == ("/text", f"wombat.test:{pages.port}")


def test_redirects_are_followed_up_to_five(pages: Pages) -> None:
    page = fetch(pages.url("/hop3"), POLICY)  # 5 redirects: hop3 .. hop8
    assert page.data == PAGE and page.url == pages.url("/hop8")
    assert refusal(pages.url("/hop2")) == "it redirects more than 5 times"


def test_schemes_other_than_http_are_refused(pages: Pages) -> None:
    assert refusal("file:///etc/passwd") == "only http and https links can be fetched, not file"
    assert refusal("ftp://example.org/a") == "only http and https links can be fetched, not ftp"
    assert refusal("not a link") == "only http and https links can be fetched, not none"
    assert refusal(pages.url("/to-ftp")) == ("only http and https links can be fetched, not ftp")
    assert [path for path, _ in pages.requests] == ["/to-ftp"]


def test_private_addresses_are_refused_before_anything_is_sent(pages: Pages) -> None:
    closed = FetchPolicy(timeout=2.0)  # allows no private address at all
    assert refusal(pages.url("/page"), closed) == (
        "127.0.0.1 is at 127.0.0.1, a loopback address, and the bot fetches public addresses "
        "only (fetch.allow_private)"
    )
    assert "a loopback address" in refusal("http://localhost:9/", closed)
    assert "10.0.0.7, a private address" in refusal(
        "http://intranet.test/", closed, resolve=lambda host, port: ["10.0.0.7"]
    )
    # Every address a name resolves to is checked, not only the first.
    assert "192.168.1.1, a private address" in refusal(
        "http://mixed.test/", closed, resolve=lambda host, port: ["93.184.215.14", "192.168.1.1"]
    )
    assert "a link-local address" in refusal("http://[fe80::1]/", closed)
    assert "a private address" in refusal("http://[fd12::1]/", closed)
    assert "a loopback address" in refusal("http://[::ffff:127.0.0.1]/", closed)
    assert pages.requests == []


def test_private_addresses_are_refused_after_a_redirect(pages: Pages) -> None:
    assert refusal(pages.url("/to-private")) == (
        "10.1.2.3 is at 10.1.2.3, a private address, and the bot fetches public addresses "
        "only (fetch.allow_private)"
    )
    assert "a cloud metadata address" in refusal(pages.url("/to-metadata"))
    assert "127.0.0.2, a loopback address" in refusal(pages.url("/to-loopback"))
    # allow_private lets loopback and private addresses through, never metadata ones.
    assert "a cloud metadata address" in refusal(
        pages.url("/to-metadata"), FetchPolicy(allow_private=True, timeout=2.0)
    )


def test_too_large_slow_and_wrong_type_are_refused(pages: Pages) -> None:
    small = FetchPolicy(allowed_networks=POLICY.allowed_networks, timeout=2.0, max_bytes=1000)
    assert refusal(pages.url("/big"), small) == "it is larger than 1.0 KB"
    assert refusal(pages.url("/big-undeclared"), small) == "it is larger than 1.0 KB"
    quick = FetchPolicy(allowed_networks=POLICY.allowed_networks, timeout=0.3)
    assert refusal(pages.url("/slow"), quick) == "it did not arrive within 0.3 s"
    assert refusal(pages.url("/image")) == "it is image/png, not an HTML page or text"
    assert refusal(pages.url("/missing-type")) == (
        "it is of no stated type, not an HTML page or text"
    )
    assert refusal(pages.url("/gone")) == "the server answered 404"
    assert refusal("http://unknown.test/", resolve=_no_such_host) == (
        "unknown.test could not be found"
    )


def _no_such_host(host: str, port: int) -> list[str]:
    raise OSError("Name or service not known")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
        ("127.0.0.5", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.1", "private"),
        ("100.64.0.1", "private"),
        ("169.254.1.1", "link-local"),
        ("169.254.169.254", "cloud metadata"),
        ("fd00:ec2::254", "cloud metadata"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    ip = ipaddress.ip_address(address)
    assert address_kind(ip) == kind
    allowed = check_address(ip, FetchPolicy(allow_private=True)) is None
    assert allowed == (kind in (None, "loopback", "private", "link-local"))
