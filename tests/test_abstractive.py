"""The abstractive summary, end to end on the tiny models scripts/build_tiny_summariser.py builds.

The tiny models were trained on prompts rendered from tests/fixtures/tiny-summary-prompt.txt with
the English that tiny-marian makes of the German articles below, so their answers are known.
"""

import json
import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, TINY_MARIAN
from typer.testing import CliRunner

from translate.cli.app import app
from translate.document import AlignedDocument, SentencePair
from translate.errors import ModelUnavailableError, UsageError
from translate.summary.abstractive import SummaryModel, max_new_tokens, word_budget
from translate.summary.cleaning import clean_summary, split_english_sentences
from translate.summary.prompts import fit_prompt, load_template, title_and_body

FIXTURES = REPO / "tests" / "fixtures"
TINY_GPT2 = FIXTURES / "tiny-summariser-gpt2"
TINY_T5 = FIXTURES / "tiny-summariser-t5"
TINY_PROMPT = FIXTURES / "tiny-summary-prompt.txt"
runner = CliRunner()

BERICHT_DE = (
    "Die Regierung hat am 3. Oktober ein neues Gesetz beschlossen. Dr. Müller arbeitet in Berlin. "
    "Die Stadt hat 5.000 Einwohner.\n\n"
    "Er sagte: „Wir kommen morgen.“ Wo ist der Bahnhof? Das ist eine gute Nachricht!\n"
)
SCHULE = [
    ["The mayor opened the new school on Monday.", "The children are playing in the garden."],
    ["The pupils are writing an exam tomorrow.", "The weather is nice today."],
]
SCHULE_PROMPT = (
    'Summarise the article "schule".\n\n'
    "The mayor opened the new school on Monday. The children are playing in the garden.\n\n"
    "The pupils are writing an exam tomorrow. The weather is nice today.\n"
)
# What both tiny models were trained to answer for SCHULE: a label, a repeat, a half sentence.
SCHULE_ANSWER = (
    "Summary: The mayor opened the new school on Monday. The mayor opened the new school on "
    "Monday. The pupils are writing an exam tomorrow. The children are playing in the"
)


def _document(name: str, paragraphs: list[list[str]]) -> AlignedDocument:
    pairs = tuple(
        SentencePair(paragraph=p, sentence=s, source=f"de {p}.{s}", target=text)
        for p, paragraph in enumerate(paragraphs, start=1)
        for s, text in enumerate(paragraph, start=1)
    )
    return AlignedDocument(name=name, pairs=pairs)


@pytest.fixture(scope="module", params=["gpt2", "t5"])
def tiny_summariser(request: pytest.FixtureRequest) -> Iterator[SummaryModel]:
    """Each tiny summary model (causal with chat template, and seq2seq), loaded once."""
    folder = TINY_GPT2 if request.param == "gpt2" else TINY_T5
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_HUB_OFFLINE", "1")
        yield SummaryModel.load(str(folder), load_template(str(TINY_PROMPT)), device="cpu")


# --- cleaning: pure -------------------------------------------------------------------------

PROMPT = "Summarise this article.\n\nThe dog sleeps."


@pytest.mark.parametrize(
    ("output", "words", "expected"),
    [
        ("The council approved the budget.", 60, ["The council approved the budget."]),
        # the echoed prompt and a label go; so does the half sentence at the end
        (
            "Summarise this article. The dog sleeps. Summary: The dog sleeps. The cat is",
            60,
            ["The dog sleeps."],
        ),
        (
            "Here is a short summary of the article: Storm Xenia hit the coast. It was",
            60,
            ["Storm Xenia hit the coast."],
        ),
        ("SUMMARY:  The  storm\nhit   the coast.", 60, ["The storm hit the coast."]),
        # a repeated sentence (a decoding loop) is kept once
        ("It rained. It rained. It rained. Trains stopped.", 60, ["It rained.", "Trains stopped."]),
        # whole sentences within the budget, always the first
        (
            "One two three four. Five six seven. Eight nine.",
            7,
            ["One two three four.", "Five six seven."],
        ),
        ("One two three four. Five six seven. Eight nine.", 6, ["One two three four."]),
        ("One two three four. Five six seven.", 2, ["One two three four."]),
        # nothing but a cut-off sentence: it stays, marked as cut
        (
            "The council approved the budget on Monday and",
            60,
            ["The council approved the budget on Monday and …"],
        ),
        ("The council approved the budget,", 60, ["The council approved the budget …"]),
        ('He said: "We are coming." Fine!', 60, ['He said: "We are coming."', "Fine!"]),
        ("", 60, []),
        ("Summary:", 60, []),
    ],
)
def test_clean_summary(output: str, words: int, expected: list[str]) -> None:
    assert clean_summary(output, prompt=PROMPT, words=words) == expected


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Dr. Weber said so. Mr. J. R. Doe agreed.",
            ["Dr. Weber said so.", "Mr. J. R. Doe agreed."],
        ),
        ("Prices rose 3.8 percent. Wages did not.", ["Prices rose 3.8 percent.", "Wages did not."]),
        (
            '"Yes." He left. (Later.) 2026 will tell',
            ['"Yes."', "He left.", "(Later.)", "2026 will tell"],
        ),
        ("Is it? yes it is.", ["Is it? yes it is."]),
    ],
)
def test_split_english_sentences(text: str, sentences: list[str]) -> None:
    assert split_english_sentences(text) == sentences


