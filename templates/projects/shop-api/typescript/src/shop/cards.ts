/**
 * The payment simulator's card rules: Luhn, brand by prefix, expiry, and the
 * decision a test card number stands for (as a processor's test mode does).
 * The number and CVC live only as long as the request: nothing here keeps,
 * logs or returns them.
 */

import type { FieldError } from "../http/problems.js";

export type Brand = "visa" | "mastercard" | "amex" | "unknown";

/** The Luhn checksum of a string of digits. */
export function passesLuhn(digits: string): boolean {
  if (!/^[0-9]+$/.test(digits)) {
    return false;
  }
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** `4` visa, `51`–`55` and `2221`–`2720` mastercard, `34`/`37` amex, else unknown. */
export function brandOf(number: string): Brand {
  if (number.startsWith("4")) {
    return "visa";
  }
  const two = Number(number.slice(0, 2));
  const four = Number(number.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
    return "mastercard";
  }
  if (two === 34 || two === 37) {
    return "amex";
  }
  return "unknown";
}

export interface Card {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

/**
 * What the schema cannot say: the Luhn check, and a card valid through the end
 * of its expiry month (UTC). The messages never repeat what was sent.
 */
export function cardErrors(card: Card, today: Date = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  if (!passesLuhn(card.number)) {
    errors.push({ field: "card.number", message: "is not a valid card number (Luhn check)" });
  }
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth() + 1;
  if (card.expYear < year) {
    errors.push({ field: "card.expYear", message: "the card has expired" });
  } else if (card.expYear === year && card.expMonth < month) {
    errors.push({ field: "card.expMonth", message: "the card has expired" });
  }
  return errors;
}

export interface Decision {
  status: "succeeded" | "declined" | "pending";
  declineCode: string | null;
}

const TEST_CARDS: Record<string, Decision> = {
  "4242424242424242": { status: "succeeded", declineCode: null },
  "4000000000000002": { status: "declined", declineCode: "card_declined" },
  "4000000000009995": { status: "declined", declineCode: "insufficient_funds" },
  "4000000000003220": { status: "pending", declineCode: null },
};

/** The simulator's answer for a valid card: the test cards, else success. */
export function decide(number: string): Decision {
  return TEST_CARDS[number] ?? { status: "succeeded", declineCode: null };
}
