import { basename, extname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { EvaluationResult } from "../../domain";
import { EXIT, UsageError, refuseOverwrite } from "../errors";
import { EVALUATE } from "./meta";
import { evaluateFile, evaluateToXlsxBytes } from "../evaluate-file";
import { textSummary } from "../summary";

export const evaluateCommand = {
  ...EVALUATE,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: "string", default: "text" }, out: { type: "string" }, force: { type: "boolean", default: false } },
    });
    const file = positionals[0];
    if (!file) throw new UsageError("请指定要评价的文件，例如：jixiao evaluate 自评数据.json");
    if (positionals.length > 1) throw new UsageError(`多余的参数：${positionals.slice(1).join(" ")}。用法：${evaluateCommand.usage}`);
    const format = values.format;
    if (format !== "text" && format !== "json") throw new UsageError(`--format 只能是 text 或 json，收到“${format}”。`);

    if (!values.out) {
      const { result } = await evaluateFile(file);
      print(result, format, file);
      return exitCode(result);
    }

    const name = basename(file, extname(file));
    const xlsxPath = join(values.out, `${name}.xlsx`);
    const docxPath = join(values.out, `${name}.docx`);
    // The input is never modified: refuse an output folder that would overwrite it.
    if (resolve(xlsxPath) === resolve(file)) throw new UsageError(`输出文件会覆盖原文件 ${file}，请用 --out 指定另一个文件夹。`);
    if (!values.force) await refuseOverwrite([xlsxPath, docxPath]);
    // Word, node's gzip and fs/promises are loaded only here: evaluate without --out needs none of them.
    const [{ exportDocx, exportProjectsDocx }, { zlibGzip: gzip }, { mkdir, writeFile }] = await Promise.all([import("../../report"), import("../zlib-gzip"), import("node:fs/promises")]);
    const { bytes: workbook, evaluation } = await evaluateToXlsxBytes(file);
    const { result } = evaluation;
    // A file of project tables only has no department report; its projects' reports are one document.
    const docx = result.hasDepartment ? await exportDocx(evaluation.narrative, evaluation.read.input, result, { gzip }) : null;
    const projectsPath = join(values.out, `${name}-项目自评报告.docx`);
    const projectsDocx = result.projects.length ? await exportProjectsDocx(result.projects, result.unit.year || null, { gzip }) : null;
    try {
      await mkdir(values.out, { recursive: true });
      await writeFile(xlsxPath, workbook);
      if (docx) await writeFile(docxPath, docx);
      if (projectsDocx) await writeFile(projectsPath, projectsDocx);
    } catch (e) {
      throw new UsageError(`无法写出结果：${(e as Error).message}`);
    }
    if (format === "json") {
      const outputs = { workbook: xlsxPath, ...(docx ? { report: docxPath } : {}), ...(projectsDocx ? { projectReports: projectsPath } : {}) };
      process.stdout.write(`${JSON.stringify({ ...result, outputs }, null, 2)}\n`);
    } else {
      print(result, format, file);
      process.stdout.write(`\n已写出评价后的工作簿：${xlsxPath}\n`);
      if (docx) process.stdout.write(`已写出 Word 报告：${docxPath}\n`);
      if (projectsDocx) process.stdout.write(`已写出项目支出绩效自评报告（${result.projects.length} 个项目）：${projectsPath}\n`);
    }
    return exitCode(result);
  },
};

function exitCode(result: EvaluationResult): number {
  return result.findings.some((f) => f.severity === "error") ? EXIT.errorFindings : EXIT.ok;
}

export function print(result: EvaluationResult, format: "text" | "json", source: string): void {
  if (format === "json") process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${textSummary(result, source)}\n`);
}