def test_budgets() -> None:
    assert word_budget(sentences=3, words=None) == 75
    assert word_budget(sentences=3, words=40) == 40
    assert max_new_tokens(75) == 158
    assert max_new_tokens(10) == 28


def test_title_is_a_headline_line_else_the_name() -> None:
    headline = _document("f", [["Storm hits the coast"], ["Trees fell.", "Trains stopped."]])
    title, body = title_and_body(headline)
    assert title == "Storm hits the coast"
    assert [pair.id for pair in body] == ["p2.s1", "p2.s2"]
    sentence = _document("f", [["The storm hit the coast."], ["Trees fell."]])
    assert title_and_body(sentence) == ("f", list(sentence.pairs))
    single = _document("f", [["Storm hits the coast"]])
    assert title_and_body(single)[0] == "f"


# --- the real models --------------------------------------------------------------------------


def test_the_prompt_reaches_the_model_and_the_answer_is_cleaned(
    tiny_summariser: SummaryModel,
) -> None:
    summary, generation = tiny_summariser.summarise(
        _document("schule", SCHULE), sentences=3, words=None
    )
    if tiny_summariser.seq2seq:
        assert generation.model_input == SCHULE_PROMPT + "</s>"
    else:  # the chat template around the prompt
        assert generation.model_input == f"<|user|>\n{SCHULE_PROMPT}</s>\n<|assistant|>\n"
    assert generation.output == SCHULE_ANSWER
    assert generation.max_new_tokens == max_new_tokens(75)
    assert 0 < generation.new_tokens < generation.max_new_tokens  # it stopped by itself
    assert [s.text for s in summary.sentences] == [
        "The mayor opened the new school on Monday.",
        "The pupils are writing an exam tomorrow.",
    ]
    assert all(s.pair_id is None for s in summary.sentences)
    assert summary.method == "abstractive"
    assert summary.budget == "words:75"
    assert summary.model == str(tiny_summariser.info.path)
    assert summary.template == "tiny-summary-prompt"
    assert summary.template_sha256 == tiny_summariser.template.sha256
    assert summary.signature() == (
        f"summary:abstractive|smodel:{summary.model}|"
        f"srev:sha256:{tiny_summariser.info.revision.removeprefix('sha256:')[:12]}|"
        f"prompt:tiny-summary-prompt|prompt_sha256:{summary.template_sha256[:12]}|words:75"
    )


def test_generation_is_bounded_by_the_word_budget(tiny_summariser: SummaryModel) -> None:
    # 10 words allow 28 new tokens: the answer is cut inside its third sentence, which goes.
    summary, generation = tiny_summariser.summarise(
        _document("schule", SCHULE), sentences=3, words=10
    )
    assert generation.max_new_tokens == 28
    assert generation.new_tokens == 28
    assert SCHULE_ANSWER.startswith(generation.output)
    assert generation.output.endswith("The pupils are writing an exam tomorrow")
    assert [s.text for s in summary.sentences] == ["The mayor opened the new school on Monday."]


