"""The renderer: escaping, highlights, text-fragment links, page fitting and splitting."""

from __future__ import annotations

import datetime as dt

from bot import formatting, render, render_plain, texts
from index.models import Answer, KeyDate, Passage, SearchHit, SearchPage, SourceInfo
from tests.support.telegram_rules import check_message_text, parse_html


def passage(**changes: object) -> Passage:
    fields: dict[str, object] = {
        "article_id": "a.md",
        "title": "Azerbaijan and the NAM",
        "url": "https://example.org/nam",
        "published": dt.date(2020, 5, 5),
        "author": "Zaur Mammadov",
        "source": "APA",
        "quote": "In 2011, our country joined the Non-Aligned Movement.",
        "terms": ("joined", "Non", "Aligned", "Movement"),
        "score": 1.0,
    }
    fields.update(changes)
    return Passage(**fields)  # type: ignore[arg-type]


def valid(html_text: str) -> bool:
    return check_message_text(html_text, "HTML") is None


# -- highlights -----------------------------------------------------------------------------


def test_highlight_bolds_whole_words_and_joins_hyphenated_runs() -> None:
    out = render.highlight(
        "Our country joined the Non-Aligned Movement.", ["joined", "Non", "Aligned", "Movement"]
    )
    assert out == "Our country <b>joined</b> the <b>Non-Aligned Movement</b>."


def test_highlight_is_case_insensitive_and_respects_word_boundaries() -> None:
    assert render.highlight("NAM named the nam", ["nam"]) == "<b>NAM</b> named the <b>nam</b>"


def test_highlight_escapes_text_and_terms() -> None:
    out = render.highlight("a <b> & c", ["<b>", "&"])
    assert out == "a <b>&lt;b&gt; &amp;</b> c"
    assert valid(out)


# -- links ---------------------------------------------------------------------------------


def test_fragment_of_a_short_quote_is_the_whole_quote_encoded() -> None:
    url = render.fragment_url(
        "https://example.org/a", "In 2011, our country joined the Non-Aligned Movement."
    )
    assert url == (
        "https://example.org/a#:~:text="
        "In%202011%2C%20our%20country%20joined%20the%20Non%2DAligned%20Movement."
    )


def test_fragment_of_a_long_quote_is_text_start_and_end() -> None:
    quote = "One two three four five six seven eight nine ten eleven twelve & thirteen-fourteen."
    url = render.fragment_url("https://example.org/a", quote)
    assert (
        url
        == "https://example.org/a#:~:text=One%20two%20three%20four,eleven%20twelve%20%26%20thirteen%2Dfourteen."
    )


def test_fragment_keeps_an_existing_fragment_and_replaces_an_old_directive() -> None:
    assert render.fragment_url("https://e.org/a#top", "x") == "https://e.org/a#top:~:text=x"
    assert render.fragment_url("https://e.org/a#top:~:text=old", "new") == (
        "https://e.org/a#top:~:text=new"
    )


def test_link_escapes_the_url_inside_href_and_the_title() -> None:
    out = render.link('Q&A <"x">', 'https://e.org/?a=1&b="2"', None)
    assert (
        out == '<a href="https://e.org/?a=1&amp;b=&quot;2&quot;">Q&amp;A &lt;&quot;x&quot;&gt;</a>'
    )
    parsed = parse_html(out)
    assert parsed.text == 'Q&A <"x">'
    assert parsed.entities[0]["url"] == 'https://e.org/?a=1&b="2"'


def test_title_is_plain_without_a_usable_url() -> None:
    assert render.link("T", None) == "T"
    assert render.link("T", "javascript:alert(1)") == "T"
    assert render.link("T", "https://e.org/a b") == "T"


# -- passages and pages -----------------------------------------------------------------------


def test_passage_is_a_blockquote_then_its_linked_citation() -> None:
    out = render.passage_html(passage())
    assert out == (
        "<blockquote>In 2011, our country <b>joined</b> the <b>Non-Aligned Movement</b>."
        "</blockquote>\n— "
        '<a href="https://example.org/nam#:~:text=In%202011%2C%20our%20country%20joined%20the'
        '%20Non%2DAligned%20Movement.">Azerbaijan and the NAM</a> · APA · Zaur Mammadov · '
        "5 May 2020"
    )
    assert valid(out)


def test_passage_without_url_or_metadata_has_a_plain_title() -> None:
    out = render.passage_html(passage(url=None, author=None, source=None, published=None))
    assert out.endswith("</blockquote>\n— Azerbaijan and the NAM")


def test_answer_page_header_reads_back_as_the_question() -> None:
    question = 'What <did> "NAM" & Baku do?'
    out = render.answer_html(question, Answer(question, (passage(),)), [passage()], 1)
    header = render.read_header(parse_html(out).text)
    assert header == render.Header("answer", question)


