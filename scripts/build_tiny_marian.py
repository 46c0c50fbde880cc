"""Build the tiny German→English Marian model that the test-suite uses.

The model is real but tiny: SentencePiece vocabularies and a two-layer Marian
transformer are trained from scratch on the hand-written sentence pairs in
``scripts/tiny_pairs.tsv`` until every pair is reproduced exactly, both with the
saved beam-search generation config (``num_beams=4``) and with greedy decoding.
It translates nothing else sensibly; it exists so that tests exercise the real
``MarianTokenizer``/``MarianMTModel`` code paths offline and fast.

The layout mirrors ``Helsinki-NLP/opus-mt-de-en`` (separate ``source.spm`` and
``target.spm``, one shared ``vocab.json`` with ``</s>`` = 0, ``<unk>`` = 1 and
``<pad>`` last, tied embeddings, swish activation, scaled embeddings, sinusoidal
positions, beam 4, ``max_length`` 512); only the sizes differ.

The build is deterministic for a given seed on a given machine: running it twice
produces a byte-identical ``model.safetensors``.

Usage::

    python scripts/build_tiny_marian.py --out tests/fixtures/tiny-marian \
        [--pairs scripts/tiny_pairs.tsv] [--seed 0]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import sentencepiece as spm
import torch
from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

HERE = Path(__file__).resolve().parent
DEFAULT_PAIRS = HERE / "tiny_pairs.tsv"

EOS, UNK, PAD = "</s>", "<unk>", "<pad>"
SPM_VOCAB_SIZE = 800  # soft limit (hard_vocab_limit=False): the data decides the final size
THREADS = 1  # fixed, so that results do not depend on the machine's core count
BATCH_SIZE = 24
LEARNING_RATE = 2e-3
WARMUP_STEPS = 100
MAX_EPOCHS = 300  # the learning rate decays to FINAL_LR_FRACTION of its peak over these
FINAL_LR_FRACTION = 0.02
DROPOUT = 0.0  # the model must memorise its pairs, not generalise
CHECK_EVERY = 10  # epochs between exact-match checks once the loss is low
CHECK_BELOW_LOSS = 0.05
# Teacher-forced margin (logit of the reference token minus the best other logit) that every
# target position must reach before we stop: it keeps the memorised outputs stable against
# tiny numerical differences (other CPUs, other batch shapes).
MIN_MARGIN = 3.0
GEN_BATCH = 64
SENTENCE_END = (".", "!", "?", ".“", "!“", "?“")

MODEL_SIZES = {
    "d_model": 128,
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 4,
    "decoder_attention_heads": 4,
    "encoder_ffn_dim": 256,
    "decoder_ffn_dim": 256,
}


def log(message: str) -> None:
    """Print a progress line to stderr."""
    print(message, file=sys.stderr, flush=True)


def read_pairs(path: Path) -> list[tuple[str, str]]:
    """Read ``German<TAB>English`` lines, checking the format and that German lines are unique."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip() or not fields[1].strip():
            raise ValueError(f"{path}:{number}: expected 'German<TAB>English'")
        source, target = fields[0].strip(), fields[1].strip()
        if source in seen:
            raise ValueError(f"{path}:{number}: duplicate German sentence {source!r}")
        if not source.endswith(SENTENCE_END):
            raise ValueError(f"{path}:{number}: not a complete sentence: {source!r}")
        seen.add(source)
        pairs.append((source, target))
    if not pairs:
        raise ValueError(f"{path}: no sentence pairs")
    return pairs


def train_sentencepiece(sentences: Sequence[str], path: Path, seed: int) -> None:
    """Train a unigram SentencePiece model on ``sentences`` and write it to ``path``."""
    spm.set_random_generator_seed(seed + 1)  # 0 would mean "seed from the clock"
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=model,
        model_type="unigram",
        vocab_size=SPM_VOCAB_SIZE,
        hard_vocab_limit=False,
        character_coverage=1.0,
        num_threads=1,
        unk_id=0,
        eos_id=1,
        pad_id=2,
        bos_id=-1,
        unk_piece=UNK,
        eos_piece=EOS,
        pad_piece=PAD,
        minloglevel=2,
    )
    path.write_bytes(model.getvalue())


def normal_pieces(path: Path) -> list[str]:
    """Return the ordinary (non-special) pieces of a SentencePiece model, in id order."""
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return [
        processor.id_to_piece(i)
        for i in range(processor.get_piece_size())
        if not (processor.is_control(i) or processor.is_unknown(i) or processor.is_unused(i))
    ]


def build_vocab(source_spm: Path, target_spm: Path) -> dict[str, int]:
    """Shared Marian vocab: ``</s>`` 0, ``<unk>`` 1, source then target pieces, ``<pad>`` last."""
    tokens = [EOS, UNK]
    known = set(tokens)
    for piece in normal_pieces(source_spm) + normal_pieces(target_spm):
        if piece not in known and piece != PAD:
            known.add(piece)
            tokens.append(piece)
    tokens.append(PAD)
    return {token: index for index, token in enumerate(tokens)}


