"""Favorites: twice is once, exact under concurrency, the `favorited` filter, and deletion taking them along."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from support import Account, assert_errors, assert_json, create_article, new_client, register

CONCURRENT = 20


def test_favoriting_twice_is_one_favorite(client: httpx.Client, alice: Account, bob: Account) -> None:
    slug = create_article(client, alice)["slug"]
    for _ in range(2):
        article = assert_json(client.post(f"/api/articles/{slug}/favorite", headers=bob.headers), 200)["article"]
        assert (article["favorited"], article["favoritesCount"]) == (True, 1)
    for _ in range(2):
        article = assert_json(client.delete(f"/api/articles/{slug}/favorite", headers=bob.headers), 200)["article"]
        assert (article["favorited"], article["favoritesCount"]) == (False, 0)


def test_favorites_need_a_token_and_an_article(client: httpx.Client, alice: Account) -> None:
    slug = create_article(client, alice)["slug"]
    assert_errors(client.post(f"/api/articles/{slug}/favorite"), 401)
    assert_errors(client.post("/api/articles/no-such-article-here/favorite", headers=alice.headers), 404)


def test_concurrent_favorites_are_all_counted(alice: Account) -> None:
    with new_client() as client:
        slug = create_article(client, alice)["slug"]

    def new_fan() -> Account:
        # Each from an address of its own: registering is rate-limited per address (server.env).
        with new_client() as own:
            return register(own, "fan")

    fans = [new_fan() for _ in range(CONCURRENT)]

    def favorite(fan: Account) -> int:
        with new_client() as own:
            return own.post(f"/api/articles/{slug}/favorite", headers=fan.headers).status_code

    with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
        statuses = list(pool.map(favorite, fans + fans))  # each fan twice, all at once
    assert statuses == [200] * (2 * CONCURRENT), statuses
    with new_client() as client:
        article = assert_json(client.get(f"/api/articles/{slug}"), 200)["article"]
    assert article["favoritesCount"] == CONCURRENT, article


def test_the_favorited_filter_and_deleting_an_article(client: httpx.Client, alice: Account) -> None:
    fan = register(client, "fan")
    slug = create_article(client, alice)["slug"]
    assert_json(client.post(f"/api/articles/{slug}/favorite", headers=fan.headers), 200)
    comment = {"comment": {"body": "soon gone"}}
    assert_json(client.post(f"/api/articles/{slug}/comments", json=comment, headers=fan.headers), 200)
    liked = assert_json(client.get(f"/api/articles?favorited={fan.username}"), 200)
    assert [a["slug"] for a in liked["articles"]] == [slug] and liked["articles"][0]["favorited"] is False
    assert client.delete(f"/api/articles/{slug}", headers=alice.headers).status_code == 204
    assert_errors(client.get(f"/api/articles/{slug}"), 404)
    assert_errors(client.get(f"/api/articles/{slug}/comments"), 404)
    after = assert_json(client.get(f"/api/articles?favorited={fan.username}"), 200)
    assert after == {"articles": [], "articlesCount": 0}, after
