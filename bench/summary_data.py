"""The summary benchmark's articles, the systems it compares and their ROUGE scores.

Shared by `bench/summaries.py` (the report) and `bench/summary_weights.py` (the ranking's
weights, fitted on the dev halves). Only the functions that score need the `bench` extra
(rouge-score, sumy); loading the data does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from translate.document import AlignedDocument, SentencePair
from translate.summary.extractive import METHOD, summarise

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "bench" / "data"
# The sets, by the name the report gives them: the first 24 articles, and the larger one.
SETS = {"summaries": DATA / "summaries.jsonl", "news": DATA / "news.jsonl"}
SPLITS = ("dev", "heldout")
METRICS = ("rouge1", "rouge2", "rougeL")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True, slots=True)
class BenchArticle:
    """One article of a set: its sentences grouped into paragraphs, and the reference."""

    id: str
    split: str
    lede: str
    paragraphs: tuple[tuple[str, ...], ...]
    reference: str
    genre: str = ""

    @property
    def sentences(self) -> list[str]:
        """All sentences in document order."""
        return [sentence for paragraph in self.paragraphs for sentence in paragraph]


System = Callable[[BenchArticle, int], list[str]]


def load_articles(path: Path, splits: Sequence[str] = SPLITS) -> list[BenchArticle]:
    """The articles of a summaries.jsonl-style file in `splits`, paragraphs rebuilt.

    Articles of other splits are dropped as the file is read, so a tuning run that asks for
    `("dev",)` never holds a held-out article.
    """
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record["split"] not in splits:
            continue
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
                genre=record.get("genre", ""),
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


OURS = f"ours ({METHOD})"
BASELINE = "sumy TextRank"


def systems() -> dict[str, System]:
    """Every system the benchmark compares, by the name the report gives it (ours first)."""
    return {
        OURS: ours,
        "Lead-3": lead,
        "sumy LexRank": sumy_system("lexrank"),
        BASELINE: sumy_system("textrank"),
    }


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """One system's summary of one article: ROUGE F1 (0–1) by metric, and its length in words."""

    article: BenchArticle
    rouge: dict[str, float]
    words: int


def score(system: System, articles: Sequence[BenchArticle], sentences: int) -> list[ArticleScore]:
    """ROUGE-1/2/L F1 of the system's summary of each article (rouge-score, Porter stemmer)."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    results = []
    for article in articles:
        summary = " ".join(system(article, sentences))
        rouge = {m: r.fmeasure for m, r in scorer.score(article.reference, summary).items()}
        results.append(ArticleScore(article, rouge, len(_WORD.findall(summary))))
    return results


def sentence_recalls(article: BenchArticle, sentences: Sequence[str]) -> list[float]:
    """The ROUGE-2 recall of each sentence alone against the article's reference."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge2"], use_stemmer=True)
    return [scorer.score(article.reference, text)["rouge2"].recall for text in sentences]
