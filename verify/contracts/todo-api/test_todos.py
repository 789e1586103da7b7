"""POST, GET, PUT and DELETE of one todo: validation, ownership, timestamps."""

from typing import Any

import httpx
import pytest

from support import assert_json, assert_problem, assert_todo, create_todo, parse_timestamp, post_raw

Headers = dict[str, str]

# Path ids that cannot name a todo: 404 (400 also accepted), never 5xx.
IMPOSSIBLE_IDS = ["abc", "0", "-1", "1.5", "99999999999999999999999999", "%20"]


def _deleted_id(client: httpx.Client, headers: Headers) -> int:
    todo = create_todo(client, headers, "soon gone")
    assert client.delete(f"/todos/{todo['id']}", headers=headers).status_code == 204
    return int(todo["id"])


# ---- create -----------------------------------------------------------------


def test_create_returns_the_todo(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Buy milk", "two litres")
    assert todo["title"] == "Buy milk"
    assert todo["description"] == "two litres"
    assert todo["completed"] is False


def test_description_defaults_to_empty(client: httpx.Client, alice: Headers) -> None:
    assert create_todo(client, alice, "No description")["description"] == ""


def test_text_is_stored_exactly(client: httpx.Client, alice: Headers) -> None:
    title = '  Ünïcödé 🎉 "quotes" \\ <b>tags</b> %_ \'; DROP TABLE todos; --  '
    todo = create_todo(client, alice, title, "line one\nline two\ttab")
    fetched = assert_json(client.get(f"/todos/{todo['id']}", headers=alice), 200)
    assert fetched["title"] == title
    assert fetched["description"] == "line one\nline two\ttab"


@pytest.mark.parametrize("title", ["x", "t" * 200, "🎉" * 200, "é" * 200])
def test_title_of_1_to_200_code_points_is_accepted(client: httpx.Client, alice: Headers, title: str) -> None:
    assert create_todo(client, alice, title)["title"] == title


@pytest.mark.parametrize("title", ["", "t" * 201, "🎉" * 201])
def test_title_outside_1_to_200_code_points_is_400(client: httpx.Client, alice: Headers, title: str) -> None:
    assert_problem(client.post("/todos", json={"title": title}, headers=alice), 400, {"title"})


def test_description_of_2000_code_points_is_accepted(client: httpx.Client, alice: Headers) -> None:
    assert create_todo(client, alice, "long", "🎉" * 2000)["description"] == "🎉" * 2000


@pytest.mark.parametrize("description", ["d" * 2001, "🎉" * 2001])
def test_description_over_2000_code_points_is_400(client: httpx.Client, alice: Headers, description: str) -> None:
    response = client.post("/todos", json={"title": "t", "description": description}, headers=alice)
    assert_problem(response, 400, {"description"})


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "title"), ({"description": "no title"}, "title"), ({"title": None}, "title"), ({"title": 5}, "title"),
     ({"title": ["x"]}, "title"), ({"title": True}, "title"), ({"title": "t", "description": 5}, "description"),
     ({"title": "t", "description": {"a": 1}}, "description")],
)  # fmt: skip
def test_invalid_create_is_400(client: httpx.Client, alice: Headers, body: dict[str, Any], field: str) -> None:
    assert_problem(client.post("/todos", json=body, headers=alice), 400, {field})


@pytest.mark.parametrize("content", [b"{", b"title=x", b""])
def test_create_body_that_is_not_json_is_400_naming_body(client: httpx.Client, alice: Headers, content: bytes) -> None:
    assert_problem(post_raw(client, "/todos", content, alice), 400, {"body"})


def test_create_json_that_is_not_an_object_is_400(client: httpx.Client, alice: Headers) -> None:
    assert_problem(post_raw(client, "/todos", b'["title"]', alice), 400)


# ---- read -------------------------------------------------------------------


