import type { EvaluationInput, EvaluationResult } from "../domain";
import { formatAmount, formatScore } from "../domain/format";
import { LEVEL1_NAMES } from "../domain/model";
import { PLACEHOLDER_REASON, type ReportParagraph } from "../domain/narrative";
import { amountOf } from "../domain/narrative-data";
import { valueAtPath } from "../domain/fields";
import { fieldInfo } from "../template/fields";
import { SELF_TABLE_HEADER } from "../template/spec";
import { packDocx, type DocxSection } from "./package";
import { escapeXml, paragraphProperties, runProperties, spacingXml, writeRuns, type Block, type Font, type Paragraph, type ParagraphFormat, type Spacing, type Table } from "./wordml";
import type { XmlWriter } from "./xml-writer";
import { fflateGzip, type Gzip } from "./zip";

/**
 * The 自评报告 as a Word document in the 党政机关公文格式 (GB/T 9704-2012): A4, margins 37/35/28/26 mm,
 * title 2号 方正小标宋简体, body 3号 仿宋_GB2312 on a 22 × 28 grid, headings 一、 黑体 and （一） 楷体_GB2312,
 * page numbers "— 1 —"; the 自评表 follows as an appendix. Runs in node and in the browser (no fs).
 *
 * The WordprocessingML is written here (wordml.ts, package.ts), not with the `docx` library, which did
 * until 2026-12: it built an object for every paragraph, run, cell and property and serialised them
 * through a generic XML writer, 4.5 s for a report of 5,000 indicators (40,000 table cells) against
 * 0.1–0.3 s now, and loading its 290 KB took ~50 ms in every CLI process. The subset the 公文 needs is
 * small: paragraphs of one run format, tab stops, tables with borders, widths and merged cells, sections,
 * footers with page numbers, styles. The documents are the same as the library's, byte for byte
 * but for the time stamps (tests/report/golden.test.ts).
 */

/** Twips per millimetre (1 inch = 1440 twips = 25.4 mm). */
const TWIPS_PER_MM = 1440 / 25.4;
export const mmToTwips = (mm: number): number => Math.round(mm * TWIPS_PER_MM);

export const PAGE = {
  /** A4, 210 × 297 mm. */
  width: mmToTwips(210), // 11906
  height: mmToTwips(297), // 16838
  margin: { top: mmToTwips(37), bottom: mmToTwips(35), left: mmToTwips(28), right: mmToTwips(26) }, // 2098/1984/1587/1474
  /** The page number sits 7 mm below the type area: footer distance 35 − 7 − one 4号 line ≈ 23 mm. */
  footer: mmToTwips(23),
  header: mmToTwips(15),
} as const;

/** Type area 156 × 225 mm: 22 lines of 28 characters of 3号 (16 pt). */
const TEXT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right; // 8845
const CHARS = 28;
/** 22 lines: 225 mm / 22 = 579.8 twips; Word's 公文 templates use 579 (28.95 pt) so 22 lines surely fit. */
export const LINE_PITCH = 579;
const BODY_PT = 16;
/**
 * 28 characters a line: each character of 3号 (320 twips) is narrowed by 5 twentieths of a point, so
 * 28 × 315 = 8820 ≤ 8845 twips (156 mm) and justification spreads the rest. Word's 公文 templates get
 * the 28 with a "linesAndChars" docGrid instead (charSpace ≈ −841 here), but LibreOffice lays a 16 pt
 * character on two 15.8 pt grid cells (13 characters a line); run spacing is read alike everywhere.
 */
export const CHAR_SPACING = Math.floor(TEXT_WIDTH / CHARS - BODY_PT * 20); // −5 (twentieths of a point)
/** Two characters of first-line indent, in twips (2 × 315). */
const INDENT_2 = 2 * (BODY_PT * 20 + CHAR_SPACING);

