"""Ranking passages for a question: candidates from Whoosh, scored by a linear model of features.

Whoosh (BM25F over windows of up to three sentences) proposes candidate
windows for any of the question's concepts, each weighted by how rare it is;
the windows of the articles whose title matches the question best are added,
so that a sentence answering a question about the event its headline names
("The talks were extended by a day") is a candidate too. The most promising
candidates (see _promising) are then re-read sentence by sentence: every run of
their sentences gets features (how much of the question it covers, alone and
with its article's headline and lead, whether it holds the kind or form of
answer wanted, how well Whoosh scored it) and the
score is their weighted sum, corrected by boosted stumps over the same features
(both in index/data/ranker.json, fitted by quality/train_ranker.py). The policy
of what to do with the ranked spans, answer or decline, is index/answer.py's.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from whoosh.query import And, Or, Phrase, Query, Term

from index import scan, semantic, trees
from index.acronyms import with_equivalents
from index.analysis import normalised, term_spans, terms
from index.live import NAME, ArticleRecord, LiveIndex, SentenceInfo
from index.question import Concept, Question

CANDIDATES = 40  # windows re-ranked per question: republished copies take several
SCORED_WINDOWS = 16  # of those (and the headline matches'), the most promising read span by span
TITLE_ARTICLES = 4  # articles whose headline matches best: their windows are candidates too
TITLE_WINDOWS = 12
SPANS_PER_WINDOW = 2  # the best run of sentences of a window and the best apart from it
TOPIC_SHARE = 0.2  # a concept in this share of passages or more is the corpus's topic
PARAPHRASE_CREDIT = 0.85
CONTEXT_CREDIT = 0.6  # a concept stated in the headline, lead or previous sentence only
KEPT_CONCEPTS = 12  # the rarest concepts of a very long question


@dataclass(frozen=True)
class WeightedConcept:
    """A concept with its rarity in the corpus and what kind of word it is."""

    concept: Concept
    salience: float
    topic: bool  # in a large share of passages: every article shares it
    name: bool  # a name, an acronym or a number: an answer's article must hold it
    known: bool = True  # the corpus uses it (or a paraphrase of it)


FEATURES = (
    "coverage",  # salience-weighted share of the concepts the span itself states
    "context",  # the same, counting the headline, lead and previous sentence at part credit
    "missing_name",  # a name of the question its article never states
    "answer_type",  # the span has what the question asks for (a date, a number, a name)
    "counts",  # a number in the span counts what the question counts ("14 initiatives")
    "definition",  # "X is ..." for "What is X?"
    "bm25",  # Whoosh's score of the window, relative to the best window's
    "title",  # share of the question's salience the article's headline states
    "length",  # sentences in the span beyond the first
    "said",  # "who said" questions: the span names a speaker ("..., she said")
    "headline",  # the span is the article's headline repeated: it names a subject, answers little
    "recent",  # "latest"/"current" questions: how new the article is among the candidates
    "position",  # 1 / (1 + the span's sentence number): news puts what matters first
    "name_outside",  # share of the question's names stated neither in the span nor its context
    "rare_missing",  # the rarest concept the span and its context miss, against the rarest's
    "semantic",  # the best similarity of a sentence of the span to the question (0: no model)
    "unknown",  # share of the question's salience in words the corpus never uses
    "asks_type",  # the question asks for a kind of answer (a date, a number, a name, ...)
    "answer_form",  # "what did X say?": the span quotes or reports speech; "why?": gives a cause
)


@dataclass
class Candidate:
    """A scored quote: a run of sentences of one article, with its features."""

    record: ArticleRecord
    first: int
    last: int  # exclusive
    score: float
    highlight: frozenset[str]  # index terms to highlight wherever they occur
    phrases: tuple[tuple[str, ...], ...] = ()  # term sequences to highlight where contiguous
    features: dict[str, float] = field(default_factory=dict)


@cache
def _model() -> dict[str, Any]:
    text = resources.files("index").joinpath("data/ranker.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _variant() -> dict[str, Any]:
    """The model fitted with the semantic feature when the embedding model is installed."""
    found: dict[str, Any] = _model()["with_semantic" if semantic.available() else "words_only"]
    return found


def weights() -> dict[str, float]:
    """The ranking model: a weight per feature and the bias (index/data/ranker.json)."""
    found: dict[str, float] = _variant()["weights"]
    return found


@cache
def _corrections() -> tuple[tuple[str, ...], trees.Steps]:
    stumps = _variant().get("stumps", {"inputs": [], "trees": []})
    return tuple(stumps["inputs"]), trees.steps(stumps["trees"])


def linear_score(features: dict[str, float]) -> float:
    """The weighted sum of a span's features: what the answer-or-decline decision ranks by."""
    model = weights()
    return model["bias"] + sum(model[name] * value for name, value in features.items())


