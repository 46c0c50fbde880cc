"""Rendering an aligned document into each output format (pure), and writing them atomically.

Renderers are pure functions from the document to text so they can be tested without disk;
only `write_article_folder` touches the file system, and it never leaves a half-written folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path

from translate.align.review import FLAG_REASONS
from translate.document import AlignedDocument, RunInfo, SentencePair, Summary
from translate.errors import OutputError, UsageError
from translate.options import ALL_FORMATS as ALL_FORMATS
from translate.render.html import HTML_FILE, render_html
from translate.render.tmx import TMX_FILE, render_tmx

TRANSLATION_FILE = "translation.en.txt"
TSV_FILE = "aligned.tsv"
JSONL_FILE = "aligned.jsonl"
MARKDOWN_FILE = "side-by-side.md"
SUMMARY_FILE = "summary.md"
RUN_FILE = "run.json"

# `--formats` names and the file each one writes; run.json is always written (it is the record
# of what produced the folder, which re-runs compare against).
OUTPUT_FORMATS = {
    "txt": TRANSLATION_FILE,
    "tsv": TSV_FILE,
    "jsonl": JSONL_FILE,
    "md": MARKDOWN_FILE,
    "html": HTML_FILE,
    "tmx": TMX_FILE,
    "summary": SUMMARY_FILE,
}

_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_SPECIAL = re.compile(r"[\\\t\n\r]")
# Characters that would start Markdown syntax inside a table cell; backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`<>\[\]])")


def render_translation(document: AlignedDocument) -> str:
    """The English text: sentences joined by spaces, blank lines between paragraphs."""
    paragraphs = [" ".join(pair.target for pair in group) for group in document.paragraphs()]
    return "\n\n".join(paragraphs) + "\n"


def escape_tsv(text: str) -> str:
    """Escape backslash, tab and line breaks, so every TSV row keeps exactly its fields."""
    return _TSV_SPECIAL.sub(lambda match: _TSV_ESCAPES[match.group()], text)


def render_tsv(document: AlignedDocument) -> str:
    """`paragraph  sentence  de  en  confidence` rows, 1-based ids, text escaped (`escape_tsv`).

    The confidence is empty where the engine gave none.
    """
    rows = ["paragraph\tsentence\tde\ten\tconfidence"]
    rows.extend(
        f"{pair.paragraph}\t{pair.sentence}\t{escape_tsv(pair.source)}\t{escape_tsv(pair.target)}"
        f"\t{_confidence(pair.confidence)}"
        for pair in document.pairs
    )
    return "\n".join(rows) + "\n"


def _confidence(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def render_jsonl(document: AlignedDocument) -> str:
    """One JSON object per sentence pair: id, paragraph, sentence, de, en, confidence, flags,
    and `alignment` ([German word, English word] index pairs) when word alignment was asked for.
    """
    lines = [json.dumps(_jsonl_record(pair), ensure_ascii=False) for pair in document.pairs]
    return "".join(line + "\n" for line in lines)


def _jsonl_record(pair: SentencePair) -> dict[str, object]:
    record: dict[str, object] = {
        "id": pair.id,
        "paragraph": pair.paragraph,
        "sentence": pair.sentence,
        "de": pair.source,
        "en": pair.target,
        "confidence": None if pair.confidence is None else round(pair.confidence, 4),
        "flags": list(pair.flags),
    }
    if pair.alignment is not None:
        record["alignment"] = [list(link) for link in pair.alignment]
    return record


def _markdown_cell(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(document: AlignedDocument, summary: Summary, run: RunInfo) -> str:
    """A page to read: the summary, then per paragraph a German | English table."""
    lines = [f"# {_markdown_cell(document.name)}", "", f"`{run.signature()}`", ""]
    if summary.sentences:
        lines += ["## Summary", ""]
        lines += [f"- {_with_id(_markdown_cell(s.text), s.pair_id)}" for s in summary.sentences]
        lines.append("")
    for number, group in enumerate(document.paragraphs(), start=1):
        lines += [f"## Paragraph {number}", "", "| | German | English |", "|---|---|---|"]
        lines += [
            f"| {pair.id} | {_markdown_cell(pair.source)} | {_markdown_cell(pair.target)}"
            f"{_markdown_flags(pair.flags)} |"
            for pair in group
        ]
        lines.append("")
    flagged = sorted({flag for pair in document.pairs for flag in pair.flags})
    if flagged:
        lines += ["## Review flags", ""]
        lines += [f"- ⚑ {flag}: {FLAG_REASONS[flag]}" for flag in flagged]
        lines.append("")
    return "\n".join(lines)


def _markdown_flags(flags: tuple[str, ...]) -> str:
    return f" ⚑ {', '.join(flags)}" if flags else ""


def render_summary(summary: Summary, name: str) -> str:
    """The summary sentences, each followed by the id of the pair it comes from.

    A model's summary has no such ids; a line above it names the model and the prompt instead.
    """
    lines = [f"# Summary: {name}", ""]
    if summary.model is not None:
        lines += [
            f"Written by the model {summary.model} from the prompt template "
            f"{summary.template}; not sentences of the article.",
            "",
        ]
    lines += [f"- {_with_id(s.text, s.pair_id)}" for s in summary.sentences]
    return "\n".join(lines) + "\n"


def _with_id(text: str, pair_id: str | None) -> str:
    return f"{text} ({pair_id})" if pair_id else text


def render_run(run: RunInfo, document: AlignedDocument, summary: Summary) -> str:
    """The run signature and what came out of it, as JSON."""
    record = {
        "signature": run.signature(),
        **asdict(run),
        "paragraphs": len(document.paragraphs()),
        "sentences": len(document.pairs),
        "sentences_split_to_fit": sum(1 for pair in document.pairs if pair.pieces > 1),
        "flagged_for_review": count_flags(document),
        "summary_method": summary.method,
        "summary": {
            "signature": summary.signature(),
            "method": summary.method,
            "budget": summary.budget,
            "model": summary.model,
            "model_revision": summary.model_revision,
            "template": summary.template,
            "template_sha256": summary.template_sha256,
            "sentences": len(summary.sentences),
        },
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def parse_formats(text: str) -> tuple[str, ...]:
    """`tsv,html` → ("tsv", "html"); `all` → every format. Unknown names are a usage error."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if names == ["all"]:
        return ALL_FORMATS
    unknown = [name for name in names if name not in OUTPUT_FORMATS]
    if unknown or not names:
        raise UsageError(
            f"unknown output format {', '.join(map(repr, unknown)) or repr(text)}: choose from "
            f"{', '.join(ALL_FORMATS)} (comma-separated) or all."
        )
    return tuple(dict.fromkeys(names))


