"""The bot under load: simulated users asking through the real Application, from another
process.

This process is the bot's alone: the application `corpusbot run` starts
(bot.app.build_application, started as bot.runner.started does), polling or serving its
webhook on 127.0.0.1. The fake Bot API server of the tests and the simulated users run in a
second process (bench.bot_users), so that the bot's event loop and interpreter lock serve the
bot only. This process tells the other one what to ask, phase by phase, over its pipes:

1. one user, one question at a time, each new (never asked before, so never answered from
   the answer cache);
2. all users at once (50 by default), each asking its questions in turn;
3. an admin's `/reindex full`, with waves of new questions (every user one, the reserve of
   bench.questions) until the bot serves the new generation.

Measured per phase:

- update → sendMessage: from the update's delivery (queued for getUpdates, or POSTed to the
  webhook) to the bot's first sendMessage in that chat, both taken in the users' process;
- the bot's service time, from the update reaching the bot (put on the application's update
  queue) to its sendMessage call leaving the bot's code (entering the rate limiter), and the
  wait in the flood limiter (PTB's AIORateLimiter, Telegram's ~30 messages a second: the
  floor) from there until the request goes out; both taken in the bot's process;
- the longest stall of the bot's event loop: a heartbeat task sleeping 5 ms, how late it
  wakes.

With `--gc-pauses`, every collection of the cyclic garbage collector is timed (gc.callbacks):
per phase, how many of each generation ran, the full (generation-2) passes' durations, and
the objects the collector tracks and has frozen at the phase's end.

With `--stall-stacks MS`, a watchdog thread samples every thread's stack (and its state in
/proc: running or waiting) whenever the heartbeat is more than MS late: where the loop was,
and what the other threads were doing, while it stalled.

    python -m bench.bot CONTENT INDEX QUESTIONS --mode polling|webhook [--users 50]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import gc
import json
import os
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from types import FrameType
from typing import Any

from telegram import Update
from telegram.ext import BaseRateLimiter

from bench.bot_users import ADMIN, FIRST_USER, TOKEN
from bench.stats import summary

REPO = Path(__file__).resolve().parent.parent
HEARTBEAT = 0.005  # seconds the loop's heartbeat sleeps
ONE_AT_A_TIME_CHATS = 9_000  # the one-at-a-time user's chat (after FIRST_USER)


class _LoopProbe:
    """The longest time the event loop was late to wake a task sleeping 5 ms."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.last_wake = time.perf_counter()
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            started = time.perf_counter()
            self.last_wake = started
            await asyncio.sleep(HEARTBEAT)
            self.worst = max(self.worst, time.perf_counter() - started - HEARTBEAT)

    def start(self) -> None:
        self.worst = 0.0
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> float:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        self.task = None
        return round(self.worst * 1000, 1)

    def late_ms(self) -> float:
        """How long the heartbeat is overdue now (0 when it is not, or not running)."""
        if self.task is None:
            return 0.0
        return max(0.0, (time.perf_counter() - self.last_wake - HEARTBEAT) * 1000)


