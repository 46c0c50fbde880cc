import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TINY_MARIAN, sigint_as_at_a_terminal, training_pairs
from typer.testing import CliRunner

from translate.cli.app import app

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]


def test_run_writes_an_article_folder(tmp_path: Path) -> None:
    source = tmp_path / "kurz.txt"
    source.write_text(
        "Der Hund schläft. Die Katze trinkt Milch.\n\nWo ist der Bahnhof?\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["run", str(source), "--out", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    folder = tmp_path / "out" / "kurz"
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps. The cat drinks milk.\n\nWhere is the station?\n"
    )
    assert "3 sentences translated" in result.stderr


def test_model_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLATE_MODEL", str(TINY_MARIAN))
    source = tmp_path / "kurz.txt"
    source.write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(source), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    run = json.loads((tmp_path / "out" / "kurz" / "run.json").read_text(encoding="utf-8"))
    assert run["model"] == str(TINY_MARIAN)


def test_stdin_to_stdout_carries_only_markdown() -> None:
    result = runner.invoke(
        app, ["run", "-", *TINY, "--beams", "1"], input="Der Hund schläft. Wo ist der Bahnhof?\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# stdin\n")
    assert "| p1.s1 | Der Hund schläft. | The dog sleeps. |" in result.stdout
    assert "| p1.s2 | Wo ist der Bahnhof? | Where is the station? |" in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("translate:")]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("leer.txt", b"", "is empty"),
        ("leer2.txt", b"   \n\n  ", "is empty"),
        ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("steuer.txt", b"\x1b\x02\x03\xe4\x05\x06\x0e\x0f", "neither UTF-8 nor text"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(data)
    result = runner.invoke(app, ["run", str(source), "--out", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"translate: error: {source}: ")
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_path(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "fehlt.txt"), *TINY])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"translate: error: {tmp_path / 'fehlt.txt'}: no such file; check the path.\n"
    )


def test_bad_stdin() -> None:
    result = runner.invoke(app, ["run", "-", *TINY], input=b"")
    assert result.exit_code == 2
    assert result.stderr == "translate: error: -: is empty; give an article with some text.\n"
    assert result.stdout == ""


def test_one_bad_article_among_good_ones_exits_1(tmp_path: Path) -> None:
    (tmp_path / "gut.txt").write_text("Der Hund schläft.", encoding="utf-8")
    (tmp_path / "schlecht.txt").write_bytes(b"\x00")
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out"), *TINY])
    assert result.exit_code == 1
    assert (
        f"translate: error: {tmp_path / 'schlecht.txt'}: looks like a binary file" in result.stderr
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".translate.lock",
        "gut",
        "index.html",
        "manifest.json",
        "manifest.jsonl",
    ]


def test_model_not_available_is_exit_3_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "translate: error: model Helsinki-NLP/opus-mt-de-en is not available"
    )
    assert "hf download" in result.stderr
    assert not (tmp_path / "out").exists()


def test_stdin_cannot_be_mixed_with_files() -> None:
    result = runner.invoke(app, ["run", "-", "a.txt", *TINY], input="Hallo.")
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: stdout takes one article: give one file or `-` (stdin), or --out DIR "
        "for several.\n"
    )


def test_unknown_segmenter_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "--segmenter", "nltk", "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr == (
        "translate: error: Invalid value for '--segmenter': 'nltk' is not one of 'rules', "
        "'pysbd', 'somajo' (see `translate run --help`).\n"
    )
    assert not (tmp_path / "o").exists()


def test_pysbd_segmenter_is_recorded_in_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft. Wo ist der Bahnhof?", encoding="utf-8")
    result = runner.invoke(
        app,
        ["run", str(tmp_path / "a.txt"), "--segmenter", "pysbd", "-o", str(tmp_path), *TINY],
    )
    assert result.exit_code == 0, result.stderr
    run = json.loads((tmp_path / "a" / "run.json").read_text(encoding="utf-8"))
    assert run["segmenter"].startswith("pysbd-")
    rows = (tmp_path / "a" / "aligned.tsv").read_text(encoding="utf-8").splitlines()
    assert [row.split("\t")[:4] for row in rows[1:]] == [
        ["1", "1", '"Der Hund schläft."', '"The dog sleeps."'],
        ["1", "2", '"Wo ist der Bahnhof?"', '"Where is the station?"'],
    ]


def test_formats_choose_the_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "--formats", "tsv, HTML", "-o", str(tmp_path), *TINY]
    )
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [
        "aligned.tsv",
        "run.json",
        "side-by-side.html",
    ]


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--formats", "tsv,pdf", *TINY])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: unknown output format 'pdf': choose from "
        "txt, tsv, jsonl, md, html, tmx, summary, xlf, xlsx (comma-separated) or all.\n"
    )


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == "translate 0.1.0\n"


