"""Tests of datelines: an undated article dated by the place and date line at its top, and
year-less dates dated by the article's own years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.jsonout import dates_json
from index.build import build_index
from index.corpus import Corpus
from index.dates.dateline import content_year, published_from_dateline
from index.documents import article_documents, article_from_record, with_dateline
from index.models import Article
from index.text import split_sentences
from tests.index.corpus_files import article, write

WITH_YEAR_LATER = "The harbour works began on 2 February 2031 and cost a great deal."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (f"LISBON, Mar 3 (Wire) - The port reopened.\n\n{WITH_YEAR_LATER}", "2031-03-03"),
        (f"Lisbon, March 3, WIRENEWS\n\n{WITH_YEAR_LATER}", "2031-03-03"),
        ("Lisbon, 3 March 2030, WIRENEWS\n\nThe port reopened.", "2030-03-03"),
        (f"(Wire- Coast Agency) OSLO, Norway, June 4.\n\n{WITH_YEAR_LATER}", "2031-06-04"),
        (f"Porto, Portugal (March 3)\n\n{WITH_YEAR_LATER}", "2031-03-03"),
        ("March 3, 2030 LISBON: The port reopened after a long strike.", "2030-03-03"),
        ("Port reopens\nLISBON, Mar 3 (Wire) - The port reopened on March 2, 2031.", "2031-03-03"),
        # a dateline in January after a full date in December: the next year
        ("OSLO, Jan 5 (Wire) - Talks that began on 20 December 2030 ended.", "2031-01-05"),
        # no year anywhere: the dateline is not used, no year is guessed
        ("LISBON, Mar 3 (Wire) - The port reopened.", None),
        # a sentence that opens with a date, or names a place, is not a dateline
        ("On March 3, 2030, the port reopened.", None),
        ("Lisbon hosted a fair on March 3, 2030.", None),
        ("A crane in the port of Lisbon, 24 November 2030. (Photo: a reader)", None),
        ("Port\n\nIt reopened.\n\nIt had closed.\n\nLISBON, Mar 3 (Wire) - 2 May 2030", None),
    ],
)
def test_dateline(body: str, expected: str | None) -> None:
    found = published_from_dateline(body)
    assert (found.isoformat() if found else None) == expected


def test_content_year_is_the_year_of_the_latest_full_date() -> None:
    body = (
        "The pact of 4 May 1998 was renewed on 2 March 2030. Talks resumed in April 2031. "
        "The goal is for 2040; in 2015 it was different."
    )
    assert content_year(body) == 2031
    assert content_year("The goal is for 2040; in 2015 it was different.") is None


def test_undated_article_is_dated_by_its_dateline() -> None:
    body = "LISBON, Mar 3 (Wire) - Dockers walked out on Monday.\n\n" + WITH_YEAR_LATER
    dated = with_dateline(Article(article_id="a.md", title="Strike", body=body))
    assert (dated.published, dated.published_inferred) == (dt.date(2031, 3, 3), True)
    record = next(article_documents(Article(article_id="a.md", title="Strike", body=body)))
    assert record["data"]["published"] == "2031-03-03T00:00:00"
    assert record["data"]["published_inferred"] is True
    back = article_from_record("a.md", record["data"])
    assert (back.published, back.published_inferred) == (dt.date(2031, 3, 3), True)
    # a dated article keeps its front matter date
    same = Article(article_id="b.md", title="S", body=body, published=dt.date(2031, 3, 4))
    assert with_dateline(same) is same


def test_year_less_dates_in_an_undated_article_take_its_years() -> None:
    from index.documents import key_dates

    body = (
        "The new ferry line was approved on 12 January 2031.\n\n"
        "The first crossing took place on November 11.\n\n"
        "The old pier was closed in 1999."
    )
    undated = Article(article_id="c.md", title="Ferry", body=body)
    found = {d.expression: d.iso for d in key_dates(undated, split_sentences(body))}
    assert found["on November 11"] == "2031-11-11"
    no_year = Article(article_id="d.md", title="Ferry", body="The crossing was on November 11.")
    found = {d.expression: d.iso for d in key_dates(no_year, split_sentences(no_year.body))}
    assert found == {"on November 11": "--11-11"}


def test_timeline_and_json_say_the_date_was_inferred(tmp_path: Path) -> None:
    content = tmp_path / "content"
    body = "OSLO, June 4 (Wire) - Ferries stopped on Monday.\n\nThe line opened on 9 May 2031."
    write(content, "ferry.md", article("Ferries stop", body))
    write(
        content, "dated.md", article("Dated", "It opened on 9 May 2031.", published="2031-06-01")
    )
    build_index(content, tmp_path / "index")
    corpus = Corpus(content, tmp_path / "index")
    entries = [d for d in corpus.dates() if d.article_id == "ferry.md"]
    assert {d.published for d in entries} == {dt.date(2031, 6, 4)}
    assert "2031-06-02" in {d.iso for d in entries}  # "on Monday" before 4 June 2031
    rows = dates_json("", corpus.dates())["dates"]
    assert {(r["article_id"], r["published_inferred"]) for r in rows} == {
        ("ferry.md", True),
        ("dated.md", False),
    }


def test_passages_and_sources_say_the_date_was_inferred(tmp_path: Path) -> None:
    content = tmp_path / "content"
    body = "OSLO, June 4 (Wire) - Ferries stopped on Monday.\n\nThe line opened on 9 May 2031."
    write(content, "ferry.md", article("Ferries stop", body))
    build_index(content, tmp_path / "index")
    corpus = Corpus(content, tmp_path / "index")
    hits = corpus.search("ferries").hits
    assert hits and all(h.passage.published_inferred for h in hits)
    assert [s.published_inferred for s in corpus.sources()] == [True]
