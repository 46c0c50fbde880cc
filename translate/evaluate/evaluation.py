"""Scoring the whole pipeline on a test set: each line goes through the run's own code path.

The test set becomes one article whose paragraphs are its lines, translated by
`translate.translate_article` (what `translate run -` calls): our segmentation, placeholders,
length-sorted batches over the whole set and the review flags, with the chosen engine. So the
score is that of what users get, not of the bare model.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from translate.document import AlignedDocument, Article
from translate.engines import load_translator
from translate.evaluate.lines import EvaluationSet
from translate.evaluate.sacre import Scores, load_sacrebleu, score
from translate.options import Engine, Options

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EngineResult:
    """One engine's scores on a test set, how fast it went, and what the review flagged.

    `seconds` is the time spent translating (model loading left out); `flags` counts the pairs
    each review flag was raised on, most frequent first.
    """

    engine: Engine
    scores: Scores
    run_signature: str
    hypotheses: tuple[str, ...]
    sentences: int
    seconds: float
    flagged: int
    flags: tuple[tuple[str, int], ...]

    @property
    def sentences_per_second(self) -> float:
        """Sentences (after segmentation) translated per second of translation time."""
        return self.sentences / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Comparison:
    """How `other` differs from `baseline` on the same lines: score deltas (other − baseline)
    and the lines both translated identically."""

    baseline: Engine
    other: Engine
    bleu_delta: float
    chrf_delta: float
    identical: int
    lines: int

    @property
    def identical_share(self) -> float:
        """The fraction of lines whose English is the same character for character."""
        return self.identical / self.lines if self.lines else 0.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A test set's results, one per engine in the order asked, each later one compared with
    the first."""

    name: str
    lines: int
    results: tuple[EngineResult, ...]
    comparisons: tuple[Comparison, ...]


def evaluate(
    evaluation_set: EvaluationSet,
    options: Options,
    engines: Sequence[Engine] = (),
) -> Evaluation:
    """Translate the test set with each engine (default: the one `options` names) and score it.

    One model is held at a time. Raises what loading or translating raises
    (`ModelUnavailableError`, `UsageError`), and `UsageError` when sacrebleu is missing, before
    any model is loaded.
    """
    load_sacrebleu()
    chosen = list(dict.fromkeys(engines)) or [options.engine]
    results = tuple(
        evaluate_engine(evaluation_set, replace(options, engine=engine)) for engine in chosen
    )
    return Evaluation(
        name=evaluation_set.name,
        lines=len(evaluation_set.sources),
        results=results,
        comparisons=tuple(compare(results[0], other) for other in results[1:]),
    )


def evaluate_engine(evaluation_set: EvaluationSet, options: Options) -> EngineResult:
    """Translate and score the test set with the engine `options` names."""
    from translate import translate_article

    translator = load_translator(options)
    article = Article(
        name=evaluation_set.name,
        source=evaluation_set.name,
        paragraphs=evaluation_set.sources,
        sha256=evaluation_set.sha256,
    )
    logger.info(
        "translating %d lines of %s with %s", len(article.paragraphs), article.name, options.engine
    )
    started = time.perf_counter()
    result = translate_article(article, translator, options)
    seconds = time.perf_counter() - started
    hypotheses = line_translations(result.document, len(evaluation_set.sources))
    kinds = Counter(flag for pair in result.document.pairs for flag in pair.flags)
    return EngineResult(
        engine=options.engine,
        scores=score(hypotheses, evaluation_set.references),
        run_signature=result.run.signature(),
        hypotheses=tuple(hypotheses),
        sentences=len(result.document.pairs),
        seconds=seconds,
        flagged=sum(1 for pair in result.document.pairs if pair.flags),
        flags=tuple(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
    )


def line_translations(document: AlignedDocument, lines: int) -> list[str]:
    """The English of each line: its sentences' translations joined by a space ("" for a line
    with no sentence, e.g. an empty one)."""
    english: list[list[str]] = [[] for _ in range(lines)]
    for pair in document.pairs:
        english[pair.paragraph - 1].append(pair.target)
    return [" ".join(sentences) for sentences in english]


def compare(baseline: EngineResult, other: EngineResult) -> Comparison:
    """The differences between two engines' results on the same test set."""
    return Comparison(
        baseline=baseline.engine,
        other=other.engine,
        bleu_delta=other.scores.bleu - baseline.scores.bleu,
        chrf_delta=other.scores.chrf - baseline.scores.chrf,
        identical=sum(
            1 for a, b in zip(baseline.hypotheses, other.hypotheses, strict=True) if a == b
        ),
        lines=len(baseline.hypotheses),
    )
