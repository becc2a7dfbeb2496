"""Admin flows end to end: the application as `corpusbot run` builds it, over HTTP, against the
fake Bot API server on 127.0.0.1, by long polling and by webhook; builds in child processes."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import Secret, TelegramSettings
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, TOKEN, make_settings
from tests.support.fake_bot_api import FakeBotApi
from tests.support.serving import free_port, running
from tests.support.telegram_rules import parse_html

SECRET = "admin-secret_42"
GROUP = -1003333333333
READER = 5150
QUOKKA = "Where was the quokka summit held?"
SEED_QUESTION = "When did Azerbaijan join the Non-Aligned Movement?"
ARTICLE = b"""---
title: "The quokka summit"
published: 2021-06-01
---
The quokka summit of 2021 was held on Rottnest Island and agreed on nothing at all.
"""


@dataclass
class Live:
    """The running bot: the fake server, its corpus, and how to deliver an update."""

    fake: FakeBotApi
    corpus: Corpus
    deliver: Callable[[dict[str, Any]], Awaitable[None]]

    async def reply_to(self, update: dict[str, Any], count: int = 1) -> str:
        """Deliver `update` and return the text of the `count`-th message sent in its chat."""
        chat = update["message"]["chat"]["id"]

        def in_chat(params: dict[str, Any]) -> bool:
            return bool(params["chat_id"] == chat)

        before = len([p for p in self.fake.calls("sendMessage") if in_chat(p)])
        await self.deliver(update)
        call = await self.fake.await_for("sendMessage", in_chat, timeout=20, count=before + count)
        return parse_html(call["text"]).text

    async def edited(self, predicate: Callable[[str], bool]) -> str:
        """The text of the first edit whose text matches."""
        call = await self.fake.await_for(
            "editMessageText", lambda p: predicate(parse_html(p["text"]).text), timeout=30
        )
        return parse_html(call["text"]).text


@pytest.fixture(params=["polling", "webhook"])
async def live(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    seed_index: tuple[Path, Path],
    fake_bot_api: FakeBotApi,
) -> AsyncIterator[Live]:
    """The bot on its own copy of the indexed seed corpus, running against the fake server."""
    shutil.copytree(seed_index[0], tmp_path / "content")
    shutil.copytree(seed_index[1], tmp_path / "index", ignore=shutil.ignore_patterns("build.lock"))
    corpus = Corpus(tmp_path / "content", tmp_path / "index")
    webhook = request.param == "webhook"
    port = free_port() if webhook else None
    telegram = TelegramSettings(
        token=Secret(TOKEN),
        base_url=fake_bot_api.base_url,
        base_file_url=fake_bot_api.base_file_url,
        webhook_url=f"http://127.0.0.1:{port}/telegram" if webhook else None,
    )
    app = build_application(replace(make_settings(corpus), telegram=telegram), corpus)
    errors: list[BaseException] = []

    async def record(update: object, context: Any) -> None:
        errors.append(context.error)

    app.add_error_handler(record)

    async def deliver(update: dict[str, Any]) -> None:
        if webhook:
            assert await fake_bot_api.adeliver_webhook(update) == 200
        else:
            fake_bot_api.push_update(update)

    async with running(app, port, secret=SECRET, allowed_updates=ALLOWED_UPDATES):
        yield Live(fake_bot_api, corpus, deliver)
    assert errors == []
    assert [(c.method, c.error) for c in fake_bot_api.errors()] == []


async def test_reindex_while_questions_are_answered(
    live: Live, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = live.fake
    (live.corpus.content_dir / "quokka.md").write_bytes(ARTICLE)  # not indexed yet
    gate = tmp_path / "gate"  # the build waits for it after writing the new article
    monkeypatch.setenv("CORPUSBOT_TEST_BUILD_GATE", str(gate))
    started = await live.reply_to(fake.private_message("/reindex", user_id=ADMIN))
    assert started == "🔄 Reindexing (changed articles only)… reading the articles."
    # During the reindex: answered, from the old index.
    assert await live.reply_to(fake.private_message(QUOKKA, user_id=READER)) == (
        "The corpus does not say."
    )
    seed = await live.reply_to(fake.private_message(SEED_QUESTION, user_id=READER))
    assert "In 2011" in seed
    assert fake.calls("editMessageText") == []  # still running
    gate.touch()
    summary = await live.edited(lambda text: text.startswith("✅"))
    assert summary.startswith("✅ Reindex done (changed articles only) in ")
    assert "added 1 · updated 0 · removed 0 · unchanged 2 · skipped 0" in summary
    assert "Added: quokka.md" in summary
    # After it: answered from the new index.
    quokka = await live.reply_to(fake.private_message(QUOKKA, user_id=READER))
    assert "Rottnest Island" in quokka


async def test_add_a_good_and_a_bad_file_then_remove(live: Live) -> None:
    fake = live.fake
    content = live.corpus.content_dir
    before = sorted(p.name for p in content.iterdir())
    bad = fake.document_message("draft.md", b"no front matter here", caption="/add", user_id=ADMIN)
    refused = await live.reply_to(bad)
    assert refused.startswith("❌ Refused draft.md: no title") and "Nothing was saved." in refused
    assert sorted(p.name for p in content.iterdir()) == before

    good = fake.document_message("Quokka.md", ARTICLE, caption="/add", user_id=ADMIN)
    saved = await live.reply_to(good)
    assert saved == "Saved quokka.md: “The quokka summit”. Updating the index…"
    assert await live.edited(lambda t: t.startswith("✅ Added")) == (
        "✅ Added quokka.md: “The quokka summit”. It is in the answers now."
    )
    assert "Rottnest Island" in await live.reply_to(fake.private_message(QUOKKA, user_id=READER))

    removing = await live.reply_to(fake.private_message("/remove quokka.md", user_id=ADMIN))
    assert removing == "Removed quokka.md. Updating the index…"
    await live.edited(lambda t: t == "✅ Removed quokka.md. It is out of the answers now.")
    assert not (content / "quokka.md").exists()
    assert await live.reply_to(fake.private_message(QUOKKA, user_id=READER)) == (
        "The corpus does not say."
    )


async def test_stats_and_setup(live: Live) -> None:
    fake = live.fake
    await live.reply_to(fake.private_message(SEED_QUESTION, user_id=READER))
    await live.reply_to(fake.private_message("zebra crossing quarks", user_id=READER))
    stats = await live.reply_to(fake.private_message("/stats", user_id=ADMIN))
    assert stats.startswith("📊 Statistics\nCorpus: 2 articles, 44 passages, ")
    assert "Last reindex: " in stats and "Up for " in stats
    assert stats.endswith("Questions answered: 2; without an answer: 1 (50%)")

    fake.set_chat_member(GROUP, fake.bot_id, "administrator")
    setup = await live.reply_to(
        fake.group_message("/setup", chat_id=GROUP, user_id=ADMIN, title="NAM readers")
    )
    assert "✅ Privacy mode is on" in setup
    assert "✅ In “NAM readers” I am an administrator." in setup
    if fake.webhook_url:
        assert f"✅ Updates come by webhook to {fake.webhook_url}." in setup
    else:
        assert "✅ Updates come by polling; no webhook is set." in setup
    assert "✅ Index: 2 articles, 44 passages, built " in setup
    assert "⚠️" not in setup and "❌" not in setup


async def test_non_admins_are_refused(live: Live, caplog: pytest.LogCaptureFixture) -> None:
    fake = live.fake
    for update in (
        fake.private_message("/reindex full", user_id=READER),
        fake.group_message("/remove quokka.md", chat_id=GROUP, user_id=READER),
        fake.document_message("quokka.md", ARTICLE, caption="/add", user_id=READER),
    ):
        refusal = await live.reply_to(update)
        assert refusal.endswith("is only for the maintainers of this bot.")
    refused = [r.getMessage() for r in caplog.records if "refused admin" in r.getMessage()]
    assert refused == [
        f"refused admin command: user={READER} chat=private command=reindex",
        f"refused admin command: user={READER} chat=supergroup command=remove",
        f"refused admin command: user={READER} chat=private command=add",
    ]
    assert fake.calls("getFile") == [] and fake.calls("editMessageText") == []
    assert not (live.corpus.content_dir / "quokka.md").exists()
