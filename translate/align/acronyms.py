"""Acronyms, codes and brand-like words of the German that the English should keep.

An all-capitals acronym (`SANA`, `FSA`), a letter-digit code (`T-72`, `A380`, `COVID-19`, `G7`,
`5G`) and a word with inner capitals (`YouTube`, `iPhone`, `GmbH`) name things; English keeps
them as written, and a model that drops or respells one loses what the sentence is about. The
check needs no dictionary of them: the English must hold each one (in any case, with or without
a hyphen in a code, with a plural `s`), or, for the acronyms English renders differently, one of
the renderings in `RENDERINGS`.
"""

from __future__ import annotations

import itertools
import re

from translate.engines.placeholders import blank_protected_spans

# German acronyms English writes differently, and the renderings that count as keeping them
# (matched as whole words in any case). An acronym not listed must appear as it is.
RENDERINGS: dict[str, tuple[str, ...]] = {
    "USA": ("US", "United States", "America", "American"),
    "US": ("$", "American", "America"),
    "BIP": ("GDP", "gross domestic product"),
    "UNO": ("UN", "U.N.", "United Nations"),
    "BRD": ("FRG", "Germany", "Federal Republic", "West Germany", "German"),
    "DDR": ("GDR", "East Germany", "East German", "German Democratic Republic"),
    "UdSSR": ("USSR", "Soviet Union", "Soviet"),
    "GUS": ("CIS",),
    "EZB": ("ECB", "European Central Bank"),
    "IWF": ("IMF", "International Monetary Fund"),
    "OSZE": ("OSCE",),
    "EU": ("European Union", "European"),
    "EuGH": ("ECJ", "CJEU", "Court of Justice"),
    "VAE": ("UAE", "United Arab Emirates", "Emirates"),
    "GB": ("UK", "U.K.", "Britain", "British"),
    "NRW": ("North Rhine-Westphalia",),
    "AKW": ("nuclear",),
    "KKW": ("nuclear",),
    "LKW": ("truck", "trucks", "lorry", "lorries", "HGV"),
    "PKW": ("car", "cars", "vehicle", "vehicles"),
    "ÖPNV": ("public transport", "public transportation"),
    "WM": ("World Cup", "World Championship", "World Championships", "world championship"),
    "EM": ("European Championship", "European Championships", "Euro"),
    "KZ": ("concentration camp", "camp"),
    "NS": ("Nazi", "National Socialist"),
    "NSDAP": ("Nazi", "National Socialist"),
    "MdB": ("MP", "member of the Bundestag"),
    "KW": ("week",),
    "PS": ("hp", "horsepower", "bhp"),
    "GmbH": ("Ltd", "company", "limited"),
    "DB": ("Deutsche Bahn",),
    "BVerfG": ("Constitutional Court",),
    "BGH": ("Federal Court of Justice",),
    "IS": ("ISIS", "ISIL", "Islamic State", "Daesh"),
    "SPD": ("Social Democrat", "Social Democrats", "Social Democratic"),
    "CDU": ("Christian Democrat", "Christian Democrats", "Christian Democratic"),
    "CSU": ("Christian Social Union",),
    "FDP": ("Free Democrat", "Free Democrats", "Free Democratic", "liberal", "liberals"),
    "AfD": ("Alternative for Germany",),
}

