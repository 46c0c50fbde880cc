"""The outputs of a corpus run: `pairs.*` and `summaries.*`, each whole or not there at all.

While a run goes on, finished articles go into parts (`.translate-corpus-parts/part-<run>-<first
position>.{pairs,summaries}.<format>`), each written under a temporary name and renamed when
complete, the summaries part last: a part's summaries file is the proof that its pairs file is
whole. A killed run leaves its parts, so the next run (resuming by article id) keeps them. At
the end of a run the final files are rebuilt from the last final files and the parts
(`translate.corpus.merge`), written under temporary names and renamed into place, so a reader
never finds a half corpus; the parts are then removed.

`corpus.json` says the final files are translate's: their size and modification time, the ones
in place and the ones about to replace them. A `pairs.jsonl` that is not listed there (a user's
file of the same name) is never replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from translate.align import pair_reasons
from translate.corpus.input import CorpusFormat, CorpusId, CorpusRow, IdType
from translate.errors import OutputError, first_line
from translate.files import sync_path, write_text_atomic
from translate.ownership import WRITTEN_BY, WRITTEN_BY_FIELD, temp_name
from translate.pipeline import ArticleResult

PARTS_FOLDER = ".translate-corpus-parts"
RECORD_FILE = "corpus.json"
KINDS = ("pairs", "summaries")
_PART = re.compile(r"part-(\d{6})-(\d{10})\.(pairs|summaries)\.(jsonl|parquet)")
_BATCH_ROWS = 4096

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class CorpusTarget:
    """Where a corpus run writes: the folder, the format, the id type (for Parquet's schema),
    this run's number among the parts, and its temporary-name token."""

    out_dir: str
    fmt: CorpusFormat
    id_type: IdType
    seq: int
    token: str

    @property
    def folder(self) -> Path:
        return Path(self.out_dir)

    @property
    def parts(self) -> Path:
        return self.folder / PARTS_FOLDER

    def final(self, kind: str) -> Path:
        """`pairs.jsonl`, `summaries.parquet`, ..."""
        return self.folder / f"{kind}.{self.fmt}"

    def outputs(self) -> tuple[str, ...]:
        """The final files' names, as a manifest entry lists them."""
        return tuple(self.final(kind).name for kind in KINDS)


def pair_rows(identifier: CorpusId | None, result: ArticleResult) -> list[Row]:
    """One row per sentence pair of an article: with each flag's reason in words, one line
    (in the order of `flags`), and where the English comes from (`model`, `memory`, `edited`),
    so a corpus says what aligned.jsonl says without a folder per article."""
    return [
        {
            "id": identifier,
            "paragraph": pair.paragraph,
            "sentence": pair.sentence,
            "de": pair.source,
            "en": pair.target,
            # Rounded as aligned.jsonl rounds it: four places say all the model's score means.
            "confidence": None if pair.confidence is None else round(pair.confidence, 4),
            "flags": list(pair.flags),
            "reasons": [" ".join(reason.split()) for _, reason in pair_reasons(pair)],
            "origin": pair.origin.value,
        }
        for pair in result.document.pairs
    ]


# The fields each kind of row gained after the first corpus outputs were written: a row of an
# older output (kept by a resumed run) has them null, unknown rather than guessed.
_LATER_FIELDS = {"pairs": ("reasons", "origin"), "summaries": ("memory_answers",)}


def complete_row(kind: str, row: Row) -> Row:
    """A row of `kind` as this version writes it (`_LATER_FIELDS` null where it lacks them)."""
    missing = [field for field in _LATER_FIELDS[kind] if field not in row]
    return {**row, **dict.fromkeys(missing)} if missing else row


def summary_row(row: CorpusRow, result: ArticleResult) -> Row:
    """The article's row of `summaries`: its metadata, English summary, run signature and what
    the translation memory gave it (`RunInfo.memory_answers`, which resume asks for again)."""
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "date": row.date,
        "summary": " ".join(sentence.text for sentence in result.summary.sentences),
        "sentences": len(result.document.pairs),
        "flagged": sum(1 for pair in result.document.pairs if pair.flags),
        "input_sha256": row.digest,
        "signature": result.run.signature(),
        "memory_answers": result.run.memory_answers,
    }


