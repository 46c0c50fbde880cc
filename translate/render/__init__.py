"""Pure renderers: an aligned document, its summary and its run signature, as each file's text."""

from __future__ import annotations

from translate.render.articleinfo import date_in_path
from translate.render.formats import OUTPUT_FORMATS, output_files, render_files, render_format
from translate.render.index import INDEX_GENERATOR, IndexRow, index_page_name, render_index_page
from translate.render.jsonl import JSONL_FILE
from translate.render.markdown import render_markdown
from translate.render.runjson import RUN_FILE
from translate.render.xlsx import XLSX_CREATOR, XLSX_FILE, PairRow, import_openpyxl, write_xlsx

__all__ = [
    "INDEX_GENERATOR",
    "JSONL_FILE",
    "OUTPUT_FORMATS",
    "RUN_FILE",
    "XLSX_CREATOR",
    "XLSX_FILE",
    "IndexRow",
    "PairRow",
    "date_in_path",
    "import_openpyxl",
    "index_page_name",
    "output_files",
    "render_files",
    "render_format",
    "render_index_page",
    "render_markdown",
    "write_xlsx",
]
