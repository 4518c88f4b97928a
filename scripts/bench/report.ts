import sample from "../../assets/samples/reference-2023.json";
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
  return [
    { name: "narrative.500.ms", value: narrativeMs, unit: "ms", note: "generateReport for 500 indicators, median of 21" },
    { name: "docx.export.ms", value: docxMs, unit: "ms", note: "Word export of the sample report with the 自评表 appendix, median of 11" },
  ];
}
