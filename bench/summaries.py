"""Benchmark the extractive English summary against Lead-3 and sumy's LexRank and TextRank.

Every system picks the same number of sentences (3 by default) from each article of the two sets
in `bench/data/` (see its README): `summaries.jsonl` (24 articles) and `news.jsonl` (64
articles in eight newsroom genres), all fictional, written for this repository with reference
summaries. The picks are scored with ROUGE-1, ROUGE-2 and ROUGE-L F1 (Google's `rouge-score`,
Porter stemming) per split: `dev` (the only part used for tuning) and `heldout` (for reporting).
The report gives, per set and split, the means; ours against sumy TextRank and Lead-3 article by
article (wins/ties/losses, the mean ROUGE-2 difference with a 95% bootstrap interval); ROUGE-2
per genre and per kind of lede; and the time to summarise a 300- and a 3,000-sentence article.

sumy runs offline: its default tokenizer needs NLTK's punkt data, which is downloaded at run time,
so the articles are handed to it already split into sentences, with a word tokenizer of ours.

    pip install -e '.[bench]'   # rouge-score and sumy; not part of the default install
    python bench/summaries.py [--split dev|heldout|all] [--sentences 3]
                              [--out bench/results-summaries.md]

`--split dev` loads the dev halves only (for tuning). The Markdown report goes to `--out` (for
the default `--split all`) and to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import importlib.metadata
import json
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from summary_data import (
    BASELINE,
    OURS,
    REPO,
    SETS,
    SPLITS,
    ArticleScore,
    BenchArticle,
    load_articles,
    score,
    sumy_system,
    systems,
)
from summary_stats import by_group, paired, tally

from translate.files import write_text_atomic
from translate.summary.extractive import pick_summary_sentences

DEFAULT_OUT = REPO / "bench" / "results-summaries.md"
METRIC_NAMES = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeL": "ROUGE-L"}
SPEED_SIZES = (300, 3000)

# results[set name][system name] = one ArticleScore per article, in file order
Results = dict[str, dict[str, list[ArticleScore]]]


def run(splits: Sequence[str], sentences: int) -> Results:
    """Score every system on every article of both sets in `splits`."""
    compared = systems()
    return {
        name: {
            system: score(summariser, load_articles(path, splits), sentences)
            for system, summariser in compared.items()
        }
        for name, path in SETS.items()
    }


def _mean(scores: Sequence[ArticleScore], metric: str) -> str:
    return f"{100 * statistics.fmean(s.rouge[metric] for s in scores):.1f}"


def _r2(scores: Sequence[ArticleScore]) -> list[float]:
    return [100 * s.rouge["rouge2"] for s in scores]


def _split(scores: Sequence[ArticleScore], split: str) -> list[ArticleScore]:
    return [s for s in scores if s.article.split == split]


def means_table(by_system: dict[str, list[ArticleScore]], split: str) -> list[str]:
    """ROUGE means per system on one split, with ours' wins/ties/losses on ROUGE-2."""
    lines = [
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | words | ours vs it, ROUGE-2 (W/T/L) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    ours = _split(by_system[OURS], split)
    for name, scores in by_system.items():
        part = _split(scores, split)
        cells = " | ".join(_mean(part, metric) for metric in METRIC_NAMES)
        words = statistics.fmean(s.words for s in part)
        versus = "" if name == OURS else "/".join(map(str, tally(_r2(ours), _r2(part))))
        lines.append(f"| {name} | {cells} | {words:.0f} | {versus} |")
    return lines


def paired_table(results: Results, splits: Sequence[str]) -> list[str]:
    """Ours minus each baseline on ROUGE-2, article by article, per set and split."""
    lines = [
        "| set | split | articles | ours − it: mean ROUGE-2 [95% CI] | W/T/L | vs |",
        "|---|---|---:|---:|---:|---|",
    ]
    for name, by_system in results.items():
        for split in splits:
            ours = _r2(_split(by_system[OURS], split))
            for other in (BASELINE, "Lead-3"):
                p = paired(ours, _r2(_split(by_system[other], split)))
                lines.append(
                    f"| {name} | {split} | {len(ours)} | {p.mean:+.1f} [{p.low:+.1f}, "
                    f"{p.high:+.1f}] | {p.wins}/{p.ties}/{p.losses} | {other} |"
                )
    return lines


def group_table(
    by_system: dict[str, list[ArticleScore]],
    splits: Sequence[str],
    key: Callable[[BenchArticle], str],
    label: str,
) -> list[str]:
    """Mean ROUGE-2 per group of articles (a genre, a kind of lede) and split, every system."""
    names = list(by_system)
    lines = [
        f"| {label} | split | articles | " + " | ".join(names) + " | ours vs TextRank W/T/L |",
        "|---|---|---:|" + "---:|" * len(names) + "---:|",
    ]
    for split in splits:
        part = {name: _split(scores, split) for name, scores in by_system.items()}
        keys = [key(s.article) for s in part[OURS]]
        grouped = {name: by_group(keys, _r2(scores)) for name, scores in part.items()}
        for group, ours in grouped[OURS].items():
            cells = " | ".join(f"{statistics.fmean(grouped[n][group]):.1f}" for n in names)
            versus = "/".join(map(str, tally(ours, grouped[BASELINE][group])))
            lines.append(f"| {group} | {split} | {len(ours)} | {cells} | {versus} |")
    return lines


def speed(sentences: int) -> list[str]:
    """Milliseconds per summary of long articles (news sentences over and over), best of 3."""
    pool = [
        text
        for line in SETS["news"].read_text(encoding="utf-8").splitlines()
        for text in json.loads(line)["sentences"]
    ]

    def best(action: Callable[[], object]) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            action()
            times.append(time.perf_counter() - start)
        return 1000 * min(times)

    articles = {size: (pool * (size // len(pool) + 1))[:size] for size in SPEED_SIZES}
    ours = {
        size: best(functools.partial(pick_summary_sentences, article, sentences))
        for size, article in articles.items()
    }
    small = SPEED_SIZES[0]
    textrank = sumy_system("textrank")
    long_article = BenchArticle("long", "", "", (tuple(articles[small]),), "")
    theirs = best(functools.partial(textrank, long_article, sentences))
    large = SPEED_SIZES[1]
    return [
        "| article | ours | sumy TextRank |",
        "|---|---:|---:|",
        f"| {small:,} sentences | {ours[small]:.0f} ms | {theirs:.0f} ms |",
        f"| {large:,} sentences | {ours[large]:.0f} ms | not run (its similarity table is N×N) |",
        "",
        f"sumy TextRank takes {theirs / ours[small]:.0f}× our time at {small} sentences; ours "
        f"grows {ours[large] / ours[small]:.1f}× for {large // small}× the sentences.",
    ]


def render(results: Results, splits: Sequence[str], sentences: int) -> str:
    """The Markdown report."""
    versions = ", ".join(
        f"{package} {importlib.metadata.version(package)}" for package in ("rouge-score", "sumy")
    )
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    counts = "; ".join(
        f"`{SETS[name].relative_to(REPO)}`: "
        + ", ".join(f"{split} {len(_split(by[OURS], split))}" for split in splits)
        for name, by in results.items()
    )
    lines = [
        "# English summaries: ours against Lead-3 and sumy",
        "",
        f"- Date: {now}",
        f"- Machine: {platform.platform()}, Python {platform.python_version()}; {versions}",
        f"- Data (articles): {counts}",
        f"- Command: `python bench/summaries.py --split {'all' if len(splits) > 1 else splits[0]}"
        f" --sentences {sentences}`",
        f"- Every system picks {sentences} sentences per article. ROUGE F1 × 100 against the "
        "reference summary (rouge-score, Porter stemmer), mean over the articles; `words` is the "
        "mean summary length. W/T/L counts the articles where ours has a higher / the same / a "
        "lower ROUGE-2. Tuning used the dev halves only.",
    ]
    for name, by_system in results.items():
        for split in splits:
            lines += ["", f"## {name}: {split}", "", *means_table(by_system, split)]
    lines += [
        "",
        "## Paired, article by article (ROUGE-2 × 100)",
        "",
        "The interval is a percentile bootstrap over the articles (10,000 resamples, seed 18).",
        "",
        *paired_table(results, splits),
        "",
        "## ROUGE-2 by genre (`news.jsonl`)",
        "",
        *group_table(results["news"], splits, lambda a: a.genre, "genre"),
    ]
    for name, by_system in results.items():
        lines += ["", f"## ROUGE-2 by lede (`{name}`)", ""]
        lines += group_table(by_system, splits, lambda a: a.lede, "lede")
    lines += ["", "## Speed", "", *speed(sentences)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Score every system on the chosen splits and write the Markdown report."""
    parser = argparse.ArgumentParser(description="Benchmark the English summariser by ROUGE.")
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all", help="split to score")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown report")
    parser.add_argument("--sentences", type=int, default=3, help="sentences per summary")
    args = parser.parse_args(argv)

    splits = SPLITS if args.split == "all" else (args.split,)
    report = render(run(splits, args.sentences), splits, args.sentences)
    if args.split == "all":
        write_text_atomic(args.out, report)
    print(report, end="")


if __name__ == "__main__":
    main()
