"""The worked example of docs/METRICS.md is recomputed; JSON and Markdown reports match golden files.

To regenerate after an intended change: WARCLAIMS_UPDATE_GOLDEN=1 pytest tests/scoring/test_reports.py,
then paste the printed results block into docs/METRICS.md if the test says it differs.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from warclaims import reports, schemas, validate
from warclaims.cli import cli
from warclaims.records import Document, Layers
from warclaims.scoring import ScoreReport, score_documents

ROOT = Path(__file__).resolve().parents[2]
METRICS_MD = ROOT / "docs" / "METRICS.md"
SEED = ROOT / "tests" / "data" / "seed-example.json"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("WARCLAIMS_UPDATE_GOLDEN") == "1"


def doc_block(name: str) -> dict[str, Any]:
    """The JSON block that follows `<!-- worked-example:NAME -->` in docs/METRICS.md."""
    text = METRICS_MD.read_text(encoding="utf-8")
    m = re.search(rf"<!-- worked-example:{name} -->\s*```json\n(.*?)```", text, re.S)
    assert m, f"no worked-example:{name} block in {METRICS_MD}"
    return json.loads(m.group(1))


def worked_example() -> tuple[dict[str, Any], dict[str, Any]]:
    """(gold Document dict, submission line) of the worked example, both validated."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    gold = {**seed, **doc_block("gold")}
    sub = {"id": seed["id"], **doc_block("pred")}
    assert validate.check_document(gold) == []
    assert validate.check_submission(sub, gold["text"]) == []
    return gold, sub


def worked_report(bootstrap: int = 0) -> ScoreReport:
    gold, sub = worked_example()
    return score_documents([Document.from_dict(gold)], {sub["id"]: Layers.from_dict(sub)}, bootstrap=bootstrap)


RESULT_ROWS: tuple[tuple[str, str], ...] = (
    ("entities strict", "entities.strict.micro"),
    ("entities exact", "entities.exact.micro"),
    ("entities partial", "entities.partial.micro"),
    ("entities type", "entities.type.micro"),
    ("entities strict, macro over types", "entities.strict.macro"),
    ("sources strict (span + kind)", "sources.strict.micro"),
    ("sources overlap", "sources.overlap"),
    ("cues exact", "cues.exact.micro"),
    ("claims exact", "claims.exact.micro"),
    ("claims overlap", "claims.overlap"),
    ("attribution, source strict", "attribution.strict_source"),
    ("attribution, source overlap", "attribution.overlap_source"),
)


def results_block(r: ScoreReport) -> str:
    """The results table of the worked example as it must appear in docs/METRICS.md."""
    m = r.metrics
    lines = ["| metric | P | R | F1 |", "|---|---:|---:|---:|"]
    for label, prefix in RESULT_ROWS:
        lines.append(f"| {label} | {m[prefix + '.precision']:.3f} | {m[prefix + '.recall']:.3f} | {m[prefix + '.f1']:.3f} |")
    lines.append("")
    lines.append("| stance | F_avg | macro-F1 | accuracy |")
    lines.append("|---|---:|---:|---:|")
    for label, prefix in (("gold pairs given", "stance.gold_pairs"), ("end to end", "stance.end_to_end")):
        lines.append(f"| {label} | {m[prefix + '.f_avg']:.3f} | {m[prefix + '.macro_f1']:.3f} | {m[prefix + '.accuracy']:.3f} |")
    counts = " ".join(f"{k.upper()}={m['entities.strict.counts.' + k]}" for k in ("cor", "inc", "par", "mis", "spu", "pos", "act"))
    lines.append("")
    lines.append(f"Entity counts (strict): {counts}.")
    lines.append(f"Headline: ({m['entities.strict.micro.f1']:.3f} + {m['attribution.strict_source.f1']:.3f} + "
                 f"{m['stance.end_to_end.f_avg']:.3f}) / 3 = **{r.headline:.3f}**.")
    return "\n".join(lines)


