"""The model-card benchmark: one round on the tiny model's own sentences, and its error line."""

from pathlib import Path

import pytest
from conftest import TINY_MARIAN, load_bench, training_pairs


@pytest.mark.slow
def test_one_round_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairs = training_pairs()[:5]
    (tmp_path / "de.txt").write_text("".join(f"{de}\n" for de, _ in pairs), encoding="utf-8")
    (tmp_path / "en.txt").write_text("".join(f"{en}\n" for _, en in pairs), encoding="utf-8")
    out = tmp_path / "results.md"
    argv = ["--model", str(TINY_MARIAN), "--device", "cpu", "--out", str(out)]
    argv += ["--source", str(tmp_path / "de.txt"), "--reference", str(tmp_path / "en.txt")]
    assert load_bench("model_card").main(argv) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("# Model card check: the whole pipeline's BLEU and chrF\n")
    # The tiny model reproduces its training pairs with every engine and quantisation.
    for label in ("ct2-int8", "ct2-float32", "torch-float32"):
        assert f"| {label} | 100.00 | 100.00 | +0.00 | 100.0% | " in report
        assert f"- {label}: `model:tiny-marian|" in report
    assert capsys.readouterr().out.splitlines()[-4:] == [
        "ct2-int8.bleu=100.00",
        "ct2-float32.bleu=100.00",
        "torch-float32.bleu=100.00",
        "int8_minus_float32.bleu=+0.00",
    ]


def test_a_test_set_sacrebleu_lacks_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.md"
    argv = ["--model", str(TINY_MARIAN), "--test-set", "wmt99", "--out", str(out)]
    assert load_bench("model_card").main(argv) == 2
    error = capsys.readouterr().err
    assert error.startswith("model_card: error: sacrebleu has no German→English test set 'wmt99'")
    assert error.count("\n") == 1
    assert not out.exists()
