"""Comments: oldest first, 200 on create (as RealWorld says), 422, 401, 403 for someone else's, 404."""

import httpx

from support import Account, assert_comment, assert_errors, assert_json, create_article


def _comment(client: httpx.Client, slug: str, account: Account, body: str) -> dict:
    response = client.post(f"/api/articles/{slug}/comments", json={"comment": {"body": body}}, headers=account.headers)
    comment = assert_comment(assert_json(response, 200)["comment"])
    assert comment["body"] == body and comment["author"]["username"] == account.username
    return comment


def test_comments_are_listed_oldest_first_with_or_without_a_token(
    client: httpx.Client, alice: Account, bob: Account
) -> None:
    slug = create_article(client, alice)["slug"]
    made = [_comment(client, slug, bob, f"comment {n}")["id"] for n in range(3)]
    for headers in ({}, alice.headers):
        listed = assert_json(client.get(f"/api/articles/{slug}/comments", headers=headers), 200)
        assert set(listed) == {"comments"}, listed
        assert [assert_comment(c)["id"] for c in listed["comments"]] == made


def test_a_blank_comment_is_422_and_one_without_a_token_401(client: httpx.Client, alice: Account) -> None:
    slug = create_article(client, alice)["slug"]
    assert_errors(
        client.post(f"/api/articles/{slug}/comments", json={"comment": {"body": ""}}, headers=alice.headers),
        422,
        {"body"},
    )
    assert_errors(client.post(f"/api/articles/{slug}/comments", json={"comment": {"body": "x"}}), 401)
    assert_errors(
        client.post("/api/articles/no-such-article-x/comments", json={"comment": {"body": "x"}}, headers=alice.headers),
        404,
    )


def test_deleting_someone_else_s_comment_is_403_and_a_missing_one_404(
    client: httpx.Client, alice: Account, bob: Account
) -> None:
    slug = create_article(client, alice)["slug"]
    comment = _comment(client, slug, bob, "mine")
    # The article's author is not the comment's: an author may delete only their own.
    assert_errors(client.delete(f"/api/articles/{slug}/comments/{comment['id']}", headers=alice.headers), 403)
    assert_errors(client.delete(f"/api/articles/{slug}/comments/{comment['id']}"), 401)
    assert client.delete(f"/api/articles/{slug}/comments/{comment['id']}", headers=bob.headers).status_code == 204
    assert_errors(client.delete(f"/api/articles/{slug}/comments/{comment['id']}", headers=bob.headers), 404)
    assert assert_json(client.get(f"/api/articles/{slug}/comments"), 200) == {"comments": []}


def test_a_comment_belongs_to_its_article(client: httpx.Client, alice: Account, bob: Account) -> None:
    first, second = create_article(client, alice)["slug"], create_article(client, alice)["slug"]
    comment = _comment(client, first, bob, "on the first")
    assert_errors(client.delete(f"/api/articles/{second}/comments/{comment['id']}", headers=bob.headers), 404)
    assert [c["id"] for c in assert_json(client.get(f"/api/articles/{first}/comments"), 200)["comments"]] == [
        comment["id"]
    ]
