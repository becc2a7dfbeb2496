"""The benchmark's reader questions (bench.questions), derived from a small generated corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench import generate as gen
from bench.questions import SANITY, SETS, Question, derive, load, questions_file


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> gen.GeneratedCorpus:
    return gen.generate(60, out=tmp_path_factory.mktemp("corpora"), procs=1)


@pytest.fixture(scope="module")
def asked(corpus: gen.GeneratedCorpus) -> list[Question]:
    return derive(corpus.content, corpus.seed, corpus.size, per_set=8)


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)}


def test_every_set_is_asked_and_the_planted_set_stays_apart(asked: list[Question]) -> None:
    counts = {name: sum(1 for q in asked if q.set == name) for name in (*SETS, SANITY)}
    assert counts == {"names": 8, "common": 8, "paraphrase": 8, "decline": 8, "planted": 12}
    assert len({q.question for q in asked}) == len(asked)  # each asked once


def test_answerable_questions_come_from_their_article(
    corpus: gen.GeneratedCorpus, asked: list[Question]
) -> None:
    for question in asked:
        if question.set == "decline":
            assert question.article_id is None
            continue
        assert question.article_id is not None
        assert question.sentence in (corpus.content / question.article_id).read_text("utf-8")


def test_reader_questions_hold_no_planted_word(asked: list[Question]) -> None:
    reserved = set(gen.vocabulary(gen.DEFAULT_SEED).reserved[:1000])
    for question in asked:
        if question.set != SANITY:
            assert not _words(question.question) & reserved, question


def test_questions_to_decline_name_what_no_article_contains(
    corpus: gen.GeneratedCorpus, asked: list[Question]
) -> None:
    text = " ".join(p.read_text("utf-8") for p in corpus.content.rglob("*.md")).lower()
    for question in asked:
        if question.set == "decline":
            unseen = [w for w in re.findall(r"[A-Z][a-z]+", question.question)]
            assert any(w.lower() not in text for w in unseen), question


def test_the_file_is_written_once_and_read_per_set(corpus: gen.GeneratedCorpus) -> None:
    path = questions_file(corpus)
    written = path.stat().st_mtime_ns
    assert questions_file(corpus) == path and path.stat().st_mtime_ns == written
    questions, topics = load(path, per_set=2)
    assert sorted(q["set"] for q in questions) == sorted([*SETS, SANITY] * 2)
    assert topics


def test_derivation_is_deterministic(corpus: gen.GeneratedCorpus, asked: list[Question]) -> None:
    again = derive(Path(corpus.content), corpus.seed, corpus.size, per_set=8)
    assert again == asked


def test_the_reserve_follows_and_is_never_measured(
    corpus: gen.GeneratedCorpus, asked: list[Question]
) -> None:
    both = derive(corpus.content, corpus.seed, corpus.size, per_set=8, reserve=3)
    measured = [q for q in both if not q.reserve]
    assert measured == asked
    extra = [q for q in both if q.reserve]
    assert extra and all(q.set in SETS for q in extra)
    assert not {q.question for q in extra} & {q.question for q in asked}
    path = questions_file(corpus)
    questions, _ = load(path)
    assert not any(q["reserve"] for q in questions)
