"""The vocabulary shortlist in `bench/speed.py`: one for the opus-mt-shaped model, and its
agreement on the tiny model's held-out sentences.

Speed needs a shortlist of realistic size for the opus-mt-shaped model. It is learned, as
`translate shortlist build` learns one, from the model's own outputs on a sample (the tiny
model's 418 German training sentences, at the forced lengths the benchmark uses), with the
commonest tokens of its SentencePiece model; but random weights repeat a few dozen tokens, so
what they write is no measure of what the real model writes, and the shortlist is filled up to
`SIZE` tokens (in vocabulary order): about what the real model would write for a sample of a
few thousand news sentences plus the commonest tokens its validation asks for. That size is an
estimate, not a measurement, so the speed is also measured at half and twice that size.
Agreement on random weights means nothing; it is measured on the tiny model instead, with
`translate shortlist build`'s own held-out split, and at fixed shares of the commonest English
tokens too, to show what the validation chose.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

BEAMS = 4
# The shares of the tiny model's commonest English tokens compared with the measured choice.
SHARES = (0.0, 1 / 8, 1 / 4, 1 / 2, 1.0)
# The opus-mt-shaped model's shortlist size (of 58,101 tokens), and the sizes also measured.
SIZE = 10_000
SIZES = (5_000, SIZE, 20_000)


def german_sample(pairs: Path) -> list[str]:
    """The German side of a tab-separated file of sentence pairs."""
    lines = pairs.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip()]


def install_bench_shortlist(
    model: Path, pairs: Path, tokens_per_word: float, size: int = SIZE
) -> tuple[dict[str, Any], Any]:
    """Learn the opus-mt-shaped model's shortlist from its forced-length outputs on `pairs`'
    German, fill it up to `size` tokens, and write it beside its int8 conversion; its sizes, and
    the shortlist as learned (before filling)."""
    from translate.engines.ct2_convert import converted_folder
    from translate.engines.ct2_engine import BEAM_PATIENCE, Ct2Translator
    from translate.engines.shortlist_build import shortlist_of
    from translate.engines.shortlist_files import (
        ShortlistRecord,
        converted_weights,
        write_shortlist,
    )

    translator = Ct2Translator.load(str(model), device="cpu", quantize=True)
    sentences = german_sample(pairs)
    sources = [translator.vocabulary.encode(sentence) for sentence in sentences]
    targets: list[list[str]] = []
    for start in range(0, len(sources), 16):
        batch = sources[start : start + 16]
        length = max(
            round(tokens_per_word * len(sentence.split())) + 1
            for sentence in sentences[start : start + 16]
        )
        results = translator.translator.translate_batch(
            batch,
            beam_size=BEAMS,
            patience=BEAM_PATIENCE,
            min_decoding_length=length,
            max_decoding_length=length,
        )
        targets += [result.hypotheses[0] for result in results]
    learned = shortlist_of(translator.vocabulary, targets, general_share=1.0)
    shortlist = filled(learned, vocabulary_order(model), size)
    folder = converted_folder(translator.info, translator.compute_type)
    record = ShortlistRecord(
        identity=shortlist.identity,
        model=translator.info.name,
        revision=translator.info.revision,
        weights=converted_weights(folder),
        learned=len(sentences),
        held_out=0,
        identical=0,
        forced=True,
    )
    write_shortlist(folder, shortlist.vmap(), record)
    figures = {
        "tokens": len(shortlist.tokens),
        "learned": len(learned.tokens),
        "written": len({token for tokens in targets for token in tokens}),
        "vocabulary": len(translator.vocabulary.vocab),
        "sample": len(sentences),
    }
    return figures, learned


def vocabulary_order(model: Path) -> list[str]:
    """The model's tokens in id order (its vocab.json)."""
    from translate.engines.hub import read_model_json

    vocab = read_model_json(model / "vocab.json")
    return sorted(vocab, key=lambda token: int(vocab[token]))


