"""All the HTML the bot sends, in one place (Telegram's HTML parse mode).

The terminal's plain text is bot.render_plain (it reads these messages); words and numbers
without markup (shortened text, dates, durations, sizes, plurals) are bot.formatting.

Rules, by construction:
- every corpus and user string goes through `html.escape` (URLs too, inside `href`);
- the only tags written are <b>, <i>, <a href>, <blockquote>: matched words are bare <b>;
- a passage is one <blockquote> followed by its citation; the title links to the source at
  the quoted sentence (a URL text fragment, `#:~:text=`), or to the plain URL, or is plain;
- a page (an answer, a page of dates, results or sources) is ONE message of at most 4096
  characters: long quotes and titles are shortened until it fits, so buttons can edit it;
- free text is split with `split()` between blocks (paragraphs), never inside a tag or a quote.

The first line of a page is its header ("❓ question", "🗓 Key dates: topic", "🔎 Search:
query", "📚 Sources"): buttons read the question back from it (see bot.callbacks).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote, urlsplit

from bot import texts
from bot.formatting import (
    ELLIPSIS,
    date_text,
    duration_text,
    plural,
    shorten,
    size_text,
    when_text,
    years_text,
)
from bot.progress import BuildProgress
from bot.setup_checks import Check
from index.models import (
    Answer,
    BuildReport,
    IndexStats,
    KeyDate,
    Passage,
    SearchPage,
    SkippedFile,
    SourceInfo,
)

if TYPE_CHECKING:
    from bot.feedback import Votes
    from bot.feedback_store import KeptQuestion
    from bot.feeds import FeedEvent, FeedView
    from bot.service import Activity

MAX_MESSAGE = 4096  # Telegram's limit, in UTF-16 code units of the text after parsing
HEADER_MAX = 200  # characters of the question shown in a header
QUOTE_MAX = 3000  # characters of one quote, before a page is shortened to fit
TITLE_MAX = 300
META_MAX = 80  # source, author
INLINE_DESCRIPTION_MAX = 200
INLINE_TITLE_MAX = 120
FRAGMENT_WORDS = 4  # words on each side of a textStart,textEnd text directive
FRAGMENT_WHOLE_MAX = 10  # quotes of up to this many words are matched whole

SUMMARY_IDS = 15  # article ids listed per kind of change in a reindex summary
ID_MAX = 120  # characters of an article id shown
REASON_MAX = 200  # characters of a skipped file's reason shown
ANSWER_MARK = "❓"
DATES_MARK = "🗓"
SEARCH_MARK = "🔎"
SOURCES_MARK = "📚"
FEEDBACK_MARK = "📝"

T = TypeVar("T")

# -- small pieces -----------------------------------------------------------------------------


def esc(text: str) -> str:
    """Escape text for Telegram HTML (&, <, > and quotes)."""
    return html.escape(text, quote=True)


def is_web_url(url: str | None) -> bool:
    """True for an http(s) URL with a host and no spaces or control characters."""
    if not url or any(ord(c) <= 32 or c == "\x7f" for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _directive_part(text: str) -> str:
    """Percent-encode for a text directive: everything but unreserved, and '-' too."""
    return quote(text, safe="").replace("-", "%2D")


def fragment_url(url: str, quoted: str) -> str:
    """`url` with a text fragment that scrolls to and highlights `quoted`.

    URL Fragment Text Directives: `#:~:text=[prefix-,]start[,end][,-suffix]`, each part
    percent-encoded, with '-', '&' and ',' always encoded. Short quotes are matched whole;
    longer ones by their first and last words (textStart,textEnd). An existing fragment is
    kept before the `:~:` delimiter.
    """
    words = quoted.split()
    if not words:
        return url
    if len(words) <= FRAGMENT_WHOLE_MAX:
        directive = _directive_part(" ".join(words))
    else:
        start = " ".join(words[:FRAGMENT_WORDS])
        end = " ".join(words[-FRAGMENT_WORDS:])
        directive = f"{_directive_part(start)},{_directive_part(end)}"
    base, _, fragment = url.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    return f"{base}#{fragment}:~:text={directive}"


def link(title: str, url: str | None, quoted: str | None = None) -> str:
    """The title linked to the quote in the source, to the source, or plain."""
    shown = esc(title)
    if not is_web_url(url):
        return shown
    assert url is not None
    target = fragment_url(url, quoted) if quoted else url
    return f'<a href="{esc(target)}">{shown}</a>'


_GAP = re.compile(r"[\s\-–‐]*")


def highlight(text: str, terms: Iterable[str]) -> str:
    """Escaped `text` with every whole-word occurrence of `terms` in bare <b>.

    Matches are case-insensitive; neighbouring matches separated only by spaces or
    hyphens are joined ("Non-Aligned Movement" is one bold run).
    """
    spans: list[tuple[int, int]] = []
    for term in {t.strip() for t in terms if t and t.strip()}:
        pattern = re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)
        spans += [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and (
            start <= merged[-1][1] or _GAP.fullmatch(text, merged[-1][1], start) is not None
        ):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = []
    position = 0
    for start, end in merged:
        out.append(esc(text[position:start]))
        out.append(f"<b>{esc(text[start:end])}</b>")
        position = end
    out.append(esc(text[position:]))
    return "".join(out)


# -- measuring and splitting ------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")


_TRIMMED = "".join(chr(code) for code in range(33))  # what Telegram trims from a message


def visible(html_text: str) -> str:
    """The text Telegram shows for our HTML (tags removed, entities decoded, trimmed)."""
    return html.unescape(_TAG.sub("", html_text)).strip(_TRIMMED)


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits."""
    return len(text.encode("utf-16-le")) // 2


