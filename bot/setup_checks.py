"""What /setup checks, as plain verdicts: each a status, a sentence, and how to fix it.

The handler asks Telegram (getMe, getChatMember, getWebhookInfo) and the corpus service; the
functions here only judge what came back, so they are tested without either. Sentences come
from bot.texts; bot.render.setup_html escapes and lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from telegram import ChatMember, ChatMemberAdministrator, ChatMemberRestricted, User, WebhookInfo
from telegram.constants import ChatMemberStatus, ChatType

from bot import texts
from bot.formatting import plural, when_text
from index.models import IndexStats

Status = Literal["ok", "info", "warn", "fail"]
PENDING_WARN = 100  # updates waiting at Telegram before it looks like a delivery problem


@dataclass(frozen=True)
class Check:
    """One verdict of /setup."""

    status: Status
    text: str
    fix: str = ""


def bot_checks(me: User) -> list[Check]:
    """Privacy mode, inline mode and joining groups: the flags of getMe."""
    username = me.username or ""
    checks = [
        Check("info", texts.SETUP_PRIVACY_OFF, texts.SETUP_PRIVACY_OFF_FIX)
        if me.can_read_all_group_messages
        else Check("ok", texts.SETUP_PRIVACY_ON),
        Check("ok", texts.SETUP_INLINE_ON.format(bot=username))
        if me.supports_inline_queries
        else Check(
            "warn", texts.SETUP_INLINE_OFF.format(bot=username), texts.SETUP_INLINE_OFF_FIX
        ),
    ]
    if me.can_join_groups is False:
        checks.append(Check("warn", texts.SETUP_GROUPS_OFF, texts.SETUP_GROUPS_OFF_FIX))
    return checks


def chat_check(
    chat: str, chat_type: str, member: ChatMember | None, error: str | None = None
) -> Check:
    """The bot's rights in one chat (`chat` names it, `member` is getChatMember of the bot)."""
    if chat_type == ChatType.PRIVATE:
        return Check("info", texts.SETUP_CHAT_PRIVATE)
    if member is None:
        reason = error or "unknown"
        return Check(
            "fail",
            texts.SETUP_CHAT_UNKNOWN.format(chat=chat, reason=reason),
            texts.SETUP_CHAT_UNKNOWN_FIX,
        )
    channel = chat_type == ChatType.CHANNEL
    if member.status in (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED):
        return Check(
            "fail", texts.SETUP_CHAT_ABSENT.format(chat=chat), texts.SETUP_CHAT_ABSENT_FIX
        )
    if isinstance(member, ChatMemberAdministrator):
        if channel and not member.can_post_messages:
            text = texts.SETUP_CHAT_CANNOT_POST.format(chat=chat)
            return Check("fail", text, texts.SETUP_CHAT_CANNOT_POST_FIX)
        return Check("ok", texts.SETUP_CHAT_ADMIN.format(chat=chat))
    if member.status == ChatMemberStatus.OWNER:
        return Check("ok", texts.SETUP_CHAT_ADMIN.format(chat=chat))
    if channel:
        text = texts.SETUP_CHAT_CHANNEL_MEMBER.format(chat=chat)
        return Check("fail", text, texts.SETUP_CHAT_CHANNEL_FIX)
    if isinstance(member, ChatMemberRestricted) and not member.can_send_messages:
        text = texts.SETUP_CHAT_RESTRICTED.format(chat=chat)
        return Check("fail", text, texts.SETUP_CHAT_RESTRICTED_FIX)
    return Check("ok", texts.SETUP_CHAT_MEMBER.format(chat=chat))


def webhook_checks(configured: str | None, info: WebhookInfo) -> list[Check]:
    """Polling or webhook as configured, what Telegram holds, and its delivery errors."""
    checks: list[Check] = []
    if not configured:
        if info.url:
            text = texts.SETUP_POLLING_WEBHOOK.format(url=info.url)
            checks.append(Check("fail", text, texts.SETUP_POLLING_WEBHOOK_FIX))
        else:
            checks.append(Check("ok", texts.SETUP_POLLING))
    elif info.url != configured:
        text = texts.SETUP_WEBHOOK_OTHER.format(actual=info.url or "nowhere", url=configured)
        checks.append(Check("fail", text, texts.SETUP_WEBHOOK_OTHER_FIX))
    else:
        checks.append(Check("ok", texts.SETUP_WEBHOOK.format(url=configured)))
    if info.pending_update_count >= PENDING_WARN:
        text = texts.SETUP_PENDING.format(count=info.pending_update_count)
        checks.append(Check("warn", text, texts.SETUP_PENDING_FIX))
    if info.last_error_message:
        when = when_text(info.last_error_date) or "unknown time"
        text = texts.SETUP_WEBHOOK_ERROR.format(when=when, error=info.last_error_message)
        checks.append(Check("warn", text, texts.SETUP_WEBHOOK_ERROR_FIX))
    return checks


def index_checks(
    stats: IndexStats | None, last_build: dict[str, Any], content_writable: bool
) -> list[Check]:
    """The index exists, holds articles, and the last build skipped nothing."""
    checks: list[Check] = []
    if stats is None:
        checks.append(Check("fail", texts.SETUP_INDEX_MISSING, texts.SETUP_INDEX_MISSING_FIX))
    elif not stats.articles:
        checks.append(Check("warn", texts.SETUP_INDEX_EMPTY, texts.SETUP_INDEX_EMPTY_FIX))
    else:
        text = texts.SETUP_INDEX_OK.format(
            articles=plural(stats.articles, texts.ARTICLES_ONE, texts.ARTICLES),
            passages=plural(stats.passages, texts.PASSAGES_ONE, texts.PASSAGES),
            when=when_text(stats.built_at) or "at an unknown time",
        )
        checks.append(Check("ok", text))
    skipped = last_build.get("skipped")
    if isinstance(skipped, int) and skipped > 0:
        text = texts.SETUP_INDEX_SKIPPED.format(count=skipped)
        checks.append(Check("warn", text, texts.SETUP_INDEX_SKIPPED_FIX))
    if not content_writable:
        checks.append(
            Check("fail", texts.SETUP_CONTENT_READONLY, texts.SETUP_CONTENT_READONLY_FIX)
        )
    return checks
