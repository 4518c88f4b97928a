import { FRESHNESS_ID, VERDICT_FRESH, freshnessVerdict } from "../domain/freshness";
import { ref, toExcel } from "../domain/expr";
import type { StoredParagraph, ParagraphStatus } from "../domain/narrative-merge";
import type { ParagraphLevel } from "../domain/narrative";
import type { EvaluationResult } from "../domain/engine";
import type { CellWrite } from "./snapshot";
import { absolute, cellAddress, colNumber, parseCell, parseRange, splitQualified } from "./addr";
import { excelRound } from "../domain/rounding";
import { projectFieldId } from "../domain/project";
import { STRUCTURED_RESOLVER, TABLE_COLUMNS, nameOf } from "./fields";
import { INDICATOR_TABLE, NUMBER_FORMATS, SELF_REPORT_LAYOUT, SELF_TABLE_LAYOUT, type StyleKey } from "./spec";
import type { ReadResult } from "./reader";
import type { SnapshotValue, WorkbookSnapshot } from "./snapshot";

/**
 * The rows of the output sheets that follow the data: one 自评表 row per indicator, one 自评报告 row
 * per paragraph. Their fixed parts (titles, headers, the money block) are in spec.ts.
 */

/** What the add-in writes into the workbook besides the native formulas: the output sheets' rows. */
export interface OutputContext {
  snapshot: WorkbookSnapshot;
  read: ReadResult;
  result: EvaluationResult;
  narrative: readonly StoredParagraph[];
}

export interface OutputSheets {
  /** The paragraphs the 自评报告 sheet holds now (empty when it was never generated). */
  readNarrative(snapshot: WorkbookSnapshot, read: ReadResult): StoredParagraph[];
  /**
   * Every output cell as it should be; the session writes only those that differ. Asked of every workbook,
   * one of project tables only too (its read.sheets name no department output sheet).
   */
  desired(context: OutputContext): CellWrite[];
}

const LEVEL_LABEL: Record<ParagraphLevel, string> = { title: "标题", h1: "一级标题", h2: "二级标题", h3: "三级标题", body: "正文" };
const LEVEL_OF_LABEL = new Map(Object.entries(LEVEL_LABEL).map(([k, v]) => [v, k as ParagraphLevel]));

// ---- 自评表 -------------------------------------------------------------------------------------------

const col = (id: string) => STRUCTURED_RESOLVER.colRange(id);
const at = (id: string, k: number) => `INDEX(${col(id)},${k})`;

/** A raw value of the 绩效指标 table, as INDEX reads it (blank is ""). */
type Raw = SnapshotValue | undefined;

/** Where the 自评表's figures come from: the table's cells by position, and the totals. */
export interface SelfTableSource {
  /** The raw value of table column `id` in data row `k` (1-based); "" for a blank cell. */
  cell(id: string, k: number): Raw;
  fullWeight: Raw;
  total: Raw;
  grade: Raw;
}

/** Excel's number-to-text of `v&""` for the values the table holds. */
function excelText(v: Raw): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return String(Number.isInteger(v) ? v : Number(v.toPrecision(15)));
  return v;
}

/** Numbers read from a blank cell are 0 in Excel. */
const excelNumber = (v: Raw): SnapshotValue => (v === undefined || v === null || v === "" ? 0 : v);

/** A figure as the form shows it: "≥90%" / "30次" for quantitative indicators, the text for 定性. */
function shownValue(id: "target" | "actual", k: number, withSymbol: boolean): string {
  const kind = at("kind", k);
  const v = at(id, k);
  const unit = at("unit", k);
  const symbol = withSymbol ? `IF(${kind}="正向","≥",IF(${kind}="反向","≤",""))&` : "";
  return `IF(${kind}="定性",${v}&"",${symbol}IF(ISNUMBER(${v}),IF(${unit}="%",ROUND(${v}*100,2)&"%",ROUND(${v},2)&${unit}),${v}&""))`;
}

