"""Benchmark reading Word, OpenDocument and PDF files: how much of the text comes out exactly.

Each description in bench/data/documents/{dev,heldout} (German articles written for this
repository, with the paragraphs and sentences a reader must return written in it by hand) is
built into `.docx`, `.odt` and `.pdf` by LibreOffice (`scripts/build_documents.py`: running
headers and footers with page numbers, justified and hyphenated text, two columns, footnotes,
comments, tracked deletions, hidden text, tables). Each file is read with
`translate.read.read_article`, and for each set and format this reports:

- paragraphs exact: the share of the expected paragraphs that come out as one paragraph, word
  for word (whitespace collapsed: a line break typed inside a paragraph counts as a space);
- sentences exact: the share of the expected sentences found among the sentences of the
  output (split by our segmenter), word for word;
- extra sentences: output sentences that are no expected sentence (leaked or garbled text);
- leaks: running headers, footers and page numbers found in the output (the header's and
  footer's words with the page fields as any number, and sentences that are only a number).

Each article is also printed to PDF by headless Chromium from a web page (`chromium.pdf`),
with the date, title, address and page numbers Chromium prints around each page: a PDF of
another maker, its furniture counted as leaks too.

`dev` was looked at while the readers were built; `heldout` and `heldout2` are scored only
(`heldout` was first scored before the last PDF change; `heldout2` was written after it).
Needs LibreOffice (`soffice`) and Debian's German hyphenation patterns (`hyphen-de`) to build
the files.

    python bench/documents.py [--out bench/results-documents.md] [--show dev]
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from translate.files import write_text_atomic
from translate.read import read_article
from translate.segment import split_sentences

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data" / "documents"
DEFAULT_OUT = REPO / "bench" / "results-documents.md"
SETS = ("dev", "heldout", "heldout2")
FORMATS = ("docx", "odt", "pdf", "chromium.pdf")
# What Chromium prints around each page: the date and time, the page's title, its address, and
# `page/pages`.
_CHROMIUM_FURNITURE = (r"\d+/\d+/\d+, \d+:\d+ [AP]M", r"file://\S+", r"(?<![\d,.])\d+/\d+(?![\d/])")
_ONLY_NUMBER = re.compile(r"[-–—\s]*\d{1,4}[-–—\s]*")


def _builder() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_documents", REPO / "scripts" / "build_documents.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Score:
    """Counts for one set and format, summed over its documents."""

    documents: int = 0
    paragraphs: int = 0
    paragraphs_exact: int = 0
    sentences: int = 0
    sentences_exact: int = 0
    extra: int = 0
    leaks: int = 0


def _normal(text: str) -> str:
    return " ".join(text.split())


def score_document(
    description: dict[str, Any],
    paragraphs: list[str],
    builder: Any,
    furniture: tuple[str, ...] = (),
) -> tuple[Score, list[str]]:
    """One document's counts, and the expected sentences it missed and the extra it gave."""
    expected_paragraphs = [_normal(p) for p in builder.expected_paragraphs(description)]
    expected_sentences = [_normal(s) for s in builder.expected_sentences(description)]
    got_paragraphs = Counter(_normal(p) for p in paragraphs)
    got_sentences = Counter(_normal(s) for p in paragraphs for s in split_sentences(p))
    score = Score(
        documents=1, paragraphs=len(expected_paragraphs), sentences=len(expected_sentences)
    )
    left = got_paragraphs.copy()
    for paragraph in expected_paragraphs:
        if left[paragraph] > 0:
            left[paragraph] -= 1
            score.paragraphs_exact += 1
    remaining = got_sentences.copy()
    notes = []
    for sentence in expected_sentences:
        if remaining[sentence] > 0:
            remaining[sentence] -= 1
            score.sentences_exact += 1
        else:
            notes.append(f"  missed: {sentence}")
    for sentence, count in remaining.items():
        if count > 0:
            score.extra += count
            notes.append(f"  extra:  {sentence}")
    score.leaks = _leaks(description.get("layout", {}), paragraphs, got_sentences, furniture)
    return score, notes


