import { cellAddress, parseCell, parseRange, quoteSheet, splitQualified } from "../template/addr";
import type { RepairPlan, SnapshotValue, WorkbookPlan, WorkbookSnapshot } from "../template/core";
import type { CellWrite, SheetChange, WorkbookEvent, WorkbookPort } from "./port";

/**
 * An in-memory workbook behind the same port as Excel: the browser preview runs on it, and the
 * session's tests count its round trips. It stores formulas as text and the values the plan cached;
 * it does not compute (the engine is the calculator in the preview).
 */

interface MemoryCell {
  value: SnapshotValue;
  formula?: string;
}

interface MemorySheet {
  name: string;
  cells: Map<string, MemoryCell>;
}

export interface MemoryStats {
  reads: number;
  writes: number;
  cellsWritten: number;
}

/** A recalculation engine: the formula cells of a snapshot with the values they compute (`result`). */
export type Calculator = (snapshot: WorkbookSnapshot) => readonly CellWrite[];

export class MemoryWorkbook implements WorkbookPort {
  private sheets: MemorySheet[] = [];
  private names = new Map<string, string>();
  private tables: Array<{ name: string; sheet: string; address: string }> = [];
  private keywords = "";
  private listeners = new Set<(e: WorkbookEvent) => void>();
  readonly stats: MemoryStats = { reads: 0, writes: 0, cellsWritten: 0 };
  selection: string | null = null;

  /** Without a calculator, formula cells keep the values they were given (as a file that is not recalculated). */
  constructor(private readonly calculator?: Calculator) {}

  // ---- the port -----------------------------------------------------------------------------------

  async read(): Promise<WorkbookSnapshot> {
    this.stats.reads++;
    return this.snapshot();
  }

  async write(cells: readonly CellWrite[]): Promise<void> {
    if (cells.length === 0) return;
    this.stats.writes++;
    this.stats.cellsWritten += cells.length;
    const events: WorkbookEvent[] = [];
    for (const c of cells) {
      const sheet = this.sheet(c.sheet);
      const before = sheet.cells.get(c.address)?.value ?? "";
      const cell: MemoryCell = c.formula !== undefined ? { value: c.result ?? before, formula: c.formula } : { value: c.value ?? "" };
      sheet.cells.set(c.address, cell);
      events.push({ kind: "changed", sheet: c.sheet, address: c.address, source: "local", byThisAddin: true, before, after: c.formula ?? cell.value });
    }
    this.emit(events);
  }

  async applyPlan(plan: WorkbookPlan): Promise<void> {
    this.stats.writes++;
    this.insert(plan);
    this.keywords = plan.properties.keywords;
  }

  /** As Excel: names first, then sheets (their tables go with them), then the new sheets; one round trip with the read. */
  async changeSheets(change: SheetChange): Promise<WorkbookSnapshot> {
    this.stats.writes++;
    for (const n of change.deleteNames) if (!this.names.delete(n)) throw new Error(`名称“${n}”不存在`);
    for (const name of change.deleteSheets) {
      const sheet = this.sheet(name);
      this.sheets = this.sheets.filter((s) => s !== sheet);
      this.tables = this.tables.filter((t) => t.sheet !== name);
    }
    this.insert(change.insert);
    this.recalculate();
    return this.snapshot();
  }

  private insert(plan: WorkbookPlan): void {
    for (const s of plan.sheets) {
      if (this.sheets.some((x) => x.name === s.name)) throw new Error(`工作表“${s.name}”已存在`);
    }
    for (const s of plan.sheets) {
      const sheet: MemorySheet = { name: s.name, cells: new Map() };
      for (const c of s.cells) {
        if (c.formula !== undefined) sheet.cells.set(c.address, { value: c.result ?? "", formula: `=${c.formula.replace(/^=/, "")}` });
        else if (c.value !== undefined && c.value !== null) sheet.cells.set(c.address, { value: c.value });
      }
      this.sheets.push(sheet);
      for (const t of s.tables) this.tables.push({ name: t.name, sheet: s.name, address: t.ref });
    }
    for (const n of plan.names) this.names.set(n.name, `=${quoteSheet(n.sheet)}!${n.ref}`);
  }

