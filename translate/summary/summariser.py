"""How a run makes its summaries: extractive by default, or a model with a prompt template.

`load_summariser(options)` checks the summary options and loads what they name once per run (the
template first, so a bad template fails in a moment, then the model); the `Summariser` it returns
summarises each article and signs the run with the method, model, template and budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from translate.document import AlignedDocument, Summary
from translate.errors import UsageError
from translate.options import Options
from translate.summary.abstractive import SummaryModel
from translate.summary.extractive import summarise
from translate.summary.prompts import DEFAULT_PROMPT, load_template

_EMPTY = AlignedDocument(name="", pairs=())


@dataclass(frozen=True)
class Summariser:
    """The summary settings of a run, with the loaded model when the summary is abstractive."""

    sentences: int
    words: int | None = None
    model: SummaryModel | None = None

    @classmethod
    def extractive(cls, options: Options) -> Summariser:
        """The default summariser (no model to load) with the budget `options` asks for."""
        return cls(sentences=options.summary_sentences, words=options.summary_words)

    def summarise(self, document: AlignedDocument) -> Summary:
        """The summary of one article."""
        if self.model is None:
            return summarise(document, sentences=self.sentences, words=self.words)
        summary, _ = self.model.summarise(document, sentences=self.sentences, words=self.words)
        return summary

    @property
    def signature(self) -> str:
        """What a summary of this run is signed with (see `Summary.signature`), known up front."""
        if self.model is None:
            return summarise(_EMPTY, sentences=self.sentences, words=self.words).signature()
        return self.model.signature(sentences=self.sentences, words=self.words)


def load_summariser(options: Options) -> Summariser:
    """The summariser `options` asks for; loads the prompt template and the summary model if any.

    Raises `UsageError` for a template without a model, `TemplateError` for a bad template and
    `ModelUnavailableError` for a model that cannot be had.
    """
    if options.summary_model is None:
        if options.summary_prompt is not None:
            raise UsageError(
                "--summary-prompt only applies to a model's summary; add --summary-model ID|DIR "
                "or leave --summary-prompt out."
            )
        return Summariser.extractive(options)
    template = load_template(options.summary_prompt or DEFAULT_PROMPT)
    model = SummaryModel.load(options.summary_model, template, device=options.device)
    model.check_budget(sentences=options.summary_sentences, words=options.summary_words)
    return Summariser(sentences=options.summary_sentences, words=options.summary_words, model=model)
