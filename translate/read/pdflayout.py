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
from dataclasses import dataclass

from translate.read.hyphens import SOFT_HYPHEN, hyphen_joint, words_of
from translate.read.pdfpage import Line, Page, document_lines

_SENTENCE_END = re.compile(r"[.!?…:][\"“”»«’')\]]*$")
_HYPHEN_END = ("-", "\u2010", SOFT_HYPHEN)
# A line break is a paragraph break where the baselines stand this much further apart than usual.
_SPACING_FACTOR = 1.3
# A line ends flush with its column when it ends within this many type sizes of the edge; a
# column is justified when this share of its lines do.
_FLUSH = 0.3
_JUSTIFIED_SHARE = 0.6
# Paragraphs are set apart by space when this share of paragraph ends (at least this many) are.
_SPACED_SHARE = 0.75
_SPACED_MIN = 3


def paragraphs(pages: Sequence[Page]) -> list[str]:
    """The paragraphs of a document's pages, furniture removed, in reading order."""
    flow = [placed for placed in document_lines(pages) if placed[0].text.strip()]
    if not flow:
        return []
    steps = _steps(flow)
    spaced = _spaced(steps)
    vocabulary = words_of(line.text for line, _ in flow)
    result: list[str] = []
    parts = [flow[0][0].text]  # the paragraph so far: lines and what joins them, joined once
    for step, (line, _) in zip(steps, flow[1:], strict=True):
        if step.hard or (step.ends and not (spaced and step.below)):
            result.append(" ".join("".join(parts).split()))
            parts = [line.text]
        elif parts[-1].endswith(_HYPHEN_END):
            drop, glue = hyphen_joint(parts[-1], line.text, vocabulary)
            parts[-1] = parts[-1][:-1] if drop else parts[-1]
            parts += [glue, line.text]
        else:
            parts += [" ", line.text]
    result.append(" ".join("".join(parts).split()))
    return result


@dataclass(frozen=True, slots=True)
class _Step:
    """What lies between a line and the next in reading order.

    `hard`: a sure paragraph break (wider spacing, other type, a table left out between);
    `ends`: the first line ends the way a paragraph's last line does (short, or a sentence's
    end before an indented line); `below`: the next line stands right below it, in its column.
    """

    hard: bool
    ends: bool
    below: bool


def _steps(flow: Sequence[tuple[Line, int]]) -> list[_Step]:
    pitch = _pitches([line for line, _ in flow])
    edges = _right_edges(flow)
    justified = _justified(flow, edges)
    steps = []
    for (previous, column), (line, next_column) in itertools.pairwise(flow):
        below = line.page == previous.page and column == next_column and line.top > previous.top
        usual = pitch.get(line.size, line.size * 1.2)
        hard = (
            line.after_table
            or abs(previous.size - line.size) > 0.6
            or previous.bold != line.bold
            or (below and line.top - previous.top > _SPACING_FACTOR * usual)
        )
        edge = edges[(previous.page, column)]
        flush = justified[(previous.page, column, previous.size)]
        steps.append(_Step(hard, _ends(previous, line, edge, flush, below), below))
    return steps


def _ends(previous: Line, line: Line, edge: float, justified: bool, below: bool) -> bool:
    """Whether `previous` ends the way a paragraph's last line does; `edge` is the right edge
    of its column, `justified` whether the column's text is set flush with it."""
    if previous.text.endswith(_HYPHEN_END):
        return False
    ended = _SENTENCE_END.search(previous.text) is not None
    if below and ended and line.x0 - previous.x0 > 0.8 * line.size:
        return True  # the next line is indented: a paragraph's first line
    if justified:  # every line of a justified paragraph but its last reaches the edge
        return edge - previous.x1 > _FLUSH * previous.size
    return _short(previous, line, edge)


def _spaced(steps: Sequence[_Step]) -> bool:
    """Whether the document sets its paragraphs apart with space: most lines that end like a
    paragraph's last line, above another line of their column, have wider spacing below them.
    Then a short line without that space is a line break typed inside a paragraph."""
    ends = [step for step in steps if step.ends and step.below]
    apart = sum(1 for step in ends if step.hard)
    return len(ends) >= _SPACED_MIN and apart >= _SPACED_SHARE * len(ends)


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
