"""`translate memory import`: files of human translations read whole, then stored at once.

Every file is read and checked before the memory is touched, so a bad file (one line naming it
and the unit) leaves the memory exactly as it was: nothing half-imported.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.clock import utc_now
from translate.errors import InputError
from translate.files import keep_edited
from translate.memory.model import MemoryUnit
from translate.memory.store import Memory
from translate.memory.tsv_in import read_tsv
from translate.memory.xml_in import Held, parse_xml, read_tmx, read_xliff
from translate.ownership import recorded_hashes
from translate.read.bilingual import decode_text, local, looks_like_xml
from translate.read.source import read_plain_file

# The article folder's JSONL (else its TSV): the English a run wrote, to tell an edited draft
# from an untouched one (translate.render.jsonl.JSONL_FILE, translate.render.tsv.TSV_FILE).
_DRAFTS_FILE = "aligned.jsonl"
_TSV_DRAFTS_FILE = "aligned.tsv"
_XML_SUFFIXES = frozenset({".xlf", ".xliff", ".tmx", ".xml"})
_XLIFF_FILE = "aligned.xlf"

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: files read, pairs stored (a German sentence twice counts once), how
    many of those were new or changed the memory's English (the others were there already, or
    older than what is), the memory's size afterwards, and the files that held no pair."""

    files: int
    units: int
    total: int
    changed: int
    empty: tuple[str, ...]


def import_files(paths: Sequence[Path], memory_path: Path) -> ImportReport:
    """Read every file in `paths`, then store all their pairs in one transaction."""
    imported = utc_now()
    read = [(path, read_units(path, imported)) for path in paths]
    empty = tuple(str(path) for path, units in read if not units)
    with Memory(memory_path) as memory:
        if len(empty) == len(read):  # nothing to store: no memory is made for it
            return ImportReport(len(paths), 0, memory.stats().units, 0, empty)
        stored = memory.add(unit for _, units in read for unit in units)
        return ImportReport(len(paths), stored.pairs, memory.stats().units, stored.changed, empty)


def read_units(
    path: Path, imported: str | None = None, *, folder: Path | None = None
) -> list[MemoryUnit]:
    """The human translations in one file: XLIFF, TMX (told apart by their root) or TSV (UTF-8,
    or UTF-16 with its BOM), read as `translate check` reads them (`translate.read.bilingual`).

    `folder` is the article folder whose aligned.jsonl says what it holds (default: the file's
    own folder), to tell a person's new English in our XLIFF from what the folder has already.
    """
    imported = imported or utc_now()
    name = str(path)
    data = read_plain_file(path, "a file of translations", max_bytes=None)
    # An XML name is read as XML even when empty (a save cut short), never as an empty TSV.
    if path.suffix.lower() in _XML_SUFFIXES or looks_like_xml(data):
        root = parse_xml(data, name)
        kind = local(root.tag)
        if kind == "xliff":
            return read_xliff(root, name, imported, _held(folder or path.parent))
        if kind == "tmx":
            return read_tmx(root, name, imported)
        raise InputError(
            f"{name}: a <{kind}> document; the memory imports XLIFF 1.2, TMX and TSV files."
        )
    return read_tsv(decode_text(data, name), name, imported)


def _held(folder: Path) -> Mapping[str, Held] | None:
    """What the article folder holds for each pair id, its German, English and whose it is, from its
    aligned.jsonl, else its aligned.tsv (a folder written without jsonl); None when there is
    neither to read (then a unit still marked as a machine draft stays out)."""
    try:
        if not (folder / _DRAFTS_FILE).is_file() and (folder / _TSV_DRAFTS_FILE).is_file():
            data = (folder / _TSV_DRAFTS_FILE).read_bytes().decode("utf-8")
            rows = list(csv.DictReader(io.StringIO(data, newline=""), delimiter="\t"))
            return {
                f"p{row['paragraph']}.s{row['sentence']}": Held(
                    row["de"], row["en"], row.get("origin") or "model"
                )
                for row in rows
            }
        lines = (folder / _DRAFTS_FILE).read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, csv.Error):
        return None
    return {
        str(record["id"]): Held(
            str(record["de"]), str(record["en"]), str(record.get("origin", "model"))
        )
        for record in records
        if isinstance(record, dict) and {"id", "de", "en"} <= record.keys()
    }


def _applied_edits(held: Mapping[str, Held] | None, xliff: Path) -> list[MemoryUnit]:
    """The pairs the folder holds as a person's edit (`translate apply`), as memory units."""
    return [
        MemoryUnit(pair.german, pair.english, str(xliff), unit_id, utc_now())
        for unit_id, pair in (held or {}).items()
        if pair.origin == "edited"
    ]


def rescue_edits(folder: Path, memory_path: Path | None) -> int:
    """Before a run replaces an article folder of ours: a person's edits in its aligned.xlf go
    into the memory (when there is one); how many pairs were a person's. The edited file itself
    is kept beside the folder when it is replaced (`translate.files.keep_edited`, told by the
    hashes run.json records); a folder whose run.json records none (an older run) has it kept
    here, as `<name>.edited.aligned.xlf`, the same way."""
    xliff = folder / _XLIFF_FILE
    if not xliff.is_file():
        return 0
    try:
        units = read_units(xliff, folder=folder)
    except InputError as error:  # a broken file: nothing to take from it, but it is kept
        logger.warning("%s The file is kept beside the folder; its pairs are not taken.", error)
        if recorded_hashes(folder) is None:  # else it is kept when the folder is replaced
            keep_edited(xliff, folder, move=False)
        return 0
    if memory_path is not None:  # what the memory holds already is safe there
        with Memory(memory_path) as memory:
            known = memory.exact([unit.source for unit in units])
            units = [u for u, english in zip(units, known, strict=True) if english != u.target]
            # An edit applied without the memory lives only in the folder: it goes in where the
            # memory has no English for its sentence (one it has is a person's, and later).
            new = {unit.source for unit in units}
            kept = [u for u in _applied_edits(_held(folder), xliff) if u.source not in new]
            missing = memory.exact([unit.source for unit in kept])
            units += [u for u, english in zip(kept, missing, strict=True) if english is None]
            if units:
                memory.add(units)
    if not units:
        return 0
    taken = "went into the translation memory" if memory_path is not None else "(no memory)"
    logger.warning("%s: %d pairs a person edited or confirmed %s", xliff, len(units), taken)
    if recorded_hashes(folder) is None:  # else the file is kept when the folder is replaced
        keep_edited(xliff, folder, move=False)
    return len(units)
