"""Finding, loading and running the Marian model: the only module that imports torch/transformers.

Finding a model never hangs: a local folder is used as it is; a hub id is looked up in the
Hugging Face cache first, and only if it is missing there is the hub asked, after a quick check
that it can be reached at all (huggingface_hub otherwise retries for minutes when offline).
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import urlparse

from translate.document import ModelInfo
from translate.engines.wordalign import word_links
from translate.errors import ModelUnavailableError, UsageError, first_line
from translate.options import DEFAULT_MODEL as DEFAULT_MODEL

if TYPE_CHECKING:
    from transformers import MarianMTModel, MarianTokenizer

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
# Files a Marian checkpoint needs, and a summary model's SentencePiece `*.model` and chat
# template `*.jinja`; the hub repos also hold TF/Flax/Rust weights we never load.
_MODEL_FILES = ["*.json", "*.spm", "*.txt", "*.model", "*.jinja"]
_HASHED_SUFFIXES = frozenset({".json", ".spm", ".model", ".jinja"})
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_REACHABILITY_TIMEOUT_S = 3.0
# Output budget per batch: generous for German->English (English is rarely longer in tokens),
# but it stops a degenerate repetition loop long before the model's 512-token limit.
_OUTPUT_TOKENS_PER_INPUT_TOKEN = 2
_OUTPUT_TOKENS_MARGIN = 16
# Texts whose encodings are kept between counting their tokens and translating them.
_MEMO_LIMIT = 4096

ENGINE = "transformers"

T = TypeVar("T")


def output_budget(longest_input: int, input_limit: int) -> int:
    """The most tokens to generate for a batch whose longest input has `longest_input` tokens."""
    return min(input_limit, longest_input * _OUTPUT_TOKENS_PER_INPUT_TOKEN + _OUTPUT_TOKENS_MARGIN)


def physical_cores() -> int:
    """Physical CPU cores this process may run on: the thread count that is fastest for GEMMs.

    Hyper-threads share a core's vector units, so counting them slows matrix products down.
    """
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    cores: set[tuple[str, str]] = set()
    for cpu in allowed:
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            package = (topology / "physical_package_id").read_text().strip()
            core = (topology / "core_id").read_text().strip()
        except OSError:
            return len(allowed)
        cores.add((package, core))
    return len(cores) or len(allowed) or os.cpu_count() or 1


class EncodingMemo(Generic[T]):
    """Encodings of recent texts: counting a text's tokens and translating it tokenise once."""

    def __init__(self, limit: int = _MEMO_LIMIT) -> None:
        self._items: dict[str, T] = {}
        self._limit = limit

    def get(self, texts: Sequence[str], encode: Callable[[list[str]], list[T]]) -> list[T]:
        """The encodings of `texts`, encoding (in one call) only those not seen before."""
        known = {text: self._items[text] for text in texts if text in self._items}
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            if len(self._items) + len(missing) > self._limit:
                self._items.clear()
            known.update(zip(missing, encode(missing), strict=True))
            self._items.update((text, known[text]) for text in missing)
        return [known[text] for text in texts]

    def take(self, texts: Sequence[str], encode: Callable[[list[str]], list[T]]) -> list[T]:
        """Like `get`, and forget the texts: each is translated once."""
        encodings = self.get(texts, encode)
        for text in texts:
            self._items.pop(text, None)
        return encodings


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache folder, resolved from the environment as huggingface_hub does."""
    for variable in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(variable):
            return Path(os.environ[variable]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    cache_home = os.environ.get("XDG_CACHE_HOME") or "~/.cache"
    return Path(cache_home).expanduser() / "huggingface" / "hub"


def is_offline() -> bool:
    """True when HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE asks us not to touch the network."""
    return any(
        os.environ.get(variable, "").strip().upper() in {"1", "ON", "YES", "TRUE"}
        for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


def _looks_like_path(name: str) -> bool:
    """Hub ids are `owner/name`; anything else with a path shape is meant as a folder."""
    if name.startswith((".", "/", "~")) or name.count("/") > 1:
        return True
    return os.sep != "/" and os.sep in name  # a Windows path


def _unavailable(
    name: str, cache: Path, why: str, option: str = "--model"
) -> ModelUnavailableError:
    local = "model-de-en" if option == "--model" else name.rsplit("/", 1)[-1]
    return ModelUnavailableError(
        f"model {name} is not available: it is not in the Hugging Face cache ({cache}) and "
        f"{why}. Fix: on a connected machine run `hf download {name} --local-dir {local}`, "
        f"copy that folder here and pass `{option} {local}` (or set HF_HOME to a copied cache)."
    )


def _hub_reachable(endpoint: str) -> bool:
    """A TCP connect with a short timeout; skipped behind a proxy, which only the hub knows."""
    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
        return True
    url = urlparse(endpoint)
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        with socket.create_connection((url.hostname or "", port), _REACHABILITY_TIMEOUT_S):
            return True
    except OSError:
        return False


def _folder_revision(folder: Path) -> str:
    """A content hash of a model folder (config, vocab, weights): its stand-in for a commit."""
    digest = hashlib.sha256()
    for file in sorted(folder.iterdir()):
        if file.is_file() and (file.suffix in _HASHED_SUFFIXES or file.name in _WEIGHT_FILES):
            digest.update(file.name.encode())
            with file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return "sha256:" + digest.hexdigest()


def resolve_model(name: str, *, option: str = "--model") -> ModelInfo:
    """Find a model folder for `name` (a local folder or a hub id) without loading it.

    Raises `ModelUnavailableError` with the fix when it is neither a folder nor cached and the hub
    cannot be used; the fix names `option`, the command-line option that gave `name`.
    """
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not (folder / "config.json").is_file():
            raise ModelUnavailableError(
                f"model folder {folder} has no config.json; pass a folder saved with "
                "`save_pretrained` (config.json, vocab.json, *.spm and the weights)."
            )
        return ModelInfo(name=name, path=str(folder), revision=_folder_revision(folder))
    if _looks_like_path(name):
        raise ModelUnavailableError(
            f"model folder {folder} does not exist; check the path given to {option}"
            + (" (or TRANSLATE_MODEL)." if option == "--model" else ".")
        )
    return _resolve_hub_model(name, option)


def _resolve_hub_model(repo_id: str, option: str = "--model") -> ModelInfo:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, RepositoryNotFoundError

    cache = hf_cache_dir()
    try:
        path = snapshot_download(repo_id, cache_dir=cache, local_files_only=True)
        return ModelInfo(name=repo_id, path=path, revision=Path(path).name)
    except HFValidationError:
        raise ModelUnavailableError(
            f"model {repo_id!r} is neither a local folder nor a valid hub id (owner/name); "
            f"check {option}."
        ) from None
    except (OSError, ValueError):
        pass  # not cached: try the hub below
    if is_offline():
        raise _unavailable(repo_id, cache, "offline mode is on (HF_HUB_OFFLINE)", option)
    endpoint = os.environ.get("HF_ENDPOINT", DEFAULT_ENDPOINT)
    if not _hub_reachable(endpoint):
        raise _unavailable(repo_id, cache, f"the hub ({endpoint}) cannot be reached", option)
    logger.info("downloading %s from %s into %s", repo_id, endpoint, cache)
    try:
        path = snapshot_download(repo_id, cache_dir=cache, allow_patterns=_files_to_fetch(repo_id))
    except RepositoryNotFoundError:
        raise ModelUnavailableError(
            f"model {repo_id} does not exist on the hub (or is private); check {option}."
        ) from None
    except OSError as error:
        raise _unavailable(repo_id, cache, f"the download failed ({error})", option) from None
    return ModelInfo(name=repo_id, path=path, revision=Path(path).name)


def _files_to_fetch(repo_id: str) -> list[str]:
    """Config, vocab and ONE weights file: safetensors where the repo has it, else the .bin."""
    from huggingface_hub import HfApi

    files = {sibling.rfilename for sibling in HfApi().model_info(repo_id).siblings or []}
    weights = next((name for name in _WEIGHT_FILES if name in files), _WEIGHT_FILES[-1])
    return [*_MODEL_FILES, weights]


def pick_device(device: str) -> str:
    """`auto` is CUDA when torch sees a GPU, else CPU; CUDA asked for but absent is an error."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda was given but torch sees no CUDA GPU; use --device cpu.")
    return device


