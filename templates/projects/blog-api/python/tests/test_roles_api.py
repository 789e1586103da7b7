"""Roles: moderators delete anything, only admins change roles, at once, never the last admin."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from .conftest import errors, publish, register


def _set_role(
    client: TestClient, admin: dict[str, str], username: str, role: object
) -> tuple[int, dict[str, object]]:
    response = client.put(f"/api/admin/users/{username}/role", json={"role": role}, headers=admin)
    return response.status_code, response.json()


def test_the_first_admin_comes_from_the_settings(client: TestClient, admin: dict[str, str]) -> None:
    me = client.get("/api/user", headers=admin).json()["user"]

    assert (me["username"], me["email"], me["role"]) == ("admin", "admin@example.com", "admin")


def test_a_moderator_deletes_any_article_and_comment_but_edits_none(
    client: TestClient, admin: dict[str, str], alice: dict[str, str], bob: dict[str, str]
) -> None:
    moderator = register(client, "mod")
    assert _set_role(client, admin, "mod", "moderator")[0] == 200
    slug = publish(client, alice)["slug"]
    comment = client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": "spam"}}, headers=bob
    ).json()["comment"]
    change = {"article": {"body": "moderated"}}

    assert errors(client.put(f"/api/articles/{slug}", json=change, headers=moderator), 403)
    deleted = client.delete(f"/api/articles/{slug}/comments/{comment['id']}", headers=moderator)
    assert deleted.status_code == 204
    assert client.delete(f"/api/articles/{slug}", headers=moderator).status_code == 204


def test_a_role_change_holds_at_once_for_an_older_token(
    client: TestClient, admin: dict[str, str], alice: dict[str, str]
) -> None:
    promoted = register(client, "promoted")
    slug = publish(client, alice)["slug"]
    assert errors(client.delete(f"/api/articles/{slug}", headers=promoted), 403)

    status, view = _set_role(client, admin, "PROMOTED", "moderator")

    assert status == 200
    assert set(view) == {"username", "email", "role", "createdAt"}
    assert view["role"] == "moderator"
    assert client.get("/api/user", headers=promoted).json()["user"]["role"] == "moderator"
    assert client.delete(f"/api/articles/{slug}", headers=promoted).status_code == 204
    assert _set_role(client, admin, "promoted", "author")[0] == 200
    other = publish(client, alice, "Other")["slug"]
    assert errors(client.delete(f"/api/articles/{other}", headers=promoted), 403)


def test_only_an_admin_lists_users_or_changes_roles(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    assert _set_role(client, alice, "bob", "admin")[0] == 403
    assert errors(client.get("/api/admin/users", headers=alice), 403)
    assert errors(client.get("/api/admin/users"), 401)
    assert client.get("/api/user", headers=bob).json()["user"]["role"] == "author"


@pytest.mark.parametrize("role", ["superuser", "", "Admin", None, 1])
def test_an_unknown_role_is_422(
    client: TestClient, admin: dict[str, str], bob: dict[str, str], role: object
) -> None:
    status, body = _set_role(client, admin, "bob", role)

    assert status == 422
    assert "role" in body["errors"]  # type: ignore[operator]


def test_an_unknown_user_is_404(client: TestClient, admin: dict[str, str]) -> None:
    assert _set_role(client, admin, "nobody", "moderator")[0] == 404


def test_the_admin_list_pages_oldest_first(
    client: TestClient, admin: dict[str, str], alice: dict[str, str], bob: dict[str, str]
) -> None:
    listed = client.get("/api/admin/users", headers=admin).json()
    page = client.get("/api/admin/users?offset=1&limit=1", headers=admin).json()

    assert [user["username"] for user in listed["users"]] == ["admin", "alice", "bob"]
    assert listed["usersCount"] == 3
    assert page == {"users": [listed["users"][1]], "usersCount": 3}
    assert errors(client.get("/api/admin/users?limit=101", headers=admin), 422)


def test_the_last_admin_cannot_step_down(
    client: TestClient, admin: dict[str, str], alice: dict[str, str]
) -> None:
    assert _set_role(client, admin, "admin", "author") == (
        409,
        {"errors": {"role": ["the last admin cannot step down: make another admin first"]}},
    )
    assert _set_role(client, admin, "alice", "admin")[0] == 200
    assert _set_role(client, alice, "admin", "moderator")[0] == 200
    assert _set_role(client, alice, "alice", "author")[0] == 409
    assert errors(client.get("/api/admin/users", headers=admin), 403)


def test_two_admins_demoting_each_other_at_once_leave_one(
    client: TestClient, admin: dict[str, str], alice: dict[str, str]
) -> None:
    assert _set_role(client, admin, "alice", "admin")[0] == 200

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = sorted(
            pool.map(
                lambda pair: _set_role(client, pair[0], pair[1], "author")[0],
                [(admin, "alice"), (alice, "admin")],
            )
        )

    # Whichever ran second found itself the last admin, or no admin any more.
    assert statuses[0] == 200
    assert statuses[1] in (403, 409)
    roles = [client.get("/api/user", headers=h).json()["user"]["role"] for h in (admin, alice)]
    assert sorted(roles) == ["admin", "author"]
