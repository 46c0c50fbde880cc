"""Build a vocabulary shortlist for the ct2 engine from a sample, and measure what it changes.

Four of every five sample sentences are translated with the full vocabulary and the shortlist is
learned from the model's English for them (`shortlist.learn_shortlist`; one in five of these
validates how many of the commonest English tokens to add); the fifth are held out and translated
twice, with the full vocabulary and with the shortlist, and the share of identical sentences is
the shortlist's **agreement**. Below `MIN_AGREEMENT` the shortlist is not enabled unless forced:
a sentence the shortlist changes is a sentence it may have made worse. While measuring, the
candidate map is read from a scratch folder beside the converted model (links to its files);
only a map that is enabled is written into the converted folder.
"""

from __future__ import annotations

import secrets
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from translate.engines.batching import DEFAULT_BATCH_TOKENS, token_batches
from translate.engines.ct2_convert import SHORTLIST_MARKER, VMAP_FILE, converted_folder
from translate.engines.ct2_engine import Ct2Translator, open_converted
from translate.engines.ct2_vocab import MarianVocabulary
from translate.engines.placeholders import mask
from translate.engines.shortlist import (
    Shortlist,
    general_count,
    is_punctuation,
    learn_shortlist,
    placeholder_texts,
)
from translate.engines.shortlist_files import ShortlistRecord, converted_weights, write_shortlist
from translate.engines.shortlist_sample import DEFAULT_SAMPLE, sample_sentences
from translate.errors import InputError
from translate.options import DEFAULT_BATCH_SIZE, Device, Options

# The share of held-out sentences that must come out identical for the shortlist to be enabled.
MIN_AGREEMENT = 0.98
# Every HELD_OUT-th sample sentence is held out to measure the agreement.
HELD_OUT = 5
# Fewer held-out sentences say too little: at 20, one differing sentence is 5 points.
MIN_HELD_OUT = 20


@dataclass(frozen=True, slots=True)
class ShortlistReport:
    """What building a shortlist found: its agreement, speed, and whether it is now enabled."""

    model: str
    engine: str
    folder: Path
    identity: str
    tokens: int
    vocabulary: int
    learned: int
    held_out: int
    identical: int
    full_seconds: float
    shortlist_seconds: float
    enabled: bool
    forced: bool

    @property
    def agreement(self) -> float:
        """The share of held-out sentences translated identically with the shortlist."""
        return self.identical / self.held_out

    @property
    def speed_ratio(self) -> float:
        """How many times faster the held-out sentences were translated with the shortlist."""
        return self.full_seconds / self.shortlist_seconds if self.shortlist_seconds else 0.0


def learn_from(
    translator: Ct2Translator, sentences: Sequence[str], *, num_beams: int, batch_size: int
) -> Shortlist:
    """The shortlist of `translator`'s own full-vocabulary translations of `sentences`.

    One in `HELD_OUT` of them validates: how many of the target vocabulary's commonest tokens
    the shortlist needs besides those the others produced (`shortlist.general_count`).
    """
    targets = translate_tokens(translator, sentences, num_beams=num_beams, batch_size=batch_size)
    return shortlist_of(translator.vocabulary, targets)


def shortlist_of(
    vocabulary: MarianVocabulary,
    targets: Sequence[Sequence[str]],
    *,
    general_share: float | None = None,
) -> Shortlist:
    """The shortlist of a model's target tokens for a sample (see `learn_from`).

    `general_share` fixes the share of the commonest target tokens added (the benchmark
    compares shares); None measures it on the validation sentences.
    """
    placeholders = [
        piece
        for text in placeholder_texts()
        for piece in vocabulary.target.encode(text, out_type=str)
    ]
    punctuation = [piece for piece in vocabulary.vocab if is_punctuation(piece)]
    always = [*placeholders, *punctuation]
    validation = targets[HELD_OUT - 1 :: HELD_OUT]
    learned = [tokens for index, tokens in enumerate(targets) if index % HELD_OUT != HELD_OUT - 1]
    general = [
        piece
        for piece in map(vocabulary.target.id_to_piece, range(vocabulary.target.get_piece_size()))
        if piece in vocabulary.vocab and piece not in vocabulary.special
    ]
    count = (
        general_count(learn_shortlist(learned, always=always), general, validation)
        if general_share is None
        else round(general_share * len(general))
    )
    return learn_shortlist(targets, always=[*always, *general[:count]])


