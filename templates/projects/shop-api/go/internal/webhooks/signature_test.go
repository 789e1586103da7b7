package webhooks

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestVerifyAcceptsItsOwnSignature(t *testing.T) {
	secret := []byte("whsec_" + strings.Repeat("s", 32))
	body := []byte(`{"id":"evt_1","type":"payment.succeeded","data":{"paymentId":1}}`)
	now := time.Unix(1_800_000_000, 0)
	header := Sign(secret, now, body)
	if !strings.HasPrefix(header, "t=1800000000,v1=") || len(header) != len("t=1800000000,v1=")+64 {
		t.Fatalf("header %q", header)
	}
	valid := []string{
		header,
		strings.ReplaceAll(header, ",", " , "),
		header + ",v0=ignored,scheme=x",
		strings.Replace(header, "v1=", "v1="+strings.Repeat("ab", 32)+",v1=", 1), // a second v1 (a rolled secret)
	}
	for _, h := range valid {
		if err := Verify(secret, h, body, now.Add(299*time.Second)); err != nil {
			t.Errorf("%q refused: %v", h, err)
		}
	}
	if err := Verify(secret, header, body, now.Add(-299*time.Second)); err != nil {
		t.Errorf("a timestamp slightly ahead refused: %v", err)
	}
}

func TestVerifyRefusesWhatIsWrong(t *testing.T) {
	secret := []byte("whsec_" + strings.Repeat("s", 32))
	body := []byte(`{"id":"evt_1"}`)
	now := time.Unix(1_800_000_000, 0)
	good := Sign(secret, now, body)
	tests := []struct {
		name   string
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"missing", "", body, now, ErrMalformed},
		{"no timestamp", "v1=abc", body, now, ErrMalformed},
		{"no v1", "t=1800000000", body, now, ErrMalformed},
		{"timestamp not digits", strings.Replace(good, "t=1800000000", "t=18e8", 1), body, now, ErrMalformed},
		{"negative timestamp", strings.Replace(good, "t=1800000000", "t=-1", 1), body, now, ErrMalformed},
		{"two timestamps", "t=1," + good, body, now, ErrMalformed},
		{"stale", good, body, now.Add(301 * time.Second), ErrStale},
		{"from the future", good, body, now.Add(-301 * time.Second), ErrStale},
		{"wrong secret", Sign([]byte("another secret of enough length!!"), now, body), body, now, ErrMismatch},
		{"another body", good, append([]byte(nil), append(body, ' ')...), now, ErrMismatch},
		{"longer hex", strings.Replace(good, "v1=", "v1=00", 1), body, now, ErrMismatch},
		{"not hex", strings.Replace(good, "v1=", "v1=zz", 1)[:len(good)], body, now, ErrMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(secret, tt.header, tt.body, tt.at)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), good[len("t=1800000000,v1="):]) {
				t.Error("the error reveals the expected signature")
			}
		})
	}
}