def write_part(target: CorpusTarget, first: int, pairs: list[Row], summaries: list[Row]) -> None:
    """Write one part (the articles from input position `first` on), summaries file last."""
    try:
        target.parts.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(f"{target.parts}: cannot create the folder ({error.strerror}).") from None
    for kind, rows in zip(KINDS, (pairs, summaries), strict=True):
        name = f"part-{target.seq:06d}-{first:010d}.{kind}.{target.fmt}"
        _write_rows(target, target.parts / name, kind, iter([rows]))


def write_articles_part(
    target: CorpusTarget, first: int, articles: Sequence[tuple[CorpusRow, ArticleResult]]
) -> None:
    """Write translated articles (with the rows they came from) into one part: their pairs and
    summaries. A local run and a Ray write task both write their parts through here."""
    write_part(
        target,
        first,
        [pair for row, result in articles for pair in pair_rows(row.id, result)],
        [summary_row(row, result) for row, result in articles],
    )


def check_final_files(target: CorpusTarget) -> None:
    """Raise `OutputError` when a final file is in the way that translate did not write."""
    for kind in KINDS:
        path = target.final(kind)
        if (path.exists() or path.is_symlink()) and not _is_ours(target, path):
            raise OutputError(
                f"{path}: was not written by translate (or was changed since), so it is not "
                "replaced; move it away or give another --out."
            )


def next_seq(target_folder: Path) -> int:
    """The number of a new run's parts: one more than any part there."""
    return 1 + max((int(match[1]) for match in _parts(target_folder / PARTS_FOLDER)), default=0)


@dataclass(frozen=True, slots=True)
class WrittenRow:
    """What an article's summaries row says it was made from: the input's digest, the run
    signature, and what the memory gave it (None: a row from before that was recorded)."""

    digest: str
    signature: str
    memory_answers: str | None = None


def previous_rows(target: CorpusTarget) -> dict[CorpusId, WrittenRow]:
    """Each article already written (in the final files or a part, both its files there), as
    its newest summaries row says."""
    found: dict[CorpusId, WrittenRow] = {}
    for unit in units(target):
        for rows in read_rows(unit.summaries, target.fmt):
            for row in rows:
                answers = row.get("memory_answers")
                found[row["id"]] = WrittenRow(
                    str(row.get("input_sha256")),
                    str(row.get("signature")),
                    answers if isinstance(answers, str) else None,
                )
    return found


@dataclass(frozen=True, slots=True)
class Unit:
    """A pairs file and the summaries file written with it (the final files, or a part): the
    one place an article's rows of both kinds are taken from."""

    pairs: Path
    summaries: Path

    def path(self, kind: str) -> Path:
        return self.pairs if kind == "pairs" else self.summaries


def units(target: CorpusTarget) -> list[Unit]:
    """The units holding rows, oldest first: the final files (when both are there and ours),
    then the parts in order (when both files of the part are there)."""
    found = []
    if all(_is_ours(target, target.final(kind)) for kind in KINDS):
        found.append(Unit(target.final("pairs"), target.final("summaries")))
    names = {match[0] for match in _parts(target.parts)}
    for match in sorted(_parts(target.parts), key=lambda match: (match[1], match[2])):
        if match[3] != "summaries" or match[4] != target.fmt:
            continue
        pairs = match[0].replace(".summaries.", ".pairs.")
        if pairs in names:
            found.append(Unit(target.parts / pairs, target.parts / match[0]))
    return found


def remove_parts(target: CorpusTarget) -> None:
    """Remove the parts (and their folder, when nothing else is in it)."""
    for match in _parts(target.parts):
        (target.parts / match[0]).unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # not empty (something else is in it): left as it is
        target.parts.rmdir()


