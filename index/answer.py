"""Answering a question: the whole policy, from the question as typed to the quotes or a decline.

1. Read the question (index.question): its concepts and the kind of answer it wants.
2. Correct a word the corpus does not know when a corpus word is one typo away;
   two typos away, offer it as "did you mean" instead.
3. A question naming a source or author ("according to APA") is narrowed to
   that source's articles; "who wrote ..." and "when was ... published" are
   answered from the articles' details, shown as such (kind "metadata").
4. Rank spans of sentences (index.ranking) and decline when the best one is not
   an answer: its article does not hold a name the question asks about, or its
   score is under the model's decline threshold.
5. Keep at most two quotes per article, one copy of a republished quote (the
   others listed in `also_in`), and only quotes that are verbatim in the article.
"""

from __future__ import annotations

import re
from dataclasses import replace

from index.analysis import INDEX_STOP_WORDS, normalised, term_spans
from index.live import LiveIndex
from index.models import Answer, Passage, quoting
from index.question import QUESTION_WORDS, AliasMatcher, Concept, Question, read_question
from index.ranking import Candidate, answer_probability, candidates, decline_below, rank, weigh

MAX_PER_ARTICLE = 2
# A passage scoring this far below the best is left out (the model's score: each unit
# is e times less likely to be the answer).
SCORE_GAP = 6.0
SOURCE_SHARE = 0.05  # a source's name in more passages than this is a word, not a source

__all__ = ["Candidate", "answer", "highlight_words", "to_passage"]


def answer(text: str, live: LiveIndex, matcher: AliasMatcher, limit: int) -> Answer:
    """The passages answering `text`, best first, or none with perhaps a "did you mean".

    A question with a word one typo away from a corpus word is answered as
    corrected when that answers it better than the words as typed.
    """
    question = read_question(text, matcher)
    passages, from_details = _passages(question, live, limit)
    if passages and from_details:
        return Answer(text, tuple(passages))  # a byline or date line: no word to correct
    corrected, close = corrected_question(question, live)
    if corrected is None or (passages and not close):
        return Answer(text, tuple(passages))
    fixed, _ = _passages(read_question(corrected, matcher), live, limit)
    if close and fixed and (not passages or fixed[0].score > passages[0].score):
        return Answer(text, tuple(fixed), corrected=corrected)
    if passages:
        return Answer(text, tuple(passages))
    return Answer(text, (), suggestion=corrected if fixed else None)


def _passages(question: Question, live: LiveIndex, limit: int) -> tuple[list[Passage], bool]:
    """The passages answering `question`, and whether they come from the articles' details
    (who wrote it, when it was published) rather than the ranking."""
    question, restrict = source_restriction(question, live)
    if question.asks_author or question.asks_published:
        found = metadata_answers(question, live, restrict)
        if found is not None:
            return found[:limit], True
    return ranked_passages(question, live, limit, restrict), False


def ranked_passages(
    question: Question, live: LiveIndex, limit: int, restrict: frozenset[str] | None = None
) -> list[Passage]:
    """Ranked, verified, de-duplicated passages that answer `question` (empty: no answer)."""
    weighted = weigh(question, live)
    if not any(w.known for w in weighted):
        return []
    ranking = rank(question, weighted, live, restrict)
    if declines(ranking.decided):
        return []
    return _select(ranking.found, limit)


def declines(decided: list[Candidate]) -> bool:
    """Whether the best span is no answer: its article lacks a name the question asks about,
    or the answer classifier finds a right answer unlikely (`decided`: Ranking.decided)."""
    if not decided or decided[0].features.get("missing_name"):
        return True
    return answer_probability(decided) < decline_below()


def source_restriction(
    question: Question, live: LiveIndex
) -> tuple[Question, frozenset[str] | None]:
    """A question naming a source or author ("according to APA") is narrowed to it."""
    kept: list[Concept] = []
    restrict: frozenset[str] | None = None
    cited = _cited_sources(question.text)
    for concept in question.concepts:
        if concept.own and not concept.is_year:
            in_text = min(live.df(t) for t in concept.own)
            cited_here = _names(concept.surface, cited)
            # Reading which articles a source or author names costs a stored-fields read per
            # article: only done when the concept could narrow the question.
            if (
                in_text == 0 or (cited_here and in_text <= live.passage_count * SOURCE_SHARE)
            ) and (
                ids := frozenset.intersection(
                    *(live.articles_matching_meta(t) for t in concept.own)
                )
            ):
                restrict = ids if restrict is None else restrict & ids
                continue
        kept.append(concept)
    if restrict is None:
        return question, None
    return replace(question, concepts=tuple(kept)), restrict


_SOURCE_CUES = (
    re.compile(r"\baccording to (?P<source>[^,;:?!]{2,60})", re.I),
    re.compile(
        r"(?P<source>(?:\b[\w.&'’-]+\s+){1,4}?)(?:'s\s+|’s\s+)?(?:opinion\s+)?"
        r"(?:report|reports|reported|reporting|story|stories|article|piece|newsletter|coverage"
        r"|interview|editorial|column|op-ed|wrote|writes)\b",
        re.I,
    ),
)


def _cited_sources(text: str) -> list[str]:
    """The parts of a question that cite where something was said or written, lowercased:
    "according to Reuters", "the Guardian's story", "a Sobi FM report"."""
    return [m.group("source").lower() for cue in _SOURCE_CUES for m in cue.finditer(text)]