export const FONTS = {
  title: "方正小标宋简体",
  body: "仿宋_GB2312",
  h1: "黑体",
  h2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

/** Half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 小二 18 pt, 五号 10.5 pt. */
export const SIZES = { title: 44, body: 32, pageNumber: 28, tableTitle: 36, table: 21 } as const;

/**
 * The font table says what to use where a font is missing: 方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋,
 * 楷体_GB2312 → 楷体 (w:altName, with the GB2312 charset 86 so Word picks a Chinese face). Offices
 * without the 方正 or _GB2312 fonts (most Windows installs since 7, WPS on 信创) then show the
 * standard Windows faces rather than a Latin fallback.
 */
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${[
  [FONTS.title, "宋体", "roman"],
  [FONTS.body, "仿宋", "modern"],
  [FONTS.h2, "楷体", "modern"],
  [FONTS.h1, "SimHei", "modern"],
  [FONTS.pageNumber, "SimSun", "auto"],
]
  .map(
    ([name, alt, family]) =>
      `<w:font w:name="${name}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="${family}"/><w:pitch w:val="variable"/></w:font>`,
  )
  .join("")}<w:font w:name="${FONTS.latin}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`;

type Level = ReportParagraph["level"];
export type DocxParagraph = Pick<ReportParagraph, "key" | "level" | "text">;

const fontFor = (eastAsia: string, latin: string = FONTS.latin): Font => ({ ascii: latin, hAnsi: latin, cs: latin, eastAsia });

const exactLine: Spacing = { line: LINE_PITCH, lineRule: "exact", before: 0, after: 0 };

/** The paragraph and run properties of each level, made once: a report has thousands of paragraphs. */
const LEVEL_FORMAT: Record<Level, { pPr: string; rPr: string }> = (() => {
  const fonts: Record<Level, string> = { title: FONTS.title, h1: FONTS.h1, h2: FONTS.h2, h3: FONTS.body, body: FONTS.body };
  const text = (level: Exclude<Level, "title">) => ({
    pPr: paragraphProperties({
      alignment: "both",
      spacing: exactLine,
      // A 公文 page has exactly 22 lines: no lines pushed over to avoid a widow or an orphan.
      widowControl: false,
      indent: { firstLine: INDENT_2, firstLineChars: 200 },
      ...(level !== "body" ? { keepNext: true, outlineLevel: level === "h1" ? 0 : level === "h2" ? 1 : 2 } : {}),
    }),
    rPr: runProperties({ font: fontFor(fonts[level]), size: SIZES.body, characterSpacing: CHAR_SPACING }),
  });
  return {
    // One blank line between title and body (GB/T 9704 7.3.1).
    title: {
      pPr: paragraphProperties({ keepNext: true, spacing: { ...exactLine, after: LINE_PITCH }, alignment: "center" }),
      rPr: runProperties({ font: fontFor(FONTS.title, FONTS.title), size: SIZES.title }),
    },
    h1: text("h1"),
    h2: text("h2"),
    h3: text("h3"),
    body: text("body"),
  };
})();

function reportParagraph(level: Level, text: string): Paragraph {
  return { ...LEVEL_FORMAT[level], text };
}

/**
 * "— 1 —" on the outer side (GB/T 9704 7.5): odd pages right, even pages left, one character in from
 * the edge of the type area.
 */
function pageNumberFooter(side: "odd" | "even"): string {
  const oneChar = SIZES.pageNumber * 10; // a 4号 character, in twips
  const pPr = paragraphProperties({
    alignment: side === "odd" ? "right" : "left",
    indent: side === "odd" ? { right: oneChar } : { left: oneChar },
    // Single spacing: a 28.95 pt footer line would push into the type area and cost a body line.
    spacing: { before: 0, after: 0, line: 240, lineRule: "auto" },
  });
  const r = (content: string) => `<w:r><w:rPr>${runProperties({ font: fontFor(FONTS.pageNumber, FONTS.pageNumber), size: SIZES.pageNumber })}</w:rPr>${content}</w:r>`;
  const field = (type: string) => r(`<w:fldChar w:fldCharType="${type}"/>`);
  return `<w:p><w:pPr>${pPr}</w:pPr>${r('<w:t xml:space="preserve">— </w:t>')}${field("begin")}${r('<w:instrText xml:space="preserve">PAGE</w:instrText>')}${field("separate")}${field("end")}${r('<w:t xml:space="preserve"> —</w:t>')}</w:p>`;
}

/** 成文日期 in Arabic numerals, as GB/T 9704-2012 writes it: "2024年3月15日". */
export function documentDate(date: Date): string {
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`;
}

/** 落款: the unit's name over the date, right-aligned, the date four characters in from the right. */
function signature(unit: string, date: Date): Paragraph[] {
  const right = (text: string, chars: number): Paragraph => ({
    pPr: paragraphProperties({ alignment: "right", spacing: exactLine, indent: { right: chars * (BODY_PT * 20 + CHAR_SPACING) } }),
    rPr: LEVEL_FORMAT.body.rPr,
    text,
  });
  return [reportParagraph("body", ""), reportParagraph("body", ""), right(unit, 2), right(documentDate(date), 4)];
}

/** A paragraph of the appendix outside the tables: one font and size, 1.5 lines unless `format` says otherwise. */
function plain(text: string, font: string, size: number, format: ParagraphFormat = {}, highlight = true): Paragraph {
  return {
    pPr: paragraphProperties({ spacing: { before: 0, after: 0, line: 360, lineRule: "auto" }, ...format }),
    rPr: runProperties({ font: fontFor(font), size }),
    text,
    highlight,
  };
}

// ---- the 自评表 appendix ------------------------------------------------------------------------------

const BORDER = 'w:val="single" w:color="000000" w:sz="4"';
const TABLE_BORDERS = `<w:tblBorders>${["top", "left", "bottom", "right", "insideH", "insideV"].map((side) => `<w:${side} ${BORDER}/>`).join("")}</w:tblBorders>`;
const CELL_MARGINS = '<w:tblCellMar><w:top w:type="dxa" w:w="30"/><w:left w:type="dxa" w:w="60"/><w:bottom w:type="dxa" w:w="30"/><w:right w:type="dxa" w:w="60"/></w:tblCellMar>';
/** Cell text is formatted by these styles, not run by run: a 500-row table stays small and quick. */
const TABLE_TEXT = "JixiaoTableText";
const TABLE_HEAD = "JixiaoTableHead";

interface CellSpec {
  text: string;
  bold?: boolean;
  align?: "left" | "center";
  colSpan?: number;
  /** Vertical merge, written out cell by cell: "restart" on the first cell, "continue" on the ones below. */
  vMerge?: "restart" | "continue";
}

/** The start of a cell's paragraph: its style (table text or head) and alignment. */
const CELL_PARAGRAPH = {
  text: { left: `<w:p><w:pPr>${paragraphProperties({ style: TABLE_TEXT, alignment: "left" })}</w:pPr>`, center: `<w:p><w:pPr>${paragraphProperties({ style: TABLE_TEXT, alignment: "center" })}</w:pPr>` },
  head: { left: `<w:p><w:pPr>${paragraphProperties({ style: TABLE_HEAD, alignment: "left" })}</w:pPr>`, center: `<w:p><w:pPr>${paragraphProperties({ style: TABLE_HEAD, alignment: "center" })}</w:pPr>` },
};

/** The start of a cell, up to its first paragraph: a handful of different ones in a table of thousands of cells. */
const cellStarts = new Map<string, string>();
function cellStart(width: number, span: number | undefined, vMerge: CellSpec["vMerge"]): string {
  const key = `${width} ${span} ${vMerge}`;
  let start = cellStarts.get(key);
  if (start === undefined) {
    start =
      `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>` +
      (span ? `<w:gridSpan w:val="${span}"/>` : "") +
      (vMerge ? `<w:vMerge w:val="${vMerge}"/>` : "") +
      '<w:vAlign w:val="center"/></w:tcPr>';
    cellStarts.set(key, start);
  }
  return start;
}

function writeCell(w: XmlWriter, spec: CellSpec | string, width: number): void {
  const s = typeof spec === "string" ? { text: spec } : spec;
  w.raw(cellStart(width, s.colSpan, s.vMerge));
  const start = CELL_PARAGRAPH[s.bold ? "head" : "text"][s.align === "left" ? "left" : "center"];
  // A line break in a cell's text starts a new paragraph.
  for (const line of s.text.includes("\n") ? s.text.split("\n") : [s.text]) {
    w.raw(start);
    writeRuns(w, line, "");
    w.raw("</w:p>");
  }
  w.raw("</w:tc>");
}

function table(widths: number[], rows: Array<Array<CellSpec | string>>, headerRows = 1): Table {
  const total = widths.reduce((a, b) => a + b, 0);
  const head =
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${total}"/>${TABLE_BORDERS}<w:tblLayout w:type="fixed"/>${CELL_MARGINS}</w:tblPr>` +
    `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join("")}</w:tblGrid>`;
  return {
    write(w) {
      w.raw(head);
      rows.forEach((cells, r) => {
        w.raw(r < headerRows ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" : '<w:tr><w:trPr><w:cantSplit/><w:tblHeader w:val="off"/></w:trPr>');
        // A cell's width is that of the grid columns it spans.
        let col = 0;
        for (const c of cells) {
          const span = typeof c === "string" ? 1 : (c.colSpan ?? 1);
          let width = 0;
          for (let k = col; k < col + span && k < widths.length; k++) width += widths[k]!;
          col += span;
          writeCell(w, c, width);
        }
        w.raw("</w:tr>");
      });
      w.raw("</w:tbl>");
    },
  };
}

const MONEY_WIDTHS = [2045, 1300, 1300, 1300, 900, 1100, 900]; // 8845 twips
const INDICATOR_WIDTHS = [1000, 1150, 1300, 1250, 1350, 550, 600, 1645]; // 8845 twips: the type area

function moneyTable(input: EvaluationInput, result: EvaluationResult): Table {
  const amount = (id: string) => {
    const v = amountOf(input, id);
    return v === null ? "" : formatAmount(v);
  };
  const line = (label: string, key: string, rate: string, weight: string, score: string): CellSpec[] => [
    { text: label, align: "left" },
    { text: amount(`budget.${key}.initial`) },
    { text: amount(`budget.${key}.adjusted`) },
    { text: amount(`budget.${key}.actual`) },
    { text: weight },
    { text: rate },
    { text: score },
  ];
  const rate = (id: keyof EvaluationResult["rates"]) => (result.rates[id].value === null ? "—" : result.rates[id].display);
  const rows: CellSpec[][] = [
    ["项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].map((t) => ({ text: t, bold: true })),
    line("财政拨款合计", "fiscal", rate("execution"), formatScore(result.execution.weight), formatScore(result.execution.score)),
    line("其中：基本支出", "basic", rate("basicCompletion"), "—", "—"),
    line("　　　项目支出", "project", rate("projectCompletion"), "—", "—"),
  ];
  const nonEmpty = (k: "govFund" | "stateCapital") =>
    (["initial", "adjusted", "actual"] as const).some((c) => (amountOf(input, `budget.${k}.${c}`) ?? 0) !== 0);
  if (nonEmpty("govFund")) rows.push(line("政府性基金预算支出", "govFund", rate("govFundCompletion"), "—", "—"));
  if (nonEmpty("stateCapital")) rows.push(line("国有资本经营预算支出", "stateCapital", rate("stateCapitalCompletion"), "—", "—"));
  return table(MONEY_WIDTHS, rows);
}

function indicatorTable(input: EvaluationInput, result: EvaluationResult): Table {
  const header: CellSpec[] = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].map(
    (t) => ({ text: t, bold: true }),
  );
  const rows: CellSpec[][] = [header];
  for (const level1 of LEVEL1_NAMES) {
    const items = result.indicators.filter((r) => r.level1 === level1);
    items.forEach((r, k) => {
      const row: CellSpec[] = [];
      const merge = (first: boolean): CellSpec["vMerge"] => (items.length > 1 ? (first ? "restart" : "continue") : undefined);
      row.push(k === 0 ? { text: level1, vMerge: merge(true) } : { text: "", vMerge: "continue" });
      // Equal consecutive 二级指标 within the 一级 share one cell.
      const continues = k > 0 && items[k - 1]!.level2 === r.level2;
      const spans = continues || items[k + 1]?.level2 === r.level2;
      row.push(continues ? { text: "", vMerge: "continue" } : { text: r.level2, ...(spans ? { vMerge: "restart" as const } : {}) });
      const reason = r.reason || (r.deduction > 0 ? PLACEHOLDER_REASON : "");
      row.push(
        { text: r.name, align: "left" },
        { text: r.notApplicable ? "—" : r.targetText, align: "left" },
        { text: r.notApplicable ? "—" : r.actualText, align: "left" },
        { text: formatScore(r.weight) },
        { text: r.notApplicable ? "不适用" : formatScore(r.score) },
        { text: reason, align: "left" },
      );
      rows.push(row);
    });
  }
  const fullWeight = Number(result.computed["total.fullWeight"] ?? 100);
  rows.push([
    { text: "总分", bold: true, colSpan: 5 },
    { text: formatScore(fullWeight) },
    { text: formatScore(result.total) },
    { text: `（含预算执行率${formatScore(result.execution.score)}分）`, align: "left" },
  ]);
  rows.push([{ text: "评价等级", bold: true, colSpan: 5 }, { text: result.grade, colSpan: 3 }]);
  return table(INDICATOR_WIDTHS, rows);
}

const GOAL_WIDTHS = [2045, 3400, 3400]; // 8845 twips

/** 年度总体目标: what the unit set out to do and what it did, as on the 自评表. */
function goalsTable(input: EvaluationInput): Table {
  return table(GOAL_WIDTHS, [
    ["年度总体目标", "预期目标", "实际完成情况"].map((t) => ({ text: t, bold: true })),
    [{ text: "年度总体目标" }, { text: input.goals?.expected?.trim() ?? "", align: "left" }, { text: input.goals?.achieved?.trim() ?? "", align: "left" }],
  ]);
}

/** The 自评表's header fields that the Word appendix shows ("主管部门：… 单位名称：…"), from the spec. */
function headerLine(input: EvaluationInput): string {
  return SELF_TABLE_HEADER.filter((h) => h.word)
    .flatMap((h) => {
      const value = valueAtPath(input, h.field);
      const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
      return text ? [`${fieldInfo(h.field).label}：${text}`] : [];
    })
    .join("\u3000");
}

function appendix(input: EvaluationInput, result: EvaluationResult): Block[] {
  const year = input.unit.year;
  return [
    plain("附件", FONTS.h1, SIZES.body),
    plain(`${input.unit.name}${year}年度部门整体支出绩效自评表`, FONTS.title, SIZES.tableTitle, {
      alignment: "center",
      spacing: { before: 240, after: 240, line: 360, lineRule: "auto" },
    }),
    plain(`${headerLine(input)}\t金额单位：万元`, FONTS.body, SIZES.table, {
      tabStops: [{ type: "right", position: TEXT_WIDTH }],
      spacing: { before: 0, after: 120, line: 300, lineRule: "auto" },
    }),
    moneyTable(input, result),
    plain("", FONTS.body, SIZES.table),
    goalsTable(input),
    plain("", FONTS.body, SIZES.table),
    indicatorTable(input, result),
  ];
}

// ---- the document -------------------------------------------------------------------------------------

/** The children of a section's w:sectPr after its footers: A4 with the 公文 margins, and the line grid. */
function sectionProperties(linePitch: number, nextPage: boolean): string {
  const m = PAGE.margin;
  return (
    (nextPage ? '<w:type w:val="nextPage"/>' : "") +
    `<w:pgSz w:w="${PAGE.width}" w:h="${PAGE.height}" w:orient="portrait"/>` +
    `<w:pgMar w:top="${m.top}" w:right="${m.right}" w:bottom="${m.bottom}" w:left="${m.left}" w:header="${PAGE.header}" w:footer="${PAGE.footer}" w:gutter="0"/>` +
    `<w:pgNumType/><w:docGrid w:type="default" w:linePitch="${linePitch}"/>`
  );
}

/**
 * The 22 lines of the report's text come from the exact 28.95 pt line spacing of every paragraph (exact
 * spacing overrides a line grid in Word anyway). A "lines" grid would make LibreOffice give the 2号 title
 * two grid rows, since Noto CJK's line height at 22 pt exceeds the 28.95 pt pitch.
 */
const textSection = (nextPage: boolean) => sectionProperties(LINE_PITCH, nextPage);
/** The tables need neither the 28-character grid nor 28.95 pt lines. */
const TABLE_SECTION = sectionProperties(312, true);

const styleXml = (id: string, name: string, basedOn: string | null, pPr: string, rPr: string, extra = "") =>
  `<w:style w:type="paragraph" w:styleId="${id}"${id === "Normal" ? ' w:default="1"' : ""}><w:name w:val="${escapeXml(name)}"/>${basedOn ? `<w:basedOn w:val="${basedOn}"/>` : ""}${extra}<w:pPr>${pPr}</w:pPr><w:rPr>${rPr}</w:rPr></w:style>`;
const tableStyle = (id: string, name: string, eastAsia: string) =>
  styleXml(id, name, "Normal", spacingXml({ before: 0, after: 0, line: 300, lineRule: "auto" }), runProperties({ font: fontFor(eastAsia), size: SIZES.table }));

const DOC_DEFAULTS = `<w:docDefaults><w:rPrDefault><w:rPr>${runProperties({ font: fontFor(FONTS.body), size: SIZES.body })}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>${spacingXml(exactLine)}</w:pPr></w:pPrDefault></w:docDefaults>`;
/**
 * The grid's character pitch is relative to the Normal style's size: Word and LibreOffice read it from
 * the style itself (not the document defaults), so Normal states 3号 explicitly.
 */
const STYLES =
  styleXml("Normal", "Normal", null, spacingXml(exactLine), runProperties({ font: fontFor(FONTS.body), size: SIZES.body }), "<w:qFormat/>") +
  tableStyle(TABLE_TEXT, "绩效表格正文", FONTS.body) +
  tableStyle(TABLE_HEAD, "绩效表格表头", FONTS.h1);

/** A report's .docx: the 公文 styles, fonts and page-number footers around `sections`. */
function packReport(title: string, sections: DocxSection[], gzip: Gzip = fflateGzip): Uint8Array {
  return packDocx(
    {
      title,
      creator: "绩效自评助手",
      docDefaults: DOC_DEFAULTS,
      styles: STYLES,
      fontTable: FONT_TABLE,
      footers: { default: pageNumberFooter("odd"), even: pageNumberFooter("even") },
      sections,
    },
    gzip,
  );
}

export interface DocxOptions {
  /**
   * Compresses the parts (a gzip member, see zip.ts); fflate's by default. The CLI passes node's zlib,
   * several times faster on a large report.
   */
  gzip?: Gzip;
}

export async function exportDocx(
  paragraphs: readonly DocxParagraph[],
  input: EvaluationInput,
  result: EvaluationResult,
  options: DocxOptions & { date?: Date } = {},
): Promise<Uint8Array> {
  const year = input.unit.year;
  const body: Paragraph[] = [];
  for (const p of paragraphs) {
    // A hand-edited paragraph may hold line breaks: each line is a paragraph of its own.
    const lines = p.level === "title" ? [p.text.replace(/\s*\n\s*/g, "")] : p.text.split(/\r?\n/).filter((l) => l.trim());
    for (const line of lines) body.push(reportParagraph(p.level, line.trim()));
  }
  // 附件说明 (GB/T 9704 7.3.4): after one blank line, indented two characters.
  body.push(reportParagraph("body", ""), reportParagraph("body", `附件：${input.unit.name}${year}年度部门整体支出绩效自评表`));
  body.push(...signature(input.unit.name, options.date ?? new Date()));
  return packReport(
    `${input.unit.name}${year}年度部门整体支出绩效自评报告`,
    [
      { blocks: body, properties: textSection(false) },
      { blocks: appendix(input, result), properties: TABLE_SECTION },
    ],
    options.gzip,
  );
}

/** The building blocks of the 公文 layout, shared with the project reports (project-docx.ts). */
export const DOCX_PARTS = { reportParagraph, plain, table, packReport, textSection, TABLE_SECTION, TEXT_WIDTH } as const;
export type DocxCell = CellSpec;
