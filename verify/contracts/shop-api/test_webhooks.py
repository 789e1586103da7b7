"""POST /webhooks/payments: HMAC-SHA256 over "<t>.<raw body>", 300 s tolerance, malformed events 400,
unknown payments 404, each event id applied once, and a settled payment never settled again."""

import json
import time
from typing import Any

import httpx
import pytest

from support import (
    SETTLE_SECONDS,
    assert_json,
    assert_order,
    assert_payment,
    assert_problem,
    card,
    checkout,
    create_product,
    pay,
    put_line,
    send_event,
    sign,
    unique,
)


@pytest.fixture
def pending(client: httpx.Client, admin: dict[str, str], customer: dict[str, str]) -> dict[str, Any]:
    made = create_product(client, admin, stock=50)
    put_line(client, customer, made["id"], 1)
    order = assert_json(checkout(client, customer), 201)
    return assert_payment(assert_json(pay(client, customer, order["id"], card("pending")), 201))


def _event(payment_id: object, kind: str = "payment.failed") -> dict[str, Any]:
    return {"id": unique("evt"), "type": kind, "data": {"paymentId": payment_id}}


def _payment(client: httpx.Client, customer: dict[str, str], payment: dict[str, Any]) -> dict[str, Any]:
    listed = assert_json(client.get(f"/orders/{payment['orderId']}/payments", headers=customer), 200)["data"]
    return next(p for p in listed if p["id"] == payment["id"])


def test_a_failed_event_declines_the_payment_once_and_later_events_change_nothing(
    client: httpx.Client, customer: dict[str, str], pending: dict[str, Any]
) -> None:
    event = _event(pending["id"])
    assert assert_json(send_event(client, event), 200) == {"received": True}
    declined = _payment(client, customer, pending)
    assert (declined["status"], declined["declineCode"]) == ("declined", "processing_error")
    assert assert_json(send_event(client, event), 200) == {"received": True}  # the same event again
    # The simulator's own payment.succeeded arrives after PAYMENT_SETTLE_SECONDS: the first settlement wins.
    time.sleep(SETTLE_SECONDS + 3)
    assert _payment(client, customer, pending)["status"] == "declined"
    order = assert_order(assert_json(client.get(f"/orders/{pending['orderId']}", headers=customer), 200))
    assert order["status"] == "pending_payment"


def test_a_missing_or_wrong_signature_is_400_and_changes_nothing(
    client: httpx.Client, customer: dict[str, str], pending: dict[str, Any]
) -> None:
    event = _event(pending["id"])
    raw = json.dumps(event, separators=(",", ":")).encode()
    bad = [
        None,
        "",
        "v1=abc",
        sign(raw, secret="not the secret"),
        sign(raw + b" "),  # signed another body
        sign(raw).replace("v1=", "v1=00"),
        sign(raw, at=int(time.time()) - 301),  # stale
        sign(raw, at=int(time.time()) + 301),  # from the future
    ]
    for signature in bad:
        headers = {"Content-Type": "application/json"}
        if signature is not None:
            headers["Webhook-Signature"] = signature
        assert_problem(client.post("/webhooks/payments", content=raw, headers=headers), 400)
    assert _payment(client, customer, pending)["status"] in ("pending", "succeeded")  # only the simulator's event


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"id": "evt_x", "type": "payment.refunded", "data": {"paymentId": 1}},
        {"id": "evt_x", "type": "payment.failed"},
    ],
    ids=["empty", "unknown-type", "no-data"],
)
def test_a_malformed_event_is_400(client: httpx.Client, event: dict[str, Any]) -> None:
    assert_problem(send_event(client, event), 400)


def test_an_event_for_an_unknown_payment_is_404(client: httpx.Client) -> None:
    assert_problem(send_event(client, _event(999999999, "payment.succeeded")), 404)
