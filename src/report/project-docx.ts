import { formatAmount, formatRate, formatScore } from "../domain/format";
import { LEVEL1_NAMES, PROJECT_FUND_ROWS } from "../domain/model";
import { PLACEHOLDER_REASON } from "../domain/narrative";
import { projectReport } from "../domain/project-narrative";
import type { ProjectResult } from "../domain/project";
import { DOCX_PARTS, FONTS, SIZES, type DocxCell, type DocxOptions } from "./docx";
import type { DocxSection } from "./package";
import type { Block, Table } from "./wordml";

/**
 * 项目支出绩效自评报告 in Word, in the same 公文 format as the department's: one project, or all
 * projects in one document, each starting on a new page with its 项目支出绩效自评表 after its text.
 */

const { reportParagraph, plain, table, packReport, textSection, TABLE_SECTION, TEXT_WIDTH } = DOCX_PARTS;

const MONEY_WIDTHS = [2345, 1300, 1300, 1300, 800, 1000, 800]; // 8845 twips: the type area
const INDICATOR_WIDTHS = [1000, 1150, 1300, 1250, 1350, 550, 600, 1645];

function moneyTable(p: ProjectResult): Table {
  const head: DocxCell[] = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].map((t) => ({ text: t, bold: true }));
  const amount = (v: number | null) => (v === null ? "" : formatAmount(v));
  const rows: DocxCell[][] = [head];
  for (const row of PROJECT_FUND_ROWS) {
    const f = p.funds[row];
    const total = row === "total";
    rows.push([
      { text: f.label, align: "left" },
      { text: amount(f.initial) },
      { text: amount(f.adjusted) },
      { text: amount(f.actual) },
      { text: total ? formatScore(p.execution.weight) : "—" },
      { text: f.rate === null ? "—" : formatRate(f.rate) },
      { text: total ? formatScore(p.execution.score) : "—" },
    ]);
  }
  rows.push([{ text: "年度总体目标", bold: true }, { text: `预期目标：${p.goals.expected}`, align: "left", colSpan: 3 }, { text: `实际完成情况：${p.goals.achieved}`, align: "left", colSpan: 3 }]);
  return table(MONEY_WIDTHS, rows);
}

function indicatorTable(p: ProjectResult): Table {
  const rows: DocxCell[][] = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].map((t) => ({ text: t, bold: true }))];
  for (const level1 of LEVEL1_NAMES) {
    const items = p.indicators.filter((r) => r.level1 === level1);
    items.forEach((r, k) => {
      const first = k === 0;
      rows.push([
        first ? { text: level1, ...(items.length > 1 ? { vMerge: "restart" as const } : {}) } : { text: "", vMerge: "continue" },
        { text: r.level2 },
        { text: r.name, align: "left" },
        { text: r.notApplicable ? "—" : r.targetText, align: "left" },
        { text: r.notApplicable ? "—" : r.actualText, align: "left" },
        { text: formatScore(r.weight) },
        { text: r.notApplicable ? "不适用" : formatScore(r.score) },
        { text: r.reason || (r.deduction > 0 ? PLACEHOLDER_REASON : ""), align: "left" },
      ]);
    });
  }
  rows.push([{ text: "总分", bold: true, colSpan: 5 }, { text: "100" }, { text: formatScore(p.total) }, { text: `评价等级：${p.grade}`, align: "left" }]);
  return table(INDICATOR_WIDTHS, rows);
}

function formPage(p: ProjectResult, year: number | null): Block[] {
  // The lines above the tables are single runs: no placeholder in them to highlight.
  const line = (text: string, font: string, size: number, format: Parameters<typeof plain>[3] = {}) => plain(text, font, size, format, false);
  const y = p.year ?? year;
  return [
    line(`${y ? `（${y}年度）` : ""}项目支出绩效自评表`, FONTS.title, SIZES.tableTitle, { alignment: "center", spacing: { before: 0, after: 240, line: 360, lineRule: "auto" } }),
    line(`项目名称：${p.name}\t主管部门：${p.supervisor}`, FONTS.body, SIZES.table, { tabStops: [{ type: "right", position: TEXT_WIDTH }] }),
    line(`实施单位：${p.implementer}\t金额单位：万元`, FONTS.body, SIZES.table, {
      tabStops: [{ type: "right", position: TEXT_WIDTH }],
      spacing: { before: 0, after: 120, line: 300, lineRule: "auto" },
    }),
    moneyTable(p),
    line("", FONTS.body, SIZES.table),
    indicatorTable(p),
  ];
}

/** One document: for each project its report (new page), then its 自评表 (new page). */
export async function exportProjectsDocx(projects: readonly ProjectResult[], year: number | null, options: DocxOptions = {}): Promise<Uint8Array> {
  if (projects.length === 0) throw new Error("没有项目可导出。");
  const sections: DocxSection[] = [];
  for (const p of projects) {
    const body = projectReport(p, year).map((x) => reportParagraph(x.level, x.text));
    sections.push({ blocks: body, properties: textSection(true) }, { blocks: formPage(p, year), properties: TABLE_SECTION });
  }
  return packReport(projects.length === 1 ? `${projects[0]!.name}项目支出绩效自评报告` : "项目支出绩效自评报告", sections, options.gzip);
}
