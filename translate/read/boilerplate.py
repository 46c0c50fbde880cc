"""Clearing a page's furniture out of its HTML tree before the extractor looks for the article.

trafilatura finds the main text well, but keeps what sits inside the article's own container:
a paywall note, a table of contents, an ad block between paragraphs, a site's whole layout table.
What is removed here is named by the page itself, in the vocabulary every CMS uses:

- elements that are never article text (`nav`, `aside`, `footer`, forms, buttons, `noscript`,
  iframes, AMP's sidebars, ads, consent and share widgets) and hidden ones;
- ARIA landmarks that are not the article (`navigation`, `banner`, `contentinfo`, ...);
- elements whose class or id names furniture (`cookie`, `share`, `related`, `paywall`, `ad`,
  `anzeige`, `kommentare`, ... as whole words of the name);
- in a layout table, the cells and rows around the article's cell that hold no sentence;
- blocks that are mostly links (menus, link lists, "print | recommend | back").

Nothing that holds the headline, or most of the page's paragraph text, is ever removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

# lxml's elements are untyped; `Element` documents what a parameter is.
Element = Any

_NEVER_TEXT_TAGS = frozenset(
    {"nav", "aside", "footer", "form", "button", "noscript", "iframe", "dialog", "template"}
    | {"svg", "select", "textarea", "input", "label", "menu", "object", "embed"}
    | {"amp-sidebar", "amp-ad", "amp-embed", "amp-sticky-ad", "amp-consent", "amp-analytics"}
    | {"amp-social-share", "amp-iframe", "amp-user-notification", "amp-list"}
)
_NOT_ARTICLE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog"}
    | {"search", "menu", "menubar", "toolbar", "tablist", "form"}
)
# Words of class and id names that name page furniture (English and German CMS vocabulary).
FURNITURE_WORDS = frozenset(
    {"nav", "navbar", "navigation", "menu", "menue", "breadcrumb", "breadcrumbs", "pagination"}
    | {"pager", "topbar", "toolbar", "cookie", "cookies", "consent", "cmp", "gdpr", "banner"}
    | {"popup", "modal", "overlay", "ad", "ads", "advert", "advertisement", "advertising"}
    | {"adslot", "anzeige", "anzeigen", "werbung", "sponsor", "sponsored", "promo", "promotion"}
    | {"outbrain", "taboola", "share", "sharing", "social", "teilen", "related", "recommended"}
    | {"recommendations", "empfehlungen", "readmore", "more", "mehr", "weitere", "mostread"}
    | {"meistgelesen", "trending", "popular", "comment", "comments", "kommentar", "kommentare"}
    | {"disqus", "replies", "newsletter", "subscribe", "subscription", "paywall", "abo"}
    | {"login", "signup", "footer", "fuss", "fusszeile", "sidebar", "widget", "toc", "tags"}
    | {"tag", "cat", "credit", "credits", "copyright", "print", "author", "byline", "bio"}
)
_WORD = re.compile(r"[a-z0-9]+|[A-Z][a-z0-9]*")
_BLOCK_TAGS = frozenset({"div", "p", "ul", "ol", "dl", "td", "section", "font", "center", "table"})
# A block is a link list when this share of its text is link text (and it has 2+ links).
_LINK_DENSITY = 0.6
# A cell of a layout table holds article text when it has a run of this many words that ends
# a sentence.
_SENTENCE_WORDS = 10
_SENTENCE_END = re.compile(r"[.!?…][\"“”»)]*$")


def remove_boilerplate(root: Element, headline: Element | None) -> None:
    """Remove the page furniture from `root` (an lxml HTML tree), in place.

    Each step is one pass over the tree, with the sizes of every element's text counted in one
    pass before it: a big page (100,000 paragraphs, or elements nested 2,048 deep) costs what
    its size says, not its size times its depth.
    """
    protected = _protected(root, headline)
    sizes = TextSizes(root)
    total = sizes.paragraphs[root]

    def removable(element: Element) -> bool:
        return element not in protected and sizes.paragraphs[element] <= total / 2

    _drop_where(root, lambda element: _is_furniture(element) and removable(element))
    _isolate_layout_cell(root, headline, protected)
    sizes = TextSizes(root)
    _drop_where(
        root,
        lambda element: (
            element.tag in _BLOCK_TAGS and _is_link_list(element, sizes) and removable(element)
        ),
    )


def _drop_where(root: Element, condition: Callable[[Element], bool]) -> None:
    """Drop each element below `root` that meets `condition`, in document order, never looking
    inside what was dropped."""
    stack = list(reversed(root))
    while stack:
        element = stack.pop()
        if condition(element):
            element.drop_tree()
        else:
            stack.extend(reversed(element))


class TextSizes:
    """The sizes of every element's text (as `text_content()` has it), counted bottom-up in
    one pass: characters, characters that are not spaces, characters in paragraphs, links and
    the characters in them, and whether a table cell lies below."""

    def __init__(self, root: Element) -> None:
        self.characters: dict[Element, int] = {}
        self.printed: dict[Element, int] = {}  # characters that are not spaces
        self.paragraphs: dict[Element, int] = {}
        self.links: dict[Element, int] = {}
        self.linked: dict[Element, int] = {}  # printed characters inside links
        self.cell_below: dict[Element, bool] = {}
        for element in reversed(list(root.iter())):  # every element after its descendants
            self._count(element)

    def _count(self, element: Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments: only the tail
        text = (element.text or "") if tag else ""
        characters, printed = len(text), _printed(text)
        paragraphs = links = linked = 0
        cell_below = False
        for child in element:
            tail = child.tail or ""
            characters += self.characters[child] + len(tail)
            printed += self.printed[child] + _printed(tail)
            paragraphs += self.paragraphs[child]
            links += self.links[child]
            linked += self.linked[child]
            cell_below = cell_below or child.tag == "td" or self.cell_below[child]
        self.characters[element], self.printed[element] = characters, printed
        self.paragraphs[element] = characters if tag == "p" else paragraphs
        self.links[element] = links + (tag == "a")
        self.linked[element] = printed if tag == "a" else linked
        self.cell_below[element] = cell_below


def _printed(text: str) -> int:
    return len("".join(text.split()))


def words_of(element: Element) -> set[str]:
    """The lower-case words of an element's class and id (`newsletterBox` → newsletter, box)."""
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return {word.lower() for word in _WORD.findall(names)}


