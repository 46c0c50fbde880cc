"""The library API that the CLI and notebooks call.

read → segment → translate → align → summarise → write; only the two ends touch the disk.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from translate import writers
from translate.align import align
from translate.document import AlignedDocument, Article, RunInfo, Sentence, Summary
from translate.errors import InputError, OutputError, TranslateError
from translate.model import MarianTranslator
from translate.options import Options
from translate.reader import STDIN, parse_article, read_article
from translate.segmenters import (
    DEFAULT_SEGMENTER,
    Segmenter,
    get_segmenter,
    segmenter_signature,
)
from translate.summarise import summarise
from translate.translation import translate_sentences
from translate.version import __version__

logger = logging.getLogger(__name__)

ENGINE = "transformers"
ARTICLE_SUFFIXES = (".txt",)
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything one article produced; `folder` is where it was written, if it was."""

    article: Article
    document: AlignedDocument
    summary: Summary
    run: RunInfo
    folder: Path | None = None


def segment_article(article: Article, split: Segmenter | None = None) -> list[Sentence]:
    """Split every paragraph into sentences, whitespace inside a sentence normalised to spaces.

    `split` defaults to our German rules (`translate.segment.split_sentences`).
    """
    split = split or get_segmenter(DEFAULT_SEGMENTER)
    return [
        Sentence(paragraph=number, index=index, text=_WHITESPACE.sub(" ", text))
        for number, paragraph in enumerate(article.paragraphs, start=1)
        for index, text in enumerate(split(paragraph), start=1)
    ]


def load_translator(options: Options) -> MarianTranslator:
    """Load the model `options` names, on the device it names."""
    return MarianTranslator.load(options.model, device=options.device)


def translate_article(
    article: Article, translator: MarianTranslator, options: Options
) -> ArticleResult:
    """Translate, align and summarise one article (no file output)."""
    sentences = segment_article(article, get_segmenter(options.segmenter))
    beams = options.beams or translator.default_beams
    translations = translate_sentences(
        [sentence.text for sentence in sentences],
        translator,
        num_beams=beams,
        batch_size=options.batch_size,
    )
    document = align(article.name, sentences, translations)
    summary = summarise(document, sentences=options.summary_sentences)
    run = RunInfo(
        tool_version=__version__,
        model=translator.info.name,
        model_revision=translator.info.revision,
        engine=ENGINE,
        beams=beams,
        batch_size=options.batch_size,
        max_length=translator.input_limit,
        segmenter=segmenter_signature(options.segmenter),
        device=translator.device,
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        input_sha256=article.sha256,
    )
    return ArticleResult(article=article, document=document, summary=summary, run=run)


def translate_text(
    text: str, translator: MarianTranslator, options: Options | None = None, *, name: str = "text"
) -> ArticleResult:
    """Translate a German text given as a string (for notebooks)."""
    article = parse_article(text.encode("utf-8"), name=name, source=name)
    return translate_article(article, translator, options or Options())


def render_outputs(result: ArticleResult) -> dict[str, str]:
    """Every output file of an article, by file name."""
    document, summary, run = result.document, result.summary, result.run
    return {
        writers.TRANSLATION_FILE: writers.render_translation(document),
        writers.TSV_FILE: writers.render_tsv(document),
        writers.JSONL_FILE: writers.render_jsonl(document),
        writers.MARKDOWN_FILE: writers.render_markdown(document, summary, run),
        writers.SUMMARY_FILE: writers.render_summary(summary, document.name),
        writers.RUN_FILE: writers.render_run(run, document, summary),
    }


def process_article(
    path: str | Path, translator: MarianTranslator, options: Options, out_dir: Path
) -> ArticleResult:
    """Read, translate and write one article into `out_dir/<stem>/`."""
    result = translate_article(read_article(path), translator, options)
    folder = out_dir / result.article.name
    writers.write_article_folder(folder, render_outputs(result))
    return replace(result, folder=folder)


def find_articles(paths: Sequence[str]) -> list[str]:
    """Expand folders into the article files (`*.txt`) they hold, sorted; other paths stay as given.

    A folder with no article in it is kept as it is, so reading it reports it as an error.
    """
    found: list[str] = []
    for name in paths:
        folder = Path(name)
        articles = (
            sorted(
                str(child)
                for child in folder.iterdir()
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES
            )
            if folder.is_dir()
            else []
        )
        found.extend(articles or [name])
    return found


@dataclass(frozen=True, slots=True)
class BatchReport:
    """What a batch run did: the articles written and the errors of those that failed."""

    results: tuple[ArticleResult, ...]
    failures: tuple[TranslateError, ...]


def process_paths(
    paths: Sequence[str],
    options: Options,
    out_dir: Path,
    *,
    load: Callable[[Options], MarianTranslator] = load_translator,
) -> BatchReport:
    """Translate every article under `paths` into `out_dir`, going on past articles that fail.

    All inputs are read first, so bad ones are reported before the model is loaded. A model that
    cannot be loaded raises `ModelUnavailableError`: without it no article can be done.
    """
    get_segmenter(options.segmenter)  # a segmenter that is not installed fails before any work
    articles: list[Article] = []
    failures: list[TranslateError] = []
    for path in find_articles(paths):
        try:
            articles.append(read_article(path))
        except InputError as error:
            logger.error("%s", error)
            failures.append(error)
    results: list[ArticleResult] = []
    if articles:
        translator = load(options)
    for article in articles:
        try:
            result = translate_article(article, translator, options)
            folder = out_dir / article.name
            writers.write_article_folder(folder, render_outputs(result))
        except OutputError as error:
            logger.error("%s", error)
            failures.append(error)
            continue
        logger.info(
            "%s: %d sentences translated, written to %s/",
            article.source,
            len(result.document.pairs),
            folder,
        )
        results.append(replace(result, folder=folder))
    return BatchReport(results=tuple(results), failures=tuple(failures))


def translate_stdin(options: Options) -> str:
    """Translate the article on stdin and return its side-by-side Markdown."""
    get_segmenter(options.segmenter)
    article = read_article(STDIN)
    result = translate_article(article, load_translator(options), options)
    return writers.render_markdown(result.document, result.summary, result.run)
