import { describe, expect, test } from "vitest";
import { ALPHABET, RANDOM_CODE_LENGTHS, RESERVED_WORDS, randomCode } from "../src/codes.js";
import { LinkStore } from "../src/links/store.js";
import { useApp } from "./support/app.js";
import { shorten } from "./support/links.js";

describe("random codes", () => {
  test("are letters and digits of the given length", () => {
    for (const length of RANDOM_CODE_LENGTHS) {
      expect(randomCode(length)).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
    }
  });

  test("are 6 to 10 characters", () => {
    expect([Math.min(...RANDOM_CODE_LENGTHS), Math.max(...RANDOM_CODE_LENGTHS)]).toEqual([6, 10]);
  });

  test("use the whole alphabet", () => {
    const drawn = new Set(Array.from({ length: 200 }, () => randomCode(10)).join(""));
    expect([...drawn].sort()).toEqual([...ALPHABET].sort());
  });

  test("a reserved word is drawn again", () => {
    const letters = [..."shorten", ..."abcdefg"].map((letter) => ALPHABET.indexOf(letter));
    expect(randomCode(7, () => letters.shift() ?? 0)).toBe("abcdefg");
  });
});

describe("codes and routes", () => {
  const t = useApp();

  test("every route's first path segment is reserved", async () => {
    // Top-level lines of the route tree: "├── /shorten (POST)", "└── /:code (GET, HEAD)".
    const segments = t.app
      .printRoutes({ commonPrefix: false })
      .split("\n")
      .flatMap((line) => /^[├└]── \/([^/ ]+)/.exec(line)?.[1] ?? [])
      .filter((segment) => !segment.startsWith(":"));
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) {
      expect(RESERVED_WORDS, segment).toContain(segment);
    }
  });

  test("a collision is retried with a longer code", async () => {
    const taken = (await shorten(t.app, "https://example.com/", { alias: "Taken1" })).shortCode;
    const draws = [taken, "Fresh12"];
    const lengths: number[] = [];
    const store = new LinkStore(t.db, (length) => {
      lengths.push(length);
      return draws.shift() ?? "";
    });
    const link = await store.createWithRandomCode("https://example.com/random");
    expect(link.shortCode).toBe("Fresh12");
    expect(lengths).toEqual([6, 7]);
  });

  test("a random code never takes an existing alias", async () => {
    await shorten(t.app, "https://example.com/alias", { alias: "abcdef" });
    const draws = ["abcdef", "abcdefg"];
    const store = new LinkStore(t.db, () => draws.shift() ?? "");
    await store.createWithRandomCode("https://example.com/random");
    const follow = (code: string) => t.app.inject({ method: "GET", url: `/${code}` });
    expect((await follow("abcdef")).headers.location).toBe("https://example.com/alias");
    expect((await follow("abcdefg")).headers.location).toBe("https://example.com/random");
  });

  test("when every draw collides, the store gives up instead of looping", async () => {
    await shorten(t.app, "https://example.com/", { alias: "always" });
    const store = new LinkStore(t.db, () => "always");
    await expect(store.createWithRandomCode("https://example.com/")).rejects.toThrow(
      "no free short code found",
    );
  });
});
