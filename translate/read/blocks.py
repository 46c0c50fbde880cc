"""The article's blocks in page order: trafilatura's choice of text, the page's own structure.

trafilatura is good at telling article text from the rest, less so at keeping its shape: on a
live blog it drops sub-headings and moves the intro, and it merges a heading into the paragraph
below when both sit in one `<font>`. So its output is used as the *choice* of text, and the
blocks are read from the cleared page itself (`dom_blocks`), in document order: a block is kept
when trafilatura kept its text, and a sub-heading or list item also when it lies in the
article's container (the element holding most of the text trafilatura kept). When the page's
blocks cannot account for what trafilatura found (text it assembled itself), its own blocks are
used as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from translate.read.boilerplate import Element

# Tags whose text is a block of its own; text inside other tags belongs to the block around.
BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt", "td", "th"}
    | {"div", "section", "article", "header", "main", "figure", "figcaption", "ul", "ol", "dl"}
    | {"table", "tr", "tbody", "thead", "tfoot", "center", "address", "body", "html", "caption"}
)
# Tags whose content is never text a reader sees.
_NO_TEXT_TAGS = frozenset({"script", "style", "template", "noscript"})
STRUCTURE_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "li"})
BULLET = re.compile(r"^[•·▪◦‣►▸○●■□*\-–—]\s+")
# Outside a list only bullet signs count: a paragraph may begin with a dash (dialogue).
BULLET_SIGN = re.compile(r"^[•·▪◦‣►▸○●■□]\s+")
_SPACE = re.compile(r"[^\S\n]+")
_BLANK_LINE = re.compile(r"\n\s*\n")
# The share of trafilatura's text the page's blocks must account for to be used instead.
_COVERAGE = 0.9
# Blocks shorter than this many words must match one of trafilatura's blocks whole.
_FEW_WORDS = 5
# The container of the article: the deepest element holding this share of the kept text.
_CONTAINER_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of the page's text that stands on its own, and the element it came from."""

    element: Element
    kind: str
    text: str


def dom_blocks(root: Element) -> list[Block]:
    """Every block of the page in document order (its own text, nested blocks apart);
    text split by blank lines (`<br><br>`) gives one block per part."""
    blocks = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag not in BLOCK_TAGS:
            continue
        for part in _BLANK_LINE.split(own_text(element)):
            text = clean(part)
            if text:
                kind = element.tag
                bullet = BULLET if kind == "li" else BULLET_SIGN
                blocks.append(Block(element, kind, bullet.sub("", text)))
    return blocks


def own_text(element: Element) -> str:
    """An element's text without that of the blocks nested in it; `<br>` as a line end."""
    return _text(element, _page_stand_in)


def _page_stand_in(child: Element) -> str | None:
    tag = child.tag if isinstance(child.tag, str) else ""  # comments: only their tail
    if tag == "br":
        return "\n"
    if tag in BLOCK_TAGS:
        return "\n\n"
    if not tag or tag in _NO_TEXT_TAGS:
        return ""
    return None  # inline: its text, its children's, its tail


def _text(element: Element, stand_in: Callable[[Element], str | None]) -> str:
    """An element's text and its descendants', in document order. `stand_in(child)` is what a
    child is written as instead of its content (a line end, nothing), or None to take its
    content. A stack, not recursion: pages nest 2,048 deep."""
    parts = [element.text or ""]
    stack: list[Element | str] = list(reversed(element))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        written = stand_in(item)
        if written is None:
            parts.append(item.text or "")
            stack.append(item.tail or "")
            stack.extend(reversed(item))
        else:
            parts.append(written)
            parts.append(item.tail or "")
    return "".join(parts)


