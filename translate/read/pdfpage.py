"""A PDF page's lines cleaned and put in reading order (pure: lines in, lines out).

Page furniture goes first: a line near the top or bottom of its page whose text, digits aside,
comes back on another page is a running header or footer, and a line there that is only a page
number (`7`, `- 7 -`, `Seite 7 von 9`) goes too. Each page is then read column by column: where
at least three lines start at one place in the middle of the text area and at least three end
just before it, there are two columns, read left then right between the lines that span both
(and each is looked at again, so three columns are read in turn too).
Within a column, pieces of one line (pdfminer cuts a line where its words stand far apart, as
in a justified line that ends in a typed line break) are put back together; runs of lines
whose pieces stand a wide gap apart are a table's rows and are left out (a PDF does not say
which text is a table, and figures read as text are noise); and smaller type at the foot of a
column, below the body text, is the footnotes' area and is left out too.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as the page places it: `top`/`bottom` measured down from the page's
    top edge, `size` its type size, `bold` whether all of it is set bold, `gap` the widest
    space between the pieces it was put together from (0 for one piece), `marks` the footnote
    marks taken out of it, `after_table` whether a table left out stood just before it."""

    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    text: str
    gap: float = 0.0
    marks: tuple[str, ...] = ()
    after_table: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """A page's lines and its height."""

    height: float
    lines: tuple[Line, ...]