# A code: letters then digits (`T-72`, `COVID-19`, `A380`, `MH17`), or digits then capitals
# (`5G`, `3D`). The letter part starts with a capital, so units (`10km`) are not codes.
_CODE = re.compile(
    r"(?<![\w-])(?:[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{0,5}-?\d+[A-Za-z\d]*(?:-\d+)?|\d+[A-Z]{1,2})(?![\w])"
)
# An acronym: two to six capitals, as a word or as the first part of a compound (`SPD-Chef`),
# with an optional plural or genitive `s` (`AKWs`).
_ACRONYM = re.compile(r"(?<![^\W\d_])([A-ZÄÖÜ]{2,6})s?(?![^\W\d_])")
# Inner capitals: a lower-case letter followed by a capital inside one word (`YouTube`, `eBay`,
# `GmbH`), but not the German gender forms `LehrerInnen`, `BürgerIn`.
_INNER = re.compile(r"(?<![^\W\d_])(?=[^\W\d_]*[a-zäöüß][A-ZÄÖÜ])[^\W\d_]+(?![^\W\d_])")
_GENDER_FORM = re.compile(r"[a-zäöüß]In(?:nen)?s?$")
_ROMAN = re.compile(r"[IVXLCDM]+")
# A word of the English as `_english_forms` reads it: letters and digits, inner hyphens,
# apostrophes and full stops (`U.S.`, `Malcom's`, `Covid-19`).
_TOKEN = re.compile(r"[^\W_]+(?:[-.'’][^\W_]+)*\.?")
# A sentence with more capitals than small letters is a headline in capitals: its words are
# not acronyms.
_SHOUTED_SHARE = 0.5


def missing_codes(source: str, target: str) -> tuple[str, ...]:
    """The acronyms, codes and inner-capital words of `source` that `target` does not keep."""
    text = blank_protected_spans(source)
    found = []
    codes = list(_CODE.finditer(text))
    for hit in codes:
        found.append(hit.group())
    blanked = _CODE.sub(lambda hit: " " * len(hit.group()), text) if codes else text
    if not _shouted(blanked):
        for hit in _ACRONYM.finditer(blanked):
            if not _ROMAN.fullmatch(hit.group(1)):
                found.append(hit.group(1))
    for hit in _INNER.finditer(blanked):
        word = hit.group()
        if not _GENDER_FORM.search(word) and not word.isupper():
            found.append(word)
    if not found:
        return ()
    english = _english_forms(target)
    return tuple(word for word in dict.fromkeys(found) if not _kept(word, target, english))


def _kept(word: str, target: str, english: set[str]) -> bool:
    """Whether `target` holds `word` (or a rendering of it) as a whole word, in any case.

    One-word forms are looked up in `english` (`_english_forms`), so a paragraph with many
    acronyms costs no more than one pass over its English; the table's few renderings of more
    than one word are searched for.
    """
    renderings = RENDERINGS.get(word, ())
    if word.endswith("s") and word[:-1] in RENDERINGS:
        renderings += RENDERINGS[word[:-1]]
    forms = (word, *renderings, *_dotted((word, *renderings)))
    return any(
        _key(form) in english if _TOKEN.fullmatch(form) else _holds(target, form) for form in forms
    )


def _english_forms(target: str) -> set[str]:
    """The English's words as `_key`s: each word, without a plural or possessive `s`, each part
    of a hyphenated word, and each two neighbours joined (`T 72`, `Covid 19`)."""
    words = _TOKEN.findall(target)
    forms: set[str] = set()
    for word in words:
        key = _key(word)
        forms.update((key, key.rstrip(".")))
        forms.update(key[: -len(end)] for end in ("'s", "s") if key.endswith(end))
        forms.update(_key(part) for part in word.split("-"))
    forms.update(_key(first + second) for first, second in itertools.pairwise(words))
    return forms


def _key(word: str) -> str:
    return word.casefold().replace("-", "").replace("’", "'")


def _dotted(forms: tuple[str, ...]) -> tuple[str, ...]:
    """`U.S.` for `US`: English spells some acronyms with full stops."""
    return tuple(".".join(form) + "." for form in forms if form.isupper() and form.isalpha())


def _holds(text: str, form: str) -> bool:
    """Whether `text` holds `form` (a rendering of several words, or a sign like `$`)."""
    start = r"(?<![^\W_])" if form[0].isalnum() else ""
    end = r"(?![^\W_])" if form[-1].isalnum() else ""
    return re.search(rf"{start}{re.escape(form)}{end}", text, re.IGNORECASE) is not None


def _shouted(text: str) -> bool:
    letters = [character for character in text if character.isalpha()]
    capitals = sum(1 for character in letters if character.isupper())
    return len(letters) > 0 and capitals > _SHOUTED_SHARE * len(letters)
