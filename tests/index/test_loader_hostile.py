"""Hostile and malformed article files: each is reported with a reason and skipped (issue 12)."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build import build_index
from index.corpus import Corpus
from index.errors import InvalidArticle
from index.loader import load_corpus, parse_article
from tests.index.corpus_files import VOLCANO, write


def _front(*lines: str, body: str = "Some text of the article.") -> bytes:
    return ("---\n" + "\n".join(lines) + "\n---\n" + body + "\n").encode()


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (["title: T", "published: 2020-02-30"], "impossible date"),
        (["title: T", "published: 2020-13-45"], "impossible date"),
        (["title: T", "published: 2020-05-05 25:00:00"], "impossible date"),
        (["title: T", "published: 0000-01-01"], "impossible date"),
        (["title: T", "date: 2020-02-30"], "impossible date"),
        (["title: T", "published: 0001-01-01"], "year 1 is out of range"),
        (["title: T", "published: 9999-12-31"], "year 9999 is out of range"),
        (["title: T", "published: '0001-01-01'"], "year 1 is out of range"),
        (["title: [a, b]"], "title: expected text, got a list"),
        (["title: {a: 1}"], "title: expected text, got a mapping"),
        (["title: T", "source: [a]"], "source: expected text"),
        (["title: T", "url: [a]"], "url: expected text"),
        (["title: T", "tags: [[a], b]"], "tags: each tag must be"),
        (["title: T", "tags: {a: 1}"], "tags: expected a list"),
        (["title: " + "x" * 1000], "title: too long"),
    ],
)
def test_bad_front_matter_is_refused_with_a_reason(lines: list[str], reason: str) -> None:
    with pytest.raises(InvalidArticle, match=reason.replace("[", r"\[")):
        parse_article("bad.md", _front(*lines))


def test_a_yaml_alias_bomb_is_refused_quickly() -> None:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n, name in enumerate("bcdef"):
        prev = "abcdefghi"[n]
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    data = _front(*levels, "title: *f")
    started = time.monotonic()
    with pytest.raises(InvalidArticle, match="aliases"):
        parse_article("bomb.md", data)
    assert time.monotonic() - started < 1.0


def test_oversized_front_matter_is_refused() -> None:
    data = _front("title: T", "notes: " + "x" * 70_000)
    with pytest.raises(InvalidArticle, match="front matter is too large"):
        parse_article("big.md", data)


def test_deeply_nested_quotes_are_reported_as_nested_not_empty() -> None:
    data = _front("title: T", body=">" * 5000 + " deep text")
    with pytest.raises(InvalidArticle, match="nested too deeply"):
        parse_article("deep.md", data)


def test_a_file_name_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "good.md", VOLCANO)
    name = os.fsdecode(b"bad-\xff.md")
    (tmp_path / name).write_text(VOLCANO, encoding="utf-8")
    loaded = load_corpus(tmp_path)
    assert [a.article_id for a in loaded.articles] == ["good.md"]
    [skipped] = loaded.skipped
    assert "not valid UTF-8" in skipped.reason
    skipped.path.encode("utf-8")  # printable


def test_symlinks_are_reported_unless_they_stay_inside(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "good.md", VOLCANO)
    write(tmp_path, "outside.md", VOLCANO)
    (tmp_path / "outside-dir").mkdir()
    write(tmp_path / "outside-dir", "x.md", VOLCANO)
    (content / "inside-link.md").symlink_to(content / "good.md")
    (content / "escape.md").symlink_to(tmp_path / "outside.md")
    (content / "dangling.md").symlink_to(tmp_path / "nothing.md")
    (content / "loop.md").symlink_to(content / "loop.md")
    (content / "linked-dir").symlink_to(tmp_path / "outside-dir")
    loaded = load_corpus(content)
    assert sorted(a.article_id for a in loaded.articles) == ["good.md", "inside-link.md"]
    reasons = {s.path: s.reason for s in loaded.skipped}
    assert "outside the content directory" in reasons["escape.md"]
    assert "points to nothing" in reasons["dangling.md"]
    assert "loop" in reasons["loop.md"]
    assert "directory" in reasons["linked-dir"]


@pytest.mark.parametrize(
    ("published", "body"),
    [("0001-01-01", "It happened last year."), ("9999-12-31", "It happens next year.")],
)
def test_extreme_years_never_stop_a_build(tmp_path: Path, published: str, body: str) -> None:
    content = tmp_path / "content"
    write(content, "good.md", VOLCANO)
    write(content, "extreme.md", _front("title: T", f"published: {published}", body=body))
    report = build_index(content, tmp_path / "index")
    assert report.added == ("good.md",)
    assert [s.path for s in report.skipped] == ["extreme.md"]


def test_an_article_the_build_cannot_index_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.build as build_module

    real = build_module.article_documents

    def failing(article: object) -> object:
        if getattr(article, "article_id", "") == "bad.md":
            raise OverflowError("date value out of range")
        return real(article)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "article_documents", failing)
    content = tmp_path / "content"
    write(content, "good.md", VOLCANO)
    write(content, "bad.md", VOLCANO)
    report = build_index(content, tmp_path / "index")
    assert report.added == ("good.md",)
    assert [(s.path, "cannot be indexed" in s.reason) for s in report.skipped] == [
        ("bad.md", True)
    ]
    corpus = Corpus(content, tmp_path / "index")
    assert corpus.article("bad.md") is None
    assert corpus.stats().articles == 1
    # and an incremental update does the same
    write(content, "bad2.md", VOLCANO.replace("Volcano", "Bad"))
    monkeypatch.setattr(
        build_module,
        "article_documents",
        lambda a: (
            failing(a)
            if a.article_id != "bad2.md"
            else failing(type("X", (), {"article_id": "bad.md"})())
        ),
    )
    update = build_index(content, tmp_path / "index")
    assert "bad2.md" not in update.added
    assert {s.path for s in update.skipped} == {"bad.md", "bad2.md"}


_PIECES = st.sampled_from(
    [
        "---\n",
        "title: T\n",
        "title: [a, b]\n",
        "published: 2020-02-30\n",
        "published: 0001-01-01\n",
        "date: 9999-12-31 25:00\n",
        "a: &a [x, x]\n",
        "b: [*a, *a, *a]\n",
        "tags: [*a]\n",
        "url: http://x.org\n",
        ">" * 50,
        "# H\n",
        "last year\n",
        "next year\n",
        "text.\n",
        "\x00",
        "\ufeff",
        "- - - -\n",
        "{",
        "}",
        "'",
        '"',
        ":",
        "!!python/object:os.system\n",
        "title: !!binary aGk=\n",
        "\r\n",
    ]
)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(_PIECES, max_size=14), st.binary(max_size=40))
def test_generated_hostile_files_never_raise_anything_but_invalid_article(
    pieces: list[str], noise: bytes
) -> None:
    data = "".join(pieces).encode("utf-8") + noise
    with contextlib.suppress(InvalidArticle):
        parse_article("gen.md", data)


def test_a_file_name_that_is_not_utf8_never_stops_a_build(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "good.md", VOLCANO)
    (content / os.fsdecode(b"bad-\xff.md")).write_text(VOLCANO, encoding="utf-8")
    for _ in range(2):  # a full build, then an update that takes it from the manifest
        report = build_index(content, tmp_path / "index")
        assert [s.path for s in report.skipped] == ["bad-\ufffd.md"]
    assert Corpus(content, tmp_path / "index").stats().articles == 1
