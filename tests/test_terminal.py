"""What a person sees on the terminal: what the run is doing, how far it is, where to look at the
end, and one clear line with the right exit code when `--out` cannot be used or Ctrl-C comes."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.cli.progress import ProgressBarObserver
from translate.engines import ModelTranslator
from translate.options import Device, Options
from translate.run import process_paths
from translate.run.journal.entries import ArticleEntry, Status
from translate.run.journal.observer import LogObserver, describe_entry
from translate.run.store.lock import LOCK_FILE

runner = CliRunner()
TINY = ["--model", str(TINY_MARIAN)]
SEED = Path(__file__).parent.parent / "seeds" / "000_0ada823e5ab43808.txt"
RESUME = "run the same command again to resume: finished articles are kept"
DONE = ArticleEntry(source="in/a.txt", name="a", status=Status.DONE, sentences=3)


def _article(tmp_path: Path) -> Path:
    source = tmp_path / "kurz.txt"
    source.write_text("Der Hund schläft. Die Katze trinkt Milch.\n", encoding="utf-8")
    return source


# --- the progress bar ---------------------------------------------------------------------


def test_the_bar_moves_with_the_sentences_of_a_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two articles, 40 sentences, translated together: the bar moves batch by batch, not only
    when an article is finished (then jumping by the whole window)."""
    monkeypatch.setattr("sys.stderr", io.StringIO())
    observer = ProgressBarObserver(Path("out"), verbose=False)
    observer.start(articles=4, sentences=0)
    observer.finish_article(DONE)  # found up to date before the window
    observer.planned(articles=2, sentences=40)
    assert observer.completed() == 1
    observer.advance(16)  # a batch: 2 unfinished articles x 16/40 of the window
    assert observer.completed() == pytest.approx(1.8)
    observer.advance(16)
    assert observer.completed() == pytest.approx(2.6)
    observer.finish_article(DONE)  # 2 finished, the other 1 x 32/40
    assert observer.completed() == pytest.approx(2.8)
    observer.advance(8)
    observer.finish_article(DONE)
    assert observer.completed() == 3
    assert observer._progress is not None
    assert observer._progress.tasks[0].completed == 3
    observer.stop()


class Recorder(LogObserver):
    """What a real run tells its observer about windows and sentences."""

    def __init__(self, out: Path) -> None:
        super().__init__(out)
        self.calls: list[tuple[str, int, int]] = []

    def planned(self, articles: int, sentences: int) -> None:
        self.calls.append(("planned", articles, sentences))

    def advance(self, sentences: int) -> None:
        self.calls.append(("advance", sentences, 0))


def test_a_run_announces_each_window_before_its_sentences(
    tiny_marian: ModelTranslator, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Der Hund schläft. Wo ist der Bahnhof?", encoding="utf-8")
    (folder / "b.txt").write_text("Die Katze trinkt Milch.", encoding="utf-8")
    recorder = Recorder(tmp_path / "out")
    options = Options(model=str(TINY_MARIAN), device=Device.cpu, batch_size=2)
    process_paths(
        [str(folder)], options, tmp_path / "out", load=lambda _: tiny_marian, observer=recorder
    )
    assert recorder.calls[0] == ("planned", 2, 3)
    assert sum(n for kind, n, _ in recorder.calls if kind == "advance") == 3


# --- what the run says ------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_spinner_says_the_model_loads_until_the_bar_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    observer = ProgressBarObserver(Path("out"), verbose=False, waiting="loading the model m")
    assert "loading the model m" in terminal.getvalue()
    observer.start(articles=1, sentences=0)  # the spinner goes, the bar comes
    assert observer._status is None and observer._progress is not None
    observer.stop()


def test_the_batch_command_tells_the_observer_what_it_waits_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[object] = []

    def spy(out_dir: Path, **settings: Any) -> Any:
        said.append(settings.get("waiting"))
        return real(out_dir, **settings)

    from translate.cli import progress

    real = progress.observe
    monkeypatch.setattr(progress, "observe", spy)
    result = runner.invoke(app, ["run", str(_article(tmp_path)), "-o", str(tmp_path / "o"), *TINY])
    assert result.exit_code == 0, result.stderr
    assert said == [f"reading the inputs and loading the model {TINY_MARIAN} (ct2 engine)"]


def test_the_last_line_counts_flagged_pairs_and_points_at_the_index(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEED), "--out", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    pairs = (out / "000_0ada823e5ab43808" / "aligned.jsonl").read_text(encoding="utf-8")
    flagged = sum(1 for line in pairs.splitlines() if json.loads(line)["flags"])
    assert flagged > 1  # the tiny model garbles the seed
    assert result.stderr.splitlines()[-1].endswith(
        f"; {flagged} pairs flagged for review; open {out / 'index.html'} to read the articles "
        f"(run record: {out / 'manifest.json'})"
    )


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        (
            ArticleEntry("in/a.txt", "a", status=Status.DONE, sentences=1, flagged=1),
            "in/a.txt: 1 sentence translated, written to out/a/; 1 flagged for review "
            "(see aligned.jsonl)",
        ),
        (
            ArticleEntry(
                "rows.jsonl:1",
                "000_seed",
                status=Status.DONE,
                sentences=2,
                flagged=1,
                outputs=("pairs.jsonl", "summaries.jsonl"),
            ),
            "rows.jsonl:1: 2 sentences translated, its rows go into pairs.jsonl and "
            "summaries.jsonl in out/; 1 flagged for review (see the flags in pairs.jsonl)",
        ),
    ],
)
def test_an_articles_line_names_what_exists(entry: ArticleEntry, line: str) -> None:
    assert describe_entry(entry, Path("out")) == line


