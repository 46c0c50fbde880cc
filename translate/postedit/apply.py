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

import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from translate.align import CROSS_PAIR_FLAGS, review_across, review_findings
from translate.align.pairing import flag_fields
from translate.document import AlignedDocument, Origin, RunInfo, SentencePair
from translate.errors import InputError
from translate.files import write_article_folder
from translate.glossary import Glossary
from translate.memory import RunMemory, read_units
from translate.memory.normalise import normalise
from translate.memory.store import Memory
from translate.memory.xml_in import (
    OUR_TOOL,
    Held,
    XliffSegment,
    parse_xml,
    persons_english,
    same_text,
    trans_units,
    whole_unit,
)
from translate.options import ALL_FORMATS, Options
from translate.ownership import foreign_entries, is_our_article_folder
from translate.postedit.batch import refresh_batch
from translate.postedit.folder import ArticleFolder, read_article_folder
from translate.read import SAVED_PAGE_FILES
from translate.read.bilingual import local
from translate.read.source import read_plain_file
from translate.render import output_files, render_files
from translate.render.formats import OUTPUT_FORMATS
from translate.run.store.lock import OutputLock
from translate.summary import load_summariser

logger = logging.getLogger(__name__)

ARTICLE_FILES = output_files(ALL_FORMATS) | frozenset(SAVED_PAGE_FILES.values())


@dataclass(frozen=True, slots=True)
class Applied:
    """One XLIFF applied: the folder written again and how many pairs a person edited."""

    xliff: Path
    folder: Path
    edited: int


def apply_files(
    paths: Sequence[Path],
    out_dir: Path | None,
    memory_path: Path | None,
    glossary: Glossary | None = None,
) -> Iterator[Applied]:
    """Apply each post-edited XLIFF to its article folder (found beside it, else under
    `out_dir` by the name the XLIFF gives), yielding each as it is written, so a failure at
    the third says the first two are done; `memory_path` None keeps the memory out of it.
    `glossary` is the one the articles were translated with, to check the edited English by.
    Every XLIFF is read and checked against its folder before anything is written."""
    plans = [(path, *_plan(path, out_dir, glossary)) for path in paths]
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
        units = [u for path, folder, _ in plans for u in read_units(path, folder=folder.path)]
        with Memory(memory_path) as store:
            store.add(units)
        memory = RunMemory(memory_path)
    try:
        for path, folder, document in plans:
            if memory is not None:
                document = _as_the_memory_has_it(folder, document, memory, glossary)
            edited = sum(1 for pair in document.pairs if pair.origin is Origin.edited)
            if _same_english(folder, document):  # nothing new: the folder stays as it is
                yield Applied(path, folder.path, edited)
                continue
            written = _write(folder, document, _signed(folder, document, memory))
            yield Applied(path, written, edited)
    finally:
        if memory is not None:
            memory.close()


def _as_the_memory_has_it(
    folder: ArticleFolder,
    document: AlignedDocument,
    memory: RunMemory,
    glossary: Glossary | None,
) -> AlignedDocument:
    """`document` as a run with the memory would give it now, its edits imported: a sentence
    the memory holds, and the XLIFF did not just change, takes the memory's English (a
    correction imported since the folder was written, an edit of another article's copy), so
    the folder, the memory and what run.json records of it (`_signed`) agree."""
    found = memory.exact([pair.source for pair in document.pairs])
    pairs = []
    for pair, before in zip(document.pairs, folder.pairs, strict=True):
        given = found.get(pair.source)
        now_edited = (pair.target, pair.origin) != (before.target, before.origin)
        if (
            given is None
            or now_edited
            or (pair.origin is not Origin.model and given.text == pair.target)
        ):
            pairs.append(pair)
            continue
        pairs.append(replace(_edited(pair, given.text, glossary), origin=Origin.memory))
    if all(new is old for new, old in zip(pairs, document.pairs, strict=True)):
        return document
    return _reviewed(document.name, pairs)


def _same_english(folder: ArticleFolder, document: AlignedDocument) -> bool:
    """Whether the XLIFF changed no pair's English or whose it is (one applied twice)."""
    return [(p.target, p.origin) for p in folder.pairs] == [
        (p.target, p.origin) for p in document.pairs
    ]


def _signed(folder: ArticleFolder, document: AlignedDocument, memory: RunMemory | None) -> RunInfo:
    """The folder's run signature, with what the memory gives its sentences now that the edits
    are in it: a re-run with this memory then finds the folder up to date, edits and all
    (without the memory, what it gave the article is as the folder records)."""
    if memory is None:
        return folder.run
    answers = memory.answers([pair.source for pair in document.pairs])
    return replace(folder.run, memory=memory.identity, memory_answers=answers)


