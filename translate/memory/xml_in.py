"""Reading XLIFF 1.2 and TMX 1.4 files into memory units: only what a person translated.

XLIFF from any tool (ours after post-editing, OmegaT, Okapi, Trados, translate-toolkit): a unit
cut into sentences (`<seg-source>` with `<mrk mtype="seg">`, as Okapi and Trados write it) gives a
pair per sentence, else the unit is one pair. A pair goes in when it has an English target that
is not an untranslated state (`new`, `needs-translation`), not rejected (`rejected-*`), not a
copy of the German, and not a machine draft. A draft is a target marked as machine translation
(`state-qualifier` `mt-suggestion` or `leveraged-mt`, a Trados segment of `origin="mt"`) that
nobody confirmed (`approved="yes"`, the state `final` or `signed-off`, a Trados segment
`Translated` or approved); in our own XLIFF such a unit still counts as a person's when its
English differs from the machine English we wrote (`held`, read from the article folder's
aligned.jsonl): someone edited it in a plain editor and left the attributes. Of our own XLIFF
only what is new goes in: a unit whose English the folder holds as a person's already (from the
memory, or an earlier edit) goes in only once changed again, and never while it is still marked
as our draft (an older copy of the file). Units not for
translation (`translate="no"`, a PO file's header) are skipped. Runs of XML whitespace in a
target (a line wrapped in an editor) are one space. TMX is by definition a memory of approved
translations, except the `aligned.tmx` of our own runs, which is machine output and refused;
which of its units pair German with English is decided as `translate check` decides it
(`translate.read.bilingual`).
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from translate.errors import InputError
from translate.memory.dates import utc_date
from translate.memory.model import MemoryUnit, UnitState
from translate.memory.normalise import normalise
from translate.read.bilingual import local, segment_text, tmx_pairs

logger = logging.getLogger(__name__)

_UNTRANSLATED = frozenset({"new", "needs-translation"})
_MACHINE = frozenset({"mt-suggestion", "leveraged-mt"})
# A machine draft a person confirmed as it stands (approved, or signed off) is a person's.
_CONFIRMED = frozenset({"final", "signed-off"})
# Trados (SDLXLIFF) segment definitions: machine origins, and the levels a person confirmed.
_SDL_MACHINE = frozenset({"mt", "nmt", "amt"})
_SDL_CONFIRMED = frozenset({"Translated", "ApprovedTranslation", "ApprovedSignOff"})
_SDL_REJECTED = frozenset({"RejectedTranslation", "RejectedSignOff"})
_NOT_FOR_TRANSLATION = frozenset({"x-gettext-domain-header"})
_XML_SPACE = re.compile(r"[ \t\r\n]+")
OUR_TOOL = "translate"
OUR_ALIGNED_TMF = "translate-aligned-jsonl"
MEMORY_TMF = "translate-memory"


def parse_xml(data: bytes, name: str) -> ET.Element:
    """The root of an XML file, or one line saying where it is not well-formed."""
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise InputError(f"{name}: not well-formed XML ({error}); fix or re-export it.") from None


@dataclass(frozen=True, slots=True)
class XliffSegment:
    """A sentence of an XLIFF unit, as a CAT tool left it: its German, its English (None: no
    target), and what the file says of that English."""

    id: str
    german: str
    english: str | None
    state: str = ""
    qualifier: str = ""
    confirmed: bool = False
    machine: bool = False
    rejected: bool = False


@dataclass(frozen=True, slots=True)
class Held:
    """What an article folder of ours holds for a unit of its XLIFF: the German, its English,
    and whose that is (`origin` as aligned.jsonl writes it: `model`, `memory` or `edited`)."""

    german: str
    english: str
    origin: str


def persons_english(segment: XliffSegment, held: Held | None = None) -> str | None:
    """The English a person gave `segment` that is new (see the module docstring), None when it
    holds none. `held` is what the article folder holds for it, where the file is ours: then a
    model's draft counts once changed or confirmed, and a person's English (from the memory or
    an earlier edit) only once changed, never from a unit still marked as our draft (an older
    copy of the file: the folder's English is a person's since)."""
    english = segment.english
    if not english or segment.state in _UNTRANSLATED or segment.rejected:
        return None
    if normalise(english) == normalise(segment.german):  # the German copied over: no English
        return None
    machine = segment.machine or segment.qualifier in _MACHINE
    if held is not None and held.origin != "model":
        return None if machine or same_text(english, held.english) else english
    if machine and not segment.confirmed and (held is None or same_text(held.english, english)):
        return None
    return english


def same_text(first: str, second: str) -> bool:
    """Whether two texts are the same sentence as a reader sees it (`normalise`)."""
    return normalise(first) == normalise(second)


def unit_segments(unit: ET.Element, unit_id: str, name: str) -> list[XliffSegment]:
    """The sentences of one `<trans-unit>`: one per `<mrk mtype="seg">` of a segmented unit,
    else the unit whole; none for a unit not for translation. `InputError` for a unit without
    a `<source>` or with two targets (which English is meant cannot be known)."""
    source = _child(unit, "source")
    if source is None:
        raise InputError(f"{name}: unit {unit_id} has no <source>; fix or re-export it.")
    targets = [e for e in unit if local(e.tag) == "target"]
    if len(targets) > 1:
        raise InputError(
            f"{name}: unit {unit_id} has {len(targets)} <target>s; keep the one you mean."
        )
    if unit.get("translate") == "no" or unit.get("restype") in _NOT_FOR_TRANSLATION:
        return []
    target = targets[0] if targets else None
    whole = _segment(unit, unit_id, source, target, target)
    split = _child(unit, "seg-source")
    sources = _marks(split) if split is not None else {}
    englishes = _marks(target) if target is not None else {}
    if len(sources) < 2 or (target is not None and not englishes):  # an English not cut so
        return [whole]
    trados = _trados_segments(unit)
    return [
        _segment(unit, f"{unit_id}:{mid}", mark, englishes.get(mid), target, trados.get(mid))
        for mid, mark in sources.items()
    ]


def whole_unit(unit: ET.Element, unit_id: str, name: str) -> XliffSegment:
    """A `<trans-unit>` as one sentence, however a CAT tool cut it (ours are one sentence
    each): its segments' English joined."""
    segments = unit_segments(unit, unit_id, name)
    if len(segments) == 1:
        return segments[0]
    source = _child(unit, "source")
    assert source is not None  # unit_segments refused a unit without one
    return XliffSegment(
        unit_id,
        _text(source),
        " ".join(s.english for s in segments if s.english) or None,
        state=segments[0].state if segments else "",
        qualifier=segments[0].qualifier if segments else "",
        confirmed=all(s.confirmed for s in segments),
        machine=any(s.machine for s in segments),
        rejected=any(s.rejected for s in segments),
    )


