import { describe, expect, test } from "vitest";
import { placeKey, readDays, readPlace } from "../src/weather/place.js";
import { describe as describeCode } from "../src/weather/wmo.js";

describe("cache keys", () => {
  test("a city is trimmed and case-folded", () => {
    const key = (city: string) => placeKey({ kind: "city", city: city.trim() });
    expect(key("  Paris ")).toBe("city:paris");
    expect(key("STRASSE")).toBe(key("Straße"));
    expect(key("ΣΊΣΥΦΟΣ")).toBe(key("σίσυφος"));
  });

  test("a point is rounded to two decimals, -0 written 0", () => {
    const read = (lat: string, lon: string) => {
      const { place } = readPlace({ lat, lon });
      return place && placeKey(place);
    };
    expect(read("48.8566", "2.3522")).toBe("point:48.86,2.35");
    expect(read("48.8551", "2.3451")).toBe(read("48.8649", "2.3549"));
    expect(read("-0.001", "0.001")).toBe("point:0.00,0.00");
    expect(read("+10", "-180")).toBe("point:10.00,-180.00");
  });
});

describe("reading the query", () => {
  test("the first of a repeated parameter counts", () => {
    expect(readPlace({ city: ["Paris", "Rome"] }).place).toEqual({ kind: "city", city: "Paris" });
  });

  test("every coordinate at fault is named", () => {
    expect(readPlace({ lat: "x", lon: "200" }).errors).toEqual([
      { field: "lat", message: "must be a decimal number" },
      { field: "lon", message: "must be from -180 to 180" },
    ]);
  });

  test("days default to three and run from one to seven", () => {
    expect(readDays({})).toEqual({ days: 3, errors: [] });
    expect(readDays({ days: "7" }).days).toBe(7);
    expect(readDays({ days: "07" }).days).toBe(7);
    expect(readDays({ days: "+1" }).errors).toHaveLength(1);
  });
});

test("WMO codes read as Open-Meteo words them, an unknown one as Unknown", () => {
  expect(describeCode(0)).toBe("Clear sky");
  expect(describeCode(3)).toBe("Overcast");
  expect(describeCode(61)).toBe("Slight rain");
  expect(describeCode(42)).toBe("Unknown");
});
