import ExcelJS from "exceljs";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema } from "../../src/domain";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { buildXlsx, planWorkbook, snapshotFromExcelJs, writeXlsxBuffer } from "../../src/template";
import { largeInput } from "../../tests/support/large-input";
import { buildHyperFormulaSheet } from "../../tests/template/hyperformula-sheet";
import type { Metric } from "../bench";
import { medianMs } from "./timing";

export async function templateBench(): Promise<Metric[]> {
  const input = evaluationInputSchema.parse(structuredClone(sample));
  const buildMs = await medianMs(async () => writeXlsxBuffer(buildXlsx(planWorkbook(input))), 11, 2);
  const buffer = await writeXlsxBuffer(buildXlsx(planWorkbook(input)));
  const readMs = await medianMs(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    return evaluateSnapshot(snapshotFromExcelJs(wb)).result;
  }, 11, 2);

  // The same formulas for 500 indicators: our engine vs HyperFormula recomputing them from scratch.
  const big = largeInput(500);
  const engineMs = await medianMs(() => evaluate(big));
  const sheet = buildHyperFormulaSheet(big);
  const hfTimes: number[] = [];
  for (let i = 0; i < 9; i++) hfTimes.push(sheet.recompute());
  // One edit, as a user makes it: HyperFormula's own incremental recalculation after one weight changes,
  // against our engine recomputing after the same change.
  const hfEdit: number[] = [];
  for (let i = 0; i < 21; i++) hfEdit.push(sheet.changeWeight(i % big.indicators.length, 1 + (i % 5)));
  sheet.destroy();
  const edited = structuredClone(big);
  let n = 0;
  const engineEditMs = await medianMs(() => {
    edited.indicators[n % edited.indicators.length]!.weight = 1 + (n++ % 5);
    return evaluate(edited);
  });
  const hfMs = median(hfTimes);
  const hfEditMs = median(hfEdit);
  return [
    { name: "template.build.ms", value: buildMs, unit: "ms", note: "plan + ExcelJS build + write of the sample workbook, median of 11" },
    { name: "xlsx.read.ms", value: readMs, unit: "ms", note: "load + snapshot + read + evaluate of the sample workbook, median of 11" },
    { name: "hyperformula.rebuild500.ms", value: hfMs, unit: "ms", note: "HyperFormula rebuildAndRecalculate (re-parses every formula), 500 indicators, median of 9" },
    { name: "hyperformula.edit500.ms", value: hfEditMs, unit: "ms", note: "HyperFormula incremental recalculation after one weight changes, 500 indicators, median of 21" },
    { name: "engine.recompute500.same-run.ms", value: engineMs, unit: "ms", note: "our engine, same inputs, same run" },
    { name: "engine.edit500.ms", value: engineEditMs, unit: "ms", note: "our engine after the same one-weight change (a full pass incl. findings), median of 21" },
    { name: "engine.vs.hyperformula.edit", value: hfEditMs / engineEditMs, unit: "x", note: "per edit; budget ≥ 5x" },
    { name: "engine.vs.hyperformula.rebuild", value: hfMs / engineMs, unit: "x", note: "against a full rebuild, which no program does per edit" },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
