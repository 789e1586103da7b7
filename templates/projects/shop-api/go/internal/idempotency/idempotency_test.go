package idempotency

import (
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCanonicalSortsKeysDropsWhitespaceAndWritesIntegersAlike(t *testing.T) {
	tests := map[string]string{
		"":     `{}`,
		"  \n": `{}`,
		`{}`:   `{}`,
		`{ "b": 1, "a": {"d": [2.0, 3e0], "c": "<&>"} }`:         `{"a":{"c":"<&>","d":[2,3]},"b":1}`,
		`{"card":{"number":"4242424242424242","expMonth":12.0}}`: `{"card":{"expMonth":12,"number":"4242424242424242"}}`,
		`{"x":1.5}`: `{"x":1.5}`,
	}
	for body, want := range tests {
		got, ok := Canonical([]byte(body))
		if !ok || string(got) != want {
			t.Errorf("Canonical(%q) = %q, %v; want %q", body, got, ok, want)
		}
	}
	for _, bad := range []string{`[]`, `null`, `"x"`, `{`, `{} {}`, `{"a":1} x`} {
		if _, ok := Canonical([]byte(bad)); ok {
			t.Errorf("Canonical accepted %q", bad)
		}
	}
}

func TestFingerprintsAreKeyedDigestsOfTheCanonicalBody(t *testing.T) {
	f := NewFingerprints(strings.Repeat("k", 32))
	one, _ := Canonical([]byte(`{"a":1,"b":2}`))
	same, _ := Canonical([]byte(`{"b":2, "a":1.0}`))
	other, _ := Canonical([]byte(`{"a":1,"b":3}`))
	if f.Of(one) != f.Of(same) || f.Of(one) == f.Of(other) || len(f.Of(one)) != 64 {
		t.Errorf("%s %s %s", f.Of(one), f.Of(same), f.Of(other))
	}
	if NewFingerprints(strings.Repeat("x", 32)).Of(one) == f.Of(one) {
		t.Error("the fingerprint does not depend on the secret")
	}
}

func TestKeyOf(t *testing.T) {
	for key, valid := range map[string]bool{"": false, "k": true, strings.Repeat("k", 255): true, strings.Repeat("k", 256): false, strings.Repeat("é", 255): true,
		"\xd7\xf8": false, "a\x00b": false} {
		request := httptest.NewRequest("POST", "/orders", nil)
		if key != "" {
			request.Header.Set(Header, key)
		}
		if _, err := KeyOf(request); (err == nil) != valid {
			t.Errorf("key of %d characters: %v", len([]rune(key)), err)
		}
	}
}
