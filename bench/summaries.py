"""Benchmark the extractive English summary against Lead-3 and sumy's LexRank and TextRank.

Every system picks the same number of sentences (3 by default) from each article of
`bench/data/summaries.jsonl` (24 English news articles written for this repository, with
human-style reference summaries; see `bench/data/README.md`). The picks are scored against the
references with ROUGE-1, ROUGE-2 and ROUGE-L F1 (Google's `rouge-score`, Porter stemming) and
averaged per split: `dev` (a01–a12, the only part used for tuning) and `heldout` (a13–a24, for
reporting only).

sumy runs offline: its default tokenizer needs NLTK's punkt data, which is downloaded at run time,
so the articles are handed to it already split into sentences, with a word tokenizer of ours.

    pip install -e '.[bench]'   # rouge-score and sumy; not part of the default install
    python bench/summaries.py [--data bench/data/summaries.jsonl]
                              [--out bench/results-summaries.md] [--sentences 3]

The Markdown report goes to `--out` and to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import platform
import re
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.document import AlignedDocument, SentencePair
from translate.run.files import write_text_atomic
from translate.summary.extractive import METHOD, summarise

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "bench" / "data" / "summaries.jsonl"
DEFAULT_OUT = REPO / "bench" / "results-summaries.md"
SPLITS = ("dev", "heldout")
METRICS = ("rouge1", "rouge2", "rougeL")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class BenchArticle:
    """One article of the set: its sentences grouped into paragraphs, and the reference."""

    id: str
    split: str
    lede: str
    paragraphs: tuple[tuple[str, ...], ...]
    reference: str

    @property
    def sentences(self) -> list[str]:
        """All sentences in document order."""
        return [sentence for paragraph in self.paragraphs for sentence in paragraph]


System = Callable[[BenchArticle, int], list[str]]


def load_articles(path: Path) -> list[BenchArticle]:
    """The articles of a summaries.jsonl file, paragraphs rebuilt from the sentence counts."""
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        sentences, paragraphs, start = record["sentences"], [], 0
        for count in record["paragraphs"]:
            paragraphs.append(tuple(sentences[start : start + count]))
            start += count
        articles.append(
            BenchArticle(
                id=record["id"],
                split=record["split"],
                lede=record["lede"],
                paragraphs=tuple(paragraphs),
                reference=" ".join(record["summary"]),
            )
        )
    return articles


def as_document(article: BenchArticle) -> AlignedDocument:
    """The article as the pipeline would hand it to the summariser (English on both sides)."""
    pairs = tuple(
        SentencePair(paragraph=p, sentence=s, source=text, target=text)
        for p, paragraph in enumerate(article.paragraphs, start=1)
        for s, text in enumerate(paragraph, start=1)
    )
    return AlignedDocument(name=article.id, pairs=pairs)


def ours(article: BenchArticle, sentences: int) -> list[str]:
    """translate.summary.extractive, as the pipeline runs it."""
    return [s.text for s in summarise(as_document(article), sentences=sentences).sentences]


def lead(article: BenchArticle, sentences: int) -> list[str]:
    """The first sentences: the classic news baseline."""
    return article.sentences[:sentences]


class _WordTokenizer:
    """sumy's tokenizer interface without NLTK data: sentences are given, words by a regex."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph]

    def to_words(self, sentence: str) -> list[str]:
        return _WORD.findall(sentence)


def sumy_system(name: str) -> System:
    """A sumy summariser (`lexrank` or `textrank`) with English stemming and stop words."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = {"lexrank": LexRankSummarizer, "textrank": TextRankSummarizer}[name](
        Stemmer("english")
    )
    summarizer.stop_words = get_stop_words("english")
    tokenizer = _WordTokenizer()

    def run(article: BenchArticle, sentences: int) -> list[str]:
        document = ObjectDocumentModel(
            tuple(
                Paragraph([Sentence(text, tokenizer) for text in paragraph])
                for paragraph in article.paragraphs
            )
        )
        return [str(sentence) for sentence in summarizer(document, sentences)]

    return run


def systems() -> dict[str, System]:
    """Every system the benchmark compares, by the name the report gives it."""
    return {
        f"ours ({METHOD})": ours,
        "Lead-3": lead,
        "sumy LexRank": sumy_system("lexrank"),
        "sumy TextRank": sumy_system("textrank"),
    }


Scores = dict[str, dict[str, list[float]]]


def score(system: System, articles: Sequence[BenchArticle], sentences: int) -> Scores:
    """ROUGE F1 per article (and the summary length in words) for one system, by split."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    per_split: Scores = {}
    for article in articles:
        summary = " ".join(system(article, sentences))
        values = per_split.setdefault(article.split, {key: [] for key in (*METRICS, "words")})
        for metric, result in scorer.score(article.reference, summary).items():
            values[metric].append(result.fmeasure)
        values["words"].append(float(len(_WORD.findall(summary))))
    return per_split


def wins(ours: list[float], other: list[float]) -> str:
    """`better/same/worse`: in how many articles the first system scored above the other."""
    better = sum(1 for a, b in zip(ours, other, strict=True) if a > b + 1e-9)
    worse = sum(1 for a, b in zip(ours, other, strict=True) if b > a + 1e-9)
    return f"{better}/{len(ours) - better - worse}/{worse}"


def render(
    results: dict[str, Scores],
    articles: Sequence[BenchArticle],
    sentences: int,
    data: Path,
) -> str:
    """The Markdown report: one table per split, ROUGE F1 × 100."""
    versions = ", ".join(
        f"{package} {importlib.metadata.version(package)}" for package in ("rouge-score", "sumy")
    )
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# English summaries: ours against Lead-3 and sumy",
        "",
        f"- Date: {now}",
        f"- Machine: {platform.platform()}, Python {platform.python_version()}; {versions}",
        f"- Data: `{data.relative_to(REPO) if data.is_relative_to(REPO) else data}`, "
        + ", ".join(
            f"{split} {sum(1 for a in articles if a.split == split)} articles" for split in SPLITS
        ),
        f"- Command: `python bench/summaries.py --sentences {sentences}`",
        f"- Every system picks {sentences} sentences per article. ROUGE F1 × 100 against the "
        "reference summary (rouge-score, Porter stemmer), mean over the articles of the split; "
        "`words` is the mean summary length. `R-2 vs ours` counts the articles where ours has "
        "a higher / the same / a lower ROUGE-2 than that system. Tuning used the dev split only.",
    ]
    first = next(iter(results.values()))
    for split in SPLITS:
        lines += [
            "",
            f"## {split}",
            "",
            "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | words | R-2 vs ours |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for index, (name, by_split) in enumerate(results.items()):
            row = by_split.get(split)
            if row is None:
                continue
            cells = " | ".join(f"{100 * statistics.fmean(row[metric]):.1f}" for metric in METRICS)
            versus = wins(first[split]["rouge2"], row["rouge2"]) if index else ""
            lines.append(f"| {name} | {cells} | {statistics.fmean(row['words']):.0f} | {versus} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Score every system on every split and write the Markdown report."""
    parser = argparse.ArgumentParser(description="Benchmark the English summariser by ROUGE.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="summaries.jsonl")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="Markdown report")
    parser.add_argument("--sentences", type=int, default=3, help="sentences per summary")
    args = parser.parse_args(argv)

    articles = load_articles(args.data)
    results = {name: score(system, articles, args.sentences) for name, system in systems().items()}
    report = render(results, articles, args.sentences, args.data.resolve())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(args.out, report)
    print(report, end="")


if __name__ == "__main__":
    main()
