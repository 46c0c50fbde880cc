"""Build the tiny summary models that the abstractive-summary tests run on.

No model can be downloaded where this project is tested, so the tests run the real
`transformers` generation code on two models the repository builds itself, one of each kind the
summariser supports: `--kind gpt2`, a causal two-layer GPT-2 with a chat template (`<|user|>` …
`<|end|>` `<|assistant|>`), and `--kind t5`, a two-layer T5 (seq2seq). Each gets its own
byte-level BPE tokenizer trained on the examples below and is trained until greedy decoding gives
every example's answer exactly. The prompts are rendered from
`tests/fixtures/tiny-summary-prompt.txt` with the English that the tiny Marian model produces for
the German test articles, so a test can run the whole pipeline (German → tiny Marian → prompt →
this model → cleaned summary) and know the answer.

Some answers are meant to be cleaned: one starts with a "Summary:" label, repeats a sentence and
ends in a half sentence. Anything else the model writes is deterministic noise.

    python scripts/build_tiny_summariser.py --kind gpt2 --out tests/fixtures/tiny-summariser
    python scripts/build_tiny_summariser.py --kind t5 --out tests/fixtures/tiny-summariser-t5

Each takes well under a minute on one CPU thread; the same seed on the same machine gives the same
weights. The saved folder is reloaded and checked before it replaces the old one.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
from transformers import (
    AutoModelForCausalLM,
    AutoModelForSeq2SeqLM,
    AutoTokenizer,
    GPT2Config,
    GPT2LMHeadModel,
    PreTrainedModel,
    PreTrainedTokenizerFast,
    T5Config,
    T5ForConditionalGeneration,
)

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from translate.summary.prompts import load_template  # noqa: E402

TEMPLATE = REPO / "tests" / "fixtures" / "tiny-summary-prompt.txt"
KINDS = ("gpt2", "t5")
# Token ids 0 and 1 in both vocabularies: padding and end of text.
PAD, END = "<pad>", "</s>"
CHAT_TOKENS = ["<|user|>", "<|assistant|>", "<|system|>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}<|{{ message['role'] }}|>\n{{ message['content'] }}</s>\n"
    "{% endfor %}{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)
VOCAB_SIZE = 400
INPUT_LIMIT = 512
THREADS = 1
LEARNING_RATE = 3e-3
MAX_STEPS = 3000
CHECK_EVERY = 50
# Teacher-forced logit margin every answer token must reach, so greedy decoding stays the same
# on other CPUs.
MIN_MARGIN = 4.0
GPT2_SIZES = {"n_embd": 64, "n_layer": 2, "n_head": 2, "n_inner": 128, "n_positions": INPUT_LIMIT}
T5_SIZES = {"d_model": 64, "d_kv": 16, "d_ff": 128, "num_layers": 2, "num_heads": 4}

# (title, English article, answer). The first two articles are what tests/fixtures/tiny-marian
# makes of the German test articles in tests/test_abstractive.py.
EXAMPLES = (
    (
        "bericht",
        "The government passed a new law on 3 October. Dr. Müller works in Berlin. "
        "The town has 5,000 inhabitants.\n\n"
        'He said: "We are coming tomorrow." Where is the station? That is good news!',
        "The government passed a new law on 3 October. The town has 5,000 inhabitants.",
    ),
    (
        "schule",
        "The mayor opened the new school on Monday. The children are playing in the garden.\n\n"
        "The pupils are writing an exam tomorrow. The weather is nice today.",
        "Summary: The mayor opened the new school on Monday. The mayor opened the new school "
        "on Monday. The pupils are writing an exam tomorrow. The children are playing in the",
    ),
    (
        "wetter",
        "The storm has knocked down many trees. The airport was closed because of fog.",
        "The storm has knocked down many trees.",
    ),
)

Example = tuple[list[int], list[int]]


def log(message: str) -> None:
    """Print a progress line to stderr."""
    print(message, file=sys.stderr, flush=True)


def prompts() -> list[str]:
    """Each example's prompt, rendered from the fixture template."""
    template = load_template(str(TEMPLATE))
    return [
        template.render(text=text, title=title, words=0, sentences=0) for title, text, _ in EXAMPLES
    ]


