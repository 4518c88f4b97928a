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
  sheet.destroy();
  hfTimes.sort((a, b) => a - b);
  const hfMs = hfTimes[Math.floor(hfTimes.length / 2)]!;
  return [
    { name: "template.build.ms", value: buildMs, unit: "ms", note: "plan + ExcelJS build + write of the sample workbook, median of 11" },
    { name: "xlsx.read.ms", value: readMs, unit: "ms", note: "load + snapshot + read + evaluate of the sample workbook, median of 11" },
    { name: "hyperformula.recompute500.ms", value: hfMs, unit: "ms", note: "HyperFormula rebuildAndRecalculate of the template's formulas, 500 indicators, median of 9" },
    { name: "engine.recompute500.same-run.ms", value: engineMs, unit: "ms", note: "our engine, same inputs, same run" },
    { name: "engine.vs.hyperformula", value: hfMs / engineMs, unit: "x", note: "budget ≥ 5x" },
  ];
}
