import { parseArgs } from "node:util";
import type { EvaluationResult } from "../../domain";
import { EXIT, UsageError } from "../errors";
import { evaluateFile } from "../evaluate-file";
import { textSummary } from "../summary";

export const evaluateCommand = {
  name: "evaluate",
  summary: "计算自评得分并检查数据（evaluate a workbook or JSON file）",
  usage: "jixiao evaluate FILE.xlsx|FILE.json [--format text|json]",
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string", default: "text" } },
    });
    const file = positionals[0];
    if (!file) throw new UsageError("请指定要评价的文件，例如：jixiao evaluate 自评数据.json");
    if (values.format !== "text" && values.format !== "json") {
      throw new UsageError(`--format 只能是 text 或 json，收到“${values.format}”。`);
    }
    const { result } = await evaluateFile(file);
    print(result, values.format, file);
    return result.findings.some((f) => f.severity === "error") ? EXIT.errorFindings : EXIT.ok;
  },
};

export function print(result: EvaluationResult, format: "text" | "json", source: string): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${textSummary(result, source)}\n`);
}
