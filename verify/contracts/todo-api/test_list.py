"""GET /todos: the caller's own todos, paginated, filtered, searched and sorted."""

from typing import Any

import httpx
import pytest

from support import assert_json, assert_problem, assert_todo, create_todo, parse_timestamp

Headers = dict[str, str]


def _page(client: httpx.Client, headers: Headers, **params: Any) -> dict[str, Any]:
    body = assert_json(client.get("/todos", params=params, headers=headers), 200)
    assert isinstance(body, dict) and set(body) == {"data", "page", "limit", "total"}, (
        f"a page is exactly data, page, limit and total: {body}"
    )
    assert isinstance(body["data"], list)
    for key in ("page", "limit", "total"):
        assert type(body[key]) is int, f"`{key}` is not an integer: {body}"
    for todo in body["data"]:
        assert_todo(todo)
    return body


def _titles(client: httpx.Client, headers: Headers, **params: Any) -> list[str]:
    return [todo["title"] for todo in _page(client, headers, limit=100, **params)["data"]]


def test_empty_list(client: httpx.Client, fresh: Headers) -> None:
    assert _page(client, fresh) == {"data": [], "page": 1, "limit": 10, "total": 0}


def test_only_the_callers_own_todos(client: httpx.Client, fresh: Headers, bob: Headers) -> None:
    mine = {create_todo(client, fresh, f"mine {n}")["id"] for n in range(3)}
    theirs = create_todo(client, bob, "bob's")["id"]
    page = _page(client, fresh)
    assert {todo["id"] for todo in page["data"]} == mine
    assert page["total"] == 3
    bobs = {todo["id"] for todo in _page(client, bob, limit=100)["data"]}
    assert theirs in bobs and not bobs & mine


def test_pagination(client: httpx.Client, fresh: Headers) -> None:
    ids = [create_todo(client, fresh, f"item {n:02}")["id"] for n in range(12)]
    first = _page(client, fresh)
    assert (first["page"], first["limit"], first["total"]) == (1, 10, 12)
    assert [todo["id"] for todo in first["data"]] == ids[:10]
    pages = [_page(client, fresh, page=n, limit=5) for n in (1, 2, 3, 4)]
    assert [[todo["id"] for todo in page["data"]] for page in pages] == [ids[:5], ids[5:10], ids[10:], []]
    assert [(page["page"], page["limit"], page["total"]) for page in pages] == [(n, 5, 12) for n in (1, 2, 3, 4)]
    assert len(_page(client, fresh, limit=100)["data"]) == 12
    assert [todo["id"] for todo in _page(client, fresh, page=12, limit=1)["data"]] == ids[11:]


def test_limit_of_1_and_100_are_accepted(client: httpx.Client, alice: Headers) -> None:
    assert _page(client, alice, limit=1)["limit"] == 1
    assert _page(client, alice, limit=100)["limit"] == 100


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": 0}, "page"), ({"page": -1}, "page"), ({"page": "x"}, "page"), ({"page": "1.5"}, "page"),
     ({"page": ""}, "page"), ({"limit": 0}, "limit"), ({"limit": 101}, "limit"), ({"limit": -5}, "limit"),
     ({"limit": "x"}, "limit"), ({"limit": "10.0"}, "limit"), ({"limit": ""}, "limit"),
     ({"completed": "yes"}, "completed"), ({"completed": "maybe"}, "completed"), ({"sort": "id"}, "sort"),
     ({"sort": "updatedAt"}, "sort"), ({"sort": "TITLE"}, "sort"), ({"sort": ""}, "sort")],
)  # fmt: skip
def test_bad_params_are_400_never_clamped(
    client: httpx.Client, alice: Headers, params: dict[str, Any], field: str
) -> None:
    assert_problem(client.get("/todos", params=params, headers=alice), 400, {field})


def test_a_huge_page_is_empty_or_400_never_5xx(client: httpx.Client, fresh: Headers) -> None:
    create_todo(client, fresh, "only")
    for page in ("1000000", str(2**31), str(2**63), "9" * 40):
        response = client.get("/todos", params={"page": page, "limit": 100}, headers=fresh)
        assert response.status_code in (200, 400), f"page={page}: {response.status_code} {response.text}"
        if response.status_code == 200:
            assert response.json()["data"] == []
        else:
            assert_problem(response, 400, {"page"})


