"""The torch engine: the Marian model run by Hugging Face transformers under torch.

The only translation engine that imports torch and transformers to translate (CTranslate2's
conversion uses them once); both are imported inside the functions, never at import time.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from translate.document import ModelInfo
from translate.engines.devices import physical_cores, torch_device
from translate.engines.hub import require_marian, resolve_model
from translate.engines.tokens import EncodingMemo, output_budget
from translate.engines.wordalign import word_links
from translate.errors import ModelUnavailableError, UsageError, first_line
from translate.options import DEFAULT_MODEL, Device, Engine

if TYPE_CHECKING:
    from transformers import MarianMTModel, MarianTokenizer

logger = logging.getLogger(__name__)

ENGINE = Engine.torch.recorded


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
        cls,
        name: str = DEFAULT_MODEL,
        *,
        device: Device | str = Device.auto,
        quantize: bool = False,
        threads: int | None = None,
    ) -> MarianTranslator:
        """Resolve `name` (hub id or folder) and load it for inference on `device`.

        `quantize` applies torch's dynamic int8 quantisation to the linear layers (CPU only);
        `threads` is how many CPU threads it may use (default: one per physical core).
        """
        info = resolve_model(name)
        require_marian(info)
        import torch
        import transformers
        from safetensors import SafetensorError
        from transformers import MarianMTModel, MarianTokenizer

        # A progress bar for reading weights from a local disk only clutters stderr.
        transformers.utils.logging.disable_progress_bar()

        try:
            with warnings.catch_warnings():
                # transformers' MarianTokenizer sets up sacremoses' punctuation normaliser but
                # never applies it when tokenising, so its "install sacremoses" advice is noise.
                warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
                tokenizer = MarianTokenizer.from_pretrained(info.path, local_files_only=True)
            model = MarianMTModel.from_pretrained(info.path, local_files_only=True)
        except (OSError, ValueError, RuntimeError, TypeError, SafetensorError) as error:
            # TypeError: a SentencePiece file that is missing or not a model gives transformers'
            # tokenizer no vocabulary, and it fails while building itself.
            raise ModelUnavailableError(
                f"model {name} at {info.path} cannot be loaded ({first_line(error)}); the copy may "
                "be incomplete: download it again or pass another --model."
            ) from None
        chosen = torch_device(device)
        if chosen is Device.cpu:
            torch.set_num_threads(threads or physical_cores())
        elif quantize:
            raise UsageError("--quantize runs on the CPU only; use --device cpu or --engine ct2.")
        model.to(chosen.value)
        model.eval()
        if quantize:
            model = _quantize_dynamic(model)
        return cls(
            model=model, tokenizer=tokenizer, info=info, device=chosen.value, quantized=quantize
        )

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
