import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient

from .conftest import bearer, refresh_token


def patch_role(
    client: TestClient, caller: dict[str, Any], user_id: object, role: object
) -> dict[str, Any]:
    response = client.patch(f"/users/{user_id}", json={"role": role}, headers=bearer(caller))
    answer: dict[str, Any] = {"status": response.status_code, **response.json()}
    return answer


def test_a_promotion_shows_at_once_and_in_the_next_tokens(
    client: TestClient, admin: dict[str, Any], alice: dict[str, Any]
) -> None:
    promoted = patch_role(client, admin, alice["user"]["id"], "admin")

    assert (promoted["status"], promoted["role"]) == (200, "admin")
    assert client.get("/users/me", headers=bearer(alice)).json()["role"] == "admin"
    # Alice's current token still says "user", but her role is read from the database here.
    assert client.get("/users", headers=bearer(alice)).status_code == 200
    renewed = client.post("/auth/refresh", json={"refreshToken": refresh_token(alice)}).json()
    claims = jwt.decode(renewed["tokens"]["access"]["token"], options={"verify_signature": False})
    assert claims["role"] == "admin"


def test_a_demoted_admin_loses_admin_rights_at_once(
    client: TestClient, admin: dict[str, Any], alice: dict[str, Any]
) -> None:
    patch_role(client, admin, alice["user"]["id"], "admin")

    demoted = patch_role(client, alice, admin["user"]["id"], "user")

    assert (demoted["status"], demoted["role"]) == (200, "user")
    assert client.get("/users", headers=bearer(admin)).status_code == 403


def test_demoting_the_last_admin_is_409(client: TestClient, admin: dict[str, Any]) -> None:
    refused = patch_role(client, admin, admin["user"]["id"], "user")

    assert refused["status"] == 409
    assert client.get("/users/me", headers=bearer(admin)).json()["role"] == "admin"


def test_setting_the_role_a_user_already_has_is_fine(
    client: TestClient, admin: dict[str, Any], alice: dict[str, Any]
) -> None:
    assert patch_role(client, admin, alice["user"]["id"], "user")["role"] == "user"
    assert patch_role(client, admin, admin["user"]["id"], "admin")["role"] == "admin"


def test_changing_roles_is_for_admins_only(
    client: TestClient, alice: dict[str, Any], bob: dict[str, Any]
) -> None:
    assert patch_role(client, alice, bob["user"]["id"], "admin")["status"] == 403
    assert patch_role(client, alice, alice["user"]["id"], "admin")["status"] == 403


@pytest.mark.parametrize("user_id", ["999", "0", "-1", "abc", "1.5", str(2**63), "9" * 5000])
def test_a_user_that_cannot_exist_is_404(
    client: TestClient, admin: dict[str, Any], user_id: str
) -> None:
    response = patch_role(client, admin, user_id, "admin")

    assert response["status"] == 404
    assert response["title"] == "Not Found"


def test_me_is_not_a_user_id(client: TestClient, admin: dict[str, Any]) -> None:
    response = client.patch("/users/me", json={"role": "user"}, headers=bearer(admin))

    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


@pytest.mark.parametrize(
    "body", [{}, {"role": "owner"}, {"role": "Admin"}, {"role": None}, {"role": 1}]
)
def test_an_invalid_role_is_400(
    client: TestClient, admin: dict[str, Any], alice: dict[str, Any], body: dict[str, Any]
) -> None:
    response = client.patch(f"/users/{alice['user']['id']}", json=body, headers=bearer(admin))

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["role"]


def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    client: TestClient, admin: dict[str, Any], alice: dict[str, Any]
) -> None:
    patch_role(client, admin, alice["user"]["id"], "admin")
    start = threading.Barrier(2)

    def demote(caller: dict[str, Any], target: dict[str, Any]) -> int:
        start.wait()
        return int(patch_role(client, caller, target["user"]["id"], "user")["status"])

    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(demote, [admin, alice], [alice, admin]))

    # The loser is refused as the last admin (409) or, if it came second, as no admin (403).
    assert sorted(statuses) in ([200, 403], [200, 409])
    roles = [client.get("/users/me", headers=bearer(who)).json()["role"] for who in (admin, alice)]
    assert sorted(roles) == ["admin", "user"]
