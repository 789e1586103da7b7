"""A shop API: products, carts, idempotent checkout and a payment simulator that settles through signed webhooks."""
