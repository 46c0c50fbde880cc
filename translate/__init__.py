"""German→English article translation with Marian (opus-mt-de-en): aligned output and a summary.

The public API; importing it loads no model and imports neither torch nor transformers.
"""

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
from translate.version import __version__

__all__ = [
    "AlignedDocument",
    "Article",
    "ArticleResult",
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
