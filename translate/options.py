"""Run options in frozen records, checked when they are made, with the defaults as constants.

The choices are enums that the command line uses too, so `Options(engine="CT2")` or
`Options(device="gpu")` fails at once with a `UsageError` instead of running something else or
failing deep inside a run. This module imports nothing heavy (`errors`, and `glossary` for the
`Glossary` record), so `--help` can show the defaults without importing the pipeline.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from difflib import get_close_matches
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from translate.errors import UsageError
from translate.glossary import Glossary
from translate.limits import DEFAULT_MAX_BYTES as DEFAULT_MAX_BYTES
from translate.limits import MAX_MAX_BYTES as MAX_MAX_BYTES

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-de-en"
DEFAULT_BATCH_SIZE = 16
DEFAULT_SUMMARY_SENTENCES = 3
# Sentences gathered from consecutive articles before they are translated together.
DEFAULT_WINDOW = 256
# A window is held in memory whole (its articles, sentences and translations): 65,536 sentences
# is a few thousand articles and some hundreds of megabytes, far past where batching gains more.
MAX_WINDOW = 65_536
# Beam search keeps `beams` hypotheses per sentence in every batch: memory grows with it, and
# past a few dozen nothing improves (opus-mt is tuned for 4), while `--beams 100000` would take
# gigabytes and never finish. The same reasoning bounds the batch size.
MAX_BEAMS = 32
MAX_BATCH_SIZE = 1024
# Seconds a URL's server may take to answer and to send the whole page.
DEFAULT_FETCH_TIMEOUT = 30.0


class Engine(StrEnum):
    """What runs the model: CTranslate2 (converted once, the faster) or transformers."""

    ct2 = "ct2"
    torch = "torch"

    @property
    def recorded(self) -> str:
        """The engine's name in run signatures, `run.json` and cache keys (before a compute
        type or `-int8`): `transformers` for `torch`, as every output has said since the
        first, so that existing archives resume and caches stay warm. The one place the
        two names meet."""
        return "transformers" if self is Engine.torch else self.value


class Device(StrEnum):
    """Where the model runs; `auto` is CUDA when the engine sees a GPU."""

    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


class SegmenterName(StrEnum):
    """The German sentence splitters: ours, and two optional libraries."""

    rules = "rules"
    pysbd = "pysbd"
    somajo = "somajo"


class Format(StrEnum):
    """The files `--formats` can ask for (run.json is always written); `xlsx` is one file of the
    whole batch (`pairs.xlsx`), not one per article."""

    txt = "txt"
    tsv = "tsv"
    jsonl = "jsonl"
    md = "md"
    html = "html"
    tmx = "tmx"
    summary = "summary"
    xlf = "xlf"
    xlsx = "xlsx"


class InputFormat(StrEnum):
    """How an input is read: plain text, a web page reduced to its article, or a document
    (Word, OpenDocument, PDF) reduced to its body text."""

    text = "text"
    html = "html"
    docx = "docx"
    odt = "odt"
    pdf = "pdf"


DEFAULT_ENGINE = Engine.ct2
DEFAULT_SEGMENTER = SegmenterName.rules
# Files of the whole batch, beside the article folders: written only when asked for by name.
BATCH_FORMATS: tuple[Format, ...] = (Format.xlsx,)
# What `all` (and the default) means: every file of an article folder.
ALL_FORMATS: tuple[Format, ...] = tuple(name for name in Format if name not in BATCH_FORMATS)

E = TypeVar("E", bound=StrEnum)


def parse_formats(text: str) -> tuple[Format, ...]:
    """`tsv,html` → (tsv, html); `all` → every article format (`all,xlsx` adds the batch's
    spreadsheet). Unknown names are a usage error."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if "all" in names:
        at = names.index("all")
        names[at : at + 1] = list(ALL_FORMATS)
    unknown = [name for name in names if name not in Format.__members__]
    if unknown or not names:
        described = ", ".join(_with_guess(name) for name in unknown)
        raise UsageError(
            f"unknown output format {described or repr(text)}: choose from "
            f"{', '.join(Format)} (comma-separated) or all."
        )
    return tuple(Format(name) for name in dict.fromkeys(names))