def span_score(features: dict[str, float], linear: float) -> float:
    """A span's score: its `linear` score corrected by the fitted stumps (a step function
    per feature: what matters only past some value, or less past it)."""
    inputs, correction = _corrections()
    return linear + correction([features[name] for name in inputs])


def answer_probability(found: list[Candidate]) -> float:
    """How likely the best span is a right answer: boosted trees over its features.

    They see the best span's features, its score and its margin over the next
    candidate, `found` ranked by the linear score (Ranking.decided; fitted with
    the weights by quality/train_ranker.py).
    """
    if not found:
        return 0.0
    model: dict[str, Any] = _variant()["answer"]
    best = found[0]
    margin = best.score - found[1].score if len(found) > 1 else 1.0
    values = {**best.features, "score": best.score, "margin": margin}
    return trees.probability(model["trees"], [values[name] for name in model["inputs"]])


def decline_below() -> float:
    """The least probability of a right answer for the best span to be given."""
    return float(_model()["decline_below"])


def weigh(question: Question, live: LiveIndex) -> list[WeightedConcept]:
    """Each concept of the question with its salience (an IDF over passages) and kind.

    Salience is an IDF of the question's own words (a broad paraphrase must not
    make a specific word look common). Topic words, those in a large share of
    passages, count for half. A word the corpus never uses weighs half the
    question's average known word: a common word said differently in the
    corpus ("start" for began) must not sink every answer, while a name the
    corpus does not know ("France") is flagged so the answer can be declined.
    """
    total = max(live.passage_count, 1)
    weighted: list[WeightedConcept] = []
    unknown: list[tuple[Concept, bool]] = []
    for number, concept in enumerate(question.concepts):
        df = min(_own_df(concept, live) or _paraphrase_df(concept, live), total)
        name = _is_name(concept, first=number == 0 and question.text.startswith(concept.surface))
        if df == 0:
            unknown.append((concept, name))
            continue
        topic = total >= 20 and df / total >= TOPIC_SHARE
        salience = math.log(1 + (total - df + 0.5) / (df + 0.5)) * (0.5 if topic else 1.0)
        weighted.append(WeightedConcept(concept, salience, topic, name))
    known = [w.salience for w in weighted]
    unknown_salience = 0.5 * sum(known) / len(known) if known else 1.0
    weighted += [
        WeightedConcept(c, unknown_salience, False, name, known=False) for c, name in unknown
    ]
    if len(weighted) > KEPT_CONCEPTS:
        weighted = sorted(weighted, key=lambda w: -w.salience)[:KEPT_CONCEPTS]
    return weighted


def _is_name(concept: Concept, first: bool) -> bool:
    surface = concept.surface
    if concept.is_year or any(c.isdigit() for c in surface):
        return True
    if len(surface) > 1 and surface.isupper():
        return True
    return not first and surface[:1].isupper()


def _own_df(concept: Concept, live: LiveIndex) -> int:
    """Passages with the question's own word(s) (a phrase: its rarest word)."""
    return min((live.df(term) for term in concept.own), default=0)


def _paraphrase_df(concept: Concept, live: LiveIndex) -> int:
    """Passages with the commonest known paraphrase, for a word the corpus says otherwise."""
    counts = [live.df(t) for t in concept.terms]
    counts += [min(live.df(t) for t in phrase) for phrase in concept.phrases]
    return max(counts, default=0)


