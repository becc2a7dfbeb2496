"""The build's patches of Whoosh internals are guarded (issue 10).

FastSegmentWriter batches the posting pool's runs, keeps field lengths in memory and answers
them through its own per-document reader. Its index must be the one Whoosh's stock
SegmentWriter writes: the same segments, terms, term statistics, postings (documents,
weights, positions), field lengths, stored fields, columns and BM25F scores, after a full
build, incremental updates and merges, with postings spilled to disk. And on a Whoosh
version the patches were not tested with, the build warns once and uses the stock writer.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import whoosh
from whoosh import index as whoosh_index
from whoosh.qparser import QueryParser
from whoosh.scoring import BM25F

from index import build as build_module
from index import store
from index.build import build_index
from index.corpus import Corpus
from tests.conftest import SEED_CONTENT
from tests.index.corpus_files import BRIDGE, FESTIVAL, VOLCANO, article, write

QUERIES = [
    ("text", "Azerbaijan Non-Aligned Movement"),
    ("text", "NAM summit Baku"),
    ("text", '"harbour of Port"'),
    ("text", "bridge lanes OR volcano"),
    ("date_text", "festival"),
    ("title", "harbour"),
    ("meta", "news"),
]

SHIPS = ["ferries", "tankers", "trawlers", "yachts", "barges", "tugs", "schooners"]


def _harbour(number: int) -> str:
    """A generated article: its own words, a date, several paragraphs."""
    ship = SHIPS[number % len(SHIPS)]
    return article(
        f"Harbour report {number}",
        f"""
The harbour of Port {number} welcomed {number * 7} {ship} on {number + 1} May 2019.

Harbour master Ola Berg{number} said the {ship} brought grain, timber and {number} tonnes of
salt. A new quay opened in autumn 2018 after {number} years of building.

The port authority plans to dredge the channel in {2020 + number}. Fishermen of Port
{number} said the {ship} crowd the old quay every spring.
""",
        published=f"2019-0{1 + number % 9}-1{number % 10}",
        source=f"Port News {number % 2}",
        author=f"Kim Lee{number}",
    )


def _contents(index_dir: Path) -> dict[str, Any]:
    """Everything a reader sees in the live commit, segment by segment, and BM25F scores."""
    ix = whoosh_index.open_dir(str(store.current_generation(index_dir)))
    schema = ix.schema
    scorable = [name for name, field in schema.items() if field.scorable]
    found: dict[str, Any] = {"segments": [], "scores": {}}
    with ix.searcher(weighting=BM25F()) as searcher:
        for leaf, offset in searcher.reader().leaf_readers():
            docs = range(leaf.doc_count_all())
            segment: dict[str, Any] = {
                "offset": offset,
                "deleted": [d for d in docs if leaf.is_deleted(d)],
                "stored": [leaf.stored_fields(d) for d in docs],
                # (Whoosh fails on the shortest and longest of a field no document has.)
                "lengths": {
                    name: (
                        leaf.field_length(name),
                        leaf.field_length(name) and leaf.min_field_length(name),
                        leaf.field_length(name) and leaf.max_field_length(name),
                        [leaf.doc_field_length(d, name) for d in docs],
                    )
                    for name in scorable
                },
                "columns": {
                    name: list(leaf.column_reader(name))
                    for name in schema.names()
                    if leaf.has_column(name)
                },
                "terms": {},
            }
            for fieldname, text in leaf.all_terms():
                info = leaf.term_info(fieldname, text)
                positions = schema[fieldname].format.supports("positions")
                postings = []
                matcher = leaf.postings(fieldname, text)
                while matcher.is_active():
                    where = matcher.value_as("positions") if positions else None
                    postings.append((matcher.id(), matcher.weight(), matcher.value(), where))
                    matcher.next()
                statistics = (
                    info.weight(),
                    info.doc_frequency(),
                    info.min_length(),
                    info.max_length(),
                    info.max_weight(),
                    info.min_id(),
                    info.max_id(),
                )
                segment["terms"][(fieldname, text)] = (statistics, postings)
            found["segments"].append(segment)
        for fieldname, text in QUERIES:
            query = QueryParser(fieldname, schema).parse(text)
            hits = searcher.search(query, limit=None)
            found["scores"][(fieldname, text)] = [(hit.docnum, hit.score) for hit in hits]
    ix.close()
    return found


@pytest.fixture
def writers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The class name of every writer a build opens; postings spill to disk every few kB."""
    opened: list[str] = []
    new_writer = build_module.new_writer

    def recording(ix: Any) -> Any:
        writer = new_writer(ix)
        opened.append(type(writer).__name__)
        return writer

    monkeypatch.setattr(build_module, "new_writer", recording)
    monkeypatch.setattr(build_module, "WRITER_LIMIT_MB", 0.01)
    return opened


