"""Finding a model without hanging: a local folder, the Hugging Face cache, then the hub.

A local folder is used as it is and identified by a hash of its contents; a hub id is looked up
in the Hugging Face cache first, and only if it is missing there is the hub asked, after a quick
check that it can be reached at all (huggingface_hub otherwise retries for minutes when
offline). Shared by both translation engines and the summary model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import socket
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from translate.document import ModelInfo
from translate.errors import ModelUnavailableError
from translate.locations import user_cache_home

logger = logging.getLogger(__name__)

DEFAULT_ENDPOINT = "https://huggingface.co"
# Files a Marian checkpoint needs, and a summary model's SentencePiece `*.model` and chat
# template `*.jinja`; the hub repos also hold TF/Flax/Rust weights we never load.
_MODEL_FILES = ["*.json", "*.spm", "*.txt", "*.model", "*.jinja"]
_HASHED_SUFFIXES = frozenset({".json", ".spm", ".model", ".jinja"})
# The weights transformers loads, in its order of preference: one file, or shards listed by an
# index (`model.safetensors.index.json` + `model-00001-of-00002.safetensors`, ...).
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_SHARD = re.compile(r"(?:model|pytorch_model)-\d+-of-\d+\.(?:safetensors|bin)")
_REACHABILITY_TIMEOUT_S = 3.0
# What a Marian checkpoint's tokenizer reads, besides the config and the weights.
_MARIAN_FILES = ("vocab.json", "source.spm", "target.spm")


def hf_cache_dir() -> Path:
    """The Hugging Face hub cache folder, resolved from the environment as huggingface_hub does."""
    for variable in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(variable):
            return Path(os.environ[variable]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    return user_cache_home() / "huggingface" / "hub"


def is_offline() -> bool:
    """True when HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE asks us not to touch the network."""
    return any(
        os.environ.get(variable, "").strip().upper() in {"1", "ON", "YES", "TRUE"}
        for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    )


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
        return ModelInfo(name=name, path=str(folder), revision=folder_revision(folder))
    if folder.exists() or folder.is_symlink():
        what = "a file" if folder.exists() else "a link to nowhere"
        raise ModelUnavailableError(
            f"model folder {folder} is {what}, not a folder; give {option} the folder that "
            "holds the model (config.json, vocab.json, *.spm and the weights)."
        )
    if _looks_like_path(name):
        raise ModelUnavailableError(
            f"model folder {folder} does not exist; check the path given to {option}"
            + (" (or TRANSLATE_MODEL)." if option == "--model" else ".")
        )
    return _resolve_hub_model(name, option)


def read_model_json(path: Path) -> dict[str, Any]:
    """A JSON file of a model folder; `{}` when it is absent, one-line error when it is damaged."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ModelUnavailableError(
            f"{path} cannot be read ({error}); download the model again."
        ) from None
    return data if isinstance(data, dict) else {}


def require_marian(info: ModelInfo) -> dict[str, Any]:
    """The model's config.json, after checking it is a Marian translation model with the files
    its tokenizer needs (a copy cut short fails here, in one line, in either engine)."""
    folder = Path(info.path)
    config = read_model_json(folder / "config.json")
    if config.get("model_type") != "marian":
        raise ModelUnavailableError(
            f"model {info.name} is a {config.get('model_type')!r} model; --model needs a Marian "
            "translation model such as Helsinki-NLP/opus-mt-de-en."
        )
    missing = [name for name in _MARIAN_FILES if not (folder / name).is_file()]
    if missing:
        raise ModelUnavailableError(
            f"model {info.name} at {folder} lacks {', '.join(missing)}; the copy is incomplete: "
            "download it again or pass another --model."
        )
    return config


def is_weight_file(name: str) -> bool:
    """Weights transformers loads: `model.safetensors`, `pytorch_model.bin`, or their shards."""
    return name in _WEIGHT_FILES or _SHARD.fullmatch(name) is not None


def folder_revision(folder: Path) -> str:
    """A content hash of a model folder (config, vocab, weights): its stand-in for a commit.

    The same files give the same hash wherever the folder is and however its path is typed, so
    the cache, the run signature and the converted model all follow the content.
    """
    digest = hashlib.sha256()
    for file in sorted(folder.iterdir()):
        if file.is_file() and (file.suffix in _HASHED_SUFFIXES or is_weight_file(file.name)):
            digest.update(file.name.encode())
            with file.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
    return "sha256:" + digest.hexdigest()


def weights_to_fetch(files: set[str]) -> list[str]:
    """Of a hub repo's files, the patterns of ONE set of weights, as transformers would load it.

    safetensors before the pickled `.bin`, a single file before an index of shards (the index
    itself matches `*.json`, which is always fetched).
    """
    for single, stem in (("model.safetensors", "model"), ("pytorch_model.bin", "pytorch_model")):
        suffix = single.rsplit(".", 1)[1]
        if single in files:
            return [single]
        if f"{single}.index.json" in files:
            return [f"{stem}-*-of-*.{suffix}"]
    return [_WEIGHT_FILES[-1]]


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
    """Config, vocab and one set of weights (`weights_to_fetch`)."""
    from huggingface_hub import HfApi

    files = {sibling.rfilename for sibling in HfApi().model_info(repo_id).siblings or []}
    return [*_MODEL_FILES, *weights_to_fetch(files)]
