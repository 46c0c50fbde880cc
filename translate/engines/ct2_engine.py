"""The CTranslate2 engine: the Marian model converted once, then run by CTranslate2's own runtime.

CTranslate2 decodes the same model several times faster than transformers on a CPU and in less
memory (int8 weights, no torch in the process). The conversion runs once per model version and
quantisation into a cache folder (`$TRANSLATE_CACHE_DIR/ct2/`); it is written to a temporary
folder that is renamed into place when complete, so a half-finished conversion is never used.

Two things in CTranslate2's stock Marian conversion are wrong for models trained with
transformers, so this module converts with its own loader (see `_marian_loader`):

- the stock loader starts the decoder from a zero embedding and drops `<pad>` from the
  vocabulary. That equals transformers only when `<pad>`'s embedding row is zero, as in the
  checkpoints converted from Marian (opus-mt); a model trained in transformers with tied
  embeddings has a non-zero row, and the first target word comes out wrong. We keep `<pad>` as
  the real decoder start token and forbid generating it with a -inf output bias, which is what
  the model's `bad_words_ids` plus `renormalize_logits` do in transformers;
- CTranslate2 ends a beam search once `beam_size` hypotheses are finished, transformers once no
  running beam can beat the finished ones; `patience=2` (see `BEAM_PATIENCE`) makes the first
  reach the second's choice on all 405 training sentences of the tiny model.

The tokenizer here is SentencePiece plus the model's `vocab.json`, exactly as transformers'
`MarianTokenizer` does it, so translating imports neither torch nor transformers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import time
import uuid
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from translate.document import ModelInfo
from translate.engines.torch_engine import (
    DEFAULT_MODEL,
    EncodingMemo,
    output_budget,
    physical_cores,
    resolve_model,
)
from translate.engines.wordalign import word_links
from translate.errors import ModelUnavailableError, UsageError

if TYPE_CHECKING:
    import ctranslate2
    import sentencepiece

logger = logging.getLogger(__name__)

ENGINE = "ct2"
# Bump when `_marian_loader` changes what a converted folder holds: old folders are then unused.
CONVERSION_FORMAT = 1
# The file written last into a converted folder; a folder without it is not a finished conversion.
CONVERSION_MARKER = "translate-conversion.json"
# See the module docstring: transformers' beam search stops later than CTranslate2's default.
BEAM_PATIENCE = 2.0
# CTranslate2's own compute types: (quantised, full precision) per device.
_COMPUTE_TYPES = {"cpu": ("int8", "float32"), "cuda": ("int8_float16", "float16")}
_AVX512_FLAGS = frozenset({"avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16"})


def ct2_cache_dir() -> Path:
    """Where converted models live: `ct2/` under `$TRANSLATE_CACHE_DIR` (or the XDG cache)."""
    from translate.run.cache import default_cache_dir

    return default_cache_dir() / "ct2"


def compute_type(device: str, quantize: bool | None) -> str:
    """The CTranslate2 compute type: int8 unless `quantize` is False (float32 / float16 on CUDA)."""
    quantised, full = _COMPUTE_TYPES[device]
    return full if quantize is False else quantised


def converted_folder(info: ModelInfo, quantization: str, cache: Path | None = None) -> Path:
    """The cache folder of `info`'s conversion: keyed by model name, revision and quantisation."""
    key = f"{info.name}\0{info.revision}\0{quantization}\0{CONVERSION_FORMAT}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", Path(info.name).name or info.name).strip("-")
    return (cache or ct2_cache_dir()) / f"{slug}-{digest}-{quantization}"


def is_converted(folder: Path) -> bool:
    """True when `folder` holds a finished conversion (its marker is written last)."""
    return (folder / CONVERSION_MARKER).is_file() and (folder / "model.bin").is_file()


def convert_model(info: ModelInfo, quantization: str, cache: Path | None = None) -> Path:
    """Convert the model `info` points at for CTranslate2, once; return the converted folder.

    The conversion is written to a temporary sibling folder and renamed into place when
    complete: an interrupted conversion leaves no folder that could be mistaken for a finished
    one. Two processes converting at once both succeed; the first rename wins.
    """
    folder = converted_folder(info, quantization, cache)
    if is_converted(folder):
        return folder
    if folder.exists():
        logger.warning("%s is an unfinished conversion; converting again", folder)
        shutil.rmtree(folder, ignore_errors=True)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"cannot create the model cache {folder.parent} ({error.strerror}); set "
            "TRANSLATE_CACHE_DIR to a writable folder."
        ) from None
    scratch = folder.parent / f".{folder.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    logger.info(
        "converting %s for CTranslate2 (%s); this happens once per model version",
        info.name,
        quantization,
    )
    started = time.perf_counter()
    try:
        _run_converter(info, quantization, scratch)
        marker = {
            "model": info.name,
            "revision": info.revision,
            "quantization": quantization,
            "format": CONVERSION_FORMAT,
        }
        (scratch / CONVERSION_MARKER).write_text(json.dumps(marker, indent=2) + "\n")
        try:
            scratch.rename(folder)
        except OSError:
            if not is_converted(folder):  # not another process finishing first
                raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    logger.info("converted in %.0f s into %s", time.perf_counter() - started, folder)
    return folder


