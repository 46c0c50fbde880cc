"""Pure renderers: an aligned document, its summary and its run signature, as each file's text."""

from __future__ import annotations

from translate.render.formats import OUTPUT_FORMATS, output_files, render_files, render_format
from translate.render.markdown import render_markdown
from translate.render.runjson import RUN_FILE

__all__ = [
    "OUTPUT_FORMATS",
    "RUN_FILE",
    "output_files",
    "render_files",
    "render_format",
    "render_markdown",
]
