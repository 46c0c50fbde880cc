"""sacrebleu, the one library behind the scores and the WMT test sets (the `eval` extra).

Imported here only, when an evaluation runs, so `translate --help` stays fast and the default
install does without it.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from translate.errors import InputError, UsageError
from translate.evaluate.lines import EvaluationSet, read_evaluation_set

EVAL_EXTRA = "pip install 'translate-de-en[eval]'"
# The pair opus-mt-de-en translates, as sacrebleu names it.
LANGPAIR = "de-en"


@dataclass(frozen=True, slots=True)
class Scores:
    """Corpus BLEU and chrF (sacrebleu's 0-100 scale) with the signatures that reproduce them."""

    bleu: float
    chrf: float
    bleu_signature: str
    chrf_signature: str


def load_sacrebleu() -> ModuleType:
    """sacrebleu, or a `UsageError` that says how to install it."""
    try:
        import sacrebleu
    except ImportError:
        raise UsageError(
            f"translate evaluate needs sacrebleu, which is not installed: {EVAL_EXTRA}."
        ) from None
    return sacrebleu


def score(hypotheses: list[str], references: tuple[tuple[str, ...], ...]) -> Scores:
    """sacrebleu's corpus BLEU and chrF of `hypotheses` with its default settings (13a, chrF2),
    the settings the opus-mt model cards report."""
    sacrebleu = load_sacrebleu()
    streams = [list(reference) for reference in references]
    bleu = sacrebleu.metrics.BLEU()
    chrf = sacrebleu.metrics.CHRF()
    return Scores(
        bleu=float(bleu.corpus_score(hypotheses, streams).score),
        chrf=float(chrf.corpus_score(hypotheses, streams).score),
        bleu_signature=f"BLEU|{bleu.get_signature()}",
        chrf_signature=f"chrF2|{chrf.get_signature()}",
    )


def de_en_test_sets() -> list[str]:
    """The test sets sacrebleu can fetch for German→English (wmt08 ... wmt24, iwslt17, ...)."""
    sets: list[str] = load_sacrebleu().utils.get_available_testsets_for_langpair(LANGPAIR)
    return sets


def fetch_test_set(name: str) -> EvaluationSet:
    """The de-en test set `name` (e.g. `wmt19`, newstest2019), downloaded by sacrebleu into its
    own cache ($SACREBLEU, default ~/.sacrebleu) unless it is there already.

    Raises `UsageError` for a name sacrebleu has no de-en set for, `InputError` when the
    download fails (no network, a proxy, a changed archive).
    """
    known = de_en_test_sets()
    if name not in known:
        raise UsageError(
            f"sacrebleu has no German→English test set {name!r}; choose from {', '.join(known)}."
        )
    dataset = load_sacrebleu().DATASETS[name]
    try:
        source = dataset.get_source_file(LANGPAIR)
        references = dataset.get_reference_files(LANGPAIR)
    # sacrebleu reports a failed checksum or TLS handshake by logging and calling sys.exit.
    except (OSError, SystemExit, EOFError, tarfile.TarError) as error:
        reason = (
            "sacrebleu stopped; --debug shows why"
            if isinstance(error, SystemExit)
            else str(getattr(error, "reason", None) or error)
        )
        raise InputError(
            f"test set {name} could not be downloaded by sacrebleu ({reason}); connect to the "
            "network, or give the files with --source and --reference."
        ) from None
    return read_evaluation_set(Path(source), [Path(path) for path in references], name=name)


def load_evaluation_set(
    source: Path | None, references: list[Path], test_set: str | None
) -> EvaluationSet:
    """The test set the command names: files (`source` and `references`) or sacrebleu's `test_set`,
    exactly one of the two."""
    if test_set is not None:
        if source is not None or references:
            raise UsageError("give --test-set or --source with --reference, not both.")
        return fetch_test_set(test_set)
    if source is None:
        raise UsageError(
            "no test set: give --source de.txt --reference en.txt (one segment per line), "
            "or --test-set wmt19."
        )
    return read_evaluation_set(source, references)
