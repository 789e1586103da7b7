"""Checkout: needs an Idempotency-Key, freezes prices, reserves stock atomically (exactly K of 3K
concurrent checkouts succeed), the same key twice (even at once) makes one order; cancel returns stock once."""

from concurrent.futures import ThreadPoolExecutor

import httpx

from support import (
    assert_cart,
    assert_json,
    assert_order,
    assert_problem,
    checkout,
    create_product,
    new_client,
    product,
    put_line,
    register,
    unique,
)

K = 5


def test_checkout_freezes_prices_empties_the_cart_and_reserves_stock(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    made = create_product(client, admin, price=450, stock=10)
    put_line(client, customer, made["id"], 3)
    order = assert_order(assert_json(checkout(client, customer), 201))
    assert order["status"] == "pending_payment" and order["totalCents"] == 1350
    assert assert_cart(assert_json(client.get("/cart", headers=customer), 200))["items"] == []
    assert product(client, made["id"], admin)["stock"] == 7
    assert_json(client.patch(f"/products/{made['id']}", json={"priceCents": 999}, headers=admin), 200)
    again = assert_order(assert_json(client.get(f"/orders/{order['id']}", headers=customer), 200))
    assert again["items"][0]["unitPriceCents"] == 450 and again["totalCents"] == 1350


def test_checkout_needs_a_key_and_a_cart(client: httpx.Client, admin: dict[str, str], customer: dict[str, str]) -> None:
    assert_problem(checkout(client, customer), 400)  # empty cart
    made = create_product(client, admin)
    put_line(client, customer, made["id"], 1)
    assert_problem(client.post("/orders", json={}, headers=customer), 400)
    assert_problem(checkout(client, customer, key="k" * 256), 400)
    assert_problem(client.post("/orders", json={}, headers={"Idempotency-Key": unique()}), 401)


def test_not_enough_stock_is_409_naming_the_product_and_reserves_nothing(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    plenty, short = create_product(client, admin, stock=10), create_product(client, admin, stock=1)
    put_line(client, customer, plenty["id"], 2)
    put_line(client, customer, short["id"], 2)
    problem = assert_problem(checkout(client, customer), 409)
    assert short["sku"] in str(problem.get("errors")) or str(short["id"]) in str(problem.get("errors")), problem
    assert product(client, plenty["id"], admin)["stock"] == 10 and product(client, short["id"], admin)["stock"] == 1
    assert len(assert_cart(assert_json(client.get("/cart", headers=customer), 200))["items"]) == 2


def test_the_same_key_again_gives_the_same_order(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str]
) -> None:
    made = create_product(client, admin, stock=10)
    put_line(client, customer, made["id"], 2)
    key = unique("order")
    first = assert_order(assert_json(checkout(client, customer, key), 201))
    second = assert_order(assert_json(checkout(client, customer, key), 200))
    assert second["id"] == first["id"] and product(client, made["id"], admin)["stock"] == 8


def test_a_key_is_the_caller_s_own(client: httpx.Client, admin: dict[str, str], customer: dict[str, str]) -> None:
    made = create_product(client, admin, stock=10)
    other = register(client)
    key = unique("shared")
    for who in (customer, other):
        put_line(client, who, made["id"], 1)
        assert_json(checkout(client, who, key), 201)
    assert product(client, made["id"], admin)["stock"] == 8


def _registered_alone() -> dict[str, str]:
    with new_client() as own:
        return register(own)


def test_k_units_and_3k_concurrent_checkouts_make_exactly_k_orders(admin: dict[str, str]) -> None:
    with new_client() as client:
        made = create_product(client, admin, stock=K)
        # Each buyer registers from a loopback address of its own: 3K sign-ups from one
        # address would meet the auth rate limit (server.env) before the race begins.
        buyers = [_registered_alone() for _ in range(3 * K)]
        for buyer in buyers:
            assert_json(put_line(client, buyer, made["id"], 1), 200)

    def buy(buyer: dict[str, str]) -> int:
        with new_client() as own:
            return checkout(own, buyer).status_code

    with ThreadPoolExecutor(max_workers=3 * K) as pool:
        statuses = list(pool.map(buy, buyers))
    assert sorted(statuses) == [201] * K + [409] * (2 * K), statuses
    with new_client() as client:
        assert product(client, made["id"], admin)["stock"] == 0


def test_one_key_sent_ten_times_at_once_makes_one_order(admin: dict[str, str]) -> None:
    with new_client() as client:
        made = create_product(client, admin, stock=100)
        buyer = register(client)
        put_line(client, buyer, made["id"], 1)
    key = unique("race")

    def send(_: int) -> httpx.Response:
        with new_client() as own:
            return checkout(own, buyer, key)

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(send, range(10)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201, 409}, statuses
    assert len({r.json()["id"] for r in responses if r.status_code in (200, 201)}) == 1
    with new_client() as client:
        assert product(client, made["id"], admin)["stock"] == 99
        listed = assert_json(client.get("/orders", headers=buyer), 200)
    assert listed["total"] == 1, listed


def test_cancel_returns_the_stock_once(client: httpx.Client, admin: dict[str, str], customer: dict[str, str]) -> None:
    made = create_product(client, admin, stock=5)
    put_line(client, customer, made["id"], 2)
    order = assert_json(checkout(client, customer), 201)
    cancelled = assert_order(assert_json(client.post(f"/orders/{order['id']}/cancel", headers=customer), 200))
    assert cancelled["status"] == "cancelled" and product(client, made["id"], admin)["stock"] == 5
    assert_problem(client.post(f"/orders/{order['id']}/cancel", headers=customer), 409)
    assert product(client, made["id"], admin)["stock"] == 5


def test_orders_are_the_caller_s_and_admins_see_all(
    client: httpx.Client, admin: dict[str, str], customer: dict[str, str], stranger: dict[str, str]
) -> None:
    made = create_product(client, admin)
    ids = []
    for _ in range(2):
        put_line(client, customer, made["id"], 1)
        ids.append(assert_json(checkout(client, customer), 201)["id"])
    listed = assert_json(client.get("/orders", headers=customer), 200)
    assert [o["id"] for o in listed["data"]] == ids[::-1] and listed["total"] == 2
    assert_problem(client.get(f"/orders/{ids[0]}", headers=stranger), 403)
    assert_problem(client.post(f"/orders/{ids[0]}/cancel", headers=stranger), 403)
    assert assert_json(client.get(f"/orders/{ids[0]}", headers=admin), 200)["id"] == ids[0]
    assert_problem(client.get("/orders/999999999", headers=customer), 404)
    assert_problem(client.get("/orders"), 401)
