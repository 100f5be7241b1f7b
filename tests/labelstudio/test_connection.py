"""warclaims.labelstudio.connection: the order options > environment > connection file, token hygiene."""

from __future__ import annotations

import pytest

from warclaims.labelstudio.connection import DEFAULT_URL, ConnectionFile, ConnectionProblem, Given, clean_token, parse_connection_file, resolve

TOKEN = "0123456789abcdef0123456789abcdef01234567"
FILE = ConnectionFile(".label-studio/connection.json", "http://127.0.0.1:41234", "f" * 40, ".label-studio/data")


def res(url: Given | None, token: Given | None, file: ConnectionFile | None = FILE):
    return resolve(url, token, file, file_path=".label-studio/connection.json", credentials_hint="DATA/warclaims-credentials.json")


def test_options_and_environment_win_over_the_file() -> None:
    c = res(Given("http://h:1", "--url"), Given(TOKEN, "LABEL_STUDIO_API_KEY"))
    assert (c.url, c.token, c.url_source, c.token_source) == ("http://h:1", TOKEN, "--url", "LABEL_STUDIO_API_KEY")
    assert TOKEN not in c.describe() and "URL from --url, token from LABEL_STUDIO_API_KEY" in c.describe()


def test_nothing_given_uses_the_file_pair() -> None:
    c = res(None, None)
    assert (c.url, c.token) == (FILE.url, FILE.token)
    assert c.describe() == f"Label Studio {FILE.url} (URL and token from connection file {FILE.path})"


def test_a_token_alone_goes_to_the_file_url_else_the_default() -> None:
    assert res(None, Given(TOKEN, "--token")).url == FILE.url
    assert res(None, Given(TOKEN, "--token"), None).url == DEFAULT_URL


def test_the_file_token_goes_only_to_the_file_url() -> None:
    assert res(Given(FILE.url, "LABEL_STUDIO_URL"), None).token == FILE.token
    with pytest.raises(ConnectionProblem) as e:
        res(Given("http://elsewhere:8080", "LABEL_STUDIO_URL"), None)
    assert e.value.usage and "no API token for http://elsewhere:8080" in str(e.value)
    assert f"the connection file {FILE.path} is for {FILE.url}" in str(e.value) and FILE.token not in str(e.value)


def test_no_token_anywhere_says_where_it_is() -> None:
    with pytest.raises(ConnectionProblem) as e:
        res(None, None, None)
    message = str(e.value)
    assert "give --token or set LABEL_STUDIO_API_KEY" in message
    assert "no connection file at .label-studio/connection.json" in message and "DATA/warclaims-credentials.json" in message


@pytest.mark.parametrize("raw", [TOKEN + "\n", TOKEN + "\r\n", " " + TOKEN + "\t"])
def test_surrounding_whitespace_is_stripped(raw: str) -> None:
    assert clean_token(raw, "LABEL_STUDIO_API_KEY") == TOKEN
    assert res(None, Given(raw, "LABEL_STUDIO_API_KEY")).token == TOKEN


@pytest.mark.parametrize("raw", [TOKEN[:10] + "\n" + TOKEN[10:], TOKEN[:5] + " " + TOKEN[5:], TOKEN + "\x00x", "\n", ""])
def test_inner_whitespace_control_or_nothing_is_refused_without_echo(raw: str) -> None:
    with pytest.raises(ConnectionProblem) as e:
        clean_token(raw, "--token")
    assert "--token" in str(e.value) and (raw.strip() == "" or raw.strip() not in str(e.value))


def test_the_connection_file_is_checked_field_by_field() -> None:
    ok = parse_connection_file("c.json", {"url": "http://127.0.0.1:5/", "token": TOKEN + "\n", "data_dir": "d"})
    assert (ok.url, ok.token, ok.data_dir) == ("http://127.0.0.1:5", TOKEN, "d")
    for data, fragment in [([], "c.json: $: expected a JSON object"), ({"url": "x"}, "c.json: $.token: missing or not a string"),
                           ({"url": 5, "token": TOKEN}, "$.url: missing"), ({"url": "ftp://h", "token": TOKEN}, "c.json: $.url: 'ftp://h'"),
                           ({"url": "http://h", "token": "a b"}, "c.json ($.token) contains whitespace")]:
        with pytest.raises(ConnectionProblem) as e:
            parse_connection_file("c.json", data)
        assert fragment in str(e.value) and TOKEN not in str(e.value)
