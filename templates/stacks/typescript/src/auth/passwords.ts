import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB,
// 2 passes, 1 lane, a 32-byte hash and a 16-byte random salt, stored as a PHC
// string that names them, so a hash made with other parameters still verifies.
const OPTIONS = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

/** Runs at most `limit` tasks at once; the others wait their turn, in order. */
export class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(public limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.limit) {
      this.#active += 1;
    } else {
      // The task that finishes hands its slot straight to this one.
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) {
        next();
      } else {
        this.#active -= 1;
      }
    }
  }
}

// Each hash takes 19 MiB for its duration: bounding how many run at once
// bounds the memory a burst of logins takes (4 × 19 MiB, not 40 × 19 MiB).
const hashing = new Limiter(4);

/** PASSWORD_HASH_CONCURRENCY: how many hashes and verifications run at once. */
export function setPasswordHashConcurrency(limit: number): void {
  hashing.limit = limit;
}

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, OPTIONS));
}

/** False for a wrong password, and for a stored hash that is not an argon2 hash at all. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

// Checked when the email is unknown, so that a wrong email takes as long as a
// wrong password and the timing does not tell which accounts exist.
let dummyHash: Promise<string> | undefined;

export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("not the password of anyone");
  await verifyPassword(await dummyHash, password);
  return false;
}
