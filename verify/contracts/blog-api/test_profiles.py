"""Profiles and follows: `following` for the caller, 404, 422 for following yourself."""

import httpx

from support import Account, assert_errors, assert_json, assert_profile, register, unique_name


def test_a_profile_with_and_without_a_token(client: httpx.Client, alice: Account, bob: Account) -> None:
    anonymous = assert_profile(assert_json(client.get(f"/api/profiles/{alice.username}"), 200)["profile"])
    assert anonymous == {"username": alice.username, "bio": None, "image": None, "following": False}
    seen = assert_profile(
        assert_json(client.get(f"/api/profiles/{alice.username}", headers=bob.headers), 200)["profile"]
    )
    assert seen["following"] is False


def test_an_unknown_profile_is_404(client: httpx.Client, alice: Account) -> None:
    name = unique_name("nobody")
    assert_errors(client.get(f"/api/profiles/{name}"), 404)
    assert_errors(client.post(f"/api/profiles/{name}/follow", headers=alice.headers), 404)
    assert_errors(client.delete(f"/api/profiles/{name}/follow", headers=alice.headers), 404)


def test_follow_and_unfollow_are_idempotent(client: httpx.Client, alice: Account) -> None:
    follower = register(client)
    for _ in range(2):
        profile = assert_json(client.post(f"/api/profiles/{alice.username}/follow", headers=follower.headers), 200)
        assert assert_profile(profile["profile"])["following"] is True
    seen = assert_json(client.get(f"/api/profiles/{alice.username}", headers=follower.headers), 200)["profile"]
    assert seen["following"] is True
    for _ in range(2):
        profile = assert_json(client.delete(f"/api/profiles/{alice.username}/follow", headers=follower.headers), 200)
        assert profile["profile"]["following"] is False


def test_following_needs_a_token_and_yourself_is_422(client: httpx.Client, alice: Account) -> None:
    assert_errors(client.post(f"/api/profiles/{alice.username}/follow"), 401)
    assert_errors(client.post(f"/api/profiles/{alice.username}/follow", headers=alice.headers), 422)
