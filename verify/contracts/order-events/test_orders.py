"""POST /orders, GET /orders/{id}, GET /orders: the order as the API stores it,
before and apart from what the pipeline does with it."""

import httpx
import pytest
from support import (
    assert_json,
    assert_order,
    assert_problem,
    assert_recent,
    order,
    place,
    set_stock,
    settled,
    unique_email,
    unique_sku,
)

BIGGEST_ID = 2**53 - 1


def test_an_order_is_accepted_placed_and_readable(client: httpx.Client) -> None:
    sku, email = unique_sku(), unique_email()
    items = [{"sku": sku, "quantity": 2}, {"sku": unique_sku(), "quantity": 1}]
    response = client.post("/orders", json={"customerEmail": email, "items": items})
    placed = assert_order(assert_json(response, 202))
    assert placed["status"] == "placed" and placed["reason"] is None, placed
    assert placed["customerEmail"] == email and placed["items"] == items, placed
    assert_recent(placed["createdAt"])
    assert response.headers.get("location") == f"/orders/{placed['id']}", (
        f"a 202 says where to follow the order: Location {response.headers.get('location')!r}"
    )
    again = order(client, placed["id"])
    assert {k: again[k] for k in ("id", "customerEmail", "items", "createdAt")} == {
        k: placed[k] for k in ("id", "customerEmail", "items", "createdAt")
    }


def test_the_email_is_stored_lower_cased(client: httpx.Client) -> None:
    email = unique_email("Mixed.Case.Buyer")
    body = assert_json(
        client.post("/orders", json={"customerEmail": email.upper(), "items": [{"sku": unique_sku(), "quantity": 1}]}),
        202,
    )
    assert body["customerEmail"] == email.upper().lower(), body


def test_a_line_at_each_limit_is_accepted(client: httpx.Client) -> None:
    items = [{"sku": "A" * 64, "quantity": 1000}] + [{"sku": f"s_{i}-X", "quantity": 1} for i in range(49)]
    assert_json(client.post("/orders", json={"customerEmail": unique_email(), "items": items}), 202)


GOOD = {"customerEmail": "someone@verify.example", "items": [{"sku": "sku-1", "quantity": 1}]}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": GOOD["items"]}, "customerEmail"),
        ({**GOOD, "customerEmail": "not an address"}, "customerEmail"),
        ({**GOOD, "customerEmail": None}, "customerEmail"),
        ({**GOOD, "customerEmail": 7}, "customerEmail"),
        ({"customerEmail": GOOD["customerEmail"]}, "items"),
        ({**GOOD, "items": []}, "items"),
        ({**GOOD, "items": "sku-1"}, "items"),
        ({**GOOD, "items": [{"sku": f"s{i}", "quantity": 1} for i in range(51)]}, "items"),
        ({**GOOD, "items": [{"quantity": 1}]}, "items[0].sku"),
        ({**GOOD, "items": [{"sku": "", "quantity": 1}]}, "items[0].sku"),
        ({**GOOD, "items": [{"sku": "A" * 65, "quantity": 1}]}, "items[0].sku"),
        ({**GOOD, "items": [{"sku": "has space", "quantity": 1}]}, "items[0].sku"),
        ({**GOOD, "items": [{"sku": "école", "quantity": 1}]}, "items[0].sku"),
        ({**GOOD, "items": [{"sku": "sku-1"}]}, "items[0].quantity"),
        ({**GOOD, "items": [{"sku": "sku-1", "quantity": 0}]}, "items[0].quantity"),
        ({**GOOD, "items": [{"sku": "sku-1", "quantity": 1001}]}, "items[0].quantity"),
        ({**GOOD, "items": [{"sku": "sku-1", "quantity": 1.5}]}, "items[0].quantity"),
        ({**GOOD, "items": [{"sku": "sku-1", "quantity": "2"}]}, "items[0].quantity"),
        ({**GOOD, "items": [{"sku": "sku-1", "quantity": True}]}, "items[0].quantity"),
        ({**GOOD, "items": [{"sku": "sku-1", "quantity": 1}, {"sku": "sku-2", "quantity": -1}]}, "items[1].quantity"),
    ],
    ids=[
        "email-missing", "email-invalid", "email-null", "email-number", "items-missing", "items-empty",
        "items-string", "51-items", "sku-missing", "sku-empty", "sku-65", "sku-space", "sku-non-ascii",
        "quantity-missing", "quantity-0", "quantity-1001", "quantity-float", "quantity-string", "quantity-bool",
        "second-line",
    ],
)  # fmt: skip
def test_an_invalid_order_is_a_400_naming_the_field(client: httpx.Client, body: dict, field: str) -> None:
    problem = assert_problem(client.post("/orders", json=body), 400)
    named = {error["field"] for error in problem["errors"]}
    # A stack may name the list or the line for a line's fault; the root of the path must match.
    root = field.split("[")[0].split(".")[0]
    assert field in named or any(name.startswith(root) for name in named), f"expected {field!r} named: {problem}"


