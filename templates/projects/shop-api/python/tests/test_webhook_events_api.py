"""Webhook events that are signed but malformed: 400 naming the field (a plain file: no package import)."""

import json

import pytest
from fastapi.testclient import TestClient

from .conftest import fields_of, send_event


@pytest.mark.parametrize(
    ("event", "field"),
    [
        ({}, "id"),
        ({"id": "", "type": "payment.failed", "data": {"paymentId": 1}}, "id"),
        ({"id": "e" * 256, "type": "payment.failed", "data": {"paymentId": 1}}, "id"),
        ({"id": 7, "type": "payment.failed", "data": {"paymentId": 1}}, "id"),
        ({"id": "evt_x", "type": "payment.refunded", "data": {"paymentId": 1}}, "type"),
        ({"id": "evt_x", "type": "payment.failed"}, "data"),
        ({"id": "evt_x", "type": "payment.failed", "data": {"paymentId": "1"}}, "data.paymentId"),
        ({"id": "evt_x", "type": "payment.failed", "data": {"paymentId": 1.5}}, "data.paymentId"),
        ([], "body"),
    ],
)
def test_a_malformed_event_is_400_naming_the_field(
    client: TestClient, event: object, field: str
) -> None:
    raw = json.dumps(event).encode()

    assert field in fields_of(send_event(client, raw))


def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    assert fields_of(send_event(client, b"{not json")) == {"body"}
