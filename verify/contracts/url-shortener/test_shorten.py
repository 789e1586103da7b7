"""POST /shorten: random codes, aliases, and what counts as a URL."""

import uuid
from typing import Any

import httpx
import pytest

from support import (
    RANDOM_CODE,
    assert_json,
    assert_problem,
    shorten,
    unique_alias,
    unique_url,
)

# Valid absolute http(s) URLs that a normalising parser would change: they must come back byte for byte.
EXACT_URLS = [
    "https://example.com",
    "http://example.com/",
    "https://Example.COM:8443/A/./b/../c?x=1&y=%2F&z=a+b#Frag",
    "https://example.com/path/?q=a%20b&q=c&empty=&flag",
    "http://127.0.0.1:8080/local?redirect=https%3A%2F%2Fexample.org",
    "https://example.com/~user/file.tar.gz;param?a[]=1#",
]

INVALID_URLS = [
    "",
    "not a url",
    "example.com",
    "www.example.com/path",
    "//example.com/path",
    "/relative/path",
    "ftp://example.com/file",
    "javascript:alert(1)",
    "mailto:someone@example.com",
    "data:text/html,hello",
    "file:///etc/passwd",
    "http://",
    "https://",
    "http:///path-without-host",
    "https://exa mple.com/",
    "https://example.com/with space",
]


def test_shorten_returns_a_link_with_a_random_code(client: httpx.Client) -> None:
    link = shorten(client)
    assert RANDOM_CODE.match(link["shortCode"]), f"a random code is 6–10 of [A-Za-z0-9]: {link['shortCode']!r}"


def test_random_codes_are_unique_and_not_sequential(client: httpx.Client) -> None:
    codes = [shorten(client)["shortCode"] for _ in range(25)]
    assert all(RANDOM_CODE.match(code) for code in codes), codes
    assert len(set(codes)) == len(codes), f"repeated codes: {codes}"
    # 25 random draws from 62 letters and digits give ~20 distinct first characters; a counter gives 1 or 2.
    assert len({code[0] for code in codes}) >= 5 and len({code[-1] for code in codes}) >= 5, (
        f"codes do not look random: {codes}"
    )


def test_the_same_url_twice_gives_two_links(client: httpx.Client) -> None:
    url = unique_url()
    first, second = shorten(client, url), shorten(client, url)
    assert first["id"] != second["id"]
    assert first["shortCode"] != second["shortCode"]


@pytest.mark.parametrize("url", EXACT_URLS)
def test_the_url_is_stored_and_returned_exactly(client: httpx.Client, url: str) -> None:
    link = shorten(client, url)
    assert assert_json(client.get(f"/shorten/{link['shortCode']}"), 200)["url"] == url
    redirect = client.get(f"/{link['shortCode']}")
    assert redirect.status_code == 302, redirect.text
    assert redirect.headers.get("location") == url


def test_url_of_2048_characters_is_accepted(client: httpx.Client) -> None:
    prefix = "https://example.com/"
    shorten(client, prefix + "a" * (2048 - len(prefix)))


def test_url_over_2048_characters_is_400(client: httpx.Client) -> None:
    prefix = "https://example.com/"
    url = prefix + "a" * (2049 - len(prefix))
    assert_problem(client.post("/shorten", json={"url": url}), 400, {"url"})


@pytest.mark.parametrize("url", INVALID_URLS)
def test_not_an_absolute_http_url_is_400(client: httpx.Client, url: str) -> None:
    assert_problem(client.post("/shorten", json={"url": url}), 400, {"url"})


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "url"), ({"alias": "no-url-here"}, "url"), ({"url": None}, "url"), ({"url": 5}, "url"),
     ({"url": ["https://example.com"]}, "url"), ({"url": {"href": "https://example.com"}}, "url"),
     ({"url": "https://example.com", "alias": 12345}, "alias"),
     ({"url": "https://example.com", "alias": True}, "alias"),
     ({"url": "https://example.com", "alias": None}, "alias")],
)  # fmt: skip
def test_wrong_or_missing_fields_are_400(client: httpx.Client, body: dict[str, Any], field: str) -> None:
    assert_problem(client.post("/shorten", json=body), 400, {field})


@pytest.mark.parametrize("content", [b"{", b"https://example.com", b"", b'{"url": "https://example.com",}'])
def test_body_that_is_not_json_is_400_naming_body(client: httpx.Client, content: bytes) -> None:
    response = client.post("/shorten", content=content, headers={"Content-Type": "application/json"})
    assert_problem(response, 400, {"body"})


@pytest.mark.parametrize("content", [b"[]", b'"https://example.com"', b"7", b"null"])
def test_json_that_is_not_an_object_is_400(client: httpx.Client, content: bytes) -> None:
    response = client.post("/shorten", content=content, headers={"Content-Type": "application/json"})
    assert_problem(response, 400)


# ---- aliases ------------------------------------------------------------------


def test_an_alias_becomes_the_short_code(client: httpx.Client) -> None:
    alias = unique_alias("my-alias_")
    link = shorten(client, alias=alias)
    assert link["shortCode"] == alias
    assert client.get(f"/{alias}").headers.get("location") == link["url"]


def test_alias_of_3_characters_is_accepted(client: httpx.Client) -> None:
    for _ in range(3):  # three characters leave few choices: an earlier test may hold one
        alias = uuid.uuid4().hex[:3]
        response = client.post("/shorten", json={"url": unique_url(), "alias": alias})
        if response.status_code != 409:
            break
    assert assert_json(response, 201)["shortCode"] == alias


def test_alias_of_32_characters_is_accepted(client: httpx.Client) -> None:
    alias = unique_alias("L").ljust(32, "x")
    assert shorten(client, alias=alias)["shortCode"] == alias


@pytest.mark.parametrize(
    "alias",
    ["", "ab", "a" * 33, "bad alias", "bad/alias", "bad.alias", "bad?alias", "ünïcode", "a+b", "a%20b", "tab\there",
     "emoji🎉"],
)  # fmt: skip
def test_a_bad_alias_is_400(client: httpx.Client, alias: str) -> None:
    assert_problem(client.post("/shorten", json={"url": unique_url(), "alias": alias}), 400, {"alias"})


@pytest.mark.parametrize("alias", ["shorten", "healthz", "readyz", "docs", "openapi.json"])
def test_an_alias_naming_a_route_is_400(client: httpx.Client, alias: str) -> None:
    assert_problem(client.post("/shorten", json={"url": unique_url(), "alias": alias}), 400, {"alias"})


def test_an_alias_taken_is_409(client: httpx.Client) -> None:
    alias = unique_alias()
    first = shorten(client, alias=alias)
    assert_problem(client.post("/shorten", json={"url": unique_url(), "alias": alias}), 409)
    assert assert_json(client.get(f"/shorten/{alias}"), 200) == first


def test_an_alias_equal_to_a_random_code_is_409(client: httpx.Client) -> None:
    code = shorten(client)["shortCode"]
    assert_problem(client.post("/shorten", json={"url": unique_url(), "alias": code}), 409)


def test_aliases_are_case_sensitive(client: httpx.Client) -> None:
    alias = unique_alias("Case")
    upper = shorten(client, alias=alias.upper())
    lower = shorten(client, alias=alias.lower())
    assert upper["id"] != lower["id"]
    assert client.get(f"/{alias.upper()}").headers.get("location") == upper["url"]
    assert client.get(f"/{alias.lower()}").headers.get("location") == lower["url"]
