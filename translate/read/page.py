"""A saved web page reduced to its article: headline, teaser, body, sub-headings, list items.

The page is decoded as a browser would (`translate.read.charset`), parsed with lxml, cleared of
its furniture (`translate.read.boilerplate`), and handed to trafilatura, which finds the main
text. Around that we add what trafilatura leaves to its metadata or drops: the headline as the
first paragraph, a teaser standing between headline and body, and the JSON-LD `articleBody`
when the HTML holds only a stub of the article. Each sub-heading and each list item becomes a
paragraph of its own, so it is a sentence of its own, and list items lose their bullets.

trafilatura and lxml are imported only here, when a page is read (`pip install
'translate-de-en[html]'`), so `translate --help` and text articles never load them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from translate.document import SourceMetadata
from translate.errors import InputError
from translate.read.blocks import (
    BULLET_SIGN,
    TextIndex,
    choose_blocks,
    clean,
    dom_blocks,
    extracted_blocks,
    shown_length,
)
from translate.read.boilerplate import Element, remove_boilerplate
from translate.read.charset import decode_page
from translate.read.jsonld import JsonLdArticle, find_article

# The article is taken from JSON-LD when its articleBody is this many times longer than what
# the HTML gave (a page that renders its text with JavaScript).
_JSON_LD_FACTOR = 1.5
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
# The most attributes one element may carry: libxml2 checks each new attribute against all the
# earlier ones, so a tag with 200,000 of them takes minutes (deaf to signals meanwhile). A page
# past it is refused before parsing, as one nested past the parser's depth is.
MAX_ATTRIBUTES = 1000
# An attribute as libxml2's HTML5 tokenizer reads it: a name (up to a blank, `/`, `>` or `=`),
# then maybe `=` and a value, quoted (which may hold `>`) or not (up to a blank or `>`).
_ATTRIBUTE = r"""[\s/]*+[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+"""
# Comments, and start tags with all their attributes: read once, left to right (linear).
_TAG = re.compile(rf"<!--.*?(?:-->|\Z)|<[A-Za-z][^\s/>]*+(?:{_ATTRIBUTE})*+", re.DOTALL)
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)
_QUOTE_KINDS = frozenset({"quote", "blockquote"})
_TEASER_END = re.compile(r"[.!?…“”\"]$")
_TEASER_MIN_WORDS = 6
_BLOCK_TAGS = ("p", "div", "span", "strong", "b", "h2", "h3", "li", "section", "td", "font")
HTML_EXTRA = "pip install 'translate-de-en[html]'"


@dataclass(frozen=True, slots=True)
class Page:
    """What a page yields: its article's paragraphs and what the page says about itself."""

    paragraphs: tuple[str, ...]
    metadata: SourceMetadata = field(default_factory=SourceMetadata)


def read_page(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    http_charset: str | None = None,
    url: str | None = None,
) -> Page:
    """Extract the article of a page's bytes (pure: nothing is fetched or written).

    `http_charset` is the charset a server sent; `url` the address the page came from.
    Raises `InputError` naming `source` when the page holds no article text.
    """
    decoded = decode_page(data, source=source, encoding=encoding, http_charset=http_charset)
    html_module, trafilatura = _libraries(source)
    if _has_crowded_tag(decoded.text):
        raise InputError(
            f"{source}: has an HTML element with more than {MAX_ATTRIBUTES:,} attributes, past "
            "what the parser reads in reasonable time; give its text as a .txt file instead."
        )
    try:
        # libxml2 drops what lies deeper than 256 elements unless told the tree may be huge
        # (then 2,048): page builders nest that deep now and then, and the article is inside.
        parser = html_module.HTMLParser(huge_tree=True)
        root = html_module.document_fromstring(
            _XML_DECLARATION.sub("", decoded.text), parser=parser
        )
    except (ValueError, html_module.etree.ParserError):
        raise InputError(f"{source}: holds no HTML to read; give a saved web page.") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        raise InputError(  # libxml2 stopped reading: what it left out may be the article
            f"{source}: nests its HTML elements deeper than the parser reads (2,048 levels); "
            "give its text as a .txt file instead."
        )
    described = find_article(
        script.text or ""
        for script in root.iter("script")
        if (script.get("type") or "").lower() == "application/ld+json"
    )
    stated = trafilatura.extract_metadata(copy.deepcopy(root), default_url=url)
    canonical = _canonical(root)
    headline_element = _headline_element(root, described)
    teaser_candidates = _blocks_after(headline_element)
    remove_boilerplate(root, headline_element)
    extracted = trafilatura.bare_extraction(
        copy.deepcopy(root), url=url, include_comments=False, include_tables=True
    )
    found = extracted_blocks(extracted.body) if extracted is not None else []
    page_blocks = dom_blocks(root)
    blocks = _without_repeated_quotes(choose_blocks(page_blocks, found))
    if _length(list(described.body)) > _JSON_LD_FACTOR * shown_length(blocks, page_blocks):
        blocks = list(described.body)
    headline = clean(headline_element.text_content()) if headline_element is not None else ""
    headline = headline or described.headline or stated.title or ""
    teaser = _teaser(root, teaser_candidates, [block for block in blocks if block != headline])
    paragraphs = _assemble(headline, teaser, blocks)
    if not paragraphs:
        raise InputError(f"{source}: holds no article text that could be found; is it a page?")
    metadata = SourceMetadata(
        format="html",
        encoding=decoded.encoding,
        title=headline or None,
        author=described.author or stated.author or None,
        date=described.date or _stated_date(root) or stated.date or None,
        url=described.url or canonical or stated.url or url,
    )
    return Page(tuple(paragraphs), metadata)


def _has_crowded_tag(text: str) -> bool:
    """True when an element has more than MAX_ATTRIBUTES attributes (each takes 2 characters
    at least, so only a tag longer than twice that is counted)."""
    for tag in _TAG.finditer(text):
        if tag.end() - tag.start() > 2 * MAX_ATTRIBUTES and not tag.group().startswith("<!--"):
            attributes = _ONE_ATTRIBUTE.finditer(text, tag.start() + 1, tag.end())
            if sum(1 for _ in attributes) > MAX_ATTRIBUTES + 1:  # the tag's name is one
                return True
    return False


def _without_repeated_quotes(blocks: list[tuple[str, str]]) -> list[str]:
    """The blocks' texts, less pull quotes: a quote whose words the body says anyway."""
    body = TextIndex([text for kind, text in blocks if kind not in _QUOTE_KINDS])
    return [text for kind, text in blocks if kind not in _QUOTE_KINDS or not body.holds(text)]


def _length(blocks: list[str]) -> int:
    return sum(len(block) for block in blocks)


def _headline_element(root: Element, described: JsonLdArticle) -> Element | None:
    """The page's headline: the `h1` that matches what the page says its title is, else the
    first `h1` with text, else (old pages) the first `h2` with text."""
    titles = [described.headline, *(_meta(root, name) for name in ("og:title", "twitter:title"))]
    wanted = [clean(t).casefold() for t in titles if t]
    for level in ("h1", "h2"):
        headings = [h for h in root.iter(level) if clean(h.text_content())]
        for heading in headings:
            text = clean(heading.text_content()).casefold()
            if any(text == title or text in title for title in wanted):
                return heading
        if headings:
            return headings[0]
    return None


def _blocks_after(headline: Element | None) -> list[Element]:
    """Text blocks that follow the headline in document order (teaser candidates), up to 20."""
    found: list[Element] = []
    level = headline
    while level is not None:  # a loop, not recursion: pages nest up to 2,048 deep
        for element in level.itersiblings():
            for block in element.iter(*_BLOCK_TAGS):
                found.append(block)
                if len(found) >= 20:
                    return found
        level = level.getparent()
    return found


def _teaser(root: Element, candidates: list[Element], blocks: list[str]) -> str | None:
    """The teaser: a sentence-like block between headline and body that the body lacks (and
    that the furniture clearing left in place)."""
    if not blocks:
        return None
    first = blocks[0][:60]
    body = "\n".join(blocks)
    for element in candidates:
        if not any(ancestor is root for ancestor in element.iterancestors()):
            continue
        text = BULLET_SIGN.sub("", clean(element.text_content()))
        if not text or first in text:
            return None  # reached the body: no teaser stood before it
        if text in body or len(text.split()) < _TEASER_MIN_WORDS:
            continue
        if _TEASER_END.search(text) and not any(child.tag in _BLOCK_TAGS for child in element):
            return text
    return None


def _assemble(headline: str, teaser: str | None, blocks: list[str]) -> list[str]:
    """Headline first, then teaser and body; repeats of a block (pull quotes) once."""
    paragraphs = [headline] if headline else []
    seen = {headline}
    for block in ([teaser] if teaser else []) + blocks:
        if block and block not in seen:
            paragraphs.append(block)
            seen.add(block)
    return paragraphs


def _meta(root: Element, name: str) -> str | None:
    for meta in root.iter("meta"):
        if name in (meta.get("property"), meta.get("name")) and meta.get("content"):
            return str(meta.get("content"))
    return None


def _stated_date(root: Element) -> str | None:
    """The publication date a `<meta>` states, as it states it (with its time, if any)."""
    for name in ("article:published_time", "date", "dcterms.date", "DC.date.issued"):
        value = _meta(root, name)
        if value:
            return value
    return None


def _canonical(root: Element) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href"))
    return _meta(root, "og:url")


def _libraries(source: str) -> tuple[Any, Any]:
    """lxml.html and trafilatura, or an `InputError` saying how to install them."""
    try:
        import lxml.html
        import trafilatura
    except ImportError as error:
        raise InputError(
            f"{source}: reading web pages needs trafilatura, which is not installed "
            f"({error.name or error}); install it with {HTML_EXTRA}."
        ) from None
    return lxml.html, trafilatura
