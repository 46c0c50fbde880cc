"""Translation speed and memory of each engine against the obvious transformers loop.

    python bench/speed.py [--quick] [--repeats N] [--out bench/results.md]

The model is a randomly initialised `MarianMTModel` with the exact opus-mt-de-en architecture
(d_model 512, 6+6 layers, 8 heads, FFN 2048, swish, 58,101-token vocabulary, tied embeddings,
its generation config), built once under `bench/.cache/` with a SentencePiece model trained on
the repo's German text (about 1.4 tokens per German word, as opus-mt's own vocabulary cuts news)
and a vocab.json padded to 58,101 entries. Random weights decode at the cost of real ones as long
as every output has the length a real translation would have, so every sentence's length is
forced: `round(1.4 x German words) + 1` target tokens, through min = max new tokens
(transformers) and min = max decoding length (CTranslate2). Within a batch every sentence gets
the batch's longest forced length, while tokens/s counts only each sentence's own: the padding
work a batch does counts against batching, never for it.

Each configuration runs in a fresh process (its load time and peak RSS are its own), all of them
interleaved over the repetitions, and the medians are reported. The naive baseline is the loop
anyone writes first: transformers fp32, one sentence at a time, beam 4, default threads. The
others go through our own `translate_sentences` and engines, as the pipeline runs them.

Also measured: `translate --help` start-up against a bare `python -c "import typer"`, and how
many of the tiny model's 405 training sentences the int8 engines translate differently from the
fp32 torch engine. Writes `--out` (Markdown); the last stdout line is
`speedup_vs_naive=<x> rss_ratio=<y> shortlist_vs_default=<z> agreement=<a>` (the default engine
against naive; the default with the shortlist against the default; the shortlist's agreement on
the tiny model's held-out sentences).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peak import peak_rss_kib
from speed_shapes import run_sweep
from speed_shortlist import install_bench_shortlist, size_sweep, tiny_agreement

REPO = Path(__file__).resolve().parent.parent

CACHE = REPO / "bench" / ".cache"
MODEL_DIR = CACHE / "opus-mt-de-en-random-v2"
CT2_CACHE = CACHE / "translate"
ARTICLE = REPO / "bench" / "article-de.txt"
TINY_MARIAN = REPO / "tests" / "fixtures" / "tiny-marian"
TRAINING_PAIRS = REPO / "scripts" / "tiny_pairs.tsv"
DEFAULT_OUT = REPO / "bench" / "results.md"

BEAMS = 4
TARGET_TOKENS_PER_WORD = 1.4
SOURCE_PIECES = 2000
# opus-mt-de-en's config.json and generation_config.json, less the weights.
VOCAB_SIZE = 58101
PAD_ID = 58100
OPUS_MT_CONFIG: dict[str, Any] = {
    "vocab_size": VOCAB_SIZE,
    "decoder_vocab_size": VOCAB_SIZE,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "activation_function": "swish",
    "max_position_embeddings": 512,
    "scale_embedding": True,
    "share_encoder_decoder_embeddings": True,
    "tie_word_embeddings": True,
    "pad_token_id": PAD_ID,
    "eos_token_id": 0,
    "bos_token_id": 0,
    "forced_eos_token_id": 0,
    "decoder_start_token_id": PAD_ID,
    "dropout": 0.1,
    "attention_dropout": 0.0,
    "activation_dropout": 0.0,
}
OPUS_MT_GENERATION: dict[str, Any] = {
    "bad_words_ids": [[PAD_ID]],
    "bos_token_id": 0,
    "decoder_start_token_id": PAD_ID,
    "eos_token_id": 0,
    "forced_eos_token_id": 0,
    "max_length": 512,
    "num_beams": 4,
    "pad_token_id": PAD_ID,
    "renormalize_logits": True,
}


@dataclass(frozen=True, slots=True)
class Config:
    """One way of translating the article."""

    name: str
    description: str
    engine: str  # naive, torch or ct2
    quantize: bool = False
    batch_size: int = 16
    shortlist: bool = False


CONFIGS = (
    Config("naive", "transformers fp32, one sentence at a time (the obvious loop)", "naive"),
    Config("torch", "our torch engine, fp32, length-sorted token-sized batches", "torch"),
    Config("torch-int8", "our torch engine, dynamic int8 (`--quantize`)", "torch", True),
    Config("ct2-float32", "CTranslate2 float32 (`--engine ct2 --no-quantize`)", "ct2", False),
    Config("ct2-int8", "CTranslate2 int8 (`--engine ct2`)", "ct2", True),
    Config(
        "ct2-int8-shortlist",
        "CTranslate2 int8 with a vocabulary shortlist (`--shortlist`)",
        "ct2",
        True,
        shortlist=True,
    ),
)


def article_sentences() -> list[str]:
    """The benchmark article's sentences, split by our own segmenter as the pipeline does."""
    from translate.read.article import read_article
    from translate.segment import segment_article

    return [sentence.text for sentence in segment_article(read_article(ARTICLE))]


