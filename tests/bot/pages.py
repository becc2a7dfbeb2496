"""A small web server on 127.0.0.1 for the fetch, /add <link> and feed tests: fixed routes,
a thread of its own, stopped after the test. Nothing is fetched from anywhere else."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"""<!doctype html>
<html><head><title>The wombat summit</title>
<meta property="og:title" content="The wombat summit">
<meta name="author" content="Ann Author">
<meta property="og:site_name" content="Wombat Weekly">
<meta property="article:published_time" content="2022-03-04">
</head><body><article><h1>The wombat summit</h1>
<p>The wombat summit of 2022 was held in Canberra and agreed on burrow rights for all.</p>
<p>Delegates from every state attended the wombat summit and signed a declaration.</p>
</article></body></html>"""


@dataclass
class Route:
    """What the server answers at one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    declare_length: bool = True  # False: no Content-Length, the body ends when it closes


@dataclass
class Pages:
    """The running server: its routes (change them at will) and the requests it got."""

    port: int
    routes: dict[str, Route]
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, Host header)

    def url(self, path: str) -> str:
        """The address of `path` on this server."""
        return f"http://127.0.0.1:{self.port}{path}"


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[Pages]:
    """Serve `routes` on 127.0.0.1 (any free port) for the block."""
    pages = Pages(0, routes)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pages.requests.append((self.path, self.headers.get("Host", "")))
            route = pages.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.declare_length:
                self.send_header("Content-Length", str(len(route.body)))
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            with suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    pages.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, name="pages", daemon=True)
    thread.start()
    try:
        yield pages
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
