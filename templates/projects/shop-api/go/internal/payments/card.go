// Package payments charges orders through a built-in simulator that behaves
// like a card processor's test mode, and settles pending payments through the
// signed webhook, as a real processor would.
package payments

import (
	"strings"
	"time"
)

// Luhn tells whether a string of digits passes the Luhn check.
func Luhn(number string) bool {
	if number == "" || strings.Trim(number, "0123456789") != "" {
		return false
	}
	sum := 0
	double := false
	for i := len(number) - 1; i >= 0; i-- {
		digit := int(number[i] - '0')
		if double {
			digit *= 2
			if digit > 9 {
				digit -= 9
			}
		}
		sum += digit
		double = !double
	}
	return sum%10 == 0
}

// Brand is the card network by the number's prefix: 4 visa, 51–55 and
// 2221–2720 mastercard, 34 and 37 amex, anything else unknown.
func Brand(number string) string {
	prefix := func(n int) int {
		if len(number) < n {
			return -1
		}
		value := 0
		for _, c := range number[:n] {
			value = value*10 + int(c-'0')
		}
		return value
	}
	switch {
	case strings.HasPrefix(number, "4"):
		return "visa"
	case prefix(2) >= 51 && prefix(2) <= 55, prefix(4) >= 2221 && prefix(4) <= 2720:
		return "mastercard"
	case prefix(2) == 34 || prefix(2) == 37:
		return "amex"
	}
	return "unknown"
}

// Expired tells whether a card valid through the end of its expiry month
// (UTC) has expired at now.
func Expired(month, year int64, now time.Time) bool {
	firstAfter := time.Date(int(year), time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC)
	return !now.UTC().Before(firstAfter)
}

// The statuses of a payment, and the decline codes of the test cards.
const (
	Pending   = "pending"
	Succeeded = "succeeded"
	Declined  = "declined"
)

// Decide is the simulator's answer to a card number, like a processor's
// test cards: 4242424242424242 succeeds, 4000000000000002 is declined
// (card_declined), 4000000000009995 is declined (insufficient_funds),
// 4000000000003220 stays pending and settles later; any other number
// succeeds.
func Decide(number string) (status, declineCode string) {
	switch number {
	case "4000000000000002":
		return Declined, "card_declined"
	case "4000000000009995":
		return Declined, "insufficient_funds"
	case "4000000000003220":
		return Pending, ""
	}
	return Succeeded, ""
}
