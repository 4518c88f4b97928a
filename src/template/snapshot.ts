import type { StyleKey } from "./spec";
/**
 * What a reader needs from a workbook, as plain data any host can fill in one batch. Office.js loads it
 * in one sync: `workbook.names.items` (name, formula), `worksheets.items` (name) with
 * `getUsedRange()` (address, values, formulas) and `getMergedAreasOrNullObject()`, `tables.items` (name,
 * worksheet name, `getRange().address`, `getHeaderRowRange().values`). snapshotFromExcelJs fills it from
 * a file.
 */

/** A cell as Office.js reports it: number, string or boolean; "" is an empty cell; errors are "#REF!" etc. */
export type SnapshotValue = string | number | boolean;

export interface SnapshotName {
  name: string;
  /** As Office.js gives it: "='预算执行'!$D$7", "=#REF!", "=\"1.0\"". */
  formula: string;
}

export interface SnapshotSheet {
  name: string;
  /** The used range, without sheet, e.g. "A1:R31"; "" for an empty sheet. */
  address: string;
  /** Row-major over `address`. */
  values: SnapshotValue[][];
  /** Same shape: "=…" for formula cells, else the value. */
  formulas: SnapshotValue[][];
  /** Merged areas, e.g. ["A1:R1"]. */
  merges?: string[];
}

export interface SnapshotTable {
  name: string;
  sheet: string;
  /** Header row included, without sheet, e.g. "A11:R25". */
  address: string;
  headers: string[];
}

export interface WorkbookSnapshot {
  names: SnapshotName[];
  sheets: SnapshotSheet[];
  tables: SnapshotTable[];
  /** The name of every sheet of the workbook, also of those not read (hosts that list them): new sheet names avoid them. */
  allSheets?: string[];
  /** Document properties, where the host can read them (the version keyword). */
  properties?: { keywords?: string };
}

export const ERROR_VALUES: ReadonlySet<string> = new Set(["#REF!", "#NAME?", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"]);

/** A cell to set: a constant (strings always stay text, even "=SUM(A1)") or a formula. */
export interface CellWrite {
  sheet: string;
  /** A1 address without sheet, e.g. "C7". */
  address: string;
  value?: SnapshotValue;
  /** Formula text with its leading "=". */
  formula?: string;
  /**
   * The formula's value as the engine computed it. File hosts store it as the cached result, so readers
   * that do not recalculate (previews, mail clients, scripts) see the figure; Excel recomputes anyway.
   */
  result?: SnapshotValue;
  /** How the cell looks in print (output sheets); hosts that cannot style cells ignore it. */
  style?: StyleKey;
  numFmt?: string;
}
