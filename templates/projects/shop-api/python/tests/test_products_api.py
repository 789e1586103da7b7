import pytest
from fastapi.testclient import TestClient

from .conftest import Headers, create_product, fields_of, problem, unique


def test_an_admin_creates_and_updates_a_product(client: TestClient, admin: Headers) -> None:
    made = create_product(client, admin, price=1250, stock=7, description="Blue")
    assert (made["priceCents"], made["stock"], made["active"], made["description"]) == (
        1250,
        7,
        True,
        "Blue",
    )

    response = client.patch(
        f"/products/{made['id']}", json={"priceCents": 1300, "name": "Big mug"}, headers=admin
    )

    assert response.status_code == 200, response.text
    patched = response.json()
    assert (patched["priceCents"], patched["name"], patched["stock"]) == (1300, "Big mug", 7)
    assert patched["updatedAt"] > made["updatedAt"]
    assert client.get(f"/products/{made['id']}").json() == patched


def test_only_an_admin_writes_products(client: TestClient, admin: Headers, alice: Headers) -> None:
    body = {"sku": unique("SKU"), "name": "Mug", "priceCents": 100, "stock": 1}
    problem(client.post("/products", json=body), 401)
    problem(client.post("/products", json=body, headers=alice), 403)
    made = create_product(client, admin)
    problem(client.patch(f"/products/{made['id']}", json={"stock": 0}, headers=alice), 403)
    problem(client.patch("/products/999999", json={"stock": 0}, headers=admin), 404)


def test_a_sku_is_unique_without_regard_to_case_and_kept_as_given(
    client: TestClient, admin: Headers
) -> None:
    made = create_product(client, admin, sku="Mug-Blue")
    assert made["sku"] == "Mug-Blue"

    body = {"sku": "MUG-blue", "name": "Copy", "priceCents": 100, "stock": 1}
    assert fields_of(client.post("/products", json=body, headers=admin), 409) == {"sku"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("sku", ""),
        ("sku", "has space"),
        ("sku", "x" * 65),
        ("name", ""),
        ("name", "x" * 201),
        ("description", "x" * 5001),
        ("priceCents", 0),
        ("priceCents", 100_000_001),
        ("priceCents", 19.99),
        ("priceCents", "1999"),
        ("stock", -1),
        ("stock", 1_000_001),
        ("stock", True),
    ],
)
def test_bad_fields_are_400_naming_them(
    client: TestClient, admin: Headers, field: str, value: object
) -> None:
    body = {"sku": unique("SKU"), "name": "Mug", "priceCents": 100, "stock": 1, field: value}
    assert field in fields_of(client.post("/products", json=body, headers=admin))


def test_an_empty_patch_is_400(client: TestClient, admin: Headers) -> None:
    made = create_product(client, admin)

    problem(client.patch(f"/products/{made['id']}", json={}, headers=admin), 400)
    assert "priceCents" in fields_of(
        client.patch(f"/products/{made['id']}", json={"priceCents": None}, headers=admin)
    )


def test_an_inactive_product_is_hidden_except_from_an_admin(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    made = create_product(client, admin, name="Hidden mug")
    response = client.patch(f"/products/{made['id']}", json={"active": False}, headers=admin)
    assert response.json()["active"] is False

    problem(client.get(f"/products/{made['id']}"), 404)
    problem(client.get(f"/products/{made['id']}", headers=alice), 404)
    assert client.get(f"/products/{made['id']}", headers=admin).json()["active"] is False
    for who in ({}, admin):
        listed = client.get("/products", headers=who).json()
        assert (listed["data"], listed["total"]) == ([], 0)


def test_search_folds_unicode_case_in_name_and_description(
    client: TestClient, admin: Headers
) -> None:
    eclair = create_product(client, admin, name="Éclair au café")
    tea = create_product(client, admin, name="Tea", description="Served with an ÉCLAIR")
    create_product(client, admin, name="Coffee")
    create_product(client, admin, name="100% cotton")

    found = client.get("/products", params={"q": "éclair", "sort": "createdAt"}).json()
    assert [p["id"] for p in found["data"]] == [eclair["id"], tea["id"]]
    assert found["total"] == 2
    # % and _ are literal characters, not patterns.
    assert client.get("/products", params={"q": "0%"}).json()["total"] == 1
    assert client.get("/products", params={"q": "_"}).json()["total"] == 0


def test_sorts_break_ties_by_id_in_the_sort_s_direction(client: TestClient, admin: Headers) -> None:
    a = create_product(client, admin, name="Same", price=500)
    b = create_product(client, admin, name="Same", price=500)
    c = create_product(client, admin, name="Another", price=100)

    def ids(sort: str) -> list[int]:
        response = client.get("/products", params={"sort": sort})
        assert response.status_code == 200, response.text
        return [p["id"] for p in response.json()["data"]]

    assert ids("name") == [c["id"], a["id"], b["id"]]
    assert ids("-name") == [b["id"], a["id"], c["id"]]
    assert ids("priceCents") == [c["id"], a["id"], b["id"]]
    assert ids("-priceCents") == [b["id"], a["id"], c["id"]]
    assert ids("createdAt") == [a["id"], b["id"], c["id"]]
    assert ids("-createdAt") == [c["id"], b["id"], a["id"]]


def test_pages(client: TestClient, admin: Headers) -> None:
    made = [create_product(client, admin, name=f"Mug {n}") for n in range(5)]

    second = client.get("/products", params={"page": 2, "limit": 2}).json()
    past = client.get("/products", params={"page": 9, "limit": 2}).json()

    assert [p["id"] for p in second["data"]] == [made[2]["id"], made[3]["id"]]
    assert (second["page"], second["limit"], second["total"]) == (2, 2, 5)
    assert (past["data"], past["total"]) == ([], 5)
    assert client.get("/products").json()["limit"] == 20


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("sort=price", "sort"),
        ("sort=id", "sort"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=1.5", "limit"),
    ],
)
def test_bad_list_parameters_are_400_naming_them(
    client: TestClient, query: str, field: str
) -> None:
    assert field in fields_of(client.get(f"/products?{query}"))


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "1.0", "9007199254740992"])
def test_an_id_that_cannot_be_one_is_404(client: TestClient, bad: str) -> None:
    problem(client.get(f"/products/{bad}"), 404)