def size_sweep(
    model: Path,
    learned: Any,
    sentences: list[str],
    targets: dict[str, int],
    *,
    repeats: int,
) -> list[dict[str, Any]]:
    """Tokens/s of the default engine and of shortlists of each of `SIZES`, in one process,
    interleaved over `repeats`; per size, the median ratio to the full vocabulary."""
    import statistics
    import time
    from dataclasses import replace

    from translate.engines.batching import translate_sentences
    from translate.engines.ct2_convert import converted_folder
    from translate.engines.ct2_engine import Ct2Translator, open_converted
    from translate.engines.shortlist_build import scratch_model
    from translate.options import Device

    full = Ct2Translator.load(str(model), device="cpu", quantize=True)
    folder = converted_folder(full.info, full.compute_type)
    order = vocabulary_order(model)
    total = sum(targets.values())
    rows: dict[int, list[float]] = {size: [] for size in SIZES}
    with ExitStack() as stack:
        translators = {}
        for size in SIZES:
            shortlist = filled(learned, order, size)
            scratch = stack.enter_context(scratch_model(folder, shortlist.vmap()))
            model_ = open_converted(scratch, Device.cpu, full.compute_type, full.workers)
            translators[size] = replace(full, translator=model_, shortlist=shortlist.identity)
        for _ in range(repeats):
            speeds = {}
            for size, translator in [(0, full), *translators.items()]:
                forced = _Forced(translator, targets)
                started = time.perf_counter()
                translate_sentences(sentences, forced, num_beams=BEAMS)
                speeds[size] = total / (time.perf_counter() - started)
            for size in SIZES:
                rows[size].append(speeds[size] / speeds[0])
    return [
        {"tokens": size, "ratio": statistics.median(ratios), "ratios": ratios}
        for size, ratios in rows.items()
    ]


class _Forced:
    """The benchmark's forced lengths (as `speed.ForcedLengths`), for any ct2 translator."""

    def __init__(self, translator: Any, targets: dict[str, int]) -> None:
        self.translator = translator
        self.targets = targets
        self.input_limit = translator.input_limit

    def count_tokens(self, texts: Any) -> Any:
        return self.translator.count_tokens(texts)

    def translate_scored(self, texts: Any, *, num_beams: int) -> Any:
        length = max(self.targets[text] for text in texts)
        return self.translator.translate_scored(
            texts, num_beams=num_beams, max_new_tokens=length, min_new_tokens=length
        )


def filled(shortlist: Any, vocabulary: Any, size: int) -> Any:
    """`shortlist` with the first tokens of `vocabulary` (in its order) added up to `size`."""
    from translate.engines.shortlist import Shortlist

    tokens = dict.fromkeys(shortlist.tokens)
    for token in vocabulary:
        if len(tokens) >= size:
            break
        tokens.setdefault(token)
    return Shortlist(tuple(sorted(tokens)))


def tiny_agreement(model: Path, pairs: Path, cache: Path) -> list[dict[str, Any]]:
    """The tiny model's shortlist agreement on its held-out fifth: first as `shortlist build`
    chooses the shortlist, then at each of `SHARES` of its commonest English tokens."""
    os.environ["TRANSLATE_CACHE_DIR"] = str(cache)
    from translate.engines.ct2_engine import Ct2Translator
    from translate.engines.shortlist_build import (
        HELD_OUT,
        compare,
        shortlist_of,
        translate_tokens,
        usable_sentences,
    )

    translator = Ct2Translator.load(str(model), device="cpu", quantize=True)
    usable = usable_sentences(translator, german_sample(pairs))
    held_out = usable[HELD_OUT - 1 :: HELD_OUT]
    learned = [text for index, text in enumerate(usable) if index % HELD_OUT != HELD_OUT - 1]
    targets = translate_tokens(translator, learned, num_beams=BEAMS, batch_size=16)
    rows = []
    for share in (None, *SHARES):
        shortlist = shortlist_of(translator.vocabulary, targets, general_share=share)
        full, short, _, _ = compare(translator, shortlist, held_out, num_beams=BEAMS, batch_size=16)
        rows.append(
            {
                "share": share,
                "tokens": len(shortlist.tokens),
                "vocabulary": len(translator.vocabulary.vocab),
                "learned": len(learned),
                "held_out": len(held_out),
                "identical": sum(a == b for a, b in zip(full, short, strict=True)),
            }
        )
    return rows
