"""Cold start: the corpus commands never import what only the bot (or a fetch) uses.

`corpusbot ask` in a new interpreter is what a user waits for; python-telegram-bot and httpx
alone were about 190 ms of it (issue 10). Each command runs in one fresh interpreter,
offline, and the modules it loaded are listed after it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEED_CONTENT

# Top-level packages a corpus command has no use for. asyncio is not among them: Whoosh's
# cached-property dependency imports it. wordllama's model files are read, never its package
# (a quarter of a second of imports, requests and huggingface_hub among them).
UNUSED = (
    "apscheduler",
    "bot.app",
    "bot.fetch",
    "bot.handlers",
    "bot.runner",
    "feedparser",
    "httpcore",
    "httpx",
    "lightgbm",
    "telegram",
    "tornado",
    "trafilatura",
    "watchfiles",
    "wordllama",
    "huggingface_hub",
    "requests",
)

# Runs each command through bot.cli.main in this interpreter; after each, one JSON line:
# the exit status and which of the unused packages are loaded so far.
SCRIPT = """
import contextlib, io, json, sys
from bot.cli import main
unused = tuple(sys.argv[1].split(","))
for argv in json.loads(sys.argv[2]):
    with contextlib.redirect_stdout(io.StringIO()):
        status = main(argv)
    loaded = [u for u in unused if any(n == u or n.startswith(u + ".") for n in sys.modules)]
    print(json.dumps({"argv": argv, "status": status, "loaded": loaded}))
"""


def _run(commands: list[list[str]], cwd: Path) -> tuple[list[dict[str, object]], str]:
    """Each command's report, and what the commands said on stderr."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("CORPUSBOT_") and name != "BOT_TOKEN"
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, ",".join(UNUSED), json.dumps(commands)],
        cwd=cwd,  # an empty directory: no config.yaml, nothing named like a package
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_corpus_commands_import_neither_telegram_nor_httpx(tmp_path: Path) -> None:
    content, index = tmp_path / "content", tmp_path / "index"
    shutil.copytree(SEED_CONTENT, content)
    article = tmp_path / "zebra.md"
    article.write_text("---\ntitle: Zebras\n---\nA zebra crossed Baku in 2020.\n", "utf-8")
    note = tmp_path / "note.txt"
    note.write_text("---\ntitle: Okapis\n---\nAn okapi visited Baku in 2021.\n", "utf-8")
    work = tmp_path / "work"
    work.mkdir()
    where = ["--content", str(content), "--index", str(index)]
    commands = [
        ["index", *where],
        ["index", "--json", *where],
        ["ask", "When did Azerbaijan join the Non-Aligned Movement?", *where],
        ["ask", "--json", "What is the NAM Youth Organization?", *where],
        ["dates", *where],
        ["dates", "--json", "2019-2020", *where],
        ["search", "Baku AND Summit", *where],
        ["search", "--json", "NAM", *where],
        ["sources", *where],
        ["sources", "--json", *where],
        ["add", str(article), *where],
        ["add", str(note), "--no-index", *where],
        ["remove", "zebra.md", *where],
        ["index", "--full", *where],
    ]
    reports, stderr = _run(commands, work)
    assert [report["argv"] for report in reports] == commands
    assert [report["status"] for report in reports] == [0] * len(commands), stderr
    assert [report["loaded"] for report in reports] == [[]] * len(commands)


def test_the_build_worker_starts_without_the_answering_half(tmp_path: Path) -> None:
    # The bot's every /add and /reindex starts `python -P -m bot.build_worker`: what it
    # imports is waited for at each update (numpy and the ranking were half of it).
    script = (
        "import json, sys, bot.build_worker; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'telegram', 'httpx') or m in ('index.corpus', 'index.ranking'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
