"""The worker's side of the HTTP API: lease, heartbeat, ack and nack."""

from dataclasses import dataclass
from typing import Any

import httpx2


class LeaseLostError(Exception):
    """The API answered 409: the lease expired or the job went to another worker."""


@dataclass(frozen=True)
class Lease:
    """A leased job: what its handler needs, and the token that proves the lease."""

    job_id: str
    type: str
    payload: dict[str, Any]
    attempts: int
    token: str


class QueueClient:
    def __init__(self, http: httpx2.Client) -> None:
        self._http = http

    def lease(self, queue: str, worker_id: str, lease_seconds: int, limit: int) -> list[Lease]:
        body = {"workerId": worker_id, "leaseSeconds": lease_seconds, "max": limit}
        jobs = self._post(f"/queues/{queue}/leases", body)["jobs"]
        return [
            Lease(
                job_id=job["id"],
                type=job["type"],
                payload=job["payload"],
                attempts=job["attempts"],
                token=job["leaseToken"],
            )
            for job in jobs
        ]

    def heartbeat(self, lease: Lease, lease_seconds: int) -> None:
        self._post(
            f"/jobs/{lease.job_id}/heartbeat",
            {"leaseToken": lease.token, "leaseSeconds": lease_seconds},
        )

    def ack(self, lease: Lease, result: Any) -> None:
        self._post(f"/jobs/{lease.job_id}/ack", {"leaseToken": lease.token, "result": result})

    def nack(self, lease: Lease, error: str) -> None:
        self._post(f"/jobs/{lease.job_id}/nack", {"leaseToken": lease.token, "error": error})

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = self._http.post(path, json=body)
        if response.status_code == httpx2.codes.CONFLICT:
            raise LeaseLostError(response.json().get("detail", "the lease is no longer valid"))
        response.raise_for_status()
        return response.json()
