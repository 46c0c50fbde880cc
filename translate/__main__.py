"""`python -m translate` runs the command-line interface."""

from translate.cli.app import app

app(prog_name="translate")