def test_a_summary_cut_inside_its_first_sentence_is_marked_and_warned_about(
    tiny_summariser: SummaryModel, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="translate"):
        summary, generation = tiny_summariser.summarise(
            _document("schule", SCHULE), sentences=1, words=1
        )
    assert generation.max_new_tokens == generation.new_tokens == 10
    assert not generation.output.endswith(".")
    assert [s.text for s in summary.sentences] == [
        generation.output.removeprefix("Summary: ") + " …"
    ]
    assert "stopped at its 10-token bound inside its first sentence" in caplog.text


def test_generation_is_deterministic(tiny_summariser: SummaryModel) -> None:
    unseen = _document("neu", [["The zoo will open a new penguin house next spring."]])
    first = tiny_summariser.generate("Something it never saw.", new_tokens=12)
    again = tiny_summariser.generate("Something it never saw.", new_tokens=12)
    assert first == again
    assert first.new_tokens <= 12
    assert tiny_summariser.summarise(unseen, sentences=1, words=None) == tiny_summariser.summarise(
        unseen, sentences=1, words=None
    )


def test_a_long_article_is_cut_at_a_sentence_to_fit_the_input(
    tiny_summariser: SummaryModel, caplog: pytest.LogCaptureFixture
) -> None:
    document = _document("schule", SCHULE)
    template = tiny_summariser.template
    full = tiny_summariser.count_tokens(
        template.render(text="x", title="schule", words=0, sentences=0)
    )
    with caplog.at_level(logging.WARNING, logger="translate"):
        prompt = fit_prompt(document, template, tiny_summariser.count_tokens, full + 12, 75, 3)
    assert prompt == (
        'Summarise the article "schule".\n\nThe mayor opened the new school on Monday.\n'
    )
    assert "only its first 1 of 4 sentences were given to the model" in caplog.text
    assert tiny_summariser.count_tokens(prompt) <= full + 12


def test_a_prompt_with_no_room_for_the_article_is_refused(tiny_summariser: SummaryModel) -> None:
    """Never a prompt without the article in it: the model would summarise nothing."""
    document = _document("schule", SCHULE)
    template = tiny_summariser.template
    empty = tiny_summariser.count_tokens(
        template.render(text="", title="schule", words=75, sentences=3)
    )
    with pytest.raises(UsageError) as raised:
        fit_prompt(document, template, tiny_summariser.count_tokens, empty + 1, 75, 3)
    assert str(raised.value) == (
        f"schule: not even the article's first sentence fits the summary model's {empty + 1}-token "
        "input beside the prompt and a 75-word answer; ask for fewer --summary-words or use a "
        "model with a longer input."
    )


def test_a_folder_without_a_model_is_refused_in_one_line() -> None:
    with pytest.raises(ModelUnavailableError) as raised:
        SummaryModel.load(str(FIXTURES), load_template(str(TINY_PROMPT)), device="cpu")
    assert str(raised.value).startswith(f"model folder {FIXTURES} has no config.json;")
    assert "\n" not in str(raised.value)


def test_damaged_weights_are_refused_in_one_line(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(TINY_GPT2, damaged)
    weights = damaged / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    with pytest.raises(ModelUnavailableError) as raised:
        SummaryModel.load(str(damaged), load_template(str(TINY_PROMPT)), device="cpu")
    message = str(raised.value)
    assert message.startswith(f"summary model {damaged} at {damaged} cannot be loaded as a seq2seq")
    assert message.endswith("download it again or pass another --summary-model.")
    assert "\n" not in message


# --- the command line, end to end -------------------------------------------------------------


def _run(tmp_path: Path, *options: str) -> tuple[int, str, Path]:
    source = tmp_path / "bericht.txt"
    source.write_text(BERICHT_DE, encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(source), "--out", str(out), "--model", str(TINY_MARIAN), *options]
    )
    return result.exit_code, result.stderr, out


