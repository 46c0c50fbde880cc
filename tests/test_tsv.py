"""aligned.tsv read back by the usual readers, Python's csv and pandas, on hostile text."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from translate.document import AlignedDocument, SentencePair
from translate.render.tsv import render_tsv

# (German, English): what news text and model output can hold that breaks a naive TSV.
HOSTILE = [
    ('"Wir schaffen das", sagte sie.', '"We can do it," she said.'),
    ('Er sagte: „Ja“ und "nein".', 'He said "yes" and "no".'),
    ('"', '""'),
    ("Spalte\teins", "column\tone"),
    ("Zeile\nzwei", "line\ntwo"),
    ("Windows\r\nZeile", "Windows\r\nline"),
    ("alt\rMac", "old\rMac"),
    ("C:\\Pfad\\neu \\t", "C:\\path\\new \\t"),
    ("=SUMME(A1:A2)", "=SUM(A1:A2)"),
    ("+49 30 1234", "+49 30 1234"),
    ("-5 Grad", "-5 degrees"),
    ("@bundestag", "@bundestag"),
    ("NA", "NA"),
    ("  Leerzeichen  ", "  spaces  "),
    ("", ""),
    ("1990", "1990"),
    ("😀 ü ß", "😀 ü ß"),
]
FLAGS = ("low-confidence", "length-ratio")
FLAGS_TEXT = "low-confidence,length-ratio"
DOCUMENT = AlignedDocument(
    name="feindlich",
    pairs=tuple(
        SentencePair(
            1 + index // 5,
            1 + index % 5,
            german,
            english,
            confidence=-1.75 if index % 2 else None,
            flags=FLAGS if index % 3 == 0 else (),
        )
        for index, (german, english) in enumerate(HOSTILE)
    ),
)


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "aligned.tsv"
    path.write_text(render_tsv(DOCUMENT), encoding="utf-8", newline="")
    return path


def test_python_csv_reads_back_every_field_exactly(tmp_path: Path) -> None:
    with _write(tmp_path).open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter="\t"))
    assert rows[0] == ["paragraph", "sentence", "de", "en", "confidence", "flags", "origin"]
    assert len(rows) == 1 + len(HOSTILE)
    assert [(row[2], row[3]) for row in rows[1:]] == HOSTILE
    assert [row[:2] for row in rows[1:4]] == [["1", "1"], ["1", "2"], ["1", "3"]]
    assert rows[6][:2] == ["2", "1"]
    assert [row[4] for row in rows[1:5]] == ["", "-1.7500", "", "-1.7500"]
    assert [row[5] for row in rows[1:5]] == [FLAGS_TEXT, "", "", FLAGS_TEXT]


def test_python_csv_excel_tab_dialect_too(tmp_path: Path) -> None:
    with _write(tmp_path).open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file, dialect="excel-tab"))
    assert [(row["de"], row["en"]) for row in rows] == HOSTILE


def test_pandas_reads_back_every_field_exactly(tmp_path: Path) -> None:
    # The call the README gives: text columns as text, only an empty confidence is missing.
    frame = pd.read_csv(
        _write(tmp_path),
        sep="\t",
        dtype={"de": str, "en": str, "flags": str},
        keep_default_na=False,
        na_values={"confidence": [""]},
    )
    assert list(frame.columns) == [
        "paragraph",
        "sentence",
        "de",
        "en",
        "confidence",
        "flags",
        "origin",
    ]
    assert list(zip(frame["de"], frame["en"], strict=True)) == HOSTILE
    assert frame["paragraph"].tolist() == [1] * 5 + [2] * 5 + [3] * 5 + [4] * 2
    assert frame["sentence"].tolist()[:7] == [1, 2, 3, 4, 5, 1, 2]
    confidence = frame["confidence"].tolist()
    assert confidence[1] == -1.75 and confidence[3] == -1.75
    assert frame["confidence"].isna().tolist()[:4] == [True, False, True, False]
    assert frame["flags"].tolist()[:4] == [FLAGS_TEXT, "", "", FLAGS_TEXT]


def test_pandas_defaults_keep_every_row_and_the_quotes(tmp_path: Path) -> None:
    # With no options at all, the file still parses into its 17 rows (an unquoted leading `"`
    # used to make pandas fail with "EOF inside string"); only the NA-like words become NaN.
    frame = pd.read_csv(_write(tmp_path), sep="\t")
    assert len(frame) == len(HOSTILE)
    assert frame["en"].tolist()[:3] == [
        '"We can do it," she said.',
        'He said "yes" and "no".',
        '""',
    ]
    assert frame["en"].tolist()[8] == "=SUM(A1:A2)"
    assert frame["de"].isna().tolist().count(True) == 2  # "NA" and the empty sentence
