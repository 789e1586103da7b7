package payments

import (
	"testing"
	"time"
)

func TestLuhn(t *testing.T) {
	for number, valid := range map[string]bool{
		"4242424242424242": true, "4000000000000002": true, "4000000000009995": true, "4000000000003220": true,
		"5555555555554444": true, "378282246310005": true, "4242424242424241": false, "": false,
		"4242 4242 4242 4242": false, "424242424242424a": false, "0": true, "18": true, "19": false,
	} {
		if Luhn(number) != valid {
			t.Errorf("Luhn(%q) = %v", number, !valid)
		}
	}
}

func TestBrandByPrefix(t *testing.T) {
	for number, brand := range map[string]string{
		"4242424242424242": "visa", "5105105105105100": "mastercard", "5555555555554444": "mastercard",
		"2221000000000009": "mastercard", "2720990000000007": "mastercard", "2220990000000000": "unknown",
		"2721000000000000": "unknown", "5600000000000000": "unknown", "378282246310005": "amex",
		"340000000000009": "amex", "6011111111111117": "unknown", "3": "unknown",
	} {
		if got := Brand(number); got != brand {
			t.Errorf("Brand(%q) = %q, want %q", number, got, brand)
		}
	}
}

func TestACardIsValidThroughTheEndOfItsMonth(t *testing.T) {
	lastMoment := time.Date(2030, 6, 30, 23, 59, 59, 0, time.UTC)
	if Expired(6, 2030, lastMoment) {
		t.Error("expired on its last day")
	}
	if !Expired(6, 2030, lastMoment.Add(time.Second)) {
		t.Error("valid after its month")
	}
	if !Expired(12, 2029, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Error("December did not roll over to the next year")
	}
	if Expired(12, 2030, time.Date(2030, 12, 31, 12, 0, 0, 0, time.UTC)) {
		t.Error("December expired early")
	}
}

func TestTheTestCards(t *testing.T) {
	for number, want := range map[string][2]string{
		"4242424242424242": {Succeeded, ""}, "4000000000000002": {Declined, "card_declined"},
		"4000000000009995": {Declined, "insufficient_funds"}, "4000000000003220": {Pending, ""},
		"5555555555554444": {Succeeded, ""},
	} {
		if status, code := Decide(number); status != want[0] || code != want[1] {
			t.Errorf("Decide(%q) = %q, %q", number, status, code)
		}
	}
}