@pytest.mark.parametrize(
    ("options", "engine"),
    [
        ([], "ct2-int8"),  # the default: converted on first use
        (["--engine", "ct2", "--no-quantize"], "ct2-float32"),
        (["--engine", "torch"], "transformers"),
        (["--engine", "torch", "--quantize"], "transformers-int8"),
    ],
)
def test_engines_translate_alike_and_sign_the_run(
    tmp_path: Path, options: list[str], engine: str
) -> None:
    source = tmp_path / "kurz.txt"
    source.write_text("Der Hund schläft. Wo ist der Bahnhof?", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(source), "-o", str(tmp_path / "out"), "--device", "cpu", *TINY, *options]
    )
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "out" / "kurz"
    assert json.loads((folder / "run.json").read_text(encoding="utf-8"))["engine"] == engine
    assert (folder / "translation.en.txt").read_text(encoding="utf-8") == (
        "The dog sleeps. Where is the station?\n"
    )


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["--version"]])
def test_help_and_version_import_no_model_library(argv: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines()}
    assert "typer" in imported  # the import log is really there
    heavy = {"torch", "transformers", "huggingface_hub", "sentencepiece", "ctranslate2", "numpy"}
    heavy |= {"trafilatura", "lxml", "charset_normalizer"}
    assert not imported & heavy
    assert "translate" in completed.stdout


def test_flagged_pairs_are_counted_on_stderr_and_in_the_manifest(tmp_path: Path) -> None:
    # An unseen sentence gives the tiny model's noise: far shorter than the German.
    (tmp_path / "a.txt").write_text(
        "Der Hund schläft. Die Arbeitsgemeinschaft der Kommunalverbände veröffentlichte "
        "gestern ihren ausführlichen Jahresbericht über Verkehrsinfrastruktur.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path), *TINY])
    assert result.exit_code == 0, result.stderr
    records = [
        json.loads(line)
        for line in (tmp_path / "a" / "aligned.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    flagged = sum(1 for record in records if record["flags"])
    assert records[0]["flags"] == []  # "Der Hund schläft." is a training sentence
    assert flagged == 1
    assert "1 flagged for review (see aligned.jsonl)" in result.stderr
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"][0]["flagged_for_review"] == 1


def test_align_words_adds_links_and_changes_the_signature(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    plain = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "p"), *TINY])
    aligned = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "w"), "--align-words", *TINY]
    )
    assert plain.exit_code == aligned.exit_code == 0, aligned.stderr
    [without] = _jsonl(tmp_path / "p" / "a" / "aligned.jsonl")
    [with_links] = _jsonl(tmp_path / "w" / "a" / "aligned.jsonl")
    assert "alignment" not in without
    assert {t for _, t in with_links["alignment"]} == {0, 1, 2}  # The dog sleeps.
    run = json.loads((tmp_path / "w" / "a" / "run.json").read_text(encoding="utf-8"))
    assert "|align:words|" in run["signature"]
    assert 'data-alignment="' in (tmp_path / "w" / "a" / "side-by-side.html").read_text(
        encoding="utf-8"
    )


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_short_help_and_version_flags() -> None:
    assert runner.invoke(app, ["-V"]).stdout == runner.invoke(app, ["--version"]).stdout
    short = runner.invoke(app, ["run", "-h"])
    assert short.exit_code == 0
    assert short.stdout == runner.invoke(app, ["run", "--help"]).stdout


def test_help_names_values_by_what_they_are() -> None:
    help_text = runner.invoke(app, ["run", "--help"]).stdout
    assert help_text.startswith("Usage: translate run [OPTIONS] PATH...\n")
    for shown in ("--model ID|DIR", "--out DIR", "--beams N", "--window N", "--formats LIST"):
        assert shown in help_text
    for typer_label in ("<list[str]>", "<str>", "<int>", "<path>"):
        assert typer_label not in help_text


def test_shell_completion_completes_options_and_their_values() -> None:
    """What `translate --install-completion` wires into the shell: the command completes itself."""
    assert "--install-completion" in runner.invoke(app, ["--help"]).stdout

    def complete(words: str) -> list[str]:
        environment = {
            **os.environ,
            "_TRANSLATE_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split(" ")) - 1),
        }
        completed = subprocess.run(
            [sys.executable, "-m", "translate"], env=environment, capture_output=True, text=True
        )
        return completed.stdout.split()

    assert complete("translate run --eng") == ["--engine"]
    assert complete("translate run --engine ") == ["ct2", "torch"]


@pytest.mark.parametrize(
    ("formats", "check"),
    [
        ("jsonl", lambda out: [json.loads(line)["en"] for line in out.splitlines()]),
        ("txt", lambda out: out),
        ("tsv", lambda out: out.splitlines()[1].split("\t")[3]),
    ],
)
def test_stdin_writes_the_one_format_asked_for(formats: str, check: Any) -> None:
    result = runner.invoke(
        app, ["run", "-", "--formats", formats, *TINY], input="Der Hund schläft.\n"
    )
    assert result.exit_code == 0, result.stderr
    expected = {
        "jsonl": ["The dog sleeps."],
        "txt": "The dog sleeps.\n",
        "tsv": '"The dog sleeps."',
    }
    assert check(result.stdout) == expected[formats]


