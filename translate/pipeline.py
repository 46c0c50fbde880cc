"""One article through every stage: the library API a notebook calls, and `translate run -`.

read → segment → translate → align → summarise → render; only `process_article` (an
article folder) and `translate_to_stdout` touch the disk or the standard streams. A batch of
articles runs through the same functions (`translate.run`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from translate.align import align, review_across
from translate.clock import utc_now
from translate.document import (
    AlignedDocument,
    Article,
    Origin,
    RunInfo,
    Sentence,
    Summary,
    Translation,
)
from translate.engines import ModelTranslator, load_translator, translate_sentences
from translate.errors import InputError, UsageError
from translate.files import write_article_folder
from translate.glossary import Glossary
from translate.memory import RunMemory, answers_digest
from translate.options import (
    ALL_FORMATS,
    DEFAULT_FETCH_TIMEOUT,
    DEFAULT_MAX_BYTES,
    Format,
    InputFormat,
    Options,
)
from translate.read import SAVED_PAGE_FILES, is_url, parse_article, read_article, safe_output_name
from translate.render import output_files, render_files, render_format
from translate.segment import get_segmenter, segment_article, segmenter_signature
from translate.summary import Summariser, load_summariser
from translate.version import __version__


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything one article produced; `folder` is where it was written, if it was."""

    article: Article
    document: AlignedDocument
    summary: Summary
    run: RunInfo
    folder: Path | None = None


def translate_article(
    article: Article,
    translator: ModelTranslator,
    options: Options,
    summariser: Summariser | None = None,
    memory: RunMemory | None = None,
) -> ArticleResult:
    """Translate, align and summarise one article (no file output).

    `summariser` defaults to the one `options` asks for, loaded for this article alone, and
    `memory` to the translation memory `options.memory` names, opened for it alone: sentences
    found there take a person's English, and never reach the model.
    """
    _check_arguments("translate_article", translator, options)
    if memory is None and options.memory is not None:
        with RunMemory(options.memory) as opened:
            return translate_article(article, translator, options, summariser, opened)
    sentences = segment_article(article, get_segmenter(options.segmenter))
    texts = [sentence.text for sentence in sentences]
    known = memory.exact(texts) if memory is not None else {}
    rest = [text for text in texts if text not in known]
    translated = translate_sentences(
        rest,
        translator,
        num_beams=options.beams_for(translator.default_beams),
        batch_size=options.batch_size,
        glossary=options.glossary,
    )
    if known:
        found = {**dict(zip(rest, translated, strict=True)), **known}
        translated = [found[text] for text in texts]
    return assemble_article(article, sentences, translated, translator, options, summariser, memory)


def assemble_article(
    article: Article,
    sentences: Sequence[Sentence],
    translations: Sequence[Translation],
    translator: ModelTranslator,
    options: Options,
    summariser: Summariser | None = None,
    memory: RunMemory | None = None,
) -> ArticleResult:
    """Align, summarise and sign an article whose sentences are already translated (`memory`:
    the run's translation memory, whose close entries are offered beside the model's English)."""
    summariser = summariser or load_summariser(options)
    alignments = (
        word_alignments(translator, sentences, translations, options.batch_size)
        if options.align_words
        else None
    )
    run = run_info(
        translator,
        options,
        summary_signature=summariser.signature,
        memory=memory.identity if memory is not None else "",
    ).for_input(article)
    return compose_article(
        article,
        sentences,
        translations,
        summariser,
        run,
        alignments,
        glossary=options.glossary,
        memory=memory,
    )


def compose_article(
    article: Article,
    sentences: Sequence[Sentence],
    translations: Sequence[Translation],
    summariser: Summariser,
    run: RunInfo,
    alignments: Sequence[tuple[tuple[int, int], ...] | None] | None = None,
    *,
    glossary: Glossary | None = None,
    memory: RunMemory | None = None,
) -> ArticleResult:
    """Align and summarise an article whose translations (and word links) are already there.

    Needs no translator, so a process that holds no model (a Ray task) can finish an article.
    `run` is completed with what the memory gave the article (the English marked as its own).
    """
    given = (
        (sentence.text, translation.text)
        for sentence, translation in zip(sentences, translations, strict=True)
        if translation.origin is Origin.memory
    )
    run = replace(run, memory_answers=answers_digest(given))
    document = review_across(
        align(article.name, sentences, translations, alignments=alignments, glossary=glossary)
    )
    if memory is not None:
        document = memory.annotate(document)
    return ArticleResult(
        article=article, document=document, summary=summariser.summarise(document), run=run
    )


