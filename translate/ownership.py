"""How translate proves it wrote something before it replaces or deletes it.

Three proofs, nothing else counts:
- an article folder holds our `run.json`, which carries `WRITTEN_BY`, and nothing but files an
  article folder of ours can hold;
- a file of the batch itself (`manifest.json`, `manifest.jsonl`, the index pages, `corpus.json`)
  begins the way translate begins it (`is_our_batch_file`);
- a temporary folder is named `.<name>.<token>.tmp` or `.<name>.<token>.old` and holds a marker
  file whose content is that same random token, written by the run that made it (or, once
  complete, the first proof: a folder is renamed into place only after its marker is gone).

A folder or file that fails both is the user's: it is never touched, and what is in its way
fails alone with one line. (Git never overwrites an untracked file; rsync deletes only when
asked: the same manners here.)
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

from translate.errors import OutputError

# run.json's field and value that say translate wrote the folder.
WRITTEN_BY_FIELD = "written_by"
WRITTEN_BY = "translate"
RUN_FILE = "run.json"
# run.json's field that maps every other file translate wrote into the folder to its SHA-256, so
# that a file a person changed since (a post-edited aligned.xlf, a corrected tsv) is told apart
# from ours and kept when the folder is replaced. A run.json without it (older runs) records
# nothing: its files are ours by name, as before.
FILES_FIELD = "files"
# The marker inside a temporary folder; its content is the token in the folder's name.
TEMP_MARKER = ".translate-temp"
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.(?P<token>[0-9a-f]{16})\.(?P<kind>tmp|old)")
# The files a batch writes beside its article folders (`manifest.json`, `manifest.jsonl`, the
# index pages, the spreadsheet): no article folder may take one of these names, in any case.
BATCH_FILE = re.compile(r"manifest\.jsonl?|index(?:-\d+)?\.html|pairs\.xlsx", re.IGNORECASE)
# The line every page of the batch index carries (`index.html`, `index-2.html`, ...).
INDEX_GENERATOR = '<meta name="generator" content="translate batch index">'
# The first bytes of each file of the batch as translate writes it (`manifest.json` has always
# begun with its "tool" field, the journal with its "run" record).
MANIFEST_HEAD = '{\n  "tool": "translate '
JOURNAL_HEAD = '{"event": "run", "tool": "translate '
CORPUS_RECORD = "corpus.json"
# How much of a batch file is read to recognise it.
_HEAD_BYTES = 2048
_RECORD_MAX_BYTES = 1024 * 1024
# Fields every run.json of translate 0.1 has, for folders written before WRITTEN_BY existed.
_LEGACY_FIELDS = frozenset({"signature", "tool_version", "model_revision", "input_sha256"})


def new_token() -> str:
    """A random token for a temporary name: 16 hex digits, never reused."""
    return secrets.token_hex(8)


def temp_name(name: str, token: str, kind: str) -> str:
    """`.<name>.<token>.tmp` (a folder being written) or `.old` (one being replaced)."""
    return f".{name}.{token}.{kind}"


def parse_temp_name(entry_name: str) -> tuple[str, str, str] | None:
    """(name, token, kind) of one of our temporary names, or None for any other name."""
    match = _TEMP_NAME.fullmatch(entry_name)
    return (match["name"], match["token"], match["kind"]) if match else None


def mark_temporary(folder: Path, token: str) -> None:
    """Write the marker that proves `folder` is ours (call it first thing after creating it)."""
    (folder / TEMP_MARKER).write_text(token, encoding="ascii")


def is_our_temporary(entry: Path) -> bool:
    """True for a folder with one of our temporary names that holds its matching marker, or
    that is an article folder of ours (a finished folder about to take its name, whose marker
    went first, or an old one set aside)."""
    parsed = parse_temp_name(entry.name)
    if parsed is None or entry.is_symlink() or not entry.is_dir():
        return False
    try:
        if (entry / TEMP_MARKER).read_text(encoding="ascii").strip() == parsed[1]:
            return True
    except (OSError, UnicodeDecodeError):
        pass
    return is_our_article_folder(entry)


def is_our_article_folder(folder: Path) -> bool:
    """True when `folder` holds a run.json that translate wrote."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        record = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not isinstance(record, dict):
        return False
    return record.get(WRITTEN_BY_FIELD) == WRITTEN_BY or record.keys() >= _LEGACY_FIELDS


