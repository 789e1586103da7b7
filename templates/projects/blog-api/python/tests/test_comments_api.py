"""Comments: oldest first, 200 on create, and who may delete which."""

from fastapi.testclient import TestClient

from .conftest import errors, publish


def _comment(
    client: TestClient, slug: str, headers: dict[str, str], body: str
) -> dict[str, object]:
    response = client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": body}}, headers=headers
    )
    assert response.status_code == 200, response.text
    comment = response.json()["comment"]
    assert isinstance(comment, dict)
    return comment


def test_comments_are_listed_oldest_first_with_the_viewer_s_following(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    slug = publish(client, alice)["slug"]
    made = [_comment(client, slug, bob, f"comment {n}") for n in range(3)]
    client.post("/api/profiles/bob/follow", headers=alice)

    anonymous = client.get(f"/api/articles/{slug}/comments").json()["comments"]
    seen = client.get(f"/api/articles/{slug}/comments", headers=alice).json()["comments"]

    assert [c["id"] for c in anonymous] == [c["id"] for c in made]
    assert set(anonymous[0]) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert anonymous[0]["author"]["following"] is False
    assert seen[0]["author"]["following"] is True


def test_a_blank_comment_is_422_and_one_without_a_token_401(
    client: TestClient, alice: dict[str, str]
) -> None:
    slug = publish(client, alice)["slug"]
    url = f"/api/articles/{slug}/comments"

    assert errors(client.post(url, json={"comment": {"body": ""}}, headers=alice), 422) == {
        "body": ["can't be blank"]
    }
    assert errors(client.post(url, json={"comment": {"body": "x"}}), 401)
    missing = client.post(
        "/api/articles/nope/comments", json={"comment": {"body": "x"}}, headers=alice
    )
    assert errors(missing, 404)


def test_only_the_comment_s_author_deletes_it_not_the_article_s(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    slug = publish(client, alice)["slug"]
    comment = _comment(client, slug, bob, "mine")
    url = f"/api/articles/{slug}/comments/{comment['id']}"

    assert errors(client.delete(url, headers=alice), 403)
    assert errors(client.delete(url), 401)
    assert client.delete(url, headers=bob).status_code == 204
    assert errors(client.delete(url, headers=bob), 404)
    assert client.get(f"/api/articles/{slug}/comments").json() == {"comments": []}


def test_a_comment_belongs_to_its_article(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    first, second = (
        publish(client, alice, "First")["slug"],
        publish(client, alice, "Second")["slug"],
    )
    comment = _comment(client, first, bob, "on the first")

    wrong_article = client.delete(f"/api/articles/{second}/comments/{comment['id']}", headers=bob)

    assert errors(wrong_article, 404)
    for bad_id in ("0", "abc", "1.0", str(2**53)):
        assert errors(client.delete(f"/api/articles/{first}/comments/{bad_id}", headers=bob), 404)
