"""A PDF's lines put back into paragraphs (pure: pages of lines in, paragraphs out).

The pages are cleaned and put in reading order first (`translate.read.pdfpage`). Then lines
are joined into paragraphs: a paragraph ends where the space between lines grows, the type
changes (a heading), the next line is indented after a sentence's end, or a line ends so short
that the next line's first word would have fitted after it (the author ended the line, not the
layout); it goes on over a column or page break unless its last line ended it that way. Inside
a paragraph a line break is a space, and a hyphen at a line end is kept or dropped as
`translate.read.hyphens` decides. Every step is a sort or a pass over the lines.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence

from translate.read.hyphens import SOFT_HYPHEN, join_hyphenated, words_of
from translate.read.pdfpage import Line, Page, document_lines

_SENTENCE_END = re.compile(r"[.!?…:][\"“”»«’')\]]*$")
_HYPHEN_END = ("-", "\u2010", SOFT_HYPHEN)
# A line break is a paragraph break where the baselines stand this much further apart than usual.
_SPACING_FACTOR = 1.3
# A line ends flush with its column when it ends within this many type sizes of the edge; a
# column is justified when this share of its lines do.
_FLUSH = 0.3
_JUSTIFIED_SHARE = 0.6


def paragraphs(pages: Sequence[Page]) -> list[str]:
    """The paragraphs of a document's pages, furniture removed, in reading order."""
    flow = [placed for placed in document_lines(pages) if placed[0].text.strip()]
    if not flow:
        return []
    pitch = _pitches([line for line, _ in flow])
    edges = _right_edges(flow)
    justified = _justified(flow, edges)
    vocabulary = words_of(line.text for line, _ in flow)
    result: list[str] = []
    text = flow[0][0].text
    for (previous, column), (line, _) in itertools.pairwise(flow):
        edge = edges[(previous.page, column)]
        flush = justified[(previous.page, column, previous.size)]
        if _breaks(previous, line, pitch, edge, flush):
            result.append(text)
            text = line.text
        elif text.endswith(_HYPHEN_END):
            text = join_hyphenated(text, line.text, vocabulary)
        else:
            text = f"{text} {line.text}"
    result.append(text)
    return [" ".join(paragraph.split()) for paragraph in result]


def _breaks(
    previous: Line, line: Line, pitch: dict[float, float], edge: float, justified: bool
) -> bool:
    """Whether a paragraph ends between two lines that follow each other in reading order;
    `edge` is the right edge of the column `previous` stands in, `justified` whether that
    column's text is set flush with it."""
    if line.after_table or abs(previous.size - line.size) > 0.6 or previous.bold != line.bold:
        return True
    below = line.page == previous.page and line.top > previous.top and line.x0 < previous.x1
    if below and line.top - previous.top > _SPACING_FACTOR * pitch.get(line.size, line.size * 1.2):
        return True
    if previous.text.endswith(_HYPHEN_END):
        return False
    ended = _SENTENCE_END.search(previous.text) is not None
    indented = below and line.x0 - previous.x0 > 0.8 * line.size
    if indented and ended:
        return True
    if justified:  # every line of a justified paragraph but its last reaches the edge
        return edge - previous.x1 > _FLUSH * previous.size
    return _short(previous, line, edge)


def _short(previous: Line, line: Line, edge: float) -> bool:
    """Whether `previous` ends so far from the right edge of its column that the first word
    of `line` would have fitted after it: then the author ended the line, not the layout."""
    per_character = (previous.x1 - previous.x0) / max(len(previous.text), 1)
    first_word = line.text.split(None, 1)[0] if line.text.strip() else ""
    return edge - previous.x1 > per_character * (len(first_word) + 2)


def _pitches(lines: Sequence[Line]) -> dict[float, float]:
    """The usual distance between baselines for each type size (the median of the distances
    between consecutive lines of that size that stand one below the other)."""
    gaps: dict[float, list[float]] = {}
    for previous, line in itertools.pairwise(lines):
        if line.page == previous.page and line.size == previous.size and line.top > previous.top:
            gaps.setdefault(line.size, []).append(line.top - previous.top)
    return {size: statistics.median(found) for size, found in gaps.items()}


def _justified(
    flow: Sequence[tuple[Line, int]], edges: dict[tuple[int, int], float]
) -> dict[tuple[int, int, float], bool]:
    """Whether the text of each type size in each column of each page is justified: most of
    its lines end at the column's edge (a headline in larger type seldom is)."""
    flush: dict[tuple[int, int, float], list[int]] = {}
    for line, column in flow:
        counts = flush.setdefault((line.page, column, line.size), [0, 0])
        counts[0] += edges[(line.page, column)] - line.x1 <= _FLUSH * line.size
        counts[1] += 1
    return {key: at_edge >= _JUSTIFIED_SHARE * total for key, (at_edge, total) in flush.items()}


def _right_edges(flow: Sequence[tuple[Line, int]]) -> dict[tuple[int, int], float]:
    """The right edge of each column of each page: where its longest line ends."""
    edges: dict[tuple[int, int], float] = {}
    for line, column in flow:
        key = (line.page, column)
        edges[key] = max(edges.get(key, line.x1), line.x1)
    return edges
