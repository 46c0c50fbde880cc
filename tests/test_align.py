import pytest

from translate.align.pairing import align
from translate.document import Sentence, Translation


def test_pairs_keep_ids_and_order() -> None:
    sentences = [Sentence(1, 1, "Eins."), Sentence(1, 2, "Zwei."), Sentence(2, 1, "Drei.")]
    translations = [Translation("One."), Translation("Two.", pieces=2), Translation("Three.")]
    document = align("zahlen", sentences, translations)
    assert [(p.id, p.source, p.target) for p in document.pairs] == [
        ("p1.s1", "Eins.", "One."),
        ("p1.s2", "Zwei.", "Two."),
        ("p2.s1", "Drei.", "Three."),
    ]
    assert document.pairs[1].pieces == 2
    assert [[p.id for p in group] for group in document.paragraphs()] == [
        ["p1.s1", "p1.s2"],
        ["p2.s1"],
    ]


def test_count_mismatch_is_an_error_not_a_shift() -> None:
    with pytest.raises(ValueError, match="2 sentences but 1 translations"):
        align("x", [Sentence(1, 1, "Eins."), Sentence(1, 2, "Zwei.")], [Translation("One.")])


def test_pairs_carry_confidence_and_review_flags() -> None:
    sentences = [
        Sentence(1, 1, "Der Hund schläft."),
        Sentence(1, 2, "Die Bürgerinitiative kritisiert die Pläne scharf."),
    ]
    translations = [
        Translation("The dog sleeps.", confidence=-2.0),
        Translation("Die Bürgerinitiative kritisiert die Pläne scharf.", pieces=2),
    ]
    first, second = align("x", sentences, translations).pairs
    assert (first.confidence, first.flags) == (-2.0, ("low-confidence",))
    assert second.flags == ("untranslated", "split-to-fit")
    relaxed = align("x", sentences[:1], translations[:1], confidence_threshold=-3.0)
    assert relaxed.pairs[0].flags == ()
