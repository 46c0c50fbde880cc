import logging

import pytest
from conftest import training_pairs

from translate.engines.batching import split_to_fit, translate_sentences
from translate.engines.torch_engine import MarianTranslator


def _words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("a b c", 3, ["a b c"]),
        ("a b; c d; e f", 4, ["a b; c d;", "e f"]),
        ("a b: c d, e f", 2, ["a b:", "c d,", "e f"]),
        ("a, b c d e", 2, ["a,", "b c", "d e"]),
        ("eins zwei drei vier fünf", 2, ["eins zwei", "drei vier", "fünf"]),
    ],
)
def test_split_prefers_clause_breaks_then_words(text: str, limit: int, pieces: list[str]) -> None:
    assert split_to_fit(text, limit, _words) == pieces


def test_split_falls_back_to_characters() -> None:
    pieces = split_to_fit("abcdefgh", 2, len)
    assert "".join(pieces) == "abcdefgh"
    assert all(len(piece) <= 2 for piece in pieces)


def test_training_sentences_translate_exactly(tiny_marian: MarianTranslator) -> None:
    pairs = training_pairs()[:40]
    translations = translate_sentences(
        [de for de, _ in pairs], tiny_marian, num_beams=4, batch_size=7
    )
    assert [t.text for t in translations] == [en for _, en in pairs]
    assert all(t.pieces == 1 for t in translations)


def test_order_is_restored_and_duplicates_agree(tiny_marian: MarianTranslator) -> None:
    sentences = [
        "Der Hund schläft.",
        "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen.",
        "Der Hund schläft.",
        "Wo ist der Bahnhof?",
    ]
    translations = translate_sentences(sentences, tiny_marian, num_beams=1, batch_size=2)
    assert [t.text for t in translations] == [
        "The dog sleeps.",
        "The government passed a new law on 3 October.",
        "The dog sleeps.",
        "Where is the station?",
    ]


def test_empty_input(tiny_marian: MarianTranslator) -> None:
    assert translate_sentences([], tiny_marian, num_beams=4) == []


def test_sentence_over_the_input_limit_is_cut_not_truncated(
    tiny_marian: MarianTranslator, caplog: pytest.LogCaptureFixture
) -> None:
    long_sentence = ", ".join(["der Hund schläft im Garten"] * 150) + "."
    limit = tiny_marian.input_limit
    assert tiny_marian.count_tokens([long_sentence])[0] > limit
    pieces = split_to_fit(long_sentence, limit, lambda text: tiny_marian.count_tokens([text])[0])
    # Each clause is 9 SentencePiece pieces ("▁d er ▁Hund ▁sch lä ft ▁im ▁Garten ,"); with
    # `</s>`, 56 clauses take 505 of the 512 tokens and 57 would take 514: 56 + 56 + 38.
    assert [piece.count("Hund") for piece in pieces] == [56, 56, 38]
    assert all(tiny_marian.count_tokens([piece])[0] <= limit for piece in pieces)
    assert " ".join(pieces) == long_sentence
    assert all(piece.endswith((",", ".")) for piece in pieces)  # cut at clause breaks

    with caplog.at_level(logging.WARNING, logger="translate"):
        [translation] = translate_sentences([long_sentence], tiny_marian, num_beams=1)
    assert translation.pieces == 3
    assert "512-token input limit" in caplog.text
    assert "in 3 pieces" in caplog.text


# Words the tiny model never saw in this order: it still answers, but less sure of itself.
UNSEEN = "Quantenchromodynamik bleibt für viele Studierende rätselhaft."


def test_confidence_is_higher_for_what_the_model_knows(tiny_marian: MarianTranslator) -> None:
    known, unknown = translate_sentences(["Der Hund schläft.", UNSEEN], tiny_marian, num_beams=4)
    assert known.confidence is not None and unknown.confidence is not None
    assert -0.05 < known.confidence <= 0.0  # a memorised sentence: near-certain
    assert unknown.confidence < known.confidence - 0.1


def test_a_sentence_cut_in_pieces_keeps_its_least_sure_piece(
    tiny_marian: MarianTranslator,
) -> None:
    long_sentence = ", ".join(["der Hund schläft im Garten"] * 150) + "."
    [whole] = translate_sentences([long_sentence], tiny_marian, num_beams=1)
    pieces = split_to_fit(
        long_sentence, tiny_marian.input_limit, lambda text: tiny_marian.count_tokens([text])[0]
    )
    scored = tiny_marian.translate_scored(pieces, num_beams=1)
    assert whole.confidence == pytest.approx(min(score for _, score in scored if score is not None))
