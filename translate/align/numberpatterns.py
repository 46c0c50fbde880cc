"""The patterns the number scanner looks for, and the word tables (months) it reads them with.

Every pattern is anchored at a point the scanner already reached, or bounded in length, so no
look costs more than a few characters (no backtracking over the sentence).
"""

from __future__ import annotations

import re

from translate.align import numberwords as words

L = r"[^\W\d_]"  # a letter, in any script
DATES_AND_DIGITS = (
    r"(?P<iso>(?<![\d.,])\d{4}-\d{1,2}-\d{1,2}(?!\d))"
    r"|(?P<slash>(?<![\d/.,])\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?![\d/]))"
    r"|(?P<dmy>(?<![\d.,])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})?(?!\d))"
    r"|(?P<digits>(?<![\d.,])\d{1,3}(?: \d{3})+(?!\d|[.,]\d)|\d+(?:[.,:'’\u00a0\u202f\u2009]\d+)*)"
)
ENGLISH_WORD = "|".join(words.ENGLISH_NUMBER_WORDS)
GERMAN_TOKENS = re.compile(DATES_AND_DIGITS + rf"|(?P<word>{L}+)")
ENGLISH_TOKENS = re.compile(
    DATES_AND_DIGITS
    + rf"|(?P<phrase>(?i:(?<!{L})(?:{ENGLISH_WORD})"
    + rf"(?:(?:\s+and\s+|[\s-]+)(?:{ENGLISH_WORD}))*(?!{L})))"
    + rf"|(?P<word>{L}+)"
)
LETTERS = re.compile(rf"{L}+")
CODE_PREFIX = re.compile(rf"(?<!{L})({L}{{1,6}})-?$")
CODE_TAIL = re.compile(rf"(?:{L}+\d+)*{L}*")
GERMAN_CLOCK = re.compile(r"\s*Uhr\b(?:\s+(abends|nachmittags|nachts)\b)?")
ENGLISH_CLOCK = re.compile(
    r"\s*(?:([ap])\.\s?m\b\.?|([ap])m\b|(o['’]clock)\b|(?:GMT|CET|CEST|UTC|BST)\b)",
    re.IGNORECASE,
)
GERMAN_SCALE = re.compile(
    r"\s*(?:(Mio|Mrd|Bio|Tsd)\b\.?|(Millionen|Million|Milliarden|Milliarde|Billionen|Billion"
    r"|Tausend)\b)",
    re.IGNORECASE,
)
ENGLISH_SCALE = re.compile(r"\s*(million|mln|mn|billion|bn|trillion|tn|thousand)\b", re.IGNORECASE)
ENGLISH_SHORT_SCALES = {"m": 10**6, "mn": 10**6, "bn": 10**9, "b": 10**9, "k": 10**3, "tn": 10**12}
AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
GERMAN_DECADES = re.compile(r"\s+Jahrzehnten?\b")
ENGLISH_DECADES = re.compile(r"\s+decades\b", re.IGNORECASE)
APOSTROPHE_S = re.compile(r"['’]s\b")
DIGIT_AFTER = re.compile(r"\s*\d")
DIGIT_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?(?:\s+of)?\s+$")
ROMAN = re.compile(r"(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})")
UNIT_LETTERS = frozenset("mgtlhsxkbvw")
CURRENCY = ("$", "€", "£", "¥")
OPENING = " \t\"'„“”‚‘’»«([–-"
RANGE_MARKS = ("/", "-", "–", "—")
GERMAN_ARTICLES = frozenset(("ein", "eine", "einen", "einem", "einer", "eines"))
GERMAN_DECADE = re.compile(
    r"(zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)er"
    r"(?:n|s|jahre|jahren|jahres|jahrs)?"
)
# Knockout rounds, named in German by the fraction of the field, in English by its size.
GERMAN_ROUNDS = (
    ("sechzehntelfinal", 32),
    ("achtelfinal", 16),
    ("viertelfinal", 8),
    ("halbfinal", 4),
)
# The first letters of German number words: only such words are tried as compounds.
GERMAN_STARTS = frozenset(("zwe", "dre", "vie", "fün", "sec", "sie", "ach", "neu", "zeh", "hun"))
GERMAN_MONTHS = {
    "Januar": 1,
    "Jänner": 1,
    "Februar": 2,
    "Feber": 2,
    "März": 3,
    "April": 4,
    "Mai": 5,
    "Juni": 6,
    "Juli": 7,
    "August": 8,
    "September": 9,
    "Oktober": 10,
    "November": 11,
    "Dezember": 12,
}
# A compound that starts with a month (`Januarhälfte`, `Oktoberwoche`) names it; `Mai` is left
# out, as `Mailand` and `Mainz` start with it too.
GERMAN_MONTH_COMPOUND = re.compile(
    "(" + "|".join(month for month in GERMAN_MONTHS if month != "Mai") + r")(?=\w{3})"
)
# A match without goals is a 0:0 said in words.
GERMAN_GOALLESS = frozenset(("torlos", "torlose", "torlosen", "torlosem", "torloser", "torloses"))
ENGLISH_GOALLESS = frozenset(("goalless", "scoreless"))
GERMAN_MONTH_ABBREVIATIONS = {
    "Jan": 1,
    "Feb": 2,
    "Mär": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Okt": 10,
    "Nov": 11,
    "Dez": 12,
}
ENGLISH_MONTHS = {
    "January": 1,
    "February": 2,
    "March": 3,
    "April": 4,
    "May": 5,
    "June": 6,
    "July": 7,
    "August": 8,
    "September": 9,
    "October": 10,
    "November": 11,
    "December": 12,
}
ENGLISH_MONTH_ABBREVIATIONS = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}


def is_code_letter(letters: str) -> bool:
    """`5G`, `3D`, `219a`: one letter after the digits that is no unit (`5g`, `5m`, `2h`)."""
    if len(letters) != 1 or not (letters.isupper() or letters in "abcdef"):
        return False
    low = letters.casefold()
    return low not in UNIT_LETTERS or (letters.isupper() and low not in "mkb")
