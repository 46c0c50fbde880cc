"""The command line: `main` runs `translate` (`app` declares it, `run_flags` its flags)."""

from __future__ import annotations

import sys
from pathlib import Path

import translate
from translate.cli.app import app
from translate.errors import INTERNAL_ERROR_EXIT


def main() -> None:
    """Run the `translate` command, after checking that the `translate` package is ours.

    Another project imports as `translate` too (translate-toolkit): installed in the same
    environment, its files and ours overwrite each other, and what runs is neither. Say so in one
    line instead of failing somewhere deep inside.
    """
    ours = Path(__file__).resolve().parent.parent
    package = Path(getattr(translate, "__file__", "") or ".").resolve().parent
    if getattr(translate, "DISTRIBUTION", None) != "translate-de-en" or package != ours:
        print(
            f"translate: error: the `translate` package in {package} is not translate-de-en's "
            "(another project that imports as `translate`, such as translate-toolkit, is "
            "installed in this environment); install translate-de-en in an environment of its "
            "own, e.g. `pipx install translate-de-en` or a venv.",
            file=sys.stderr,
        )
        sys.exit(INTERNAL_ERROR_EXIT)
    app(prog_name="translate")


__all__ = ["app", "main"]
