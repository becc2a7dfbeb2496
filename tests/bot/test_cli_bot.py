"""`corpusbot run` and `corpusbot chat` on the command line: no token, no index, bad config."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli_bot import ensure_index
from index.corpus import Corpus
from tests.conftest import SEED_CONTENT
from tests.support.fake_bot_api import FakeBotApi


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh checkout: content/ and no index, no config, no token."""
    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    for name in ("BOT_TOKEN", "CORPUSBOT_CONFIG", "CORPUSBOT_CONTENT", "CORPUSBOT_INDEX"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_run_without_a_token_says_how_to_get_one(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert "@BotFather" in err
    assert "BOT_TOKEN=" in err
    assert "corpusbot chat" in err
    assert "Traceback" not in err


def test_a_bad_configuration_is_one_line(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CORPUSBOT_LIMITS_QUESTIONS", "lots")
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert err == (
        "corpusbot: configuration: limits.questions (from CORPUSBOT_LIMITS_QUESTIONS) must be a "
        "whole number, got 'lots'\n"
    )


def test_chat_builds_the_index_first_and_answers(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO("When did Azerbaijan join the Non-Aligned Movement?\n")
    )
    assert main(["chat"]) == 0
    captured = capsys.readouterr()
    assert "no index yet; building it from content" in captured.err
    assert (workdir / "var" / "index").is_dir()
    assert "In 2011, when quite serious geopolitical processes" in captured.out


def test_run_catches_up_with_content_changed_while_it_was_stopped(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = Corpus(workdir / "content", workdir / "var" / "index")
    ensure_index(corpus)
    capsys.readouterr()
    ensure_index(corpus, catch_up=True)
    assert capsys.readouterr().err == ""  # nothing changed: nothing said
    (workdir / "content" / "quokka.md").write_text(
        '---\ntitle: "The quokka summit"\npublished: 2021-06-01\n---\n'
        "The quokka summit of 2021 was held on Rottnest Island.\n"
    )
    ensure_index(corpus)  # not watching: the index is left as it is
    assert corpus.stats().articles == 2
    ensure_index(corpus, catch_up=True)
    err = capsys.readouterr().err
    assert "changed while the bot was stopped" in err
    assert "added: quokka.md" in err
    assert corpus.stats().articles == 3
    shutil.rmtree(workdir / "content")  # a failed catch-up is said and the start goes on
    ensure_index(corpus, catch_up=True)
    assert "could not bring the index up to date" in capsys.readouterr().err


def test_run_with_a_wrong_token_is_one_line(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fake_bot_api: FakeBotApi,
) -> None:
    monkeypatch.setenv("BOT_TOKEN", "999:WRONG")
    monkeypatch.setenv("CORPUSBOT_TELEGRAM_BASE_URL", fake_bot_api.base_url)
    assert main(["run"]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        "corpusbot: Telegram rejected the token in BOT_TOKEN; check it with @BotFather"
    )
    assert "Traceback" not in err


def test_run_polls_answers_and_stops_on_sigint(workdir: Path, fake_bot_api: FakeBotApi) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": fake_bot_api.token,
        "CORPUSBOT_TELEGRAM_BASE_URL": fake_bot_api.base_url,
        "CORPUSBOT_LOG_LEVEL": "DEBUG",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fake_bot_api.wait_for("setMyCommands", timeout=30)
        fake_bot_api.push_update(fake_bot_api.private_message("When did Azerbaijan join NAM?"))
        answer = fake_bot_api.wait_for("sendMessage", timeout=30)
        assert answer["text"].startswith("❓ <i>When did Azerbaijan join NAM?</i>")
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "no index yet; building it" in err
    assert "answered chat=private command=ask" in err
    assert fake_bot_api.token not in out + err
    assert "Traceback" not in err


# -- a token revoked while running (issue 12, item 11) -------------------------------------------


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_token_revoked_while_running_exits_non_zero_with_one_line(
    mode: str,
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fake_bot_api: FakeBotApi,
) -> None:
    import threading

    from bot import runner
    from tests.support.serving import free_port

    monkeypatch.setattr(runner, "TOKEN_CHECK_SECONDS", 0.2)
    monkeypatch.setenv("BOT_TOKEN", fake_bot_api.token)
    monkeypatch.setenv("CORPUSBOT_TELEGRAM_BASE_URL", fake_bot_api.base_url)
    if mode == "webhook":
        port = free_port()
        monkeypatch.setenv("CORPUSBOT_TELEGRAM_WEBHOOK_URL", f"http://127.0.0.1:{port}/hook")
        monkeypatch.setenv("CORPUSBOT_TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1")
        monkeypatch.setenv("CORPUSBOT_TELEGRAM_WEBHOOK_PORT", str(port))

    def revoke() -> None:  # once the bot runs
        fake_bot_api.wait_for("setWebhook" if mode == "webhook" else "getUpdates", timeout=30)
        fake_bot_api.token = "999:REVOKED"

    revoker = threading.Thread(target=revoke)
    revoker.start()
    try:
        assert main(["run"]) == 1
    finally:
        revoker.join(30)
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        "corpusbot: Telegram no longer accepts the bot token (revoked?): stopped; "
        "put the new token from @BotFather in BOT_TOKEN"
    )


def test_health_fails_when_the_bot_cannot_talk_to_telegram(
    workdir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fake_bot_api: FakeBotApi,
) -> None:
    monkeypatch.setenv("CORPUSBOT_TELEGRAM_BASE_URL", fake_bot_api.base_url)
    assert main(["index"]) == 0
    monkeypatch.setenv("BOT_TOKEN", fake_bot_api.token)
    assert main(["health"]) == 0
    capsys.readouterr()
    fake_bot_api.token = "999:REVOKED"
    assert main(["health"]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        "corpusbot: unhealthy: Telegram rejects the bot token (revoked?)"
    ]
    fake_bot_api.stop()
    assert main(["health"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("corpusbot: unhealthy: cannot reach Telegram")
