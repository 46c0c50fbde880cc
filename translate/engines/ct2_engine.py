"""The ct2 engine (the default): the converted Marian model run by CTranslate2's own runtime.

CTranslate2 decodes the same model several times faster than transformers on a CPU and in less
memory (int8 weights, no torch in the process). The model is converted once
(`translate.engines.ct2_convert`) and tokenised without transformers
(`translate.engines.ct2_vocab`).

CTranslate2 ends a beam search once `beam_size` hypotheses are finished, transformers once no
running beam can beat the finished ones; `patience=2` (`BEAM_PATIENCE`) makes the first reach
the second's choice on all 405 training sentences of the tiny model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from translate.document import ModelInfo
from translate.engines.ct2_convert import convert_model, converted_folder
from translate.engines.ct2_vocab import MarianVocabulary
from translate.engines.devices import ct2_device, physical_cores
from translate.engines.hub import read_model_json, require_marian, resolve_model
from translate.engines.shortlist_files import (
    ShortlistCopy,
    copy_shortlist,
    install_shortlist,
    read_shortlist,
)
from translate.engines.tokens import EncodingMemo, output_budget
from translate.engines.wordalign import word_links
from translate.errors import ModelUnavailableError, first_line
from translate.options import DEFAULT_MODEL, Device, Engine, Options

if TYPE_CHECKING:
    import ctranslate2

ENGINE = Engine.ct2.recorded
# See the module docstring: transformers' beam search stops later than CTranslate2's default.
BEAM_PATIENCE = 2.0
# CTranslate2's own compute types: (quantised, full precision) per device.
_COMPUTE_TYPES = {Device.cpu: ("int8", "float32"), Device.cuda: ("int8_float16", "float16")}
_AVX512_FLAGS = frozenset({"avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"})


def compute_type(device: Device, quantize: bool | None) -> str:
    """The CTranslate2 compute type: int8 unless `quantize` is False (float32 / float16 on CUDA)."""
    quantised, full = _COMPUTE_TYPES[device]
    return full if quantize is False else quantised


def prefer_avx512() -> bool:
    """Let CTranslate2's own kernels use AVX512 where the CPU runs it at full speed.

    CTranslate2 picks AVX2 even on AVX512 CPUs, because older ones lower their clock for
    AVX512; CPUs with AVX512-BF16 (Cooper Lake, Sapphire Rapids and later, Zen 4) do not, and
    there int8 decoding is 10-15% faster (bench/results.md). A `CT2_FORCE_CPU_ISA` the user set
    is left alone. True when AVX512 was chosen.
    """
    if "CT2_FORCE_CPU_ISA" in os.environ:
        return False
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    flags = next(
        (
            set(line.split(":", 1)[1].split())
            for line in cpuinfo.splitlines()
            if line.startswith("flags")
        ),
        set(),
    )
    if not _AVX512_FLAGS.issubset(flags):
        return False
    os.environ["CT2_FORCE_CPU_ISA"] = "AVX512"  # read by CTranslate2 when a model is loaded
    return True


def open_converted(folder: Path, device: Device, kind: str, workers: int) -> ctranslate2.Translator:
    """CTranslate2's translator over a converted folder (with its `vmap.txt`, if any)."""
    import ctranslate2

    try:
        return ctranslate2.Translator(
            str(folder),
            device=device.value,
            compute_type=kind,
            intra_threads=1 if device is Device.cpu else 0,
            inter_threads=workers,
        )
    except (RuntimeError, ValueError) as error:
        raise ModelUnavailableError(
            f"the CTranslate2 model {folder} cannot be loaded ({first_line(error)}); "
            "delete that folder to convert again, or use --engine torch."
        ) from None


