/**
 * Access tokens: JWTs signed with Ed25519.
 *
 * An access token carries everything another service needs to authorise a
 * request without calling back: who (`sub`), what they may do (`role`), who
 * issued it (`iss`) and for how long it holds (`iat`, `exp`). It cannot be
 * revoked; it is short-lived instead (`ACCESS_TOKEN_TTL_SECONDS`).
 */

import { decodeProtectedHeader, errors, jwtVerify, SignJWT } from "jose";
import { MAX_ID } from "../http/fields.js";
import { ALGORITHM, type SigningKey } from "./signing.js";

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface AccessTokenClaims {
  userId: number;
  role: string;
  issuer: string;
  ttlSeconds: number;
}

export async function issueAccessToken(
  key: SigningKey,
  { userId, role, issuer, ttlSeconds }: AccessTokenClaims,
): Promise<IssuedToken> {
  // JWT times are whole seconds; starting on one makes `expiresAt` equal `exp` exactly.
  const issuedAt = Math.floor(Date.now() / 1000);
  const expires = issuedAt + ttlSeconds;
  const token = await new SignJWT({ role })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(issuer)
    .setSubject(String(userId))
    .setIssuedAt(issuedAt)
    .setExpirationTime(expires)
    .sign(key.privateKey);
  return { token, expiresAt: new Date(expires * 1000) };
}

/** The user a valid token was issued to; undefined if it is malformed, forged, foreign or expired. */
export async function userIdFromAccessToken(
  token: string,
  key: SigningKey,
  issuer: string,
): Promise<number | undefined> {
  try {
    // A verifier picks its key by `kid`; this service has one key, so any other id is foreign.
    if (decodeProtectedHeader(token).kid !== key.kid) {
      return undefined;
    }
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [ALGORITHM],
      issuer,
      requiredClaims: ["exp", "iat", "iss", "sub"],
    });
    const subject = payload.sub ?? "";
    // Ids run from 1 to 2^53 − 1 (http/fields.ts): a subject outside names no
    // user, and never reaches SQL. Sixteen digits at most keep Number() exact.
    const id = /^[0-9]{1,16}$/.test(subject) ? Number(subject) : 0;
    return id >= 1 && id <= MAX_ID ? id : undefined;
  } catch (error) {
    if (error instanceof errors.JOSEError || error instanceof TypeError) {
      return undefined;
    }
    throw error;
  }
}