def build_query(weighted: list[WeightedConcept], field_name: str = "text") -> Or:
    """Any form of any concept, rarer ones weigh more (paraphrases a little less)."""
    clauses: list[Query] = []
    for item in weighted:
        if not item.known:
            continue
        for term in item.concept.terms:
            boost = item.salience if term in item.concept.own else item.salience * 0.8
            clauses.append(Term(field_name, term, boost=boost))
        for phrase in item.concept.phrases:
            if field_name == "text":
                clauses.append(Phrase(field_name, list(phrase), boost=item.salience))
            else:
                clauses.append(And([Term(field_name, t) for t in phrase], boost=item.salience))
    return Or(clauses)


def satisfied(concept: Concept, terms: frozenset[str]) -> float:
    """1 when a text has the concept's own words, less for a paraphrase, 0 when absent."""
    if concept.own and concept.own <= terms:
        return 1.0
    if concept.terms & terms or any(set(p) <= terms for p in concept.phrases):
        return PARAPHRASE_CREDIT
    return 0.0


@dataclass(frozen=True)
class Window:
    """A candidate window of an article, with what ranking knows of it before reading it."""

    record: ArticleRecord
    first: int
    last: int  # exclusive
    bm25: float  # Whoosh's score relative to the best window's
    recent: float  # for "latest" questions: the article's place among the candidates' dates
    semantic: tuple[float, ...] = ()  # each sentence's similarity to the question (if a model)


def retrieve(
    question: Question,
    weighted: list[WeightedConcept],
    live: LiveIndex,
    restrict: frozenset[str] | None = None,
) -> list[Window]:
    """The candidate windows for the question: Whoosh's best, and the best of headline matches."""
    # Words nearly every passage has only slow the search down; the re-ranking still
    # credits them.
    specific = [w for w in weighted if not w.topic and w.known] or weighted
    query = build_query(specific)
    if not query.subqueries:
        return []
    within = sorted(restrict) if restrict else None
    scores = dict(_best_windows(live, query, CANDIDATES, within))
    for key, score in _title_windows(weighted, live, restrict, query):
        scores.setdefault(key, score)
    if not scores:
        return []
    top_score = max(scores.values()) or 1.0
    records = {a: live.record(a) for a, _, _ in scores}
    for key, score in _acronym_windows(weighted, live, records):
        scores.setdefault(key, score)
        records.setdefault(key[0], live.record(key[0]))
    recency = _recency(records) if question.wants_recent else {}
    found = []
    for (article_id, first, last), score in scores.items():
        record = records[article_id]
        if record is not None:
            recent = recency.get(article_id, 0.0)
            found.append(Window(record, first, last, score / top_score, recent))
    return _with_similarity(question, found)


def _with_similarity(question: Question, found: list[Window]) -> list[Window]:
    """The windows with their sentences' semantic similarity to the question, if a model."""
    texts = [
        w.record.article.body[slice(*w.record.sentences[n][:2])]
        for w in found
        for n in range(w.first, w.last)
    ]
    similarities = semantic.similarity(question.text, texts)
    if similarities is None:
        return found
    out = []
    at = 0
    for window in found:
        size = window.last - window.first
        out.append(replace(window, semantic=tuple(similarities[at : at + size])))
        at += size
    return out


@dataclass(frozen=True)
class Ranking:
    """A question's candidate spans, ranked two ways, best first."""

    found: list[Candidate]  # by the full score: the passages to show
    decided: list[Candidate]  # by the linear score alone (as Candidate.score): whether to answer


def rank(
    question: Question,
    weighted: list[WeightedConcept],
    live: LiveIndex,
    restrict: frozenset[str] | None = None,
) -> Ranking:
    """Every candidate window's best spans, sorted best first by the full score, and by the
    linear score the answer-or-decline classifier was fitted on."""
    total = sum(w.salience for w in weighted) or 1.0
    found: list[Candidate] = []
    decided: list[Candidate] = []
    windows = retrieve(question, weighted, live, restrict)
    for window in _promising(question, weighted, total, windows):
        by_score, by_linear = _window_spans(question, weighted, total, window)
        found.extend(by_score)
        decided.extend(by_linear)
    found.sort(key=lambda c: -c.score)
    decided.sort(key=lambda c: -c.score)
    return Ranking(found, decided)


