"""Token bookkeeping both engines share: how long an output may get, and encodings kept once.

The batch planner counts each sentence's tokens before translating it; the memo keeps those
encodings so that translating the sentence does not tokenise it a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

# Output budget per batch: generous for German->English (English is rarely longer in tokens),
# but it stops a degenerate repetition loop long before the model's 512-token limit.
_OUTPUT_TOKENS_PER_INPUT_TOKEN = 2
_OUTPUT_TOKENS_MARGIN = 16
# Texts whose encodings are kept between counting their tokens and translating them.
_MEMO_LIMIT = 4096

T = TypeVar("T")


def output_budget(longest_input: int, input_limit: int) -> int:
    """The most tokens to generate for a batch whose longest input has `longest_input` tokens."""
    return min(input_limit, longest_input * _OUTPUT_TOKENS_PER_INPUT_TOKEN + _OUTPUT_TOKENS_MARGIN)


class EncodingMemo(Generic[T]):
    """Encodings of recent texts: counting a text's tokens and translating it tokenise once."""

    def __init__(self, limit: int = _MEMO_LIMIT) -> None:
        self._items: dict[str, T] = {}
        self._limit = limit

    def get(self, texts: Sequence[str], encode: Callable[[list[str]], list[T]]) -> list[T]:
        """The encodings of `texts`, encoding (in one call) only those not seen before."""
        known = {text: self._items[text] for text in texts if text in self._items}
        missing = [text for text in dict.fromkeys(texts) if text not in known]
        if missing:
            if len(self._items) + len(missing) > self._limit:
                self._items.clear()
            known.update(zip(missing, encode(missing), strict=True))
            self._items.update((text, known[text]) for text in missing)
        return [known[text] for text in texts]

    def take(self, texts: Sequence[str], encode: Callable[[list[str]], list[T]]) -> list[T]:
        """Like `get`, and forget the texts: each is translated once."""
        encodings = self.get(texts, encode)
        for text in texts:
            self._items.pop(text, None)
        return encodings