def _where(frame: FrameType | None, depth: int) -> str:
    """The innermost `depth` frames of a stack, innermost first."""
    found: list[str] = []
    while frame is not None and len(found) < depth:
        code = frame.f_code
        path = Path(code.co_filename)
        found.append(f"{path.parent.name}/{path.name}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return " < ".join(found)


def _thread_state(native_id: int | None) -> str:
    """The thread's scheduling state from /proc (R running or runnable, S waiting, ...)."""
    try:
        stat = Path(f"/proc/self/task/{native_id}/stat").read_text()
    except OSError:
        return "?"
    return stat.rsplit(")", 1)[1].split()[0]


class _StallStacks:
    """A watchdog thread: while the heartbeat is over `threshold_ms` late, every 2 ms, the
    loop thread's stack and state, and the innermost frames of the other threads."""

    def __init__(self, probe: _LoopProbe, threshold_ms: float) -> None:
        self.probe = probe
        self.threshold_ms = threshold_ms
        self.loop_thread = threading.current_thread()
        self.loop: collections.Counter[str] = collections.Counter()
        self.loop_state: collections.Counter[str] = collections.Counter()
        self.others: collections.Counter[str] = collections.Counter()
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-stacks", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join(5)
        return {
            "threshold_ms": self.threshold_ms,
            "samples": self.samples,
            "sample_every_ms": 2,
            "loop_state": dict(self.loop_state),
            "loop": self.loop.most_common(15),
            "others": self.others.most_common(15),
        }

    def _run(self) -> None:
        me = threading.get_ident()
        while not self._stop.wait(0.002):
            if self.probe.late_ms() < self.threshold_ms:
                continue
            frames = sys._current_frames()
            threads = {t.ident: t for t in threading.enumerate()}
            self.samples += 1
            self.loop[_where(frames.get(self.loop_thread.ident or 0), 10)] += 1
            self.loop_state[_thread_state(self.loop_thread.native_id)] += 1
            for ident, frame in frames.items():
                if ident in (me, self.loop_thread.ident):
                    continue
                thread = threads.get(ident)
                state = _thread_state(thread.native_id if thread else None)
                self.others[f"[{state}] {_where(frame, 4)}"] += 1


class _GcPauses:
    """Every pass of the cyclic garbage collector, timed by gc.callbacks: per generation the
    count and the durations (wall time: the interpreter lock is held throughout, so every
    thread, the event loop's too, waits for it)."""

    def __init__(self) -> None:
        self.started = 0.0
        self.durations: dict[int, list[float]] = {0: [], 1: [], 2: []}

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
        else:
            self.durations[info["generation"]].append(time.perf_counter() - self.started)

    def start(self) -> None:
        gc.callbacks.append(self._callback)

    def stop(self) -> None:
        gc.callbacks.remove(self._callback)

    def frozen_garbage(self) -> dict[str, Any]:
        """Between phases: the cyclic garbage that lay frozen (never to be collected unless
        thawed), by thawing, collecting and freezing again; and how long that took."""
        gc.collect()
        frozen, started = gc.get_freeze_count(), time.perf_counter()
        gc.unfreeze()
        found = gc.collect()
        if frozen:  # the bot froze its heap: frozen again, as it would be
            gc.freeze()
        took = round((time.perf_counter() - started) * 1000, 1)
        self.take()  # that pass is not a phase's
        return {"frozen": frozen, "garbage": found, "thaw_collect_ms": took}

    def take(self) -> dict[str, Any]:
        """The passes since the last take, and the objects tracked (frozen apart) now."""
        taken, self.durations = self.durations, {0: [], 1: [], 2: []}
        full = [d * 1000 for d in taken[2]]
        return {
            "gen0": len(taken[0]),
            "gen1": len(taken[1]),
            "gen01_max_ms": round(max(taken[0] + taken[1], default=0.0) * 1000, 1),
            "gen2": len(full),
            "gen2_ms": [round(d, 1) for d in full],
            "gen2_max_ms": round(max(full, default=0.0), 1),
            "gen2_total_ms": round(sum(full), 1),
            "tracked_end": len(gc.get_objects()),
            "frozen_end": gc.get_freeze_count(),
        }


def _task_of(handle: asyncio.Handle) -> str:
    """What a loop callback runs: a task's coroutine and where it awaits now, or the callback."""
    callback = getattr(handle, "_callback", None)
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro: Any = task.get_coro()
        names: list[str] = []
        while coro is not None and len(names) < 12:
            frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            name = getattr(coro, "__qualname__", type(coro).__name__)
            names.append(f"{name}:{frame.f_lineno}" if frame is not None else name)
            coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        return " > ".join(names)
    return getattr(callback, "__qualname__", repr(callback))


class _SlowCallbacks:
    """Every callback of the event loop that runs over `threshold_ms`: what it was, its wall
    time and the CPU time of the loop's thread in it (work on the loop, against waiting for
    the interpreter lock or a CPU)."""

    def __init__(self, threshold_ms: float) -> None:
        self.threshold = threshold_ms / 1000
        # what: [count, wall, cpu, the longest one's wall, its cpu]
        self.found: dict[str, list[float]] = {}
        self._original = asyncio.events.Handle._run

    def start(self) -> None:
        original, threshold, found = self._original, self.threshold, self.found

        def timed(handle: asyncio.Handle) -> None:
            wall, cpu = time.perf_counter(), time.thread_time()
            original(handle)
            wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
            if wall > threshold:
                figures = found.setdefault(_task_of(handle), [0, 0.0, 0.0, 0.0, 0.0])
                figures[0] += 1
                figures[1] += wall
                figures[2] += cpu
                if wall > figures[3]:
                    figures[3:] = [wall, cpu]

        asyncio.events.Handle._run = timed  # type: ignore[method-assign,assignment]

    def stop(self) -> list[dict[str, Any]]:
        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]
        ranked = sorted(self.found.items(), key=lambda item: -item[1][1])[:15]
        return [
            {
                "callback": what,
                "count": int(count),
                "wall_ms": round(wall * 1000, 1),
                "cpu_ms": round(cpu * 1000, 1),
                "longest_ms": round(longest * 1000, 1),
                "longest_cpu_ms": round(longest_cpu * 1000, 1),
            }
            for what, (count, wall, cpu, longest, longest_cpu) in ranked
        ]


