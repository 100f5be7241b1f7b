"""`warclaims ls backend`: serve the baselines' predictions to Label Studio as an ML backend (live suggestions).

Thin shell: the pipeline is built by warclaims.baselines.pipeline, the protocol is
warclaims.labelstudio.backend, the HTTP server warclaims.labelstudio.backend_http.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..baselines import registry
from .common import PORT, SEED, InvalidInput, emit_json


@click.command("backend")
@click.option("--port", type=PORT, default=9090, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (loopback by default; the backend has no authentication).")
@click.option("--model", "model_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Load the models `warclaims baselines run --save-models --out DIR` saved "
                   "(DIR/runs/<name>/<version>/model.joblib) instead of fitting at start.")
@click.option("--dataset", "dataset_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Without --model: the release whose train split is fitted at start [default: dataset/ of the checkout].")
@click.option("--runs", "runs_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Without --model: where `baselines run` wrote the tuned parameters [default: baselines/ of the checkout].")
@click.option("--only", multiple=True, type=click.Choice(list(registry.BASELINES)), metavar="NAME",
              help="Baselines to compose, in order (repeatable) [default: entities-crf, claims-linear, stance-linear-e2e].")
@click.option("--seed", type=SEED, default=0, show_default=True, help="Seed of every estimator fitted at start.")
@click.option("--json", "as_json", is_flag=True, help="Print the start record (url, model_version) as JSON on stdout.")
def backend(port: int, host: str, model_dir: Path | None, dataset_dir: Path | None, runs_dir: Path | None,
            only: tuple[str, ...], seed: int, as_json: bool) -> None:
    """Serve live suggestions: a Label Studio ML backend (/health, /setup, /predict) over the baselines.

    The baselines are fitted on the release's train split at start (about 20 s), or loaded from
    --model. Every prediction carries the model_version `<names>@<dataset version>`; offsets are
    code points of the task text. Connect it with `warclaims ls setup --backend URL`
    (a Label Studio started by `warclaims ls serve` accepts loopback backends). Ctrl-C stops it.

    \b
    Example:
      warclaims ls backend --port 9090
      warclaims baselines run --save-models --out baselines/ && warclaims ls backend --model baselines/
      warclaims ls setup --backend http://127.0.0.1:9090
    """
    import signal

    from ..baselines.pipeline import ModelDirError, fit_release, load_runs
    from ..baselines.persist import ModelVersionError
    from ..baselines.run import PIPELINE, ReleaseError
    from ..labelstudio.backend import Backend
    from ..labelstudio.backend_http import make_server
    from .baselines_cmd import _in_checkout

    def log(line: str) -> None:
        click.echo(line, err=True)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    names = only or PIPELINE
    try:
        if model_dir is not None:
            log(f"Loading {', '.join(names)} from {model_dir} ...")
            pipeline = load_runs(model_dir, names)
        else:
            dataset_dir = dataset_dir or _in_checkout("dataset")
            log(f"Fitting {', '.join(names)} on the train split of {dataset_dir} (about 20 s) ...")
            pipeline = fit_release(dataset_dir, names, runs_dir or _in_checkout("baselines"), seed)
    except (ModelDirError, ModelVersionError, ReleaseError, FileNotFoundError) as e:
        raise InvalidInput(str(e)) from None
    except KeyboardInterrupt:
        log("Stopped before the backend was up.")
        return
    try:
        server = make_server(Backend(pipeline.predict, pipeline.model_version), host, port, log)
    except OSError as e:
        raise InvalidInput(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    start = {"url": server.url, "model_version": pipeline.model_version, "baselines": list(names),
             "source": str(model_dir) if model_dir else "fitted at start", "params": pipeline.params}
    if as_json:
        emit_json(start)
    else:
        click.echo(f"ML backend: {server.url}  model_version {pipeline.model_version}\n"
                   f"Connect:    warclaims ls setup --backend {server.url}\nCtrl-C stops it.")
    if host not in ("127.0.0.1", "localhost"):
        log(f"warning: listening on {host}: anyone who reaches it can ask for predictions (no authentication)")
    # Ctrl-C and `kill` both stop it cleanly (also when started with SIGINT ignored, as `cmd &` is)
    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log("Stopping the ML backend ...")
    finally:
        server.server_close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log("Stopped.")
