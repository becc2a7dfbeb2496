"""The benchmark's memory figure: a process's own peak, not its parent's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.stats import max_rss_mb

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="Linux's /proc only")
def test_a_child_reports_its_own_peak_not_its_parents() -> None:
    held = bytearray(300 * 2**20)
    held[::4096] = b"\x01" * len(range(0, len(held), 4096))  # resident, not just reserved
    assert max_rss_mb() >= 300
    child = subprocess.run(
        [sys.executable, "-c", "from bench.stats import max_rss_mb; print(max_rss_mb())"],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    del held
    assert float(child.stdout) < 150  # an interpreter and bench.stats, without the 300 MB
