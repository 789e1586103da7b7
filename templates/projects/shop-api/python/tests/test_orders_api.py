from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from .conftest import (
    Headers,
    card,
    checkout,
    create_product,
    event_body,
    fields_of,
    pay,
    place_order,
    problem,
    put_line,
    register,
    send_event,
    unique,
)

K = 5


def stock_of(client: TestClient, admin: Headers, product_id: int) -> int:
    stock: int = client.get(f"/products/{product_id}", headers=admin).json()["stock"]
    return stock


def test_checkout_freezes_prices_empties_the_cart_and_reserves_stock(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, price=450, stock=10)
    tea = create_product(client, admin, price=300, stock=10)
    put_line(client, alice, tea["id"], 1)
    put_line(client, alice, mug["id"], 3)

    response = checkout(client, alice)

    assert response.status_code == 201, response.text
    order = response.json()
    assert set(order) == {
        "id",
        "status",
        "items",
        "totalCents",
        "currency",
        "createdAt",
        "updatedAt",
    }
    assert (order["status"], order["totalCents"], order["currency"]) == (
        "pending_payment",
        1650,
        "USD",
    )
    assert [line["productId"] for line in order["items"]] == [tea["id"], mug["id"]]
    assert client.get("/cart", headers=alice).json()["items"] == []
    assert (stock_of(client, admin, mug["id"]), stock_of(client, admin, tea["id"])) == (7, 9)
    client.patch(f"/products/{mug['id']}", json={"priceCents": 999, "name": "New"}, headers=admin)
    again = client.get(f"/orders/{order['id']}", headers=alice).json()
    assert again == order