def test_worked_example_numbers_in_metrics_md_come_from_the_code() -> None:
    block = results_block(worked_report())
    text = METRICS_MD.read_text(encoding="utf-8")
    m = re.search(r"<!-- worked-example:results -->\n(.*?)\n<!-- /worked-example:results -->", text, re.S)
    assert m, "no results block in docs/METRICS.md"
    if m.group(1).strip() != block.strip():
        print(block)
    assert m.group(1).strip() == block.strip()


def test_worked_example_hand_computed_values() -> None:
    """The numbers METRICS.md derives by hand, independent of the block above."""
    m = worked_report().metrics
    assert (m["entities.strict.counts.cor"], m["entities.strict.counts.inc"], m["entities.strict.counts.mis"],
            m["entities.strict.counts.spu"]) == (5, 3, 1, 1)
    assert m["entities.strict.micro.f1"] == pytest.approx(5 / 9, abs=1e-6)
    assert m["entities.partial.micro.f1"] == pytest.approx((6 + 0.5 * 2) / 9, abs=1e-6)
    assert m["attribution.strict_source.f1"] == pytest.approx(1 / 3, abs=1e-6)
    assert m["attribution.overlap_source.f1"] == 1.0
    assert m["stance.gold_pairs.f_avg"] == 1.0 and m["stance.gold_pairs.accuracy"] == pytest.approx(2 / 3, abs=1e-6)
    assert m["stance.end_to_end.f_avg"] == pytest.approx((2 / 3 + 1) / 2, abs=1e-6)
    assert m["stance.end_to_end.accuracy"] == pytest.approx(2 / 5, abs=1e-6)


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual, f"{path} differs (WARCLAIMS_UPDATE_GOLDEN=1 to regenerate)"


@pytest.fixture(scope="module")
def worked_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    gold, sub = worked_example()
    d = tmp_path_factory.mktemp("worked")
    (d / "gold.jsonl").write_text(json.dumps(gold, ensure_ascii=False) + "\n", encoding="utf-8")
    (d / "worked.jsonl").write_text(json.dumps(sub, ensure_ascii=False) + "\n", encoding="utf-8")
    return d / "gold.jsonl", d / "worked.jsonl"


def test_json_report_golden(worked_files: tuple[Path, Path]) -> None:
    gold, sub = worked_files
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "200", "--seed", "0", "--json"])
    assert result.exit_code == 0, result.output
    _golden("worked-example.report.json", result.stdout)
    data = json.loads(result.stdout)
    assert list(data) == sorted(data)
    assert data["headline"]["components"].keys() == {"entities.strict.micro.f1", "attribution.strict_source.f1",
                                                     "stance.end_to_end.f_avg"}


def test_markdown_row_golden(worked_files: tuple[Path, Path]) -> None:
    gold, sub = worked_files
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "200", "--markdown"])
    assert result.exit_code == 0, result.output
    _golden("worked-example.report.md", result.stdout)
    header, rule, row = result.stdout.strip().splitlines()
    assert header.count("|") == rule.count("|") == row.count("|")
    assert row.startswith("| worked | 57.4")


