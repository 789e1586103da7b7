"""Webhook signatures: `Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`.

The scheme is Stripe's: the HMAC covers `"<t>." + raw body`, so neither the
timestamp nor a byte of the body can change without breaking it, and a
signature older (or newer) than the tolerance is refused, so a captured
request cannot be replayed later. Several `v1` items may be sent (while a
secret is being rotated); unknown items are ignored.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

TOLERANCE_SECONDS = 300
HEADER = "Webhook-Signature"
_HEX = re.compile(r"[0-9a-fA-F]+")


class SignatureError(Exception):
    """The signature is missing, malformed, stale or wrong; the message says which, never what it should be."""


@dataclass(frozen=True)
class ParsedSignature:
    timestamp: int
    signatures: tuple[str, ...]


def compute(secret: str, timestamp: int, raw: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + raw, hashlib.sha256).hexdigest()


def sign(secret: str, timestamp: int, raw: bytes) -> str:
    """The header value for `raw` signed at `timestamp`."""
    return f"t={timestamp},v1={compute(secret, timestamp, raw)}"


def parse(header: str | None) -> ParsedSignature:
    if not header:
        raise SignatureError(f"the {HEADER} header is missing")
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t":
            if not (value.isascii() and value.isdigit()) or len(value) > 12:
                raise SignatureError(f"the {HEADER} header's t is not a unix time")
            timestamp = int(value)
        elif name == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError(f"the {HEADER} header must be t=<unix time>,v1=<signature>")
    return ParsedSignature(timestamp, tuple(signatures))


def verify(secret: str, header: str | None, raw: bytes, now: float) -> None:
    """Raise SignatureError unless `header` signs `raw` with `secret` within the tolerance of `now`."""
    parsed = parse(header)
    if abs(now - parsed.timestamp) > TOLERANCE_SECONDS:
        raise SignatureError(
            f"the signature's timestamp is stale: more than {TOLERANCE_SECONDS} s from now"
        )
    expected = bytes.fromhex(compute(secret, parsed.timestamp, raw))
    matched = False
    for candidate in parsed.signatures:
        given = (
            bytes.fromhex(candidate)
            if _HEX.fullmatch(candidate) and len(candidate) % 2 == 0
            else b""
        )
        # Constant time, and every candidate is compared, so timing says nothing about which came close.
        matched |= hmac.compare_digest(given, expected)
    if not matched:
        raise SignatureError("no v1 signature matches this body and timestamp")