def _leaks(
    layout: dict[str, Any],
    paragraphs: list[str],
    sentences: Counter[str],
    furniture: tuple[str, ...] = (),
) -> int:
    """Header and footer strings (page fields as any number), bare page numbers and any of the
    `furniture` patterns in the output."""
    text = "\n".join(_normal(p) for p in paragraphs)
    count = sum(n for sentence, n in sentences.items() if _ONLY_NUMBER.fullmatch(sentence))
    count += sum(len(re.findall(pattern, text)) for pattern in furniture)
    for template in (layout.get("header") or "", layout.get("footer") or ""):
        if not re.sub(r"\{pages?\}", "", template).strip(" -–—"):
            continue
        pattern = (
            re.escape(_normal(template)).replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+")
        )
        count += len(re.findall(pattern, text))
    return count


def run(sets: tuple[str, ...], show: set[str]) -> dict[str, dict[str, Score]]:
    """Build every description in every format, read the files, and score them."""
    builder = _builder()
    results: dict[str, dict[str, Score]] = {}
    with tempfile.TemporaryDirectory() as work:
        for name in sets:
            descriptions = sorted((DATA / name).glob("*.json"))
            out = Path(work) / name
            builder.build(descriptions, out)
            printed = _print_with_chromium(descriptions, out, builder)
            results[name] = {kind: Score() for kind in FORMATS}
            for path in descriptions:
                description = json.loads(path.read_text(encoding="utf-8"))
                for kind in FORMATS if printed else FORMATS[:-1]:
                    article = read_article(out / f"{path.stem}.{kind}")
                    furniture = (*_CHROMIUM_FURNITURE, re.escape(_html_title(description)))
                    score, notes = score_document(
                        description,
                        list(article.paragraphs),
                        builder,
                        furniture if kind == "chromium.pdf" else (),
                    )
                    total = results[name][kind]
                    for field in Score.__dataclass_fields__:
                        setattr(total, field, getattr(total, field) + getattr(score, field))
                    if name in show and notes:
                        print(f"{name}/{path.stem}.{kind}", *notes, sep="\n", file=sys.stderr)
    return results


def _html_title(description: dict[str, Any]) -> str:
    return str(description.get("layout", {}).get("header") or "Druckansicht")


