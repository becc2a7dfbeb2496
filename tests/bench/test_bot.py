"""The bot benchmark's harness (bench.bot, bench.bot_users) at a tiny size: the bot in one
process, the fake Bot API and the users in another, every phase measured and nothing refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import generate as gen
from bench.bot import table
from bench.questions import questions_file
from index.build import build_index

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> gen.GeneratedCorpus:
    return gen.generate(30, out=tmp_path_factory.mktemp("corpora"), procs=1)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_the_bot_answers_every_phase_from_another_process(
    corpus: gen.GeneratedCorpus, tmp_path: Path, mode: str
) -> None:
    index = tmp_path / "index"
    build_index(corpus.content, index)
    command = [sys.executable, "-m", "bench.bot", str(corpus.content), str(index)]
    command += [str(questions_file(corpus)), "--mode", mode, "--users", "3", "--per-user", "2"]
    command += ["--one-at-a-time", "2", "--reindex-window", "120", "--stall-stacks", "1000"]
    command += ["--gc-pauses"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])

    assert (found["mode"], found["users"], found["answers"]) == (mode, 3, 6)
    assert found["errors"] == [] and found["rejected_calls"] == []
    for figures in (found, found["one_at_a_time"]):
        expected = 6 if figures is found else 2
        # every answer timed from both sides: the users' and the bot's (service, limiter)
        assert [figures[k]["n"] for k in ("latency", "service", "flood_wait")] == [expected] * 3
        assert figures["service"]["p50"] <= figures["latency"]["p50"]
    during = found["reindex"]
    assert during["completed"] and during["waves"] >= 1
    assert during["answers"] == 3 * during["waves"] == during["service"]["n"]
    assert during["repeated_questions"] == 0
    assert "stall_stacks" in found
    assert found["gc"]["burst"]["frozen_end"] > 0  # the bot froze its heap (bot.heap)
    assert {"after_burst", "at_end"} == set(found["gc"]["frozen_garbage"])
    rows = table({"sizes": {"30": {"bot": {mode: found}}}})
    assert f"| bot | 30 articles, {mode} |" in rows
    assert "wait in the flood limiter" in rows
