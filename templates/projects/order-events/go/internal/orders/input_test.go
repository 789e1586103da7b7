package orders

import (
	"encoding/json"
	"strings"
	"testing"
)

// The rules match the OpenAPI document's, which schemathesis holds the
// server to: 2.0 is an integer there, and a domain may end in a dot.
func TestIntegersAreJSONSchemaIntegers(t *testing.T) {
	for text, want := range map[string]int64{"2": 2, "2.0": 2, "1e3": 1000, "9007199254740990.0": 9007199254740990} {
		if got, message := integer(json.RawMessage(text), 0, 1<<53-1); message != "" || got != want {
			t.Errorf("%s: %d %q", text, got, message)
		}
	}
	for _, text := range []string{"1.5", `"2"`, "true", "null", "-1", "1e20", "[]"} {
		if _, message := integer(json.RawMessage(text), 0, 1<<53-1); message == "" {
			t.Errorf("%s accepted", text)
		}
	}
}

func TestEmailsFollowTheDocumentedPattern(t *testing.T) {
	for _, email := range []string{"a@b.co", "a@b.c.", "ä@ü.de", strings.Repeat("é", 240) + "@b.co"} {
		if !validEmail(email) {
			t.Errorf("%q refused", email)
		}
	}
	for _, email := range []string{"not an address", "a@b", "a@.b", "a@b.", "@b.co", "a@b@c.co", "a\x00@b.co", strings.Repeat("a", 250) + "@b.co"} {
		if validEmail(email) {
			t.Errorf("%q accepted", email)
		}
	}
}
