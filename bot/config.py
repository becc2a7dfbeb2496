"""Typed configuration: config.yaml, then environment overrides, then command-line options.

Every key has one environment variable: `CORPUSBOT_` + the dotted key upper-cased with dots
as underscores (`telegram.base_url` -> `CORPUSBOT_TELEGRAM_BASE_URL`, `content` ->
`CORPUSBOT_CONTENT`). The bot token is never read from config.yaml: it comes from `BOT_TOKEN`
or from the file named by `telegram.token_file`, and is held as a `Secret` that never prints.
A bad value raises `ConfigError` with one line naming the key (and the variable it came from).
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

DEFAULT_CONFIG = Path("config.yaml")
CONFIG_ENV = "CORPUSBOT_CONFIG"
TOKEN_ENV = "BOT_TOKEN"
ENV_PREFIX = "CORPUSBOT_"
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """A configuration value is wrong; the message names the key and says what is expected."""


@dataclass(frozen=True)
class Secret:
    """A value that must not leak into logs or tracebacks: repr and str show stars."""

    _value: str = field(repr=False)

    def get(self) -> str:
        """The secret itself (pass it straight to where it is needed)."""
        return self._value

    def __str__(self) -> str:
        return "**********"

    def __repr__(self) -> str:
        return "Secret('**********')"


@dataclass(frozen=True)
class TelegramSettings:
    """How to reach Telegram."""

    token: Secret | None = None  # BOT_TOKEN, or the content of token_file
    token_file: Path | None = None
    base_url: str | None = None  # self-hosted Bot API server, e.g. http://localhost:8081/bot
    base_file_url: str | None = None
    webhook_url: str | None = None  # set: webhook mode; unset: polling
    webhook_listen: str = "0.0.0.0"
    webhook_port: int = 8443
    webhook_secret: Secret | None = None  # unset: a random one per start

    @property
    def webhook_path(self) -> str:
        """The local URL path the webhook server listens on (the path of webhook_url)."""
        return urlsplit(self.webhook_url or "").path.strip("/")


@dataclass(frozen=True)
class AnswerSettings:
    """How much one message shows."""

    per_message: int = 3  # passages in one answer
    page_size: int = 5  # entries per page of /dates, /search, /sources and inline results
    examples: tuple[str, ...] = ()  # example questions offered by /start (else from the corpus)
    # "typing…" shows only when an answer takes longer than this: a faster one would
    # spend a Bot API call (and the flood limit's budget) on a status nobody sees.
    typing_after_ms: int = 500


@dataclass(frozen=True)
class LimitSettings:
    """The per-user question limit: `questions` per `per_seconds` (0 questions: no limit)."""

    questions: int = 10
    per_seconds: int = 60


@dataclass(frozen=True)
class FetchSettings:
    """Pages fetched for /add <link> (see bot.fetch)."""

    # Loopback, private and link-local addresses too (never cloud metadata addresses).
    allow_private: bool = False
    timeout_seconds: float = 15.0  # for one page or feed, redirects included


@dataclass(frozen=True)
class FeedSettings:
    """RSS and Atom feeds whose new items are imported (besides those added by /feed add)."""

    urls: tuple[str, ...] = ()
    every_minutes: int = 30  # how often every feed is polled


@dataclass(frozen=True)
class FollowUpSettings:
    """How long a question stays the one a short follow-up ("and when was that?") leans on."""

    minutes: int = 10  # 0: every question is read on its own


@dataclass(frozen=True)
class FeedbackSettings:
    """What the 👍 / 👎 buttons keep."""

    # Keep the last questions that got 👎 or no answer (no user or chat id) for /feedback.
    keep_questions: bool = False


@dataclass(frozen=True)
class Settings:
    """The whole configuration of the bot."""

    content: Path = Path("content")
    index: Path = Path("var/index")
    admins: frozenset[int] = frozenset()  # Telegram user ids
    telegram: TelegramSettings = TelegramSettings()
    answers: AnswerSettings = AnswerSettings()
    limits: LimitSettings = LimitSettings()
    log_level: str = "INFO"
    followups: FollowUpSettings = FollowUpSettings()
    feedback: FeedbackSettings = FeedbackSettings()
    # content/ watched while the bot runs: "on" (inotify, polling where it is not
    # available), "polling" (always poll: some Docker volumes, network mounts) or "off".
    watch: str = "on"
    fetch: FetchSettings = FetchSettings()
    feeds: FeedSettings = FeedSettings()


# -- value readers: (value, where) -> typed value, or ConfigError ---------------------------


def _text(value: Any, where: str) -> str:
    if isinstance(value, os.PathLike):  # --content / --index options
        value = os.fspath(value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ConfigError(f"{where} must be text, got {value!r}")
    return str(value).strip()


def _optional_text(value: Any, where: str) -> str | None:
    return None if value is None else (_text(value, where) or None)


def _path(value: Any, where: str) -> Path:
    text = _text(value, where)
    if not text:
        raise ConfigError(f"{where} must be a directory path, got nothing")
    return Path(text).expanduser()


def _optional_path(value: Any, where: str) -> Path | None:
    text = _optional_text(value, where)
    return Path(text).expanduser() if text else None


def _url(value: Any, where: str) -> str | None:
    text = _optional_text(value, where)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where} must be an http(s) URL, got {text!r}")
    return text


def _integer(low: int, high: int) -> Callable[[Any, str], int]:
    def read(value: Any, where: str) -> int:
        text = str(value).strip() if isinstance(value, str | int) else ""
        if isinstance(value, bool) or not re.fullmatch(r"-?\d+", text):
            raise ConfigError(f"{where} must be a whole number, got {value!r}")
        number = int(text)
        if not low <= number <= high:
            raise ConfigError(f"{where} must be from {low} to {high}, got {number}")
        return number

    return read


def _list(value: Any, where: str, separator: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            try:
                value = yaml.safe_load(stripped)
            except yaml.YAMLError:
                raise ConfigError(f"{where} must be a list, got {stripped!r}") from None
        else:
            return [part.strip() for part in stripped.split(separator) if part.strip()]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where} must be a list, got {value!r}")
    return value


def _user_ids(value: Any, where: str) -> frozenset[int]:
    ids = set()
    for item in _list(value, where, ","):
        text = str(item).strip()
        if isinstance(item, bool) or not re.fullmatch(r"\d+", text):
            raise ConfigError(f"{where} must be Telegram user ids (numbers), got {item!r}")
        ids.add(int(text))
    return frozenset(ids)


def _examples(value: Any, where: str) -> tuple[str, ...]:
    found = []
    for item in _list(value, where, "|"):
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{where} must be a list of questions, got {item!r}")
        found.append(" ".join(item.split()))
    return tuple(found)


def _log_level(value: Any, where: str) -> str:
    level = _text(value, where).upper()
    if level not in _LOG_LEVELS:
        raise ConfigError(f"{where} must be one of {', '.join(_LOG_LEVELS)}, got {value!r}")
    return level


def _boolean(value: Any, where: str) -> bool:
    text = str(value).strip().lower() if isinstance(value, str | bool) else ""
    if text in ("true", "yes", "on"):
        return True
    if text in ("false", "no", "off"):
        return False
    raise ConfigError(f"{where} must be true or false, got {value!r}")


def _urls(value: Any, where: str) -> tuple[str, ...]:
    found = []
    for item in _list(value, where, ","):
        url = _url(item, where)
        if url:
            found.append(url)
    return tuple(dict.fromkeys(found))


def _watch(value: Any, where: str) -> str:
    text = str(value).strip().lower() if isinstance(value, str | bool) else ""
    found = {"true": "on", "yes": "on", "on": "on", "polling": "polling"}.get(text)
    found = found or {"false": "off", "no": "off", "off": "off"}.get(text)
    if found is None:
        raise ConfigError(f"{where} must be true, false or polling, got {value!r}")
    return found


def _secret(value: Any, where: str) -> Secret | None:
    text = _optional_text(value, where)
    if text is None:
        return None
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", text):
        raise ConfigError(f"{where} must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
    return Secret(text)


# Every key of config.yaml (dotted) and how to read it. The environment variable of a key
# is env_name(key).
KEYS: dict[str, Callable[[Any, str], Any]] = {
    "content": _path,
    "index": _path,
    "admins": _user_ids,
    "telegram.token_file": _optional_path,
    "telegram.base_url": _url,
    "telegram.base_file_url": _url,
    "telegram.webhook_url": _url,
    "telegram.webhook_listen": _text,
    "telegram.webhook_port": _integer(1, 65535),
    "telegram.webhook_secret": _secret,
    "answers.per_message": _integer(1, 10),
    "answers.page_size": _integer(1, 20),
    "answers.examples": _examples,
    "answers.typing_after_ms": _integer(0, 60_000),
    "limits.questions": _integer(0, 10_000),
    "limits.per_seconds": _integer(1, 86_400),
    "log.level": _log_level,
    "followups.minutes": _integer(0, 1440),
    "feedback.keep_questions": _boolean,
    "watch": _watch,
    "fetch.allow_private": _boolean,
    "fetch.timeout_seconds": _integer(1, 120),
    "feeds.urls": _urls,
    "feeds.every_minutes": _integer(1, 10_080),
}


# CORPUSBOT_* variables that are not keys: the config file's path, the image's build
# arguments (docker-compose passes .env, which holds them, to the container too), and the
# build process's test gate (bot.build_worker).
OTHER_VARIABLES = frozenset(
    {CONFIG_ENV, "CORPUSBOT_UID", "CORPUSBOT_GID", "CORPUSBOT_TEST_BUILD_GATE"}
)


def env_name(key: str) -> str:
    """The variable overriding `key`: telegram.base_url -> CORPUSBOT_TELEGRAM_BASE_URL."""
    return ENV_PREFIX + key.upper().replace(".", "_")


def load_settings(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Read the configuration: config file, then environment, then `overrides` (CLI options).

    `path` None means $CORPUSBOT_CONFIG, else ./config.yaml if it exists, else defaults only.
    Raises ConfigError naming the key for any bad value.
    """
    env = os.environ if environ is None else environ
    raw = _read_file(path, env)
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for key, read in KEYS.items():
        name = env_name(key)
        if overrides and overrides.get(key) is not None:
            value, where[key] = overrides[key], key
        elif env.get(name, "").strip():
            value, where[key] = env[name], f"{key} (from {name})"
        elif key in raw:
            value, where[key] = raw[key], key
        else:
            continue
        values[key] = read(value, where[key])
    _check_webhook(values, where)
    token = _token(env, values.get("telegram.token_file"))
    telegram = TelegramSettings(
        token=token,
        **{k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("telegram.")},
    )
    answers = AnswerSettings(
        **{k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("answers.")}
    )
    limits = LimitSettings(
        **{k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("limits.")}
    )
    top = {k: v for k, v in values.items() if k in ("content", "index", "admins", "watch")}
    top["fetch"] = FetchSettings(
        **{k.split(".", 1)[1]: v for k, v in values.items() if k.startswith("fetch.")}
    )
    return Settings(
        **top,
        telegram=telegram,
        answers=answers,
        limits=limits,
        log_level=values.get("log.level", "INFO"),
        followups=FollowUpSettings(**_section(values, "followups")),
        feedback=FeedbackSettings(**_section(values, "feedback")),
        feeds=FeedSettings(**_section(values, "feeds")),
    )


