"""Each flag's specific reason reaches every output that shows reasons; a pair whose flags have
none is written exactly as before."""

import csv
import io
import json
import xml.etree.ElementTree as ET

from conftest import SAMPLE_RUN

from translate.document import AlignedDocument, SentencePair, Summary
from translate.render.html import render_html
from translate.render.jsonl import render_jsonl
from translate.render.markdown import render_markdown
from translate.render.runjson import render_run
from translate.render.tmx import render_tmx
from translate.render.tsv import render_tsv
from translate.render.xliff import render_xliff

REASON = (
    "`25. Oktober 2024` is not in the English; the English says `2,000`, the German has no "
    "such number"
)
SPECIFIC = SentencePair(
    1,
    1,
    "Am 25. Oktober 2024 kamen 200 Menschen.",
    "On that day, 2,000 people came.",
    confidence=-2.0,
    flags=("low-confidence", "number-mismatch"),
    reasons=("", REASON),
)
GENERAL = SentencePair(1, 2, "Kommt er?", "He comes.", flags=("question-exclamation",))
DOCUMENT = AlignedDocument(name="tag", pairs=(SPECIFIC, GENERAL))
UNSURE = "the model was unsure of this translation (low mean token log-probability)"
QUESTION = "the German is a question or exclamation and the English is not, or the other way round"


def test_tmx_and_xliff_notes_say_what_exactly_is_wrong() -> None:
    tmx = ET.fromstring(render_tmx(DOCUMENT, SAMPLE_RUN))
    notes = [[note.text for note in unit.iter("note")] for unit in tmx.iter("tu")]
    assert notes[0][:2] == [
        f"review (low-confidence): {UNSURE}",
        f"review (number-mismatch): {REASON}",
    ]
    assert notes[1] == [f"review (question-exclamation): {QUESTION}"]
    space = "{urn:oasis:names:tc:xliff:document:1.2}"
    xliff = ET.fromstring(render_xliff(DOCUMENT, SAMPLE_RUN).encode("utf-8"))
    first = next(xliff.iter(f"{space}trans-unit"))
    assert f"review (number-mismatch): {REASON}" in [
        note.text for note in first.iter(f"{space}note")
    ]


def test_tsv_and_jsonl_carry_the_reasons_only_where_there_are_some() -> None:
    rows = list(csv.reader(io.StringIO(render_tsv(DOCUMENT)), delimiter="\t"))
    assert rows[1][5] == f"low-confidence; number-mismatch: {REASON}"
    assert rows[2][5] == "question-exclamation"
    records = [json.loads(line) for line in render_jsonl(DOCUMENT).splitlines()]
    assert records[0]["flags"] == ["low-confidence", "number-mismatch"]
    assert records[0]["reasons"] == {"number-mismatch": REASON}
    assert "reasons" not in records[1]


def test_markdown_row_and_html_row_name_the_value_and_the_legend_stays_general() -> None:
    markdown = render_markdown(DOCUMENT, Summary((), "textrank"), SAMPLE_RUN)
    assert "⚑ low-confidence; number-mismatch (\\`25. Oktober 2024\\` is not" in markdown
    assert "| He comes. ⚑ question-exclamation |" in markdown
    page = render_html(DOCUMENT, Summary((), "textrank"), SAMPLE_RUN)
    assert "<li>number-mismatch: `25. Oktober 2024` is not in the English; the English says" in page
    assert f"<li>question-exclamation: {QUESTION}</li>" in page
    assert "<dt>⚑ number-mismatch</dt><dd>a number, date or time of the German" in page


def test_run_json_counts_the_new_kinds() -> None:
    run = json.loads(render_run(SAMPLE_RUN, DOCUMENT, Summary((), "textrank")))
    assert run["flagged_for_review"] == {
        "low-confidence": 1,
        "number-mismatch": 1,
        "question-exclamation": 1,
    }
