import { describe, expect, it } from "vitest";
import { FakeExcel } from "./excel-fake";

/**
 * Adding and deleting worksheets as Excel does (the project actions depend on it):
 * - Worksheet.delete: "if the worksheet's visibility is set to "VeryHidden", the delete operation will fail with
 *   an InvalidOperation exception. You should first change its visibility to hidden or visible before deleting
 *   it." https://learn.microsoft.com/en-us/javascript/api/excel/excel.worksheet#excel-excel-worksheet-delete-member(1)
 * - WorksheetCollection.add with a name in use fails ("A resource with the same name or identifier already
 *   exists", https://github.com/OfficeDev/office-scripts-docs/issues/560).
 * - Workbook-scoped names that pointed at a deleted sheet stay, pointing at #REF!.
 */

const excel = (fake: FakeExcel) => fake.excelNamespace as unknown as typeof Excel;

describe("FakeExcel worksheets: add and delete", () => {
  it("refuses to delete a very hidden sheet, and deletes it once made visible", async () => {
    const fake = new FakeExcel({ requirementSets: { ExcelApi: "1.14" }, sheets: ["A", "B"] });
    await excel(fake).run(async (ctx) => {
      ctx.workbook.worksheets.getItem("B").visibility = "VeryHidden";
      await ctx.sync();
    });
    await expect(
      excel(fake).run(async (ctx) => {
        ctx.workbook.worksheets.getItem("B").delete();
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidOperation" });
    expect(fake.sheetNames()).toEqual(["A", "B"]);
    await excel(fake).run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("B");
      ws.visibility = "Visible";
      ws.delete();
      await ctx.sync();
    });
    expect(fake.sheetNames()).toEqual(["A"]);
  });

  it("refuses a second sheet of the same name (case-insensitive)", async () => {
    const fake = new FakeExcel({ requirementSets: { ExcelApi: "1.14" }, sheets: ["项目1"] });
    await expect(
      excel(fake).run(async (ctx) => {
        ctx.workbook.worksheets.add("项目1");
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemAlreadyExists" });
  });

  it("leaves workbook names of a deleted sheet pointing at #REF!; deleting the sheet and re-adding its name in one batch works", async () => {
    const fake = new FakeExcel({ requirementSets: { ExcelApi: "1.14" }, sheets: ["A", "P"] });
    fake.addName("Proj1_Name", "=P!$B$2");
    fake.addName("Proj2_Name", "=P!$B$3");
    await excel(fake).run(async (ctx) => {
      ctx.workbook.names.getItem("Proj1_Name").delete();
      ctx.workbook.worksheets.getItem("P").delete();
      ctx.workbook.worksheets.add("P");
      ctx.workbook.names.add("Proj1_Name", "=P!$B$2");
      await ctx.sync();
    });
    const names = Object.fromEntries(fake.definedNames().map((n) => [n.name, n.formula]));
    expect(names["Proj2_Name"]).toContain("#REF!");
    expect(names["Proj1_Name"]).not.toContain("#REF!");
  });
});
