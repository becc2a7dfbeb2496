"""The measurements, each run in a child process by bench.run (one JSON line on stdout).

    python -m bench.tasks build      CONTENT INDEX                  full build, memory, size
    python -m bench.tasks serve      CONTENT INDEX QUESTIONS ...    ask/dates latency, quality,
                                                                    incremental updates
    python -m bench.tasks throughput CONTENT INDEX QUESTIONS ...    answers/s with N processes
    python -m bench.tasks coldstart  CONTENT INDEX QUESTION         process start to first answer

Run from the directory whose `index` package is to be measured (bench.run
sets the working directory: that is how a baseline copy is compared).
"""

from __future__ import annotations

import argparse
import inspect
import json
import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

from bench.generate import article_id, probe, render_article
from bench.stats import max_rss_mb, median, summary

COLD_START = """
import sys, time
started = time.perf_counter()
from index.corpus import Corpus
imported = time.perf_counter()
answer = Corpus(sys.argv[1], sys.argv[2]).ask(sys.argv[3])
done = time.perf_counter()
print(round((imported - started) * 1000, 1), round((done - imported) * 1000, 1),
      len(answer.passages))
"""

# One question in a new interpreter: the index opened first (stats), then the ask timed.
FRESH_ASK = """
import sys, time
from index.corpus import Corpus
corpus = Corpus(sys.argv[1], sys.argv[2])
corpus.stats()
started = time.perf_counter()
answer = corpus.ask(sys.argv[3])
print(round((time.perf_counter() - started) * 1000, 3))
"""


def _emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def _forget_answers(corpus: Any) -> None:
    """Empty the per-generation answer cache, so that every ask is computed."""
    live = getattr(corpus, "_live", None)
    answers = getattr(live, "answers", None)
    if answers is not None:
        answers.clear()


# -- build ----------------------------------------------------------------------------------


def task_build(args: argparse.Namespace) -> dict[str, Any]:
    from index import store
    from index.corpus import Corpus

    corpus = Corpus(Path(args.content), Path(args.index))
    started = time.perf_counter()
    report = corpus.build(full=True)
    seconds = time.perf_counter() - started
    generation = store.current_generation(Path(args.index))
    assert generation is not None
    articles = len(report.added) + len(report.updated) + len(report.unchanged)
    return {
        "seconds": round(seconds, 3),
        "articles": articles,
        "articles_per_s": round(articles / seconds, 1),
        "passages": report.passages,
        "skipped": len(report.skipped),
        "index_bytes": store.directory_size(generation),
        "segments": len(list(generation.glob("*.seg"))) or len(list(generation.glob("*.trm"))),
        "rss_self_mb": max_rss_mb(),
        "rss_children_mb": max_rss_mb(_children()),
    }


def _children() -> int:
    import resource

    return resource.RUSAGE_CHILDREN


# -- serve: latency, quality, incremental -------------------------------------------------

# Asked once before the measured questions, to open the searcher: a question of no set.
WARM_UP = "What did the council say about the budget?"