def test_a_body_that_is_not_json_is_a_400(client: httpx.Client) -> None:
    response = client.post("/orders", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_problem(response, 400, {"body"})


def test_a_rejected_post_stores_nothing(client: httpx.Client) -> None:
    email = unique_email()
    assert_problem(client.post("/orders", json={"customerEmail": email, "items": [{"sku": "x", "quantity": 0}]}), 400)
    listed = assert_json(client.get("/orders", params={"limit": 100}), 200)
    total = listed["total"]
    pages = (total + 99) // 100
    last = assert_json(client.get("/orders", params={"limit": 100, "page": max(pages, 1)}), 200)
    assert all(o["customerEmail"] != email for o in last["data"]), "an order refused with 400 was stored"


@pytest.mark.parametrize("path_id", ["0", "-1", str(BIGGEST_ID + 1), "abc", "1.5", str(BIGGEST_ID)])
def test_an_unknown_order_is_a_404(client: httpx.Client, path_id: str) -> None:
    for path in (f"/orders/{path_id}", f"/orders/{path_id}/events"):
        response = client.get(path)
        assert response.status_code in (404, 400), f"GET {path}: {response.status_code} {response.text}"
        if path_id == str(BIGGEST_ID):
            assert_problem(response, 404)


def test_the_list_pages_in_id_order_with_a_total(client: httpx.Client) -> None:
    sku = unique_sku()
    ids = [place(client, sku)["id"] for _ in range(3)]
    first = assert_json(client.get("/orders", params={"page": 1, "limit": 2}), 200)
    assert set(first) == {"data", "page", "limit", "total"}, first
    assert first["page"] == 1 and first["limit"] == 2 and len(first["data"]) == 2, first
    total = first["total"]
    assert type(total) is int and total >= 3, first
    # One order per page: the last three pages are this test's orders, oldest first.
    tail = []
    for page in (total - 2, total - 1, total):
        body = assert_json(client.get("/orders", params={"page": page, "limit": 1}), 200)
        assert body["page"] == page and body["limit"] == 1 and len(body["data"]) == 1, body
        tail.append(assert_order(body["data"][0])["id"])
    assert tail == ids, f"orders are listed by id ascending, the newest last: pages gave {tail}, placed {ids}"
    beyond = assert_json(client.get("/orders", params={"page": total + 1, "limit": 1}), 200)
    assert beyond["data"] == [] and beyond["total"] == total, beyond
    default = assert_json(client.get("/orders"), 200)
    assert default["page"] == 1 and default["limit"] == 10 and len(default["data"]) <= 10, default


def test_the_list_filters_by_status(client: httpx.Client) -> None:
    sku = unique_sku()
    set_stock(client, sku, 0)
    rejected = settled(client, place(client, sku)["id"])
    assert rejected["status"] == "rejected", rejected
    for status in ("placed", "confirmed", "rejected"):
        page = assert_json(client.get("/orders", params={"status": status, "limit": 100}), 200)
        assert all(o["status"] == status for o in page["data"]), f"?status={status} listed {page['data']}"
    everything = assert_json(client.get("/orders", params={"status": "rejected", "limit": 100}), 200)
    found = everything["total"] <= 100 and any(o["id"] == rejected["id"] for o in everything["data"])
    assert found or everything["total"] > 100, "a rejected order is missing from ?status=rejected"


@pytest.mark.parametrize(
    "params",
    [{"status": "shipped"}, {"page": 0}, {"page": "x"}, {"limit": 0}, {"limit": 101}, {"limit": "ten"}],
    ids=["status", "page-0", "page-text", "limit-0", "limit-101", "limit-text"],
)
def test_a_bad_list_query_is_a_400(client: httpx.Client, params: dict) -> None:
    assert_problem(client.get("/orders", params=params), 400, set(params))
