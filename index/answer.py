"""Answering a question: retrieve passage windows with Whoosh, re-rank them, decline.

Whoosh (BM25F over windows of up to three sentences) proposes candidates for
the question's concepts, each weighted by how rare it is. Each candidate is
then re-read sentence by sentence: the quote is the shortest run of its
sentences that covers the most of the question, and it only counts as an
answer when it covers every specific concept of the question (words that
nearly every passage shares, such as the corpus's topic, may be missing) and
has the kind of answer the question wants (a date for "when", a number for "how
many"). A question the corpus cannot answer therefore gets no passages rather
than the least bad match.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from whoosh.query import And, Or, Phrase, Query, Require, Term

from index.analysis import term_spans
from index.live import ArticleRecord, LiveIndex, SentenceInfo
from index.models import Passage
from index.question import Concept, Question

CANDIDATES = 40  # windows re-ranked per question: republished copies take several
TOPIC_SHARE = 0.2  # a concept in this share of passages or more is the corpus's topic
MIN_COVERAGE = 0.55
PARAPHRASE_CREDIT = 0.85
MAX_PER_ARTICLE = 2
SHORTER_SPAN_SLACK = 0.15


@dataclass(frozen=True)
class WeightedConcept:
    """A concept with its rarity in the corpus and how much an answer needs it."""

    concept: Concept
    salience: float
    topic: bool  # in a large share of passages: every article shares it
    required: bool  # an answer must contain it
    name: bool  # a name, an acronym or a number: never optional


@dataclass
class Candidate:
    """A scored quote: a run of sentences of one article."""

    record: ArticleRecord
    first: int
    last: int  # exclusive
    score: float
    highlight: frozenset[str]  # index terms to highlight wherever they occur
    phrases: tuple[tuple[str, ...], ...] = ()  # term sequences to highlight where contiguous


def weigh(question: Question, live: LiveIndex) -> list[WeightedConcept]:
    """Each concept of the question with its salience and whether an answer needs it.

    Salience is an IDF over passages of the question's own words (a broad
    paraphrase must not make a specific word look common). Topic words, those
    in a large share of passages, count for half and may be missing from an
    answer. A word the corpus never uses is either a name it does not know
    ("France": required, so the question is declined) or a common word said
    differently in the corpus ("start", "propose": optional, small weight).
    """
    total = max(live.passage_count, 1)
    weighted: list[WeightedConcept] = []
    optional: list[Concept] = []
    for number, concept in enumerate(question.concepts):
        df = min(_own_df(concept, live) or _paraphrase_df(concept, live), total)
        name = _is_name(concept, first=number == 0 and question.text.startswith(concept.surface))
        topic = total >= 20 and df / total >= TOPIC_SHARE
        if df == 0 and not name and not concept.head:
            optional.append(concept)
            continue
        salience = math.log(1 + (total - df + 0.5) / (df + 0.5)) * (0.5 if topic else 1.0)
        required = not topic or concept.of_phrase
        weighted.append(WeightedConcept(concept, salience, topic, required, name))
    # An unknown common word weighs half as much as the question's average known word.
    known = [w.salience for w in weighted]
    unknown_salience = 0.5 * sum(known) / len(known) if known else 1.0
    weighted += [WeightedConcept(c, unknown_salience, False, False, False) for c in optional]
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


def build_query(weighted: list[WeightedConcept]) -> Query:
    """The Whoosh query proposing candidates: any form of any concept, rarer ones weigh more."""
    clauses: list[Query] = []
    for item in weighted:
        for term in item.concept.terms:
            boost = item.salience if term in item.concept.own else item.salience * 0.8
            clauses.append(Term("text", term, boost=boost))
        for phrase in item.concept.phrases:
            clauses.append(Phrase("text", list(phrase), boost=item.salience))
    return Or(clauses)


def needed(weighted: list[WeightedConcept]) -> list[WeightedConcept]:
    """The concepts every answer must contain somewhere in its window (see _best_span).

    A question of up to three required concepts needs them all; a longer one
    may miss a word or two, but never a name. Years stay out: a sentence saying
    "last year" has the year without the word.
    """
    required = _required(weighted)
    if _allowed_missing(len(required)):
        required = [w for w in required if w.name]
    return [w for w in required if not w.concept.is_year]


def presence(concept: Concept) -> Query | None:
    """A query for the windows where `concept` is satisfied (its words in any order)."""
    forms: list[Query] = [Term("text", term) for term in sorted(concept.terms)]
    forms += [And([Term("text", t) for t in phrase]) for phrase in concept.phrases]
    if len(concept.own) > 1:
        forms.append(And([Term("text", t) for t in sorted(concept.own)]))
    return Or(forms) if forms else None


def candidate_query(weighted: list[WeightedConcept]) -> Query:
    """The Whoosh query for candidate windows: build_query's scores, among windows that can answer.

    Requiring what an answer needs lets Whoosh intersect a rare name's few
    postings instead of scoring every window with a common word of the question.
    """
    # Words nearly every passage has only slow the search down: they are optional in an
    # answer, and the re-ranking still credits them.
    specific = [w for w in weighted if not w.topic] or weighted
    query = build_query(specific)
    filters = [f for f in (presence(w.concept) for w in needed(weighted)) if f is not None]
    return Require(query, And(filters)) if filters else query


def satisfied(concept: Concept, terms: frozenset[str]) -> float:
    """1 when a sentence has the concept's own words, less for a paraphrase, 0 when absent."""
    if concept.own and concept.own <= terms:
        return 1.0
    if concept.terms & terms or any(set(p) <= terms for p in concept.phrases):
        return PARAPHRASE_CREDIT
    return 0.0