@dataclass
class MarianTranslator:
    """A loaded Marian model and its tokenizer: the `Translator` the pipeline runs.

    `quantized` means dynamic int8 quantisation of the linear layers (CPU only).
    """

    model: MarianMTModel
    tokenizer: MarianTokenizer
    info: ModelInfo
    device: str
    quantized: bool = False
    _memo: EncodingMemo[list[int]] = field(default_factory=EncodingMemo, repr=False)

    @classmethod
    def load(
        cls, name: str = DEFAULT_MODEL, *, device: str = "auto", quantize: bool = False
    ) -> MarianTranslator:
        """Resolve `name` (hub id or folder) and load it for inference on `device`.

        `quantize` applies torch's dynamic int8 quantisation to the linear layers (CPU only).
        """
        info = resolve_model(name)
        import torch
        import transformers
        from safetensors import SafetensorError
        from transformers import MarianMTModel, MarianTokenizer

        # A progress bar for reading weights from a local disk only clutters stderr.
        transformers.utils.logging.disable_progress_bar()

        try:
            config = transformers.AutoConfig.from_pretrained(info.path, local_files_only=True)
            if config.model_type != "marian":
                raise ModelUnavailableError(
                    f"model {name} is a {config.model_type!r} model; --model needs a Marian "
                    "translation model such as Helsinki-NLP/opus-mt-de-en."
                )
            with warnings.catch_warnings():
                # transformers' MarianTokenizer sets up sacremoses' punctuation normaliser but
                # never applies it when tokenising, so its "install sacremoses" advice is noise.
                warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
                tokenizer = MarianTokenizer.from_pretrained(info.path, local_files_only=True)
            model = MarianMTModel.from_pretrained(info.path, local_files_only=True)
        except (OSError, ValueError, RuntimeError, SafetensorError) as error:
            raise ModelUnavailableError(
                f"model {name} at {info.path} cannot be loaded ({first_line(error)}); the copy may "
                "be incomplete: download it again or pass another --model."
            ) from None
        chosen = pick_device(device)
        if chosen == "cpu":
            torch.set_num_threads(physical_cores())
        elif quantize:
            raise UsageError("--quantize runs on the CPU only; use --device cpu or --engine ct2.")
        model.to(chosen)
        model.eval()
        if quantize:
            model = _quantize_dynamic(model)
        return cls(model=model, tokenizer=tokenizer, info=info, device=chosen, quantized=quantize)

    @property
    def engine(self) -> str:
        """`transformers`, or `transformers-int8` when quantised: recorded in the run signature."""
        return f"{ENGINE}-int8" if self.quantized else ENGINE

    @property
    def default_beams(self) -> int:
        """The model's own beam size (opus-mt ships 4)."""
        return int(self.model.generation_config.num_beams or 1)

    @property
    def input_limit(self) -> int:
        """The most source tokens (with `</s>`) the model accepts."""
        return int(min(self.tokenizer.model_max_length, self.model.config.max_position_embeddings))

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source tokens per text, `</s>` included."""
        return [len(ids) for ids in self._memo.get(texts, self._encode)]

    def _encode(self, texts: list[str]) -> list[list[int]]:
        ids: list[list[int]] = self.tokenizer(texts)["input_ids"]
        return ids

    def translate_batch(
        self,
        texts: Sequence[str],
        *,
        num_beams: int,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
    ) -> list[str]:
        """Translate texts that each fit the input limit, in one `generate` call.

        Output is bounded by `output_budget` unless `max_new_tokens` says otherwise;
        `min_new_tokens` forces longer output (the benchmark uses it to fix output lengths).
        """
        _, output = self._generate(texts, num_beams, max_new_tokens, min_new_tokens)
        return self._decode(output)

    def translate_scored(
        self,
        texts: Sequence[str],
        *,
        num_beams: int,
        max_new_tokens: int | None = None,
        min_new_tokens: int | None = None,
    ) -> list[tuple[str, float | None]]:
        """Like `translate_batch`, with each translation's mean token log-probability.

        The chosen outputs are scored in one teacher-forced pass: asking `generate` for its
        scores instead would keep a vocabulary-sized row per beam and step (gigabytes for
        opus-mt's 58,101 tokens). Tokens after the end of sentence do not count.
        """
        import torch

        batch, output = self._generate(texts, num_beams, max_new_tokens, min_new_tokens)
        targets = output[:, 1:]  # the decoder start token is not predicted
        with torch.inference_mode():
            logits = self.model(**batch, decoder_input_ids=output[:, :-1]).logits
            chosen = logits.log_softmax(-1).gather(-1, targets.unsqueeze(-1)).squeeze(-1)
            counted = targets != self.model.config.pad_token_id
            scores = (chosen * counted).sum(-1) / counted.sum(-1).clamp(min=1)
        return list(zip(self._decode(output), (float(score) for score in scores), strict=True))

    def word_alignments(
        self, sources: Sequence[str], targets: Sequence[str]
    ) -> list[tuple[tuple[int, int], ...]]:
        """(German word, English word) links for each translated pair (see `wordalign`).

        The translation is fed back through the model with eager attention (the default
        `sdpa` kernels return no weights), and the first head of the last decoder layer,
        the one Marian's guided alignment trains, picks each English subword's German one.
        """
        import torch

        batch: Any = self.tokenizer(
            list(sources), text_target=list(targets), return_tensors="pt", padding=True
        ).to(self.device)
        labels = batch.pop("labels")
        start = torch.full_like(labels[:, :1], self.model.config.decoder_start_token_id)
        previous = self.model.config._attn_implementation
        self.model.set_attn_implementation("eager")
        try:
            with torch.inference_mode():
                output = self.model(
                    **batch,
                    decoder_input_ids=torch.cat([start, labels[:, :-1]], dim=1),
                    output_attentions=True,
                )
        finally:
            self.model.set_attn_implementation(previous)
        heads = output.cross_attentions[-1][:, 0].tolist()
        special = set(self.tokenizer.all_special_tokens)
        links = []
        for row, (source, target) in enumerate(zip(sources, targets, strict=True)):
            source_pieces = [
                p
                for p in self.tokenizer.convert_ids_to_tokens(batch["input_ids"][row])
                if p not in special
            ]
            target_pieces = [
                p for p in self.tokenizer.convert_ids_to_tokens(labels[row]) if p not in special
            ]
            links.append(
                word_links(
                    source_pieces,
                    target_pieces,
                    heads[row],
                    source_words=len(source.split()),
                    target_words=len(target.split()),
                )
            )
        return links

    def _generate(
        self,
        texts: Sequence[str],
        num_beams: int,
        max_new_tokens: int | None,
        min_new_tokens: int | None,
    ) -> tuple[Any, Any]:
        """The padded input batch and the generated token ids (decoder start token first)."""
        import torch

        ids = self._memo.take(texts, self._encode)
        batch: Any = self.tokenizer.pad({"input_ids": ids}, return_tensors="pt")
        batch = batch.to(self.device)
        longest = int(batch["input_ids"].shape[1])
        with torch.inference_mode():
            output = self.model.generate(
                **batch,
                num_beams=num_beams,
                max_new_tokens=max_new_tokens or output_budget(longest, self.input_limit),
                min_new_tokens=min_new_tokens,
            )
        return batch, output

    def _decode(self, output: Any) -> list[str]:
        decoded = self.tokenizer.batch_decode(output, skip_special_tokens=True)
        return [text.strip() for text in decoded]


def _quantize_dynamic(model: MarianMTModel) -> MarianMTModel:
    """int8 weights for every linear layer, activations quantised on the fly (torch's eager API)."""
    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        # torch marks its eager quantisation API as moving to torchao; it still works, and
        # torchao would be another multi-megabyte dependency for the same int8 kernels.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", message=r"torch\.quantize_per_tensor")
        quantized: MarianMTModel = quantize_dynamic(  # type: ignore[no-untyped-call]
            model, {torch.nn.Linear}, dtype=torch.qint8
        )
    return quantized
