import ExcelJS from "exceljs";
import sample from "../../assets/samples/reference-2023.json";
import { evaluationInputSchema } from "../../src/domain";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { buildXlsx, planWorkbook, snapshotFromExcelJs, writeXlsxBuffer } from "../../src/template";
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

  return [
    { name: "template.build.ms", value: buildMs, unit: "ms", note: "plan + ExcelJS build + write of the sample workbook, median of 11" },
    { name: "xlsx.read.ms", value: readMs, unit: "ms", note: "load + snapshot + read + evaluate of the sample workbook, median of 11" },
  ];
}
