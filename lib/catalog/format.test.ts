import { describe, expect, it } from "vitest";
import {
  baseLanguages,
  formatCount,
  formatHours,
  formatLatency,
  formatMonth,
  formatParams,
  formatPrice,
  formatPricePerMinute,
  formatRtfx,
  formatWer,
  languageLabel,
  languageName,
  languagesSummary,
  licenseName,
  licenseSummary,
  microUsdToDollars,
  modelPath,
  priceNote,
} from "./format";

describe("prices", () => {
  it("show an estimate with a tilde and its note, a set price without", () => {
    expect(formatPrice({ perMinuteMicroUsd: 3400, estimated: true })).toBe("~$0.0034");
    expect(priceNote({ perMinuteMicroUsd: 3400, estimated: true })).toBe("estimated, set at launch");
    expect(formatPrice({ perMinuteMicroUsd: 1000, estimated: false })).toBe("$0.0010");
    expect(priceNote({ perMinuteMicroUsd: 1000, estimated: false })).toBeNull();
    expect(formatPricePerMinute({ perMinuteMicroUsd: 1000, estimated: false })).toBe("$0.0010 / min");
  });

  it("keep sub-cent precision without float rounding", () => {
    expect(microUsdToDollars(3450)).toBe("0.00345");
    expect(microUsdToDollars(1)).toBe("0.000001");
    expect(microUsdToDollars(2_500_000)).toBe("2.5000");
    expect(microUsdToDollars(0)).toBe("0.0000");
  });
});

describe("numbers", () => {
  it("compact download counts like the seed pages", () => {
    expect(formatCount(3900)).toBe("3.9K");
    expect(formatCount(950)).toBe("950");
    expect(formatCount(12_000)).toBe("12K");
    expect(formatCount(1_250_000)).toBe("1.3M");
  });

  it("shows parameter counts to three significant figures", () => {
    expect(formatParams(883_000_000)).toBe("883M");
    expect(formatParams(2_600_000_000)).toBe("2.6B");
    expect(formatParams(1_020_000)).toBe("1.02M");
    expect(formatParams(1_550_000_000)).toBe("1.55B");
  });

  it("shows WER, RTFx, latency and hours as published", () => {
    expect(formatWer(13.11)).toBe("13.11%");
    expect(formatRtfx(1045.75)).toBe("1,045.75");
    expect(formatRtfx(3380)).toBe("3,380");
    expect(formatLatency(2500)).toBe("2.5 s");
    expect(formatLatency(80)).toBe("80 ms");
    expect(formatLatency(1120)).toBe("1.12 s");
    expect(formatHours(85_000)).toBe("85,000 h");
    expect(formatHours(2_500_000)).toBe("2.5M h");
  });
});

describe("dates", () => {
  it("show month and year whatever the precision, without time-zone drift", () => {
    expect(formatMonth("2025-03")).toBe("Mar 2025");
    expect(formatMonth("2026-06-04")).toBe("Jun 2026");
    expect(formatMonth("2025-12-31")).toBe("Dec 2025");
    expect(formatMonth("soon")).toBe("soon");
  });
});

describe("languages", () => {
  it("names codes and locales in English", () => {
    expect(languageName("de")).toBe("German");
    expect(languageName("en-US")).toBe("English");
    expect(languageLabel("en-GB")).toBe("English (GB)");
    expect(languageLabel("ar-AR")).toBe("Arabic (AR)");
    expect(languageLabel("fr")).toBe("French");
  });

  it("summarises locale lists by language", () => {
    expect(baseLanguages(["en-US", "en-GB", "de-DE"])).toEqual(["en", "de"]);
    expect(languagesSummary(["en"])).toBe("English only");
    expect(languagesSummary(["en", "de", "fr", "es"])).toBe("4 languages");
    expect(languagesSummary(["en-US", "en-GB", "de-DE"])).toBe("3 locales, 2 languages");
  });
});

describe("licenses and paths", () => {
  it("label licenses for filters and spec tables", () => {
    expect(licenseName("cc-by-4.0")).toBe("CC BY 4.0");
    expect(licenseName("openmdw-1.1")).toBe("OpenMDW 1.1");
    expect(licenseName("something-else")).toBe("something-else");
    expect(licenseSummary({ id: "mit", label: "MIT", commercialUse: true })).toBe("MIT · commercial use allowed");
  });

  it("builds model page paths from ids", () => {
    expect(modelPath({ id: "nvidia/canary-1b-flash" })).toBe("/models/nvidia/canary-1b-flash");
  });
});