def _run_converter(info: ModelInfo, quantization: str, output: Path) -> None:
    """CTranslate2's TransformersConverter with our Marian loader, from the local folder."""
    import transformers
    from ctranslate2.converters import TransformersConverter

    transformers.utils.logging.disable_progress_bar()
    loader = _marian_loader()
    converter = TransformersConverter(info.path)
    # The converter picks its loader by config class; ours applies to this conversion only.
    registry: dict[str, Any] = _loader_registry()
    stock = registry.get("MarianConfig")
    registry["MarianConfig"] = loader
    try:
        logger.info("loading %s with transformers", info.path)
        with warnings.catch_warnings():
            # MarianTokenizer's sacremoses advice: its normaliser is never applied (see model.py).
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            converter.convert(str(output), quantization=quantization, force=True)
    except (OSError, ValueError, RuntimeError) as error:
        raise ModelUnavailableError(
            f"model {info.name} at {info.path} cannot be converted for CTranslate2 ({error}); "
            "use --engine torch, or download the model again."
        ) from None
    finally:
        registry["MarianConfig"] = stock


def _loader_registry() -> dict[str, Any]:
    from ctranslate2.converters import transformers as ct2_transformers

    registry: dict[str, Any] = ct2_transformers._MODEL_LOADERS
    return registry


def _marian_loader() -> Any:
    """CTranslate2's Marian loader, fixed to keep `<pad>` as the real decoder start token."""
    import torch
    from ctranslate2.converters.transformers import BartLoader, MarianMTLoader

    class MarianLoader(MarianMTLoader):  # type: ignore[misc]
        def get_model_spec(self, model: Any) -> Any:
            model.config.normalize_before = False
            model.config.normalize_embedding = False
            spec = BartLoader.get_model_spec(self, model)
            # `<pad>` is the decoder start token and must never be generated: a -inf bias
            # leaves it out of the softmax, as `bad_words_ids` + `renormalize_logits` do.
            bias = torch.zeros(model.config.vocab_size, dtype=torch.float32)
            if spec.decoder.projection.has_bias():
                bias += torch.as_tensor(spec.decoder.projection.bias, dtype=torch.float32)
            for banned in _banned_tokens(model):
                bias[banned] = float("-inf")
            spec.decoder.projection.bias = bias
            return spec

        def set_config(self, config: Any, model: Any, tokenizer: Any) -> None:
            BartLoader.set_config(self, config, model, tokenizer)
            config.bos_token = tokenizer.eos_token  # Marian has no <s>

        def set_decoder(self, spec: Any, decoder: Any) -> None:
            BartLoader.set_decoder(self, spec, decoder)

        def get_vocabulary(self, model: Any, tokenizer: Any) -> list[str]:
            tokens: list[str] = BartLoader.get_vocabulary(self, model, tokenizer)
            return tokens

    return MarianLoader()


def _banned_tokens(model: Any) -> list[int]:
    """Single tokens the model's generation config forbids (opus-mt: `<pad>`), and `<pad>`."""
    banned = {int(model.config.pad_token_id)}
    for sequence in model.generation_config.bad_words_ids or []:
        if len(sequence) == 1:
            banned.add(int(sequence[0]))
    return sorted(banned)


