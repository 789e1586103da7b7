package keys

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// issuedAt is the tests' clock. Ed25519 signatures are deterministic, so a
// fixed instant makes every token, and so every test, the same on each run.
var issuedAt = time.Date(2026, 12, 7, 0, 0, 55, 0, time.UTC)

func testSigner(t *testing.T, seed byte) *Signer {
	t.Helper()
	s := NewSigner(ed25519.NewKeyFromSeed([]byte(strings.Repeat(string(rune('a'+seed)), ed25519.SeedSize))), "test-issuer", time.Minute)
	s.now = func() time.Time { return issuedAt }
	return s
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
	if want := issuedAt.Add(time.Minute); !expires.Equal(want) {
		t.Errorf("expires at %v, want %v", expires, want)
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
	if c["sub"] != "42" || c["role"] != "admin" || c["iss"] != "test-issuer" ||
		c["iat"] != float64(issuedAt.Unix()) || c["exp"] != float64(issuedAt.Add(time.Minute).Unix()) {
		t.Errorf("claims %v", c)
	}
}

func TestVerifyRefusesForeignForgedAndExpiredTokens(t *testing.T) {
	s := testSigner(t, 0)
	foreign, _, _ := testSigner(t, 1).Issue(1, "user")
	token, _, _ := s.Issue(1, "user")
	otherIssuer := NewSigner(s.private, "someone-else", time.Minute)
	otherIssuer.now = s.now
	fromOtherIssuer, _, _ := otherIssuer.Issue(1, "user")
	for name, candidate := range map[string]string{
		"another key": foreign, "garbage": "not.a.token", "empty": "",
		"another issuer": fromOtherIssuer,
	} {
		if _, err := s.Verify(candidate); err == nil {
			t.Errorf("%s verified", name)
		}
	}
	late := testSigner(t, 0)
	late.now = func() time.Time { return issuedAt.Add(2 * time.Minute) }
	if _, err := late.Verify(token); err == nil {
		t.Error("an expired token verified")
	}
}

// A forged signature must differ from the real one. Overwriting the last two
// base64url characters with "AA" did not always: an Ed25519 signature ends
// with the scalar S, which is below 2^253, so its last byte is small and the
// real signature ends in "AA" for about one token in sixteen (issuedAt is
// such an instant). The test then "forged" the genuine token and failed
// whenever it ran in one of those seconds. Flipping a bit of each byte of
// the decoded signature changes it for certain.
func TestVerifyRefusesEveryAlteredSignatureByte(t *testing.T) {
	s := testSigner(t, 0)
	token, _, _ := s.Issue(1, "user")
	dot := strings.LastIndexByte(token, '.')
	signature, err := base64.RawURLEncoding.DecodeString(token[dot+1:])
	if err != nil || len(signature) != ed25519.SignatureSize {
		t.Fatalf("signature %q: %v", token[dot+1:], err)
	}
	if !strings.HasSuffix(token, "AA") {
		t.Fatalf("issuedAt no longer gives a signature ending in AA, the case this test keeps covered: %q", token[dot+1:])
	}
	for i := range signature {
		altered := bytes.Clone(signature)
		altered[i] ^= 0x01
		forged := token[:dot+1] + base64.RawURLEncoding.EncodeToString(altered)
		if _, err := s.Verify(forged); err == nil {
			t.Errorf("a signature altered in byte %d verified", i)
		}
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
