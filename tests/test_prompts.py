import hashlib
from pathlib import Path

import pytest
from conftest import REPO

from translate.errors import TemplateError
from translate.summary.prompts import (
    BUILTIN_TEMPLATES,
    DEFAULT_PROMPT,
    load_template,
    parse_template,
    template_names,
)


def test_the_shipped_templates_load_and_fill_every_placeholder() -> None:
    assert Path(str(BUILTIN_TEMPLATES)) == REPO / "translate" / "summary" / "templates"
    assert DEFAULT_PROMPT == "summary"
    assert template_names() == ["summary"]
    for name in template_names():
        prompt = load_template(name).render(
            text="TEXT-HERE", title="TITLE-HERE", words=42, sentences=2
        )
        assert "TEXT-HERE" in prompt
        assert "$" not in prompt


def test_render_fills_the_named_placeholders() -> None:
    template = parse_template(
        "Summarise „$title“ in $sentences sentences, ${words} words, for $$5:\n\n$text\n",
        name="t",
        source="t.txt",
    )
    assert template.render(text="Der Text.", title="Titel", words=60, sentences=3) == (
        "Summarise „Titel“ in 3 sentences, 60 words, for $5:\n\nDer Text.\n"
    )


def test_name_path_and_hash(tmp_path: Path) -> None:
    text = "Kurz: $text"
    path = tmp_path / "kurz.txt"
    path.write_text(text, encoding="utf-8")
    by_path = load_template(str(path))
    by_name = load_template("kurz", templates=tmp_path)
    for template in (by_path, by_name):
        assert template.name == "kurz"
        assert template.text == text
        assert template.sha256 == hashlib.sha256(text.encode()).hexdigest()
        assert template.source == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "Summarise $text for $reader.",
            "prompt template x.txt uses the unknown placeholder $reader; "
            "the known ones are $sentences, $text, $title, $words.",
        ),
        (
            "Summarise ${article}.",
            "prompt template x.txt uses the unknown placeholder $article; "
            "the known ones are $sentences, $text, $title, $words.",
        ),
        (
            "Summarise the article titled $title.",
            "prompt template x.txt has no $text placeholder, so the article would never reach "
            "the model; add $text where the article's text belongs.",
        ),
        (
            "Line one.\nIt costs 5$ to read $text",
            "prompt template x.txt, line 2: `$` is not a placeholder; use one of "
            "$sentences, $text, $title, $words, or write $$ for a literal dollar sign.",
        ),
        (
            "$text in $3 words",
            "prompt template x.txt, line 1: `$3` is not a placeholder; use one of "
            "$sentences, $text, $title, $words, or write $$ for a literal dollar sign.",
        ),
    ],
)
def test_bad_templates_fail_with_one_line_naming_template_and_variable(
    text: str, message: str
) -> None:
    with pytest.raises(TemplateError) as raised:
        parse_template(text, name="x", source="x.txt")
    assert str(raised.value) == message
    assert raised.value.exit_code == 2


def test_bad_template_file_is_checked_when_loaded(tmp_path: Path) -> None:
    path = tmp_path / "schlecht.txt"
    path.write_text("Summarise $text in $length words.", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"schlecht\.txt uses the unknown placeholder \$length"):
        load_template(str(path))


def test_unknown_name_lists_the_templates_there(tmp_path: Path) -> None:
    (tmp_path / "eins.txt").write_text("$text", encoding="utf-8")
    (tmp_path / "zwei.txt").write_text("$text", encoding="utf-8")
    with pytest.raises(TemplateError) as raised:
        load_template("drei", templates=tmp_path)
    assert str(raised.value) == (
        "prompt template 'drei' is not one of the built-in templates (eins, zwei); pass one of "
        "those names or the path of a template file to --summary-prompt."
    )


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"fehlt\.txt does not exist; check --summary-prompt"):
        load_template(str(tmp_path / "fehlt.txt"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Grüße $text".encode("latin-1"))
    with pytest.raises(TemplateError, match=r"latin\.txt is not UTF-8 text"):
        load_template(str(latin))
