import pytest
from fastapi.testclient import TestClient

from .conftest import Headers, create_product, fields_of, problem, put_line


def test_a_new_cart_is_empty(client: TestClient, alice: Headers) -> None:
    response = client.get("/cart", headers=alice)

    assert response.status_code == 200
    assert response.json() == {"items": [], "totalCents": 0, "currency": "USD"}


def test_lines_keep_the_order_they_were_first_added_in(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, price=450)
    tea = create_product(client, admin, price=300)
    put_line(client, alice, tea["id"], 1)
    put_line(client, alice, mug["id"], 2)

    cart = put_line(client, alice, tea["id"], 3).json()

    assert [(line["productId"], line["quantity"]) for line in cart["items"]] == [
        (tea["id"], 3),
        (mug["id"], 2),
    ]
    assert cart["items"][0] == {
        "productId": tea["id"],
        "sku": tea["sku"],
        "name": tea["name"],
        "unitPriceCents": 300,
        "quantity": 3,
        "lineTotalCents": 900,
    }
    assert cart["totalCents"] == 900 + 900


def test_quantity_zero_removes_a_line_even_one_that_is_not_there(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin)
    put_line(client, alice, mug["id"], 2)

    assert put_line(client, alice, mug["id"], 0).json()["items"] == []
    again = put_line(client, alice, mug["id"], 0)
    assert again.status_code == 200
    assert again.json()["items"] == []


def test_delete_removes_a_line_and_a_missing_one_is_404(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin)
    put_line(client, alice, mug["id"], 2)

    assert client.delete(f"/cart/items/{mug['id']}", headers=alice).json()["items"] == []
    problem(client.delete(f"/cart/items/{mug['id']}", headers=alice), 404)


@pytest.mark.parametrize("quantity", [-1, 100, 1.5, "2", None, True])
def test_a_quantity_must_be_an_integer_from_0_to_99(
    client: TestClient, admin: Headers, alice: Headers, quantity: object
) -> None:
    mug = create_product(client, admin)
    response = client.put(f"/cart/items/{mug['id']}", json={"quantity": quantity}, headers=alice)

    assert "quantity" in fields_of(response)


def test_an_unknown_or_inactive_product_is_404(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    hidden = create_product(client, admin)
    client.patch(f"/products/{hidden['id']}", json={"active": False}, headers=admin)

    problem(put_line(client, alice, 999_999, 1), 404)
    problem(put_line(client, alice, hidden["id"], 1), 404)


def test_the_cart_shows_today_s_prices_and_keeps_a_line_gone_inactive(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, price=450)
    put_line(client, alice, mug["id"], 2)
    client.patch(f"/products/{mug['id']}", json={"priceCents": 500, "active": False}, headers=admin)

    cart = client.get("/cart", headers=alice).json()

    assert [(line["unitPriceCents"], line["lineTotalCents"]) for line in cart["items"]] == [
        (500, 1000)
    ]


def test_each_customer_has_their_own_cart(
    client: TestClient, admin: Headers, alice: Headers, bob: Headers
) -> None:
    mug = create_product(client, admin)
    put_line(client, alice, mug["id"], 2)

    assert client.get("/cart", headers=bob).json()["items"] == []


def test_the_cart_needs_a_token(client: TestClient) -> None:
    problem(client.get("/cart"), 401)
    problem(client.put("/cart/items/1", json={"quantity": 1}), 401)
