"""Tests of ``FakeBotApi`` driven by a real ``telegram.Bot`` and a real ``Application``."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, InvalidToken, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import free_port


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


def _echo_app(fake: FakeBotApi, **builder: Any) -> Application[Any, Any, Any, Any, Any, Any]:
    app_builder = fake.application_builder()
    if "rate_limiter" in builder:
        app_builder = app_builder.rate_limiter(builder["rate_limiter"])
    app = app_builder.build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    return app


@pytest.fixture
def timedelta_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """PTB 22 warns (PTBDeprecationWarning) when it builds a RetryAfter unless PTB_TIMEDELTA is
    set; with filterwarnings=error that warning would replace the RetryAfter exception."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


# ---------------------------------------------------------------------------- basics


async def test_bot_talks_to_fake(fake_bot_api: FakeBotApi) -> None:
    assert fake_bot_api.base_url == f"http://127.0.0.1:{fake_bot_api.port}/bot"
    async with fake_bot_api.bot() as bot:
        assert bot.username == "corpus_test_bot"
        assert bot.base_url == f"{fake_bot_api.base_url}123:TEST"
        me = await bot.get_me()
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is True
    assert fake_bot_api.calls("getMe") == [{}, {}]


async def test_wrong_token_is_unauthorized(fake_bot_api: FakeBotApi) -> None:
    bot = Bot("999:WRONG", base_url=fake_bot_api.base_url)
    with pytest.raises(InvalidToken):
        await bot.initialize()
    await bot.shutdown()


async def test_polling_delivers_update_and_records_reply(fake_bot_api: FakeBotApi) -> None:
    app = _echo_app(fake_bot_api)
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=5)
        await app.start()
        sent = fake_bot_api.push_update(fake_bot_api.private_message("hello", user_id=42))
        call = await fake_bot_api.await_for("sendMessage")
        second = fake_bot_api.push_update(fake_bot_api.private_message("again", user_id=42))
        call2 = await fake_bot_api.await_for("sendMessage", lambda p: p["text"] == "echo: again")
        await app.updater.stop()
        await app.stop()
    assert call["chat_id"] == 42
    assert call["text"] == "echo: hello"
    assert call.ok
    reply = call.result
    assert reply["chat"] == {"id": 42, "type": "private", "first_name": "Tester"}
    assert reply["from"]["username"] == "corpus_test_bot"
    assert reply["message_id"] == sent["message"]["message_id"] + 1
    assert call2.result["message_id"] == second["message"]["message_id"] + 1
    # the final getUpdates of PTB's stop() confirmed the updates
    assert fake_bot_api.pending_updates == []
    assert fake_bot_api.errors() == []
    assert fake_bot_api.calls("deleteWebhook")  # PTB's polling bootstrap


def test_long_poll_wakes_on_push_and_honours_timeout(fake_bot_api: FakeBotApi) -> None:
    url = fake_bot_api.method_url("getUpdates")
    with httpx.Client(trust_env=False, timeout=10) as client:
        started = time.monotonic()
        empty = client.post(url, data={"timeout": "1"}).json()
        assert empty == {"ok": True, "result": []}
        assert 0.9 <= time.monotonic() - started < 3

        timer = threading.Timer(0.2, fake_bot_api.push_update, [fake_bot_api.private_message("x")])
        timer.start()
        started = time.monotonic()
        answer = client.post(url, data={"timeout": "8"}).json()
        timer.join()
        assert time.monotonic() - started < 3
        [update] = answer["result"]
        assert update["message"]["text"] == "x"

        # not confirmed yet: delivered again; confirmed with offset: gone
        again = client.get(url, params={"offset": "0"}).json()["result"]
        assert [u["update_id"] for u in again] == [update["update_id"]]
        confirmed = client.get(url, params={"offset": str(update["update_id"] + 1)}).json()
        assert confirmed["result"] == []


def test_content_types_are_decoded(fake_bot_api: FakeBotApi) -> None:
    markup = '{"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}'
    send = fake_bot_api.method_url("sendMessage")
    with httpx.Client(trust_env=False, timeout=5) as client:
        as_json = client.post(send, json={"chat_id": 7, "text": "123", "reply_markup": markup})
        as_form = client.post(send, data={"chat_id": "7", "text": "456", "reply_markup": markup})
        as_query = client.get(send, params={"chat_id": "7", "text": "789"})
        upload = client.post(
            fake_bot_api.method_url("sendDocument"),
            data={"chat_id": "7", "caption": "<b>doc</b>", "parse_mode": "HTML"},
            files={"document": ("notes.txt", b"content", "text/plain")},
        )
    assert [r.status_code for r in (as_json, as_form, as_query, upload)] == [200] * 4
    texts = [params["text"] for params in fake_bot_api.calls("sendMessage")]
    assert texts == ["123", "456", "789"]
    first = fake_bot_api.calls("sendMessage")[0]
    assert first["chat_id"] == 7
    assert first["reply_markup"] == {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}
    document = upload.json()["result"]
    assert document["caption"] == "doc"
    assert document["caption_entities"] == [{"type": "bold", "offset": 0, "length": 3}]
    assert document["document"]["file_name"] == "notes.txt"
    assert fake_bot_api.last("sendDocument")["document"].content == b"content"


