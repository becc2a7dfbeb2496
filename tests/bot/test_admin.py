"""Admin commands through the real application on a RecordingRequest: who may use them, the
command menus, and what each one says (builds run in a real child process)."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import ADMIN_COMMANDS, COMMANDS
from bot.handlers.jobs import stop_jobs
from index.corpus import Corpus
from tests.bot.conftest import ADMIN, Harness, make_settings, open_harness
from tests.support.recording_request import RecordingRequest
from tests.support.telegram_rules import parse_html

GROUP = -1001234567890
STRANGER = 777
GOOD = b"""---
title: "The quokka summit"
published: 2021-06-01
---
The quokka summit of 2021 was held on an island and agreed on nothing at all.
"""


@pytest.fixture
def own_corpus(tmp_path: Path, seed_index: tuple[Path, Path]) -> Corpus:
    """A copy of the indexed seed corpus that a test may change."""
    content, index = seed_index
    shutil.copytree(content, tmp_path / "content")
    shutil.copytree(index, tmp_path / "index", ignore=shutil.ignore_patterns("build.lock"))
    return Corpus(tmp_path / "content", tmp_path / "index")


@pytest.fixture
async def admin_bot(
    own_corpus: Corpus, recording_request: RecordingRequest
) -> AsyncIterator[Harness]:
    """The application on its own corpus; stopped as run_polling stops it (post_stop too)."""
    harness = await open_harness(make_settings(own_corpus), own_corpus, recording_request)
    app = harness.app
    async with app:
        await app.post_init(app)  # type: ignore[misc]
        yield harness
        await app.post_stop(app)  # type: ignore[misc]
        await app.post_shutdown(app)  # type: ignore[misc]
    assert harness.errors == []
    assert [(c.method, c.error) for c in recording_request.errors()] == []


def _text(call: Any) -> str:
    return parse_html(call["text"]).text


def _files(corpus: Corpus) -> list[str]:
    return sorted(p.name for p in corpus.content_dir.rglob("*"))


async def test_admin_commands_are_in_the_admins_menu_only(admin_bot: Harness) -> None:
    calls = admin_bot.rec.calls("setMyCommands")
    (everyone,) = [c for c in calls if "scope" not in c]
    (admin,) = [c for c in calls if c.get("scope") == {"type": "chat", "chat_id": ADMIN}]
    assert [c["command"] for c in everyone["commands"]] == [c.name for c in COMMANDS]
    names = [c["command"] for c in admin["commands"]]
    assert names == [c.name for c in COMMANDS + ADMIN_COMMANDS]
    assert names[-7:] == ["reindex", "add", "remove", "feed", "stats", "setup", "feedback"]


async def test_an_admin_menu_that_failed_is_set_at_their_first_message(
    own_corpus: Corpus, recording_request: RecordingRequest
) -> None:
    rec = recording_request
    harness = await open_harness(make_settings(own_corpus), own_corpus, rec)
    original = rec.execute
    started = []  # the admin has not talked to the bot before it started

    def no_chat_yet(method: str, params: Any, **kwargs: Any) -> Any:
        if method == "setMyCommands" and params.get("scope") and not started:
            return rec._record(  # what Telegram answers for a user who never started the bot
                method,
                dict(params),
                400,
                {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
            )
        return original(method, params, **kwargs)

    rec.execute = no_chat_yet  # type: ignore[method-assign]
    async with harness.app:
        await harness.app.post_init(harness.app)  # type: ignore[misc]
        assert len(rec.calls("setMyCommands")) == 2
        started.append(True)
        await harness.send(rec.private_message("/start", user_id=ADMIN))
        await harness.send(rec.private_message("/help", user_id=ADMIN))
        await harness.app.post_shutdown(harness.app)  # type: ignore[misc]
    scoped = [c for c in rec.history if c.method == "setMyCommands" and c.params.get("scope")]
    assert [c.status for c in scoped] == [400, 200]


@pytest.mark.parametrize("chat", ["private", "group"])
@pytest.mark.parametrize(
    "command",
    [
        "/reindex",
        "/reindex full",
        "/add",
        "/remove azerbaijan-leads-non-aligned-movement.md",
        "/stats",
        "/setup",
    ],
)
async def test_others_are_refused_and_the_attempt_is_logged(
    bot: Harness,
    corpus: Corpus,
    caplog: pytest.LogCaptureFixture,
    chat: str,
    command: str,
) -> None:
    rec = bot.rec
    before = _files(corpus)
    generation = corpus.stats().generation
    update = (
        rec.private_message(command, user_id=STRANGER)
        if chat == "private"
        else rec.group_message(command, chat_id=GROUP, user_id=STRANGER)
    )
    with caplog.at_level(logging.INFO):
        await bot.send(update)
    name = command.split()[0][1:]
    assert (
        _text(rec.last("sendMessage"))
        == f"Sorry, /{name} is only for the maintainers of this bot."
    )
    kind = "private" if chat == "private" else "supergroup"
    (record,) = [r for r in caplog.records if "refused" in r.getMessage()]
    assert (
        record.getMessage() == f"refused admin command: user={STRANGER} chat={kind} command={name}"
    )
    assert record.levelno == logging.WARNING
    assert command not in caplog.text
    assert _files(corpus) == before
    assert corpus.stats().generation == generation
    assert not bot.app.bot_data.get("corpusbot.jobs")


@pytest.mark.parametrize("caption", ["/add", "/add replace"])
async def test_a_file_from_someone_else_is_refused_and_not_downloaded(
    admin_bot: Harness, own_corpus: Corpus, caption: str
) -> None:
    rec = admin_bot.rec
    before = _files(own_corpus)
    await admin_bot.send(
        rec.document_message("quokka.md", GOOD, caption=caption, user_id=STRANGER)
    )
    assert _text(rec.last("sendMessage")) == "Sorry, /add is only for the maintainers of this bot."
    assert rec.calls("getFile") == []
    document = rec.document_message("quokka.md", GOOD, chat_id=GROUP, user_id=STRANGER)
    await admin_bot.send(
        rec.group_message(
            "/add", chat_id=GROUP, user_id=STRANGER, reply_to_message=document["message"]
        )
    )
    assert rec.calls("getFile") == []
    assert _files(own_corpus) == before


async def test_a_document_without_add_gets_a_hint_for_admins_only(admin_bot: Harness) -> None:
    rec = admin_bot.rec
    await admin_bot.send(rec.document_message("quokka.md", GOOD, user_id=STRANGER))
    assert rec.calls("sendMessage") == []
    await admin_bot.send(rec.document_message("quokka.md", GOOD, user_id=ADMIN))
    assert _text(rec.last("sendMessage")).startswith("To add this file to the corpus, reply /add")


async def test_add_by_reply_in_a_group(admin_bot: Harness, own_corpus: Corpus) -> None:
    rec = admin_bot.rec
    document = rec.document_message("Quokka Summit.md", GOOD, chat_id=GROUP, user_id=ADMIN)
    await admin_bot.send(
        rec.group_message(
            "/add", chat_id=GROUP, user_id=ADMIN, reply_to_message=document["message"]
        )
    )
    assert (own_corpus.content_dir / "quokka-summit.md").read_bytes() == GOOD
    assert _text(rec.last("editMessageText")) == (
        "✅ Added quokka-summit.md: “The quokka summit”. It is in the answers now."
    )
    assert own_corpus.ask("quokka summit island", 1).passages


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.pdf", b"%PDF-1.4", "❌ Refused: notes.pdf is not a .md, .txt or .html file."),
        ("empty.md", b"---\ntitle: Empty\n---\n", "❌ Refused empty.md: "),
        ("page.html", b"<html><body><p>hi</p></body></html>", "❌ Refused page.html: "),
        ("latin.txt", "Caf\xe9".encode("latin-1"), "❌ Refused latin.txt: "),
    ],
)
async def test_add_refuses_a_bad_file_with_the_reason_and_writes_nothing(
    admin_bot: Harness, own_corpus: Corpus, name: str, data: bytes, reason: str
) -> None:
    rec = admin_bot.rec
    before = _files(own_corpus)
    await admin_bot.send(rec.document_message(name, data, caption="/add", user_id=ADMIN))
    text = _text(rec.last("sendMessage"))
    assert text.startswith(reason) and text.endswith("Nothing was saved.")
    assert _files(own_corpus) == before
    assert not admin_bot.app.bot_data["corpusbot.service"].building


async def test_add_an_existing_name_needs_replace(admin_bot: Harness, own_corpus: Corpus) -> None:
    rec = admin_bot.rec
    name = "azerbaijan-leads-non-aligned-movement.md"
    await admin_bot.send(rec.document_message(name, GOOD, caption="/add", user_id=ADMIN))
    assert "already exists" in _text(rec.last("sendMessage"))
    await admin_bot.send(rec.document_message(name, GOOD, caption="/add replace", user_id=ADMIN))
    assert _text(rec.last("editMessageText")).startswith(f"✅ Added {name}")
    assert (own_corpus.content_dir / name).read_bytes() == GOOD


async def test_add_refuses_a_file_over_the_limit_before_downloading(admin_bot: Harness) -> None:
    rec = admin_bot.rec
    update = rec.document_message("big.md", b"x", caption="/add", user_id=ADMIN)
    update["message"]["document"]["file_size"] = 50 * 1024 * 1024
    await admin_bot.send(update)
    assert _text(rec.last("sendMessage")) == (
        "❌ Refused: big.md is 52.4 MB; the limit is 8.4 MB. Nothing was saved."
    )
    assert rec.calls("getFile") == []


async def test_add_usage(admin_bot: Harness) -> None:
    await admin_bot.send(admin_bot.rec.private_message("/add", user_id=ADMIN))
    assert _text(admin_bot.rec.last("sendMessage")).startswith("Send a .md, .txt or .html file")


async def test_remove_suggests_close_ids_and_removes(
    admin_bot: Harness, own_corpus: Corpus
) -> None:
    rec = admin_bot.rec
    await admin_bot.send(rec.private_message("/remove", user_id=ADMIN))
    assert _text(rec.last("sendMessage")).startswith(
        "Send the article's id after the command, e.g. /remove "
    )
    await admin_bot.send(rec.private_message("/remove azerbaijan", user_id=ADMIN))
    assert _text(rec.last("sendMessage")) == (
        "There is no article azerbaijan. Nothing was removed.\n"
        "Did you mean:\nazerbaijan-leads-non-aligned-movement.md"
    )
    await admin_bot.send(rec.private_message("/remove ../pyproject.toml", user_id=ADMIN))
    assert _text(rec.last("sendMessage")).startswith("There is no article ../pyproject.toml.")
    target = "azerbaijan-leads-non-aligned-movement.md"
    await admin_bot.send(rec.private_message(f"/remove {target}", user_id=ADMIN))
    assert (
        _text(rec.last("editMessageText")) == f"✅ Removed {target}. It is out of the answers now."
    )
    assert not (own_corpus.content_dir / target).exists()
    assert [s.article_id for s in own_corpus.sources()] == [
        "apa-2020-05-05-role-of-non-aligned-movement-increases.md"
    ]


async def test_setup_in_a_group_where_the_bot_is_a_member(admin_bot: Harness) -> None:
    rec = admin_bot.rec
    await admin_bot.send(rec.group_message("/setup", chat_id=GROUP, user_id=ADMIN))
    (message,) = [_text(c) for c in rec.calls("sendMessage")]
    assert "✅ In “Test Group” I am a member: enough to answer commands" in message
    assert "✅ Updates come by polling; no webhook is set." in message
    assert "✅ Index: 2 articles" in message
    await admin_bot.send(rec.private_message("/setup @nowhere_channel", user_id=ADMIN))
    assert (
        "❌ In @nowhere_channel I am not an administrator, so I do not see its posts.\n"
        "Fix: channel settings → Administrators → add me with “Post messages”."
    ) in _text(rec.last("sendMessage"))


async def test_a_second_reindex_is_told_one_is_running(
    admin_bot: Harness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rec = admin_bot.rec
    gate = tmp_path / "gate"
    monkeypatch.setenv("CORPUSBOT_TEST_BUILD_GATE", str(gate))
    await admin_bot.send(rec.private_message("/reindex full", user_id=ADMIN))
    await admin_bot.send(rec.private_message("/reindex", user_id=ADMIN))
    await admin_bot.send(rec.document_message("quokka.md", GOOD, caption="/add", user_id=ADMIN))
    texts = [_text(c) for c in rec.calls("sendMessage")]
    assert texts == [
        "🔄 Reindexing (full rebuild)… reading the articles.",
        "A reindex is running already; I will post its summary here when it is done.",
        "A reindex is running; send /add again when it is done. Nothing was saved.",
    ]
    gate.touch()
    summary = await rec.await_for("editMessageText", lambda p: "done" in p["text"], timeout=20)
    assert _text(summary).startswith("✅ Reindex done (full rebuild) in ")
    assert "added 0 · updated 0 · removed 0 · unchanged 2 · skipped 0" in _text(summary)


async def test_stopping_the_bot_stops_a_running_reindex(
    admin_bot: Harness, own_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    rec = admin_bot.rec
    (own_corpus.content_dir / "quokka.md").write_bytes(GOOD)
    live = (own_corpus.index_dir / "CURRENT").read_text()
    monkeypatch.setenv("CORPUSBOT_TEST_BUILD_GATE", str(own_corpus.index_dir.parent / "never"))
    await admin_bot.send(rec.private_message("/reindex full", user_id=ADMIN))
    lock = own_corpus.index_dir / "build.lock"
    while "pid" not in (lock.read_text() if lock.exists() else ""):
        await asyncio.sleep(0.02)  # the build process holds the lock
    await stop_jobs(admin_bot.app.bot_data)  # what post_stop does
    assert _text(rec.last("editMessageText")) == (
        "❌ Reindex interrupted: the bot is stopping. Send /reindex again after it restarts."
    )
    assert not admin_bot.app.bot_data["corpusbot.service"].building
    assert (own_corpus.index_dir / "CURRENT").read_text() == live
    assert own_corpus.ask("quokka summit island", 1).passages == ()


# -- issue 12, item 12: a command-line build holding the lock; redelivered commands -------------


async def test_add_and_remove_are_refused_before_writing_while_a_cli_build_runs(
    admin_bot: Harness, own_corpus: Corpus
) -> None:
    from index.store import build_lock

    rec = admin_bot.rec
    before = _files(own_corpus)
    target = "azerbaijan-leads-non-aligned-movement.md"
    with build_lock(own_corpus.index_dir):  # as `corpusbot index` holds it
        await admin_bot.send(rec.document_message("q.md", GOOD, caption="/add", user_id=ADMIN))
        assert _text(rec.last("sendMessage")) == (
            "The index is being built from the command line; send /add again when it is "
            "done. Nothing was saved."
        )
        await admin_bot.send(rec.private_message(f"/remove {target}", user_id=ADMIN))
        assert _text(rec.last("sendMessage")) == (
            "The index is being built from the command line; send /remove again when it is "
            "done. Nothing was removed."
        )
    assert _files(own_corpus) == before
    assert rec.calls("getFile") == []
    assert rec.calls("editMessageText") == []


async def test_a_redelivered_add_is_done_once(admin_bot: Harness, own_corpus: Corpus) -> None:
    # A bot killed with SIGKILL has not confirmed the update: Telegram delivers it again.
    rec = admin_bot.rec
    update = rec.document_message("Quokka Summit.md", GOOD, caption="/add", user_id=ADMIN)
    await admin_bot.send(update)
    await admin_bot.send(update)
    done = "✅ Added quokka-summit.md: “The quokka summit”. It is in the answers now."
    assert [_text(c) for c in rec.calls("editMessageText")] == [done, done]
    assert "already exists" not in " ".join(_text(c) for c in rec.calls("sendMessage"))
    assert (own_corpus.content_dir / "quokka-summit.md").read_bytes() == GOOD


async def test_a_redelivered_remove_is_done_once(admin_bot: Harness, own_corpus: Corpus) -> None:
    rec = admin_bot.rec
    target = "azerbaijan-leads-non-aligned-movement.md"
    (own_corpus.content_dir / target).unlink()  # killed after deleting, before indexing
    assert target in [s.article_id for s in own_corpus.sources()]
    await admin_bot.send(rec.private_message(f"/remove {target}", user_id=ADMIN))
    assert _text(rec.last("editMessageText")) == (
        f"✅ Removed {target}. It is out of the answers now."
    )
    assert target not in [s.article_id for s in own_corpus.sources()]
