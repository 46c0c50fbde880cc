"""Line-aligned test files read into an `EvaluationSet`: one segment per line, as WMT ships them.

A line is a segment: usually one sentence, sometimes two or three (newstest has such lines). The
pipeline segments each line as it would a paragraph, and the line's English is its sentences'
translations joined by a space, which is what BLEU against a line-aligned reference needs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.errors import InputError
from translate.read import read_source

# A test set is a few hundred kilobytes (newstest2019 de-en: 330 KB); a user's own may be larger
# than one article may (`--max-bytes`), but a file past this is a mistake, not a test set.
MAX_TEST_FILE_BYTES = 256 * 1024 * 1024
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class EvaluationSet:
    """German segments and their reference translations, line for line.

    `references` holds one tuple per reference translation (sacrebleu takes several), each as
    long as `sources`; `sha256` is that of the source file's bytes, for the run signature.
    """

    name: str
    sources: tuple[str, ...]
    references: tuple[tuple[str, ...], ...]
    sha256: str


def read_evaluation_set(
    source: Path, references: Sequence[Path], *, name: str | None = None
) -> EvaluationSet:
    """Read a source file and its reference files; they must have the same number of lines.

    Raises `InputError` naming the file for a missing, empty, binary or non-UTF-8 file, and for
    files whose line counts differ.
    """
    if not references:
        raise InputError("no reference file; give --reference with the English of each line.")
    data = read_source(source, max_bytes=MAX_TEST_FILE_BYTES)
    sources = split_lines(data, source=str(source))
    read = [
        split_lines(read_source(path, max_bytes=MAX_TEST_FILE_BYTES), source=str(path))
        for path in references
    ]
    for path, lines in zip(references, read, strict=True):
        if len(lines) != len(sources):
            raise InputError(
                f"{path}: has {_lines(len(lines))} but {source} has {_lines(len(sources))}; "
                "the files must be line-aligned, one segment per line."
            )
    return EvaluationSet(
        name=name or source.name,
        sources=sources,
        references=tuple(read),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def split_lines(data: bytes, *, source: str) -> tuple[str, ...]:
    """A UTF-8 file's lines, split at `\\n` only (as sacrebleu and `wc -l` count them).

    A final newline ends the last line rather than starting an empty one; `\\r\\n` endings and a
    byte-order mark are dropped. Raises `InputError` for a binary, non-UTF-8 or empty file.
    """
    if b"\x00" in data:
        raise InputError(f"{source}: looks like a binary file (it contains NUL bytes).")
    try:
        text = data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source}: is not UTF-8 (byte 0x{data[error.start]:02X} at offset {error.start}); "
            "test sets are read as UTF-8, so convert it first (e.g. with iconv)."
        ) from None
    if not text.strip():
        raise InputError(f"{source}: is empty; give one segment per line.")
    lines = text.removesuffix("\n").split("\n")
    return tuple(line.removesuffix("\r") for line in lines)


def _lines(count: int) -> str:
    return f"{count} line" if count == 1 else f"{count} lines"
