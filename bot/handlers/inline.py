"""Inline mode: `@bot question` in any chat lists quotes to send, paged with next_offset."""

from __future__ import annotations

import time

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import InlineQueryLimit, ParseMode

from bot import render, texts
from bot.callbacks import text_key
from bot.conversation import Reply
from bot.handlers.common import Context, log_answered, settings_of
from bot.service import corpus_service

CACHE_SECONDS = 60
MAX_RESULTS = 50  # passages reachable by scrolling


def _content(html_text: str) -> InputTextMessageContent:
    return InputTextMessageContent(
        html_text,
        parse_mode=ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    )


def _how_to(username: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id="how-to",
        title=texts.INLINE_HELP_TITLE.format(bot=username),
        description=texts.INLINE_HELP_DESCRIPTION,
        input_message_content=_content(
            render.text_html(texts.INLINE_HELP_MESSAGE.format(bot=username))
        ),
    )


async def on_inline_query(update: Update, context: Context) -> None:
    """Quotes answering the query, `page_size` at a time; the empty query explains usage."""
    query = update.inline_query
    if query is None:
        return
    started = time.perf_counter()
    username = context.bot.username
    question = " ".join(query.query.split())
    if not question:
        button = InlineQueryResultsButton(
            text=texts.INLINE_HELP_BUTTON, start_parameter=texts.DEEP_LINK_HELP
        )
        await query.answer([_how_to(username)], button=button, cache_time=CACHE_SECONDS)
        return
    size = min(settings_of(context).answers.page_size, InlineQueryLimit.RESULTS)
    page = int(query.offset) if query.offset.isdigit() else 0
    first = page * size
    service = corpus_service(context)
    answer = await service.ask(question, min(MAX_RESULTS, first + size + 1))
    if not answer.passages and answer.suggestion:
        question = answer.suggestion
        answer = await service.ask(question, min(MAX_RESULTS, first + size + 1))
    if page == 0:
        service.count_question(answered=bool(answer.passages))
    key = text_key(question)
    shown = answer.passages[first : first + size]
    results = [
        InlineQueryResultArticle(
            id=f"{key}-{first + number}",
            title=render.inline_title(passage),
            description=render.inline_description(passage),
            input_message_content=_content(render.inline_message_html(question, passage)),
        )
        for number, passage in enumerate(shown)
    ]
    if not answer.passages and page == 0:
        results = [
            InlineQueryResultArticle(
                id=f"{key}-none",
                title=texts.INLINE_NO_ANSWER_TITLE,
                description=texts.INLINE_NO_ANSWER_DESCRIPTION.format(
                    question=render.shorten(question, 100)
                ),
                input_message_content=_content(
                    render.question_header(question) + "\n\n" + render.no_answer_html()
                ),
            )
        ]
    more = len(answer.passages) > first + size and first + size < MAX_RESULTS
    await query.answer(
        results, next_offset=str(page + 1) if more else "", cache_time=CACHE_SECONDS
    )
    log_answered(update, Reply(kind="inline", passages=len(shown)), started, question)
