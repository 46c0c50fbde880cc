"""Reading a TSV of German and English columns (a glossary of sentences, a spreadsheet export).

Plain TSV has no quoting: a row ends at `\\n` or `\\r\\n` only (a U+2028, a form feed or a
vertical tab inside a sentence stays in it), and its fields are split on tabs, so a sentence
that starts with a quote (`"Wir schaffen das", sagte sie.`) is stored as written. A spreadsheet
export encloses a field that holds tabs, line breaks or quotes in quotes, inner quotes doubled;
such a field is taken as quoted when it starts with `"` and its closing quote is followed by a
tab or the end of the line, and as written otherwise; it runs over several lines only where its
first line is short of the German and English fields (a line that holds them is a row by itself,
so a quotation that runs over two sentences stays text). A quote that opens a field and never
closes before the end of the file is refused, naming the line where that field starts.

With a header row naming the columns (`de`, `deutsch`, `german`, `source`, or any `de-*` or
`de_*` such as `de-AT`; `en`, `english`, `englisch`, `target`, or any `en-*` or `en_*`; any
case), those two columns are read and the others ignored, and a row may leave out empty columns
after them; a first row made of such names only is a header even when it lacks one of the two,
and is refused. Without a header, each line must hold exactly two fields, German then English.
Our own aligned.tsv is machine output and refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from translate.errors import InputError
from translate.memory.model import MemoryUnit

_GERMAN = re.compile(r"de([-_]\w+)*|deutsch|german|source")
_ENGLISH = re.compile(r"en([-_]\w+)*|englisch|english|target")
# The header of a run's aligned.tsv (translate.render.tsv.TSV_COLUMNS), to which later versions
# append columns (`origin`): a header that begins so is ours.
_OUR_ALIGNED = ("paragraph", "sentence", "de", "en", "confidence", "flags")
_PLAIN = re.compile(r"[^\t\n]*")

Row = tuple[int, list[str]]


def read_tsv(text: str, name: str, imported: str) -> list[MemoryUnit]:
    """The German-English pairs of a TSV file; `unit` is the line number of each."""
    first = next((row for row in _rows(text, name, 2) if any(c.strip() for c in row[1])), None)
    if first is None:
        return []
    header = [cell.strip().lower() for cell in first[1]]
    if tuple(header[: len(_OUR_ALIGNED)]) == _OUR_ALIGNED:
        raise InputError(
            f"{name} is the machine translation a run wrote (aligned.tsv), not a person's; "
            "post-edit the article's aligned.xlf and import that."
        )
    columns = _columns(header, name, first[0])
    needed = 2 if columns is None else max(columns) + 1
    rows = [(line, row) for line, row in _rows(text, name, needed) if any(c.strip() for c in row)]
    if columns is None:
        return _pairs(rows, name, imported, 0, 1, 2)
    german, english = columns
    return _pairs(rows[1:], name, imported, german, english, len(header))


def _rows(text: str, name: str, needed: int) -> Iterator[Row]:
    """Every row's fields, with the number of the line the row starts on. A line that holds the
    `needed` fields is a row by itself: a quote opened in it and closed on a later line (a
    quotation over two sentences) is text; only a line short of fields continues a field that
    a spreadsheet quoted over several lines."""
    position, line = 0, 1
    while position < len(text):
        end = text.find("\n", position) + 1 or len(text)
        plain = text[position:end]
        if '"' in plain:  # perhaps a quoted field, perhaps over several lines
            own = plain[:-2] if plain.endswith("\r\n") else plain.removesuffix("\n")
            fields, _ = _row(own, 0, name, line, within_line=True)
            if len(fields) < needed:
                fields, end = _row(text, position, name, line)
            yield line, fields
            line += text.count("\n", position, end)
        else:  # the common line, split at once
            plain = plain[:-2] if plain.endswith("\r\n") else plain.removesuffix("\n")
            yield line, plain.split("\t")
            line += 1
        position = end


def _columns(header: list[str], name: str, line: int) -> tuple[int, int] | None:
    """The German and English columns a header row names; None when the first row is a pair.
    A row of column names only that lacks one of the two is refused: no pair, and no header."""
    german = next((i for i, cell in enumerate(header) if _GERMAN.fullmatch(cell)), None)
    english = next((i for i, cell in enumerate(header) if _ENGLISH.fullmatch(cell)), None)
    if german is not None and english is not None:
        return german, english
    named = [cell for cell in header if cell]
    if all(_GERMAN.fullmatch(cell) or _ENGLISH.fullmatch(cell) for cell in named):
        missing = "a German" if german is None else "an English"
        raise InputError(
            f"{name}: line {line} is a header ({', '.join(named)}) without {missing} column; "
            "name the German column de and the English one en."
        )
    return None


def _pairs(
    rows: list[Row], name: str, imported: str, german: int, english: int, width: int
) -> list[MemoryUnit]:
    """The pairs of `rows` (past any header): a row may leave out the columns after both."""
    needed = max(german, english) + 1
    units: list[MemoryUnit] = []
    for line, row in rows:
        if not needed <= len(row) <= width:
            if width == 2:
                wanted = "not 2 (German, a tab, English)"
            elif len(row) > width:
                wanted = f"not {width}"
            else:
                wanted = f"too few for its German and English (columns {german + 1}, {english + 1})"
            raise InputError(f"{name}: line {line} has {len(row)} fields, {wanted}; fix that line.")
        source, target = row[german].strip(), row[english].strip()
        if source and target:
            units.append(MemoryUnit(source, target, name, str(line), imported))
    return units


def _row(
    text: str, start: int, name: str, line: int, *, within_line: bool = False
) -> tuple[list[str], int]:
    """The fields of the row that begins at `start` on `line`, and where the next row starts;
    `within_line`: `text` is one line, and a quote it never closes is text."""
    fields: list[str] = []
    position = start
    while True:
        try:
            quoted = _quoted(text, position) if text.startswith('"', position) else None
        except _Unclosed:
            if not within_line:
                opened = line + text.count("\n", start, position)
                raise InputError(
                    f"{name}: line {opened}: a field opens a quote that never closes; close it "
                    "(a quote inside a quoted field is written twice)."
                ) from None
            quoted = None  # in one line, a quote never closed is text
        if quoted is None:
            end = _end_of_plain(text, position)
            field = text[position:end]
            fields.append(field.removesuffix("\r") if text.startswith("\n", end) else field)
        else:
            field, end = quoted
            fields.append(field)
            if text.startswith("\r\n", end):
                end += 1
        if end >= len(text):
            return fields, end
        if text[end] == "\n":
            return fields, end + 1
        position = end + 1  # past the tab


class _Unclosed(ValueError):
    """A field's opening quote has no closing one before the end of the file."""


def _quoted(text: str, start: int) -> tuple[str, int] | None:
    """The field enclosed in quotes at `start` (inner quotes doubled) and the index past its
    closing quote; None when that quote is followed by anything but a tab or a line end, so the
    field is taken as written."""
    parts: list[str] = []
    position = start + 1
    while True:
        close = text.find('"', position)
        if close < 0:
            raise _Unclosed
        parts.append(text[position:close])
        if text.startswith('"', close + 1):  # a doubled quote: one quote in the text
            parts.append('"')
            position = close + 2
            continue
        end = close + 1
        if end == len(text) or text[end] in "\t\n" or text.startswith("\r\n", end):
            return "".join(parts), end
        return None


def _end_of_plain(text: str, start: int) -> int:
    """Where a field taken as written ends: at the next tab or line feed, else the file's end."""
    match = _PLAIN.match(text, start)
    assert match is not None  # `*` matches at any position
    return match.end()