def visible_length(html_text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units of the visible text."""
    return utf16_length(visible(html_text))


def _cut(text: str, limit: int) -> str:
    """Plain `text` cut to at most `limit` UTF-16 code units, with an ellipsis when cut."""
    if utf16_length(text) <= limit:
        return text
    kept, size = [], 1
    for char in text:
        size += utf16_length(char)
        if size > limit:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def fits(html_text: str) -> bool:
    """True when `html_text` is a valid message length (1 to 4096)."""
    return 0 < visible_length(html_text) <= MAX_MESSAGE


def split(blocks: Sequence[str], limit: int = MAX_MESSAGE) -> tuple[str, ...]:
    """Join blocks (balanced HTML paragraphs) into messages of at most `limit` characters.

    Messages break between blocks only. A block too long on its own (which the renderers
    never produce) is cut down to plain text rather than split inside a tag or a quote.
    """
    messages: list[str] = []
    current = ""
    for block in blocks:
        if visible_length(block) > limit:
            block = esc(_cut(visible(block), limit))
        if not visible(block):
            continue
        candidate = f"{current}\n\n{block}" if current else block
        if visible_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = block
    if current:
        messages.append(current)
    return tuple(messages)


# -- headers: the first line of a page, read back by buttons ----------------------------------


def _prefix(template: str) -> str:
    return template.split("{", 1)[0]


def question_header(question: str) -> str:
    """❓ question (shortened)."""
    return f"{ANSWER_MARK} <i>{esc(shorten(question, HEADER_MAX))}</i>"


def dates_header(topic: str) -> str:
    """🗓 Key dates[: topic]."""
    if not topic.strip():
        return f"{DATES_MARK} <b>{esc(texts.DATES_TITLE)}</b>"
    title = texts.DATES_TITLE_TOPIC.format(topic=shorten(topic, HEADER_MAX))
    return f"{DATES_MARK} <b>{esc(title)}</b>"


def search_header(query: str) -> str:
    """🔎 Search: query."""
    title = texts.SEARCH_TITLE.format(query=shorten(query, HEADER_MAX))
    return f"{SEARCH_MARK} <b>{esc(title)}</b>"


@dataclass(frozen=True)
class Header:
    """What a page is about, read back from its first line."""

    kind: str  # "answer", "dates", "search", "sources"
    text: str  # the question, topic or query ("" for sources)


def read_header(message_text: str | None) -> Header | None:
    """The header of a page as Telegram stores it (plain text), or None."""
    if not message_text:
        return None
    first = message_text.strip().split("\n", 1)[0].strip()
    mark, _, rest = first.partition(" ")
    rest = rest.strip()
    if mark == ANSWER_MARK:
        return Header("answer", rest)
    if mark == DATES_MARK:
        if rest == texts.DATES_TITLE:
            return Header("dates", "")
        prefix = _prefix(texts.DATES_TITLE_TOPIC)
        return Header("dates", rest[len(prefix) :]) if rest.startswith(prefix) else None
    if mark == SEARCH_MARK:
        prefix = _prefix(texts.SEARCH_TITLE)
        return Header("search", rest[len(prefix) :]) if rest.startswith(prefix) else None
    if mark == SOURCES_MARK:
        return Header("sources", "")
    return None


def read_reading(message_text: str | None) -> str | None:
    """The follow-up reading an answer shows on its second line ("Taking this as: ..."), as
    Telegram stores the message (plain text), or None."""
    lines = (message_text or "").strip().split("\n")
    prefix = _prefix(texts.TAKING_AS)
    if len(lines) > 1 and lines[0].startswith(ANSWER_MARK) and lines[1].startswith(prefix):
        return lines[1][len(prefix) :].strip()
    return None


# -- passages and answers ---------------------------------------------------------------------


def _citation_parts(
    source: str | None, author: str | None, published: dt.date | None, meta_max: int
) -> list[str]:
    parts = [esc(shorten(v, meta_max)) for v in (source, author) if v and v.strip()]
    if published:
        parts.append(esc(date_text(published)))
    return parts


def passage_html(passage: Passage, quote_max: int = QUOTE_MAX, title_max: int = TITLE_MAX) -> str:
    """One quote in a blockquote, matched words bold, and its source underneath.

    A line of the article's details ("By <author>") is no quote: it is shown as a
    plain line with its article's link, never in a blockquote.
    """
    if passage.kind == "metadata":
        title = link(shorten(passage.title, title_max) or "?", passage.url, "")
        return f"{highlight(passage.quote, passage.terms)} — {title}"
    quoted = shorten(passage.quote, quote_max)
    body = highlight(quoted, passage.terms)
    anchor = quoted[:-1] if quoted.endswith(ELLIPSIS) else quoted
    title = link(shorten(passage.title, title_max) or "?", passage.url, anchor)
    parts = [title, *_citation_parts(passage.source, passage.author, passage.published, META_MAX)]
    if passage.also_in:
        parts.append(esc(plural(len(passage.also_in), texts.ALSO_IN, texts.ALSO_IN_MANY)))
    return f"<blockquote>{body}</blockquote>\n— " + " · ".join(parts)


def _fit(
    head: Sequence[str], items: Sequence[T], render_item: Callable[[T, int, int], str]
) -> str:
    """One message: `head` then the items, shortening quotes and titles until it fits."""
    quote_max, title_max = QUOTE_MAX, TITLE_MAX
    count = len(items)
    while True:
        blocks = [*head, *(render_item(item, quote_max, title_max) for item in items[:count])]
        message = "\n\n".join(b for b in blocks if b)
        if visible_length(message) <= MAX_MESSAGE:
            return message
        if quote_max > 60:
            quote_max = int(quote_max * 0.75)
            title_max = max(40, min(title_max, quote_max // 2))
        elif count > 1:
            count -= 1
        else:
            return split(blocks)[0]


def answer_html(
    question: str, answer: Answer, passages: Sequence[Passage], first: int, reading: str = ""
) -> str:
    """A page of an answer: header, correction note, the passages (numbered from `first`).

    `reading`: the question answered when `question` was read as a follow-up of the previous
    one, shown on the second line ("Taking this as: ...") where buttons read it back.
    """
    lines = [question_header(question)]
    if reading:
        lines.append(f"<i>{esc(texts.TAKING_AS.format(reading=reading))}</i>")
    if answer.corrected:
        note = texts.CORRECTED.format(corrected=shorten(answer.corrected, HEADER_MAX))
        lines.append(f"<i>{esc(note)}</i>")
    if first > 1 and passages:
        last = first + len(passages) - 1
        template = texts.PASSAGES_RANGE if last > first else texts.PASSAGE_NUMBER
        lines.append(esc(template.format(first=first, last=last)))
    head = "\n".join(lines)
    if not passages:
        return f"{head}\n\n{esc(texts.NO_MORE_PASSAGES)}"
    return _fit([head], passages, passage_html)


def no_answer_html() -> str:
    """The one line said when the corpus has no answer."""
    return esc(texts.NO_ANSWER)


# -- key dates --------------------------------------------------------------------------------


def _bold_expression(text: str, expression: str) -> str:
    return highlight(text, [expression]) if expression else esc(text)


def key_date_html(entry: KeyDate, quote_max: int = QUOTE_MAX, title_max: int = TITLE_MAX) -> str:
    """The date, the sentence stating it (the expression bold) and its source."""
    label = f"<b>{esc(entry.label)}</b>"
    if not entry.resolved:
        label += " " + esc(texts.UNRESOLVED)
    sentence = shorten(entry.text, quote_max)
    anchor = sentence[:-1] if sentence.endswith(ELLIPSIS) else sentence
    title = link(shorten(entry.title, title_max) or "?", entry.url, anchor)
    parts = [title, *_citation_parts(entry.source, None, entry.published, META_MAX)]
    if entry.also_in:
        parts.append(esc(plural(len(entry.also_in), texts.ALSO_IN, texts.ALSO_IN_MANY)))
    quoted = _bold_expression(sentence, entry.expression)
    return f"{label}\n<blockquote>{quoted}</blockquote>\n— " + " · ".join(parts)


def page_line(page: int, pages: int) -> str:
    """ "page 2 of 5", only when there is more than one page."""
    return esc(texts.PAGE.format(page=page, pages=pages)) if pages > 1 else ""


def dates_html(topic: str, entries: Sequence[KeyDate], page: int, pages: int) -> str:
    """A page of the timeline."""
    head = dates_header(topic)
    if not entries:
        none = texts.DATES_NONE_TOPIC.format(topic=shorten(topic, HEADER_MAX))
        return f"{head}\n\n{esc(none if topic.strip() else texts.DATES_NONE)}"
    line = page_line(page, pages)
    return _fit([f"{head}\n{line}" if line else head], entries, key_date_html)


# -- search -----------------------------------------------------------------------------------


def search_html(result: SearchPage) -> str:
    """A page of keyword-search results."""
    head = search_header(result.query)
    notes = []
    if result.error:
        note = texts.SEARCH_SYNTAX_NOTE.format(error=shorten(result.error, 200))
        notes.append(f"<i>{esc(note)}</i>")
    if not result.hits:
        notes.append(esc(texts.SEARCH_NONE.format(query=shorten(result.query, HEADER_MAX))))
        return "\n".join([head, *notes])
    count = plural(result.total, texts.SEARCH_COUNT_ONE, texts.SEARCH_COUNT)
    line = page_line(result.page, result.pages)
    notes.append(esc(count) + (f" · {line}" if line else ""))
    passages = [hit.passage for hit in result.hits]
    return _fit(["\n".join([head, *notes])], passages, passage_html)


# -- sources ----------------------------------------------------------------------------------


def source_html(source: SourceInfo, quote_max: int = QUOTE_MAX, title_max: int = TITLE_MAX) -> str:
    """One article: linked title, then publication, author, date, number of key dates."""
    title = f"<b>{link(shorten(source.title, title_max) or '?', source.url)}</b>"
    parts = _citation_parts(source.source, source.author, source.published, META_MAX)
    if source.dates:
        parts.append(esc(plural(source.dates, texts.SOURCE_DATES_ONE, texts.SOURCE_DATES)))
    return title + ("\n" + " · ".join(parts) if parts else "")


def sources_html(sources: Sequence[SourceInfo], total: int, page: int, pages: int) -> str:
    """A page of the sources."""
    head = f"{SOURCES_MARK} <b>{esc(texts.SOURCES_TITLE)}</b>"
    if not total:
        return f"{head}\n{esc(texts.SOURCES_NONE)}"
    line = esc(plural(total, texts.SOURCES_COUNT_ONE, texts.SOURCES_COUNT))
    more = page_line(page, pages)
    return _fit([f"{head}\n{line}" + (f" · {more}" if more else "")], sources, source_html)


# -- start and help ---------------------------------------------------------------------------


def start_html(stats: IndexStats | None, has_examples: bool) -> str:
    """What the corpus covers and how to ask."""
    lines = [f"<b>{esc(texts.START_GREETING)}</b>"]
    if stats is None or not stats.articles:
        lines.append(esc(texts.START_EMPTY))
    else:
        articles = plural(stats.articles, texts.ARTICLES_ONE, texts.ARTICLES)
        passages = plural(stats.passages, texts.PASSAGES_ONE, texts.PASSAGES)
        if stats.years:
            coverage = texts.START_COVERAGE.format(
                articles=articles, passages=passages, years=years_text(stats.years)
            )
        else:
            coverage = texts.START_COVERAGE_NO_YEARS.format(articles=articles, passages=passages)
        lines.append(esc(coverage))
    lines.append("")
    lines.append(esc(texts.START_HOW if has_examples else texts.START_HOW_NO_EXAMPLES))
    lines.append(esc(texts.START_MORE))
    return "\n".join(lines)


def help_html(bot_username: str) -> tuple[str, ...]:
    """/help: commands, buttons and query syntax (split if it ever grows too long)."""
    lines = [esc(line.format(bot=bot_username)) for line in texts.HELP_LINES]
    return split([f"<b>{esc(texts.HELP_TITLE)}</b>\n" + "\n".join(lines)])


def text_html(text: str) -> str:
    """A plain sentence from bot.texts, escaped."""
    return esc(text)


# -- inline mode ------------------------------------------------------------------------------


def inline_message_html(question: str, passage: Passage) -> str:
    """The message an inline result sends: the question and one passage with its source."""
    return _fit([question_header(question)], [passage], passage_html)


def inline_title(passage: Passage) -> str:
    """The title line of an inline result (plain text, not HTML)."""
    return shorten(passage.title, INLINE_TITLE_MAX) or "?"


def inline_description(passage: Passage) -> str:
    """The description line of an inline result: the start of the quote (plain text)."""
    return shorten(passage.quote, INLINE_DESCRIPTION_MAX)


# -- admin commands ---------------------------------------------------------------------------

STATUS_MARKS = {"ok": "✅", "info": "ℹ️", "warn": "⚠️", "fail": "❌"}
REINDEX_MARK = "🔄"
DONE_MARK = "✅"
FAILED_MARK = "❌"
STATS_MARK = "📊"
SETUP_MARK = "🛠"


def _mode(full: bool) -> str:
    return texts.REINDEX_FULL if full else texts.REINDEX_INCREMENTAL


def reindex_progress_html(full: bool, progress: BuildProgress | None) -> str:
    """The progress message of a reindex: started, n of m written, saving."""
    mode = _mode(full)
    if progress is None:
        line = texts.REINDEX_STARTED.format(mode=mode)
    elif progress.done >= progress.total:
        line = texts.REINDEX_COMMITTING.format(mode=mode, total=progress.total)
    else:
        line = texts.REINDEX_PROGRESS.format(
            mode=mode, done=progress.done, total=progress.total, percent=progress.percent
        )
    return f"{REINDEX_MARK} {esc(line)}"


def _id_list(title: str, ids: Sequence[str]) -> str:
    shown = [f"<code>{esc(shorten(i, ID_MAX))}</code>" for i in ids[:SUMMARY_IDS]]
    if len(ids) > SUMMARY_IDS:
        shown.append(esc(texts.REINDEX_MORE.format(count=len(ids) - SUMMARY_IDS)))
    return f"<b>{esc(title)}</b>: " + ", ".join(shown)


def _skipped_list(skipped: Sequence[SkippedFile]) -> str:
    lines = [f"<b>{esc(texts.REINDEX_SKIPPED)}</b>:"]
    for item in skipped[:SUMMARY_IDS]:
        path = esc(shorten(item.path, ID_MAX))
        lines.append(f"• <code>{path}</code>: {esc(shorten(item.reason, REASON_MAX))}")
    if len(skipped) > SUMMARY_IDS:
        lines.append(esc(texts.REINDEX_MORE.format(count=len(skipped) - SUMMARY_IDS)))
    return "\n".join(lines)


def reindex_summary_html(report: BuildReport) -> tuple[str, ...]:
    """What a reindex did, with the skipped files and why; messages of at most 4096."""
    done = texts.REINDEX_DONE.format(
        mode=_mode(report.full), seconds=duration_text(report.seconds)
    )
    counts = texts.REINDEX_COUNTS.format(
        added=len(report.added),
        updated=len(report.updated),
        removed=len(report.removed),
        unchanged=len(report.unchanged),
        skipped=len(report.skipped),
    )
    passages = texts.REINDEX_PASSAGES.format(
        passages=plural(report.passages, texts.PASSAGES_ONE, texts.PASSAGES)
    )
    blocks = [f"{DONE_MARK} <b>{esc(done)}</b>\n{esc(counts)}\n{esc(passages)}"]
    for title, ids in (
        (texts.REINDEX_ADDED, report.added),
        (texts.REINDEX_UPDATED, report.updated),
        (texts.REINDEX_REMOVED, report.removed),
    ):
        if ids:
            blocks.append(_id_list(title, ids))
    if report.skipped:
        blocks.append(_skipped_list(report.skipped))
    return split(blocks)


def watch_skipped_html(skipped: Sequence[SkippedFile]) -> tuple[str, ...]:
    """Files changed in content/ that the index skipped, each with the reason."""
    lines = [f"{FAILED_MARK} <b>{esc(texts.WATCH_SKIPPED)}</b>:"]
    for item in skipped[:SUMMARY_IDS]:
        path = esc(shorten(item.path, ID_MAX))
        lines.append(f"• <code>{path}</code>: {esc(shorten(item.reason, REASON_MAX))}")
    if len(skipped) > SUMMARY_IDS:
        lines.append(esc(texts.REINDEX_MORE.format(count=len(skipped) - SUMMARY_IDS)))
    return split(["\n".join(lines)])


def failed_html(text: str) -> str:
    """A job that failed: the sentence of bot.texts, escaped, marked."""
    return f"{FAILED_MARK} {esc(text)}"


def done_html(text: str) -> str:
    """A job that succeeded: the sentence of bot.texts, escaped, marked."""
    return f"{DONE_MARK} {esc(text)}"


def close_ids_html(text: str, close: Sequence[str]) -> str:
    """A sentence followed by the ids that come close (tap to copy)."""
    if not close:
        return esc(text)
    ids = "\n".join(f"<code>{esc(shorten(i, ID_MAX))}</code>" for i in close)
    return f"{esc(text)}\n{esc(texts.REMOVE_CLOSE)}\n{ids}"


def stats_html(stats: IndexStats | None, activity: Activity, votes: Votes | None = None) -> str:
    """/stats: the corpus, the index, the last reindex, uptime and questions."""
    lines = [f"{STATS_MARK} <b>{esc(texts.STATS_TITLE)}</b>"]
    if stats is None:
        lines.append(esc(texts.STATS_NO_INDEX))
    else:
        corpus = texts.STATS_CORPUS.format(
            articles=plural(stats.articles, texts.ARTICLES_ONE, texts.ARTICLES),
            passages=plural(stats.passages, texts.PASSAGES_ONE, texts.PASSAGES),
            dates=plural(stats.dates, texts.STATS_DATES_ONE, texts.STATS_DATES),
        )
        lines.append(esc(corpus))
        lines.append(esc(texts.STATS_INDEX.format(size=size_text(stats.size_bytes))))
        if stats.built_at is not None:
            seconds = duration_text(stats.build_seconds or 0.0)
            built = texts.STATS_LAST_BUILD.format(when=when_text(stats.built_at), seconds=seconds)
            lines.append(esc(built))
        else:
            lines.append(esc(texts.STATS_NO_BUILD))
    if activity.building:
        lines.append(esc(texts.STATS_BUILDING))
    lines.append(esc(texts.STATS_UPTIME.format(uptime=duration_text(activity.uptime))))
    if activity.questions:
        share = f"{activity.unanswered * 100 / activity.questions:.0f}%"
        line = texts.STATS_QUESTIONS.format(
            questions=activity.questions, unanswered=activity.unanswered, share=share
        )
        lines.append(esc(line))
    else:
        lines.append(esc(texts.STATS_NO_QUESTIONS))
    if votes is not None and votes.total:  # no line until someone pressed 👍 or 👎
        share = f"{votes.down_share * 100:.0f}%"
        lines.append(esc(texts.STATS_VOTES.format(up=votes.up, down=votes.down, share=share)))
    return "\n".join(lines)


# -- /feedback: the questions readers missed ----------------------------------------------------

KEPT_QUOTE_MAX = 300  # characters of a kept quote shown, before the page is shortened to fit


def _kept_html(item: tuple[int, KeptQuestion], quote_max: int, _title_max: int) -> str:
    number, entry = item
    reason = texts.FEEDBACK_DOWN if entry.reason == "down" else texts.FEEDBACK_UNANSWERED
    head = f"<b>{number}.</b> <i>{esc(shorten(entry.question, HEADER_MAX))}</i>"
    lines = [f"{head}\n{esc(reason)} · {esc(date_text(entry.day))}"]
    for passage in entry.passages:
        quote = shorten(passage.quote, min(quote_max, KEPT_QUOTE_MAX))
        lines.append(f"— <code>{esc(shorten(passage.article_id, ID_MAX))}</code>: “{esc(quote)}”")
    return "\n".join(lines)


def feedback_html(
    entries: Sequence[KeptQuestion], first: int, total: int, page: int, pages: int, keeping: bool
) -> str:
    """A page of the kept questions (numbered from `first`), or why there are none."""
    head = f"{FEEDBACK_MARK} <b>{esc(texts.FEEDBACK_TITLE)}</b>"
    if not keeping:
        return f"{head}\n{esc(texts.FEEDBACK_OFF)}"
    if not total:
        return f"{head}\n{esc(texts.FEEDBACK_NONE)}"
    line = esc(plural(total, texts.FEEDBACK_COUNT_ONE, texts.FEEDBACK_COUNT))
    more = page_line(page, pages)
    numbered = list(enumerate(entries, first))
    return _fit([f"{head}\n{line}" + (f" · {more}" if more else "")], numbered, _kept_html)


# -- /feed: RSS and Atom feeds ------------------------------------------------------------------

FEED_MARK = "📰"
URL_MAX = 300  # characters of a feed's URL shown


def every_text(minutes: int) -> str:
    """30 minutes, minute (after "every")."""
    return plural(minutes, texts.FEED_MINUTES_ONE, texts.FEED_MINUTES)


def _feed_html(view: FeedView) -> str:
    url = shorten(view.url, URL_MAX)
    title = esc(shorten(view.title, TITLE_MAX)) if view.title else None
    head = f"<b>{view.number}.</b> " + (f"{title}\n{esc(url)}" if title else esc(url))
    state = [texts.FEED_FROM_CONFIG] if view.from_config else []
    if view.checked is not None:
        state.append(texts.FEED_CHECKED.format(when=when_text(view.checked)))
    else:
        state.append(texts.FEED_NOT_CHECKED)
    state.append(plural(view.imported, texts.FEED_IMPORTED_ONE, texts.FEED_IMPORTED))
    lines = [head, f"<i>{esc(' · '.join(state))}</i>"]
    if view.failing:
        failing = texts.FEED_FAILING.format(reason=shorten(view.failing, REASON_MAX))
        lines.append(f"{FAILED_MARK} {esc(failing)}")
    return "\n".join(lines)


def feeds_html(views: Sequence[FeedView], every_minutes: int) -> tuple[str, ...]:
    """/feed list: every feed, numbered, with its state; how often they are polled."""
    head = f"{FEED_MARK} <b>{esc(texts.FEED_LIST_TITLE)}</b>"
    if not views:
        return (f"{head}\n{esc(texts.FEED_LIST_NONE)}",)
    every = esc(texts.FEED_LIST_EVERY.format(minutes=every_text(every_minutes)))
    return split([f"{head}\n{every}", *(_feed_html(v) for v in views)])


def feed_added_html(title: str, url: str, items: int, every_minutes: int) -> str:
    """/feed add: subscribed, and when its items come."""
    text = texts.FEED_ADDED.format(
        title=shorten(title, TITLE_MAX) or shorten(url, URL_MAX),
        url=shorten(url, URL_MAX),
        items=plural(items, texts.FEED_ITEMS_ONE, texts.FEED_ITEMS),
        minutes=every_text(every_minutes),
    )
    return done_html(text)


def feed_events_html(events: Sequence[FeedEvent]) -> tuple[str, ...]:
    """What a poll tells the admins: feeds failing or working again, items not imported."""
    blocks = []
    for event in events:
        feed = shorten(event.feed, TITLE_MAX)
        reason = shorten(event.reason, REASON_MAX)
        if event.kind == "failed":
            blocks.append(failed_html(texts.FEED_FAILED.format(feed=feed, reason=reason)))
        elif event.kind == "recovered":
            blocks.append(done_html(texts.FEED_RECOVERED.format(feed=feed)))
        elif event.kind == "item_failed":
            item = shorten(event.item, TITLE_MAX)
            text = texts.FEED_ITEM_FAILED.format(feed=feed, item=item, reason=reason)
            blocks.append(failed_html(text))
        else:
            blocks.append(failed_html(texts.FEED_NOT_INDEXED.format(feed=feed, reason=reason)))
    return split(blocks)


def setup_html(checks: Sequence[Check]) -> tuple[str, ...]:
    """/setup: one line per check with its mark, and how to fix it where needed."""
    blocks = [f"{SETUP_MARK} <b>{esc(texts.SETUP_TITLE)}</b>"]
    for check in checks:
        block = f"{STATUS_MARKS[check.status]} {esc(check.text)}"
        if check.fix:
            block += f"\n<i>{esc(texts.SETUP_FIX.format(fix=check.fix))}</i>"
        blocks.append(block)
    return split(blocks)
