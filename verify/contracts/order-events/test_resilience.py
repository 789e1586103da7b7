"""What a broker pipeline must survive, played against the cell's own Redis: a
duplicate delivery, a poison message, a consumer that dies holding a message, and
Redis going away while orders keep coming.

Stream entries are the event's fields (docs/STACK-RULES.md, order-events):
`id`, `type`, `orderId`, `occurredAt`, and `data` as JSON text; a dead letter in
`orders.dead` carries the entry's fields plus `group`, `error`, `deliveries` and
`sourceId`.
"""

import random
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from resp import Redis, fields
from support import (
    CLAIM_IDLE,
    DEAD_STREAM,
    GATE,
    MAX_DELIVERIES,
    REDIS_DIRECT_URL,
    SETTLE,
    STREAM,
    events,
    group,
    idle,
    notifications,
    order,
    place,
    readyz_becomes,
    set_stock,
    settled,
    stats,
    stock,
    unique_email,
    unique_sku,
    wait_for,
)

needs_gate = pytest.mark.skipif(GATE is None, reason="needs FOLIO_REDIS_GATE, the cell's own gate to Redis")


def entry_of(redis: Redis, order_id: int, kind: str) -> dict[str, str]:
    """The stream entry of this order's event of this type (newest first, within the last 2000)."""
    for _, flat in redis.command("XREVRANGE", STREAM, "+", "-", "COUNT", 2000):  # type: ignore[union-attr]
        entry = fields(flat)
        if entry.get("orderId") == str(order_id) and entry.get("type") == kind:
            return entry
    raise AssertionError(f"no {kind} entry for order {order_id} in the stream `{STREAM}`")


def test_a_stream_entry_carries_the_event(client: httpx.Client, redis: Redis) -> None:
    sku = unique_sku()
    set_stock(client, sku, 1)
    done = settled(client, place(client, sku)["id"])
    placed = events(client, done["id"])[0]
    entry = entry_of(redis, done["id"], "order.placed")
    assert {"id", "type", "orderId", "occurredAt", "data"} <= set(entry), entry
    assert entry["id"] == str(placed["id"]) and entry["occurredAt"] == placed["occurredAt"], (entry, placed)


def test_a_duplicate_delivery_has_no_second_effect(client: httpx.Client, redis: Redis) -> None:
    sku = unique_sku("dup")
    set_stock(client, sku, 5)
    done = settled(client, place(client, sku, quantity=2)["id"])
    assert done["status"] == "confirmed" and stock(client, sku) == 3, done
    idle(client)
    # The relay may publish twice (a crash between XADD and marking the row): consumers deduplicate by event id.
    for kind in ("order.placed", "order.confirmed"):
        entry = entry_of(redis, done["id"], kind)
        redis.command("XADD", STREAM, "*", *[part for pair in entry.items() for part in pair])
    idle(client)
    assert stock(client, sku) == 3, "a duplicated order.placed reserved the stock a second time"
    assert [e["type"] for e in events(client, done["id"])] == ["order.placed", "order.confirmed"], (
        "a duplicated order.placed made a second outcome event"
    )
    assert len(notifications(client, done["id"])) == 1, "a duplicated order.confirmed sent a second notification"
    assert order(client, done["id"])["status"] == "confirmed"


def test_a_poison_message_is_dead_lettered_and_the_pipeline_keeps_flowing(client: httpx.Client, redis: Redis) -> None:
    idle(client)
    before = group(stats(client), "inventory")["deadLettered"]
    before_notifications = group(stats(client), "notifications")["deadLettered"]
    poison_id = str(2**53 - 1 - random.randrange(10**9))
    started = time.monotonic()
    source = redis.command(
        "XADD", STREAM, "*", "id", poison_id, "type", "order.placed", "orderId", str(2**53 - 1),
        "occurredAt", "2026-01-01T00:00:00.000Z", "data", "{this is not json",
    )  # fmt: skip

    sku = unique_sku("after-poison")
    set_stock(client, sku, 1)
    flowing = settled(client, place(client, sku)["id"], seconds=SETTLE + MAX_DELIVERIES * CLAIM_IDLE * 2)
    assert flowing["status"] == "confirmed", "an order after a poison message is still processed"

    def dead_letter() -> dict[str, str] | None:
        for _, flat in redis.command("XRANGE", DEAD_STREAM, "-", "+") or []:  # type: ignore[union-attr]
            entry = fields(flat)
            if entry.get("id") == poison_id:
                return entry
        return None

    dead = wait_for(
        dead_letter, SETTLE + MAX_DELIVERIES * CLAIM_IDLE * 3, f"the poison message is not in {DEAD_STREAM}"
    )
    took = time.monotonic() - started
    assert took >= (MAX_DELIVERIES - 1) * CLAIM_IDLE * 0.9, (
        f"dead-lettered after {took:.1f} s: it was not delivered {MAX_DELIVERIES} times, {CLAIM_IDLE} s apart"
    )
    assert dead.get("group") == "inventory" and dead.get("error", "").strip(), f"a dead letter says why: {dead}"
    assert dead.get("sourceId") == source, f"a dead letter names the entry it came from ({source}): {dead}"
    assert dead.get("deliveries", "").isdigit() and int(dead["deliveries"]) >= MAX_DELIVERIES, dead
    after = idle(client)
    assert group(after, "inventory")["deadLettered"] == before + 1, f"deadLettered did not count it: {after}"
    assert group(after, "notifications")["deadLettered"] == before_notifications, (
        "the notifications group has no business with an order.placed entry"
    )


