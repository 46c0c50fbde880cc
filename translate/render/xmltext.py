"""Text that XML can carry: the HTML page and the TMX file both need it."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot carry at all (C0 controls but tab and line breaks, surrogates,
# U+FFFE/U+FFFF): they become U+FFFD, or the file would not parse.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)
