import { describe, expect, test } from "vitest";
import { dateSerialOf, excelRound, formatAmount, formatDateSerial, formatQuantity, formatRate, formatScore, parseAmount, parseQuantity } from "../../src/domain";

describe("excelRound follows Excel's ROUND (decimal half away from zero)", () => {
  test.each([
    [1.005, 2, 1.01],
    [2.675, 2, 2.68],
    [1.0049999, 2, 1],
    [-1.005, 2, -1.01],
    [-2.5, 0, -3],
    [2.5, 0, 3],
    [0.125, 2, 0.13],
    [1234.5678, -2, 1200],
    [0.1 + 0.2, 2, 0.3],
    [29.85 / 38.4, 4, 0.7773],
  ])("ROUND(%s, %s) = %s", (x, d, want) => {
    expect(excelRound(x, d)).toBe(want);
  });

  test("toFixed would get 1.005 wrong; we do not", () => {
    expect((1.005).toFixed(2)).toBe("1.00");
    expect(formatAmount(1.005)).toBe("1.01");
  });
});

describe("formats", () => {
  test.each([
    [561.09, "561.09"],
    [38.4, "38.40"],
    [0, "0.00"],
    [1234.5, "1234.50"],
    [-3.456, "-3.46"],
  ])("amount %s → %s", (v, s) => expect(formatAmount(v)).toBe(s));
  test.each([
    [1, "100%"],
    [0.999999, "100%"],
    [0.9467813, "94.68%"],
    [0.9, "90.00%"],
    [10.09, "1009.00%"],
    [0, "0.00%"],
  ])("rate %s → %s", (v, s) => expect(formatRate(v)).toBe(s));
  test.each([
    [9, "9"],
    [4.5, "4.5"],
    [4.987, "4.99"],
    [99.995, "100"],
  ])("score %s → %s", (v, s) => expect(formatScore(v)).toBe(s));
  test("quantities keep their unit", () => {
    expect(formatQuantity(0.9, "%")).toBe("90%");
    expect(formatQuantity(0.7773437, "%")).toBe("77.73%");
    expect(formatQuantity(30, "次")).toBe("30次");
  });
});

describe("values typed the way people type them", () => {
  test.each([
    ["≥90%", 0.9, "%", ">="],
    [">=90%", 0.9, "%", ">="],
    ["≤100%", 1, "%", "<="],
    ["30余次", 30, "次", null],
    ["1,234.56", 1234.56, "", null],
    ["５６１．０９", 561.09, "", null],
    ["不低于95%", 0.95, "%", ">="],
    ["  12 件 ", 12, "件", null],
  ])("%s → %s %s", (text, value, unit, comparator) => {
    const q = parseQuantity(text);
    expect(q.value).toBeCloseTo(value, 12);
    expect(q.unit).toBe(unit);
    expect(q.comparator).toBe(comparator);
    expect(q.error).toBeUndefined();
  });
  test("approximations are marked", () => {
    expect(parseQuantity("70余件").approximate).toBe(true);
    expect(parseQuantity("70件").approximate).toBe(false);
  });
  test.each(["", "—", "-", "无", null, undefined])("%s is blank", (v) => {
    const q = parseQuantity(v);
    expect(q.blank).toBe(true);
    expect(q.value).toBeNull();
  });
  test("a short text is read once and its reading handed out again; a long one is read anew and not kept", () => {
    expect(parseQuantity("≥95%")).toBe(parseQuantity("≥95%"));
    expect(parseQuantity("≥95%")).toEqual({ value: 0.95, unit: "%", comparator: ">=", blank: false, approximate: false });
    const long = `按要求完成${"。".repeat(80)}`;
    expect(parseQuantity(long)).not.toBe(parseQuantity(long));
    expect(parseQuantity(long)).toEqual(parseQuantity(long));
    // Full-width digits are still read after the untouched text took the fast way through toHalfWidth.
    expect(parseQuantity("９５％").value).toBeCloseTo(0.95, 12);
  });
  test("text without a number is an error value, never an exception", () => {
    const q = parseQuantity("按要求完成");
    expect(q.value).toBeNull();
    expect(q.error).toContain("按要求完成");
  });
  test.each([
    ["561.09万元", 561.09],
    ["561.09", 561.09],
    ["5,610,900元", 561.09],
    [561.09, 561.09],
    ["1.2亿元", 12000],
  ])("amount %s → %s 万元", (v, want) => {
    expect(parseAmount(v).value).toBeCloseTo(want, 9);
  });
  test("an amount with an unknown unit is an error", () => {
    expect(parseAmount("12美元").error).toContain("美元");
  });
});

describe("the fast rounding path agrees with the decimal path", () => {
  test("for 200,000 values across magnitudes and near ties", async () => {
    const Decimal = (await import("decimal.js")).default;
    const slow = (v: number, d: number) => new Decimal(v.toPrecision(15)).toDecimalPlaces(d, Decimal.ROUND_HALF_UP).toNumber();
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 200_000; i++) {
      const magnitude = 10 ** Math.floor(next() * 9 - 3);
      const nearTie = i % 4 === 0 ? (Math.floor(next() * 100000) + 0.5) / 1000 : next() * magnitude;
      const v = (i % 2 ? -1 : 1) * nearTie;
      const d = i % 5;
      expect(excelRound(v, d)).toBe(slow(v, d) || 0);
    }
  });
});

describe("dates as Excel counts them (1900 system)", () => {
  test("serials are shown as Excel shows them, Lotus's 1900-02-29 included", () => {
    expect(formatDateSerial(45291)).toBe("2023年12月31日");
    expect(formatDateSerial(45291.75)).toBe("2023年12月31日");
    expect(formatDateSerial(1)).toBe("1900年1月1日");
    expect(formatDateSerial(59)).toBe("1900年2月28日");
    expect(formatDateSerial(60)).toBe("1900年2月29日");
    expect(formatDateSerial(61)).toBe("1900年3月1日");
  });

  test("an instant's serial: whole days and the time of day as a fraction", () => {
    expect(dateSerialOf(Date.UTC(2023, 11, 31))).toBe(45291);
    expect(dateSerialOf(Date.UTC(2023, 11, 31, 18))).toBe(45291.75);
    expect(dateSerialOf(Date.UTC(1900, 2, 1))).toBe(61);
  });
});
