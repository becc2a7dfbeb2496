"""The webhook server: Telegram POSTs each update here (webhook mode of `corpusbot run`).

In place of PTB's own server, which reads a whole body (up to 100 MB) before it checks the
secret, and answers 500 to a body that is not JSON. Here, in this order:

1. a request without the right `X-Telegram-Bot-Api-Secret-Token` gets 403 before its body
   is read (compared in constant time);
2. a body announced (Content-Length) or streamed over MAX_UPDATE_BYTES gets 413, and is not
   read: Telegram's updates are a few kilobytes;
3. a body that is not a JSON object in UTF-8 gets 400, logged with its size, never its
   content;
4. an update goes on the application's update queue (waiting while the queue is full, so
   Telegram holds back further deliveries), and the answer is 200.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

log = logging.getLogger(__name__)

MAX_UPDATE_BYTES = 1 << 20  # 1 MiB: the largest update Telegram sends is far smaller
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

App = Application[Any, Any, Any, Any, Any, Any]


class _Refused(Exception):
    """The request is answered with `status` and closed."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    """POST <path>: one update."""

    def initialize(self, app: App, secret: str) -> None:
        self.app = app
        self.secret = secret.encode("utf-8")
        self.body = bytearray()
        self.refused = False

    def prepare(self) -> None:
        """The headers only: the secret, then the announced size."""
        if self.request.method != "POST":
            return self._refuse(405, "not a POST")
        given = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            return self._refuse(403, "without the right secret")
        announced = self.request.headers.get("Content-Length")
        if announced is not None and (
            not announced.isdigit() or int(announced) > MAX_UPDATE_BYTES
        ):
            return self._refuse(413, f"announcing {announced[:20]} bytes")
        return None

    def _refuse(self, status: int, why: str) -> None:
        log.warning("webhook: a request %s refused (%d)", why, status)
        self.refused = True
        self.set_status(status)
        # Finished before the body is read: tornado closes the connection after the answer
        # and never reads the body.
        self.set_header("Connection", "close")
        self.finish()

    def data_received(self, chunk: bytes) -> None:
        if self.refused:
            return
        self.body += chunk
        if len(self.body) > MAX_UPDATE_BYTES:
            self.body.clear()
            self._refuse(413, f"with a body over {MAX_UPDATE_BYTES} bytes")

    async def post(self) -> None:
        if self.refused:
            return
        size = len(self.body)
        try:
            data = json.loads(bytes(self.body).decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not an object")
            update = Update.de_json(data, self.app.bot)
        except (ValueError, TypeError, KeyError) as error:
            reason = "not UTF-8" if isinstance(error, UnicodeDecodeError) else "not an update"
            log.warning("webhook: a body of %d bytes refused: %s (400)", size, reason)
            self.set_status(400)
            self.finish()
            return
        await self.app.update_queue.put(update)
        self.set_status(200)
        self.finish()

    def log_exception(self, *args: Any) -> None:
        log.error("webhook: request failed", exc_info=args if args and args[0] else None)


class _WebhookApp(tornado.web.Application):
    def log_request(self, handler: tornado.web.RequestHandler) -> None:
        """No access log: bot.handlers logs one line per answered update."""


class WebhookServer:
    """The HTTP server of the webhook, on `listen:port` at `/path`."""

    def __init__(self, app: App, path: str, secret: str) -> None:
        routes = [(rf"/{path.strip('/')}/?", _UpdateHandler, {"app": app, "secret": secret})]
        self._server = HTTPServer(
            _WebhookApp(routes),
            max_body_size=MAX_UPDATE_BYTES,  # a second guard; the handler refuses first
            max_buffer_size=MAX_UPDATE_BYTES,
            idle_connection_timeout=60,
            body_timeout=30,
        )

    def listen(self, listen: str, port: int) -> None:
        """Start accepting connections (raises OSError when the port is taken)."""
        self._server.listen(port, address=listen)

    async def stop(self) -> None:
        """Stop accepting, close the open connections."""
        self._server.stop()
        await asyncio.wait_for(self._server.close_all_connections(), 5)
