import { tryParseCell } from "../template/addr";
import { reportPrintArea } from "../template/outputs";
import type { SnapshotValue, WorkbookSnapshot } from "../template/snapshot";
import { LightReadUnsupported, snapshotFromXlsxBytes } from "../template/snapshot-xlsx";
import { LightWriteUnsupported, patchXlsx, type PatchWrite } from "../template/xlsx-patch";
import { evaluateSnapshot, recalculatedCells, type WorkbookEvaluation } from "./evaluate-workbook";

/**
 * `evaluate --out` on a workbook without exceljs: the light read, the one use case, and the outputs
 * written into the file's own XML (template/xlsx-patch.ts). The same cells as evaluateExcelJs
 * (app/evaluate-xlsx.ts): every output cell, the template's formulas given the engine's figures as
 * cached values, 自评报告's print area, and recalculation on open. Null where the light reader or the
 * patching writer does not model the file: the caller then takes the exceljs route.
 */
export async function evaluateXlsxBytes(bytes: Buffer): Promise<{ bytes: Buffer; evaluation: WorkbookEvaluation } | null> {
  let snapshot: WorkbookSnapshot;
  const texts = new Map<string, string>();
  try {
    snapshot = await snapshotFromXlsxBytes(bytes, texts);
  } catch (e) {
    if (e instanceof LightReadUnsupported) return null;
    throw e;
  }
  const evaluation = evaluateSnapshot(snapshot);
  const cellAt = cellLookup(snapshot);
  // As evaluateExcelJs: a cell gets a new cached figure only while it still holds the template's formula
  // (and needs one only where the figure changed).
  const cachedResults = recalculatedCells(snapshot, evaluation).flatMap((c) => {
    if (c.formula === undefined || c.result === undefined) return [];
    const now = cellAt(c.sheet, c.address);
    return now?.formula === withEquals(c.formula) && now.value !== c.result ? [{ sheet: c.sheet, address: c.address, result: c.result }] : [];
  });
  // evaluation.writes holds the cells whose formula or value differs; of the others, a formula cell is
  // left as it is only while its cached figure is current too.
  const differs = new Set(evaluation.writes);
  const writes: PatchWrite[] = evaluation.desired.map((w) => {
    if (differs.has(w)) return w;
    const unchanged = w.formula === undefined || cellAt(w.sheet, w.address)?.value === (w.result ?? "");
    return unchanged ? { ...w, unchanged } : w;
  });
  const reportSheet = evaluation.read.sheets.selfReport;
  const area = reportPrintArea(evaluation.narrative.length);
  try {
    const out = patchXlsx(bytes, { writes, cachedResults, printArea: reportSheet && area ? { sheet: reportSheet, area } : null, fullCalcOnLoad: true }, texts);
    return { bytes: out, evaluation };
  } catch (e) {
    if (e instanceof LightWriteUnsupported) return null;
    throw e;
  }
}

/** Formula text with its "=", as snapshots hold it; no copy when it has one (formulas run to ~5 KB). */
const withEquals = (formula: string) => (formula.startsWith("=") ? formula : `=${formula}`);

/** A cell of the snapshot: its value (a formula's cached result) and its formula, if it has one. */
function cellLookup(snapshot: WorkbookSnapshot): (sheet: string, address: string) => { value: SnapshotValue; formula?: string } | undefined {
  const sheets = new Map(snapshot.sheets.map((s) => [s.name, s]));
  return (sheet, address) => {
    const s = sheets.get(sheet);
    const cell = tryParseCell(address);
    if (!s || !cell) return undefined;
    // The file host's snapshot starts at A1 (snapshot-xlsx.ts, snapshot-exceljs.ts).
    const value = s.values[cell.row - 1]?.[cell.col - 1];
    if (value === undefined) return { value: "" };
    const f = s.formulas[cell.row - 1]![cell.col - 1];
    return typeof f === "string" && f.startsWith("=") && f !== value ? { value, formula: f } : { value };
  };
}