def _section(values: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The values of the keys `name.*`, by their name within the section."""
    return {k.split(".", 1)[1]: v for k, v in values.items() if k.startswith(name + ".")}


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[tuple[str, str | None]]:
    """The CORPUSBOT_* variables that no setting reads, each with the closest known name (or
    None): a misspelt variable would otherwise be ignored in silence."""
    env = os.environ if environ is None else environ
    known = sorted({env_name(key) for key in KEYS} | OTHER_VARIABLES)
    return [
        (name, _closest(name, known))
        for name in sorted(env)
        if name.startswith(ENV_PREFIX) and name not in known
    ]


def _closest(name: str, known: list[str]) -> str | None:
    """A known name that ends the same way (CORPUSBOT_TELEGRAM_ADMINS -> CORPUSBOT_ADMINS,
    CORPUSBOT_PORT -> CORPUSBOT_TELEGRAM_WEBHOOK_PORT), else the most similar one."""
    words = name.removeprefix(ENV_PREFIX)
    for other in known:
        theirs = other.removeprefix(ENV_PREFIX)
        if words.endswith("_" + theirs) or theirs.endswith("_" + words):
            return other
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _check_webhook(values: Mapping[str, Any], where: Mapping[str, str]) -> None:
    """Telegram delivers webhooks over HTTPS only (a self-hosted Bot API server also over
    http), so an http webhook_url without telegram.base_url would never receive anything."""
    url = values.get("telegram.webhook_url")
    if url and urlsplit(url).scheme != "https" and not values.get("telegram.base_url"):
        raise ConfigError(
            f"{where['telegram.webhook_url']} must be an https URL: Telegram delivers updates "
            "over HTTPS only (http works with a self-hosted Bot API server, telegram.base_url)"
        )


def _read_file(path: Path | None, env: Mapping[str, str]) -> dict[str, Any]:
    """The config file flattened to dotted keys ({} when there is none)."""
    explicit = path is not None or bool(env.get(CONFIG_ENV, "").strip())
    chosen = path or Path(env.get(CONFIG_ENV, "").strip() or DEFAULT_CONFIG)
    if not chosen.exists():
        if explicit:
            raise ConfigError(f"config file {chosen} does not exist")
        return {}
    try:
        data = yaml.safe_load(chosen.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config file {chosen}: {error}") from None
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise ConfigError(f"{chosen}{line}: not valid YAML") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{chosen}: must be a mapping of keys (see config.example.yaml)")
    flat = _flatten(data)
    if "telegram.token" in flat:
        raise ConfigError(
            f"{chosen}: telegram.token is not read from the file; set {TOKEN_ENV} or "
            "telegram.token_file instead"
        )
    for key in flat:
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise ConfigError(f"{chosen}: unknown key {key}{hint}")
    return flat


def _flatten(data: Mapping[Any, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and f"{key}." in {k[: len(key) + 1] for k in KEYS}:
            flat.update(_flatten(value, key + "."))
        else:
            flat[key] = value
    return flat


def _token(env: Mapping[str, str], token_file: Path | None) -> Secret | None:
    """The bot token from BOT_TOKEN, else from telegram.token_file; None when neither is set."""
    text = env.get(TOKEN_ENV, "").strip()
    where = TOKEN_ENV
    if not text and token_file is not None:
        where = f"telegram.token_file ({token_file})"
        try:
            text = token_file.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            reason = error.__class__.__name__
            raise ConfigError(f"{where}: cannot read the token ({reason})") from None
    if not text:
        return None
    if not _TOKEN.fullmatch(text):
        raise ConfigError(f"{where} does not look like a bot token (digits:letters)")
    return Secret(text)


class RedactToken(logging.Filter):
    """A logging filter that replaces the token wherever it appears in a record."""

    def __init__(self, token: Secret) -> None:
        super().__init__()
        self._token = token.get()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._token:
            return True
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "[token]")
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._token in record.exc_text:
            record.exc_text = record.exc_text.replace(self._token, "[token]")
        return True
