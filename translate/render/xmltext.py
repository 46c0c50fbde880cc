"""Text that XML can carry (the HTML page, the TMX and XLIFF files all need it), and a big
XML document written one part at a time."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

# Characters XML 1.0 cannot carry at all (C0 controls but tab and line breaks, surrogates,
# U+FFFE/U+FFFF): they become U+FFFD, or the file would not parse.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with the characters XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def indented_xml(
    root: ET.Element, parent: ET.Element, depth: int, children: Iterable[ET.Element]
) -> Iterator[str]:
    """`ET.tostring(root)` after `ET.indent(root)` with `children` appended to `parent` (an
    element `depth` levels below `root`), character for character, but with each child built
    and written in turn: the whole tree of a big article (a few hundred bytes an element, about
    130× the article's size for a TMX) is never in memory at once."""
    pending = iter(children)
    first = next(pending, None)
    if first is None:  # an empty parent is written as `<body />`: nothing to splice
        ET.indent(root)
        yield ET.tostring(root, encoding="unicode")
        return
    sentinel = ET.SubElement(parent, "translate-sentinel")
    ET.indent(root)
    head, tail = ET.tostring(root, encoding="unicode").split("<translate-sentinel />")
    parent.remove(sentinel)
    yield head
    inner = "\n" + "  " * (depth + 1)
    for number, child in enumerate(itertools.chain([first], pending)):
        ET.indent(child, level=depth + 1)
        child.tail = None
        yield (inner if number else "") + ET.tostring(child, encoding="unicode")
    yield tail
