"""Telegram Bot API validation rules shared by the test doubles.

Every ``check_*`` function returns ``None`` when Telegram would accept the value, or the
``description`` of Telegram's error answer (e.g. ``"Bad Request: message is too long"``) when it
would reject it.  The HTML parser follows the one of Telegram's server (TDLib's ``parse_html``):
same supported tags, same nesting rules, same error wording, offsets in UTF-16 code units.

One deliberate difference: with ``strict_entities=True`` (the default) a bare ``&`` in text
content that does not start ``&lt;`` ``&gt;`` ``&amp;`` ``&quot;`` ``&#NNN;`` or ``&#xHH;`` is an
error, and the trailing ``;`` is required.  Telegram itself passes such an ``&`` through
literally, but a bot that does not escape ``&`` does not escape ``<`` either, so the strict mode
catches unescaped user content early.  Attribute values (``href``) are parsed leniently, like
Telegram does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from telegram.constants import ReactionEmoji

MAX_MESSAGE_LENGTH = 4096
"""Maximum length of a message text after entity parsing, in UTF-16 code units."""
MAX_CAPTION_LENGTH = 1024
"""Maximum length of a media caption after entity parsing, in UTF-16 code units."""
MAX_CALLBACK_DATA_BYTES = 64
"""Maximum size of ``callback_data`` of an inline keyboard button, in UTF-8 bytes."""
MAX_CALLBACK_ANSWER_LENGTH = 200
"""Maximum length of the ``text`` of ``answerCallbackQuery``."""
MAX_INLINE_RESULTS = 50
"""Maximum number of results of one ``answerInlineQuery``."""
MAX_INLINE_NEXT_OFFSET_BYTES = 64
"""Maximum size of ``next_offset`` of ``answerInlineQuery``, in bytes."""
MAX_INLINE_RESULT_ID_BYTES = 64
"""Maximum size of the ``id`` of an inline query result, in bytes."""
MAX_COMMANDS = 100
"""Maximum number of commands of ``setMyCommands``."""
MAX_COMMAND_DESCRIPTION = 256
"""Maximum length of a command description."""
MAX_SECRET_TOKEN_LENGTH = 256
"""Maximum length of the webhook ``secret_token``."""

SUPPORTED_HTML_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
"""Tags Telegram accepts with ``parse_mode=HTML`` (``span`` only as ``class="tg-spoiler"``)."""

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
"""Valid ``action`` values of ``sendChatAction``."""

REACTION_EMOJI = frozenset(str(emoji.value) for emoji in ReactionEmoji)
"""Emoji that may be used in a ``ReactionTypeEmoji``."""

_TAG_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}

_INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
_HTML_SPACE = " \t\r\n\v\f\0"
_NAME_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(?:#x([0-9a-fA-F]+)|#([0-9]+)|([a-zA-Z]+))(;?)")
_TRIM_CHARS = "".join(chr(code) for code in range(33))

# Parameters that Telegram always treats as strings, even when they look like JSON.
STRING_PARAMETERS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_query_id",
        "query",
        "data",
        "next_offset",
        "url",
        "secret_token",
        "file_id",
        "action",
        "description",
        "short_description",
        "name",
        "title",
        "emoji",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "language_code",
        "ip_address",
        "custom_title",
        "invite_link",
        "document",
        "photo",
        "audio",
        "video",
        "animation",
        "voice",
        "video_note",
        "sticker",
        "thumbnail",
        "certificate",
        "question",
        "address",
        "phone_number",
        "first_name",
        "last_name",
        "vcard",
        "game_short_name",
        "payload",
        "currency",
        "provider_token",
        "start_parameter",
    }
)


class HtmlParseError(ValueError):
    """Raised by :func:`parse_html` with the reason Telegram gives (without the prefix)."""


class RuleViolation(ValueError):
    """Raised by :func:`render_text` with the complete error description of Telegram."""

    def __init__(self, description: str) -> None:
        super().__init__(description)
        self.description = description


@dataclass(frozen=True)
class ParsedText:
    """Plain text and message entities as Telegram stores them after parsing a formatted text."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Length of :attr:`text` in UTF-16 code units."""
        return utf16_len(self.text)


