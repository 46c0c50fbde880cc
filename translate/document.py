"""The document model: plain frozen records passed from one pipeline step to the next.

Ids are 1-based and stable (`p2.s3` is the third sentence of the second paragraph), so every
output format and the summary can point at the same sentence pair.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from pathlib import PurePath

from translate.clock import utc_now


def pair_id(paragraph: int, sentence: int) -> str:
    """The id of a sentence: `p{paragraph}.s{sentence}`, both 1-based."""
    return f"p{paragraph}.s{sentence}"


@dataclass(frozen=True, slots=True)
class SourceMetadata:
    """How an input was read and what it says about itself, for the outputs' headers.

    `format` is `text` or `html` (None: not known, e.g. text given as a string); `encoding` the
    one its bytes were read as; `title`, `author`, `date` (as the page states it, ISO 8601) and
    `url` (its canonical address) are what a web page states, None where it states nothing;
    `fetched_url` is the address a URL input was finally fetched from (after redirects) and
    `saved_as` the file in the article's folder that keeps the page's bytes.
    """

    format: str | None = None
    encoding: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    fetched_url: str | None = None
    saved_as: str | None = None

    def record(self) -> dict[str, str]:
        """The fields that are set, for run.json, the manifest and the output headers."""
        return {key: value for key, value in asdict(self).items() if value is not None}


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Article:
    """A German article as read from disk or stdin: paragraphs of raw text, soft wraps kept.

    `metadata` says how it was read (encoding, text or web page) and what a page stated;
    `raw` holds a fetched page's bytes, kept beside the outputs (`metadata.saved_as`).

    (Weakly referenceable, so a test can count how many a run holds at once.)
    """

    name: str
    source: str
    paragraphs: tuple[str, ...]
    sha256: str
    metadata: SourceMetadata = SourceMetadata()
    raw: bytes | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """One German sentence, whitespace-normalised, with its place in the article."""

    paragraph: int
    index: int
    text: str

    @property
    def id(self) -> str:
        return pair_id(self.paragraph, self.index)


class Origin(StrEnum):
    """Where a pair's English came from: the model, or a person (the translation memory, or
    the article's own XLIFF post-edited and applied with `translate apply`)."""

    model = "model"
    memory = "memory"
    edited = "edited"


