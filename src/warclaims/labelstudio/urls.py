"""Validation of a Label Studio base URL, the one check every URL passes before a request.

Pure (standard library only) so the CLI can run it while parsing options and the API client
can run it again; both report the same one-line message. Without it, `127.0.0.1:8080`,
`http://[::1` or `ftp://host` surface as tracebacks from requests or urllib3.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, urlsplit

EXAMPLE = "http://127.0.0.1:8080"
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$")


def check_base_url(value: str) -> str:
    """`value` without its trailing slashes if it is an http(s) base URL with a host, else ValueError.

    Accepted: http or https, a host (DNS name, IPv4, or [IPv6]), an optional port 1..65535 and
    an optional path (a server under a prefix). Rejected, each with its own reason: no scheme,
    another scheme, no host, a bad port, unbalanced IPv6 brackets, user:password@ (the token
    goes in --token, and the message must not echo a password), a query or fragment (API paths
    are appended), whitespace or control characters. The message quotes the value (with any
    user info masked) and, when it helps, says what to write instead.
    """
    shown = _masked(value)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{shown} is empty, not an http(s) URL (expected e.g. {EXAMPLE})")
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError(f"{shown} contains whitespace or a control character")
    if "://" not in value:
        raise ValueError(f"{shown} is not an http(s) URL: no scheme (write http://{value})")
    try:
        parts = urlsplit(value)
    except ValueError as e:  # e.g. "Invalid IPv6 URL" for an unbalanced bracket
        raise ValueError(f"{shown} is not a valid URL ({e})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{shown} is not an http(s) URL (expected e.g. {EXAMPLE})")
    if "@" in parts.netloc:
        raise ValueError(f"{shown} must not contain user info (user:password@); give the API token with --token")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ValueError(f"{shown} must not have a query or fragment (API paths are appended to it)")
    _check_host(parts, shown)
    return value.rstrip("/")


def _check_host(parts: SplitResult, shown: str) -> None:
    """ValueError unless the URL has a well-formed host and, if any, a port in 1..65535."""
    host = parts.hostname or ""
    if not host:
        raise ValueError(f"{shown} has no host (expected e.g. {EXAMPLE})")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 1 <= port <= 65535 or parts.netloc.endswith(":"):
        raise ValueError(f"{shown} has an invalid port (expected 1..65535)")
    if parts.netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise ValueError(f"{shown} has an invalid IPv6 address [{host}]") from None
        if not re.fullmatch(r"\[[^\]]*\](:[0-9]+)?", parts.netloc):
            raise ValueError(f"{shown} has something other than ':PORT' after the IPv6 address")
        return
    if not host.isascii():
        raise ValueError(f"{shown} has a non-ASCII host name: write it in its xn-- (punycode) form")
    if not all(_LABEL.match(label) for label in host.removesuffix(".").split(".")):
        raise ValueError(f"{shown} has an invalid host name {host!r}")


def _masked(value: object) -> str:
    """repr of the value with any user info before '@' in the authority replaced by '***'."""
    if not isinstance(value, str):
        return repr(value)
    return repr(re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1***@", value))
