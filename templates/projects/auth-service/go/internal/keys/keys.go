// Package keys signs and checks access tokens: JWTs signed with Ed25519
// (JWS algorithm EdDSA). Only this service holds the private key; every
// other service verifies tokens with the public key it fetches from
// /.well-known/jwks.json, so none of them can mint one.
//
// An access token carries what another service needs to authorise a request
// without calling back: who (`sub`), what they may do (`role`), who issued it
// (`iss`) and for how long it holds (`iat`, `exp`). It cannot be revoked; it
// is short-lived instead.
package keys

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Algorithm is the JWS algorithm of the tokens.
const Algorithm = "EdDSA"

// Signer issues and verifies the access tokens of one key.
type Signer struct {
	private ed25519.PrivateKey
	public  ed25519.PublicKey
	issuer  string
	ttl     time.Duration
	kid     string
	x       string
	now     func() time.Time
}

// NewSigner signs tokens valid for ttl, issued by issuer.
func NewSigner(private ed25519.PrivateKey, issuer string, ttl time.Duration) *Signer {
	public := private.Public().(ed25519.PublicKey)
	x := base64.RawURLEncoding.EncodeToString(public)
	// RFC 7638: the key id is the thumbprint of the required members, sorted,
	// without whitespace. It follows the key by construction, so a rotated
	// key can never be published under a stale id.
	thumbprint := sha256.Sum256([]byte(`{"crv":"Ed25519","kty":"OKP","x":"` + x + `"}`))
	return &Signer{
		private: private, public: public, issuer: issuer, ttl: ttl,
		kid: base64.RawURLEncoding.EncodeToString(thumbprint[:]), x: x, now: time.Now,
	}
}

// JWK is a public key as RFC 8037 writes an Ed25519 one.
type JWK struct {
	Kty string `json:"kty"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
}

// JWK is the public half of the key.
func (s *Signer) JWK() JWK {
	return JWK{Kty: "OKP", Crv: "Ed25519", X: s.x, Kid: s.kid, Alg: Algorithm, Use: "sig"}
}

type claims struct {
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Issue signs a token for the user with that role; it expires at the
// returned time (a whole second, as JWT times are).
func (s *Signer) Issue(userID int64, role string) (token string, expires time.Time, err error) {
	issued := s.now().UTC().Truncate(time.Second)
	expires = issued.Add(s.ttl)
	unsigned := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims{
		Role: role,
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    s.issuer,
			Subject:   strconv.FormatInt(userID, 10),
			IssuedAt:  jwt.NewNumericDate(issued),
			ExpiresAt: jwt.NewNumericDate(expires),
		},
	})
	unsigned.Header["kid"] = s.kid
	token, err = unsigned.SignedString(s.private)
	return token, expires, err
}

// ErrInvalid is Verify's answer for a token that is malformed, forged,
// foreign or expired.
var ErrInvalid = errors.New("keys: invalid access token")

// Verify is the id of the user a valid token was issued to.
func (s *Signer) Verify(token string) (int64, error) {
	var parsed claims
	_, err := jwt.ParseWithClaims(token, &parsed, func(t *jwt.Token) (any, error) {
		// A verifier picks its key by kid; this service has one key, so any
		// other id is foreign.
		if kid, _ := t.Header["kid"].(string); kid != s.kid {
			return nil, ErrInvalid
		}
		return s.public, nil
	},
		jwt.WithValidMethods([]string{Algorithm}),
		jwt.WithIssuer(s.issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(s.now),
	)
	if err != nil || parsed.IssuedAt == nil {
		return 0, ErrInvalid
	}
	id, err := strconv.ParseInt(parsed.Subject, 10, 64)
	if err != nil || id < 1 || parsed.Subject != strconv.FormatInt(id, 10) {
		return 0, ErrInvalid
	}
	return id, nil
}
