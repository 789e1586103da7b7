"""The payment simulator: test cards, Luhn, expiry and CVC checks, only brand and last 4 kept,
idempotent payments (also at once), a pending card settling through the signed webhook within seconds."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from support import (
    CARDS,
    SETTLE_SECONDS,
    assert_json,
    assert_order,
    assert_payment,
    assert_problem,
    card,
    checkout,
    create_product,
    new_client,
    pay,
    put_line,
    unique,
    wait_for,
)


@pytest.fixture
def order(client: httpx.Client, admin: dict[str, str], customer: dict[str, str]) -> dict[str, Any]:
    made = create_product(client, admin, price=2500, stock=50)
    put_line(client, customer, made["id"], 2)
    return assert_order(assert_json(checkout(client, customer), 201))


def _order(client: httpx.Client, customer: dict[str, str], order_id: int) -> dict[str, Any]:
    return assert_order(assert_json(client.get(f"/orders/{order_id}", headers=customer), 200))


def test_a_good_card_pays_the_order(client: httpx.Client, customer: dict[str, str], order: dict[str, Any]) -> None:
    payment = assert_payment(assert_json(pay(client, customer, order["id"], card()), 201))
    assert (payment["status"], payment["amountCents"], payment["orderId"]) == ("succeeded", 5000, order["id"])
    assert payment["card"] == {"brand": "visa", "last4": "4242"}
    assert _order(client, customer, order["id"])["status"] == "paid"
    assert_problem(pay(client, customer, order["id"], card()), 409)
    assert_problem(client.post(f"/orders/{order['id']}/cancel", headers=customer), 409)


@pytest.mark.parametrize(
    ("kind", "code"), [("declined", "card_declined"), ("insufficient_funds", "insufficient_funds")]
)
def test_a_declined_card_leaves_the_order_payable(
    client: httpx.Client, customer: dict[str, str], order: dict[str, Any], kind: str, code: str
) -> None:
    declined = assert_payment(assert_json(pay(client, customer, order["id"], card(kind)), 201))
    assert (declined["status"], declined["declineCode"]) == ("declined", code)
    assert _order(client, customer, order["id"])["status"] == "pending_payment"
    paid = assert_payment(assert_json(pay(client, customer, order["id"], card("other_valid")), 201))
    assert paid["status"] == "succeeded" and paid["card"]["last4"] == "4444"
    listed = assert_json(client.get(f"/orders/{order['id']}/payments", headers=customer), 200)
    assert [p["id"] for p in listed["data"]] == [declined["id"], paid["id"]]


def test_a_pending_card_settles_through_the_webhook(
    client: httpx.Client, customer: dict[str, str], order: dict[str, Any]
) -> None:
    pending = assert_payment(assert_json(pay(client, customer, order["id"], card("pending")), 201))
    assert pending["status"] == "pending"
    assert_problem(pay(client, customer, order["id"], card()), 409)  # one is already pending
    wait_for(lambda: _order(client, customer, order["id"])["status"] == "paid", 10 * SETTLE_SECONDS + 10)
    listed = assert_json(client.get(f"/orders/{order['id']}/payments", headers=customer), 200)["data"]
    assert [(p["id"], p["status"]) for p in listed] == [(pending["id"], "succeeded")]


@pytest.mark.parametrize(
    ("field", "override"),
    [
        ("number", {"number": "4242424242424241"}),  # fails Luhn
        ("number", {"number": "42424242"}),
        ("number", {"number": 4242424242424242}),
        ("expYear", {"expYear": 2020}),
        ("expMonth", {"expMonth": 13}),
        ("cvc", {"cvc": "12"}),
        ("cvc", {"cvc": "12345"}),
        ("cvc", {"cvc": "12a"}),
    ],
)
def test_bad_cards_are_400(
    client: httpx.Client, customer: dict[str, str], order: dict[str, Any], field: str, override: dict
) -> None:
    response = pay(client, customer, order["id"], card(**override))
    problem = assert_problem(response, 400)
    assert field in str(problem["errors"]), problem
    assert CARDS["succeeds"] not in response.text


def test_an_expiry_earlier_this_year_is_400(
    client: httpx.Client, customer: dict[str, str], order: dict[str, Any]
) -> None:
    now = datetime.now(UTC)
    if now.month == 1:
        pytest.skip("no earlier month this year")
    assert_problem(pay(client, customer, order["id"], card(expYear=now.year, expMonth=now.month - 1)), 400)


def test_the_same_key_again_gives_the_same_payment_and_another_card_is_422(
    client: httpx.Client, customer: dict[str, str], order: dict[str, Any]
) -> None:
    key = unique("pay")
    declined = assert_json(pay(client, customer, order["id"], card("declined"), key), 201)
    assert assert_json(pay(client, customer, order["id"], card("declined"), key), 200)["id"] == declined["id"]
    assert_problem(pay(client, customer, order["id"], card("succeeds"), key), 422)
    listed = assert_json(client.get(f"/orders/{order['id']}/payments", headers=customer), 200)
    assert len(listed["data"]) == 1


def test_one_payment_key_sent_ten_times_at_once_charges_once(customer: dict[str, str], order: dict[str, Any]) -> None:
    key = unique("race")

    def send(_: int) -> httpx.Response:
        with new_client() as own:
            return pay(own, customer, order["id"], card(), key)

    with ThreadPoolExecutor(max_workers=10) as pool:
        responses = list(pool.map(send, range(10)))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201, 409}, statuses
    with new_client() as client:
        listed = assert_json(client.get(f"/orders/{order['id']}/payments", headers=customer), 200)
    assert len(listed["data"]) == 1 and listed["data"][0]["status"] == "succeeded"


def test_payments_are_the_customer_s(
    client: httpx.Client, customer: dict[str, str], stranger: dict[str, str], order: dict[str, Any]
) -> None:
    assert_problem(pay(client, stranger, order["id"], card()), 403)
    assert_problem(client.get(f"/orders/{order['id']}/payments", headers=stranger), 403)
    assert_problem(pay(client, customer, 999999999, card()), 404)
    assert_problem(client.post(f"/orders/{order['id']}/payments", json=card()), 401)
    assert_problem(client.post(f"/orders/{order['id']}/payments", json=card(), headers=customer), 400)  # no key


def test_a_cancelled_order_cannot_be_paid(
    client: httpx.Client, customer: dict[str, str], order: dict[str, Any]
) -> None:
    assert_json(client.post(f"/orders/{order['id']}/cancel", headers=customer), 200)
    assert_problem(pay(client, customer, order["id"], card()), 409)
