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
CMD_NEW = "Start afresh: the next question is read on its own"

# Admin commands: shown in the menu of the admins' private chats only.
CMD_REINDEX = "Update the index (/reindex full: rebuild it)"
CMD_ADD = "Add an article: send a .md, .txt or .html file captioned /add"
CMD_REMOVE = "Take an article out: /remove article-id"
CMD_STATS = "Corpus, index and usage figures"
CMD_SETUP = "Check privacy mode, rights, webhook and index"
CMD_FEEDBACK = "Questions readers missed (👎 or no answer)"
CMD_FEED = "RSS and Atom feeds: /feed add <url>, /feed list, /feed remove <n>"

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
    "Follow up in a few words (“and when was that?”, “what about 2021?”): I read it with your "
    "previous question and say how. /new starts afresh. 👍 / 👎 say whether an answer helped.",
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

# -- follow-up questions and feedback -------------------------------------------------------

TAKING_AS = "Taking this as: {reading}"
NEW_DONE = "Starting afresh: your next question is read on its own."
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"
VOTE_UP = "Thanks! Glad it helped."
VOTE_DOWN = "Thanks for telling me."
VOTE_DOWN_KEPT = "Thanks for telling me: the maintainers will see this question."
VOTE_AGAIN = "Already counted. Thanks!"
VOTE_CHANGED = "Vote changed. Thanks!"

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

# -- admin commands ------------------------------------------------------------------------

NOT_ADMIN = "Sorry, /{command} is only for the maintainers of this bot."

REINDEX_BUSY = "A reindex is running already; I will post its summary here when it is done."
REINDEX_STARTED = "Reindexing ({mode})… reading the articles."
REINDEX_PROGRESS = "Reindexing ({mode})… {done} of {total} articles written ({percent}%)."
REINDEX_COMMITTING = "Reindexing ({mode})… {total} articles written, saving the index."
REINDEX_FULL = "full rebuild"
REINDEX_INCREMENTAL = "changed articles only"
REINDEX_DONE = "Reindex done ({mode}) in {seconds}."
REINDEX_COUNTS = (
    "added {added} · updated {updated} · removed {removed} · unchanged {unchanged} · "
    "skipped {skipped}"
)
REINDEX_PASSAGES = "{passages} written."
REINDEX_ADDED = "Added"
REINDEX_UPDATED = "Updated"
REINDEX_REMOVED = "Removed"
REINDEX_SKIPPED = "Skipped (not indexed)"
REINDEX_MORE = "… and {count} more"
REINDEX_FAILED = "Reindex failed: {reason}. The index is as it was; answers go on from it."
REINDEX_INTERRUPTED = (
    "Reindex interrupted: the bot is stopping. Send /reindex again after it restarts."
)

ADD_USAGE = (
    "Send a .md, .txt or .html file with the caption /add, or reply /add to a file I can see. "
    "/add replace replaces an article of the same name."
)
ADD_BAD_TYPE = "Refused: {name} is not a .md, .txt or .html file. Nothing was saved."
ADD_TOO_BIG = "Refused: {name} is {size}; the limit is {limit}. Nothing was saved."
ADD_REFUSED = "Refused {name}: {reason}. Nothing was saved."
ADD_DOWNLOAD_FAILED = "Could not download {name}: {reason}. Nothing was saved."
ADD_BUSY = "A reindex is running; send /add again when it is done. Nothing was saved."
ADD_BUSY_ELSEWHERE = (
    "The index is being built from the command line; send /add again when it is done. "
    "Nothing was saved."
)
ADD_SAVED = "Saved {article_id}: “{title}”. Updating the index…"
ADD_DONE = "Added {article_id}: “{title}”. It is in the answers now."
ADD_NOT_INDEXED = (
    "Saved {article_id}: “{title}”, but the index was not updated: {reason}. "
    "Send /reindex to try again."
)
DOCUMENT_HINT = "To add this file to the corpus, reply /add to it (or /add replace)."

