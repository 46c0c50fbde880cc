"""The README's claims that code can check: its options table is the command's own --help."""

from conftest import ALL_OUTPUT_FILES, REPO, load_script


def test_the_options_table_is_the_commands_help() -> None:
    script = load_script("options_table")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = script.options_table()
    assert f"{script.START}\n{table}{script.END}" in readme, (
        "README.md's options table differs from `translate run --help`: run "
        "`python scripts/options_table.py --write`"
    )
    assert "| `--model ID\\|DIR` | Hugging Face model id or folder." in table  # read, not empty


def test_the_table_of_output_files_names_every_file_a_batch_writes() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| file | content |")[1].split("\n\n")[0]
    named = {line.split("`")[1].removeprefix("../") for line in table.splitlines()[2:]}
    article = set(ALL_OUTPUT_FILES)  # written out by hand in conftest
    assert named == article | {"index.html", "pairs.xlsx"}
