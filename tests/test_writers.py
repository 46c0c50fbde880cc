"""Renderers against expected text written by hand for a small two-paragraph document."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ALL_OUTPUT_FILES, DOG_SENTENCE, SAMPLE_RUN, TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.document import AlignedDocument, SentencePair, Summary, SummarySentence
from translate.errors import OutputError
from translate.files import write_article_folder
from translate.options import Format
from translate.render.formats import output_files, render_files
from translate.render.jsonl import render_jsonl
from translate.render.markdown import render_markdown, render_summary
from translate.render.runjson import render_run
from translate.render.text import render_translation
from translate.render.tsv import render_tsv

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


def test_tsv_quotes_every_text_field() -> None:
    assert render_tsv(DOCUMENT) == (
        "paragraph\tsentence\tde\ten\tconfidence\tflags\torigin\n"
        '1\t1\t"Das Wetter ist heute schön."\t"The weather is nice today."\t\t""\t"model"\n'
        '1\t2\t"Wo ist der Bahnhof?"\t"Where is the station?"\t-0.5124\t""\t"model"\n'
        '2\t1\t"Er sagte:\t„A|B“"\t"He said:\t""A|B"""\t\t""\t"model"\n'
    )


def test_jsonl_has_one_object_per_pair() -> None:
    records = [json.loads(line) for line in render_jsonl(DOCUMENT).splitlines()]
    assert records[0] == {
        "article": "wetter",
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


def test_jsonl_files_can_be_concatenated() -> None:
    other = AlignedDocument("regen", (SentencePair(1, 1, "Es regnet.", "It is raining."),))
    stream = render_jsonl(DOCUMENT) + render_jsonl(other)
    records = [json.loads(line) for line in stream.splitlines()]
    assert [(record["article"], record["id"]) for record in records] == [
        ("wetter", "p1.s1"),
        ("wetter", "p1.s2"),
        ("wetter", "p2.s1"),
        ("regen", "p1.s1"),
    ]


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


def test_a_summary_sentence_from_a_flagged_pair_is_marked_in_markdown() -> None:
    summary = Summary(
        (
            SummarySentence("The dog sleeps.", "p1.s1"),
            SummarySentence("A long sentence.", "p1.s2"),
        ),
        "centroid-cues",
    )
    files = render_files(FLAGGED, summary, RUN, (Format.summary, Format.md))
    assert files["summary.md"] == (
        "# Summary: x\n\n"
        "- The dog sleeps. (p1.s1)\n"
        "- A long sentence. (p1.s2) ⚑ split-to-fit\n\n"
        "⚑ marks a sentence taken from a pair flagged for review (the reasons are in "
        "side-by-side.html and aligned.jsonl).\n"
    )
    assert (
        "## Summary\n\n- The dog sleeps. (p1.s1)\n- A long sentence. (p1.s2) ⚑ split-to-fit\n"
    ) in files["side-by-side.md"]
    run = json.loads(files["run.json"])
    assert run["summary"]["flags"] == [[], ["split-to-fit"]]


def test_run_json_holds_the_signature() -> None:
    run = json.loads(render_run(RUN, DOCUMENT, SUMMARY))
    assert run["model"] == "tiny"
    assert run["model_revision"] == "sha256:0123456789abcdef"
    assert run["beams"] == 4
    assert run["input_sha256"] == "ff"
    assert run["sentences"] == 3
    assert run["paragraphs"] == 2
    assert run["signature"].startswith("model:tiny|rev:sha256:0123456789ab|")


def test_run_json_holds_what_the_batch_index_shows() -> None:
    dated = AlignedDocument(
        "bericht",
        (
            SentencePair(1, 1, "Berlin, 3. Mai 2024", "Berlin, 3 May 2024"),
            SentencePair(2, 1, "Die Wahl ist vorbei.", "The election is over.", flags=("x",)),
        ),
    )
    summary = Summary((SummarySentence("The election is over.", "p2.s1"),), "textrank")
    run = json.loads(render_run(RUN, dated, summary))
    assert run["title"] == "The election is over."
    assert run["article_date"] == "2024-05-03"
    assert run["flagged_pairs"] == 1
    assert run["summary"]["text"] == ["The election is over."]
    assert json.loads(render_run(RUN, DOCUMENT, SUMMARY))["article_date"] is None


# An article folder's run.json as translate writes it: what makes the folder provably ours.
OURS = '{"written_by": "translate"}\n'
ALLOWED = frozenset({"a.txt", "b.txt", "run.json"})


def test_folder_is_written_whole_and_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = write_article_folder(
        out, "wetter", {"a.txt": "eins\n", "b.txt": "zwei\n", "run.json": OURS}, allowed=ALLOWED
    )
    assert folder == out / "wetter"
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "b.txt", "run.json"]
    write_article_folder(out, "wetter", {"a.txt": "neu\n", "run.json": OURS}, allowed=ALLOWED)
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "run.json"]
    assert (folder / "a.txt").read_text() == "neu\n"
    assert sorted(p.name for p in out.iterdir()) == ["wetter"]  # no leftovers


def test_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write the results"):
        write_article_folder(
            tmp_path, "wetter", {"ok.txt": "eins\n", "sub/missing.txt": "zwei\n"}, allowed=ALLOWED
        )
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "wetter").write_text("not a folder")
    with pytest.raises(OutputError) as raised:
        write_article_folder(tmp_path, "wetter", {"a.txt": "eins\n"}, allowed=ALLOWED)
    assert str(raised.value) == (
        f"{tmp_path / 'wetter'}: a file is in the way of this article's output folder and is "
        "left alone; move it away or give another --out."
    )
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


runner = CliRunner()


# --- 12. Markdown never renders what the article says -------------------------------------


def test_markdown_escapes_names_and_summaries(tmp_path: Path) -> None:
    name = "<img src=x onerror=alert(1)>"
    (tmp_path / f"{name}.txt").write_text(DOG_SENTENCE, encoding="utf-8")
    model = tmp_path / "model`with`ticks"
    __import__("shutil").copytree(TINY_MARIAN, model)
    result = runner.invoke(
        app,
        ["run", str(tmp_path / f"{name}.txt"), "-o", str(tmp_path / "o"), "--model", str(model)],
    )
    assert result.exit_code == 0, result.stderr
    [folder] = [p for p in (tmp_path / "o").iterdir() if p.is_dir()]
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert summary.splitlines()[0] == r"# Summary: \<img src=x onerror=alert(1)\>"
    page = (folder / "side-by-side.md").read_text(encoding="utf-8")
    assert page.splitlines()[0] == r"# \<img src=x onerror=alert(1)\>"
    assert page.splitlines()[2].startswith("``model:model`with`ticks|rev:sha256:")
    assert page.splitlines()[2].endswith("``")