REMOVE_USAGE = (
    "Send the article's id after the command, e.g. /remove {example}. /sources lists them."
)
REMOVE_BUSY = "A reindex is running; send /remove again when it is done. Nothing was removed."
REMOVE_BUSY_ELSEWHERE = (
    "The index is being built from the command line; send /remove again when it is done. "
    "Nothing was removed."
)
REMOVE_NOT_FOUND = "There is no article {article_id}. Nothing was removed."
REMOVE_CLOSE = "Did you mean:"
REMOVE_DONE = "Removed {article_id}. Updating the index…"
REMOVE_INDEXED = "Removed {article_id}. It is out of the answers now."
REMOVE_NOT_INDEXED = (
    "Removed {article_id}, but the index was not updated: {reason}. Send /reindex to try again."
)

# /add <link> and `corpusbot add URL`: the page is fetched (bot.fetch), then imported.
ADD_LINK_FETCHING = "Fetching {url}…"
ADD_LINK_REFUSED = "Refused {url}: {reason}. Nothing was saved."
FETCH_NOT_A_LINK = "that is not an http or https link"
FETCH_SCHEME = "only http and https links can be fetched, not {scheme}"
FETCH_UNKNOWN_HOST = "{host} could not be found"
FETCH_ADDRESS = (
    "{host} is at {address}, a {kind} address, and the bot fetches public addresses only "
    "(fetch.allow_private)"
)
FETCH_REDIRECTS = "it redirects more than {count} times"
FETCH_TIMEOUT = "it did not arrive within {seconds} s"
FETCH_TOO_BIG = "it is larger than {limit}"
FETCH_TYPE = "it is {type}, not an HTML page or text"
FETCH_STATUS = "the server answered {status}"
FETCH_FAILED = "{host} could not be reached: {reason}"

# Watched content/: told to the admins (once per file and reason, or per failure).
WATCH_SKIPPED = "Changed in content/ but not indexed"
WATCH_FAILED = (
    "Updating the index after changes in content/ failed: {reason}. The answers come from "
    "the index as it was; send /reindex to try again."
)

# /feed: RSS and Atom feeds whose new items are imported like /add <link> (bot.feeds).
FEED_USAGE = (
    "/feed add <url> subscribes to an RSS or Atom feed, /feed list shows the feeds, "
    "/feed remove <number> unsubscribes from one."
)
FEED_LIST_TITLE = "Feeds"
FEED_LIST_NONE = "No feeds yet. /feed add <url> subscribes to an RSS or Atom feed."
FEED_LIST_EVERY = "New items are imported every {minutes}."
FEED_FROM_CONFIG = "in the configuration"
FEED_CHECKED = "checked {when}"
FEED_NOT_CHECKED = "not checked yet"
FEED_IMPORTED = "{count} articles imported"
FEED_IMPORTED_ONE = "1 article imported"
FEED_FAILING = "failing: {reason}"
FEED_MINUTES = "{count} minutes"
FEED_MINUTES_ONE = "minute"
FEED_ITEMS = "{count} items"
FEED_ITEMS_ONE = "1 item"
FEED_NOT_A_LINK = "Refused {url}: a feed is an http or https link. No feed was added."
FEED_EXISTS = "{url} is a feed already (number {number} in /feed list)."
FEED_REFUSED = "Refused {url}: {reason}. No feed was added."
FEED_ADDED = (
    "Subscribed to “{title}” ({url}), {items} in it now. I import its new items now, then "
    "every {minutes}."
)
FEED_REMOVE_USAGE = "Send the feed's number from /feed list, e.g. /feed remove 1."
FEED_REMOVE_NONE = "There is no feed number {number}; /feed list shows them. Nothing was removed."
FEED_REMOVE_CONFIG = (
    "Feed {number} ({url}) comes from the configuration (feeds.urls): remove it there. "
    "Nothing was removed."
)
FEED_REMOVED = "Unsubscribed from {url}. Its articles stay in the corpus (/remove takes one out)."
FEED_NOT_A_FEED = "it is not an RSS or Atom feed ({reason})"
FEED_NO_ENTRIES = "no feed found in it"
FEED_WRONG_TYPE = "it is {type}, not an RSS or Atom feed"
# Told to the admins by the poll: a failure once per streak, an item that failed once.
FEED_FAILED = (
    "Feed {feed} failed: {reason}. I keep polling it and say so when it works again; "
    "until then this is not repeated."
)
FEED_RECOVERED = "Feed {feed} works again."
FEED_ITEM_FAILED = (
    "From feed {feed}, “{item}” was not imported: {reason}. It is not tried again; "
    "/add <link> imports it by hand."
)
FEED_NOT_INDEXED = (
    "Articles from feed {feed} were saved, but the index was not updated: {reason}. "
    "Send /reindex to try again."
)

