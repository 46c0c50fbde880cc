"""Reading XLIFF 1.2 and TMX 1.4 files into memory units: only what a person translated.

XLIFF from any tool (ours after post-editing, OmegaT, Okapi, translate-toolkit): a unit goes in
when it has an English target that is not an untranslated state (`new`, `needs-translation`)
and is not a machine draft. A draft is a target marked `state-qualifier="mt-suggestion"` that
nobody confirmed (`approved="yes"`, or the state `final` or `signed-off`); in
our own XLIFF such a unit still counts as a person's when its English differs from the English
we wrote (`drafts`, read from the article folder's aligned.jsonl): someone edited it in a plain
editor and left the attributes. TMX is by definition a memory of approved translations, except
the `aligned.tmx` of our own runs, which is machine output and refused; which of its units pair
German with English is decided as `translate check` decides it (`translate.read.bilingual`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping

from translate.errors import InputError
from translate.memory.dates import utc_date
from translate.memory.model import MemoryUnit, UnitState
from translate.read.bilingual import local, segment_text, tmx_pairs

_UNTRANSLATED = frozenset({"new", "needs-translation"})
_MACHINE = frozenset({"mt-suggestion"})
# A machine draft a person confirmed as it stands (approved, or signed off) is a person's.
_CONFIRMED = frozenset({"final", "signed-off"})
OUR_TOOL = "translate"
OUR_ALIGNED_TMF = "translate-aligned-jsonl"
MEMORY_TMF = "translate-memory"


def parse_xml(data: bytes, name: str) -> ET.Element:
    """The root of an XML file, or one line saying where it is not well-formed."""
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        raise InputError(f"{name}: not well-formed XML ({error}); fix or re-export it.") from None


def read_xliff(
    root: ET.Element, name: str, imported: str, drafts: Mapping[str, str] | None = None
) -> list[MemoryUnit]:
    """The human translations of an XLIFF 1.2 document, German to English."""
    if root.get("version", "").startswith("2"):  # <unit>s, not <trans-unit>s: none read here
        raise InputError(
            f"{name}: XLIFF {root.get('version')}; the memory imports XLIFF 1.2, TMX and TSV: "
            "export the file as XLIFF 1.2 or TMX from your tool."
        )
    units: list[MemoryUnit] = []
    for file in (e for e in root.iter() if local(e.tag) == "file"):
        _check_languages(name, file.get("source-language"), file.get("target-language"))
        ours = file.get("tool-id") == OUR_TOOL
        date = utc_date(file.get("date")) or imported
        for number, unit in enumerate((e for e in file.iter() if local(e.tag) == "trans-unit"), 1):
            unit_id = unit.get("id") or str(number)
            source = _child(unit, "source")
            if source is None:
                raise InputError(f"{name}: unit {unit_id} has no <source>; fix or re-export it.")
            target = _child(unit, "target")
            if target is None:
                continue
            english = segment_text(target).strip()
            state = target.get("state", "")
            if not english or state in _UNTRANSLATED:
                continue
            confirmed = unit.get("approved") == "yes" or state in _CONFIRMED
            if target.get("state-qualifier") in _MACHINE and not confirmed:
                draft = (drafts or {}).get(unit_id) if ours else None
                if draft is None or draft.strip() == english:
                    continue
            german = segment_text(source).strip()
            if german:
                units.append(
                    MemoryUnit(german, english, name, unit_id, date, UnitState.parse(state))
                )
    return units


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
