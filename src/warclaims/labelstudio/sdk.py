"""The Label Studio SDK (label-studio-sdk) as the client of `ls pull`, under the same guarantees
as the requests client in api.py: one overall deadline, retries with backoff, located messages
that never quote the token.

Which client where (and why):
- SDK (this module, through `call`): `ls pull` (finding the projects, reading them, creating the
  snapshot export with `projects.exports.create`, downloading it with
  `projects.exports.with_raw_response.download`, streamed, so status, content type and byte count
  stay checkable by received.py; the server version), `ls setup` (`projects.create`/`update`)
  and the article import of `ls import` (`projects.import_tasks`; ops.py). The SDK's own retries
  are off (`max_retries` 0: they sleep without looking at the deadline) and each call gets
  `timeout` = what is left of the deadline (Deadline.timeout); the watchdog (deadline.enforce)
  ends a dripping server inside the SDK's httpx reads as it does inside requests.
- api.py (requests) stays where the SDK has no endpoint: the sign-up form behind the invite link
  (users.py: an HTML form with its CSRF token, in a session of its own), and `GET /health` while
  a server starts (server.py, urllib). Listing tasks (paged to a 404), predictions, annotations,
  task-data patches and users in ops.py have SDK endpoints too but were not moved in this change
  (their idempotence compares raw results, each move needs its own test on the real server, and
  import_predictions is being changed on main in parallel). requests is bounded by the same
  deadline (api.Api.request_timeout, the watchdog), so nothing there outlasts it.

Raw answers are parsed with the strict JSON reader, not with the SDK's models, so an HTML page,
a duplicate key or a missing field is reported the same way as with api.py.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any, Callable, Iterator, TypeVar

import httpx
import pydantic
from label_studio_sdk import LabelStudio
from label_studio_sdk.core.api_error import ApiError as SdkApiError
from label_studio_sdk.core.http_response import BaseHttpResponse
from label_studio_sdk.core.parse_error import ParsingError
from label_studio_sdk.core.request_options import RequestOptions

from ..readers import JSONError, parse_json
from .api import Api, ApiError
from .received import looks_like_html

T = TypeVar("T")


class Retry(Exception):
    """Raised inside a `call` for a failed attempt worth repeating that the SDK does not see (a body
    shorter than its Content-Length); the message says why."""


@contextlib.contextmanager
def client(api: Api) -> Iterator[LabelStudio]:
    """An SDK client for the server and token of `api`, its own retries off, its connections closed
    on leaving the block. Every call still passes its own timeout (`call`); the client's default
    only bounds a JWT refresh the SDK makes by itself."""
    timeout = api.request_timeout(api.timeout, "before connecting")
    with httpx.Client(timeout=timeout, follow_redirects=True) as http:
        try:  # a JWT token is checked here: expired, or without expiry, is refused before any request
            ls = LabelStudio(base_url=api.url, api_key=api.token_for_sdk(), timeout=timeout, max_retries=0, httpx_client=http)
        except SdkApiError as e:
            raise ApiError(f"the token is refused by label-studio-sdk: {_describe(e)}") from None
        yield ls


def call(api: Api, what: str, fn: Callable[[RequestOptions], T], per_request: float | None = None) -> T:
    """`fn(request_options)` with retries (api.retries, api.backoff) on transport errors, HTTP 5xx
    and `Retry`, each attempt's timeout shortened to the deadline; every failure an ApiError
    naming `what` (e.g. "GET /api/projects") and why, never the token."""
    last = ""
    for attempt in range(api.retries + 1):
        if attempt:
            api.pause(api.backoff * 2 ** (attempt - 1), f"before retrying {what} ({last})")
        options: RequestOptions = {"timeout": api.request_timeout(per_request or api.timeout, f"before {what}"), "max_retries": 0}
        try:
            return fn(options)
        except Retry as e:
            last = str(e)
        except httpx.LocalProtocolError:  # an unsendable header, i.e. the token: its text is never shown
            raise ApiError(f"{what}: the request cannot be sent (a newline or space in the token?)") from None
        except httpx.TransportError as e:  # connect, timeout, body cut short (with or without chunking)
            last = type(e).__name__
        except SdkApiError as e:
            if (e.status_code or 0) >= 500:
                last = f"HTTP {e.status_code}"
                continue
            raise ApiError(f"{what}: {_describe(e)}") from None
        except (ParsingError, pydantic.ValidationError):
            raise ApiError(f"{what}: the answer does not have the shape the SDK expects") from None
        except json.JSONDecodeError:  # the SDK's JWT refresh reads its answer without a guard
            raise ApiError(f"{what}: an answer of the server (token refresh) is not JSON") from None
        except httpx.HTTPError as e:  # not worth a retry: redirect loop, bad URL (details may quote headers)
            raise ApiError(f"{what}: the request failed ({type(e).__name__})") from None
    raise ApiError(f"{what}: failed after {api.retries + 1} attempts ({last})")


def _describe(e: SdkApiError) -> str:
    """An SDK error as `HTTP <status>: <body>` (the body as the server sent it, cut to 300 characters)."""
    body = e.body if isinstance(e.body, str) else json.dumps(e.body, ensure_ascii=False)
    if e.status_code is not None and 200 <= e.status_code < 300:  # the SDK could not read a 2xx answer as JSON
        if looks_like_html(body.encode("utf-8", "replace")[:4096]):
            return "the server answered with an HTML page, not JSON (a login page? check --url)"
        return "the answer is not valid JSON"
    return f"HTTP {e.status_code}: {body[:300]}"


def json_of(what: str, raw: BaseHttpResponse) -> Any:
    """The JSON body of an SDK raw response, read strictly (ApiError for HTML or invalid JSON)."""
    content = raw.response.content
    if looks_like_html(content[:4096]):
        raise ApiError(f"{what}: the server answered with an HTML page, not JSON (a login page? check --url)")
    try:
        return parse_json(content)
    except JSONError as e:
        raise ApiError(f"{what}: the answer is not valid JSON (line {e.line}: {e})") from None


def find_project(api: Api, ls: LabelStudio, title: str) -> dict[str, Any] | None:
    """The project titled exactly `title`, or None: its record as the server sent it, read strictly
    (the SDK's title filter matches substrings, so the exact title is checked here)."""
    what = "GET /api/projects"
    page = call(api, what, lambda o: ls.projects.list(title=title, page_size=1000, request_options=o))  # one page, one request
    found = next((p for p in page.items or [] if getattr(p, "title", None) == title), None)
    if found is None:
        return None
    if not isinstance(getattr(found, "id", None), int):
        raise ApiError(f"{what}: the project titled {title!r} has no integer id")
    pid = int(found.id)
    what = f"GET /api/projects/{pid}"
    detail = json_of(what, call(api, what, lambda o: ls.projects.with_raw_response.get(pid, request_options=o)))
    if not isinstance(detail, dict) or not isinstance(detail.get("id"), int):
        raise ApiError(f"{what}: $.id: the answer names no project id")
    return detail


def create_export(api: Api, ls: LabelStudio, pid: int, title: str, serialization: dict[str, Any]) -> int:
    """Create a snapshot export of project `pid` (synchronous in Community: may take a while, so at
    least ten minutes per attempt, still within the deadline); its id."""
    what = f"POST /api/projects/{pid}/exports/"
    raw = call(api, what, lambda o: ls.projects.exports.with_raw_response.create(
        pid, title=title, serialization_options=serialization, request_options=o), per_request=max(api.timeout, 600))  # type: ignore[arg-type]
    created = json_of(what, raw)
    if not isinstance(created, dict) or not isinstance(created.get("id"), int):
        raise ApiError(f"{what}: the answer names no export id")
    return int(created["id"])


def version(api: Api, ls: LabelStudio) -> str:
    """The server's Label Studio version, e.g. '1.23.2'."""
    what = "GET /api/version"
    v = json_of(what, call(api, what, lambda o: ls.versions.with_raw_response.get(request_options=o)))
    if not isinstance(v, dict):
        return "unknown"
    package = v.get("label-studio-os-package")
    return str(v.get("release") or (package.get("version") if isinstance(package, dict) else None) or "unknown")
