"""The timeline: every stated date, resolved, ordered, filtered, de-duplicated."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build import build_index
from index.corpus import Corpus
from index.timeline import parse_filter
from tests.index.corpus_files import BRIDGE, FESTIVAL, VOLCANO, article, write

APA = "apa-2020-05-05-role-of-non-aligned-movement-increases.md"
NOOR = "azerbaijan-leads-non-aligned-movement.md"


@pytest.fixture(scope="module")
def seed(seed_index: tuple[Path, Path]) -> Corpus:
    return Corpus(*seed_index)


def test_first_corpus_timeline_has_the_key_dates(seed: Corpus) -> None:
    found = {(d.iso, d.precision, d.season, d.article_id) for d in seed.dates()}
    expected = {
        ("1961", "year", None, NOOR),
        ("1991", "year", None, APA),
        ("2011", "year", None, APA),
        ("2019-07", "month", None, APA),
        ("2019", "season", "autumn", APA),
        ("2019-10", "month", None, APA),
        ("2020-05-04", "day", None, APA),
        ("2022", "year", None, NOOR),
    }
    assert expected <= found


def test_each_date_keeps_its_sentence_and_source(seed: Corpus) -> None:
    caracas = [d for d in seed.dates() if d.iso == "2019-07"]
    assert len(caracas) == 1
    assert "Karakas City" in caracas[0].text
    assert caracas[0].url is not None and caracas[0].url.startswith("https://apa.az/")
    assert caracas[0].label == "July 2019"
    assert caracas[0].resolved


def test_timeline_is_chronological(seed: Corpus) -> None:
    keys = [d.sort_key for d in seed.dates()]
    assert keys == sorted(keys)


def test_topic_filter_uses_aliases(seed: Corpus) -> None:
    caracas = seed.dates("Caracas")
    assert [d.iso for d in caracas] == ["2019-07"]
    assert seed.dates("Karakas") == caracas


def test_year_filter_and_ranges(seed: Corpus) -> None:
    assert {d.iso[:4] for d in seed.dates("2019") if d.iso} == {"2019"}
    assert {d.iso[:4] for d in seed.dates("2019-2020") if d.iso} == {"2019", "2020"}
    assert seed.dates("Youth 2022")[0].text.startswith("Baku further played")
    assert seed.dates("Youth 1990") == []


def test_unknown_topic_gives_no_dates(seed: Corpus) -> None:
    assert seed.dates("volcano") == []
    assert seed.dates("the of and") == []


@pytest.mark.parametrize(
    ("text", "topic", "years"),
    [
        ("", "", (None, None)),
        ("Karabakh", "Karabakh", (None, None)),
        ("2019", "", (2019, 2019)),
        ("Baku summit 2019-2020", "Baku summit", (2019, 2020)),
        ("from 2011 to 2019", "", (2011, 2019)),
        ("NAM 2020..2011", "NAM", (2011, 2020)),
        ("dates since 1991", "", (1991, 1991)),
    ],
)
def test_parse_filter(text: str, topic: str, years: tuple[int | None, int | None]) -> None:
    wanted = parse_filter(text)
    assert (wanted.topic, (wanted.year_from, wanted.year_to)) == (topic, years)


def test_relative_dates_resolve_from_publication_or_stay_unresolved(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "bridge.md", BRIDGE)  # published 2022-06-01: "last year" is 2021
    write(content, "festival.md", FESTIVAL)  # no date: "this autumn" cannot be resolved
    build_index(content, tmp_path / "index")
    dates = Corpus(content, tmp_path / "index").dates()
    bridge = {(d.iso, d.precision) for d in dates if d.article_id == "bridge.md"}
    assert ("2021", "year") in bridge
    assert ("2021-10", "month") in bridge
    festival = [d for d in dates if d.article_id == "festival.md"]
    assert ("1987", "year", True) in {(d.iso, d.precision, d.resolved) for d in festival}
    assert any(not d.resolved for d in festival)
    assert dates[-1].resolved is False  # unresolved dates come last


def test_republished_story_is_one_entry(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "original.md", VOLCANO)
    copy = VOLCANO.replace("Example News", "Other Wire").replace("/volcano", "/copy")
    write(content, "copy.md", copy)
    write(content, "other.md", article("Other", "A different eruption happened on 12 March 2021."))
    build_index(content, tmp_path / "index")
    march = [d for d in Corpus(content, tmp_path / "index").dates() if d.iso == "2021-03-12"]
    assert len(march) == 2
    merged = next(d for d in march if d.also_in)
    assert {merged.article_id, *merged.also_in} == {"original.md", "copy.md"}


def test_topics_with_phrases_and_whole_questions(seed: Corpus) -> None:
    assert "2019-07" in {d.iso for d in seed.dates("Non-Aligned Movement Ministerial Council")}
    joined = seed.dates("When did Azerbaijan join the Non-Aligned Movement?")
    assert "2011" in {d.iso for d in joined}
