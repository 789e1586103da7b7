package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func TestTokens(t *testing.T) {
	secret := strings.Repeat("k", 32)
	tokens := NewTokens(secret, time.Hour)
	token, err := tokens.Issue(42)
	if err != nil {
		t.Fatal(err)
	}
	if id, err := tokens.Verify(token); id != 42 || err != nil {
		t.Fatalf("Verify = %d, %v", id, err)
	}

	later := NewTokens(secret, time.Hour)
	later.now = func() time.Time { return time.Now().Add(2 * time.Hour) }
	sign := func(method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
		signed, err := jwt.NewWithClaims(method, claims).SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return signed
	}
	future := time.Now().Add(time.Hour).Unix()
	invalid := map[string]string{
		"expired":           token,
		"wrong secret":      sign(jwt.SigningMethodHS256, []byte(strings.Repeat("x", 32)), jwt.MapClaims{"sub": "42", "exp": future}),
		"alg none":          sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, jwt.MapClaims{"sub": "42", "exp": future}),
		"HS512":             sign(jwt.SigningMethodHS512, []byte(secret), jwt.MapClaims{"sub": "42", "exp": future}),
		"no expiry":         sign(jwt.SigningMethodHS256, []byte(secret), jwt.MapClaims{"sub": "42"}),
		"subject not an id": sign(jwt.SigningMethodHS256, []byte(secret), jwt.MapClaims{"sub": "ada", "exp": future}),
		"garbage":           "not.a.token",
	}
	for name, token := range invalid {
		verifier := tokens
		if name == "expired" {
			verifier = later
		}
		if _, err := verifier.Verify(token); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestBearerToken(t *testing.T) {
	for header, want := range map[string]string{
		"Bearer abc": "abc", "bearer abc": "abc", "Bearer": "", "Bearer ": "", "Basic abc": "", "Bearer a b": "", "": "",
	} {
		if got, _ := BearerToken(header); got != want {
			t.Errorf("BearerToken(%q) = %q, want %q", header, got, want)
		}
	}
}
