import type { RepairPlan, SnapshotValue, WorkbookPlan, WorkbookSnapshot } from "../template/core";
import type { SheetChange } from "../template/project-change";

/**
 * The one small interface the add-in talks to a workbook through. Hosts are thin adapters: Office.js
 * (src/excel/), the in-memory workbook of the browser preview and the tests, and the .xlsx file of the
 * CLI. Each call is one round trip to the host.
 */

import type { CellWrite, SnapshotName } from "../template/snapshot";
import type { OutputLayout } from "../template/outputs";
export type { CellWrite, OutputLayout, SheetChange };

export interface WriteOptions {
  /** 自评报告's print area follows the paragraphs; hosts without print setup ignore it. */
  layout?: OutputLayout;
  /** Also report the workbook's defined names, in the same round trip (a deleted name raises no event). */
  names?: boolean;
}

export interface WriteReport {
  /** The defined names as they are now, when asked for and the host can tell. */
  names?: SnapshotName[];
}

export interface WorkbookChange {
  kind: "changed";
  sheet: string;
  /** The changed range without sheet, e.g. "D7" or "A5:H30". */
  address: string;
  source: "local" | "remote";
  /** True when this add-in made the change, false when not, null when the host cannot tell. */
  byThisAddin: boolean | null;
  /**
   * What kind of change, where the host says: "RangeEdited" is a plain value edit; rows or cells
   * inserted or deleted, or anything unknown, cannot be patched into a cached snapshot.
   */
  changeType?: string;
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
  /**
   * Only these cells, in one round trip; an empty list without options costs nothing. A write larger
   * than one request may carry (Excel on the web: 5 MB) goes in several round trips of one batch.
   */
  write(cells: readonly CellWrite[], options?: WriteOptions): Promise<WriteReport | void>;
  /** Inserts the template (sheets, cells, names, tables, validations, protection, print setup). */
  applyPlan(plan: WorkbookPlan): Promise<void>;
  /** Restores formulas, names, validations and protection; never touches an input value. */
  applyRepair(repair: RepairPlan): Promise<void>;
  /**
   * Deletes the change's names and sheets, inserts its sheets and names (新增项目 / 复制项目 / 删除项目), and
   * reads the workbook as it is then: one round trip (a host may add one for optional print setup).
   * The caller has chosen sheet names that are free (the snapshot's `allSheets`).
   */
  changeSheets(change: SheetChange): Promise<WorkbookSnapshot>;
  /** Selects a cell given as "'预算执行'!D7" and shows it. */
  select(cell: string): Promise<void>;
  /**
   * 添加指标: a blank row at the end of the table. Excel refuses table rows on a protected sheet whatever
   * the options (office-js #2135), so a host unprotects the sheet around it and protects it again.
   */
  addTableRow?(table: string): Promise<void>;
  /** 删除指标: deletes the table's data row that holds the selected cell; rejects when none does. */
  deleteTableRowAtSelection?(table: string): Promise<void>;
  /** Starts delivering change and selection events; resolves to an unsubscribe function. */
  subscribe(listener: (event: WorkbookEvent) => void): Promise<() => Promise<void>>;
}
