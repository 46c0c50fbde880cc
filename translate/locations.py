"""Where translate keeps things between runs: one lookup of the user's cache folders.

Both the translation cache and the converted CTranslate2 models live under
`translate_cache_dir()`; the Hugging Face hub cache is found the way huggingface_hub finds it
(`translate.engines.hub.hf_cache_dir`), under the same XDG base folder.
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_home() -> Path:
    """`$XDG_CACHE_HOME`, else `~/.cache` (the XDG base directory rule)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser()


def translate_cache_dir() -> Path:
    """`$TRANSLATE_CACHE_DIR`, else `$XDG_CACHE_HOME/translate`, else `~/.cache/translate`."""
    if os.environ.get("TRANSLATE_CACHE_DIR"):
        return Path(os.environ["TRANSLATE_CACHE_DIR"]).expanduser()
    return user_cache_home() / "translate"
