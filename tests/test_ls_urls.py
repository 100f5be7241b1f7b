"""warclaims.labelstudio.urls.check_base_url: the one check of a Label Studio base URL.

Parametrized cases pin the message of each kind of bad URL; hypothesis checks that any text
gives a URL or a ValueError (nothing else), and that whatever is accepted, requests accepts too.
"""

from __future__ import annotations

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from warclaims.labelstudio.api import Api, ApiError
from warclaims.labelstudio.urls import check_base_url


@pytest.mark.parametrize("url,expected", [
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
    ("https://ls.example.org/label-studio//", "https://ls.example.org/label-studio"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("http://localhost", "http://localhost"),
    ("HTTPS://LS.EXAMPLE.ORG", "HTTPS://LS.EXAMPLE.ORG"),
    ("http://xn--bcher-kva.de", "http://xn--bcher-kva.de"),
])
def test_accepted(url: str, expected: str) -> None:
    assert check_base_url(url) == expected


@pytest.mark.parametrize("url,fragment", [
    ("127.0.0.1:8080", "'127.0.0.1:8080' is not an http(s) URL: no scheme (write http://127.0.0.1:8080)"),
    ("localhost:8080", "no scheme (write http://localhost:8080)"),
    ("http://[::1", "'http://[::1' is not a valid URL"),
    ("http://[nonsense]:80", "is not a valid URL"),
    ("ftp://host", "'ftp://host' is not an http(s) URL"),
    ("file:///etc/passwd", "is not an http(s) URL"),
    ("http://", "has no host"),
    ("http://:8080", "has no host"),
    ("http://h:0", "invalid port"),
    ("http://h:65536", "invalid port"),
    ("http://h:abc", "invalid port"),
    ("http://h:", "invalid port"),
    ("http://a..b", "invalid host name"),
    ("http://-h-", "invalid host name"),
    ("http://h/x?y=1", "query or fragment"),
    ("http://h#top", "query or fragment"),
    ("http://h ost", "whitespace or a control character"),
    (" http://h", "whitespace or a control character"),
    ("http://h\n", "whitespace or a control character"),
    ("", "is empty"),
    ("http://bücher.de", "non-ASCII host name"),
    ("http://[::1]0", "other than ':PORT'"),
])
def test_rejected_with_a_reason(url: str, fragment: str) -> None:
    with pytest.raises(ValueError) as e:
        check_base_url(url)
    assert fragment in str(e.value) and "\n" not in str(e.value)


def test_user_info_is_rejected_and_never_echoed() -> None:
    with pytest.raises(ValueError) as e:
        check_base_url("http://admin:hunter22@ls.example.org")
    assert "hunter22" not in str(e.value) and "'http://***@ls.example.org'" in str(e.value)


def test_the_api_client_applies_the_same_check() -> None:
    with pytest.raises(ApiError, match="Label Studio URL 'ftp://x' is not an http"):
        Api("ftp://x", "token")
    assert Api("http://127.0.0.1:8080/", "token").url == "http://127.0.0.1:8080"


URLISH = st.builds(
    lambda scheme, host, port, path: f"{scheme}{host}{port}{path}",
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "http:/", "http:///"]),
    st.one_of(st.sampled_from(["127.0.0.1", "[::1]", "[::1", "::1]", "localhost", "ls.example.org", "a..b", "u:p@h", "bücher.de", ""]),
              st.text(max_size=12)),
    st.one_of(st.just(""), st.integers(-3, 70000).map(lambda p: f":{p}"), st.text(max_size=4).map(lambda t: ":" + t)),
    st.one_of(st.just(""), st.sampled_from(["/", "/ls/", "?a=1", "#x", "/%zz"]), st.text(max_size=6)),
)


@settings(max_examples=400, deadline=None)
@given(st.one_of(URLISH, st.text(max_size=40)))
def test_any_text_gives_a_url_or_a_value_error_and_requests_agrees(value: str) -> None:
    try:
        url = check_base_url(value)
    except ValueError as e:
        assert str(e) and "\n" not in str(e)
        return
    assert url.lower().startswith(("http://", "https://")) and not url.endswith("/")
    requests.Request("GET", url + "/api/version").prepare()  # raises on a URL requests cannot send
