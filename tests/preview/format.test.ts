import { describe, expect, test } from "vitest";
import { editText, formatValue, parseEntry } from "../../src/preview/format";

describe("cell text like Excel's", () => {
  test("number formats of the template", () => {
    expect(formatValue(1234.5, "#,##0.00")).toBe("1,234.50");
    expect(formatValue(9, "0.00")).toBe("9.00");
    // Formatters are kept per kind: the same decimals without grouping stay ungrouped after a grouped one.
    expect(formatValue(1234.5, "0.00")).toBe("1234.50");
    expect(formatValue(0.7773, "0.00%")).toBe("77.73%");
    expect(formatValue(28, "0")).toBe("28");
    expect(formatValue(0.1 + 0.2, "General")).toBe("0.3");
    expect(formatValue("text", "#,##0.00")).toBe("text");
    expect(formatValue("", "0.00")).toBe("");
  });

  test("the links' four-section format hides zero and keeps the sign", () => {
    const link = "#,##0.00;-#,##0.00;;@";
    expect(formatValue(0, link)).toBe("");
    expect(formatValue(-3.5, link)).toBe("-3.50");
    expect(formatValue(866.74, link)).toBe("866.74");
  });

  test("the editor shows what one would type again", () => {
    expect(editText(0.95, "0.00%")).toBe("95%");
    expect(editText(0.1 + 0.2, "#,##0.00")).toBe("0.3");
    expect(editText("督查工作", "@")).toBe("督查工作");
  });

  test("entries: numbers where Excel reads numbers, text otherwise", () => {
    expect(parseEntry("29.85", "#,##0.00")).toBe(29.85);
    expect(parseEntry(" 1,234.5 ", "General")).toBe(1234.5);
    expect(parseEntry("-2", "0.00")).toBe(-2);
    expect(parseEntry("90%", "General")).toBe(0.9);
    expect(parseEntry("95", "0.00%")).toBe(0.95);
    expect(parseEntry("0.5", "0.00%")).toBe(0.5);
    expect(parseEntry("≥90%", "General")).toBe("≥90%");
    expect(parseEntry("1,23", "General")).toBe("1,23");
    expect(parseEntry("123", "@")).toBe("123");
    expect(parseEntry("=1+1", "@")).toBe("=1+1");
    expect(parseEntry("  ", "0.00")).toBe("");
  });
});
