"""Stock never oversells, however many orders race for it, and one customer's
orders take effect in the order they were placed."""

from concurrent.futures import ThreadPoolExecutor

import httpx
from support import (
    SETTLE,
    assert_json,
    idle,
    new_client,
    notifications,
    place,
    set_stock,
    settled,
    stock,
    unique_email,
    unique_sku,
)


def test_a_hundred_concurrent_orders_for_fifty_units_confirm_exactly_fifty(client: httpx.Client) -> None:
    sku = unique_sku("race")
    set_stock(client, sku, 50)

    def one(_: int) -> int:
        with new_client() as own:
            body = {"customerEmail": unique_email("racer"), "items": [{"sku": sku, "quantity": 1}]}
            return assert_json(own.post("/orders", json=body), 202)["id"]

    with ThreadPoolExecutor(max_workers=20) as pool:
        ids = list(pool.map(one, range(100)))
    assert len(set(ids)) == 100, "every order gets an id of its own"
    outcomes = [settled(client, order_id, seconds=SETTLE * 3) for order_id in ids]
    confirmed = [o for o in outcomes if o["status"] == "confirmed"]
    rejected = [o for o in outcomes if o["status"] == "rejected"]
    assert len(confirmed) == 50, f"{len(confirmed)} orders confirmed for 50 units (and {len(rejected)} rejected)"
    assert len(rejected) == 50 and all(o["reason"] == f"out_of_stock: {sku}" for o in rejected), rejected[:3]
    assert stock(client, sku) == 0, "the stock went below zero or kept units back"
    idle(client, seconds=SETTLE * 3)
    for order_id in ids:
        assert len(notifications(client, order_id)) == 1, f"order {order_id} has not exactly one notification"


def test_a_customer_s_orders_take_effect_in_the_order_placed(client: httpx.Client) -> None:
    """Each customer has two units and places four orders of one unit, one after the
    other: the first two are confirmed, whatever the other customers do meanwhile."""
    customers = [(unique_email("seq"), unique_sku("seq")) for _ in range(6)]
    for _, sku in customers:
        set_stock(client, sku, 2)

    def orders_of(customer: tuple[str, str]) -> list[int]:
        email, sku = customer
        with new_client() as own:
            return [place(own, sku, email=email)["id"] for _ in range(4)]

    with ThreadPoolExecutor(max_workers=len(customers)) as pool:
        placed = list(pool.map(orders_of, customers))
    for (email, sku), ids in zip(customers, placed, strict=True):
        statuses = [settled(client, order_id, seconds=SETTLE * 2)["status"] for order_id in ids]
        assert statuses == ["confirmed", "confirmed", "rejected", "rejected"], (
            f"{email}'s orders {ids} settled {statuses}: a later order overtook an earlier one"
        )
        assert stock(client, sku) == 0
