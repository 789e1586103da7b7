from typing import Any

import pytest
from fastapi.testclient import TestClient


def create_titled(client: TestClient, headers: dict[str, str], *titles: str) -> list[int]:
    return [
        client.post("/todos", json={"title": title}, headers=headers).json()["id"]
        for title in titles
    ]


def listing(client: TestClient, headers: dict[str, str], **params: Any) -> dict[str, Any]:
    response = client.get("/todos", params=params, headers=headers)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def titles(page: dict[str, Any]) -> list[str]:
    return [todo["title"] for todo in page["data"]]


def test_an_empty_list_is_a_page(client: TestClient, alice: dict[str, str]) -> None:
    assert listing(client, alice) == {"data": [], "page": 1, "limit": 10, "total": 0}


def test_pages_split_the_list(client: TestClient, alice: dict[str, str]) -> None:
    create_titled(client, alice, *(f"todo {n}" for n in range(1, 6)))

    second = listing(client, alice, page=2, limit=2)

    assert titles(second) == ["todo 3", "todo 4"]
    assert (second["page"], second["limit"], second["total"]) == (2, 2, 5)
    assert listing(client, alice, page=4, limit=2)["data"] == []
    assert listing(client, alice, page=2**70, limit=100)["data"] == []


def test_only_the_callers_todos_are_listed(
    client: TestClient, alice: dict[str, str], bob: dict[str, str]
) -> None:
    create_titled(client, alice, "alice's")
    create_titled(client, bob, "bob's")

    assert titles(listing(client, alice)) == ["alice's"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": "one"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"page": "1.0"}, "page"),
        ({"page": " 1"}, "page"),
        ({"limit": "1e1"}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"completed": "yes"}, "completed"),
        ({"completed": "1"}, "completed"),
        ({"completed": "True"}, "completed"),
        ({"sort": "id"}, "sort"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_bad_parameters_are_400(
    client: TestClient, alice: dict[str, str], params: dict[str, Any], field: str
) -> None:
    response = client.get("/todos", params=params, headers=alice)

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_completed_filters(client: TestClient, alice: dict[str, str]) -> None:
    done, _ = create_titled(client, alice, "done", "open")
    client.put(f"/todos/{done}", json={"title": "done", "completed": True}, headers=alice)

    assert titles(listing(client, alice, completed="true")) == ["done"]
    assert titles(listing(client, alice, completed="false")) == ["open"]


def test_q_matches_title_or_description_without_regard_to_case(
    client: TestClient, alice: dict[str, str]
) -> None:
    create_titled(client, alice, "Buy MILK", "Walk the dog", "Ölwechsel")
    client.post("/todos", json={"title": "Shopping", "description": "milk and eggs"}, headers=alice)

    assert titles(listing(client, alice, q="milk")) == ["Buy MILK", "Shopping"]
    assert titles(listing(client, alice, q="öL")) == ["Ölwechsel"]


def test_percent_and_underscore_in_q_are_literal(client: TestClient, alice: dict[str, str]) -> None:
    create_titled(client, alice, "100% done", "1000 done", "snake_case", "snakeXcase", "a/b")

    assert titles(listing(client, alice, q="0%")) == ["100% done"]
    assert titles(listing(client, alice, q="e_c")) == ["snake_case"]
    assert titles(listing(client, alice, q="/")) == ["a/b"]


def test_sorts_break_ties_by_id(client: TestClient, alice: dict[str, str]) -> None:
    ids = create_titled(client, alice, "b", "a", "b", "B")

    by_title = listing(client, alice, sort="title")["data"]
    by_title_desc = listing(client, alice, sort="-title")["data"]

    assert [(todo["title"], todo["id"]) for todo in by_title] == [
        ("B", ids[3]),
        ("a", ids[1]),
        ("b", ids[0]),
        ("b", ids[2]),
    ]
    assert [(todo["title"], todo["id"]) for todo in by_title_desc] == [
        ("b", ids[0]),
        ("b", ids[2]),
        ("a", ids[1]),
        ("B", ids[3]),
    ]


def test_sorts_by_creation(client: TestClient, alice: dict[str, str]) -> None:
    ids = create_titled(client, alice, "first", "second", "third")

    assert [todo["id"] for todo in listing(client, alice)["data"]] == ids
    assert [todo["id"] for todo in listing(client, alice, sort="-createdAt")["data"]] == ids[::-1]