class _ServiceClock:
    """The bot's side of each answer: when the update reached the bot, when its first
    sendMessage to that chat left the bot's code, and how long the rate limiter held it."""

    def __init__(self) -> None:
        self.received: dict[int, float] = {}
        self.service: list[float] = []
        self.flood_wait: list[float] = []

    def take(self) -> tuple[list[float], list[float]]:
        """The service times and flood-limiter waits since the last take (ms)."""
        taken = self.service, self.flood_wait
        self.service, self.flood_wait = [], []
        return taken

    def update_in(self, update: object) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is not None and chat.id >= FIRST_USER:
            self.received[chat.id] = time.perf_counter()

    def message_out(self, chat: object) -> float | None:
        """The time the chat's update came in, if this is the first answer to it."""
        try:
            return self.received.pop(int(chat))  # type: ignore[call-overload]
        except (KeyError, TypeError, ValueError):
            return None


class _TimedLimiter(BaseRateLimiter[int]):
    """The application's rate limiter, timed: a sendMessage answering a user's update is
    noted as it enters (the bot's service time ends) and as it is let through."""

    def __init__(self, inner: BaseRateLimiter[Any], clock: _ServiceClock) -> None:
        self.inner = inner
        self.clock = clock

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        entered = time.perf_counter()
        came_in = (
            self.clock.message_out(data.get("chat_id")) if endpoint == "sendMessage" else None
        )
        if came_in is None:
            return await self.inner.process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        # Noted as they happen (not when the call returns), so each lands in its own phase.
        self.clock.service.append((entered - came_in) * 1000)
        waits, slot = self.clock.flood_wait, [-1]

        async def timed(*call_args: Any, **call_kwargs: Any) -> Any:
            waited = (time.perf_counter() - entered) * 1000
            if slot[0] < 0:
                slot[0] = len(waits)
                waits.append(waited)
            else:
                waits[slot[0]] = waited  # tried again after a 429: the last try counts
            return await callback(*call_args, **call_kwargs)

        return await self.inner.process_request(
            timed, args, kwargs, endpoint, data, rate_limit_args
        )


def _instrument(app: Any, clock: _ServiceClock) -> None:
    """Time updates as they reach the application's queue, and its rate limiter's calls."""
    queue = app.update_queue
    put = queue.put

    async def timed_put(item: object) -> None:
        clock.update_in(item)
        await put(item)

    queue.put = timed_put
    # ExtBot takes its rate limiter only from the builder; bot.app builds it, so the timed
    # one wraps it in place (ExtBot's slot) before the application is initialized.
    app.bot._rate_limiter = _TimedLimiter(app.bot.rate_limiter, clock)


