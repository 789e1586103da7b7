"""The last admin cannot be demoted (409). Runs near the end: it makes a second admin for a while,
and leaves the bootstrap admin the only one again."""

import httpx

from support import Account, assert_errors, assert_json, register, set_role


def test_the_last_admin_cannot_be_demoted(client: httpx.Client, admin: Account) -> None:
    assert_errors(set_role(client, admin, admin.username, "author"), 409)
    second = register(client, "second")
    assert_json(set_role(client, admin, second.username, "admin"), 200)
    # Two admins: one may step down, the other is then the last.
    assert assert_json(set_role(client, second, admin.username, "moderator"), 200)["role"] == "moderator"
    assert_errors(set_role(client, second, second.username, "author"), 409)
    assert_errors(client.get("/api/admin/users", headers=admin.headers), 403)  # at once, with its old token
    assert_json(set_role(client, second, admin.username, "admin"), 200)
    assert_json(set_role(client, admin, second.username, "author"), 200)
    assert_errors(set_role(client, admin, admin.username, "author"), 409)
