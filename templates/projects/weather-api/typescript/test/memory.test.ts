import { describe, expect, test } from "vitest";
import { MemoryStore } from "../src/cache/memory.js";

describe("the in-process cache", () => {
  test("drops the least recently used entry when it is full", async () => {
    const store = new MemoryStore(3);
    for (const key of ["a", "b", "c"]) {
      await store.set(key, key, 60_000);
    }
    expect(await store.get("a")).toBe("a"); // a is now the most recently used
    await store.set("d", "d", 60_000);
    expect(await store.get("b")).toBeUndefined();
    for (const key of ["a", "c", "d"]) {
      expect(await store.get(key), key).toBe(key);
    }
    expect(store.size).toBe(3);
  });

  test("forgets an entry when its time is up", async () => {
    let clock = 1_700_000_000_000;
    const store = new MemoryStore(10, () => clock);
    await store.set("k", "v", 10_000);
    clock += 9_999;
    expect(await store.get("k")).toBe("v");
    clock += 1;
    expect(await store.get("k")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  test("replaces a value without growing", async () => {
    const store = new MemoryStore(2);
    await store.set("k", "old", 60_000);
    await store.set("k", "new", 60_000);
    expect(await store.get("k")).toBe("new");
    expect(store.size).toBe(1);
  });

  test("stays within its bound however many keys come", async () => {
    const store = new MemoryStore(50);
    for (let i = 0; i < 1_000; i += 1) {
      await store.set(`key-${i}`, "v", 60_000);
    }
    expect(store.size).toBe(50);
    expect(await store.get("key-999")).toBe("v");
    expect(await store.get("key-949")).toBeUndefined();
  });
});
