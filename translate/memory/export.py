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
from translate.errors import InputError, OutputError, UsageError
from translate.memory.dates import utc_date
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
    header = ET.SubElement(
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
        },
    )
    created = _tmx_date(date)
    if created is not None:
        header.set("creationdate", created)
    body = ET.SubElement(root, "body")
    for number, unit in enumerate(units, start=1):
        changed = _tmx_date(unit.date)
        tu = ET.SubElement(body, "tu", tuid=str(number))
        if changed is not None:  # else no date at all, not a wrong one
            tu.set("changedate", changed)
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
    if out != STDOUT:
        _check_out(out)
    units = _read_units(memory_path)
    text = render_memory_tmx(units, utc_now())
    if out == STDOUT:
        sys.stdout.write(text)
        return len(units)
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


def _check_out(out: Path) -> None:
    """Refuse an `out` the export must not replace: a folder, or a file it did not write."""
    if out.is_dir():
        raise UsageError(
            f"{out}: is a folder; give the export a file name such as {out / 'memory.tmx'}."
        )
    if out.exists() and not _is_our_export(out):
        raise OutputError(
            f"{out} exists and is not a memory export of translate's; choose another name, "
            "or move that file away."
        )


def _read_units(memory_path: Path) -> list[MemoryUnit]:
    """Every pair of the memory; a memory that is not there is refused, since exporting it
    would write a file that looks right and holds nothing (a mistyped --memory, say)."""
    with Memory(memory_path) as memory:
        if not memory.stats().exists:
            raise InputError(
                f"{memory_path}: no memory there yet; import some translations first, or give "
                "--memory the right file."
            )
        return list(memory.units())


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


def _tmx_date(value: str) -> str | None:
    """A date as TMX's basic form in UTC (`20261125T090338Z`); None when it is no date (an older
    memory may hold a date as its file wrote it, even `gestern`)."""
    date = utc_date(value)
    return None if date is None else f"{date[:19].replace('-', '').replace(':', '')}Z"
