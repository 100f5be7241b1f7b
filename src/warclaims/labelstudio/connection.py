"""Which Label Studio server and token a `warclaims ls` command uses: the one place that decides.

Order: command-line options, then the environment (LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY),
then the connection file that `warclaims ls serve` writes (URL and token of the server it started).
The file's token is sent only to the file's URL: a URL given on the command line or in the
environment gets the file's token only when it is that same URL, so a typo or a stray
LABEL_STUDIO_URL never carries the token to another server.

Pure: the caller reads the file (warclaims.labelstudio.home) and passes its bytes; every failure
is a ConnectionProblem whose message names where things came from and never contains a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .urls import check_base_url

DEFAULT_URL = "http://127.0.0.1:8080"
"""Label Studio's own default port; used only with a token given without any URL."""
URL_ENV = "LABEL_STUDIO_URL"
TOKEN_ENV = "LABEL_STUDIO_API_KEY"


class ConnectionProblem(ValueError):
    """No usable URL/token. `usage` is True when the user must give something (exit 2), False for bad data (exit 1)."""

    def __init__(self, message: str, *, usage: bool = False) -> None:
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Given:
    """A value and where it came from, e.g. ('http://...', '--url') or (token, 'LABEL_STUDIO_API_KEY')."""

    value: str
    source: str


@dataclass(frozen=True)
class Connection:
    """The server a command talks to; `token` is never printed (see `describe`)."""

    url: str
    token: str
    url_source: str
    token_source: str

    def describe(self) -> str:
        """One line for people: the URL and where URL and token came from (not the token)."""
        if self.url_source == self.token_source:
            return f"Label Studio {self.url} (URL and token from {self.url_source})"
        return f"Label Studio {self.url} (URL from {self.url_source}, token from {self.token_source})"


@dataclass(frozen=True)
class ConnectionFile:
    """The parsed connection file: where it is, the server's URL and token, its data dir and the
    pid of the `ls serve` that wrote it (None when absent or not a positive integer)."""

    path: str
    url: str
    token: str
    data_dir: str | None = None
    pid: int | None = None


def clean_token(value: str, source: str) -> str:
    """The token without surrounding whitespace (a trailing newline from `$(cat file)` is common).

    Whitespace or control characters inside, or nothing at all, are refused: such a value cannot
    be a Label Studio token and would otherwise surface as an HTTP-header error that echoes it.
    """
    token = value.strip()
    if not token:
        raise ConnectionProblem(f"the API token from {source} is empty", usage=True)
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in token):
        raise ConnectionProblem(f"the API token from {source} contains whitespace or control characters (token not shown); "
                                "give the token alone, on one line")
    return token


def parse_connection_file(path: str, data: Any) -> ConnectionFile:
    """The connection file's content (already parsed JSON) checked; ConnectionProblem naming the file and field."""
    if not isinstance(data, dict):
        raise ConnectionProblem(f"{path}: $: expected a JSON object written by `warclaims ls serve`; delete the file or run serve again")
    for key in ("url", "token"):
        if not isinstance(data.get(key), str):
            raise ConnectionProblem(f"{path}: $.{key}: missing or not a string; delete the file or run `warclaims ls serve` again")
    try:
        url = check_base_url(data["url"])
    except ValueError as e:
        raise ConnectionProblem(f"{path}: $.url: {e}") from None
    token = clean_token(data["token"], f"{path} ($.token)")
    data_dir, pid = data.get("data_dir"), data.get("pid")
    return ConnectionFile(path, url, token, data_dir if isinstance(data_dir, str) else None,
                          pid if isinstance(pid, int) and not isinstance(pid, bool) and pid > 0 else None)


def _token_hint(file: ConnectionFile | None, file_path: str, credentials_hint: str) -> str:
    if file is None:
        where = f"no connection file at {file_path} (`warclaims ls serve` writes it while the server runs)"
    else:
        where = f"the connection file {file.path} is for {file.url}"
    return (f"give --token or set {TOKEN_ENV}; {where}; the admin token of a server started by `warclaims ls serve` "
            f"is also in {credentials_hint}")


def resolve(url: Given | None, token: Given | None, file: ConnectionFile | None, *, file_path: str,
            credentials_hint: str) -> Connection:
    """The connection to use; ConnectionProblem (usage) when no token can be found, saying where it is.

    `url`/`token`: from an option or the environment (the caller knows which), None when absent.
    `file`: the parsed connection file or None. `credentials_hint`: where the admin token is kept
    (the credentials file of the default data dir), for the message when none is found.
    """
    if token is not None:
        clean = clean_token(token.value, token.source)
        if url is not None:
            return Connection(url.value, clean, url.source, token.source)
        if file is not None:
            return Connection(file.url, clean, f"connection file {file.path}", token.source)
        return Connection(DEFAULT_URL, clean, "the default", token.source)
    if file is None or (url is not None and url.value != file.url):
        target = f" for {url.value}" if url is not None else ""
        raise ConnectionProblem(f"no API token{target}: " + _token_hint(file, file_path, credentials_hint), usage=True)
    where = f"connection file {file.path}"
    return Connection(file.url, file.token, url.source if url is not None else where, where)
