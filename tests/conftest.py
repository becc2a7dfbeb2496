"""Fixtures shared by every test package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_CONTENT = REPO / "content"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The first corpus copied and indexed once per test session: (content_dir, index_dir)."""
    from index.build import build_index

    root = tmp_path_factory.mktemp("seed")
    content = root / "content"
    shutil.copytree(SEED_CONTENT, content)
    index = root / "index"
    build_index(content, index)
    return content, index
