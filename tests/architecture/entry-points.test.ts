/**
 * "Evaluate a workbook" is one use case: every entry point gives the same findings, total, grade and
 * exit code for the same file (see entry-points.ts). Seeds 0… here, 100… in entry-points-2.test.ts:
 * ENTRY_POINT_SEEDS of each (16 in npm test, 100 in `npm run test:long`).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateFile, evaluateToWorkbook } from "../../src/cli/evaluate-file";
import { buildXlsx, planWorkbook, writeXlsxBuffer } from "../../src/template";
import { sampleInput } from "../template/helpers";
import { ENTRY_POINT_SEEDS, dir, exitOf, sameThroughEveryEntryPoint, view } from "./entry-points";

describe("every entry point evaluates a workbook the same way", () => {
  it("the issue's file: a fund line with only an initial amount is not clean anywhere", async () => {
    const input = sampleInput();
    input.budget.publicExpense = 29.85;
    input.budget.personnel = 531.24;
    input.budget.govFund = { initial: 10 };
    input.budget.fiscal.initial = Number((input.budget.fiscal.initial as number) + 10);
    const path = join(dir, "fund-initial-only.xlsx");
    writeFileSync(path, await writeXlsxBuffer(buildXlsx(planWorkbook(input))));
    const plain = (await evaluateFile(path)).result;
    const out = (await evaluateToWorkbook(path)).evaluation.result;
    expect(exitOf(plain)).toBe(1);
    expect(plain.findings.map((f) => f.code)).toContain("NARRATIVE_REQUIRED_MISSING");
    expect(view(plain)).toEqual(view(out));
  });

  it(`random workbooks 0–${ENTRY_POINT_SEEDS - 1}, every other one damaged: same findings, total, grade and exit code`, () =>
    sameThroughEveryEntryPoint(0, ENTRY_POINT_SEEDS), 240_000);
});
