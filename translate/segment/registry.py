"""Choose the German sentence segmenter by name: our rules (the default), pySBD or SoMaJo.

Every segmenter splits one paragraph into stripped sentences that together hold every
non-whitespace character of the paragraph, in order: a library's output is cut back out of the
original text, so whatever it normalises (quotes, NFC, soft hyphens) never reaches the translator.

pySBD (MIT) and SoMaJo (GPL-3.0) are optional and imported only when chosen. SoMaJo is never part
of translate's own install because of its licence; users who accept it install it themselves.
"""

from __future__ import annotations

import difflib
import functools
import importlib
import importlib.metadata
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from translate.errors import UsageError
from translate.options import DEFAULT_SEGMENTER, SegmenterName
from translate.segment.rules import split_sentences
from translate.version import __version__

Segmenter = Callable[[str], list[str]]

_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Library:
    """An optional third-party segmenter: what to import and what to tell a user who lacks it."""

    module: str
    distribution: str
    advice: str


_LIBRARIES = {
    "pysbd": _Library(
        module="pysbd",
        distribution="pysbd",
        advice="run `pip install pysbd` (MIT licence)",
    ),
    "somajo": _Library(
        module="somajo",
        distribution="SoMaJo",
        advice=(
            "SoMaJo is GPL-3.0, so it is never part of translate's install; if its licence suits "
            "you, install it yourself with `pip install SoMaJo`"
        ),
    ),
}


def get_segmenter(name: str) -> Segmenter:
    """The function that splits one paragraph into stripped sentences with segmenter `name`.

    Raises UsageError for an unknown name or a library that is not installed, so a bad choice
    fails before any article is read.
    """
    name = str(name)
    _check_name(name)
    if name == "rules":
        return split_sentences
    _require(name)
    if name == "pysbd":
        _pysbd_segmenter()
        return _split_with_pysbd
    _somajo_tokenizer()
    return _split_with_somajo


def segmenter_signature(name: str) -> str:
    """`<name>-<version>` for the run signature (`rules-0.1.0`, `pysbd-0.3.4`)."""
    name = str(name)
    _check_name(name)
    if name == "rules":
        return f"rules-{__version__}"
    _require(name)
    library = _LIBRARIES[name]
    try:
        version = importlib.metadata.version(library.distribution)
    except importlib.metadata.PackageNotFoundError as error:
        raise _not_installed(name) from error
    return f"{name}-{version}"


def _check_name(name: str) -> None:
    if name not in SegmenterName.__members__:
        raise UsageError(
            f"unknown segmenter {name!r}: choose one of {', '.join(SegmenterName)} "
            f"(default {DEFAULT_SEGMENTER.value!r})."
        )


def _require(name: str) -> None:
    """Import the library behind `name`, or raise UsageError saying how to install it."""
    try:
        importlib.import_module(_LIBRARIES[name].module)
    except ImportError as error:
        raise _not_installed(name) from error


def _not_installed(name: str) -> UsageError:
    return UsageError(
        f"segmenter {name!r} is not installed: {_LIBRARIES[name].advice}, "
        f"or use the default {DEFAULT_SEGMENTER.value!r}."
    )


@functools.cache
def _pysbd_segmenter() -> Any:
    import pysbd

    return pysbd.Segmenter(language="de", clean=False)


@functools.cache
def _somajo_tokenizer() -> Any:
    from somajo import SoMaJo

    try:
        return SoMaJo(
            "de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True
        )
    except TypeError as error:  # versions before character offsets existed
        raise UsageError(
            "segmenter 'somajo' needs a SoMaJo with character offsets: run "
            f"`pip install --upgrade SoMaJo`, or use the default {DEFAULT_SEGMENTER.value!r}."
        ) from error


def _split_with_pysbd(text: str) -> list[str]:
    """pySBD's sentences, cut back out of `text` (pySBD may drop or move whitespace)."""
    sentences: list[str] = _pysbd_segmenter().segment(text)
    return _cut_like(text, sentences)


def _split_with_somajo(text: str) -> list[str]:
    """SoMaJo's sentences, cut out of `text` at each sentence's first token.

    Token texts are normalised (NFC, `: )` → `:)`, invisible characters removed), so the
    sentences are taken from the character offsets into the input instead.
    """
    starts: list[int] = [
        sentence[0].character_offset[0]
        for sentence in _somajo_tokenizer().tokenize_text([text])
        if sentence
    ]
    return _slices(text, starts)


def _slices(text: str, starts: Sequence[int]) -> list[str]:
    """`text` cut at `starts` (the first cut is always 0), stripped, empty pieces dropped."""
    cuts = sorted({0, *(start for start in starts if 0 < start < len(text))})
    pieces = (text[a:b].strip() for a, b in itertools.pairwise([*cuts, len(text)]))
    return [piece for piece in pieces if piece]


def _cut_like(text: str, sentences: Sequence[str]) -> list[str]:
    """Cut `text` where each of `sentences` ends, matching them to `text` character by character.

    Whitespace is ignored. If the library changed characters, difflib aligns its output with the
    input, so each cut lands next to where the library put it and nothing of `text` is lost.
    """
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    source = "".join(text[i] for i in positions)
    parts = [_WHITESPACE.sub("", sentence) for sentence in sentences]
    ends = list(itertools.accumulate(len(part) for part in parts))[:-1]
    predicted = "".join(parts)
    if predicted != source:
        ends = _align(predicted, source, ends)
    return _slices(text, [positions[end] for end in ends if 0 < end < len(positions)])


def _align(predicted: str, source: str, offsets: list[int]) -> list[int]:
    """Map offsets in `predicted` onto `source`, which differs from it in a few characters.

    Characters the library dropped at a cut go to the sentence on the left: what segmenters lose
    or rewrite is mostly final punctuation and closing quotes.
    """
    matcher = difflib.SequenceMatcher(None, predicted, source, autojunk=False)
    opcodes = matcher.get_opcodes()[::-1]
    mapped: list[int] = []
    for offset in offsets:
        for tag, i1, i2, j1, j2 in opcodes:
            if i1 <= offset <= i2:
                mapped.append(j1 + (offset - i1) if tag == "equal" else j2)
                break
    return mapped
