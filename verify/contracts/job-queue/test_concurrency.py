"""Concurrent leases never hand out one job twice, and together they hand out all."""

import threading

from queue_support import enqueue, get_job, lease

JOBS, LEASERS = 40, 8


def test_concurrent_leasers_share_the_jobs_without_duplicates(api, queue):
    created = {enqueue(api, queue, payload={"n": n})["id"] for n in range(JOBS)}
    barrier = threading.Barrier(LEASERS)
    handed: list[tuple[str, str]] = []  # (worker, job id)
    failures: list[BaseException] = []

    def leaser(worker: str) -> None:
        try:
            barrier.wait(timeout=10)
            for _ in range(JOBS):  # bounded: stops at the first empty answer
                jobs = lease(api, queue, worker=worker, max=3, leaseSeconds=300)
                if not jobs:
                    return
                handed.extend((worker, job["id"]) for job in jobs)
        except BaseException as failure:  # reported by the main thread
            failures.append(failure)

    threads = [threading.Thread(target=leaser, args=(f"w{n}",)) for n in range(LEASERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    ids = [job_id for _, job_id in handed]
    duplicates = {job_id for job_id in ids if ids.count(job_id) > 1}
    assert not duplicates, f"handed out more than once: {duplicates}"
    assert set(ids) == created
    for job_id in list(created)[:5]:
        assert get_job(api, job_id)["attempts"] == 1
