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


def test_the_run_time_ratio_is_a_median_of_paired_runs(tmp_path: Path) -> None:
    bench = load_bench("memory")
    small = bench.measure(300, 20, tmp_path, baseline=True)
    run = bench.run_ratio(tmp_path / "memory-300.sqlite3", tmp_path, articles=1, pairs=2)
    assert len(run["wall_ratios"]) == len(run["cpu_ratios"]) == 2
    assert run["wall_ratio"] == sum(run["wall_ratios"]) / 2  # the median of two
    report = bench.report({300: small}, 20, [run])
    assert "with the tiny test model" in report and "2 pairs" in report
    assert f"**{run['wall_ratio']:.2f}x wall time**" in report
