"""Loading and validating articles: every kind of bad file is reported and skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.errors import ContentMissing, InvalidArticle
from index.loader import MAX_ARTICLE_BYTES, load_corpus, parse_article
from tests.index.corpus_files import BRIDGE, VOLCANO, article, write


def test_good_article_fields() -> None:
    loaded = parse_article("volcano.md", VOLCANO.encode())
    assert loaded.title == "Volcano erupts on Isla Norte"
    assert loaded.published == dt.date(2021, 3, 14)
    assert loaded.url == "https://news.example.org/volcano"
    assert loaded.source == "Example News"
    assert loaded.author == "Ana Ruiz"
    assert loaded.body.startswith("The Monte Fuego volcano")
    assert "\n\n" in loaded.body  # paragraphs kept apart
    assert len(loaded.content_hash) == 64


def test_published_with_time_keeps_both() -> None:
    loaded = parse_article("a.md", article("T", "Body.", published="2020-05-05 17:23").encode())
    assert loaded.published == dt.date(2020, 5, 5)
    assert loaded.published_at == dt.datetime(2020, 5, 5, 17, 23)


def test_markdown_is_stripped_to_text() -> None:
    text = article(
        "T",
        "Some *emphasis* and a [link](https://x.org) with <b>html</b>.\n\n- one item\n- two",
    )
    body = parse_article("a.md", text.encode()).body
    assert body == "Some emphasis and a link with html.\n\none item\n\ntwo"


def test_title_from_heading_without_front_matter() -> None:
    loaded = parse_article("a.md", b"# A heading title\n\nThe text of it.\n")
    assert loaded.title == "A heading title"
    assert loaded.body == "The text of it."


def test_byte_order_mark_and_crlf_are_accepted() -> None:
    data = ("\ufeff" + VOLCANO).replace("\n", "\r\n").encode()
    assert parse_article("a.md", data).title == "Volcano erupts on Isla Norte"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"\x00\x01\x02binary", "binary file"),
        ("---\ntitle: é\n---\nText".encode("latin-1"), "not UTF-8"),
        (b"---\ntitle: [unclosed\n---\nText.", "broken front matter at line"),
        (b"---\ntitle: T\nText without a closing line.", "front matter is not closed"),
        (b"---\n- a\n- b\n---\nText.", "front matter must be a mapping"),
        (b"---\nauthor: X\n---\nText.", "no title"),
        (b"Just text without a title.", "no title"),
        (b"---\ntitle: T\n---\n", "empty body"),
        (b"---\ntitle: T\npublished: yesterday\n---\nText.", "published: cannot read"),
        (b"---\ntitle: T\nurl: not a link\n---\nText.", "url:"),
        (b"---\ntitle: T\nauthor: [a, b]\n---\nText.", "author: expected text"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InvalidArticle, match=reason.replace("[", r"\[")):
        parse_article("bad.md", data)


def test_huge_file_is_refused() -> None:
    data = article("T", "word " * (MAX_ARTICLE_BYTES // 4)).encode()
    with pytest.raises(InvalidArticle, match="too large"):
        parse_article("big.md", data)


def test_bad_files_are_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    write(tmp_path, "good/volcano.md", VOLCANO)
    write(tmp_path, "bridge.txt", BRIDGE)
    write(tmp_path, "broken.md", b"---\ntitle: [\n---\nx")
    write(tmp_path, "binary.md", b"\x00\x00")
    write(tmp_path, "notes.pdf", b"%PDF")  # not an article suffix: ignored
    write(tmp_path, ".hidden.md", VOLCANO)  # hidden: ignored
    write(tmp_path, "aliases.yaml", "A: [B]\n")
    loaded = load_corpus(tmp_path)
    assert [a.article_id for a in loaded.articles] == ["bridge.txt", "good/volcano.md"]
    assert {s.path: s.reason.split(" ")[0] for s in loaded.skipped} == {
        "binary.md": "binary",
        "broken.md": "broken",
    }


def test_missing_content_dir_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ContentMissing, match="does not exist"):
        load_corpus(tmp_path / "nope")
