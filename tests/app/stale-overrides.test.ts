import { describe, expect, test } from "vitest";
import { evaluate, type EvaluationInput } from "../../src/domain";
import { generateReport } from "../../src/domain/narrative";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { snapshotFromExcelJs } from "../../src/template";
import { splitQualified } from "../../src/template/addr";
import { buildAndReload, sampleInput } from "../template/helpers";

/**
 * Issue 12: the sample keeps 9 / 10 for 执行率 after spending is lowered to 80.76% (the rule now gives
 * 8.08). The override stores the computed score it replaced (10); when the computed score changes, the
 * override is stale: a finding at its cell, and the report says so.
 */

function lowered(): EvaluationInput {
  const input = sampleInput();
  input.execution = { override: { ...input.execution!.override!, replaced: 10 } };
  input.budget.fiscal.actual = 700; // 700 / 866.74 = 80.76%
  return input;
}

describe("stale manual overrides", () => {
  test("the reference figures: override 9 made when the rule gave 10 is not stale", () => {
    const input = sampleInput();
    input.execution = { override: { ...input.execution!.override!, replaced: 10 } };
    const r = evaluate(input);
    expect(r.execution.computedScore).toBe(10);
    expect(r.findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
  });

  test("spending lowered to 80.76%: the rule gives 8.08, the override 9 is stale, at its own cell, and the report says so", () => {
    const input = lowered();
    const r = evaluate(input);
    expect(r.rates.execution.display).toBe("80.76%");
    expect(r.execution.computedScore).toBe(8.08);
    expect(r.execution.score).toBe(9);
    const stale = r.findings.filter((f) => f.code === "OVERRIDE_STALE");
    expect(stale).toHaveLength(1);
    expect(stale[0]!.ref.field).toBe("execution.override.score");
    expect(stale[0]!.message).toContain("按规则计10分时填写");
    expect(stale[0]!.message).toContain("按规则计8.08分");
    const text = generateReport(input, r).paragraphs.find((p) => p.key === "s5.execution")!.text;
    // The deduction is explained by the override's own reason, not by a rule figure it contradicts …
    expect(text).not.toContain("按评分规则计8.08分。年初");
    expect(text).toContain("扣1分，原因：年初部门预算前瞻性有待进一步加强");
    // … and the stale override is named as such.
    expect(text).toContain("调整时按评分规则计10分；数据变化后按评分规则计8.08分，该调整得分尚待重新确认");
  });

  test("an indicator override: stale when its computed score moves, not before", () => {
    const input = sampleInput();
    const i = input.indicators.findIndex((x) => x.level1 === "满意度指标");
    input.indicators[i] = { ...input.indicators[i]!, actual: "95%", override: { score: 9, reason: "抽样偏少", replaced: 10 } };
    expect(evaluate(input).findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
    input.indicators[i] = { ...input.indicators[i]!, actual: "81%" };
    const r = evaluate(input);
    const stale = r.findings.find((f) => f.code === "OVERRIDE_STALE")!;
    expect(stale.ref.field).toBe(`indicators[${i}].override.score`);
    const line = generateReport(input, r).paragraphs.find((p) => p.text.includes("区直部门及乡镇街道满意度"))!.text;
    expect(line).toContain("调整时按评分规则计10分；数据变化后按评分规则计9分");
  });

  test("an override without a stored score is never called stale (files from before template 1.2)", () => {
    const input = sampleInput();
    input.budget.fiscal.actual = 700;
    expect(evaluate(input).findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
  });

  test("in a workbook the add-in stores the replaced score next to a new override, in the named cell", async () => {
    const snapshot = snapshotFromExcelJs(await buildAndReload(sampleInput()));
    const { writes, read } = evaluateSnapshot(snapshot);
    const at = read.cellOf("execution.override.replaced")!;
    expect(at).toMatch(/D26$/);
    const cell = splitQualified(at)!;
    const here = (x: { sheet: string; address: string }) => x.sheet === cell.sheet && x.address === cell.address;
    const w = writes.find(here);
    expect(w?.value).toBe(10);
    // Once stored, nothing is written again.
    const input = sampleInput();
    input.execution = { override: { ...input.execution!.override!, replaced: 10 } };
    const again = evaluateSnapshot(snapshotFromExcelJs(await buildAndReload(input)));
    expect(again.writes.filter(here)).toEqual([]);
  });

  test("in a workbook a cleared override's stored score is cleared (执行率 and indicators), so a new override stores its own", async () => {
    const input = sampleInput();
    const i = input.indicators.findIndex((x) => x.level1 === "满意度指标");
    input.execution = { override: { ...input.execution!.override!, replaced: 10 } };
    input.indicators[i] = { ...input.indicators[i]!, override: { score: 9, reason: "抽样偏少", replaced: 10 } };
    const wb = await buildAndReload(input);
    const first = evaluateSnapshot(snapshotFromExcelJs(wb));
    const execAt = splitQualified(first.read.cellOf("execution.override.replaced")!)!;
    const indAt = splitQualified(first.read.cellOf(`indicators[${i}].override.replaced`)!)!;
    const cellOf = (field: string) => splitQualified(first.read.cellOf(field)!)!;
    // The user clears both overrides (score and reason) and lowers spending.
    for (const field of ["execution.override.score", "execution.override.reason", `indicators[${i}].override.score`, `indicators[${i}].override.reason`]) {
      const c = cellOf(field);
      wb.getWorksheet(c.sheet)!.getCell(c.address.replace(/\$/g, "")).value = null;
    }
    const cleared = evaluateSnapshot(snapshotFromExcelJs(wb));
    const clears = cleared.writes.filter((w) => w.value === "" && [execAt, indAt].some((a) => a.sheet === w.sheet && a.address.replace(/\$/g, "") === w.address));
    expect(clears).toHaveLength(2);
    expect(cleared.result.findings.map((f) => f.code)).not.toContain("OVERRIDE_STALE");
  });
});
