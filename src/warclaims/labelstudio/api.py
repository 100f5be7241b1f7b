"""A small Label Studio REST client (requests) with retries and backoff; the token leaves it only
for the SDK client (sdk.py: same server, same deadline).

Used where the SDK is not (tasks, annotations and users in ops.py, the invite link in users.py),
and as the holder of the connection, deadline and retry settings that sdk.py shares (sdk.py says
which client does what, and why).

Retries: connection errors, timeouts and HTTP 5xx are retried `retries` times with exponential
backoff (0.5 s, 1 s, 2 s, ...); other HTTP errors fail at once with the server's message.
Deadline: with a `deadline` (warclaims.labelstudio.deadline), no request or retry outlasts it.
JSON answers are read with the strict reader; an HTML page or other non-JSON answer is an ApiError.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any, Iterator

import requests

from ..readers import JSONError, parse_json
from .deadline import Deadline
from .received import looks_like_html
from .urls import check_base_url


class ApiError(RuntimeError):
    """A request failed for good; the message names the method, path and status, never the token."""


class Api:
    """Authenticated access to one Label Studio server (its URL checked by urls.check_base_url)."""

    def __init__(self, url: str, token: str, *, timeout: float = 60.0, retries: int = 3, backoff: float = 0.5,
                 deadline: Deadline | None = None) -> None:
        try:
            self.url = check_base_url(url)
        except ValueError as e:
            raise ApiError(f"Label Studio URL {e}") from None
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.deadline = deadline
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Token {token}"
        self._token = token

    def token_for_sdk(self) -> str:
        """The token, for building the SDK client of the same server (sdk.client); never printed."""
        return self._token

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request with retries on 5xx, timeouts and connection errors, within the deadline."""
        per_request = kwargs.pop("timeout", self.timeout)
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self.pause(self.backoff * 2 ** (attempt - 1), f"before retrying {method} {path} ({last})")
            kwargs["timeout"] = self.request_timeout(per_request, f"before {method} {path}")
            try:
                resp = self.session.request(method, self.url + path, **kwargs)
            except (requests.ConnectionError, requests.Timeout) as e:
                last = type(e).__name__
                continue
            except requests.exceptions.InvalidHeader:  # its message quotes the header, i.e. the token: never shown
                raise ApiError(f"{method} {path}: the token cannot be sent in an HTTP header (a newline or space in it?)") from None
            except requests.RequestException as e:  # not worth a retry: redirect loop, bad encoding (details may quote headers)
                raise ApiError(f"{method} {path}: the request failed ({type(e).__name__})") from None
            if resp.status_code >= 500:
                last = f"HTTP {resp.status_code}"
                continue
            if resp.status_code >= 400:
                raise ApiError(f"{method} {path}: HTTP {resp.status_code}: {resp.text[:300]}")
            return resp
        raise ApiError(f"{method} {path}: failed after {self.retries + 1} attempts ({last})")

    def request_timeout(self, per_request: float, during: str) -> float:
        """`per_request`, shortened to what is left of the deadline (DeadlineExceeded when none is)."""
        if self.deadline is None:
            return per_request
        self.deadline.check(during)
        return self.deadline.timeout(per_request)

    def pause(self, seconds: float, during: str) -> None:
        """Sleep between retries, but not past the deadline."""
        if self.deadline is not None and self.deadline.remaining() < seconds:
            raise self.deadline.exceeded(during)
        time.sleep(seconds)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """`request` and parse the JSON body strictly (None for an empty body)."""
        resp = self.request(method, path, **kwargs)
        if not resp.content:
            return None
        if looks_like_html(resp.content[:4096]):
            raise ApiError(f"{method} {path}: the server answered with an HTML page, not JSON (a login page? check --url)")
        try:
            return parse_json(resp.content)
        except JSONError as e:
            raise ApiError(f"{method} {path}: the answer is not valid JSON (line {e.line}: {e})") from None

    def find_project(self, title: str) -> dict[str, Any] | None:
        """The project titled exactly `title`, or None."""
        data = self.json("GET", "/api/projects", params={"title": title, "page_size": 1000})
        rows = data.get("results", data) if isinstance(data, dict) else data
        return next((p for p in rows if p.get("title") == title), None)

    def iter_tasks(self, project_id: int, page_size: int = 500) -> Iterator[dict[str, Any]]:
        """Every task of a project (data, id), page by page."""
        page = 1
        while True:
            try:
                data = self.json("GET", "/api/tasks", params={"project": project_id, "page": page, "page_size": page_size})
            except ApiError as e:
                if "HTTP 404" in str(e):  # past the last page
                    return
                raise
            rows = data.get("tasks", data.get("results", [])) if isinstance(data, dict) else data
            yield from rows
            if len(rows) < page_size:
                return
            page += 1

    def users(self) -> list[dict[str, Any]]:
        """All users of the server."""
        data = self.json("GET", "/api/users")
        return data.get("results", data) if isinstance(data, dict) else data

    def user_id(self, email: str, *, create: bool = True) -> int:
        """The id of the user with `email`, created (without a password) if missing and `create`."""
        for u in self.users():
            if u.get("email") == email:
                return int(u["id"])
        if not create:
            raise ApiError(f"no Label Studio user with e-mail {email!r}")
        username = email.split("@")[0][:30] + "-" + hashlib.sha1(email.encode()).hexdigest()[:6]
        return int(self.json("POST", "/api/users", json={"email": email, "username": username})["id"])