def _names(surface: str, parts: list[str]) -> bool:
    word = re.compile(rf"\b{re.escape(surface.lower())}\b")
    return any(word.search(part) for part in parts)


def metadata_answers(
    question: Question, live: LiveIndex, restrict: frozenset[str] | None
) -> list[Passage] | None:
    """Who wrote it, when it was published: the article's byline or date line as printed,
    else a line of its details (kind "metadata"), never a made-up quote.

    None when the question does not name an article the corpus has (by its
    title, its source, or what it is about).
    """
    if restrict is None:
        titled = live.article_by_title([t for c in question.concepts for t in c.own])
        if titled is not None:
            restrict = frozenset({titled})
    if restrict is not None and (len(restrict) == 1 or not question.concepts):
        return [p for a in sorted(restrict) if (p := _detail(question, live, a))]
    if not question.concepts:
        return None
    topical = replace(question, asks_author=False, asks_published=False, answer_type="any")
    if restrict is None:
        about = dict.fromkeys(p.article_id for p in ranked_passages(topical, live, 6))
    else:  # the source is named: only which of its articles is in question
        weighted = weigh(topical, live)
        found = candidates(topical, weighted, live, restrict)
        about = dict.fromkeys(c.record.article.article_id for c in found)
    if not about:
        return None
    return [p for a in about if (p := _detail(question, live, a))][:1]


def _detail(question: Question, live: LiveIndex, article_id: str) -> Passage | None:
    record = live.record(article_id)
    if record is None:
        return None
    article = record.article
    printed = _printed_detail(question, article.body)
    if question.asks_author and article.author:
        line, highlight = f"By {article.author}", article.author
    elif printed:
        return quoting(article, printed, (printed,), 1.0)
    elif question.asks_published and article.published:
        day = f"{article.published.day} {article.published:%B %Y}"
        line, highlight = f"Published on {day}", day
    else:
        return None
    return quoting(article, line, (highlight,), 1.0, kind="metadata")


_BYLINE = re.compile(
    r"(?:^|(?<=[\n(.!?])\s*)((?:By|Written by|Reporting by|Words by) [A-Z][^\n)]*)"
)
_DATELINE = re.compile(
    r"\b(?:Published|Posted|Updated|Last updated|First published)\b[:\s-]{0,4}"
    r"[^\n|]{0,30}\d[^\n|]{0,30}\d(?-i: ?[AP]M)?(?-i: [A-Z]{2,4}\b)?",
    re.I,
)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_NAME_PARTICLES = frozenset("de da van von der al bin ibn la le du".split())
# Words of a page's details that follow a byline when its lines are joined.
_NOT_WORDS = INDEX_STOP_WORDS | frozenset(
    "updated published posted photo image video file read share".split()
)


def _byline(match: str) -> str:
    """ "By Ann Lee On Monday, ..." as "By Ann Lee": the capitalised words after "By"."""
    words = match.split()
    lead = 2 if words[0] != "By" else 1
    kept = words[:lead]
    for word in words[lead:]:
        bare = word.rstrip(",;:")
        name_like = _NAME_WORD.fullmatch(bare) and bare.lower() not in _NOT_WORDS
        if not (name_like or bare in _NAME_PARTICLES) or len(kept) > lead + 4:
            break
        kept.append(bare)
        if bare != word:
            break
    return " ".join(kept) if len(kept) > lead else ""


def _printed_detail(question: Question, body: str) -> str:
    """The article's own byline or "Published ..." line, as printed in its text ("" if none).

    For "when was it updated?" an "Updated" line is preferred.
    """
    if question.asks_author:
        match = _BYLINE.search(body)
        return _byline(match.group(1)) if match else ""
    lines = [m.group(0).strip() for m in _DATELINE.finditer(body)]
    if "updat" in question.text.lower():
        lines.sort(key=lambda line: "updat" not in line.lower())
    return lines[0] if lines else ""


def corrected_question(question: Question, live: LiveIndex) -> tuple[str | None, bool]:
    """The question with unknown words replaced by close corpus words, and if all were close.

    Close is one edit (a letter missing, extra, wrong, or two letters swapped).
    """
    text = question.text
    pieces: list[str] = []
    last = 0
    close = True
    for term, start, end in term_spans(text):
        word = text[start:end]
        lower = word.lower()
        if lower in QUESTION_WORDS or len(word) < 4 or not word.isalpha() or live.df(term):
            continue
        maxdist = 1 if len(word) <= 6 else 2
        found = live.close_word(lower, maxdist)
        if found is None:
            continue
        suggestion, distance = found
        close = close and distance <= 1
        fixed = suggestion.capitalize() if word[:1].isupper() else suggestion
        pieces += [text[last:start], fixed]
        last = end
    if not pieces:
        return None, False
    return "".join([*pieces, text[last:]]), close


def _select(found: list[Candidate], limit: int) -> list[Passage]:
    chosen: list[Candidate] = []
    duplicates: dict[int, list[str]] = {}
    seen_text: dict[str, int] = {}
    per_article: dict[str, int] = {}
    for candidate in found:
        if candidate.score < found[0].score - SCORE_GAP:
            break  # far below the best: no answer a reader would want beside it
        article_id = candidate.record.article.article_id
        if any(
            c.record.article.article_id == article_id
            and c.first < candidate.last
            and candidate.first < c.last
            for c in chosen
        ):
            continue
        text = normalised(_quote(candidate))
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
    return quoting(article, quote, words, round(candidate.score, 4), also_in)
