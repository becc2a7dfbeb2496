"""Groups (privacy mode: commands, mentions, replies to the bot) and channels."""

from __future__ import annotations

from bot import texts
from tests.bot.conftest import BOT_USERNAME, Harness, button
from tests.support.telegram_rules import parse_html

QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"
GROUP = -1001000000001
CHANNEL = -1009000000001


async def test_ordinary_chatter_is_ignored(bot: Harness) -> None:
    for text in ("hello everyone", QUESTION, "/ask@other_bot " + QUESTION, "@someone_else hi"):
        await bot.send(bot.rec.group_message(text, chat_id=GROUP))
    assert bot.rec.calls("sendMessage") == []
    assert bot.rec.calls("sendChatAction") == []


async def test_ask_command_addressed_to_the_bot_replies_to_the_asker(bot: Harness) -> None:
    update = bot.rec.group_message(f"/ask@{BOT_USERNAME} {QUESTION}", chat_id=GROUP)
    await bot.send(update)
    call = bot.rec.last("sendMessage")
    assert call["chat_id"] == GROUP
    assert call["reply_parameters"]["message_id"] == update["message"]["message_id"]
    assert call["text"].startswith(f"❓ <i>{QUESTION}</i>")


async def test_a_mention_with_a_question_is_answered(bot: Harness) -> None:
    await bot.send(bot.rec.group_message(f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP))
    assert bot.rec.last("sendMessage")["text"].startswith(f"❓ <i>{QUESTION}</i>")


async def test_a_bare_mention_gets_usage(bot: Harness) -> None:
    await bot.send(bot.rec.group_message(f"@{BOT_USERNAME}", chat_id=GROUP))
    text = parse_html(bot.rec.last("sendMessage")["text"]).text
    assert text.startswith(f"Ask me something after my name, e.g. @{BOT_USERNAME} ")


async def test_a_reply_to_the_bot_is_a_question(bot: Harness) -> None:
    await bot.send(bot.rec.group_message(f"/sources@{BOT_USERNAME}", chat_id=GROUP))
    answer = bot.rec.sent_messages(GROUP)[-1]
    await bot.send(bot.rec.group_message("What is NAM?", chat_id=GROUP, reply_to_message=answer))
    assert bot.rec.last("sendMessage")["text"].startswith("❓ <i>What is NAM?</i>")


async def test_a_reply_to_someone_else_is_ignored(bot: Harness) -> None:
    other = bot.rec.group_message("Who knows about NAM?", chat_id=GROUP, user_id=77)
    await bot.send(other)
    reply = bot.rec.group_message("I do", chat_id=GROUP, reply_to_message=other["message"])
    await bot.send(reply)
    assert bot.rec.calls("sendMessage") == []


async def test_ask_in_reply_to_a_message_asks_that_message(bot: Harness) -> None:
    other = bot.rec.group_message("What is NAM?", chat_id=GROUP, user_id=77)
    await bot.send(other)
    await bot.send(
        bot.rec.group_message(
            f"/ask@{BOT_USERNAME}", chat_id=GROUP, reply_to_message=other["message"]
        )
    )
    assert bot.rec.last("sendMessage")["text"].startswith("❓ <i>What is NAM?</i>")


async def test_answers_stay_in_the_forum_topic(bot: Harness) -> None:
    update = bot.rec.group_message(
        f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP, message_thread_id=42
    )
    await bot.send(update)
    assert bot.rec.last("sendChatAction")["message_thread_id"] == 42
    call = bot.rec.last("sendMessage")
    assert call["message_thread_id"] == 42
    assert call["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_buttons_in_a_group_send_key_dates_as_a_reply_in_the_topic(bot: Harness) -> None:
    await bot.send(
        bot.rec.group_message(f"@{BOT_USERNAME} {QUESTION}", chat_id=GROUP, message_thread_id=7)
    )
    answer = bot.rec.sent_messages(GROUP)[-1]
    await bot.send(bot.rec.callback_query(button(answer, "Key dates"), answer, user_id=55))
    call = bot.rec.last("sendMessage")
    assert call["message_thread_id"] == 7
    assert call["reply_parameters"]["message_id"] == answer["message_id"]
    assert parse_html(call["text"]).text.startswith(f"🗓 Key dates: {QUESTION}")


async def test_group_commands_without_arguments(bot: Harness) -> None:
    await bot.send(bot.rec.group_message(f"/ask@{BOT_USERNAME}", chat_id=GROUP))
    assert parse_html(bot.rec.last("sendMessage")["text"]).text == texts.ASK_USAGE.format(
        example=texts.ASK_USAGE_EXAMPLE
    )


async def test_channel_post_with_ask_gets_the_answer_as_a_reply(bot: Harness) -> None:
    post = bot.rec.channel_post(f"/ask {QUESTION}", chat_id=CHANNEL)
    await bot.send(post)
    call = bot.rec.last("sendMessage")
    assert call["chat_id"] == CHANNEL
    assert call["reply_parameters"]["message_id"] == post["channel_post"]["message_id"]
    assert call["text"].startswith(f"❓ <i>{QUESTION}</i>")


async def test_channel_post_mentioning_the_bot_is_answered(bot: Harness) -> None:
    await bot.send(bot.rec.channel_post(f"What is NAM? @{BOT_USERNAME}", chat_id=CHANNEL))
    assert bot.rec.last("sendMessage")["text"].startswith("❓ <i>What is NAM?</i>\n\n<blockquote>")


async def test_other_channel_posts_are_ignored(bot: Harness) -> None:
    await bot.send(bot.rec.channel_post("Today's news: NAM summit.", chat_id=CHANNEL))
    await bot.send(bot.rec.channel_post("/sources", chat_id=CHANNEL))
    assert bot.rec.calls("sendMessage") == []
