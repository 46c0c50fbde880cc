"""The output formats of an article folder: which file each `--formats` name writes.

Renderers are pure functions from the document to text, so they can be tested without disk;
`translate.files` writes them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from translate.document import AlignedDocument, RunInfo, Summary
from translate.options import ALL_FORMATS, Format
from translate.render.html import HTML_FILE, render_html
from translate.render.jsonl import JSONL_FILE, render_jsonl
from translate.render.markdown import (
    MARKDOWN_FILE,
    SUMMARY_FILE,
    flagged_pairs,
    render_markdown,
    render_summary,
)
from translate.render.runjson import RUN_FILE, render_run
from translate.render.text import TRANSLATION_FILE, render_translation
from translate.render.tmx import TMX_FILE, render_tmx
from translate.render.tsv import TSV_FILE, render_tsv
from translate.render.xliff import XLIFF_FILE, render_xliff

# `--formats` names and the file each one writes; run.json is always written (it is the record
# of what produced the folder, which re-runs compare against).
OUTPUT_FORMATS: dict[Format, str] = {
    Format.txt: TRANSLATION_FILE,
    Format.tsv: TSV_FILE,
    Format.jsonl: JSONL_FILE,
    Format.md: MARKDOWN_FILE,
    Format.html: HTML_FILE,
    Format.tmx: TMX_FILE,
    Format.summary: SUMMARY_FILE,
    Format.xlf: XLIFF_FILE,
}


def output_files(formats: tuple[Format, ...] = ALL_FORMATS) -> frozenset[str]:
    """The file names an article folder gets for `formats`: theirs and run.json (a batch
    format such as xlsx writes nothing into the folder)."""
    files = (OUTPUT_FORMATS[name] for name in formats if name in OUTPUT_FORMATS)
    return frozenset({*files, RUN_FILE})


@dataclass(frozen=True, slots=True, eq=False)
class RenderedFiles(Mapping[str, str | bytes]):
    """An article folder's files by name, each rendered when it is read and not kept.

    A writer that takes them one at a time (`translate.files.write_article_folder`) holds one
    file's text at a time instead of all of them: for a big article the XLIFF and the TMX are
    each about 14× its size as text, and all formats together about 50×. `kept` are files
    carried as they are (a fetched page's bytes).
    """

    document: AlignedDocument
    summary: Summary
    run: RunInfo
    formats: tuple[Format, ...] = ALL_FORMATS
    kept: Mapping[str, bytes] = field(default_factory=dict)

    def _by_name(self) -> dict[str, Format | None]:
        names: dict[str, Format | None] = {
            OUTPUT_FORMATS[name]: name for name in self.formats if name in OUTPUT_FORMATS
        }
        return {**names, **dict.fromkeys(self.kept), RUN_FILE: None}

    def __getitem__(self, name: str) -> str | bytes:
        if name in self.kept:
            return self.kept[name]
        if name == RUN_FILE:
            return render_run(self.run, self.document, self.summary)
        chosen = self._by_name()[name]  # KeyError for a file the folder does not get
        assert chosen is not None
        return render_format(chosen, self.document, self.summary, self.run)

    def __contains__(self, name: object) -> bool:  # without rendering it
        return name in self._by_name()

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_name())

    def __len__(self) -> int:
        return len(self._by_name())


def render_format(name: Format, document: AlignedDocument, summary: Summary, run: RunInfo) -> str:
    """One output file's text."""
    renderers: dict[Format, Callable[[], str]] = {
        Format.txt: lambda: render_translation(document),
        Format.tsv: lambda: render_tsv(document),
        Format.jsonl: lambda: render_jsonl(document),
        Format.md: lambda: render_markdown(document, summary, run),
        Format.html: lambda: render_html(document, summary, run),
        Format.tmx: lambda: render_tmx(document, run),
        Format.summary: lambda: render_summary(
            summary, document.name, flagged=flagged_pairs(document)
        ),
        Format.xlf: lambda: render_xliff(document, run),
    }
    return renderers[name]()


def render_files(
    document: AlignedDocument,
    summary: Summary,
    run: RunInfo,
    formats: tuple[Format, ...] = ALL_FORMATS,
    kept: Mapping[str, bytes] | None = None,
) -> RenderedFiles:
    """The chosen output files of an article, by file name, plus run.json (`output_files`) and
    the `kept` files; each is rendered when it is read (`RenderedFiles`)."""
    return RenderedFiles(document, summary, run, formats, kept or {})
