from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import shorten

# Codes no link has: unknown, too short or long, characters a code never holds.
MISSING_CODES = ["nope123", "ab", "x" * 33, "dot.ted", "%00abc", "%F0%9F%8E%89abc", "shorten"]


def test_get_returns_the_link(client: TestClient) -> None:
    link = shorten(client)

    response = client.get(f"/shorten/{link['shortCode']}")

    assert response.status_code == 200
    assert response.json() == link


@pytest.mark.parametrize("code", MISSING_CODES)
def test_a_code_that_does_not_exist_is_404(client: TestClient, code: str) -> None:
    responses = [
        client.get(f"/shorten/{code}"),
        client.put(f"/shorten/{code}", json={"url": "https://example.com/"}),
        client.delete(f"/shorten/{code}"),
        client.get(f"/shorten/{code}/stats"),
    ]

    for response in responses:
        assert response.status_code == 404, (response.request.method, response.text)
        assert response.headers["content-type"] == "application/problem+json"


def test_update_changes_the_url_and_moves_updated_at(client: TestClient) -> None:
    link = shorten(client, "https://example.com/old")

    response = client.put(f"/shorten/{link['shortCode']}", json={"url": "https://example.org/new"})

    updated = response.json()
    assert response.status_code == 200
    assert updated["url"] == "https://example.org/new"
    assert (updated["id"], updated["shortCode"]) == (link["id"], link["shortCode"])
    assert updated["createdAt"] == link["createdAt"]
    assert updated["updatedAt"] > link["updatedAt"]
    assert client.get(f"/shorten/{link['shortCode']}").json() == updated


def test_every_update_moves_updated_at_forward(client: TestClient) -> None:
    code = shorten(client)["shortCode"]
    stamps = [
        client.put(f"/shorten/{code}", json={"url": f"https://example.com/{n}"}).json()["updatedAt"]
        for n in range(4)
    ]

    assert stamps == sorted(set(stamps))


@pytest.mark.parametrize(
    "body", [{}, {"url": None}, {"url": 5}, {"url": "not a url"}, {"url": "mailto:a@example.com"}]
)
def test_update_refuses_invalid_input(client: TestClient, body: dict[str, Any]) -> None:
    link = shorten(client)

    response = client.put(f"/shorten/{link['shortCode']}", json=body)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["url"]
    assert client.get(f"/shorten/{link['shortCode']}").json() == link


def test_an_update_keeps_the_access_count(client: TestClient) -> None:
    code = shorten(client)["shortCode"]
    client.get(f"/{code}")

    client.put(f"/shorten/{code}", json={"url": "https://example.org/"})

    assert client.get(f"/shorten/{code}/stats").json()["accessCount"] == 1


def test_delete_removes_the_link(client: TestClient) -> None:
    code = shorten(client)["shortCode"]

    response = client.delete(f"/shorten/{code}")

    assert response.status_code == 204
    assert response.content == b""
    assert client.get(f"/shorten/{code}").status_code == 404
    assert client.get(f"/{code}").status_code == 404
    assert client.delete(f"/shorten/{code}").status_code == 404


def test_a_deleted_alias_is_free_again(client: TestClient) -> None:
    shorten(client, alias="promo")
    client.delete("/shorten/promo")

    assert shorten(client, "https://example.org/", alias="promo")["url"] == "https://example.org/"


def test_stats_add_the_access_count(client: TestClient) -> None:
    link = shorten(client)

    stats = client.get(f"/shorten/{link['shortCode']}/stats")

    assert stats.status_code == 200
    assert stats.json() == link | {"accessCount": 0}


def test_only_redirects_count_as_accesses(client: TestClient) -> None:
    code = shorten(client)["shortCode"]
    client.get(f"/shorten/{code}")
    client.get(f"/shorten/{code}/stats")
    for _ in range(3):
        client.get(f"/{code}")

    assert client.get(f"/shorten/{code}/stats").json()["accessCount"] == 3


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PATCH", "/shorten/abc123", "DELETE, GET, PUT"),
        ("GET", "/shorten", "POST"),
        ("POST", "/shorten/abc123/stats", "GET"),
        ("POST", "/abc123", "GET, HEAD"),
    ],
)
def test_a_wrong_method_lists_every_allowed_one(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    response = client.request(method, path)

    assert response.status_code == 405
    assert response.headers["allow"] == allowed