def blocked(redis: Redis, name: str) -> bool:
    """Whether the client called `name` waits in XREADGROUP."""
    lines = str(redis.command("CLIENT", "LIST")).splitlines()
    return any(f" name={name} " in f" {line} " and "cmd=xreadgroup" in line for line in lines)


@pytest.fixture
def crashed(redis: Redis) -> Iterator[str]:
    name = f"verify-crashed-{random.randrange(10**6)}"
    yield name
    redis.command("XGROUP", "DELCONSUMER", STREAM, "inventory", name)


@needs_gate
def test_a_message_held_by_a_dead_consumer_is_claimed_and_processed_once(client: httpx.Client, crashed: str) -> None:
    assert GATE is not None and REDIS_DIRECT_URL is not None
    idle(client)
    sku = unique_sku("claimed")
    set_stock(client, sku, 3)
    # Cut the server off Redis so the order's event waits in the outbox, and be the first
    # reader of group `inventory` when it is published: a consumer that then dies holding it.
    GATE.write_text("closed\n")
    held: list[Any] = []
    try:
        readyz_becomes(client, 503, seconds=10)
        placed = place(client, sku)
        reader = Redis(REDIS_DIRECT_URL, timeout=SETTLE + 10)
        reader.command("CLIENT", "SETNAME", crashed)

        read = (
            "XREADGROUP",
            "GROUP",
            "inventory",
            crashed,
            "COUNT",
            1,
            "BLOCK",
            int(SETTLE * 1000),
            "STREAMS",
            STREAM,
            ">",
        )
        thread = threading.Thread(target=lambda: held.append(reader.command(*read)), daemon=True)
        thread.start()
        with Redis(REDIS_DIRECT_URL) as look:
            wait_for(lambda: blocked(look, crashed), 5, "the suite's reader is not blocked on the stream")
    finally:
        GATE.write_text("open\n")
    thread.join(SETTLE + 5)
    reader.close()
    assert held and held[0], "the relay did not publish the order once Redis was back"
    ((_, entries),) = held[0]  # type: ignore[misc]
    entry = fields(entries[0][1])
    assert entry.get("orderId") == str(placed["id"]) and entry.get("type") == "order.placed", (
        f"the suite expected order {placed['id']}'s order.placed and read {entry}"
    )
    assert order(client, placed["id"])["status"] == "placed", "the order moved while its only message was held"
    done = settled(client, placed["id"], seconds=CLAIM_IDLE + SETTLE)
    assert done["status"] == "confirmed", done
    idle(client)
    assert stock(client, sku) == 2, "the claimed message took effect other than once"
    assert len(notifications(client, placed["id"])) == 1
    with Redis(REDIS_DIRECT_URL) as look:
        still = look.command("XPENDING", STREAM, "inventory", "-", "+", 10, crashed)
    assert still == [], f"the dead consumer still holds {still}: the claimer did not take it over"


@needs_gate
def test_orders_are_accepted_while_redis_is_down_and_processed_when_it_is_back(client: httpx.Client) -> None:
    assert GATE is not None
    idle(client)
    sku, email = unique_sku("outage"), unique_email("outage")
    set_stock(client, sku, 5)
    GATE.write_text("closed\n")
    try:
        readyz_becomes(client, 503, seconds=10)
        assert client.get("/healthz").status_code == 200, "/healthz stays 200 while Redis is down"
        ids = [place(client, sku, email=email)["id"] for _ in range(5)]
        time.sleep(CLAIM_IDLE)
        assert all(order(client, i)["status"] == "placed" for i in ids), "orders settled without a broker"
    finally:
        GATE.write_text("open\n")
    readyz_becomes(client, 200, seconds=SETTLE)
    outcomes = [settled(client, i, seconds=SETTLE * 2)["status"] for i in ids]
    assert outcomes == ["confirmed"] * 5, f"orders placed during the outage settled {outcomes}"
    assert stock(client, sku) == 0
    idle(client)
    assert all(len(notifications(client, i)) == 1 for i in ids)
