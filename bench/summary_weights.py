"""Fit the extractive summary's weights on the benchmark's dev halves, with their uncertainty.

Every candidate sentence of every dev article of both sets (the sentences the summary may take)
gets the ranking's features (`translate.summary.ranking.sentence_features`) and a label: its
ROUGE-2 recall alone against the reference. A ridge regression of labels on features (lambda 1,
the intercept not penalised) gives the weights, rounded to four decimals for
`translate/summary/ranking.py`. Resampling the articles 2,000 times gives each weight a 90%
interval, and a leave-one-genre-out run (fit on the other genres, pick 3 sentences in the one
left out) shows whether the fit carries over to a kind of article it never saw, compared with
Lead-3 and sumy TextRank on the same articles. Held-out articles are never loaded.

    pip install -e '.[bench]'   # rouge-score and sumy
    python bench/summary_weights.py [--out bench/results-summary-weights.md]
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from summary_data import (
    BASELINE,
    REPO,
    SETS,
    BenchArticle,
    lead,
    load_articles,
    score,
    sentence_recalls,
    sumy_system,
)

from translate.files import write_text_atomic
from translate.summary.extractive import candidate_sentences, choose_sentences
from translate.summary.ranking import FEATURES, WEIGHTS, sentence_features

DEFAULT_OUT = REPO / "bench" / "results-summary-weights.md"
RIDGE = 1.0
RESAMPLES = 2000
SEED = 18


@dataclass(frozen=True, slots=True)
class Example:
    """One dev article's candidate sentences: their features and labels."""

    article: BenchArticle
    group: str
    features: np.ndarray
    labels: np.ndarray


def examples() -> list[Example]:
    """The dev articles of both sets, featurised; `group` is the genre (the first set: its name)."""
    found = []
    for name, path in SETS.items():
        for article in load_articles(path, splits=("dev",)):
            sentences = article.sentences
            texts = [sentences[i] for i in candidate_sentences(sentences, 3)]
            features, _, _ = sentence_features(texts)
            found.append(
                Example(
                    article,
                    article.genre or name,
                    np.array(features),
                    np.array(sentence_recalls(article, texts)),
                )
            )
    return found


def fit(data: Sequence[Example]) -> np.ndarray:
    """Ridge regression weights (without the intercept) of labels on features."""
    x = np.vstack([example.features for example in data])
    x = np.hstack([x, np.ones((len(x), 1))])
    y = np.concatenate([example.labels for example in data])
    penalty = RIDGE * np.eye(x.shape[1])
    penalty[-1, -1] = 0.0
    return np.linalg.solve(x.T @ x + penalty, x.T @ y)[:-1]


def intervals(data: Sequence[Example]) -> np.ndarray:
    """The 5th and 95th percentile of each weight over bootstrap resamples of the articles."""
    rng = np.random.default_rng(SEED)
    draws = [
        fit([data[i] for i in rng.integers(0, len(data), len(data))]) for _ in range(RESAMPLES)
    ]
    spread: np.ndarray = np.percentile(np.array(draws), [5, 95], axis=0)
    return spread


def held_out_genres(data: Sequence[Example]) -> dict[str, list[float]]:
    """ROUGE-2 per article of ours with weights fitted without the article's genre, and of the
    baselines, in the same article order."""
    baseline = sumy_system("textrank")
    ours: dict[str, str] = {}
    for group in sorted({example.group for example in data}):
        weights = fit([example for example in data if example.group != group])
        for example in data:
            if example.group == group:
                sentences = example.article.sentences
                chosen = choose_sentences(sentences, sentences=3, weights=list(weights)).indices
                ours[example.article.id] = " ".join(sentences[i] for i in chosen)
    articles = [example.article for example in data]
    return {
        "ours, fitted without the genre": [
            s.rouge["rouge2"] for s in score(lambda a, _: [ours[a.id]], articles, 3)
        ],
        "Lead-3": [s.rouge["rouge2"] for s in score(lead, articles, 3)],
        BASELINE: [s.rouge["rouge2"] for s in score(baseline, articles, 3)],
    }


def render(data: Sequence[Example], weights: np.ndarray, spread: np.ndarray) -> str:
    """The Markdown report: the weights with their intervals, and the leave-one-genre-out run."""
    rounded = tuple(round(float(w), 4) for w in weights)
    lines = [
        "# The extractive summary's weights, fitted on the dev halves",
        "",
        f"- Data: the dev halves of {', '.join(f'`{p.relative_to(REPO)}`' for p in SETS.values())}"
        f" ({len(data)} articles, {sum(len(e.labels) for e in data)} candidate sentences); "
        "held-out articles are not loaded",
        "- Command: `python bench/summary_weights.py`",
        f"- Ridge regression (lambda {RIDGE:g}) of each sentence's ROUGE-2 recall on its features;"
        f" 90% intervals from {RESAMPLES:,} bootstrap resamples of the articles (seed {SEED})",
        "",
        "| feature | weight | 90% interval | in ranking.py |",
        "|---|---:|---:|---:|",
    ]
    for name, weight, low, high, used in zip(
        FEATURES, rounded, spread[0], spread[1], WEIGHTS, strict=True
    ):
        lines.append(f"| {name} | {weight:+.4f} | {low:+.4f} … {high:+.4f} | {used:+.4f} |")
    lines += ["", f"`WEIGHTS = {rounded}`", "", "## Leave one genre out (dev articles only)", ""]
    lines += [
        "Each genre's articles (the 12 dev articles of `summaries.jsonl` count as one genre) are "
        "summarised with weights fitted on the other genres; mean ROUGE-2 F1 × 100:",
        "",
        "| system | ROUGE-2 |",
        "|---|---:|",
    ]
    for name, values in held_out_genres(data).items():
        lines.append(f"| {name} | {100 * statistics.fmean(values):.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Fit the weights on the dev halves and write the report."""
    parser = argparse.ArgumentParser(description="Fit the extractive summary's weights (dev).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown report")
    args = parser.parse_args(argv)
    data = examples()
    weights = fit(data)
    report = render(data, weights, intervals(data))
    write_text_atomic(args.out, report)
    print(report, end="")


if __name__ == "__main__":
    main()