@dataclass
class MarianVocabulary:
    """Marian's tokenisation without transformers: SentencePiece pieces mapped by `vocab.json`.

    Matches transformers' `MarianTokenizer` for the shared-vocabulary models (opus-mt-de-en):
    source SentencePiece pieces, unknown pieces as `<unk>`, `</s>` appended; decoding drops the
    special tokens and joins the pieces with the target SentencePiece model.
    """

    source: sentencepiece.SentencePieceProcessor
    target: sentencepiece.SentencePieceProcessor
    vocab: frozenset[str]
    eos: str = "</s>"
    unk: str = "<unk>"
    pad: str = "<pad>"
    special: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.special = frozenset({self.eos, self.unk, self.pad})

    @classmethod
    def load(cls, folder: Path) -> MarianVocabulary:
        """Read `source.spm`, `target.spm`, `vocab.json` and the special tokens from `folder`."""
        import sentencepiece

        settings = _read_json(folder / "tokenizer_config.json")
        if settings.get("separate_vocabs"):
            raise ModelUnavailableError(
                f"model folder {folder} has separate source and target vocabularies, which the "
                "ct2 engine does not support yet; use --engine torch."
            )
        processors = []
        for name in ("source.spm", "target.spm"):
            processor = sentencepiece.SentencePieceProcessor()
            processor.Load(str(folder / name))
            processors.append(processor)
        vocab = frozenset(_read_json(folder / "vocab.json"))
        return cls(
            source=processors[0],
            target=processors[1],
            vocab=vocab,
            eos=_token(settings.get("eos_token"), "</s>"),
            unk=_token(settings.get("unk_token"), "<unk>"),
            pad=_token(settings.get("pad_token"), "<pad>"),
        )

    def encode(self, text: str) -> list[str]:
        """The source tokens of `text`, `</s>` included (a leading `>>xx<<` code kept whole)."""
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        pieces = self.source.encode(text, out_type=str)
        return [*code, *(piece if piece in self.vocab else self.unk for piece in pieces), self.eos]

    def decode(self, tokens: Sequence[str]) -> str:
        """The text of target tokens, special tokens skipped."""
        pieces = [token for token in tokens if token not in self.special]
        text: str = self.target.decode_pieces(pieces)
        return text.replace("\u2581", " ").strip()


def _token(value: object, default: str) -> str:
    """A special token from tokenizer_config.json: a string or an AddedToken-like dict."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    return default


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ModelUnavailableError(
            f"{path} cannot be read ({error}); download the model again."
        ) from None
    return data if isinstance(data, dict) else {}


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


def pick_ct2_device(device: str) -> str:
    """`auto` is CUDA when CTranslate2 sees a GPU, else CPU; asking for absent CUDA is an error."""
    import ctranslate2

    has_cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if has_cuda else "cpu"
    if device == "cuda" and not has_cuda:
        raise UsageError("--device cuda was given but CTranslate2 sees no CUDA GPU; use cpu.")
    return device


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
    _memo: EncodingMemo[list[str]] = field(default_factory=EncodingMemo, repr=False)

    @classmethod
    def load(
        cls, name: str = DEFAULT_MODEL, *, device: str = "auto", quantize: bool | None = None
    ) -> Ct2Translator:
        """Resolve `name`, convert it on first use, and load it on `device`.

        `quantize` None or True runs int8 weights (int8_float16 on CUDA), False full precision.
        """
        info = resolve_model(name)
        folder = Path(info.path)
        config = _read_json(folder / "config.json")
        if config.get("model_type") != "marian":
            raise ModelUnavailableError(
                f"model {name} is a {config.get('model_type')!r} model; --model needs a Marian "
                "translation model such as Helsinki-NLP/opus-mt-de-en."
            )
        generation = _read_json(folder / "generation_config.json")
        vocabulary = MarianVocabulary.load(folder)
        tokenizer_limit = int(
            _read_json(folder / "tokenizer_config.json").get("model_max_length", 512)
        )
        import ctranslate2

        chosen = pick_ct2_device(device)
        kind = compute_type(chosen, quantize)
        converted = convert_model(info, kind)
        if chosen == "cpu":
            prefer_avx512()
        # One single-threaded worker per physical core, each decoding part of a batch: small
        # GEMMs split across threads spend much of their time waiting for each other.
        workers = physical_cores() if chosen == "cpu" else 1
        try:
            translator = ctranslate2.Translator(
                str(converted),
                device=chosen,
                compute_type=kind,
                intra_threads=1 if chosen == "cpu" else 0,
                inter_threads=workers,
            )
        except (RuntimeError, ValueError) as error:
            raise ModelUnavailableError(
                f"the CTranslate2 model {converted} cannot be loaded ({error}); delete that "
                "folder to convert again, or use --engine torch."
            ) from None
        return cls(
            translator=translator,
            vocabulary=vocabulary,
            info=info,
            device=chosen,
            compute_type=kind,
            default_beams=int(generation.get("num_beams") or config.get("num_beams") or 1),
            input_limit=min(tokenizer_limit, int(config.get("max_position_embeddings", 512))),
            workers=workers,
        )

    @property
    def engine(self) -> str:
        """`ct2-<compute type>`, e.g. `ct2-int8`: what the run signature and caches record."""
        return f"{ENGINE}-{self.compute_type}"

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
