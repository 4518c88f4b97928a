import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatScore } from "../../domain";
import { EXIT, UsageError } from "../errors";
import { BATCH } from "./meta";
import { isEvaluable, listFiles } from "../batch/files";
import { Progress } from "../batch/progress";
import { runBatch, type BatchRow } from "../batch/run-batch";
import { writeSummaryWorkbook, type SummaryLine } from "../batch/summary-workbook";
import { workerScript } from "../worker-script";

/** Units listed on the terminal; the summary workbook has them all. */
const TERMINAL_LINES = 50;

function terminalLine(l: SummaryLine): string {
  const r = l.row;
  const rank = l.rank === null ? "  —" : String(l.rank).padStart(3);
  if (!r.ok) return `${rank}  ${l.link}  ${l.remark}`;
  const figures = r.blank ? "" : `  ${formatScore(r.total)} 分（${r.grade}）  错误 ${r.counts.error}  警告 ${r.counts.warning}`;
  return `${rank}  ${r.unit || "（未填写）"}${figures}  ${l.link}${l.remark ? `  【${l.remark}】` : ""}`;
}

export const batchCommand = {
  ...BATCH,
  async run(args: string[]): Promise<number> {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: "string" }, workers: { type: "string" } },
    });
    const dir = positionals[0];
    if (!dir) throw new UsageError("请指定文件夹，例如：jixiao batch 收件箱/ --out 汇总.xlsx");
    if (!values.out) throw new UsageError("请用 --out 指定汇总表的文件名，例如 --out 汇总.xlsx");
    if (!values.out.toLowerCase().endsWith(".xlsx")) throw new UsageError("汇总表须为 .xlsx 文件。");
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) throw new UsageError(`找不到文件夹 ${dir}`);
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new UsageError("--workers 须为正整数。");

    const all = await listFiles(dir);
    const outPath = resolve(values.out);
    const files = all.filter((f) => resolve(f) !== outPath);
    const skipped: BatchRow[] = files
      .filter((f) => !isEvaluable(f))
      .map((file) => ({ ok: false as const, file, reason: "不是 .xlsx 或 .json 文件，已跳过。" }));
    const targets = files.filter(isEvaluable);
    const progress = new Progress(targets.length);
    const started = performance.now();
    const rows = await runBatch(targets, { workerScript: workerScript(), workers, onProgress: (n, f) => progress.tick(n, f) });
    progress.finish();
    const allRows = [...rows, ...skipped];
    const summary = await writeSummaryWorkbook(allRows, values.out);

    const ok = rows.filter((r) => r.ok);
    const failed = allRows.filter((r) => !r.ok);
    const seconds = (performance.now() - started) / 1000;
    const lines = [
      `已评价 ${ok.length} 个文件，无法读取或跳过 ${failed.length} 个，用时 ${seconds.toFixed(1)} 秒。`,
      `汇总表：${values.out}`,
      "",
    ];
    const shown = summary.slice(0, TERMINAL_LINES);
    if (summary.length > shown.length) lines.push(`以下仅列出前 ${shown.length} 个（共 ${summary.length} 个），完整列表见汇总表：`);
    for (const l of shown) lines.push(`  ${terminalLine(l)}`);
    process.stdout.write(`${lines.join("\n")}\n`);
    return EXIT.ok;
  },
};
