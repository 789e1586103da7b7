"""The shop's own Prometheus metrics, beside the base's HTTP metrics."""

from prometheus_client import Counter

PAYMENTS = Counter(
    "shop_payments_total",
    "Payments made, by the status the simulator gave them: succeeded, declined or pending.",
    ["status"],
)
WEBHOOK_EVENTS = Counter(
    "shop_webhook_events_total",
    "Signed, well-formed webhook events received, by outcome: applied, ignored or duplicate.",
    ["outcome"],
)
