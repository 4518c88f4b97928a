import { mkdir, writeFile } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { addProjectToExcelJs, loadXlsxFile, ProjectOperationError, removeProjectFromExcelJs, saveXlsxFile } from "../../template";
import { exportProjectsDocx } from "../../report";
import { EXIT, UsageError } from "../errors";
import { evaluateFile } from "../evaluate-file";
import { zlibGzip } from "../zlib-gzip";
import { withWorkbookErrors } from "./repair";

/**
 * Projects of an existing workbook: add an empty one, copy one, remove one. The 项目自评汇总 follows.
 * The result is written to --out, or back to the file itself when --out is not given (the command's purpose).
 */
export const projectCommand = {
  name: "project",
  summary: "在已有工作簿中新增、复制或删除项目支出绩效自评表（add, copy or remove a project sheet）",
  usage: "jixiao project add|copy|remove 文件.xlsx [--name 项目名称] [--from 要复制的项目] [--out 另存为.xlsx] | jixiao project report 文件.xlsx|.json [--name 项目名称] --out 报告.docx",
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { name: { type: "string" }, from: { type: "string" }, out: { type: "string" } },
    });
    const [action, file, ...rest] = positionals;
    if (action === "report") return report(file, rest, values);
    if (!action || !["add", "copy", "remove"].includes(action)) throw new UsageError(`请指定操作 add、copy 或 remove。用法：${projectCommand.usage}`);
    if (!file) throw new UsageError(`请指定工作簿。用法：${projectCommand.usage}`);
    if (rest.length) throw new UsageError(`多余的参数：${rest.join(" ")}。用法：${projectCommand.usage}`);
    if (extname(file).toLowerCase() !== ".xlsx") throw new UsageError("只能处理 .xlsx 工作簿。");
    const out = values.out ?? file;
    if (extname(out).toLowerCase() !== ".xlsx") throw new UsageError("--out 须为 .xlsx 文件。");
    if (action === "copy" && !values.from) throw new UsageError("复制项目须用 --from 指定要复制的项目名称（或其工作表名）。");
    if (action === "remove" && !values.name) throw new UsageError("删除项目须用 --name 指定项目名称（或其工作表名）。");
    const message = await withWorkbookErrors(async () => {
      const wb = await loadXlsxFile(file);
      let text: string;
      try {
        if (action === "remove") {
          removeProjectFromExcelJs(wb, values.name!);
          text = `已删除项目“${values.name}”及其工作表，项目自评汇总已更新`;
        } else {
          const added = addProjectToExcelJs(wb, { ...(values.name ? { name: values.name } : {}), ...(action === "copy" ? { copyOf: values.from! } : {}) });
          text = `已${action === "copy" ? `复制项目“${values.from}”为` : "新增"}项目表“${added.sheetName}”（定义名称前缀 Proj${added.number}_），项目自评汇总已更新`;
        }
      } catch (e) {
        if (e instanceof ProjectOperationError) throw new UsageError(e.message);
        throw e;
      }
      await saveXlsxFile(wb, out);
      return `${text}：${resolve(out) === resolve(file) ? file : out}`;
    });
    process.stdout.write(`${message}\n`);
    return EXIT.ok;
  },
};

/** One project's report (--name), or every project's in one document, as Word. */
async function report(file: string | undefined, rest: string[], values: { name?: string; out?: string }): Promise<number> {
  if (!file) throw new UsageError(`请指定工作簿或 JSON。用法：${projectCommand.usage}`);
  if (rest.length) throw new UsageError(`多余的参数：${rest.join(" ")}。`);
  if (!values.out || extname(values.out).toLowerCase() !== ".docx") throw new UsageError("请用 --out 指定 Word 报告文件（.docx）。");
  const { result } = await evaluateFile(file);
  const projects = values.name ? result.projects.filter((p) => p.name === values.name) : result.projects;
  if (projects.length === 0) {
    throw new UsageError(values.name ? `找不到项目“${values.name}”。现有项目：${result.projects.map((p) => p.name).join("、") || "（无）"}。` : `${file} 中没有项目支出绩效自评表。`);
  }
  const docx = await exportProjectsDocx(projects, result.unit.year || null, { gzip: zlibGzip });
  try {
    await mkdir(dirname(resolve(values.out)), { recursive: true });
    await writeFile(values.out, docx);
  } catch (e) {
    throw new UsageError(`无法写出报告：${(e as Error).message}`);
  }
  process.stdout.write(`已写出项目支出绩效自评报告（${projects.map((p) => p.name).join("、")}）：${values.out}\n`);
  return EXIT.ok;
}
