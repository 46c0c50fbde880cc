"""German→English article translation with Marian (opus-mt-de-en): aligned output and a summary.

The public API; importing it loads no model and imports neither torch nor transformers. Each
name is imported from its module on first use, so `translate --help` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from translate.version import __version__

if TYPE_CHECKING:
    from translate.batch import BatchOptions
    from translate.ct2 import Ct2Translator
    from translate.document import AlignedDocument, Article, RunInfo, SentencePair, Summary
    from translate.errors import TranslateError
    from translate.model import MarianTranslator
    from translate.options import Options
    from translate.pipeline import (
        ArticleResult,
        load_translator,
        process_article,
        process_paths,
        translate_text,
    )

_MODULES = {
    "AlignedDocument": "translate.document",
    "Article": "translate.document",
    "ArticleResult": "translate.pipeline",
    "BatchOptions": "translate.batch",
    "Ct2Translator": "translate.ct2",
    "MarianTranslator": "translate.model",
    "Options": "translate.options",
    "RunInfo": "translate.document",
    "SentencePair": "translate.document",
    "Summary": "translate.document",
    "TranslateError": "translate.errors",
    "load_translator": "translate.pipeline",
    "process_article": "translate.pipeline",
    "process_paths": "translate.pipeline",
    "translate_text": "translate.pipeline",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module when it is first used."""
    if name not in _MODULES:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "AlignedDocument",
    "Article",
    "ArticleResult",
    "BatchOptions",
    "Ct2Translator",
    "MarianTranslator",
    "Options",
    "RunInfo",
    "SentencePair",
    "Summary",
    "TranslateError",
    "__version__",
    "load_translator",
    "process_article",
    "process_paths",
    "translate_text",
]
