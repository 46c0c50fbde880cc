"""The sinks both executors ask whether an article is up to date: article folders and a
corpus's final files. Bookkeeping only: no model runs here."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SAMPLE_RUN

from translate.corpus.input import CorpusFormat, CorpusId, CorpusRow, IdType
from translate.corpus.output import CorpusTarget, WrittenRow
from translate.document import Article, SourceMetadata
from translate.memory import Memory, MemoryUnit, RunMemory, answers_digest
from translate.options import Format, Options
from translate.run.sinks import CorpusSink, FolderSink

TEXT_ONLY = Options(formats=(Format.txt,))  # run.json and translation.en.txt


def folder_sink(out: Path) -> FolderSink:
    return FolderSink(out, TEXT_ONLY, SAMPLE_RUN, "token")


def write_folder(out: Path, name: str, run: dict[str, object]) -> None:
    folder = out / name
    folder.mkdir(parents=True)
    (folder / "translation.en.txt").write_text("The dog sleeps.\n", encoding="utf-8")
    (folder / "run.json").write_text(json.dumps(run), encoding="utf-8")


RECORDED = {
    "input_sha256": "ab12",
    "model_revision": "sha256:0123456789abcdef",
    "engine": "transformers",
    "beams": 4,
    "max_length": 512,
    "segmenter": "rules-0.1.0",
    "tool_version": "0.1.0",
}


TEXT_CP1252 = {"format": "text", "encoding": "cp1252"}


def article(digest: str, **read_as: str) -> Article:
    return Article("a", "a.txt", ("Der Hund schläft.",), digest, SourceMetadata(**read_as))


@pytest.mark.parametrize(
    ("recorded", "read", "current"),
    [
        (RECORDED, article("ab12"), True),
        (RECORDED, article("cd34"), False),  # the input changed
        ({**RECORDED, "beams": 1}, article("ab12"), False),  # made with other settings
        ({**RECORDED, "engine": "ct2-int8"}, article("ab12"), False),
        ({key: v for key, v in RECORDED.items() if key != "segmenter"}, article("ab12"), True),
        # The same bytes read the same way, or another way (issue 23, case 7).
        ({**RECORDED, "metadata": TEXT_CP1252}, article("ab12", **TEXT_CP1252), True),
        (
            {**RECORDED, "metadata": {"format": "text", "encoding": "mac_roman"}},
            article("ab12", **TEXT_CP1252),
            False,
        ),
        (
            {**RECORDED, "metadata": TEXT_CP1252},
            article("ab12", format="html", encoding="cp1252"),
            False,
        ),
        ({**RECORDED, "metadata": TEXT_CP1252}, article("ab12", format="docx"), False),
    ],
)
def test_a_folder_is_current_with_the_same_input_and_settings(
    tmp_path: Path, recorded: dict[str, object], read: Article, current: bool
) -> None:
    write_folder(tmp_path, "a", recorded)
    sink = folder_sink(tmp_path)
    assert sink.has_every_file("a")
    assert sink.is_current("a", read) is current
    assert sink.outputs("a") == ("a/run.json", "a/translation.en.txt")


def test_a_folder_missing_a_file_is_not_current(tmp_path: Path) -> None:
    write_folder(tmp_path, "a", RECORDED)
    (tmp_path / "a" / "translation.en.txt").unlink()
    sink = folder_sink(tmp_path)
    assert not sink.has_every_file("a")
    assert not sink.is_current("a", article("ab12"))
    assert not folder_sink(tmp_path).has_every_file("nowhere")


HUMAN = "The hound is asleep."


@pytest.mark.parametrize(
    ("recorded", "human", "current"),
    [
        (RECORDED, None, True),  # before the memory existed: it gave nothing, and gives nothing
        (RECORDED, HUMAN, False),  # ... but gives a sentence something now
        ({**RECORDED, "memory": ""}, None, True),
        ({**RECORDED, "memory": "", "memory_answers": ""}, HUMAN, False),
        # An older run.json records the memory's identity only: the same memory, not since
        # imported into, gives the same; any other cannot be known to.
        ({**RECORDED, "memory": "IDENTITY"}, HUMAN, True),
        ({**RECORDED, "memory": "0123456789ab.1"}, HUMAN, False),
        ({**RECORDED, "memory": "0123456789ab.1", "memory_answers": "ANSWERS"}, HUMAN, True),
        ({**RECORDED, "memory": "other.9", "memory_answers": "ANSWERS"}, HUMAN, True),
        ({**RECORDED, "memory_answers": "ANSWERS"}, "The dog is asleep.", False),
        ({**RECORDED, "memory_answers": "ANSWERS"}, None, False),
    ],
)
def test_a_folder_is_current_while_the_memory_gives_it_the_same(
    tmp_path: Path, recorded: dict[str, object], human: str | None, current: bool
) -> None:
    with Memory(tmp_path / "memory.sqlite3") as memory:
        if human is not None:
            memory.add([MemoryUnit("Der Hund schläft.", human, "h.tsv", "1", "")])
        memory.add([MemoryUnit("Die Katze trinkt.", "The cat drinks.", "h.tsv", "2", "")])
    with RunMemory(tmp_path / "memory.sqlite3") as opened:
        answers = answers_digest([("Der Hund schläft.", HUMAN)])
        filled = {
            key: answers
            if value == "ANSWERS"
            else opened.identity
            if value == "IDENTITY"
            else value
            for key, value in recorded.items()
        }
        write_folder(tmp_path, "a", filled)
        sink = FolderSink(
            tmp_path, TEXT_ONLY, replace(SAMPLE_RUN, memory=opened.identity), "token", opened
        )
        assert sink.is_current("a", article("ab12")) is current


TARGET = CorpusTarget("/tmp/corpus", CorpusFormat.jsonl, IdType.string, 1, "token")


# SAMPLE_RUN's signature line, written out; and the same with a memory of identity `memory`.
SIGNATURE = (
    "model:tiny|rev:sha256:0123456789ab|engine:transformers|beams:4|maxlen:512|"
    "seg:rules-0.1.0|translate:0.1.0"
)


def with_memory(identity: str) -> str:
    return SIGNATURE.replace("|translate:", f"|memory:{identity}|translate:")


def corpus_row(identifier: CorpusId | None, digest: str) -> CorpusRow:
    return CorpusRow(1, "c.jsonl:1", identifier, article(digest), digest=digest)


@pytest.mark.parametrize(
    ("row", "current"),
    [
        (corpus_row("art-1", "d1"), True),
        (corpus_row("art-1", "d2"), False),  # text or metadata changed
        (corpus_row("art-2", "d1"), False),  # never written
        (corpus_row(None, "d1"), False),  # no id
        (corpus_row("art-3", ""), False),  # no digest: not comparable
        (replace(corpus_row("art-1", "d1"), article=None), False),  # no article to ask about
    ],
)
def test_a_corpus_row_is_current_by_id_digest_and_signature(row: CorpusRow, current: bool) -> None:
    previous: dict[CorpusId, WrittenRow] = {
        "art-1": WrittenRow("d1", SIGNATURE, ""),
        "art-3": WrittenRow("", SIGNATURE, ""),
    }
    assert CorpusSink(TARGET, SAMPLE_RUN, previous).is_current(row) is current
    other = replace(SAMPLE_RUN, beams=1)
    assert not CorpusSink(TARGET, other, previous).is_current(row)


@pytest.mark.parametrize(
    ("written", "identity", "answers", "current"),
    [
        # A row from before the answers were recorded, made without a memory: it was given
        # nothing, and is current while the memory gives it nothing.
        (WrittenRow("d1", SIGNATURE), "abc.2", "", True),
        (WrittenRow("d1", SIGNATURE), "abc.2", "sha256:x", False),
        # ... made with a memory: only the same memory, not imported into since, is known to
        # give it the same.
        (WrittenRow("d1", with_memory("abc.1")), "abc.1", "sha256:y", True),
        (WrittenRow("d1", with_memory("abc.1")), "abc.2", "", False),
        # A row that records the answers: the memory is asked again, whatever its identity.
        (WrittenRow("d1", with_memory("abc.1"), "sha256:x"), "abc.2", "sha256:x", True),
        (WrittenRow("d1", with_memory("abc.1"), "sha256:x"), "abc.2", "sha256:y", False),
        (WrittenRow("d1", with_memory("abc.1"), "sha256:x"), "", "", False),  # --no-memory
        (WrittenRow("d1", with_memory("abc.1"), ""), "abc.9", "", True),
        (WrittenRow("d1", SIGNATURE, ""), "abc.1", "", True),  # a memory now, giving nothing
        (WrittenRow("d1", with_memory("abc.1").replace("beams:4", "beams:1"), ""), "", "", False),
    ],
)
def test_a_corpus_row_is_current_while_the_memory_gives_it_the_same(
    written: WrittenRow, identity: str, answers: str, current: bool
) -> None:
    asked: list[str] = []

    def memory_answers(article: Article) -> str:
        asked.append(article.paragraphs[0])
        return answers

    run = replace(SAMPLE_RUN, memory=identity)
    sink = CorpusSink(TARGET, run, {"art-1": written}, memory_answers)
    assert sink.is_current(corpus_row("art-1", "d1")) is current
    assert asked in ([], ["Der Hund schläft."])  # the row's own article, once at most


def test_a_forced_corpus_sink_holds_nothing(tmp_path: Path) -> None:
    target = replace(TARGET, out_dir=str(tmp_path))
    sink = CorpusSink.open(target, SAMPLE_RUN, force=True)
    assert sink.previous == {}
    assert sink.outputs() == ("pairs.jsonl", "summaries.jsonl")
