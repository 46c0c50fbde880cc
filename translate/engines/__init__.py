"""Translation engines: finding a model, and running it with CTranslate2 or transformers.

`load_translator(options)` is the way in; the rest of the package sees a `ModelTranslator`.
Nothing here imports torch, transformers or ctranslate2 until a model is loaded.
"""

from __future__ import annotations

from translate.engines.batching import split_to_fit, token_batches, translate_sentences
from translate.engines.devices import choose_device, ct2_device, physical_cores, torch_device
from translate.engines.hub import hf_cache_dir, is_offline, resolve_model
from translate.engines.protocol import ModelTranslator, Scored, Translator
from translate.options import Engine, Options


def load_translator(options: Options, *, threads: int | None = None) -> ModelTranslator:
    """Load the model `options` names with the engine and on the device it names.

    The ct2 engine converts the model on its first use (once per model version and quantisation).
    `threads` caps the CPU threads (default: one per physical core).
    """
    if options.engine is Engine.ct2:
        from translate.engines.ct2_engine import Ct2Translator

        return Ct2Translator.load(
            options.model,
            device=options.device,
            quantize=options.quantize,
            threads=threads,
            shortlist=options.shortlist,
        )
    from translate.engines.torch_engine import MarianTranslator

    return MarianTranslator.load(
        options.model, device=options.device, quantize=bool(options.quantize), threads=threads
    )


__all__ = [
    "ModelTranslator",
    "Scored",
    "Translator",
    "choose_device",
    "ct2_device",
    "hf_cache_dir",
    "is_offline",
    "load_translator",
    "physical_cores",
    "resolve_model",
    "split_to_fit",
    "token_batches",
    "torch_device",
    "translate_sentences",
]
