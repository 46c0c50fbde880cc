"""Messages on stderr show a file's name as it is, never what its characters would do.

A name may hold any character but `/` and NUL: a newline would print a line of its own (a
file named `x`, newline, `translate: error: FAKE.txt` looks like an error that never happened),
an ESC would colour or clear the terminal. Every line the CLI writes to stderr goes through
`printable`, which writes such characters as the escapes Python would (`\\n`, `\\x1b`).
"""

from __future__ import annotations

# C0 controls, DEL, C1 controls, and the two Unicode line breaks that terminals may honour.
_CONTROLS = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]
_ESCAPES = str.maketrans({code: repr(chr(code))[1:-1] for code in _CONTROLS})


def printable(text: str) -> str:
    """`text` with every control character written as its escape: one line, no terminal codes."""
    return text.translate(_ESCAPES)
