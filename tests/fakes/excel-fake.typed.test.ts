/**
 * Code written exactly as the Office.js adapter would write it — typed against the real
 * @types/office-js `Excel` namespace — runs against the fake through dependency injection.
 */
import { describe, expect, it } from "vitest";
import { FakeExcel } from "./excel-fake";

function inject(app: FakeExcel): typeof Excel {
  return app.excelNamespace as unknown as typeof Excel;
}

describe("the fake behind the real Excel typings", () => {
  it("runs a typed read-modify-write batch and counts its round trips", async () => {
    const app = new FakeExcel({ sheets: ["预算执行"] });
    app.setCells("预算执行", "C7", [
      [100, 80, "=IFERROR(ROUND(D7/C7,4),0)"],
      [200, 0, "=IFERROR(ROUND(D8/C8,4),0)"],
    ]);
    const X = inject(app);
    app.resetStats();
    const rates = await X.run(async (context: Excel.RequestContext) => {
      const sheet = context.workbook.worksheets.getItem("预算执行");
      const range = sheet.getRange("C7:E8");
      range.load(["values", "formulas"]);
      await context.sync();
      const input = sheet.getRange("D8");
      input.values = [[150]];
      const rate = sheet.getRange("E7:E8");
      rate.load("values");
      await context.sync();
      return rate.values.map((r) => r[0]);
    });
    expect(rates).toEqual([0.8, 0.75]);
    expect(app.stats.roundTrips).toBe(2);
    expect(app.stats.cellsWritten).toBe(1);
    expect(app.stats.cellsRead).toBe(8);
  });

  it("typed event handlers receive WorksheetChangedEventArgs-shaped objects", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.14" } });
    const X = inject(app);
    const got: Excel.WorksheetChangedEventArgs[] = [];
    await X.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").onChanged.add(async (e: Excel.WorksheetChangedEventArgs) => {
        got.push(e);
      });
      await context.sync();
    });
    await app.userEdit("Sheet1", "B2", 3);
    await X.run({ delayForCellEdit: true }, async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("B3").values = [[4]];
      await context.sync();
    });
    await app.flushEvents();
    expect(got.map((e) => [e.address, e.triggerSource === X.EventTriggerSource.thisLocalAddin])).toEqual([
      ["B2", false],
      ["B3", true],
    ]);
    expect(got[0]!.details.valueAfter).toBe(3);
  });

  it("typed null-object checks and named ranges work", async () => {
    const app = new FakeExcel({ sheets: ["预算执行"] });
    const X = inject(app);
    const found = await X.run(async (context) => {
      const maybe = context.workbook.worksheets.getItemOrNullObject("绩效指标");
      await context.sync();
      if (maybe.isNullObject) {
        const created = context.workbook.worksheets.add("绩效指标");
        context.workbook.names.add("分值合计", created.getRange("B10"));
      }
      await context.sync();
      const named = context.workbook.names.getItem("分值合计").getRange();
      named.load("address");
      await context.sync();
      return named.address;
    });
    expect(found).toBe("绩效指标!B10");
    expect(app.sheetNames()).toEqual(["预算执行", "绩效指标"]);
  });
});
