package jobs

import (
	"math"
	"time"
)

// MaxJitter is the largest share of the delay added at random.
const MaxJitter = 0.5

// RetryDelay is how long a job waits after its attempts-th attempt failed
// (attempts ≥ 1): base × 2^(attempts−1), plus up to 50 % random jitter, and
// never more than ceiling. uniform is a number in [0, 1).
//
// The exponent slows retries down while a dependency stays broken; the
// jitter spreads out jobs that failed together, so they don't all come back
// at the same instant. Jitter is only ever added, so the wait is never
// shorter than the exponential bound, unlike "full jitter", which may retry
// almost at once. The delay is whole milliseconds, the precision of every
// timestamp the API shows.
func RetryDelay(attempts int, base, ceiling time.Duration, uniform float64) time.Duration {
	// 2^(attempts−1) overflows to +Inf for huge attempt counts; the cap still applies.
	exponential := base.Seconds() * math.Pow(2, float64(attempts-1))
	seconds := math.Min(ceiling.Seconds(), exponential*(1+MaxJitter*uniform))
	return time.Duration(math.Floor(seconds*1000)) * time.Millisecond
}