def clean(text: str) -> str:
    """Spaces collapsed; single line ends kept, as a text article's would be."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def extracted_blocks(body: Element | None) -> list[tuple[str, str]]:
    """(kind, text) of each block of trafilatura's output: each `p`, heading, quote, list item
    and table row its own."""
    blocks: list[tuple[str, str]] = []
    stack: list[Element] = list(reversed(body)) if body is not None else []
    while stack:
        element = stack.pop()
        tag = element.tag
        if tag == "list":
            for item in element.iter("item"):
                blocks.append(("item", BULLET.sub("", clean(_inline_text(item, skip="list")))))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [clean(_inline_text(cell)) for cell in row.iter("cell")]
                blocks.append(("row", " · ".join(cell for cell in cells if cell)))
        elif tag in ("p", "head", "quote", "code", "div"):
            if any(child.tag in ("list", "p", "table", "quote") for child in element):
                stack.extend(reversed(element))
            else:
                blocks.append((str(tag), BULLET_SIGN.sub("", clean(_inline_text(element)))))
    return [(kind, text) for kind, text in blocks if text]


def choose_blocks(page: list[Block], extracted: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(kind, text) of the article's blocks: the page's blocks that trafilatura kept (or that
    give the article's structure), in page order; trafilatura's own where those fall short.

    A block of a few words counts as kept only when trafilatura kept it whole, so that a
    stray `Anzeige` or `Teilen` is not taken for part of a sentence it happens to be in.
    """
    chosen = TextIndex([text for _, text in extracted])
    holds = [chosen.holds(block.text) for block in page]
    kept = [block for block, held in zip(page, holds, strict=True) if held]
    covered = sum(len(block.text) for block in kept)
    if covered < _COVERAGE * sum(len(text) for _, text in extracted):
        return extracted
    container = _container(kept)
    inside = set(container.iter()) if container is not None else set()
    return [
        (block.kind, block.text)
        for block, held in zip(page, holds, strict=True)
        if held or (block.kind in STRUCTURE_TAGS and block.element in inside)
    ]


class TextIndex:
    """Whether a text occurs in a set of texts, in time linear in the text's words.

    A text of a few words must be one of them whole; a longer one must have each of its runs of
    _FEW_WORDS consecutive words in them (a substring search per block would make a big page's
    extraction quadratic).
    """

    def __init__(self, texts: list[str]) -> None:
        self.whole = {" ".join(text.split()) for text in texts}
        self.runs: set[tuple[str, ...]] = set()
        for text in texts:
            words = text.split()
            self.runs.update(_runs(words))

    def holds(self, text: str) -> bool:
        """True when `text` is (whole, or as runs of words) in the indexed texts."""
        words = text.split()
        if len(words) < _FEW_WORDS:
            return " ".join(words) in self.whole
        return all(run in self.runs for run in _runs(words))


def _runs(words: list[str]) -> list[tuple[str, ...]]:
    return [
        tuple(words[start : start + _FEW_WORDS]) for start in range(len(words) - _FEW_WORDS + 1)
    ]


def _container(kept: list[Block]) -> Element | None:
    """The deepest element whose blocks hold _CONTAINER_SHARE of the kept text.

    One pass down the tree for the depths and one up it for the weights: linear in the page,
    where summing along each block's ancestors would cost blocks × depth."""
    if not kept:
        return None
    root = kept[0].element.getroottree().getroot()
    weight: dict[Element, int] = {}
    for block in kept:
        weight[block.element] = weight.get(block.element, 0) + len(block.text)
    depth = {root: 0}
    order = list(root.iter())
    for element in order[1:]:
        parent = element.getparent()
        depth[element] = depth[parent] + 1 if parent is not None else 0
    for element in reversed(order):  # children before their parents
        parent = element.getparent()
        if parent is not None and element in weight:
            weight[parent] = weight.get(parent, 0) + weight[element]
    total = sum(len(block.text) for block in kept)
    heavy = [element for element, held in weight.items() if held >= _CONTAINER_SHARE * total]
    return max(heavy, key=lambda element: depth[element]) if heavy else None


def shown_length(texts: list[str], page: list[Block]) -> int:
    """How much of `texts` the page itself shows (rather than its scripts or JSON-LD)."""
    shown = TextIndex([block.text for block in page])
    return sum(len(text) for text in texts if shown.holds(text))


def _inline_text(element: Element, skip: str = "") -> str:
    """An element's text, its line breaks (`lb`) kept as line ends; the `skip` elements left
    out (a list item's nested lists, whose items come on their own)."""

    def stand_in(child: Element) -> str | None:
        if child.tag == "lb":
            return "\n"
        return "" if child.tag == skip else None

    return _text(element, stand_in)