def answer_question(
    question: Question, live: LiveIndex, limit: int, restrict: frozenset[str] | None = None
) -> list[Passage]:
    """Ranked, verified, de-duplicated passages that answer `question` (empty: no answer)."""
    weighted = weigh(question, live)
    if not weighted:
        return []
    query = candidate_query(weighted)
    # Whoosh's RequireMatcher fails an assertion when it skips blocks by their best
    # score (whoosh 2.7 skip_to_quality): that optimisation only for a plain query.
    optimize = not isinstance(query, Require)
    if restrict:
        query = And([query, Or([Term("article_id", a) for a in sorted(restrict)])])
    hits = live.searcher.search(query, limit=CANDIDATES, optimize=optimize)
    if hits.is_empty():  # len() would count every match: a second full pass
        return []
    top_score = hits[0].score or 1.0
    candidates: list[Candidate] = []
    for hit in hits:
        record = live.record(hit["article_id"])
        if record is None:
            continue
        data = hit["data"]
        best = _best_span(question, weighted, record, data["first"], data["last"])
        if best is None:
            continue
        best.score += 0.1 * (hit.score / top_score)
        candidates.append(best)
    if question.wants_recent:
        _prefer_recent(candidates)
    candidates.sort(key=lambda c: -c.score)
    return _select(candidates, limit)


def _best_span(
    question: Question,
    weighted: list[WeightedConcept],
    record: ArticleRecord,
    first: int,
    last: int,
) -> Candidate | None:
    """The run of sentences in [first, last) that best answers, or None if none does.

    Among runs scoring close to the best, the shortest wins: a quote is the
    sentence(s) that answer, not their neighbourhood.
    """
    sentences = [record.sentence(n) for n in range(first, last)]
    required = _required(weighted)
    optional_limit = _allowed_missing(len(required))
    total = sum(w.salience for w in weighted)
    scored: list[tuple[float, int, int, list[WeightedConcept]]] = []
    for size in range(1, len(sentences) + 1):
        for offset in range(len(sentences) - size + 1):
            span = sentences[offset : offset + size]
            if not _has_answer_type(question, span, required):
                continue
            span_terms = frozenset().union(*(s.terms for s in span))
            credits = {id(w): satisfied(w.concept, span_terms) for w in weighted}
            missing = [w for w in required if credits[id(w)] == 0.0]
            if len(missing) > optional_limit or any(w.name for w in missing):
                continue
            coverage = sum(w.salience * credits[id(w)] for w in weighted) / total
            if coverage < MIN_COVERAGE:
                continue
            score = coverage + _answer_type_bonus(question, span, record)
            matched = [w for w in weighted if credits[id(w)] > 0]
            scored.append((score, size, offset, matched))
    if not scored:
        return None
    best_score = max(item[0] for item in scored)
    score, size, offset, matched = min(
        (item for item in scored if item[0] >= best_score - SHORTER_SPAN_SLACK),
        key=lambda item: (item[1], -item[0]),
    )
    return Candidate(
        record=record,
        first=first + offset,
        last=first + offset + size,
        score=score,
        highlight=frozenset(t for w in matched for t in w.concept.terms),
        phrases=tuple(p for w in matched for p in w.concept.phrases),
    )


def _has_answer_type(
    question: Question, span: list[SentenceInfo], required: list[WeightedConcept]
) -> bool:
    """A "when" answer states a date, a "how many" answer a number, in a sentence on topic.

    The date or number must sit in a sentence that has one of the question's
    required concepts, not in a neighbouring sentence about something else.
    """
    if question.answer_type == "date":
        return any(s.has_date and _on_topic(s, required) for s in span)
    if question.answer_type == "number":
        return any(s.has_number and _on_topic(s, required) for s in span)
    return True


