"""One big article costs memory in proportion to its size, within the bound the README states
(`translate run` in a fresh process on the tiny model, its peak RSS read from /proc as it
exits: bench/article_memory.py). Memory, never time: the figures do not depend on load."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import load_bench

# The README's promise ("about 100× the article's size" for the folder of every format), with
# room for the allocator: an article costs at most this many bytes of peak memory per byte.
BOUND = 150
KIB = 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_peak_memory_grows_linearly_with_the_article_within_the_bound(tmp_path: Path) -> None:
    bench = load_bench("article_memory")
    small, large = 96 * KIB, 384 * KIB
    figures = bench.measure([small, large], tmp_path)
    above_small = (figures[str(small)] - figures["base"]) * KIB
    above_large = (figures[str(large)] - figures["base"]) * KIB
    report = bench.report([small, large], figures)
    assert above_small > 0, report
    # Four times the article, at most about four times the memory (a quadratic cost: 16×).
    assert above_large <= 4 * 1.5 * above_small, report
    assert above_large <= BOUND * large, report
    assert above_small <= BOUND * small, report