class _Users:
    """The users' process (bench.bot_users) and its pipes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, questions: str, mode: str) -> _Users:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.bot_users",
            questions,
            "--mode",
            mode,
            cwd=REPO,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 24,
        )
        return cls(process)

    async def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError("the users' process ended (its error is on stderr)")
        found: dict[str, Any] = json.loads(line)
        return found

    async def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        await self.process.stdin.drain()

    async def close(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        await self.process.wait()


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.config import LimitSettings, Secret, Settings, TelegramSettings
    from bot.runner import Webhook, started
    from bot.service import corpus_service
    from index.corpus import Corpus
    from index.store import current_generation, read_last_build
    from tests.support.serving import free_port

    index = Path(args.index)
    corpus = Corpus(Path(args.content), index)
    users = await _Users.start(args.questions, args.mode)
    try:
        where = await users.read()
        settings = Settings(
            content=Path(args.content),
            index=index,
            admins=frozenset({ADMIN}),
            telegram=TelegramSettings(
                token=Secret(TOKEN),
                base_url=where["base_url"],
                base_file_url=where["base_file_url"],
            ),
            limits=LimitSettings(questions=100_000, per_seconds=60),
        )
        app = build_application(settings, corpus)
        errors: list[str] = []

        async def record_error(update: object, context: Any) -> None:
            errors.append(repr(context.error))

        app.add_error_handler(record_error)
        clock = _ServiceClock()
        _instrument(app, clock)
        port = free_port()
        webhook = (
            Webhook("127.0.0.1", port, "telegram", f"http://127.0.0.1:{port}/telegram", "bench")
            if args.mode == "webhook"
            else None
        )
        probe = _LoopProbe()
        stacks = _StallStacks(probe, args.stall_stacks) if args.stall_stacks else None
        slow = _SlowCallbacks(args.slow_callbacks) if args.slow_callbacks else None
        pauses = _GcPauses() if args.gc_pauses else None

        async def phase(command: dict[str, Any]) -> dict[str, Any]:
            """One phase: its latencies (users' side), service times, the longest stall."""
            clock.take()
            if pauses:
                pauses.take()
            probe.start()
            cpu = time.thread_time()  # the loop's thread: this coroutine runs on it
            await users.send(command)
            found = await users.read()
            while "wave" in found:  # /reindex full: another wave, until the new generation
                await users.send({"more": not finished()})
                found = await users.read()
            stall = await probe.stop()
            cpu = time.thread_time() - cpu
            service, flood_wait = clock.take()
            gc_figures = {"gc": pauses.take()} if pauses else {}
            return {
                **gc_figures,
                "answers": len(found["latencies"]),
                "seconds": found["seconds"],
                "waves": found.get("waves"),
                "latency": summary(found["latencies"]),
                "service": summary(service),
                "flood_wait": summary(flood_wait),
                "loop_stall_ms": stall,
                "loop_cpu_s": round(cpu, 2),
            }

        before = read_last_build(index).get("finished")
        deadline = [0.0]

        def serving_new() -> bool:
            if read_last_build(index).get("finished") == before:
                return False
            live = getattr(corpus, "_live", None)
            current = current_generation(index)
            return live is not None and current is not None and live.generation == current

        def finished() -> bool:
            # The new generation answers, and the bot has done with the build (its switch
            # and its report to the admin are in the window too).
            done = serving_new() and not corpus_service(app).building
            return done or time.perf_counter() > deadline[0]

        async with started(app, webhook, ALLOWED_UPDATES, poll_timeout=1):
            if stacks:
                stacks.start()
            if slow:
                slow.start()
            if pauses:
                pauses.start()
            # Warm-up: one new question, so that the searcher is open.
            await phase({"do": "ask", "users": 1, "per_user": 1, "new": True, "chats_from": 9_999})
            one = await phase(
                {
                    "do": "ask",
                    "users": 1,
                    "per_user": args.one_at_a_time,
                    "new": True,
                    "chats_from": ONE_AT_A_TIME_CHATS,
                }
            )
            burst = await phase(
                {"do": "ask", "users": args.users, "per_user": args.per_user, "new": False}
            )
            garbage = {"after_burst": pauses.frozen_garbage()} if pauses else {}
            deadline[0] = time.perf_counter() + args.reindex_window
            during = await phase({"do": "reindex", "users": args.users})
            completed = serving_new() and not corpus_service(app).building
            if pauses:
                garbage["at_end"] = pauses.frozen_garbage()
            stall_stacks = stacks.stop() if stacks else None
            slow_callbacks = slow.stop() if slow else None
            if pauses:
                pauses.stop()
        await users.send({"do": "end"})
        ended = await users.read()
    finally:
        await users.close()
        corpus.close()
    result = {
        "mode": args.mode,
        "users": args.users,
        "answers": burst["answers"],
        "answers_per_s": round(burst["answers"] / burst["seconds"], 1),
        "latency": burst["latency"],
        "service": burst["service"],
        "flood_wait": burst["flood_wait"],
        "loop_stall_ms": burst["loop_stall_ms"],
        "loop_cpu_s": burst["loop_cpu_s"],
        "one_at_a_time": {
            k: one[k] for k in ("latency", "service", "flood_wait", "loop_stall_ms", "loop_cpu_s")
        },
        "reindex": {
            "completed": completed,
            "seconds": round(during["seconds"], 1),
            "answers": during["answers"],
            "waves": during["waves"],
            "new_questions": ended["new_questions"],
            "repeated_questions": ended["repeated_questions"],
            "latency": during["latency"],
            "service": during["service"],
            "flood_wait": during["flood_wait"],
            "loop_stall_ms": during["loop_stall_ms"],
            "loop_cpu_s": during["loop_cpu_s"],
        },
        "admin_saw": ended["admin_saw"],
        "errors": (errors + ended["errors"])[:10],
        "rejected_calls": ended["rejected_calls"],
    }
    if pauses:
        result["gc"] = {
            "one_at_a_time": one["gc"],
            "burst": burst["gc"],
            "reindex": during["gc"],
            "frozen_garbage": garbage,
        }
    if stall_stacks:
        result["stall_stacks"] = stall_stacks
    if slow_callbacks is not None:
        result["slow_callbacks"] = slow_callbacks
    return result


def measure(corpus: Any, index: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both transports, each in its own process (called by bench.run)."""
    from bench.questions import questions_file
    from bench.run import _log, _run_child

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

    def two(figures: dict[str, Any] | None, digits: int = 0) -> str:
        if not figures or not figures.get("n"):
            return "–"
        return f"{figures['p50']:,.{digits}f} / {figures['p95']:,.{digits}f}"

    def one(f: dict[str, Any], key: str) -> str:
        return two(f.get("one_at_a_time", {}).get(key))

    rows = [
        (
            "one user, one new question at a time: update → sendMessage p50 / p95, ms",
            lambda f: one(f, "latency"),
        ),
        ("  of which the bot's service time p50 / p95, ms", lambda f: one(f, "service")),
        (
            "  longest event-loop stall, ms",
            lambda f: (
                f"{f['one_at_a_time']['loop_stall_ms']:,.1f}" if "one_at_a_time" in f else "–"
            ),
        ),
        ("simulated users asking at once", lambda f: str(f["users"])),
        ("answers/s", lambda f: f"{f['answers_per_s']:,.1f}"),
        ("update → sendMessage p50 / p95, ms", lambda f: two(f["latency"])),
        (
            "  the bot's service time (update in → sendMessage leaves its code) p50 / p95, ms",
            lambda f: two(f.get("service")),
        ),
        (
            "  wait in the flood limiter (Telegram's ~30 messages/s) p50 / p95, ms",
            lambda f: two(f.get("flood_wait"), 1),
        ),
        ("longest event-loop stall, ms", lambda f: f"{f['loop_stall_ms']:,.1f}"),
        (
            "during /reindex full, new questions: p50 / p95, ms (new; repeated)",
            lambda f: (
                f"{two(f['reindex']['latency'])} "
                f"({f['reindex'].get('new_questions', '–')}; "
                f"{f['reindex'].get('repeated_questions', '–')})"
            ),
        ),
        (
            "  the bot's service time; wait in the flood limiter: p50 / p95, ms",
            lambda f: (
                f"{two(f['reindex'].get('service'))}; {two(f['reindex'].get('flood_wait'), 1)}"
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
    parser.add_argument(
        "--one-at-a-time", type=int, default=40, help="new questions asked one by one (40)"
    )
    parser.add_argument(
        "--stall-stacks",
        type=float,
        default=0.0,
        metavar="MS",
        help="sample the threads' stacks while the loop is over MS late (0: never)",
    )
    parser.add_argument(
        "--slow-callbacks",
        type=float,
        default=0.0,
        metavar="MS",
        help="list the event loop's callbacks that run over MS, with their CPU time (0: no)",
    )
    parser.add_argument(
        "--gc-pauses",
        action="store_true",
        help="time every garbage-collector pass (gc.callbacks): per phase, per generation",
    )
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