def build_shortlist(
    translator: Ct2Translator,
    sentences: Sequence[str],
    *,
    num_beams: int,
    batch_size: int = DEFAULT_BATCH_SIZE,
    force: bool = False,
) -> ShortlistReport:
    """Learn a shortlist from `sentences`, measure it on a held-out fifth, and enable it if it
    agrees often enough (or `force`). `translator` decodes with the full vocabulary."""
    usable = usable_sentences(translator, sentences)
    held_out = usable[HELD_OUT - 1 :: HELD_OUT]
    learned = [
        sentence for index, sentence in enumerate(usable) if index % HELD_OUT != HELD_OUT - 1
    ]
    _require_enough(len(usable))
    shortlist = learn_from(translator, learned, num_beams=num_beams, batch_size=batch_size)
    folder = converted_folder(translator.info, translator.compute_type)
    full, short, full_seconds, shortlist_seconds = compare(
        translator, shortlist, held_out, num_beams=num_beams, batch_size=batch_size
    )
    identical = sum(a == b for a, b in zip(full, short, strict=True))
    agrees = identical >= MIN_AGREEMENT * len(held_out)
    if agrees or force:
        record = ShortlistRecord(
            identity=shortlist.identity,
            model=translator.info.name,
            revision=translator.info.revision,
            weights=converted_weights(folder),
            learned=len(learned),
            held_out=len(held_out),
            identical=identical,
            forced=not agrees,
        )
        write_shortlist(folder, shortlist.vmap(), record)
    return ShortlistReport(
        model=translator.info.name,
        engine=translator.engine,
        folder=folder,
        identity=shortlist.identity,
        tokens=len(shortlist.tokens),
        vocabulary=len(translator.vocabulary.vocab),
        learned=len(learned),
        held_out=len(held_out),
        identical=identical,
        full_seconds=full_seconds,
        shortlist_seconds=shortlist_seconds,
        enabled=agrees or force,
        forced=force and not agrees,
    )


def compare(
    translator: Ct2Translator,
    shortlist: Shortlist,
    sentences: Sequence[str],
    *,
    num_beams: int,
    batch_size: int,
) -> tuple[list[str], list[str], float, float]:
    """`sentences` translated with the full vocabulary and with `shortlist`: both Englishes,
    and the seconds each took."""
    folder = converted_folder(translator.info, translator.compute_type)
    started = time.perf_counter()
    full = translate_texts(translator, sentences, num_beams=num_beams, batch_size=batch_size)
    full_seconds = time.perf_counter() - started
    with scratch_model(folder, shortlist.vmap()) as scratch:
        model = open_converted(
            scratch, Device(translator.device), translator.compute_type, translator.workers
        )
        shortlisted = replace(translator, translator=model, shortlist=shortlist.identity)
        started = time.perf_counter()
        short = translate_texts(shortlisted, sentences, num_beams=num_beams, batch_size=batch_size)
        shortlist_seconds = time.perf_counter() - started
    return full, short, full_seconds, shortlist_seconds


def translate_tokens(
    translator: Ct2Translator, sentences: Sequence[str], *, num_beams: int, batch_size: int
) -> list[list[str]]:
    """Each sentence's target tokens, in length-sorted batches as a run translates them."""
    lengths = translator.count_tokens(sentences)
    found: dict[str, list[str]] = {}
    batches = token_batches(
        sentences, lengths, batch_size=batch_size, batch_tokens=DEFAULT_BATCH_TOKENS
    )
    for batch in batches:
        found.update(
            zip(batch, translator.translate_tokens(batch, num_beams=num_beams), strict=True)
        )
    return [found[sentence] for sentence in sentences]


def translate_texts(
    translator: Ct2Translator, sentences: Sequence[str], *, num_beams: int, batch_size: int
) -> list[str]:
    """Each sentence's English, as `translate_tokens` decodes it."""
    tokens = translate_tokens(translator, sentences, num_beams=num_beams, batch_size=batch_size)
    return [translator.vocabulary.decode(pieces) for pieces in tokens]


def _require_enough(sentences: int) -> None:
    if sentences < MIN_HELD_OUT * HELD_OUT:
        raise InputError(
            f"the sample has {sentences} sentences, too few to measure a shortlist (it "
            f"needs {MIN_HELD_OUT * HELD_OUT}); give more articles or a larger --sample."
        )


def usable_sentences(translator: Ct2Translator, sentences: Sequence[str]) -> list[str]:
    """The distinct sentences as the model sees them (protected spans masked), each within its
    input limit (a longer one would be split in a run)."""
    masked = list(dict.fromkeys(mask(sentence).text for sentence in sentences))
    lengths = translator.count_tokens(masked)
    return [
        text
        for text, length in zip(masked, lengths, strict=True)
        if length <= translator.input_limit
    ]


@contextmanager
def scratch_model(folder: Path, vmap: str) -> Iterator[Path]:
    """A scratch folder beside the converted one: links to its files, and the candidate map."""
    scratch = folder.parent / f".{folder.name}.shortlist-{secrets.token_hex(8)}.tmp"
    try:
        scratch.mkdir()
        for file in folder.iterdir():
            if file.is_file() and file.name not in (VMAP_FILE, SHORTLIST_MARKER):
                (scratch / file.name).symlink_to(file.resolve())
        (scratch / VMAP_FILE).write_text(vmap, encoding="utf-8")
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def shortlist_archive(
    paths: Sequence[str],
    options: Options,
    *,
    sample: int = DEFAULT_SAMPLE,
    recursive: bool = False,
    force: bool = False,
) -> ShortlistReport:
    """Build the shortlist of `options.model` from a sample of the articles in `paths` (the
    `translate shortlist build` command)."""
    sentences = sample_sentences(paths, sample, recursive=recursive)
    _require_enough(len(sentences))  # before the model is loaded
    translator = Ct2Translator.load(options.model, device=options.device, quantize=options.quantize)
    return build_shortlist(
        translator,
        sentences,
        num_beams=options.beams_for(translator.default_beams),
        batch_size=options.batch_size,
        force=force,
    )
