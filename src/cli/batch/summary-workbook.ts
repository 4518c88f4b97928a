import ExcelJS from "exceljs";
import { relative } from "node:path";
import { EXCEL_FORMATS } from "../../domain";
import type { BatchRow } from "./run-batch";

const SEVERITY_LABEL = { error: "错误", warning: "警告", info: "提示" } as const;

/**
 * The reviewer's aggregate workbook: a row per unit sorted by score, every finding with its file and
 * cell, and the files that could not be read with the reason.
 */
export async function writeSummaryWorkbook(rows: readonly BatchRow[], root: string, out: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "绩效自评助手";
  const good = rows.filter((r): r is Extract<BatchRow, { ok: true }> => r.ok).sort((a, b) => b.total - a.total);
  const bad = rows.filter((r): r is Extract<BatchRow, { ok: false }> => !r.ok);
  const name = (f: string) => relative(root, f) || f;

  const summary = wb.addWorksheet("汇总", { views: [{ state: "frozen", ySplit: 1 }] });
  summary.columns = [
    { header: "排名", key: "rank", width: 6 },
    { header: "单位", key: "unit", width: 28 },
    { header: "年度", key: "year", width: 8 },
    { header: "预算执行率", key: "rate", width: 12, style: { numFmt: EXCEL_FORMATS.rate } },
    { header: "预算执行率得分", key: "execution", width: 14, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "产出指标", key: "output", width: 10, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "效益指标", key: "effect", width: 10, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "满意度指标", key: "satisfaction", width: 11, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "总分", key: "total", width: 9, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "等级", key: "grade", width: 6 },
    { header: "错误", key: "errors", width: 6 },
    { header: "警告", key: "warnings", width: 6 },
    { header: "提示", key: "infos", width: 6 },
    { header: "文件", key: "file", width: 40 },
  ];
  good.forEach((r, i) =>
    summary.addRow({
      rank: i + 1,
      unit: r.unit,
      year: r.year,
      rate: r.executionRate,
      execution: r.levels.execution,
      output: r.levels.output,
      effect: r.levels.effect,
      satisfaction: r.levels.satisfaction,
      total: r.total,
      grade: r.grade,
      errors: r.counts.error,
      warnings: r.counts.warning,
      infos: r.counts.info,
      file: name(r.file),
    }),
  );
  styleHeader(summary);

  const findings = wb.addWorksheet("检查发现", { views: [{ state: "frozen", ySplit: 1 }] });
  findings.columns = [
    { header: "文件", key: "file", width: 36 },
    { header: "单位", key: "unit", width: 24 },
    { header: "级别", key: "severity", width: 6 },
    { header: "代码", key: "code", width: 28 },
    { header: "说明", key: "message", width: 80 },
    { header: "位置", key: "cell", width: 24 },
  ];
  for (const r of good) {
    for (const f of r.findings) {
      findings.addRow({ file: name(r.file), unit: r.unit, severity: SEVERITY_LABEL[f.severity], code: f.code, message: f.message, cell: f.cell });
    }
  }
  findings.getColumn("message").alignment = { wrapText: true, vertical: "top" };
  styleHeader(findings);

  writeProjectsSheet(wb, good, name);

  const unreadable = wb.addWorksheet("无法读取");
  unreadable.columns = [
    { header: "文件", key: "file", width: 40 },
    { header: "原因", key: "reason", width: 90 },
  ];
  for (const r of bad) unreadable.addRow({ file: name(r.file), reason: r.reason });
  styleHeader(unreadable);

  await wb.xlsx.writeFile(out);
}

/** 项目: every 项目支出绩效自评表 of every unit, one row each. */
function writeProjectsSheet(wb: ExcelJS.Workbook, good: ReadonlyArray<Extract<BatchRow, { ok: true }>>, name: (f: string) => string): void {
  const ws = wb.addWorksheet("项目", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "单位", key: "unit", width: 24 },
    { header: "项目名称", key: "project", width: 28 },
    { header: "全年预算数", key: "budget", width: 12, style: { numFmt: EXCEL_FORMATS.amount } },
    { header: "全年执行数", key: "actual", width: 12, style: { numFmt: EXCEL_FORMATS.amount } },
    { header: "执行率", key: "rate", width: 10, style: { numFmt: EXCEL_FORMATS.rate } },
    { header: "得分", key: "total", width: 8, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "等级", key: "grade", width: 6 },
    { header: "扣分指标数", key: "deductions", width: 10 },
    { header: "未说明原因", key: "unexplained", width: 10 },
    { header: "文件", key: "file", width: 36 },
  ];
  for (const r of good) {
    for (const p of r.projects) {
      ws.addRow({ unit: r.unit, project: p.name, budget: p.budget, actual: p.actual, rate: p.rate, total: p.total, grade: p.grade, deductions: p.deductions, unexplained: p.unexplained, file: name(r.file) });
    }
  }
  styleHeader(ws);
}

function styleHeader(ws: ExcelJS.Worksheet): void {
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9E1F2" } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columnCount } };
}
