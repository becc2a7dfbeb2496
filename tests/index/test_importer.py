"""Importing articles: Markdown as is, HTML through trafilatura, nothing written on refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from index.errors import InvalidArticle
from index.importer import add_article, remove_article, safe_file_name
from index.loader import load_corpus
from tests.index.corpus_files import VOLCANO

PAGE = b"""<html><head><title>Azerbaijan hosts NAM summit - Example News</title>
<meta property="og:title" content="Azerbaijan hosts NAM summit">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-03-02T10:00:00+04:00">
<link rel="canonical" href="https://example.org/nam-summit">
<meta property="og:site_name" content="Example News"></head>
<body><nav>Home | World | Sport</nav><article><h1>Azerbaijan hosts NAM summit</h1>
<p>Baku hosted the summit of the Contact Group on 2 March 2023. Leaders from 50 countries
attended the meeting in the Azerbaijani capital.</p>
<p>The summit discussed post-pandemic recovery and the role of the Non-Aligned Movement in
world affairs, with delegations from Asia, Africa and Latin America.</p></article>
<footer>Copyright 2023. Share on Facebook.</footer></body></html>"""


def test_markdown_is_saved_as_is(tmp_path: Path) -> None:
    article = add_article(tmp_path, "Volcano Story.md", VOLCANO.encode())
    assert article.article_id == "volcano-story.md"
    assert (tmp_path / "volcano-story.md").read_text("utf-8") == VOLCANO


def test_html_page_becomes_an_article_with_metadata(tmp_path: Path) -> None:
    article = add_article(tmp_path, "page.html", PAGE)
    assert article.title == "Azerbaijan hosts NAM summit"
    assert article.author == "Jane Doe"
    assert article.source == "Example News"
    assert article.url == "https://example.org/nam-summit"
    assert article.published == dt.date(2023, 3, 2)
    assert article.body.startswith("Baku hosted the summit")
    assert "Share on Facebook" not in article.body and "Home | World" not in article.body
    loaded = load_corpus(tmp_path)
    assert [a.title for a in loaded.articles] == ["Azerbaijan hosts NAM summit"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
        ("bad.md", b"---\ntitle: [\n---\nx", "broken front matter"),
        ("empty.txt", b"", "empty file"),
        ("blank.html", b"<html><body><nav>menu</nav></body></html>", "no (article text|title)"),
    ],
)
def test_refused_files_write_nothing(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    with pytest.raises(InvalidArticle, match=reason):
        add_article(tmp_path, name, data)
    assert list(tmp_path.iterdir()) == []


def test_existing_article_is_not_overwritten_unless_asked(tmp_path: Path) -> None:
    add_article(tmp_path, "volcano.md", VOLCANO.encode())
    changed = VOLCANO.replace("3,000", "4,000").encode()
    with pytest.raises(InvalidArticle, match="already exists"):
        add_article(tmp_path, "volcano.md", changed)
    add_article(tmp_path, "volcano.md", changed, replace=True)
    assert "4,000" in (tmp_path / "volcano.md").read_text("utf-8")


def test_remove_stays_inside_the_content_directory(tmp_path: Path) -> None:
    content = tmp_path / "content"
    add_article(content, "volcano.md", VOLCANO.encode())
    (tmp_path / "outside.md").write_text(VOLCANO)
    with pytest.raises(InvalidArticle, match="not inside"):
        remove_article(content, "../outside.md")
    with pytest.raises(InvalidArticle, match="no article"):
        remove_article(content, "missing.md")
    remove_article(content, "volcano.md")
    assert not (content / "volcano.md").exists()
    assert (tmp_path / "outside.md").exists()


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.md", "passwd.md"),
        ("Ünïcödé Title.TXT", "unicode-title.txt"),
        (".md", "article.md"),
    ],
)
def test_safe_file_names(name: str, safe: str) -> None:
    assert safe_file_name(name) == safe


UNDATED = b"""<html><head><title>Trade talks</title></head><body><article><h1>Trade talks</h1>
<p>The gap between the two economies widened in 2015 and the talks stalled for years after.</p>
<p>Negotiators expect to meet again next year, officials said on the sidelines of the forum.</p>
</article><footer>Copyright 2016 Example. Updated 2017.</footer></body></html>"""


def test_html_page_without_a_stated_date_gets_no_date(tmp_path: Path) -> None:
    article = add_article(tmp_path, "talks.html", UNDATED)
    assert article.published is None
    assert "published" not in (tmp_path / article.article_id).read_text("utf-8")


def test_html_page_date_comes_from_its_markup(tmp_path: Path) -> None:
    page = UNDATED.replace(b"<h1>", b'<time datetime="2018-04-02">2 April</time><h1>')
    assert add_article(tmp_path, "talks.html", page).published == dt.date(2018, 4, 2)