def test_terminal_table_names_the_headline_and_marks_missing_layers(tmp_path: Path, worked_files: tuple[Path, Path]) -> None:
    gold, sub = worked_files
    only = tmp_path / "entities-only.jsonl"
    line = json.loads(sub.read_text(encoding="utf-8"))
    only.write_text(json.dumps({"id": line["id"], "entities": line["entities"]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(only), "--gold", str(gold), "--bootstrap", "50"])
    assert result.exit_code == 0, result.output
    assert "Headline 18.5" in result.stdout and "mean of entities strict micro-F1" in result.stdout
    assert "not submitted" in result.stdout
    assert "layer stances not submitted" in result.stdout
    plots = CliRunner().invoke(cli, ["score", str(only), "--gold", str(gold), "--bootstrap", "0",
                                     "--plots", str(tmp_path / "p")])
    assert plots.exit_code == 0
    assert "no stance confusion plot: layer stances not submitted" in plots.stderr
    assert [p.name for p in (tmp_path / "p").iterdir()] == ["entities_per_type_f1.png"]


def test_plots(tmp_path: Path) -> None:
    written = reports.write_plots(worked_report(), tmp_path / "plots", "my-system")
    assert [p.name for p in written] == ["entities_per_type_f1.png", "stance_confusion.png"]
    for p in written:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_entity_plot_is_in_percent_and_titled() -> None:
    import matplotlib.pyplot as plt

    report = worked_report()
    fig = reports.entities_figure(report, "my-system")
    ax = fig.axes[0]
    assert ax.get_title().startswith("my-system: ") and "%" in ax.get_ylabel()
    heights = [bar.get_height() for bar in ax.patches]
    expected = [100 * float(report.metrics[f"entities.strict.per_type.{t}.f1"] or 0.0)
                for t in schemas.labels()["entity_type"]]
    assert heights == pytest.approx(expected) and max(heights) == pytest.approx(100.0)
    assert ax.get_ylim()[1] >= 100
    plt.close(fig)


def test_confusion_plot_numbers_are_readable_on_every_cell() -> None:
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgb

    report = worked_report()
    fig = reports.confusion_figure(report, "my-system")
    ax = fig.axes[0]
    assert ax.get_title().startswith("my-system: ")
    image = ax.get_images()[0]
    texts = ax.texts
    assert len(texts) == 3 * 4
    for t in texts:
        x, y = t.get_position()
        cell = image.cmap(image.norm(image.get_array()[int(y)][int(x)]))
        assert int(t.get_text()) == image.get_array()[int(y)][int(x)]
        assert to_rgb(t.get_color()) == to_rgb(reports.cell_text_colour(cell))
    colours = {to_rgb(t.get_color()) for t in texts}
    assert colours == {(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)}  # the worked example has dark and light cells
    plt.close(fig)


@pytest.mark.parametrize(("rgb", "colour"), [
    ((0.0, 0.0, 0.0), "white"), ((1.0, 1.0, 1.0), "black"), ((0.03, 0.19, 0.42, 1.0), "white"),  # Blues' darkest
    ((0.97, 0.98, 1.0, 1.0), "black"), ((1.0, 1.0, 0.0), "black"), ((0.0, 0.0, 1.0), "white")])
def test_cell_text_colour(rgb: tuple[float, ...], colour: str) -> None:
    assert reports.cell_text_colour(rgb) == colour


@given(st.tuples(*[st.floats(0, 1)] * 3))
def test_cell_text_colour_has_the_higher_contrast(rgb: tuple[float, float, float]) -> None:
    lum = reports.relative_luminance(rgb)
    contrast = {"white": 1.05 / (lum + 0.05), "black": (lum + 0.05) / 0.05}
    chosen = reports.cell_text_colour(rgb)
    assert contrast[chosen] >= max(contrast.values()) - 1e-12 and contrast[chosen] >= 4.5  # WCAG AA for normal text, always reachable


def test_plots_option(tmp_path: Path, worked_files: tuple[Path, Path]) -> None:
    gold, sub = worked_files
    result = CliRunner().invoke(cli, ["score", str(sub), "--gold", str(gold), "--bootstrap", "0", "--plots", str(tmp_path / "p")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p" / "stance_confusion.png").is_file()
    assert "wrote" in result.stderr


def test_compare_command(worked_files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, sub = worked_files
    result = CliRunner().invoke(cli, ["score", "compare", str(sub), str(sub), "--gold", str(gold), "--bootstrap", "20", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["metrics"]["headline"]["ties"] == 1.0 and data["a"]["file"] == str(sub)
    table = CliRunner().invoke(cli, ["score", "compare", str(sub), str(sub), "--gold", str(gold), "--bootstrap", "20"])
    assert table.exit_code == 0 and "A better in" in table.stdout
