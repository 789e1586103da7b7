// Package auth hashes passwords with argon2id and signs and checks the
// HS256 access tokens.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's minimum (19 MiB, 2 passes, 1 lane).
const (
	memoryKiB   = 19456
	iterations  = 2
	parallelism = 1
	saltLength  = 16
	keyLength   = 32
)

var b64 = base64.RawStdEncoding

// Hasher hashes and verifies passwords, at most a fixed number at once: each
// hash claims 19 MiB, so a burst of logins waits its turn instead of taking
// the memory of the machine.
type Hasher struct {
	slots chan struct{}
	// decoy is verified against when there is no user, so that an unknown
	// email takes as long to refuse as a wrong password.
	decoy string
}

// NewHasher allows concurrency hashes or verifications at once.
func NewHasher(concurrency int) *Hasher {
	h := &Hasher{slots: make(chan struct{}, max(1, concurrency))}
	h.decoy = encode(make([]byte, saltLength), argon2.IDKey(nil, make([]byte, saltLength), iterations, memoryKiB, parallelism, keyLength), memoryKiB, iterations, parallelism)
	return h
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hasher) release() { <-h.slots }

// Hash is the PHC string of password with a fresh random salt:
// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func (h *Hasher) Hash(ctx context.Context, password string) (string, error) {
	salt := make([]byte, saltLength)
	_, _ = rand.Read(salt) // crypto/rand.Read never fails
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	key := argon2.IDKey([]byte(password), salt, iterations, memoryKiB, parallelism, keyLength)
	return encode(salt, key, memoryKiB, iterations, parallelism), nil
}

// Verify tells whether password matches the PHC string, whatever argon2id
// parameters it was made with.
func (h *Hasher) Verify(ctx context.Context, encoded, password string) (bool, error) {
	params, salt, want, err := decode(encoded)
	if err != nil {
		return false, err
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	got := argon2.IDKey([]byte(password), salt, params.iterations, params.memory, params.parallelism, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// VerifyNothing spends the time of one verification and matches nothing.
func (h *Hasher) VerifyNothing(ctx context.Context, password string) error {
	_, err := h.Verify(ctx, h.decoy, password)
	return err
}

func encode(salt, key []byte, memory, iterations uint32, parallelism uint8) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memory, iterations, parallelism, b64.EncodeToString(salt), b64.EncodeToString(key))
}

type parameters struct {
	memory, iterations uint32
	parallelism        uint8
}

var errMalformed = errors.New("auth: not an argon2id PHC string")

func decode(encoded string) (parameters, []byte, []byte, error) {
	var p parameters
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, errMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, errMalformed
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.iterations, &p.parallelism); err != nil ||
		p.memory == 0 || p.iterations == 0 || p.parallelism == 0 {
		return p, nil, nil, errMalformed
	}
	salt, saltErr := b64.DecodeString(parts[4])
	key, keyErr := b64.DecodeString(parts[5])
	if saltErr != nil || keyErr != nil || len(key) == 0 {
		return p, nil, nil, errMalformed
	}
	return p, salt, key, nil
}