def test_later_pages_say_which_passages_they_show() -> None:
    page = render.answer_html("q", Answer("q", ()), [passage(), passage()], 4)
    assert "Passages 4–5" in page


def test_a_page_of_many_long_passages_is_shortened_to_one_message() -> None:
    long_quote = " ".join(["word"] * 2000) + "."
    many = [passage(quote=long_quote, title="T" * 1000) for _ in range(10)]
    out = render.answer_html("q", Answer("q", tuple(many)), many, 1)
    assert valid(out)
    assert out.count("<blockquote>") == 10
    assert render.ELLIPSIS in out


def test_no_answer_is_one_line() -> None:
    assert render.no_answer_html() == "The corpus does not say."


def test_dates_page_bolds_the_date_expression_and_links_the_sentence() -> None:
    entry = KeyDate(
        iso="2011",
        precision="year",
        resolved=True,
        label="2011",
        expression="In 2011",
        text="In 2011, our country joined the NAM.",
        article_id="a.md",
        title="A & B",
        url="https://e.org/a",
        published=dt.date(2020, 5, 5),
        source="APA",
    )
    out = render.dates_html("NAM", [entry], 1, 2)
    assert out.startswith("🗓 <b>Key dates: NAM</b>\npage 1 of 2\n\n<b>2011</b>\n<blockquote>")
    assert "<b>In 2011</b>, our country" in out
    assert '<a href="https://e.org/a#:~:text=In%202011%2C' in out
    assert valid(out)


def test_search_page_notes_a_query_read_as_words() -> None:
    result = SearchPage('"open', (SearchHit(passage(), 1),), 1, 1, 1, error="unbalanced quote")
    out = render.search_html(result)
    assert out.startswith("🔎 <b>Search: &quot;open</b>\n<i>The query could not be read")
    assert "1 matching passage" in out
    assert valid(out)


def test_sources_page_links_titles() -> None:
    source = SourceInfo(
        "a.md", "A <b>", "https://e.org/a", dt.date(2020, 1, 2), "Ann", "APA", 0, 3
    )
    out = render.sources_html([source], 1, 1, 1)
    assert out == (
        "📚 <b>Sources</b>\n1 article\n\n"
        '<b><a href="https://e.org/a">A &lt;b&gt;</a></b>\n'
        "APA · Ann · 2 January 2020 · 3 key dates"
    )


def test_years_are_joined_into_runs() -> None:
    assert formatting.years_text([2019, 1961, 2020, 2011]) == "1961, 2011, 2019–2020"
    assert formatting.years_text(list(range(1900, 2000, 2))) == "1900–1998"


# -- splitting and plain text ---------------------------------------------------------------------


def test_split_breaks_between_blocks_only() -> None:
    block = "<blockquote>" + "x" * 3000 + "</blockquote>"
    messages = render.split([block, block, "<b>end</b>"])
    assert messages == (block, block + "\n\n<b>end</b>")
    assert all(valid(m) for m in messages)


def test_split_cuts_down_a_block_that_is_too_long_alone() -> None:
    (message,) = render.split(["<b>" + "y " * 5000 + "</b>"])
    assert valid(message)
    assert "<b>" not in message


def test_help_fits_and_names_the_bot() -> None:
    (message,) = render.help_html("corpus_test_bot")
    assert valid(message)
    assert "@corpus_test_bot" in message


def test_plain_text_for_the_terminal() -> None:
    html_text = render.passage_html(passage(url="https://e.org/a#x"))
    assert render_plain.plain(html_text) == (
        "  “In 2011, our country joined the Non-Aligned Movement.”\n"
        "— Azerbaijan and the NAM <https://e.org/a> · APA · Zaur Mammadov · 5 May 2020"
    )


def test_header_reading_ignores_other_messages() -> None:
    assert render.read_header("Hello") is None
    assert render.read_header(None) is None
    assert render.read_header("🗓 Key dates") == render.Header("dates", "")
    assert render.read_header("🔎 Search: a OR b\n3 matching") == render.Header("search", "a OR b")
    assert texts.NO_ANSWER == "The corpus does not say."


def test_a_metadata_line_is_shown_as_details_never_as_a_quote() -> None:
    import datetime as dt

    from bot.render import passage_html
    from index.models import Passage

    line = Passage(
        article_id="a.md",
        title="Harbour <news>",
        url="https://example.org/a",
        published=dt.date(2023, 6, 14),
        author="Ines Calder",
        source=None,
        quote="By Ines Calder",
        terms=("Ines Calder",),
        score=1.0,
        kind="metadata",
    )
    html = passage_html(line)
    assert "<blockquote>" not in html
    title = '<a href="https://example.org/a">Harbour &lt;news&gt;</a>'
    assert html == f"By <b>Ines Calder</b> — {title}"