def make_tokenizer(source_spm: Path, target_spm: Path, vocab: Path) -> MarianTokenizer:
    """Create the Marian tokenizer.

    Its "install sacremoses" advice is silenced: the normaliser it would set up is never
    applied when tokenising.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        return MarianTokenizer(
            str(source_spm),
            str(target_spm),
            str(vocab),
            source_lang="de",
            target_lang="en",
            model_max_length=512,
        )


def make_model(vocab_size: int) -> MarianMTModel:
    """Create an untrained Marian model shaped like opus-mt-de-en, only much smaller."""
    pad_id = vocab_size - 1
    config = MarianConfig(
        vocab_size=vocab_size,
        decoder_vocab_size=vocab_size,
        max_position_embeddings=512,
        activation_function="swish",
        dropout=DROPOUT,
        attention_dropout=0.0,
        activation_dropout=0.0,
        init_std=0.02,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        bos_token_id=0,
        architectures=["MarianMTModel"],
        **MODEL_SIZES,
    )
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad_id]],
        bos_token_id=0,
        decoder_start_token_id=pad_id,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad_id,
        max_length=512,
        num_beams=4,
        renormalize_logits=True,
    )
    return model


def encode(
    tokenizer: MarianTokenizer, pairs: Sequence[tuple[str, str]]
) -> list[tuple[list[int], list[int]]]:
    """Token ids (each ending in ``</s>``) for every pair."""
    sources = [source for source, _ in pairs]
    targets = [target for _, target in pairs]
    batch = tokenizer(sources, text_target=targets)
    return list(zip(batch["input_ids"], batch["labels"], strict=True))


def collate(items: Sequence[tuple[list[int], list[int]]], pad_id: int) -> dict[str, torch.Tensor]:
    """Pad a batch: inputs with ``<pad>``, labels with -100 (ignored by the loss)."""
    source_len = max(len(source) for source, _ in items)
    target_len = max(len(target) for _, target in items)
    input_ids = torch.full((len(items), source_len), pad_id, dtype=torch.long)
    attention_mask = torch.zeros((len(items), source_len), dtype=torch.long)
    labels = torch.full((len(items), target_len), -100, dtype=torch.long)
    for row, (source, target) in enumerate(items):
        input_ids[row, : len(source)] = torch.tensor(source)
        attention_mask[row, : len(source)] = 1
        labels[row, : len(target)] = torch.tensor(target)
    return {"input_ids": input_ids, "attention_mask": attention_mask, "labels": labels}


@torch.no_grad()
def min_margin(
    model: MarianMTModel, data: Sequence[tuple[list[int], list[int]]], pad_id: int
) -> float:
    """Smallest teacher-forced gap between the reference token's logit and the best other one."""
    model.eval()
    smallest = float("inf")
    for start in range(0, len(data), GEN_BATCH):
        batch = collate(data[start : start + GEN_BATCH], pad_id)
        logits = model(**batch).logits
        labels = batch["labels"]
        mask = labels != -100
        gold = logits.gather(-1, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        others = logits.scatter(-1, labels.clamp(min=0).unsqueeze(-1), float("-inf"))
        gap = gold - others.max(dim=-1).values
        smallest = min(smallest, float(gap[mask].min()))
    return smallest


@torch.no_grad()
def translate(
    model: MarianMTModel, tokenizer: MarianTokenizer, sources: Sequence[str], num_beams: int
) -> list[str]:
    """Translate ``sources`` in batches with the model's generation config and ``num_beams``."""
    model.eval()
    outputs: list[str] = []
    for start in range(0, len(sources), GEN_BATCH):
        batch = tokenizer(
            list(sources[start : start + GEN_BATCH]), return_tensors="pt", padding=True
        )
        generated = model.generate(**batch, num_beams=num_beams)
        outputs.extend(tokenizer.batch_decode(generated, skip_special_tokens=True))
    return outputs


def exact_matches(
    model: MarianMTModel,
    tokenizer: MarianTokenizer,
    pairs: Sequence[tuple[str, str]],
    num_beams: int,
) -> list[tuple[str, str, str]]:
    """Return ``(source, expected, got)`` for every pair that is NOT reproduced exactly."""
    got = translate(model, tokenizer, [source for source, _ in pairs], num_beams)
    return [
        (source, target, output)
        for (source, target), output in zip(pairs, got, strict=True)
        if output != target
    ]


def check_all(
    model: MarianMTModel, tokenizer: MarianTokenizer, pairs: Sequence[tuple[str, str]]
) -> dict[str, list[tuple[str, str, str]]]:
    """Failures under greedy decoding and under the saved beam-search config."""
    greedy = exact_matches(model, tokenizer, pairs, num_beams=1)
    if greedy:  # beam search is slower; skip it until greedy decoding is perfect
        return {"greedy": greedy, "beam": []}
    beams = model.generation_config.num_beams
    return {"greedy": greedy, "beam": exact_matches(model, tokenizer, pairs, num_beams=beams)}


def learning_rate_factor(step: int, total_steps: int) -> float:
    """Linear warm-up, then cosine decay to ``FINAL_LR_FRACTION`` at ``total_steps``."""
    if step < WARMUP_STEPS:
        return (step + 1) / WARMUP_STEPS
    progress = min(1.0, (step - WARMUP_STEPS) / max(1, total_steps - WARMUP_STEPS))
    cosine = 0.5 * (1.0 + math.cos(math.pi * progress))
    return FINAL_LR_FRACTION + (1.0 - FINAL_LR_FRACTION) * cosine


def train(
    model: MarianMTModel,
    tokenizer: MarianTokenizer,
    pairs: Sequence[tuple[str, str]],
    seed: int,
) -> bool:
    """Train until every pair is reproduced exactly with margin; return whether that happened."""
    pad_id = model.config.pad_token_id
    assert isinstance(pad_id, int)
    data = encode(tokenizer, pairs)
    generator = torch.Generator().manual_seed(seed)
    parameters = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.0)
    steps_per_epoch = -(-len(data) // BATCH_SIZE)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, partial(learning_rate_factor, total_steps=MAX_EPOCHS * steps_per_epoch)
    )
    started = time.monotonic()
    for epoch in range(1, MAX_EPOCHS + 1):
        model.train()
        order = torch.randperm(len(data), generator=generator).tolist()
        total, count = 0.0, 0
        for start in range(0, len(order), BATCH_SIZE):
            batch = collate([data[i] for i in order[start : start + BATCH_SIZE]], pad_id)
            loss = model(**batch).loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(parameters, 1.0)
            optimizer.step()
            scheduler.step()
            total += float(loss) * len(batch["input_ids"])
            count += len(batch["input_ids"])
        mean_loss = total / count
        elapsed = time.monotonic() - started
        if epoch % CHECK_EVERY or mean_loss > CHECK_BELOW_LOSS:
            log(f"epoch {epoch:4d}  loss {mean_loss:.4f}  {elapsed:6.1f}s")
            continue
        margin = min_margin(model, data, pad_id)
        failures = check_all(model, tokenizer, pairs) if margin > 0 else None
        if failures is None:
            exact = "not checked (negative margin)"
        elif failures["greedy"]:
            exact = f"greedy {len(pairs) - len(failures['greedy'])}/{len(pairs)}"
        else:
            beam = len(pairs) - len(failures["beam"])
            exact = f"greedy {len(pairs)}/{len(pairs)}  beam {beam}/{len(pairs)}"
        log(
            f"epoch {epoch:4d}  loss {mean_loss:.4f}  margin {margin:6.2f}  exact {exact}  "
            f"{elapsed:6.1f}s"
        )
        if failures and not failures["greedy"] and not failures["beam"] and margin >= MIN_MARGIN:
            return True
    return False


