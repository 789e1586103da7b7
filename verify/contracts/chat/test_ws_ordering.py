"""Concurrent senders: every member sees one order, the order of ids."""

import threading

from chat_support import assert_message

SENDERS, EACH = 5, 20


def test_concurrent_senders_are_seen_by_all_in_one_order_of_ids(api, new_user, room, ws_client):
    users = [new_user() for _ in range(SENDERS)]  # all first: a connection must not idle
    clients = [ws_client(user) for user in users]
    for client in clients:
        client.join(room["id"])
    for position, client in enumerate(clients):  # presence of each later joiner
        for _ in range(SENDERS - 1 - position):
            client.recv_type("presence")

    barrier = threading.Barrier(SENDERS)
    received: dict[int, list[dict]] = {}
    failures: list[BaseException] = []

    def run(position: int) -> None:
        client = clients[position]
        try:
            barrier.wait(timeout=10)
            for n in range(EACH):
                body = f"{client.user.username} #{n}"
                client.send({"type": "message", "room": room["id"], "body": body})
            received[position] = [
                client.recv_type("message", timeout=10) for _ in range(SENDERS * EACH)
            ]
        except BaseException as failure:  # reported by the main thread
            failures.append(failure)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert len(received) == SENDERS

    sequence = received[0]
    for position in range(1, SENDERS):
        assert received[position] == sequence, f"client {position} saw another order"
    ids = [message["id"] for message in sequence]
    assert ids == sorted(ids), "not in ascending id order"
    assert len(set(ids)) == SENDERS * EACH, "ids are not unique"
    for client in clients:
        name = client.user.username
        mine = [message for message in sequence if message["user"] == name]
        assert [message["body"] for message in mine] == [f"{name} #{n}" for n in range(EACH)]
        for message in mine:
            assert_message(message, room["id"], name, message["body"])

    owner = clients[0].user
    response = api.get(
        f"/rooms/{room['id']}/messages", params={"limit": 100}, headers=owner.headers
    )
    assert [message["id"] for message in response.json()["data"]] == ids
