"""Reading the number mentions out of one sentence, in German or in English.

One pass of one regex over the text finds the candidates (dates, digit groups, number words,
other words); each is read with a look at the few characters around it (`Uhr`, `p.m.`, `Mio.`,
a letter touching the digits). Linear in the text: every look is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from translate.align import numberpatterns as patterns
from translate.align import numberwords as words
from translate.align.numbervalues import (
    ENGLISH_WEAK,
    GERMAN_WEAK,
    Mention,
    clock_hours,
    clock_of,
    date_keys,
    digit_readings,
    full_year,
    join_year_ranges,
    key_value,
    number_key,
    roman_value,
    scale_factor,
    time_readings,
)


class Scanner:
    """One pass over one sentence; `scan()` returns its mentions in order."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.german = language == "de"
        self.mentions: list[Mention] = []

    def scan(self) -> list[Mention]:
        """The mentions of the text, with year ranges (`2026/27`) read as whole years."""
        tokens = patterns.GERMAN_TOKENS if self.german else patterns.ENGLISH_TOKENS
        resume = 0
        handlers = {
            "iso": self._iso,
            "slash": self._slash,
            "dmy": self._dmy,
            "digits": self._digits,
            "phrase": self._phrase,
            "word": self._german_word if self.german else self._english_word,
        }
        for match in tokens.finditer(self.text):
            if match.start() >= resume and match.lastgroup is not None:
                resume = handlers[match.lastgroup](match.start(), match.end())
        return join_year_ranges(self.text, self.mentions)

    def _add(
        self,
        start: int,
        end: int,
        readings: Sequence[tuple[str, ...]],
        *,
        strong: bool = True,
        offered: int = 0,
        ordinal: bool = False,
    ) -> int:
        text = self.text[start:end]
        mention = Mention(text, tuple(readings), strong, start, end, offered, ordinal)
        self.mentions.append(mention)
        return end

    # Dates ---------------------------------------------------------------------------------

    def _iso(self, start: int, end: int) -> int:
        year, month, day = (int(part) for part in self.text[start:end].split("-"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return self._add(
                start,
                end,
                [(number_key(year), number_key(month), number_key(day))],
            )
        return self._add(start, end, [date_keys(day, month, year)])

    def _slash(self, start: int, end: int) -> int:
        first, second, year = (int(part) for part in self.text[start:end].split("/"))
        readings = [
            date_keys(day, month, full_year(year))
            for day, month in ((first, second), (second, first))
            if 1 <= month <= 12 and 1 <= day <= 31
        ]
        if not readings:
            readings = [(number_key(first), number_key(second), number_key(year))]
        return self._add(start, end, readings)

    def _dmy(self, start: int, end: int) -> int:
        day_text, month_text, year_text = self.text[start:end].split(".")
        day, month = int(day_text), int(month_text)
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return self._digits(start, end - 1 if not year_text else end)
        if year_text:
            year = int(year_text)
            readings = [date_keys(day, month, full_year(year))]
            if len(year_text) == 2:
                readings.append(date_keys(day, month, year))
            return self._add(start, end, readings)
        readings = [date_keys(day, month)]
        if not self.german:  # `3.10.` in English is more likely a copied German date
            readings.append((number_key(Decimal(f"{day}.{month_text}")),))
        return self._add(start, end, readings)

    # Digits --------------------------------------------------------------------------------

    def _digits(self, start: int, end: int) -> int:
        raw = self.text[start:end]
        if raw.isdigit():
            code = self._code(start, end)
            if code:
                return code
        readings_of_raw = digit_readings(raw, german=self.german)
        clock = clock_of(raw)
        suffix = patterns.LETTERS.match(self.text, end)
        if suffix is not None:
            return self._digits_with_letters(
                start, suffix.end(), raw, readings_of_raw, suffix.group()
            )
        if not self.german and raw.isdigit() and patterns.APOSTROPHE_S.match(self.text, end):
            return self._decade(start, end + 2, int(raw))
        readings = [tuple(number_key(value) for value in reading) for reading in readings_of_raw]
        unmarked_clock = clock is not None and not raw.isdigit()
        return self._number(start, end, readings, clock=clock, unmarked_clock=unmarked_clock)

    def _digits_with_letters(
        self, start: int, end: int, raw: str, readings: list[tuple[Decimal, ...]], letters: str
    ) -> int:
        """`3rd`, `1990s`, `90er`, `2pm`, `5bn`, `5G`, `100km`: what the letters say."""
        low = letters.casefold()
        if raw.isdigit():
            number = int(raw)
            if not self.german and low in ("st", "nd", "rd", "th"):
                return self._add(start, end, [(number_key(number),)])
            decade = ("er", "ern", "ers") if self.german else ("s",)
            if low in decade and number % 10 == 0 and len(raw) in (2, 4):
                return self._decade(start, end, number)
            if patterns.is_code_letter(letters):
                key = f"c:{raw}{letters.upper()}"
                return self._add(start, end, [(key,), (number_key(number),)])
        if not self.german and low in ("am", "pm"):
            clock = clock_of(raw)
            if clock is not None:
                hours = [clock[0] % 12 + (12 if low == "pm" else 0)]
                return self._add(start, end, time_readings(hours, clock[1]), offered=1)
        single = [reading[0] for reading in readings if len(reading) == 1]
        if not self.german and low in patterns.ENGLISH_SHORT_SCALES and single:
            scaled = [(number_key(value * patterns.ENGLISH_SHORT_SCALES[low]),) for value in single]
            plain = [(number_key(value),) for value in single]
            money = self.text[max(0, start - 1) : start] in patterns.CURRENCY
            return self._add(start, end, scaled if money or low not in "mkb" else scaled + plain)
        return self._add(
            start, end, [tuple(number_key(v) for v in reading) for reading in readings]
        )

    def _code(self, start: int, end: int) -> int | None:
        """`T-72`, `A380`, `H5N1`, `COVID-19`: letters touching the digits, read as one code."""
        prefix = patterns.CODE_PREFIX.search(self.text, max(0, start - 8), start)
        if prefix is None:
            return None
        tail = patterns.CODE_TAIL.match(self.text, end)
        stop = tail.end() if tail is not None else end
        body = self.text[prefix.start(1) : stop].replace("-", "")
        numbers = tuple(number_key(int(group)) for group in re.findall(r"\d+", body))
        return self._add(prefix.start(1), stop, [(f"c:{body.upper()}",), numbers])

    def _decade(self, start: int, end: int, number: int) -> int:
        return self._add(start, end, [(f"d:{number % 100}",), (number_key(number),)])

    def _number(
        self,
        start: int,
        end: int,
        readings: Sequence[tuple[str, ...]],
        *,
        strong: bool = True,
        clock: tuple[int, int] | None = None,
        unmarked_clock: bool = False,
    ) -> int:
        """A number with what may follow it: a clock word, a scale word, `and a half`,
        `decades`."""
        clock_word = (patterns.GERMAN_CLOCK if self.german else patterns.ENGLISH_CLOCK).match(
            self.text, end
        )
        if clock_word is not None and clock is not None:
            hours = clock_hours(clock[0], clock_word, german=self.german)
            times = time_readings(hours, clock[1])
            return self._add(start, clock_word.end(), times, strong=strong, offered=len(hours))
        scale = (patterns.GERMAN_SCALE if self.german else patterns.ENGLISH_SCALE).match(
            self.text, end
        )
        single = [reading[0] for reading in readings if len(reading) == 1]
        if scale is not None and single:
            factor = scale_factor(scale.group().strip().rstrip(".").casefold(), german=self.german)
            scaled = [(number_key(key_value(key) * factor),) for key in single]
            return self._add(start, scale.end(), scaled, strong=strong)
        half = None if self.german else patterns.AND_A_HALF.match(self.text, end)
        if half is not None and single:
            halves = [(number_key(key_value(key) + Decimal("0.5")),) for key in single]
            return self._add(start, half.end(), halves, strong=strong)
        decades = (patterns.GERMAN_DECADES if self.german else patterns.ENGLISH_DECADES).match(
            self.text, end
        )
        if decades is not None and single:  # `zwei Jahrzehnte` = `20 years` = `two decades`
            tens = [(number_key(key_value(key) * 10),) for key in single]
            return self._add(start, decades.end(), tens + [(key,) for key in single], strong=strong)
        if unmarked_clock and clock is not None:  # `14.30`, `14:30`: a time, or a number
            hours = [clock[0]] if self.german or clock[0] >= 12 else [clock[0], clock[0] + 12]
            time = time_readings(hours, clock[1], numbers=False)
            time_first = self.german or ":" in self.text[start:end]
            readings = [*time, *readings] if time_first else [*readings, *time]
        return self._add(start, end, readings, strong=strong)

    # Words ---------------------------------------------------------------------------------

    def _german_word(self, start: int, end: int) -> int:
        word = self.text[start:end]
        folded = word.casefold()
        if word in patterns.GERMAN_MONTHS:
            return self._add(start, end, [(f"m:{patterns.GERMAN_MONTHS[word]}",)])
        if word in patterns.GERMAN_MONTH_ABBREVIATIONS and self.text.startswith(".", end):
            return self._add(start, end + 1, [(f"m:{patterns.GERMAN_MONTH_ABBREVIATIONS[word]}",)])
        if patterns.ROMAN.fullmatch(word):
            return self._add(start, end, [(number_key(roman_value(word)),)], strong=False)
        if folded in patterns.GERMAN_ARTICLES:
            return self._number(start, end, [("n:1",)], strong=False, clock=(1, 0))
        if folded in GERMAN_WEAK:
            return self._add(start, end, [(GERMAN_WEAK[folded],)], strong=False)
        decade = patterns.GERMAN_DECADE.fullmatch(folded)
        if decade is not None:
            return self._decade(start, end, int(words.GERMAN_TENS[decade.group(1)]))
        value = words.german_cardinal(folded)
        if value is not None:
            noun = word[:1].isupper() and not self._starts_sentence(start)  # `die Elf`
            clock = (int(value), 0) if value == int(value) and value <= 24 else None
            return self._number(start, end, [(number_key(value),)], strong=not noun, clock=clock)
        ordinal = words.german_ordinal(folded)
        if ordinal is not None:  # `erste` is often `initial`; `achten` is also a verb
            strong = ordinal not in (1, 8)
            return self._add(start, end, [(number_key(ordinal),)], strong=strong, ordinal=True)
        if folded in words.GERMAN_SCALES and len(folded) > 3:  # `Millionen Menschen`
            return self._add(start, end, [(number_key(words.GERMAN_SCALES[folded]),)], strong=False)
        rounds = next((n for name, n in patterns.GERMAN_ROUNDS if folded.startswith(name)), 0)
        if rounds:  # `Achtelfinale` is the `round of 16`, `Viertelfinale` the `last eight`
            return self._add(start, end, [(number_key(rounds),)], strong=False)
        if folded[:3] in patterns.GERMAN_STARTS or folded.startswith(("elf", "zwö", "tau")):
            prefix = words.german_prefix(folded)
            if prefix is not None:
                return self._add(start, end, [(number_key(prefix),)], strong=False)
        if folded in patterns.GERMAN_GOALLESS:
            return self._add(start, end, [("n:0", "n:0")], strong=False)
        month = patterns.GERMAN_MONTH_COMPOUND.match(word)
        if month is not None:
            return self._add(
                start, end, [(f"m:{patterns.GERMAN_MONTHS[month.group(1)]}",)], strong=False
            )
        return end

    def _english_word(self, start: int, end: int) -> int:
        word = self.text[start:end]
        folded = word.casefold()
        if word in patterns.ENGLISH_MONTHS:
            strong = word != "May" or self._next_to_digits(start, end)  # the verb `may`
            return self._add(start, end, [(f"m:{patterns.ENGLISH_MONTHS[word]}",)], strong=strong)
        if word in patterns.ENGLISH_MONTH_ABBREVIATIONS and (
            self.text.startswith(".", end) or patterns.DIGIT_AFTER.match(self.text, end)
        ):
            stop = end + 1 if self.text.startswith(".", end) else end
            return self._add(start, stop, [(f"m:{patterns.ENGLISH_MONTH_ABBREVIATIONS[word]}",)])
        if patterns.ROMAN.fullmatch(word):
            return self._add(start, end, [(number_key(roman_value(word)),)], strong=False)
        if folded in words.ENGLISH_DECADES:
            return self._decade(start, end, words.ENGLISH_DECADES[folded])
        if folded in ENGLISH_WEAK:
            return self._add(start, end, [(ENGLISH_WEAK[folded],)], strong=False)
        if folded in patterns.ENGLISH_GOALLESS:
            return self._add(start, end, [("n:0", "n:0")], strong=False)
        return end

    def _phrase(self, start: int, end: int) -> int:
        """English number words: `twelve`, `twenty-one`, `two hundred and five`, `third`."""
        phrase = [word for word in re.split(r"[\s-]+", self.text[start:end].casefold()) if word]
        numbers = words.english_phrase(phrase)
        for index, (value, ordinal, counted) in enumerate(numbers):
            strong = counted and not ordinal and value != 1
            readings = [(number_key(value),)]
            if index < len(numbers) - 1 or ordinal:
                self._add(start, end, readings, strong=strong, ordinal=ordinal)
                continue
            clock = (int(value), 0) if value == int(value) <= 24 else None
            return self._number(start, end, readings, strong=strong, clock=clock)
        return end

    # Context -------------------------------------------------------------------------------

    def _starts_sentence(self, start: int) -> bool:
        window = self.text[max(0, start - 8) : start]
        before = window.rstrip(patterns.OPENING)
        if not before:
            return start <= 8
        return before.endswith((".", "!", "?", ":"))

    def _next_to_digits(self, start: int, end: int) -> bool:
        window = self.text[max(0, start - 12) : start]
        return bool(
            patterns.DIGIT_AFTER.match(self.text, end) or patterns.DIGIT_BEFORE.search(window)
        )
