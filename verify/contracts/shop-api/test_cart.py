"""The cart: live prices, quantities 1–99 (0 removes), 404 for unknown or inactive products."""

import httpx
import pytest

from support import assert_cart, assert_json, assert_problem, create_product, put_line


def test_the_cart_shows_live_prices_and_totals(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    assert assert_cart(assert_json(client.get("/cart", headers=customer), 200))["items"] == []
    first, second = create_product(client, admin, price=250), create_product(client, admin, price=1000)
    assert_json(put_line(client, customer, first["id"], 3), 200)
    cart = assert_cart(assert_json(put_line(client, customer, second["id"], 1), 200))
    assert cart["totalCents"] == 3 * 250 + 1000
    assert_json(client.patch(f"/products/{first['id']}", json={"priceCents": 300}, headers=admin), 200)
    cart = assert_cart(assert_json(client.get("/cart", headers=customer), 200))
    assert {line["productId"]: line["unitPriceCents"] for line in cart["items"]}[first["id"]] == 300
    assert cart["totalCents"] == 3 * 300 + 1000


def test_quantity_zero_or_delete_removes_a_line(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    first, second = create_product(client, admin), create_product(client, admin)
    put_line(client, customer, first["id"], 1)
    put_line(client, customer, second["id"], 2)
    cart = assert_cart(assert_json(put_line(client, customer, first["id"], 0), 200))
    assert [line["productId"] for line in cart["items"]] == [second["id"]]
    cart = assert_cart(assert_json(client.delete(f"/cart/items/{second['id']}", headers=customer), 200))
    assert cart["items"] == [] and cart["totalCents"] == 0
    assert_problem(client.delete(f"/cart/items/{second['id']}", headers=customer), 404)


@pytest.mark.parametrize("quantity", [-1, 100, 1.5, "2", None])
def test_a_bad_quantity_is_400(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str], quantity: object
) -> None:
    made = create_product(client, admin)
    assert_problem(put_line(client, customer, made["id"], quantity), 400, {"quantity"})  # type: ignore[arg-type]


def test_unknown_or_inactive_products_are_404_and_the_cart_needs_a_token(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    assert_problem(put_line(client, customer, 999999999, 1), 404)
    made = create_product(client, admin)
    assert_json(client.patch(f"/products/{made['id']}", json={"active": False}, headers=admin), 200)
    assert_problem(put_line(client, customer, made["id"], 1), 404)
    assert_problem(client.get("/cart"), 401)