async def test_document_download(fake_bot_api: FakeBotApi) -> None:
    update = fake_bot_api.document_message("corpus.txt", b"hello corpus", caption="/add")
    document = update["message"]["document"]
    async with fake_bot_api.bot() as bot:
        file = await bot.get_file(document["file_id"])
        assert file.file_path is not None
        assert file.file_path.startswith(fake_bot_api.base_file_url)
        assert bytes(await file.download_as_bytearray()) == b"hello corpus"
        with pytest.raises(BadRequest, match="Invalid file_id"):
            await bot.get_file("nope")


# ---------------------------------------------------------------------------- webhook


async def test_webhook_delivery_checks_secret(fake_bot_api: FakeBotApi) -> None:
    port = free_port()
    app = _echo_app(fake_bot_api)
    async with app:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            secret_token="s3cr3t-Token_1",
            webhook_url=f"http://127.0.0.1:{port}/hook",
        )
        await app.start()
        assert fake_bot_api.webhook_url == f"http://127.0.0.1:{port}/hook"
        assert fake_bot_api.webhook_secret_token == "s3cr3t-Token_1"

        status = await fake_bot_api.adeliver_webhook(fake_bot_api.private_message("via hook"))
        assert status == 200
        call = await fake_bot_api.await_for("sendMessage")
        assert call["text"] == "echo: via hook"

        wrong = fake_bot_api.private_message("intruder")
        assert await fake_bot_api.adeliver_webhook(wrong, secret_token="wrong") == 403
        assert await fake_bot_api.adeliver_webhook(wrong, secret_token=None) == 403

        with pytest.raises(Conflict, match="webhook is active"):
            await app.bot.get_updates()
        info = await app.bot.get_webhook_info()
        assert info.url == fake_bot_api.webhook_url

        await app.updater.stop()
        await app.stop()
    assert len(fake_bot_api.calls("sendMessage")) == 1
    assert [status for _, status in fake_bot_api.webhook_deliveries] == [200, 403, 403]


def test_sync_webhook_delivery_needs_a_webhook(fake_bot_api: FakeBotApi) -> None:
    with pytest.raises(AssertionError, match="setWebhook"):
        fake_bot_api.deliver_webhook(fake_bot_api.private_message("x"))


async def test_blocking_helpers_refuse_to_freeze_the_loop(fake_bot_api: FakeBotApi) -> None:
    with pytest.raises(RuntimeError, match="await_for"):
        fake_bot_api.wait_for("sendMessage", timeout=0.1)


# ---------------------------------------------------------------------------- validation


async def test_text_length_is_counted_after_parsing_in_utf16(fake_bot_api: FakeBotApi) -> None:
    async with fake_bot_api.bot() as bot:
        await bot.send_message(1, "x" * 4096)
        await bot.send_message(1, "&lt;" * 4096, parse_mode=ParseMode.HTML)
        await bot.send_message(1, "\U0001f600" * 2048)
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(1, "x" * 4097)
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(1, "\U0001f600" * 2049)
        with pytest.raises(BadRequest, match="Message text is empty"):
            await bot.send_message(1, "<b> </b>", parse_mode=ParseMode.HTML)
    assert len(fake_bot_api.errors("sendMessage")) == 3


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("line<br>break", 'Unsupported start tag "br"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("a < b", 'Unsupported start tag ""'),
        ("Q&A", 'Character "&"'),
        ('<span class="x">s</span>', 'must have class "tg-spoiler"'),
    ],
)
async def test_bad_html_is_rejected(fake_bot_api: FakeBotApi, html: str, reason: str) -> None:
    async with fake_bot_api.bot() as bot:
        with pytest.raises(BadRequest, match="parse entities") as info:
            await bot.send_message(1, html, parse_mode=ParseMode.HTML)
    assert reason.lower() in str(info.value).lower()


