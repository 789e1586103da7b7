from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from .conftest import shorten


def test_a_short_link_redirects_with_302(client: TestClient) -> None:
    link = shorten(client, "https://example.com/some/page?q=1#top")

    response = client.get(f"/{link['shortCode']}")

    assert response.status_code == 302
    assert response.headers["location"] == "https://example.com/some/page?q=1#top"
    assert response.headers["cache-control"] == "no-store"


def test_an_alias_redirects_too(client: TestClient) -> None:
    shorten(client, "https://example.com/promo", alias="Spring_Sale-2")

    response = client.get("/Spring_Sale-2")

    assert response.status_code == 302
    assert response.headers["location"] == "https://example.com/promo"


def test_characters_beyond_ascii_are_percent_encoded_in_location(client: TestClient) -> None:
    code = shorten(client, "https://例え.jp/ü?a=%20")["shortCode"]

    response = client.get(f"/{code}")

    assert response.headers["location"] == "https://%E4%BE%8B%E3%81%88.jp/%C3%BC?a=%20"


def test_the_redirect_follows_an_update(client: TestClient) -> None:
    code = shorten(client, "https://example.com/old")["shortCode"]
    client.put(f"/shorten/{code}", json={"url": "https://example.com/new"})

    assert client.get(f"/{code}").headers["location"] == "https://example.com/new"


@pytest.mark.parametrize("code", ["nope123", "ab", "x" * 33, "dot.ted", "%00abc", "%E2%9C%93abc"])
def test_an_unknown_code_is_404(client: TestClient, code: str) -> None:
    response = client.get(f"/{code}")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "location" not in response.headers


def test_routes_win_over_codes(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/openapi.json").status_code == 200
    assert client.get("/shorten").status_code == 405


def test_concurrent_redirects_are_all_counted(client: TestClient) -> None:
    code = shorten(client)["shortCode"]

    # The app serves these from its thread pool, so the increments really overlap.
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda _: client.get(f"/{code}").status_code, range(50)))

    assert statuses == [302] * 50
    assert client.get(f"/shorten/{code}/stats").json()["accessCount"] == 50


def test_the_redirect_is_documented_with_its_location(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/{code}"]["get"]

    assert operation["responses"]["302"]["headers"]["Location"]["required"] is True
    assert "404" in operation["responses"]


def test_head_answers_as_get_does_but_counts_no_visit(client: TestClient) -> None:
    code = shorten(client, "https://example.com/checked")["shortCode"]
    redirects_before = REGISTRY.get_sample_value("shortener_redirects_total")

    answers = [client.head(f"/{code}") for _ in range(2)]

    for answer in answers:
        assert answer.status_code == 302
        assert answer.headers["location"] == "https://example.com/checked"
        assert answer.headers["cache-control"] == "no-store"
        assert answer.content == b""
    assert client.get(f"/shorten/{code}/stats").json()["accessCount"] == 0
    assert REGISTRY.get_sample_value("shortener_redirects_total") == redirects_before


def test_head_of_an_unknown_code_is_404(client: TestClient) -> None:
    response = client.head("/nope123")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "location" not in response.headers
