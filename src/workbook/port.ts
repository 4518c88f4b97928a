import type { RepairPlan, SnapshotValue, StyleKey, WorkbookPlan, WorkbookSnapshot } from "../template/core";

/**
 * The one small interface the add-in talks to a workbook through. Hosts are thin adapters: Office.js
 * (src/excel/), the in-memory workbook of the browser preview and the tests, and the .xlsx file of the
 * CLI. Each call is one round trip to the host.
 */

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

export interface WorkbookChange {
  kind: "changed";
  sheet: string;
  /** The changed range without sheet, e.g. "D7" or "A5:H30". */
  address: string;
  source: "local" | "remote";
  /** True when this add-in made the change, false when not, null when the host cannot tell. */
  byThisAddin: boolean | null;
  /** For a single-cell edit only: the value before and after (Excel gives no details for ranges). */
  before?: SnapshotValue;
  after?: SnapshotValue;
}

export interface SelectionChange {
  kind: "selection";
  sheet: string;
  address: string;
}

export type WorkbookEvent = WorkbookChange | SelectionChange;

export interface WorkbookPort {
  /** Everything the reader needs, in one round trip. */
  read(): Promise<WorkbookSnapshot>;
  /** Only these cells, in one round trip; an empty list costs nothing. */
  write(cells: readonly CellWrite[]): Promise<void>;
  /** Inserts the template (sheets, cells, names, tables, validations, protection, print setup). */
  applyPlan(plan: WorkbookPlan): Promise<void>;
  /** Restores formulas, names, validations and protection; never touches an input value. */
  applyRepair(repair: RepairPlan): Promise<void>;
  /** Selects a cell given as "'预算执行'!D7" and shows it. */
  select(cell: string): Promise<void>;
  /** Starts delivering change and selection events; resolves to an unsubscribe function. */
  subscribe(listener: (event: WorkbookEvent) => void): Promise<() => Promise<void>>;
}