def test_run_writes_the_models_summary(tmp_path: Path) -> None:
    code, stderr, out = _run(
        tmp_path,
        "--summary-model",
        str(TINY_GPT2),
        "--summary-prompt",
        str(TINY_PROMPT),
        "--summary-words",
        "40",
    )
    assert code == 0, stderr
    folder = out / "bericht"
    assert (folder / "summary.md").read_text(encoding="utf-8") == (
        "# Summary: bericht\n"
        "\n"
        f"Written by the model {TINY_GPT2} from the prompt template tiny-summary-prompt; "
        "not sentences of the article.\n"
        "\n"
        "- The government passed a new law on 3 October.\n"
        "- The town has 5,000 inhabitants.\n"
    )
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    summary = run["summary"]
    assert summary["method"] == "abstractive"
    assert summary["model"] == str(TINY_GPT2)
    assert summary["template"] == "tiny-summary-prompt"
    assert summary["template_sha256"] == load_template(str(TINY_PROMPT)).sha256
    assert summary["budget"] == "words:40"
    assert summary["sentences"] == 2
    assert run["summary_signature"] == summary["signature"]
    assert f"|{summary['signature']}|translate:" in run["signature"]
    markdown = (folder / "side-by-side.md").read_text(encoding="utf-8")
    assert "- The government passed a new law on 3 October.\n" in markdown


def test_run_with_the_default_extractive_summary_is_signed(tmp_path: Path) -> None:
    code, stderr, out = _run(tmp_path, "--summary-words", "20")
    assert code == 0, stderr
    run = json.loads((out / "bericht" / "run.json").read_text(encoding="utf-8"))
    assert run["summary"]["signature"] == "summary:centroid-cues|words:20"
    assert run["summary"]["model"] is None
    assert "|summary:centroid-cues|words:20|translate:" in run["signature"]
    # Whatever the ranking, 9 + 5 + 5 words fit in 20: all three, in document order.
    lines = (out / "bericht" / "summary.md").read_text(encoding="utf-8").splitlines()
    assert lines[2:] == [
        "- The government passed a new law on 3 October. (p1.s1)",
        "- Dr. Müller works in Berlin. (p1.s2)",
        "- The town has 5,000 inhabitants. (p1.s3)",
    ]


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (
            ["--summary-model", "./no-such-model"],
            3,
            "translate: error: model folder no-such-model does not exist; check the path given "
            "to --summary-model.",
        ),
        (
            ["--summary-model", "google/flan-t5-base"],
            3,
            "`hf download google/flan-t5-base --local-dir flan-t5-base`, copy that folder here "
            "and pass `--summary-model flan-t5-base`",
        ),
        (
            ["--summary-model", str(TINY_GPT2), "--summary-prompt", "no-such-template"],
            2,
            "translate: error: prompt template 'no-such-template' is not one of the built-in "
            "templates (summary)",
        ),
        (
            ["--summary-model", str(TINY_GPT2), "--summary-words", "300"],
            2,
            "translate: error: a 300-word summary leaves no room for the article in the summary "
            f"model {TINY_GPT2}'s 512-token input (the prompt template summary and the answer "
            "take it all); ask for fewer --summary-words or --summary-sentences.",
        ),
        (
            ["--summary-prompt", "summary"],
            2,
            "translate: error: --summary-prompt only applies to a model's summary; add "
            "--summary-model ID|DIR or leave --summary-prompt out.",
        ),
    ],
)
def test_summary_errors_are_one_line_and_write_nothing(
    tmp_path: Path, options: list[str], code: int, message: str
) -> None:
    exit_code, stderr, out = _run(tmp_path, *options)
    assert exit_code == code
    assert len(stderr.splitlines()) == 1
    assert message in stderr
    assert not out.exists()


def test_a_bad_template_names_itself_and_the_variable(tmp_path: Path) -> None:
    template = tmp_path / "mine.txt"
    template.write_text("Summarise $text for $audience.\n", encoding="utf-8")
    exit_code, stderr, out = _run(
        tmp_path, "--summary-model", str(TINY_GPT2), "--summary-prompt", str(template)
    )
    assert exit_code == 2
    assert stderr == (
        f"translate: error: prompt template {template} uses the unknown placeholder $audience; "
        "the known ones are $sentences, $text, $title, $words.\n"
    )
    assert not out.exists()


def test_a_rerun_with_other_summary_settings_redoes_the_article(tmp_path: Path) -> None:
    # The summary's signature is part of the run signature, which the resume check compares.
    model = ["--summary-model", str(TINY_T5), "--summary-prompt", str(TINY_PROMPT)]
    for words in ("40", "41"):
        code, stderr, out = _run(tmp_path, *model, "--summary-words", words)
        assert code == 0, stderr
        run = json.loads((out / "bericht" / "run.json").read_text(encoding="utf-8"))
        assert run["summary"]["budget"] == f"words:{words}"
