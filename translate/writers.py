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

from translate.document import AlignedDocument, RunInfo, Summary
from translate.errors import OutputError

TRANSLATION_FILE = "translation.en.txt"
TSV_FILE = "aligned.tsv"
JSONL_FILE = "aligned.jsonl"
MARKDOWN_FILE = "side-by-side.md"
SUMMARY_FILE = "summary.md"
RUN_FILE = "run.json"

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
    """`paragraph  sentence  de  en` rows, 1-based ids, text escaped (see `escape_tsv`)."""
    rows = ["paragraph\tsentence\tde\ten"]
    rows.extend(
        f"{pair.paragraph}\t{pair.sentence}\t{escape_tsv(pair.source)}\t{escape_tsv(pair.target)}"
        for pair in document.pairs
    )
    return "\n".join(rows) + "\n"


def render_jsonl(document: AlignedDocument) -> str:
    """One JSON object per sentence pair: id, paragraph, sentence, de, en."""
    lines = [
        json.dumps(
            {
                "id": pair.id,
                "paragraph": pair.paragraph,
                "sentence": pair.sentence,
                "de": pair.source,
                "en": pair.target,
            },
            ensure_ascii=False,
        )
        for pair in document.pairs
    ]
    return "".join(line + "\n" for line in lines)


def _markdown_cell(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(document: AlignedDocument, summary: Summary, run: RunInfo) -> str:
    """A page to read: the summary, then per paragraph a German | English table."""
    lines = [f"# {_markdown_cell(document.name)}", "", f"`{run.signature()}`", ""]
    if summary.sentences:
        lines += ["## Summary", ""]
        lines += [f"- {_markdown_cell(s.text)} ({s.pair_id})" for s in summary.sentences]
        lines.append("")
    for number, group in enumerate(document.paragraphs(), start=1):
        lines += [f"## Paragraph {number}", "", "| | German | English |", "|---|---|---|"]
        lines += [
            f"| {pair.id} | {_markdown_cell(pair.source)} | {_markdown_cell(pair.target)} |"
            for pair in group
        ]
        lines.append("")
    return "\n".join(lines)


def render_summary(summary: Summary, name: str) -> str:
    """The summary sentences, each followed by the id of the pair it comes from."""
    lines = [f"# Summary: {name}", ""]
    lines += [f"- {sentence.text} ({sentence.pair_id})" for sentence in summary.sentences]
    return "\n".join(lines) + "\n"


def render_run(run: RunInfo, document: AlignedDocument, summary: Summary) -> str:
    """The run signature and what came out of it, as JSON."""
    record = {
        "signature": run.signature(),
        **asdict(run),
        "paragraphs": len(document.paragraphs()),
        "sentences": len(document.pairs),
        "sentences_split_to_fit": sum(1 for pair in document.pairs if pair.pieces > 1),
        "summary_method": summary.method,
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


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
