"""Benchmark legacy-encoding detection on German text: our rule against charset-normalizer.

Every German text of two sets is encoded in each legacy encoding German is written in (cp1252,
Latin-1, ISO-8859-15, DOS cp850, Mac Roman; a text with a character the encoding lacks is left
out of that encoding), and each detector is asked to read the bytes back. A reading is right
when it gives the original text exactly (cp1252 and Latin-1 give the same text for most German
bytes, so the text is scored, not the name). Texts that stay ASCII (valid UTF-8) are left out.

- `dev`: the shared segmentation kit's golden, challenge and „gquotes“ paragraphs, which the
  rule (translate/read/encoding.py) was written against;
- `held-out`: its plain newstest paragraphs, the body text of the benchmark pages
  (bench/data/pages/*.json) and bench/article-de.txt, scored only.

Each set is scored as single paragraphs (few special characters to go on) and as articles
(ten consecutive paragraphs joined).

    python bench/encoding_detection.py [--shared ../shared/eval/segmentation]
                              [--out bench/results-encoding-detection.md]

charset-normalizer (MIT) comes with trafilatura (`pip install -e '.[dev]'`).
"""

from __future__ import annotations

import argparse
import datetime
import json
import platform
from collections.abc import Callable
from pathlib import Path

from translate.errors import InputError
from translate.files import write_text_atomic
from translate.read.encoding import detect_legacy

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "eval" / "segmentation"
DEFAULT_OUT = REPO / "bench" / "results-encoding-detection.md"
ENCODINGS = ("cp1252", "latin-1", "iso-8859-15", "cp850", "mac-roman")
ARTICLE_PARAGRAPHS = 10

Detector = Callable[[bytes], str | None]


def ours(data: bytes) -> str | None:
    """translate's rule: the text it reads, or None when it refuses."""
    try:
        return detect_legacy(data, source="bench").text
    except InputError:
        return None


def charset_normalizer(data: bytes) -> str | None:
    """charset-normalizer's best guess, as text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return None if best is None else str(best)


DETECTORS: dict[str, Detector] = {"ours": ours, "charset-normalizer": charset_normalizer}


def load_sets(shared: Path) -> dict[str, list[str]]:
    """The dev and held-out paragraphs (see the module docstring)."""

    def paragraphs(name: str) -> list[str]:
        lines = (shared / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["text"] for line in lines if line.strip()]

    pages = sorted((REPO / "bench" / "data" / "pages").glob("*.json"))
    page_texts = [" ".join(json.loads(p.read_text(encoding="utf-8"))["body"]) for p in pages]
    article = (REPO / "bench" / "article-de.txt").read_text(encoding="utf-8").split("\n\n")
    return {
        "dev": [
            *paragraphs("golden_de"),
            *paragraphs("challenge_de"),
            *paragraphs("newstest_paragraphs_de_gquotes"),
        ],
        "held-out": [*paragraphs("newstest_paragraphs_de"), *page_texts, *article],
    }


def cases(texts: list[str], encoding: str) -> list[tuple[str, bytes]]:
    """(text, bytes) for every text the encoding can hold and that is not plain ASCII."""
    found = []
    for text in texts:
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        if not data.isascii():
            found.append((text, data))
    return found


def score(texts: list[str]) -> dict[str, dict[str, tuple[int, int]]]:
    """Right readings and cases per detector and encoding."""
    results: dict[str, dict[str, tuple[int, int]]] = {name: {} for name in DETECTORS}
    for encoding in ENCODINGS:
        found = cases(texts, encoding)
        for name, detector in DETECTORS.items():
            right = sum(1 for text, data in found if detector(data) == text)
            results[name][encoding] = (right, len(found))
    return results


def articles(paragraphs: list[str]) -> list[str]:
    """Consecutive paragraphs joined into articles of ARTICLE_PARAGRAPHS."""
    return [
        "\n\n".join(paragraphs[start : start + ARTICLE_PARAGRAPHS])
        for start in range(0, len(paragraphs), ARTICLE_PARAGRAPHS)
    ]


def render(tables: dict[str, dict[str, dict[str, tuple[int, int]]]]) -> str:
    """The results as Markdown: one row per set, unit and detector."""
    lines = [
        "# Legacy-encoding detection on German text",
        "",
        f"`python bench/encoding_detection.py`, {datetime.date.today().isoformat()}, "
        f"Python {platform.python_version()}. Share of texts read back exactly "
        "(right / cases), per encoding they were written in.",
        "",
        "| set | unit | detector | " + " | ".join(ENCODINGS) + " | all |",
        "|---|---|---|" + "---|" * (len(ENCODINGS) + 1),
    ]
    for label, results in tables.items():
        for name, per_encoding in results.items():
            right = sum(r for r, _ in per_encoding.values())
            total = sum(t for _, t in per_encoding.values())
            cells = [_share(*per_encoding[encoding]) for encoding in ENCODINGS]
            lines.append(
                f"| {label} | {name} | " + " | ".join(cells) + f" | {_share(right, total)} |"
            )
    return "\n".join(lines) + "\n"


def _share(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}% ({right}/{total})" if total else "-"


def main(argv: list[str] | None = None) -> None:
    """Score both detectors on both sets; write the Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    tables = {}
    for split, texts in load_sets(args.shared).items():
        tables[f"{split} | paragraphs"] = score(texts)
        tables[f"{split} | articles"] = score(articles(texts))
    text = render(tables)
    write_text_atomic(args.out, text)
    print(text, end="")


if __name__ == "__main__":
    main()
