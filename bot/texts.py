"""Every string the bot shows a user, in one place (plain text; bot.render escapes and tags it).

Placeholders are `str.format` fields; the renderer escapes the values it puts in them.
"""

from __future__ import annotations

# -- the command menu (setMyCommands; at most 256 characters each) --------------

CMD_START = "What this bot knows and how to ask"
CMD_HELP = "Commands, buttons and query syntax"
CMD_ASK = "Ask a question: /ask When did it start?"
CMD_DATES = "Key dates: /dates [topic] [year or 2019-2020]"
CMD_SEARCH = 'Keyword search: /search "exact words" AND other'
CMD_SOURCES = "The articles the answers come from"

# -- /start and /help ------------------------------------------------------------

START_GREETING = "Hello! I answer questions by quoting a collection of articles."
START_COVERAGE = "The corpus holds {articles} ({passages}) mentioning the years {years}."
START_COVERAGE_NO_YEARS = "The corpus holds {articles} ({passages})."
ARTICLES_ONE = "1 article"
ARTICLES = "{count} articles"
PASSAGES_ONE = "1 passage"
PASSAGES = "{count} passages"
START_EMPTY = "The corpus is empty for now: no articles have been added yet."
START_HOW = (
    "Ask in plain words and I reply with the passages that answer it, each linked to its "
    "source. Try one of these:"
)
START_HOW_NO_EXAMPLES = "Ask in plain words and I reply with the passages that answer it."
EXAMPLE_TAG = "Tell me about {tag}"
EXAMPLE_YEAR = "What happened in {year}?"
START_MORE = "/help lists everything else."

HELP_TITLE = "How to use this bot"
HELP_LINES = (
    "Send any question in plain words (or /ask question) and I quote the passages that answer "
    "it, with links that open the source at the quoted sentence.",
    "/dates [topic] [year or range]: the key dates, e.g. /dates summit 2019-2020",
    '/search query: keyword search; "exact phrase", AND, OR, NOT, brackets and word* work',
    "/sources: the articles the answers come from",
    "Buttons under an answer: More passages, Key dates of its topic, Sources.",
    "In a group: /ask@{bot} question, mention @{bot} with a question, or reply to my message.",
    "In any chat: type @{bot} question and pick an answer to share it.",
)

# Passed as /start payload from inline mode's "how to use" button (t.me/<bot>?start=help).
DEEP_LINK_HELP = "help"

# -- answers ---------------------------------------------------------------------------

NO_ANSWER = "The corpus does not say."
CORRECTED = "Showing answers for: {corrected}"
PASSAGES_RANGE = "Passages {first}–{last}"
PASSAGE_NUMBER = "Passage {first}"
NO_MORE_PASSAGES = "That is all the corpus says about it."
ALSO_IN = "also in {count} other article"
ALSO_IN_MANY = "also in {count} other articles"

BUTTON_MORE = "More passages"
BUTTON_PREVIOUS_PASSAGES = "Previous"
BUTTON_DATES = "Key dates"
BUTTON_SOURCES = "Sources"
BUTTON_PREVIOUS = "‹ Prev"
BUTTON_NEXT = "Next ›"
BUTTON_DID_YOU_MEAN = "Did you mean: {suggestion}"
BUTTON_ALL_DATES = "All dates"

ASK_USAGE = "Send your question after the command, e.g. /ask {example}"
ASK_USAGE_EXAMPLE = "What is this corpus about?"
MENTION_USAGE = "Ask me something after my name, e.g. @{bot} {example}"

# -- dates, search, sources --------------------------------------------------------------

DATES_TITLE = "Key dates"
DATES_TITLE_TOPIC = "Key dates: {topic}"
DATES_NONE = "No key dates found."
DATES_NONE_TOPIC = "No key dates found for “{topic}”."
UNRESOLVED = "(exact date unknown)"

SEARCH_USAGE = (
    'Send keywords after the command, e.g. /search "Baku Summit" AND (Karabakh OR Garabagh). '
    "Quotes match a phrase; AND, OR, NOT and brackets combine words; word* matches a prefix."
)
SEARCH_TITLE = "Search: {query}"
SEARCH_COUNT = "{count} matching passages"
SEARCH_COUNT_ONE = "1 matching passage"
SEARCH_NONE = "Nothing matches “{query}”."
SEARCH_SYNTAX_NOTE = "The query could not be read as syntax ({error}); searched the words instead."

SOURCES_TITLE = "Sources"
SOURCES_COUNT = "{count} articles"
SOURCES_COUNT_ONE = "1 article"
SOURCES_NONE = "The corpus is empty."
SOURCE_DATES = "{count} key dates"
SOURCE_DATES_ONE = "1 key date"

PAGE = "page {page} of {pages}"

# -- inline mode ---------------------------------------------------------------------------

INLINE_HELP_TITLE = "Type a question after @{bot}"
INLINE_HELP_DESCRIPTION = "Then pick a quote to send it to this chat with its source."
INLINE_HELP_MESSAGE = (
    "Ask @{bot} a question from any chat: type @{bot} followed by your question and pick "
    "one of the quoted answers."
)
INLINE_HELP_BUTTON = "How to ask"
INLINE_NO_ANSWER_TITLE = "The corpus does not say."
INLINE_NO_ANSWER_DESCRIPTION = "No passage answers “{question}”."

# -- limits and errors ------------------------------------------------------------------------

SLOW_DOWN = "You are asking faster than I can read. Please wait {seconds} s and ask again."
BUTTON_EXPIRED = "This button is too old. Please ask again."
APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."
CORPUS_UNAVAILABLE = "The corpus is not ready yet. Please try again in a few minutes."
UNKNOWN_COMMAND = "I don't know that command. /help lists the ones I know."
ADMIN_ERROR = "corpusbot error while handling {what}: {error}"

# -- the terminal chat ---------------------------------------------------------------------------

CHAT_BANNER = (
    "corpusbot chat: the bot's conversation in this terminal. Type a question or a command "
    "(/help), a button's number to press it, /quit to leave."
)
CHAT_BUTTONS = "Buttons:"
CHAT_NO_SUCH_BUTTON = "There is no button {number}."
CHAT_UNKNOWN_COMMAND = "I don't know that command. Type /help for the ones I know."

# -- `corpusbot run` and `corpusbot chat` on the command line --------------------------------

RUN_CONFIG_ERROR = "corpusbot: configuration: {error}"
RUN_BUILDING_INDEX = "corpusbot: no index yet; building it from {content} ..."
RUN_BAD_TOKEN = "corpusbot: Telegram rejected the token in BOT_TOKEN; check it with @BotFather"
RUN_UNREACHABLE = "corpusbot: cannot reach Telegram ({where}): {error}"
RUN_REFUSED = "corpusbot: Telegram refused to start the bot: {error}"
RUN_SERVER_FAILED = "corpusbot: cannot start the webhook server: {error}"

# -- `corpusbot run` without a token ------------------------------------------------------------

NO_TOKEN = """corpusbot: no bot token. To run the Telegram bot:
  1. In Telegram, open @BotFather, send /newbot and follow the steps; it gives you a token.
  2. Optional: in @BotFather, /setinline for inline mode (@yourbot question in any chat).
  3. Start the bot with the token in the environment:
       BOT_TOKEN=123456:ABC... corpusbot run
     (or put it in a file and set telegram.token_file in config.yaml, or
      CORPUSBOT_TELEGRAM_TOKEN_FILE=/path/to/file)
Meanwhile, try the same conversation in this terminal:  corpusbot chat"""