def verify_saved(folder: Path, pairs: Sequence[tuple[str, str]]) -> None:
    """Reload the saved folder offline and require exact reproduction of every pair."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Recommended: pip install sacremoses")
        tokenizer = MarianTokenizer.from_pretrained(str(folder))
    model = MarianMTModel.from_pretrained(str(folder))
    if tokenizer.model_max_length != 512:
        raise SystemExit(
            f"error: saved tokenizer has model_max_length {tokenizer.model_max_length}"
        )
    failures = check_all(model, tokenizer, pairs)
    bad = failures["greedy"] + failures["beam"]
    if bad:
        for source, expected, got in bad[:10]:
            log(f"  {source!r}: expected {expected!r}, got {got!r}")
        raise SystemExit(f"error: the reloaded model does not reproduce {len(bad)} pair(s)")


def build(out: Path, pairs_path: Path, seed: int) -> None:
    """Train everything and move the finished model folder to ``out``."""
    random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(THREADS)

    pairs = read_pairs(pairs_path)
    log(f"{len(pairs)} sentence pairs from {pairs_path}")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the model folder is meant to be shared
    try:
        with tempfile.TemporaryDirectory() as work_dir:
            work = Path(work_dir)
            train_sentencepiece([s for s, _ in pairs], work / "source.spm", seed)
            train_sentencepiece([t for _, t in pairs], work / "target.spm", seed)
            vocab = build_vocab(work / "source.spm", work / "target.spm")
            (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False, indent=2))
            log(f"shared vocabulary: {len(vocab)} entries")
            tokenizer = make_tokenizer(
                work / "source.spm", work / "target.spm", work / "vocab.json"
            )
            model = make_model(len(vocab))
            log(f"model parameters: {sum(p.numel() for p in model.parameters()):,}")
            if not train(model, tokenizer, pairs, seed):
                raise SystemExit(
                    f"error: after {MAX_EPOCHS} epochs the model still does not reproduce every "
                    "training pair exactly (greedy and beam) with the required margin"
                )
            model.eval()
            model.save_pretrained(str(staging))
            tokenizer.save_pretrained(str(staging))
        verify_saved(staging, pairs)
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            out.rename(old / out.name)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    size = sum(f.stat().st_size for f in out.iterdir())
    log(f"wrote {out} ({size / 1e6:.2f} MB): all {len(pairs)} pairs reproduced exactly")


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="output model folder")
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="German<TAB>English")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    build(args.out, args.pairs, args.seed)
    log(f"done in {time.monotonic() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
