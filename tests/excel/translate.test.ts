import { describe, expect, test } from "vitest";
import { applyPrint, styleBlocks } from "../../src/excel/build";
import {
  columnWidthPoints,
  excelWouldReinterpret,
  footerSections,
  heightRuns,
  localAddress,
  printTitleRows,
  protectionOptions,
  rangeOf,
  rectangles,
  splitAreas,
  validationRule,
  widthRuns,
} from "../../src/excel/translate";
import { colLetters } from "../../src/template/addr";
import { PAGE } from "../../src/template/core";

describe("translations between the plan and Office.js", () => {
  test("addresses lose their sheet and $ signs", () => {
    expect(localAddress("'预算执行'!$D$7")).toBe("D7");
    expect(localAddress("绩效指标!A11:R31")).toBe("A11:R31");
    expect(localAddress("'it''s'!B2:C3")).toBe("B2:C3");
    expect(localAddress("A1:E33")).toBe("A1:E33");
    expect(splitAreas("预算执行!A1:E1, 'a,b'!C3:D4,预算执行!B27:E27")).toEqual(["预算执行!A1:E1", "'a,b'!C3:D4", "预算执行!B27:E27"]);
  });

  test("strings Excel would reinterpret are recognised, plain text is not", () => {
    for (const s of ["=SUM(A1)", "+86 123", "-5", "@x", "'quoted", "#N/A", "001", "1/2", "12:30", "2023年1月", "¥5", "TRUE", "false", ".5", "Jan-23", "50%"]) {
      expect(excelWouldReinterpret(s), s).toBe(true);
    }
    for (const s of ["", "督查工作", "约九成", "战斗有力、督查有效", "N/A", "A1"]) expect(excelWouldReinterpret(s), s).toBe(false);
  });

  test("widths in characters become points; equal neighbours share one call", () => {
    expect(columnWidthPoints(10)).toBe(56.25);
    expect(widthRuns([16, 70, 14, 14, 8])).toEqual([
      { range: "A:A", width: 16 },
      { range: "B:B", width: 70 },
      { range: "C:D", width: 14 },
      { range: "E:E", width: 8 },
    ]);
    expect(heightRuns({ 2: 28, 12: 20, 13: 20, 14: 20, 16: 20 })).toEqual([
      { range: "2:2", height: 28 },
      { range: "12:14", height: 20 },
      { range: "16:16", height: 20 },
    ]);
  });

  test("cells are covered by few rectangles, exactly", () => {
    const cells = ["A1", "B1", "C1", "A2", "B2", "C2", "E2", "A3", "B3", "C3", "E3"];
    const rects = rectangles(cells).map(rangeOf).sort();
    expect(rects).toEqual(["A1:C3", "E2:E3"]);
    const blocks = styleBlocks([
      { address: "A1", style: "title" },
      { address: "B4", style: "input" },
      { address: "B5", style: "input" },
      { address: "C4", style: "computed" },
    ]);
    expect(blocks).toEqual([
      { style: "title", range: "A1" },
      { style: "input", range: "B4:B5" },
      { style: "computed", range: "C4" },
    ]);
  });

  test("styleBlocks takes time in proportion to the cells: 60,000 cells in well under a second", () => {
    // 5000 indicators are about 136,000 plan cells; styleBlocks once copied its list for every cell it
    // added, quadratic: 4 minutes for those, 3 s for 1000 indicators. Three styles, each a band of 20
    // columns × 1,000 rows.
    const styles = ["title", "input", "computed"] as const;
    const cells = styles.flatMap((style, k) =>
      Array.from({ length: 1000 * 20 }, (_, i) => ({ address: `${colLetters(1 + (i % 20))}${1 + k * 1000 + Math.floor(i / 20)}`, style })),
    );
    const start = performance.now();
    const blocks = styleBlocks(cells);
    const ms = performance.now() - start;
    expect(blocks).toEqual([
      { style: "title", range: "A1:T1000" },
      { style: "input", range: "A1001:T2000" },
      { style: "computed", range: "A2001:T3000" },
    ]);
    // Linear is about 0.1 s, quadratic about 25 s here; the bound only tells one from the other.
    expect(ms).toBeLessThan(2_000);
  });

  test("validation rules, protection options and footers take Office.js's shapes", () => {
    expect(validationRule({ type: "list", source: "List_Level1" })).toEqual({ list: { inCellDropDown: true, source: "=List_Level1" } });
    expect(validationRule({ type: "list", source: '"是,否"' })).toEqual({ list: { inCellDropDown: true, source: "是,否" } });
    expect(validationRule({ type: "decimal", operator: "between", formula1: "0", formula2: "Rule_Weight_Execution" })).toEqual({
      decimal: { operator: "Between", formula1: 0, formula2: "=Rule_Weight_Execution" },
    });
    expect(validationRule({ type: "whole", operator: "greaterThanOrEqual", formula1: "0" })).toEqual({
      wholeNumber: { operator: "GreaterThanOrEqualTo", formula1: 0 },
    });
    expect(protectionOptions({ formatColumns: true, formatRows: true, insertRows: true, deleteRows: false, sort: true, autoFilter: false })).toEqual({
      allowFormatCells: false,
      allowFormatColumns: true,
      allowFormatRows: true,
      allowInsertRows: true,
      allowDeleteRows: false,
      allowSort: true,
      allowAutoFilter: false,
    });
    expect(footerSections(PAGE.footer)).toEqual({ center: "第 &P 页，共 &N 页" });
    expect(footerSections("&L左&R右")).toEqual({ left: "左", right: "右" });
    expect(printTitleRows("11:11")).toBe("$11:$11");
  });

  test("print setup: A4, orientation, fit to width, margins in points, title rows, page-number footer", () => {
    // The fake has no pageLayout (ExcelApi 1.9); this records what applyPrint sets on one.
    const set: Record<string, unknown> = {};
    const footer: Record<string, unknown> = {};
    const pageLayout = { headersFooters: { defaultForAllPages: footer }, setPrintTitleRows: (rows: string) => (set.titleRows = rows) };
    const sheet = { pageLayout: new Proxy(pageLayout, { set: (t, k, v) => ((set[String(k)] = v), true) }) };
    applyPrint(sheet as unknown as Excel.Worksheet, {
      landscape: true,
      paperSize: 9,
      fitToWidth: 1,
      printTitleRows: "11:11",
      footer: PAGE.footer,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    });
    expect(set).toMatchObject({
      orientation: "Landscape",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1 },
      leftMargin: 36,
      topMargin: 43.2,
      footerMargin: 21.6,
      titleRows: "$11:$11",
    });
    expect(footer).toEqual({ centerFooter: "第 &P 页，共 &N 页" });
  });
});