@dataclass
class _OpenTag:
    name: str
    argument: str
    start: int  # UTF-16 offset in the output text
    byte_offset: int
    language: str = ""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of all Telegram offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, index: int, *, require_semicolon: bool) -> tuple[str, int] | None:
    """Decode the character entity at ``text[index] == "&"``; ``None`` if there is none."""
    match = _ENTITY.match(text, index)
    if match is None:
        return None
    hex_digits, dec_digits, name, semicolon = match.groups()
    if require_semicolon and not semicolon:
        return None
    if name is not None:
        if name not in _NAMED_ENTITIES:
            return None
        return _NAMED_ENTITIES[name], match.end()
    if hex_digits is not None and "x" not in match.group(0)[:3]:
        return None  # Telegram only accepts a lowercase "x"
    code = int(hex_digits, 16) if hex_digits is not None else int(dec_digits)
    if code == 0 or code >= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


def parse_html(text: str, *, strict_entities: bool = True) -> ParsedText:
    """Parse ``text`` like Telegram does for ``parse_mode="HTML"``.

    Returns the plain text and the resulting entities (offsets and lengths in UTF-16 code
    units, sorted by offset).  Raises :class:`HtmlParseError` with Telegram's reason when the
    text cannot be parsed.  The text is *not* trimmed; see :func:`render_text`.
    """
    out: list[str] = []
    out_len = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    size = len(text)
    i = 0

    def emit(chunk: str) -> None:
        nonlocal out_len
        out.append(chunk)
        out_len += utf16_len(chunk)

    while i < size:
        char = text[i]
        if char == "&":
            decoded = _decode_entity(text, i, require_semicolon=strict_entities)
            if decoded is not None:
                emit(decoded[0])
                i = decoded[1]
                continue
            if strict_entities:
                raise HtmlParseError(
                    f'Character "&" at byte offset {_byte_offset(text, i)} does not start a '
                    'supported character entity; escape it as "&amp;"'
                )
            emit(char)
            i += 1
            continue
        if char != "<":
            start = i
            while i < size and text[i] not in "&<":
                i += 1
            emit(text[start:i])
            continue

        begin = i
        begin_bytes = _byte_offset(text, begin)
        i += 1
        if i < size and text[i] == "/":
            i = _close_tag(text, i, begin_bytes, stack, entities, out_len)
            continue

        # start tag
        while i < size and text[i] not in _HTML_SPACE and text[i] != ">":
            i += 1
        if i >= size:
            raise HtmlParseError(f"Unclosed start tag at byte offset {begin_bytes}")
        tag = text[begin + 1 : i].lower()
        if tag not in SUPPORTED_HTML_TAGS:
            raise HtmlParseError(f'Unsupported start tag "{tag}" at byte offset {begin_bytes}')
        argument = ""
        while True:
            while i < size and text[i] in _HTML_SPACE:
                i += 1
            if i >= size:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin_bytes}')
            if text[i] == ">":
                break
            name_start = i
            while i < size and text[i] not in _HTML_SPACE and text[i] not in "=>":
                i += 1
            attribute = text[name_start:i].lower()
            if not attribute:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {begin_bytes}'
                )
            while i < size and text[i] in _HTML_SPACE:
                i += 1
            if i >= size or text[i] != "=":
                if tag == "blockquote" and attribute == "expandable":
                    argument = "1"
                    continue
                raise HtmlParseError(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {begin_bytes}'
                )
            i += 1
            while i < size and text[i] in _HTML_SPACE:
                i += 1
            if i >= size:
                raise HtmlParseError(f'Unclosed start tag "{tag}" at byte offset {begin_bytes}')
            if text[i] in "'\"":
                quote = text[i]
                value_start = i
                i += 1
                value_chars: list[str] = []
                while i < size and text[i] != quote:
                    if text[i] == "&":
                        decoded = _decode_entity(text, i, require_semicolon=False)
                        if decoded is not None:
                            value_chars.append(decoded[0])
                            i = decoded[1]
                            continue
                    value_chars.append(text[i])
                    i += 1
                if i >= size:
                    raise HtmlParseError(
                        f"Unclosed end tag at byte offset {_byte_offset(text, value_start)}"
                    )
                i += 1
                value = "".join(value_chars)
            else:
                token_start = i
                while i < size and text[i] in _NAME_TOKEN_CHARS:
                    i += 1
                value = text[token_start:i].lower()
                if i >= size or (text[i] not in _HTML_SPACE and text[i] != ">"):
                    raise HtmlParseError(
                        "Unexpected end of name token at byte offset "
                        f"{_byte_offset(text, token_start)}"
                    )
            if tag == "a" and attribute == "href":
                argument = value
            elif tag == "code" and attribute == "class" and value.startswith("language-"):
                argument = value[len("language-") :]
            elif tag == "span" and attribute == "class" and value.startswith("tg-"):
                argument = value[len("tg-") :]
            elif tag == "tg-emoji" and attribute == "emoji-id":
                argument = value
            elif tag == "blockquote" and attribute == "expandable":
                argument = "1"
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {begin_bytes}'
            )
        if tag == "tg-emoji" and not argument.isdigit():
            raise HtmlParseError(
                f'Tag "tg-emoji" must have a valid "emoji-id" attribute at byte offset '
                f"{begin_bytes}"
            )
        stack.append(_OpenTag(tag, argument, out_len, begin_bytes))
        i += 1  # skip ">"

    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return ParsedText("".join(out), entities)


