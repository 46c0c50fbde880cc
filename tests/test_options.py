"""Options and BatchOptions check themselves when they are made (the notebook's first contact)."""

from pathlib import Path

import pytest

from translate.errors import UsageError
from translate.options import (
    ALL_FORMATS,
    BatchOptions,
    Device,
    Engine,
    Format,
    Options,
    SegmenterName,
    parse_formats,
)


def test_strings_become_the_enums() -> None:
    options = Options(engine="torch", device="cpu", segmenter="pysbd", formats=["tsv", "html"])  # type: ignore[arg-type]
    assert options.engine is Engine.torch
    assert options.device is Device.cpu
    assert options.segmenter is SegmenterName.pysbd
    assert options.formats == (Format.tsv, Format.html)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"engine": "CT2"}, "unknown engine 'CT2': choose one of ct2, torch."),
        ({"device": "gpu"}, "unknown device 'gpu': choose one of auto, cpu, cuda."),
        ({"segmenter": "nltk"}, "unknown segmenter 'nltk': choose one of rules, pysbd, somajo."),
        (
            {"formats": ("pdf",)},
            "unknown format 'pdf': choose one of txt, tsv, jsonl, md, html, tmx, summary, xlf, "
            "xlsx.",
        ),
        (
            {"formats": "tsv"},
            "formats must be a tuple of format names such as ('tsv', 'html'), not 'tsv'; "
            "choose from txt, tsv, jsonl, md, html, tmx, summary, xlf.",
        ),
        (
            {"formats": ()},
            "formats is empty; choose from txt, tsv, jsonl, md, html, tmx, summary, xlf.",
        ),
        ({"beams": -1}, "beams must be between 1 and 32, not -1."),
        ({"beams": 100000}, "beams must be between 1 and 32, not 100000."),
        ({"beams": True}, "beams must be a whole number, not True."),
        ({"batch_size": 0}, "batch_size must be between 1 and 1024, not 0."),
        ({"summary_sentences": -1}, "summary_sentences must be at least 1, not -1."),
        ({"summary_words": 0}, "summary_words must be at least 1, not 0."),
        ({"model": ""}, "model must be a non-empty string, not ''."),
        ({"model": None}, "model must be a non-empty string, not None."),
        ({"quantize": "yes"}, "quantize must be True or False, not 'yes'."),
        ({"align_words": 1}, "align_words must be True or False, not 1."),
        (
            {"glossary": "terms.tsv"},
            "glossary must be a Glossary, not 'terms.tsv'; read the file with "
            "translate.load_glossary(path).",
        ),
    ],
)
def test_bad_options_are_a_usage_error_at_construction(
    arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError) as raised:
        Options(**arguments)  # type: ignore[arg-type]
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"window": 0}, "window must be between 1 and 65536, not 0."),
        ({"window": 65_537}, "window must be between 1 and 65536, not 65537."),
        ({"force": "no"}, "force must be True or False, not 'no'."),
        ({"cache_dir": "/tmp"}, "cache_dir must be a pathlib.Path, not '/tmp'."),
    ],
)
def test_bad_batch_options(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError) as raised:
        BatchOptions(**arguments)  # type: ignore[arg-type]
    assert str(raised.value) == message


def test_batch_options_accept_a_path() -> None:
    assert BatchOptions(cache_dir=Path("/tmp/cache")).cache_dir == Path("/tmp/cache")


def test_beams_for_falls_back_to_the_models_own() -> None:
    assert Options().beams_for(4) == 4
    assert Options(beams=2).beams_for(4) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("all", ALL_FORMATS),
        ("tsv,html", (Format.tsv, Format.html)),
        (" TSV , tsv ,jsonl", (Format.tsv, Format.jsonl)),
    ],
)
def test_parse_formats(text: str, expected: tuple[Format, ...]) -> None:
    assert parse_formats(text) == expected


def test_parse_formats_refuses_unknown_names() -> None:
    with pytest.raises(UsageError) as raised:
        parse_formats("tsv,pdf")
    assert str(raised.value) == (
        "unknown output format 'pdf': choose from txt, tsv, jsonl, md, html, tmx, summary, xlf, "
        "xlsx (comma-separated) or all."
    )


@pytest.mark.parametrize(
    ("engine", "recorded"), [(Engine.torch, "transformers"), (Engine.ct2, "ct2")]
)
def test_each_engine_has_one_name_in_signatures(engine: Engine, recorded: str) -> None:
    # `torch` is recorded as `transformers`, as every run.json and cache key has said.
    assert engine.recorded == recorded
