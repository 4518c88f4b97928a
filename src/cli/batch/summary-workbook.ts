import ExcelJS from "exceljs";
import { dirname, relative, resolve, sep } from "node:path";
import { EXCEL_FORMATS } from "../../domain";
import { FINDING_CATALOGUE, isFindingCode } from "../../domain/finding-catalogue";
import type { BatchRow } from "./run-batch";

const SEVERITY_LABEL = { error: "错误", warning: "警告", info: "提示" } as const;

type Evaluated = Extract<BatchRow, { ok: true }>;

/** One line of the reviewer's list: a file, its rank (null: not ranked) and what stands out. */
export interface SummaryLine {
  row: BatchRow;
  /** Path from the summary's folder, with "/" (never an absolute path of the reviewer's machine). */
  link: string;
  rank: number | null;
  /** The same unit and year submitted in more than one file. */
  duplicate: boolean;
  /** Scored under another rule profile than most files of the batch. */
  otherProfile: boolean;
  remark: string;
}

/** The profile most files use: the one the batch is judged by. */
function mainProfile(rows: readonly Evaluated[]): string | null {
  const count = new Map<string, number>();
  for (const r of rows) count.set(r.profile.id, (count.get(r.profile.id) ?? 0) + 1);
  let best: string | null = null;
  for (const [id, n] of count) if (best === null || n > count.get(best)!) best = id;
  return best;
}

/** A path as the reader of the summary reaches it: relative to the summary, "/"-separated. */
export function linkFrom(summaryPath: string, file: string): string {
  return relative(dirname(resolve(summaryPath)), resolve(file)).split(sep).join("/");
}

/** Messages name the file by its path: keep only the part a reviewer's colleague can use. */
function withoutPath(text: string, file: string, link: string): string {
  return text.split(resolve(file)).join(link).split(file).join(link);
}

/**
 * Ranks the batch: by total, equal totals (to 0.01) share a rank (1, 2, 2, 4); blank and unreadable
 * workbooks are listed but not ranked. Sorted: ranked first, then blank, then unreadable.
 */
export function summaryLines(rows: readonly BatchRow[], summaryPath: string): SummaryLine[] {
  const evaluated = rows.filter((r): r is Evaluated => r.ok);
  const filled = evaluated.filter((r) => !r.blank).sort((a, b) => b.total - a.total || a.unit.localeCompare(b.unit, "zh-CN"));
  const main = mainProfile(filled);
  const key = (r: Evaluated) => `${r.unit.trim()}|${r.year}`;
  const seen = new Map<string, number>();
  for (const r of filled) seen.set(key(r), (seen.get(key(r)) ?? 0) + 1);
  const lines: SummaryLine[] = [];
  let rank = 0;
  let previous: number | null = null;
  filled.forEach((r, i) => {
    const cents = Math.round(r.total * 100);
    if (cents !== previous) rank = i + 1;
    previous = cents;
    const duplicate = (seen.get(key(r)) ?? 0) > 1;
    const otherProfile = main !== null && r.profile.id !== main;
    const remark = [duplicate ? "同一单位重复提交" : "", otherProfile ? `评分规则与多数单位不同（${r.profile.name}）` : ""].filter(Boolean).join("；");
    lines.push({ row: r, link: linkFrom(summaryPath, r.file), rank, duplicate, otherProfile, remark });
  });
  for (const r of evaluated.filter((x) => x.blank)) {
    lines.push({ row: r, link: linkFrom(summaryPath, r.file), rank: null, duplicate: false, otherProfile: false, remark: "空白工作簿（未填写），不参与排名" });
  }
  for (const r of rows.filter((x): x is Extract<BatchRow, { ok: false }> => !x.ok)) {
    const link = linkFrom(summaryPath, r.file);
    const reason = withoutPath(r.reason, r.file, link);
    // The file column names the file already: the reason need not start with it.
    lines.push({ row: r, link, rank: null, duplicate: false, otherProfile: false, remark: reason.startsWith(link) ? reason.slice(link.length).trim() : reason });
  }
  return lines;
}

const FILL = (argb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb }, bgColor: { argb } });
const GRADE_COLOURS: Record<string, string> = { 优: "FFC6EFCE", 良: "FFDDEBF7", 中: "FFFFEB9C", 差: "FFFFC7CE" };

/** A4 landscape, one page wide, header row repeated, page numbers. */
function printSetup(ws: ExcelJS.Worksheet): void {
  ws.pageSetup = {
    ...ws.pageSetup,
    paperSize: 9,
    orientation: "landscape",
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: "1:1",
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { ...ws.headerFooter, oddFooter: "&C第 &P 页，共 &N 页" };
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
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.height = 30;
  header.eachCell((c) => {
    c.fill = FILL("FFD9E1F2");
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, ws.rowCount), column: ws.columnCount } };
}

function borders(ws: ExcelJS.Worksheet): void {
  const thin = { style: "thin" as const, color: { argb: "FFBFBFBF" } };
  ws.eachRow((row) =>
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = { top: thin, left: thin, bottom: thin, right: thin };
    }),
  );
}

/** A link to a cell of a unit's workbook: Excel and WPS open the file at that cell. */
function cellLink(link: string, cell: string): ExcelJS.CellHyperlinkValue {
  return { text: cell, hyperlink: `${link}#${cell}` };
}

/**
 * The reviewer's aggregate workbook: 汇总 (a row per file: unit, file link, rule profile, total, grade,
 * errors, warnings, hand overrides, deductions without reasons, rank, remarks), 检查发现 (every finding
 * with its Chinese title and a link to its cell) and 无法读取.
 */
