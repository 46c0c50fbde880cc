"""`python -m translate` runs the command-line interface."""

from translate.cli import app

app(prog_name="translate")