def _on_topic(sentence: SentenceInfo, required: list[WeightedConcept]) -> bool:
    return not required or any(satisfied(w.concept, sentence.terms) for w in required)


def _required(weighted: list[WeightedConcept]) -> list[WeightedConcept]:
    return [w for w in weighted if w.required] or [w for w in weighted if w.topic]


def _allowed_missing(required: int) -> int:
    """Long questions may have one or two non-name words that an answer says otherwise."""
    if required <= 3:
        return 0
    return 1 if required <= 6 else 2


def _answer_type_bonus(
    question: Question, span: list[SentenceInfo], record: ArticleRecord
) -> float:
    kind = question.answer_type
    texts = [record.article.body[s.start : s.end] for s in span]
    if kind == "number":
        counted = [c for c in question.concepts if c.head]
        return 0.2 if any(_counts(text, counted) for text in texts) else 0.0
    if kind == "definition" and question.subject:
        pattern = re.compile(
            rf"(?:^|[(,]\s*){re.escape(question.subject)}\)?(?:,| (?:is|are|was|were)\b)", re.I
        )
        return 0.3 if any(pattern.search(text) for text in texts) else 0.0
    if kind in ("person", "place"):
        return 0.03 if any(s.has_name for s in span) else 0.0
    return 0.0


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


def _prefer_recent(candidates: list[Candidate]) -> None:
    dated = sorted({c.record.article.published for c in candidates if c.record.article.published})
    if len(dated) < 2:
        return
    for candidate in candidates:
        published = candidate.record.article.published
        if published is not None:
            candidate.score += 0.3 * dated.index(published) / (len(dated) - 1)


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _select(candidates: list[Candidate], limit: int) -> list[Passage]:
    chosen: list[Candidate] = []
    duplicates: dict[int, list[str]] = {}
    seen_text: dict[str, int] = {}
    per_article: dict[str, int] = {}
    for candidate in candidates:
        article_id = candidate.record.article.article_id
        if any(
            c.record.article.article_id == article_id
            and c.first < candidate.last
            and candidate.first < c.last
            for c in chosen
        ):
            continue
        text = _normalised(_quote(candidate))
        if text in seen_text:
            duplicates.setdefault(seen_text[text], []).append(article_id)
            continue
        if per_article.get(article_id, 0) >= MAX_PER_ARTICLE:
            continue
        seen_text[text] = len(chosen)
        per_article[article_id] = per_article.get(article_id, 0) + 1
        chosen.append(candidate)
        if len(chosen) >= limit:
            break
    passages = []
    for number, candidate in enumerate(chosen):
        passage = to_passage(candidate, tuple(duplicates.get(number, ())))
        if passage is not None:
            passages.append(passage)
    return passages


def _quote(candidate: Candidate) -> str:
    record = candidate.record
    start = record.sentences[candidate.first][0]
    end = record.sentences[candidate.last - 1][1]
    return record.article.body[start:end]


def highlight_words(
    quote: str, singles: frozenset[str], phrases: tuple[tuple[str, ...], ...] = ()
) -> tuple[str, ...]:
    """The words of `quote` to highlight, as written: single terms, and phrases where whole."""
    spans = term_spans(quote)
    sequence = [term for term, _, _ in spans]
    found: list[str] = []
    covered: set[int] = set()
    for phrase in sorted(phrases, key=len, reverse=True):
        for i in range(len(sequence) - len(phrase) + 1):
            if tuple(sequence[i : i + len(phrase)]) == phrase and not covered & set(
                range(i, i + len(phrase))
            ):
                found.append(quote[spans[i][1] : spans[i + len(phrase) - 1][2]])
                covered.update(range(i, i + len(phrase)))
    for i, (term, start, end) in enumerate(spans):
        if term in singles and i not in covered:
            found.append(quote[start:end])
    return tuple(dict.fromkeys(found))


def to_passage(candidate: Candidate, also_in: tuple[str, ...] = ()) -> Passage | None:
    """The Passage for a candidate, or None if its quote is not verbatim in the article."""
    article = candidate.record.article
    quote = _quote(candidate)
    if not quote or quote not in article.body:
        return None
    words = highlight_words(quote, candidate.highlight, candidate.phrases)
    return Passage(
        article_id=article.article_id,
        title=article.title,
        url=article.url,
        published=article.published,
        author=article.author,
        source=article.source,
        quote=quote,
        terms=words,
        score=round(candidate.score, 4),
        also_in=also_in,
    )
