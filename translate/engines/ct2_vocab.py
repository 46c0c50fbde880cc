"""Marian's tokenisation for the ct2 engine: SentencePiece and `vocab.json`, no transformers.

Translating with CTranslate2 then imports neither torch nor transformers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from translate.engines.hub import read_model_json
from translate.errors import ModelUnavailableError, first_line

if TYPE_CHECKING:
    import sentencepiece


@dataclass
class MarianVocabulary:
    """Marian's tokenisation without transformers: SentencePiece pieces mapped by `vocab.json`.

    Matches transformers' `MarianTokenizer` for the shared-vocabulary models (opus-mt-de-en):
    source SentencePiece pieces, unknown pieces as `<unk>`, `</s>` appended; decoding drops the
    special tokens and joins the pieces with the target SentencePiece model.
    """

    source: sentencepiece.SentencePieceProcessor
    target: sentencepiece.SentencePieceProcessor
    vocab: frozenset[str]
    eos: str = "</s>"
    unk: str = "<unk>"
    pad: str = "<pad>"
    special: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.special = frozenset({self.eos, self.unk, self.pad})

    @classmethod
    def load(cls, folder: Path) -> MarianVocabulary:
        """Read `source.spm`, `target.spm`, `vocab.json` and the special tokens from `folder`."""
        import sentencepiece

        settings = read_model_json(folder / "tokenizer_config.json")
        if settings.get("separate_vocabs"):
            raise ModelUnavailableError(
                f"model folder {folder} has separate source and target vocabularies, which the "
                "ct2 engine does not support yet; use --engine torch."
            )
        processors = []
        for name in ("source.spm", "target.spm"):
            processor = sentencepiece.SentencePieceProcessor()
            try:
                processor.Load(str(folder / name))
            except (OSError, RuntimeError) as error:  # missing, or not a SentencePiece model
                raise ModelUnavailableError(
                    f"{folder / name} cannot be loaded as a SentencePiece model "
                    f"({first_line(error)}); download the model again."
                ) from None
            processors.append(processor)
        vocab = frozenset(read_model_json(folder / "vocab.json"))
        return cls(
            source=processors[0],
            target=processors[1],
            vocab=vocab,
            eos=_token(settings.get("eos_token"), "</s>"),
            unk=_token(settings.get("unk_token"), "<unk>"),
            pad=_token(settings.get("pad_token"), "<pad>"),
        )

    def encode(self, text: str) -> list[str]:
        """The source tokens of `text`, `</s>` included (a leading `>>xx<<` code kept whole)."""
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        pieces = self.source.encode(text, out_type=str)
        return [*code, *(piece if piece in self.vocab else self.unk for piece in pieces), self.eos]

    def decode(self, tokens: Sequence[str]) -> str:
        """The text of target tokens, special tokens skipped."""
        pieces = [token for token in tokens if token not in self.special]
        text: str = self.target.decode_pieces(pieces)
        return text.replace("\u2581", " ").strip()


def _token(value: object, default: str) -> str:
    """A special token from tokenizer_config.json: a string or an AddedToken-like dict."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    return default