STATS_TITLE = "Statistics"
STATS_CORPUS = "Corpus: {articles}, {passages}, {dates}"
STATS_DATES_ONE = "1 key date"
STATS_DATES = "{count} key dates"
STATS_INDEX = "Index size: {size}"
STATS_LAST_BUILD = "Last reindex: {when}, took {seconds}"
STATS_NO_BUILD = "Last reindex: unknown"
STATS_NO_INDEX = "No index yet: send /reindex."
STATS_BUILDING = "A reindex is running now."
STATS_UPTIME = "Up for {uptime}"
STATS_QUESTIONS = "Questions answered: {questions}; without an answer: {unanswered} ({share})"
STATS_NO_QUESTIONS = "Questions answered: none yet"
STATS_VOTES = "Feedback: {up} 👍, {down} 👎 ({share} 👎)"

FEEDBACK_TITLE = "Questions readers missed"
FEEDBACK_OFF = (
    "Questions are not kept. To keep the last 200 that got 👎 or no answer, set "
    "feedback.keep_questions: true (a privacy choice: see the README)."
)
FEEDBACK_NONE = "None yet: no question got 👎 or went unanswered since keeping began."
FEEDBACK_COUNT = "{count} questions"
FEEDBACK_COUNT_ONE = "1 question"
FEEDBACK_DOWN = "👎"
FEEDBACK_UNANSWERED = "no answer"

