"""Benchmark web-page extraction: ours (translate.read.page) against trafilatura's plain output.

Each page of bench/data/pages (written for this repository; see its README) comes with the
sentences that must come out and the boilerplate strings that must not. For every page and both
extractors this reports:

- body recall: the share of the must-have sentences found whole in the output (whitespace
  collapsed); headline, teaser, body paragraphs, sub-headings and list items all count;
- boilerplate kept out: the share of the must-not strings absent from the output;
- headline first: whether the output starts with the article's headline;
- metadata: the share of the stated fields (title, author, date, canonical URL) that come out
  right (a date counts when it starts with the day; trafilatura's from its `extract_metadata`).

The baseline is `trafilatura.extract(page_bytes)`, trafilatura's text output with its default
settings, as a user calling it gets it. Pages are split into `dev` (looked at while the
extraction was built) and `held-out` (scored only).

    python bench/extraction.py [--out bench/results-extraction.md]
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.files import write_text_atomic
from translate.read.page import read_page

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO / "bench" / "data" / "pages"
DEFAULT_OUT = REPO / "bench" / "results-extraction.md"
SPLITS = ("dev", "held-out")


@dataclass(frozen=True, slots=True)
class Score:
    """One extractor on one page: counts, so that splits can be summed."""

    found: int
    body: int
    kept_out: int
    boilerplate: int
    headline_first: bool
    metadata_right: int
    metadata: int


def flat(text: str) -> str:
    return " ".join(text.split())


def score(case: dict[str, Any], text: str, first: str, stated: dict[str, str | None]) -> Score:
    """How an output (`text`, its first paragraph `first`, its `stated` metadata) does."""
    output = flat(text)
    expected = case["metadata"]
    return Score(
        found=sum(1 for sentence in case["body"] if flat(sentence) in output),
        body=len(case["body"]),
        kept_out=sum(1 for string in case["boilerplate"] if string not in output),
        boilerplate=len(case["boilerplate"]),
        headline_first=flat(first) == flat(case["headline"]),
        metadata_right=sum(
            1 for key, value in expected.items() if str(stated.get(key) or "").startswith(value)
        ),
        metadata=len(expected),
    )


def ours(data: bytes, case: dict[str, Any]) -> Score:
    page = read_page(data, source="bench")
    stated = page.metadata.record()
    return score(case, "\n".join(page.paragraphs), page.paragraphs[0], dict(stated))


def trafilatura_plain(data: bytes, case: dict[str, Any]) -> Score:
    import trafilatura

    text = trafilatura.extract(data) or ""
    meta = trafilatura.extract_metadata(data)
    stated = {key: getattr(meta, key, None) for key in ("title", "author", "date", "url")}
    return score(case, text, text.split("\n", 1)[0], stated)


EXTRACTORS = {"ours": ours, "trafilatura.extract": trafilatura_plain}


def run() -> dict[str, dict[str, dict[str, Score]]]:
    """Scores by split, page and extractor."""
    results: dict[str, dict[str, dict[str, Score]]] = {split: {} for split in SPLITS}
    for page in sorted(PAGES.glob("*.html")):
        case = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        data = page.read_bytes()
        results[case["split"]][page.stem] = {
            name: extractor(data, case) for name, extractor in EXTRACTORS.items()
        }
    return results


def _share(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}% ({right}/{total})" if total else "-"


def _row(label: str, name: str, scores: list[Score]) -> str:
    return (
        f"| {label} | {name} | "
        + _share(sum(s.found for s in scores), sum(s.body for s in scores))
        + " | "
        + _share(sum(s.kept_out for s in scores), sum(s.boilerplate for s in scores))
        + " | "
        + f"{sum(s.headline_first for s in scores)}/{len(scores)}"
        + " | "
        + _share(sum(s.metadata_right for s in scores), sum(s.metadata for s in scores))
        + " |"
    )


def render(results: dict[str, dict[str, dict[str, Score]]]) -> str:
    """The totals per split, then one row per page."""
    header = [
        "| set | extractor | body sentences recalled | boilerplate kept out | headline first | "
        "metadata right |",
        "|---|---|---|---|---|---|",
    ]
    lines = [
        "# Web-page extraction: ours against trafilatura's plain output",
        "",
        f"`python bench/extraction.py`, {datetime.date.today().isoformat()}, Python "
        f"{platform.python_version()}, trafilatura {_version()}; pages in bench/data/pages.",
        "",
        *header,
    ]
    for split, pages in results.items():
        for name in EXTRACTORS:
            lines.append(
                _row(f"{split} ({len(pages)} pages)", name, [p[name] for p in pages.values()])
            )
    lines += ["", "Per page:", "", *header]
    for split, pages in results.items():
        for page, scores in pages.items():
            for name in EXTRACTORS:
                lines.append(_row(f"{split}: {page}", name, [scores[name]]))
    return "\n".join(lines) + "\n"


def scaling(sizes: tuple[int, int] = (100, 1600), repeat: int = 3) -> str:
    """Seconds to extract a page of `sizes` paragraphs (each with a link list and an ad box
    between them, so that cleaning has work), best of `repeat`: near-linear means the larger
    costs about 16 times the smaller, not 256."""
    import time

    rows = []
    for size in sizes:
        blocks = "".join(
            f"<p>Absatz {n}: Der Stadtrat hat am Abend über den Haushalt beraten, und die "
            f"Fraktionen stritten lange über die Kosten der neuen Schule.</p>"
            f'<div class="ad">Anzeige {n}</div><ul><li><a href="/{n}">Mehr {n}</a></li>'
            f'<li><a href="/x{n}">Weiter {n}</a></li></ul>'
            for n in range(size)
        )
        page = (
            "<html><head><meta charset='utf-8'><title>T</title></head><body><nav>"
            "<a href='/'>Start</a></nav><article><h1>Haushalt beschlossen</h1>"
            f"{blocks}</article><footer>Impressum</footer></body></html>"
        ).encode()
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            read_page(page, source="bench")
            best = min(best, time.perf_counter() - started)
        rows.append((size, len(page), best))
    (small, _, small_s), (large, _, large_s) = rows
    return (
        f"Scaling: {small} paragraphs ({rows[0][1]:,} bytes) {small_s:.3f} s, {large} paragraphs "
        f"({rows[1][1]:,} bytes) {large_s:.3f} s: {large_s / small_s:.1f}x the time for "
        f"{large // small}x the page (best of {repeat}).\n"
    )


def _version() -> str:
    import trafilatura

    return str(trafilatura.__version__)


def main(argv: list[str] | None = None) -> None:
    """Score both extractors on every page; write the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # trafilatura's and our notes on each page's charset
    text = render(run()) + "\n" + scaling()
    write_text_atomic(args.out, text)
    print(text, end="")


if __name__ == "__main__":
    main()
