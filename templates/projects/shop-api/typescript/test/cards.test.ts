import { describe, expect, test } from "vitest";
import { brandOf, cardErrors, decide, passesLuhn } from "../src/shop/cards.js";
import { canonicalJson, fingerprint } from "../src/shop/idempotency.js";
import { parseSignatureHeader, signatureHeader, verifySignature } from "../src/shop/signatures.js";

describe("cards", () => {
  test("Luhn", () => {
    expect(passesLuhn("4242424242424242")).toBe(true);
    expect(passesLuhn("5555555555554444")).toBe(true);
    expect(passesLuhn("4242424242424241")).toBe(false);
    expect(passesLuhn("42a2")).toBe(false);
  });

  test.each([
    ["4242424242424242", "visa"],
    ["5555555555554444", "mastercard"],
    ["2221000000000009", "mastercard"],
    ["378282246310005", "amex"],
    ["6011111111111117", "unknown"],
  ])("the brand of %s is %s", (number, brand) => {
    expect(brandOf(number)).toBe(brand);
  });

  test("a card is valid through the end of its expiry month", () => {
    const today = new Date(Date.UTC(2026, 5, 15));
    const card = { number: "4242424242424242", cvc: "123" };
    expect(cardErrors({ ...card, expYear: 2026, expMonth: 6 }, today)).toEqual([]);
    expect(cardErrors({ ...card, expYear: 2026, expMonth: 5 }, today)).toEqual([
      { field: "card.expMonth", message: "the card has expired" },
    ]);
    expect(cardErrors({ ...card, expYear: 2025, expMonth: 12 }, today)).toEqual([
      { field: "card.expYear", message: "the card has expired" },
    ]);
  });

  test("the test cards decide", () => {
    expect(decide("4242424242424242").status).toBe("succeeded");
    expect(decide("4000000000000002")).toEqual({
      status: "declined",
      declineCode: "card_declined",
    });
    expect(decide("4000000000009995").declineCode).toBe("insufficient_funds");
    expect(decide("4000000000003220").status).toBe("pending");
    expect(decide("5555555555554444").status).toBe("succeeded");
  });
});

describe("fingerprints", () => {
  test("are the same for the same JSON whatever the key order, and keyed", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, "x"], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,"x"]},"b":1}',
    );
    expect(fingerprint("k", { a: 1, b: 2 })).toBe(fingerprint("k", { b: 2, a: 1 }));
    expect(fingerprint("k", undefined)).toBe(fingerprint("k", {}));
    expect(fingerprint("k", { a: 1 })).not.toBe(fingerprint("other", { a: 1 }));
    expect(fingerprint("k", { a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("webhook signatures", () => {
  const secret = "whsec_0123456789abcdef0123456789abcdef";
  const body = Buffer.from('{"id":"evt_1"}');
  const at = 1_800_000_000;

  test("a good signature verifies; another secret or body does not", () => {
    expect(verifySignature(secret, signatureHeader(secret, body, at), body, at)).toBe("valid");
    expect(verifySignature(secret, signatureHeader("x".repeat(32), body, at), body, at)).toBe(
      "mismatch",
    );
    expect(verifySignature(secret, signatureHeader(secret, "other", at), body, at)).toBe(
      "mismatch",
    );
  });

  test("stale or from the future", () => {
    const header = signatureHeader(secret, body, at);
    expect(verifySignature(secret, header, body, at + 301)).toBe("stale");
    expect(verifySignature(secret, header, body, at - 301)).toBe("stale");
    expect(verifySignature(secret, header, body, at + 300)).toBe("valid");
  });

  test("malformed or missing headers", () => {
    expect(verifySignature(secret, undefined, body, at)).toBe("missing");
    expect(verifySignature(secret, "", body, at)).toBe("missing");
    expect(verifySignature(secret, "v1=abc", body, at)).toBe("malformed");
    expect(verifySignature(secret, "t=abc,v1=00", body, at)).toBe("malformed");
    expect(verifySignature(secret, `t=${at},v1=zz`, body, at)).toBe("mismatch");
  });

  test("any of several v1 may match; unknown items are ignored", () => {
    const good = signatureHeader(secret, body, at).split("v1=")[1];
    const header = `t=${at},v0=abc,v1=${"0".repeat(64)},v1=${good}`;
    expect(parseSignatureHeader(header)?.signatures).toHaveLength(2);
    expect(verifySignature(secret, header, body, at)).toBe("valid");
  });
});