def test_completed_filter(client: httpx.Client, fresh: Headers) -> None:
    open_todo = create_todo(client, fresh, "open")
    done = create_todo(client, fresh, "done")
    assert (
        client.put(f"/todos/{done['id']}", json={"title": "done", "completed": True}, headers=fresh).status_code == 200
    )
    assert [todo["id"] for todo in _page(client, fresh, completed="true")["data"]] == [done["id"]]
    assert [todo["id"] for todo in _page(client, fresh, completed="false")["data"]] == [open_todo["id"]]
    assert _page(client, fresh, completed="true")["total"] == 1


def test_q_matches_title_or_description_ignoring_case(client: httpx.Client, fresh: Headers) -> None:
    create_todo(client, fresh, "Buy MILK", "at the shop")
    create_todo(client, fresh, "Call", "the Dentist about milkshakes")
    create_todo(client, fresh, "Unrelated", "nothing here")
    assert _titles(client, fresh, q="milk") == ["Buy MILK", "Call"]
    assert _titles(client, fresh, q="DENTIST") == ["Call"]
    assert _titles(client, fresh, q="SHOP") == ["Buy MILK"]
    assert _titles(client, fresh, q="absent") == []
    page = _page(client, fresh, q="milk", limit=1)
    assert (len(page["data"]), page["total"]) == (1, 2)


def test_q_takes_percent_underscore_and_backslash_literally(client: httpx.Client, fresh: Headers) -> None:
    for title in ("100% done", "1000 done", "snake_case", "snakeXcase", "back\\slash", "backslash"):
        create_todo(client, fresh, title)
    assert _titles(client, fresh, q="%") == ["100% done"]
    assert _titles(client, fresh, q="0%") == ["100% done"]
    assert _titles(client, fresh, q="_") == ["snake_case"]
    assert _titles(client, fresh, q="e_c") == ["snake_case"]
    assert _titles(client, fresh, q="\\") == ["back\\slash"]
    assert _titles(client, fresh, q="k\\s") == ["back\\slash"]


def test_q_combines_with_completed(client: httpx.Client, fresh: Headers) -> None:
    create_todo(client, fresh, "task one")
    two = create_todo(client, fresh, "task two")
    create_todo(client, fresh, "other")
    client.put(f"/todos/{two['id']}", json={"title": "task two", "completed": True}, headers=fresh)
    assert _titles(client, fresh, q="task", completed="false") == ["task one"]


def _expected(todos: list[dict[str, Any]], key: str, descending: bool) -> list[int]:
    # The value order first (reversed for a leading `-`), then ids ascending to break ties.
    ordered = sorted(todos, key=lambda todo: todo["id"])
    ordered.sort(key=lambda todo: parse_timestamp(todo[key]) if key == "createdAt" else todo[key], reverse=descending)
    return [todo["id"] for todo in ordered]


@pytest.mark.parametrize("sort", [None, "createdAt", "-createdAt", "title", "-title"])
def test_sort_breaks_ties_by_id_ascending(client: httpx.Client, fresh: Headers, sort: str | None) -> None:
    # Lower-case ASCII titles, so that any collation agrees on their order; created
    # back to back, so that some share a createdAt millisecond.
    todos = [create_todo(client, fresh, title) for title in ("b", "a", "b", "c", "a", "b")]
    params = {} if sort is None else {"sort": sort}
    got = [todo["id"] for todo in _page(client, fresh, limit=100, **params)["data"]]
    key = "title" if sort and sort.endswith("title") else "createdAt"
    assert got == _expected(todos, key, descending=bool(sort and sort.startswith("-"))), f"sort={sort}"


def test_sort_with_pagination_neither_skips_nor_repeats(client: httpx.Client, fresh: Headers) -> None:
    todos = [create_todo(client, fresh, title) for title in ("same",) * 7]
    seen = [
        todo["id"] for page in (1, 2, 3, 4) for todo in _page(client, fresh, sort="-title", limit=2, page=page)["data"]
    ]
    assert seen == sorted(todo["id"] for todo in todos)


def test_q_ignores_case_for_every_unicode_letter(client: httpx.Client, fresh: Headers) -> None:
    """Case-insensitive means every Unicode letter, on SQLite as on PostgreSQL (CONTRACTS.md)."""
    create_todo(client, fresh, "École visit")
    create_todo(client, fresh, "Ecole without accent")
    for needle in ("école", "École", "ÉCOLE", "ÉCOLE VISIT"):
        assert _titles(client, fresh, q=needle) == ["École visit"], f"q={needle!r}"
    assert sorted(_titles(client, fresh, q="COLE")) == ["Ecole without accent", "École visit"]
