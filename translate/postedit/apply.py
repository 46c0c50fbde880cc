"""`translate apply`: a post-edited XLIFF of ours brought back into its article folder.

The folder is read back (its pairs from aligned.jsonl, its signature from run.json), each pair
whose English the XLIFF changed takes the new English (`Origin.edited`; the review flags run on
it again, the model's confidence and word links no longer apply), the extractive summary is
chosen again from the edited English, and every format the folder held is rendered again and
swapped in all at once, under the output folder's lock, with `run`'s ownership rule (only a
folder whose run.json we wrote); the batch's manifest entry, index pages and spreadsheet follow
(`translate.postedit.batch`).
Nothing is translated. The edits go into the translation memory first, unless told otherwise,
so a failure later loses no one's work.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.align import CROSS_PAIR_FLAGS, review_across, review_findings
from translate.align.pairing import flag_fields
from translate.document import AlignedDocument, Origin, RunInfo, SentencePair
from translate.errors import InputError
from translate.files import write_article_folder
from translate.memory import RunMemory, read_units
from translate.memory.store import Memory
from translate.memory.xml_in import OUR_TOOL, parse_xml
from translate.options import ALL_FORMATS, Options
from translate.ownership import is_our_article_folder
from translate.postedit.batch import refresh_batch
from translate.postedit.folder import ArticleFolder, read_article_folder
from translate.read import SAVED_PAGE_FILES
from translate.read.bilingual import local, segment_text
from translate.read.source import read_plain_file
from translate.render import output_files, render_files
from translate.render.formats import OUTPUT_FORMATS
from translate.run.store.lock import OutputLock
from translate.summary import load_summariser

ARTICLE_FILES = output_files(ALL_FORMATS) | frozenset(SAVED_PAGE_FILES.values())


@dataclass(frozen=True, slots=True)
class Applied:
    """One XLIFF applied: the folder written again and how many pairs a person edited."""

    xliff: Path
    folder: Path
    edited: int


def apply_files(
    paths: Sequence[Path], out_dir: Path | None, memory_path: Path | None
) -> list[Applied]:
    """Apply each post-edited XLIFF to its article folder (found beside it, else under
    `out_dir` by the name the XLIFF gives); `memory_path` None keeps the memory out of it."""
    plans = [(path, *_plan(path, out_dir)) for path in paths]
    # Each plan starts from the folder as it is now: a second XLIFF of the same article would
    # silently undo the first one's edits, so two of them are refused before anything is done.
    first: dict[Path, Path] = {}
    for path, folder, _ in plans:
        other = first.setdefault(folder.path.resolve(), path)
        if other is not path:
            raise InputError(
                f"{path}: belongs to the same article folder {folder.path} as {other}; apply "
                "one of them, then edit and apply the folder's new aligned.xlf."
            )
    memory: RunMemory | None = None
    if memory_path is not None:
        units = [u for path, folder, _ in plans for u in read_units(path, drafts=folder.path)]
        with Memory(memory_path) as store:
            store.add(units)
        memory = RunMemory(memory_path)
    applied = []
    try:
        for path, folder, document in plans:
            written = _write(folder, document, _signed(folder, document, memory))
            edited = sum(1 for pair in document.pairs if pair.origin is Origin.edited)
            applied.append(Applied(path, written, edited))
    finally:
        if memory is not None:
            memory.close()
    return applied


def _signed(folder: ArticleFolder, document: AlignedDocument, memory: RunMemory | None) -> RunInfo:
    """The folder's run signature, with what the memory gives its sentences now that the edits
    are in it: a re-run with this memory then finds the folder up to date, edits and all
    (without the memory, what it gave the article is as the folder records)."""
    if memory is None:
        return folder.run
    answers = memory.answers([pair.source for pair in document.pairs])
    return replace(folder.run, memory=memory.identity, memory_answers=answers)


def _plan(path: Path, out_dir: Path | None) -> tuple[ArticleFolder, AlignedDocument]:
    data = read_plain_file(path, "an XLIFF file", max_bytes=None)
    root = parse_xml(data, str(path))
    file = next((e for e in root.iter() if local(e.tag) == "file"), None)
    if local(root.tag) != "xliff" or file is None or file.get("tool-id") != OUR_TOOL:
        raise InputError(
            f"{path}: not an aligned.xlf that translate wrote; import another tool's file with "
            "translate memory import."
        )
    name = file.get("original", "")
    if out_dir is None and is_our_article_folder(path.parent):
        location = path.parent
    else:
        location = (out_dir or Path("outputs")) / name
    if not is_our_article_folder(location):
        raise InputError(
            f"{path}: its article folder {location} is not there (or not translate's); give "
            "--out the folder that holds the article's folder."
        )
    folder = read_article_folder(location)
    edits = _targets(root, str(path))
    pairs = []
    for pair in folder.pairs:
        if pair.id not in edits:
            raise InputError(f"{path}: unit {pair.id} of the article is missing.")
        source, english = edits[pair.id]
        if source.strip() != pair.source.strip():
            raise InputError(
                f"{path}: unit {pair.id} holds other German than the article in {location}; "
                "the XLIFF belongs to another version of it."
            )
        # No English (an empty or absent target) is an untranslated unit, not a deletion.
        edited = english.strip() and english.strip() != pair.target.strip()
        pairs.append(_edited(pair, english) if edited else pair)
    # The checks across pairs (names, segments) see the edited English: drop their old verdicts.
    pairs = [_without_cross_pair_flags(pair) for pair in pairs]
    return folder, review_across(AlignedDocument(folder.name, tuple(pairs)))


def _edited(pair: SentencePair, english: str) -> SentencePair:
    target = english.strip()
    flags, reasons = flag_fields(review_findings(pair.source, target, pieces=pair.pieces))
    return replace(
        pair,
        target=target,
        confidence=None,
        flags=flags,
        reasons=reasons,
        alignment=None,
        origin=Origin.edited,
        match=None,
    )


def _without_cross_pair_flags(pair: SentencePair) -> SentencePair:
    reasons = pair.reasons or ("",) * len(pair.flags)
    kept = [
        (flag, reason)
        for flag, reason in zip(pair.flags, reasons, strict=True)
        if flag not in CROSS_PAIR_FLAGS
    ]
    if len(kept) == len(pair.flags):
        return pair
    flags, kept_reasons = flag_fields(kept)
    return replace(pair, flags=flags, reasons=kept_reasons)


def _targets(root: ET.Element, name: str) -> dict[str, tuple[str, str]]:
    """Each trans-unit's id, German and English; an id twice is refused, as which English
    the person meant cannot be known."""
    found: dict[str, tuple[str, str]] = {}
    for unit in (e for e in root.iter() if local(e.tag) == "trans-unit"):
        parts = {local(child.tag): segment_text(child) for child in unit}
        if "source" not in parts:
            raise InputError(f"{name}: unit {unit.get('id')} has no <source>.")
        if unit.get("id", "") in found:
            raise InputError(f"{name}: unit {unit.get('id')} appears more than once.")
        found[unit.get("id", "")] = (parts["source"], parts.get("target", ""))
    return found


def _write(folder: ArticleFolder, document: AlignedDocument, run: RunInfo) -> Path:
    budget = str(folder.record.get("summary", {}).get("budget", ""))
    kind, _, amount = budget.partition(":")
    if folder.record.get("summary", {}).get("model") is not None or kind not in (
        "sentences",
        "words",
    ):
        raise InputError(
            f"{folder.path}: its summary cannot be chosen again (a model wrote it, or run.json "
            "records no budget); apply chooses extractive summaries only: run the article again."
        )
    options = (
        Options(summary_sentences=int(amount))
        if kind == "sentences"
        else Options(summary_words=int(amount))
    )
    summary = load_summariser(options).summarise(document)
    formats = tuple(f for f in ALL_FORMATS if (folder.path / OUTPUT_FORMATS[f]).is_file())
    files = render_files(document, summary, run, formats or ALL_FORMATS, folder.kept)
    busy = "try again when it is done"  # this folder or none: another --out would not help
    with OutputLock(folder.path.parent, busy) as lock:  # never beside a run writing there
        written = write_article_folder(
            folder.path.parent, folder.path.name, files, allowed=ARTICLE_FILES, token=lock.token
        )
        refresh_batch(folder.path.parent, folder.path.name, document, lock.token)
    return written
