"""`python -m translate` runs the command-line interface."""

from translate.cli import main

main()
