"""The translation memory: German sentences and the English a person gave them.

Filled from post-edited XLIFF, TMX and TSV files (`import_files`), written out as TMX
(`export_memory`), and looked up by a run: exact matches (after `normalise`) replace the
model's English, close ones (`Memory.closest`) are offered beside it.
"""

from translate.memory.export import export_memory, render_memory_tmx
from translate.memory.fuzzy import FUZZY_THRESHOLD
from translate.memory.importing import ImportReport, import_files, read_units, rescue_edits
from translate.memory.lookup import RunMemory, answers_digest
from translate.memory.model import MemoryStats, MemoryUnit, UnitState
from translate.memory.normalise import normalise
from translate.memory.store import MEMORY_ENV, Memory, memory_path

__all__ = [
    "FUZZY_THRESHOLD",
    "MEMORY_ENV",
    "ImportReport",
    "Memory",
    "MemoryStats",
    "MemoryUnit",
    "RunMemory",
    "UnitState",
    "answers_digest",
    "export_memory",
    "import_files",
    "memory_path",
    "normalise",
    "read_units",
    "render_memory_tmx",
    "rescue_edits",
]
