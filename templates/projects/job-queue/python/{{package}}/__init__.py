"""A durable job queue over HTTP: leases with heartbeats, retries with backoff, and a worker."""
