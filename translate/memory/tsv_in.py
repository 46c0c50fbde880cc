"""Reading a TSV of German and English columns (a glossary of sentences, a spreadsheet export).

With a header row naming the columns (`de`/`german`/`source` and `en`/`english`/`target`, any
case), those two columns are read and the others ignored; without one, each line must hold
exactly two fields, German then English. Fields follow the `csv` module's tab dialect, so a
quoted field may hold tabs and line breaks. Our own aligned.tsv is machine output and refused.
"""

from __future__ import annotations

import csv

from translate.errors import InputError
from translate.memory.model import MemoryUnit

_GERMAN = frozenset({"de", "de-de", "german", "deutsch", "source"})
_ENGLISH = frozenset({"en", "en-gb", "en-us", "english", "target"})
# The header of a run's aligned.tsv (translate.render.tsv.TSV_COLUMNS), to which later versions
# append columns (`origin`): a header that begins so is ours.
_OUR_ALIGNED = ("paragraph", "sentence", "de", "en", "confidence", "flags")


def read_tsv(text: str, name: str, imported: str) -> list[MemoryUnit]:
    """The German-English pairs of a TSV file; `unit` is the line number of each."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter="\t")
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise InputError(f"{name}: line {reader.line_num}: {error}.") from None
    rows = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0][1]]
    if tuple(header[: len(_OUR_ALIGNED)]) == _OUR_ALIGNED:
        raise InputError(
            f"{name} is the machine translation a run wrote (aligned.tsv), not a person's; "
            "post-edit the article's aligned.xlf and import that."
        )
    german = next((i for i, cell in enumerate(header) if cell in _GERMAN), None)
    english = next((i for i, cell in enumerate(header) if cell in _ENGLISH), None)
    if german is not None and english is not None:
        body, width = rows[1:], len(header)
    else:
        german, english, body, width = 0, 1, rows, 2
    units: list[MemoryUnit] = []
    for line, row in body:
        if len(row) != width:
            raise InputError(
                f"{name}: line {line} has {len(row)} fields, not {width}"
                f"{'' if width != 2 else ' (German, a tab, English)'}; fix that line."
            )
        source, target = row[german].strip(), row[english].strip()
        if source and target:
            units.append(MemoryUnit(source, target, name, str(line), imported))
    return units