def output_files(formats: tuple[str, ...] = ALL_FORMATS) -> frozenset[str]:
    """The file names an article folder gets for `formats`: theirs and run.json."""
    return frozenset({*(OUTPUT_FORMATS[name] for name in formats), RUN_FILE})


def render_files(
    document: AlignedDocument,
    summary: Summary,
    run: RunInfo,
    formats: tuple[str, ...] = ALL_FORMATS,
) -> dict[str, str]:
    """The chosen output files of an article, by file name, plus run.json (`output_files`)."""
    renderers = {
        "txt": lambda: render_translation(document),
        "tsv": lambda: render_tsv(document),
        "jsonl": lambda: render_jsonl(document),
        "md": lambda: render_markdown(document, summary, run),
        "html": lambda: render_html(document, summary, run),
        "tmx": lambda: render_tmx(document, run),
        "summary": lambda: render_summary(summary, document.name),
    }
    files = {OUTPUT_FORMATS[name]: renderers[name]() for name in formats}
    files[RUN_FILE] = render_run(run, document, summary)
    return files


def count_flags(document: AlignedDocument) -> dict[str, int]:
    """How many pairs carry each review flag (only flags that occur)."""
    counts: dict[str, int] = {}
    for pair in document.pairs:
        for flag in pair.flags:
            counts[flag] = counts.get(flag, 0) + 1
    return dict(sorted(counts.items()))


def write_article_folder(folder: Path, files: dict[str, str]) -> None:
    """Write all of an article's files into `folder`, all or nothing.

    The files go into a temporary sibling folder that is renamed into place only when every file
    is complete; an existing folder is swapped out and removed afterwards.
    """
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent)
        )
    except OSError as error:
        raise OutputError(
            f"{folder.parent}: cannot create the output folder ({error.strerror})."
        ) from None
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        staging.chmod(0o755)
        _swap_into_place(staging, folder)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(
            f"{folder}: cannot write the results ({error.strerror or error})."
        ) from None


def _swap_into_place(staging: Path, folder: Path) -> None:
    if folder.is_dir():
        retired = Path(
            tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent)
        )
        os.replace(folder, retired)
        os.replace(staging, folder)
        shutil.rmtree(retired, ignore_errors=True)
    elif folder.exists():
        raise OSError(0, f"{folder} exists and is not a folder")
    else:
        os.replace(staging, folder)


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary sibling and `os.replace`: never half a file."""
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error}).") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({error.strerror or error}).") from None
