"""An abstractive English summary written by a Hugging Face model from a prompt template.

Two kinds of model work: a seq2seq model (T5, BART), whose input is the rendered prompt, and a
causal model, whose prompt goes through the tokenizer's chat template when it has one (instruct
models such as Qwen2.5-Instruct). Generation is greedy, so the same input gives the same summary,
and bounded: at most `max_new_tokens(words)` new tokens. The text that comes back is cleaned: an
echoed prompt or a leading "Summary:" label is removed, a repeated sentence is dropped, and so is
a half sentence at the end, which is what a bounded generation usually stops in.

torch and transformers are imported inside the functions that need them, never at import time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translate.document import AlignedDocument, ModelInfo, Summary, SummarySentence
from translate.engines import resolve_model, torch_device
from translate.errors import ModelUnavailableError, UsageError, first_line
from translate.options import Device
from translate.summary.cleaning import CUT, clean_summary
from translate.summary.prompts import PromptTemplate, fit_prompt

if TYPE_CHECKING:
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

logger = logging.getLogger(__name__)

METHOD = "abstractive"
OPTION = "--summary-model"
# The word budget when only a sentence count is given: a news sentence is about 25 words.
WORDS_PER_SENTENCE = 25
# New tokens allowed per budget word: subword tokenizers need 1.3-1.6 tokens for an English
# word, more for names and figures; the rest is margin, and cleaning cuts to the budget anyway.
TOKENS_PER_WORD = 2
TOKENS_MARGIN = 8
# When neither the tokenizer nor the config states an input limit (T5's relative positions).
FALLBACK_INPUT_LIMIT = 512
# A tokenizer's model_max_length above this is transformers' "no limit" sentinel.
_NO_LIMIT = 1_000_000


def max_new_tokens(words: int) -> int:
    """The generation bound for a summary of `words` words."""
    return words * TOKENS_PER_WORD + TOKENS_MARGIN


def word_budget(*, sentences: int, words: int | None) -> int:
    """The summary length in words: `words` when given, else 25 per sentence."""
    return words if words is not None else sentences * WORDS_PER_SENTENCE


@dataclass(frozen=True, slots=True)
class Generation:
    """One model call: the input the model read (its token ids decoded), the bounds, the output.

    `new_tokens` counts the tokens generated, special ones (end of text, padding) left out.
    """

    model_input: str
    input_tokens: int
    max_new_tokens: int
    new_tokens: int
    output: str


@dataclass
class SummaryModel:
    """A loaded summary model, its tokenizer and the prompt template it is run with."""

    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    template: PromptTemplate
    info: ModelInfo
    device: str
    seq2seq: bool

    @classmethod
    def load(
        cls, name: str, template: PromptTemplate, *, device: Device | str = Device.auto
    ) -> SummaryModel:
        """Resolve `name` (hub id or folder) and load it for greedy generation on `device`."""
        info = resolve_model(name, option=OPTION)
        import transformers
        from safetensors import SafetensorError

        transformers.utils.logging.disable_progress_bar()
        try:
            config = transformers.AutoConfig.from_pretrained(info.path, local_files_only=True)
            seq2seq = bool(getattr(config, "is_encoder_decoder", False))
            auto = (
                transformers.AutoModelForSeq2SeqLM if seq2seq else transformers.AutoModelForCausalLM
            )
            tokenizer = transformers.AutoTokenizer.from_pretrained(info.path, local_files_only=True)
            model = auto.from_pretrained(info.path, local_files_only=True)
        except (OSError, ValueError, KeyError, RuntimeError, SafetensorError) as error:
            raise ModelUnavailableError(
                f"summary model {name} at {info.path} cannot be loaded as a seq2seq or causal "
                f"language model ({first_line(error)}); the copy may be incomplete or of another "
                f"kind: download it again or pass another {OPTION}."
            ) from None
        chosen = torch_device(device)
        model.to(chosen.value)
        model.eval()
        return cls(
            model=model,
            tokenizer=tokenizer,
            template=template,
            info=info,
            device=chosen.value,
            seq2seq=seq2seq,
        )

    @property
    def input_limit(self) -> int:
        """The most prompt tokens the model takes (for a causal model, with its answer)."""
        limits = [
            int(value)
            for value in (
                self.tokenizer.model_max_length,
                getattr(self.model.config, "max_position_embeddings", None),
                getattr(self.model.config, "n_positions", None),
            )
            if isinstance(value, int) and 0 < value < _NO_LIMIT
        ]
        return min(limits) if limits else FALLBACK_INPUT_LIMIT

    def model_input(self, prompt: str) -> str:
        """The exact text the model reads: the prompt, in the chat template where there is one."""
        if self.seq2seq or not getattr(self.tokenizer, "chat_template", None):
            return prompt
        messages = [{"role": "user", "content": prompt}]
        text = self.tokenizer.apply_chat_template(
            messages, tokenize=False, add_generation_prompt=True
        )
        return str(text)

    def count_tokens(self, prompt: str) -> int:
        """Tokens of `prompt` as the model will read it."""
        return len(self._encode(self.model_input(prompt))["input_ids"][0])

    def _encode(self, model_input: str) -> Any:
        # A chat template already holds the special tokens the model expects.
        special = self.seq2seq or not getattr(self.tokenizer, "chat_template", None)
        return self.tokenizer(model_input, return_tensors="pt", add_special_tokens=special)

    def generate(self, prompt: str, *, new_tokens: int) -> Generation:
        """Greedy generation of at most `new_tokens` tokens; only the new tokens are decoded."""
        import torch

        model_input = self.model_input(prompt)
        batch = self._encode(model_input).to(self.device)
        input_length = int(batch["input_ids"].shape[1])
        eos = self.tokenizer.eos_token_id
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else eos
        with torch.inference_mode():
            output = self.model.generate(
                **batch,
                max_new_tokens=new_tokens,
                do_sample=False,
                num_beams=1,
                pad_token_id=pad,
            )
        generated = output[0] if self.seq2seq else output[0, input_length:]
        special = set(self.tokenizer.all_special_ids)
        produced = [int(token) for token in generated if int(token) not in special]
        return Generation(
            model_input=self.tokenizer.decode(batch["input_ids"][0]),
            input_tokens=input_length,
            max_new_tokens=new_tokens,
            new_tokens=len(produced),
            output=self.tokenizer.decode(produced, skip_special_tokens=True),
        )

    def summarise(
        self, document: AlignedDocument, *, sentences: int, words: int | None
    ) -> tuple[Summary, Generation]:
        """The model's summary of `document` within the budget, and the generation behind it."""
        budget = word_budget(sentences=sentences, words=words)
        new_tokens = max_new_tokens(budget)
        room = self.prompt_room(budget)
        prompt = fit_prompt(document, self.template, self.count_tokens, room, budget, sentences)
        generation = self.generate(prompt, new_tokens=new_tokens)
        cleaned = clean_summary(generation.output, prompt=prompt, words=budget)
        if not cleaned:
            logger.warning(
                "%s: the summary model %s returned no usable text", document.name, self.info.name
            )
        elif cleaned[-1].endswith(CUT):
            logger.warning(
                "%s: the summary model stopped at its %d-token bound inside its first sentence; "
                "give it more --summary-words",
                document.name,
                new_tokens,
            )
        summary = self._summary(cleaned, budget)
        return summary, generation

    def prompt_room(self, words: int) -> int:
        """Tokens left for the prompt: a causal model's input holds its answer too."""
        return self.input_limit - (0 if self.seq2seq else max_new_tokens(words))

    def check_budget(self, *, sentences: int, words: int | None) -> None:
        """Raise `UsageError` when the budget leaves no room for any article in the prompt."""
        budget = word_budget(sentences=sentences, words=words)
        empty = self.template.render(text="", title="", words=budget, sentences=sentences)
        room = self.prompt_room(budget)
        if self.count_tokens(empty) >= room:
            raise UsageError(
                f"a {budget}-word summary leaves no room for the article in the summary model "
                f"{self.info.name}'s {self.input_limit}-token input (the prompt template "
                f"{self.template.name} and the answer take it all); ask for fewer "
                "--summary-words or --summary-sentences."
            )

    def signature(self, *, sentences: int, words: int | None) -> str:
        """The signature its summaries get (`Summary.signature`) with this budget."""
        return self._summary([], word_budget(sentences=sentences, words=words)).signature()

    def _summary(self, sentences: list[str], words: int) -> Summary:
        return Summary(
            sentences=tuple(SummarySentence(text=text, pair_id=None) for text in sentences),
            method=METHOD,
            budget=f"words:{words}",
            model=self.info.name,
            model_revision=self.info.revision,
            template=self.template.name,
            template_sha256=self.template.sha256,
        )
