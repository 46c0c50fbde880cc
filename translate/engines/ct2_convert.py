"""Converting a Marian model for CTranslate2, once per model version and quantisation.

The conversion is written to a temporary folder that is renamed into place when complete, and a
marker file written last records the size and SHA-256 of every file it produced: a folder
without the marker is an unfinished conversion, and one whose files no longer match it (a
damaged disk, a copy cut short) is converted again instead of silently translating wrong.

Two things in CTranslate2's stock Marian conversion are wrong for models trained with
transformers, so the conversion uses its own loader (see `_marian_loader`): the stock loader
starts the decoder from a zero embedding and drops `<pad>` from the vocabulary, which equals
transformers only when `<pad>`'s embedding row is zero, as in the checkpoints converted from
Marian (opus-mt); a model trained in transformers with tied embeddings has a non-zero row, and
the first target word comes out wrong. We keep `<pad>` as the real decoder start token and forbid
generating it with a -inf output bias, which is what the model's `bad_words_ids` plus
`renormalize_logits` do in transformers. The loader patches a private registry of CTranslate2's
converter, so the supported CTranslate2 major version is pinned in pyproject.toml, and any
failure of the converter becomes one `ModelUnavailableError` line.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import shutil
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from translate.document import ModelInfo
from translate.errors import ModelUnavailableError, UsageError, first_line
from translate.locations import translate_cache_dir

logger = logging.getLogger(__name__)

# Bump when `_marian_loader` changes what a converted folder holds: old folders are then unused.
CONVERSION_FORMAT = 1
# Held while CTranslate2's private table of loaders holds ours (see `_run_converter`).
_LOADERS_LOCK = threading.Lock()
# The file written last into a converted folder; a folder without it is not a finished conversion.
CONVERSION_MARKER = "translate-conversion.json"
# What a vocabulary shortlist adds to a converted folder (`shortlist_files`): CTranslate2 reads
# `vmap.txt` from the model's folder. Not part of the conversion, so not in its marker.
VMAP_FILE = "vmap.txt"
SHORTLIST_MARKER = "translate-shortlist.json"
_NOT_CONVERTED = frozenset({CONVERSION_MARKER, VMAP_FILE, SHORTLIST_MARKER})


def ct2_cache_dir() -> Path:
    """Where converted models live: `ct2/` under `$TRANSLATE_CACHE_DIR` (or the XDG cache)."""
    return translate_cache_dir() / "ct2"


def converted_folder(info: ModelInfo, quantization: str, cache: Path | None = None) -> Path:
    """The cache folder of `info`'s conversion: keyed by model identity and quantisation.

    A local folder is identified by its content hash alone, so `--model ./m` and `--model m`
    (or a copy elsewhere) share one conversion; a hub model by its id and commit.
    """
    identity = "" if info.local else info.name
    key = f"{identity}\0{info.revision}\0{quantization}\0{CONVERSION_FORMAT}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    name = "local" if info.local else Path(info.name).name or info.name
    slug = re.sub(r"[^A-Za-z0-9.-]+", "-", name).strip("-") or "model"
    return (cache or ct2_cache_dir()) / f"{slug}-{digest}-{quantization}"


def is_converted(folder: Path) -> bool:
    """True when `folder` holds a finished conversion whose files match its marker."""
    try:
        marker = json.loads((folder / CONVERSION_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    recorded = marker.get("files") if isinstance(marker, dict) else None
    if not isinstance(recorded, dict) or "model.bin" not in recorded:
        return False
    return recorded == _file_digests(folder)


def convert_model(info: ModelInfo, quantization: str, cache: Path | None = None) -> Path:
    """Convert the model `info` points at for CTranslate2, once; return the converted folder.

    The conversion is written to a temporary sibling folder and renamed into place when
    complete: an interrupted conversion leaves no folder that could be mistaken for a finished
    one. Two processes converting at once both succeed; the first rename wins. A damaged
    conversion (files that no longer match the marker) is replaced.
    """
    folder = converted_folder(info, quantization, cache)
    if is_converted(folder):
        return folder
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        what = "a link" if folder.is_symlink() else "a file"
        raise ModelUnavailableError(
            f"{folder}: {what} is where the converted model goes, and translate did not write "
            "it; move it away or set TRANSLATE_CACHE_DIR to another folder."
        )
    if (folder / CONVERSION_MARKER).is_file():
        logger.warning("%s: the converted model is damaged; converting it again", folder)
    elif folder.exists():
        logger.warning("%s is an unfinished conversion; converting again", folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(
            f"cannot create the model cache {folder.parent} ({error.strerror}); set "
            "TRANSLATE_CACHE_DIR to a writable folder."
        ) from None
    scratch = folder.parent / f".{folder.name}.{secrets.token_hex(8)}.tmp"
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
            "files": _file_digests(scratch),
        }
        (scratch / CONVERSION_MARKER).write_text(json.dumps(marker, indent=2) + "\n")
        _replace(scratch, folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    logger.info("converted in %.0f s into %s", time.perf_counter() - started, folder)
    return folder


def _replace(scratch: Path, folder: Path) -> None:
    """Rename the finished conversion into place, retiring an old one only when it is ours."""
    if folder.exists():
        if not (folder / CONVERSION_MARKER).is_file() and any(folder.iterdir()):
            raise ModelUnavailableError(
                f"{folder} is in the way of the converted model and was not written by "
                "translate; move it away or set TRANSLATE_CACHE_DIR to another folder."
            )
        retired = folder.parent / f".{folder.name}.{secrets.token_hex(8)}.old"
        folder.rename(retired)
        shutil.rmtree(retired, ignore_errors=True)
    try:
        scratch.rename(folder)
    except OSError:
        if not is_converted(folder):  # not another process finishing first
            raise


def _file_digests(folder: Path) -> dict[str, list[object]]:
    """`{name: [size, sha256]}` of the files a conversion wrote (its marker and a shortlist
    left out)."""
    digests: dict[str, list[object]] = {}
    for file in sorted(folder.iterdir()):
        if file.name in _NOT_CONVERTED or not file.is_file():
            continue
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digests[file.name] = [file.stat().st_size, digest.hexdigest()]
    return digests


def _run_converter(info: ModelInfo, quantization: str, output: Path) -> None:
    """CTranslate2's TransformersConverter with our Marian loader, from the local folder."""
    import transformers
    from ctranslate2.converters import TransformersConverter

    transformers.utils.logging.disable_progress_bar()
    loader = _marian_loader()
    converter = TransformersConverter(info.path)
    # The converter picks its loader by config class from a module-wide table; ours applies
    # to this conversion only, and the lock keeps two threads converting at once from
    # restoring each other's entry.
    with _LOADERS_LOCK:
        _convert_with(converter, loader, info, quantization, output)


def _convert_with(
    converter: Any, loader: Any, info: ModelInfo, quantization: str, output: Path
) -> None:
    """Convert with `loader` in CTranslate2's table for Marian; the caller holds the lock."""
    registry: dict[str, Any] = _loader_registry()
    stock = registry.get("MarianConfig")
    registry["MarianConfig"] = loader
    try:
        logger.info("loading %s with transformers", info.path)
        with warnings.catch_warnings():
            # MarianTokenizer's sacremoses advice: its normaliser is never applied.
            warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
            converter.convert(str(output), quantization=quantization, force=True)
    except Exception as error:  # any converter failure: a damaged or unusual model folder
        raise ModelUnavailableError(
            f"model {info.name} at {info.path} cannot be converted for CTranslate2 "
            f"({type(error).__name__}: {first_line(error)}); download the model again, or use "
            "--engine torch."
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
