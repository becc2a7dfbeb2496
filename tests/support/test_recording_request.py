"""Tests of ``RecordingRequest`` plugged into a real ``telegram.ext.Application``."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from telegram import (
    Bot,
    ChatMemberAdministrator,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    ReactionTypeEmoji,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.recording_request import RecordingRequest

App = Application[Any, Any, Any, Any, Any, Any]


def _build(rec: RecordingRequest, *, with_updater: bool = False) -> App:
    builder = ApplicationBuilder().token("123:TEST").request(rec).get_updates_request(rec)
    if not with_updater:
        builder = builder.updater(None)
    return builder.build()


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="more:1")]])
    await update.effective_message.reply_text(
        "<b>Welcome</b> to the corpus &amp; more", parse_mode=ParseMode.HTML, reply_markup=keyboard
    )


async def _more(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Loading")
    await query.edit_message_text("Page 2")


async def test_handler_reply_is_recorded_with_decoded_params(
    recording_request: RecordingRequest,
) -> None:
    rec = recording_request
    app = _build(rec)
    app.add_handler(CommandHandler("start", _start))
    async with app:
        assert app.bot.username == "corpus_test_bot"
        await rec.process(app, rec.private_message("/start"))
    params = rec.last("sendMessage")
    assert params["chat_id"] == 1001
    assert params["parse_mode"] == "HTML"
    assert params["reply_markup"] == {
        "inline_keyboard": [[{"text": "More", "callback_data": "more:1"}]]
    }
    [message] = rec.results("sendMessage")
    assert message["text"] == "Welcome to the corpus & more"
    assert message["entities"] == [{"type": "bold", "offset": 0, "length": 7}]
    assert [call.method for call in rec.history] == ["getMe", "sendMessage"]
    assert rec.errors() == []
    rec.clear()
    assert rec.calls() == []


async def test_callback_query_answer_and_edit(recording_request: RecordingRequest) -> None:
    rec = recording_request
    app = _build(rec)
    app.add_handler(CommandHandler("start", _start))
    app.add_handler(CallbackQueryHandler(_more, pattern="^more:"))
    async with app:
        await rec.process(app, rec.private_message("/start"))
        sent = rec.results("sendMessage")[-1]
        await rec.process(app, rec.callback_query("more:1", message=sent))
        with pytest.raises(BadRequest, match="Message is not modified"):
            await app.bot.edit_message_text("Page 2", chat_id=1001, message_id=sent["message_id"])
    assert rec.last("answerCallbackQuery")["text"] == "Loading"
    assert rec.last("editMessageText")["message_id"] == sent["message_id"]
    current = rec.message(1001, sent["message_id"])
    assert current is not None
    assert current["text"] == "Page 2"
    assert "reply_markup" not in current  # editing without reply_markup drops the keyboard


async def test_rejected_call_reaches_the_error_handler(
    recording_request: RecordingRequest,
) -> None:
    rec = recording_request
    errors: list[object] = []

    async def careless(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(f"You said: {update.effective_message.text}")

    async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    app = _build(rec)
    app.add_handler(MessageHandler(filters.TEXT, careless))
    app.add_error_handler(on_error)
    async with app:
        await rec.process(app, rec.private_message("is 1 < 2?"))
    [error] = errors
    assert isinstance(error, BadRequest)
    assert "parse entities" in error.message
    [rejected] = rec.errors("sendMessage")
    assert rejected.status == 400
    assert rejected["text"] == "You said: is 1 < 2?"


async def test_group_commands_get_entities(recording_request: RecordingRequest) -> None:
    rec = recording_request
    seen: list[tuple[str, list[str]]] = []

    async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_chat is not None
        seen.append((update.effective_chat.type, list(context.args or [])))

    app = _build(rec)
    app.add_handler(CommandHandler("ask", ask))
    update = rec.group_message("/ask@corpus_test_bot when? cc @someone_else", message_thread_id=7)
    message = update["message"]
    assert message["entities"] == [
        {"type": "bot_command", "offset": 0, "length": 20},
        {"type": "mention", "offset": 30, "length": 13},
    ]
    assert message["is_topic_message"] is True
    async with app:
        await rec.process(app, update)
        await app.bot.send_message(message["chat"]["id"], "in topic", message_thread_id=7)
    assert seen == [(ChatType.SUPERGROUP, ["when?", "cc", "@someone_else"])]
    reply = rec.results("sendMessage")[-1]
    assert reply["chat"]["type"] == "supergroup"
    assert reply["message_thread_id"] == 7
    assert reply["is_topic_message"] is True


async def test_polling_updater_against_recording_request() -> None:
    rec = RecordingRequest()
    app = _build(rec, with_updater=True)

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    app.add_handler(MessageHandler(filters.TEXT, echo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=2)
        await app.start()
        rec.push_update(rec.private_message("polled"))
        call = await rec.await_for("sendMessage")
        await app.updater.stop()
        await app.stop()
    assert call["text"] == "polled"
    assert rec.pending_updates == []


async def test_flood_control_and_unknown_token(
    recording_request: RecordingRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # see test_fake_bot_api.timedelta_env
    rec = recording_request
    rec.fail_next("sendChatAction", times=2, retry_after=5)
    async with Bot("123:TEST", request=rec, get_updates_request=rec) as bot:
        for _ in range(2):
            with pytest.raises(RetryAfter):
                await bot.send_chat_action(1, "typing")
        assert await bot.send_chat_action(1, "typing")
        with pytest.raises(BadRequest, match="Wrong parameter action"):
            await bot.send_chat_action(1, "thinking")
    with pytest.raises(InvalidToken):
        await Bot("456:OTHER", request=rec, get_updates_request=rec).initialize()


async def test_files_chat_members_and_reactions(recording_request: RecordingRequest) -> None:
    rec = recording_request
    incoming = rec.document_message("corpus.yaml", b"articles: []", caption="import this")
    rec.set_chat_member(-100555, 123, "administrator")
    async with Bot("123:TEST", request=rec, get_updates_request=rec) as bot:
        file = await bot.get_file(incoming["message"]["document"]["file_id"])
        assert bytes(await file.download_as_bytearray()) == b"articles: []"

        upload = InputFile(BytesIO(b"a,b\n1,2\n"), filename="dates.csv")
        sent = await bot.send_document(1001, upload, caption="<i>Key dates</i>", parse_mode="HTML")
        assert sent.document is not None
        assert sent.document.file_name == "dates.csv"
        assert sent.caption == "Key dates"

        member = await bot.get_chat_member(-100555, 123)
        assert isinstance(member, ChatMemberAdministrator)
        chat = await bot.get_chat(-100555)
        assert chat.type == "supergroup"

        assert await bot.set_message_reaction(1001, sent.message_id, ReactionTypeEmoji("👍"))
        with pytest.raises(BadRequest, match="Reaction_invalid"):
            await bot.set_message_reaction(1001, sent.message_id, ReactionTypeEmoji("🦖"))
    uploaded = rec.last("sendDocument")["document"]
    assert uploaded.filename == "dates.csv"
    assert uploaded.content == b"a,b\n1,2\n"
