import { describe, expect, it } from "vitest";
import { FakeExcel } from "./excel-fake";

function seed(app: FakeExcel): void {
  app.setCells("指标", "A1", [
    ["指标", "分值"],
    ["预算执行率", 10],
    ["产出数量", 20],
  ]);
  app.setCell("指标", "A5", "备注");
  app.setCell("指标", "B6", "=SUM(B2:B3)");
}

/** Excel only accepts a structured reference once the table exists. */
function addStructuredSum(app: FakeExcel): void {
  app.setCell("指标", "C1", "=SUM(表1[分值])");
}

describe("tables", () => {
  it("creates a table and exposes its ranges, rows and columns", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    seed(app);
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("指标");
      const t = ws.tables.add("A1:B3", true);
      t.name = "表1";
      t.load("name, id");
      const all = t.getRange().load("address");
      const header = t.getHeaderRowRange().load("values");
      const body = t.getDataBodyRange().load("address, values");
      t.rows.load("count");
      t.columns.load("items/name");
      await ctx.sync();
      expect(t.name).toBe("表1");
      expect(all.address).toBe("指标!A1:B3");
      expect(header.values).toEqual([["指标", "分值"]]);
      expect(body.address).toBe("指标!A2:B3");
      expect(body.values).toEqual([
        ["预算执行率", 10],
        ["产出数量", 20],
      ]);
      expect(t.rows.count).toBe(2);
      expect(t.columns.items.map((c) => c.name)).toEqual(["指标", "分值"]);
      const byName = ctx.workbook.tables.getItem("表1").columns.getItem("分值").getDataBodyRange().load("address");
      const missing = ctx.workbook.tables.getItemOrNullObject("表9");
      await ctx.sync();
      expect(byName.address).toBe("指标!B2:B3");
      // eslint-disable-next-line office-addins/call-sync-before-read -- synced above; the plugin loses track after the load chain
      expect(missing.isNullObject).toBe(true);
    });
    addStructuredSum(app);
    expect(app.getFormula("指标", "C1")).toBe("=SUM(表1[分值])");
    expect(app.getValue("指标", "C1")).toBe(30);
  });

  it("rows.add grows the table, shifts cells below and keeps sums right", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    seed(app);
    await app.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("指标").tables.add("A1:B3", true);
      t.name = "表1";
      await ctx.sync();
      addStructuredSum(app);
      // Append at the end, and insert in the middle.
      t.rows.add(null, [["满意度", 30]]);
      t.rows.add(1, [["时效", 40]]);
      const range = t.getRange().load("address");
      t.rows.load("count");
      await ctx.sync();
      expect(range.address).toBe("指标!A1:B5");
      expect(t.rows.count).toBe(4);
    });
    expect(app.getValue("指标", "A2:B5")).toEqual([
      ["预算执行率", 10],
      ["时效", 40],
      ["产出数量", 20],
      ["满意度", 30],
    ]);
    // Cells below the table moved down by two rows.
    expect(app.getValue("指标", "A7")).toBe("备注");
    // The structured reference covers the whole column; the A1 range grew only with the
    // insertion inside it, exactly as in Excel.
    expect(app.getValue("指标", "C1")).toBe(100);
    expect(app.getFormula("指标", "B8")).toBe("=SUM(B2:B4)");
    expect(app.getValue("指标", "B8")).toBe(70);
    expect(app.tables()).toEqual([{ name: "表1", sheet: "指标", address: "A1:B5" }]);
  });

  it("tables without headers get generated headers", async () => {
    const app = new FakeExcel();
    app.setCells("Sheet1", "A1", [
      [1, 2],
      [3, 4],
    ]);
    await app.run(async (ctx) => {
      const t = ctx.workbook.tables.add("Sheet1!A1:B2", false);
      const body = t.getDataBodyRange().load("values, address");
      t.columns.load("items/name");
      await ctx.sync();
      expect(t.columns.items.map((c) => c.name)).toEqual(["Column1", "Column2"]);
      expect(body.address).toBe("Sheet1!A2:B3");
      expect(body.values).toEqual([
        [1, 2],
        [3, 4],
      ]);
    });
  });

  it("inserting sheet rows inside a table grows it; deleting a table row shrinks it", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    seed(app);
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("指标");
      const t = ws.tables.add("A1:B3", true);
      t.name = "表1";
      await ctx.sync();
      ws.getRange("3:3").insert("Down");
      await ctx.sync();
      const r = t.getRange().load("address");
      await ctx.sync();
      expect(r.address).toBe("指标!A1:B4");
      t.rows.getItemAt(0).delete();
      const r2 = t.getRange().load("address");
      await ctx.sync();
      expect(r2.address).toBe("指标!A1:B3");
    });
    expect(app.getValue("指标", "A2:B3")).toEqual([
      ["", ""],
      ["产出数量", 20],
    ]);
  });

  it("overlapping tables and missing tables fail like Excel", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    seed(app);
    await expect(
      app.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("指标");
        ws.tables.add("A1:B3", true);
        ws.tables.add("B2:C4", true);
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(
      app.run(async (ctx) => {
        ctx.workbook.tables.getItem("nope").load("name");
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound" });
  });

  it("table.delete removes the table and its contents; structured references break", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    seed(app);
    await app.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("指标").tables.add("A1:B3", true);
      t.name = "表1";
      await ctx.sync();
      addStructuredSum(app);
      t.delete();
      await ctx.sync();
    });
    expect(app.tables()).toEqual([]);
    expect(app.getValue("指标", "A2")).toBe("");
    expect(app.getValue("指标", "C1")).toBe("#REF!");
    expect(app.getFormula("指标", "C1")).toBe("=SUM(#REF!)");
  });

  it("renaming a table updates structured references; unknown tables are rejected", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    seed(app);
    await app.run(async (ctx) => {
      const t = ctx.workbook.worksheets.getItem("指标").tables.add("A1:B3", true);
      t.name = "表1";
      await ctx.sync();
      addStructuredSum(app);
      t.name = "指标表";
      await ctx.sync();
    });
    expect(app.getFormula("指标", "C1")).toBe("=SUM(指标表[分值])");
    expect(app.getValue("指标", "C1")).toBe(30);
    await expect(
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("指标").getRange("D1").formulas = [["=SUM(表9[分值])"]];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });
});
