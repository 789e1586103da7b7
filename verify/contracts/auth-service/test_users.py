"""GET /users/me, GET /users (admin, paginated) and PATCH /users/{id} (admin)."""

import pytest

from auth_support import all_users, assert_problem, assert_user, bearer, jwt_parts, set_role


def test_me_returns_the_caller(api, account):
    response = api.get("/users/me", headers=account.headers)
    assert response.status_code == 200, response.text
    assert response.json() == account.user


def test_list_is_admin_only(api, account):
    assert_problem(api.get("/users"), 401)
    assert_problem(api.get("/users", headers=account.headers), 403)


def test_list_pages_through_users(api, admin, account):
    first = api.get("/users", headers=admin.headers)
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["page"], body["limit"]) == (1, 10)
    assert isinstance(body["total"], int)
    assert body["total"] >= 2
    assert len(body["data"]) == min(10, body["total"])
    for user in body["data"]:
        assert_user(user, role=user["role"])

    pages = [
        api.get("/users", params={"page": page, "limit": 2}, headers=admin.headers).json()
        for page in (1, 2)
    ]
    ids = [user["id"] for page in pages for user in page["data"]]
    assert all(page["limit"] == 2 and len(page["data"]) == 2 for page in pages)
    assert len(set(ids)) == 4, "pages overlap"
    everyone = all_users(api, admin)
    assert account.user in everyone
    assert len(everyone) == len({user["id"] for user in everyone})


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "one"}, "page"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "1.5"}, "limit"),
    ],
)
def test_bad_pagination_is_400(api, admin, params, field):
    assert_problem(api.get("/users", params=params, headers=admin.headers), 400, (field,))


def test_role_change_shows_at_once_and_in_later_tokens(api, admin, account):
    response = set_role(api, admin, account.user["id"], "admin")
    assert response.status_code == 200, response.text
    assert_user(response.json(), account.email, role="admin")

    # The access token was issued before the change; /users/me must not trust it for the role.
    assert api.get("/users/me", headers=account.headers).json()["role"] == "admin"
    refreshed = api.post("/auth/refresh", json={"refreshToken": account.refresh})
    assert refreshed.status_code == 200, refreshed.text
    access = refreshed.json()["tokens"]["access"]["token"]
    assert jwt_parts(access)[1]["role"] == "admin"
    assert api.get("/users", headers=bearer(access)).status_code == 200

    # Another admin exists, so this demotion is allowed.
    demoted = set_role(api, admin, account.user["id"], "user")
    assert demoted.status_code == 200, demoted.text
    assert api.get("/users/me", headers=account.headers).json()["role"] == "user"


def test_patch_failures(api, admin, account, new_account):
    other = new_account()
    assert_problem(api.patch(f"/users/{other.user['id']}", json={"role": "admin"}), 401)
    response = api.patch(
        f"/users/{other.user['id']}", json={"role": "admin"}, headers=account.headers
    )
    assert_problem(response, 403)
    assert api.get("/users/me", headers=other.headers).json()["role"] == "user"
    assert_problem(set_role(api, admin, 2_000_000_000, "admin"), 404)
    not_an_id = set_role(api, admin, "abc", "admin")
    assert_problem(not_an_id, not_an_id.status_code if not_an_id.status_code == 400 else 404)


@pytest.mark.parametrize("body", [{"role": "superuser"}, {"role": "Admin"}, {"role": 1}, {}])
def test_patch_with_bad_role_is_400(api, admin, body):
    response = api.patch(f"/users/{admin.user['id']}", json=body, headers=admin.headers)
    assert_problem(response, 400, ("role",))