/** What shownValue computes, for the cached result. */
function shownResult(src: SelfTableSource, id: "target" | "actual", k: number, withSymbol: boolean): string {
  const kind = excelText(src.cell("kind", k));
  const v = src.cell(id, k);
  if (kind === "定性") return excelText(v);
  const symbol = withSymbol ? (kind === "正向" ? "≥" : kind === "反向" ? "≤" : "") : "";
  if (typeof v !== "number") return symbol + excelText(v);
  const unit = excelText(src.cell("unit", k));
  return unit === "%" ? `${symbol}${excelText(excelRound(v * 100, 2))}%` : `${symbol}${excelText(excelRound(v, 2))}${unit}`;
}

/**
 * The 自评表's indicator rows and its 总分 row. Each row shows the table's data row at a fixed position
 * with native formulas, blank past the table's end or on a blank table row, so the form is complete in
 * any spreadsheet program without the add-in. Every formula carries its value for non-recalculating readers.
 */
export function selfTableCells(sheet: string, positions: readonly number[], src: SelfTableSource): CellWrite[] {
  const c = SELF_TABLE_LAYOUT.columns;
  const writes: CellWrite[] = [];
  const named = col("name");
  positions.forEach((k, i) => {
    const row = SELF_TABLE_LAYOUT.firstRow + i;
    const present = src.cell("name", k) !== undefined && excelText(src.cell("name", k)) !== "";
    // Joined, not a template literal: one flat string per cell rather than a rope of ~10 pieces that the
    // comparison with the file's formula (changedOnly) copies flat again; 40,000 of them at 5,000 indicators.
    const guard = (formula: string) => [`=IF(ROWS(${named})<`, k, `,"",IF(`, at("name", k), `="","",`, formula, "))"].join("");
    const put = (column: string, formula: string, result: SnapshotValue, style: StyleKey, numFmt = "General") =>
      writes.push({ sheet, address: `${column}${row}`, formula: guard(formula), result: present ? result : "", style, numFmt });
    put(c.level1, `${at("level1", k)}&""`, excelText(src.cell("level1", k)), "formText");
    put(c.level2, `${at("level2", k)}&""`, excelText(src.cell("level2", k)), "formText");
    put(c.name, `${at("name", k)}&""`, excelText(src.cell("name", k)), "formText");
    put(c.target, shownValue("target", k, true), shownResult(src, "target", k, true), "formText");
    put(c.actual, shownValue("actual", k, false), shownResult(src, "actual", k, false), "formText");
    put(c.weight, at("weight", k), excelNumber(src.cell("weight", k)), "formFigure", NUMBER_FORMATS.score);
    put(c.score, at("score", k), excelNumber(src.cell("score", k)), "formFigure", NUMBER_FORMATS.score);
    put(c.reason, `${at("deviationReason", k)}&""`, excelText(src.cell("deviationReason", k)), "formText");
  });
  const totalRow = SELF_TABLE_LAYOUT.firstRow + positions.length;
  const total = (column: string, w: Omit<CellWrite, "sheet" | "address">) => writes.push({ sheet, address: `${column}${totalRow}`, ...w });
  total(c.level1, { value: "总分", style: "formTotal" });
  for (const column of [c.level2, c.name, c.target, c.actual]) total(column, { value: "", style: "formTotal" });
  total(c.weight, { formula: `=${nameOf("total.fullWeight")}`, result: excelNumber(src.fullWeight), style: "formTotal", numFmt: NUMBER_FORMATS.score });
  total(c.score, { formula: `=${nameOf("total")}`, result: excelNumber(src.total), style: "formTotal", numFmt: NUMBER_FORMATS.score });
  total(c.reason, { formula: `="评价等级："&${nameOf("grade")}`, result: `评价等级：${excelText(src.grade)}`, style: "formTotal" });
  // Rows added to the table without the add-in would not show: say so on the form itself.
  const filled = `COUNTIF(${named},"?*")`;
  const shown = positions.length;
  writes.push({
    sheet,
    address: `${c.level1}${totalRow + 1}`,
    formula: `=IF(${filled}>${shown},"注意：绩效指标表有"&${filled}&"个指标，本表只列出前${shown}行，请用绩效自评助手重新生成本表。","")`,
    result: "",
    style: "note",
  });
  return writes;
}