def _promising(
    question: Question, weighted: list[WeightedConcept], total: float, windows: list[Window]
) -> list[Window]:
    """The windows worth reading span by span (reading one costs a feature set per span).

    What a window's spans can cover (its words with its article's headline and lead),
    its best sentence's similarity and Whoosh's score, weighted as the model weighs
    them, order the windows; the first SCORED_WINDOWS are read. On the
    development set and the seeds, reading 12 instead of all ~90 changed no answer."""
    if len(windows) <= SCORED_WINDOWS:
        return windows
    model = weights()
    bounds = []
    for window in windows:
        record = window.record
        acronyms = record.acronym_pairs(question.acronyms)
        start, end = record.sentences[window.first][0], record.sentences[window.last - 1][1]
        words = with_equivalents(
            record.title_terms
            | record.lead_terms
            | frozenset(terms(record.article.body[start:end])),
            acronyms,
        )
        covered = sum(w.salience * satisfied(w.concept, words) for w in weighted) / total
        bounds.append(
            model["coverage"] * covered
            + model["semantic"] * max(window.semantic, default=0.0)
            + model["bm25"] * window.bm25
        )
    order = sorted(range(len(windows)), key=lambda n: -bounds[n])[:SCORED_WINDOWS]
    return [windows[n] for n in sorted(order)]


def candidates(
    question: Question,
    weighted: list[WeightedConcept],
    live: LiveIndex,
    restrict: frozenset[str] | None = None,
) -> list[Candidate]:
    """Every candidate window's best spans, scored and sorted best first."""
    return rank(question, weighted, live, restrict).found


def _acronym_windows(
    weighted: list[WeightedConcept],
    live: LiveIndex,
    records: dict[str, ArticleRecord | None],
) -> list[tuple[tuple[str, int, int], float]]:
    """The windows where a candidate article calls a name the question writes in full by the
    acronym it defined for it ("the Climate Change Committee (CCC)", then "the CCC's chief")."""
    named = [w.concept.own for w in weighted if len(w.concept.own) > 1]
    wanted: dict[str, set[str]] = {}
    for article_id, record in records.items():
        if record is None:
            continue
        for acronym, name in record.acronyms.items():
            if any(name <= own or own <= name for own in named):
                wanted.setdefault(acronym, set()).add(article_id)
    if not wanted:
        return []
    query = Or(
        [
            And([Term("text", acronym), Or([Term("article_id", a) for a in sorted(ids)])])
            for acronym, ids in sorted(wanted.items())
        ]
    )
    hits = live.searcher.search(query, limit=TITLE_WINDOWS)
    return [((h["article_id"], h["data"]["first"], h["data"]["last"]), h.score) for h in hits]


def _title_windows(
    weighted: list[WeightedConcept],
    live: LiveIndex,
    restrict: frozenset[str] | None,
    text_query: Or,
) -> list[tuple[tuple[str, int, int], float]]:
    """The best windows of the articles whose headline matches the question best."""
    if len(weighted) < 2:
        return []
    title_query = build_query(weighted, "title")
    articles = scan.top_documents(
        live.searcher, title_query.subqueries, TITLE_ARTICLES, live.postings
    )
    ids = [live.searcher.stored_fields(doc.docnum)["article_id"] for doc in articles]
    ids = [a for a in ids if not restrict or a in restrict]
    if not ids:
        return []
    return _best_windows(live, text_query, TITLE_WINDOWS, ids)


def _best_windows(
    live: LiveIndex, query: Or, limit: int, articles: list[str] | None = None
) -> list[tuple[tuple[str, int, int], float]]:
    """The best `limit` passage windows for `query` (of `articles` only, if given) with
    Whoosh's BM25F scores, keyed by (article id, first sentence, last sentence)."""
    found = scan.top_documents(live.searcher, query.subqueries, limit, live.postings, articles)
    out = []
    for doc in found:
        fields = live.searcher.stored_fields(doc.docnum)
        data = fields["data"]
        out.append(((fields["article_id"], data["first"], data["last"]), doc.score))
    return out


