import { describe, expect, it } from "vitest";
import { FakeExcel } from "./excel-fake";

/** A two-row table 指标表 on 指标!A1:C3 with a computed column 得分 = 分值 × 完成率 per row. */
async function seed(app: FakeExcel): Promise<void> {
  app.setCells("指标", "A1", [
    ["分值", "完成率", "得分"],
    [10, 0.5, null],
    [20, 1, null],
  ]);
  await app.run(async (ctx) => {
    const t = ctx.workbook.worksheets.getItem("指标").tables.add("A1:C3", true);
    t.name = "指标表";
    await ctx.sync();
  });
}

describe("this-row structured references", () => {
  it("Table[[#This Row],[Col]] reads the formula's own row and renders in Excel's short form", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    await seed(app);
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("指标").getRange("C2:C3").formulas = [
        ["=指标表[[#This Row],[分值]]*指标表[[#This Row],[完成率]]"],
        ["=指标表[[#This Row],[分值]]*指标表[[#This Row],[完成率]]"],
      ];
      await ctx.sync();
    });
    expect(app.getValue("指标", "C2:C3")).toEqual([[5], [20]]);
    expect(app.getFormula("指标", "C2")).toBe("=指标表[@分值]*指标表[@完成率]");
    app.setCell("指标", "E1", "=SUM(指标表[得分])");
    expect(app.getValue("指标", "E1")).toBe(25);
  });

  it("the short forms @Col and @[Col] parse to the same reference", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    await seed(app);
    app.setCell("指标", "C2", "=指标表[@分值]+指标表[@[完成率]]");
    expect(app.getValue("指标", "C2")).toBe(10.5);
    expect(app.getFormula("指标", "C2")).toBe("=指标表[@分值]+指标表[@完成率]");
  });

  it("follows inserted rows, and is #VALUE! outside the table's data rows", async () => {
    const app = new FakeExcel({ sheets: ["指标"] });
    await seed(app);
    app.setCell("指标", "C2", "=指标表[[#This Row],[分值]]*2");
    app.setCell("指标", "C3", "=指标表[[#This Row],[分值]]*2");
    await app.run(async (ctx) => {
      ctx.workbook.tables.getItem("指标表").rows.add(0, [[7, 1, null]]);
      await ctx.sync();
    });
    expect(app.getValue("指标", "C3:C4")).toEqual([[20], [40]]);
    app.setCell("指标", "E9", "=指标表[[#This Row],[分值]]");
    expect(app.getValue("指标", "E9")).toBe("#VALUE!");
  });
});