SETUP_TITLE = "Setup check"
SETUP_FIX = "Fix: {fix}"
SETUP_PRIVACY_ON = (
    "Privacy mode is on: in groups I get commands, mentions of me and replies to my messages, "
    "which is all I need."
)
SETUP_PRIVACY_OFF = "Privacy mode is off: I get every group message (and ignore the chatter)."
SETUP_PRIVACY_OFF_FIX = (
    "optional: @BotFather → /setprivacy → Enable, then remove me from groups and add me back."
)
SETUP_INLINE_ON = "Inline mode is on: @{bot} question works in any chat."
SETUP_INLINE_OFF = "Inline mode is off: @{bot} question does nothing."
SETUP_INLINE_OFF_FIX = "@BotFather → /setinline → choose me and type a placeholder."
SETUP_GROUPS_OFF = "I cannot be added to groups."
SETUP_GROUPS_OFF_FIX = "@BotFather → /setjoingroups → Enable."
SETUP_CHAT_PRIVATE = (
    "This is a private chat: send /setup in a group to check my rights there, or "
    "/setup @channel (or its id) for a channel."
)
SETUP_CHAT_ADMIN = "In {chat} I am an administrator."
SETUP_CHAT_MEMBER = "In {chat} I am a member: enough to answer commands, mentions and replies."
SETUP_CHAT_CHANNEL_MEMBER = "In {chat} I am not an administrator, so I do not see its posts."
SETUP_CHAT_CHANNEL_FIX = "channel settings → Administrators → add me with “Post messages”."
SETUP_CHAT_CANNOT_POST = "In {chat} I cannot post messages."
SETUP_CHAT_CANNOT_POST_FIX = "give me the right to send (or post) messages there."
SETUP_CHAT_RESTRICTED = "In {chat} I am restricted and cannot send messages."
SETUP_CHAT_RESTRICTED_FIX = "lift the restriction, or allow members to send messages."
SETUP_CHAT_ABSENT = "I am not in {chat}."
SETUP_CHAT_ABSENT_FIX = "add me to it (as an administrator in a channel)."
SETUP_CHAT_UNKNOWN = "I cannot see {chat}: {reason}."
SETUP_CHAT_UNKNOWN_FIX = "check the @username or id, and that I was added there."
SETUP_POLLING = "Updates come by polling; no webhook is set."
SETUP_POLLING_WEBHOOK = "Polling is configured, but Telegram has a webhook set: {url}."
SETUP_POLLING_WEBHOOK_FIX = "restart the bot: it removes the webhook when it starts polling."
SETUP_WEBHOOK = "Updates come by webhook to {url}."
SETUP_WEBHOOK_OTHER = "Telegram delivers updates to {actual}, not to telegram.webhook_url {url}."
SETUP_WEBHOOK_OTHER_FIX = "restart the bot: it sets its webhook when it starts."
SETUP_PENDING = "{count} updates are waiting to be delivered."
SETUP_PENDING_FIX = "if the number keeps growing, Telegram cannot reach the webhook: see below."
SETUP_WEBHOOK_ERROR = "Telegram's last delivery error ({when}): {error}"
SETUP_WEBHOOK_ERROR_FIX = (
    "webhook_url must be reachable from the internet over HTTPS on port 443, 80, 88 or 8443, "
    "with a valid certificate, and forward to webhook_listen:webhook_port."
)
SETUP_INDEX_OK = "Index: {articles}, {passages}, built {when}."
SETUP_INDEX_EMPTY = "The index is empty."
SETUP_INDEX_EMPTY_FIX = "put articles in content/ (or send them with /add) and /reindex."
SETUP_INDEX_MISSING = "There is no index yet."
SETUP_INDEX_MISSING_FIX = "send /reindex."
SETUP_INDEX_SKIPPED = "The last reindex skipped {count} file(s)."
SETUP_INDEX_SKIPPED_FIX = "send /reindex: its summary says why each was skipped."
SETUP_CONTENT_READONLY = "I cannot write to the content directory: /add and /remove fail."
SETUP_CONTENT_READONLY_FIX = (
    "make it writable by the bot's user (in Docker: build with CORPUSBOT_UID set to the "
    "owner of content/)."
)

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
UNKNOWN_VARIABLE = "corpusbot: warning: unknown setting {name} is ignored"
UNKNOWN_VARIABLE_HINT = " (did you mean {close}?)"
RUN_BUILDING_INDEX = "corpusbot: no index yet; building it from {content} ..."
RUN_CAUGHT_UP = "corpusbot: content/ changed while the bot was stopped; the index is updated:"
RUN_CATCH_UP_FAILED = "corpusbot: could not bring the index up to date with content/ ({error})"
RUN_BAD_TOKEN = "corpusbot: Telegram rejected the token in BOT_TOKEN; check it with @BotFather"
RUN_TOKEN_REVOKED = (
    "corpusbot: Telegram no longer accepts the bot token (revoked?): stopped; "
    "put the new token from @BotFather in BOT_TOKEN"
)
RUN_UNREACHABLE = "corpusbot: cannot reach Telegram ({where}): {error}"
RUN_REFUSED = "corpusbot: Telegram refused to start the bot: {error}"
RUN_SERVER_FAILED = "corpusbot: cannot start the webhook server: {error}"

# -- `corpusbot health` -------------------------------------------------------------------------

HEALTH_OK = "corpusbot: healthy: the index answers ({articles} articles, {passages} passages)"
HEALTH_NO_INDEX = "corpusbot: unhealthy: no index at {index} yet"
HEALTH_TOKEN_REJECTED = "corpusbot: unhealthy: Telegram rejects the bot token (revoked?)"
HEALTH_NO_TELEGRAM = "corpusbot: unhealthy: cannot reach Telegram ({where}): {error}"
HEALTH_FAILED = "corpusbot: unhealthy: the index does not answer: {error}"
HEALTH_NO_WEBHOOK = (
    "corpusbot: unhealthy: the webhook port {host}:{port} refuses connections: {error}"
)

# -- `corpusbot run` without a token ------------------------------------------------------------

NO_TOKEN = """corpusbot: no bot token. To run the Telegram bot:
  1. In Telegram, open @BotFather, send /newbot and follow the steps; it gives you a token.
  2. Optional: in @BotFather, /setinline for inline mode (@yourbot question in any chat).
  3. Start the bot with the token in the environment:
       BOT_TOKEN=123456:ABC... corpusbot run
     (or put it in a file and set telegram.token_file in config.yaml, or
      CORPUSBOT_TELEGRAM_TOKEN_FILE=/path/to/file)
Meanwhile, try the same conversation in this terminal:  corpusbot chat"""
OFFER_CHAT = "Start the terminal chat now? [Y/n] "
