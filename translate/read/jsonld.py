"""The article a page describes in its JSON-LD (schema.org), which news sites fill for search
engines: headline, author, date, canonical URL, and often the whole text (`articleBody`) even
where the HTML shows only a teaser and leaves the rest to JavaScript.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# schema.org types of an article (NewsArticle, ReportageNewsArticle, BlogPosting, ...).
_ARTICLE_TYPE = re.compile(r"(Article|BlogPosting|LiveBlogPosting|Report)$")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")


@dataclass(frozen=True, slots=True)
class JsonLdArticle:
    """What a page's JSON-LD says about its article; every field may be missing."""

    headline: str | None = None
    body: tuple[str, ...] = ()
    author: str | None = None
    date: str | None = None
    url: str | None = None


def find_article(scripts: Iterable[str]) -> JsonLdArticle:
    """The first article-typed object in the page's `application/ld+json` scripts.

    Scripts that are not valid JSON (there are many) are passed over.
    """
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):  # RecursionError: nested past Python's stack
            continue
        for item in _objects(data):
            if any(_ARTICLE_TYPE.search(kind) for kind in _types(item)):
                return _article(item)
    return JsonLdArticle()


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of a JSON-LD document: top-level ones, lists and `@graph` members, in
    document order (a stack, not recursion: the nesting is the page's to choose)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            if "@graph" in item:
                stack.append(item["@graph"])


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type", [])
    return [kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)]


def _article(item: dict[str, Any]) -> JsonLdArticle:
    body = _text(item.get("articleBody"))
    paragraphs = tuple(p for p in _PARAGRAPH_BREAK.split(body) if p.strip()) if body else ()
    return JsonLdArticle(
        headline=_text(item.get("headline")) or None,
        body=paragraphs,
        author=_names(item.get("author")),
        date=_text(item.get("datePublished")) or None,
        url=_url(item.get("url")) or _url(item.get("mainEntityOfPage")),
    )


def _text(value: Any) -> str:
    """A JSON-LD text value, with any HTML tags and entities in it resolved."""
    if not isinstance(value, str):
        return ""
    return html.unescape(_TAG.sub(" ", value)).strip()


def _names(value: Any) -> str | None:
    """`author` as names: a string, a Person/Organization, or a list of them, joined by `, `."""
    people = value if isinstance(value, list) else [value]
    names = []
    for person in people:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str) and name.strip():
            names.append(_text(name))
    return ", ".join(dict.fromkeys(names)) or None


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value.split("#")[0]
    return None
