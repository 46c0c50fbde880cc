"""The README's claims that code can check: its options table is the command's own --help."""

from conftest import REPO, load_script


def test_the_options_table_is_the_commands_help() -> None:
    script = load_script("options_table")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = script.options_table()
    assert f"{script.START}\n{table}{script.END}" in readme, (
        "README.md's options table differs from `translate run --help`: run "
        "`python scripts/options_table.py --write`"
    )
    assert "| `--model ID\\|DIR` | Hugging Face model id or folder." in table  # read, not empty
