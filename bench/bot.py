"""The bot under load: simulated users asking at once through the real Application.

The application is the one `corpusbot run` starts (bot.app.build_application),
talking over HTTP to the fake Bot API server of the tests (FakeBotApi, on
127.0.0.1), by long polling and by webhook. Each user has a private chat and
asks its questions one after the other; all users ask at the same time.
The users run on an event loop of their own in another thread, the bot on the
main one. Measured: answers per second, the time from an update's delivery
(queued for getUpdates, or POSTed to the webhook) to the bot's first
sendMessage in that chat, and the longest stall of the bot's event loop (a
probe task that sleeps 5 ms and records how late it wakes), during the burst
and while an admin's `/reindex full` runs in the background (waves of new questions,
the reserve of bench.questions, until the bot serves the new generation). All of it shares
one interpreter (and its lock) with the fake server and the users, so the
stalls are an upper bound of the bot's own.

    python -m bench.bot CONTENT INDEX QUESTIONS --mode polling|webhook [--users 50]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.stats import summary

TOKEN = "123:BENCH"
ADMIN = 777
FIRST_USER = 10_000
SECRET = "bench-secret"


class _LoopProbe:
    """The longest time the event loop was late to wake a task sleeping 5 ms."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            started = loop.time()
            await asyncio.sleep(0.005)
            self.worst = max(self.worst, loop.time() - started - 0.005)

    def start(self) -> None:
        self.worst = 0.0
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> float:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        return round(self.worst * 1000, 1)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.config import LimitSettings, Secret, Settings, TelegramSettings
    from index.corpus import Corpus
    from index.store import current_generation, read_last_build
    from tests.support.fake_bot_api import FakeBotApi

    # The simulated users run on their own event loop in another thread (as real users
    # are elsewhere): the bot's loop runs only the bot, so its stalls are the bot's own
    # (and the interpreter lock it shares with the users' thread and the fake server's).
    users_loop = asyncio.new_event_loop()
    users_thread = threading.Thread(target=users_loop.run_forever, daemon=True)
    users_thread.start()
    replies: dict[int, asyncio.Queue[float]] = {}

    def on_users_loop(work: Awaitable[Any]) -> Awaitable[Any]:
        future: Any = asyncio.run_coroutine_threadsafe(work, users_loop)  # type: ignore[arg-type]
        return asyncio.wrap_future(future)

    class TimedFakeBotApi(FakeBotApi):
        """The fake server, noting when each sendMessage arrives (per chat)."""

        def _record(self, method: str, params: dict[str, Any], status: int, payload: Any) -> Any:
            arrived = time.perf_counter()
            result = super()._record(method, params, status, payload)
            if method == "sendMessage":
                chat = int(params.get("chat_id", 0))
                if chat in replies:
                    users_loop.call_soon_threadsafe(replies[chat].put_nowait, arrived)
            return result

    # The burst asks the measured reader sets of bench.questions (not the planted sanity
    # set); the waves during /reindex ask new ones (its reserve), so that they are not
    # answered from the cache the burst filled.
    asked_data = json.loads(Path(args.questions).read_text())["questions"]
    questions = [
        q["question"] for q in asked_data if q.get("set") != "planted" and not q.get("reserve")
    ]
    fresh = [q["question"] for q in asked_data if q.get("reserve")] or questions
    fresh_asked = [0]

    def next_fresh() -> str:
        fresh_asked[0] += 1
        return fresh[(fresh_asked[0] - 1) % len(fresh)]

    corpus = Corpus(Path(args.content), Path(args.index))
    webhook = args.mode == "webhook"
    with TimedFakeBotApi(token=TOKEN, max_poll_timeout=1.0) as fake:
        settings = Settings(
            content=Path(args.content),
            index=Path(args.index),
            admins=frozenset({ADMIN}),
            telegram=TelegramSettings(
                token=Secret(TOKEN), base_url=fake.base_url, base_file_url=fake.base_file_url
            ),
            limits=LimitSettings(questions=100_000, per_seconds=60),
        )
        app = build_application(settings, corpus)
        errors: list[str] = []

        async def record_error(update: object, context: Any) -> None:
            errors.append(repr(context.error))

        app.add_error_handler(record_error)
        from tests.support.serving import free_port

        port = free_port()

        async def deliver(update: dict[str, Any]) -> None:
            if webhook:
                status = await fake.adeliver_webhook(update, timeout=30)
                if status != 200:
                    errors.append(f"webhook delivery answered {status}")
            else:
                fake.push_update(update)

        async def user(
            number: int,
            count: int,
            latencies: list[float],
            stop: Callable[[], bool],
            pick: Callable[[], str] | None = None,
        ) -> int:
            chat = FIRST_USER + number
            inbox = replies.setdefault(chat, asyncio.Queue())
            asked = 0
            while asked < count and not stop():
                text = pick() if pick else questions[(number * count + asked) % len(questions)]
                started = time.perf_counter()
                await deliver(fake.private_message(text, user_id=chat))
                arrived = await asyncio.wait_for(inbox.get(), timeout=120)
                latencies.append((arrived - started) * 1000)
                asked += 1
                while not inbox.empty():  # a long answer may come in several messages
                    inbox.get_nowait()
            return asked

        assert app.updater is not None
        async with app:
            await app.post_init(app)  # type: ignore[misc]
            if webhook:
                await app.updater.start_webhook(
                    listen="127.0.0.1",
                    port=port,
                    url_path="telegram",
                    webhook_url=f"http://127.0.0.1:{port}/telegram",
                    secret_token=SECRET,
                    allowed_updates=ALLOWED_UPDATES,
                )
            else:
                await app.updater.start_polling(
                    poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES
                )
            await app.start()
            probe = _LoopProbe()
            try:

                async def everyone(
                    count: int, into: list[float], stop: Any, pick: Any = None
                ) -> list[int]:
                    return list(
                        await asyncio.gather(
                            *(user(n, count, into, stop, pick) for n in range(args.users))
                        )
                    )

                # Warm-up: one question, so that the searcher is open.
                await on_users_loop(user(args.users + 1, 1, [], lambda: False))

                # 1. All users at once, each asking its questions in turn.
                burst: list[float] = []
                probe.start()
                started = time.perf_counter()
                answered = await on_users_loop(everyone(args.per_user, burst, lambda: False))
                elapsed = time.perf_counter() - started
                burst_stall = await probe.stop()

                # 2. New questions while an admin's /reindex full runs, until the bot
                # serves the new generation (or the window's cap).
                before = read_last_build(Path(args.index)).get("finished")
                during: list[float] = []
                probe.start()
                reindex_started = time.perf_counter()
                await on_users_loop(deliver(fake.private_message("/reindex full", user_id=ADMIN)))
                deadline = reindex_started + args.reindex_window

                def serving_new() -> bool:
                    if read_last_build(Path(args.index)).get("finished") == before:
                        return False
                    live = getattr(corpus, "_live", None)
                    current = current_generation(Path(args.index))
                    return live is not None and current is not None and live.generation == current

                def finished() -> bool:
                    return serving_new() or time.perf_counter() > deadline

                waves = 0
                while not finished():
                    await on_users_loop(everyone(1, during, finished, next_fresh))
                    waves += 1
                reindex_seconds = time.perf_counter() - reindex_started
                completed = serving_new()
                reindex_stall = await probe.stop()
            finally:
                await app.updater.stop()
                await app.stop()
                await app.post_shutdown(app)  # type: ignore[misc]
        rejected = [(c.method, c.error) for c in fake.errors() if c.status != 429]
        to_admin = [
            c.get("text", "")[:200]
            for c in fake.calls()
            if c.get("chat_id") == ADMIN and "text" in c
        ]
    users_loop.call_soon_threadsafe(users_loop.stop)
    users_thread.join(10)
    corpus.close()
    return {
        "mode": args.mode,
        "users": args.users,
        "answers": sum(answered),
        "answers_per_s": round(sum(answered) / elapsed, 1),
        "latency": summary(burst),
        "loop_stall_ms": burst_stall,
        "reindex": {
            "completed": completed,
            "seconds": round(reindex_seconds, 1),
            "answers": len(during),
            "waves": waves,
            "new_questions": min(fresh_asked[0], len(fresh)),
            "repeated_questions": max(fresh_asked[0] - len(fresh), 0),
            "latency": summary(during),
            "loop_stall_ms": reindex_stall,
        },
        "admin_saw": to_admin[-3:],
        "errors": errors[:10],
        "rejected_calls": rejected[:10],
    }


