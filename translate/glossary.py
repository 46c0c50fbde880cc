"""A glossary: German terms and the English each one must become (`--glossary terms.tsv`).

The file is UTF-8 text, one term a line: the German term, a tab, the English term; blank lines
and lines starting with `#` are skipped. A term mapped to itself is kept as it is (do not
translate). A term matches whole words only: never inside a longer word (`Kita` does not match
`Kitas` or `Großkita`; a hyphen ends a word, so it does match in `Kita-Leitung`). It matches with
the case as written, and a term that starts with a small letter also matches with a capital
one (at the start of a sentence). Where two terms overlap, the longer one wins.

Only the reading of the file does I/O (`load_glossary`); the rest is pure.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from translate.errors import InputError

_FIELDS = 2


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """One row: a German term, the English it becomes, and its line in the file (1-based)."""

    german: str
    english: str
    line: int = 0

    @property
    def keep(self) -> bool:
        """True for a term mapped to itself: it is not to be translated."""
        return self.german == self.english


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms of a glossary file, ready to find in German text.

    `sha256` is a hash of the terms themselves (sorted, comments and order left out), so it is
    what the run signature and the translation cache record.
    """

    terms: tuple[GlossaryTerm, ...]
    name: str = "glossary"
    sha256: str = field(init=False, default="")
    _english: dict[str, str] = field(init=False, repr=False, compare=False, default_factory=dict)
    _pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        english: dict[str, str] = {}
        for term in self.terms:  # as written first: `Kita` beats the capitalised `kita`
            english.setdefault(term.german, term.english)
        for term in self.terms:
            english.setdefault(term.german[:1].upper() + term.german[1:], term.english)
        variants = sorted(english, key=lambda variant: (-len(variant), variant))
        pattern = (
            re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, variants))})(?!\w)")
            if variants
            else None
        )
        canonical = sorted({(term.german, term.english) for term in self.terms})
        digest = hashlib.sha256(json.dumps(canonical, ensure_ascii=False).encode("utf-8"))
        object.__setattr__(self, "sha256", f"sha256:{digest.hexdigest()}")
        object.__setattr__(self, "_english", english)
        object.__setattr__(self, "_pattern", pattern)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """The terms in `text`, left to right: (start, end, English) for each."""
        if self._pattern is None:
            return []
        return [
            (match.start(), match.end(), self._english[match.group()])
            for match in self._pattern.finditer(text)
        ]

    def unenforced(self, source: str, target: str) -> tuple[str, ...]:
        """The German terms of `source` whose English term `target` lacks (as often as the German
        has them), e.g. because the model dropped a placeholder. The English is compared whole
        words, ignoring case."""
        wanted: dict[str, tuple[str, int]] = {}
        for start, end, english in self.find(source):
            german = source[start:end]
            _, count = wanted.get(german, (english, 0))
            wanted[german] = (english, count + 1)
        return tuple(
            german
            for german, (english, count) in wanted.items()
            if _occurrences(english, target) < count
        )


def _occurrences(words: str, text: str) -> int:
    """How often `words` occur in `text` as whole words, in any case."""
    return len(re.findall(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE))


def parse_glossary(text: str, name: str = "glossary") -> Glossary:
    """A glossary from the text of a TSV file; `name` is the file, for the messages.

    Raises `InputError` naming the row for a wrong number of columns, an empty term, or a
    German term given two different English terms.
    """
    terms: dict[str, GlossaryTerm] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != _FIELDS:
            raise InputError(
                f"{name}:{number}: expected 2 tab-separated columns (German term, English term), "
                f"found {len(fields)}; fix the row or start it with # to skip it."
            )
        german, english = (value.strip() for value in fields)
        for what, value in (("German", german), ("English", english)):
            if not value:
                raise InputError(
                    f"{name}:{number}: the {what} term is empty; give both terms, or map a term "
                    "to itself to keep it untranslated."
                )
        earlier = terms.get(german)
        if earlier is not None and earlier.english != english:
            raise InputError(
                f"{name}:{number}: {german!r} is translated as {english!r} here but as "
                f"{earlier.english!r} on line {earlier.line}; keep one of the two."
            )
        terms.setdefault(german, GlossaryTerm(german, english, number))
    if not terms:
        raise InputError(
            f"{name}: the glossary has no terms; write one 'German<TAB>English' pair per line."
        )
    return Glossary(tuple(terms.values()), name=name)


def load_glossary(path: str | Path) -> Glossary:
    """Read and check a glossary file (`parse_glossary`); `InputError` if it cannot be used."""
    # Imported here: the read package's __init__ loads modules that import options, which
    # imports this module.
    from translate.read.source import read_plain_file

    path = Path(path)
    data = read_plain_file(path, "a glossary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: the glossary is not UTF-8 (byte {error.start}); save it as UTF-8."
        ) from None
    return parse_glossary(text, name=str(path))
