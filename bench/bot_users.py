"""The bot benchmark's other side: the fake Bot API and the simulated users, in a process of
their own.

bench.bot (the bot's process) starts `python -m bench.bot_users QUESTIONS --mode ...` and
talks to it over the pipes, one JSON object a line. This process starts the fake Bot API
server of the tests (FakeBotApi, on 127.0.0.1) and says where it listens; the bot, in its
own process, polls it or registers its webhook with it, as it would with Telegram. Then
each command of the bot's process is one phase, and its answer the phase's figures:

    > {"base_url": ..., "base_file_url": ...}          (once listening)
    < {"do": "ask", "users": N, "per_user": K, "new": false, "chats_from": 0}
    > {"latencies": [ms, ...], "seconds": s}
    < {"do": "reindex", "users": N}                      (/reindex full, then waves)
    > {"wave": 1}   < {"more": true}   ...   > {"wave": n}   < {"more": false}
    > {"latencies": [...], "seconds": s, "waves": n}
    < {"do": "end"}
    > {"new_questions": ..., "repeated_questions": ..., "admin_saw": [...], ...}

A user has a private chat and asks its questions one after the other: it delivers the
update (queues it for getUpdates, or POSTs it to the bot's webhook) and waits for the bot's
first sendMessage in its chat; the time between the two is its latency, both taken here
(one clock). "new": every question is one never asked before in the run (the reserve of
bench.questions), so none is answered from the bot's answer cache; otherwise the users ask
the measured reader sets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

TOKEN = "123:BENCH"
ADMIN = 777
FIRST_USER = 10_000
REPLY_TIMEOUT = 300.0  # seconds a user waits for an answer before the run fails


class _Pipe:
    """Lines of JSON from the bot's process (stdin) and to it (stdout)."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self._reader = reader

    async def read(self) -> dict[str, Any]:
        line = await self._reader.readline()
        if not line:
            raise EOFError("the bot's process closed the pipe")
        found: dict[str, Any] = json.loads(line)
        return found

    @staticmethod
    def write(message: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


async def _stdin() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    return reader


async def serve(args: argparse.Namespace) -> None:
    from tests.support.fake_bot_api import FakeBotApi

    loop = asyncio.get_running_loop()
    waiting: dict[int, asyncio.Future[float]] = {}  # per chat: its next answer's arrival

    class TimedFakeBotApi(FakeBotApi):
        """The fake server (in its own thread), noting when each sendMessage arrives."""

        def _record(self, method: str, params: dict[str, Any], status: int, payload: Any) -> Any:
            arrived = time.perf_counter()
            result = super()._record(method, params, status, payload)
            if method == "sendMessage":
                loop.call_soon_threadsafe(_arrived, int(params.get("chat_id", 0)), arrived)
            return result

    def _arrived(chat: int, arrived: float) -> None:
        # The first sendMessage after a question is its answer; the rest of a long answer
        # (and whatever else the chat is sent) counts for nothing.
        future = waiting.get(chat)
        if future is not None and not future.done():
            future.set_result(arrived)

    data = json.loads(Path(args.questions).read_text("utf-8"))["questions"]
    reader_questions = [
        q["question"] for q in data if q.get("set") != "planted" and not q.get("reserve")
    ]
    fresh = [q["question"] for q in data if q.get("reserve")] or reader_questions
    fresh_asked = [0]

    def next_fresh() -> str:
        fresh_asked[0] += 1
        return fresh[(fresh_asked[0] - 1) % len(fresh)]

    errors: list[str] = []
    webhook = args.mode == "webhook"
    pipe = _Pipe(await _stdin())
    with TimedFakeBotApi(token=TOKEN, max_poll_timeout=1.0) as fake:

        async def deliver(update: dict[str, Any]) -> None:
            if webhook:
                while not fake.webhook_url:  # the bot registers it as it starts
                    await asyncio.sleep(0.01)
                status = await fake.adeliver_webhook(update, timeout=REPLY_TIMEOUT)
                if status != 200:
                    errors.append(f"webhook delivery answered {status}")
            else:
                fake.push_update(update)

        async def user(
            chat: int, count: int, latencies: list[float], pick: Callable[[int], str]
        ) -> int:
            for asked in range(count):
                answer = waiting[chat] = loop.create_future()
                started = time.perf_counter()
                await deliver(fake.private_message(pick(asked), user_id=chat))
                arrived = await asyncio.wait_for(answer, timeout=REPLY_TIMEOUT)
                latencies.append((arrived - started) * 1000)
            return count

        async def everyone(
            users: int, per_user: int, new: bool, into: list[float], first_chat: int = FIRST_USER
        ) -> int:
            def reader(number: int) -> Callable[[int], str]:
                return lambda asked: reader_questions[
                    (number * per_user + asked) % len(reader_questions)
                ]

            counts = await asyncio.gather(
                *(
                    user(
                        first_chat + number,
                        per_user,
                        into,
                        (lambda asked: next_fresh()) if new else reader(number),
                    )
                    for number in range(users)
                )
            )
            return sum(counts)

        pipe.write({"base_url": fake.base_url, "base_file_url": fake.base_file_url})
        while True:
            command = await pipe.read()
            latencies: list[float] = []
            started = time.perf_counter()
            if command["do"] == "ask":
                await everyone(
                    command["users"],
                    command["per_user"],
                    command["new"],
                    latencies,
                    FIRST_USER + command.get("chats_from", 0),
                )
                pipe.write({"latencies": latencies, "seconds": time.perf_counter() - started})
            elif command["do"] == "reindex":
                await deliver(fake.private_message("/reindex full", user_id=ADMIN))
                waves, more = 0, True
                while more:
                    await everyone(command["users"], 1, True, latencies)
                    waves += 1
                    pipe.write({"wave": waves})
                    more = (await pipe.read())["more"]
                seconds = time.perf_counter() - started
                pipe.write({"latencies": latencies, "seconds": seconds, "waves": waves})
            elif command["do"] == "end":
                break
        rejected = [[c.method, c.error] for c in fake.errors() if c.status != 429]
        to_admin = [
            c.get("text", "")[:200]
            for c in fake.calls()
            if c.get("chat_id") == ADMIN and "text" in c
        ]
        pipe.write(
            {
                "new_questions": min(fresh_asked[0], len(fresh)),
                "repeated_questions": max(fresh_asked[0] - len(fresh), 0),
                "admin_saw": to_admin[-3:],
                "errors": errors[:10],
                "rejected_calls": rejected[:10],
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bot_users")
    parser.add_argument("questions")
    parser.add_argument("--mode", choices=["polling", "webhook"], default="polling")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