def _with_guess(name: str) -> str:
    """An unknown format's name, with the known one it is closest to (`tsvv` → `tsv`)."""
    close = get_close_matches(name, list(Format.__members__), n=1)
    return f"{name!r} (did you mean {close[0]!r}?)" if close else repr(name)


@dataclass(frozen=True, slots=True)
class Options:
    """How to translate: model, decoding and summary settings.

    `beams=None` means the model's own generation config (4 for opus-mt). `quantize=None` is the
    engine's own choice (int8 for ct2, float32 for torch). `summary_words` replaces the sentence
    count as the summary budget; `summary_model` (a hub id or folder) makes the summary
    abstractive, written from the `summary_prompt` template (default `summary`). `glossary`
    (from `translate.load_glossary`) fixes the English of its terms. `memory` is a translation
    memory file (`translate.memory`): its human translations replace the model's, its close
    entries are offered beside it; None uses none. Strings are accepted for
    the enum fields (`engine="torch"`); anything invalid raises `UsageError`.
    """

    model: str = DEFAULT_MODEL
    beams: int | None = None
    batch_size: int = DEFAULT_BATCH_SIZE
    device: Device = Device.auto
    engine: Engine = DEFAULT_ENGINE
    quantize: bool | None = None
    summary_sentences: int = DEFAULT_SUMMARY_SENTENCES
    summary_words: int | None = None
    summary_model: str | None = None
    summary_prompt: str | None = None
    segmenter: SegmenterName = DEFAULT_SEGMENTER
    formats: tuple[Format, ...] = ALL_FORMATS
    align_words: bool = False
    glossary: Glossary | None = None
    memory: Path | None = None
    # Decode with the vocabulary shortlist `translate shortlist build` made (ct2 only).
    shortlist: bool = False

    def __post_init__(self) -> None:
        _set(self, "model", _text(self.model, "model"))
        if self.beams is not None:
            _set(self, "beams", _number(self.beams, "beams", 1, MAX_BEAMS))
        _set(self, "batch_size", _number(self.batch_size, "batch_size", 1, MAX_BATCH_SIZE))
        _set(self, "device", parse_choice(Device, self.device, "device"))
        _set(self, "engine", parse_choice(Engine, self.engine, "engine"))
        _flag(self.quantize, "quantize", optional=True)
        _number(self.summary_sentences, "summary_sentences", 1)
        if self.summary_words is not None:
            _number(self.summary_words, "summary_words", 1)
        for name in ("summary_model", "summary_prompt"):
            if getattr(self, name) is not None:
                _text(getattr(self, name), name)
        _set(self, "segmenter", parse_choice(SegmenterName, self.segmenter, "segmenter"))
        if isinstance(self.formats, str) or not isinstance(self.formats, tuple | list):
            raise UsageError(
                f"formats must be a tuple of format names such as ('tsv', 'html'), not "
                f"{self.formats!r}; choose from {', '.join(ALL_FORMATS)}."
            )
        if not self.formats:
            raise UsageError(f"formats is empty; choose from {', '.join(ALL_FORMATS)}.")
        chosen = tuple(parse_choice(Format, name, "format") for name in self.formats)
        if Format.xlsx in chosen:  # the batch's spreadsheet is read from the articles' JSONL
            chosen += (Format.jsonl,)
        _set(self, "formats", tuple(dict.fromkeys(chosen)))
        _flag(self.align_words, "align_words")
        _flag(self.shortlist, "shortlist")
        if self.shortlist and self.engine is Engine.torch:
            raise UsageError(
                "the torch engine has no vocabulary shortlist; leave out --shortlist, or use the "
                "ct2 engine (the default)."
            )
        if self.glossary is not None and not isinstance(self.glossary, Glossary):
            raise UsageError(
                f"glossary must be a Glossary, not {self.glossary!r}; read the file with "
                "translate.load_glossary(path)."
            )
        if self.memory is not None:
            _set(self, "memory", Path(self.memory))

    def beams_for(self, default_beams: int) -> int:
        """The beam size to decode with: the one asked for, else the model's own."""
        return self.beams or default_beams


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How a batch run goes: window size, cache, resume and folder walking.

    `window` is how many sentences (from as many consecutive articles as it takes) are translated
    together; 1 translates one article at a time. `cache_dir=None` is the default location (see
    `translate.locations.translate_cache_dir`); `use_cache=False` keeps translations for this run
    only. `force` redoes articles whose outputs are up to date. An input larger than
    `max_bytes` is refused (it would take hours and gigabytes; raise the limit to mean it).
    `encoding` forces how inputs' bytes are decoded (None: detected); `input_format` how they
    are read (None: from the file suffix, `html` for `.html`/`.htm`, text otherwise and for
    stdin; a URL by its content type); `fetch_timeout` bounds the fetching of a URL, seconds.
    """

    window: int = DEFAULT_WINDOW
    use_cache: bool = True
    cache_dir: Path | None = None
    force: bool = False
    recursive: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    encoding: str | None = None
    input_format: InputFormat | None = None
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT

    def __post_init__(self) -> None:
        _number(self.window, "window", 1, MAX_WINDOW)
        _number(self.max_bytes, "max_bytes", 1, MAX_MAX_BYTES)
        if self.encoding is not None:
            _set(self, "encoding", parse_encoding(self.encoding))
        if self.input_format is not None:
            _set(self, "input_format", parse_choice(InputFormat, self.input_format, "input format"))
        timeout = self.fetch_timeout
        if isinstance(timeout, bool) or not isinstance(timeout, int | float) or not timeout > 0:
            raise UsageError(f"fetch_timeout must be a number of seconds above 0, not {timeout!r}.")
        for name in ("use_cache", "force", "recursive"):
            _flag(getattr(self, name), name)
        if self.cache_dir is not None and not isinstance(self.cache_dir, Path):
            raise UsageError(f"cache_dir must be a pathlib.Path, not {self.cache_dir!r}.")


def parse_encoding(name: object) -> str:
    """The codec name for an encoding's name (`latin1` → `iso8859-1`), else a UsageError."""
    try:
        if not isinstance(name, str):
            raise LookupError(name)
        codec = codecs.lookup(name).name
        "".encode(codec)  # base64, rot13...: codecs, but no text encodings
    except LookupError:
        raise UsageError(
            f"unknown encoding {name!r}: give one Python knows, such as cp1252, latin-1, "
            "iso-8859-15, utf-8 or utf-16."
        ) from None
    return codec


