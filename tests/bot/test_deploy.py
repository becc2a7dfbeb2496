"""Deployment files, checked without a Docker engine: the compose files' structure, that the
commands they and the Dockerfile run exist in our command line, that every setting they name
is a configuration key, and that no secret is shipped."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import cli_bot
from bot.cli import build_parser
from bot.config import KEYS, TOKEN_ENV, ConfigError, env_name, load_settings

REPO = Path(__file__).resolve().parent.parent.parent
SETTINGS = {env_name(key) for key in KEYS} | {TOKEN_ENV}
BUILD_ONLY = {"CORPUSBOT_UID", "CORPUSBOT_GID"}  # build arguments, not settings
COMPOSE_ONLY = {"COMPOSE_PROJECT_NAME"}  # read by Compose itself
REAL_TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")


def _yaml(name: str) -> dict[str, Any]:
    data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _handler(argv: list[str]) -> Any:
    """The function our command line runs for `argv` (a SystemExit when it does not parse)."""
    assert argv[0] == "corpusbot"
    return build_parser().parse_args(argv[1:]).handler


def _dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    text = re.sub(r"\\\n", " ", kept)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _exec_form(instruction: str) -> list[str]:
    command = yaml.safe_load(instruction[instruction.index("[") :])
    assert isinstance(command, list)
    return [str(part) for part in command]


def test_compose_runs_the_bot_with_content_and_index_on_volumes() -> None:
    compose = _yaml("docker-compose.yml")
    bot = compose["services"]["bot"]
    assert bot["build"]["context"] == "."
    assert _handler(bot["command"]) is cli_bot.cmd_run
    assert bot["restart"] in ("unless-stopped", "always")
    assert bot["env_file"] in (".env", [".env"])
    mounts = dict(volume.split(":", 1) for volume in bot["volumes"])
    assert mounts["./content"] == "/app/content"
    (index_volume,) = [source for source, target in mounts.items() if target == "/app/var"]
    assert index_volume in compose["volumes"]  # a named volume, declared
    assert REAL_TOKEN.search(str(bot.get("environment", ""))) is None


def test_compose_health_check_runs_corpusbot_health() -> None:
    check = _yaml("docker-compose.yml")["services"]["bot"]["healthcheck"]
    assert check["test"][0] == "CMD"
    assert _handler(check["test"][1:]) is cli_bot.cmd_health
    for key in ("interval", "timeout", "retries", "start_period"):
        assert check[key]


def test_the_webhook_override_sets_known_settings_and_the_port() -> None:
    bot = _yaml("docker-compose.webhook.yml")["services"]["bot"]
    environment = bot["environment"]
    assert set(environment) <= SETTINGS
    assert "CORPUSBOT_TELEGRAM_WEBHOOK_URL" in environment
    port = str(environment["CORPUSBOT_TELEGRAM_WEBHOOK_PORT"])
    assert any(mapping.endswith(f":{port}") for mapping in bot["ports"])


def test_the_dockerfile() -> None:
    instructions = _dockerfile()
    assert instructions[0] == "FROM python:3.11-slim"
    assert "COPY constraints.txt pyproject.toml README.md ./" in instructions
    (install,) = [i for i in instructions if i.startswith("RUN pip install")]
    assert "pip install -c constraints.txt ." in install
    (user,) = [i.split()[1] for i in instructions if i.startswith("USER ")]
    assert user not in ("root", "0")
    (command,) = [i for i in instructions if i.startswith("CMD ")]
    assert _handler(_exec_form(command)) is cli_bot.cmd_run
    (health,) = [i for i in instructions if i.startswith("HEALTHCHECK ")]
    assert _handler(_exec_form(health)) is cli_bot.cmd_health
    env = " ".join(i for i in instructions if i.startswith("ENV "))
    assert "CORPUSBOT_CONTENT=/app/content" in env and "CORPUSBOT_INDEX=/app/var/index" in env


def test_env_example_has_no_token_and_only_known_settings() -> None:
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    assert not REAL_TOKEN.search(text)
    assert re.search(r"^BOT_TOKEN=$", text, re.MULTILINE)
    names = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, re.MULTILINE))
    assert names - BUILD_ONLY - COMPOSE_ONLY <= SETTINGS
    assert "CORPUSBOT_ADMINS" in names


def test_secrets_stay_out_of_git_and_the_image() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored
    docker_ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    for name in (".env", ".git", ".venv", "var", "*.secret", "config.yaml"):
        assert name in docker_ignored


def test_config_example_documents_every_key_and_its_variable() -> None:
    text = (REPO / "config.example.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)

    def keys(node: dict[str, Any], prefix: str = "") -> set[str]:
        found: set[str] = set()
        for name, value in node.items():
            key = f"{prefix}{name}"
            is_group = isinstance(value, dict) and any(k.startswith(key + ".") for k in KEYS)
            found |= keys(value, key + ".") if is_group else {key}
        return found

    assert keys(data) == set(KEYS)
    for key in KEYS:
        assert env_name(key) in text


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"CORPUSBOT_TELEGRAM_WEBHOOK_URL": "http://bot.example.org/telegram"},
            "telegram.webhook_url (from CORPUSBOT_TELEGRAM_WEBHOOK_URL) must be an https URL: "
            "Telegram delivers updates over HTTPS only (http works with a self-hosted Bot API "
            "server, telegram.base_url)",
        ),
        (
            {"CORPUSBOT_TELEGRAM_WEBHOOK_PORT": "0"},
            "telegram.webhook_port (from CORPUSBOT_TELEGRAM_WEBHOOK_PORT) must be from 1 to "
            "65535, got 0",
        ),
    ],
)
def test_bad_webhook_settings_are_one_line(
    env: dict[str, str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no config.yaml
    with pytest.raises(ConfigError) as error:
        load_settings(None, environ=env)
    assert str(error.value) == message


def test_http_webhooks_work_with_a_self_hosted_api_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(
        None,
        environ={
            "CORPUSBOT_TELEGRAM_WEBHOOK_URL": "http://bot:8443/telegram",
            "CORPUSBOT_TELEGRAM_BASE_URL": "http://telegram-bot-api:8081/bot",
        },
        overrides={"content": tmp_path / "content", "index": tmp_path / "index"},
    )
    assert settings.telegram.webhook_path == "telegram"
    assert settings.content == tmp_path / "content"


def test_the_documented_commands_parse() -> None:
    for line in ("corpusbot run", "corpusbot health", "corpusbot index --full --progress-json"):
        assert callable(_handler(shlex.split(line)))


# -- issue 12, item 16 ----------------------------------------------------------------------

# The top-level keys docker-compose 1.29 (Debian's) accepts; it rejects `name:` (Compose v2).
COMPOSE_129_TOP_LEVEL = {"version", "services", "volumes", "networks", "configs", "secrets"}


@pytest.mark.parametrize("name", ["docker-compose.yml", "docker-compose.webhook.yml"])
def test_compose_files_work_with_docker_compose_1_29(name: str) -> None:
    compose = _yaml(name)
    assert set(compose) <= COMPOSE_129_TOP_LEVEL
    assert "version" not in compose or str(compose["version"]) >= "3.7"  # init: needs 3.7


def test_compose_refuses_to_start_without_a_token() -> None:
    # An empty BOT_TOKEN in .env: `docker compose up` stops with this message instead of
    # starting a container that exits and is restarted forever.
    bot = _yaml("docker-compose.yml")["services"]["bot"]
    assert bot["environment"]["BOT_TOKEN"] == "${BOT_TOKEN:?set BOT_TOKEN in .env}"


def _user_creation() -> str:
    (run,) = [i for i in _dockerfile() if i.startswith("RUN ") and "useradd" in i]
    return run.removeprefix("RUN ")


def _fake_tools(bin_dir: Path, groups: dict[str, int], log: Path) -> None:
    """getent, groupadd and useradd as the base image has them, with `groups` ("name:gid"
    lines in a file that groupadd adds to)."""
    table = bin_dir / "group"
    table.write_text("".join(f"{n}:{g}\n" for n, g in groups.items()), encoding="utf-8")
    scripts = {
        "getent": f"""grep -E "^$2:|:$2$" {table}""",
        "groupadd": f"""for a in "$@"; do
  grep -q ":$a$" {table} && {{ echo "groupadd: GID '$a' already exists" >&2; exit 4; }}