# The share of the page's height at its top and bottom where headers and footers stand.
_MARGIN_SHARE = 0.15
# How many lines at each end of a page may be furniture.
_EDGE_LINES = 3
_PAGE_NUMBER = re.compile(
    r"[-–—\s]*(?:(?:Seite|S\.|Page|Blatt)\s*)?\d{1,4}(?:\s*(?:/|von|of|aus)\s*\d{1,4})?[-–—\s]*",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
# A header stands apart from the text below it by more than this many type sizes.
_SET_APART = 1.2
# Pieces of a line more than this many type sizes apart are cells of a table row.
_CELL_GAP = 3.0
# A column's left lines end at most this far before the gutter (in type sizes).
_COLUMN_END = 3.0
# Columns are looked for inside columns this deep (a page of four columns is two of two).
_MAX_COLUMN_DEPTH = 3
# Type this much smaller than the body's, at the foot of a column, is a footnote.
_NOTE_SMALLER = 0.9
Placed = tuple[Line, int]


def document_lines(pages: Sequence[Page]) -> list[Placed]:
    """The document's lines in reading order, page after page, each with its column (0: the
    only one, or across both; 1: left; 2: right), less furniture, footnotes and tables."""
    body = _body_size(pages)
    result: list[Placed] = []
    for number, (page, lines) in enumerate(zip(pages, without_furniture(pages), strict=True)):
        if number == 0:
            kept = {id(line) for line in lines}
            removed = [line for line in page.lines if id(line) not in kept]
            lines = _without_set_apart(
                lines,
                page.height,
                body,
                header=not any(line.top < page.height / 2 for line in removed),
                footer=len(pages) == 1 and not any(line.top > page.height / 2 for line in removed),
            )
        placed = reading_order(lines)
        result.extend(_without_footnotes(placed, body))
    return _without_tables(result)  # over the whole flow: a table may run over a page break


def without_furniture(pages: Sequence[Page]) -> list[list[Line]]:
    """Each page's lines less running headers, footers and page numbers."""
    keys: list[dict[int, str]] = []
    seen: Counter[str] = Counter()
    for page in pages:
        page_keys = {index: _furniture_key(page.lines[index], page) for index in _edge(page)}
        keys.append(page_keys)
        seen.update(set(page_keys.values()))
    kept = []
    for page, page_keys in zip(pages, keys, strict=True):
        kept.append(
            [
                line
                for index, line in enumerate(page.lines)
                if index not in page_keys
                or (seen[page_keys[index]] == 1 and not _PAGE_NUMBER.fullmatch(line.text))
            ]
        )
    return kept


def _without_set_apart(
    lines: list[Line], height: float, body: float, *, header: bool, footer: bool
) -> list[Line]:
    """The first page's lines less a first line in the top margin set apart from the rest by
    more than a line's height, in type no larger than the body's (a headline is larger): the
    header of a one-page document, or a first page's own (`header`: none was found running).
    With `footer` (a one-page document without one found), a last line so set apart in the
    bottom margin goes too. (On later pages such a line may be a paragraph's last line above
    wide paragraph spacing.)"""
    ordered = sorted(lines, key=lambda line: line.top)
    top = _first_row(ordered)
    bottom = _first_row(ordered[::-1])
    if len(top) + len(bottom) >= len(ordered):
        return ordered
    drop: set[int] = set()
    below = ordered[len(top)]
    if (
        header
        and max(line.bottom for line in top) <= height * _MARGIN_SHARE
        and max(line.size for line in top) <= body + 0.5
        and below.top - max(line.bottom for line in top) > _SET_APART * top[0].size
    ):
        drop.update(id(line) for line in top)
    above = ordered[-len(bottom) - 1]
    if (
        footer
        and min(line.top for line in bottom) >= height * (1 - _MARGIN_SHARE)
        and max(line.size for line in bottom) <= body + 0.5
        and min(line.top for line in bottom) - above.bottom > _SET_APART * bottom[0].size
    ):
        drop.update(id(line) for line in bottom)
    return [line for line in ordered if id(line) not in drop]


def _first_row(ordered: Sequence[Line]) -> list[Line]:
    """The first line of `ordered` and the pieces on its baseline (a header's date and title)."""
    if not ordered:
        return []
    first = ordered[0]
    row = [first]
    for line in ordered[1:]:
        if abs(line.bottom - first.bottom) >= 0.3 * first.size:
            break
        row.append(line)
    return row


def _edge(page: Page) -> list[int]:
    """The indices of the first and last few lines of a page that lie in its margins."""
    order = sorted(range(len(page.lines)), key=lambda index: page.lines[index].top)
    top = [i for i in order[:_EDGE_LINES] if page.lines[i].bottom <= page.height * _MARGIN_SHARE]
    bottom = [
        i for i in order[-_EDGE_LINES:] if page.lines[i].top >= page.height * (1 - _MARGIN_SHARE)
    ]
    return top + bottom


def _furniture_key(line: Line, page: Page) -> str:
    """The line as it would repeat on other pages: top or bottom, its type size, its text with
    digits as `#`, case-folded."""
    where = "top" if line.top < page.height / 2 else "bottom"
    text = _DIGITS.sub("#", " ".join(line.text.split())).casefold()
    return f"{where}:{round(line.size)}:{text}"  # a headline that repeats the header is larger


def reading_order(lines: Sequence[Line]) -> list[Placed]:
    """A page's lines in reading order, each with its column (0: the page's full width, other
    numbers: one per column found): top to bottom, and where the text stands in columns, one
    column after the other between the lines that cross them; pieces of a line joined."""
    ordered = sorted(lines, key=lambda line: (round(line.top), line.x0))
    return _in_columns(ordered, 0, itertools.count(1), 0)


def _in_columns(
    ordered: list[Line], column: int, numbers: Iterator[int], depth: int
) -> list[Placed]:
    """The lines of one region (the page, or a column of it) in reading order: split at a
    gutter, if there is one, the left side first, each side split again (three columns are a
    column and two more)."""
    gutter = _gutter(ordered) if depth < _MAX_COLUMN_DEPTH else None
    if gutter is None:
        return [(line, column) for line in _joined(ordered)]
    result: list[Placed] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in [*ordered, None]:
        if line is None or line.x0 < gutter < line.x1:
            if right:
                result += _in_columns(left, next(numbers), numbers, depth + 1)
                result += _in_columns(right, next(numbers), numbers, depth + 1)
            else:  # no right column here: the short lines end paragraphs of the full width
                result += [(item, column) for item in _joined(left)]
            left, right = [], []
            if line is not None:
                result.append((line, column))  # a line across the columns: a heading
        elif line.x1 <= gutter:
            left.append(line)
        else:
            right.append(line)
    return result


def _gutter(lines: Sequence[Line]) -> float | None:
    """Where a second column starts, if the page has two: a place in the middle of the text
    area where at least three lines start and at least three others end just before it."""
    if len(lines) < 6:
        return None
    left = min(line.x0 for line in lines)
    width = max(line.x1 for line in lines) - left
    starts = Counter(
        round(line.x0) for line in lines if left + 0.25 * width < line.x0 < left + 0.75 * width
    )
    for start, count in starts.most_common(3):
        if count < 3:
            return None
        gutter = start - 1.0
        ending = sum(1 for line in lines if 0 <= gutter - line.x1 <= _COLUMN_END * line.size)
        if ending >= 3:
            return gutter
    return None


def _joined(lines: list[Line]) -> list[Line]:
    """Lines of one column in order, the pieces that share a baseline made one line."""
    result: list[Line] = []
    for line in lines:
        last = result[-1] if result else None
        if last is not None and abs(last.bottom - line.bottom) < 0.3 * line.size:
            result[-1] = replace(
                last,
                x1=max(last.x1, line.x1),
                top=min(last.top, line.top),
                text=f"{last.text} {line.text}",
                gap=max(last.gap, line.x0 - last.x1),
                marks=last.marks + line.marks,
                bold=last.bold and line.bold,
            )
        else:
            result.append(line)
    return result


def _without_tables(placed: list[Placed]) -> list[Placed]:
    """The lines less runs of two or more table rows (lines whose pieces stand far apart)."""
    row = [line.gap > _CELL_GAP * line.size for line, _ in placed]
    kept: list[Placed] = []
    skipped = False
    for index, (line, column) in enumerate(placed):
        in_run = row[index] and (
            (index > 0 and row[index - 1]) or (index + 1 < len(row) and row[index + 1])
        )
        if in_run:
            skipped = True
            continue
        kept.append((replace(line, after_table=True) if skipped else line, column))
        skipped = False
    return kept


def _without_footnotes(placed: list[Placed], body: float) -> list[Placed]:
    """A page's lines less its footnotes: from the first line in the lower half of a column
    that starts with a mark the page's text cites (`1 Quelle: ...`) to the column's end, and
    any smaller type at the foot of a column, below the last line of body text."""
    cited = {mark for line, _ in placed for mark in line.marks}
    top = min((line.top for line, _ in placed), default=0.0)
    bottom = max((line.bottom for line, _ in placed), default=0.0)
    notes: set[int] = set()  # columns whose footnotes have begun
    last: dict[int, int] = {}  # column -> index of its last line of body-sized type or larger
    kept: list[Placed] = []
    for line, column in placed:
        lead = line.text.split(None, 1)[0] if line.text.strip() else ""
        if cited and lead in cited and line.top > (top + bottom) / 2:
            notes.add(column)
        if column in notes:
            continue
        if line.size > body - _NOTE_SMALLER:
            last[column] = len(kept)
        kept.append((line, column))
    return [
        (line, column)
        for index, (line, column) in enumerate(kept)
        if line.size > body - _NOTE_SMALLER or index < last.get(column, -1)
    ]


def _body_size(pages: Sequence[Page]) -> float:
    """The type size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0
