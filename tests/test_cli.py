"""The corpusbot command line: human and JSON output, errors without tracebacks."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SEED_CONTENT


@pytest.fixture
def paths(seed_index: tuple[Path, Path]) -> list[str]:
    content, index = seed_index
    return ["--content", str(content), "--index", str(index)]


def _json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    out = capsys.readouterr().out
    return dict(json.loads(out))


def test_ask_human(paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "When did Azerbaijan join the Non-Aligned Movement?", *paths]) == 0
    out = capsys.readouterr().out
    assert "In 2011, when quite serious geopolitical processes" in out
    assert "https://apa.az/" in out


def test_ask_json_contract(paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "What is the NAM Youth Organization?", *paths]) == 0
    data = _json(capsys)
    assert set(data) >= {"question", "answers", "suggestion", "took_ms"}
    answers = data["answers"]
    assert isinstance(answers, list) and answers
    first = answers[0]
    assert set(first) >= {
        "article_id",
        "title",
        "url",
        "published",
        "author",
        "source",
        "quote",
        "score",
    }
    assert "NAM Youth Organization" in first["quote"]


def test_ask_json_no_answer(paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "What is the capital of France?", *paths]) == 0
    assert _json(capsys)["answers"] == []


def test_ask_json_lines_from_stdin(
    paths: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = "Who chaired NAM in 2019?\n\nWhat is the capital of France?\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(questions))
    assert main(["ask", "--json", *paths]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["question"] == "Who chaired NAM in 2019?" and first["answers"]
    assert second["answers"] == []


def test_dates_json(paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dates", "--json", *paths]) == 0
    data = _json(capsys)
    dates = data["dates"]
    assert isinstance(dates, list)
    isos = {d["date"] for d in dates}
    assert {"1961", "1991", "2011", "2019-07", "2019-10", "2020-05-04", "2022"} <= isos
    entry = next(d for d in dates if d["date"] == "2020-05-04")
    assert set(entry) >= {"date", "precision", "resolved", "text", "article_id", "title", "url"}
    assert entry["precision"] == "day" and entry["resolved"] is True


def test_dates_topic(paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dates", "Caracas", *paths]) == 0
    assert "July 2019" in capsys.readouterr().out


def test_search_and_sources(paths: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "--json", "Garabagh", "AND", "Armenia", *paths]) == 0
    assert _json(capsys)["total"] >= 1
    assert main(["sources", "--json", *paths]) == 0
    sources = _json(capsys)["sources"]
    assert isinstance(sources, list) and len(sources) == 2
    assert sources[0]["published"] == "2020-05-05"
    assert sources[1]["url"] is None


def test_index_reports_changes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    shutil.copytree(SEED_CONTENT, content)
    (content / "broken.md").write_bytes(b"\xff\xfe not utf-8")
    args = ["--content", str(content), "--index", str(tmp_path / "index")]
    assert main(["index", "--json", *args]) == 0
    report = _json(capsys)
    assert len(report["added"]) == 2  # type: ignore[arg-type]
    assert report["skipped"] == [
        {"path": "broken.md", "reason": "not UTF-8 text (bad byte at offset 0)"}
    ]
    assert main(["index", *args]) == 0
    assert "0 added, 0 updated, 0 removed, 2 unchanged, 1 skipped" in capsys.readouterr().out


def test_environment_variables_point_at_the_corpus(
    seed_index: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CORPUSBOT_CONTENT", str(seed_index[0]))
    monkeypatch.setenv("CORPUSBOT_INDEX", str(seed_index[1]))
    assert main(["sources"]) == 0
    assert "Azerbaijan Leads Non-Aligned Movement" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["index", "--content", "/nonexistent/corpus"], "does not exist"),
        (["ask", "anything", "--index", "/nonexistent/index"], "corpusbot index"),
    ],
)
def test_user_mistakes_are_one_line_without_traceback(args: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- one configuration for every command (issue 12, items 14 and 15) ----------------------------


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A working directory whose config.yaml names the corpus and the index elsewhere."""
    content, index = tmp_path / "corpus", tmp_path / "built"
    shutil.copytree(SEED_CONTENT, content)
    work = tmp_path / "work"
    work.mkdir()
    (work / "config.yaml").write_text(f"content: {content}\nindex: {index}\n", encoding="utf-8")
    monkeypatch.chdir(work)
    for name in ("CORPUSBOT_CONTENT", "CORPUSBOT_INDEX", "CORPUSBOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    return content, index


def test_every_command_honours_config_yaml(
    configured: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, index = configured
    assert main(["index"]) == 0
    assert (index / "build.lock").exists() and not Path("var").exists()
    capsys.readouterr()
    assert main(["sources", "--json"]) == 0
    assert len(_json(capsys)["sources"]) == 2  # type: ignore[arg-type]
    for command in (["ask", "--json", "Baku"], ["dates", "--json"], ["search", "--json", "NAM"]):
        assert main(command) == 0, command
        capsys.readouterr()
    article = tmp_path / "new.md"
    article.write_text("---\ntitle: New\n---\nA new zebra article.\n", encoding="utf-8")
    assert main(["add", str(article)]) == 0
    assert (content / "new.md").exists() and not Path("content").exists()
    assert main(["remove", "new.md"]) == 0
    assert not (content / "new.md").exists()
    other = tmp_path / "other.yaml"
    other.write_text(f"content: {tmp_path / 'nowhere'}\nindex: {index}\n", encoding="utf-8")
    assert main(["index", "--config", str(other)]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_a_bad_config_is_one_line_for_corpus_commands(
    configured: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    Path("config.yaml").write_text("contents: x\n", encoding="utf-8")
    assert main(["sources"]) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "corpusbot: configuration: config.yaml: unknown key contents (did you mean content?)"
    ]


def test_a_misspelt_variable_is_named_with_the_closest_known_one(
    configured: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CORPUSBOT_TELEGRAM_ADMINS", "1")
    monkeypatch.setenv("CORPUSBOT_UID", "1000")  # a build argument in .env: known
    assert main(["index"]) == 0
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        "corpusbot: warning: unknown setting CORPUSBOT_TELEGRAM_ADMINS is ignored "
        "(did you mean CORPUSBOT_ADMINS?)"
    ]
