"""Renderers against expected text written by hand for a small two-paragraph document."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ALL_OUTPUT_FILES, SAMPLE_RUN

from translate.document import AlignedDocument, SentencePair, Summary, SummarySentence
from translate.errors import OutputError
from translate.options import Format
from translate.render.formats import output_files, render_files
from translate.render.jsonl import render_jsonl
from translate.render.markdown import render_markdown, render_summary
from translate.render.runjson import render_run
from translate.render.text import render_translation
from translate.render.tsv import escape_tsv, render_tsv
from translate.run.files import write_article_folder

DOCUMENT = AlignedDocument(
    name="wetter",
    pairs=(
        SentencePair(1, 1, "Das Wetter ist heute schön.", "The weather is nice today."),
        SentencePair(1, 2, "Wo ist der Bahnhof?", "Where is the station?", confidence=-0.51236),
        SentencePair(2, 1, "Er sagte:\t„A|B“", 'He said:\t"A|B"'),
    ),
)
SUMMARY = Summary(
    sentences=(SummarySentence("The weather is nice today.", "p1.s1"),), method="textrank"
)
RUN = SAMPLE_RUN


def test_translation_keeps_paragraphs() -> None:
    assert render_translation(DOCUMENT) == (
        'The weather is nice today. Where is the station?\n\nHe said:\t"A|B"\n'
    )


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\tb", "a\\tb"),
        ("a\nb", "a\\nb"),
        ("a\\tb", "a\\\\tb"),
        ("a\r\nb", "a\\r\\nb"),
        ("ä", "ä"),
    ],
)
def test_tsv_escapes(text: str, escaped: str) -> None:
    assert escape_tsv(text) == escaped


def test_tsv_rows_have_five_fields() -> None:
    tsv = render_tsv(DOCUMENT)
    assert tsv == (
        "paragraph\tsentence\tde\ten\tconfidence\n"
        "1\t1\tDas Wetter ist heute schön.\tThe weather is nice today.\t\n"
        "1\t2\tWo ist der Bahnhof?\tWhere is the station?\t-0.5124\n"
        '2\t1\tEr sagte:\\t„A|B“\tHe said:\\t"A|B"\t\n'
    )
    assert all(len(row.split("\t")) == 5 for row in tsv.splitlines())


def test_jsonl_has_one_object_per_pair() -> None:
    records = [json.loads(line) for line in render_jsonl(DOCUMENT).splitlines()]
    assert records[0] == {
        "id": "p1.s1",
        "paragraph": 1,
        "sentence": 1,
        "de": "Das Wetter ist heute schön.",
        "en": "The weather is nice today.",
        "confidence": None,
        "flags": [],
    }
    assert records[1]["confidence"] == -0.5124
    assert [record["id"] for record in records] == ["p1.s1", "p1.s2", "p2.s1"]
    assert records[2]["de"] == "Er sagte:\t„A|B“"
    assert "„" in render_jsonl(DOCUMENT)  # readable UTF-8, not \u escapes


def test_markdown_side_by_side() -> None:
    assert render_markdown(DOCUMENT, SUMMARY, RUN) == (
        "# wetter\n"
        "\n"
        "`model:tiny|rev:sha256:0123456789ab|engine:transformers|beams:4|maxlen:512"
        "|seg:rules-0.1.0|translate:0.1.0`\n"
        "\n"
        "## Summary\n"
        "\n"
        "- The weather is nice today. (p1.s1)\n"
        "\n"
        "## Paragraph 1\n"
        "\n"
        "| | German | English |\n"
        "|---|---|---|\n"
        "| p1.s1 | Das Wetter ist heute schön. | The weather is nice today. |\n"
        "| p1.s2 | Wo ist der Bahnhof? | Where is the station? |\n"
        "\n"
        "## Paragraph 2\n"
        "\n"
        "| | German | English |\n"
        "|---|---|---|\n"
        '| p2.s1 | Er sagte: „A\\|B“ | He said: "A\\|B" |\n'
    )


FLAGGED = AlignedDocument(
    name="x",
    pairs=(
        SentencePair(1, 1, "Der Hund schläft.", "The dog sleeps."),
        SentencePair(
            1, 2, "Ein sehr langer Satz.", "A long sentence.", pieces=2, flags=("split-to-fit",)
        ),
    ),
)


def test_flags_are_marked_and_explained() -> None:
    markdown = render_markdown(FLAGGED, Summary((), "textrank"), RUN)
    assert "| p1.s1 | Der Hund schläft. | The dog sleeps. |\n" in markdown
    assert "| p1.s2 | Ein sehr langer Satz. | A long sentence. ⚑ split-to-fit |\n" in markdown
    assert markdown.endswith(
        "## Review flags\n\n"
        "- ⚑ split-to-fit: the sentence was too long for the model and was translated in pieces\n"
    )
    records = [json.loads(line) for line in render_jsonl(FLAGGED).splitlines()]
    assert [record["flags"] for record in records] == [[], ["split-to-fit"]]
    run = json.loads(render_run(RUN, FLAGGED, Summary((), "textrank")))
    assert run["flagged_for_review"] == {"split-to-fit": 1}


def test_summary_names_the_source_pair() -> None:
    assert render_summary(SUMMARY, "wetter") == (
        "# Summary: wetter\n\n- The weather is nice today. (p1.s1)\n"
    )


def test_run_json_holds_the_signature() -> None:
    run = json.loads(render_run(RUN, DOCUMENT, SUMMARY))
    assert run["model"] == "tiny"
    assert run["model_revision"] == "sha256:0123456789abcdef"
    assert run["beams"] == 4
    assert run["input_sha256"] == "ff"
    assert run["sentences"] == 3
    assert run["paragraphs"] == 2
    assert run["signature"].startswith("model:tiny|rev:sha256:0123456789ab|")


def test_folder_is_written_whole_and_replaced_whole(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "wetter"
    write_article_folder(folder, {"a.txt": "eins\n", "b.txt": "zwei\n"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt"]
    write_article_folder(folder, {"a.txt": "neu\n"})
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]
    assert (folder / "a.txt").read_text() == "neu\n"
    assert sorted(p.name for p in folder.parent.iterdir()) == ["wetter"]  # no leftovers


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "wetter"
    with pytest.raises(OutputError, match="cannot write the results"):
        write_article_folder(folder, {"ok.txt": "eins\n", "sub/missing.txt": "zwei\n"})
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "wetter").write_text("not a folder")
    with pytest.raises(OutputError):
        write_article_folder(tmp_path / "wetter", {"a.txt": "eins\n"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wetter"]
    assert (tmp_path / "wetter").read_text() == "not a folder"


def test_output_files_are_the_chosen_formats_and_run_json() -> None:
    chosen = (Format.tsv, Format.html)
    assert output_files(chosen) == {"aligned.tsv", "side-by-side.html", "run.json"}
    assert sorted(output_files()) == ALL_OUTPUT_FILES
    files = render_files(DOCUMENT, SUMMARY, RUN, (Format.tsv, Format.html))
    assert set(files) == output_files((Format.tsv, Format.html))


def test_a_glossary_is_part_of_the_signature_and_the_settings() -> None:
    with_terms = replace(RUN, glossary="sha256:0123456789abcdef0123")
    assert "|glossary:sha256:0123456789ab|" in with_terms.signature()
    assert "glossary" not in RUN.signature()
    assert with_terms.settings() != RUN.settings()
    assert json.loads(render_run(with_terms, DOCUMENT, SUMMARY))["glossary"] == (
        "sha256:0123456789abcdef0123"
    )
