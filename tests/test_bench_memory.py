"""bench/memory.py measures what it says: every near sentence matched, no fresh one."""

from __future__ import annotations

from pathlib import Path

from conftest import load_bench


def test_the_memory_benchmark_at_a_small_size(tmp_path: Path) -> None:
    bench = load_bench("memory")
    small = bench.measure(300, 40, tmp_path, baseline=False)
    large = bench.measure(600, 40, tmp_path, baseline=True)
    for figures in (small, large):
        assert figures["fuzzy_near_matched"] == 1.0  # one word of 5 or more replaced: >= 80%
        assert figures["fuzzy_fresh_matched"] == 0.0
        assert figures["exact_found"] == 20  # half the lookups are memory sentences
    report = bench.report({300: small, 600: large}, 40)
    assert "| 300 |" in report and "| 600 |" in report
    assert "scanning all 600 units" in report
