"""Human-readable output of the command line (plain text for a terminal)."""

from __future__ import annotations

import shutil
import textwrap

from index.models import Answer, BuildReport, KeyDate, Passage, SearchPage, SourceInfo


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 20)).columns))


def _citation(passage: Passage | SourceInfo) -> str:
    parts = [f"“{passage.title}”"]
    if passage.source:
        parts.append(passage.source)
    if passage.author:
        parts.append(passage.author)
    parts.append(passage.published.strftime("%-d %B %Y") if passage.published else "undated")
    return ", ".join(parts)


def passage_text(passage: Passage, number: int | None = None) -> str:
    """A quote, indented and wrapped, with its source and link underneath."""
    width = _width()
    lead = f"{number}. " if number is not None else ""
    if passage.kind == "metadata":  # a line of the article's details, not a quote
        lines = [textwrap.fill(f"{lead}{passage.quote} — {passage.title}", width)]
        if passage.url:
            lines.append(f"   {passage.url}")
        return "\n".join(lines)
    quote = textwrap.fill(
        f"“{passage.quote}”", width, initial_indent=lead, subsequent_indent=" " * len(lead)
    )
    lines = [quote, textwrap.indent(textwrap.fill("— " + _citation(passage), width - 3), "   ")]
    if passage.url:
        lines.append(f"   {passage.url}")
    if passage.also_in:
        lines.append(f"   (also in: {', '.join(passage.also_in)})")
    return "\n".join(lines)


def answer_text(answer: Answer) -> str:
    """The answer to one question."""
    if answer.passages:
        lines = []
        if answer.corrected:
            lines.append(f"(showing answers for: {answer.corrected})\n")
        lines += [passage_text(p, n) + "\n" for n, p in enumerate(answer.passages, 1)]
        return "\n".join(lines).rstrip()
    text = "The corpus does not say."
    if answer.suggestion:
        text += f" Did you mean: {answer.suggestion}"
    return text


def dates_text(dates: list[KeyDate], topic: str = "") -> str:
    """The timeline, one date per entry with its sentence and source."""
    if not dates:
        return f"No dates found{f' for “{topic}”' if topic else ''}."
    width = _width()
    out = []
    for entry in dates:
        flag = "" if entry.resolved else " (unresolved)"
        head = f"{entry.label}{flag}"
        source = entry.source or entry.title
        body = textwrap.fill(
            f"“{entry.text}” — {source}", width, initial_indent="   ", subsequent_indent="   "
        )
        out.append(f"{head}\n{body}")
    return "\n\n".join(out)


def search_text(page: SearchPage) -> str:
    """One page of keyword-search results."""
    if not page.hits:
        note = f" ({page.error})" if page.error else ""
        return f"No passages match “{page.query}”{note}."
    lines = [f"{page.total} passages match; page {page.page} of {page.pages}."]
    if page.error:
        lines.append(f"({page.error}: searched for the words instead)")
    lines += ["", *(passage_text(h.passage, h.rank) + "\n" for h in page.hits)]
    return "\n".join(lines).rstrip()


def sources_text(sources: list[SourceInfo]) -> str:
    """The articles of the corpus."""
    if not sources:
        return "The corpus is empty."
    out = []
    for number, source in enumerate(sources, 1):
        line = f"{number}. {_citation(source)}"
        if source.url:
            line += f"\n   {source.url}"
        out.append(line + f"\n   [{source.article_id}]")
    return "\n".join(out)


def build_text(report: BuildReport) -> str:
    """What a build changed."""
    kind = "Full rebuild" if report.full else "Update"
    lines = [
        f"{kind} done in {report.seconds:.2f} s: {len(report.added)} added, "
        f"{len(report.updated)} updated, {len(report.removed)} removed, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped."
    ]
    for label, ids in (("added", report.added), ("updated", report.updated)):
        lines += [f"  {label}: {i}" for i in ids]
    lines += [f"  removed: {i}" for i in report.removed]
    lines += [f"  skipped: {s.path}: {s.reason}" for s in report.skipped]
    return "\n".join(lines)
