"""bench/scale.py's `translate run` processes: each one's peak memory is its own."""

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

# A parent that has just held this much, then spawns a run of one article on the tiny model
# (a few hundred MiB at most): the run's peak must not be the parent's.
PARENT_PEAK_MIB = 1024


def test_a_spawned_run_reports_its_own_peak_not_its_parents(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(REPO / "tests")!r})
        from conftest import load_bench

        held = b"x" * ({PARENT_PEAK_MIB} << 20)
        del held
        scale = load_bench("scale")
        work = Path({str(tmp_path)!r})
        scale.write_articles(work / "in", 1)
        run = scale.spawn("one", work / "in", work / "out", work / "cache")
        print(run.articles, run.rss_mib)
        """
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=600
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    articles, peak_mib = completed.stdout.split()
    assert articles == "1"
    assert 20 < float(peak_mib) < PARENT_PEAK_MIB / 2