def run_info(
    translator: ModelTranslator,
    options: Options,
    *,
    summary_signature: str = "",
    memory: str = "",
) -> RunInfo:
    """The run signature of translating with `translator` and `options`, dated now, for no
    input yet: `RunInfo.for_input` makes each article's. This is the one way to build one.

    `summary_signature` is the summariser's (`Summariser.signature`); `memory` the translation
    memory's identity (`RunMemory.identity`).
    """
    return RunInfo(
        tool_version=__version__,
        model=translator.info.name,
        model_revision=translator.info.revision,
        engine=translator.engine,
        beams=options.beams_for(translator.default_beams),
        batch_size=options.batch_size,
        max_length=translator.input_limit,
        segmenter=segmenter_signature(options.segmenter),
        device=translator.device,
        date=utc_now(),
        input_sha256="",
        summary_signature=summary_signature,
        word_alignment=options.align_words,
        glossary=options.glossary.sha256 if options.glossary is not None else "",
        memory=memory,
    )


def word_alignments(
    translator: ModelTranslator,
    sentences: Sequence[Sentence],
    translations: Sequence[Translation],
    batch_size: int,
) -> list[tuple[tuple[int, int], ...] | None]:
    """Word links for each pair, None for a sentence translated in pieces (no one attention)."""
    whole = [i for i, t in enumerate(translations) if t.pieces == 1 and t.text.strip()]
    links: list[tuple[tuple[int, int], ...] | None] = [None] * len(translations)
    for start in range(0, len(whole), batch_size):
        chunk = whole[start : start + batch_size]
        found = translator.word_alignments(
            [sentences[i].text for i in chunk], [translations[i].text for i in chunk]
        )
        for index, pair_links in zip(chunk, found, strict=True):
            links[index] = pair_links
    return links


def translate_text(
    text: str, translator: ModelTranslator, options: Options | None = None, *, name: str = "text"
) -> ArticleResult:
    """Translate a German text given as a string (for notebooks)."""
    if not isinstance(text, str):
        raise InputError(
            f"translate_text takes the German text as a str, not {type(text).__name__}."
        )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"{name}: the text holds a lone surrogate (U+{ord(text[error.start]):04X} at "
            f"character {error.start}), which is no character; decode the text correctly."
        ) from None
    _check_arguments("translate_text", translator, options or Options())
    article = parse_article(data, name=name, source=name)
    return translate_article(article, translator, options or Options())


def _check_arguments(function: str, translator: object, options: object) -> None:
    """A `UsageError` naming what came instead of a translator or `Options`, rather than an
    AttributeError from deep inside the run."""
    if not callable(getattr(translator, "translate_scored", None)):
        raise UsageError(
            f"{function} takes a translator (from `load_translator(Options())`), not "
            f"{type(translator).__name__}."
        )
    if not isinstance(options, Options):
        raise UsageError(f"{function} takes its options as Options, not {type(options).__name__}.")


def render_outputs(result: ArticleResult, options: Options) -> Mapping[str, str | bytes]:
    """The output files `options.formats` asks for (and run.json), by file name, each rendered
    when it is read; for a page fetched from a URL, its bytes too (`metadata.saved_as`), to
    show where the text came from."""
    saved_as = result.article.metadata.saved_as
    raw = result.article.raw
    kept = {saved_as: raw} if saved_as is not None and raw is not None else {}
    return render_files(result.document, result.summary, result.run, options.formats, kept)


def process_article(
    path: str | Path, translator: ModelTranslator, options: Options, out_dir: Path
) -> ArticleResult:
    """Read, translate and write one article into `out_dir/<stem>/` (the stem made safe).

    Without the batch run's lock: for one article in a notebook. An existing folder is replaced
    only when translate wrote it (`translate.files`).
    """
    article = read_article(path)
    result = translate_article(article, translator, options)
    folder = write_article_folder(
        out_dir,
        article.name if is_url(str(path)) else safe_output_name(Path(path).stem),
        render_outputs(result, options),
        allowed=output_files(ALL_FORMATS) | frozenset(SAVED_PAGE_FILES.values()),
    )
    return replace(result, folder=folder)


def stdout_format(options: Options) -> Format:
    """The one format `translate run -` writes to stdout; more than one cannot share it."""
    if len(options.formats) != 1:
        raise UsageError(
            "stdout takes one format: give --formats with one of "
            f"{', '.join(ALL_FORMATS)} (e.g. --formats jsonl), or --out DIR for a folder of files."
        )
    return options.formats[0]


def translate_to_stdout(
    path: str | Path,
    options: Options,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    encoding: str | None = None,
    input_format: InputFormat | None = None,
    timeout: float = DEFAULT_FETCH_TIMEOUT,
) -> str:
    """Translate one article (a file, a URL, or `-` for stdin) into the one format `options`
    names; `encoding`, `input_format` and `timeout` as `read_article` takes them."""
    chosen = stdout_format(options)
    get_segmenter(options.segmenter)
    summariser = load_summariser(options)
    article = read_article(
        path, max_bytes=max_bytes, encoding=encoding, input_format=input_format, timeout=timeout
    )
    result = translate_article(article, load_translator(options), options, summariser)
    return render_format(chosen, result.document, result.summary, result.run)
