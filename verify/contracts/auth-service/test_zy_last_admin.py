"""The last admin cannot be demoted, not even by two admins demoting each other at once.

Runs late (by file name): it demotes every admin but the configured one,
which other tests may have promoted.
"""

import threading

from auth_support import all_users, assert_problem, bearer, register, set_role


def patch_role(api, headers: dict, user_id: int, role: str) -> int:
    return api.patch(f"/users/{user_id}", json={"role": role}, headers=headers).status_code


def demote_each_other(api, *demotions: tuple[dict, int]) -> list[int]:
    """Send each (headers, user id) demotion at the same moment; return the status codes."""
    barrier = threading.Barrier(len(demotions))
    statuses: list[int] = []

    def demote(headers: dict, target: int) -> None:
        barrier.wait(timeout=10)
        statuses.append(patch_role(api, headers, target, "user"))

    threads = [threading.Thread(target=demote, args=demotion) for demotion in demotions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=15)
    return statuses


def test_demoting_the_last_admin_is_409(api, admin):
    for user in all_users(api, admin):
        if user["role"] == "admin" and user["id"] != admin.user["id"]:
            assert set_role(api, admin, user["id"], "user").status_code == 200

    assert_problem(set_role(api, admin, admin.user["id"], "user"), 409)
    assert api.get("/users/me", headers=admin.headers).json()["role"] == "admin"
    unchanged = set_role(api, admin, admin.user["id"], "admin")
    assert unchanged.status_code == 200
    assert unchanged.json()["role"] == "admin"


def test_two_admins_demoting_each_other_at_once_leave_one_admin(api, admin):
    for _ in range(3):
        other = register(api)
        assert set_role(api, admin, other.user["id"], "admin").status_code == 200
        refreshed = api.post("/auth/refresh", json={"refreshToken": other.refresh})
        other_headers = bearer(refreshed.json()["tokens"]["access"]["token"])

        statuses = demote_each_other(
            api, (admin.headers, other.user["id"]), (other_headers, admin.user["id"])
        )

        roles = [
            api.get("/users/me", headers=headers).json()["role"]
            for headers in (admin.headers, other_headers)
        ]
        assert roles.count("admin") == 1, f"answers {statuses} left roles {roles}"
        assert sorted(statuses) in ([200, 403], [200, 409]), statuses
        if roles[1] == "admin":  # the other one won: put the configured admin back
            assert patch_role(api, other_headers, admin.user["id"], "admin") == 200
            assert patch_role(api, admin.headers, other.user["id"], "user") == 200
