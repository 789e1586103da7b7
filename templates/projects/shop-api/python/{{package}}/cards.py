"""Card checks and the payment simulator's decisions, as a processor's test mode makes them.

Nothing here keeps a card number: the checks read it, the simulator decides
by it, and all that leaves this module is the brand and the last four digits.
"""

from dataclasses import dataclass
from datetime import datetime

SUCCEEDED = "succeeded"
DECLINED = "declined"
PENDING = "pending"

# The processor's test cards; any other number that passes the Luhn check succeeds.
TEST_CARDS: dict[str, tuple[str, str | None]] = {
    "4242424242424242": (SUCCEEDED, None),
    "4000000000000002": (DECLINED, "card_declined"),
    "4000000000009995": (DECLINED, "insufficient_funds"),
    "4000000000003220": (PENDING, None),
}


def passes_luhn(number: str) -> bool:
    """Whether a string of digits passes the Luhn (mod 10) check."""
    if not number.isascii() or not number.isdigit():
        return False
    total = 0
    for position, digit in enumerate(int(char) for char in reversed(number)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def brand_of(number: str) -> str:
    """The card network by the number's prefix (IIN ranges)."""
    if number.startswith("4"):
        return "visa"
    if number.startswith(("34", "37")):
        return "amex"
    if "51" <= number[:2] <= "55" or "2221" <= number[:4] <= "2720":
        return "mastercard"
    return "unknown"


def expiry_error(exp_month: int, exp_year: int, now: datetime) -> str | None:
    """The field that makes a card expired at `now` (UTC), or None while it is valid.

    A card is valid through the last day of its expiry month.
    """
    if exp_year < now.year:
        return "card.expYear"
    if exp_year == now.year and exp_month < now.month:
        return "card.expMonth"
    return None


@dataclass(frozen=True)
class Decision:
    status: str
    decline_code: str | None


def decide(number: str) -> Decision:
    """What the simulator answers for a valid card number."""
    status, code = TEST_CARDS.get(number, (SUCCEEDED, None))
    return Decision(status, code)