def _segment(
    unit: ET.Element,
    segment_id: str,
    source: ET.Element,
    english: ET.Element | None,
    target: ET.Element | None,
    trados: ET.Element | None = None,
) -> XliffSegment:
    state = target.get("state", "") if target is not None else ""
    qualifier = target.get("state-qualifier", "") if target is not None else ""
    level = trados.get("conf", "") if trados is not None else ""
    confirmed = unit.get("approved") == "yes" or state in _CONFIRMED or level in _SDL_CONFIRMED
    return XliffSegment(
        segment_id,
        _text(source),
        _text(english) if english is not None else None,
        state=state,
        qualifier=qualifier,
        confirmed=confirmed,
        machine=trados is not None and trados.get("origin", "") in _SDL_MACHINE,
        rejected=qualifier.startswith("rejected-") or level in _SDL_REJECTED,
    )


def _marks(element: ET.Element) -> dict[str, ET.Element]:
    """The `<mrk mtype="seg">` segments under `element`, by their `mid`, in order."""
    return {
        mark.get("mid", str(number)): mark
        for number, mark in enumerate(
            (e for e in element.iter() if local(e.tag) == "mrk" and e.get("mtype") == "seg"), 1
        )
    }


def _trados_segments(unit: ET.Element) -> dict[str, ET.Element]:
    """SDLXLIFF's `<sdl:seg-defs>`: each segment's origin and confirmation level, by id."""
    return {
        seg.get("id", ""): seg
        for defs in unit
        if local(defs.tag) == "seg-defs"
        for seg in defs
        if local(seg.tag) == "seg"
    }


def _text(element: ET.Element) -> str:
    """An element's text with runs of XML whitespace as one space (a wrapped line is one)."""
    return _XML_SPACE.sub(" ", segment_text(element)).strip()


