import { AlignmentType, Document, DocumentGridType, LineRuleType, Packer, Paragraph, SectionType, TabStopType, Table, TextRun, type ISectionOptions } from "docx";
import { formatAmount, formatRate, formatScore } from "../domain/format";
import { LEVEL1_NAMES, PROJECT_FUND_ROWS } from "../domain/model";
import { PLACEHOLDER_REASON } from "../domain/narrative";
import { projectReport } from "../domain/project-narrative";
import type { ProjectResult } from "../domain/project";
import { DOCX_PARTS, FONTS, LINE_PITCH, PAGE, SIZES, type DocxCell } from "./docx";

/**
 * 项目支出绩效自评报告 in Word, in the same 公文 format as the department's: one project, or all
 * projects in one document, each starting on a new page with its 项目支出绩效自评表 after its text.
 */

const { reportParagraph, table, pageNumberFooter, tableStyle, fontFor, exactLine, FONT_TABLE, TABLE_TEXT, TABLE_HEAD, TEXT_WIDTH } = DOCX_PARTS;

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

function formPage(p: ProjectResult, year: number | null): Array<Paragraph | Table> {
  const plain = (text: string, font: string, size: number, opts: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {}) =>
    new Paragraph({ spacing: { before: 0, after: 0, line: 360, lineRule: LineRuleType.AUTO }, ...opts, children: [new TextRun({ text, font: fontFor(font), size })] });
  const y = p.year ?? year;
  return [
    plain(`${y ? `（${y}年度）` : ""}项目支出绩效自评表`, FONTS.title, SIZES.tableTitle, { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240, line: 360, lineRule: LineRuleType.AUTO } }),
    plain(`项目名称：${p.name}\t主管部门：${p.supervisor}`, FONTS.body, SIZES.table, { tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }] }),
    plain(`实施单位：${p.implementer}\t金额单位：万元`, FONTS.body, SIZES.table, {
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
      spacing: { before: 0, after: 120, line: 300, lineRule: LineRuleType.AUTO },
    }),
    moneyTable(p),
    plain("", FONTS.body, SIZES.table),
    indicatorTable(p),
  ];
}

/** One document: for each project its report (new page), then its 自评表 (new page). */
export async function exportProjectsDocx(projects: readonly ProjectResult[], year: number | null): Promise<Uint8Array> {
  if (projects.length === 0) throw new Error("没有项目可导出。");
  const page = { size: { width: PAGE.width, height: PAGE.height }, margin: { ...PAGE.margin, header: PAGE.header, footer: PAGE.footer, gutter: 0 } };
  const footers = { default: pageNumberFooter("odd"), even: pageNumberFooter("even") };
  const sections: ISectionOptions[] = [];
  for (const p of projects) {
    const body = projectReport(p, year).map((x) => reportParagraph(x.level, x.text));
    sections.push(
      { properties: { page, type: SectionType.NEXT_PAGE, grid: { type: DocumentGridType.DEFAULT, linePitch: LINE_PITCH } }, footers, children: body },
      { properties: { page, type: SectionType.NEXT_PAGE, grid: { type: DocumentGridType.DEFAULT, linePitch: 312 } }, footers, children: formPage(p, year) },
    );
  }
  const doc = new Document({
    creator: "绩效自评助手",
    title: projects.length === 1 ? `${projects[0]!.name}项目支出绩效自评报告` : "项目支出绩效自评报告",
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: { document: { run: { font: fontFor(FONTS.body), size: SIZES.body, language: { value: "en-US", eastAsia: "zh-CN" } }, paragraph: { spacing: exactLine } } },
      paragraphStyles: [
        { id: "Normal", name: "Normal", quickFormat: true, run: { font: fontFor(FONTS.body), size: SIZES.body }, paragraph: { spacing: exactLine } },
        tableStyle(TABLE_TEXT, "绩效表格正文", FONTS.body),
        tableStyle(TABLE_HEAD, "绩效表格表头", FONTS.h1),
      ],
    },
    sections,
  });
  return Packer.pack(doc, "uint8array", false, [{ path: "word/fontTable.xml", data: FONT_TABLE }]);
}
