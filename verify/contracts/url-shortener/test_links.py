"""GET, PUT and DELETE /shorten/{code}, and GET /shorten/{code}/stats."""

from typing import Any

import httpx
import pytest

from support import (
    STATS_KEYS,
    assert_json,
    assert_link,
    assert_problem,
    parse_timestamp,
    shorten,
    stats,
    unique_alias,
    unique_url,
)

# Codes that no link can have: 404 (400 also accepted), never 5xx.
IMPOSSIBLE_CODES = ["!!!", "a.b", "%20", "x" * 200, "%00", "a%2Fb"]


def _missing_code(client: httpx.Client) -> str:
    link = shorten(client)
    assert client.delete(f"/shorten/{link['shortCode']}").status_code == 204
    return str(link["shortCode"])


def test_get_returns_the_link(client: httpx.Client) -> None:
    link = shorten(client)
    assert assert_link(assert_json(client.get(f"/shorten/{link['shortCode']}"), 200)) == link


def test_get_an_unknown_code_is_404(client: httpx.Client) -> None:
    assert_problem(client.get(f"/shorten/{_missing_code(client)}"), 404)
    assert_problem(client.get(f"/shorten/{unique_alias('never')}"), 404)


@pytest.mark.parametrize("code", IMPOSSIBLE_CODES)
def test_a_code_that_cannot_exist_is_404(client: httpx.Client, code: str) -> None:
    for method, path in [("GET", f"/shorten/{code}"), ("PUT", f"/shorten/{code}"), ("DELETE", f"/shorten/{code}"),
                         ("GET", f"/shorten/{code}/stats")]:  # fmt: skip
        response = client.request(method, path, json={"url": unique_url()} if method == "PUT" else None)
        assert response.status_code in (400, 404), f"{method} {path}: {response.status_code} {response.text}"
        assert response.headers.get("content-type", "").startswith("application/problem+json"), response.headers


# ---- update -------------------------------------------------------------------


def test_put_changes_the_url_and_moves_updated_at(client: httpx.Client) -> None:
    link = shorten(client)
    previous = parse_timestamp(link["updatedAt"])
    for n in range(3):  # back to back: even within one millisecond, updatedAt must move on
        url = f"https://example.org/changed/{n}?keep=%2F#exactly"
        updated = assert_link(assert_json(client.put(f"/shorten/{link['shortCode']}", json={"url": url}), 200))
        assert updated["url"] == url
        assert (updated["id"], updated["shortCode"], updated["createdAt"]) == (
            link["id"], link["shortCode"], link["createdAt"]
        )  # fmt: skip
        current = parse_timestamp(updated["updatedAt"])
        assert current > previous, f"updatedAt did not move on: {previous} then {current}"
        previous = current
    assert client.get(f"/{link['shortCode']}").headers.get("location") == url
    assert assert_json(client.get(f"/shorten/{link['shortCode']}"), 200) == updated


def test_put_an_unknown_code_is_404(client: httpx.Client) -> None:
    assert_problem(client.put(f"/shorten/{_missing_code(client)}", json={"url": unique_url()}), 404)


@pytest.mark.parametrize(
    "body",
    [{}, {"url": ""}, {"url": "not a url"}, {"url": "ftp://example.com/"}, {"url": None}, {"url": 5},
     {"url": "https://example.com/" + "a" * 2030}],
)  # fmt: skip
def test_invalid_put_is_400_and_changes_nothing(client: httpx.Client, body: dict[str, Any]) -> None:
    link = shorten(client)
    assert_problem(client.put(f"/shorten/{link['shortCode']}", json=body), 400, {"url"})
    assert assert_json(client.get(f"/shorten/{link['shortCode']}"), 200) == link


def test_put_body_that_is_not_json_is_400_naming_body(client: httpx.Client) -> None:
    link = shorten(client)
    response = client.put(
        f"/shorten/{link['shortCode']}", content=b"{url}", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, {"body"})


# ---- delete -------------------------------------------------------------------


def test_delete_is_204_and_the_link_is_gone(client: httpx.Client) -> None:
    link = shorten(client, alias=unique_alias())
    code = link["shortCode"]
    response = client.delete(f"/shorten/{code}")
    assert response.status_code == 204, response.text
    assert response.content == b"", f"a 204 has no body: {response.content!r}"
    assert_problem(client.get(f"/shorten/{code}"), 404)
    assert_problem(client.get(f"/shorten/{code}/stats"), 404)
    assert_problem(client.get(f"/{code}"), 404)
    assert_problem(client.put(f"/shorten/{code}", json={"url": unique_url()}), 404)
    assert_problem(client.delete(f"/shorten/{code}"), 404)


def test_delete_an_unknown_code_is_404(client: httpx.Client) -> None:
    assert_problem(client.delete(f"/shorten/{unique_alias('never')}"), 404)


# ---- stats --------------------------------------------------------------------


def test_stats_start_at_zero(client: httpx.Client) -> None:
    link = shorten(client)
    got = stats(client, link["shortCode"])
    assert set(got) == STATS_KEYS
    assert got["accessCount"] == 0
    assert {key: got[key] for key in link} == link


def test_stats_of_an_unknown_code_is_404(client: httpx.Client) -> None:
    assert_problem(client.get(f"/shorten/{_missing_code(client)}/stats"), 404)