@dataclass(frozen=True, slots=True)
class MemoryMatch:
    """A close translation-memory entry offered beside the model's English (a fuzzy match):
    its German, the English a person gave it, and the word-level similarity (0 to 1)."""

    source: str
    target: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Translation:
    """The model's English for one German sentence.

    `pieces` > 1 means the sentence was longer than the model's input limit and was translated
    in that many pieces, cut at clause boundaries or token windows. `confidence` is the mean
    token log-probability of `text` under the model, when the engine reports it.
    """

    text: str
    pieces: int = 1
    confidence: float | None = None
    origin: Origin = Origin.model


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A German sentence and its English translation.

    `confidence` is the model's mean token log-probability of `target` (None when unknown);
    `flags` name reasons to review the pair (their kinds); `reasons` says, one per flag, what
    exactly is wrong in words ("" where only the kind's general reason applies; empty when no
    flag has a specific one); `alignment` holds (German word, English word) index pairs, 0-based
    over whitespace-separated words, when word alignment was asked for.
    `origin` says whether the English is the model's or a person's from the translation memory;
    `match` is a close memory entry offered beside the model's English.
    """

    paragraph: int
    sentence: int
    source: str
    target: str
    pieces: int = 1
    confidence: float | None = None
    flags: tuple[str, ...] = ()
    alignment: tuple[tuple[int, int], ...] | None = None
    reasons: tuple[str, ...] = ()
    origin: Origin = Origin.model
    match: MemoryMatch | None = None

    @property
    def id(self) -> str:
        return pair_id(self.paragraph, self.sentence)


@dataclass(frozen=True, slots=True)
class AlignedDocument:
    """An article's sentence pairs in document order, one English sentence per German one."""

    name: str
    pairs: tuple[SentencePair, ...]

    def paragraphs(self) -> list[list[SentencePair]]:
        """The pairs grouped by paragraph, in order."""
        grouped: dict[int, list[SentencePair]] = {}
        for pair in self.pairs:
            grouped.setdefault(pair.paragraph, []).append(pair)
        return [grouped[number] for number in sorted(grouped)]


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One English sentence of the summary and the id of the pair it was taken from.

    `pair_id` is None for a generated (abstractive) sentence, which comes from no single pair.
    """

    text: str
    pair_id: str | None


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary: extractive sentences in document order, or a model's generated sentences.

    `budget` is the length asked for (`sentences:3`, `words:60`); `model`, `model_revision`,
    `template` and `template_sha256` say which model and prompt wrote an abstractive summary.
    """

    sentences: tuple[SummarySentence, ...]
    method: str
    budget: str = ""
    model: str | None = None
    model_revision: str | None = None
    template: str | None = None
    template_sha256: str | None = None

    def signature(self) -> str:
        """A one-line summary signature, e.g. `summary:centroid-cues|sentences:3`."""
        parts = [f"summary:{self.method}"]
        if self.model is not None:
            parts.append(f"smodel:{self.model}")
        if self.model_revision is not None:
            parts.append(f"srev:{_short_revision(self.model_revision)}")
        if self.template is not None:
            parts.append(f"prompt:{self.template}")
        if self.template_sha256 is not None:
            parts.append(f"prompt_sha256:{self.template_sha256[:12]}")
        if self.budget:
            parts.append(self.budget)
        return "|".join(parts)


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What identifies a translation model exactly: where it came from and which version."""

    name: str
    path: str
    revision: str

    @property
    def local(self) -> bool:
        """True for a local folder, identified by its content hash rather than a hub commit."""
        return is_content_hash(self.revision)


@dataclass(frozen=True, slots=True)
class RunInfo:
    """The run signature (after sacrebleu): everything needed to reproduce an output."""

    tool_version: str
    model: str
    model_revision: str
    engine: str
    beams: int
    batch_size: int
    max_length: int
    segmenter: str
    device: str
    date: str
    input_sha256: str
    # The summariser's signature (`Summary.signature`), e.g. `summary:centroid-cues|sentences:3`.
    summary_signature: str = ""
    word_alignment: bool = False
    # The glossary's content hash (`sha256:...`), "" when the run has none.
    glossary: str = ""
    # How the input was read and what it states about itself (a web page's title, author...).
    metadata: SourceMetadata = SourceMetadata()
    # The translation memory's identity at this run (`Memory.identity`), "" without one: it
    # says which memory, but any import changes it, so resume compares `memory_answers` instead.
    memory: str = ""
    # The file or URL the article was read from, as given (`-` for stdin); "" when not known.
    source: str = ""
    # What the memory gave this article (`translate.memory.answers_digest`), "" for nothing:
    # resume asks the memory again and redoes the article only when the answer differs.
    memory_answers: str = ""

    def signature(self) -> str:
        """A one-line summary, e.g. `model:opus-mt-de-en|rev:abc123|beams:4|...`.

        A local model folder is named by its last path component: its content hash (`rev`) is
        what identifies it, however its path was typed.
        """
        model = PurePath(self.model).name if is_content_hash(self.model_revision) else self.model
        return "|".join(
            [
                f"model:{model}",
                f"rev:{_short_revision(self.model_revision)}",
                f"engine:{self.engine}",
                f"beams:{self.beams}",
                f"maxlen:{self.max_length}",
                f"seg:{self.segmenter}",
                *([self.summary_signature] if self.summary_signature else []),
                *(["align:words"] if self.word_alignment else []),
                *([f"glossary:{_short_revision(self.glossary)}"] if self.glossary else []),
                *([f"memory:{self.memory}"] if self.memory else []),
                f"translate:{self.tool_version}",
            ]
        )

    def for_input(self, article: Article, *, device: str = "") -> RunInfo:
        """This run's signature for one input: its digest and metadata, dated now (and the
        device that translated it, where that is not the run's own, as on a Ray node)."""
        return replace(
            self,
            input_sha256=article.sha256,
            metadata=article.metadata,
            source=article.source,
            date=utc_now(),
            device=device or self.device,
        )

    def settings(self) -> dict[str, object]:
        """The fields that decide what a run produces: equal settings and input, equal output.

        Left out: what only says how the run went (date, device, batch size), the input's hash
        (compared on its own), the translation memory (compared by what it gives the article),
        and the path of a local model, whose content hash stands for it.
        """
        ignored = _NOT_SETTINGS | ({"model"} if is_content_hash(self.model_revision) else set())
        return {key: value for key, value in asdict(self).items() if key not in ignored}


# RunInfo fields that say how a run went, not what it produced: they do not block a resume.
# The input's metadata follows from its bytes, which input_sha256 already compares; the same
# bytes under another path are the same article.
# The memory is compared by what it gives each article (`memory_answers`), which resume asks the
# memory for again (`translate.run.store.resume`), not by equal fields.
_NOT_SETTINGS = frozenset(
    {
        "date",
        "device",
        "batch_size",
        "input_sha256",
        "metadata",
        "source",
        "memory",
        "memory_answers",
    }
)


def split_memory(signature: str) -> tuple[str, str]:
    """A signature line (`RunInfo.signature`) without its `memory:` field, and the memory's
    identity that field gave ("" for none): a corpus row records the line, and resume compares
    the settings by the rest and the memory by what it gives the row (`memory_answers`)."""
    fields = signature.split("|")
    identity = next((f.removeprefix("memory:") for f in fields if f.startswith("memory:")), "")
    return "|".join(f for f in fields if not f.startswith("memory:")), identity


def is_content_hash(revision: str) -> bool:
    """True for a local folder's `sha256:` revision, False for a hub commit."""
    return revision.startswith("sha256:")


def _short_revision(revision: str) -> str:
    """The first 12 hex digits of a hub commit or of a `sha256:` content hash (prefix kept)."""
    kind, _, digest = revision.rpartition(":")
    return f"{kind}:{digest[:12]}" if kind else digest[:12]
