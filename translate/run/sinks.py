"""Where a run's outputs go, and whether what is there already is up to date: article folders
(`FolderSink`) or a corpus's final files and parts (`CorpusSink`).

Both executors (local windows, and Ray) ask the same sink the same question, so a resumed run
skips the same articles wherever it runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from translate.corpus.input import CorpusId, CorpusRow
from translate.corpus.output import CorpusTarget, previous_rows
from translate.document import Article, RunInfo
from translate.memory import RunMemory
from translate.run.journal.outcomes import relative_outputs
from translate.run.store.resume import is_up_to_date
from translate.segment import Segmenter, segment_article, split_sentences


@dataclass(frozen=True, slots=True)
class FolderSink:
    """A folder per article under `out_dir`, holding `files`, each with a `run.json` that
    records the run's `signature`, the input's digest and what the translation memory gave it;
    `memory` (the run's, None without one) and `split` (the run's segmenter) ask it again."""

    out_dir: Path
    files: frozenset[str]
    signature: RunInfo
    memory: RunMemory | None = None
    split: Segmenter = split_sentences

    def has_every_file(self, name: str) -> bool:
        """True when the folder `name` holds every file: the cheap half of `is_current`, which an
        executor that has not read the input yet asks first (and reads the input only then)."""
        folder = self.out_dir / name
        return all((folder / file).is_file() for file in self.files)

    def is_current(self, name: str, article: Article) -> bool:
        """True when the folder `name` holds every file and was made from `article`'s input (its
        bytes' sha256, read the same way), with the same settings, and the memory gives its
        sentences the English it gave them then (the article is segmented only to ask that)."""
        return is_up_to_date(
            self.out_dir / name,
            sorted(self.files),
            self.signature,
            article.sha256,
            article.metadata,
            lambda: self.memory_answers(article),
        )

    def memory_answers(self, article: Article) -> str:
        """What the run's memory gives `article`'s sentences now (`RunMemory.answers`)."""
        if self.memory is None:
            return ""
        sentences = segment_article(article, self.split)
        return self.memory.answers([sentence.text for sentence in sentences])

    def outputs(self, name: str) -> tuple[str, ...]:
        """The article's files, as its manifest entry lists them."""
        return relative_outputs(name, self.files)


@dataclass(frozen=True, slots=True)
class CorpusSink:
    """A corpus's final files and parts (`target`); `previous` is what they hold already, by
    id: each article's input digest and run signature (empty with `--force`)."""

    target: CorpusTarget
    signature: str
    previous: dict[CorpusId, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def open(cls, target: CorpusTarget, signature: str, *, force: bool) -> CorpusSink:
        """The sink, with what the corpus's files hold read once (nothing with `force`)."""
        return cls(target, signature, {} if force else previous_rows(target))

    def is_current(self, row: CorpusRow) -> bool:
        """True when a row with this id, this text and metadata (its digest) and these
        settings is written already."""
        if row.id is None or not row.digest:
            return False
        return self.previous.get(row.id) == (row.digest, self.signature)

    def outputs(self) -> tuple[str, ...]:
        """The final files' names, as a manifest entry lists them."""
        return self.target.outputs()