def _print_with_chromium(descriptions: list[Path], out: Path, builder: Any) -> bool:
    """Each description as a web page printed to PDF by headless Chromium, with the header and
    footer it prints by default (date, title, address, page numbers): a PDF of another maker.
    False where there is no Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return False
    for path in descriptions:
        description = json.loads(path.read_text(encoding="utf-8"))
        page = out / f"{path.stem}.html"
        page.write_text(_html(description, builder), encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--print-to-pdf={out / f'{path.stem}.chromium.pdf'}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return True


def _html(description: dict[str, Any], builder: Any) -> str:
    """The description as a page: the title above the text, the text in its columns,
    justified and hyphenated as the description says; tables as tables."""
    layout = description.get("layout", {})
    body = []
    title = ""
    for block in description["blocks"]:
        if "title" in block:
            title = f"<h1>{escape(builder._plain(block['title']))}</h1>"
        elif "heading" in block:
            body.append(f"<h2>{escape(builder._plain(block['heading']))}</h2>")
        elif "sentences" in block:
            text = " ".join(builder._plain(sentence) for sentence in block["sentences"])
            body.append(f"<p>{escape(text)}</p>")
        else:
            rows = "".join(
                "<tr>"
                + "".join(f"<td>{escape(builder._plain(cell))}</td>" for cell in row)
                + "</tr>"
                for row in block["table"]
            )
            body.append(f"<table>{rows}</table>")
    align = "justify" if layout.get("justify", True) else "left"
    style = (
        f"body{{font-family:serif;font-size:{layout.get('size', 11) + 1}pt}}"
        f".text{{column-count:{layout.get('columns', 1)};text-align:{align};hyphens:auto}}"
        "td{vertical-align:top}"
    )
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>'
        f"{escape(_html_title(description))}</title><style>{style}</style></head><body>"
        f'{title}<div class="text">{"".join(body)}</div></body></html>'
    )


def scale(copies: tuple[int, int] = (1, 16)) -> dict[str, list[tuple[int, float]]]:
    """Seconds to read one dev document's body repeated `copies` times, in each format (the
    readers are linear when the second time is about `copies[1] / copies[0]` times the first)."""
    builder = _builder()
    base = json.loads((DATA / "dev" / "hochwasser.json").read_text(encoding="utf-8"))
    timings: dict[str, list[tuple[int, float]]] = {kind: [] for kind in FORMATS[:-1]}
    with tempfile.TemporaryDirectory() as work:
        paths = []
        for count in copies:
            path = Path(work) / f"scale-{count}.json"
            path.write_text(json.dumps({**base, "blocks": base["blocks"] * count}), "utf-8")
            paths.append(path)
        builder.build(paths, Path(work) / "out")
        for path in paths:
            for kind in FORMATS[:-1]:
                document = Path(work) / "out" / f"{path.stem}.{kind}"
                start = time.perf_counter()
                read_article(document, max_bytes=1 << 30)
                timings[kind].append((document.stat().st_size, time.perf_counter() - start))
    return timings


def report(
    results: dict[str, dict[str, Score]], timings: dict[str, list[tuple[int, float]]]
) -> str:
    """The results as a Markdown file."""
    lines = [
        "# Reading documents: Word, OpenDocument, PDF",
        "",
        f"`python bench/documents.py`, {datetime.date.today().isoformat()}, Python "
        f"{platform.python_version()}; files built by LibreOffice from bench/data/documents.",
        "`dev` was looked at while the readers were built. `heldout` was scored once before the",
        "last change to the PDF reader (the spacing rule, found on a new dev document), which",
        "its figures now include; `heldout2` was written after all tuning and scored once.",
        "`chromium.pdf`: the same articles as a web page printed to PDF by headless Chromium, with",
        "the date, title, address and `page/pages` it prints around each page: a PDF of another",
        "maker (no footnotes, comments or hidden text there; its tables have no rules or gaps).",
        "",
        "| set | format | documents | paragraphs exact | sentences exact | extra sentences | "
        "header/footer/page-number leaks |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, by_format in results.items():
        for kind, score in by_format.items():
            lines.append(
                f"| {name} | {kind} | {score.documents} | "
                f"{score.paragraphs_exact}/{score.paragraphs} "
                f"({100 * score.paragraphs_exact / max(score.paragraphs, 1):.1f}%) | "
                f"{score.sentences_exact}/{score.sentences} "
                f"({100 * score.sentences_exact / max(score.sentences, 1):.1f}%) | "
                f"{score.extra} | {score.leaks} |"
            )
    if not timings:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "Reading time at two sizes, one dev document's body once and 16 times (wall clock on a",
        "shared machine, so noisy, and at a few milliseconds for .docx and .odt mostly noise;",
        "the ratio is what matters: linear is about 16x):",
        "",
        "| format | 1x: bytes, seconds | 16x: bytes, seconds | time ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, ((small_size, small), (large_size, large)) in timings.items():
        lines.append(
            f"| {kind} | {small_size:,} B, {small:.3f} s | {large_size:,} B, {large:.3f} s | "
            f"{large / small:.1f}x |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: dev,heldout")
    parser.add_argument("--show", action="append", default=[], choices=SETS)
    parser.add_argument("--no-scale", action="store_true", help="skip the timing at two sizes")
    arguments = parser.parse_args()
    results = run(tuple(arguments.sets.split(",")), set(arguments.show))
    text = report(results, {} if arguments.no_scale else scale())
    write_text_atomic(arguments.out, text)
    print(text)


if __name__ == "__main__":
    main()
