import ExcelJS from "exceljs";
import { parseArgs } from "node:util";
import { compareEvaluations, type Change, type ChangeCategory } from "../../app/compare-evaluations";
import { EXIT, UsageError } from "../errors";
import { evaluateFile } from "../evaluate-file";

/** Exit code when the versions differ (like diff(1)); 2 stays "input unusable". */
const CHANGED = 1;

const ORDER: readonly ChangeCategory[] = ["填报数据", "绩效指标", "得分", "检查发现", "报告段落"];

/** A long paragraph on one terminal line: its start and its length. */
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…（共 ${s.length} 字）` : s);

function line(c: Change): string {
  const where = c.cell ? `  [${c.cell}]` : "";
  if (c.category === "报告段落") {
    return `  ${c.kind}：${clip(c.after || c.before)}${where}`;
  }
  if (c.kind === "新增" || c.kind === "新出现") return `  ${c.kind} ${c.item}：${clip(c.after)}${where}`;
  if (c.kind === "删除" || c.kind === "已解决") return `  ${c.kind} ${c.item}：${clip(c.before)}`;
  return `  ${c.item}：${clip(c.before) || "（空）"} → ${clip(c.after) || "（空）"}${where}`;
}

async function writeDiffWorkbook(changes: readonly Change[], oldFile: string, newFile: string, out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "绩效自评助手";
  const ws = wb.addWorksheet("变更", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "类别", key: "category", width: 10 },
    { header: "项目", key: "item", width: 28 },
    { header: "变化", key: "kind", width: 10 },
    { header: `原值（${oldFile}）`, key: "before", width: 50 },
    { header: `新值（${newFile}）`, key: "after", width: 50 },
    { header: "位置（新版本）", key: "cell", width: 22 },
  ];
  for (const c of changes) ws.addRow({ ...c, cell: c.cell ?? "" });
  ws.getRow(1).font = { bold: true };
  for (const key of ["item", "before", "after"]) ws.getColumn(key).alignment = { wrapText: true, vertical: "top" };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 6 } };
  ws.pageSetup = { ...ws.pageSetup, paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: "&C第 &P 页，共 &N 页" };
  await wb.xlsx.writeFile(out);
}

export const diffCommand = {
  name: "diff",
  summary: "比较同一单位的两个版本：填报数据、得分等级、检查发现和报告段落的变化（what changed between two versions）",
  usage: "jixiao diff OLD.xlsx NEW.xlsx [--out DIFF.xlsx]",
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: "string" } } });
    const [oldFile, newFile, ...extra] = positionals;
    if (!oldFile || !newFile) throw new UsageError(`请指定旧版本和新版本两个文件。用法：${diffCommand.usage}`);
    if (extra.length) throw new UsageError(`多余的参数：${extra.join(" ")}。用法：${diffCommand.usage}`);
    if (values.out !== undefined && !values.out.toLowerCase().endsWith(".xlsx")) throw new UsageError("--out 须为 .xlsx 文件。");

    const changes = compareEvaluations(await evaluateFile(oldFile), await evaluateFile(newFile));
    const lines = [`比较：${oldFile} → ${newFile}`];
    if (changes.length === 0) lines.push("两个版本没有差别。");
    for (const category of ORDER) {
      const mine = changes.filter((c) => c.category === category);
      if (!mine.length) continue;
      lines.push("", `${category}（${mine.length} 项）`, ...mine.map(line));
    }
    if (values.out) {
      await writeDiffWorkbook(changes, oldFile, newFile, values.out);
      lines.push("", `变更清单：${values.out}`);
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    return changes.length === 0 ? EXIT.ok : CHANGED;
  },
};
