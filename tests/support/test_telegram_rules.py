"""Unit tests of the shared Telegram validation rules."""

from __future__ import annotations

import pytest

from tests.support import telegram_rules as rules


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert rules.utf16_len("abc") == 3
    assert rules.utf16_len("é") == 1
    assert rules.utf16_len("\U0001f600") == 2


@pytest.mark.parametrize(
    "html",
    [
        "plain",
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins>",
        "<s>s</s><strike>k</strike><del>d</del><tg-spoiler>t</tg-spoiler>",
        '<span class="tg-spoiler">x</span><a href="https://x.org">a</a>',
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
        '<code>c</code><pre>p</pre><pre><code class="language-python">x</code></pre>',
        "<blockquote>q</blockquote><blockquote expandable>e</blockquote>",
        "&lt;&gt;&amp;&quot;&#38;&#x26;",
        "<B>upper</B>",
        "<b><i>nested</i></b>",
        "1 > 0",
    ],
)
def test_valid_html(html: str) -> None:
    assert rules.check_html(html) is None


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("é<br/>", 'Unsupported start tag "br/" at byte offset 2'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("a<", "Unclosed start tag at byte offset 1"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ('<a href="x>y</a>', "Unclosed end tag"),
        ("<blockquote open>q</blockquote>", "Expected equal sign"),
        ("&nbsp;", 'Character "&" at byte offset 0'),
        ("&lt", 'Character "&" at byte offset 0'),
        ("fish & chips", 'Character "&" at byte offset 5'),
        ("<tg-emoji>x</tg-emoji>", 'Tag "tg-emoji" must have a valid "emoji-id"'),
    ],
)
def test_invalid_html(html: str, reason: str) -> None:
    error = rules.check_html(html)
    assert error is not None
    assert error.startswith("Bad Request: can't parse entities: ")
    assert reason in error


def test_lenient_entities_match_telegram() -> None:
    assert rules.check_html("fish & chips", strict_entities=False) is None
    parsed = rules.parse_html("&lt b &nbsp;", strict_entities=False)
    assert parsed.text == "< b &nbsp;"


def test_parse_html_entities_use_utf16_offsets() -> None:
    parsed = rules.parse_html("\U0001f600 <b>x</b> <a href='https://a.b'>\U0001f600</a>")
    assert parsed.text == "\U0001f600 x \U0001f600"
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 1},
        {"type": "text_link", "offset": 5, "length": 2, "url": "https://a.b"},
    ]


def test_render_text_trims_and_shifts_entities() -> None:
    parsed = rules.render_text("\n  <b> hi</b>  \n", "HTML")
    assert parsed.text == "hi"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 2}]


def test_message_text_limits() -> None:
    assert rules.check_message_text("x" * 4096) is None
    assert rules.check_message_text("x" * 4097) == "Bad Request: message is too long"
    assert rules.check_message_text("&amp;" * 4096, "HTML") is None
    assert rules.check_message_text("   ") == "Bad Request: message text is empty"
    assert rules.check_message_text(None) == "Bad Request: message text is empty"
    assert rules.check_caption("c" * 1025) == "Bad Request: message caption is too long"
    assert rules.check_caption(None) is None


def test_reply_markup_rules() -> None:
    def keyboard(**button: object) -> dict[str, object]:
        return {"inline_keyboard": [[{"text": "t", **button}]]}

    assert rules.check_reply_markup(keyboard(callback_data="x" * 64)) is None
    assert rules.check_reply_markup(keyboard(callback_data="x" * 65)) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    assert rules.check_reply_markup(keyboard(callback_data="é" * 33)) == (
        "Bad Request: BUTTON_DATA_INVALID"
    )
    assert "Text buttons are unallowed" in str(rules.check_reply_markup(keyboard()))
    assert rules.check_reply_markup(keyboard(url="https://x.org")) is None
    assert rules.check_reply_markup({"remove_keyboard": True}) is None
    assert rules.check_reply_markup('{"keyboard": [["a"]]}') is None


def test_inline_query_rules() -> None:
    article = {"type": "article", "id": "1", "title": "t"}
    text_content = {"message_text": "<b>x</b>", "parse_mode": "HTML"}
    assert rules.check_inline_results([article] * 1) is None
    many = [{**article, "id": str(n)} for n in range(51)]
    assert rules.check_inline_results(many) == "Bad Request: RESULTS_TOO_MUCH"
    assert rules.check_inline_results([], "o" * 65) == "Bad Request: NEXT_OFFSET_INVALID"
    assert rules.check_inline_results([{**article, "id": "i" * 65}]) == (
        "Bad Request: RESULT_ID_INVALID"
    )
    assert rules.check_inline_results([article, article]) == "Bad Request: RESULT_ID_DUPLICATE"
    ok = {**article, "input_message_content": text_content}
    assert rules.check_inline_results([ok]) is None
    broken = {**article, "input_message_content": {**text_content, "message_text": "<b>"}}
    assert "can't parse entities" in str(rules.check_inline_results([broken]))


def test_misc_rules() -> None:
    assert rules.check_callback_answer("x" * 200) is None
    assert rules.check_callback_answer("x" * 201) == "Bad Request: MESSAGE_TOO_LONG"
    good = [{"command": "ask_1", "description": "Ask"}]
    assert rules.check_commands(good) is None
    assert rules.check_commands([{"command": "Ask", "description": "d"}]) == (
        "Bad Request: BOT_COMMAND_INVALID"
    )
    assert rules.check_commands([{"command": "a" * 33, "description": "d"}]) == (
        "Bad Request: BOT_COMMAND_INVALID"
    )
    assert rules.check_commands([{"command": "a", "description": "d" * 257}]) == (
        "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    )
    assert rules.check_secret_token("abc-DEF_123") is None
    assert rules.check_secret_token("a+b=") is not None
    assert rules.check_chat_action("typing") is None
    assert rules.check_reaction([{"type": "emoji", "emoji": "🔥"}]) is None
    assert rules.check_reaction([{"type": "emoji", "emoji": "🦖"}]) == (
        "Bad Request: REACTION_INVALID"
    )


def test_auto_entities_and_param_decoding() -> None:
    text = "\U0001f600 /start@corpus_test_bot hi @alice_bob /x email@example.com"
    entities = rules.find_auto_entities(text)
    assert entities == [
        {"type": "bot_command", "offset": 3, "length": 22},
        {"type": "mention", "offset": 29, "length": 10},
        {"type": "bot_command", "offset": 40, "length": 2},
    ]
    assert rules.decode_params(
        {"chat_id": "-100", "text": "123", "reply_markup": '{"remove_keyboard": true}'}
    ) == {"chat_id": -100, "text": "123", "reply_markup": {"remove_keyboard": True}}
    assert rules.decode_param("chat_id", "@channel") == "@channel"
