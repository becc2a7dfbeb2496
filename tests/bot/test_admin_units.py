"""The pieces of the admin commands on their own: progress lines, the build process's report,
the throttled progress message, summaries, /setup verdicts, close ids, `corpusbot health`."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import itertools
import json
import socket
from pathlib import Path
from typing import Any

import pytest
from telegram import (
    ChatMemberAdministrator,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberRestricted,
    User,
    WebhookInfo,
)

from bot import formatting, jsonout, render, texts
from bot.cli import main
from bot.handlers.admin import close_ids
from bot.handlers.jobs import ProgressMessage
from bot.progress import BuildProgress, JsonProgress, error_line, read_line
from bot.reindex import BuildFailed, report_from_json, run_build
from bot.service import Activity, BuildBusy, CorpusService
from bot.setup_checks import bot_checks, chat_check, index_checks, webhook_checks
from index.corpus import Corpus
from index.models import BuildReport, IndexStats, SkippedFile
from tests.support.telegram_rules import parse_html

# -- the progress protocol ----------------------------------------------------------------------


def test_progress_lines_are_throttled_but_the_last_is_always_written() -> None:
    stream = io.StringIO()
    now = [0.0]
    progress = JsonProgress(stream, every=1.0, clock=lambda: now[0])
    for done in range(1, 6):
        progress(done, 5, f"a{done}.md")
        now[0] += 0.3
    lines = [read_line(line) for line in stream.getvalue().splitlines()]
    assert lines == [BuildProgress(1, 5, "a1.md"), BuildProgress(5, 5, "a5.md")]


def test_read_line_tells_progress_errors_and_anything_else_apart() -> None:
    assert read_line(error_line("another build is running")) == "another build is running"
    assert read_line('{"event": "progress", "done": 2, "total": 4}') == BuildProgress(2, 4)
    assert read_line("Traceback (most recent call last):") is None
    assert read_line('{"event": "progress", "done": "2"}') is None
    assert read_line("[1, 2]") is None
    assert BuildProgress(1, 3).percent == 33
    assert BuildProgress(0, 0).percent == 0


def test_the_cli_writes_json_progress(
    seed_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, index = seed_copy
    args = ["index", "--full", "--json", "--progress-json", "--content", str(content)]
    assert main([*args, "--index", str(index)]) == 0
    captured = capsys.readouterr()
    last = read_line(captured.err.splitlines()[-1])
    assert last == BuildProgress(2, 2, "azerbaijan-leads-non-aligned-movement.md")
    assert json.loads(captured.out)["full"] is True


def test_a_build_report_survives_the_trip_through_json() -> None:
    report = BuildReport(
        full=False,
        added=("a.md",),
        updated=("b.md",),
        removed=("c.md",),
        unchanged=("d.md", "e.md"),
        skipped=(SkippedFile("f.md", "no title"),),
        seconds=1.25,
        generation="gen-1",
        passages=42,
    )
    assert report_from_json(jsonout.build_json(report)) == report


# -- the build process -------------------------------------------------------------------------


@pytest.fixture
def seed_copy(tmp_path: Path) -> tuple[Path, Path]:
    from tests.conftest import SEED_CONTENT

    content = tmp_path / "content"
    content.mkdir()
    for path in SEED_CONTENT.iterdir():
        (content / path.name).write_bytes(path.read_bytes())
    return content, tmp_path / "index"


async def test_run_build_reports_progress_and_the_report(seed_copy: tuple[Path, Path]) -> None:
    content, index = seed_copy
    seen: list[BuildProgress] = []
    report = await run_build(content, index, full=True, on_progress=seen.append)
    assert report.full and len(report.added) == 2 and report.passages > 0
    assert seen[-1] == BuildProgress(2, 2, "azerbaijan-leads-non-aligned-movement.md")
    again = await run_build(content, index)
    assert again.unchanged == report.added and not again.added


async def test_the_working_directory_shadows_nothing_in_the_build_process(
    seed_copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A yaml.py in the bot's working directory must not run, and an index kept in ./index
    # must not stand in for the index package (issue 12, item 8).
    content, _ = seed_copy
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    marker = tmp_path / "yaml-ran"
    (cwd / "yaml.py").write_text(
        f"open({str(marker)!r}, 'w').close()\nraise SystemExit(9)\n", encoding="utf-8"
    )
    monkeypatch.chdir(cwd)
    report = await run_build(content, cwd / "index")
    assert len(report.added) == 2
    assert not marker.exists()


async def test_run_build_fails_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed, match="content"):
        await run_build(tmp_path / "missing", tmp_path / "index")


async def test_a_cancelled_build_stops_its_process(
    seed_copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    content, index = seed_copy
    monkeypatch.setenv("CORPUSBOT_TEST_BUILD_GATE", str(tmp_path / "never"))
    seen: list[BuildProgress] = []
    task = asyncio.create_task(run_build(content, index, on_progress=seen.append))
    while not seen:  # the first article is written; the build now waits at the gate
        await asyncio.sleep(0.02)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 10)
    monkeypatch.delenv("CORPUSBOT_TEST_BUILD_GATE")
    report = await run_build(content, index)  # the build lock was released
    assert len(report.added) == 2


async def test_one_build_slot_at_a_time(seed_copy: tuple[Path, Path]) -> None:
    service = CorpusService(Corpus(*seed_copy))
    with service.claim_build() as slot:
        assert service.building
        with pytest.raises(BuildBusy):
            service.claim_build()
        await slot.build()
    assert not service.building
    with pytest.raises(RuntimeError):
        await slot.build()
    with service.claim_build():
        pass


def test_questions_are_counted_without_their_text(seed_copy: tuple[Path, Path]) -> None:
    service = CorpusService(Corpus(*seed_copy))
    service.count_question(answered=True)
    service.count_question(answered=False)
    activity = service.activity()
    assert (activity.questions, activity.unanswered, activity.building) == (2, 1, False)
    assert not any(isinstance(value, str) for value in vars(service).values())


# -- the progress message --------------------------------------------------------------------


class FakeMessage:
    """What ProgressMessage uses of a telegram.Message: edits (timed) and the chat."""

    chat_id = 7
    message_thread_id = None
    is_topic_message = False

    def __init__(self) -> None:
        self.edits: list[tuple[float, str]] = []
        self.sent: list[str] = []

    async def edit_text(self, text: str) -> None:
        self.edits.append((asyncio.get_running_loop().time(), text))

    def get_bot(self) -> FakeMessage:
        return self

    async def send_message(self, chat_id: int, text: str, **kwargs: Any) -> None:
        self.sent.append(text)


async def test_progress_edits_are_throttled_and_never_repeat() -> None:
    message = FakeMessage()
    progress = ProgressMessage(message, "start", every=0.1)  # type: ignore[arg-type]
    async with progress.live():
        for step in range(30):
            progress.want(f"step {step // 3}")
            await asyncio.sleep(0.02)
        progress.want("step 9")
        await asyncio.sleep(0.25)
    await progress.finish(["done", "more"])
    times = [moment for moment, _ in message.edits]
    shown = [text for _, text in message.edits]
    assert all(b - a >= 0.099 for a, b in itertools.pairwise(times))
    assert all(a != b for a, b in zip(["start", *shown], shown, strict=False))
    assert shown[-1] == "done" and "step 9" in shown and len(shown) < 10
    assert message.sent == ["more"]


async def test_a_quick_job_shows_its_end_at_once() -> None:
    message = FakeMessage()
    progress = ProgressMessage(message, "start", every=10)  # type: ignore[arg-type]
    async with progress.live():
        progress.want("halfway")
    await progress.finish(["done"])
    assert [text for _, text in message.edits] == ["done"]


# -- rendering -------------------------------------------------------------------------------


def test_a_huge_summary_is_escaped_and_fits() -> None:
    ids = tuple(f"dir/<b>&{n:04d}-" + "x" * 150 + ".md" for n in range(400))
    report = BuildReport(
        full=True,
        added=ids,
        removed=ids[:3],
        skipped=tuple(SkippedFile(i, "bad <yaml> & " + "y" * 400) for i in ids),
        seconds=75.3,
        passages=1,
    )
    messages = render.reindex_summary_html(report)
    assert messages and all(render.fits(m) for m in messages)
    text = "\n".join(parse_html(m).text for m in messages)
    assert text.startswith("✅ Reindex done (full rebuild) in 1 min 15 s.")
    assert "added 400 · updated 0 · removed 3 · unchanged 0 · skipped 400" in text
    assert "1 passage written." in text
    assert "… and 385 more" in text
    assert "dir/<b>&0000-" in text


def test_progress_text() -> None:
    assert render.reindex_progress_html(False, None) == (
        "🔄 Reindexing (changed articles only)… reading the articles."
    )
    assert render.reindex_progress_html(True, BuildProgress(50, 200)) == (
        "🔄 Reindexing (full rebuild)… 50 of 200 articles written (25%)."
    )
    assert render.reindex_progress_html(True, BuildProgress(200, 200)) == (
        "🔄 Reindexing (full rebuild)… 200 articles written, saving the index."
    )


def test_stats_text() -> None:
    stats = IndexStats(
        articles=2,
        passages=44,
        dates=1,
        size_bytes=353_300,
        generation="gen-1",
        built_at=dt.datetime(2026, 11, 22, 10, 53, tzinfo=dt.UTC),
        build_seconds=0.42,
    )
    text = parse_html(render.stats_html(stats, Activity(3725, 8, 2, True))).text
    assert text == (
        "📊 Statistics\n"
        "Corpus: 2 articles, 44 passages, 1 key date\n"
        "Index size: 353.3 KB\n"
        "Last reindex: 22 November 2026 10:53 UTC, took 0.42 s\n"
        "A reindex is running now.\n"
        "Up for 1 h 2 min\n"
        "Questions answered: 8; without an answer: 2 (25%)"
    )
    empty = parse_html(render.stats_html(None, Activity(5, 0, False, False))).text
    assert "No index yet: send /reindex." in empty
    assert "Questions answered: none yet" in empty


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.04, "0.04 s"),
        (1.25, "1.2 s"),
        (9.96, "10.0 s"),
        (12.4, "12 s"),
        (125, "2 min 5 s"),
        (90061, "1 d 1 h"),
    ],
)
def test_durations(seconds: float, text: str) -> None:
    assert formatting.duration_text(seconds) == text


def test_close_ids() -> None:
    ids = ["2020/apa-role.md", "azerbaijan-leads.md", "notes/azerbaijan-2019.md", "x.md"]
    assert close_ids("azerbaijan", ids) == ["azerbaijan-leads.md", "notes/azerbaijan-2019.md"]
    assert close_ids("2020/apa-rol.md", ids) == ["2020/apa-role.md"]
    assert close_ids("zzz", ids) == []


# -- /setup verdicts --------------------------------------------------------------------------


def _me(**flags: Any) -> User:
    return User(1, "Bot", True, username="corpus_test_bot", **flags)


def test_bot_checks() -> None:
    good = bot_checks(
        _me(can_read_all_group_messages=False, supports_inline_queries=True, can_join_groups=True)
    )
    assert [c.status for c in good] == ["ok", "ok"]
    bad = bot_checks(
        _me(can_read_all_group_messages=True, supports_inline_queries=False, can_join_groups=False)
    )
    assert [c.status for c in bad] == ["info", "warn", "warn"]
    assert "/setprivacy" in bad[0].fix and "/setinline" in bad[1].fix
    assert "/setjoingroups" in bad[2].fix


def test_chat_checks() -> None:
    bot = _me()
    admin = ChatMemberAdministrator(
        bot, False, False, True, True, True, True, True, True, True, False, False, False
    )
    assert chat_check("“G”", "supergroup", admin).status == "ok"
    assert chat_check("“G”", "supergroup", ChatMemberMember(bot)).status == "ok"
    channel = chat_check("@news", "channel", ChatMemberMember(bot))
    assert channel.status == "fail" and "Administrators" in channel.fix
    no_post = ChatMemberAdministrator(
        bot, False, False, True, True, True, True, True, True, True, False, False, False,
        can_post_messages=False,
    )  # fmt: skip
    assert chat_check("@news", "channel", no_post).text == "In @news I cannot post messages."
    flags = [False] * 8  # can_change_info ... can_manage_topics: can_send_messages is False
    restricted = ChatMemberRestricted(
        bot, True, *flags, dt.datetime(2030, 1, 1), *[False] * 7, can_react_to_messages=False
    )
    assert chat_check("“G”", "group", restricted).status == "fail"
    assert chat_check("“G”", "group", ChatMemberLeft(bot)).text == "I am not in “G”."
    unknown = chat_check("@nope", "group", None, "Chat not found")
    assert unknown.text == "I cannot see @nope: Chat not found."
    assert chat_check("me", "private", None).status == "info"


def test_webhook_checks() -> None:
    assert [c.status for c in webhook_checks(None, WebhookInfo("", False, 0))] == ["ok"]
    stale = webhook_checks(None, WebhookInfo("https://old.example/hook", False, 0))
    assert stale[0].status == "fail" and "restart" in stale[0].fix
    url = "https://bot.example.org/telegram"
    failing = webhook_checks(
        url,
        WebhookInfo(
            url,
            False,
            250,
            last_error_date=dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC),
            last_error_message="Connection refused",
        ),
    )
    assert [c.status for c in failing] == ["ok", "warn", "warn"]
    assert failing[2].text == (
        "Telegram's last delivery error (2 January 2026 03:04 UTC): Connection refused"
    )
    assert "HTTPS" in failing[2].fix
    elsewhere = webhook_checks(url, WebhookInfo("", False, 0))
    assert elsewhere[0].status == "fail"


def test_index_checks() -> None:
    stats = IndexStats(2, 44, 3, 1000, "gen-1", None, None)
    assert [c.status for c in index_checks(stats, {"skipped": 0}, True)] == ["ok"]
    checks = index_checks(None, {"skipped": 2}, False)
    assert [c.status for c in checks] == ["fail", "warn", "fail"]
    assert checks[0].fix == "send /reindex."
    empty = IndexStats(0, 0, 0, 10, "gen-1", None, None)
    assert index_checks(empty, {}, True)[0].text == texts.SETUP_INDEX_EMPTY


def test_setup_html_escapes() -> None:
    from bot.setup_checks import Check

    (message,) = render.setup_html([Check("warn", "a <b> & c", "do <this>")])
    assert parse_html(message).text == "🛠 Setup check\n\n⚠️ a <b> & c\nFix: do <this>"


# -- corpusbot health --------------------------------------------------------------------------


def test_health(
    seed_copy: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content, index = seed_copy
    for name in ("BOT_TOKEN", "CORPUSBOT_CONFIG", "CORPUSBOT_TELEGRAM_WEBHOOK_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(content.parent)
    where = ["--content", str(content), "--index", str(index)]
    assert main(["health", *where]) == 1
    assert "unhealthy: no index at" in capsys.readouterr().err
    Corpus(content, index).build()
    assert main(["health", *where]) == 0
    assert "healthy: the index answers (2 articles" in capsys.readouterr().out
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        monkeypatch.setenv("CORPUSBOT_TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram")
        monkeypatch.setenv("CORPUSBOT_TELEGRAM_WEBHOOK_PORT", str(port))
        assert main(["health", *where]) == 0
    assert main(["health", *where]) == 1
    assert f"the webhook port 127.0.0.1:{port} refuses connections" in capsys.readouterr().err