def test_the_patched_writer_writes_the_stock_writers_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writers: list[str]
) -> None:
    corpora = {True: tmp_path / "patched", False: tmp_path / "stock"}
    for root in corpora.values():
        shutil.copytree(SEED_CONTENT, root / "content")
        write(root / "content", "volcano.md", VOLCANO)
        write(root / "content", "bridge.md", BRIDGE)
        for number in range(4):
            write(root / "content", f"harbour-{number}.md", _harbour(number))

    def step(change: Any) -> dict[str, Any]:
        """Apply `change` to both corpora, build both, and return the (equal) contents."""
        built = {}
        for patched, root in corpora.items():
            change(root / "content")
            monkeypatch.setattr(build_module, "PATCHED", patched)
            build_index(root / "content", root / "index")
            built[patched] = _contents(root / "index")
        assert built[True] == built[False]
        return built[True]

    steps = [step(lambda content: None)]  # the full build
    for number in range(4, 10):  # one article per commit: segments, then merges
        steps.append(step(lambda c, n=number: write(c, f"harbour-{n}.md", _harbour(n))))
    steps.append(step(lambda c: write(c, "festival.md", FESTIVAL)))
    bridge = BRIDGE.replace("four lanes", "six lanes")
    steps.append(step(lambda c: write(c, "bridge.md", bridge)))
    steps.append(step(lambda c: (c / "volcano.md").unlink()))
    harbour = _harbour(2).replace("grain", "coal")
    steps.append(step(lambda c: write(c, "harbour-2.md", harbour)))
    assert writers == ["FastSegmentWriter", "SegmentWriter"] * len(steps)
    sizes = [len(contents["segments"]) for contents in steps]
    deleted = [sum(len(s["deleted"]) for s in contents["segments"]) for contents in steps]
    assert sizes == [1, 2, 3, 4, 2, 3, 4, 5, 3, 1, 2]  # merged at the 5th, 9th and 10th
    assert deleted == [0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 6]  # updated, merged away, updated
    scores = steps[-1]["scores"]
    assert scores[("text", "Azerbaijan Non-Aligned Movement")]
    assert scores[("text", '"harbour of Port"')]
    assert scores[("text", "bridge lanes OR volcano")]
    assert scores[("title", "harbour")]


def _other_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 6))


def test_another_whoosh_version_is_told_and_built_with_the_stock_writer(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    writers: list[str],
) -> None:
    assert build_module.whoosh_patches_fit()
    assert caplog.records == []
    _other_version(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="index.build"):
        fits = build_module.whoosh_patches_fit()
    assert not fits
    assert caplog.messages == [
        "Whoosh 2.7.6 is installed, but the index build's patches of Whoosh internals were "
        "tested with 2.7.5 only: building with Whoosh's stock writer, in one process (slower)"
    ]
    monkeypatch.setattr(build_module, "PATCHED", fits)
    # Even a corpus large enough for worker processes is written in this one.
    monkeypatch.setattr(build_module, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(build_module, "WORKERS", 2)
    monkeypatch.setattr(build_module, "_parallel_write", None)
    content, index = tmp_path / "content", tmp_path / "index"
    write(content, "volcano.md", VOLCANO)
    write(content, "bridge.md", BRIDGE)
    assert build_index(content, index).added == ("bridge.md", "volcano.md")
    write(content, "festival.md", FESTIVAL)
    assert build_index(content, index).added == ("festival.md",)
    assert writers == ["SegmentWriter", "SegmentWriter"]
    assert Corpus(content, index).ask("How many residents were evacuated?").passages


BOOT = """
import sys
from pathlib import Path
import whoosh
whoosh.__version__ = (2, 8, 0)
from index import build
content, index = Path(sys.argv[1]), Path(sys.argv[2])
build.build_index(content, index)
(content / "volcano.md").unlink()
build.build_index(content, index)
print(build.PATCHED)
"""


def test_the_version_is_checked_once_at_import(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "volcano.md", VOLCANO)
    write(content, "bridge.md", BRIDGE)
    work = tmp_path / "work"  # nothing in it named like a package
    work.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", BOOT, str(content), str(tmp_path / "index")],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "False\n"
    assert [line for line in result.stderr.splitlines() if "Whoosh" in line] == [
        "Whoosh 2.8.0 is installed, but the index build's patches of Whoosh internals were "
        "tested with 2.7.5 only: building with Whoosh's stock writer, in one process (slower)"
    ]