def _plan(
    path: Path, out_dir: Path | None, glossary: Glossary | None
) -> tuple[ArticleFolder, AlignedDocument]:
    data = read_plain_file(path, "an XLIFF file", max_bytes=None)
    root = parse_xml(data, str(path))
    file = next((e for e in root.iter() if local(e.tag) == "file"), None)
    if local(root.tag) != "xliff" or file is None or file.get("tool-id") != OUR_TOOL:
        raise InputError(
            f"{path}: not an aligned.xlf that translate wrote; import another tool's file with "
            "translate memory import."
        )
    location = _article_folder(path, file.get("original", ""), out_dir)
    foreign = foreign_entries(location, ARTICLE_FILES)
    if foreign:  # found before anything is written, for every XLIFF given
        shown = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise InputError(
            f"{location}: holds files translate did not write ({shown}), so apply does not "
            "replace it; move them out of the folder and apply again."
        )
    folder = read_article_folder(location)
    _check_glossary(path, folder, glossary)
    units = _units(root, str(path))
    ids = {pair.id for pair in folder.pairs}
    added = next((unit_id for unit_id in units if unit_id not in ids), None)
    if added is not None:
        raise InputError(
            f"{path}: unit {added} is not in the article in {location}; apply changes the "
            "English of the article's sentences, it adds none: remove the unit."
        )
    pairs = []
    changed: dict[str, str] = {}  # the German a person gave English now, and that English
    for pair in folder.pairs:
        if pair.id not in units:
            raise InputError(f"{path}: unit {pair.id} of the article is missing.")
        segment = units[pair.id]
        if not same_text(segment.german, pair.source):
            raise InputError(
                f"{path}: unit {pair.id} holds other German than the article in {location}; "
                "the XLIFF belongs to another version of it."
            )
        # The English of a pair the model wrote counts as a person's when they changed it or
        # confirmed it; a pair that was a person's already changes only with its text. A draft
        # still marked so, where the folder holds a person's English now, is an older copy.
        english = persons_english(segment, Held(pair.source, pair.target, pair.origin.value))
        if english is None:
            pairs.append(pair)
            continue
        pairs.append(_edited(pair, english, glossary))
        changed[normalise(pair.source)] = english  # the last, as the memory takes the last
    # A sentence the article repeats takes the person's English wherever the model wrote it
    # (what a CAT tool's auto-propagation does, and what a re-run with the memory would give).
    pairs = [
        _edited(pair, changed[key], glossary)
        if pair.origin is Origin.model and (key := normalise(pair.source)) in changed
        else pair
        for pair in pairs
    ]
    return folder, _reviewed(folder.name, pairs)


def _reviewed(name: str, pairs: Sequence[SentencePair]) -> AlignedDocument:
    """The article of `pairs`, checked across pairs (names, segments) again: the edited English
    is seen, the old verdicts of those checks dropped."""
    return review_across(AlignedDocument(name, tuple(map(_without_cross_pair_flags, pairs))))


def _article_folder(path: Path, name: str, out_dir: Path | None) -> Path:
    """The article folder an XLIFF belongs to: the one it sits in, else the one beside it by the
    name the XLIFF gives (a kept `<name>.edited.aligned.xlf`), else that name under `out_dir`
    (default `outputs/`); only a folder of ours. The name is a path under the output folder,
    never outside it."""
    parts = PurePosixPath(name).parts
    if not name or "\\" in name or PurePosixPath(name).is_absolute() or ".." in parts:
        raise InputError(
            f"{path}: names its article folder {name!r}, which is no folder name under an "
            "output folder; give the article's own aligned.xlf."
        )
    if out_dir is None:
        if is_our_article_folder(path.parent):
            return path.parent
        if path.parent.name == parts[-1]:  # in its article's folder, which is not ours now
            raise InputError(
                f"{path}: its folder {path.parent} has no run.json of translate's, so apply does "
                "not write it; if the article's folder is elsewhere, give --out the folder that "
                "holds it."
            )
        if is_our_article_folder(path.parent / name):
            return path.parent / name
    location = (out_dir or Path("outputs")) / name
    if not is_our_article_folder(location):
        raise InputError(
            f"{path}: its article folder {location} is not there (or not translate's); give "
            "--out the folder that holds the article's folder."
        )
    return location


def _check_glossary(path: Path, folder: ArticleFolder, glossary: Glossary | None) -> None:
    """The edited English is checked with the glossary the article was translated with: another
    one is refused (its verdicts would sit beside the first one's), none is said once."""
    recorded = folder.run.glossary
    given = glossary.sha256 if glossary is not None else ""
    if glossary is not None and given != recorded:
        had = f"the glossary {recorded}" if recorded else "no glossary"
        raise InputError(
            f"{path}: --glossary is not the glossary its article was translated with (run.json: "
            f"{had}); give that one, or run the article again with this one."
        )
    if recorded and glossary is None:
        logger.warning(
            "%s: was translated with a glossary (%s); the edited English is checked without "
            "it: give apply --glossary FILE to check it too",
            folder.path,
            recorded,
        )


def _edited(pair: SentencePair, english: str, glossary: Glossary | None) -> SentencePair:
    target = english.strip()
    findings = review_findings(pair.source, target, pieces=pair.pieces, glossary=glossary)
    flags, reasons = flag_fields(findings)
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


def _units(root: ET.Element, name: str) -> dict[str, XliffSegment]:
    """Each trans-unit by its id, whole; an id twice is refused, as which English the person
    meant cannot be known."""
    found: dict[str, XliffSegment] = {}
    for _, unit, unit_id in trans_units(root):
        if unit_id in found:
            raise InputError(f"{name}: unit {unit_id} appears more than once.")
        found[unit_id] = whole_unit(unit, unit_id, name)
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
