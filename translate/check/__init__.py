"""`translate check`: every review check on bilingual files that any tool wrote.

The files given together are one document set: the checks across pairs (names and segments
kept consistently) see all their pairs. A finding names its file, its unit and its flag, with
the reason in words, for a linter-style line or a JSON line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.align import document_findings, flag_reason
from translate.check.bilingual import INPUT_FORMATS, STDIN_NAME, Unit, read_units
from translate.glossary import Glossary
from translate.read.source import STDIN

__all__ = [
    "INPUT_FORMATS",
    "CheckFinding",
    "Unit",
    "check_files",
    "finding_json",
    "finding_line",
    "read_units",
]


@dataclass(frozen=True, slots=True)
class CheckFinding:
    """One flag on one unit of a checked file."""

    file: str
    unit: str
    flag: str
    reason: str


def check_files(
    paths: Sequence[Path], *, glossary: Glossary | None = None, input_format: str | None = None
) -> list[CheckFinding]:
    """The findings of every check on the units of `paths` (`-`: standard input), file by file,
    in unit order; `input_format` (`INPUT_FORMATS`) reads them all so, else each is sniffed.

    Raises `InputError` (naming the file, and the row or unit) for a file it cannot read.
    """
    units: list[tuple[str, Unit]] = [
        (STDIN_NAME if str(path) == STDIN else str(path), unit)
        for path in paths
        for unit in read_units(path, input_format)
    ]
    one_file = len(paths) == 1
    ids = [unit.id if one_file else f"{file}:{unit.id}" for file, unit in units]
    found = document_findings(
        [(unit.source, unit.target) for _, unit in units], ids=ids, glossary=glossary
    )
    return [
        CheckFinding(file, unit.id, kind, flag_reason(kind, reason))
        for (file, unit), findings in zip(units, found, strict=True)
        for kind, reason in findings
    ]


def finding_line(finding: CheckFinding) -> str:
    """`file:unit-id: flag: reason`, the shape of a linter's message (one line)."""
    reason = " ".join(finding.reason.split())
    return f"{finding.file}:{finding.unit}: {finding.flag}: {reason}"


def finding_json(finding: CheckFinding) -> str:
    """The finding as one JSON object: file, unit, flag, reason."""
    record = {
        "file": finding.file,
        "unit": finding.unit,
        "flag": finding.flag,
        "reason": finding.reason,
    }
    return json.dumps(record, ensure_ascii=False)
