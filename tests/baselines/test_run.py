import json

import pytest
from click.testing import CliRunner

from warclaims.baselines import registry, run
from warclaims.cli import cli

from .conftest import write_release


def test_param_grid_order():
    assert run.param_grid({}) == [{}]
    assert run.param_grid({"b": (1, 2), "a": ("x",)}) == [{"a": "x", "b": 1}, {"a": "x", "b": 2}]


def test_replace_section_keeps_everything_else():
    text = "# Card\n\nintro\n<!-- RESULTS:BEGIN -->\nold\n<!-- RESULTS:END -->\ntail \n"
    new = run.replace_section(text, "new body\n")
    assert new == "# Card\n\nintro\n<!-- RESULTS:BEGIN -->\nnew body\n<!-- RESULTS:END -->\ntail \n"
    assert run.replace_section("# Card", "x") == "# Card\n\n<!-- RESULTS:BEGIN -->\nx\n<!-- RESULTS:END -->\n"
    assert run.replace_section("", "x") == "<!-- RESULTS:BEGIN -->\nx\n<!-- RESULTS:END -->\n"
    with pytest.raises(ValueError, match="unbalanced"):
        run.replace_section("<!-- RESULTS:END -->", "x")


def test_tune_picks_the_best_grid_point_and_breaks_ties_by_order(train_docs, test_docs):
    spec = registry.get("claims-linear")
    values = iter([0.2, 0.5, 0.5, 0.1, 0.0, 0.0, 0.3, 0.4, 0.5, 0.0, 0.0, 0.0])

    def fake_scorer(gold, preds, bootstrap, seed):
        return {"metrics": {run.TASK_METRIC["claims"]: next(values)}}

    params, trials, est = run.tune(spec, train_docs, test_docs, seed=0, scorer=fake_scorer)
    grid = run.param_grid(spec.grid)
    assert len(trials) == len(grid) == 12
    assert params == grid[1] and est.get_params()["cue_threshold"] == grid[1]["cue_threshold"]
    params, trials, _ = run.tune(spec, train_docs, [], seed=0)
    assert params == {} and trials == []


def test_execute_writes_valid_submissions_results_and_card(synthetic_release, tmp_path):
    from warclaims.scoring import check_submission_file
    from warclaims.dataset.reader import read_documents

    card = tmp_path / "CARD.md"
    card.write_text("# Card\n\nkeep me\n<!-- RESULTS:BEGIN -->\n<!-- RESULTS:END -->\nafter\n", encoding="utf-8")
    summary = run.execute(synthetic_release, split="test", out_dir=tmp_path / "b", cards=[card], bootstrap=50)
    gold = {d.id: d for d in read_documents(synthetic_release, "test")}
    for name in registry.BASELINES:
        where = tmp_path / "b" / "runs" / name / "0.0.1"
        preds, problems = check_submission_file(where / "submission.jsonl", gold, allow_missing=False, split="test")
        assert problems == [] and len(preds) == len(gold)
        meta = json.loads((where / "meta.json").read_text())
        assert meta["model_version"] == f"{name}@0.0.1"
        assert json.loads((where / "score.json").read_text())["format"] == "warclaims-score/1"
    by_name = {r.spec.name: r for r in summary.runs}
    assert by_name["entities-crf"].value > by_name["entities-floor-frequent"].value
    assert by_name["claims-linear"].tuned_on == "validation"
    text = card.read_text()
    assert text.startswith("# Card\n\nkeep me\n<!-- RESULTS:BEGIN -->\n## Baseline results") and text.endswith("<!-- RESULTS:END -->\nafter\n")
    results = (tmp_path / "b" / "RESULTS.md").read_text()
    assert "| entities-crf | baseline |" in results and "[" in results


