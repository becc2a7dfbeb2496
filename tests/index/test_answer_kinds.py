"""The kinds of question that real news corpora ask of the ranking, on articles written here.

Each test is one failure kind of issue 9: the name in the headline only, a
paraphrase, an amount, "who said", noise around the question, a near miss that
must be declined, and answers from an article's details.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from index.answer import source_restriction
from index.build import build_index
from index.corpus import Corpus
from index.question import answer_type, read_question
from index.ranking import Candidate, best_spans, candidates, retrieve, weigh
from tests.index.corpus_files import article, write

ARTICLES = {
    "velmora-talks.md": article(
        "Velmora harbour trade talks run into overtime",
        "Negotiators from eleven coastal states met in the old customs house on Monday. "
        "The talks were extended by a day after a dispute over fishing quotas.\n\n"
        "Delegates from the smaller islands walked out of the hall on Wednesday evening. "
        "“We will not sign a deal that empties our seas,” said Marta Olsen, the fisheries "
        "minister of Kestrel Island.\n\n"
        "About 4,000 volunteers cleaned the harbour front before the opening ceremony.",
        published="2023-06-14",
        source="Harbour Post",
        author="Ines Calder",
        url="https://example.org/velmora-talks",
    ),
    "river-bridge.md": article(
        "A new bridge for Dunmore",
        "The county council approved a new footbridge over the river Tay on Tuesday. "
        "Construction will cost 12 million pounds and take two years.\n\n"
        "Residents had asked for a crossing since the old ferry stopped running in 2015.",
        published="2023-03-02",
        source="Dunmore Gazette",
        author="Paul Ferrand",
        url="https://example.org/dunmore-bridge",
    ),
    "orchard-festival.md": article(
        "Apple festival returns to Lindholm",
        "The apple festival returned to Lindholm after a three-year break. "
        "Growers sold cider, juice and pies from more than sixty stalls.\n\n"
        "The mayor opened the festival with a speech about the town's orchards.",
        published="2022-09-18",
        source="Lindholm Herald",
        url="https://example.org/apple-festival",
    ),
    "library.md": article(
        "City library extends its opening hours",
        "The central library will stay open until nine in the evening from next month. "
        "The council said visitor numbers rose by a fifth last year.\n\n"
        "Students had petitioned for longer hours during the exam season.",
        published="2023-01-10",
        source="City Times",
        url="https://example.org/library-hours",
    ),
    "rail-strike.md": article(
        "Rail workers strike over pay",
        "Train drivers stopped work for two days in a dispute over pay. "
        "The union said its members had not had a rise in three years.\n\n"
        "Commuters crowded onto buses as most services were cancelled.",
        published="2023-05-22",
        source="Transport Weekly",
        url="https://example.org/rail-strike",
    ),
    "compact.md": article(
        "Coastal states renew the Tessaly Compact",
        "The Tessaly Compact is committed to keeping the northern fishing grounds open. "
        "Ministers renewed it for ten more years on Friday.\n\n"
        "The Tessaly Compact is a fisheries treaty between eleven coastal states, signed in 1998.",
        published="2023-08-04",
        source="Coast Weekly",
        url="https://example.org/tessaly-compact",
    ),
    "quarry.md": article(
        "Brenmoor quarry to close after ninety years",
        "The Brenmoor quarry will close at the end of the year, its owners announced on "
        "Thursday.\n\n"
        "“We have run out of stone worth cutting. The seams are thin and the costs keep "
        "rising. There is nothing left for us here,” said Hal Corwen, the quarry's manager.\n\n"
        "About 80 workers will lose their jobs. The last shift ends on December 22.",
        published="2023-10-12",
        source="Moorland Echo",
        url="https://example.org/brenmoor-quarry",
    ),
    "sting.md": article(
        "Undercover footage shows port chief offering berths for cash",
        "An undercover investigation filmed the chief executive of Velmora port offering "
        "berths in exchange for cash.\n\n"
        "The undercover operation was run by Harbour Watch, a campaign group based in Dunmore. "
        "Its reporters posed as buyers for a shipping firm.",
        published="2023-11-02",
        source="Coast Weekly",
        url="https://example.org/port-sting",
    ),
    "ferry-rules.md": article(
        "New rules for Velmora's ferries",
        "The Harbour Safety Board (HSB) published new rules for ferries on Monday. "
        "Operators must carry twice as many life rafts.\n\n"
        "The changes follow two groundings last winter. Members of the Kestrel Ferry Union "
        "welcomed the rules as overdue.\n\n"
        "“Every crossing must be safe,” said Dana Whitlow, the HSB’s new chief.",
        published="2023-12-04",
        source="Coast Weekly",
        url="https://example.org/ferry-rules",
    ),
    "relief-fund.md": article(
        "Storm relief fund opens for claims",
        "The storm relief fund agreed at VTC3 in Portmere opened for claims on Monday. "
        "Fishing families can apply until March.",
        published="2024-01-15",
        source="Coast Weekly",
        url="https://example.org/relief-fund",
    ),
    "kestrel-ferry.md": article(
        "Kestrel Island ferry timetable changes",
        "By Tomas Reyes\n"
        "Updated: 04-07-2023 10:20 GMT\n\n"
        "The ferry to Kestrel Island will sail twice a day from July. "
        "Islanders said the morning crossing was too early for schoolchildren.",
        source="Kestrel Island Radio",
        url="https://example.org/kestrel-ferry",
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root: Path = tmp_path_factory.mktemp("kinds")
    content = root / "content"
    for name, text in ARTICLES.items():
        write(content, name, text)
    build_index(content, root / "index")
    return Corpus(content, root / "index")


def _first_quote(corpus: Corpus, question: str) -> str:
    """The best-ranked span, whether or not the answer classifier would give it.

    Five short articles are too few for the decline classifier, which was fitted
    on corpora of a hundred articles; the ranking is what these tests check.
    """
    live = corpus._refresh()
    read, restrict = source_restriction(read_question(question, corpus._matcher), live)
    found = candidates(read, weigh(read, live), live, restrict)
    assert found, f"no candidate for {question!r}"
    best = found[0]
    body = best.record.article.body
    return body[best.record.sentences[best.first][0] : best.record.sentences[best.last - 1][1]]


def test_the_headline_names_what_the_answering_sentence_does_not(corpus: Corpus) -> None:
    quote = _first_quote(corpus, "How long were the Velmora harbour talks extended?")
    assert "extended by a day" in quote


def test_an_amount_is_found_from_few_shared_words(corpus: Corpus) -> None:
    assert "4,000 volunteers" in _first_quote(corpus, "How many volunteers cleaned the harbour?")
    assert "12 million pounds" in _first_quote(corpus, "How much will the Dunmore bridge cost?")


def test_who_said_gets_the_sentence_naming_the_speaker(corpus: Corpus) -> None:
    quote = _first_quote(corpus, "Who said they would not sign a deal that empties the seas?")
    assert "Marta Olsen" in quote


def test_which_group_asks_for_a_name(corpus: Corpus) -> None:
    assert answer_type("Which group ran the undercover sting on the port chief?") == "person"
    assert answer_type("Which other countries backed the bid?") == "person"
    quote = _first_quote(corpus, "Which group ran the undercover sting on the port chief?")
    assert "Harbour Watch" in quote


def test_an_acronym_and_its_name_are_one_concept_within_an_article(corpus: Corpus) -> None:
    # The article names the board in full once, then by its acronym alone.
    assert "Dana Whitlow" in _first_quote(corpus, "Who leads the Harbour Safety Board?")
    # The question writes an acronym the article never uses for a name it spells out: the
    # article is not one that lacks a name the question asks about.
    live = corpus._refresh()
    read = read_question("What did the KFU think of the ferry rules?", corpus._matcher)
    best = candidates(read, weigh(read, live), live)[0]
    assert best.record.article.article_id == "ferry-rules.md"
    assert best.features["missing_name"] == 0.0


def test_a_bare_acronym_is_stated_by_its_numbered_form(corpus: Corpus) -> None:
    # "At which VTC" is answered by the article's "VTC3": it does not lack the name asked.
    live = corpus._refresh()
    read = read_question("At which VTC was the storm relief fund agreed?", corpus._matcher)
    best = candidates(read, weigh(read, live), live)[0]
    assert best.record.article.article_id == "relief-fund.md"
    assert best.features["missing_name"] == 0.0


def test_a_quotation_is_quoted_through_its_close_and_its_speaker(corpus: Corpus) -> None:
    quote = _first_quote(corpus, "Who said the quarry had run out of stone worth cutting?")
    assert quote.startswith("“We have run out of stone worth cutting.")
    assert quote.endswith("said Hal Corwen, the quarry's manager.")


@pytest.mark.parametrize(
    "question",
    [
        "Hi! (1) How many volunteers cleaned the harbour?",
        "hello there, how many volunteers cleaned the harbour",
        "2) How many volunteers cleaned the harbour?",
        "How many volunteers cleaned the harbour? " + "I would really like to know. " * 40,
    ],
)
def test_greetings_numbers_and_long_questions_still_answer(corpus: Corpus, question: str) -> None:
    assert "4,000 volunteers" in _first_quote(corpus, question)


def test_a_typo_in_a_name_is_corrected(corpus: Corpus) -> None:
    answer = corpus.ask("When did the Lindholm apple festivall return?")
    assert answer.passages
    assert "returned to Lindholm" in answer.passages[0].quote


@pytest.mark.parametrize(
    "question",
    [
        "Who wrote War and Peace?",
        "What did Vladimir Ostrova say about the Dunmore bridge?",
        "What is the capital of Mongolia?",
    ],
)
def test_near_misses_are_declined(corpus: Corpus, question: str) -> None:
    assert corpus.ask(question).passages == ()


def test_who_wrote_is_a_line_of_details_marked_as_metadata(corpus: Corpus) -> None:
    passages = corpus.ask("Who wrote the article about the Dunmore bridge?").passages
    assert passages
    assert passages[0].kind == "metadata"
    assert passages[0].quote == "By Paul Ferrand"
    for passage in corpus.ask("How many volunteers cleaned the harbour?").passages:
        assert passage.kind == "passage"


def test_a_place_in_a_sources_name_does_not_narrow_the_question_to_that_source(
    corpus: Corpus,
) -> None:
    # "Kestrel Island" is both a place in the harbour story and the radio's name.
    live = corpus._refresh()
    question = read_question("What did the minister of Kestrel Island say?", corpus._matcher)
    assert source_restriction(question, live)[1] is None
    assert "Marta Olsen" in _first_quote(corpus, "What did the minister of Kestrel Island say?")


@pytest.mark.parametrize(
    "question",
    [
        "According to the Harbour Post, how many volunteers cleaned the harbour?",
        "How many volunteers cleaned the harbour, in the Harbour Post's story?",
    ],
)
def test_a_cited_source_narrows_the_question(corpus: Corpus, question: str) -> None:
    live = corpus._refresh()
    restrict = source_restriction(read_question(question, corpus._matcher), live)[1]
    assert restrict == {"velmora-talks.md"}


def test_a_byline_printed_in_the_text_answers_who_wrote_it(corpus: Corpus) -> None:
    passages = corpus.ask("Who wrote the Kestrel Island Radio story about the ferry?").passages
    assert [p.quote for p in passages] == ["By Tomas Reyes"]
    assert passages[0].kind == "passage"  # a verbatim quote of the article


def test_an_updated_line_answers_when_the_story_was_updated(corpus: Corpus) -> None:
    passages = corpus.ask("When was the Kestrel Island Radio story last updated?").passages
    assert [p.quote for p in passages] == ["Updated: 04-07-2023 10:20 GMT"]


def test_what_is_x_prefers_the_sentence_that_says_what_x_is(corpus: Corpus) -> None:
    assert "is a fisheries treaty" in _first_quote(corpus, "What is the Tessaly Compact?")


def test_a_window_gives_its_best_span_and_the_best_apart_from_it(corpus: Corpus) -> None:
    live = corpus._refresh()
    read = read_question("How many volunteers cleaned the harbour?", corpus._matcher)
    weighted = weigh(read, live)
    total = sum(w.salience for w in weighted)
    windows = retrieve(read, weighted, live)
    window = next(w for w in windows if w.record.article.article_id == "velmora-talks.md")
    # Sentences 2-4: the talks walked out of (2), the quotation (3), the volunteers (4).
    best, apart = best_spans(read, weighted, total, window)
    assert (best.first, best.last) == (4, 5)  # "About 4,000 volunteers cleaned ..."
    assert best.score > apart.score
    assert apart.last <= best.first  # a candidate of its own, not overlapping the best


def test_a_date_is_not_an_amount(corpus: Corpus) -> None:
    record = corpus._refresh().record("quarry.md")
    assert record is not None
    said = {
        record.article.body[s.start : s.end]: s.has_number
        for s in map(record.sentence, range(len(record.sentences)))
    }
    assert said["About 80 workers will lose their jobs."] is True
    assert said["The last shift ends on December 22."] is False  # "How much ...?" wants more


def test_what_someone_said_and_why_ask_for_a_form_of_answer(corpus: Corpus) -> None:
    assert answer_type("What did the fisheries minister say about the deal?") == "quote"
    assert answer_type("How did Marta Olsen describe the deal?") == "quote"
    assert answer_type("Why were the talks extended?") == "reason"
    assert answer_type("What did the county council approve?") == "any"
    # What is known of a subject, not anyone's words:
    assert answer_type("What is said about the harbour, the quotas and the ferry?") == "any"
    assert answer_type("What does the article say about the ferry?") == "any"
    live = corpus._refresh()
    read = read_question("What did the fisheries minister call the deal?", corpus._matcher)
    found = candidates(read, weigh(read, live), live)
    quoted = [c for c in found if c.record.article.article_id == "velmora-talks.md"]
    assert quoted and all(
        c.features["answer_form"] == float("“" in _text(c) or "called" in _text(c)) for c in quoted
    )
    assert "empties our seas" in _first_quote(
        corpus, "What did the fisheries minister call the deal?"
    )


def _text(candidate: Candidate) -> str:
    record = candidate.record
    return " ".join(
        record.article.body[slice(*record.sentences[n][:2])]
        for n in range(candidate.first, candidate.last)
    )