def test_checkout_needs_a_token_a_key_and_a_cart(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    problem(client.post("/orders", json={}, headers={"Idempotency-Key": unique()}), 401)
    assert fields_of(checkout(client, alice)) == {"cart"}
    mug = create_product(client, admin)
    put_line(client, alice, mug["id"], 1)
    assert "Idempotency-Key" in fields_of(client.post("/orders", json={}, headers=alice))
    assert "Idempotency-Key" in fields_of(checkout(client, alice, key=""))
    assert "Idempotency-Key" in fields_of(checkout(client, alice, key="k" * 256))
    assert checkout(client, alice, key="k" * 255).status_code == 201


def test_short_lines_are_409_each_named_and_nothing_is_reserved(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    plenty = create_product(client, admin, stock=10)
    short = create_product(client, admin, stock=1)
    gone = create_product(client, admin, stock=10)
    for made in (plenty, short, gone):
        put_line(client, alice, made["id"], 2)
    client.patch(f"/products/{gone['id']}", json={"active": False}, headers=admin)

    body = problem(checkout(client, alice), 409)

    assert body["errors"] == [
        {"field": f"items.{short['id']}.quantity", "message": f"only 1 of {short['sku']} left"},
        {"field": f"items.{gone['id']}.quantity", "message": f"only 0 of {gone['sku']} left"},
    ]
    assert [stock_of(client, admin, made["id"]) for made in (plenty, short, gone)] == [10, 1, 10]
    assert len(client.get("/cart", headers=alice).json()["items"]) == 3
    assert client.get("/orders", headers=alice).json()["total"] == 0


def test_the_same_key_again_gives_the_same_order_and_another_body_is_422(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, stock=10)
    put_line(client, alice, mug["id"], 2)
    key = unique("order")

    first = checkout(client, alice, key)
    second = checkout(client, alice, key)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json()
    problem(checkout(client, alice, key, body={"note": "other"}), 422)
    assert stock_of(client, admin, mug["id"]) == 8
    assert client.get("/orders", headers=alice).json()["total"] == 1


def test_a_replay_shows_the_order_as_it_is_now(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, stock=10)
    put_line(client, alice, mug["id"], 1)
    key = unique("order")
    order = checkout(client, alice, key).json()
    client.post(f"/orders/{order['id']}/cancel", headers=alice)

    assert checkout(client, alice, key).json()["status"] == "cancelled"


def test_a_key_is_the_caller_s_own(
    client: TestClient, admin: Headers, alice: Headers, bob: Headers
) -> None:
    mug = create_product(client, admin, stock=10)
    key = unique("shared")
    for who in (alice, bob):
        put_line(client, who, mug["id"], 1)
        assert checkout(client, who, key).status_code == 201

    assert stock_of(client, admin, mug["id"]) == 8


def test_a_key_that_failed_can_be_used_again(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, stock=1)
    put_line(client, alice, mug["id"], 2)
    key = unique("order")
    problem(checkout(client, alice, key), 409)
    put_line(client, alice, mug["id"], 1)

    assert checkout(client, alice, key).status_code == 201


def test_k_units_and_3k_concurrent_checkouts_make_exactly_k_orders(
    client: TestClient, admin: Headers
) -> None:
    mug = create_product(client, admin, stock=K)
    buyers = [register(client) for _ in range(3 * K)]
    for buyer in buyers:
        assert put_line(client, buyer, mug["id"], 1).status_code == 200

    with ThreadPoolExecutor(max_workers=3 * K) as pool:
        statuses = list(pool.map(lambda buyer: checkout(client, buyer).status_code, buyers))

    assert sorted(statuses) == [201] * K + [409] * (2 * K)
    assert stock_of(client, admin, mug["id"]) == 0
    orders = [client.get("/orders", headers=buyer).json()["total"] for buyer in buyers]
    assert sorted(orders) == [0] * (2 * K) + [1] * K


def test_one_key_sent_ten_times_at_once_makes_one_order(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, stock=100)
    put_line(client, alice, mug["id"], 1)
    key = unique("race")

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(lambda _: checkout(client, alice, key), range(10)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 9 + [201]
    assert len({response.json()["id"] for response in responses}) == 1
    assert stock_of(client, admin, mug["id"]) == 99


def test_cancel_returns_the_stock_once(client: TestClient, admin: Headers, alice: Headers) -> None:
    mug = create_product(client, admin, stock=5)
    put_line(client, alice, mug["id"], 2)
    order = checkout(client, alice).json()

    cancelled = client.post(f"/orders/{order['id']}/cancel", headers=alice)

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["updatedAt"] > order["updatedAt"]
    assert stock_of(client, admin, mug["id"]) == 5
    problem(client.post(f"/orders/{order['id']}/cancel", headers=alice), 409)
    assert stock_of(client, admin, mug["id"]) == 5


def test_concurrent_cancels_return_the_stock_once(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    mug = create_product(client, admin, stock=5)
    put_line(client, alice, mug["id"], 2)
    order = checkout(client, alice).json()

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(
            pool.map(
                lambda _: client.post(f"/orders/{order['id']}/cancel", headers=alice).status_code,
                range(6),
            )
        )

    assert sorted(statuses) == [200] + [409] * 5
    assert stock_of(client, admin, mug["id"]) == 5


def test_a_paid_order_cannot_be_cancelled(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    order = place_order(client, admin, alice)
    assert pay(client, alice, order["id"], card()).status_code == 201

    problem(client.post(f"/orders/{order['id']}/cancel", headers=alice), 409)


def test_an_order_with_a_pending_payment_cannot_be_cancelled_until_it_settles(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    order = place_order(client, admin, alice)
    payment = pay(client, alice, order["id"], card("pending")).json()
    assert payment["status"] == "pending"

    refused = problem(client.post(f"/orders/{order['id']}/cancel", headers=alice), 409)
    assert refused["detail"] == (
        f"order {order['id']} has a pending payment: it settles through the payment webhook;"
        " cancel after it is declined"
    )
    problem(client.post(f"/orders/{order['id']}/cancel", headers=admin), 409)
    assert client.get(f"/orders/{order['id']}", headers=alice).json()["status"] == "pending_payment"

    assert send_event(client, event_body(payment["id"])).status_code == 200
    assert client.get(f"/orders/{order['id']}", headers=alice).json()["status"] == "paid"


def test_an_order_whose_pending_payment_was_declined_can_be_cancelled(
    client: TestClient, admin: Headers, alice: Headers
) -> None:
    order = place_order(client, admin, alice)
    payment = pay(client, alice, order["id"], card("pending")).json()
    send_event(client, event_body(payment["id"], "payment.failed"))

    response = client.post(f"/orders/{order['id']}/cancel", headers=alice)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"


def test_orders_are_the_caller_s_and_admins_see_all(
    client: TestClient, admin: Headers, alice: Headers, bob: Headers
) -> None:
    mug = create_product(client, admin)
    ids = []
    for _ in range(3):
        put_line(client, alice, mug["id"], 1)
        ids.append(checkout(client, alice).json()["id"])

    listed = client.get("/orders", headers=alice).json()
    assert [o["id"] for o in listed["data"]] == ids[::-1]
    assert (listed["page"], listed["limit"], listed["total"]) == (1, 20, 3)
    paged = client.get("/orders", params={"page": 2, "limit": 2}, headers=alice).json()
    assert [o["id"] for o in paged["data"]] == [ids[0]]
    assert client.get("/orders", headers=bob).json()["total"] == 0
    assert client.get("/orders", headers=admin).json()["total"] == 0
    problem(client.get(f"/orders/{ids[0]}", headers=bob), 403)
    problem(client.post(f"/orders/{ids[0]}/cancel", headers=bob), 403)
    assert client.get(f"/orders/{ids[0]}", headers=admin).json()["id"] == ids[0]
    assert client.post(f"/orders/{ids[0]}/cancel", headers=admin).status_code == 200
    problem(client.get("/orders/999999", headers=alice), 404)
    problem(client.get("/orders/0", headers=alice), 404)
    problem(client.get("/orders"), 401)
    assert "limit" in fields_of(client.get("/orders", params={"limit": 101}, headers=alice))
