import { hash, verify } from "@node-rs/argon2";

// argon2id with the parameters OWASP recommends (19 MiB, 2 passes, 1 lane).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

// Checked when the email is unknown, so that a wrong email takes as long as a
// wrong password and the timing does not tell which accounts exist.
let dummyHash: Promise<string> | undefined;

export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword("not the password of anyone");
  await verify(await dummyHash, password);
  return false;
}
