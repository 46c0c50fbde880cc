"""What a cached translation is keyed by: the settings that decide it besides the sentence.

Pure (settings in, digest out), kept apart from the SQLite store in `cache.py`, which is I/O.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from translate.document import ModelInfo

# Bumped when what a cached translation means changes (e.g. how output length is bounded).
CACHE_FORMAT = 3  # 2: translations carry the model's confidence; 3: protected spans masked


@dataclass(frozen=True, slots=True)
class CacheSettings:
    """What decides a sentence's translation besides the sentence itself."""

    model: str
    revision: str
    engine: str
    beams: int
    max_length: int
    # The glossary's content hash (`Glossary.sha256`), "" without one: it changes the English.
    glossary: str = ""

    def key(self) -> str:
        """A stable digest of these settings, the first half of every cache key."""
        return hashlib.sha256(self.describe().encode("utf-8")).hexdigest()

    def describe(self) -> str:
        """The settings as canonical JSON (stored beside the key, for people reading the cache)."""
        record = {
            "format": CACHE_FORMAT,
            "model": self.model,
            "revision": self.revision,
            "engine": self.engine,
            "beams": self.beams,
            "max_length": self.max_length,
            "glossary": self.glossary,
        }
        return json.dumps(record, sort_keys=True, ensure_ascii=False)


def cache_settings(
    info: ModelInfo,
    *,
    engine: str,
    beams: int,
    max_length: int,
    glossary: str = "",
) -> CacheSettings:
    """Cache settings for a model; a local folder is identified by its content hash alone.

    The same weights reached through two different paths are the same model, so a folder's
    name is left out when its revision is a content hash (`sha256:...`); a hub model keeps its id.
    `engine` is the translator's engine name, which also says whether it runs quantised
    (`ct2-int8`, `transformers-int8`), since quantisation changes the output. `glossary` is the
    glossary's content hash, if the run has one.
    """
    model = "" if info.local else info.name
    return CacheSettings(
        model=model,
        revision=info.revision,
        engine=engine,
        beams=beams,
        max_length=max_length,
        glossary=glossary,
    )
