import { hash } from "@node-rs/argon2";
import { describe, expect, test } from "vitest";
import { hashPassword, Limiter, verifyPassword } from "../src/auth/passwords.js";

describe("password hashes", () => {
  test("are argon2id with OWASP's minimum parameters, a 16-byte salt and a 32-byte hash", async () => {
    const stored = await hashPassword("correct horse");
    const [, algorithm, version, parameters, salt, digest] = stored.split("$");
    expect([algorithm, version, parameters]).toEqual(["argon2id", "v=19", "m=19456,t=2,p=1"]);
    expect(Buffer.from(salt ?? "", "base64").length).toBe(16);
    expect(Buffer.from(digest ?? "", "base64").length).toBe(32);
  });

  test("made with other parameters still verify", async () => {
    const older = await hash("correct horse", { memoryCost: 65_536, timeCost: 3, parallelism: 4 });
    expect(older).toContain("m=65536,t=3,p=4");
    expect(await verifyPassword(older, "correct horse")).toBe(true);
    expect(await verifyPassword(older, "wrong horse")).toBe(false);
  });
});

describe("the hashing limit", () => {
  test("runs at most `limit` tasks at once and every task in the end", async () => {
    const limiter = new Limiter(4);
    let running = 0;
    let most = 0;
    const task = async (n: number) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      return n;
    };
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) => limiter.run(() => task(n))),
    );
    expect(most).toBe(4);
    expect(results).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  test("a failing task frees its slot", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limiter.run(async () => "next")).toBe("next");
  });
});