def test_a_corpus_run_logs_its_files_and_rounds_confidences(tmp_path: Path) -> None:
    corpus = tmp_path / "rows.jsonl"
    corpus.write_text(json.dumps({"id": "seed", "text": "Der Hund schläft."}) + "\n", "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(corpus), "--out", str(out), *TINY])
    assert result.exit_code == 0, result.stderr
    assert "1 sentence translated" in result.stderr
    assert f"its rows go into pairs.jsonl and summaries.jsonl in {out}/" in result.stderr
    assert "written to" not in result.stderr
    [row] = [json.loads(line) for line in (out / "pairs.jsonl").read_text("utf-8").splitlines()]
    assert row["confidence"] == round(row["confidence"], 4)


# --- --out and Ctrl-C ---------------------------------------------------------------------


def test_out_naming_a_file_says_it_is_a_file(tmp_path: Path) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["run", str(_article(tmp_path)), "--out", str(taken), *TINY])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"translate: error: {taken}: is a file, not a folder; give --out a folder.\n"
    )
    assert taken.read_text(encoding="utf-8") == "mine"
    below = runner.invoke(app, ["run", str(_article(tmp_path)), "--out", str(taken / "x"), *TINY])
    assert below.exit_code == 2
    assert f"{taken} is a file" in below.stderr


def test_an_out_that_cannot_be_created_is_a_usage_error_not_a_failed_article(
    tmp_path: Path,
) -> None:
    out = Path("/proc/translate-cannot-be-here/out")  # not even root may create it
    result = runner.invoke(app, ["run", str(_article(tmp_path)), "--out", str(out), *TINY])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"translate: error: {out}: cannot create the output folder")
    assert result.stderr.count("\n") == 1


def test_ctrl_c_while_the_model_loads_leaves_no_folder(tmp_path: Path) -> None:
    def interrupted_load(options: Options) -> ModelTranslator:
        raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        process_paths([str(_article(tmp_path))], Options(), out, load=interrupted_load)
    assert not out.exists()


def test_ctrl_c_says_the_same_command_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("translate.run.local.translate_window", interrupted)
    monkeypatch.setattr("translate.pipeline.translate_sentences", interrupted)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(_article(tmp_path)), "--out", str(out), *TINY])
    assert result.exit_code == 130
    assert result.stderr.splitlines()[-1] == f"translate: interrupted; {RESUME}"
    # Stopped after it began writing: the folder and its lock file stay, for the resume.
    assert json.loads((out / "manifest.json").read_text("utf-8"))["state"] == "interrupted"
    assert (out / LOCK_FILE).exists()
    to_stdout = runner.invoke(app, ["run", str(_article(tmp_path)), "--out", "-", *TINY])
    assert to_stdout.exit_code == 130
    assert to_stdout.stderr.splitlines()[-1] == "translate: interrupted"  # nothing to resume


# --- help and usage errors ---------------------------------------------------------------


def test_run_help_groups_its_options() -> None:
    result = runner.invoke(app, ["run", "-h"])
    assert result.exit_code == 0
    blocks = [block for block in result.stdout.split("\n\n") if block and block[0] != " "]
    sections = {block.splitlines()[0]: block for block in blocks[1:]}  # after the usage line
    assert list(sections) == [
        "Inputs:",
        "Outputs:",
        "Model and engine:",
        "Summary:",
        "Batch:",
        "Ray:",
        "Messages:",
        "Other options:",
    ]
    expected = {
        "Inputs:": ["PATH...", "--recursive", "--encoding", "--input-format", "--max-bytes"],
        "Outputs:": ["--out", "--formats", "--align-words"],
        "Model and engine:": ["--model", "--engine", "--device", "--beams", "--glossary"],
        "Summary:": ["--summary-sentences", "--summary-words", "--summary-model"],
        "Batch:": ["--force", "--no-cache", "--window"],
        "Ray:": ["--ray ", "--ray-address", "--ray-actors"],
        "Messages:": ["--quiet", "--verbose", "--debug"],
        "Other options:": ["--help"],
    }
    for heading, names in expected.items():
        for name in names:
            assert name in sections[heading], (heading, name)


def test_the_top_level_help_says_the_whole_of_what_run_does() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = " ".join(result.stdout.split("Commands:")[1].split())
    assert (
        "run Translate articles: aligned German/English outputs and a summary for each."
    ) in commands
    assert "..." not in commands  # no command's line is cut


def test_a_path_where_the_command_goes_suggests_run(tmp_path: Path) -> None:
    result = runner.invoke(app, ["seeds/", "--out", "my out"])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: No such command 'seeds/'; to translate it, run "
        "`translate run seeds/ --out 'my out'` (see `translate --help`).\n"
    )
    typo = runner.invoke(app, ["rnu", "seeds/"])
    assert "Did you mean 'run'?" in typo.stderr and "translate run" not in typo.stderr


def test_a_misspelt_format_gets_a_suggestion(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(_article(tmp_path)), "--formats", "tsvv,md,zzz"])
    assert result.exit_code == 2
    assert result.stderr == (
        "translate: error: unknown output format 'tsvv' (did you mean 'tsv'?), 'zzz': choose "
        "from txt, tsv, jsonl, md, html, tmx, summary, xlf, xlsx (comma-separated) or all.\n"
    )