def _is_furniture(element: Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or tag in ("html", "body", "main", "article"):
        return False
    if tag in _NEVER_TEXT_TAGS or (element.get("role") or "").lower() in _NOT_ARTICLE_ROLES:
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if "display:none" in style or "visibility:hidden" in style:
        return True
    return bool(words_of(element) & FURNITURE_WORDS)


def _protected(root: Element, headline: Element | None) -> set[Element]:
    """The headline, its ancestors and the document's own containers: never removed."""
    kept = {root, *root.iter("html", "body")}
    if headline is not None:
        kept.add(headline)
        kept.update(headline.iterancestors())
    return kept


def _is_link_list(element: Element, sizes: TextSizes) -> bool:
    if sizes.links[element] < 2:
        return False
    text = sizes.printed[element]
    return text > 0 and sizes.linked[element] / text >= _LINK_DENSITY


def _isolate_layout_cell(root: Element, headline: Element | None, protected: set[Element]) -> None:
    """In a table layout, drop the cells and rows around the article's cell that hold no
    sentence (menus, counters, banners, footers set as table cells)."""
    cell = _article_cell(root, headline)
    if cell is None:
        return
    path = {cell, *cell.iterancestors()}
    for ancestor in [cell, *cell.iterancestors("td", "th", "tr", "tbody", "table")]:
        parent = ancestor.getparent()
        if parent is None or parent.tag not in ("tr", "tbody", "table", "thead", "tfoot"):
            continue
        for sibling in list(parent):
            if sibling in path or sibling in protected or not isinstance(sibling.tag, str):
                continue
            if not has_sentence(sibling.text_content()):
                sibling.drop_tree()


def has_sentence(text: str) -> bool:
    """True when `text` has a run of _SENTENCE_WORDS words whose last ends a sentence
    (`6.0` and `example.com` end none)."""
    run = 0
    for word in text.split():
        run += 1
        if _SENTENCE_END.search(word):
            if run >= _SENTENCE_WORDS:
                return True
            run = 0
    return False


def _article_cell(root: Element, headline: Element | None) -> Element | None:
    """The table cell the article is in: the headline's, else the one with the most text."""
    if headline is not None:
        return next(headline.iterancestors("td", "th"), None)
    sizes = TextSizes(root)
    cells = [cell for cell in root.iter("td") if not sizes.cell_below[cell]]
    if not cells:
        return None
    best = max(cells, key=lambda cell: sizes.paragraphs[cell])
    return best if sizes.paragraphs[best] > 0 else None