def measure(corpus: Any, index: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both transports, each in its own process (called by bench.run)."""
    from bench.questions import questions_file
    from bench.run import REPO, _log, _run_child

    found = {}
    for mode in ("polling", "webhook"):
        _log(f"bot {corpus.size}: {args.bot_users} users, {mode}")
        found[mode] = _run_child(
            [
                "bench.bot",
                str(corpus.content),
                str(index),
                str(questions_file(corpus)),
                "--mode",
                mode,
                "--users",
                str(args.bot_users),
                "--reindex-window",
                str(args.bot_reindex_window),
            ],
            REPO,
        )
    return found


def table(results: dict[str, Any]) -> str:
    """The bot's figures: one column per corpus size and transport."""
    columns = [
        (f"{int(size):,} articles, {mode}", figures)
        for size, per_size in results["sizes"].items()
        for mode, figures in per_size.get("bot", {}).items()
    ]
    if not columns:
        return ""

    def cells(cell: Callable[[dict[str, Any]], str]) -> str:
        return " | ".join(cell(f) for _, f in columns)

    rows = [
        ("simulated users asking at once", lambda f: str(f["users"])),
        ("answers/s", lambda f: f"{f['answers_per_s']:,.1f}"),
        (
            "update → sendMessage p50 / p95, ms",
            lambda f: f"{f['latency']['p50']:,.0f} / {f['latency']['p95']:,.0f}",
        ),
        ("longest event-loop stall, ms", lambda f: f"{f['loop_stall_ms']:,.1f}"),
        (
            "during /reindex full, new questions: p50 / p95, ms (new; repeated)",
            lambda f: (
                f"{f['reindex']['latency'].get('p50', 0):,.0f} / "
                f"{f['reindex']['latency'].get('p95', 0):,.0f} "
                f"({f['reindex'].get('new_questions', '–')}; "
                f"{f['reindex'].get('repeated_questions', '–')})"
            ),
        ),
        (
            "during /reindex full: longest stall, ms (new generation serving? after)",
            lambda f: (
                f"{f['reindex']['loop_stall_ms']:,.1f} "
                f"({'yes' if f['reindex']['completed'] else 'no'}, "
                f"{f['reindex']['seconds']:,.0f} s)"
            ),
        ),
    ]
    header = "| bot | " + " | ".join(label for label, _ in columns) + " |"
    rule = "|---|" + "---:|" * len(columns)
    return "\n".join([header, rule] + [f"| {name} | {cells(cell)} |" for name, cell in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bot")
    parser.add_argument("content")
    parser.add_argument("index")
    parser.add_argument("questions")
    parser.add_argument("--mode", choices=["polling", "webhook"], default="polling")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--per-user", type=int, default=4)
    parser.add_argument("--reindex-window", type=float, default=600.0)
    args = parser.parse_args(argv)
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    result = asyncio.run(_quiet(run(args)))
    print(json.dumps(result))
    return 0


async def _quiet(work: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    import logging

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    return await work


if __name__ == "__main__":
    sys.exit(main())
