/**
 * How long a failed job waits before its next attempt.
 *
 * Attempt n waits `base × 2^(n − 1)` seconds plus up to 50 % random jitter, and
 * never more than the cap. The exponent slows retries down while a dependency
 * stays broken; the jitter spreads out jobs that failed together, so they don't
 * all come back at the same instant. Jitter is only ever added, so the wait is
 * never shorter than the exponential bound, unlike "full jitter", which may
 * retry almost at once.
 */

export const MAX_JITTER = 0.5;

/**
 * The wait in whole milliseconds (the precision of every timestamp the API
 * shows) after a job's `attempts`-th attempt failed (attempts ≥ 1).
 * `uniform` returns a number in [0, 1); tests pass a fixed one.
 */
export function retryDelayMs(
  attempts: number,
  baseSeconds: number,
  maxSeconds: number,
  uniform: () => number = Math.random,
): number {
  // 2^(attempts − 1) overflows to Infinity for huge attempt counts; the cap still applies.
  const exponential = baseSeconds * 2 ** (attempts - 1);
  const seconds = Math.min(maxSeconds, exponential * (1 + MAX_JITTER * uniform()));
  return Math.floor(seconds * 1000);
}
