"""Which units of another tool's XLIFF are a person's translations: sentences of a segmented
unit (Okapi, Trados), machine drafts in their several spellings, rejected and copied targets,
units not for translation, and a unit the file cannot say what it means by."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from translate.errors import InputError
from translate.memory import read_units

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"
 xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
 <file original="a.txt" source-language="de-AT" target-language="en-US" datatype="plaintext">
  <body>
"""
TAIL = """  </body>
 </file>
</xliff>
"""


def _read(tmp_path: Path, units: str) -> list[tuple[str, str, str]]:
    path = tmp_path / "tool.xlf"
    path.write_text(HEAD + units + TAIL, encoding="utf-8")
    return [(unit.source, unit.target, unit.unit) for unit in read_units(path)]


def test_a_segmented_unit_gives_a_pair_per_sentence(tmp_path: Path) -> None:
    okapi = """
   <trans-unit id="tu1"><source>Der Minister trat zurück. Er nannte keine Gründe.</source>
    <seg-source><mrk mid="0" mtype="seg">Der Minister trat zurück.</mrk> <mrk mid="1"
     mtype="seg">Er nannte keine Gründe.</mrk></seg-source>
    <target><mrk mid="0" mtype="seg">The minister resigned.</mrk> <mrk mid="1"
     mtype="seg">He gave no reasons.</mrk></target></trans-unit>
"""
    assert _read(tmp_path, okapi) == [
        ("Der Minister trat zurück.", "The minister resigned.", "tu1:0"),
        ("Er nannte keine Gründe.", "He gave no reasons.", "tu1:1"),
    ]


def test_a_trados_segment_the_machine_drafted_stays_out_until_confirmed(tmp_path: Path) -> None:
    trados = """
   <trans-unit id="u1"><source>Erstens. Zweitens. Drittens.</source>
    <seg-source><mrk mtype="seg" mid="1">Erstens.</mrk> <mrk mtype="seg" mid="2">Zweitens.</mrk>
     <mrk mtype="seg" mid="3">Drittens.</mrk></seg-source>
    <target><mrk mtype="seg" mid="1">First.</mrk> <mrk mtype="seg" mid="2">Second (MT).</mrk>
     <mrk mtype="seg" mid="3">Third.</mrk></target>
    <sdl:seg-defs><sdl:seg id="1" conf="Translated" origin="interactive"/>
     <sdl:seg id="2" conf="Draft" origin="mt"/>
     <sdl:seg id="3" conf="Translated" origin="mt"/></sdl:seg-defs></trans-unit>
"""
    assert _read(tmp_path, trados) == [
        ("Erstens.", "First.", "u1:1"),
        ("Drittens.", "Third.", "u1:3"),  # machine English a person confirmed
    ]


def test_only_a_persons_english_goes_in(tmp_path: Path) -> None:
    units = """
   <trans-unit id="1"><source>Eins.</source>
    <target state="translated" state-qualifier="leveraged-mt">One (MT).</target></trans-unit>
   <trans-unit id="2"><source>Zwei.</source>
    <target state="translated" state-qualifier="rejected-inaccurate">Too.</target></trans-unit>
   <trans-unit id="3" translate="no"><source>ACME Turbo 3000</source>
    <target>ACME Turbo 3000</target></trans-unit>
   <trans-unit id="4"><source>Drei Männer.</source><target>Drei Männer.</target></trans-unit>
   <trans-unit id="5" restype="x-gettext-domain-header" approved="no"><source>Content-Type:
    text/plain</source><target>Content-Type: text/plain</target></trans-unit>
   <trans-unit id="6"><source>Vier.</source><target>Four,
        wrapped   by an editor.</target></trans-unit>
   <trans-unit id="7" approved="yes"><source>Fünf.</source>
    <target state-qualifier="leveraged-mt">Five.</target></trans-unit>
"""
    assert _read(tmp_path, units) == [
        ("Vier.", "Four, wrapped by an editor.", "6"),
        ("Fünf.", "Five.", "7"),
    ]


def test_a_unit_with_two_targets_is_refused_naming_it(tmp_path: Path) -> None:
    units = """
   <trans-unit id="u7"><source>Eins.</source><target>One.</target><target>Uno.</target>
   </trans-unit>
"""
    with pytest.raises(InputError) as refused:
        _read(tmp_path, units)
    assert str(refused.value) == (
        f"{tmp_path / 'tool.xlf'}: unit u7 has 2 <target>s; keep the one you mean."
    )


def test_our_xliff_away_from_its_folder_says_what_it_leaves_out(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ours = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="artikel" source-language="de" target-language="en" datatype="plaintext"
  tool-id="translate" date="2026-12-01T00:00:00+00:00"><body>
  <trans-unit id="p1.s1"><source>Der Hund schläft.</source>
   <target state="translated" state-qualifier="mt-suggestion">The dog is asleep.</target>
  </trans-unit>
  <trans-unit id="p1.s2"><source>Die Katze trinkt.</source>
   <target state="translated" state-qualifier="leveraged-tm">The cat drinks.</target>
  </trans-unit></body></file></xliff>
"""
    path = tmp_path / "moved.xlf"
    path.write_text(ours, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        found = read_units(path)
    assert [(unit.source, unit.target) for unit in found] == [
        ("Die Katze trinkt.", "The cat drinks.")
    ]
    assert [record.getMessage() for record in caplog.records] == [
        f"{path}: 1 units still marked as machine drafts are left out: no aligned.jsonl beside "
        "the file says which English translate wrote; import it from its article folder, or "
        "confirm them in a CAT tool"
    ]


def test_a_segmented_unit_whose_english_is_not_cut_is_one_pair(tmp_path: Path) -> None:
    units = """
   <trans-unit id="3"><source>Er kam. Er ging.</source>
    <seg-source><mrk mtype="seg" mid="1">Er kam.</mrk> <mrk mtype="seg" mid="2">Er
     ging.</mrk></seg-source>
    <target state="translated">He came. He went.</target></trans-unit>
"""
    assert _read(tmp_path, units) == [("Er kam. Er ging.", "He came. He went.", "3")]


def test_our_unit_cut_by_a_cat_tool_stays_one_sentence(tmp_path: Path) -> None:
    ours = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="artikel" source-language="de" target-language="en" datatype="plaintext"
  tool-id="translate" date="2026-12-01T00:00:00+00:00"><body>
  <trans-unit id="p1.s1" approved="yes"><source>Dr. Müller arbeitet in Berlin.</source>
   <seg-source><mrk mtype="seg" mid="0">Dr.</mrk> <mrk mtype="seg" mid="1">Müller arbeitet in
    Berlin.</mrk></seg-source>
   <target state="translated"><mrk mtype="seg" mid="0">Dr.</mrk> <mrk mtype="seg" mid="1">Müller
    works in Berlin.</mrk></target>
  </trans-unit></body></file></xliff>
"""
    path = tmp_path / "moved.xlf"
    path.write_text(ours, encoding="utf-8")
    assert [(u.source, u.target, u.unit) for u in read_units(path)] == [
        ("Dr. Müller arbeitet in Berlin.", "Dr. Müller works in Berlin.", "p1.s1")
    ]
