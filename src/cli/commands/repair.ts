import { parseArgs } from "node:util";
import { extname, resolve } from "node:path";
import { loadXlsxFile, repairXlsx, saveXlsxFile } from "../../template";
import { evaluateExcelJs } from "../../app/evaluate-xlsx";
import { EXIT, UsageError, refuseOverwrite } from "../errors";
import { withWorkbookErrors } from "../workbook-errors";
import { REPAIR } from "./meta";

/** Template errors the user can act on become usage errors (exit 2), with their Chinese message. */
export { withWorkbookErrors };

export const repairCommand = {
  ...REPAIR,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: "string" }, force: { type: "boolean", default: false } },
    });
    const file = positionals[0];
    if (!file) throw new UsageError(`请指定要修复的工作簿。用法：${repairCommand.usage}`);
    const out = values.out;
    if (!out) throw new UsageError(`请用 --out 指定修复后的文件（不会覆盖原文件）。用法：${repairCommand.usage}`);
    if (extname(file).toLowerCase() !== ".xlsx" || extname(out).toLowerCase() !== ".xlsx") {
      throw new UsageError("只能修复 .xlsx 工作簿，输出也须为 .xlsx。");
    }
    if (resolve(file) === resolve(out)) throw new UsageError("--out 不能与原文件相同：修复结果另存为新文件，原文件保持不变。");
    if (!values.force) await refuseOverwrite([out]);
    const plan = await withWorkbookErrors(async () => {
      const wb = await loadXlsxFile(file);
      const p = repairXlsx(wb);
      // As the add-in does after 修复模板: the outputs are written again, so a restored 自评表 or
      // 自评报告 is filled and every cached figure is current.
      evaluateExcelJs(wb);
      await saveXlsxFile(wb, out);
      return p;
    });
    const lines = [`已修复并另存为：${out}`];
    if (plan.fixed.length) lines.push(`修复了 ${plan.fixed.length} 处问题：`, ...plan.fixed.map((m) => `  - ${m}`));
    else lines.push("公式和定义名称完好；已重新设置数据验证、工作表保护和打印设置。");
    if (plan.notFixed.length) lines.push(`以下问题无法自动修复，请手工处理：`, ...plan.notFixed.map((m) => `  - ${m}`));
    process.stdout.write(`${lines.join("\n")}\n`);
    return plan.notFixed.length ? EXIT.errorFindings : EXIT.ok;
  },
};
