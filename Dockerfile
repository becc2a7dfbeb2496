# corpusbot: the Telegram bot. docker-compose.yml runs it with content/ and the index on volumes.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The user the bot runs as (never root). Build with CORPUSBOT_UID / CORPUSBOT_GID set to the
# owner of a bind-mounted content/ so that /add and /remove can write there. A group id the
# base image has already (20, macOS's default group, is `dialout` here) is used as it is.
ARG CORPUSBOT_UID=10001
ARG CORPUSBOT_GID=10001
RUN (getent group "${CORPUSBOT_GID}" >/dev/null \
      || groupadd --system --gid "${CORPUSBOT_GID}" corpusbot) \
 && useradd --system --uid "${CORPUSBOT_UID}" --gid "${CORPUSBOT_GID}" --home-dir /app \
      --no-create-home --shell /usr/sbin/nologin corpusbot

WORKDIR /app

# The package and its dependencies, at the versions pinned in constraints.txt.
COPY constraints.txt pyproject.toml README.md ./
COPY index/ index/
COPY bot/ bot/
RUN pip install -c constraints.txt . \
 && rm -rf build ./*.egg-info

# The seed corpus (a bind mount of ./content replaces it) and the index directory.
COPY content/ content/
COPY config.example.yaml ./
RUN mkdir -p var && chown -R "${CORPUSBOT_UID}:${CORPUSBOT_GID}" content var

USER corpusbot
ENV CORPUSBOT_CONTENT=/app/content \
    CORPUSBOT_INDEX=/app/var/index

# The webhook server (webhook mode only; polling needs no port).
EXPOSE 8443

HEALTHCHECK --interval=30s --timeout=10s --start-period=2m --retries=3 \
  CMD ["corpusbot", "health"]

# Builds the index first when there is none, then polls (or serves the webhook when
# CORPUSBOT_TELEGRAM_WEBHOOK_URL is set). SIGTERM (docker stop) stops it cleanly.
CMD ["corpusbot", "run"]
