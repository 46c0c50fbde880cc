"""Pure renderers: an aligned document, its summary and its run signature, as each file's text."""

from __future__ import annotations

from translate.render.articleinfo import date_in_path
from translate.render.formats import OUTPUT_FORMATS, output_files, render_files, render_format
from translate.render.index import INDEX_GENERATOR, IndexRow, index_page_name, render_index_page
from translate.render.markdown import render_markdown
from translate.render.runjson import RUN_FILE

__all__ = [
    "INDEX_GENERATOR",
    "OUTPUT_FORMATS",
    "RUN_FILE",
    "IndexRow",
    "date_in_path",
    "index_page_name",
    "output_files",
    "render_files",
    "render_format",
    "render_index_page",
    "render_markdown",
]