/** The table's rows by position: filled rows first (in table order), then the blank ones for later use. */
function tablePositions(snapshot: WorkbookSnapshot, read: ReadResult): number[] {
  const table = snapshot.tables.find((t) => t.name === INDICATOR_TABLE.name);
  if (!table) return [];
  const top = parseRange(table.address).top;
  const filled = read.indicatorRows.filter((r) => r.index !== null).map((r) => r.row - top);
  const blank = read.indicatorRows.filter((r) => r.index === null).map((r) => r.row - top);
  return [...filled, ...blank];
}

function selfTableWrites(sheet: string, ctx: OutputContext): CellWrite[] {
  const { snapshot, read, result } = ctx;
  const table = snapshot.tables.find((t) => t.name === INDICATOR_TABLE.name);
  if (!table) return [];
  const range = parseRange(table.address);
  const tableSheet = snapshot.sheets.find((s) => s.name === table.sheet);
  const used = tableSheet?.address ? parseRange(tableSheet.address) : null;
  const header = new Map(table.headers.map((h, j) => [h, range.left + j]));
  const indexAt = new Map(read.indicatorRows.map((r) => [r.row - range.top, r.index]));
  const positions = tablePositions(snapshot, read);
  // By index and by id once: cell() is asked ~15 times per row, a search here was quadratic in indicators.
  const scoredByIndex = new Map(result.indicators.map((x) => [x.index, x]));
  const columnOf = new Map(TABLE_COLUMNS.map((x) => [x.id, header.get(x.label)]));
  const src: SelfTableSource = {
    cell(id, k) {
      const index = indexAt.get(k);
      const scored = index !== null && index !== undefined ? scoredByIndex.get(index) : undefined;
      // The engine's score, not a cached one that may predate the last edit.
      if (id === "score" && scored) return scored.score;
      const column = columnOf.get(id);
      if (!used || column === undefined) return "";
      const v = tableSheet!.values[range.top + k - used.top]?.[column - used.left];
      if (id === "actual" && scored && scored.kind !== "定性" && read.input.indicators[index!]?.actualFrom) return scored.actualValue ?? v;
      return v ?? "";
    },
    fullWeight: result.computed["total.fullWeight"] ?? 0,
    total: result.total,
    grade: result.grade,
  };
  const writes = selfTableCells(sheet, positions, src);
  writes.push(...clearBelow(snapshot, sheet, SELF_TABLE_LAYOUT.firstRow + positions.length + 2, Object.values(SELF_TABLE_LAYOUT.columns)));
  return writes;
}

/** Blanks for the rows a longer layout used before, so nothing stale is left under the new last row. */
function clearBelow(snapshot: WorkbookSnapshot, sheet: string, fromRow: number, columns: readonly string[]): CellWrite[] {
  const s = snapshot.sheets.find((x) => x.name === sheet);
  if (!s?.address) return [];
  const used = parseRange(s.address);
  const out: CellWrite[] = [];
  for (let row = fromRow; row <= used.bottom; row++) {
    for (const column of columns) {
      const k = colNumber(column);
      const current = s.formulas[row - used.top]?.[k - used.left];
      if (current !== undefined && current !== "") out.push({ sheet, address: cellAddress(row, k), value: "" });
    }
  }
  return out;
}

// ---- 自评报告 -----------------------------------------------------------------------------------------

const STORED = "narrative.storedChecksum";
const VERDICT_FORMULA = `=${toExcel(freshnessVerdict(ref(STORED)), {
  ...STRUCTURED_RESOLVER,
  ref: (id) => {
    if (id !== STORED) return STRUCTURED_RESOLVER.ref(id);
    const c = parseCell(SELF_REPORT_LAYOUT.storedChecksumCell);
    return absolute(c.row, c.col);
  },
})}`;

