"""warclaims.labelstudio.sdk: the SDK calls of `ls pull` keep the deadline, retry what is worth it
and turn SDK and httpx errors into located messages without the token.

The pull's normal path through the SDK runs against the real server in test_end_to_end.py and
test_pull_passes.py, its faults against the fake server in test_pull.py (reused here).
"""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from label_studio_sdk.core.api_error import ApiError as SdkApiError

from warclaims.labelstudio.api import Api, ApiError
from warclaims.labelstudio.deadline import Deadline
from warclaims.labelstudio.sdk import call, client, find_project, version

from .test_pull import TOKEN, Fake, fake  # noqa: F401  (fake is a fixture)


def test_each_attempt_gets_the_time_left_and_no_sdk_retries() -> None:
    api = Api("http://127.0.0.1:9", TOKEN, timeout=60, deadline=Deadline(2))
    seen: list[Any] = []
    call(api, "GET /x", lambda o: seen.append(o))
    assert seen[0]["max_retries"] == 0 and 0 < seen[0]["timeout"] <= 2


def test_a_refused_connection_is_retried_then_named() -> None:
    api = Api("http://127.0.0.1:9", TOKEN, timeout=5, retries=1, backoff=0.01)
    with client(api) as ls, pytest.raises(ApiError, match=r"GET /api/version: failed after 2 attempts \(ConnectError\)"):
        version(api, ls)


def test_5xx_is_retried_and_4xx_is_not() -> None:
    api = Api("http://127.0.0.1:9", TOKEN, retries=2, backoff=0.01)
    calls: list[int] = []

    def answer(status: int) -> Any:
        def fn(options: Any) -> None:
            calls.append(status)
            raise SdkApiError(status_code=status, body={"detail": "no"})
        return fn

    with pytest.raises(ApiError, match=r"failed after 3 attempts \(HTTP 502\)"):
        call(api, "GET /x", answer(502))
    assert calls == [502] * 3
    with pytest.raises(ApiError, match=r'GET /x: HTTP 404: \{"detail": "no"\}'):
        call(api, "GET /x", answer(404))
    assert calls == [502] * 3 + [404]


def test_a_2xx_html_page_the_sdk_cannot_read_is_named() -> None:
    api = Api("http://127.0.0.1:9", TOKEN, retries=0)

    def fn(options: Any) -> None:
        raise SdkApiError(status_code=200, body="<!DOCTYPE html><html>login</html>")

    with pytest.raises(ApiError, match="GET /api/projects: the server answered with an HTML page, not JSON"):
        call(api, "GET /api/projects", fn)


def test_the_deadline_stops_retries() -> None:
    api = Api("http://127.0.0.1:9", TOKEN, retries=5, backoff=1.0, deadline=Deadline(0.3))
    started = time.monotonic()
    with pytest.raises(Exception, match=r"network deadline of 0.3 s \(--timeout\) passed before retrying GET /x"):
        call(api, "GET /x", lambda o: (_ for _ in ()).throw(SdkApiError(status_code=500, body="")))
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("claims", [{"exp": 1, "token_type": "refresh"}, {"token_type": "refresh"}])
def test_an_expired_or_endless_jwt_is_refused_without_showing_it(claims: dict[str, Any]) -> None:
    token = jwt.encode(claims, "synthetic-key-for-a-test-only-32-bytes-long", algorithm="HS256")
    api = Api("http://127.0.0.1:9", token)
    with pytest.raises(ApiError, match="the token is refused by label-studio-sdk: HTTP 401") as caught, client(api):
        pass
    assert token not in str(caught.value)


def test_find_project_reads_the_exact_title_strictly(fake: tuple[Fake, str]) -> None:  # noqa: F811
    _, url = fake
    api = Api(url, TOKEN, retries=0)
    with client(api) as ls:
        assert find_project(api, ls, "WarClaims") == {"id": 1, "title": "WarClaims", "label_config": "<View/>", "description": ""}
        assert find_project(api, ls, "Nope") is None
        assert version(api, ls) == "1.23.2"
