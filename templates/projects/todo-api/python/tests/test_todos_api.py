import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def create(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post("/todos", json={"title": "Buy milk"} | body, headers=headers)
    assert response.status_code == 201, response.text
    todo: dict[str, Any] = response.json()
    return todo


def test_create_returns_the_todo(client: TestClient, alice: dict[str, str]) -> None:
    todo = create(client, alice, title="Buy milk")

    assert todo.keys() == {"id", "title", "description", "completed", "createdAt", "updatedAt"}
    assert (todo["title"], todo["description"], todo["completed"]) == ("Buy milk", "", False)
    assert TIMESTAMP.match(todo["createdAt"])
    assert todo["createdAt"] == todo["updatedAt"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": 5}, "title"),
        ({"title": None}, "title"),
        ({"description": "x" * 2001}, "description"),
        ({"description": None}, "description"),
    ],
)
def test_create_refuses_invalid_input(
    client: TestClient, alice: dict[str, str], body: dict[str, Any], field: str
) -> None:
    response = client.post("/todos", json={"title": "ok"} | body, headers=alice)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_lengths_count_code_points(client: TestClient, alice: dict[str, str]) -> None:
    todo = create(client, alice, title="🎉" * 200, description="é" * 2000)

    assert todo["title"] == "🎉" * 200


def test_get_returns_the_owners_todo(client: TestClient, alice: dict[str, str]) -> None:
    todo = create(client, alice)

    response = client.get(f"/todos/{todo['id']}", headers=alice)

    assert response.status_code == 200
    assert response.json() == todo


def test_someone_elses_todo_is_403(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    todo = create(client, alice)

    assert client.get(f"/todos/{todo['id']}", headers=bob).status_code == 403
    assert (
        client.put(f"/todos/{todo['id']}", json={"title": "mine"}, headers=bob).status_code == 403
    )
    assert client.delete(f"/todos/{todo['id']}", headers=bob).status_code == 403
    assert client.get(f"/todos/{todo['id']}", headers=alice).json()["title"] == "Buy milk"


@pytest.mark.parametrize(
    "todo_id", ["999", "0", "-1", "abc", "1.5", str(2**40), str(2**63 - 1), str(2**64), "9" * 5000]
)
def test_a_todo_that_cannot_exist_is_404(
    client: TestClient, alice: dict[str, str], todo_id: str
) -> None:
    for method in ("GET", "DELETE"):
        response = client.request(method, f"/todos/{todo_id}", headers=alice)
        assert response.status_code == 404, (method, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    put = client.put(f"/todos/{todo_id}", json={"title": "x"}, headers=alice)
    assert put.status_code == 404


def test_update_replaces_what_is_sent_and_keeps_the_rest(
    client: TestClient, alice: dict[str, str]
) -> None:
    todo = create(client, alice, description="2 litres")

    response = client.put(
        f"/todos/{todo['id']}", json={"title": "Buy oat milk", "completed": True}, headers=alice
    )

    updated = response.json()
    assert response.status_code == 200
    assert (updated["title"], updated["description"], updated["completed"]) == (
        "Buy oat milk",
        "2 litres",
        True,
    )
    assert updated["createdAt"] == todo["createdAt"]
    assert updated["updatedAt"] > todo["updatedAt"]
    assert client.get(f"/todos/{todo['id']}", headers=alice).json() == updated


def test_every_update_moves_updated_at_forward(client: TestClient, alice: dict[str, str]) -> None:
    todo = create(client, alice)
    stamps = [todo["updatedAt"]]
    for _ in range(3):
        stamps.append(
            client.put(f"/todos/{todo['id']}", json={"title": "x"}, headers=alice).json()[
                "updatedAt"
            ]
        )

    assert stamps == sorted(set(stamps))


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"completed": True},
        {"title": "x", "completed": "yes"},
        {"title": "x", "completed": 1},
        {"title": ""},
    ],
)
def test_update_refuses_invalid_input(
    client: TestClient, alice: dict[str, str], body: dict[str, Any]
) -> None:
    todo = create(client, alice)

    response = client.put(f"/todos/{todo['id']}", json=body, headers=alice)

    assert response.status_code == 400
    assert response.json()["errors"]


def test_delete_removes_the_todo(client: TestClient, alice: dict[str, str]) -> None:
    todo = create(client, alice)

    response = client.delete(f"/todos/{todo['id']}", headers=alice)

    assert response.status_code == 204
    assert response.content == b""
    assert client.get(f"/todos/{todo['id']}", headers=alice).status_code == 404
    assert client.delete(f"/todos/{todo['id']}", headers=alice).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/todos"),
        ("GET", "/todos"),
        ("GET", "/todos/1"),
        ("PUT", "/todos/1"),
        ("DELETE", "/todos/1"),
    ],
)
def test_every_todo_endpoint_needs_a_token(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path, json={"title": "x"})

    assert response.status_code == 401
