"""Annotator accounts that can log in, made through the organisation's invite link (Label Studio 1.23.2).

Why the invite link: `POST /api/users` (and the SDK's `users.create`) ignores the password and
leaves the user without an organisation, so such a user cannot log in. The sign-up form reached
through `GET /api/invite` (the organisation's token) creates a full member with the password given,
exactly as a person following the link would; it works on a running server of any data dir and
needs no access to its files. The sign-up runs in a session of its own: the admin API token is used
only for `GET /api/invite`, never sent with the sign-up or login forms.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Literal

import requests

from .api import Api, ApiError

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
"""What `ls users add` accepts as an e-mail address (Label Studio checks it again)."""


@dataclass(frozen=True)
class Added:
    """Outcome for one e-mail: `created` with its password, or `exists` (left unchanged, no password)."""

    email: str
    status: Literal["created", "exists"]
    password: str | None = None


def new_password() -> str:
    """A random 16-character password (passes Django's default validators)."""
    return secrets.token_urlsafe(12)


def invite_path(api: Api) -> str:
    """The organisation's sign-up path with its invite token, e.g. /user/signup/?token=..."""
    data = api.json("GET", "/api/invite")
    path = data.get("invite_url") if isinstance(data, dict) else None
    if not isinstance(path, str) or "token=" not in path:
        raise ApiError("GET /api/invite: no invite link in the answer (is this Label Studio Community 1.2x?)")
    return path


def _form(session: requests.Session, url: str, timeout: float, fields: dict[str, str]) -> requests.Response:
    """GET the form (for its CSRF cookie), then POST `fields` to it without following the redirect."""
    session.get(url, timeout=timeout).raise_for_status()
    csrf = session.cookies.get("csrftoken") or ""
    return session.post(url, data={**fields, "csrfmiddlewaretoken": csrf}, headers={"Referer": url},
                        allow_redirects=False, timeout=timeout)


def sign_up(api: Api, invite: str, email: str, password: str) -> Literal["created", "exists"]:
    """Create `email` through the invite link; 'exists' when Label Studio already has that e-mail."""
    url = api.url + invite
    try:
        with requests.Session() as session:
            resp = _form(session, url, api.timeout, {"email": email, "password": password})
    except requests.RequestException as e:
        raise ApiError(f"sign-up of {email}: {type(e).__name__}") from None
    if resp.status_code in (301, 302, 303):
        return "created"
    if "already exists" in resp.text:
        return "exists"
    raise ApiError(f"sign-up of {email}: HTTP {resp.status_code}; Label Studio did not create the account")


def can_log_in(base_url: str, email: str, password: str, timeout: float = 30.0) -> bool:
    """Whether `email`/`password` log in through the login form (checked with /api/current-user/whoami)."""
    with requests.Session() as session:
        resp = _form(session, base_url + "/user/login/", timeout, {"email": email, "password": password})
        if resp.status_code not in (301, 302, 303):
            return False
        who = session.get(base_url + "/api/current-user/whoami", timeout=timeout)
        return who.status_code == 200 and str(who.json().get("email", "")).lower() == email.lower()


def add_users(api: Api, emails: list[str]) -> list[Added]:
    """Create every e-mail not yet on the server, each with a new password checked by logging in;
    existing ones are reported, not changed."""
    known = {str(u.get("email", "")).lower() for u in api.users()}
    invite = invite_path(api)
    out = []
    for email in emails:
        if email.lower() in known:
            out.append(Added(email, "exists"))
            continue
        password = new_password()
        status = sign_up(api, invite, email, password)
        if status == "created" and not can_log_in(api.url, email, password, api.timeout):
            raise ApiError(f"{email} was signed up but cannot log in; see the server log")
        out.append(Added(email, status, password if status == "created" else None))
    return out