def with_file_hashes(run_json: str | bytes, hashes: Mapping[str, str]) -> str | bytes:
    """An article folder's run.json with the SHA-256 of each other file it holds (`hashes`, by
    name) recorded in it (`FILES_FIELD`); as it was when it is no JSON object to record them in."""
    try:
        record = json.loads(run_json)
    except ValueError:
        return run_json
    if not isinstance(record, dict):
        return run_json
    record[FILES_FIELD] = dict(sorted(hashes.items()))
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def recorded_hashes(folder: Path) -> dict[str, str] | None:
    """The SHA-256 of each file translate wrote into `folder`, by name, from its run.json; None
    when it records none (an older run.json, or none that can be read)."""
    try:
        record = json.loads((folder / RUN_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    hashes = record.get(FILES_FIELD) if isinstance(record, dict) else None
    if not isinstance(hashes, dict):
        return None
    return {str(name): str(digest) for name, digest in hashes.items()}


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes, read piece by piece."""
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def is_our_index_page(path: Path) -> bool:
    """True for a page of translate's batch index (its marker in the first 2 KB)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            return INDEX_GENERATOR in file.read(2048)
    except OSError:
        return False


def is_our_batch_file(path: Path) -> bool:
    """True for a regular file of the batch (by its name) that begins the way translate writes it.

    A link, a folder, an empty file or one that begins otherwise is the user's.
    """
    name = path.name.lower()
    if path.is_symlink() or not path.is_file():
        return False
    if name == CORPUS_RECORD:
        return _is_our_record(path)
    try:
        with path.open("rb") as file:
            head = file.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError:
        return False
    if name == "manifest.json":
        return head.startswith(MANIFEST_HEAD)
    if name == "manifest.jsonl":
        return head.startswith(JOURNAL_HEAD)
    return BATCH_FILE.fullmatch(name) is not None and INDEX_GENERATOR in head


def check_batch_files(out_dir: Path, names: Iterable[str]) -> None:
    """Raise `OutputError` when one of `names` (the batch's own files a run is about to write in
    `out_dir`) is there but is not translate's: call it before anything is written."""
    foreign = [
        name
        for name in names
        if ((out_dir / name).is_symlink() or (out_dir / name).exists())
        and not is_our_batch_file(out_dir / name)
    ]
    if foreign:
        others = f" (nor {', '.join(foreign[1:])})" if foreign[1:] else ""
        raise OutputError(
            f"{out_dir / foreign[0]}: this file was not written by translate, so the run does "
            f"not replace it with its own{others}; move it away or give another --out."
        )


def _is_our_record(path: Path) -> bool:
    try:
        if path.stat().st_size > _RECORD_MAX_BYTES:
            return False
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(record, dict) and record.get(WRITTEN_BY_FIELD) == WRITTEN_BY


def foreign_entries(folder: Path, allowed: frozenset[str]) -> list[str]:
    """The entries of our article folder that translate would not have put there, sorted.

    `allowed` is every file name an article folder can hold (all formats, run.json). Anything
    else (a sub-folder, a user's notes) means the folder is not only ours to replace.
    """
    names = []
    for entry in folder.iterdir():
        ours = entry.name in allowed or entry.name == TEMP_MARKER
        if not ours or entry.is_symlink() or not entry.is_file():
            names.append(entry.name + ("/" if entry.is_dir() else ""))
    return sorted(names)
