"""Killing the bot (SIGKILL) in the middle of a /reindex, and starting it again: it answers
from the last good index, no build is left holding the lock, and a new /reindex completes."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.corpus import Corpus
from tests.bot.conftest import ADMIN
from tests.conftest import SEED_CONTENT
from tests.support.fake_bot_api import FakeBotApi

READER = 5150
QUOKKA = "Where was the quokka summit held?"
ARTICLE = """---
title: "The quokka summit"
---
The quokka summit of 2021 was held on Rottnest Island and agreed on nothing at all.
"""


def _start(workdir: Path, fake: FakeBotApi, log: Path, **extra: str) -> subprocess.Popen[str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CORPUSBOT_") and name != "BOT_TOKEN"
    }
    env.update(
        BOT_TOKEN=fake.token,
        CORPUSBOT_TELEGRAM_BASE_URL=fake.base_url,
        CORPUSBOT_TELEGRAM_BASE_FILE_URL=fake.base_file_url,
        CORPUSBOT_ADMINS=str(ADMIN),
        PTB_TIMEDELTA="1",
        **extra,
    )
    with open(log, "a", encoding="utf-8") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=workdir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
        )


def _lock_is_free(index: Path) -> bool:
    with open(index / "build.lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return True


def _until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.05)


def _texts_to(chat: int) -> Callable[[dict[str, Any]], bool]:
    return lambda params: params["chat_id"] == chat


def test_killing_the_bot_during_a_reindex(tmp_path: Path, fake_bot_api: FakeBotApi) -> None:
    fake = fake_bot_api
    shutil.copytree(SEED_CONTENT, tmp_path / "content")
    index = tmp_path / "var" / "index"
    log = tmp_path / "bot.log"
    # A build that, once it has written the new article, waits (for a file never made).
    bot = _start(tmp_path, fake, log, CORPUSBOT_TEST_BUILD_GATE=str(tmp_path / "never"))
    try:
        fake.wait_for("setMyCommands", timeout=30, count=2)
        live = (index / "CURRENT").read_text()
        (tmp_path / "content" / "quokka.md").write_text(ARTICLE, encoding="utf-8")
        update = fake.push_update(fake.private_message("/reindex", user_id=ADMIN))
        fake.wait_for("sendMessage", lambda p: p["text"].startswith("🔄"), timeout=30)
        _until(lambda: not _lock_is_free(index), 30, "the build holds the lock")
        _until(  # the bot confirmed the /reindex update: it will not come again
            lambda: all(u["update_id"] != update["update_id"] for u in fake.pending_updates),
            30,
            "the /reindex update is confirmed",
        )
        time.sleep(0.3)  # the new article is written, not committed: the build waits
    finally:
        bot.send_signal(signal.SIGKILL)
        bot.wait(30)
    _until(lambda: _lock_is_free(index), 10, "the orphaned build exits")
    assert (index / "CURRENT").read_text() == live
    last_good = Corpus(tmp_path / "content", index)
    assert last_good.ask(QUOKKA, 1).passages == ()
    assert len(last_good.sources()) == 2
    last_good.close()

    fake.clear()
    # Not watching: content/ changed while stopped is left to /reindex, not caught up at start.
    bot = _start(tmp_path, fake, log, CORPUSBOT_WATCH="false")
    try:
        fake.wait_for("setMyCommands", timeout=30, count=2)
        fake.push_update(fake.private_message(QUOKKA, user_id=READER))
        old = fake.wait_for("sendMessage", _texts_to(READER), timeout=30)
        assert old["text"] == "The corpus does not say."
        fake.push_update(fake.private_message("/reindex", user_id=ADMIN))
        done = fake.wait_for("editMessageText", lambda p: "Reindex done" in p["text"], timeout=30)
        assert "added 1 · updated 0 · removed 0 · unchanged 2 · skipped 0" in done["text"]
        fake.push_update(fake.private_message(QUOKKA, user_id=READER))
        new = fake.wait_for("sendMessage", _texts_to(READER), timeout=30, count=2)
        assert "Rottnest Island" in new["text"]
    finally:
        bot.send_signal(signal.SIGINT)
        bot.wait(30)
    output = log.read_text(encoding="utf-8")
    assert bot.returncode == 0, output
    assert "reindex done: full=False added=1" in output
    assert fake.token not in output
    assert [(c.method, c.error) for c in fake.errors()] == []