def test_execute_keeps_the_out_of_domain_section(synthetic_release, tmp_path):
    from warclaims.ood.evaluate import OOD_BEGIN, OOD_END

    (tmp_path / "b").mkdir()
    section = f"{OOD_BEGIN}\n## Out-of-domain check\nfigures\n{OOD_END}"
    (tmp_path / "b" / "RESULTS.md").write_text(f"# Baseline results\n\nold\n\n{section}\n", encoding="utf-8")
    run.execute(synthetic_release, out_dir=tmp_path / "b", bootstrap=0)
    results = (tmp_path / "b" / "RESULTS.md").read_text(encoding="utf-8")
    assert "\nold\n" not in results and "| entities-crf | baseline |" in results
    assert results.count(OOD_BEGIN) == 1 and results.endswith(section + "\n")


def test_two_runs_write_identical_files(synthetic_release, tmp_path):
    outs = []
    for k in range(2):
        out = tmp_path / f"run{k}"
        run.execute(synthetic_release, out_dir=out, cards=[out / "CARD.md"], bootstrap=30)
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outs[0] == outs[1] and len(outs[0]) == 3 * len(registry.BASELINES) + 2


def test_a_subset_run_leaves_the_tables_alone(synthetic_release, tmp_path):
    card = tmp_path / "CARD.md"
    summary = run.execute(synthetic_release, only=["stance-floor-random"], out_dir=tmp_path / "b", cards=[card], bootstrap=0)
    assert not (tmp_path / "b" / "RESULTS.md").exists() and not card.exists() and summary.cards == []
    assert any("subset" in n for n in summary.notes) and len(summary.written) == 3


def test_execute_without_release_or_split(tmp_path, train_docs):
    with pytest.raises(run.ReleaseError, match="no release here"):
        run.execute(tmp_path / "none")
    release = write_release(tmp_path / "ds", {"train": train_docs[:5]})
    with pytest.raises(run.ReleaseError, match="no \\(or an empty\\) 'test' split"):
        run.execute(release, out_dir=tmp_path / "b")


