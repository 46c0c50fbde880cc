"""A shortlist on disk: `vmap.txt` beside the converted model, and a record tying it to that model.

CTranslate2 reads `vmap.txt` from the model's own folder, so the shortlist lives in the
converted folder. The record (`translate-shortlist.json`, written last) names the model, its
revision and the SHA-256 of the converted weights it was learned with, and the map's own
SHA-256: a map copied from another model's folder, or edited since, is refused rather than
silently decoding with the wrong words. A Ray job carries both files (`ShortlistCopy`) to nodes
whose conversion has none, where the same checks apply.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from translate.document import ModelInfo
from translate.engines.ct2_convert import CONVERSION_MARKER, SHORTLIST_MARKER, VMAP_FILE
from translate.errors import OutputError, UsageError

# Bump when what a shortlist record holds changes: older records are then rebuilt.
SHORTLIST_FORMAT = 1


@dataclass(frozen=True, slots=True)
class ShortlistRecord:
    """What a shortlist was built for and how well it agreed with the full vocabulary."""

    identity: str
    model: str
    revision: str
    weights: str
    learned: int
    held_out: int
    identical: int
    forced: bool
    format: int = SHORTLIST_FORMAT


def converted_weights(folder: Path) -> str:
    """The SHA-256 of the converted `model.bin`, as the conversion's marker records it."""
    try:
        marker = json.loads((folder / CONVERSION_MARKER).read_text(encoding="utf-8"))
        return str(marker["files"]["model.bin"][1])
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return ""


def build_command(info: ModelInfo) -> str:
    """The command that builds a shortlist for `info`'s model, to quote in a message."""
    return f"translate shortlist build ARTICLES... --model {info.name}"


def write_shortlist(folder: Path, vmap: str, record: ShortlistRecord) -> None:
    """Write `vmap.txt` and then its record into the converted `folder`, each atomically.

    An existing `vmap.txt` is replaced only when a shortlist record says translate wrote it.
    """
    target = folder / VMAP_FILE
    if target.exists() and not (folder / SHORTLIST_MARKER).is_file():
        raise OutputError(
            f"{target} was not written by translate; move it away to build a shortlist here."
        )
    _write_atomic(target, vmap)
    _write_atomic(folder / SHORTLIST_MARKER, json.dumps(asdict(record), indent=2) + "\n")


@dataclass(frozen=True, slots=True)
class ShortlistCopy:
    """A built shortlist as data: what a Ray job carries to nodes that have not built it."""

    vmap: str
    record: ShortlistRecord


def copy_shortlist(folder: Path) -> ShortlistCopy:
    """The shortlist in the converted `folder` (one `read_shortlist` accepted) as data."""
    try:
        vmap = (folder / VMAP_FILE).read_bytes().decode("utf-8")
        record = json.loads((folder / SHORTLIST_MARKER).read_text(encoding="utf-8"))
        return ShortlistCopy(vmap, ShortlistRecord(**record))
    except (OSError, ValueError, TypeError) as error:
        raise UsageError(
            f"the shortlist in {folder} cannot be read ({error}); build it again with "
            "`translate shortlist build`."
        ) from None


def install_shortlist(folder: Path, copy: ShortlistCopy) -> None:
    """Write a carried shortlist into the converted `folder`, unless one is there already.

    A node's own shortlist is left as it is: `read_shortlist` checks it as always, and one that
    differs from the driver's makes the node's settings differ, which the run refuses.
    """
    if not (folder / SHORTLIST_MARKER).exists():
        write_shortlist(folder, copy.vmap, copy.record)


def read_shortlist(folder: Path, info: ModelInfo) -> str:
    """The identity (SHA-256) of the shortlist built for the converted model in `folder`.

    `UsageError` when there is none, when it was built for another model, or when its map no
    longer matches its record: each message says how to build one.
    """
    build = build_command(info)
    try:
        record = json.loads((folder / SHORTLIST_MARKER).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"no shortlist has been built for model {info.name}; build one from your own "
            f"articles with `{build}`, or leave out --shortlist."
        ) from None
    except (OSError, ValueError) as error:
        raise UsageError(
            f"the shortlist record {folder / SHORTLIST_MARKER} cannot be read ({error}); "
            f"build the shortlist again with `{build}`."
        ) from None
    if not isinstance(record, dict) or record.get("format") != SHORTLIST_FORMAT:
        raise UsageError(
            f"the shortlist in {folder} is of an older format; build it again with `{build}`."
        )
    if record.get("revision") != info.revision or record.get("weights") != converted_weights(
        folder
    ):
        raise UsageError(
            f"the shortlist in {folder} was built for another model ({record.get('model')}, "
            f"revision {str(record.get('revision'))[:19]}), not {info.name}; build one for "
            f"this model with `{build}`."
        )
    try:
        actual = hashlib.sha256((folder / VMAP_FILE).read_bytes()).hexdigest()
    except OSError:
        actual = ""
    if actual != record.get("identity"):
        raise UsageError(
            f"{folder / VMAP_FILE} is missing or was changed after the shortlist was built; "
            f"build it again with `{build}`."
        )
    return actual


def _write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary sibling renamed into place."""
    scratch = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
    try:
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
    except OSError as error:
        scratch.unlink(missing_ok=True)
        raise OutputError(
            f"cannot write {path} ({error.strerror}); check the permissions of the model cache "
            "(TRANSLATE_CACHE_DIR)."
        ) from None