def best_spans(
    question: Question,
    weighted: list[WeightedConcept],
    total: float,
    window: Window,
) -> list[Candidate]:
    """The run of sentences in the window [first, last) that scores best, and the best run
    that does not overlap it (a window may hold two answers, or the one the best misses)."""
    return _window_spans(question, weighted, total, window)[0]


_Scored = tuple[float, int, int, dict[str, float], list[WeightedConcept]]


def _window_spans(
    question: Question,
    weighted: list[WeightedConcept],
    total: float,
    window: Window,
) -> tuple[list[Candidate], list[Candidate]]:
    """best_spans by the full score, and the same by the linear score alone."""
    by_score: list[_Scored] = []
    by_linear: list[_Scored] = []
    for span_first, span_last, features, matched in span_features(
        question, weighted, total, window
    ):
        linear = linear_score(features)
        score = span_score(features, linear)
        by_score.append((score, span_first, span_last, features, matched))
        by_linear.append((linear, span_first, span_last, features, matched))
    return _chosen(by_score, window), _chosen(by_linear, window)


def _chosen(scored: list[_Scored], window: Window) -> list[Candidate]:
    scored.sort(key=lambda item: -item[0])
    chosen: list[Candidate] = []
    for score, span_first, span_last, features, matched in scored:
        if any(c.first < span_last and span_first < c.last for c in chosen):
            continue
        chosen.append(
            Candidate(
                record=window.record,
                first=span_first,
                last=span_last,
                score=score,
                highlight=frozenset(t for w in matched for t in w.concept.terms),
                phrases=tuple(p for w in matched for p in w.concept.phrases),
                features=features,
            )
        )
        if len(chosen) == SPANS_PER_WINDOW:
            break
    return chosen


def span_features(
    question: Question,
    weighted: list[WeightedConcept],
    total: float,
    window: Window,
) -> Iterator[tuple[int, int, dict[str, float], list[WeightedConcept]]]:
    """Every run of sentences in the window [first, last) with its features and its concepts."""
    record, first, last = window.record, window.first, window.last
    acronyms = record.acronym_pairs(question.acronyms)
    missing_name = any(w.name and not _states(record, w.concept, acronyms) for w in weighted)
    title_share = (
        sum(w.salience * satisfied(w.concept, record.title_terms) for w in weighted) / total
    )
    title_text = normalised(record.article.title)
    headline_and_lead = with_equivalents(record.title_terms | record.lead_terms, acronyms)
    specific = [w for w in weighted if not w.topic] or weighted
    top_salience = max((w.salience for w in weighted), default=1.0) or 1.0
    unknown = sum(w.salience for w in weighted if not w.known) / total
    sentences = [record.sentence(n) for n in range(first, last)]
    closes = quotation_ends(record, first, last)
    asked = with_equivalents(
        frozenset().union(
            *(c.terms | c.own | {t for p in c.phrases for t in p} for c in question.concepts)
        ),
        acronyms,
    )
    for size in range(1, len(sentences) + 1):
        for offset in range(len(sentences) - size + 1):
            end = closes[offset + size - 1]  # the quotation the span opens, through its close
            span = sentences[offset : offset + size] + [
                record.sentence(n) for n in range(first + offset + size, end)
            ]
            span_terms = with_equivalents(frozenset().union(*(s.terms for s in span)), acronyms)
            before = first + offset - 1
            context_terms = headline_and_lead
            if before >= 0:
                context_terms = with_equivalents(
                    context_terms | record.sentence(before).terms, acronyms
                )
            credits = [satisfied(w.concept, span_terms) for w in weighted]
            in_context = [satisfied(w.concept, context_terms) for w in weighted]
            pairs = list(zip(credits, in_context, strict=True))
            coverage = sum(w.salience * c for w, c in zip(weighted, credits, strict=True)) / total
            context = (
                sum(
                    w.salience * max(c, CONTEXT_CREDIT * x)
                    for w, (c, x) in zip(weighted, pairs, strict=True)
                )
                / total
            )
            texts = _texts(span, record)
            near = [max(c, x) for c, x in pairs]
            names = [n for w, n in zip(weighted, near, strict=True) if w.name]
            missed = [w.salience for w, n in zip(weighted, near, strict=True) if n == 0.0]
            features = {
                "coverage": coverage,
                "context": context,
                "missing_name": float(missing_name),
                "answer_type": _answer_type(question, record, span, specific, acronyms, asked),
                "counts": _counts_feature(question, texts),
                "definition": _definition(question, texts),
                "bm25": window.bm25,
                "title": title_share,
                "length": float(size - 1),
                "said": _said(question, span, texts),
                "headline": float(any(normalised(t) == title_text for t in texts)),
                "recent": window.recent,
                "position": 1.0 / (1 + first + offset),
                "name_outside": sum(1 for n in names if n == 0.0) / len(names) if names else 0.0,
                "rare_missing": max(missed, default=0.0) / top_salience,
                "semantic": max(window.semantic[offset : offset + size], default=0.0),
                "unknown": unknown,
                "asks_type": float(question.answer_type not in ("any", "quote", "reason")),
                "answer_form": _answer_form(question, span, texts),
            }
            matched = [w for w, c in zip(weighted, credits, strict=True) if c > 0]
            yield first + offset, max(end, first + offset + size), features, matched


