"""Answer-quality check over the first corpus (a script, not a timed test).

Prints how often the right passage comes first and in the top three, and how
often an unanswerable question is declined. Run from the repository root:

    python quality/check.py [--content content] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import yaml

from index.corpus import Corpus


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument(
        "--questions", type=Path, default=Path(__file__).with_name("questions.yaml")
    )
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    data = yaml.safe_load(args.questions.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as index_dir:
        corpus = Corpus(args.content, Path(index_dir))
        corpus.build(full=True)
        first = top3 = 0
        answerable = data["answerable"]
        for item in answerable:
            expected = item["a"] if isinstance(item["a"], list) else [item["a"]]
            quotes = [p.quote for p in corpus.ask(item["q"], limit=3).passages]
            ranks = [n for n, q in enumerate(quotes) if any(e in q for e in expected)]
            rank = ranks[0] if ranks else None
            first += rank == 0
            top3 += rank is not None
            if args.verbose or rank != 0:
                mark = "ok " if rank == 0 else f"#{rank + 1}" if rank is not None else "MISS"
                print(f"{mark:4} {item['q']}")
                if rank != 0 and args.verbose:
                    for quote in quotes:
                        print(f"       {quote[:110]}")
        declined = 0
        for question in data["unanswerable"]:
            answer = corpus.ask(question)
            declined += not answer.passages
            if answer.passages:
                print(f"ANSWERED {question}\n       {answer.passages[0].quote[:110]}")
        corpus.close()
    n, m = len(answerable), len(data["unanswerable"])
    print(
        f"\nanswerable: {n}  first: {first / n:.0%}  top 3: {top3 / n:.0%}\n"
        f"unanswerable: {m}  declined: {declined / m:.0%}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