def make_tokenizer(kind: str, corpus: list[str]) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer trained on the examples.

    The GPT-2 one has the chat template; the T5 one ends every input with `</s>`, as T5's does.
    """
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=[PAD, END, *(CHAT_TOKENS if kind == "gpt2" else [])],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(corpus, trainer=trainer)
    if kind == "t5":
        tokenizer.post_processor = processors.TemplateProcessing(
            single=f"$A {END}", special_tokens=[(END, 1)]
        )
    wrapped = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, pad_token=PAD, eos_token=END, model_max_length=INPUT_LIMIT
    )
    if kind == "gpt2":
        wrapped.chat_template = CHAT_TEMPLATE
    return wrapped


def model_input(kind: str, tokenizer: PreTrainedTokenizerFast, prompt: str) -> list[int]:
    """The token ids the model reads for `prompt` (the chat template for GPT-2)."""
    if kind == "t5":
        return list(tokenizer(prompt)["input_ids"])
    chat = tokenizer.apply_chat_template(
        [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
    )
    return list(tokenizer(str(chat), add_special_tokens=False)["input_ids"])


def encode_examples(
    kind: str, tokenizer: PreTrainedTokenizerFast, user_messages: list[str]
) -> list[Example]:
    """(input ids, answer ids + end) per example."""
    encoded = []
    for message, (_, _, answer) in zip(user_messages, EXAMPLES, strict=True):
        answer_ids = tokenizer(answer, add_special_tokens=False)["input_ids"]
        encoded.append((model_input(kind, tokenizer, message), [*answer_ids, 1]))
    return encoded


def make_model(kind: str, vocab_size: int) -> PreTrainedModel:
    """A fresh tiny model of `kind`; padding is id 0, end of text id 1, no dropout."""
    if kind == "gpt2":
        return GPT2LMHeadModel(
            GPT2Config(
                vocab_size=vocab_size,
                bos_token_id=1,
                eos_token_id=1,
                pad_token_id=0,
                resid_pdrop=0.0,
                embd_pdrop=0.0,
                attn_pdrop=0.0,
                **GPT2_SIZES,
            )
        )
    return T5ForConditionalGeneration(
        T5Config(
            vocab_size=vocab_size,
            pad_token_id=0,
            eos_token_id=1,
            decoder_start_token_id=0,
            dropout_rate=0.0,
            **T5_SIZES,
        )
    )


def answer_logits(kind: str, model: PreTrainedModel, example: Example) -> Any:
    """Teacher-forced logits for each answer token (the loss is on these only)."""
    prompt, answer = example
    if kind == "t5":
        output = model(input_ids=torch.tensor([prompt]), labels=torch.tensor([answer]))
        return output.logits[0]
    return model(torch.tensor([prompt + answer])).logits[0, len(prompt) - 1 : -1]


def smallest_margin(kind: str, model: PreTrainedModel, examples: list[Example]) -> float:
    """The smallest margin of a right answer token's logit over the best wrong one."""
    smallest = float("inf")
    with torch.no_grad():
        for example in examples:
            logits = answer_logits(kind, model, example).clone()
            target = torch.tensor(example[1])
            right = logits.gather(1, target[:, None])[:, 0]
            logits[torch.arange(len(target)), target] = -float("inf")
            smallest = min(smallest, float((right - logits.max(dim=1).values).min()))
    return smallest


def train(kind: str, vocab_size: int, examples: list[Example], seed: int) -> PreTrainedModel:
    """Train until every answer token wins by at least MIN_MARGIN."""
    torch.manual_seed(seed)
    random.seed(seed)
    model = make_model(kind, vocab_size)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.0)
    loss_function = torch.nn.CrossEntropyLoss()
    for step in range(1, MAX_STEPS + 1):
        model.train()
        optimiser.zero_grad()
        total = sum(
            (
                loss_function(answer_logits(kind, model, example), torch.tensor(example[1]))
                for example in examples
            ),
            torch.zeros(()),
        )
        total.backward()
        optimiser.step()
        if step % CHECK_EVERY == 0:
            model.eval()
            margin = smallest_margin(kind, model, examples)
            loss = float(total.detach()) / len(examples)
            log(f"step {step}: loss {loss:.4f}, margin {margin:.2f}")
            if margin >= MIN_MARGIN:
                return model
    raise SystemExit(f"build_tiny_summariser: no exact fit after {MAX_STEPS} steps")


def check(kind: str, folder: Path, user_messages: list[str]) -> None:
    """Reload the saved model offline and check greedy generation gives every answer."""
    tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
    auto = AutoModelForSeq2SeqLM if kind == "t5" else AutoModelForCausalLM
    model = auto.from_pretrained(folder, local_files_only=True).eval()
    for message, (_, _, answer) in zip(user_messages, EXAMPLES, strict=True):
        ids = torch.tensor([model_input(kind, tokenizer, message)])
        with torch.no_grad():
            output = model.generate(
                input_ids=ids,
                attention_mask=torch.ones_like(ids),
                max_new_tokens=80,
                do_sample=False,
                num_beams=1,
            )
        new = output[0] if kind == "t5" else output[0, ids.shape[1] :]
        got = tokenizer.decode(new, skip_special_tokens=True)
        if got != answer:
            raise SystemExit(f"build_tiny_summariser: reloaded model says {got!r}, not {answer!r}")


def main(argv: list[str] | None = None) -> None:
    """Build, save, reload, check, then move the model into place."""
    parser = argparse.ArgumentParser(description="Build a tiny summary model for the tests.")
    parser.add_argument("--kind", choices=KINDS, required=True, help="gpt2 (causal) or t5")
    parser.add_argument("--out", type=Path, required=True, help="model folder to (re)place")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    torch.set_num_threads(THREADS)

    user_messages = prompts()
    tokenizer = make_tokenizer(args.kind, [*user_messages, *(answer for _, _, answer in EXAMPLES)])
    examples = encode_examples(args.kind, tokenizer, user_messages)
    log(f"vocabulary {len(tokenizer)}, longest example {max(len(p) + len(a) for p, a in examples)}")
    model = train(args.kind, len(tokenizer), examples, args.seed)
    model.generation_config.do_sample = False
    model.generation_config.pad_token_id = 0
    model.generation_config.eos_token_id = 1
    model.generation_config.decoder_start_token_id = 0 if args.kind == "t5" else None

    args.out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{args.out.name}.", dir=args.out.parent))
    try:
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        check(args.kind, staging, user_messages)
        staging.chmod(0o755)
        if args.out.exists():
            shutil.rmtree(args.out)
        staging.rename(args.out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log(f"saved to {args.out}")


if __name__ == "__main__":
    main()