def forced_length(sentence: str) -> int:
    """The target tokens a real translation of `sentence` would have, end of sentence included."""
    return round(TARGET_TOKENS_PER_WORD * len(sentence.split())) + 1


class ForcedLengths:
    """A `Translator` that makes every batch produce its sentences' forced lengths."""

    def __init__(self, translator: Any, targets: dict[str, int]) -> None:
        self.translator = translator
        self.targets = targets

    @property
    def input_limit(self) -> int:
        limit: int = self.translator.input_limit
        return limit

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        counts: list[int] = self.translator.count_tokens(texts)
        return counts

    def translate_scored(
        self, texts: Sequence[str], *, num_beams: int
    ) -> list[tuple[str, float | None]]:
        length = max(self.targets[text] for text in texts)
        outputs: list[tuple[str, float | None]] = self.translator.translate_scored(
            texts, num_beams=num_beams, max_new_tokens=length, min_new_tokens=length
        )
        return outputs


# --- building the model ---------------------------------------------------------------------


def build_model(folder: Path = MODEL_DIR) -> bool:
    """Build the random opus-mt-shaped model and its tokenizer files once; False if cached."""
    if (folder / "model.safetensors").is_file():
        return False
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    scratch = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(scratch, ignore_errors=True)
    torch.manual_seed(0)
    model = MarianMTModel(MarianConfig(**OPUS_MT_CONFIG))
    model.generation_config = GenerationConfig(**OPUS_MT_GENERATION)
    model.save_pretrained(scratch)
    pieces = _train_sentencepiece(scratch / "source.spm")
    shutil.copy(scratch / "source.spm", scratch / "target.spm")
    settings = json.loads((TINY_MARIAN / "tokenizer_config.json").read_text(encoding="utf-8"))
    added = settings["added_tokens_decoder"]
    settings["added_tokens_decoder"] = {
        str(PAD_ID if entry["content"] == "<pad>" else number): entry
        for number, entry in added.items()
    }
    (scratch / "tokenizer_config.json").write_text(json.dumps(settings, indent=2), encoding="utf-8")
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    for index in range(len(vocab), PAD_ID):
        vocab[f"\u2581bench{index}"] = index
    vocab["<pad>"] = PAD_ID
    (scratch / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    scratch.rename(folder)
    return True


def _train_sentencepiece(path: Path) -> list[str]:
    """Train the benchmark's SentencePiece model on the repo's German text; its pieces.

    2,000 BPE pieces cut the article at about 1.4 tokens per word, as opus-mt's vocabulary cuts
    German news; the tiny test model's vocabulary would make every input twice as long.
    """
    import sentencepiece

    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    text = [line.split("\t")[0] for line in lines if line.strip()] + article_sentences()
    with path.open("wb") as model:
        sentencepiece.SentencePieceTrainer.train(
            sentence_iterator=iter(text),
            model_writer=model,
            vocab_size=SOURCE_PIECES,
            model_type="bpe",
            character_coverage=1.0,
            hard_vocab_limit=False,
            minloglevel=2,
        )
    processor = sentencepiece.SentencePieceProcessor()
    processor.Load(str(path))
    return [
        processor.IdToPiece(index)
        for index in range(processor.GetPieceSize())
        if not processor.IsControl(index) and not processor.IsUnknown(index)
    ]


# --- one configuration in its own process ---------------------------------------------------


def run_worker(name: str, spawned_at: float) -> dict[str, Any]:
    """Load and translate the article with configuration `name`; the measurements as a dict."""
    config = next(config for config in CONFIGS if config.name == name)
    sentences = article_sentences()
    targets = {sentence: forced_length(sentence) for sentence in sentences}
    if config.engine == "naive":
        return _run_naive(sentences, targets, spawned_at)
    from translate.engines.batching import translate_sentences

    translator: Any
    if config.engine == "ct2":
        from translate.engines.ct2_engine import Ct2Translator

        translator = Ct2Translator.load(
            str(MODEL_DIR), device="cpu", quantize=config.quantize, shortlist=config.shortlist
        )
    else:
        from translate.engines.torch_engine import MarianTranslator

        translator = MarianTranslator.load(str(MODEL_DIR), device="cpu", quantize=config.quantize)
    loaded = time.time()
    started = time.perf_counter()
    translate_sentences(
        sentences,
        ForcedLengths(translator, targets),
        num_beams=BEAMS,
        batch_size=config.batch_size,
    )
    seconds = time.perf_counter() - started
    return _measurements(translator.engine, sum(targets.values()), seconds, loaded - spawned_at)


def _run_naive(sentences: list[str], targets: dict[str, int], spawned_at: float) -> dict[str, Any]:
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    tokenizer = MarianTokenizer.from_pretrained(str(MODEL_DIR))
    model = MarianMTModel.from_pretrained(str(MODEL_DIR))
    model.eval()
    loaded = time.time()
    started = time.perf_counter()
    generated = 0
    for sentence in sentences:
        batch = tokenizer([sentence], return_tensors="pt")
        with torch.no_grad():
            output = model.generate(
                **batch,
                num_beams=BEAMS,
                min_new_tokens=targets[sentence],
                max_new_tokens=targets[sentence],
            )
        generated += int(output.shape[1]) - 1  # the decoder start token is not generated
        tokenizer.decode(output[0], skip_special_tokens=True)
    seconds = time.perf_counter() - started
    if generated != sum(targets.values()):
        raise RuntimeError(f"forced lengths failed: {generated} != {sum(targets.values())}")
    result = _measurements("transformers", generated, seconds, loaded - spawned_at)
    result["threads"] = torch.get_num_threads()
    return result


def _measurements(engine: str, tokens: int, seconds: float, load: float) -> dict[str, Any]:
    peak_kib = peak_rss_kib()
    return {
        "engine": engine,
        "tokens": tokens,
        "seconds": seconds,
        "tokens_per_s": tokens / seconds,
        "peak_rss_mib": peak_kib / 1024,
        "load_s": load,
    }


def spawn(name: str) -> dict[str, Any]:
    """Run configuration `name` in a fresh Python process and return what it measured."""
    environment = {**os.environ, "TRANSLATE_CACHE_DIR": str(CT2_CACHE), "HF_HUB_OFFLINE": "1"}
    completed = subprocess.run(
        [sys.executable, __file__, "--worker", name, "--spawned-at", repr(time.time())],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"configuration {name} failed:\n{completed.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# --- the other measurements -----------------------------------------------------------------


def convert_once() -> dict[str, float]:
    """Convert the benchmark model for CTranslate2, both quantisations: seconds each (0: cached)."""
    os.environ["TRANSLATE_CACHE_DIR"] = str(CT2_CACHE)
    from translate.engines import resolve_model
    from translate.engines.ct2_convert import convert_model, converted_folder, is_converted

    info = resolve_model(str(MODEL_DIR))
    seconds: dict[str, float] = {}
    for quantization in ("int8", "float32"):
        started = time.perf_counter()
        cached = is_converted(converted_folder(info, quantization))
        convert_model(info, quantization)
        seconds[quantization] = 0.0 if cached else time.perf_counter() - started
    return seconds


def int8_differences() -> dict[str, tuple[int, int, int]]:
    """Per int8 engine: (sentences, differing sentences, differing target tokens) on the tiny
    model's training sentences at beam 4, against the fp32 torch engine."""
    import difflib

    os.environ["TRANSLATE_CACHE_DIR"] = str(CT2_CACHE)
    from translate.engines.batching import translate_sentences
    from translate.engines.ct2_engine import Ct2Translator
    from translate.engines.torch_engine import MarianTranslator

    lines = TRAINING_PAIRS.read_text(encoding="utf-8").splitlines()
    sources = [line.split("\t")[0] for line in lines if line.strip()]
    reference = MarianTranslator.load(str(TINY_MARIAN), device="cpu")
    expected = [t.text for t in translate_sentences(sources, reference, num_beams=BEAMS)]
    tokenize = reference.tokenizer.tokenize
    engines: list[Any] = [
        MarianTranslator.load(str(TINY_MARIAN), device="cpu", quantize=True),
        Ct2Translator.load(str(TINY_MARIAN), device="cpu", quantize=True),
    ]
    found: dict[str, tuple[int, int, int]] = {}
    for translator in engines:
        outputs = [t.text for t in translate_sentences(sources, translator, num_beams=BEAMS)]
        sentences = tokens = 0
        for got, want in zip(outputs, expected, strict=True):
            if got != want:
                sentences += 1
                matcher = difflib.SequenceMatcher(a=tokenize(want), b=tokenize(got))
                tokens += sum(
                    max(i2 - i1, j2 - j1)
                    for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                    if tag != "equal"
                )
        found[translator.engine] = (len(sources), sentences, tokens)
    return found


def startup_times(runs: int) -> tuple[float, float]:
    """Median wall seconds of `translate --help` and of `python -c "import typer"`."""
    script = Path(sys.executable).parent / "translate"
    help_command = (
        [str(script), "--help"]
        if script.is_file()
        else [sys.executable, "-m", "translate", "--help"]
    )
    commands = (help_command, [sys.executable, "-c", "import typer"])
    timings: list[list[float]] = [[], []]
    for _ in range(runs):
        for index, command in enumerate(commands):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            timings[index].append(time.perf_counter() - started)
    return statistics.median(timings[0]), statistics.median(timings[1])


def batch_sweep(repeats: int) -> list[dict[str, Any]]:
    """The batch-shape sweep (`speed_shapes`), on the benchmark article at forced lengths."""
    sentences = article_sentences()
    targets = {sentence: forced_length(sentence) for sentence in sentences}
    return run_sweep(str(MODEL_DIR), sentences, targets, beams=BEAMS, repeats=repeats)


# --- the report -----------------------------------------------------------------------------


def median_results(runs: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per configuration, the median of every measured number over its repetitions."""
    medians: dict[str, dict[str, Any]] = {}
    for name, results in runs.items():
        medians[name] = {
            key: statistics.median(result[key] for result in results)
            for key in ("tokens_per_s", "seconds", "peak_rss_mib", "load_s")
        }
        medians[name]["engine"] = results[0]["engine"]
        medians[name]["tokens"] = results[0]["tokens"]
    return medians


def default_config() -> str:
    """The configuration `translate run` uses with no engine options, on a CPU."""
    from translate.options import DEFAULT_ENGINE, Engine

    return "ct2-int8" if DEFAULT_ENGINE is Engine.ct2 else "torch"


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def render(
    medians: dict[str, dict[str, Any]],
    *,
    repeats: int,
    quick: bool,
    startup: tuple[float, float],
    differences: dict[str, tuple[int, int, int]],
    conversion: dict[str, float],
    load: tuple[tuple[float, ...], tuple[float, ...]],
    shortlist: ShortlistFigures,
    sweep: list[dict[str, Any]],
) -> str:
    """The Markdown report."""
    from translate.engines import physical_cores

    naive = medians["naive"]
    default = default_config()
    sentences = article_sentences()
    lines = [
        "# Translation speed: engines against the obvious transformers loop",
        "",
        f"Produced by `make bench` (`python bench/speed.py{' --quick' if quick else ''}`) on "
        f"{datetime.date.today().isoformat()}: {repeats} repetition(s), every configuration in "
        "a fresh process, interleaved; medians.",
        "",
        f"- Machine: {_cpu_name()}, {physical_cores()} physical cores, "
        f"{os.cpu_count()} logical CPUs; load average before / after the runs: "
        f"{' '.join(f'{x:.2f}' for x in load[0])} / {' '.join(f'{x:.2f}' for x in load[1])} "
        "(1, 5, 15 min).",
        f"- Python {platform.python_version()}, torch {_version('torch')}, transformers "
        f"{_version('transformers')}, ctranslate2 {_version('ctranslate2')}.",
        "- Model: random-init `MarianMTModel` with the exact opus-mt-de-en config (d_model 512, "
        "6+6 layers, 8 heads, FFN 2048, swish, vocab 58,101, tied embeddings); beam "
        f"{BEAMS}.",
        f"- Article: `bench/article-de.txt`, {len(sentences)} sentences, "
        f"{sum(len(s.split()) for s in sentences)} words, {naive['tokens']} forced target "
        f"tokens ({TARGET_TOKENS_PER_WORD} per German word + end of sentence).",
        "",
        "| configuration | engine | target tokens/s | × naive | peak RSS MiB | × naive | load s |",
        "|---|---|---|---|---|---|---|",
    ]
    for config in (config for config in CONFIGS if config.name in medians):
        result = medians[config.name]
        marker = " **(default)**" if config.name == default else ""
        speed, rss = result["tokens_per_s"], result["peak_rss_mib"]
        speed_ratio, rss_ratio = speed / naive["tokens_per_s"], rss / naive["peak_rss_mib"]
        lines.append(
            f"| {config.description}{marker} | `{result['engine']}` | {speed:.1f} | "
            f"{speed_ratio:.1f} | {rss:.0f} | {rss_ratio:.2f} | {result['load_s']:.1f} |"
        )
    left_out = [config.name for config in CONFIGS if config.name not in medians]
    if left_out:
        lines += ["", f"Not run this time (`--only`): {', '.join(left_out)}."]
    chosen = medians[default]
    help_s, typer_s = startup
    lines += [
        "",
        "The three ratios (bars: ≥ 15, ≤ 0.6, ≤ 1.5):",
        "",
        f"- default engine (`{chosen['engine']}`) vs naive, target tokens/s: "
        f"**{chosen['tokens_per_s'] / naive['tokens_per_s']:.1f}×**",
        f"- its peak RSS vs naive: **{chosen['peak_rss_mib'] / naive['peak_rss_mib']:.2f}×**",
        f'- `translate --help` start-up vs `python -c "import typer"`: '
        f"**{help_s / typer_s:.2f}×** ({help_s * 1000:.0f} ms vs {typer_s * 1000:.0f} ms)",
        "",
        "int8 against the fp32 torch engine on the tiny test model's training sentences (beam "
        f"{BEAMS}), as differing sentences and differing target tokens:",
        "",
    ]
    for engine, (total, sentences_differing, tokens_differing) in differences.items():
        lines.append(
            f"- `{engine}`: {sentences_differing} of {total} sentences, {tokens_differing} tokens"
        )
    lines += shortlist_section(shortlist, default)
    lines += sweep_section(sweep)
    if any(conversion.values()):
        converted = ", ".join(f"{q} {s:.0f} s" for q, s in conversion.items() if s)
        lines += ["", f"One-off CTranslate2 conversion of the opus-mt-sized model: {converted}."]
    lines += [
        "",
        "Forced lengths: every sentence's output length is fixed (min = max new tokens), so "
        "random weights cost what real ones do; a batch runs to its longest sentence's length "
        "and only each sentence's own tokens are counted. Load time is from process start to a "
        "loaded model (imports included, conversion excluded: it happens once). Peak RSS is each "
        "worker process's own high-water mark (`VmHWM`; `ru_maxrss` would carry over the "
        "parent's across `exec`). The engines run "
        "as `translate run` sets them up: torch with one thread per physical core; CTranslate2 "
        "with one single-threaded worker per physical core, each batch split between them, and "
        "AVX512 kernels on CPUs with AVX512-BF16.",
        "",
    ]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ShortlistFigures:
    """The shortlist's measurements: its size on the opus-mt-shaped model, its speed against
    the default (per repetition, same run), and its agreement on the tiny model."""

    size: dict[str, Any]
    ratios: list[float]
    agreement: list[dict[str, Any]]
    sizes: list[dict[str, Any]]

    @property
    def speedup(self) -> float:
        return statistics.median(self.ratios) if self.ratios else 0.0

    @property
    def chosen(self) -> dict[str, Any]:
        return self.agreement[0]

    @property
    def agreement_share(self) -> float:
        return float(self.chosen["identical"]) / float(self.chosen["held_out"])


def shortlist_section(figures: ShortlistFigures, default: str) -> list[str]:
    """The report's shortlist paragraph and its agreement table."""
    size = figures.size
    chosen = figures.chosen
    spread = (
        f" (per repetition: {', '.join(f'{r:.2f}' for r in figures.ratios)})"
        if len(figures.ratios) > 1
        else ""
    )
    lines = [
        "",
        "## Vocabulary shortlist (`translate shortlist build`, `run --shortlist`)",
        "",
        f"- Shortlist of the opus-mt-shaped model: learned from its own forced-length outputs "
        f"on {size['sample']} German sentences (`scripts/tiny_pairs.tsv`), where its random "
        f"weights wrote only {size['written']} distinct tokens ({size['learned']:,} with "
        "punctuation, placeholders and its SentencePiece model's commonest tokens), then "
        f"filled up to **{size['tokens']:,} of {size['vocabulary']:,}** target tokens: an "
        "estimate of what the real model would keep for a news archive, not a measurement.",
        f"- Speed, default + shortlist against the default (`{default}`), beam {BEAMS}, paired "
        f"by repetition: **{figures.speedup:.2f}×**{spread}.",
        f"- Agreement on the tiny model's held-out fifth (learned from {chosen['learned']} "
        f"sentences, checked on {chosen['held_out']}): **{chosen['identical']} of "
        f"{chosen['held_out']} identical ({figures.agreement_share:.1%})**, with "
        f"{chosen['tokens']} of its {chosen['vocabulary']:,} tokens as `shortlist build` chose "
        "them. With fewer of the commonest English tokens added, fixed:",
        "",
        "| commonest English tokens added | shortlist tokens | identical held-out sentences |",
        "|---|---|---|",
    ]
    for row in figures.agreement[1:]:
        lines.append(
            f"| {row['share']:.0%} | {row['tokens']} | {row['identical']} of {row['held_out']} |"
        )
    lines += [
        "",
        "Speed against the full vocabulary at other shortlist sizes (one process, interleaved; "
        "median of the per-repetition ratios):",
        "",
        "| shortlist tokens | × full vocabulary | per repetition |",
        "|---|---|---|",
    ]
    for row in figures.sizes:
        each = ", ".join(f"{ratio:.2f}" for ratio in row["ratios"])
        lines.append(f"| {row['tokens']:,} | {row['ratio']:.2f} | {each} |")
    return lines


def sweep_section(sweep: list[dict[str, Any]]) -> list[str]:
    """The batch-shape sweep's table."""
    if not sweep:
        return []
    lines = [
        "",
        "## Batch shapes (ct2 int8, opus-mt-shaped model, beam 4, the article ×2)",
        "",
        "| shape | target tokens/s (median) | min – max | × default |",
        "|---|---|---|---|",
    ]
    default = next(row for row in sweep if row["default"])
    for row in sweep:
        marker = " **(default)**" if row["default"] else ""
        low, high = row["spread"]
        lines.append(
            f"| {row['shape']}{marker} | {row['tokens_per_s']:.1f} | {low:.0f} – {high:.0f} | "
            f"{row['tokens_per_s'] / default['tokens_per_s']:.2f} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark (or, with --worker, one configuration of it)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="one repetition (under 5 minutes)")
    parser.add_argument("--repeats", type=int, default=None, help="repetitions (default 3)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown report")
    parser.add_argument(
        "--only",
        nargs="*",
        default=None,
        help="run only these configurations (a report needs naive, ct2-int8 and "
        "ct2-int8-shortlist among them; without them, no report)",
    )
    parser.add_argument(
        "--sweep-only", action="store_true", help="run only the batch-shape sweep, and print it"
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--spawned-at", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(run_worker(args.worker, args.spawned_at or time.time())))
        return 0

    # transformers warns on every `generate` that max_new_tokens overrides the config's max_length.
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    repeats = args.repeats or (1 if args.quick else 3)
    names = args.only or [config.name for config in CONFIGS]
    load_before = os.getloadavg()
    if build_model():
        print(f"built {MODEL_DIR}", file=sys.stderr)
    conversion = convert_once()
    if args.sweep_only:
        print("\n".join(sweep_section(batch_sweep(repeats))))
        return 0
    size, learned = install_bench_shortlist(MODEL_DIR, TRAINING_PAIRS, TARGET_TOKENS_PER_WORD)
    print(f"shortlist: {size['tokens']:,} of {size['vocabulary']:,} tokens", file=sys.stderr)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for repeat in range(repeats):
        for name in names:
            result = spawn(name)
            runs[name].append(result)
            print(
                f"[{repeat + 1}/{repeats}] {name}: {result['tokens_per_s']:.1f} tok/s, "
                f"{result['peak_rss_mib']:.0f} MiB, load {result['load_s']:.1f} s",
                file=sys.stderr,
            )
    medians = median_results(runs)
    if not {"naive", default_config(), "ct2-int8-shortlist"} <= set(names):
        return 0
    startup = startup_times(10 if args.quick else 30)
    differences = int8_differences()
    default = default_config()
    ratios = [
        short["tokens_per_s"] / plain["tokens_per_s"]
        for short, plain in zip(runs["ct2-int8-shortlist"], runs[default], strict=True)
    ]
    sentences = article_sentences()
    targets = {sentence: forced_length(sentence) for sentence in sentences}
    sizes = size_sweep(MODEL_DIR, learned, sentences, targets, repeats=repeats)
    agreement = tiny_agreement(TINY_MARIAN, TRAINING_PAIRS, CT2_CACHE)
    shortlist = ShortlistFigures(size, ratios, agreement, sizes)
    sweep = batch_sweep(repeats)
    load_after = os.getloadavg()
    report = render(
        medians,
        repeats=repeats,
        quick=args.quick,
        startup=startup,
        differences=differences,
        conversion=conversion,
        load=(load_before, load_after),
        shortlist=shortlist,
        sweep=sweep,
    )
    from translate.files import write_text_atomic

    write_text_atomic(args.out, report)
    print(report)
    chosen, naive = medians[default], medians["naive"]
    speedup = chosen["tokens_per_s"] / naive["tokens_per_s"]
    rss_ratio = chosen["peak_rss_mib"] / naive["peak_rss_mib"]
    print(
        f"speedup_vs_naive={speedup:.1f} rss_ratio={rss_ratio:.2f} "
        f"shortlist_vs_default={shortlist.speedup:.2f} agreement={shortlist.agreement_share:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
