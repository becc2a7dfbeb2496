"""Configuration: config.yaml, CORPUSBOT_* overrides, the token as a secret, clear errors."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import ConfigError, RedactToken, Secret, env_name, load_settings

TOKEN = "123456:ABC-def_ghi"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings.content == Path("content")
    assert settings.index == Path("var/index")
    assert settings.answers.per_message == 3
    assert settings.limits.questions == 10
    assert settings.limits.per_seconds == 60
    assert settings.admins == frozenset()
    assert settings.telegram.token is None
    assert settings.telegram.webhook_url is None
    assert settings.log_level == "INFO"


def test_file_then_environment_then_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
content: articles
admins: [11, 22]
telegram:
  base_url: http://localhost:8081/bot
answers:
  per_message: 5
  examples: ["What is NAM?", "When was Baku chosen?"]
limits: {questions: 3, per_seconds: 30}
log: {level: debug}
""",
    )
    env = {
        "CORPUSBOT_ANSWERS_PER_MESSAGE": "4",
        "CORPUSBOT_INDEX": "/srv/index",
        "CORPUSBOT_ADMINS": "7, 8",
        "BOT_TOKEN": TOKEN,
    }
    settings = load_settings(path, env, overrides={"content": "cli-content", "index": None})
    assert settings.content == Path("cli-content")
    assert settings.index == Path("/srv/index")
    assert settings.admins == frozenset({7, 8})
    assert settings.telegram.base_url == "http://localhost:8081/bot"
    assert settings.answers.per_message == 4
    assert settings.answers.examples == ("What is NAM?", "When was Baku chosen?")
    assert settings.limits.questions == 3
    assert settings.limits.per_seconds == 30
    assert settings.log_level == "DEBUG"
    assert settings.telegram.token == Secret(TOKEN)


def test_environment_names_follow_the_keys() -> None:
    assert env_name("telegram.base_url") == "CORPUSBOT_TELEGRAM_BASE_URL"
    assert env_name("content") == "CORPUSBOT_CONTENT"
    assert env_name("limits.per_seconds") == "CORPUSBOT_LIMITS_PER_SECONDS"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CORPUSBOT_ANSWERS_PER_MESSAGE": "many"},
            "answers.per_message (from CORPUSBOT_ANSWERS_PER_MESSAGE) must be a whole number, "
            "got 'many'",
        ),
        (
            {"CORPUSBOT_ANSWERS_PER_MESSAGE": "0"},
            "answers.per_message (from CORPUSBOT_ANSWERS_PER_MESSAGE) must be from 1 to 10, got 0",
        ),
        (
            {"CORPUSBOT_ADMINS": "12,alice"},
            "admins (from CORPUSBOT_ADMINS) must be Telegram user ids (numbers), got 'alice'",
        ),
        (
            {"CORPUSBOT_TELEGRAM_BASE_URL": "localhost:8081"},
            "telegram.base_url (from CORPUSBOT_TELEGRAM_BASE_URL) must be an http(s) URL, "
            "got 'localhost:8081'",
        ),
        (
            {"CORPUSBOT_LOG_LEVEL": "loud"},
            "log.level (from CORPUSBOT_LOG_LEVEL) must be one of DEBUG, INFO, WARNING, ERROR, "
            "CRITICAL, got 'loud'",
        ),
        (
            {"BOT_TOKEN": "not a token"},
            "BOT_TOKEN does not look like a bot token (digits:letters)",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_key(
    env: dict[str, str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as caught:
        load_settings(environ=env)
    assert str(caught.value) == message


def test_unknown_keys_are_named_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "answers:\n  per_mesage: 3\n")
    with pytest.raises(
        ConfigError, match=r"unknown key answers.per_mesage \(did you mean answers.per_message\?\)"
    ):
        load_settings(path, {})


def test_the_token_is_never_read_from_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, f"telegram:\n  token: '{TOKEN}'\n")
    with pytest.raises(ConfigError, match=r"telegram\.token is not read from the file"):
        load_settings(path, {})


def test_token_file(tmp_path: Path) -> None:
    secret = tmp_path / "token.secret"
    secret.write_text(TOKEN + "\n", encoding="utf-8")
    settings = load_settings(
        None, {"CORPUSBOT_TELEGRAM_TOKEN_FILE": str(secret), "CORPUSBOT_CONFIG": ""}
    )
    assert settings.telegram.token == Secret(TOKEN)


def test_a_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.yaml", {})


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "admins: [1,\nlog: {")
    with pytest.raises(ConfigError, match=r"config\.yaml line"):
        load_settings(path, {})


def test_the_token_never_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={"BOT_TOKEN": TOKEN})
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert TOKEN not in f"{settings.telegram.token}"
    assert settings.telegram.token is not None and settings.telegram.token.get() == TOKEN


def test_log_records_are_redacted() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "GET /bot%s/getMe", (TOKEN,), None)
    RedactToken(Secret(TOKEN)).filter(record)
    assert record.getMessage() == "GET /bot[token]/getMe"