def trans_units(root: ET.Element) -> Iterator[tuple[ET.Element, ET.Element, str]]:
    """(file, trans-unit, its id) for every unit of an XLIFF document; a unit without an id is
    named by its place in its file."""
    for file in (e for e in root.iter() if local(e.tag) == "file"):
        for number, unit in enumerate((e for e in file.iter() if local(e.tag) == "trans-unit"), 1):
            yield file, unit, unit.get("id") or str(number)


def read_xliff(
    root: ET.Element, name: str, imported: str, held: Mapping[str, Held] | None = None
) -> list[MemoryUnit]:
    """The human translations of an XLIFF 1.2 document, German to English. `held` is what the
    article folder holds, by unit id (our own XLIFF; see the module docstring). A unit of ours
    is one sentence, however a CAT tool cut it."""
    if root.get("version", "").startswith("2"):  # <unit>s, not <trans-unit>s: none read here
        raise InputError(
            f"{name}: XLIFF {root.get('version')}; the memory imports XLIFF 1.2, TMX and TSV: "
            "export the file as XLIFF 1.2 or TMX from your tool."
        )
    for file in (e for e in root.iter() if local(e.tag) == "file"):
        _check_languages(name, file.get("source-language"), file.get("target-language"))
    units: list[MemoryUnit] = []
    unknown = 0  # our machine drafts changed by hand, with no record of what we wrote
    for file, unit, unit_id in trans_units(root):
        ours = file.get("tool-id") == OUR_TOOL
        # Our file's date is the machine draft's: a person's edit in it is as new as its import.
        date = imported if ours else utc_date(file.get("date")) or imported
        segments = [whole_unit(unit, unit_id, name)] if ours else unit_segments(unit, unit_id, name)
        for segment in segments:
            english = persons_english(segment, (held or {}).get(segment.id) if ours else None)
            if english is None:
                if ours and held is None and _changed_draft(segment):
                    unknown += 1
                continue
            if segment.german:
                units.append(
                    MemoryUnit(
                        segment.german,
                        english,
                        name,
                        segment.id,
                        date,
                        UnitState.parse(segment.state),
                    )
                )
    if unknown:
        logger.warning(
            "%s: %d units still marked as machine drafts are left out: no aligned.jsonl beside "
            "the file says which English translate wrote; import it from its article folder, or "
            "confirm them in a CAT tool",
            name,
            unknown,
        )
    return units


def _changed_draft(segment: XliffSegment) -> bool:
    """A segment still marked as our machine draft, holding English (maybe a person's)."""
    return bool(segment.english) and segment.qualifier in _MACHINE and not segment.confirmed


def read_tmx(root: ET.Element, name: str, imported: str) -> list[MemoryUnit]:
    """The German-English pairs of a TMX document (1.4, and the 1.1 `lang` attribute)."""
    header = next((e for e in root if local(e.tag) == "header"), None)
    if header is not None and (
        header.get("creationtool") == OUR_TOOL and header.get("o-tmf") == OUR_ALIGNED_TMF
    ):
        raise InputError(
            f"{name} is the machine translation a run wrote (aligned.tmx), not a person's; "
            "post-edit the article's aligned.xlf and import that."
        )
    header_date = _tmx_date(header.get("creationdate")) if header is not None else None
    units: list[MemoryUnit] = []
    for pair in tmx_pairs(root, name):
        german, english = pair.german.strip(), pair.english.strip()
        if not german or not english:
            continue
        props = {p.get("type"): (p.text or "") for p in pair.unit if local(p.tag) == "prop"}
        date = _tmx_date(pair.unit.get("changedate") or pair.unit.get("creationdate"))
        units.append(
            MemoryUnit(
                german,
                english,
                props.get("x-origin") or name,
                props.get("x-unit") or pair.id,
                date or header_date or imported,
                UnitState.parse(props.get("x-state", "")),
            )
        )
    return units


def _child(parent: ET.Element, name: str) -> ET.Element | None:
    return next((e for e in parent if local(e.tag) == name), None)


def _check_languages(name: str, source: str | None, target: str | None) -> None:
    source_ok = source is None or source.lower().startswith("de")
    target_ok = target is None or target.lower().startswith("en")
    if not (source_ok and target_ok):
        raise InputError(
            f"{name}: translates {source} to {target}; the memory holds German to English."
        )


def _tmx_date(value: str | None) -> str | None:
    """TMX's `20261125T090338Z` (or any ISO 8601 form) as `2026-11-25T09:03:38+00:00`; None if
    unreadable."""
    return utc_date(value)
