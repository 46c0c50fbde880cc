"""`pairs.xlsx`: every sentence pair of a batch in one sheet that opens with a double click.

Analysts read a batch in a spreadsheet; a TSV needs an import dialog to keep text as text, an
`.xlsx` does not: every text cell is written as a string cell, never as a formula or a number,
so a German sentence starting with `=`, `+`, `-` or `@`, a year such as `1990` or a phone number
stays exactly the text it was (no formula injection). The confidence is a number cell; the last
column says whose English it is (model, memory, edited), after the columns tools read first. The
sheet is written by openpyxl in write-only mode, row by row: memory holds no more than a row,
whatever the size of the batch. openpyxl is the `xlsx` extra, imported only here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any

from translate.errors import UsageError
from translate.render.xmltext import xml_safe

XLSX_FILE = "pairs.xlsx"
XLSX_EXTRA = "pip install 'translate-de-en[xlsx]'"
XLSX_COLUMNS = ("article", "pair", "German", "English", "flags", "confidence", "origin")
# The workbook's creator: how a later run knows a `pairs.xlsx` is its own to replace.
XLSX_CREATOR = "translate batch spreadsheet"
# Excel's limits: rows per sheet (the header included) and characters per cell.
MAX_SHEET_ROWS = 1_048_576
MAX_CELL_CHARS = 32_767
_WIDTHS = (28, 8, 70, 70, 24, 12, 10)


@dataclass(frozen=True, slots=True)
class PairRow:
    """One sentence pair as the spreadsheet shows it; `origin` as aligned.jsonl's (`Origin`)."""

    article: str
    pair_id: str
    source: str
    target: str
    flags: tuple[str, ...] = ()
    confidence: float | None = None
    origin: str = "model"


def import_openpyxl() -> Any:
    """The openpyxl module, or a one-line `UsageError` naming the extra to install."""
    try:
        import openpyxl
    except ImportError:
        raise UsageError(
            f"--formats xlsx needs openpyxl, which is not installed here; install the extra: "
            f"{XLSX_EXTRA} (or leave xlsx out)."
        ) from None
    return openpyxl


def write_xlsx(rows: Iterable[PairRow], file: IO[bytes]) -> int:
    """Write `rows` as the sheet `pairs` (then `pairs 2`, ... past Excel's row limit) into
    `file`; return how many pairs were written."""
    openpyxl = import_openpyxl()
    from openpyxl.cell import WriteOnlyCell

    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.creator = XLSX_CREATOR
    workbook.properties.title = "Sentence pairs of a translate batch"
    sheet: Any = None
    written = 0
    for row in rows:
        if written % (MAX_SHEET_ROWS - 1) == 0:
            sheet = _new_sheet(workbook, 1 + written // (MAX_SHEET_ROWS - 1))
        texts = (row.article, row.pair_id, row.source, row.target, ", ".join(row.flags))
        cells = [_text_cell(WriteOnlyCell(sheet), text) for text in texts]
        cells.append(WriteOnlyCell(sheet, value=row.confidence))
        cells.append(_text_cell(WriteOnlyCell(sheet), row.origin))
        sheet.append(cells)
        written += 1
    if sheet is None:
        _new_sheet(workbook, 1)
    workbook.save(file)
    return written


def _new_sheet(workbook: Any, number: int) -> Any:
    """A sheet with the header row, frozen, and columns wide enough to read a sentence."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet("pairs" if number == 1 else f"pairs {number}")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(list(XLSX_COLUMNS))
    return sheet


def _text_cell(cell: Any, text: str) -> Any:
    """`cell` holding `text` as a string, whatever it looks like (never a formula)."""
    safe = xml_safe(text)
    if len(safe) > MAX_CELL_CHARS:
        safe = safe[: MAX_CELL_CHARS - 1] + "…"
    cell.value = safe
    cell.data_type = "s"  # openpyxl makes a text starting with `=` a formula otherwise
    return cell
