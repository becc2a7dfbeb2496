"""``RecordingRequest``: an in-process Bot API for handler-level tests.

Plug it into a real ``telegram.ext.Application``::

    rec = RecordingRequest()
    app = (
        ApplicationBuilder().token(rec.token).request(rec).get_updates_request(rec)
        .updater(None).build()
    )
    async with app:                       # getMe is answered by rec
        await rec.process(app, rec.private_message("/start"))
    assert rec.last("sendMessage")["text"] == "Hello!"

No network is used: ``do_request`` answers every call from a :class:`BotApiSimulator` (the same
simulated server as ``FakeBotApi``), so Telegram's validation rules apply and a rejected call
raises ``telegram.error.BadRequest`` in the bot exactly as it would in production.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from telegram import Update
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData

from tests.support.bot_api_state import DEFAULT_TOKEN, BotApiSimulator, UploadedFile

__all__ = ["RecordingRequest"]


def _plain(value: Any) -> Any:
    """Normalise a parameter value to what a JSON round trip gives (tuples -> lists, ...)."""
    return json.loads(json.dumps(value))


def _read_content(content: Any) -> bytes:
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    if hasattr(content, "read"):
        data = content.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return str(content).encode("utf-8")


class RecordingRequest(BotApiSimulator, BaseRequest):
    """A ``telegram.request.BaseRequest`` that answers like Telegram and records every call.

    All the recording, flood-control, builder and state helpers of
    :class:`~tests.support.bot_api_state.BotApiSimulator` are available (``calls``, ``last``,
    ``clear``, ``errors``, ``fail_next``, ``wait_for``/``await_for``, ``push_update``,
    ``private_message`` ...).  The same instance may serve as ``request`` and
    ``get_updates_request``; ``getUpdates`` waits (up to its ``timeout``) for
    :meth:`push_update`, so even a polling ``Updater`` works against it.

    Args:
        token: The token the bot must use (other tokens get 401 Unauthorized).
        read_timeout: Value of the :attr:`read_timeout` property.
        **kwargs: Passed to :class:`BotApiSimulator` (``bot_username``, ``strict_html`` ...).
    """

    def __init__(
        self, token: str = DEFAULT_TOKEN, *, read_timeout: float = 5.0, **kwargs: Any
    ) -> None:
        BotApiSimulator.__init__(self, token, **kwargs)
        self._read_timeout = read_timeout
        self.initialized = False
        self.shutdowns = 0

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (required by ``BaseRequest``)."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Mark the request as initialized (nothing to open)."""
        self.initialized = True

    async def shutdown(self) -> None:
        """Mark the request as shut down (nothing to close)."""
        self.initialized = False
        self.shutdowns += 1

    async def process(self, app: Application[Any, Any, Any, Any, Any, Any], update: Any) -> None:
        """Feed ``update`` (a dict from the builders or a ``telegram.Update``) to ``app``.

        ``app`` must be initialized (``async with app:``).  Handler exceptions go to the
        application's error handlers, as in production.
        """
        if not isinstance(update, Update):
            update = Update.de_json(update, app.bot)
        await app.process_update(update)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer one request of PTB's ``Bot`` (API call or file download)."""
        path = unquote(urlsplit(url).path)
        file_marker = f"/file/bot{self.token}/"
        if file_marker in path:
            content = self.file_content(path.split(file_marker, 1)[1])
            if content is None:
                return 404, self._json(
                    {"ok": False, "error_code": 404, "description": "Not Found"}
                )
            return 200, content
        prefix, _, api_method = path.rpartition("/")
        if not prefix.endswith(f"/bot{self.token}"):
            return 401, self._json({"ok": False, "error_code": 401, "description": "Unauthorized"})
        params = self._params(url, request_data)
        if api_method.lower() != "getupdates":
            answer = self.execute(api_method, params)
            assert answer is not None
            return answer[0], self._json(answer[1])
        return await self._long_poll(api_method, params)

    async def _long_poll(self, api_method: str, params: dict[str, Any]) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        try:
            timeout = float(params.get("timeout") or 0)
        except (TypeError, ValueError):
            timeout = 0.0
        deadline = loop.time() + max(timeout, 0.0)
        while True:
            final = loop.time() >= deadline
            answer = self.execute(api_method, params, may_wait=not final)
            if answer is not None:
                return answer[0], self._json(answer[1])
            await asyncio.sleep(0.01)

    @staticmethod
    def _json(payload: Any) -> bytes:
        return json.dumps(payload).encode("utf-8")

    @staticmethod
    def _params(url: str, request_data: RequestData | None) -> dict[str, Any]:
        params: dict[str, Any] = dict(parse_qsl(urlsplit(url).query))
        if request_data is None:
            return params
        params.update({name: _plain(value) for name, value in request_data.parameters.items()})
        for name, field_tuple in request_data.multipart_data.items():
            filename, content, *rest = field_tuple
            mime_type = rest[0] if rest and rest[0] else "application/octet-stream"
            params[name] = UploadedFile(
                filename=str(filename or name),
                content=_read_content(content),
                mime_type=str(mime_type),
            )
        return params
