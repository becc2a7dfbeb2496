"""The conversation, independent of the transport: what the bot replies to what.

Telegram handlers (bot.handlers) and the terminal chat (bot.chat) both turn a request into a
`Reply` here (messages as HTML plus buttons) and only differ in how they deliver it, so the
two always say the same thing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from bot import callbacks, render, texts
from bot.callbacks import Ask, Dates, DidYouMean, More, Search, Sources, text_key
from bot.config import Settings
from bot.service import CorpusService

MAX_PASSAGES = 30  # "More passages" stops here
EXAMPLES = 3  # example questions offered by /start


@dataclass(frozen=True)
class Button:
    """An inline button: callback data, a link, or "type @bot ..." in the current chat."""

    label: str
    data: str | None = None
    url: str | None = None
    switch_inline: str | None = None


@dataclass(frozen=True)
class Reply:
    """What to send: messages (HTML, each at most 4096 characters) and buttons for the last.

    For a button press: `edit` replaces the pressed message with the (single) message;
    `notice` is a short text shown as the press's answer instead of any message.
    """

    messages: tuple[str, ...] = ()
    buttons: tuple[tuple[Button, ...], ...] = ()
    passages: int = 0  # passages quoted (for the log line)
    edit: bool = False
    notice: str | None = None
    kind: str = ""  # what was answered, for the log line: ask, dates, search, ...


_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?(?=\s|$)")


def strip_addressing(text: str, bot_username: str) -> str:
    """The question in a message: without a leading /command[@bot] and @bot mentions."""
    text = _COMMAND.sub("", text.strip(), count=1)
    if bot_username:
        text = re.sub(rf"(?<!\w)@{re.escape(bot_username)}(?!\w)[:,]?", " ", text, flags=re.I)
    return " ".join(text.split())


def deep_link_question(payload: str) -> str:
    """A /start payload as a question: underscores are spaces (t.me/bot?start=What_is_NAM)."""
    return " ".join(payload.replace("_", " ").split())


class Conversation:
    """Replies of the bot, computed from the corpus service and the settings."""

    def __init__(self, service: CorpusService, settings: Settings, bot_username: str) -> None:
        self.service = service
        self.settings = settings
        self.bot_username = bot_username

    # -- commands -------------------------------------------------------------------------

    async def start(self, payload: str = "") -> Reply:
        """/start: what the corpus covers, example questions; a payload is asked at once."""
        payload = payload.strip()
        if payload == texts.DEEP_LINK_HELP:
            return self.help()
        if payload:
            question = deep_link_question(payload)
            if question:
                return await self.answer(question)
        stats = await self.service.stats() if await self.service.has_index() else None
        examples = await self.examples()
        buttons: list[tuple[Button, ...]] = [
            (Button(q, data=callbacks.ask_data(q)),) for q in examples
        ]
        buttons.append(
            (
                Button(texts.BUTTON_DATES, data=callbacks.encode(Dates(text_key(""), 1))),
                Button(texts.BUTTON_SOURCES, data=callbacks.encode(Sources(1))),
            )
        )
        message = render.start_html(stats, bool(examples))
        return Reply((message,), tuple(buttons), kind="start")

    def help(self) -> Reply:
        """/help."""
        return Reply(render.help_html(self.bot_username), kind="help")

    async def answer(self, question: str, page: int = 1) -> Reply:
        """A page of passages answering `question`, or the one-line "does not say"."""
        per = self.settings.answers.per_message
        first = (page - 1) * per
        limit = min(MAX_PASSAGES, first + per + 1)
        answer = await self.service.ask(question, limit)
        if page == 1:
            self.service.count_question(answered=bool(answer.passages))
        key = text_key(question)
        if not answer.passages:
            buttons: tuple[tuple[Button, ...], ...] = ()
            if answer.suggestion:
                label = render.shorten(
                    texts.BUTTON_DID_YOU_MEAN.format(suggestion=answer.suggestion), 60
                )
                data = callbacks.ask_data(answer.suggestion) or callbacks.encode(DidYouMean(key))
                buttons = ((Button(label, data=data),),)
            return Reply((render.no_answer_html(),), buttons, kind="ask")
        shown = answer.passages[first : first + per]
        has_more = len(answer.passages) > first + per and first + per < MAX_PASSAGES
        message = render.answer_html(question, answer, shown, first + 1)
        paging = []
        if page > 1:
            data = callbacks.encode(More(key, page - 1))
            paging.append(Button(texts.BUTTON_PREVIOUS_PASSAGES, data=data))
        if has_more:
            paging.append(Button(texts.BUTTON_MORE, data=callbacks.encode(More(key, page + 1))))
        rows = [tuple(paging)] if paging else []
        rows.append(
            (
                Button(texts.BUTTON_DATES, data=callbacks.encode(Dates(key, 1))),
                Button(texts.BUTTON_SOURCES, data=callbacks.encode(Sources(1))),
            )
        )
        return Reply((message,), tuple(rows), passages=len(shown), kind="ask")

    async def dates(self, topic: str, page: int = 1) -> Reply:
        """A page of the key dates of `topic` (words and/or years; empty: all)."""
        entries = await self.service.dates(topic)
        size = self.settings.answers.page_size
        pages = max(1, math.ceil(len(entries) / size))
        page = min(max(1, page), pages)
        shown = entries[(page - 1) * size : page * size]
        message = render.dates_html(topic, shown, page, pages)
        key = text_key(topic)
        rows = [self._pager(lambda p: Dates(key, p), page, pages)]
        if not entries and topic.strip():
            data = callbacks.encode(Dates(text_key(""), 1))
            rows.append((Button(texts.BUTTON_ALL_DATES, data=data),))
        return Reply((message,), _rows(rows), passages=len(shown), kind="dates")

    async def search(self, query: str, page: int = 1) -> Reply:
        """A page of keyword-search results; usage when the query is empty."""
        if not query.strip():
            return Reply((render.text_html(texts.SEARCH_USAGE),), kind="search")
        size = self.settings.answers.page_size
        result = await self.service.search(query, max(1, page), size)
        if result.pages and result.page > result.pages:
            result = await self.service.search(query, result.pages, size)
        key = text_key(query)
        rows = [self._pager(lambda p: Search(key, p), result.page, result.pages)]
        message = render.search_html(result)
        return Reply((message,), _rows(rows), passages=len(result.hits), kind="search")

    async def sources(self, page: int = 1) -> Reply:
        """A page of the sources, with links."""
        found = await self.service.sources()
        size = self.settings.answers.page_size
        pages = max(1, math.ceil(len(found) / size))
        page = min(max(1, page), pages)
        shown = found[(page - 1) * size : page * size]
        message = render.sources_html(shown, len(found), page, pages)
        rows = [self._pager(Sources, page, pages)]
        return Reply((message,), _rows(rows), kind="sources")

    # -- buttons --------------------------------------------------------------------------

    async def press(
        self, data: str | None, message_text: str | None, replied: str | None
    ) -> Reply:
        """The reply to a button press on a message showing `message_text`.

        `replied` is the text of the message the pressed one replies to (the question), if
        any: with the pressed message's header it is where the question is read back from.
        """
        action = callbacks.decode(data)
        if action is None:
            return Reply(notice=texts.BUTTON_EXPIRED, kind="button")
        header = render.read_header(message_text)
        shown_kind = header.kind if header else ""
        if isinstance(action, Sources):
            reply = await self.sources(action.page)
            return _pressed(reply, edit=shown_kind == "sources")
        if isinstance(action, Ask):
            reply = await self.answer(action.question)
            return _pressed(reply, edit=_is_no_answer(message_text))
        text = self._recall(action.key, message_text, replied)
        if text is None:
            return Reply(notice=texts.BUTTON_EXPIRED, kind="button")
        if isinstance(action, More):
            return _pressed(await self.answer(text, action.page), edit=shown_kind == "answer")
        if isinstance(action, Dates):
            return _pressed(await self.dates(text, action.page), edit=shown_kind == "dates")
        if isinstance(action, Search):
            return _pressed(await self.search(text, action.page), edit=shown_kind == "search")
        assert isinstance(action, DidYouMean)
        suggestion = (await self.service.ask(text, 1)).suggestion
        if not suggestion:
            return Reply(notice=texts.BUTTON_EXPIRED, kind="button")
        return _pressed(await self.answer(suggestion), edit=_is_no_answer(message_text))

    def _recall(self, key: str, message_text: str | None, replied: str | None) -> str | None:
        """The question, topic or query whose key is `key`, read back from the messages."""
        candidates: list[str] = []
        for text in (message_text, replied):
            header = render.read_header(text)
            if header is not None:
                candidates.append(header.text)
        if replied:
            candidates += [strip_addressing(replied, self.bot_username), replied]
        return next((c for c in candidates if text_key(c) == key), None)

    @staticmethod
    def _pager(
        make: Callable[[int], callbacks.Action], page: int, pages: int
    ) -> tuple[Button, ...]:
        row = []
        if page > 1:
            row.append(Button(texts.BUTTON_PREVIOUS, data=callbacks.encode(make(page - 1))))
        if page < pages:
            row.append(Button(texts.BUTTON_NEXT, data=callbacks.encode(make(page + 1))))
        return tuple(row)

    # -- examples -------------------------------------------------------------------------

    async def examples(self) -> list[str]:
        """Example questions: from the settings, else made from the corpus's tags and years."""
        configured = [q for q in self.settings.answers.examples if callbacks.ask_data(q)]
        if configured or not await self.service.has_index():
            return configured[:EXAMPLES]
        found: list[str] = []
        tags = await self.service.tags()
        for tag, _count in Counter(tags).most_common():
            found.append(texts.EXAMPLE_TAG.format(tag=tag))
            if len(found) == EXAMPLES - 1:
                break
        this_year = dt.date.today().year
        years = [y for y in (await self.service.stats()).years if y <= this_year]
        if years:
            found.append(texts.EXAMPLE_YEAR.format(year=years[-1]))
        return [q for q in found if callbacks.ask_data(q)][:EXAMPLES]


def _rows(rows: list[tuple[Button, ...]]) -> tuple[tuple[Button, ...], ...]:
    return tuple(row for row in rows if row)


def _pressed(reply: Reply, *, edit: bool) -> Reply:
    return Reply(
        reply.messages,
        reply.buttons,
        passages=reply.passages,
        edit=edit and len(reply.messages) == 1,
        kind=reply.kind,
    )


def _is_no_answer(message_text: str | None) -> bool:
    return (message_text or "").strip() == texts.NO_ANSWER
