"""Turning an article's bytes into text: UTF-8, a BOM's encoding, or the legacy one they are in.

German text from Windows, old Macs and DOS is not UTF-8. Guessing wrong does not fail: it gives
text with the wrong characters (`„` read as Latin-1 becomes the control character U+0084), which
the model then translates as if it were German. So:

- a BOM decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE); else valid UTF-8 is UTF-8;
- else each legacy encoding German text is written in (cp1252, ISO-8859-15, Latin-1, DOS cp850,
  Mac Roman) decodes the bytes, and each reading is scored by how unlike German text it looks
  (`_penalty`): control characters, symbols no article uses (`¤`, box drawing), an opening quote
  glued to the word before it, a capital inside a lower-case word. The least unlike wins; when
  even that one does not read as text, the input is refused, with no conversion advice that
  could corrupt it. The rule measured better on German than charset-normalizer did
  (`bench/encoding_detection.py`);
- C1 control characters (U+0080-U+009F) in the result are never kept: they are what cp1252's
  „ “ – become when cp1252 bytes were converted as if they were Latin-1, so in UTF-8 text they
  are put back as the cp1252 characters they stand for, with a warning; where no cp1252
  character stands for one, or the encoding was forced, the input is refused.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata
from dataclasses import dataclass

from translate.errors import InputError
from translate.options import parse_encoding

logger = logging.getLogger(__name__)

UTF8 = "utf-8"
# Byte order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The legacy encodings German text comes in, in the order a tie is decided. Latin-1 is not on
# the list: where its reading differs from cp1252's it yields C1 controls, so it never wins; a
# text that reads the same in both is named latin-1 (`_name`).
LEGACY_ENCODINGS = ("cp1252", "iso-8859-15", "cp850", "mac-roman")
# Characters of German (and of the names German news prints) that cost nothing.
_PLAIN = frozenset("äöüÄÖÜß„“”‚‘’´–—…€§°«»·•×½©®™£\u00a0")
# Real in text, but rare in German articles: a small cost, so they decide only a close call.
_RARE = frozenset("ŠšŽžŒœŸƒ‰†‡±²³µ¹ºª¼¾¥¢¿¡÷\u00ad‹›¬¯")
# The cost per non-ASCII byte past which no reading counts as text (a short text gets the
# allowance of _MIN_ALLOWANCE bytes, so one odd character does not refuse it).
_MAX_PENALTY_PER_CHARACTER = 1.0
_MIN_ALLOWANCE = 3
# Quotes that never stand between two letters of a word (the apostrophe ’ does).
_QUOTES = frozenset("„“”‚‘«»‹›")
# What may stand right before a lower-case letter: quotes, apostrophes (`geht´s`), dashes, a
# bullet, a soft hyphen.
_OPENERS = frozenset("„“”‚‘’´«»‹›–—•\u00ad\u00a0")
_C1 = range(0x80, 0xA0)
_C1_UNDEFINED_IN_CP1252 = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


@dataclass(frozen=True, slots=True)
class DecodedText:
    """An input's text and the encoding it was read as (`detected`: guessed, not stated)."""

    text: str
    encoding: str
    detected: bool = False


def decode_text(data: bytes, *, source: str, encoding: str | None = None) -> DecodedText:
    """Decode an article's bytes (see the module docstring); `encoding` forces one.

    Raises `InputError` naming `source` when the bytes are binary, or no encoding (or not the
    one forced) reads them as text.
    """
    if encoding is not None:
        return _forced(data, source, parse_encoding(encoding))
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], name, source)
            return DecodedText(
                _repaired_c1(text, source), name.removesuffix("-le").removesuffix("-be")
            )
    if b"\x00" in data:
        raise InputError(
            f"{source}: looks like a binary file (it contains NUL bytes){_utf16_hint(data)}."
        )
    try:
        return DecodedText(_repaired_c1(data.decode(UTF8), source), UTF8)
    except UnicodeDecodeError:
        pass
    return detect_legacy(data, source=source)


def detect_legacy(data: bytes, *, source: str) -> DecodedText:
    """The reading of non-UTF-8 bytes that looks most like German text, or an `InputError`."""
    best: tuple[float, str, str] | None = None
    for name in LEGACY_ENCODINGS:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        score = _penalty(text)
        if best is None or score < best[0]:
            best = (score, name, text)
    special = sum(1 for byte in data if byte >= 0x80)
    if best is None or best[0] > _MAX_PENALTY_PER_CHARACTER * max(special, _MIN_ALLOWANCE):
        raise InputError(
            f"{source}: is neither UTF-8 nor text in a legacy encoding German is written in "
            f"(cp1252, ISO-8859-15, cp850, Mac Roman){_first_bad_byte(data)}; if you know its "
            "encoding, give it with --encoding NAME."
        )
    name = _name(data, best[1])
    logger.info("%s: read as %s", source, name)
    return DecodedText(best[2], name, detected=True)


def is_c1(character: str) -> bool:
    """True for a C1 control character (U+0080-U+009F), which no text contains."""
    return ord(character) in _C1


def repair_c1(text: str) -> str:
    """Each C1 control read as the cp1252 character of the same byte (`\\x84` → `„`), as HTML
    does for `&#132;`; the five that cp1252 leaves undefined are kept (the caller checks)."""
    if not any(is_c1(character) for character in text):
        return text
    return "".join(_cp1252_for(character) for character in text)