def test_cli_run_json_and_text(synthetic_release, tmp_path):
    runner = CliRunner()
    args = ["baselines", "run", "--dataset", str(synthetic_release), "--out", str(tmp_path / "b"), "--no-card",
            "--only", "stance-floor-majority", "--only", "stance-linear", "--bootstrap", "20"]
    res = runner.invoke(cli, args + ["--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert [b["name"] for b in data["baselines"]] == ["stance-floor-majority", "stance-linear"]
    assert data["baselines"][1]["model_version"] == "stance-linear@0.0.1" and data["card"] is None
    res = runner.invoke(cli, args)
    assert res.exit_code == 0 and "stance.gold_pairs.f_avg" in res.output


def test_cli_errors(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["baselines", "run", "--dataset", str(tmp_path)])
    assert res.exit_code == 1 and "no release here" in res.output and "Traceback" not in res.output
    res = runner.invoke(cli, ["baselines", "run", "--only", "nope"])
    assert res.exit_code == 2
    res = runner.invoke(cli, ["baselines", "list", "--json"])
    assert res.exit_code == 0 and len(json.loads(res.output)) == len(registry.BASELINES)


def test_compose_runs_stances_on_predicted_mentions(train_docs, test_docs):
    from warclaims.records import Layers

    fitted = [(registry.get(n), registry.get(n).make(seed=0).fit(train_docs)) for n in run.PIPELINE]
    bare = run.article_documents([{"id": d.id, "text": d.text, "meta": dict(d.meta)} for d in test_docs])
    assert all(d.layers == Layers() for d in bare)
    composed = run.compose(fitted, bare)
    lines = run.submission_lines(bare, composed)
    run.check_lines("pipeline", bare, lines)
    assert all(set(line) == {"id", "entities", "sources", "cues", "claims", "stances"} for line in lines)
    assert sum(len(line["stances"]) for line in lines) > 0
    ents = fitted[0][1].predict(bare)
    assert [p.entities for p in composed] == [p.entities for p in ents]


def test_check_lines_names_the_problem(test_docs):
    doc = test_docs[0]
    with pytest.raises(run.InvalidOutput, match=r"x: line 1: \$.entities\[0\].end"):
        run.check_lines("x", [doc], [{"id": doc.id, "entities": [{"id": "e1", "start": 0, "end": 10**6, "type": "GPE"}]}])


def test_cli_predict_writes_pre_annotations(synthetic_release, tmp_path):
    from warclaims.validate import check_submission

    articles = tmp_path / "articles.jsonl"
    from warclaims.baselines.synthetic import synthetic_documents

    docs = synthetic_documents(4, seed=9)
    articles.write_text("".join(json.dumps({"id": d.id, "text": d.text, "meta": dict(d.meta)}) + "\n" for d in docs))
    out = tmp_path / "pre.jsonl"
    res = CliRunner().invoke(cli, ["baselines", "predict", str(articles), "--dataset", str(synthetic_release),
                                   "--runs", str(tmp_path / "none"), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["model_version"] == "entities-crf+claims-linear+stance-linear-e2e@0.0.1" and summary["articles"] == 4
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [x["id"] for x in lines] == [d.id for d in docs]
    assert all(check_submission(x, d.text) == [] for x, d in zip(lines, docs))
    articles.write_text('{"id": "a"}\nnot json\n')
    res = CliRunner().invoke(cli, ["baselines", "predict", str(articles), "--dataset", str(synthetic_release), "--out", str(out)])
    assert res.exit_code == 1 and "2 problem(s)" in res.output and "Traceback" not in res.output


def test_tuned_params_come_from_the_last_run(tmp_path):
    where = tmp_path / "runs" / "entities-crf" / "1.0.0"
    where.mkdir(parents=True)
    (where / "meta.json").write_text(json.dumps({"params": {"c1": 0.2}}))
    assert run.tuned_params(tmp_path, "entities-crf", "1.0.0") == {"c1": 0.2}
    assert run.tuned_params(tmp_path, "entities-crf", "2.0.0") == {}


@pytest.mark.slow
def test_end_to_end_on_a_release_built_by_dataset_build(tmp_path):
    """`dataset build` (synthetic documents) -> `baselines run` -> every submission passes `warclaims score`."""
    from warclaims.baselines.synthetic import synthetic_documents

    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d.to_dict()) + "\n" for d in synthetic_documents(40, seed=11)), encoding="utf-8")
    rel = tmp_path / "rel"
    runner = CliRunner()
    built = runner.invoke(cli, ["dataset", "build", "--documents", str(src), "--version", "0.0.2", "--out", str(rel),
                                "--allow-synthetic"])
    assert built.exit_code == 0, built.output
    card_before = (rel / "README.md").read_text(encoding="utf-8")
    args = ["baselines", "run", "--dataset", str(rel), "--out", str(tmp_path / "b"), "--bootstrap", "100",
            "--card", str(rel / "README.md")]
    res = runner.invoke(cli, args)
    assert res.exit_code == 0, res.output
    card = (rel / "README.md").read_text(encoding="utf-8")
    head, _, rest = card.partition(run.RESULTS_BEGIN)
    # only the RESULTS section changes (a built card carries empty markers)
    assert head == card_before.partition(run.RESULTS_BEGIN)[0] and "## Baseline results" in rest
    assert rest.partition(run.RESULTS_END)[2] == card_before.partition(run.RESULTS_END)[2]
    for name in registry.BASELINES:
        sub = tmp_path / "b" / "runs" / name / "0.0.2" / "submission.jsonl"
        scored = runner.invoke(cli, ["score", str(sub), "--dataset", str(rel), "--split", "test", "--bootstrap", "0", "--json"])
        assert scored.exit_code == 0, (name, scored.output)
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and (rel / "README.md").read_text(encoding="utf-8") == card


def test_a_run_without_card_leaves_the_release_alone(synthetic_release, tmp_path):
    """Baseline results reach a card only through --card: the release directory is not written."""
    before = {p: p.read_bytes() for p in sorted(synthetic_release.rglob("*")) if p.is_file()}
    summary = run.execute(synthetic_release, out_dir=tmp_path / "b", bootstrap=0)
    after = {p: p.read_bytes() for p in sorted(synthetic_release.rglob("*")) if p.is_file()}
    assert summary.cards == [] and after == before and (tmp_path / "b" / "RESULTS.md").is_file()
    assert not any(str(p).startswith(str(synthetic_release)) for p in summary.written)