def _distinct(ids: list[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def quality(answers: list[tuple[dict[str, Any], list[str]]]) -> dict[str, float]:
    """top-1 / top-3 (the question's article), the share answered, the share declined."""
    with_article = [(q, ids) for q, ids in answers if q["article_id"]]
    top1 = sum(1 for q, ids in with_article if ids[:1] == [q["article_id"]])
    top3 = sum(1 for q, ids in with_article if q["article_id"] in _distinct(ids)[:3])
    answered = sum(1 for _, ids in answers if ids)
    total = max(len(answers), 1)
    return {
        "questions": len(answers),
        "top1": round(top1 / max(len(with_article), 1), 3),
        "top3": round(top3 / max(len(with_article), 1), 3),
        "answered": round(answered / total, 3),
        "declined": round(1 - answered / total, 3),
    }


def per_set(
    questions: list[dict[str, Any]], samples: list[float], ranked: list[list[str]]
) -> dict[str, Any]:
    """Latency summaries and quality per question set, and over the reader sets ("all")."""
    from bench.questions import SANITY

    sets: dict[str, Any] = {}
    for name in dict.fromkeys(q["set"] for q in questions):
        picked = [i for i, q in enumerate(questions) if q["set"] == name]
        sets[name] = {
            "latency": summary([samples[i] for i in picked]),
            "quality": quality([(questions[i], ranked[i]) for i in picked]),
        }
    reader = [i for i, q in enumerate(questions) if q["set"] != SANITY]
    sets["all"] = {
        "latency": summary([samples[i] for i in reader]),
        "quality": quality([(questions[i], ranked[i]) for i in reader]),
    }
    return sets


def _timed_asks(corpus: Any, texts: list[str], forget: bool = True) -> list[float]:
    """Latency of each question: computed (forget), or asked again from the answer cache."""
    samples = []
    for text in texts:
        if forget:
            _forget_answers(corpus)
        else:
            corpus.ask(text)
        started = time.perf_counter()
        corpus.ask(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _timed_dates(corpus: Any, topics: list[str], errors: dict[str, str]) -> list[float]:
    """Timeline latencies; a topic that raises is recorded in `errors`, not timed."""
    samples = []
    for topic in topics:
        _forget_answers(corpus)
        started = time.perf_counter()
        try:
            corpus.dates(topic)
        except Exception as error:
            errors[topic] = f"{type(error).__name__}: {error}"
            continue
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def task_serve(args: argparse.Namespace) -> dict[str, Any]:
    """First-time latency (the headline), quality per set, then secondary warm figures.

    A fresh process and corpus state: the corpus is opened with one question of no set,
    then every question (reader sets and the planted sanity set, in one seeded order) is
    asked exactly once. Only afterwards, and reported as secondary, the same questions
    again with warm caches (--repeat passes) and from the answer cache.
    """
    from bench.questions import SANITY, load
    from index.corpus import Corpus

    content, index = Path(args.content), Path(args.index)
    questions, topics = load(Path(args.questions), args.questions_limit)
    started = time.perf_counter()
    corpus = Corpus(content, index)
    corpus.ask(WARM_UP)
    open_ms = (time.perf_counter() - started) * 1000
    first: list[float] = []
    ranked: list[list[str]] = []
    for question in questions:
        _forget_answers(corpus)
        started = time.perf_counter()
        answer = corpus.ask(question["question"])
        first.append((time.perf_counter() - started) * 1000)
        ranked.append([p.article_id for p in answer.passages])
    errors: dict[str, str] = {}
    dates_first = _timed_dates(corpus, topics, errors)
    reader = [q["question"] for q in questions if q["set"] != SANITY]
    warm: list[float] = []
    for _ in range(args.warm):
        warm += _timed_asks(corpus, reader)
    cached = _timed_asks(corpus, reader, forget=False)
    dates_warm: list[float] = []
    for _ in range(args.warm):
        dates_warm += _timed_dates(corpus, topics, errors)
    result: dict[str, Any] = {
        "open_and_first_answer_ms": round(open_ms, 1),
        "first": per_set(questions, first, ranked),
        "first_samples_ms": [round(ms, 3) for ms in first],
        "secondary": {
            "ask_warm": summary(warm),
            "ask_cached": summary(cached),
            "dates_warm": summary(dates_warm),
            "passes": args.warm,
        },
        "dates_first": summary(dates_first),
        "dates_topics": len(topics),
        "dates_errors": errors,
        "rss_mb": max_rss_mb(),
    }
    if args.incremental:
        # Article 0's planted question first: the one removed (bench.run restores it).
        planted = sorted(
            (q for q in questions if q["set"] == SANITY), key=lambda q: q["article_id"]
        )
        result["incremental"] = _incremental(corpus, args, planted)
        result["rss_mb"] = max_rss_mb()
    return result


def _incremental(corpus: Any, args: argparse.Namespace, questions: list[dict[str, Any]]) -> Any:
    """One article changed, one added, one removed: time until answers reflect it.

    Measured in the serving process, like the bot's /reindex: the build, then
    asking until each change shows (a changed fact, an added fact, the removed
    article's question no longer answered from it). Every cycle is undone
    again (and that is measured too), so the corpus on disk ends as it began.
    """
    content = Path(args.content)
    seed, size = args.seed, args.size
    removed_id = questions[0]["article_id"]
    removed_question = questions[0]["question"]
    changed_number = 1
    changed_id = article_id(changed_number)
    # A baseline copy of the code may predate targeted builds (build(only=...)).
    modes = ["worker"] if _has_worker() else []
    modes += (
        ["scan", "targeted"] if "only" in inspect.signature(corpus.build).parameters else ["scan"]
    )
    noop_started = time.perf_counter()
    corpus.build()
    noop_ms = (time.perf_counter() - noop_started) * 1000
    samples: list[dict[str, float]] = []
    for cycle in range(args.repeat):
        changed_fact, changed_question = probe(seed, 2 * cycle)
        added_fact, added_question = probe(seed, 2 * cycle + 1)
        added_id = f"zz-bench/added-{cycle}.md"
        added_path = content / added_id
        added_text = render_article(seed, size + 10_000 + cycle, size, (added_fact,))
        changed_text = render_article(seed, changed_number, size, (changed_fact,))
        original_changed = (content / changed_id).read_text("utf-8")
        original_removed = (content / removed_id).read_text("utf-8")

        def apply(
            added_text: str = added_text,
            added_path: Path = added_path,
            changed_text: str = changed_text,
        ) -> None:
            added_path.parent.mkdir(parents=True, exist_ok=True)
            added_path.write_text(added_text, "utf-8")
            (content / changed_id).write_text(changed_text, "utf-8")
            (content / removed_id).unlink()

        def undo(
            added_path: Path = added_path,
            original_changed: str = original_changed,
            original_removed: str = original_removed,
        ) -> None:
            added_path.unlink()
            (content / changed_id).write_text(original_changed, "utf-8")
            (content / removed_id).write_text(original_removed, "utf-8")

        checks_forward = [
            (changed_question, lambda ids: changed_id in ids),
            (added_question, lambda ids, a=added_id: a in ids),
            (removed_question, lambda ids: removed_id not in ids),
        ]
        checks_back = [
            (changed_question, lambda ids: changed_id not in ids),
            (added_question, lambda ids, a=added_id: a not in ids),
            (removed_question, lambda ids: removed_id in ids),
        ]
        touched = [changed_id, added_id, removed_id]
        for mode in modes:
            for step, action, checks in (
                ("apply", apply, checks_forward),
                ("undo", undo, checks_back),
            ):
                started = time.perf_counter()
                action()
                written = time.perf_counter()
                # "scan": a build that walks content/ (corpusbot index, /reindex);
                # "targeted": one told which files changed (corpusbot add, /add, /remove).
                if mode == "worker":
                    changes = _worker_build(content, Path(args.index), touched)
                else:
                    report = corpus.build(only=touched) if mode == "targeted" else corpus.build()
                    changes = len(report.added) + len(report.updated) + len(report.removed)
                built = time.perf_counter()
                ok = all(
                    check([p.article_id for p in corpus.ask(q).passages]) for q, check in checks
                )
                visible = time.perf_counter()
                samples.append(
                    {
                        "mode": mode,
                        "step": step,
                        "build_ms": round((built - written) * 1000, 1),
                        "visible_ms": round((visible - started) * 1000, 1),
                        "reflected": ok,
                        "changes": changes,
                    }
                )
    scans = [s for s in samples if s["mode"] == "scan"]
    targeted = [s for s in samples if s["mode"] == "targeted"]
    worker = [s for s in samples if s["mode"] == "worker"]
    return {
        "worker_visible_ms": (
            round(median([s["visible_ms"] for s in worker]), 1) if worker else None
        ),
        "worker_build_ms": round(median([s["build_ms"] for s in worker]), 1) if worker else None,
        "noop_build_ms": round(noop_ms, 1),
        "visible_ms": round(median([s["visible_ms"] for s in scans]), 1),
        "build_ms": round(median([s["build_ms"] for s in scans]), 1),
        "targeted_visible_ms": (
            round(median([s["visible_ms"] for s in targeted]), 1) if targeted else None
        ),
        "targeted_build_ms": (
            round(median([s["build_ms"] for s in targeted]), 1) if targeted else None
        ),
        "all_reflected": all(s["reflected"] for s in samples),
        "samples": samples,
    }


def _has_worker() -> bool:
    """Whether the measured code has the bot's build process (a baseline copy may not)."""
    return (Path.cwd() / "bot" / "build_worker.py").is_file()


def _worker_build(content: Path, index: Path, touched: list[str]) -> int:
    """An update the way the bot runs it for changed files (its content watcher, /add,
    /remove: bot.updates): `python -P -m bot.build_worker --only ID ...` (bot.reindex).

    A new interpreter, its stdin a pipe held open until it exits (it stops when the
    pipe closes); the code measured is the working directory's (PYTHONPATH, as -P keeps
    the directory off sys.path). Returns the number of articles it changed.
    """
    import os
    import subprocess
    import tempfile

    from bot.reindex import worker_command

    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            worker_command(content, index, full=False, only=touched),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        assert process.stdout is not None and process.stdin is not None
        output = process.stdout.read()
        status = process.wait()
        process.stdin.close()
        if status != 0:
            errors.seek(0)
            raise RuntimeError(f"bot.build_worker failed ({status}): {errors.read()[-2000:]!r}")
    report = json.loads(output)
    return sum(len(report.get(key, [])) for key in ("added", "updated", "removed"))


# -- throughput -----------------------------------------------------------------------------


def _throughput_worker(
    content: str,
    index: str,
    texts: list[str],
    offset: int,
    seconds: float,
    barrier: Any,
    results: Any,
) -> None:
    from index.corpus import Corpus

    corpus = Corpus(Path(content), Path(index))
    for text in texts[offset : offset + 10]:
        corpus.ask(text)
    barrier.wait()
    count = 0
    started = time.perf_counter()
    deadline = started + seconds
    position = offset
    while time.perf_counter() < deadline:
        _forget_answers(corpus)
        corpus.ask(texts[position % len(texts)])
        position += 1
        count += 1
    results.put((count, time.perf_counter() - started))


def task_throughput(args: argparse.Namespace) -> dict[str, Any]:
    from bench.questions import SANITY, load

    questions, _ = load(Path(args.questions))
    texts = [q["question"] for q in questions if q["set"] != SANITY]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(args.procs)
    results = context.Queue()
    workers = [
        context.Process(
            target=_throughput_worker,
            args=(
                args.content,
                args.index,
                texts,
                number * len(texts) // args.procs,
                args.seconds,
                barrier,
                results,
            ),
        )
        for number in range(args.procs)
    ]
    for worker in workers:
        worker.start()
    counts = [results.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join()
    window = max(seconds for _, seconds in counts)
    total = sum(count for count, _ in counts)
    return {"procs": args.procs, "answers": total, "answers_per_s": round(total / window, 1)}


# -- cold start -----------------------------------------------------------------------------


def fresh_asks(
    content: Path, index: Path, questions_path: Path, cwd: Path, per_set: int
) -> dict[str, Any]:
    """Each of `per_set` questions of every reader set in a process of its own.

    Nothing was asked in that process before (the index opened, no answer computed, no
    article read): the ask alone is timed, inside the child. Serving processes are never
    that fresh; it bounds what a first question can cost.
    """
    import subprocess

    from bench.questions import SANITY, load

    questions, _ = load(questions_path, per_set)
    questions = [q for q in questions if q["set"] != SANITY]
    samples = []
    for question in questions:
        done = subprocess.run(
            [sys.executable, "-c", FRESH_ASK, str(content), str(index), question["question"]],
            cwd=cwd,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise RuntimeError(f"asking {question['question']!r} failed:\n{done.stderr[-3000:]}")
        samples.append(float(done.stdout.split()[-1]))
    found: dict[str, Any] = {}
    for name in dict.fromkeys(q["set"] for q in questions):
        found[name] = summary(
            [ms for q, ms in zip(questions, samples, strict=True) if q["set"] == name]
        )
    found["all"] = summary(samples)
    return found


def cold_start(content: Path, index: Path, question: str, cwd: Path, repeat: int) -> Any:
    """Process start to the first answer (wall clock, measured from the parent)."""
    import subprocess

    walls, imports, answers = [], [], []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD_START, str(content), str(index), question],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append((time.perf_counter() - started) * 1000)
        imported_ms, answer_ms, _ = done.stdout.split()
        imports.append(float(imported_ms))
        answers.append(float(answer_ms))
    return {
        "wall_ms": round(median(walls), 1),
        "import_ms": round(median(imports), 1),
        "open_and_answer_ms": round(median(answers), 1),
        "samples_ms": [round(w, 1) for w in walls],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tasks")
    commands = parser.add_subparsers(dest="task", required=True)
    build = commands.add_parser("build")
    build.add_argument("content")
    build.add_argument("index")
    serve = commands.add_parser("serve")
    for sub in (serve, commands.add_parser("throughput")):
        sub.add_argument("content")
        sub.add_argument("index")
        sub.add_argument("questions")
    serve.add_argument("--repeat", type=int, default=3, help="incremental cycles")
    serve.add_argument("--warm", type=int, default=1, help="secondary passes, caches warm")
    serve.add_argument("--incremental", action="store_true")
    serve.add_argument("--questions-limit", type=int, default=0, help="N per set (0: all)")
    serve.add_argument("--seed", type=int, required=True)
    serve.add_argument("--size", type=int, required=True)
    throughput = commands.choices["throughput"]
    throughput.add_argument("--procs", type=int, default=1)
    throughput.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    task = {"build": task_build, "serve": task_serve, "throughput": task_throughput}[args.task]
    _emit(task(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
