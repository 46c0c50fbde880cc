"""The Markdown views: `side-by-side.md` (summary and German | English tables) and `summary.md`.

Every text that reaches Markdown is escaped, so an article's words never become markup.
"""

from __future__ import annotations

import re

from translate.align import FLAG_REASONS
from translate.document import AlignedDocument, RunInfo, Summary

MARKDOWN_FILE = "side-by-side.md"
SUMMARY_FILE = "summary.md"
# Characters that would start Markdown syntax inside a table cell; backslash-escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\|*_`<>\[\]])")


def _markdown_cell(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(document: AlignedDocument, summary: Summary, run: RunInfo) -> str:
    """A page to read: the summary, then per paragraph a German | English table."""
    lines = [f"# {_markdown_cell(document.name)}", "", f"`{run.signature()}`", ""]
    if summary.sentences:
        lines += ["## Summary", ""]
        lines += [f"- {_with_id(_markdown_cell(s.text), s.pair_id)}" for s in summary.sentences]
        lines.append("")
    for number, group in enumerate(document.paragraphs(), start=1):
        lines += [f"## Paragraph {number}", "", "| | German | English |", "|---|---|---|"]
        lines += [
            f"| {pair.id} | {_markdown_cell(pair.source)} | {_markdown_cell(pair.target)}"
            f"{_markdown_flags(pair.flags)} |"
            for pair in group
        ]
        lines.append("")
    flagged = sorted({flag for pair in document.pairs for flag in pair.flags})
    if flagged:
        lines += ["## Review flags", ""]
        lines += [f"- ⚑ {flag}: {FLAG_REASONS[flag]}" for flag in flagged]
        lines.append("")
    return "\n".join(lines)


def _markdown_flags(flags: tuple[str, ...]) -> str:
    return f" ⚑ {', '.join(flags)}" if flags else ""


def render_summary(summary: Summary, name: str) -> str:
    """The summary sentences, each followed by the id of the pair it comes from.

    A model's summary has no such ids; a line above it names the model and the prompt instead.
    """
    lines = [f"# Summary: {name}", ""]
    if summary.model is not None:
        lines += [
            f"Written by the model {summary.model} from the prompt template "
            f"{summary.template}; not sentences of the article.",
            "",
        ]
    lines += [f"- {_with_id(s.text, s.pair_id)}" for s in summary.sentences]
    return "\n".join(lines) + "\n"


def _with_id(text: str, pair_id: str | None) -> str:
    return f"{text} ({pair_id})" if pair_id else text
