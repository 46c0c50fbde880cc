"""Consistency across the articles of a batch: the accumulator on pairs written by hand, and a
run through the CLI on the tiny model whose manifest, index page and totals carry the findings."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import TINY_MARIAN
from typer.testing import CliRunner

from translate.check.batch import BatchConsistency, BatchFinding
from translate.cli.app import app
from translate.document import SentencePair
from translate.run.journal.entries import ArticleEntry

runner = CliRunner()


def pairs(*texts: tuple[str, str]) -> list[SentencePair]:
    return [SentencePair(1, number, de, en) for number, (de, en) in enumerate(texts, start=1)]


FIRM = (
    "Die Firma Trumpf aus Ditzingen baut Laser.",
    "The firm Trumpf from Ditzingen builds lasers.",
)
MEETING = ("Die Sitzung ist beendet.", "The meeting is over.")


def test_a_name_respelled_in_a_later_article_is_found() -> None:
    batch = BatchConsistency()
    assert batch.add("a", pairs(FIRM)) == ()
    later = pairs(("In Ditzingen arbeiten viele Menschen.", "Many people work in Dietzingen."))
    assert batch.add("b", later) == (
        BatchFinding(
            "p1.s1",
            "inconsistent-name",
            "`Ditzingen` is `Dietzingen` here; a keeps it as written (p1.s1)",
        ),
    )


def test_a_respelling_before_the_name_is_kept_is_found_when_it_is() -> None:
    batch = BatchConsistency()
    earlier = pairs(("In Ditzingen arbeiten viele Menschen.", "Many people work in Dietzingen."))
    assert batch.add("b", earlier) == ()
    assert batch.add("a", pairs(FIRM)) == (
        BatchFinding(
            "p1.s1",
            "inconsistent-name",
            "`Ditzingen` is `Dietzingen` in b (p1.s1); kept as written here",
        ),
    )


def test_a_word_another_article_translates_is_no_respelling() -> None:
    """A club's `Bayern` kept in one article; a state's `Bavaria` in another is not flagged,
    nor is a name merely absent."""
    batch = BatchConsistency()
    batch.add(
        "sport", pairs(("Der Trainer von Bayern lobte das Team.", "Bayern's coach was happy."))
    )
    later = pairs(
        ("Die Bauern in Bayern ernten früh.", "The farmers in Bavaria harvest early."),
        ("Auch in Ditzingen regnet es.", "It is raining there too."),
    )
    assert batch.add("farming", later) == ()


def test_possessives_and_other_words_are_no_respellings() -> None:
    """`Hayali's` keeps the name; a short word two edits away (`Apfel` → `Apple`) is another
    word, not the name respelled."""
    batch = BatchConsistency()
    batch.add(
        "a",
        pairs(
            ("Die Moderatorin Hayali sprach.", "The presenter Hayali spoke."),
            ("Die Bäckerei Apfel schließt.", "The bakery Apfel is closing."),
        ),
    )
    later = pairs(
        ("Die Sendung von Hayali lief spät.", "Hayali's show ran late."),
        ("Jeder Apfel kostet einen Euro.", "Each Apple costs one euro."),
    )
    assert batch.add("b", later) == ()


def test_the_same_german_translated_otherwise_in_a_later_article_is_found() -> None:
    batch = BatchConsistency()
    batch.add("a", pairs(MEETING))
    same = batch.add("b", pairs(("Die Sitzung ist beendet!", "The meeting is over!")))
    other = batch.add("c", pairs(("Die Sitzung ist beendet.", "The session has ended.")))
    assert same == ()  # punctuation and case aside, the same English
    assert other == (
        BatchFinding(
            "p1.s1",
            "inconsistent-segment",
            "the same German has another English in a (p1.s1)",
        ),
    )


def test_memory_is_bounded_by_the_number_of_keys() -> None:
    batch = BatchConsistency(max_keys=1)
    batch.add("a", pairs(MEETING, ("Das Museum bleibt geschlossen.", "The museum stays shut.")))
    later = pairs(
        ("Die Sitzung ist beendet.", "The session has ended."),
        ("Das Museum bleibt geschlossen.", "The museum remains closed."),
    )
    # Only the first German sentence was remembered: the second is not compared.
    assert [finding.pair for finding in batch.add("b", later)] == ["p1.s1"]


def test_an_entry_keeps_its_findings_through_the_journal() -> None:
    finding = BatchFinding("p2.s1", "inconsistent-segment", "the same German ...")
    entry = ArticleEntry("b.txt", "b", position=2, consistency=(finding,))
    assert entry.record()["consistency"] == [finding.record()]
    assert ArticleEntry.from_record(entry.record()) == entry
    assert "consistency" not in ArticleEntry("a.txt", "a").record()


def test_a_run_records_what_its_articles_disagree_on(tmp_path: Path) -> None:
    """Through the CLI on the tiny model: a person's English from the memory respells a name
    and translates a sentence otherwise than the other article's English."""
    human = tmp_path / "human.tsv"
    human.write_text(
        "de\ten\n"
        f"{FIRM[0]}\t{FIRM[1]}\n"
        "In Ditzingen arbeiten viele Menschen.\tMany people work in Dietzingen.\n"
        "Der Hund schläft!\tThe hound sleeps!\n",
        encoding="utf-8",
    )
    memory = ["--memory", str(tmp_path / "memory.sqlite3")]
    assert runner.invoke(app, ["memory", "import", str(human), *memory]).exit_code == 0
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{FIRM[0]} Der Hund schläft.\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "In Ditzingen arbeiten viele Menschen. Der Hund schläft!\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(folder), "-o", str(out), "--model", str(TINY_MARIAN), *memory]
    )
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    found = {
        (article["name"], item["flag"], item["reason"])
        for article in manifest["articles"]
        for item in article.get("consistency", [])
    }
    names = {name for name, _, _ in found}
    assert len(names) == 1  # the article that finished second cites the first
    (later,) = names
    earlier = "a" if later == "b" else "b"
    assert {flag for _, flag, _ in found} == {"inconsistent-name", "inconsistent-segment"}
    assert any(f"in {earlier} (p1.s2)" in reason for _, _, reason in found)
    assert manifest["totals"]["consistency"] == 2
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count('class="consistency"') == 2
    assert "Dietzingen" in index and "Ditzingen" in index