def read_rows(path: Path, fmt: CorpusFormat) -> Iterator[list[Row]]:
    """The rows of one of our output files, a batch at a time; `OutputError` when it cannot be
    read back (a damaged disk: the files are only ever renamed into place whole)."""
    try:
        yield from _rows(path, fmt)
    except (OSError, ValueError, KeyError) as error:
        raise OutputError(
            f"{path}: cannot be read back ({first_line(error)}); move it away (the articles in it "
            "are then translated again)."
        ) from None


def _rows(path: Path, fmt: CorpusFormat) -> Iterator[list[Row]]:
    if fmt is CorpusFormat.parquet:
        from translate.corpus.parquet import parquet_batches

        yield from parquet_batches(path)
        return
    batch: list[Row] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if not isinstance(row, dict) or "id" not in row:
                    raise ValueError("a line without an id")
                batch.append(row)
            if len(batch) >= _BATCH_ROWS:
                yield batch
                batch = []
    yield batch


def _parts(folder: Path) -> list[re.Match[str]]:
    try:
        names = sorted(entry.name for entry in folder.iterdir() if entry.is_file())
    except OSError:
        return []
    return [match for name in names if (match := _PART.fullmatch(name))]


def _write_rows(target: CorpusTarget, path: Path, kind: str, batches: Iterator[list[Row]]) -> None:
    """`path` written whole under a temporary name, then renamed into place."""
    temporary = path.parent / temp_name(path.name, target.token, "tmp")
    write_file(target, temporary, kind, batches)
    os.replace(temporary, path)
    sync_path(path.parent)


def write_file(target: CorpusTarget, path: Path, kind: str, batches: Iterator[list[Row]]) -> None:
    """Write the rows into `path` (replacing what a killed try of the same task left there),
    fsynced; `OutputError` when it cannot be written."""
    try:
        if target.fmt is CorpusFormat.parquet:
            from translate.corpus.parquet import table_schema, write_parquet

            write_parquet(path, batches, table_schema(kind, target.id_type))
        else:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.writelines(_json_lines(batches))
        sync_path(path)
    except OSError as error:
        path.unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({error.strerror or error}).") from None
    except BaseException:  # a row the format refuses, Ctrl-C: no temporary file is left behind
        path.unlink(missing_ok=True)
        raise


def _json_lines(batches: Iterable[list[Row]]) -> Iterator[str]:
    for rows in batches:
        for row in rows:
            yield json.dumps(row, ensure_ascii=False) + "\n"


def _is_ours(target: CorpusTarget, path: Path) -> bool:
    """True when `path` is a final file our record lists (its size and modification time)."""
    try:
        record = json.loads((target.folder / RECORD_FILE).read_text(encoding="utf-8"))
        info = path.lstat()
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    if not isinstance(record, dict) or record.get(WRITTEN_BY_FIELD) != WRITTEN_BY:
        return False
    seen = [info.st_size, info.st_mtime_ns]
    versions = record.get("files", {}).get(path.name, [])
    return path.is_file() and not path.is_symlink() and seen in versions


def write_record(target: CorpusTarget, incoming: dict[str, Path]) -> None:
    """`corpus.json`: the final files in place and, while they are being replaced, the
    temporary files about to take their names (so a kill between two renames loses neither)."""
    files: dict[str, list[list[int]]] = {}
    for kind in KINDS:
        final = target.final(kind)
        versions = [path for path in (final, incoming.get(kind)) if path is not None]
        files[final.name] = [
            [info.st_size, info.st_mtime_ns]
            for path in versions
            if path.is_file() and (info := path.stat())
        ]
    record = {WRITTEN_BY_FIELD: WRITTEN_BY, "format": target.fmt, "files": files}
    write_text_atomic(
        target.folder / RECORD_FILE, json.dumps(record, indent=2) + "\n", token=target.token
    )