export async function writeSummaryWorkbook(rows: readonly BatchRow[], out: string): Promise<SummaryLine[]> {
  const lines = summaryLines(rows, out);
  const wb = new ExcelJS.Workbook();
  wb.creator = "绩效自评助手";

  const summary = wb.addWorksheet("汇总", { views: [{ state: "frozen", xSplit: 2, ySplit: 1 }] });
  summary.columns = [
    { header: "排名", key: "rank", width: 6 },
    { header: "单位", key: "unit", width: 26 },
    { header: "年度", key: "year", width: 7 },
    { header: "文件", key: "file", width: 30 },
    { header: "评分规则", key: "profile", width: 22 },
    { header: "总分", key: "total", width: 8, style: { numFmt: EXCEL_FORMATS.score } },
    { header: "等级", key: "grade", width: 6 },
    { header: "错误", key: "errors", width: 6 },
    { header: "警告", key: "warnings", width: 6 },
    { header: "人工调整得分", key: "overridden", width: 8 },
    { header: "扣分无理由", key: "unexplained", width: 8 },
    { header: "预算执行率", key: "rate", width: 10, style: { numFmt: EXCEL_FORMATS.rate } },
    { header: "备注", key: "remark", width: 40 },
  ];
  for (const line of lines) {
    const r = line.row;
    const row = summary.addRow(
      r.ok
        ? {
            rank: line.rank ?? "—",
            unit: r.unit || "（未填写）",
            year: r.blank ? null : r.year,
            profile: r.profile.name,
            total: r.blank ? null : r.total,
            grade: r.blank ? "" : r.grade,
            errors: r.counts.error,
            warnings: r.counts.warning,
            overridden: r.overridden ? "是" : "否",
            unexplained: r.unexplainedDeductions,
            rate: r.executionRate,
            remark: line.remark,
          }
        : { rank: "—", unit: "（无法读取）", remark: line.remark },
    );
    row.getCell("file").value = { text: line.link, hyperlink: line.link };
    row.getCell("file").font = { color: { argb: "FF0563C1" }, underline: true };
    row.getCell("remark").alignment = { wrapText: true, vertical: "middle" };
    if (line.otherProfile) {
      row.getCell("profile").fill = FILL("FFFFC000");
      row.getCell("profile").font = { bold: true };
    }
    if (line.duplicate) row.getCell("unit").fill = FILL("FFFFC7CE");
  }
  styleHeader(summary);
  borders(summary);
  const last = Math.max(2, summary.rowCount);
  summary.addConditionalFormatting({
    ref: `G2:G${last}`,
    rules: Object.entries(GRADE_COLOURS).map(([grade, argb], i) => ({
      type: "expression",
      priority: i + 1,
      formulae: [`$G2="${grade}"`],
      style: { fill: FILL(argb) },
    })),
  });
  summary.addConditionalFormatting({
    ref: `H2:H${last}`,
    rules: [{ type: "cellIs", operator: "greaterThan", priority: 10, formulae: ["0"], style: { fill: FILL("FFFFC7CE"), font: { bold: true, color: { argb: "FF9C0006" } } } }],
  });
  summary.addConditionalFormatting({
    ref: `K2:K${last}`,
    rules: [{ type: "cellIs", operator: "greaterThan", priority: 11, formulae: ["0"], style: { fill: FILL("FFFFC7CE") } }],
  });
  printSetup(summary);

  const findings = wb.addWorksheet("检查发现", { views: [{ state: "frozen", ySplit: 1 }] });
  findings.columns = [
    { header: "单位", key: "unit", width: 24 },
    { header: "文件", key: "file", width: 28 },
    { header: "级别", key: "severity", width: 6 },
    { header: "问题", key: "title", width: 24 },
    { header: "说明", key: "message", width: 70 },
    { header: "位置", key: "cell", width: 22 },
    { header: "代码", key: "code", width: 24 },
  ];
  for (const line of lines) {
    const r = line.row;
    if (!r.ok) continue;
    for (const f of r.findings) {
      const row = findings.addRow({
        unit: r.unit || "（未填写）",
        severity: SEVERITY_LABEL[f.severity],
        title: isFindingCode(f.code) ? FINDING_CATALOGUE[f.code].title : f.code,
        message: f.message,
        code: f.code,
      });
      row.getCell("file").value = { text: line.link, hyperlink: line.link };
      row.getCell("cell").value = f.located ? cellLink(line.link, f.cell) : f.cell;
      if (f.located) row.getCell("cell").font = { color: { argb: "FF0563C1" }, underline: true };
      row.getCell("message").alignment = { wrapText: true, vertical: "top" };
      if (f.severity === "error") row.getCell("severity").fill = FILL("FFFFC7CE");
    }
  }
  styleHeader(findings);
  borders(findings);
  printSetup(findings);

  writeProjectsSheet(
    wb,
    rows.filter((r): r is Extract<BatchRow, { ok: true }> => r.ok),
    (file) => linkFrom(out, file),
  );

  const unreadable = wb.addWorksheet("无法读取", { views: [{ state: "frozen", ySplit: 1 }] });
  unreadable.columns = [
    { header: "文件", key: "file", width: 40 },
    { header: "原因", key: "reason", width: 90 },
  ];
  for (const line of lines) if (!line.row.ok) unreadable.addRow({ file: line.link, reason: line.remark });
  styleHeader(unreadable);
  borders(unreadable);
  printSetup(unreadable);

  await wb.xlsx.writeFile(out);
  return lines;
}
