/**
 * The key pair that signs access tokens, and its public half as a JWK.
 *
 * Access tokens are signed with Ed25519 (JWS algorithm `EdDSA`): only this
 * service holds the private key, and every other service verifies tokens with
 * the public key it fetches from `/.well-known/jwks.json`, so none of them can
 * mint one. An Ed25519 private key is nothing but 32 random bytes, which is why
 * `JWT_PRIVATE_KEY` is those bytes in hex, the same shape as any other secret.
 *
 * The key id (`kid`) is the key's RFC 7638 thumbprint: it follows the key by
 * construction, so a rotated key can never be published under a stale id.
 */

import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

export const ALGORITHM = "EdDSA";
export const KEY_BYTES = 32;

// The fixed PKCS#8 header of an Ed25519 private key (RFC 8410), followed by its 32 bytes.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: typeof ALGORITHM;
  use: "sig";
}

export class SigningKey {
  readonly publicKey: KeyObject;
  readonly kid: string;
  private readonly x: string;

  private constructor(readonly privateKey: KeyObject) {
    this.publicKey = createPublicKey(privateKey);
    const jwk = this.publicKey.export({ format: "jwk" });
    this.x = String(jwk.x);
    // RFC 7638: the required members only, in lexicographic order, without whitespace.
    const members = JSON.stringify({ crv: "Ed25519", kty: "OKP", x: this.x });
    this.kid = createHash("sha256").update(members).digest("base64url");
  }

  /** The key whose 32 private bytes `value` spells in hex (64 characters, either case). */
  static fromHex(value: string): SigningKey {
    if (!/^[0-9a-fA-F]*$/.test(value) || value.length !== 2 * KEY_BYTES) {
      throw new RangeError(`must be ${KEY_BYTES} bytes in hex (${2 * KEY_BYTES} characters)`);
    }
    const der = Buffer.concat([PKCS8_PREFIX, Buffer.from(value, "hex")]);
    return new SigningKey(createPrivateKey({ key: der, format: "der", type: "pkcs8" }));
  }

  /** The public key as a JWK (RFC 8037), ready for a JWK set. */
  publicJwk(): PublicJwk {
    return { kty: "OKP", crv: "Ed25519", x: this.x, kid: this.kid, alg: ALGORITHM, use: "sig" };
  }
}
