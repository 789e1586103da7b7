package auth

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

func TestHashIsAnArgon2idPHCStringWithOWASPParameters(t *testing.T) {
	hasher := NewHasher(1)
	ctx := context.Background()
	hash, err := hasher.Hash(ctx, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", hash)
	}
	parts := strings.Split(hash, "$")
	salt, _ := base64.RawStdEncoding.DecodeString(parts[4])
	key, _ := base64.RawStdEncoding.DecodeString(parts[5])
	if len(salt) != 16 || len(key) != 32 {
		t.Errorf("salt of %d bytes, hash of %d", len(salt), len(key))
	}
	again, _ := hasher.Hash(ctx, "correct horse")
	if again == hash {
		t.Error("two hashes of one password share a salt")
	}
	for password, want := range map[string]bool{"correct horse": true, "correct horse ": false, "": false} {
		if ok, err := hasher.Verify(ctx, hash, password); ok != want || err != nil {
			t.Errorf("Verify(%q) = %v, %v", password, ok, err)
		}
	}
}

func TestHashesWithOtherParametersStillVerify(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("old password"), salt, 3, 65536, 4, 32)
	old := fmt.Sprintf("$argon2id$v=19$m=65536,t=3,p=4$%s$%s",
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	if ok, err := NewHasher(1).Verify(context.Background(), old, "old password"); !ok || err != nil {
		t.Errorf("an older hash no longer verifies: %v, %v", ok, err)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA"} {
		if ok, err := NewHasher(1).Verify(context.Background(), bad, "x"); ok || err == nil {
			t.Errorf("Verify accepted %q", bad)
		}
	}
}

func TestAtMostConcurrencyHashesRunAtOnce(t *testing.T) {
	hasher := NewHasher(2)
	for range 2 {
		hasher.slots <- struct{}{} // two hashes in progress
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := hasher.Hash(ctx, "waits its turn"); err == nil {
		t.Fatal("a third hash ran while two were in progress")
	}
	<-hasher.slots
	if _, err := hasher.Hash(context.Background(), "now it runs"); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyNothingMatchesNothing(t *testing.T) {
	if err := NewHasher(1).VerifyNothing(context.Background(), "anything"); err != nil {
		t.Fatal(err)
	}
}
