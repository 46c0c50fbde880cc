"""`translate evaluate` through the CLI on the tiny Marian: its own sentences score 100, sentences
it never saw score low, and bad files are one line."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, TINY_MARIAN, training_pairs
from typer.testing import CliRunner

from translate.align import FLAG_REASONS
from translate.cli.app import app
from translate.evaluate import Comparison, EngineResult, Scores, compare
from translate.options import Engine

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN), "--device", "cpu"]

# German sentences the tiny model was not trained on (none is in scripts/tiny_pairs.tsv), with
# English written by hand: the model can only answer with bits of what it memorised.
HELD_OUT = [
    (
        "Meine Großmutter backt jeden Sonntag einen Apfelkuchen.",
        "My grandmother bakes an apple cake every Sunday.",
    ),
    (
        "Der Fluss ist nach dem Gewitter über die Ufer getreten.",
        "The river burst its banks after the thunderstorm.",
    ),
    (
        "Wir haben im Urlaub viele alte Kirchen besichtigt.",
        "We visited many old churches on holiday.",
    ),
    (
        "Das Museum bleibt wegen Renovierungsarbeiten geschlossen.",
        "The museum remains closed for renovation work.",
    ),
    ("Ich habe meinen Regenschirm im Bus vergessen.", "I left my umbrella on the bus."),
    (
        "Die Schüler schreiben morgen eine Mathearbeit.",
        "The pupils are writing a maths test tomorrow.",
    ),
    (
        "Unser Nachbar repariert sein Fahrrad in der Garage.",
        "Our neighbour is repairing his bicycle in the garage.",
    ),
    ("Im Herbst fallen die Blätter von den Bäumen.", "In autumn the leaves fall from the trees."),
    (
        "Der Bäcker verkauft frische Brötchen ab sechs Uhr morgens.",
        "The baker sells fresh rolls from six in the morning.",
    ),
    ("Sie lernt seit zwei Jahren Japanisch.", "She has been learning Japanese for two years."),
    (
        "Die Feuerwehr rettete eine Katze von einem hohen Baum.",
        "The fire brigade rescued a cat from a tall tree.",
    ),
    (
        "Nach dem Essen gingen wir am Strand spazieren.",
        "After dinner we went for a walk on the beach.",
    ),
]


def write_pair(folder: Path, pairs: list[tuple[str, str]]) -> list[str]:
    """de.txt and en.txt, one pair per line; the arguments that name them."""
    (folder / "de.txt").write_text("".join(f"{de}\n" for de, _ in pairs), encoding="utf-8")
    (folder / "en.txt").write_text("".join(f"{en}\n" for _, en in pairs), encoding="utf-8")
    return ["--source", str(folder / "de.txt"), "--reference", str(folder / "en.txt")]


def evaluate_json(argv: list[str]) -> dict[str, Any]:
    result = runner.invoke(app, ["evaluate", *argv, *TINY, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def test_its_own_sentences_score_100(tmp_path: Path) -> None:
    report = evaluate_json(write_pair(tmp_path, training_pairs()[:40]))
    assert report["bleu"] == 100.0
    assert report["chrf"] == 100.0
    assert report["lines"] == 40
    assert report["sentences"] == 40
    assert report["test_set"] == "de.txt"
    assert report["bleu_signature"].startswith("BLEU|nrefs:1|case:mixed|eff:no|tok:13a|")
    assert report["chrf_signature"].startswith("chrF2|nrefs:1|case:mixed|eff:yes|nc:6|nw:0|")
    assert report["run_signature"].startswith("model:tiny-marian|rev:sha256:")
    assert "|engine:ct2-int8|beams:4|" in report["run_signature"]
    assert report["sentences_per_second"] > 0
    assert report["flagged_pairs"] == 0
    assert report["flags"] == {}


def test_sentences_it_never_saw_score_low(tmp_path: Path) -> None:
    assert not {de for de, _ in HELD_OUT} & {de for de, _ in training_pairs()}
    report = evaluate_json(write_pair(tmp_path, HELD_OUT))
    assert report["bleu"] < 20
    assert report["chrf"] < 45
    assert report["lines"] == 12
    # The review flags what it can: each kind counts pairs, so none exceeds the flagged pairs.
    assert set(report["flags"]) <= set(FLAG_REASONS)
    assert all(0 < count <= report["flagged_pairs"] <= 12 for count in report["flags"].values())


def test_a_line_of_several_sentences_is_segmented_and_joined(tmp_path: Path) -> None:
    pairs = [
        ("Der Hund schläft. Die Katze trinkt Milch.", "The dog sleeps. The cat drinks milk."),
        ("Wo ist der Bahnhof?", "Where is the station?"),
        ("", ""),  # an empty line stays a line: its English is empty too
        (
            "Das ist eine gute Nachricht! Der Zug kommt pünktlich.",
            "That is good news! The train arrives on time.",
        ),
    ]
    report = evaluate_json(write_pair(tmp_path, pairs))
    assert (report["lines"], report["sentences"]) == (4, 5)
    assert report["bleu"] == 100.0


def test_text_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", *write_pair(tmp_path, training_pairs()[:3]), *TINY])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "test set: de.txt (3 lines)",
        "ct2:",
        "  BLEU   100.00  BLEU|nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:"
        + lines[2].rpartition("version:")[2],
    ]
    assert lines[3].startswith("  chrF   100.00  chrF2|nrefs:1|")
    assert lines[4].startswith("  run    model:tiny-marian|rev:sha256:")
    assert lines[5].startswith("  speed  ") and lines[5].endswith(
        " sentences/s (3 sentences in " + lines[5].rpartition(" in ")[2]
    )
    assert lines[6] == "  flags  none of 3 pairs"
    assert len(lines) == 7


def test_compare_runs_both_engines_on_the_same_set(tmp_path: Path) -> None:
    report = evaluate_json([*write_pair(tmp_path, training_pairs()[:4]), "--compare"])
    assert set(report) == {"ct2", "torch"}
    assert "|engine:ct2-int8|" in report["ct2"]["run_signature"]
    assert "|engine:transformers|" in report["torch"]["run_signature"]
    assert report["ct2"]["bleu"] == report["torch"]["bleu"] == 100.0
    assert report["torch"]["compared_with"] == "ct2"
    assert report["torch"]["bleu_delta"] == 0.0
    assert (report["torch"]["identical_lines"], report["torch"]["identical_share"]) == (4, 1.0)
    assert "compared_with" not in report["ct2"]


def test_engine_twice_compares_them_in_text(tmp_path: Path) -> None:
    pairs = write_pair(tmp_path, training_pairs()[:2])
    argv = ["evaluate", *pairs, "--engine", "ct2", "--engine", "torch", *TINY]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if line.endswith(":")] == ["ct2:", "torch:"]
    assert lines[-1] == "torch vs ct2: BLEU +0.00, chrF +0.00, identical lines 2 of 2 (100.0%)"


def engine_result(
    engine: Engine, bleu: float, chrf: float, hypotheses: tuple[str, ...]
) -> EngineResult:
    return EngineResult(
        engine=engine,
        scores=Scores(bleu=bleu, chrf=chrf, bleu_signature="", chrf_signature=""),
        run_signature="",
        hypotheses=hypotheses,
        sentences=len(hypotheses),
        seconds=1.0,
        flagged=0,
        flags=(),
    )


def test_compare_counts_identical_lines_and_subtracts_the_baseline() -> None:
    ct2 = engine_result(Engine.ct2, 40.0, 64.0, ("A dog.", "A cat.", "Rain.", ""))
    torch = engine_result(Engine.torch, 40.5, 63.75, ("A dog.", "The cat.", "Rain", ""))
    comparison = compare(ct2, torch)
    assert comparison == Comparison(
        baseline=Engine.ct2,
        other=Engine.torch,
        bleu_delta=0.5,
        chrf_delta=-0.25,
        identical=2,
        lines=4,
    )
    assert comparison.identical_share == 0.5


@pytest.mark.parametrize(
    ("source", "reference", "bad", "message"),
    [
        (
            b"Der Hund schl\xc3\xa4ft.\nWo ist der Bahnhof?\n",
            b"The dog sleeps.\n",
            "en",
            "has 1 line but ",
        ),
        (b"Der Hund schl\xc3\xa4ft.\n", b"The dog sleeps.\nWhere?\n\n", "en", "has 3 lines but "),
        (b"", b"The dog sleeps.\n", "de", "is empty"),
        (b"Der Hund schl\xc3\xa4ft.\n", b"\n  \n", "en", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", b"The dog sleeps.\n", "de", "binary"),
        (
            b"Der Hund schl\xe4ft.\n",
            b"The dog sleeps.\n",
            "de",
            "is not UTF-8 (byte 0xE4 at offset 13)",
        ),
    ],
    ids=[
        "fewer-references",
        "more-references",
        "empty-source",
        "blank-reference",
        "binary",
        "latin-1",
    ],
)
def test_bad_files_are_one_line_and_exit_2(
    tmp_path: Path, source: bytes, reference: bytes, bad: str, message: str
) -> None:
    (tmp_path / "de.txt").write_bytes(source)
    (tmp_path / "en.txt").write_bytes(reference)
    argv = [
        "evaluate",
        "--source",
        str(tmp_path / "de.txt"),
        "--reference",
        str(tmp_path / "en.txt"),
    ]
    result = runner.invoke(app, [*argv, *TINY])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"translate: error: {tmp_path / f'{bad}.txt'}: ")
    assert message in result.stderr


@pytest.mark.parametrize("missing", ["de", "en"])
def test_a_missing_file_is_one_line(tmp_path: Path, missing: str) -> None:
    write_pair(tmp_path, training_pairs()[:1])
    (tmp_path / f"{missing}.txt").unlink()
    argv = ["--source", str(tmp_path / "de.txt"), "--reference", str(tmp_path / "en.txt")]
    result = runner.invoke(app, ["evaluate", *argv, *TINY])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"translate: error: {tmp_path / f'{missing}.txt'}: no such file; check the path.\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "no test set: give --source de.txt --reference en.txt"),
        (["--source", "de.txt"], "no reference file; give --reference"),
        (
            ["--test-set", "wmt19", "--source", "de.txt"],
            "give --test-set or --source with --reference, not both",
        ),
        (
            ["--test-set", "wmt99"],
            "sacrebleu has no German→English test set 'wmt99'; choose from wmt24, ",
        ),
        (
            ["--source", "de.txt", "--reference", "en.txt", "--engine", "marian"],
            "'marian' is not one of",
        ),
        (
            ["--source", "de.txt", "--reference", "en.txt", "--compare", "--engine", "torch"],
            "--compare runs both engines; leave --engine out",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(argv: list[str], message: str) -> None:
    result = runner.invoke(app, ["evaluate", *argv, *TINY])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("translate: error: ")
    assert message in result.stderr


def test_a_model_that_cannot_be_had_is_exit_3(tmp_path: Path) -> None:
    argv = ["evaluate", *write_pair(tmp_path, training_pairs()[:1])]
    result = runner.invoke(app, [*argv, "--model", str(tmp_path / "kein-modell")])
    assert result.exit_code == 3
    assert result.stderr == (
        f"translate: error: model folder {tmp_path / 'kein-modell'} does not exist; check the "
        "path given to --model (or TRANSLATE_MODEL).\n"
    )


def test_the_glossary_reaches_the_translation(tmp_path: Path) -> None:
    # The tiny model says "dog"; the glossary makes it "hound", so the reference's "dog" misses.
    (tmp_path / "terms.tsv").write_text("Hund\thound\n", encoding="utf-8")
    pairs = [
        ("Der Hund schläft.", "The hound sleeps."),
        ("Wo ist der Bahnhof?", "Where is the station?"),
    ]
    plain = evaluate_json(write_pair(tmp_path, pairs))
    with_terms = evaluate_json(
        [*write_pair(tmp_path, pairs), "--glossary", str(tmp_path / "terms.tsv")]
    )
    assert plain["bleu"] < 100.0
    assert with_terms["bleu"] == 100.0
    assert "|glossary:sha256:" in with_terms["run_signature"]


def test_without_sacrebleu_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sacrebleu", None)  # `import sacrebleu` raises ImportError
    result = runner.invoke(app, ["evaluate", *write_pair(tmp_path, training_pairs()[:1]), *TINY])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: translate evaluate needs sacrebleu, which is not installed: "
        "pip install 'translate-de-en[eval]'.\n"
    )


def run_offline(argv: list[str], sacrebleu_dir: Path) -> subprocess.CompletedProcess[str]:
    """`translate evaluate` in a process whose sacrebleu cache is `sacrebleu_dir` and whose every
    download goes to a proxy that refuses the connection: offline, whatever the machine has."""
    refused = "http://127.0.0.1:9"
    proxies = {name: refused for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY")}
    env = {**os.environ, **proxies, "no_proxy": "", "NO_PROXY": "", "SACREBLEU": str(sacrebleu_dir)}
    return subprocess.run(
        [sys.executable, "-m", "translate", "evaluate", *argv, *TINY],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


def test_a_test_set_that_cannot_be_downloaded_is_one_line(tmp_path: Path) -> None:
    completed = run_offline(["--test-set", "wmt19"], tmp_path / "sacrebleu")
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1
    assert completed.stderr.startswith(
        "translate: error: test set wmt19 could not be downloaded by sacrebleu ("
    )
    assert "Connection refused" in completed.stderr
    assert completed.stderr.endswith(
        "; connect to the network, or give the files with --source and --reference.\n"
    )


def test_a_test_set_in_sacrebleus_cache_needs_no_network(tmp_path: Path) -> None:
    # What sacrebleu leaves in its cache once it has downloaded and unpacked newstest2019 de-en.
    cached = tmp_path / "sacrebleu" / "wmt19"
    cached.mkdir(parents=True)
    pairs = training_pairs()[:5]
    fields = {
        "src": [de for de, _ in pairs],
        "ref": [en for _, en in pairs],
        "docid": ["doc"] * 5,
        "genre": ["news"] * 5,
        "origlang": ["de"] * 5,
    }
    for field, lines in fields.items():
        (cached / f"wmt19.de-en.{field}").write_text(
            "".join(f"{line}\n" for line in lines), encoding="utf-8"
        )
    completed = run_offline(["--test-set", "wmt19", "--format", "json"], tmp_path / "sacrebleu")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout)
    assert (report["test_set"], report["lines"], report["bleu"]) == ("wmt19", 5, 100.0)


def test_evaluate_help_imports_no_model_library_nor_sacrebleu() -> None:
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "translate", "evaluate", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in completed.stderr.splitlines()}
    assert "typer" in imported  # the import log is really there
    assert not imported & {"torch", "transformers", "ctranslate2", "numpy", "sacrebleu"}
    assert "--test-set NAME" in completed.stdout


def test_the_translation_memory_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A memory holding every held-out sentence with its reference would score 100 if it were
    # consulted; evaluate measures the model, so the score stays the model's (low).
    memory = tmp_path / "memory.sqlite3"
    (tmp_path / "human.tsv").write_text(
        "de\ten\n" + "".join(f"{de}\t{en}\n" for de, en in HELD_OUT), encoding="utf-8"
    )
    imported = runner.invoke(
        app, ["memory", "import", "--memory", str(memory), str(tmp_path / "human.tsv")]
    )
    assert imported.exit_code == 0, imported.stderr
    monkeypatch.setenv("TRANSLATE_MEMORY", str(memory))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    report = evaluate_json(write_pair(tmp_path, HELD_OUT))
    assert report["bleu"] < 20
