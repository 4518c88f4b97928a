/**
 * `evaluate --out` hands out files that previews, mail clients and scripts read without recalculating:
 * after new inputs, every template formula cell must carry the figure it computes now, not the one cached
 * when the file was last saved.
 */
import { describe, expect, it } from "vitest";
import { evaluateExcelJs } from "../../src/app/evaluate-xlsx";
import { FIELD_CELLS, SHEETS, buildXlsx, planWorkbook } from "../../src/template";
import { LINK_CELLS } from "../../src/template/layout";
import { sampleInput } from "../template/helpers";

const sheetName = (key: string) => SHEETS.find((s) => s.key === key)!.name;
const at = (id: string) => FIELD_CELLS.get(id)!;

describe("evaluate refreshes the cached values of the template's formulas", () => {
  it("a changed 实际支出 shows its new rate, score and link values to a reader that does not recalculate", () => {
    const wb = buildXlsx(planWorkbook(sampleInput()));
    const actual = at("budget.basic.actual");
    // Typed by a program that does not recalculate (as a script or another tool writing the file would).
    wb.getWorksheet(sheetName(actual.sheet))!.getCell(actual.address).value = 280.545;
    const rate = at("rate.basicCompletion");
    const before = (wb.getWorksheet(sheetName(rate.sheet))!.getCell(rate.address).value as { result?: number }).result;
    expect(before).toBe(1);

    const evaluation = evaluateExcelJs(wb);
    const cached = (wb.getWorksheet(sheetName(rate.sheet))!.getCell(rate.address).value as { formula: string; result?: number });
    expect(cached.formula).toBeTruthy();
    expect(cached.result).toBeCloseTo(280.545 / 561.09, 10);
    expect(evaluation.result.rates.basicCompletion.value).toBeCloseTo(280.545 / 561.09, 10);

    // The 自评表's display link of 基本支出 实际 carries the new amount too.
    const link = LINK_CELLS.find((l) => l.sheet === "selfTable" && l.link === "budget.basic.actual")!;
    const shown = wb.getWorksheet(sheetName("selfTable"))!.getCell(link.address).value as { result?: number };
    expect(shown.result).toBe(280.545);
  });
});