@dataclass(frozen=True, slots=True)
class RayOptions:
    """Running a batch on Ray (`--ray`): which cluster, and how many translating actors.

    `address` is a Ray cluster's address (`ray://head:10001`, `head:6379`, `auto`); None takes
    `RAY_ADDRESS`, else starts a Ray on this machine for the run. `actors` is how many actors
    hold a model (default: one per CPU of the cluster). `starting` wraps Ray's start (the
    command line keeps Ray's start-up chatter off its stderr there; a library caller's process
    is left alone).
    """

    address: str | None = None
    actors: int | None = None
    starting: Callable[[], AbstractContextManager[object]] = field(
        default=nullcontext, compare=False
    )

    def __post_init__(self) -> None:
        if self.address is not None:
            _text(self.address, "ray address")
        if self.actors is not None:
            _number(self.actors, "ray actors", 1)


def _set(options: Any, name: str, value: object) -> None:
    """Store a normalised value on a frozen record (only while it is being made)."""
    object.__setattr__(options, name, value)


def parse_choice(kind: type[E], value: object, what: str) -> E:
    """`value` as a member of the enum `kind` (its value as a string will do), else UsageError."""
    if isinstance(value, kind):
        return value
    if isinstance(value, str) and value in kind.__members__:
        return kind(value)
    raise UsageError(f"unknown {what} {value!r}: choose one of {', '.join(kind)}.")


def _number(value: object, name: str, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{name} must be a whole number, not {value!r}.")
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise UsageError(f"{name} must be {bounds}, not {value}.")
    return value


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{name} must be a non-empty string, not {value!r}.")
    return value


def _flag(value: object, name: str, *, optional: bool = False) -> None:
    if not isinstance(value, bool) and not (optional and value is None):
        raise UsageError(f"{name} must be True or False, not {value!r}.")
