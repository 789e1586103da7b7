package jobs

import (
	"testing"
	"time"
)

func TestRetryDelay(t *testing.T) {
	tests := []struct {
		attempts int
		uniform  float64
		want     time.Duration
	}{
		{1, 0, 10 * time.Second},
		{2, 0, 20 * time.Second},
		{3, 0, 40 * time.Second},
		{1, 0.5, 12500 * time.Millisecond},
		{1, 0.999, 14995 * time.Millisecond},
		{2, 0.999, 29990 * time.Millisecond},
		{9, 0, 2560 * time.Second},
		{10, 0, time.Hour}, // 5120 s, capped
		{100, 0.9, time.Hour},
		{5000, 0.5, time.Hour}, // 2^4999 is +Inf
	}
	for _, tt := range tests {
		if got := RetryDelay(tt.attempts, 10*time.Second, time.Hour, tt.uniform); got != tt.want {
			t.Errorf("RetryDelay(%d, u=%v) = %v, want %v", tt.attempts, tt.uniform, got, tt.want)
		}
	}
}

func TestRetryDelayNeverBelowTheBaseNorAboveTheCap(t *testing.T) {
	for attempts := 1; attempts <= 12; attempts++ {
		for _, u := range []float64{0, 0.25, 0.5, 0.75, 0.9999} {
			got := RetryDelay(attempts, time.Second, 3*time.Second, u)
			if got < time.Second || got > 3*time.Second {
				t.Errorf("attempt %d, u=%v: %v outside [1 s, 3 s]", attempts, u, got)
			}
		}
	}
}
