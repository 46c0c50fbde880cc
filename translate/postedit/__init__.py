"""Post-edited files brought back: `apply_files` re-renders an article folder from the English
a person corrected in its XLIFF, without translating anything."""

from translate.postedit.apply import Applied, apply_files

__all__ = ["Applied", "apply_files"]