def _close_tag(
    text: str,
    i: int,
    begin_bytes: int,
    stack: list[_OpenTag],
    entities: list[dict[str, Any]],
    out_len: int,
) -> int:
    """Handle ``</name>`` whose ``/`` is at ``text[i]``; returns the index after ``>``."""
    size = len(text)
    if not stack:
        raise HtmlParseError(f"Unexpected end tag at byte offset {begin_bytes}")
    name_start = i + 1
    i = name_start
    while i < size and text[i] not in _HTML_SPACE and text[i] != ">":
        i += 1
    end_name = text[name_start:i]
    while i < size and text[i] in _HTML_SPACE:
        i += 1
    if i >= size or text[i] != ">":
        raise HtmlParseError(f"Unclosed end tag at byte offset {begin_bytes}")
    open_tag = stack.pop()
    if end_name and end_name.lower() != open_tag.name:
        raise HtmlParseError(
            f'Unmatched end tag at byte offset {begin_bytes}, expected "</{open_tag.name}>", '
            f'found "</{end_name}>"'
        )
    length = out_len - open_tag.start
    if length > 0:
        parent = stack[-1] if stack else None
        if (
            open_tag.name == "code"
            and open_tag.argument
            and parent is not None
            and parent.name == "pre"
        ):
            # <pre><code class="language-x">...</code></pre> is a pre entity with a language
            parent.language = open_tag.argument
        else:
            entity: dict[str, Any] = {
                "type": _TAG_ENTITY_TYPES[open_tag.name],
                "offset": open_tag.start,
                "length": length,
            }
            if open_tag.name == "a":
                if not open_tag.argument:
                    return i + 1
                entity["url"] = open_tag.argument
            elif open_tag.name == "pre" and open_tag.language:
                entity["language"] = open_tag.language
            elif open_tag.name == "blockquote" and open_tag.argument:
                entity["type"] = "expandable_blockquote"
            elif open_tag.name == "tg-emoji":
                entity["custom_emoji_id"] = open_tag.argument
            entities.append(entity)
    return i + 1


def check_html(text: str, *, strict_entities: bool = True) -> str | None:
    """Return Telegram's error description if ``text`` is not valid for ``parse_mode=HTML``."""
    try:
        parse_html(text, strict_entities=strict_entities)
    except HtmlParseError as exc:
        return f"Bad Request: can't parse entities: {exc}"
    return None


