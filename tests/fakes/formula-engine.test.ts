import { HyperFormula } from "hyperformula";
import { describe, expect, it } from "vitest";
import { formatA1Check, parseA1Check } from "./formula-engine.helpers";
import { FakeExcel } from "./excel-fake";
import { formatNumber } from "./numfmt";

describe("number formats (Range.text and TEXT)", () => {
  it.each([
    [1234.5, "0.00", "1234.50"],
    [1234.5, "#,##0", "1,235"],
    [1234.567, "#,##0.00", "1,234.57"],
    [0.875, "0%", "88%"],
    [0.8754, "0.0%", "87.5%"],
    [1500, '#,##0.00"元"', "1,500.00元"],
    [-3.2, "0.00;-0.00", "-3.20"],
    [-3.2, "0.00;(0.00)", "(3.20)"],
    [0, "0.00;-0.00;\"-\"", "-"],
    [45322, "yyyy年m月d日", "2024年1月31日"],
    [45322, "yyyy-mm-dd", "2024-01-31"],
    [12.5, "0.00_ ", "12.50 "],
    [1.005, "0.00", "1.01"],
    [123456789012, "General", "1.23457E+11"],
    [0.1 + 0.2, "General", "0.3"],
  ])("formats %s with %s as %s", (x, fmt, text) => {
    expect(formatNumber(x, fmt)).toBe(text);
  });
});

describe("A1 addresses", () => {
  it("parses and formats the address forms the adapter uses", () => {
    expect(parseA1Check("B2:D9")).toEqual({ r0: 1, c0: 1, r1: 8, c1: 3 });
    expect(parseA1Check("$A$1")).toEqual({ r0: 0, c0: 0, r1: 0, c1: 0 });
    expect(parseA1Check("'预算 执行'!AA10")).toEqual({ r0: 9, c0: 26, r1: 9, c1: 26 });
    expect(parseA1Check("XFE1")).toBeNull();
    expect(formatA1Check("预算执行", { r0: 6, c0: 3, r1: 6, c1: 3 })).toBe("预算执行!D7");
    expect(formatA1Check("2024预算", { r0: 0, c0: 0, r1: 1, c1: 1 })).toBe("'2024预算'!A1:B2");
    expect(formatA1Check("It's", { r0: 0, c0: 0, r1: 0, c1: 0 })).toBe("'It''s'!A1");
  });
});

/**
 * Cross-check against an independent engine (HyperFormula, GPL, tests only) on formulas where
 * it agrees with Excel. Where HyperFormula differs from Excel — ROUND(1.005,2) is 1 there,
 * INT(-2.5) is -2, TEXT(0.1234,"0.00%") is "0.12%" — the fake follows Excel (tested above).
 */
describe("agreement with HyperFormula on Excel-consistent cases", () => {
  const data: (string | number)[][] = [
    ["办公费", 100, "基本"],
    ["差旅费", 250.5, "项目"],
    ["培训费", "n/a", "项目"],
    ["会议费", 49.5, "基本"],
    ["印刷费", 300, "项目"],
  ];
  const formulas = [
    "=SUM(B1:B5)",
    '=SUMIF(C1:C5,"项目",B1:B5)',
    '=SUMIF(B1:B5,">=100")',
    '=SUMIF(A1:A5,"*费",B1:B5)',
    '=SUMIFS(B1:B5,C1:C5,"项目",B1:B5,">250")',
    '=COUNTIF(C1:C5,"项目")',
    '=COUNTIF(B1:B5,"<>100")',
    "=ROUND(-2.5,0)",
    "=ROUND(2.345,2)",
    "=ROUND(1234.5,-2)",
    "=-2^2",
    "=2^3^2",
    "=0.1+0.2=0.3",
    '=INDEX(B1:B5,MATCH("会议费",A1:A5,0))',
    "=MATCH(260,B1:B2,1)",
    '=IFERROR(1/0,"x")',
    "=ISBLANK(D1)",
    '=D1&""',
    '=LEN("预算执行")',
    '=VALUE("10%")',
    "=MIN(B1:B5)+MAX(B1:B5)",
    "=1/0",
    '="a"+1',
    '="ABC"="abc"',
    "=AVERAGE(B1:B5)",
    "=COUNTA(A1:C5)",
    "=SUMPRODUCT(B1:B2,B1:B2)",
    "=MOD(-7,3)",
    "=ROUNDDOWN(-1.99,1)",
    "=ROUNDUP(1.01,1)",
  ];

  it("gives the same results", () => {
    const hf = HyperFormula.buildFromSheets({ S: [...data.map((r) => [...r]), ...formulas.map((f) => [f])] }, { licenseKey: "gpl-v3" });
    const app = new FakeExcel({ sheets: ["S"] });
    app.setCells("S", "A1", data);
    formulas.forEach((f, i) => app.setCell("S", `A${6 + i}`, f));
    const ours = formulas.map((_, i) => app.getValue("S", `A${6 + i}`));
    const theirs = formulas.map((_, i) => {
      const v = hf.getCellValue({ sheet: 0, row: 5 + i, col: 0 });
      return v !== null && typeof v === "object" && "value" in v ? v.value : v;
    });
    expect(ours).toEqual(theirs);
    hf.destroy();
  });
});
