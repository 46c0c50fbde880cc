"""German→English article translation with Marian (opus-mt-de-en): aligned output and a summary.

The public API; importing it loads no model and imports neither torch nor transformers. Each
name is imported from its module on first use, so `translate --help` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from translate.version import __version__

if TYPE_CHECKING:
    from translate.document import AlignedDocument, Article, RunInfo, SentencePair, Summary
    from translate.engines.ct2_engine import Ct2Translator
    from translate.engines.torch_engine import MarianTranslator
    from translate.errors import TranslateError
    from translate.options import Options
    from translate.run.batch import (
        ArticleResult,
        load_translator,
        process_article,
        process_paths,
        translate_text,
    )
    from translate.run.windows import BatchOptions

_MODULES = {
    "AlignedDocument": "translate.document",
    "Article": "translate.document",
    "ArticleResult": "translate.run.batch",
    "BatchOptions": "translate.run.windows",
    "Ct2Translator": "translate.engines.ct2_engine",
    "MarianTranslator": "translate.engines.torch_engine",
    "Options": "translate.options",
    "RunInfo": "translate.document",
    "SentencePair": "translate.document",
    "Summary": "translate.document",
    "TranslateError": "translate.errors",
    "load_translator": "translate.run.batch",
    "process_article": "translate.run.batch",
    "process_paths": "translate.run.batch",
    "translate_text": "translate.run.batch",
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