def _cp1252_for(character: str) -> str:
    code = ord(character)
    if code not in _C1 or code in _C1_UNDEFINED_IN_CP1252:
        return character
    return bytes([code]).decode("cp1252")


def _forced(data: bytes, source: str, name: str) -> DecodedText:
    codec = "utf-8-sig" if name == UTF8 else name
    text = _strict(data, codec, source)
    controls = [character for character in text if is_c1(character)]
    if controls:
        offset = text.index(controls[0])
        raise InputError(
            f"{source}: read as {name} it holds control characters (U+{ord(controls[0]):04X} at "
            f"character {offset}), so it is not {name}; leave --encoding out to have it "
            "detected, or give another (cp1252 for Windows text)."
        )
    logger.info("%s: read as %s (--encoding)", source, name)
    return DecodedText(text, name)


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{source}: is not valid {codec} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); give the encoding it is in with --encoding NAME, or leave "
            "--encoding out to have it detected."
        ) from None


def _repaired_c1(text: str, source: str) -> str:
    """UTF-8 text with C1 controls: put back as cp1252 with a warning, or refused."""
    controls = [character for character in text if is_c1(character)]
    if not controls:
        return text
    undefined = [c for c in controls if ord(c) in _C1_UNDEFINED_IN_CP1252]
    if undefined:
        raise InputError(
            f"{source}: holds the control character U+{ord(undefined[0]):04X} (at character "
            f"{text.index(undefined[0])}), which is no text: it was converted from the wrong "
            "encoding; convert the original again from the encoding it is really in."
        )
    repaired = repair_c1(text)
    shown = " ".join(dict.fromkeys(_cp1252_for(c) for c in controls))
    logger.warning(
        "%s: %d control characters (U+0080-U+009F) read as the cp1252 characters they stand for "
        "(%s): the text was converted from cp1252 as if it were Latin-1",
        source,
        len(controls),
        shown,
    )
    return repaired


def _penalty(text: str) -> float:
    """How unlike German text a reading is: 0 for plain German, more for each oddity."""
    total = 0.0
    previous = " "
    for index, character in enumerate(text):
        if character < "\x80":
            if character < " " and character not in "\t\n\r\f":
                total += 10
            previous = character
            continue
        following = text[index + 1] if index + 1 < len(text) else " "
        total += _character_penalty(character) + _context_penalty(previous, character, following)
        previous = character
    return total


def _character_penalty(character: str) -> float:
    if character in _PLAIN:
        return 0.0
    if ord(character) < 0xA0:
        return 10.0  # a C1 control
    if character.isalpha() and unicodedata.name(character, "").startswith("LATIN"):
        return 0.25 if ord(character) <= 0xFF else 1.0  # é, ñ, ø: names; ő, č: rarer
    if character in _RARE:
        return 1.0
    return 3.0  # ¤ ¦ ¨ ¸ box drawing, Greek, mathematics: never in a German article


def _context_penalty(previous: str, character: str, following: str) -> float:
    """Oddities of placement, which is how other encodings' umlauts and quotes give themselves
    away: an opening quote right after a letter (`M„dchen`), a quote inside a word (`sch”n`),
    a capital inside a lower-case word (`hŠtte`, `LÜsung`, `äWort`), a symbol glued to the
    lower-case letters after it (`™konomen`, `€pfel`) or a currency or section sign to the
    letters before it (`Stra§e`)."""
    if character.isalpha():
        if character.isupper() and (
            previous.islower() or (previous.isalpha() and following.islower())
        ):
            return 2.0
        if character.islower() and following.isupper() and not previous.isalpha():
            return 2.0
        return 0.0
    penalty = 0.0
    if character in "„‚" and previous.isalnum():
        penalty += 3.0
    if character in _QUOTES and previous.isalpha() and following.isalpha():
        penalty += 3.0
    if character not in _OPENERS and following.islower():
        penalty += 1.5
    if character in "§€£¥¤" and previous.isalpha():
        penalty += 3.0
    return penalty


def _name(data: bytes, encoding: str) -> str:
    """cp1252 and ISO-8859-15 read bytes without 0x80-0x9F (or 0xA4...) as Latin-1 does: name
    those as latin-1, the encoding that then describes them (and that any tool can convert)."""
    if encoding in ("cp1252", "iso-8859-15") and data.decode(encoding) == data.decode("latin-1"):
        return "latin-1"
    return encoding


def _first_bad_byte(data: bytes) -> str:
    try:
        data.decode(UTF8)
    except UnicodeDecodeError as error:
        return f" (byte 0x{data[error.start]:02x} at offset {error.start} is not UTF-8)"
    return ""


def _utf16_hint(data: bytes) -> str:
    """A hint for UTF-16 text without a BOM: every other byte of ASCII text is NUL."""
    sample = data[:200]
    even, odd = sample[0::2], sample[1::2]
    if odd and odd.count(0) > 0.8 * len(odd) and even.count(0) < 0.2 * len(even):
        return "; if it is UTF-16 text without a BOM, give --encoding utf-16-le"
    if even and even.count(0) > 0.8 * len(even) and odd.count(0) < 0.2 * len(odd):
        return "; if it is UTF-16 text without a BOM, give --encoding utf-16-be"
    return "; give a text file"
