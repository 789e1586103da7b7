/**
 * Webhook signatures, as Stripe's scheme: `Webhook-Signature: t=<unix
 * seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, one or more `v1`
 * items, unknown items ignored, `t` at most 300 seconds from now.
 */

import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 300;

export interface SignatureHeader {
  timestamp: number;
  signatures: string[];
}

/** The timestamp and the `v1` signatures of a header, or undefined when it has no `t` or no `v1`. */
export function parseSignatureHeader(header: string | undefined): SignatureHeader | undefined {
  if (!header) {
    return undefined;
  }
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const item of header.split(",")) {
    const at = item.indexOf("=");
    if (at < 0) {
      continue;
    }
    const name = item.slice(0, at).trim();
    const value = item.slice(at + 1).trim();
    if (name === "t") {
      if (!/^[0-9]{1,15}$/.test(value) || timestamp !== undefined) {
        return undefined;
      }
      timestamp = Number(value);
    } else if (name === "v1") {
      signatures.push(value);
    }
  }
  if (timestamp === undefined || signatures.length === 0) {
    return undefined;
  }
  return { timestamp, signatures };
}

function digest(secret: string, timestamp: number, body: Buffer | string): Buffer {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest();
}

/** The header value that signs `body` at `timestamp`. */
export function signatureHeader(secret: string, body: Buffer | string, timestamp: number): string {
  return `t=${timestamp},v1=${digest(secret, timestamp, body).toString("hex")}`;
}

export type Verdict = "valid" | "missing" | "malformed" | "stale" | "mismatch";

/** Whether `header` signs `body` now; every `v1` is compared in constant time. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: Buffer,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Verdict {
  if (header === undefined || header.trim() === "") {
    return "missing";
  }
  const parsed = parseSignatureHeader(header);
  if (!parsed) {
    return "malformed";
  }
  if (Math.abs(nowSeconds - parsed.timestamp) > TOLERANCE_SECONDS) {
    return "stale";
  }
  const expected = digest(secret, parsed.timestamp, body);
  const matches = parsed.signatures.some((signature) => {
    if (!/^[0-9a-fA-F]+$/.test(signature) || signature.length !== expected.length * 2) {
      return false;
    }
    return timingSafeEqual(Buffer.from(signature, "hex"), expected);
  });
  return matches ? "valid" : "mismatch";
}

/** What a client is told about a signature that is not valid, never the expected value. */
export const VERDICT_DETAILS: Record<Exclude<Verdict, "valid">, string> = {
  missing: "the Webhook-Signature header is missing",
  malformed: "the Webhook-Signature header must be t=<unix seconds>,v1=<hex>",
  stale: `the signature's timestamp is stale: more than ${TOLERANCE_SECONDS} seconds from now`,
  mismatch: "no v1 signature matches the body",
};
