"""Word alignment: subword pieces to words, and links from one attention head."""

from translate.engines.wordalign import word_indices, word_links


def test_pieces_belong_to_the_word_their_space_starts() -> None:
    pieces = ["▁D", "as", "▁We", "t", "ter", "▁", "ist", "▁schön", "."]
    assert word_indices(pieces) == [0, 0, 1, 1, 1, 2, 2, 3, 3]
    assert word_indices(["heute", "▁ja"]) == [0, 1]  # no leading space: still word 0


def test_each_english_piece_links_to_the_german_piece_it_attends_to_most() -> None:
    source = ["▁Der", "▁Hund", "▁schl", "äft", "."]  # Der Hund schläft.
    target = ["▁The", "▁dog", "▁sleep", "s", "."]  # The dog sleeps.
    attention = [
        [0.7, 0.1, 0.1, 0.0, 0.0, 0.1],  # The -> Der
        [0.1, 0.8, 0.0, 0.0, 0.0, 0.1],  # dog -> Hund
        [0.0, 0.0, 0.3, 0.6, 0.0, 0.1],  # sleep -> äft (schläft)
        [0.0, 0.0, 0.9, 0.0, 0.0, 0.1],  # s -> schl (schläft)
        [0.0, 0.1, 0.0, 0.0, 0.2, 0.7],  # . -> the end of sentence column is ignored: "."
        [0.0, 0.0, 0.0, 0.0, 0.0, 1.0],  # </s> row: ignored
    ]
    assert word_links(source, target, attention, source_words=3, target_words=3) == (
        (0, 0),
        (1, 1),
        (2, 2),
    )


def test_links_past_the_words_shown_are_dropped() -> None:
    links = word_links(["▁a", "▁b"], ["▁x", "▁y"], [[1, 0], [0, 1]], source_words=1, target_words=2)
    assert links == ((0, 0),)
