"""The plumbing every service shares: settings, database, errors, logs, metrics, probes.

Nothing here knows this API's resources; the domain modules beside `core/`
and the routers in `api/` build on it.
"""
