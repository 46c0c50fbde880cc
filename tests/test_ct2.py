"""The CTranslate2 engine on the repo's tiny Marian: conversion, its cache, and equal outputs."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_MARIAN, training_pairs

from translate.engines.batching import token_batches, translate_sentences
from translate.engines.ct2_convert import (
    CONVERSION_MARKER,
    convert_model,
    converted_folder,
    is_converted,
)
from translate.engines.ct2_engine import Ct2Translator, compute_type, prefer_avx512
from translate.engines.hub import resolve_model
from translate.engines.tokens import EncodingMemo
from translate.engines.torch_engine import MarianTranslator
from translate.errors import ModelUnavailableError
from translate.options import Device, Engine, Options
from translate.run import translate_text

SOURCES = [de for de, _ in training_pairs()]


@pytest.fixture(scope="session")
def ct2_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ct2-session-cache")


def _load(cache: Path, *, quantize: bool) -> Ct2Translator:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSLATE_CACHE_DIR", str(cache))
        return Ct2Translator.load(str(TINY_MARIAN), device="cpu", quantize=quantize)


@pytest.fixture(scope="session")
def ct2_float32(ct2_cache: Path) -> Iterator[Ct2Translator]:
    yield _load(ct2_cache, quantize=False)


@pytest.fixture(scope="session")
def ct2_int8(ct2_cache: Path) -> Iterator[Ct2Translator]:
    yield _load(ct2_cache, quantize=True)


@pytest.fixture(scope="session")
def torch_outputs(tiny_marian: MarianTranslator) -> list[str]:
    """The torch engine's translations of every training sentence at beam 4: the reference."""
    return [t.text for t in translate_sentences(SOURCES, tiny_marian, num_beams=4)]


def test_engine_names(ct2_float32: Ct2Translator, ct2_int8: Ct2Translator) -> None:
    assert ct2_float32.engine == "ct2-float32"
    assert ct2_int8.engine == "ct2-int8"
    assert ct2_int8.device == "cpu"
    assert (ct2_int8.default_beams, ct2_int8.input_limit) == (4, 512)


@pytest.mark.parametrize(
    ("device", "quantize", "expected"),
    [
        (Device.cpu, None, "int8"),
        (Device.cpu, True, "int8"),
        (Device.cpu, False, "float32"),
        (Device.cuda, None, "int8_float16"),
        (Device.cuda, False, "float16"),
    ],
)
def test_compute_type(device: Device, quantize: bool | None, expected: str) -> None:
    assert compute_type(device, quantize) == expected


def test_tokens_match_transformers(ct2_int8: Ct2Translator, tiny_marian: MarianTranslator) -> None:
    """Our SentencePiece + vocab.json tokenisation is MarianTokenizer's, token for token."""
    ids = tiny_marian.tokenizer(SOURCES)["input_ids"]
    expected = [tiny_marian.tokenizer.convert_ids_to_tokens(row) for row in ids]
    assert [ct2_int8.vocabulary.encode(text) for text in SOURCES] == expected
    assert ct2_int8.count_tokens(SOURCES) == tiny_marian.count_tokens(SOURCES)


@pytest.mark.slow
def test_float32_equals_torch_on_every_training_sentence(
    ct2_float32: Ct2Translator, torch_outputs: list[str]
) -> None:
    outputs = [t.text for t in translate_sentences(SOURCES, ct2_float32, num_beams=4)]
    assert outputs == torch_outputs
    assert outputs == [en for _, en in training_pairs()]


def test_greedy_float32_equals_torch(
    ct2_float32: Ct2Translator, tiny_marian: MarianTranslator
) -> None:
    sentences = SOURCES[:60]
    expected = [t.text for t in translate_sentences(sentences, tiny_marian, num_beams=1)]
    outputs = [t.text for t in translate_sentences(sentences, ct2_float32, num_beams=1)]
    assert outputs == expected


@pytest.mark.slow
def test_int8_translates_every_training_sentence_as_float32_does(
    ct2_int8: Ct2Translator, torch_outputs: list[str]
) -> None:
    """int8 rounding changes no translation of the tiny model (README, bench/results.md)."""
    outputs = [t.text for t in translate_sentences(SOURCES, ct2_int8, num_beams=4)]
    differing = [(a, b) for a, b in zip(outputs, torch_outputs, strict=True) if a != b]
    assert differing == []