QUOTATION_SENTENCES = 3  # a span is carried on to its quotation's close at most this far
_QUOTE_MARK = re.compile(r'[“”"]')


def quotation_ends(record: ArticleRecord, first: int, last: int) -> list[int]:
    """For each sentence of the window [first, last): where a span ending with it should end
    so that a quotation it leaves open is quoted through its close (and its speaker, "...,"
    said X.), within the paragraph and QUOTATION_SENTENCES more sentences; 0 where it
    leaves none open, or the close is not found."""
    sentences = record.sentences
    paragraph = sentences[first][2]
    start = first
    while start > 0 and sentences[start - 1][2] == paragraph:
        start -= 1
    open_after: dict[int, bool] = {}
    inside = False
    stop = min(len(sentences), last + QUOTATION_SENTENCES)
    for number in range(start, stop):
        begin, end, this_paragraph = sentences[number]
        if this_paragraph != sentences[max(number - 1, 0)][2]:
            inside = False
        for mark in _QUOTE_MARK.findall(record.article.body, begin, end):
            inside = mark == "“" or (mark == '"' and not inside)
        open_after[number] = inside
    ends = []
    for number in range(first, last):
        end = 0
        if open_after.get(number):
            for later in range(number + 1, min(stop, number + 1 + QUOTATION_SENTENCES)):
                if sentences[later][2] != sentences[number][2]:
                    break
                if not open_after[later]:
                    end = later + 1
                    break
        ends.append(end)
    return ends


def _states(
    record: ArticleRecord, concept: Concept, acronyms: list[tuple[str, frozenset[str]]]
) -> bool:
    """Whether the article states the concept anywhere (its title included)."""
    if satisfied(concept, with_equivalents(record.written_terms, acronyms)):
        return True
    if _numbered_form(concept, record.written_terms):
        return True
    # A year may be stated only as a date resolves ("last year" in a 2020 article: 2019),
    # which needs every sentence's dates: looked at only then.
    if concept.is_year or any(c.isdigit() for term in concept.own for c in term):
        return bool(satisfied(concept, with_equivalents(record.all_terms, acronyms)))
    return False


def _numbered_form(concept: Concept, written: frozenset[str]) -> bool:
    """Whether an acronym the question writes bare ("at which COP", "a G summit") is stated
    by a numbered form of it ("COP27", "G20"): the number is often what is asked."""
    if len(concept.own) != 1 or not concept.surface.isupper():
        return False
    (own,) = concept.own
    if not own.isalpha():
        return False
    return any(term.startswith(own) and term[len(own) :].isdigit() for term in written)