  async applyRepair(repair: RepairPlan): Promise<void> {
    this.stats.writes++;
    for (const a of repair.actions) {
      switch (a.kind) {
        case "formula":
          this.sheet(a.sheet).cells.set(a.address, { value: a.result ?? "", formula: `=${a.formula.replace(/^=/, "")}` });
          break;
        case "marker":
          this.sheet(a.sheet).cells.set(a.address, { value: a.value });
          break;
        case "cell":
          // Only a label's text; the memory workbook does not model styles.
          if (a.text !== undefined) this.sheet(a.sheet).cells.set(a.address, { value: a.text });
          break;
        case "name":
          this.names.set(a.name, `=${quoteSheet(a.sheet)}!${a.ref}`);
          break;
        case "tableFormulas": {
          const t = this.tables.find((x) => x.name === a.table);
          if (!t) break;
          const r = parseRange(t.address);
          const sheet = this.sheet(t.sheet);
          const headers = Array.from({ length: r.right - r.left + 1 }, (_, j) => String(sheet.cells.get(cellAddress(r.top, r.left + j))?.value ?? ""));
          for (const col of a.columns) {
            const j = headers.indexOf(col.name);
            if (j < 0) continue;
            for (let row = r.top + 1; row <= r.bottom; row++) {
              sheet.cells.set(cellAddress(row, r.left + j), { value: "", formula: `=${col.formula.replace(/^=/, "")}` });
            }
          }
          break;
        }
        default:
          // Merges, locks, validations, protection and print setup are not modelled in memory.
          break;
      }
    }
  }

  async select(cell: string): Promise<void> {
    const at = splitQualified(cell);
    if (!at) throw new Error(`无法识别的单元格地址：${cell}`);
    this.selection = `${quoteSheet(at.sheet)}!${at.address}`;
    this.emit([{ kind: "selection", sheet: at.sheet, address: at.address }]);
  }