def test_decoding_limits_come_from_the_model(ct2_int8: Ct2Translator) -> None:
    """CTranslate2 would cut inputs at 1024 and outputs at 256 tokens; we pass the model's own."""
    calls: list[dict[str, Any]] = []
    real = ct2_int8.translator

    class Spy:
        def translate_batch(self, source: list[list[str]], **options: Any) -> Any:
            calls.append(options)
            return real.translate_batch(source, **options)

    sentence = "Der Hund schläft."
    ct2_int8.translator = Spy()
    try:
        assert ct2_int8.translate_batch([sentence], num_beams=4) == ["The dog sleeps."]
    finally:
        ct2_int8.translator = real
    longest = ct2_int8.count_tokens([sentence])[0]
    assert calls[0]["max_input_length"] == 512
    assert calls[0]["max_decoding_length"] == 2 * longest + 16


def test_forced_output_length_passes_ctranslate2s_default_cap(ct2_int8: Ct2Translator) -> None:
    """The benchmark forces output lengths; over 256 tokens they are not cut."""
    [text] = ct2_int8.translate_batch(
        ["Der Hund schläft."], num_beams=1, max_new_tokens=300, min_new_tokens=300
    )
    assert len(ct2_int8.vocabulary.target.encode(text, out_type=str)) > 256


def test_conversion_is_cached_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path))
    with caplog.at_level(logging.INFO, logger="translate"):
        first = Ct2Translator.load(str(TINY_MARIAN), device="cpu")
    assert "converting" in caplog.text
    info = resolve_model(str(TINY_MARIAN))
    folder = converted_folder(info, "int8")
    assert folder.parent == tmp_path / "ct2"
    assert is_converted(folder)
    marker = json.loads((folder / CONVERSION_MARKER).read_text())
    assert (marker["revision"], marker["quantization"]) == (info.revision, "int8")
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no scratch left

    def no_conversion(*args: object) -> None:
        raise AssertionError("converted again")

    monkeypatch.setattr("translate.engines.ct2_convert._run_converter", no_conversion)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="translate"):
        second = Ct2Translator.load(str(TINY_MARIAN), device="cpu")
    assert "converting" not in caplog.text
    assert second.translate_batch(["Wo ist der Bahnhof?"], num_beams=4) == (
        first.translate_batch(["Wo ist der Bahnhof?"], num_beams=4)
    )


def test_cache_key_changes_with_revision_and_quantisation() -> None:
    info = resolve_model(str(TINY_MARIAN))
    other = type(info)(name=info.name, path=info.path, revision="sha256:" + "0" * 64)
    folders = {
        converted_folder(info, "int8"),
        converted_folder(info, "float32"),
        converted_folder(other, "int8"),
    }
    assert len(folders) == 3
    # The key is a function of its inputs: the same model and settings name the same folder,
    # in this process and in another one (no random part, no per-process hash seed).
    again = converted_folder(resolve_model(str(TINY_MARIAN)), "int8")
    assert again == converted_folder(info, "int8")
    script = (
        "from translate.engines.ct2_convert import converted_folder\n"
        "from translate.engines.hub import resolve_model\n"
        f"print(converted_folder(resolve_model({str(TINY_MARIAN)!r}), 'int8'))"
    )
    printed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert printed.strip() == str(again)


def test_a_damaged_conversion_is_converted_again(tmp_path: Path) -> None:
    info = resolve_model(str(TINY_MARIAN))
    folder = convert_model(info, "int8", tmp_path)
    size = (folder / "model.bin").stat().st_size
    with (folder / "model.bin").open("r+b") as weights:  # a disk error: same size, other bytes
        weights.seek(size // 2)
        weights.write(b"\x00" * 64)
    scratch = folder.parent / f".{folder.name}.deadbeef.tmp"  # a conversion that was cut short
    scratch.mkdir()
    (scratch / "model.bin").write_bytes(b"partial")

    assert not is_converted(folder)
    assert convert_model(info, "int8", tmp_path) == folder
    assert is_converted(folder)
    assert (folder / "model.bin").stat().st_size == size


def test_a_folder_in_the_way_that_is_not_a_conversion_is_left_alone(tmp_path: Path) -> None:
    info = resolve_model(str(TINY_MARIAN))
    folder = converted_folder(info, "int8", tmp_path)
    folder.mkdir(parents=True)
    (folder / "notes.txt").write_text("mine", encoding="utf-8")  # no marker: not ours
    with pytest.raises(ModelUnavailableError, match="was not written by translate"):
        convert_model(info, "int8", tmp_path)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_run_signature_names_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path))
    options = Options(model=str(TINY_MARIAN), engine=Engine.ct2, device=Device.cpu)
    translator = Ct2Translator.load(options.model, device="cpu")
    result = translate_text("Der Hund schläft. Wo ist der Bahnhof?", translator, options)
    assert result.run.engine == "ct2-int8"
    assert "engine:ct2-int8" in result.run.signature()
    assert [pair.target for pair in result.document.pairs] == [
        "The dog sleeps.",
        "Where is the station?",
    ]


