"""A live ML backend for tests: the real HTTP server in a thread over a pipeline fitted on
synthetic (marked) documents, quick to fit (about 1-2 s)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

from warclaims.baselines import pipeline
from warclaims.baselines.run import PIPELINE
from warclaims.baselines.synthetic import synthetic_documents
from warclaims.labelstudio.backend import Backend, Predict
from warclaims.labelstudio.backend_http import make_server


@dataclass
class Served:
    """A running backend: its URL, model_version and the log lines it wrote."""

    url: str
    model_version: str
    log: list[str] = field(default_factory=list)


def synthetic_pipeline() -> pipeline.Pipeline:
    """The default chain fitted on 40 synthetic documents, dataset version 0.0.1."""
    return pipeline.fit(synthetic_documents(40, seed=1), "0.0.1", PIPELINE)


@contextmanager
def serve(predict: Predict, model_version: str) -> Iterator[Served]:
    """Serve `predict` on a free loopback port until the block ends; the thread is joined."""
    served = Served("", model_version)
    server = make_server(Backend(predict, model_version), log=served.log.append)
    served.url = server.url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
