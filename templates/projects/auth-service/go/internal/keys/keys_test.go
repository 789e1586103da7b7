package keys

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func testSigner(t *testing.T, seed byte) *Signer {
	t.Helper()
	return NewSigner(ed25519.NewKeyFromSeed([]byte(strings.Repeat(string(rune('a'+seed)), ed25519.SeedSize))), "test-issuer", time.Minute)
}

func TestIssueAndVerify(t *testing.T) {
	s := testSigner(t, 0)
	token, expires, err := s.Issue(42, "admin")
	if err != nil {
		t.Fatal(err)
	}
	if id, err := s.Verify(token); err != nil || id != 42 {
		t.Fatalf("Verify = %d, %v", id, err)
	}
	if until := time.Until(expires); until <= 58*time.Second || until > time.Minute {
		t.Errorf("expires in %v", until)
	}
	header, payload, _ := strings.Cut(token, ".")
	payload, _, _ = strings.Cut(payload, ".")
	var h, c map[string]any
	decode := func(part string, into any) {
		raw, err := base64.RawURLEncoding.DecodeString(part)
		if err != nil || json.Unmarshal(raw, into) != nil {
			t.Fatalf("part %q", part)
		}
	}
	decode(header, &h)
	decode(payload, &c)
	if h["alg"] != "EdDSA" || h["kid"] != s.JWK().Kid {
		t.Errorf("header %v", h)
	}
	for _, claim := range []string{"sub", "role", "iat", "exp", "iss"} {
		if _, ok := c[claim]; !ok {
			t.Errorf("no %s claim in %v", claim, c)
		}
	}
	if c["sub"] != "42" || c["role"] != "admin" || c["iss"] != "test-issuer" {
		t.Errorf("claims %v", c)
	}
}

func TestVerifyRefusesForeignForgedAndExpiredTokens(t *testing.T) {
	s := testSigner(t, 0)
	other := testSigner(t, 1)
	foreign, _, _ := other.Issue(1, "user")
	token, _, _ := s.Issue(1, "user")
	forged := token[:len(token)-2] + "AA"
	late := testSigner(t, 0)
	late.now = func() time.Time { return time.Now().Add(2 * time.Minute) }
	otherIssuer := NewSigner(s.private, "someone-else", time.Minute)
	fromOtherIssuer, _, _ := otherIssuer.Issue(1, "user")
	for name, candidate := range map[string]string{
		"another key": foreign, "a forged signature": forged, "garbage": "not.a.token", "empty": "",
		"another issuer": fromOtherIssuer,
	} {
		if _, err := s.Verify(candidate); err == nil {
			t.Errorf("%s verified", name)
		}
	}
	if _, err := late.Verify(token); err == nil {
		t.Error("an expired token verified")
	}
}

func TestTheKeyIDIsTheRFC7638Thumbprint(t *testing.T) {
	// RFC 8037 appendix A.3: the thumbprint of its example Ed25519 key.
	seed, _ := base64.RawURLEncoding.DecodeString("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
	s := NewSigner(ed25519.NewKeyFromSeed(seed), "x", time.Minute)
	if jwk := s.JWK(); jwk.X != "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" || jwk.Kid != "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k" {
		t.Errorf("JWK %+v", jwk)
	}
}
