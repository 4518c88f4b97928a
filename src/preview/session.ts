import { recalculatedCells } from "../app/evaluate-workbook";
import { LiveSession, type SessionOptions } from "../app/session";
import type { PaneState, Store } from "../app/state";
import type { EvaluationInput } from "../domain/model";
import type { RepairPlan, WorkbookPlan } from "../template/core";
import type { OutputSheets } from "../template/outputs";
import { MemoryWorkbook } from "../workbook/memory-port";
import type { CellWrite, SheetChange, WorkbookEvent, WorkbookPort } from "../workbook/port";

/**
 * The browser preview's host: the same LiveSession as in Excel, over the in-memory workbook, filled with
 * the sample. Edits made in the preview grid reach the session through the port's change events, exactly
 * as Excel's would.
 */

export interface PreviewSessionOptions {
  /** What the session writes into 自评表 / 自评报告. */
  outputs: OutputSheets;
  /** The data the new workbook is filled with. */
  sample: EvaluationInput;
  /** The store to publish into (the pane's first store, so the pane renders the same store from first paint on). */
  store?: Store<PaneState>;
  debounceMs?: number;
  loadReport?: SessionOptions["loadReport"];
}

/** What the grid needs to show the workbook: its cells, the plan it was built from, and its events. */
export interface GridSource {
  readonly workbook: Pick<MemoryWorkbook, "getCell" | "userEdit" | "sheetNames" | "select" | "subscribe" | "selection"> & {
    /** Counts recalculations made after an edit, without an event: the grid re-reads its cells when it changes. */
    readonly recalculations?: number;
  };
  /** The template plan the workbook was created from (styles, fields, merges, dropdowns); null before. */
  readonly plan: WorkbookPlan | null;
  /** Cells written outside the plan (the output sheets), by sheet name. */
  extraAddresses(sheet: string): Iterable<string>;
}

export interface PreviewSession extends GridSource {
  readonly store: Store<PaneState>;
  readonly actions: LiveSession;
  readonly workbook: MemoryWorkbook;
  dispose(): void;
}

/**
 * The port the session talks to: the memory workbook, plus a record of the plan it applied and of the cells
 * written outside it, so the grid can lay the sheets out like the template without reading the workbook.
 */
class RecordingPort implements WorkbookPort, GridSource {
  plan: WorkbookPlan | null = null;
  private extra = new Map<string, Set<string>>();

  constructor(readonly workbook: MemoryWorkbook) {}

  read() {
    return this.workbook.read();
  }

  async write(cells: readonly CellWrite[]): Promise<void> {
    for (const c of cells) {
      let set = this.extra.get(c.sheet);
      if (!set) this.extra.set(c.sheet, (set = new Set()));
      set.add(c.address);
    }
    await this.workbook.write(cells);
  }

  async applyPlan(plan: WorkbookPlan): Promise<void> {
    await this.workbook.applyPlan(plan);
    // 修复模板 may insert a missing sheet with a partial plan: it adds to the layout, never replaces it.
    const previous = this.plan;
    this.plan = previous
      ? { ...previous, sheets: [...previous.sheets.filter((s) => !plan.sheets.some((n) => n.name === s.name)), ...plan.sheets], names: [...previous.names, ...plan.names] }
      : plan;
  }

  async changeSheets(change: SheetChange) {
    const snapshot = await this.workbook.changeSheets(change);
    const gone = new Set(change.deleteSheets);
    const dropped = new Set(change.deleteNames);
    for (const name of gone) this.extra.delete(name);
    if (this.plan) {
      const previous = this.plan;
      this.plan = {
        ...previous,
        sheets: [...previous.sheets.filter((s) => !gone.has(s.name)), ...change.insert.sheets],
        names: [...previous.names.filter((n) => !dropped.has(n.name) && !gone.has(n.sheet)), ...change.insert.names],
      };
    }
    return snapshot;
  }

  applyRepair(repair: RepairPlan) {
    return this.workbook.applyRepair(repair);
  }

  select(cell: string) {
    return this.workbook.select(cell);
  }

  subscribe(listener: (event: WorkbookEvent) => void) {
    return this.workbook.subscribe(listener);
  }

  extraAddresses(sheet: string): Iterable<string> {
    return this.extra.get(sheet) ?? [];
  }
}

/**
 * The memory workbook as the preview grid edits it. Recalculating its formula cells (the grid's computed
 * figures) is a full evaluation of the workbook: done inside the edit, it doubled the time from the edit to
 * the new score on the card. After a typed edit it runs once the session has published the new result and
 * that has been painted; then the grid shows the recalculated figures (a store notification re-renders it).
 */
class PreviewWorkbook extends MemoryWorkbook {
  private deferring = false;
  private pending = false;
  recalculations = 0;
  /** Set by createPreviewSession: the store whose next change marks the session's new result. */
  store: Store<PaneState> | undefined;

  override userEdit(...args: Parameters<MemoryWorkbook["userEdit"]>): void {
    this.deferring = this.store !== undefined;
    try {
      super.userEdit(...args);
    } finally {
      this.deferring = false;
    }
  }

  override recalculate(): void {
    if (!this.deferring) {
      this.pending = false;
      super.recalculate();
      return;
    }
    if (this.pending) return;
    this.pending = true;
    const store = this.store!;
    const unsubscribe = store.subscribe(() => {
      unsubscribe();
      afterPaint(() => {
        if (!this.pending) return;
        this.recalculate();
        this.recalculations++;
        store.set({});
      });
    });
  }
}

/** After the next frame is painted (a plain timer where there are no frames: node, tests). */
function afterPaint(run: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(run, 0));
  else setTimeout(run, 0);
}

/** Builds the in-memory workbook with the sample, and the live session over it; resolves once evaluated. */
export async function createPreviewSession(options: PreviewSessionOptions): Promise<PreviewSession> {
  // The preview recalculates like Excel, with the engine's own compiled formulas.
  const workbook = new PreviewWorkbook(recalculatedCells);
  const port = new RecordingPort(workbook);
  const session = new LiveSession(port, options.outputs, {
    host: "preview",
    sample: options.sample,
    ...(options.store ? { store: options.store } : {}),
    ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
    ...(options.loadReport ? { loadReport: options.loadReport } : {}),
  });

  await session.start();
  workbook.store = session.store;
  // A failure here is already in the store as a message the pane shows (the session's guard); the
  // preview still returns, so 新建自评工作簿 can be tried again from the pane.
  await session.createWorkbook({ withSample: true }).catch(() => undefined);

  return {
    store: session.store,
    actions: session,
    workbook,
    get plan() {
      return port.plan;
    },
    extraAddresses: (sheet) => port.extraAddresses(sheet),
    dispose() {
      void session.stop();
    },
  };
}
