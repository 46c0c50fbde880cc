"""`translate memory export`: the whole memory as a TMX 1.4 file any CAT tool imports.

Valid against the TMX 1.4b DTD (tests/fixtures/tmx14.dtd). Each `<tu>` keeps where its pair
came from as `<prop>`s (`x-origin`, `x-unit`, `x-state`), which `memory import` reads back,
and a `<note>` saying so in words. The header's `o-tmf` marks the file as a memory export, so a
later export may replace it; any other file in the way is left alone.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from translate.clock import utc_now
from translate.errors import OutputError
from translate.memory.model import MemoryUnit
from translate.memory.store import Memory
from translate.memory.xml_in import MEMORY_TMF, OUR_TOOL
from translate.ownership import new_token, temp_name
from translate.render.xmltext import xml_safe
from translate.version import __version__

_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STDOUT = Path("-")


def render_memory_tmx(units: Iterable[MemoryUnit], date: str) -> str:
    """The units as a TMX 1.4 document (UTF-8 text); `date` is the export's, ISO 8601."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": OUR_TOOL,
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": MEMORY_TMF,
            "adminlang": "en",
            "srclang": "de",
            "datatype": "plaintext",
            "creationdate": _tmx_date(date),
        },
    )
    body = ET.SubElement(root, "body")
    for number, unit in enumerate(units, start=1):
        tu = ET.SubElement(body, "tu", tuid=str(number), changedate=_tmx_date(unit.date))
        ET.SubElement(tu, "note").text = xml_safe(f"{unit.origin}, unit {unit.unit} ({unit.state})")
        for kind, value in (("x-origin", unit.origin), ("x-unit", unit.unit)):
            ET.SubElement(tu, "prop", type=kind).text = xml_safe(value)
        ET.SubElement(tu, "prop", type="x-state").text = unit.state.value
        for language, text in (("de", unit.source), ("en", unit.target)):
            ET.SubElement(ET.SubElement(tu, "tuv", {_XML_LANG: language}), "seg").text = xml_safe(
                text
            )
    ET.indent(root)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_DOCTYPE}\n{ET.tostring(root, "unicode")}\n'


def export_memory(memory_path: Path, out: Path) -> int:
    """Write the memory to `out` (`-`: stdout) as TMX; how many pairs it holds."""
    with Memory(memory_path) as memory:
        units = list(memory.units())
    text = render_memory_tmx(units, utc_now())
    if out == STDOUT:
        sys.stdout.write(text)
        return len(units)
    if out.exists() and not _is_our_export(out):
        raise OutputError(
            f"{out} exists and is not a memory export of translate's; choose another name, "
            "or move that file away."
        )
    temporary = out.with_name(temp_name(out.name, new_token(), "tmp"))
    try:
        with temporary.open("w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"{out}: cannot be written ({error.strerror}).") from None
    return len(units)


def _is_our_export(path: Path) -> bool:
    """True when `path` is a TMX whose header names it a memory export (read up to the header)."""
    if not path.is_file():  # a FIFO would block the read; a folder is no export
        return False
    try:
        for _, element in ET.iterparse(path, events=("start",)):
            if element.tag == "header":
                return bool(element.get("o-tmf") == MEMORY_TMF)
            if element.tag != "tmx":
                return False
    except (OSError, ET.ParseError):
        return False
    return False


def _tmx_date(iso_date: str) -> str:
    """ISO 8601 in UTC (`2026-11-25T09:03:38+00:00`) as TMX's basic form (`20261125T090338Z`)."""
    digits = iso_date.split("+")[0].removesuffix("Z").replace("-", "").replace(":", "")
    return f"{digits}Z"
