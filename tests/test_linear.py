"""Every stage is near-linear in its input: 10x the input costs about 10x the work.

No wall-clock threshold: each case is timed at two sizes ten times apart next to a reference
that is linear by construction (scanning the same text once), and the growth of the two is
compared. A quadratic step grows about a hundredfold where the reference grows tenfold, so the
comparison holds on a loaded machine as on an idle one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import lxml.html
import pytest

from translate.align import review_flags
from translate.align.acronyms import missing_codes
from translate.align.document_review import cross_findings
from translate.errors import InputError
from translate.read import split_paragraphs
from translate.read.blocks import choose_blocks, dom_blocks
from translate.read.boilerplate import remove_boilerplate
from translate.read.page import read_page
from translate.segment import split_sentences

SMALL, LARGE = 20_000, 200_000
_WORDS = re.compile(r"\S+")


def _best_of(work: Callable[[], object], repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def growth(step: Callable[[str], object], make: Callable[[int], str]) -> float:
    """How much faster the step's time grows from SMALL to LARGE than a linear scan's does."""
    small, large = make(SMALL), make(LARGE)

    def reference(text: str) -> object:
        return len(_WORDS.findall(text)) + text.count("\n") + len(text.encode("utf-8"))

    ours = _best_of(lambda: step(large)) / _best_of(lambda: step(small))
    linear = _best_of(lambda: reference(large)) / _best_of(lambda: reference(small))
    return ours / linear


# Inputs that made a step quadratic before (issue 12, case 7), each at any size n.
CASES: dict[str, tuple[Callable[[str], object], Callable[[int], str]]] = {
    "splitter: a long run of spaces": (split_sentences, lambda n: "Der Hund" + " " * n + "x."),
    "splitter: detached closing quotes": (
        split_sentences,
        lambda n: 'Er sagt: "Ja. " Dann. ' * (n // 22),
    ),
    "splitter: many line breaks, no full stop": (
        split_sentences,
        lambda n: "das ist eine zeile ohne ende\n" * (n // 29),
    ),
    "splitter: ordinals in one sentence": (split_sentences, lambda n: "der 5. Mann " * (n // 12)),
    "paragraphs: lines of spaces": (
        split_paragraphs,
        lambda n: ("a" + " " * 40 + "\n") * (n // 42),
    ),
    "untranslated check: one unpunctuated paragraph": (
        lambda text: review_flags(text, text),
        lambda n: "wort " * (n // 5),
    ),
    "acronym check: a paragraph full of acronyms and codes": (
        lambda text: missing_codes(text, text.lower().replace("-", " ")),
        lambda n: "Die SANA meldete T-72 und A380 bei YouTube. " * (n // 44),
    ),
    "names and segments: many pairs of one document (a line each)": (
        lambda text: _cross(text.splitlines()),
        lambda n: "".join(
            f"Der Ort Qalamoun{i % 50} meldete Kämpfe.\tQalamoun{i % 50} reported fighting.\n"
            for i in range(n // 70)
        ),
    ),
    # A saved page is parsed (linear: libxml2) inside the step.
    "page blocks: a page of many paragraphs": (
        lambda html: _kept_blocks(_parsed(html)),
        lambda n: "".join(f"<p>Absatz {i} mit einigen Wörtern darin.</p>" for i in range(n // 40)),
    ),
    "page furniture: elements nested deep": (
        lambda html: remove_boilerplate(_parsed(html), None),
        lambda n: '<div class="x">Wort ' * (n // 100) + "</div>" * (n // 100),
    ),
    # libxml2 checks each attribute against the element's earlier ones (issue 23, case 12).
    "saved page: one element with many attributes": (
        lambda html: _read_or_refuse(html),
        lambda n: (
            "<html><body><article><h1>Der Hund schläft.</h1><p "
            + " ".join(f'a{i}="x"' for i in range(n // 8))
            + ">Wo ist der Bahnhof?</p></article></body></html>"
        ),
    ),
}


def _cross(lines: list[str]) -> object:
    pairs = [(german, english) for german, english in (line.split("\t") for line in lines)]
    return cross_findings(pairs, [str(index) for index in range(len(pairs))])


def _parsed(html: str) -> object:
    return lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))


def _read_or_refuse(html: str) -> object:
    try:
        return read_page(html.encode("utf-8"), source="page.html")
    except InputError as error:  # refused: what it cost to find out is what counts
        return error


def _kept_blocks(root: object) -> object:
    blocks = dom_blocks(root)
    return choose_blocks(blocks, [(block.kind, block.text) for block in blocks])


@pytest.mark.parametrize("case", sorted(CASES))
def test_ten_times_the_input_costs_about_ten_times_the_work(case: str) -> None:
    step, make = CASES[case]
    assert growth(step, make) < 3, f"{case}: grows faster than its input"
