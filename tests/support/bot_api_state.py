"""The simulated Telegram Bot API server shared by ``RecordingRequest`` and ``FakeBotApi``.

:class:`BotApiSimulator` keeps everything a Bot API server knows about one bot -- chats,
messages, files, the update queue, the webhook, the commands -- answers Bot API methods the
way Telegram does (validating them with :mod:`tests.support.telegram_rules`), records every call
and can be told to answer the next calls of a method with flood control (HTTP 429).

It is transport-free: :meth:`BotApiSimulator.execute` takes a method name and decoded
parameters and returns ``(http_status, response_json)``.  The doubles add the transport.
All public methods are thread-safe.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import mimetypes
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import telegram

from tests.support import telegram_rules as rules

JSONDict = dict[str, Any]
ChatId = int | str
ParamsPredicate = Callable[[dict[str, Any]], bool]

DEFAULT_TOKEN = "123:TEST"
"""Token the doubles expect unless told otherwise."""
DEFAULT_BOT_USERNAME = "corpus_test_bot"
"""Username of the simulated bot (``getMe``)."""
DEFAULT_USER_ID = 1001
"""Id of the default human user of the update builders."""
DEFAULT_GROUP_ID = -1001234567890
"""Id of the default (super)group of :meth:`BotApiSimulator.group_message`."""
DEFAULT_CHANNEL_ID = -1009876543210
"""Id of the default channel of :meth:`BotApiSimulator.channel_post`."""

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
POLLING_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)

# Update types Telegram sends when allowed_updates was never set (or set to []).
_NOT_DEFAULT_UPDATE_TYPES = frozenset(
    {"chat_member", "message_reaction", "message_reaction_count"}
)


def _known_methods() -> dict[str, str]:
    names = {
        name
        for name in dir(telegram.Bot)
        if name[:1].islower() and name != name.lower() and callable(getattr(telegram.Bot, name))
    }
    names.update({"close"})
    return {name.lower(): name for name in names}


KNOWN_METHODS = _known_methods()
"""Lower-cased Bot API method name -> canonical camelCase name (taken from PTB's ``Bot``)."""


@dataclass(frozen=True)
class UploadedFile:
    """A file that was uploaded with ``multipart/form-data`` in a Bot API call."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass
class StoredFile:
    """A file known to the simulated server (downloadable via ``getFile``)."""

    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str
    mime_type: str

    def as_document(self) -> JSONDict:
        """The ``Document`` object describing this file."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }

    def as_file(self) -> JSONDict:
        """The ``File`` object ``getFile`` answers (``file_path`` relative, like Telegram)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }


@dataclass
class ApiCall:
    """One recorded Bot API call: the method, its decoded parameters and the answer.

    ``call["text"]`` and ``call.get("text")`` read :attr:`params`.
    """

    method: str
    params: dict[str, Any]
    status: int
    response: JSONDict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether Telegram accepted the call."""
        return self.status == 200 and bool(self.response.get("ok"))

    @property
    def result(self) -> Any:
        """The ``result`` of a successful call (``None`` for a rejected one)."""
        return self.response.get("result")

    @property
    def error(self) -> str | None:
        """The error ``description`` of a rejected call (``None`` for a successful one)."""
        return None if self.ok else str(self.response.get("description"))

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        """``params.get(key, default)``."""
        return self.params.get(key, default)


class ApiError(Exception):
    """Raised inside method handlers to answer with a Telegram error."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """Telegram's error JSON."""
        body: JSONDict = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def _forbid_in_event_loop(name: str, alternative: str) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError(
        f"{name}() blocks the thread; it would freeze the event loop that runs the bot. "
        f"Use `await ...{alternative}()` in async tests."
    )


def _as_chat_id(value: Any) -> ChatId:
    if isinstance(value, bool):
        raise ApiError(400, "Bad Request: chat not found")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.lstrip("-").isdigit():
            return int(stripped)
        if stripped.startswith("@") and len(stripped) > 1:
            return stripped
    raise ApiError(400, "Bad Request: chat not found")


def _as_int(value: Any, what: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {what} specified") from None


def _update_type(update: Mapping[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


class BotApiSimulator:
    """State and method answers of a simulated Bot API server for one bot.

    Args:
        token: The bot token the server accepts; the bot's user id is its numeric prefix.
        bot_username: ``username`` of the bot user (``getMe``).
        bot_first_name: ``first_name`` of the bot user.
        can_read_all_group_messages: ``getMe`` flag (``False`` = privacy mode on).
        strict_html: Reject a bare ``&`` in HTML text (see :mod:`telegram_rules`).
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = "Corpus Test Bot",
        can_join_groups: bool = True,
        can_read_all_group_messages: bool = False,
        supports_inline_queries: bool = True,
        strict_html: bool = True,
    ) -> None:
        prefix = token.split(":", 1)[0]
        self.token = token
        self.bot_id = int(prefix) if prefix.isdigit() else 123
        self.bot_username = bot_username
        self.strict_html = strict_html
        self._bot_user: JSONDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": can_join_groups,
            "can_read_all_group_messages": can_read_all_group_messages,
            "supports_inline_queries": supports_inline_queries,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._history: list[ApiCall] = []
        self._failures: dict[str, list[float]] = {}
        self._chats: dict[ChatId, JSONDict] = {}
        self._users: dict[int, JSONDict] = {}
        self._messages: dict[tuple[ChatId, int], JSONDict] = {}
        self._deleted: set[tuple[ChatId, int]] = set()
        self._sent_by_bot: set[tuple[ChatId, int]] = set()
        self._next_message_ids: dict[ChatId, int] = {}
        self._files: dict[str, StoredFile] = {}
        self._updates: list[JSONDict] = []
        self._update_ids = itertools.count(10_000)
        self._ids = itertools.count(1)
        self._allowed_updates: list[str] | None = None
        self._webhook: JSONDict | None = None
        self._commands: dict[str, list[JSONDict]] = {}
        self._members: dict[tuple[ChatId, int], str] = {}
        self._issued_queries: set[str] = set()
        self._answered_queries: set[str] = set()

    # ------------------------------------------------------------------ recorded calls

    @property
    def bot_user(self) -> JSONDict:
        """The bot's ``User`` object as ``getMe`` returns it."""
        return copy.deepcopy(self._bot_user)

    @property
    def bot_sender(self) -> JSONDict:
        """The bot's ``User`` as it appears in ``Message.from`` (no ``getMe``-only flags)."""
        return {key: self._bot_user[key] for key in ("id", "is_bot", "first_name", "username")}

    @property
    def history(self) -> list[ApiCall]:
        """Every recorded call (successful or rejected), oldest first."""
        with self._lock:
            return list(self._history)

    def calls(self, method: str | None = None) -> list[dict[str, Any]]:
        """Parameters of every call of ``method`` (all methods if ``None``), oldest first.

        Rejected calls are included (see :meth:`errors`).
        """
        return [call.params for call in self._matching(method)]

    def last(self, method: str) -> dict[str, Any]:
        """Parameters of the most recent call of ``method``; ``AssertionError`` if none."""
        found = self._matching(method)
        if not found:
            raise AssertionError(f"no {method} call was recorded; calls: {self._summary()}")
        return found[-1].params

    def results(self, method: str) -> list[Any]:
        """The ``result`` of every successful call of ``method``, oldest first."""
        return [call.result for call in self._matching(method) if call.ok]

    def errors(self, method: str | None = None) -> list[ApiCall]:
        """Every call that Telegram would have rejected (4xx/429), oldest first."""
        return [call for call in self._matching(method) if not call.ok]

    def clear(self) -> None:
        """Forget the recorded calls and pending ``fail_next`` failures (not the chat state)."""
        with self._lock:
            self._history.clear()
            self._failures.clear()

    def fail_next(self, method: str, times: int = 1, retry_after: float = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with flood control (HTTP 429)."""
        canonical = KNOWN_METHODS.get(method.lower(), method)
        with self._lock:
            self._failures.setdefault(canonical, []).extend([retry_after] * times)

    def wait_for(
        self,
        method: str,
        predicate: ParamsPredicate | None = None,
        timeout: float = 5.0,
        *,
        count: int = 1,
    ) -> ApiCall:
        """Block until ``count`` calls of ``method`` matching ``predicate`` were recorded.

        Returns the ``count``-th matching call (calls made before this call count too).
        Raises ``AssertionError`` after ``timeout`` seconds.  Must not be used from a thread
        that runs an event loop -- use :meth:`await_for` there.
        """
        _forbid_in_event_loop("wait_for", "await_for")
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = self._matching(method, predicate)
                if len(found) >= count:
                    return found[count - 1]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_message(method, count, timeout))
                self._cond.wait(remaining)

    async def await_for(
        self,
        method: str,
        predicate: ParamsPredicate | None = None,
        timeout: float = 5.0,
        *,
        count: int = 1,
    ) -> ApiCall:
        """Async variant of :meth:`wait_for`; lets the event loop run while waiting."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = self._matching(method, predicate)
            if len(found) >= count:
                return found[count - 1]
            if loop.time() >= deadline:
                raise AssertionError(self._timeout_message(method, count, timeout))
            await asyncio.sleep(0.01)

    def _matching(
        self, method: str | None, predicate: ParamsPredicate | None = None
    ) -> list[ApiCall]:
        wanted = None if method is None else KNOWN_METHODS.get(method.lower(), method)
        with self._lock:
            candidates = [c for c in self._history if wanted is None or c.method == wanted]
        if predicate is None:
            return candidates
        found = []
        for call in candidates:
            try:
                if predicate(call.params):
                    found.append(call)
            except KeyError:
                continue
        return found

    def _summary(self) -> str:
        with self._lock:
            parts = [
                f"{c.method}{'' if c.ok else f' [{c.status}: {c.error}]'}"
                for c in self._history
                if c.method != "getUpdates"
            ]
        return ", ".join(parts) or "(none besides getUpdates)"

    def _timeout_message(self, method: str, count: int, timeout: float) -> str:
        params = [c.params for c in self._matching(method)]
        return (
            f"timed out after {timeout}s waiting for {count} matching {method} call(s); "
            f"{method} calls: {params!r}; all calls: {self._summary()}"
        )

    # ------------------------------------------------------------------ updates

    def push_update(self, update: Mapping[str, Any]) -> JSONDict:
        """Queue ``update`` for ``getUpdates`` (assigns ``update_id`` if missing); returns it."""
        stored = copy.deepcopy(dict(update))
        with self._lock:
            if "update_id" not in stored:
                stored["update_id"] = next(self._update_ids)
            self._register_update(stored)
            self._updates.append(stored)
            self._updates.sort(key=lambda item: int(item["update_id"]))
        self._updates_changed()
        return copy.deepcopy(stored)

    @property
    def pending_updates(self) -> list[JSONDict]:
        """Updates queued and not yet confirmed by a ``getUpdates`` offset."""
        with self._lock:
            return copy.deepcopy(self._updates)

    def _updates_changed(self) -> None:
        """Hook for transports that wake pending long polls."""

    def _register_update(self, update: JSONDict) -> None:
        for value in update.values():
            if not isinstance(value, dict):
                continue
            message = value.get("message") if "chat_instance" in value else value
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                self._remember_message(message)

    # ------------------------------------------------------------------ webhook

    @property
    def webhook_url(self) -> str:
        """URL set with ``setWebhook`` (``""`` when polling)."""
        with self._lock:
            return str(self._webhook["url"]) if self._webhook else ""

    @property
    def webhook_secret_token(self) -> str | None:
        """``secret_token`` set with ``setWebhook``."""
        with self._lock:
            return self._webhook.get("secret_token") if self._webhook else None

    # ------------------------------------------------------------------ chats, files

    def register_chat(self, chat: Mapping[str, Any]) -> None:
        """Tell the server about a chat (its ``type`` is used in answers)."""
        with self._lock:
            self._chats[_as_chat_id(chat["id"])] = copy.deepcopy(dict(chat))

    def set_chat_member(self, chat_id: ChatId, user_id: int, status: str = "member") -> None:
        """Set what ``getChatMember`` answers (``creator``, ``administrator``, ``member``,
        ``restricted``, ``left`` or ``kicked``)."""
        with self._lock:
            self._members[(chat_id, user_id)] = status

    def message(self, chat_id: ChatId, message_id: int) -> JSONDict | None:
        """The current state of a known message (sent, edited, or from an update)."""
        with self._lock:
            found = self._messages.get((chat_id, message_id))
            return copy.deepcopy(found) if found else None

    def sent_messages(self, chat_id: ChatId | None = None) -> list[JSONDict]:
        """Current state of the messages the bot sent and did not delete, oldest first."""
        with self._lock:
            return [
                copy.deepcopy(message)
                for key, message in sorted(
                    self._messages.items(), key=lambda item: (str(item[0][0]), item[0][1])
                )
                if (chat_id is None or key[0] == chat_id)
                and (key in self._sent_by_bot or message.get("from", {}).get("id") == self.bot_id)
            ]

    def register_file(
        self, content: bytes, file_name: str, mime_type: str | None = None
    ) -> StoredFile:
        """Store a file so that ``getFile`` and the file download URL serve it."""
        number = next(self._ids)
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        extension = "." + file_name.rsplit(".", 1)[1] if "." in file_name else ""
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAAI{number:08d}",
            file_unique_id=f"AgAD{number:06d}",
            file_path=f"documents/file_{number}{extension}",
            content=bytes(content),
            file_name=file_name,
            mime_type=mime,
        )
        with self._lock:
            self._files[stored.file_id] = stored
        return stored

    def file_content(self, file_path: str) -> bytes | None:
        """Content of the file served at ``<base_file_url><token>/<file_path>``."""
        with self._lock:
            for stored in self._files.values():
                if stored.file_path == file_path:
                    return stored.content
        return None

    # ------------------------------------------------------------------ update builders

    def user(
        self,
        user_id: int = DEFAULT_USER_ID,
        *,
        first_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> JSONDict:
        """A human ``User`` object (remembered for later answers)."""
        with self._lock:
            known = self._users.get(user_id)
            if known is not None and first_name is None and username is None:
                return copy.deepcopy(known)
            user: JSONDict = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name or ("Alice" if user_id == DEFAULT_USER_ID else "Tester"),
            }
            if username:
                user["username"] = username
            if language_code:
                user["language_code"] = language_code
            self._users[user_id] = user
            return copy.deepcopy(user)

    def private_message(
        self,
        text: str,
        user_id: int = DEFAULT_USER_ID,
        chat_id: int | None = None,
        *,
        first_name: str | None = None,
        username: str | None = None,
        entities: list[JSONDict] | None = None,
        reply_to_message: JSONDict | int | None = None,
    ) -> JSONDict:
        """An update with a text ``message`` from a user in their private chat with the bot.

        ``bot_command``/``mention`` entities are computed unless ``entities`` is given.
        """
        sender = self.user(user_id, first_name=first_name, username=username)
        chat: JSONDict = {
            "id": chat_id if chat_id is not None else user_id,
            "type": "private",
            "first_name": sender["first_name"],
        }
        if "username" in sender:
            chat["username"] = sender["username"]
        message = self._user_message(chat, sender, text, entities, reply_to_message)
        return self._new_update("message", message)

    def group_message(
        self,
        text: str,
        chat_id: int = DEFAULT_GROUP_ID,
        user_id: int = DEFAULT_USER_ID,
        *,
        reply_to_message: JSONDict | int | None = None,
        message_thread_id: int | None = None,
        is_topic_message: bool | None = None,
        title: str = "Test Group",
        chat_type: str | None = None,
        entities: list[JSONDict] | None = None,
        first_name: str | None = None,
        username: str | None = None,
    ) -> JSONDict:
        """An update with a text ``message`` in a group (``-100…`` ids are supergroups).

        With ``message_thread_id`` the message is a forum topic message (``is_topic_message``
        defaults to ``True`` then and the chat is a forum).
        """
        sender = self.user(user_id, first_name=first_name, username=username)
        if is_topic_message is None:
            is_topic_message = message_thread_id is not None
        kind = chat_type or ("supergroup" if str(chat_id).startswith("-100") else "group")
        chat: JSONDict = {"id": chat_id, "type": kind, "title": title}
        if is_topic_message:
            chat["is_forum"] = True
        extra: JSONDict = {}
        if message_thread_id is not None:
            extra["message_thread_id"] = message_thread_id
        if is_topic_message:
            extra["is_topic_message"] = True
        message = self._user_message(chat, sender, text, entities, reply_to_message, **extra)
        return self._new_update("message", message)

    def channel_post(
        self,
        text: str,
        chat_id: int = DEFAULT_CHANNEL_ID,
        *,
        title: str = "Test Channel",
        username: str | None = None,
    ) -> JSONDict:
        """An update with a ``channel_post`` (no ``from``; ``sender_chat`` is the channel)."""
        chat: JSONDict = {"id": chat_id, "type": "channel", "title": title}
        if username:
            chat["username"] = username
        with self._lock:
            self._chats[chat_id] = copy.deepcopy(chat)
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "date": int(time.time()),
                "chat": chat,
                "sender_chat": chat,
                "text": text,
            }
            entities = rules.find_auto_entities(text)
            if entities:
                message["entities"] = entities
            self._remember_message(message)
        return self._new_update("channel_post", message)

    def callback_query(
        self,
        data: str,
        message: JSONDict | int | None = None,
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_id: ChatId | None = None,
        inline_message_id: str | None = None,
    ) -> JSONDict:
        """An update with a ``callback_query`` pressed by ``user_id`` on ``message``.

        ``message`` is a message dict (e.g. ``sent_messages()[-1]`` or a ``sendMessage``
        result), a message id in ``chat_id`` (default: the user's private chat), or ``None``
        for a fresh bot message.  The query id is remembered: answering it twice fails like
        on Telegram.
        """
        sender = self.user(user_id)
        query_id = str(4_000_000_000_000_000 + next(self._ids))
        query: JSONDict = {
            "id": query_id,
            "from": sender,
            "chat_instance": str(-7_000_000_000 - user_id),
            "data": data,
        }
        if inline_message_id is not None:
            query["inline_message_id"] = inline_message_id
        else:
            query["message"] = self._callback_message(message, chat_id, user_id)
        with self._lock:
            self._issued_queries.add(query_id)
        return self._new_update("callback_query", query)

    def inline_query(
        self,
        query: str,
        offset: str = "",
        *,
        user_id: int = DEFAULT_USER_ID,
        chat_type: str | None = "private",
    ) -> JSONDict:
        """An update with an ``inline_query`` typed by ``user_id``."""
        query_id = str(5_000_000_000_000_000 + next(self._ids))
        inline: JSONDict = {
            "id": query_id,
            "from": self.user(user_id),
            "query": query,
            "offset": offset,
        }
        if chat_type:
            inline["chat_type"] = chat_type
        with self._lock:
            self._issued_queries.add(query_id)
        return self._new_update("inline_query", inline)

    def document_message(
        self,
        file_name: str,
        content_bytes: bytes,
        caption: str | None = None,
        user_id: int = DEFAULT_USER_ID,
        *,
        chat_id: int | None = None,
        mime_type: str | None = None,
    ) -> JSONDict:
        """An update with a ``message`` carrying a document (downloadable via ``getFile``)."""
        stored = self.register_file(content_bytes, file_name, mime_type)
        sender = self.user(user_id)
        if chat_id is None or chat_id > 0:
            chat: JSONDict = {
                "id": chat_id if chat_id is not None else user_id,
                "type": "private",
                "first_name": sender["first_name"],
            }
        else:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            chat = {"id": chat_id, "type": kind, "title": "Test Group"}
        with self._lock:
            self._chats.setdefault(chat["id"], copy.deepcopy(chat))
            chat = copy.deepcopy(self._chats[chat["id"]])
            message: JSONDict = {
                "message_id": self._next_message_id(chat["id"]),
                "date": int(time.time()),
                "chat": chat,
                "from": sender,
                "document": stored.as_document(),
            }
            if caption is not None:
                message["caption"] = caption
                entities = rules.find_auto_entities(caption)
                if entities:
                    message["caption_entities"] = entities
            self._remember_message(message)
        return self._new_update("message", message)

    def _new_update(self, kind: str, payload: JSONDict) -> JSONDict:
        return {"update_id": next(self._update_ids), kind: copy.deepcopy(payload)}

    def _user_message(
        self,
        chat: JSONDict,
        sender: JSONDict,
        text: str,
        entities: list[JSONDict] | None,
        reply_to_message: JSONDict | int | None,
        **extra: Any,
    ) -> JSONDict:
        with self._lock:
            known = self._chats.get(chat["id"])
            if known is not None and known.get("type") == chat.get("type"):
                chat = {**known, **chat}
            self._chats[chat["id"]] = copy.deepcopy(chat)
            message: JSONDict = {
                "message_id": self._next_message_id(chat["id"]),
                "date": int(time.time()),
                "chat": chat,
                "from": sender,
                "text": text,
            }
            message.update(extra)
            found = entities if entities is not None else rules.find_auto_entities(text)
            if found:
                message["entities"] = found
            replied = self._resolve_reply(chat["id"], reply_to_message)
            if replied is not None:
                message["reply_to_message"] = replied
            self._remember_message(message)
            return copy.deepcopy(message)

    def _resolve_reply(self, chat_id: ChatId, reply: JSONDict | int | None) -> JSONDict | None:
        if reply is None:
            return None
        if isinstance(reply, dict):
            found = copy.deepcopy(reply)
        else:
            stored = self._messages.get((chat_id, int(reply)))
            found = (
                copy.deepcopy(stored)
                if stored
                else {
                    "message_id": int(reply),
                    "date": int(time.time()),
                    "chat": copy.deepcopy(self._chat(chat_id)),
                }
            )
        found.pop("reply_to_message", None)
        return found

    def _callback_message(
        self, message: JSONDict | int | None, chat_id: ChatId | None, user_id: int
    ) -> JSONDict:
        with self._lock:
            if isinstance(message, dict):
                found = copy.deepcopy(message)
                if (_as_chat_id(found["chat"]["id"]), int(found["message_id"])) not in (
                    self._messages
                ):
                    self._remember_message(found)
            else:
                target = chat_id if chat_id is not None else user_id
                if target not in self._chats and isinstance(target, int) and target > 0:
                    sender = self.user(user_id)
                    self._chats[target] = {
                        "id": target,
                        "type": "private",
                        "first_name": sender["first_name"],
                    }
                stored = (
                    self._messages.get((target, int(message))) if message is not None else None
                )
                if stored is None:
                    stored = {
                        "message_id": int(message)
                        if message is not None
                        else self._next_message_id(target),
                        "date": int(time.time()),
                        "chat": copy.deepcopy(self._chat(target)),
                        "from": self.bot_sender,
                        "text": "Message with buttons",
                    }
                    self._remember_message(stored)
                found = copy.deepcopy(stored)
            return found

    # ------------------------------------------------------------------ internals

    def _next_message_id(self, chat_id: ChatId) -> int:
        with self._lock:
            number = self._next_message_ids.get(chat_id, 1)
            self._next_message_ids[chat_id] = number + 1
            return number

    def _remember_message(self, message: JSONDict, *, by_bot: bool = False) -> None:
        with self._lock:
            chat_id = _as_chat_id(message["chat"]["id"])
            message_id = int(message["message_id"])
            self._messages[(chat_id, message_id)] = copy.deepcopy(message)
            if by_bot:
                self._sent_by_bot.add((chat_id, message_id))
            self._chats.setdefault(chat_id, copy.deepcopy(message["chat"]))
            if self._next_message_ids.get(chat_id, 1) <= message_id:
                self._next_message_ids[chat_id] = message_id + 1

    def _chat(self, chat_id: ChatId) -> JSONDict:
        with self._lock:
            known = self._chats.get(chat_id)
            if known is not None:
                return copy.deepcopy(known)
            if isinstance(chat_id, str):
                chat: JSONDict = {
                    "id": -1_000_000_000_000 - next(self._ids),
                    "type": "channel",
                    "title": chat_id[1:],
                    "username": chat_id[1:],
                }
                self._chats[chat_id] = chat
                return copy.deepcopy(chat)
            if chat_id > 0:
                user = self._users.get(chat_id)
                first_name = user["first_name"] if user else "Tester"
                return {"id": chat_id, "type": "private", "first_name": first_name}
            if str(chat_id).startswith("-100"):
                return {"id": chat_id, "type": "supergroup", "title": "Test Group"}
            return {"id": chat_id, "type": "group", "title": "Test Group"}

    def _is_allowed(self, update: Mapping[str, Any]) -> bool:
        kind = _update_type(update)
        if self._allowed_updates:
            return kind in self._allowed_updates
        return kind not in _NOT_DEFAULT_UPDATE_TYPES

    # ------------------------------------------------------------------ dispatch

    def execute(
        self, method: str, params: Mapping[str, Any], *, may_wait: bool = False
    ) -> tuple[int, JSONDict] | None:
        """Answer one Bot API call like Telegram; records it and returns (status, json).

        For ``getUpdates`` with ``may_wait=True`` it returns ``None`` (and records nothing)
        when no update is available yet, so that the transport can long-poll and ask again.
        """
        canonical = KNOWN_METHODS.get(method.lower())
        call_params = dict(params)
        with self._lock:
            if canonical is None:
                error = ApiError(404, "Not Found: method not found")
                return self._record(method, call_params, error.code, error.payload())
            failures = self._failures.get(canonical)
            if failures:
                retry_after = failures.pop(0)
                error = ApiError(
                    429,
                    f"Too Many Requests: retry after {retry_after}",
                    {"retry_after": retry_after},
                )
                return self._record(canonical, call_params, error.code, error.payload())
            try:
                if canonical == "getUpdates":
                    updates = self._get_updates(call_params)
                    if not updates and may_wait:
                        return None
                    result: Any = updates
                else:
                    result = self._dispatch(canonical, call_params)
            except ApiError as error:
                return self._record(canonical, call_params, error.code, error.payload())
            return self._record(canonical, call_params, 200, {"ok": True, "result": result})

    def _record(
        self, method: str, params: dict[str, Any], status: int, payload: JSONDict
    ) -> tuple[int, JSONDict]:
        with self._cond:
            self._history.append(ApiCall(method, params, status, copy.deepcopy(payload)))
            self._cond.notify_all()
        return status, payload

    def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        if "reply_markup" in params:
            error = rules.check_reply_markup(params["reply_markup"])
            if error:
                raise ApiError(400, error)
        if "caption" in params:
            error = rules.check_caption(
                params["caption"], params.get("parse_mode"), strict_entities=self.strict_html
            )
            if error:
                raise ApiError(400, error)
        handler: Callable[[dict[str, Any]], Any] | None = getattr(self, f"_api_{method}", None)
        if handler is not None:
            return handler(params)
        if method == "copyMessage":
            return {"message_id": self._next_message_id(self._require_chat(params)["id"])}
        if method in ("copyMessages", "forwardMessages"):
            chat = self._require_chat(params)
            ids = params.get("message_ids") or []
            return [{"message_id": self._next_message_id(chat["id"])} for _ in ids]
        if method.startswith("send") or method == "forwardMessage":
            chat = self._require_chat(params)
            return self._bot_message(chat, params, self._caption(params))
        return True

    # ------------------------------------------------------------------ method handlers

    def _require_chat(self, params: Mapping[str, Any]) -> JSONDict:
        if "chat_id" not in params or params["chat_id"] in (None, ""):
            raise ApiError(400, "Bad Request: chat_id is empty")
        chat_id = _as_chat_id(params["chat_id"])
        return self._chat(chat_id)

    def _message_key(self, params: Mapping[str, Any]) -> tuple[ChatId, int]:
        chat = self._require_chat(params)
        if params.get("message_id") in (None, ""):
            raise ApiError(400, "Bad Request: message identifier is not specified")
        return _as_chat_id(chat["id"]), _as_int(params["message_id"], "message identifier")

    def _bot_message(self, chat: JSONDict, params: Mapping[str, Any], content: JSONDict) -> Any:
        with self._lock:
            chat_id = _as_chat_id(chat["id"])
            message: JSONDict = {
                "message_id": self._next_message_id(chat_id),
                "date": int(time.time()),
                "chat": chat,
            }
            if chat.get("type") == "channel":
                message["sender_chat"] = chat
            else:
                message["from"] = self.bot_sender
            thread_id = params.get("message_thread_id")
            if thread_id is not None:
                message["message_thread_id"] = _as_int(thread_id, "message thread identifier")
                if chat.get("is_forum"):
                    message["is_topic_message"] = True
            reply = params.get("reply_parameters")
            reply_id = reply.get("message_id") if isinstance(reply, dict) else None
            reply_id = reply_id if reply_id is not None else params.get("reply_to_message_id")
            if reply_id is not None:
                stored = self._messages.get((chat_id, _as_int(reply_id, "message identifier")))
                if stored is not None:
                    message["reply_to_message"] = self._resolve_reply(chat_id, stored)
            message.update(content)
            markup = params.get("reply_markup")
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                message["reply_markup"] = markup
            self._remember_message(message, by_bot=True)
            return copy.deepcopy(message)

    def _render(self, text: Any, params: Mapping[str, Any]) -> rules.ParsedText:
        try:
            return rules.render_text(
                text,
                params.get("parse_mode"),
                params.get("entities"),
                strict_entities=self.strict_html,
            )
        except rules.RuleViolation as exc:
            raise ApiError(400, exc.description) from None

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return self.bot_user

    def _api_logOut(self, params: dict[str, Any]) -> Any:
        return True

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self._require_chat(params)
        error = rules.check_message_text(
            params.get("text"), params.get("parse_mode"), strict_entities=self.strict_html
        )
        if error:
            raise ApiError(400, error)
        parsed = self._render(params["text"], params)
        content: JSONDict = {"text": parsed.text}
        if parsed.entities:
            content["entities"] = parsed.entities
        return self._bot_message(chat, params, content)

    def _edit_target(self, params: Mapping[str, Any]) -> JSONDict | None:
        """The stored message an edit applies to (``None`` for inline messages)."""
        if params.get("inline_message_id"):
            return None
        key = self._message_key(params)
        if key in self._deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        stored = self._messages.get(key)
        if stored is None:
            stored = {
                "message_id": key[1],
                "date": int(time.time()),
                "chat": self._chat(key[0]),
                "from": self.bot_sender,
            }
            self._messages[key] = stored
            self._sent_by_bot.add(key)
        elif key not in self._sent_by_bot and stored.get("from", {}).get("id") != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    @staticmethod
    def _new_markup(params: Mapping[str, Any]) -> JSONDict | None:
        markup = params.get("reply_markup")
        return markup if isinstance(markup, dict) and "inline_keyboard" in markup else None

    @staticmethod
    def _edited(stored: JSONDict, changes: JSONDict, markup: JSONDict | None) -> JSONDict:
        for key, value in changes.items():
            if value:
                stored[key] = value
            else:
                stored.pop(key, None)
        if markup is not None:
            stored["reply_markup"] = markup
        else:
            stored.pop("reply_markup", None)
        stored["edit_date"] = int(time.time())
        return copy.deepcopy(stored)

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        error = rules.check_message_text(
            params.get("text"), params.get("parse_mode"), strict_entities=self.strict_html
        )
        if error:
            raise ApiError(400, error)
        parsed = self._render(params["text"], params)
        stored = self._edit_target(params)
        if stored is None:
            return True
        markup = self._new_markup(params)
        if "text" not in stored and any(k in stored for k in ("document", "photo", "caption")):
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if (
            stored.get("text") == parsed.text
            and stored.get("entities", []) == parsed.entities
            and stored.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED)
        return self._edited(stored, {"text": parsed.text, "entities": parsed.entities}, markup)

    def _api_editMessageCaption(self, params: dict[str, Any]) -> Any:
        parsed = rules.render_text(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            strict_entities=self.strict_html,
        )
        stored = self._edit_target(params)
        if stored is None:
            return True
        markup = self._new_markup(params)
        if (
            stored.get("caption", "") == parsed.text
            and stored.get("caption_entities", []) == parsed.entities
            and stored.get("reply_markup") == markup
        ):
            raise ApiError(400, NOT_MODIFIED)
        changes = {"caption": parsed.text, "caption_entities": parsed.entities}
        return self._edited(stored, changes, markup)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        stored = self._edit_target(params)
        if stored is None:
            return True
        markup = self._new_markup(params)
        if stored.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        return self._edited(stored, {}, markup)

    def _api_deleteMessage(self, params: dict[str, Any]) -> Any:
        key = self._message_key(params)
        if key in self._deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        self._messages.pop(key, None)
        self._deleted.add(key)
        return True

    def _api_sendChatAction(self, params: dict[str, Any]) -> Any:
        self._require_chat(params)
        error = rules.check_chat_action(params.get("action"))
        if error:
            raise ApiError(400, error)
        return True

    def _answer_query(self, params: Mapping[str, Any], key: str) -> None:
        query_id = str(params.get(key) or "")
        if not query_id:
            raise ApiError(400, QUERY_TOO_OLD)
        if query_id in self._answered_queries:
            raise ApiError(400, QUERY_TOO_OLD)
        if query_id in self._issued_queries:
            self._answered_queries.add(query_id)

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        error = rules.check_callback_answer(params.get("text"))
        if error:
            raise ApiError(400, error)
        self._answer_query(params, "callback_query_id")
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        error = rules.check_inline_results(
            params.get("results"), params.get("next_offset"), strict_entities=self.strict_html
        )
        if error:
            raise ApiError(400, error)
        self._answer_query(params, "inline_query_id")
        return True

    @staticmethod
    def _commands_key(params: Mapping[str, Any]) -> str:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands: Any = params.get("commands")
        error = rules.check_commands(commands)
        if error:
            raise ApiError(400, error)
        if isinstance(commands, str):
            commands = json.loads(commands)
        self._commands[self._commands_key(params)] = [dict(command) for command in commands]
        return True

    def _api_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self._commands.pop(self._commands_key(params), None)
        return True

    def _api_getMyCommands(self, params: dict[str, Any]) -> Any:
        return copy.deepcopy(self._commands.get(self._commands_key(params)) or [])

    def _api_getMyName(self, params: dict[str, Any]) -> Any:
        return {"name": self._bot_user["first_name"]}

    def _api_getMyDescription(self, params: dict[str, Any]) -> Any:
        return {"description": ""}

    def _api_getMyShortDescription(self, params: dict[str, Any]) -> Any:
        return {"short_description": ""}

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        url = params.get("url") or ""
        error = rules.check_secret_token(params.get("secret_token"))
        if error:
            raise ApiError(400, error)
        if params.get("drop_pending_updates"):
            self._updates.clear()
        if not url:
            self._webhook = None
            return True
        self._webhook = {
            "url": str(url),
            "secret_token": params.get("secret_token"),
            "max_connections": params.get("max_connections", 40),
        }
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = list(allowed) or None
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = None
        return True

    def _api_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        info: JSONDict = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
            if self._allowed_updates:
                info["allowed_updates"] = list(self._allowed_updates)
        return info

    def _get_updates(self, params: dict[str, Any]) -> list[JSONDict]:
        if self._webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        offset = _as_int(params.get("offset") or 0, "offset")
        limit = min(max(_as_int(params.get("limit") or 100, "limit"), 1), 100)
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(kind) for kind in allowed] or None
        if offset > 0:
            self._updates = [u for u in self._updates if int(u["update_id"]) >= offset]
        self._updates = [u for u in self._updates if self._is_allowed(u)]
        available = self._updates[offset:] if offset < 0 else self._updates
        return copy.deepcopy(available[:limit])

    def _api_getChat(self, params: dict[str, Any]) -> Any:
        chat = self._require_chat(params)
        chat.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return chat

    def _api_getChatMember(self, params: dict[str, Any]) -> Any:
        chat = self._require_chat(params)
        user_id = _as_int(params.get("user_id"), "user_id")
        if user_id == self.bot_id:
            user = self.bot_sender
        else:
            user = copy.deepcopy(
                self._users.get(user_id, {"id": user_id, "is_bot": False, "first_name": "Tester"})
            )
        default = (
            "creator" if chat.get("type") == "private" and user_id == chat["id"] else "member"
        )
        status = self._members.get((_as_chat_id(chat["id"]), user_id), default)
        member: JSONDict = {"status": status, "user": user}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                dict.fromkeys(
                    (
                        "can_be_edited",
                        "is_anonymous",
                        "can_post_stories",
                        "can_edit_stories",
                        "can_delete_stories",
                    ),
                    False,
                )
            )
            member.update(
                dict.fromkeys(
                    (
                        "can_manage_chat",
                        "can_delete_messages",
                        "can_manage_video_chats",
                        "can_restrict_members",
                        "can_promote_members",
                        "can_change_info",
                        "can_invite_users",
                        "can_pin_messages",
                    ),
                    True,
                )
            )
        elif status == "restricted":
            member.update(
                {
                    "is_member": True,
                    "until_date": 0,
                    **dict.fromkeys(
                        (
                            "can_send_messages",
                            "can_send_audios",
                            "can_send_documents",
                            "can_send_photos",
                            "can_send_videos",
                            "can_send_video_notes",
                            "can_send_voice_notes",
                            "can_send_polls",
                            "can_send_other_messages",
                            "can_add_web_page_previews",
                            "can_change_info",
                            "can_invite_users",
                            "can_pin_messages",
                            "can_manage_topics",
                        ),
                        False,
                    ),
                }
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    def _api_getChatAdministrators(self, params: dict[str, Any]) -> Any:
        chat = self._require_chat(params)
        chat_id = _as_chat_id(chat["id"])
        admins = []
        for (member_chat, user_id), status in sorted(self._members.items(), key=str):
            if member_chat == chat_id and status in ("creator", "administrator"):
                admins.append(self._api_getChatMember({"chat_id": chat_id, "user_id": user_id}))
        return admins

    def _api_getChatMemberCount(self, params: dict[str, Any]) -> Any:
        self._require_chat(params)
        return 2

    def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        chat = self._require_chat(params)
        document = params.get("document")
        if isinstance(document, UploadedFile):
            stored = self.register_file(document.content, document.filename, document.mime_type)
        elif isinstance(document, str) and document in self._files:
            stored = self._files[document]
        elif isinstance(document, str) and document:
            name = document.rsplit("/", 1)[-1] or "file"
            stored = self.register_file(b"", name)
        else:
            raise ApiError(400, "Bad Request: there is no document in the request")
        content: JSONDict = {"document": stored.as_document(), **self._caption(params)}
        return self._bot_message(chat, params, content)

    def _caption(self, params: dict[str, Any]) -> JSONDict:
        """A sent message's caption and its entities, parsed as Telegram does."""
        if not params.get("caption"):
            return {}
        parsed = rules.render_text(
            params["caption"],
            params.get("parse_mode"),
            params.get("caption_entities"),
            strict_entities=self.strict_html,
        )
        content: JSONDict = {"caption": parsed.text}
        if parsed.entities:
            content["caption_entities"] = parsed.entities
        return content

    def _api_getFile(self, params: dict[str, Any]) -> Any:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return stored.as_file()

    def _api_setMessageReaction(self, params: dict[str, Any]) -> Any:
        self._message_key(params)
        error = rules.check_reaction(params.get("reaction"))
        if error:
            raise ApiError(400, error)
        return True

    def _api_getUserProfilePhotos(self, params: dict[str, Any]) -> Any:
        return {"total_count": 0, "photos": []}

    def _api_getChatMenuButton(self, params: dict[str, Any]) -> Any:
        return {"type": "default"}
