"""Favorites: twice is once, and the counter stays exact under concurrent clicks."""

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from .conftest import errors, publish, register


def test_favoriting_twice_is_one_favorite(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    slug = publish(client, alice)["slug"]

    for _ in range(2):
        article = client.post(f"/api/articles/{slug}/favorite", headers=bob).json()["article"]
        assert (article["favorited"], article["favoritesCount"]) == (True, 1)
    assert (
        client.get(f"/api/articles/{slug}", headers=alice).json()["article"]["favorited"] is False
    )
    for _ in range(2):
        article = client.delete(f"/api/articles/{slug}/favorite", headers=bob).json()["article"]
        assert (article["favorited"], article["favoritesCount"]) == (False, 0)


def test_favorites_need_a_token_and_an_article(client: TestClient, alice: dict[str, str]) -> None:
    slug = publish(client, alice)["slug"]

    assert errors(client.post(f"/api/articles/{slug}/favorite"), 401)
    assert errors(client.post("/api/articles/no-such-article/favorite", headers=alice), 404)


def test_concurrent_favorites_are_all_counted_once(
    client: TestClient, alice: dict[str, str]
) -> None:
    slug = publish(client, alice)["slug"]
    fans = [register(client, f"fan{n}") for n in range(8)]

    def favorite(headers: dict[str, str]) -> int:
        return client.post(f"/api/articles/{slug}/favorite", headers=headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(favorite, fans + fans))

    assert statuses == [200] * 16
    assert client.get(f"/api/articles/{slug}").json()["article"]["favoritesCount"] == 8