def test_get_returns_the_todo(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Read me", "please")
    assert assert_todo(assert_json(client.get(f"/todos/{todo['id']}", headers=alice), 200)) == todo


def test_get_someone_elses_todo_is_403(client: httpx.Client, alice: Headers, bob: Headers) -> None:
    todo = create_todo(client, alice, "Alice's")
    assert_problem(client.get(f"/todos/{todo['id']}", headers=bob), 403)


def test_get_a_missing_todo_is_404(client: httpx.Client, alice: Headers) -> None:
    assert_problem(client.get(f"/todos/{_deleted_id(client, alice)}", headers=alice), 404)


@pytest.mark.parametrize("todo_id", IMPOSSIBLE_IDS)
def test_an_id_that_cannot_exist_is_404(client: httpx.Client, alice: Headers, todo_id: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = client.request(
            method, f"/todos/{todo_id}", json={"title": "x"} if method == "PUT" else None, headers=alice
        )
        assert response.status_code in (400, 404), f"{method} /todos/{todo_id}: {response.status_code} {response.text}"
        assert_problem(response, response.status_code)


# ---- update -----------------------------------------------------------------


def test_put_changes_what_it_is_given(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Old", "old description")
    body = {"title": "New", "description": "new description", "completed": True}
    updated = assert_todo(assert_json(client.put(f"/todos/{todo['id']}", json=body, headers=alice), 200))
    assert {k: updated[k] for k in body} == body
    assert updated["id"] == todo["id"]
    assert updated["createdAt"] == todo["createdAt"]
    assert assert_json(client.get(f"/todos/{todo['id']}", headers=alice), 200) == updated


def test_put_keeps_omitted_fields(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Keep", "kept description")
    done = assert_json(
        client.put(f"/todos/{todo['id']}", json={"title": "Keep", "completed": True}, headers=alice), 200
    )
    assert done["description"] == "kept description"
    renamed = assert_json(client.put(f"/todos/{todo['id']}", json={"title": "Renamed"}, headers=alice), 200)
    assert renamed["title"] == "Renamed"
    assert renamed["description"] == "kept description"
    assert renamed["completed"] is True
    cleared = assert_json(
        client.put(f"/todos/{todo['id']}", json={"title": "R", "description": ""}, headers=alice), 200
    )
    assert cleared["description"] == ""
    assert cleared["completed"] is True


def test_updated_at_moves_later_on_every_update(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Tick")
    previous = parse_timestamp(todo["updatedAt"])
    for n in range(3):  # back to back: even within one millisecond, it must move on
        updated = assert_json(client.put(f"/todos/{todo['id']}", json={"title": f"Tock {n}"}, headers=alice), 200)
        current = parse_timestamp(updated["updatedAt"])
        assert current > previous, f"updatedAt did not move on: {previous} then {current}"
        assert updated["createdAt"] == todo["createdAt"]
        previous = current


def test_put_someone_elses_todo_is_403_and_changes_nothing(client: httpx.Client, alice: Headers, bob: Headers) -> None:
    todo = create_todo(client, alice, "Alice's")
    assert_problem(client.put(f"/todos/{todo['id']}", json={"title": "Bob was here"}, headers=bob), 403)
    assert assert_json(client.get(f"/todos/{todo['id']}", headers=alice), 200) == todo


def test_put_a_missing_todo_is_404(client: httpx.Client, alice: Headers) -> None:
    assert_problem(client.put(f"/todos/{_deleted_id(client, alice)}", json={"title": "x"}, headers=alice), 404)


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "title"), ({"description": "no title"}, "title"), ({"title": ""}, "title"), ({"title": "t" * 201}, "title"),
     ({"title": None}, "title"), ({"title": 5}, "title"), ({"title": "t", "completed": "yes"}, "completed"),
     ({"title": "t", "completed": 1}, "completed"), ({"title": "t", "completed": "true"}, "completed"),
     ({"title": "t", "description": "d" * 2001}, "description"), ({"title": "t", "description": 5}, "description")],
)  # fmt: skip
def test_invalid_put_is_400_and_changes_nothing(
    client: httpx.Client, alice: Headers, body: dict[str, Any], field: str
) -> None:
    todo = create_todo(client, alice, "Unchanged", "still")
    assert_problem(client.put(f"/todos/{todo['id']}", json=body, headers=alice), 400, {field})
    assert assert_json(client.get(f"/todos/{todo['id']}", headers=alice), 200) == todo


def test_put_body_that_is_not_json_is_400_naming_body(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Unchanged")
    response = client.put(
        f"/todos/{todo['id']}", content=b"{'title': 'x'}", headers={**alice, "Content-Type": "application/json"}
    )
    assert_problem(response, 400, {"body"})


# ---- delete -----------------------------------------------------------------


def test_delete_is_204_and_the_todo_is_gone(client: httpx.Client, alice: Headers) -> None:
    todo = create_todo(client, alice, "Delete me")
    response = client.delete(f"/todos/{todo['id']}", headers=alice)
    assert response.status_code == 204, response.text
    assert response.content == b"", f"a 204 has no body: {response.content!r}"
    assert_problem(client.get(f"/todos/{todo['id']}", headers=alice), 404)
    assert_problem(client.delete(f"/todos/{todo['id']}", headers=alice), 404)
    assert_problem(client.put(f"/todos/{todo['id']}", json={"title": "x"}, headers=alice), 404)


def test_delete_someone_elses_todo_is_403_and_keeps_it(client: httpx.Client, alice: Headers, bob: Headers) -> None:
    todo = create_todo(client, alice, "Alice's")
    assert_problem(client.delete(f"/todos/{todo['id']}", headers=bob), 403)
    assert assert_json(client.get(f"/todos/{todo['id']}", headers=alice), 200) == todo
