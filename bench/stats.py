"""Small helpers shared by the benchmark tasks: percentiles, timers, process memory."""

from __future__ import annotations

import math
import resource
import statistics
import sys
from collections.abc import Sequence


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (`share` in 0..1) of `values`; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    """p50 / p95 / p99 / max / mean of `values` (milliseconds in, rounded)."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.50), 3),
        "p95": round(percentile(values, 0.95), 3),
        "p99": round(percentile(values, 0.99), 3),
        "max": round(max(values), 3),
        "mean": round(statistics.fmean(values), 3),
    }


def median(values: Sequence[float]) -> float:
    """The median, NaN when empty."""
    return statistics.median(values) if values else math.nan


def max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident memory of this process (or its waited-for children) in MB.

    This process's own on Linux: its VmHWM. Linux's ru_maxrss of a process started
    by another also counts the peak of the process that started it until the exec
    (a task measured in a child of bench.run reported the memory bench.run held):
    it is read only where there is no VmHWM, and for children, which it may
    overstate the same way.
    """
    if who == resource.RUSAGE_SELF:
        own = _high_water_mark_kb()
        if own is not None:
            return round(own / 1024, 1)
    kilobytes = resource.getrusage(who).ru_maxrss
    return round(kilobytes / 1024 if sys.platform != "darwin" else kilobytes / 2**20, 1)


def _high_water_mark_kb() -> int | None:
    """This process's peak resident memory in kB since it started its program (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None
