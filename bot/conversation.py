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
from bot.callbacks import (
    Ask,
    Dates,
    DidYouMean,
    FeedbackPage,
    More,
    Search,
    Sources,
    Vote,
    text_key,
)
from bot.config import Settings
from bot.feedback import Feedback
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
    reading: str = ""  # the question an answer answers (a follow-up may lean on it)


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

    def __init__(
        self,
        service: CorpusService,
        settings: Settings,
        bot_username: str,
        feedback: Feedback | None = None,
    ) -> None:
        self.service = service
        self.settings = settings
        self.bot_username = bot_username
        self.feedback = feedback  # None: votes are thanked for but not counted

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

    async def answer(self, question: str, page: int = 1, *, typed: str = "") -> Reply:
        """A page of passages answering `question`, or the one-line "does not say".

        `typed`: what the user typed when `question` is its reading as a follow-up of the
        previous question (index.followup); the answer then shows both.
        """
        per = self.settings.answers.per_message
        first = (page - 1) * per
        limit = min(MAX_PASSAGES, first + per + 1)
        answer = await self.service.ask(question, limit)
        if page == 1:
            self.service.count_question(answered=bool(answer.passages))
            if not answer.passages and self.feedback is not None:
                await self.feedback.keep(question, "unanswered", ())
        key = text_key(question)
        if not answer.passages:
            buttons: tuple[tuple[Button, ...], ...] = ()
            if answer.suggestion:
                label = render.shorten(
                    texts.BUTTON_DID_YOU_MEAN.format(suggestion=answer.suggestion), 60
                )
                data = callbacks.ask_data(answer.suggestion) or callbacks.encode(DidYouMean(key))
                buttons = ((Button(label, data=data),),)
            return Reply((render.no_answer_html(),), buttons, kind="ask", reading=question)
        shown = answer.passages[first : first + per]
        has_more = len(answer.passages) > first + per and first + per < MAX_PASSAGES
        reading = question if typed and typed != question else ""
        message = render.answer_html(typed or question, answer, shown, first + 1, reading)
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
        rows.append(
            (
                Button(texts.BUTTON_UP, data=callbacks.encode(Vote(True, key, page))),
                Button(texts.BUTTON_DOWN, data=callbacks.encode(Vote(False, key, page))),
            )
        )
        return Reply((message,), tuple(rows), passages=len(shown), kind="ask", reading=question)

    def new(self) -> Reply:
        """/new: the next question is read on its own (the caller forgets the context)."""
        return Reply((render.text_html(texts.NEW_DONE),), kind="new")

    async def kept(self, page: int = 1) -> Reply:
        """/feedback: a page of the questions readers missed (newest first)."""
        found = self.feedback.kept_questions() if self.feedback is not None else []
        keeping = self.feedback is not None and self.feedback.keeping
        size = self.settings.answers.page_size
        pages = max(1, math.ceil(len(found) / size))
        page = min(max(1, page), pages)
        first = (page - 1) * size
        shown = found[first : first + size]
        message = render.feedback_html(shown, first + 1, len(found), page, pages, keeping)
        rows = [self._pager(FeedbackPage, page, pages)]
        return Reply((message,), _rows(rows), kind="feedback")

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
        self,
        data: str | None,
        message_text: str | None,
        replied: str | None,
        *,
        voter: str = "",
        admin: bool = False,
    ) -> Reply:
        """The reply to a button press on a message showing `message_text`.

        `replied` is the text of the message the pressed one replies to (the question), if
        any: with the pressed message's header it is where the question is read back from.
        `voter` names who pressed on which message (a 👍 / 👎 counts once per voter);
        `admin`: the presser may page the kept questions.
        """
        action = callbacks.decode(data)
        if action is None:
            return Reply(notice=texts.BUTTON_EXPIRED, kind="button")
        if isinstance(action, Vote):
            return await self.vote(action, voter, message_text, replied)
        if isinstance(action, FeedbackPage):
            if not admin:
                return Reply(notice=texts.NOT_ADMIN.format(command="feedback"), kind="button")
            shown = (message_text or "").startswith(render.FEEDBACK_MARK)
            return _pressed(await self.kept(action.page), edit=shown)
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

    async def vote(
        self, action: Vote, voter: str, message_text: str | None, replied: str | None
    ) -> Reply:
        """👍 / 👎: counted once per voter and page (bot.feedback); a 👎, with questions kept,
        keeps the question with the passages that page gave."""
        up = action.up
        if self.feedback is None:
            return Reply(notice=texts.VOTE_UP if up else texts.VOTE_DOWN, kind="vote")
        outcome = self.feedback.vote(f"{voter}|{action.page}", up)
        if outcome == "again":
            return Reply(notice=texts.VOTE_AGAIN, kind="vote")
        kept = False
        if not up and self.feedback.keeping:
            question = self._recall(action.key, message_text, replied)
            if question is not None:
                per = self.settings.answers.per_message
                first = (action.page - 1) * per
                given = (await self.service.ask(question, first + per)).passages
                await self.feedback.keep(question, "down", given[first : first + per])
                kept = True
        if outcome == "changed":
            notice = texts.VOTE_CHANGED
        else:
            notice = texts.VOTE_UP if up else texts.VOTE_DOWN_KEPT if kept else texts.VOTE_DOWN
        return Reply(notice=notice, kind="vote")

    def _recall(self, key: str, message_text: str | None, replied: str | None) -> str | None:
        """The question, topic or query whose key is `key`, read back from the messages."""
        candidates: list[str] = []
        for text in (message_text, replied):
            reading = render.read_reading(text)
            if reading is not None:
                candidates.append(reading)
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
        reading=reply.reading,
    )


def _is_no_answer(message_text: str | None) -> bool:
    return (message_text or "").strip() == texts.NO_ANSWER
