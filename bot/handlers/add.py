"""/add: an admin sends a .md, .txt or .html file captioned /add (or replies /add to one),
or /add <link> to a web page.

The file is checked (type, size) before it is downloaded, validated and saved by
bot.articles exactly as `corpusbot add` does (nothing is written when it is refused), and
the index is updated (bot.updates). `/add replace` replaces an article of the same name.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import os
import re

from telegram import Document, Message, Update
from telegram.error import TelegramError

from bot import render, texts
from bot.articles import fetch_page
from bot.conversation import strip_addressing
from bot.fetch import FetchPolicy, FetchRefused
from bot.handlers.admin import reason_of, reply, update_index
from bot.handlers.common import Context, send_text, settings_of
from bot.handlers.jobs import ProgressMessage
from bot.service import BuildBusy
from bot.updates import BuildElsewhere, Writer, index_updates
from index.errors import InvalidArticle
from index.importer import ACCEPTED_SUFFIXES
from index.loader import MAX_ARTICLE_BYTES

log = logging.getLogger(__name__)

UPLOAD_MAX = MAX_ARTICLE_BYTES * 4  # what index.importer accepts (an HTML page weighs more)
TYPES = {"text/markdown": ".md", "text/plain": ".txt", "text/html": ".html"}
ADD_CAPTION = re.compile(r"^/add(?:@(?P<bot>[A-Za-z0-9_]+))?(?:\s|$)", re.IGNORECASE)


def is_add_caption(message: Message, bot_username: str) -> bool:
    """True when a document's caption is /add (or /add@this_bot), not /add@another_bot."""
    found = ADD_CAPTION.match(message.caption or "")
    if found is None:
        return False
    return not found["bot"] or found["bot"].lower() == bot_username.lower()


def file_name(document: Document) -> str:
    """The document's name, with a suffix from its type when it has none."""
    name = os.path.basename(document.file_name or "")
    if os.path.splitext(name)[1]:
        return name
    mime = (document.mime_type or "").split(";")[0].strip().lower()
    suffix = TYPES.get(mime) or mimetypes.guess_extension(mime) or ""
    return (name or "article") + suffix


async def on_add(update: Update, context: Context) -> None:
    """/add [replace] as a document's caption or in reply to a document; /add [replace]
    <link> for a web page."""
    message = update.effective_message
    if message is None:
        return
    words = strip_addressing(message.text or message.caption or "", context.bot.username).split()
    replace = bool(words) and words[0].lower() == "replace"
    rest = words[1:] if replace else words
    replied = message.reply_to_message
    document = message.document or (replied.document if replied is not None else None)
    if document is None and len(rest) == 1 and "://" in rest[0]:
        await add_link(context, message, rest[0], replace=replace)
    elif document is None or rest:
        await send_text(context, message, texts.ADD_USAGE, quote=True)
    else:
        await add_document(context, message, document, replace=replace)


async def add_link(context: Context, message: Message, url: str, *, replace: bool) -> None:
    """Fetch the page (guarded: bot.fetch), then import it like an uploaded HTML file."""
    shown = render.shorten(url, 200)
    settings = settings_of(context).fetch
    policy = FetchPolicy(allow_private=settings.allow_private, timeout=settings.timeout_seconds)
    try:
        page = await asyncio.to_thread(fetch_page, url, policy)
    except FetchRefused as error:
        log.info("link refused: %s", error)
        refused = texts.ADD_LINK_REFUSED.format(url=shown, reason=str(error))
        await reply(context, message, render.failed_html(refused))
        return
    try:
        async with index_updates(context).command() as writer:
            await save_and_index(
                context,
                message,
                writer,
                shown,
                page.name,
                page.data,
                replace=replace,
                url=page.url,
            )
    except BuildBusy:
        await send_text(context, message, texts.ADD_BUSY, quote=True)
    except BuildElsewhere:
        await send_text(context, message, texts.ADD_BUSY_ELSEWHERE, quote=True)


async def add_document(
    context: Context, message: Message, document: Document, *, replace: bool
) -> None:
    """Check, download, validate and save `document`, then update the index."""
    name = file_name(document)
    shown = render.shorten(name, 120)
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        await reply(context, message, render.failed_html(texts.ADD_BAD_TYPE.format(name=shown)))
        return
    if document.file_size is not None and document.file_size > UPLOAD_MAX:
        await _too_big(context, message, shown, document.file_size)
        return
    try:
        async with index_updates(context).command() as writer:
            try:
                telegram_file = await document.get_file()
                data = bytes(await telegram_file.download_as_bytearray())
            except TelegramError as error:
                failed = texts.ADD_DOWNLOAD_FAILED.format(name=shown, reason=reason_of(error))
                await reply(context, message, render.failed_html(failed))
                return
            if len(data) > UPLOAD_MAX:
                await _too_big(context, message, shown, len(data))
                return
            await save_and_index(context, message, writer, shown, name, data, replace=replace)
    except BuildBusy:
        await send_text(context, message, texts.ADD_BUSY, quote=True)
    except BuildElsewhere:
        await send_text(context, message, texts.ADD_BUSY_ELSEWHERE, quote=True)


async def save_and_index(
    context: Context,
    message: Message,
    writer: Writer,
    shown: str,
    name: str,
    data: bytes,
    *,
    replace: bool,
    url: str | None = None,
) -> None:
    """Save the article (bot.articles), say so, then bring the index up to date with it."""
    try:
        imported = await writer.save(name, data, replace=replace, url=url)
    except InvalidArticle as error:
        log.info("article refused: %s", error)
        refused = texts.ADD_REFUSED.format(name=shown, reason=reason_of(error))
        await reply(context, message, render.failed_html(refused))
        return
    article = imported.article
    log.info("article added: %s", article.article_id)
    title = render.shorten(article.title, 200)
    saved = render.text_html(texts.ADD_SAVED.format(article_id=article.article_id, title=title))
    sent = await reply(context, message, saved)
    await update_index(
        writer,
        article.article_id,
        ProgressMessage(sent, saved),
        texts.ADD_DONE.format(article_id=article.article_id, title=title),
        lambda reason: texts.ADD_NOT_INDEXED.format(
            article_id=article.article_id, title=title, reason=reason
        ),
    )


async def _too_big(context: Context, message: Message, name: str, size: int) -> None:
    text = texts.ADD_TOO_BIG.format(
        name=name, size=render.size_text(size), limit=render.size_text(UPLOAD_MAX)
    )
    await reply(context, message, render.failed_html(text))


async def on_document(update: Update, context: Context) -> None:
    """A document in a private chat without /add: how to add it."""
    message = update.effective_message
    if message is not None:
        await send_text(context, message, texts.DOCUMENT_HINT, quote=True)