async def test_good_html_gives_entities(fake_bot_api: FakeBotApi) -> None:
    html = (
        '<b>b</b> <a href="https://e.x/?a=1&b=2">l</a> <pre><code class="language-py">x'
        "</code></pre> <blockquote expandable>q</blockquote> &#x41;&#66;&quot;"
    )
    async with fake_bot_api.bot() as bot:
        message = await bot.send_message(1, html, parse_mode=ParseMode.HTML)
    assert message.text == 'b l x q AB"'
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert kinds == [
        ("bold", 0, 1),
        ("text_link", 2, 1),
        ("pre", 4, 1),
        ("expandable_blockquote", 6, 1),
    ]
    assert message.entities[1].url == "https://e.x/?a=1&b=2"
    assert message.entities[2].language == "py"


async def test_keyboard_callback_data_and_answers(fake_bot_api: FakeBotApi) -> None:
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    query = fake_bot_api.callback_query("data")["callback_query"]
    async with fake_bot_api.bot() as bot:
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(1, "pick", reply_markup=long_data)
        with pytest.raises(BadRequest, match="Message_too_long"):
            await bot.answer_callback_query(query["id"], text="x" * 201)
        assert await bot.answer_callback_query(query["id"], text="x" * 200)
        with pytest.raises(BadRequest, match="Query is too old"):
            await bot.answer_callback_query(query["id"])


async def test_inline_query_answers(fake_bot_api: FakeBotApi) -> None:
    def article(n: int, text: str = "t") -> InlineQueryResultArticle:
        return article_with_id(str(n), text)

    def article_with_id(result_id: str, text: str = "t") -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode=ParseMode.HTML)
        return InlineQueryResultArticle(result_id, "title", content)

    async with fake_bot_api.bot() as bot:
        first = fake_bot_api.inline_query("q")["inline_query"]["id"]
        assert await bot.answer_inline_query(first, [article(n) for n in range(50)])
        for results, offset, error in [
            ([article(n) for n in range(51)], None, "Results_too_much"),
            ([article(1)], "o" * 65, "Next_offset_invalid"),
            ([article_with_id("i" * 65)], None, "Result_id_invalid"),
            ([article(1, "<b>x")], None, "Can't parse entities"),
        ]:
            query_id = fake_bot_api.inline_query("q")["inline_query"]["id"]
            with pytest.raises(BadRequest, match=error):
                await bot.answer_inline_query(query_id, results, next_offset=offset)


async def test_edit_not_modified_and_commands(fake_bot_api: FakeBotApi) -> None:
    async with fake_bot_api.bot() as bot:
        sent = await bot.send_message(5, "v1")
        edited = await bot.edit_message_text("v2", chat_id=5, message_id=sent.message_id)
        assert isinstance(edited, Message)
        assert edited.text == "v2"
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("v2", chat_id=5, message_id=sent.message_id)
        commands = [BotCommand("ask", "Ask the corpus"), BotCommand("dates", "Key dates")]
        assert await bot.set_my_commands(commands)
        assert [c.command for c in await bot.get_my_commands()] == ["ask", "dates"]
        with pytest.raises(BadRequest, match="Bot_command_invalid"):
            await bot.set_my_commands([BotCommand("Ask", "upper case")])
        with pytest.raises(BadRequest, match="Bot_command_description_invalid"):
            await bot.set_my_commands([BotCommand("ask", "d" * 257)])
    assert fake_bot_api.sent_messages(5)[-1]["text"] == "v2"


# ---------------------------------------------------------------------------- flood control


@pytest.mark.usefixtures("timedelta_env")
async def test_flood_control_surfaces_as_retry_after(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", times=1, retry_after=3)
    async with fake_bot_api.bot() as bot:
        with pytest.raises(RetryAfter) as info:
            await bot.send_message(1, "hi")
        assert info.value.retry_after.total_seconds() == 3  # type: ignore[union-attr]
        await bot.send_message(1, "hi")
    [failed] = fake_bot_api.errors("sendMessage")
    assert failed.status == 429
    assert failed.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }


@pytest.mark.usefixtures("timedelta_env")
async def test_rate_limiter_retries_after_flood_control(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", times=1, retry_after=1)
    app = _echo_app(fake_bot_api, rate_limiter=AIORateLimiter(max_retries=1))
    async with app:
        await app.process_update(Update.de_json(fake_bot_api.private_message("retry me"), app.bot))
    statuses = [call.status for call in fake_bot_api.history if call.method == "sendMessage"]
    assert statuses == [429, 200]


async def test_stop_answers_pending_long_polls_quickly() -> None:
    fake = FakeBotApi().start()
    async with httpx.AsyncClient(trust_env=False, timeout=10) as client:
        poll = asyncio.create_task(client.post(fake.method_url("getUpdates"), data={"timeout": 9}))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await asyncio.to_thread(fake.stop)
        assert time.monotonic() - started < 2
        response = await poll
    assert response.json() == {"ok": True, "result": []}
