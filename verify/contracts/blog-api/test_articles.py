"""Articles: slugs, tags, lists (no body, newest first, offset/limit bounds, filters), the feed, 403 vs 404."""

import re
import uuid

import httpx
import pytest

from support import Account, assert_article, assert_errors, assert_json, create_article, register

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _listed(client: httpx.Client, query: str, headers: dict[str, str] | None = None) -> dict:
    body = assert_json(client.get(f"/api/articles?{query}", headers=headers or {}), 200)
    assert set(body) == {"articles", "articlesCount"} and type(body["articlesCount"]) is int, body
    for article in body["articles"]:
        assert_article(article, listed=True)
    return body


def test_a_slug_is_the_title_in_lower_case_ascii_words(client: httpx.Client, alice: Account) -> None:
    word = uuid.uuid4().hex[:8]
    article = create_article(client, alice, title=f"How to  Train, your Dragon {word}!")
    assert article["slug"].startswith(f"how-to-train-your-dragon-{word}"), article["slug"]
    assert SLUG.match(article["slug"]), article["slug"]


def test_non_ascii_titles_give_ascii_slugs(client: httpx.Client, alice: Account) -> None:
    article = create_article(client, alice, title=f"École d'été à Zürich {uuid.uuid4().hex[:6]}")
    assert SLUG.match(article["slug"]), article["slug"]
    assert article["slug"].startswith("ecole-d"), f"non-ASCII letters are transliterated: {article['slug']}"
    assert "zurich" in article["slug"], article["slug"]
    assert article["title"].startswith("École d'été à Zürich")


def test_the_same_title_twice_gives_two_slugs(client: httpx.Client, alice: Account, bob: Account) -> None:
    title = f"Same title {uuid.uuid4().hex[:8]}"
    first, second = create_article(client, alice, title), create_article(client, bob, title)
    assert first["slug"] != second["slug"]
    for article in (first, second):
        assert SLUG.match(article["slug"]), article["slug"]
        got = assert_json(client.get(f"/api/articles/{article['slug']}"), 200)["article"]
        assert got["author"]["username"] == article["author"]["username"]


def test_a_new_title_gives_a_new_slug_and_the_old_one_is_gone(client: httpx.Client, alice: Account) -> None:
    article = create_article(client, alice)
    new_title = f"Renamed {uuid.uuid4().hex[:8]}"
    response = client.put(
        f"/api/articles/{article['slug']}", json={"article": {"title": new_title}}, headers=alice.headers
    )
    updated = assert_article(assert_json(response, 200)["article"])
    assert updated["title"] == new_title and updated["slug"] != article["slug"]
    assert updated["body"] == article["body"] and updated["description"] == article["description"]
    assert updated["updatedAt"] >= article["updatedAt"] and updated["createdAt"] == article["createdAt"]
    assert_errors(client.get(f"/api/articles/{article['slug']}"), 404)
    assert_json(client.get(f"/api/articles/{updated['slug']}"), 200)


def test_tags_are_returned_sorted_and_listed_in_tags(client: httpx.Client, alice: Account) -> None:
    mark = uuid.uuid4().hex[:8]
    tags = [f"zeta{mark}", f"alpha{mark}", f"mid{mark}"]
    article = create_article(client, alice, tags=tags)
    assert article["tagList"] == sorted(tags)
    listed = assert_json(client.get("/api/tags"), 200)
    assert set(listed) == {"tags"} and set(tags) <= set(listed["tags"]), listed
    by_tag = _listed(client, f"tag=alpha{mark}")
    assert [a["slug"] for a in by_tag["articles"]] == [article["slug"]] and by_tag["articlesCount"] == 1


@pytest.mark.parametrize(
    "tags",
    [[f"t{i}" for i in range(11)], ["x" * 33], [""], "not-a-list", [7]],
    ids=["eleven", "33-chars", "empty", "not-a-list", "not-a-string"],
)
def test_bad_tag_lists_are_422(client: httpx.Client, alice: Account, tags: object) -> None:
    body = {"article": {"title": "Tags", "description": "d", "body": "b", "tagList": tags}}
    assert_errors(client.post("/api/articles", json=body, headers=alice.headers), 422, {"tagList"})


@pytest.mark.parametrize("field", ["title", "description", "body"])
def test_a_blank_article_field_is_422(client: httpx.Client, alice: Account, field: str) -> None:
    body = {"article": {"title": "t", "description": "d", "body": "b", field: ""}}
    assert_errors(client.post("/api/articles", json=body, headers=alice.headers), 422, {field})


def test_writing_needs_a_token(client: httpx.Client, alice: Account) -> None:
    article = create_article(client, alice)
    body = {"article": {"title": "t", "description": "d", "body": "b"}}
    assert_errors(client.post("/api/articles", json=body), 401)
    assert_errors(client.put(f"/api/articles/{article['slug']}", json={"article": {"body": "x"}}), 401)
    assert_errors(client.delete(f"/api/articles/{article['slug']}"), 401)
    assert_errors(client.get("/api/articles/feed"), 401)


def test_someone_else_s_article_is_403_and_a_missing_one_404(
    client: httpx.Client, alice: Account, bob: Account
) -> None:
    article = create_article(client, alice)
    change = {"article": {"body": "not yours"}}
    assert_errors(client.put(f"/api/articles/{article['slug']}", json=change, headers=bob.headers), 403)
    assert_errors(client.delete(f"/api/articles/{article['slug']}", headers=bob.headers), 403)
    assert assert_json(client.get(f"/api/articles/{article['slug']}"), 200)["article"]["body"] == article["body"]
    missing = f"no-such-article-{uuid.uuid4().hex[:8]}"
    assert_errors(client.get(f"/api/articles/{missing}"), 404)
    assert_errors(client.put(f"/api/articles/{missing}", json=change, headers=alice.headers), 404)
    assert_errors(client.delete(f"/api/articles/{missing}", headers=alice.headers), 404)


def test_lists_are_newest_first_without_body_and_page_with_offset_and_limit(client: httpx.Client) -> None:
    author = register(client, "pager")
    made = [create_article(client, author)["slug"] for _ in range(5)]
    everything = _listed(client, f"author={author.username}")
    assert [a["slug"] for a in everything["articles"]] == made[::-1] and everything["articlesCount"] == 5
    page = _listed(client, f"author={author.username}&offset=1&limit=2")
    assert [a["slug"] for a in page["articles"]] == made[::-1][1:3] and page["articlesCount"] == 5
    past = _listed(client, f"author={author.username}&offset=10")
    assert past["articles"] == [] and past["articlesCount"] == 5


@pytest.mark.parametrize("query", ["limit=0", "limit=101", "limit=-1", "offset=-1", "limit=ten", "offset=1.5"])
def test_bad_paging_is_422(client: httpx.Client, query: str) -> None:
    assert_errors(client.get(f"/api/articles?{query}"), 422)


def test_the_feed_has_only_followed_authors(client: httpx.Client, alice: Account) -> None:
    reader, followed, other = register(client, "reader"), register(client, "followed"), register(client, "other")
    mine = create_article(client, followed)
    create_article(client, other)
    assert_json(client.post(f"/api/profiles/{followed.username}/follow", headers=reader.headers), 200)
    feed = assert_json(client.get("/api/articles/feed", headers=reader.headers), 200)
    assert [a["slug"] for a in feed["articles"]] == [mine["slug"]] and feed["articlesCount"] == 1, feed
    assert feed["articles"][0]["author"]["following"] is True
    assert_errors(client.get("/api/articles/feed?limit=0", headers=reader.headers), 422)
