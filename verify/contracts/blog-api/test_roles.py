"""Roles: moderators and admins delete anyone's articles and comments, only admins change roles,
and a change shows at once, even to a token issued before it (the role is read from the database)."""

import httpx
import pytest

from support import (
    ADMIN_VIEW_KEYS,
    Account,
    assert_errors,
    assert_json,
    assert_recent,
    create_article,
    register,
    set_role,
)


def test_a_moderator_deletes_any_article_and_comment(
    client: httpx.Client, alice: Account, bob: Account, moderator: Account
) -> None:
    slug = create_article(client, alice)["slug"]
    response = client.post(f"/api/articles/{slug}/comments", json={"comment": {"body": "spam"}}, headers=bob.headers)
    comment_id = assert_json(response, 200)["comment"]["id"]
    assert client.delete(f"/api/articles/{slug}/comments/{comment_id}", headers=moderator.headers).status_code == 204
    assert client.delete(f"/api/articles/{slug}", headers=moderator.headers).status_code == 204
    assert_errors(client.get(f"/api/articles/{slug}"), 404)


def test_a_moderator_cannot_edit_someone_else_s_article(
    client: httpx.Client, alice: Account, moderator: Account
) -> None:
    slug = create_article(client, alice)["slug"]
    change = {"article": {"body": "moderated"}}
    assert_errors(client.put(f"/api/articles/{slug}", json=change, headers=moderator.headers), 403)


def test_an_admin_deletes_any_article(client: httpx.Client, alice: Account, admin: Account) -> None:
    slug = create_article(client, alice)["slug"]
    assert client.delete(f"/api/articles/{slug}", headers=admin.headers).status_code == 204


def test_the_role_is_read_from_the_database_not_the_token(client: httpx.Client, alice: Account, admin: Account) -> None:
    account = register(client, "promoted")  # its token says nothing newer than "author"
    slug = create_article(client, alice)["slug"]
    assert_errors(client.delete(f"/api/articles/{slug}", headers=account.headers), 403)
    view = assert_json(set_role(client, admin, account.username, "moderator"), 200)
    assert set(view) == ADMIN_VIEW_KEYS and view["role"] == "moderator", view
    assert assert_json(client.get("/api/user", headers=account.headers), 200)["user"]["role"] == "moderator"
    assert client.delete(f"/api/articles/{slug}", headers=account.headers).status_code == 204
    assert_json(set_role(client, admin, account.username, "author"), 200)
    other = create_article(client, alice)["slug"]
    assert_errors(client.delete(f"/api/articles/{other}", headers=account.headers), 403)


def test_only_an_admin_changes_roles_or_lists_users(
    client: httpx.Client, alice: Account, bob: Account, moderator: Account
) -> None:
    for account in (alice, moderator):
        assert_errors(set_role(client, account, bob.username, "moderator"), 403)
        assert_errors(client.get("/api/admin/users", headers=account.headers), 403)
    assert_errors(client.get("/api/admin/users"), 401)
    assert_errors(client.put(f"/api/admin/users/{bob.username}/role", json={"role": "admin"}), 401)
    assert assert_json(client.get("/api/user", headers=bob.headers), 200)["user"]["role"] == "author"


@pytest.mark.parametrize("role", ["superuser", "", "Admin", None, 1])
def test_an_unknown_role_is_422(client: httpx.Client, admin: Account, bob: Account, role: object) -> None:
    response = client.put(f"/api/admin/users/{bob.username}/role", json={"role": role}, headers=admin.headers)
    assert_errors(response, 422, {"role"})


def test_an_unknown_user_s_role_is_404(client: httpx.Client, admin: Account) -> None:
    assert_errors(set_role(client, admin, "nobody-by-this-name", "moderator"), 404)


def test_the_admin_list_pages_and_shows_the_admin_view(client: httpx.Client, admin: Account, alice: Account) -> None:
    listed = assert_json(client.get("/api/admin/users?limit=100", headers=admin.headers), 200)
    assert set(listed) == {"users", "usersCount"} and type(listed["usersCount"]) is int, listed
    assert listed["usersCount"] >= 2
    for user in listed["users"]:
        assert set(user) == ADMIN_VIEW_KEYS, user
        assert_recent(user["createdAt"])
    page = assert_json(client.get("/api/admin/users?offset=1&limit=1", headers=admin.headers), 200)
    assert len(page["users"]) == 1 and page["usersCount"] == listed["usersCount"]
    assert_errors(client.get("/api/admin/users?limit=101", headers=admin.headers), 422)
