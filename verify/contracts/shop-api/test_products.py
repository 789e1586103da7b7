"""Products: admin-managed, SKUs unique without regard to case, bounds, inactive ones hidden, search and sort."""

import httpx
import pytest

from support import assert_json, assert_problem, assert_product, create_product, unique


def test_an_admin_creates_and_updates_a_product(client: httpx.Client, admin: dict[str, str]) -> None:
    made = create_product(client, admin, price=1250, stock=7, description="Blue")
    assert (made["priceCents"], made["stock"], made["active"], made["description"]) == (1250, 7, True, "Blue")
    plain = create_product(client, admin)
    assert plain["description"] == ""
    patched = assert_product(
        assert_json(client.patch(f"/products/{made['id']}", json={"priceCents": 1300, "stock": 9}, headers=admin), 200)
    )
    assert (patched["priceCents"], patched["stock"], patched["sku"]) == (1300, 9, made["sku"])
    assert assert_json(client.get(f"/products/{made['id']}"), 200) == patched


def test_a_sku_is_unique_without_regard_to_case(client: httpx.Client, admin: dict[str, str]) -> None:
    made = create_product(client, admin)
    body = {"sku": made["sku"].lower(), "name": "Copy", "priceCents": 100, "stock": 1}
    assert_problem(client.post("/products", json=body, headers=admin), 409)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", ""), ("sku", "has space"), ("sku", "x" * 65), ("name", ""), ("name", "x" * 201),
        ("description", "x" * 5001), ("priceCents", 0), ("priceCents", 100000001), ("priceCents", 19.99),
        ("priceCents", "1999"), ("stock", -1), ("stock", 1000001),
    ],
)  # fmt: skip
def test_bad_fields_are_400_naming_them(client: httpx.Client, admin: dict[str, str], field: str, value: object) -> None:
    body = {"sku": unique("SKU"), "name": "Mug", "priceCents": 100, "stock": 1, field: value}
    assert_problem(client.post("/products", json=body, headers=admin), 400, {field})


def test_only_an_admin_writes_products(client: httpx.Client, admin: dict[str, str], customer: dict[str, str]) -> None:
    body = {"sku": unique("SKU"), "name": "Mug", "priceCents": 100, "stock": 1}
    assert_problem(client.post("/products", json=body), 401)
    assert_problem(client.post("/products", json=body, headers=customer), 403)
    made = create_product(client, admin)
    assert_problem(client.patch(f"/products/{made['id']}", json={"stock": 0}, headers=customer), 403)
    assert_problem(client.patch("/products/999999999", json={"stock": 0}, headers=admin), 404)


def test_an_inactive_product_is_hidden_except_from_an_admin(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    word = unique("hidden")
    made = create_product(client, admin, name=f"Mug {word}")
    assert_json(client.patch(f"/products/{made['id']}", json={"active": False}, headers=admin), 200)
    assert_problem(client.get(f"/products/{made['id']}"), 404)
    assert_problem(client.get(f"/products/{made['id']}", headers=customer), 404)
    assert assert_json(client.get(f"/products/{made['id']}", headers=admin), 200)["active"] is False
    listed = assert_json(client.get(f"/products?q={word}"), 200)
    assert listed["data"] == [] and listed["total"] == 0


def test_search_is_case_insensitive_and_sort_orders(client: httpx.Client, admin: dict[str, str]) -> None:
    word = unique("Ünïcode")
    cheap = create_product(client, admin, price=100, name=f"B {word}")
    dear = create_product(client, admin, price=900, name=f"A {word}")
    page = assert_json(client.get("/products", params={"q": word.upper(), "sort": "priceCents"}), 200)
    assert set(page) == {"data", "page", "limit", "total"} and page["total"] == 2, page
    assert [p["id"] for p in page["data"]] == [cheap["id"], dear["id"]]
    by_name = assert_json(client.get("/products", params={"q": word.lower(), "sort": "name"}), 200)
    assert [p["id"] for p in by_name["data"]] == [dear["id"], cheap["id"]]
    newest = assert_json(client.get("/products", params={"q": word, "sort": "-createdAt", "limit": 1}), 200)
    assert [p["id"] for p in newest["data"]] == [dear["id"]] and newest["limit"] == 1


@pytest.mark.parametrize("query", ["sort=price", "page=0", "limit=101", "limit=x"])
def test_bad_list_parameters_are_400(client: httpx.Client, query: str) -> None:
    assert_problem(client.get(f"/products?{query}"), 400)
