"""``FakeBotApi``: a real HTTP Bot API server on 127.0.0.1 for end-to-end bot tests.

It speaks the Bot API at ``http://127.0.0.1:PORT/bot<token>/<method>`` (GET or POST; JSON,
``application/x-www-form-urlencoded`` or ``multipart/form-data`` bodies) and serves files at
``http://127.0.0.1:PORT/file/bot<token>/<file_path>``.  It runs a tornado server on its own
event loop in a background thread, so sync and async tests can both use it::

    with FakeBotApi() as fake:
        app = fake.application_builder().build()   # token + base_url + base_file_url
        ...
        fake.push_update(fake.private_message("/start"))
        call = fake.wait_for("sendMessage")          # `await fake.await_for(...)` in async tests

The answers, the validation and the call log come from
:class:`~tests.support.bot_api_state.BotApiSimulator`.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import socket
import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx
import tornado.httpserver
import tornado.iostream
import tornado.netutil
import tornado.web
from telegram import Bot
from telegram.ext import ApplicationBuilder

from tests.support.bot_api_state import (
    DEFAULT_TOKEN,
    POLLING_CONFLICT,
    ApiError,
    BotApiSimulator,
    JSONDict,
    UploadedFile,
    _forbid_in_event_loop,
)
from tests.support.telegram_rules import decode_param

__all__ = ["FakeBotApi"]

_REGISTERED: Any = object()


class _Poll:
    """One pending ``getUpdates`` long poll."""

    def __init__(self) -> None:
        self.superseded = False


class _ApiHandler(tornado.web.RequestHandler):
    """``/bot<token>/<method>``."""

    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake
        self.gone = False

    def on_connection_close(self) -> None:
        self.gone = True
        self.fake._notify_pollers()

    async def get(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def post(self, token: str, method: str) -> None:
        await self._serve(token, method)

    async def _serve(self, token: str, method: str) -> None:
        self.fake._in_flight += 1
        try:
            if token != self.fake.token:
                unauthorized = {"ok": False, "error_code": 401, "description": "Unauthorized"}
                await self._answer(401, unauthorized)
                return
            try:
                params = self._params()
            except ValueError:
                error = ApiError(400, "Bad Request: can't parse JSON object")
                await self._answer(400, error.payload())
                return
            if method.lower() == "getupdates":
                answer = await self.fake._long_poll(self, method, params)
            else:
                answer = self.fake.execute(method, params)
            if answer is not None and not self.gone:
                await self._answer(*answer)
        finally:
            self.fake._in_flight -= 1

    def _params(self) -> dict[str, Any]:
        params: dict[str, Any] = {}
        for name, values in self.request.query_arguments.items():
            params[name] = decode_param(name, values[-1].decode("utf-8", "replace"))
        content_type = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type == "application/json":
            body = json.loads(self.request.body or b"{}")
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            params.update({name: decode_param(name, value) for name, value in body.items()})
        else:
            for name, values in self.request.body_arguments.items():
                params[name] = decode_param(name, values[-1].decode("utf-8", "replace"))
        for name, files in self.request.files.items():
            upload = files[-1]
            params[name] = UploadedFile(
                filename=upload.filename or name,
                content=upload.body,
                mime_type=upload.content_type or "application/octet-stream",
            )
        return params

    async def _answer(self, status: int, payload: Mapping[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        with contextlib.suppress(tornado.iostream.StreamClosedError):
            await self.finish(json.dumps(payload))


class _FileHandler(tornado.web.RequestHandler):
    """``/file/bot<token>/<file_path>``."""

    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake

    def get(self, token: str, file_path: str) -> None:
        content = self.fake.file_content(file_path) if token == self.fake.token else None
        if content is None:
            self.set_status(404)
            self.set_header("Content-Type", "application/json")
            self.finish(json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}))
            return
        self.set_header("Content-Type", "application/octet-stream")
        self.finish(content)


class _NotFoundHandler(tornado.web.RequestHandler):
    def prepare(self) -> None:
        self.set_status(404)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": False, "error_code": 404, "description": "Not Found"}))


class FakeBotApi(BotApiSimulator):
    """A Bot API HTTP server on ``127.0.0.1`` (random free port) in a background thread.

    Use it as a context manager (``with FakeBotApi() as fake:``), via the
    ``fake_bot_api`` fixture of :mod:`tests.support.fixtures`, or call :meth:`start` /
    :meth:`stop`.  Everything of :class:`BotApiSimulator` is available: ``push_update`` and the
    update builders, ``calls``/``last``/``errors``/``clear``, ``wait_for``/``await_for``,
    ``fail_next``, ``sent_messages`` ...

    Args:
        token: Token the server accepts (others get 401 Unauthorized).
        max_poll_timeout: Upper bound (seconds) of a ``getUpdates`` long poll.
        **kwargs: Passed to :class:`BotApiSimulator` (``bot_username``, ``strict_html`` ...).
    """

    def __init__(
        self, token: str = DEFAULT_TOKEN, *, max_poll_timeout: float = 30.0, **kwargs: Any
    ) -> None:
        super().__init__(token, **kwargs)
        self.max_poll_timeout = max_poll_timeout
        self.webhook_deliveries: list[tuple[JSONDict, int]] = []
        """Every update sent by :meth:`deliver_webhook` with the HTTP status it got."""
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._poll_event: asyncio.Event | None = None
        self._active_poll: _Poll | None = None
        self._closing = False
        self._in_flight = 0
        self._failures_of_thread: list[BaseException] = []
        self._port: int | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeBotApi:
        """Start the server thread; returns once the port is bound."""
        if self._thread is not None:
            raise RuntimeError("FakeBotApi is already running")
        ready = threading.Event()
        failures: list[BaseException] = []
        self._failures_of_thread = failures
        self._closing = False
        self._thread = threading.Thread(
            target=self._thread_main, args=(ready, failures), name="FakeBotApi", daemon=True
        )
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("FakeBotApi did not start within 10 s")
        if failures:
            self._thread.join(5)
            self._thread = None
            raise RuntimeError("FakeBotApi failed to start") from failures[0]
        return self

    def stop(self) -> None:
        """Answer pending long polls, close all connections and join the server thread."""
        thread, loop, stop_event = self._thread, self._loop, self._stop_event
        if thread is None:
            return
        if loop is not None and stop_event is not None:
            with contextlib.suppress(RuntimeError):  # loop already closed
                loop.call_soon_threadsafe(stop_event.set)
        thread.join(10)
        if thread.is_alive():
            raise RuntimeError("FakeBotApi thread did not stop within 10 s")
        self._thread = None
        self._port = None
        if self._failures_of_thread:
            raise RuntimeError("FakeBotApi server thread failed") from self._failures_of_thread[0]

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def _thread_main(self, ready: threading.Event, failures: list[BaseException]) -> None:
        try:
            asyncio.run(self._serve(ready))
        except BaseException as exc:  # re-raised by start() or stop()
            failures.append(exc)
        finally:
            self._loop = None
            ready.set()

    async def _serve(self, ready: threading.Event) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        self._poll_event = asyncio.Event()
        application = tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z_]+)/?", _ApiHandler, {"fake": self}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"fake": self}),
                (r".*", _NotFoundHandler),
            ],
            log_function=lambda handler: None,
        )
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1", family=socket.AF_INET)
        server = tornado.httpserver.HTTPServer(application)
        server.add_sockets(sockets)
        self._port = sockets[0].getsockname()[1]
        ready.set()
        try:
            await self._stop_event.wait()
        finally:
            server.stop()
            self._closing = True
            self._notify_pollers()
            # let the woken long polls write their (empty) answers before closing connections
            for _ in range(200):
                if not self._in_flight:
                    break
                await asyncio.sleep(0.01)
            await server.close_all_connections()

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not running; use `with FakeBotApi() as fake:`")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/bot`` -- pass as ``Bot(base_url=...)`` (PTB appends the
        token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """``http://127.0.0.1:PORT/file/bot`` -- pass as ``Bot(base_file_url=...)``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    def method_url(self, method: str) -> str:
        """Full URL of a Bot API method, e.g. for raw HTTP calls."""
        return f"{self.base_url}{self.token}/{method}"

    def bot(self, **kwargs: Any) -> Bot:
        """A ``telegram.Bot`` talking to this server (not initialized)."""
        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self) -> ApplicationBuilder[Any, Any, Any, Any, Any, Any]:
        """An ``ApplicationBuilder`` with token, ``base_url`` and ``base_file_url`` set."""
        return (
            ApplicationBuilder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # ------------------------------------------------------------------ long polling

    def _updates_changed(self) -> None:
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # loop closed meanwhile
            loop.call_soon_threadsafe(self._notify_pollers)

    def _notify_pollers(self) -> None:
        """Wake every pending long poll (server loop thread only)."""
        if self._poll_event is not None:
            self._poll_event.set()
            self._poll_event = asyncio.Event()

    async def _long_poll(
        self, handler: _ApiHandler, method: str, params: dict[str, Any]
    ) -> tuple[int, JSONDict] | None:
        loop = asyncio.get_running_loop()
        try:
            timeout = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            timeout = 0.0
        deadline = loop.time() + min(max(timeout, 0.0), self.max_poll_timeout)
        poll = _Poll()
        previous, self._active_poll = self._active_poll, poll
        if previous is not None:
            previous.superseded = True
            self._notify_pollers()
        try:
            while True:
                event = self._poll_event
                assert event is not None
                if poll.superseded:
                    return await self._superseded(handler, params)
                final = self._closing or handler.gone or loop.time() >= deadline
                answer = self.execute(method, params, may_wait=not final)
                if answer is not None:
                    return answer
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), max(deadline - loop.time(), 0.0))
        finally:
            if self._active_poll is poll:
                self._active_poll = None

    async def _superseded(
        self, handler: _ApiHandler, params: dict[str, Any]
    ) -> tuple[int, JSONDict] | None:
        """Telegram answers 409 to a poll that a newer ``getUpdates`` replaced -- unless its
        client already went away (PTB cancels its pending poll when it stops)."""
        for _ in range(20):
            if handler.gone or self._closing:
                return None
            await asyncio.sleep(0.01)
        error = ApiError(409, POLLING_CONFLICT)
        return self._record("getUpdates", params, error.code, error.payload())

    # ------------------------------------------------------------------ webhook

    def _webhook_request(
        self, update: Mapping[str, Any], secret_token: Any, url: str | None
    ) -> tuple[str, dict[str, str], JSONDict]:
        target = url or self.webhook_url
        if not target:
            raise AssertionError("no webhook is set: the bot did not call setWebhook")
        payload = copy.deepcopy(dict(update))
        with self._lock:
            if "update_id" not in payload:
                payload["update_id"] = next(self._update_ids)
            self._register_update(payload)
        secret = self.webhook_secret_token if secret_token is _REGISTERED else secret_token
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(secret)
        return target, headers, payload

    def deliver_webhook(
        self,
        update: Mapping[str, Any],
        *,
        secret_token: str | None = _REGISTERED,
        url: str | None = None,
        timeout: float = 5.0,
    ) -> int:
        """POST ``update`` to the webhook URL like Telegram does; returns the HTTP status.

        The ``X-Telegram-Bot-Api-Secret-Token`` header carries the secret registered with
        ``setWebhook`` unless ``secret_token`` overrides it (``None`` = no header).  This call
        blocks: when the bot's webhook server runs in *this* thread's event loop (async
        tests), use :meth:`adeliver_webhook`.
        """
        _forbid_in_event_loop("deliver_webhook", "adeliver_webhook")
        target, headers, payload = self._webhook_request(update, secret_token, url)
        with httpx.Client(trust_env=False, timeout=timeout) as client:
            status = client.post(target, content=json.dumps(payload), headers=headers).status_code
        with self._lock:
            self.webhook_deliveries.append((payload, status))
        return status

    async def adeliver_webhook(
        self,
        update: Mapping[str, Any],
        *,
        secret_token: str | None = _REGISTERED,
        url: str | None = None,
        timeout: float = 5.0,
    ) -> int:
        """Async variant of :meth:`deliver_webhook`."""
        target, headers, payload = self._webhook_request(update, secret_token, url)
        async with httpx.AsyncClient(trust_env=False, timeout=timeout) as client:
            response = await client.post(target, content=json.dumps(payload), headers=headers)
        with self._lock:
            self.webhook_deliveries.append((payload, response.status_code))
        return response.status_code
