"""Numbers written as words, in German and in English.

German writes a number as one word (`zweihundertfünfzig`), so it is parsed from its parts;
English writes it as a phrase (`two hundred and fifty`), which `english_phrase` splits into the
numbers it holds. Pure tables and functions; `translate.align.numbers` decides what counts.
"""

from __future__ import annotations

from decimal import Decimal

GERMAN_UNITS = {
    "null": 0,
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
}
GERMAN_TENS = {
    "zwanzig": 20,
    "dreißig": 30,
    "dreissig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "sechzig": 60,
    "siebzig": 70,
    "achtzig": 80,
    "neunzig": 90,
}
# German ordinal stems that are not the cardinal itself (`erste`, `dritte`, `siebte`, `achte`).
_GERMAN_ORDINAL_STEMS = {"ers": 1, "drit": 3, "sieb": 7, "ach": 8}
_GERMAN_ORDINAL_ENDINGS = ("sten", "ster", "stes", "stem", "ste", "ten", "ter", "tes", "tem", "te")

ENGLISH_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
ENGLISH_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
ENGLISH_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
ENGLISH_MULTIPLIERS = {"hundred": 100, "dozen": 12}
ENGLISH_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# German `Billion` is an English trillion: the classic number error of German-English MT.
GERMAN_SCALES = {
    "tsd": 10**3,
    "tausend": 10**3,
    "mio": 10**6,
    "million": 10**6,
    "millionen": 10**6,
    "mrd": 10**9,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "bio": 10**12,
    "billion": 10**12,
    "billionen": 10**12,
}
ENGLISH_NUMBER_WORDS: tuple[str, ...] = tuple(
    sorted(
        {*ENGLISH_UNITS, *ENGLISH_TENS, *ENGLISH_ORDINALS, *ENGLISH_MULTIPLIERS, *ENGLISH_SCALES},
        key=lambda word: (-len(word), word),
    )
)
ENGLISH_DECADES = {f"{word[:-1]}ies": value for word, value in ENGLISH_TENS.items()}


def german_cardinal(word: str) -> Decimal | None:
    """The value of a German number word (`zweihundertfünfzig` → 250), else None.

    `word` is casefolded. `ein`/`eine` alone are the article, not parsed here; `zweieinhalb`
    is 2.5.
    """
    if word.endswith("einhalb") and len(word) > len("einhalb"):
        base = _below_million(word.removesuffix("einhalb"))
        return None if base is None else Decimal(base) + Decimal("0.5")
    value = _below_million(word)
    return None if value is None else Decimal(value)


def german_ordinal(word: str) -> int | None:
    """The value of a German ordinal word (`dritten` → 3, `zwanzigste` → 20), else None."""
    for ending in _GERMAN_ORDINAL_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            stem = word[: -len(ending)]
            if stem in _GERMAN_ORDINAL_STEMS:
                return _GERMAN_ORDINAL_STEMS[stem]
            value = _below_million(stem)
            if value is not None and value >= 2:
                return value
    return None


def german_prefix(word: str) -> int | None:
    """The number a German compound starts with (`Zweidrittelmehrheit` → 2), 2 or more, else
    None: `vierköpfige`, `dreimal`, `zweitgrößte` say a number without being one."""
    for end in range(min(len(word) - 2, 24), 2, -1):
        value = _below_million(word[:end])
        if value is not None and value >= 2:
            return value
    return None


def _below_million(word: str) -> int | None:
    if not word:
        return None
    head, thousand, tail = word.partition("tausend")
    if not thousand:
        return _below_thousand(word)
    count = 1 if head in ("", "ein") else _below_thousand(head)
    rest = _below_thousand(tail.removeprefix("und")) if tail else 0
    return None if count is None or rest is None else count * 1000 + rest


def _below_thousand(word: str) -> int | None:
    head, hundred, tail = word.partition("hundert")
    if not hundred:
        return _below_hundred(word)
    count = 1 if head in ("", "ein") else GERMAN_UNITS.get(head)
    rest = _below_hundred(tail.removeprefix("und")) if tail else 0
    if count is None or not 1 <= count <= 9 or rest is None:
        return None
    return count * 100 + rest


def _below_hundred(word: str) -> int | None:
    if word in GERMAN_UNITS:
        return GERMAN_UNITS[word]
    if word in GERMAN_TENS:
        return GERMAN_TENS[word]
    unit, joined, tens = word.partition("und")
    if joined and tens in GERMAN_TENS:
        value = 1 if unit == "ein" else GERMAN_UNITS.get(unit)
        if value is not None and 1 <= value <= 9:
            return GERMAN_TENS[tens] + value
    return None


def english_phrase(words: list[str]) -> list[tuple[Decimal, bool, bool]]:
    """The numbers in a phrase of English number words: (value, ordinal, counted) each.

    `twenty-one` is one number, `two and three` two; `counted` is False where no count word
    was written (`hundred` in `a hundred`), so the phrase alone says "one hundred" only loosely.
    `words` are casefolded; hyphens are gone, and `and` is kept to tell the two cases apart.
    """
    numbers: list[tuple[Decimal, bool, bool]] = []
    total, current, last, counted, ordinal = 0, 0, "", False, False

    def flush() -> None:
        nonlocal total, current, last, counted, ordinal
        if last:
            numbers.append((Decimal(total + current), ordinal, counted))
        total, current, last, counted, ordinal = 0, 0, "", False, False

    for word in words:
        if word == "and":
            if last not in ("multiplier", "scale"):
                flush()
            continue
        if ordinal:
            flush()
        kind, value = _english_kind(word)
        if kind in ("unit", "tens") and (last in ("unit", "tens") and not _joins(last, kind)):
            flush()
        if kind in ("unit", "tens"):
            current += value
            counted = True
        elif kind == "multiplier":
            current = (current or 1) * value
        elif kind == "scale":
            total += (current or 1) * value
            current = 0
        else:  # ordinal: the last word of its number
            current = current + value if value < 100 else (current or 1) * value
            counted = counted or value < 100
            ordinal = True
        last = kind
    flush()
    return numbers


def _english_kind(word: str) -> tuple[str, int]:
    if word in ENGLISH_UNITS:
        return "unit", ENGLISH_UNITS[word]
    if word in ENGLISH_TENS:
        return "tens", ENGLISH_TENS[word]
    if word in ENGLISH_MULTIPLIERS:
        return "multiplier", ENGLISH_MULTIPLIERS[word]
    if word in ENGLISH_SCALES:
        return "scale", ENGLISH_SCALES[word]
    return "ordinal", ENGLISH_ORDINALS[word]


def _joins(last: str, kind: str) -> bool:
    """Whether a unit may follow a tens word in one number (`twenty one`), nothing else."""
    return last == "tens" and kind == "unit"