  async subscribe(listener: (event: WorkbookEvent) => void): Promise<() => Promise<void>> {
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
    };
  }

  // ---- what a user does (the preview grid, tests) -----------------------------------------------

  /** A user typing a value into one cell: applied at once, then one event with before/after. */
  userEdit(sheet: string, address: string, value: SnapshotValue, source: "local" | "remote" = "local"): void {
    const s = this.sheet(sheet);
    const before = s.cells.get(address)?.value ?? "";
    const text = typeof value === "string" && value.startsWith("=") ? { value: "", formula: value } : { value };
    s.cells.set(address, text);
    this.recalculate();
    this.emit([{ kind: "changed", sheet, address, source, byThisAddin: false, before, after: value }]);
  }

  /** A paste: many cells, one event for the range, no before/after (as Excel reports it). */
  userPaste(sheet: string, topLeft: string, values: SnapshotValue[][]): void {
    const s = this.sheet(sheet);
    const o = parseCell(topLeft);
    values.forEach((line, r) => line.forEach((v, c) => s.cells.set(cellAddress(o.row + r, o.col + c), { value: v })));
    this.recalculate();
    const bottomRight = cellAddress(o.row + values.length - 1, o.col + (values[0]?.length ?? 1) - 1);
    this.emit([{ kind: "changed", sheet, address: `${topLeft}:${bottomRight}`, source: "local", byThisAddin: false }]);
  }

  /** A coauthor's edit arrives: applied, reported as remote. */
  remoteEdit(sheet: string, address: string, value: SnapshotValue): void {
    this.userEdit(sheet, address, value, "remote");
  }

  getCell(sheet: string, address: string): MemoryCell | undefined {
    return this.sheets.find((s) => s.name === sheet)?.cells.get(address);
  }

  /** Direct change with no event (damage made behind the add-in's back, in tests). */
  setRaw(sheet: string, address: string, cell: MemoryCell | null): void {
    if (cell) this.sheet(sheet).cells.set(address, cell);
    else this.sheet(sheet).cells.delete(address);
  }

  deleteName(name: string): void {
    this.names.delete(name);
  }

  sheetNames(): string[] {
    return this.sheets.map((s) => s.name);
  }

  /** A user deleting a sheet with Excel's own command: names that pointed at it now point at #REF!. */
  userDeleteSheet(name: string): void {
    const sheet = this.sheet(name);
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.tables = this.tables.filter((t) => t.sheet !== name);
    for (const [n, formula] of this.names) {
      const at = splitQualified(formula);
      if (at && at.sheet === name) this.names.set(n, `=#REF!${at.address}`);
    }
  }

  /** A user renaming a sheet: names and tables follow it. */
  userRenameSheet(from: string, to: string): void {
    this.sheet(from).name = to;
    for (const t of this.tables) if (t.sheet === from) t.sheet = to;
    for (const [n, formula] of this.names) {
      const at = splitQualified(formula);
      if (at && at.sheet === from) this.names.set(n, `=${quoteSheet(to)}!${at.address}`);
    }
  }

  // ---- internals ----------------------------------------------------------------------------------

  /**
   * Like Excel after an edit: every formula cell gets the value the calculator computes for it, where the
   * cell still holds that formula (a formula the user typed keeps its cached value).
   */
  recalculate(): void {
    if (!this.calculator) return;
    for (const c of this.calculator(this.snapshot())) {
      const cell = this.sheets.find((s) => s.name === c.sheet)?.cells.get(c.address);
      if (!cell?.formula || c.formula === undefined || c.result === undefined) continue;
      if (cell.formula.replace(/^=/, "") === c.formula.replace(/^=/, "")) cell.value = c.result;
    }
  }

  private sheet(name: string): MemorySheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`工作表“${name}”不存在`);
    return s;
  }

  private emit(events: WorkbookEvent[]): void {
    // Excel raises events after the change is applied, asynchronously.
    queueMicrotask(() => {
      for (const e of events) for (const l of this.listeners) l(e);
    });
  }

  private snapshot(): WorkbookSnapshot {
    return {
      names: [...this.names].map(([name, formula]) => ({ name, formula })),
      sheets: this.sheets.map((s) => {
        if (s.cells.size === 0) return { name: s.name, address: "", values: [], formulas: [] };
        let top = Infinity;
        let left = Infinity;
        let bottom = 0;
        let right = 0;
        for (const a of s.cells.keys()) {
          const c = parseCell(a);
          top = Math.min(top, c.row);
          left = Math.min(left, c.col);
          bottom = Math.max(bottom, c.row);
          right = Math.max(right, c.col);
        }
        const values: SnapshotValue[][] = [];
        const formulas: SnapshotValue[][] = [];
        for (let r = top; r <= bottom; r++) {
          const vr: SnapshotValue[] = [];
          const fr: SnapshotValue[] = [];
          for (let c = left; c <= right; c++) {
            const cell = s.cells.get(cellAddress(r, c));
            vr.push(cell?.value ?? "");
            fr.push(cell?.formula ?? cell?.value ?? "");
          }
          values.push(vr);
          formulas.push(fr);
        }
        return { name: s.name, address: `${cellAddress(top, left)}:${cellAddress(bottom, right)}`, values, formulas };
      }),
      tables: this.tables.map((t) => {
        const r = parseRange(t.address);
        const sheet = this.sheet(t.sheet);
        const headers = Array.from({ length: r.right - r.left + 1 }, (_, j) => String(sheet.cells.get(cellAddress(r.top, r.left + j))?.value ?? ""));
        return { name: t.name, sheet: t.sheet, address: t.address, headers };
      }),
      allSheets: this.sheets.map((s) => s.name),
      properties: { keywords: this.keywords },
    };
  }
}