done
gid=""; prev=""
for a in "$@"; do [ "$prev" = "--gid" ] && gid="$a"; prev="$a"; done
echo "$a:$gid" >> {table}""",
        "useradd": f"""prev=""
for a in "$@"; do
  if [ "$prev" = "--gid" ] && ! grep -qE "^$a:|:$a$" {table}; then
    echo "useradd: group '$a' does not exist" >&2; exit 6
  fi
  prev="$a"
done
echo useradd "$@" >> {log}""",
    }
    for name, body in scripts.items():
        path = bin_dir / name
        path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
        path.chmod(0o755)


@pytest.mark.parametrize("gid", ["10001", "20"])
def test_the_image_user_is_created_whether_or_not_its_group_exists(
    gid: str, tmp_path: Path
) -> None:
    # Group 20 (macOS's default group, `staff`) is `dialout` in the Debian base image.
    import subprocess

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "log"
    _fake_tools(bin_dir, {"root": 0, "dialout": 20, "staff": 50}, log)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "CORPUSBOT_UID": "501", "CORPUSBOT_GID": gid}
    done = subprocess.run(
        ["/bin/sh", "-c", _user_creation()], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "useradd" in log.read_text(encoding="utf-8")
    chowns = [i for i in _dockerfile() if "chown" in i]
    assert chowns and all("corpusbot:corpusbot" not in i for i in chowns)