function readNarrative(snapshot: WorkbookSnapshot, read: ReadResult): StoredParagraph[] {
  const sheet = read.sheets.selfReport;
  if (!sheet) return [];
  const s = snapshot.sheets.find((x) => x.name === sheet);
  if (!s?.address) return [];
  // The used range and the columns once, not per cell: 自评报告 has a row per paragraph.
  const used = parseRange(s.address);
  const c = SELF_REPORT_LAYOUT.columns;
  const at = (line: readonly SnapshotValue[] | undefined, column: number): string => String(line?.[column - used.left] ?? "");
  const [textCol, keyCol, levelCol, generatedCol, statusCol] = [c.text, c.key, c.level, c.generated, c.status].map(colNumber) as [number, number, number, number, number];
  const out: StoredParagraph[] = [];
  for (let row = SELF_REPORT_LAYOUT.firstRow; row <= used.bottom; row++) {
    const line = s.values[row - used.top];
    const text = at(line, textCol);
    const key = at(line, keyCol) || (text ? `user:${row}` : "");
    if (!key) continue;
    out.push({
      key,
      level: LEVEL_OF_LABEL.get(at(line, levelCol)) ?? "body",
      text,
      generatedText: at(line, generatedCol),
      sources: [],
      status: at(line, statusCol).split("：")[0] as ParagraphStatus,
    });
  }
  return out;
}

const REPORT_STYLE: Record<ParagraphLevel, StyleKey> = { title: "reportTitle", h1: "reportHeading", h2: "reportHeading", h3: "reportBody", body: "reportBody" };

/** What a host needs besides the cells to lay the outputs out for print: 自评报告's print area. */
export interface OutputLayout {
  /** Paragraphs written to 自评报告, for its print area. */
  paragraphs: number;
  reportSheet: string | null;
}

/**
 * Whether a change at `address` is a change of the add-in's outputs: anywhere on 自评表, and on 自评报告
 * anything but an edit within the paragraph text the user may rewrite (column C). Under protection only
 * that column takes typing, so such a change is the user's Ctrl+Z of an output write (API writes are on
 * the undo stack): it must not trigger a rewrite, or the user could never undo past the add-in's write.
 */
export function onlyOutputCells(sheets: Pick<ReadResult["sheets"], "selfTable" | "selfReport">, sheet: string, address: string): boolean {
  const low = sheet.toLowerCase();
  if (sheets.selfTable?.toLowerCase() === low) return true;
  if (sheets.selfReport?.toLowerCase() !== low) return false;
  let r: ReturnType<typeof parseRange>;
  try {
    r = parseRange(address.replace(/\$/g, ""));
  } catch {
    return false;
  }
  if (![r.top, r.left, r.bottom, r.right].every(Number.isFinite)) return false;
  // Only the paragraph column takes typing; a change reaching any other (locked) cell is not the user's typing.
  const text = colNumber(SELF_REPORT_LAYOUT.columns.text);
  return !(r.left === text && r.right === text && r.top >= SELF_REPORT_LAYOUT.firstRow);
}

/** Excel's limit on the characters of one cell (every host: Excel refuses a longer write). */
export const CELL_TEXT_LIMIT = 32_767;
const TRUNCATED_MARK = "……（超出单元格字数上限，以下从略）";

/**
 * Output text longer than a cell can hold, cut to fit with a visible mark. A report paragraph can pass
 * the limit though every input fits (the numbering and punctuation are added), and one such write
 * would fail every recompute; the caller raises a finding for each cut cell.
 */
export function fitCellText(writes: readonly CellWrite[]): { writes: CellWrite[]; cut: Array<{ write: CellWrite; length: number }> } {
  const cut: Array<{ write: CellWrite; length: number }> = [];
  const out = writes.map((w) => {
    const text = w.formula === undefined ? w.value : undefined;
    if (typeof text !== "string" || text.length <= CELL_TEXT_LIMIT) return w;
    let end = CELL_TEXT_LIMIT - TRUNCATED_MARK.length;
    // Never split a surrogate pair.
    if (/[\uD800-\uDBFF]/.test(text[end - 1] ?? "")) end--;
    const fitted = { ...w, value: text.slice(0, end) + TRUNCATED_MARK };
    cut.push({ write: fitted, length: text.length });
    return fitted;
  });
  return { writes: out, cut };
}

/** The rows of 自评报告 that print: the paragraphs in the text column. */
export function reportPrintArea(paragraphs: number): string | null {
  if (paragraphs === 0) return null;
  const column = SELF_REPORT_LAYOUT.printColumn;
  return `${column}${SELF_REPORT_LAYOUT.firstRow}:${column}${SELF_REPORT_LAYOUT.firstRow + paragraphs - 1}`;
}

function statusText(p: StoredParagraph): string {
  return p.staleFigures?.length ? `${p.status}：${p.staleFigures.join("；")}` : p.status;
}

