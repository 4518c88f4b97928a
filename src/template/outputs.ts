import { FRESHNESS_ID, freshnessVerdict } from "../domain/freshness";
import { ref, toExcel } from "../domain/expr";
import type { StoredParagraph, ParagraphStatus } from "../domain/narrative-merge";
import type { ParagraphLevel } from "../domain/narrative";
import type { EvaluationResult } from "../domain/engine";
import type { CellWrite } from "../workbook/port";
import { absolute, cellAddress, colNumber, parseCell, parseRange } from "./addr";
import { STRUCTURED_RESOLVER, nameOf } from "./fields";
import { INDICATOR_TABLE, SELF_REPORT_LAYOUT, SELF_TABLE_LAYOUT } from "./spec";
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
  /** Every output cell as it should be; the session writes only those that differ. */
  desired(context: OutputContext): CellWrite[];
}

const LEVEL_LABEL: Record<ParagraphLevel, string> = { title: "标题", h1: "一级标题", h2: "二级标题", h3: "三级标题", body: "正文" };
const LEVEL_OF_LABEL = new Map(Object.entries(LEVEL_LABEL).map(([k, v]) => [v, k as ParagraphLevel]));

// ---- 自评表 -------------------------------------------------------------------------------------------

const col = (id: string) => STRUCTURED_RESOLVER.colRange(id);
const at = (id: string, k: number) => `INDEX(${col(id)},${k})`;

/** A figure as the form shows it: "≥90%" / "30次" for quantitative indicators, the text for 定性. */
function shownValue(id: "target" | "actual", k: number, withSymbol: boolean): string {
  const kind = at("kind", k);
  const v = at(id, k);
  const unit = at("unit", k);
  const symbol = withSymbol ? `IF(${kind}="正向","≥",IF(${kind}="反向","≤",""))&` : "";
  return `=IF(${kind}="定性",${v}&"",${symbol}IF(ISNUMBER(${v}),IF(${unit}="%",ROUND(${v}*100,2)&"%",ROUND(${v},2)&${unit}),${v}&""))`;
}

function selfTableWrites(sheet: string, snapshot: WorkbookSnapshot, read: ReadResult): CellWrite[] {
  const table = snapshot.tables.find((t) => t.name === INDICATOR_TABLE.name);
  if (!table) return [];
  const top = parseRange(table.address).top;
  const positions = read.indicatorRows.filter((r) => r.index !== null).map((r) => r.row - top);
  const c = SELF_TABLE_LAYOUT.columns;
  const writes: CellWrite[] = [];
  const put = (column: string, row: number, formula: string) => writes.push({ sheet, address: `${column}${row}`, formula });
  positions.forEach((k, i) => {
    const row = SELF_TABLE_LAYOUT.firstRow + i;
    put(c.level1, row, `=${at("level1", k)}&""`);
    put(c.level2, row, `=${at("level2", k)}&""`);
    put(c.name, row, `=${at("name", k)}&""`);
    put(c.target, row, shownValue("target", k, true));
    put(c.actual, row, shownValue("actual", k, false));
    put(c.weight, row, `=${at("weight", k)}`);
    put(c.score, row, `=${at("score", k)}`);
    put(c.reason, row, `=${at("deviationReason", k)}&""`);
  });
  const totalRow = SELF_TABLE_LAYOUT.firstRow + positions.length;
  writes.push({ sheet, address: `${c.level1}${totalRow}`, value: "总分" });
  put(c.weight, totalRow, `=${nameOf("total.fullWeight")}`);
  put(c.score, totalRow, `=${nameOf("total")}`);
  put(c.reason, totalRow, `="评价等级："&${nameOf("grade")}`);
  writes.push(...clearBelow(snapshot, sheet, totalRow + 1, Object.values(c)));
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

function value(snapshot: WorkbookSnapshot, sheet: string, row: number, column: string): SnapshotValue {
  const s = snapshot.sheets.find((x) => x.name === sheet);
  if (!s?.address) return "";
  const used = parseRange(s.address);
  return s.values[row - used.top]?.[colNumber(column) - used.left] ?? "";
}

function readNarrative(snapshot: WorkbookSnapshot, read: ReadResult): StoredParagraph[] {
  const sheet = read.sheets.selfReport;
  if (!sheet) return [];
  const s = snapshot.sheets.find((x) => x.name === sheet);
  if (!s?.address) return [];
  const last = parseRange(s.address).bottom;
  const c = SELF_REPORT_LAYOUT.columns;
  const out: StoredParagraph[] = [];
  for (let row = SELF_REPORT_LAYOUT.firstRow; row <= last; row++) {
    const text = String(value(snapshot, sheet, row, c.text));
    const key = String(value(snapshot, sheet, row, c.key)) || (text ? `user:${row}` : "");
    if (!key) continue;
    out.push({
      key,
      level: LEVEL_OF_LABEL.get(String(value(snapshot, sheet, row, c.level))) ?? "body",
      text,
      generatedText: String(value(snapshot, sheet, row, c.generated)),
      sources: [],
      status: String(value(snapshot, sheet, row, c.status)).split("：")[0] as ParagraphStatus,
    });
  }
  return out;
}

function statusText(p: StoredParagraph): string {
  return p.staleFigures?.length ? `${p.status}：${p.staleFigures.join("；")}` : p.status;
}

function selfReportWrites(sheet: string, ctx: OutputContext): CellWrite[] {
  const c = SELF_REPORT_LAYOUT.columns;
  const writes: CellWrite[] = [
    { sheet, address: SELF_REPORT_LAYOUT.verdictCell, formula: VERDICT_FORMULA },
    { sheet, address: SELF_REPORT_LAYOUT.storedChecksumCell, value: Number(ctx.result.computed[FRESHNESS_ID] ?? 0) },
  ];
  ctx.narrative.forEach((p, i) => {
    const row = SELF_REPORT_LAYOUT.firstRow + i;
    const put = (column: string, v: SnapshotValue) => writes.push({ sheet, address: `${column}${row}`, value: v });
    put(c.index, i + 1);
    put(c.level, LEVEL_LABEL[p.level]);
    put(c.text, p.text);
    put(c.status, statusText(p));
    put(c.sources, [...new Set(p.sources.map((f) => ctx.read.cellOf(f)).filter((x): x is string => Boolean(x)))].join("、"));
    put(c.key, p.key.startsWith("user:") ? "" : p.key);
    put(c.generated, p.generatedText);
  });
  writes.push(...clearBelow(ctx.snapshot, sheet, SELF_REPORT_LAYOUT.firstRow + ctx.narrative.length, Object.values(c)));
  return writes;
}

export const OUTPUT_SHEETS: OutputSheets = {
  readNarrative,
  desired(ctx) {
    const writes: CellWrite[] = [];
    if (ctx.read.sheets.selfTable) writes.push(...selfTableWrites(ctx.read.sheets.selfTable, ctx.snapshot, ctx.read));
    if (ctx.read.sheets.selfReport) writes.push(...selfReportWrites(ctx.read.sheets.selfReport, ctx));
    return writes;
  },
};