@dataclass
class Ct2Translator:
    """A Marian model converted for CTranslate2: the `Translator` the pipeline runs."""

    translator: ctranslate2.Translator
    vocabulary: MarianVocabulary
    info: ModelInfo
    device: str
    compute_type: str
    default_beams: int
    input_limit: int
    workers: int = 1
    # The SHA-256 of the vocabulary shortlist decoding uses (`use_vmap`), "" for none.
    shortlist: str = ""
    _memo: EncodingMemo[list[str]] = field(default_factory=EncodingMemo, repr=False)

    @classmethod
    def load(
        cls,
        name: str = DEFAULT_MODEL,
        *,
        device: Device | str = Device.auto,
        quantize: bool | None = None,
        threads: int | None = None,
        shortlist: bool = False,
    ) -> Ct2Translator:
        """Resolve `name`, convert it on first use, and load it on `device`.

        `quantize` None or True runs int8 weights (int8_float16 on CUDA), False full precision.
        `threads` is how many CPU threads it may use (default: one per physical core; a Ray
        actor passes the CPUs Ray gave it). `shortlist` decodes with the vocabulary shortlist
        `translate shortlist build` made for this conversion (`UsageError` when there is none).
        """
        info = resolve_model(name)
        folder = Path(info.path)
        config = require_marian(info)
        generation = read_model_json(folder / "generation_config.json")
        vocabulary = MarianVocabulary.load(folder)
        tokenizer_limit = int(
            read_model_json(folder / "tokenizer_config.json").get("model_max_length", 512)
        )
        chosen = ct2_device(device)
        kind = compute_type(chosen, quantize)
        converted = convert_model(info, kind)
        identity = read_shortlist(converted, info) if shortlist else ""
        if chosen is Device.cpu:
            prefer_avx512()
        # One single-threaded worker per physical core, each decoding part of a batch: small
        # GEMMs split across threads spend much of their time waiting for each other.
        workers = (threads or physical_cores()) if chosen is Device.cpu else 1
        return cls(
            translator=open_converted(converted, chosen, kind, workers),
            vocabulary=vocabulary,
            info=info,
            device=chosen.value,
            compute_type=kind,
            default_beams=int(generation.get("num_beams") or config.get("num_beams") or 1),
            input_limit=min(tokenizer_limit, int(config.get("max_position_embeddings", 512))),
            workers=workers,
            shortlist=identity,
        )

    @property
    def engine(self) -> str:
        """`ct2-<compute type>`, e.g. `ct2-int8`: what the run signature and caches record.

        With a shortlist, its identity follows (`ct2-int8+shortlist:<12 hex digits>`): it
        changes the English, so shortlisted and full-vocabulary translations never share a
        cache entry or a signature.
        """
        suffix = f"+shortlist:{self.shortlist[:12]}" if self.shortlist else ""
        return f"{ENGINE}-{self.compute_type}{suffix}"

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source tokens per text, `</s>` included."""
        return [len(tokens) for tokens in self._memo.get(texts, self._encode)]

    def _encode(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.vocabulary.encode(text) for text in texts]

    def translate_batch(
        self,
        texts: Sequence[str],
        *,
        num_beams: int,
        max_new_tokens: int | None = None,
        min_new_tokens: int = 1,
    ) -> list[str]:
        """Translate texts that each fit the input limit, split among the CTranslate2 workers.

        Output is bounded as in the torch engine unless `max_new_tokens` says otherwise;
        `min_new_tokens` forces longer output (the benchmark uses it to fix output lengths).
        """
        hypotheses = self._decode(texts, num_beams, max_new_tokens, min_new_tokens, scores=False)
        return [self.vocabulary.decode(tokens) for tokens, _ in hypotheses]

    def translate_tokens(self, texts: Sequence[str], *, num_beams: int) -> list[list[str]]:
        """The target tokens of each translation, as the model produced them (a shortlist is
        learned from these)."""
        return [tokens for tokens, _ in self._decode(texts, num_beams, None, 1, scores=False)]

    def translate_scored(
        self,
        texts: Sequence[str],
        *,
        num_beams: int,
        max_new_tokens: int | None = None,
        min_new_tokens: int = 1,
    ) -> list[tuple[str, float | None]]:
        """Like `translate_batch`, with each translation's mean token log-probability.

        CTranslate2 returns it with the hypothesis (`return_scores`): the sum of the output
        tokens' log-probabilities, end of sentence included, over their number.
        """
        hypotheses = self._decode(texts, num_beams, max_new_tokens, min_new_tokens, scores=True)
        return [(self.vocabulary.decode(tokens), score) for tokens, score in hypotheses]

    def word_alignments(
        self, sources: Sequence[str], targets: Sequence[str]
    ) -> list[tuple[tuple[int, int], ...]]:
        """(German word, English word) links for each translated pair (see `wordalign`).

        The translation is given back as a target prefix with `return_attention`: the converted
        model keeps the alignment head of the original (first head, last decoder layer).
        """
        source = [self.vocabulary.encode(text) for text in sources]
        target = [self.vocabulary.target.encode(text, out_type=str) for text in targets]
        size = -(-len(source) // self.workers) if source else 1
        pending = [
            self.translator.translate_batch(
                source[start : start + size],
                target_prefix=target[start : start + size],
                asynchronous=True,
                beam_size=1,
                return_attention=True,
                max_input_length=self.input_limit,
                max_decoding_length=max(len(pieces) for pieces in target[start : start + size]) + 1,
            )
            for start in range(0, len(source), size)
        ]
        results = [result.result() for part in pending for result in part]
        return [
            word_links(
                [piece for piece in pieces if piece not in self.vocabulary.special],
                prefix,
                result.attention[0],
                source_words=len(text.split()),
                target_words=len(translation.split()),
            )
            for pieces, prefix, result, text, translation in zip(
                source, target, results, sources, targets, strict=True
            )
        ]

    def _decode(
        self,
        texts: Sequence[str],
        num_beams: int,
        max_new_tokens: int | None,
        min_new_tokens: int,
        *,
        scores: bool,
    ) -> list[tuple[list[str], float | None]]:
        source = self._memo.take(texts, self._encode)
        longest = max((len(tokens) for tokens in source), default=0)
        options = {
            "beam_size": num_beams,
            "patience": BEAM_PATIENCE if num_beams > 1 else 1.0,
            "max_input_length": self.input_limit,
            "max_decoding_length": max_new_tokens or output_budget(longest, self.input_limit),
            "min_decoding_length": min_new_tokens,
            "return_scores": scores,
            "use_vmap": bool(self.shortlist),
        }
        # The batch is length-sorted: consecutive slices, one per worker, decoded in parallel.
        size = -(-len(source) // self.workers) if source else 1
        pending = [
            self.translator.translate_batch(
                source[start : start + size], asynchronous=True, **options
            )
            for start in range(0, len(source), size)
        ]
        results = [result.result() for part in pending for result in part]
        return [
            (result.hypotheses[0], float(result.scores[0]) if scores else None)
            for result in results
        ]


def carried_shortlist(translator: object) -> ShortlistCopy | None:
    """The shortlist `translator` decodes with, for a Ray job to carry to its nodes (None when
    it decodes with the full vocabulary, or is no ct2 translator)."""
    if not isinstance(translator, Ct2Translator) or not translator.shortlist:
        return None
    return copy_shortlist(converted_folder(translator.info, translator.compute_type))


def install_carried_shortlist(options: Options, copy: ShortlistCopy) -> None:
    """Put a carried shortlist beside this machine's conversion of `options.model` (converting
    it now if it is not yet) unless one is there already: a Ray node that never ran
    `translate shortlist build` decodes with the driver's."""
    info = resolve_model(options.model)
    kind = compute_type(ct2_device(options.device), options.quantize)
    install_shortlist(convert_model(info, kind), copy)