function selfReportWrites(sheet: string, ctx: OutputContext): CellWrite[] {
  const c = SELF_REPORT_LAYOUT.columns;
  const writes: CellWrite[] = [
    // Written together with the checksum it compares, so its value is the "consistent" verdict.
    { sheet, address: SELF_REPORT_LAYOUT.verdictCell, formula: VERDICT_FORMULA, result: VERDICT_FRESH },
    { sheet, address: SELF_REPORT_LAYOUT.storedChecksumCell, value: Number(ctx.result.computed[FRESHNESS_ID] ?? 0) },
  ];
  ctx.narrative.forEach((p, i) => {
    const row = SELF_REPORT_LAYOUT.firstRow + i;
    const put = (column: string, v: SnapshotValue, style: StyleKey = "text") => writes.push({ sheet, address: `${column}${row}`, value: v, style });
    put(c.index, i + 1);
    put(c.level, LEVEL_LABEL[p.level]);
    put(c.text, p.text, REPORT_STYLE[p.level]);
    put(c.status, statusText(p));
    put(c.sources, [...new Set(p.sources.map((f) => ctx.read.cellOf(f)).filter((x): x is string => Boolean(x)))].join("、"));
    put(c.key, p.key.startsWith("user:") ? "" : p.key);
    put(c.generated, p.generatedText);
  });
  writes.push(...clearBelow(ctx.snapshot, sheet, SELF_REPORT_LAYOUT.firstRow + ctx.narrative.length, Object.values(c)));
  return writes;
}

/**
 * Every manual override keeps the computed score it replaced: where an override has none yet (just typed),
 * the current computed score is stored next to it, so that a later change of the data under it shows the
 * override as stale (OVERRIDE_STALE) instead of silently keeping it as if still meant. The department's
 * 预算执行率 and indicators, and each project's 执行率 and indicators alike; a sheet without the cell (an
 * older version) gets nothing.
 */
export function overrideAnchorWrites(ctx: Pick<OutputContext, "read" | "result">): CellWrite[] {
  const writes: CellWrite[] = [];
  const anchor = (field: string, score: number | "") => {
    const at = ctx.read.cellOf(field);
    // cellOf falls back to the table's own cell for a row field it did not find: never write there.
    const table = /^(.*)\[\d+\](?:\..*)?$/.exec(field)?.[1];
    const cell = at && (table === undefined || at !== ctx.read.cellOf(table)) ? splitQualified(at) : null;
    if (cell) writes.push({ sheet: cell.sheet, address: cell.address.replace(/\$/g, ""), value: score });
  };
  type Override = { score: number; replaced?: number } | undefined;
  const form = (root: string, execution: Override, executionScore: number, indicators: ReadonlyArray<{ override?: Override }>, scores: ReadonlyArray<{ computedScore: number }>) => {
    if (execution && typeof execution.score === "number" && execution.replaced === undefined) anchor(`${root}execution.override.replaced`, executionScore);
    indicators.forEach((ind, i) => {
      const r = scores[i];
      if (r && ind.override && typeof ind.override.score === "number" && ind.override.replaced === undefined) {
        anchor(`${root}indicators[${i}].override.replaced`, r.computedScore);
      }
    });
  };
  const { input } = ctx.read;
  form("", input.execution?.override, ctx.result.execution.computedScore, input.indicators, ctx.result.indicators);
  // A cleared override's stored score goes with it: a new override is compared with its own.
  for (const field of ctx.read.orphanedReplacedScores) anchor(field, "");
  (input.projects ?? []).forEach((p, k) => {
    const r = ctx.result.projects[k];
    if (r) form(projectFieldId(k, ""), p.execution?.override, r.execution.computedScore, p.indicators, r.indicators);
  });
  return writes;
}

export const OUTPUT_SHEETS: OutputSheets = {
  readNarrative,
  desired(ctx) {
    const writes: CellWrite[] = overrideAnchorWrites(ctx);
    if (ctx.read.sheets.selfTable) writes.push(...selfTableWrites(ctx.read.sheets.selfTable, ctx));
    if (ctx.read.sheets.selfReport) writes.push(...selfReportWrites(ctx.read.sheets.selfReport, ctx));
    return writes;
  },
};
