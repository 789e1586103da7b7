"""What the relay and the consumers do with an order: the inventory group confirms
or rejects it (all lines or none), the notifications group records one email per
outcome, and every step is an event of the order, in order."""

import httpx
from support import (
    GROUPS,
    STREAM,
    assert_json,
    assert_problem,
    events,
    group,
    idle,
    notifications,
    place,
    set_stock,
    settled,
    stats,
    stock,
    unique_email,
    unique_sku,
)


def test_an_order_in_stock_is_confirmed_and_reserves_its_stock(client: httpx.Client) -> None:
    sku = unique_sku()
    set_stock(client, sku, 5)
    placed = place(client, sku, quantity=3)
    done = settled(client, placed["id"])
    assert done["status"] == "confirmed" and done["reason"] is None, done
    assert done["updatedAt"] > placed["updatedAt"], "updatedAt moves when the status does"
    assert stock(client, sku) == 2, "a confirmed order takes its quantity from the stock"


def test_an_order_out_of_stock_is_rejected_saying_which_sku(client: httpx.Client) -> None:
    sku = unique_sku()
    set_stock(client, sku, 1)
    done = settled(client, place(client, sku, quantity=2)["id"])
    assert done["status"] == "rejected", done
    assert done["reason"] == f"out_of_stock: {sku}", f"reason {done['reason']!r}, expected 'out_of_stock: {sku}'"
    assert stock(client, sku) == 1, "a rejected order takes nothing"


def test_an_unknown_sku_is_out_of_stock(client: httpx.Client) -> None:
    sku = unique_sku()
    done = settled(client, place(client, sku)["id"])
    assert done["status"] == "rejected" and done["reason"] == f"out_of_stock: {sku}", done


def test_lines_are_reserved_all_or_nothing(client: httpx.Client) -> None:
    plenty, scarce = unique_sku("plenty"), unique_sku("scarce")
    set_stock(client, plenty, 10)
    set_stock(client, scarce, 1)
    body = {"customerEmail": unique_email(), "items": [{"sku": plenty, "quantity": 4}, {"sku": scarce, "quantity": 2}]}
    placed = assert_json(client.post("/orders", json=body), 202)
    done = settled(client, placed["id"])
    assert done["status"] == "rejected" and done["reason"] == f"out_of_stock: {scarce}", done
    assert stock(client, plenty) == 10 and stock(client, scarce) == 1, "a rejected order kept part of its stock"


def test_the_events_of_an_order_tell_its_story_in_order(client: httpx.Client) -> None:
    sku = unique_sku()
    set_stock(client, sku, 1)
    confirmed = settled(client, place(client, sku)["id"])
    rejected = settled(client, place(client, sku)["id"])
    for done, outcome in ((confirmed, "order.confirmed"), (rejected, "order.rejected")):
        story = events(client, done["id"])
        assert [e["type"] for e in story] == ["order.placed", outcome], story
        assert story[0]["id"] < story[1]["id"], f"events are listed in the order they happened: {story}"
        assert story[0]["occurredAt"] <= story[1]["occurredAt"], story
    assert events(client, rejected["id"])[1]["data"].get("reason") == f"out_of_stock: {sku}", (
        "order.rejected carries the reason in its data"
    )


def test_each_outcome_is_notified_once_by_email(client: httpx.Client) -> None:
    sku, email = unique_sku(), unique_email()
    set_stock(client, sku, 1)
    confirmed = settled(client, place(client, sku, email=email)["id"])
    rejected = settled(client, place(client, sku, email=email)["id"])
    idle(client)
    for done in (confirmed, rejected):
        sent = notifications(client, done["id"])
        assert len(sent) == 1, f"one notification per outcome, got {sent}"
        outcome = events(client, done["id"])[-1]
        assert sent[0]["orderId"] == done["id"] and sent[0]["eventId"] == outcome["id"], (sent, outcome)
        assert sent[0]["to"] == email and sent[0]["channel"] == "email", sent


def test_notifications_need_an_order_id(client: httpx.Client) -> None:
    assert_problem(client.get("/notifications"), 400, {"orderId"})
    assert_problem(client.get("/notifications", params={"orderId": "abc"}), 400, {"orderId"})
    assert assert_json(client.get("/notifications", params={"orderId": 2**53 - 1}), 200) == {"data": []}


def test_stats_count_the_stream_and_both_groups(client: httpx.Client) -> None:
    before = stats(client)
    sku = unique_sku()
    set_stock(client, sku, 1)
    settled(client, place(client, sku)["id"])
    after = idle(client)
    stream = after["streams"][STREAM]
    assert set(stream) == {"length", "groups"}, stream
    assert type(stream["length"]) is int, stream
    assert stream["length"] >= before["streams"][STREAM]["length"] + 2, (
        "the stream holds the order's placed and confirmed events"
    )
    for name in GROUPS:
        counts = group(after, name)
        assert set(counts) == {"pending", "lag", "deadLettered"}, counts
        assert all(type(v) is int and v >= 0 for v in counts.values()), counts
        assert counts["pending"] == 0 and counts["lag"] == 0, f"{name} is idle after the order settled: {counts}"