def test_stdout_refuses_several_formats() -> None:
    result = runner.invoke(app, ["run", "-", "--formats", "tsv,md", *TINY], input="Hallo.\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: stdout takes one format: give --formats with one of txt, tsv, "
        "jsonl, md, html, tmx, summary, xlf (e.g. --formats jsonl), or --out DIR for a folder of "
        "files.\n"
    )


def test_out_dash_writes_one_article_file_to_stdout(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", "-", *TINY])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# a\n")
    assert "| p1.s1 | Der Hund schläft. | The dog sleeps. |" in result.stdout
    assert not (Path.cwd() / "-").exists()
    two = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "a.txt", "-o", "-", *TINY])
    assert two.exit_code == 2
    assert two.stderr.startswith("translate: error: stdout takes one article: ")


def test_stdin_with_an_out_folder_writes_a_folder_named_stdin(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", "-", "-o", str(tmp_path / "out"), *TINY], input="Der Hund schläft.\n"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = (tmp_path / "out" / "stdin" / "translation.en.txt").read_text(encoding="utf-8")
    assert text == "The dog sleeps.\n"


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    command = [sys.executable, "-m", "translate", "run", str(tmp_path / "a.txt")]
    command += ["-o", str(tmp_path / "o"), "--model", str(tmp_path / "kein-modell")]
    message = (
        f"model folder {tmp_path / 'kein-modell'} does not exist; check the path given to "
        "--model (or TRANSLATE_MODEL)."
    )
    plain = subprocess.run(command, capture_output=True, text=True)
    assert plain.returncode == 3
    assert plain.stderr == f"translate: error: {message}\n"
    debug = subprocess.run([*command, "--debug"], capture_output=True, text=True)
    assert debug.returncode == 1  # the exception itself, uncaught
    assert "Traceback (most recent call last):" in debug.stderr
    assert debug.stderr.rstrip().endswith(f"translate.errors.ModelUnavailableError: {message}")


def test_an_unexpected_error_is_one_line_and_exit_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_engine(*args: object, **kwargs: object) -> None:
        raise RuntimeError("CUDA error: an illegal memory access was encountered\nmore detail")

    monkeypatch.setattr("translate.run.local.translate_window", broken_engine)
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), *TINY])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == (
        "translate: error: unexpected RuntimeError: CUDA error: an illegal memory access was "
        "encountered; run again with --debug for the details, and report it if it is a bug."
    )
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "failed"


def test_ctrl_c_marks_the_manifest_interrupted_and_exits_130(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    sentences = [de for de, _ in training_pairs()]
    for index in range(1500):  # seconds of work: the signal comes long before the end
        (source / f"a{index:04}.txt").write_text(sentences[index % len(sentences)], "utf-8")
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "translate",
            "run",
            str(source),
            "-o",
            str(out),
            *TINY,
            "--window",
            "1",
            "--no-cache",
        ],
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        preexec_fn=sigint_as_at_a_terminal,
    )
    assert batch.stderr is not None
    for line in batch.stderr:  # one line per finished article
        if "written to" in line:
            break
    batch.send_signal(signal.SIGINT)
    _, rest = batch.communicate(timeout=60)
    assert batch.returncode == 130
    assert rest.splitlines()[-1] == (
        "translate: interrupted; run the same command again to resume: finished articles are kept"
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["state"] == "interrupted"
    assert manifest["totals"]["done"] >= 1
    assert manifest["totals"]["pending"] >= 1


def test_a_model_path_spelled_differently_is_the_same_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    out = str(tmp_path / "out")
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(tmp_path / "cache"))  # a conversion of its own
    monkeypatch.chdir(REPO)
    first = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", out, *TINY])
    assert first.exit_code == 0, first.stderr
    assert "converting" in first.stderr
    spelled = "./" + str(TINY_MARIAN.relative_to(REPO)) + "/"
    second = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", out, "--model", spelled])
    assert second.exit_code == 0, second.stderr
    assert "converting" not in second.stderr
    assert "unchanged since the last run, skipped" in second.stderr


def test_a_damaged_cache_stops_the_run_before_the_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "translations-v2.sqlite3").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("TRANSLATE_CACHE_DIR", str(cache))
    (tmp_path / "a.txt").write_text("Der Hund schläft.", encoding="utf-8")
    result = runner.invoke(
        app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o"), *TINY, "--engine", "torch"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("translate: error:") == 1
    assert "the translation cache cannot be used" in result.stderr
    assert not (tmp_path / "o" / "manifest.json").exists()
