"""Profiles and follows: `following` for the caller, idempotent follows, 404 and 422."""

from fastapi.testclient import TestClient

from .conftest import errors


def test_a_profile_with_and_without_a_token(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    expected = {"username": "alice", "bio": None, "image": None, "following": False}

    assert client.get("/api/profiles/ALICE").json() == {"profile": expected}
    assert client.get("/api/profiles/alice", headers=bob).json()["profile"] == expected
    assert errors(client.get("/api/profiles/alice", headers={"Authorization": "Token x"}), 401)
    assert errors(client.get("/api/profiles/nobody"), 404)


def test_follow_and_unfollow_are_idempotent(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    for _ in range(2):
        profile = client.post("/api/profiles/alice/follow", headers=bob).json()["profile"]
        assert profile["following"] is True
    assert client.get("/api/profiles/alice", headers=bob).json()["profile"]["following"] is True
    for _ in range(2):
        profile = client.delete("/api/profiles/alice/follow", headers=bob).json()["profile"]
        assert profile["following"] is False


def test_following_needs_a_token_a_user_and_someone_else(
    client: TestClient, alice: dict[str, str]
) -> None:
    assert errors(client.post("/api/profiles/alice/follow"), 401)
    assert errors(client.post("/api/profiles/nobody/follow", headers=alice), 404)
    assert errors(client.post("/api/profiles/alice/follow", headers=alice), 422) == {
        "username": ["can't be yourself"]
    }