def test_torch_int8_translates_and_says_so() -> None:
    translator = MarianTranslator.load(str(TINY_MARIAN), device="cpu", quantize=True)
    assert translator.engine == "transformers-int8"
    sentences = SOURCES[:40]
    outputs = [t.text for t in translate_sentences(sentences, translator, num_beams=4)]
    expected = [en for _, en in training_pairs()[:40]]
    assert sum(a != b for a, b in zip(outputs, expected, strict=True)) <= 2


@pytest.mark.parametrize(
    ("lengths", "batch_size", "batch_tokens", "expected"),
    [
        ([5, 5, 5, 5], 16, 100, [["a", "b", "c", "d"]]),
        ([5, 5, 5, 5], 3, 100, [["a", "b", "c"], ["d"]]),
        ([10, 10, 4, 4, 4], 16, 20, [["a", "b"], ["c", "d", "e"]]),
        ([2, 50, 3], 16, 40, [["b"], ["c", "a"]]),
    ],
)
def test_token_batches(
    lengths: list[int], batch_size: int, batch_tokens: int, expected: list[list[str]]
) -> None:
    texts = list("abcde"[: len(lengths)])
    assert (
        token_batches(texts, lengths, batch_size=batch_size, batch_tokens=batch_tokens) == expected
    )


def test_counting_then_translating_tokenises_once() -> None:
    calls: list[list[str]] = []

    def encode(texts: Sequence[str]) -> list[int]:
        calls.append(list(texts))
        return [len(text) for text in texts]

    memo: EncodingMemo[int] = EncodingMemo()
    assert memo.get(["ab", "abc", "ab"], encode) == [2, 3, 2]
    assert memo.take(["abc", "ab"], encode) == [3, 2]
    assert calls == [["ab", "abc"]]
    assert memo.take(["ab"], encode) == [2]
    assert calls == [["ab", "abc"], ["ab"]]


def test_a_cpu_isa_the_user_chose_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CT2_FORCE_CPU_ISA", "AVX2")
    assert not prefer_avx512()
    assert os.environ["CT2_FORCE_CPU_ISA"] == "AVX2"


UNSEEN = "Quantenchromodynamik bleibt für viele Studierende rätselhaft."


def test_confidence_matches_the_torch_engines(
    ct2_float32: Ct2Translator, tiny_marian: MarianTranslator
) -> None:
    texts = [de for de, _ in training_pairs()[:8]] + [UNSEEN]
    for beams in (1, 4):
        ours = ct2_float32.translate_scored(texts, num_beams=beams)
        theirs = tiny_marian.translate_scored(texts, num_beams=beams)
        assert [text for text, _ in ours] == [text for text, _ in theirs]
        assert [score for _, score in ours] == pytest.approx(
            [score for _, score in theirs], abs=1e-4
        )


def test_word_alignment_is_the_same_head_in_both_engines(
    ct2_float32: Ct2Translator, tiny_marian: MarianTranslator
) -> None:
    sources = [de for de, _ in training_pairs()[:12]]
    targets = [en for _, en in training_pairs()[:12]]
    links = tiny_marian.word_alignments(sources, targets)
    assert ct2_float32.word_alignments(sources, targets) == links
    for source, target, pair_links in zip(sources, targets, links, strict=True):
        assert pair_links  # every pair has some link
        assert all(s < len(source.split()) and t < len(target.split()) for s, t in pair_links)
        # Every English word is linked (each of its pieces attends somewhere).
        assert {t for _, t in pair_links} == set(range(len(target.split())))
