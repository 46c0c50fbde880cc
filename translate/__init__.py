"""German→English article translation with Marian (opus-mt-de-en): aligned output and a summary.

The public API; importing it loads no model and imports neither torch nor transformers. Each
name is imported from its module on first use, so `translate --help` starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from translate.version import __version__

# The distribution this package is installed as (`pip install translate-de-en`): the name
# `translate` on the package index belongs to another project.
DISTRIBUTION = "translate-de-en"

if TYPE_CHECKING:
    from translate.align import review_document, review_pair
    from translate.document import AlignedDocument, Article, RunInfo, SentencePair, Summary
    from translate.engines import load_translator
    from translate.engines.ct2_engine import Ct2Translator
    from translate.engines.torch_engine import MarianTranslator
    from translate.errors import TranslateError
    from translate.glossary import Glossary, load_glossary
    from translate.options import (
        BatchOptions,
        Device,
        Engine,
        Format,
        Options,
        RayOptions,
        SegmenterName,
    )
    from translate.run import (
        ArticleResult,
        BatchReport,
        process_article,
        process_paths,
        translate_article,
        translate_text,
    )
    from translate.summary import pick_summary_sentences

_MODULES = {
    "AlignedDocument": "translate.document",
    "Article": "translate.document",
    "ArticleResult": "translate.run",
    "BatchOptions": "translate.options",
    "BatchReport": "translate.run",
    "Ct2Translator": "translate.engines.ct2_engine",
    "Device": "translate.options",
    "Engine": "translate.options",
    "Format": "translate.options",
    "Glossary": "translate.glossary",
    "MarianTranslator": "translate.engines.torch_engine",
    "Options": "translate.options",
    "RayOptions": "translate.options",
    "RunInfo": "translate.document",
    "SegmenterName": "translate.options",
    "SentencePair": "translate.document",
    "Summary": "translate.document",
    "TranslateError": "translate.errors",
    "load_glossary": "translate.glossary",
    "load_translator": "translate.engines",
    "pick_summary_sentences": "translate.summary",
    "process_article": "translate.run",
    "process_paths": "translate.run",
    "review_document": "translate.align",
    "review_pair": "translate.align",
    "translate_article": "translate.run",
    "translate_text": "translate.run",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module when it is first used."""
    if name not in _MODULES:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    value = getattr(importlib.import_module(_MODULES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names with the public ones it imports lazily: `dir()` and `help()` list them."""
    return sorted({*globals(), *__all__})


__all__ = [
    "DISTRIBUTION",
    "AlignedDocument",
    "Article",
    "ArticleResult",
    "BatchOptions",
    "BatchReport",
    "Ct2Translator",
    "Device",
    "Engine",
    "Format",
    "Glossary",
    "MarianTranslator",
    "Options",
    "RayOptions",
    "RunInfo",
    "SegmenterName",
    "SentencePair",
    "Summary",
    "TranslateError",
    "__version__",
    "load_glossary",
    "load_translator",
    "pick_summary_sentences",
    "process_article",
    "process_paths",
    "review_document",
    "review_pair",
    "translate_article",
    "translate_text",
]
