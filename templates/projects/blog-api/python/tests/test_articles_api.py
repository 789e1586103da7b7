"""Articles: slugs, tags, lists and the feed, 403 against 404, and deletion taking everything along."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from .conftest import errors, publish, register


def test_the_slug_comes_from_the_title(client: TestClient, alice: dict[str, str]) -> None:
    article = publish(client, alice, "How to  Train, your Dragon!", tagList=["dragons"])

    assert article["slug"] == "how-to-train-your-dragon"
    assert set(article) == {
        "slug", "title", "description", "body", "tagList", "createdAt", "updatedAt",
        "favorited", "favoritesCount", "author",
    }  # fmt: skip
    assert article["author"] == {
        "username": "alice",
        "bio": None,
        "image": None,
        "following": False,
    }
    assert article["createdAt"].endswith("Z")
    assert client.get("/api/articles/how-to-train-your-dragon").json()["article"] == article


def test_the_same_title_twice_gives_two_slugs(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    first = publish(client, alice, "École d'été à Zürich")
    second = publish(client, bob, "École d'été à Zürich")

    assert first["slug"] == "ecole-d-ete-a-zurich"
    assert second["slug"].startswith("ecole-d-ete-a-zurich-")
    assert len(second["slug"]) == len(first["slug"]) + 7
    got = client.get(f"/api/articles/{second['slug']}").json()["article"]
    assert got["author"]["username"] == "bob"


def test_concurrent_articles_of_one_title_all_get_a_slug(client: TestClient) -> None:
    authors = [register(client, f"writer{n}") for n in range(5)]

    with ThreadPoolExecutor(max_workers=5) as pool:
        slugs = list(
            pool.map(lambda headers: publish(client, headers, "Hot take")["slug"], authors)
        )

    assert len(set(slugs)) == 5
    assert "hot-take" in slugs


def test_a_new_title_gives_a_new_slug_and_the_old_one_is_gone(
    client: TestClient, alice: dict[str, str]
) -> None:
    article = publish(client, alice, "Old title", tagList=["keep"])

    response = client.put(
        "/api/articles/old-title", json={"article": {"title": "New title"}}, headers=alice
    )

    updated = response.json()["article"]
    assert (updated["slug"], updated["title"], updated["body"]) == (
        "new-title",
        "New title",
        article["body"],
    )
    assert updated["tagList"] == ["keep"]
    assert updated["updatedAt"] > article["updatedAt"]
    assert updated["createdAt"] == article["createdAt"]
    assert errors(client.get("/api/articles/old-title"), 404)
    # The same words in another case keep the slug.
    same = client.put(
        "/api/articles/new-title", json={"article": {"title": "NEW Title"}}, headers=alice
    )
    assert same.json()["article"]["slug"] == "new-title"


def test_tags_are_a_sorted_set_and_listed_while_in_use(
    client: TestClient, alice: dict[str, str]
) -> None:
    article = publish(client, alice, tagList=["zeta", "alpha", "zeta", "Mid"])

    assert article["tagList"] == ["Mid", "alpha", "zeta"]
    assert client.get("/api/tags").json() == {"tags": ["Mid", "alpha", "zeta"]}
    client.put(
        f"/api/articles/{article['slug']}", json={"article": {"tagList": ["beta"]}}, headers=alice
    )
    assert client.get("/api/tags").json() == {"tags": ["beta"]}


@pytest.mark.parametrize(
    "tags",
    [[f"t{i}" for i in range(11)], ["x" * 33], [""], "not-a-list", [7], None],
    ids=["eleven", "33-chars", "empty", "not-a-list", "not-a-string", "null"],
)
def test_bad_tag_lists_are_422(client: TestClient, alice: dict[str, str], tags: object) -> None:
    body = {"article": {"title": "Tags", "description": "d", "body": "b", "tagList": tags}}

    assert "tagList" in errors(client.post("/api/articles", json=body, headers=alice), 422)


@pytest.mark.parametrize("field", ["title", "description", "body"])
def test_a_blank_or_missing_article_field_is_422(
    client: TestClient, alice: dict[str, str], field: str
) -> None:
    article = {"title": "t", "description": "d", "body": "b"}
    blank = client.post("/api/articles", json={"article": {**article, field: ""}}, headers=alice)
    del article[field]
    missing = client.post("/api/articles", json={"article": article}, headers=alice)

    assert errors(blank, 422) == {field: ["can't be blank"]}
    assert errors(missing, 422) == {field: ["can't be blank"]}


def test_only_the_author_edits_and_a_missing_article_is_404(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    slug = publish(client, alice)["slug"]
    change = {"article": {"body": "not yours"}}

    assert errors(client.put(f"/api/articles/{slug}", json=change, headers=bob), 403)
    assert errors(client.delete(f"/api/articles/{slug}", headers=bob), 403)
    assert errors(client.put(f"/api/articles/{slug}", json=change), 401)
    assert errors(client.put("/api/articles/no-such-slug", json=change, headers=alice), 404)
    assert errors(client.get("/api/articles/Not_A_Slug"), 404)
    assert client.get(f"/api/articles/{slug}").json()["article"]["body"] == "The text."


def test_lists_are_newest_first_without_body_and_page(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    made = [publish(client, alice, f"Post {n}")["slug"] for n in range(5)]
    publish(client, bob, "Not alice's")

    everything = client.get("/api/articles?author=ALICE").json()
    page = client.get("/api/articles?author=alice&offset=1&limit=2").json()
    past = client.get("/api/articles?author=alice&offset=10").json()

    assert [a["slug"] for a in everything["articles"]] == made[::-1]
    assert everything["articlesCount"] == 5
    assert all("body" not in article for article in everything["articles"])
    assert [a["slug"] for a in page["articles"]] == made[::-1][1:3]
    assert page["articlesCount"] == 5
    assert past == {"articles": [], "articlesCount": 5}
    assert client.get("/api/articles").json()["articlesCount"] == 6


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "limit=-1", "offset=-1", "limit=ten", "offset=1.5"]
)
def test_bad_paging_is_422(client: TestClient, query: str) -> None:
    found = errors(client.get(f"/api/articles?{query}"), 422)

    assert set(found) <= {"limit", "offset"}


def test_filters_by_tag_and_favorited(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    tagged = publish(client, alice, "Tagged", tagList=["python"])
    publish(client, alice, "Untagged")
    client.post(f"/api/articles/{tagged['slug']}/favorite", headers=bob)

    by_tag = client.get("/api/articles?tag=python").json()
    liked = client.get("/api/articles?favorited=bob", headers=alice).json()

    assert [a["slug"] for a in by_tag["articles"]] == ["tagged"]
    assert [a["slug"] for a in liked["articles"]] == ["tagged"]
    # `favorited` is the viewer's own, not the filter's.
    assert liked["articles"][0]["favorited"] is False
    assert liked["articles"][0]["favoritesCount"] == 1


def test_the_feed_has_only_followed_authors(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    reader = register(client, "reader")
    mine = publish(client, alice, "Followed")
    publish(client, bob, "Not followed")
    client.post("/api/profiles/alice/follow", headers=reader)

    feed = client.get("/api/articles/feed", headers=reader).json()

    assert [a["slug"] for a in feed["articles"]] == [mine["slug"]]
    assert feed["articlesCount"] == 1
    assert feed["articles"][0]["author"]["following"] is True
    assert errors(client.get("/api/articles/feed"), 401)
    assert errors(client.get("/api/articles/feed?limit=0", headers=reader), 422)


def test_a_title_named_feed_does_not_take_the_feed_s_route(
    client: TestClient, alice: dict[str, str]
) -> None:
    article = publish(client, alice, "Feed")

    assert article["slug"].startswith("feed-")
    assert client.get("/api/articles/feed", headers=alice).json()["articlesCount"] == 0


def test_deleting_an_article_takes_its_comments_and_favorites(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    slug = publish(client, alice, tagList=["gone"])["slug"]
    client.post(f"/api/articles/{slug}/favorite", headers=bob)
    client.post(f"/api/articles/{slug}/comments", json={"comment": {"body": "x"}}, headers=bob)

    response = client.delete(f"/api/articles/{slug}", headers=alice)

    assert response.status_code == 204
    assert errors(client.get(f"/api/articles/{slug}"), 404)
    assert errors(client.get(f"/api/articles/{slug}/comments"), 404)
    assert client.get("/api/articles?favorited=bob").json() == {"articles": [], "articlesCount": 0}
    assert client.get("/api/tags").json() == {"tags": []}
