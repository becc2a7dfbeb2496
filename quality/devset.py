"""The development set scored in process: the same figures as run_dev_eval.py, faster to iterate.

The development corpus is third-party text rebuilt outside the repository
(see ../shared/devset/README.md); this script only reads it from there. The
index is built once into a work folder and reused until `--rebuild`.

    python quality/devset.py [--rebuild] [--show N] [--by-kind] [--set DIR]

`--set DIR` scores another set of the same shape instead (DIR/corpus/*.md and
DIR/questions.yaml, kept outside the repository like the development set): a
corpus on another subject is how a change is seen to carry over.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.corpus import Corpus

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "devset"
CORPUS = Path(
    os.environ.get("CORPUSBOT_DEVSET") or Path.home() / ".cache" / "corpusbot-devset" / "corpus"
)
WORK = Path(os.environ.get("CORPUSBOT_DEVSET_WORK") or "/tmp/corpusbot-devset-work")


def norm(text: str) -> str:
    """Folded as the scorer folds: quotes, dashes, spaces and case."""
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip().lower()


def passage_ok(question: dict[str, Any], quote: str) -> bool:
    """Whether `quote` holds one of the question's gold phrases."""
    folded = norm(quote)
    return any(norm(p) in folded for p in question.get("any_of", []))


def questions(path: Path = DEVSET / "questions.yaml") -> list[dict[str, Any]]:
    """The development questions (or another set's, from its questions.yaml)."""
    loaded: list[dict[str, Any]] = yaml.safe_load(path.read_text("utf-8"))
    return loaded


def set_work(folder: Path) -> Path:
    """Where another set (`--set`) is indexed."""
    return WORK.with_name(f"{WORK.name}-{folder.resolve().name}")


def open_corpus(
    rebuild: bool = False,
    content: Path = REPO / "content",
    articles: Path = CORPUS,
    work: Path = WORK,
) -> Corpus:
    """The project's content plus the development articles (or `articles`), indexed in `work`."""
    folder = work / "content"
    if rebuild and work.exists():
        shutil.rmtree(work)
    if not folder.exists():
        shutil.copytree(content, folder)
        for path in sorted(articles.glob("*.md")):
            shutil.copy(path, folder / f"dev-{path.name}")
    corpus = Corpus(folder, work / "index")
    if rebuild or not corpus.has_index():
        corpus.build(full=True)
    return corpus


def evaluate(corpus: Corpus, items: list[dict[str, Any]], show: int = 0) -> dict[str, Any]:
    """top1 / top3 / declined, per kind, with the failures."""
    kinds: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    n_ans = top1 = top3 = src1 = n_un = declined = 0
    failures: list[str] = []
    for item in items:
        answer = corpus.ask(item["q"], limit=3)
        quotes = [p.quote for p in answer.passages]
        if not item.get("answerable", True):
            n_un += 1
            declined += not quotes
            if quotes:
                failures.append(f"[answered] {item['q']}\n    -> {quotes[0][:150]}")
            continue
        n_ans += 1
        ok = [passage_ok(item, q) for q in quotes[:3]]
        first, any3 = bool(ok and ok[0]), any(ok)
        top1 += first
        top3 += any3
        urls = {u.rstrip("/") for u in item.get("urls", [])}
        src1 += bool(answer.passages) and (answer.passages[0].url or "").rstrip("/") in urls
        for kind in item.get("kind", []):
            kinds[kind][0] += 1
            kinds[kind][1] += first
            kinds[kind][2] += any3
        if not first:
            got = quotes[0][:150] if quotes else "<no answer>"
            mark = "top3" if any3 else "miss"
            failures.append(f"[{mark}] {item['q']}\n    -> {got}\n    want {item['any_of'][:2]}")
    for line in failures[:show]:
        print(line)
    return {
        "answerable": n_ans,
        "top1": top1 / max(n_ans, 1),
        "top3": top3 / max(n_ans, 1),
        "source1": src1 / max(n_ans, 1),
        "declined": declined / max(n_un, 1),
        "kinds": {k: v for k, v in sorted(kinds.items())},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--by-kind", action="store_true")
    parser.add_argument("--set", type=Path, help="another set: DIR/corpus and DIR/questions.yaml")
    args = parser.parse_args()
    if args.set:
        corpus = open_corpus(args.rebuild, articles=args.set / "corpus", work=set_work(args.set))
        items = questions(args.set / "questions.yaml")
    else:
        corpus = open_corpus(args.rebuild)
        items = questions()
    result = evaluate(corpus, items, args.show)
    if args.by_kind:
        for kind, (n, t1, t3) in result["kinds"].items():
            print(f"  {kind:13s} n={n:3d} top1 {t1 / n:4.0%} top3 {t3 / n:4.0%}")
    print(
        f"top1 {result['top1']:.0%} top3 {result['top3']:.0%} source@1 {result['source1']:.0%} "
        f"declined {result['declined']:.0%}"
    )
    corpus.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