def _trim(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing whitespace like Telegram and shift/clip the entities."""
    stripped = parsed.text.strip(_TRIM_CHARS)
    if stripped == parsed.text:
        return parsed
    lead = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip(_TRIM_CHARS))])
    total = utf16_len(stripped)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, entities)


def render_text(
    text: Any,
    parse_mode: Any = None,
    entities: Any = None,
    *,
    strict_entities: bool = True,
) -> ParsedText:
    """Turn a (text, parse_mode, entities) triple into what Telegram stores.

    Parses HTML, trims surrounding whitespace and returns the plain text and entities.
    Raises :class:`RuleViolation` for unparsable HTML.  ``Markdown``/``MarkdownV2`` are not
    parsed (the text is kept verbatim).  Length limits are checked by the callers.
    """
    if text is None:
        text = ""
    if not isinstance(text, str):
        text = str(text)
    mode = str(parse_mode).lower() if parse_mode else ""
    if mode == "html":
        try:
            parsed = parse_html(text, strict_entities=strict_entities)
        except HtmlParseError as exc:
            raise RuleViolation(f"Bad Request: can't parse entities: {exc}") from exc
    elif isinstance(entities, list):
        parsed = ParsedText(
            text, [dict(entity) for entity in entities if isinstance(entity, dict)]
        )
    else:
        parsed = ParsedText(text, [])
    return _trim(parsed)


def check_message_text(
    text: Any, parse_mode: Any = None, *, strict_entities: bool = True
) -> str | None:
    """Check the ``text`` of ``sendMessage``/``editMessageText`` (1-4096 UTF-16 units)."""
    if not isinstance(text, str):
        return "Bad Request: message text is empty"
    try:
        parsed = render_text(text, parse_mode, strict_entities=strict_entities)
    except RuleViolation as exc:
        return exc.description
    if not parsed.text:
        return "Bad Request: message text is empty"
    if parsed.length > MAX_MESSAGE_LENGTH:
        return "Bad Request: message is too long"
    return None


def check_caption(
    caption: Any, parse_mode: Any = None, *, strict_entities: bool = True
) -> str | None:
    """Check a media ``caption`` (0-1024 UTF-16 units after parsing)."""
    if caption is None:
        return None
    try:
        parsed = render_text(caption, parse_mode, strict_entities=strict_entities)
    except RuleViolation as exc:
        return exc.description
    if parsed.length > MAX_CAPTION_LENGTH:
        return "Bad Request: message caption is too long"
    return None


def check_reply_markup(markup: Any) -> str | None:
    """Check a ``reply_markup`` (already JSON-decoded) like Telegram does."""
    if markup is None:
        return None
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            return "Bad Request: can't parse reply keyboard markup JSON object"
    if not isinstance(markup, dict):
        return "Bad Request: can't parse reply keyboard markup JSON object"
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            return (
                'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an '
                "Array of Arrays"
            )
        for row in rows:
            for button in row:
                error = _check_inline_button(button)
                if error:
                    return error
        return None
    if "keyboard" in markup:
        rows = markup["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            return (
                'Bad Request: field "keyboard" of the ReplyKeyboardMarkup must be an Array of '
                "Arrays"
            )
        for row in rows:
            for button in row:
                label = button.get("text") if isinstance(button, dict) else button
                if not isinstance(label, str) or not label:
                    return "Bad Request: can't parse keyboard button: Text must be non-empty"
        return None
    if markup.get("remove_keyboard") is True or markup.get("force_reply") is True:
        return None
    return "Bad Request: can't parse reply keyboard markup JSON object"


def _check_inline_button(button: Any) -> str | None:
    if not isinstance(button, dict):
        return (
            "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an "
            "Object"
        )
    label = button.get("text")
    if not isinstance(label, str) or not label:
        return "Bad Request: can't parse inline keyboard button: Text must be non-empty"
    actions = [name for name in _INLINE_BUTTON_ACTIONS if button.get(name) is not None]
    if not actions:
        return (
            "Bad Request: can't parse inline keyboard button: "
            "Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in actions:
        data = button["callback_data"]
        if not isinstance(data, str):
            return (
                "Bad Request: can't parse inline keyboard button: "
                'Field "callback_data" must be of type String'
            )
        if not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            return "Bad Request: BUTTON_DATA_INVALID"
    if "url" in actions and not str(button["url"]).strip():
        return "Bad Request: BUTTON_URL_INVALID"
    return None


def check_callback_answer(text: Any) -> str | None:
    """Check the ``text`` of ``answerCallbackQuery`` (0-200 characters)."""
    if text is None:
        return None
    if utf16_len(str(text)) > MAX_CALLBACK_ANSWER_LENGTH:
        return "Bad Request: MESSAGE_TOO_LONG"
    return None


def check_inline_results(
    results: Any, next_offset: Any = None, *, strict_entities: bool = True
) -> str | None:
    """Check the ``results`` and ``next_offset`` of ``answerInlineQuery``."""
    if isinstance(results, str):
        try:
            results = json.loads(results)
        except ValueError:
            return "Bad Request: can't parse JSON encoded inline query results"
    if not isinstance(results, list):
        return "Bad Request: can't parse JSON encoded inline query results"
    if len(results) > MAX_INLINE_RESULTS:
        return "Bad Request: RESULTS_TOO_MUCH"
    if next_offset is not None and len(str(next_offset).encode("utf-8")) > (
        MAX_INLINE_NEXT_OFFSET_BYTES
    ):
        return "Bad Request: NEXT_OFFSET_INVALID"
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            return "Bad Request: can't parse inline query result"
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode("utf-8")) <= MAX_INLINE_RESULT_ID_BYTES:
            return "Bad Request: RESULT_ID_INVALID"
        if result_id in seen:
            return "Bad Request: RESULT_ID_DUPLICATE"
        seen.add(result_id)
        content = result.get("input_message_content")
        if isinstance(content, dict) and "message_text" in content:
            error = check_message_text(
                content.get("message_text"),
                content.get("parse_mode"),
                strict_entities=strict_entities,
            )
            if error == "Bad Request: message text is empty":
                return "Bad Request: MESSAGE_EMPTY"
            if error == "Bad Request: message is too long":
                return "Bad Request: MESSAGE_TOO_LONG"
            if error:
                return error
        if "caption" in result:
            error = check_caption(
                result.get("caption"), result.get("parse_mode"), strict_entities=strict_entities
            )
            if error:
                return error
        error = check_reply_markup(result.get("reply_markup"))
        if error:
            return error
    return None


def check_commands(commands: Any) -> str | None:
    """Check the ``commands`` of ``setMyCommands``."""
    if isinstance(commands, str):
        try:
            commands = json.loads(commands)
        except ValueError:
            return "Bad Request: can't parse commands JSON object"
    if not isinstance(commands, list):
        return "Bad Request: can't parse commands JSON object"
    if len(commands) > MAX_COMMANDS:
        return "Bad Request: BOT_COMMANDS_TOO_MUCH"
    for command in commands:
        if not isinstance(command, dict):
            return "Bad Request: can't parse BotCommand"
        name = command.get("command")
        if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
            return "Bad Request: BOT_COMMAND_INVALID"
        description = command.get("description")
        if not isinstance(description, str) or not description.strip():
            return "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
        if utf16_len(description) > MAX_COMMAND_DESCRIPTION:
            return "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"
    return None


def check_secret_token(secret_token: Any) -> str | None:
    """Check the webhook ``secret_token`` (1-256 characters of ``A-Za-z0-9_-``)."""
    if secret_token is None:
        return None
    if not isinstance(secret_token, str) or not _SECRET_TOKEN.fullmatch(secret_token):
        return "Bad Request: secret token contains unallowed characters"
    return None


def check_chat_action(action: Any) -> str | None:
    """Check the ``action`` of ``sendChatAction``."""
    if action not in CHAT_ACTIONS:
        return "Bad Request: wrong parameter action in request"
    return None


def check_reaction(reaction: Any) -> str | None:
    """Check the ``reaction`` list of ``setMessageReaction``."""
    if reaction is None:
        return None
    if isinstance(reaction, str):
        try:
            reaction = json.loads(reaction)
        except ValueError:
            return "Bad Request: can't parse reaction types JSON object"
    if not isinstance(reaction, list):
        return "Bad Request: can't parse reaction types JSON object"
    for item in reaction:
        if not isinstance(item, dict):
            return "Bad Request: can't parse ReactionType"
        if item.get("type") == "emoji" and item.get("emoji") not in REACTION_EMOJI:
            return "Bad Request: REACTION_INVALID"
        if item.get("type") not in ("emoji", "custom_emoji", "paid"):
            return "Bad Request: REACTION_INVALID"
    return None


_COMMAND_RE = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")
_MENTION_RE = re.compile(r"(?<![\w/@])@[A-Za-z0-9_]{5,32}(?![\w@])")


def find_auto_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to user messages by itself: ``bot_command`` and ``mention``."""
    found: list[dict[str, Any]] = []
    for kind, pattern in (("bot_command", _COMMAND_RE), ("mention", _MENTION_RE)):
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group(0)),
                }
            )
    found.sort(key=lambda entity: entity["offset"])
    return found


def decode_param(name: str, value: Any) -> Any:
    """Decode one form/query parameter the way the Bot API interprets it.

    PTB sends strings verbatim and everything else JSON-encoded, so every parameter that is not
    a known string parameter is JSON-decoded when possible.
    """
    if not isinstance(value, str) or name in STRING_PARAMETERS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Decode a mapping of raw parameters with :func:`decode_param`."""
    return {name: decode_param(name, value) for name, value in raw.items()}
