"""Tests for the segmenter registry: the default, the error messages, and pySBD's sentences."""

from __future__ import annotations

import importlib.metadata
import re
import sys

import pytest

from translate.errors import UsageError
from translate.options import DEFAULT_SEGMENTER, SegmenterName
from translate.segment import registry as segmenters
from translate.segment.registry import get_segmenter, segmenter_signature
from translate.segment.rules import split_sentences
from translate.version import __version__

# Each case: a paragraph and the sentences a German reader would cut it into. Both `rules` and
# pysbd get these right; the benchmark (bench/segmentation.py) measures where they differ.
PARAGRAPHS = [
    (
        "Die Sitzung beginnt um 9 Uhr. Danach folgt die Pause.",
        ["Die Sitzung beginnt um 9 Uhr.", "Danach folgt die Pause."],
    ),
    (
        "Am 3. Oktober feiert Deutschland. Viele Menschen haben frei.",
        ["Am 3. Oktober feiert Deutschland.", "Viele Menschen haben frei."],
    ),
    (
        "Dr. Anna Weber leitet das Institut.  Sie forscht seit 2010 in Jena.",
        ["Dr. Anna Weber leitet das Institut.", "Sie forscht seit 2010 in Jena."],
    ),
    (
        "Die Miete steigt, z. B. in München. Ist das gerecht? Nein!",
        ["Die Miete steigt, z. B. in München.", "Ist das gerecht?", "Nein!"],
    ),
    (
        "  Er rief: „Kommt alle her!“ Dann wurde es still.  ",
        ["Er rief: „Kommt alle her!“", "Dann wurde es still."],
    ),
    (
        "Der Vertrag gilt bis 31.12.2025. Danach wird neu verhandelt.",
        ["Der Vertrag gilt bis 31.12.2025.", "Danach wird neu verhandelt."],
    ),
    (
        "Wir fahren nach Berlin.\nDort treffen wir Freunde.",
        ["Wir fahren nach Berlin.", "Dort treffen wir Freunde."],
    ),
]


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_rules_is_the_default_and_every_name_is_listed() -> None:
    assert DEFAULT_SEGMENTER == "rules"
    assert [name.value for name in SegmenterName] == ["rules", "pysbd", "somajo"]
    assert get_segmenter(DEFAULT_SEGMENTER) is split_sentences


@pytest.mark.parametrize(("text", "expected"), PARAGRAPHS)
def test_rules_splits_german_paragraphs(text: str, expected: list[str]) -> None:
    assert get_segmenter("rules")(text) == expected


@pytest.mark.parametrize(("text", "expected"), PARAGRAPHS)
def test_pysbd_returns_stripped_sentences_that_lose_nothing(text: str, expected: list[str]) -> None:
    sentences = get_segmenter("pysbd")(text)
    assert sentences == expected
    assert all(sentence == sentence.strip() and sentence for sentence in sentences)
    assert without_whitespace("".join(sentences)) == without_whitespace(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
@pytest.mark.parametrize("name", ["rules", "pysbd"])
def test_blank_paragraph_has_no_sentences(name: str, text: str) -> None:
    assert get_segmenter(name)(text) == []


class DroppingSegmenter:
    """Stands in for a pySBD that drops a sentence's final period and respells a word."""

    def segment(self, text: str) -> list[str]:
        return ["Er kam", "Sie gXng.", "Dann regnete es."]


def test_pysbd_output_is_cut_back_out_of_the_paragraph(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(segmenters, "_pysbd_segmenter", DroppingSegmenter)
    text = "Er kam. Sie ging. Dann  regnete es."
    assert get_segmenter("pysbd")(text) == ["Er kam.", "Sie ging.", "Dann  regnete es."]


@pytest.mark.parametrize("name", ["", "spacy", "RULES", "SoMaJo"])
def test_unknown_name_is_a_usage_error_that_lists_the_names(name: str) -> None:
    with pytest.raises(UsageError) as caught:
        get_segmenter(name)
    message = str(caught.value)
    assert f"unknown segmenter {name!r}" in message
    assert "rules, pysbd, somajo" in message
    assert caught.value.exit_code == 2
    with pytest.raises(UsageError, match="unknown segmenter"):
        segmenter_signature(name)


def test_missing_pysbd_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    get_segmenter("pysbd")  # a segmenter built earlier must not hide the missing library
    monkeypatch.setitem(sys.modules, "pysbd", None)
    for choose in (get_segmenter, segmenter_signature):
        with pytest.raises(UsageError) as caught:
            choose("pysbd")
        message = str(caught.value)
        assert message == (
            "segmenter 'pysbd' is not installed: run `pip install pysbd` (MIT licence), "
            "or use the default 'rules'."
        )


def test_missing_somajo_says_why_it_is_not_bundled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "somajo", None)
    with pytest.raises(UsageError) as caught:
        get_segmenter("somajo")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("segmenter 'somajo' is not installed: ")
    assert "GPL-3.0" in message
    assert "`pip install SoMaJo`" in message
    assert message.endswith("or use the default 'rules'.")


def test_signature_names_the_segmenter_and_its_version() -> None:
    assert segmenter_signature("rules") == f"rules-{__version__}"
    assert segmenter_signature("pysbd") == f"pysbd-{importlib.metadata.version('pysbd')}"
