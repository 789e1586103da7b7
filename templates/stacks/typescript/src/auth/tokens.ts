import { errors, jwtVerify, SignJWT } from "jose";
import { ConfigError, type Environment, readString } from "../env.js";

const ALGORITHM = "HS256";
const MIN_SECRET_LENGTH = 32;

/** `JWT_SECRET`, refused when it is too short to sign with. */
export function readJwtSecret(env: Environment): string {
  const secret = readString(env, "JWT_SECRET");
  if (secret.length < MIN_SECRET_LENGTH) {
    // HS256 is only as strong as its key; a short one can be brute-forced offline.
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** A signed access token whose subject is the user's id. */
export function issueToken(userId: number, { secret, ttlSeconds }: TokenSettings): Promise<string> {
  return new SignJWT()
    .setProtectedHeader({ alg: ALGORITHM, typ: "JWT" })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/** The user id a valid token names, or undefined for any token that is not valid now. */
export async function verifyToken(token: string, secret: string): Promise<number | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      // A token that never expires would be a password that cannot be changed.
      requiredClaims: ["sub", "exp"],
    });
    const id = Number(payload.sub);
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) {
      return undefined;
    }
    throw error;
  }
}
