import sample from "../../assets/samples/reference-2023.json";
import { zlibGzip } from "../../src/cli/zlib-gzip";
import { evaluate, evaluationInputSchema } from "../../src/domain";
import { generateReport } from "../../src/domain/narrative";
import { exportDocx } from "../../src/report";
import { largeInput } from "../../tests/support/large-input";
import type { Metric } from "../bench";
import { medianMs } from "./timing";

export async function reportBench(): Promise<Metric[]> {
  const big = largeInput(500);
  const bigResult = evaluate(big);
  const narrativeMs = await medianMs(() => generateReport(big, bigResult));
  const input = evaluationInputSchema.parse(structuredClone(sample));
  const result = evaluate(input);
  const paragraphs = generateReport(input, result).paragraphs;
  const docxMs = await medianMs(() => exportDocx(paragraphs, input, result), 11, 3);
  // The CLI's Word export (node's zlib) of a large report: 5,000 indicators, a 15 MB document.xml.
  const huge = largeInput(5000);
  const hugeResult = evaluate(huge);
  const hugeParagraphs = generateReport(huge, hugeResult).paragraphs;
  const docx5000Ms = await medianMs(() => exportDocx(hugeParagraphs, huge, hugeResult, { gzip: zlibGzip }), 7, 2);
  return [
    { name: "narrative.500.ms", value: narrativeMs, unit: "ms", note: "generateReport for 500 indicators, median of 21" },
    { name: "docx.export.ms", value: docxMs, unit: "ms", note: "Word export of the sample report with the 自评表 appendix (fflate, as in the pane), median of 11" },
    { name: "docx.export.5000.ms", value: docx5000Ms, unit: "ms", note: "Word export of 5,000 indicators as the CLI does it (node's zlib), in process, median of 7; budget ≤ 300 ms" },
  ];
}
