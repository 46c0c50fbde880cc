import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_OUTPUT_FILES, TINY_MARIAN

from translate.engines.torch_engine import MarianTranslator
from translate.errors import InputError, ModelUnavailableError, UsageError
from translate.options import Device, Options
from translate.run import process_article, process_paths, translate_text
from translate.version import __version__

ARTICLE = (
    "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen. Dr. Müller arbeitet in Berlin.\n"
    "Die Stadt hat 5.000 Einwohner.\n"
    "\n"
    "Er sagte: „Wir kommen morgen.“ Wo ist der Bahnhof? Das ist eine gute Nachricht!\n"
)
ENGLISH = (
    "The government passed a new law on 3 October. Dr. Müller works in Berlin. "
    "The town has 5,000 inhabitants.\n"
    "\n"
    'He said: "We are coming tomorrow." Where is the station? That is good news!\n'
)
OPTIONS = Options(model=str(TINY_MARIAN), device=Device.cpu)


def test_article_is_segmented_translated_and_aligned(tiny_marian: MarianTranslator) -> None:
    result = translate_text(ARTICLE, tiny_marian, OPTIONS, name="bericht")
    pairs = result.document.pairs
    assert [(p.id, p.source) for p in pairs] == [
        ("p1.s1", "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen."),
        ("p1.s2", "Dr. Müller arbeitet in Berlin."),
        ("p1.s3", "Die Stadt hat 5.000 Einwohner."),
        ("p2.s1", "Er sagte: „Wir kommen morgen.“"),
        ("p2.s2", "Wo ist der Bahnhof?"),
        ("p2.s3", "Das ist eine gute Nachricht!"),
    ]
    assert pairs[3].target == 'He said: "We are coming tomorrow."'
    assert len(result.summary.sentences) == 3
    assert result.run.beams == 4
    assert result.run.model == str(TINY_MARIAN)


def test_process_article_writes_every_file(tiny_marian: MarianTranslator, tmp_path: Path) -> None:
    source = tmp_path / "bericht.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = process_article(source, tiny_marian, OPTIONS, tmp_path / "out")
    folder = tmp_path / "out" / "bericht"
    assert result.folder == folder
    assert sorted(p.name for p in folder.iterdir()) == ALL_OUTPUT_FILES
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == ENGLISH
    assert len((folder / "aligned.tsv").read_text(encoding="utf-8").splitlines()) == 7
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["input_sha256"] == result.article.sha256
    assert run["engine"] == "transformers"
    assert run["max_length"] == 512
    assert run["segmenter"] == f"rules-{__version__}"
    assert run["tool_version"] == "0.1.0"
    summary = (folder / "summary.md").read_text(encoding="utf-8").splitlines()
    assert summary[0] == "# Summary: bericht"
    assert len([line for line in summary if line.startswith("- ")]) == 3


def test_batch_goes_on_past_a_bad_article(tiny_marian: MarianTranslator, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    (tmp_path / "in" / "c.txt").write_text("Wo ist der Bahnhof?", encoding="utf-8")
    report = process_paths(
        [str(tmp_path / "in")], OPTIONS, tmp_path / "out", load=lambda _: tiny_marian
    )
    assert [r.article.name for r in report.results] == ["a", "c"]
    assert [str(f) for f in report.failures] == [
        f"{tmp_path / 'in' / 'b.txt'}: is empty; give an article with some text."
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".translate.lock",
        "a",
        "c",
        "index.html",
        "manifest.json",
        "manifest.jsonl",
    ]


def test_model_is_not_loaded_when_no_article_is_readable(tmp_path: Path) -> None:
    def never(_: Options) -> MarianTranslator:
        raise AssertionError("the model must not be loaded")

    report = process_paths([str(tmp_path / "fehlt.txt")], OPTIONS, tmp_path / "out", load=never)
    assert report.results == ()
    assert len(report.failures) == 1


def test_unavailable_model_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    with pytest.raises(ModelUnavailableError):
        process_paths([str(tmp_path / "a.txt")], Options(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


# --- 13. the library checks what it is given ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "translate_text takes the German text as a str, not NoneType."),
        (b"Der Hund", "translate_text takes the German text as a str, not bytes."),
        (42, "translate_text takes the German text as a str, not int."),
        (
            "Der \ud800 Hund",
            "text: the text holds a lone surrogate (U+D800 at character 4), which is no "
            "character; decode the text correctly.",
        ),
    ],
)
def test_translate_text_refuses_what_is_not_text(
    tiny_marian: MarianTranslator, text: Any, message: str
) -> None:
    from translate import translate_text

    with pytest.raises(InputError) as raised:
        translate_text(text, tiny_marian)
    assert str(raised.value) == message


def test_process_paths_refuses_a_single_string(tmp_path: Path) -> None:
    from translate import Options, process_paths

    with pytest.raises(UsageError) as raised:
        process_paths("a.txt", Options(), tmp_path)
    assert str(raised.value) == (
        "process_paths takes a list of paths, not the single str 'a.txt'; pass ['a.txt']."
    )
    assert list(tmp_path.iterdir()) == []