def _answer_type(
    question: Question,
    record: ArticleRecord,
    span: list[SentenceInfo],
    specific: list[WeightedConcept],
    acronyms: list[tuple[str, frozenset[str]]],
    asked: frozenset[str],
) -> float:
    """1 when a sentence of the span with a specific concept holds what the question asks for
    (for a name: one besides the names `asked`, the question's terms with their acronyms)."""
    kind = question.answer_type
    on_topic = [
        s
        for s in span
        if any(satisfied(w.concept, with_equivalents(s.terms, acronyms)) for w in specific)
    ]
    if kind == "date":
        return float(any(s.has_date for s in on_topic))
    if kind == "number":
        return float(any(s.has_number for s in on_topic))
    if kind in ("person", "place"):
        # A name besides the ones the question asks about ("the board" is not who leads it).
        return float(
            any(
                set(terms(name)) - asked
                for s in on_topic
                if s.has_name
                for name in NAME.findall(record.article.body, s.start, s.end)
            )
        )
    return 0.0


def _answer_form(question: Question, span: list[SentenceInfo], texts: list[str]) -> float:
    """1 when the span has the form of answer the question's wording asks for: words quoted
    or reported for "what did X say/call ...?" (or the question's verb: "X called Y ..."),
    a cause for "why ...?"."""
    if question.answer_type == "quote":
        return float(
            any(_QUOTE_MARK.search(t) or _SPEECH.search(t) for t in texts)
            or any(question.spoken & s.terms for s in span)
        )
    if question.answer_type == "reason":
        return float(any(_CAUSE.search(t) for t in texts))
    return 0.0


def _texts(span: list[SentenceInfo], record: ArticleRecord) -> list[str]:
    return [record.article.body[s.start : s.end] for s in span]


def _counts_feature(question: Question, texts: list[str]) -> float:
    if question.answer_type != "number":
        return 0.0
    counted = [c for c in question.concepts if c.head]
    return float(any(_counts(text, counted) for text in texts))


def _definition(question: Question, texts: list[str]) -> float:
    """For "What is X?": 1 when the span says "X is a/an/the ..." or "X, a ...", 0.5 for
    another "X is ..." or "(X)," (X named, not defined)."""
    if question.answer_type != "definition" or not question.subject:
        return 0.0
    subject = re.escape(question.subject)
    defines = re.compile(
        rf"(?:^|[(,]\s*)(?:the\s+)?{subject}\)?(?:,| (?:is|are|was|were))\s+(?:a|an|the|one)\b",
        re.I,
    )
    names = re.compile(rf"(?:^|[(,]\s*)(?:the\s+)?{subject}\)?(?:,| (?:is|are|was|were)\b)", re.I)
    if any(defines.search(text) for text in texts):
        return 1.0
    return 0.5 if any(names.search(text) for text in texts) else 0.0


_SPEECH = re.compile(
    r"\b(?:said|says|told|added|stated|declared|noted|warned|stressed|argued|according to)\b",
    re.I,
)


_CAUSE = re.compile(
    r"\b(?:because|due to|owing to|as a result|in protest|citing|cited"
    r"|attribut\w* (?:\w+ ){0,8}?to|reasons?|in order to|so as to|blam\w*|on the grounds"
    r"|in response to|amid)\b",
    re.I,
)


def _said(question: Question, span: list[SentenceInfo], texts: list[str]) -> float:
    """For a "who" question: the span both states something and says who said it."""
    if question.answer_type != "person":
        return 0.0
    return float(any(_SPEECH.search(t) for t in texts) and any(s.has_name for s in span))


_NUMERAL = re.compile(r"\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?")


def _counts(text: str, counted: list[Concept]) -> bool:
    """True when a number in `text` counts one of the concepts ("120 member states")."""
    sequence = [term for term, _, _ in term_spans(text)]
    for i, term in enumerate(sequence):
        if not _NUMERAL.fullmatch(term):
            continue
        following = sequence[i + 1 : i + 5]
        for concept in counted:
            if len(concept.own) == 1 and concept.terms & set(following[:2]):
                return True
            for phrase in concept.phrases:
                if tuple(following[: len(phrase)]) == phrase:
                    return True
    return False


def _recency(records: dict[str, ArticleRecord | None]) -> dict[str, float]:
    """Each candidate article's place among the candidates' publication dates, 0 to 1."""
    dated = sorted({r.article.published for r in records.values() if r and r.article.published})
    if len(dated) < 2:
        return {}
    place = {day: n / (len(dated) - 1) for n, day in enumerate(dated)}
    return {
        a: place[r.article.published]
        for a, r in records.items()
        if r is not None and r.article.published is not None
    }
