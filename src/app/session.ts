import type { EvaluationInput } from "../domain/model";
import type { EvaluationResult } from "../domain/engine";
import type { StoredParagraph } from "../domain/narrative-merge";
import { INDICATOR_TABLE, TemplateNotRecognizedError, planWorkbook, repairPlan, type ReadResult, type WorkbookSnapshot } from "../template/core";
import { onlyOutputCells, type OutputLayout, type OutputSheets } from "../template/outputs";
import { evaluateSnapshot, type WorkbookEvaluation } from "./evaluate-workbook";
import { applyWrites, cellKey, getCell, setCell } from "../template/snapshot-cells";
import type { CellWrite, WorkbookChange, WorkbookEvent, WorkbookPort, WriteOptions } from "../workbook/port";
import type { SnapshotName } from "../template/snapshot";
import { parseCell, parseRange } from "../template/addr";
import { projectFieldId } from "../domain/project";
import { planProjectChange, type ProjectChangeRequest } from "../template/project-change";
import { readEvaluation } from "../template/reader";
import { type HostKind, type PaneActions, type PaneState, type ParagraphView, type ProjectActions, type ProjectRef, type ProjectView, Store } from "./state";

/**
 * The live session: keeps every output of the bound workbook current as the user types.
 *
 * Round trips: a single-cell edit is applied to the cached snapshot from the event's before/after
 * values, recomputed in memory, and only the output cells that changed are written: one round trip.
 * Anything the cache cannot follow (a paste, an edit without details, a change from a coauthor)
 * costs a full read and a write: two. Bursts of events are coalesced, and one serialized queue runs
 * the work, so an edit arriving during a recompute is applied by the next one, never lost.
 */

export interface SessionOptions {
  host: HostKind;
  /** How long to wait for more events before recomputing (a paste raises many). */
  debounceMs?: number;
  /** The sample to fill a new workbook with, when asked. */
  sample?: EvaluationInput;
  /** Loaded lazily: the Word export, needed only when asked for. */
  loadReport?: () => Promise<typeof import("../report")>;
  now?: () => number;
  /** The store to publish into (the pane's own, so it renders the same store from first paint on). */
  store?: Store<PaneState>;
}

interface Evaluated {
  read: ReadResult;
  result: EvaluationResult;
  narrative: StoredParagraph[];
}

export class LiveSession implements PaneActions, ProjectActions {
  readonly store: Store<PaneState>;
  private snapshot: WorkbookSnapshot | null = null;
  private evaluated: Evaluated | null = null;
  /** Events waiting for the next recompute. */
  private pending: WorkbookChange[] = [];
  /** A coauthor changed something: our cache is no longer the workbook. */
  private stale = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<void> = Promise.resolve();
  /** Cells we wrote and the values we wrote, to recognise our own change events where the host cannot. */
  private expected = new Map<string, unknown>();
  private unsubscribe: (() => Promise<void>) | null = null;
  /** Failures already shown by an action's guard, so the queue does not show them twice. */
  private reported = new WeakSet<object>();
  /** Paragraphs of the 自评报告 print area this session last set (null: not yet). */
  private printedParagraphs: number | null = null;
  /** Counts recomputes, for tests and the status bar. */
  recomputes = 0;

  constructor(
    private readonly port: WorkbookPort,
    private readonly outputs: OutputSheets,
    private readonly options: SessionOptions,
  ) {
    this.store = options.store ?? new Store<PaneState>({ host: options.host, binding: "detecting", narrative: [] });
    this.store.set({ host: options.host });
  }

  /**
   * Reads the workbook, binds if it is ours, and starts listening. Never rejects: a failure is shown
   * in the pane, where 立即重算 tries again.
   */
  async start(): Promise<void> {
    try {
      this.unsubscribe = await this.guard("连接工作簿", () => this.port.subscribe((e) => this.onEvent(e)));
    } catch {
      return;
    }
    await this.enqueue(() => this.refresh()).catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.unsubscribe?.();
  }

  /** Resolves when every queued piece of work is done (tests and actions wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  // ---- events -------------------------------------------------------------------------------------

  private onEvent(event: WorkbookEvent): void {
    if (event.kind !== "changed") return;
    if (event.byThisAddin === true) {
      this.expected.delete(cellKey(event.sheet, event.address));
      return;
    }
    if (this.isOwnWrite(event)) return;
    if (event.source === "remote") {
      // The coauthor's instance writes the outputs; ours only forgets its cache.
      this.stale = true;
      return;
    }
    const sheets = this.evaluated?.read.sheets;
    if (sheets && onlyOutputCells(sheets, event.sheet, event.address)) {
      // The user's Ctrl+Z of our write (API writes are on the user's undo stack): no rewrite now, or the
      // user could never undo past it. The cache follows the workbook; the next input change recomputes.
      if (event.after !== undefined && !event.address.includes(":") && this.snapshot) {
        setCell(this.snapshot, event.sheet, event.address, typeof event.after === "string" && event.after.startsWith("=") ? { formula: event.after } : { value: event.after });
      } else this.stale = true;
      return;
    }
    this.pending.push(event);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.enqueue(() => this.applyPending()).catch(() => undefined);
    }, this.options.debounceMs ?? 40);
  }

  /** Without triggerSource, an event for a cell we just wrote with the value we wrote is ours. */
  private isOwnWrite(event: WorkbookChange): boolean {
    if (event.byThisAddin === false) return false;
    const key = cellKey(event.sheet, event.address);
    if (!this.expected.has(key)) return false;
    const wrote = this.expected.get(key);
    // A formula we wrote is reported with its computed value, which we do not know: the cell is enough.
    const formula = typeof wrote === "string" && wrote.startsWith("=");
    if (!formula && event.after !== undefined && event.after !== wrote && !(event.after === "" && wrote === null)) return false;
    this.expected.delete(key);
    return true;
  }

  private async applyPending(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const snapshot = this.snapshot;
    // Only plain value edits of single cells the cache knows are patched; a table that grows by
    // typing below it, inserted rows or an unknown kind of change take the full read.
    const patchable = snapshot && !this.stale && batch.every((e) => this.patchable(snapshot, e));
    if (!patchable) return this.refresh();
    for (const e of batch) setCell(snapshot, e.sheet, e.address, typeof e.after === "string" && e.after.startsWith("=") ? { formula: e.after } : { value: e.after! });
    await this.recomputeAndWrite(true);
  }

  private patchable(snapshot: WorkbookSnapshot, e: WorkbookChange): boolean {
    if (e.after === undefined || e.address.includes(":")) return false;
    if (e.changeType !== undefined && e.changeType !== "RangeEdited") return false;
    if (!snapshot.sheets.some((s) => s.name === e.sheet)) return false;
    const at = parseCell(e.address.replace(/\$/g, ""));
    // Typing just below a table (or right of it) grows the table in Excel: its address changes.
    return !snapshot.tables.some((t) => {
      if (t.sheet !== e.sheet) return false;
      const r = parseRange(t.address);
      return (at.row === r.bottom + 1 && at.col >= r.left && at.col <= r.right) || (at.col === r.right + 1 && at.row >= r.top && at.row <= r.bottom);
    });
  }

  // ---- work ---------------------------------------------------------------------------------------

  /** Runs after everything queued before; the queue itself never stops on a failure. */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch((e: unknown) => {
      if (!(typeof e === "object" && e !== null && this.reported.has(e))) this.fail("重算", e);
    });
    return run;
  }

  /** Full read (one round trip), then recompute and write. */
  private async refresh(): Promise<void> {
    this.snapshot = await this.port.read();
    this.stale = false;
    this.pending = [];
    await this.recomputeAndWrite();
  }

  /** `patched`: the snapshot was patched from events, so the names are checked in the write's round trip. */
  private async recomputeAndWrite(patched = false): Promise<void> {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    const started = this.now();
    let evaluation: WorkbookEvaluation;
    try {
      evaluation = evaluateSnapshot(snapshot, this.outputs);
    } catch (e) {
      if (e instanceof TemplateNotRecognizedError) {
        this.evaluated = null;
        this.store.set({ binding: "absent", result: undefined, narrative: [], templateVersion: undefined, error: undefined, projects: undefined });
        return;
      }
      throw e;
    }
    const { read, result, narrative, writes } = evaluation;
    const layout: OutputLayout | null = read.hasDepartment && read.sheets.selfReport ? { paragraphs: narrative.length, reportSheet: read.sheets.selfReport } : null;
    const newLayout = layout && layout.paragraphs !== this.printedParagraphs ? layout : null;
    const names = await this.write(writes, { ...(newLayout ? { layout: newLayout } : {}), ...(patched ? { names: true } : {}) });
    if (newLayout) this.printedParagraphs = newLayout.paragraphs;
    // A defined name deleted (or changed) in the Name Manager raises no event: the names came back with
    // the write, and a difference takes the full read, so the pane shows the damage at once.
    if (names && !sameNames(names, snapshot.names)) return this.refresh();
    this.evaluated = { read, result, narrative };
    this.recomputes++;
    this.store.set({
      binding: read.formulaIssues.length > 0 ? "damaged" : "bound",
      templateVersion: read.version ?? undefined,
      unit: { name: read.input.unit.name, year: read.input.unit.year },
      profile: result.profile,
      // One list: the reader's workbook findings are in it already, with the engine's and the report's.
      result,
      narrative: narrative.map(toView),
      projects: read.projects.map((p, i): ProjectView => {
        const r = result.projects[i];
        const cell = read.cellOf(projectFieldId(i, "name"));
        return {
          index: i,
          sheet: p.sheet,
          name: r?.name ?? p.input.name ?? "",
          total: r?.total ?? 0,
          grade: r?.grade ?? "",
          budget: r?.funds.total.adjusted ?? null,
          actual: r?.funds.total.actual ?? null,
          rate: r?.execution.rate ?? null,
          ...(cell ? { nameCell: cell } : {}),
        };
      }),
      lastRecompute: { at: Date.now(), ms: this.now() - started },
      error: undefined,
    });
  }

  /** Writes the changed cells; returns the workbook's names when they were asked for and the host told. */
  private async write(writes: CellWrite[], options: WriteOptions): Promise<SnapshotName[] | null> {
    if (!this.snapshot || (writes.length === 0 && !options.layout && !options.names)) return null;
    for (const w of writes) this.expected.set(cellKey(w.sheet, w.address), w.formula ?? w.value ?? null);
    const report = await this.port.write(writes, options);
    applyWrites(this.snapshot, writes);
    return report?.names ?? null;
  }

  // ---- actions ------------------------------------------------------------------------------------

  async createWorkbook(options: { withSample?: boolean } = {}): Promise<void> {
    await this.enqueue(() =>
      this.guard("新建自评工作簿", async () => {
        this.store.set({ busy: { label: "正在创建自评工作簿…" } });
        await this.port.applyPlan(planWorkbook(options.withSample ? this.options.sample : undefined));
        await this.refresh();
      }),
    );
  }

  async repair(): Promise<void> {
    await this.enqueue(() =>
      this.guard("修复模板", async () => {
        this.store.set({ busy: { label: "正在修复模板…" } });
        const snapshot = await this.port.read();
        const repair = repairPlan(snapshot);
        await this.port.applyRepair(repair);
        // A deleted output sheet is ours to bring back: re-insert just that sheet, empty; the
        // recompute below fills it.
        if (repair.missingOutputs.length) {
          const plan = planWorkbook();
          await this.port.applyPlan({ ...plan, sheets: plan.sheets.filter((s) => repair.missingOutputs.includes(s.key)), names: [] });
        }
        await this.refresh();
      }),
    );
  }

  async addIndicator(): Promise<void> {
    await this.tableRows("添加指标", "正在添加指标行…", (port) => port.addTableRow?.(INDICATOR_TABLE.name));
  }

  async deleteIndicator(): Promise<void> {
    await this.tableRows("删除指标", "正在删除指标行…", (port) => port.deleteTableRowAtSelection?.(INDICATOR_TABLE.name));
  }

  private async tableRows(what: string, label: string, change: (port: WorkbookPort) => Promise<void> | undefined): Promise<void> {
    await this.enqueue(() =>
      this.guard(what, async () => {
        this.store.set({ busy: { label } });
        const done = change(this.port);
        if (!done) throw new Error(`当前环境不支持${what}。`);
        await done;
        await this.refresh();
      }),
    );
  }

  // ---- projects -----------------------------------------------------------------------------------

  async addProject(options: { name?: string } = {}): Promise<string> {
    return this.changeProjects("新增项目", "正在新增项目…", () => ({ kind: "add", ...(options.name ? { name: options.name } : {}) }));
  }

  async copyProject(project: ProjectRef, options: { name?: string } = {}): Promise<string> {
    return this.changeProjects("复制项目", "正在复制项目…", (sheets) => ({ kind: "copy", index: locate(sheets, project), ...(options.name ? { name: options.name } : {}) }));
  }

  async removeProject(project: ProjectRef): Promise<string> {
    return this.changeProjects("删除项目", "正在删除项目…", (sheets) => ({ kind: "remove", index: locate(sheets, project) }));
  }

  /**
   * One project change: planned from the cached snapshot (read again only if the cache is behind), done
   * and read back by the host in one round trip, then recomputed and the changed outputs written.
   */
  private async changeProjects(what: string, label: string, request: (sheets: readonly string[]) => ProjectChangeRequest): Promise<string> {
    let added = "";
    await this.enqueue(() =>
      this.guard(what, async () => {
        this.store.set({ busy: { label } });
        if (!this.snapshot || this.stale || this.pending.length > 0) await this.refresh();
        const snapshot = this.snapshot;
        if (!snapshot) throw new Error("当前工作簿不是自评工作簿。请先新建自评工作簿。");
        const read = readEvaluation(snapshot);
        const planned = planProjectChange(snapshot, request(read.projects.map((p) => p.sheet)), read);
        added = planned.sheet;
        this.snapshot = await this.port.changeSheets(planned.change);
        this.stale = false;
        await this.recomputeAndWrite();
      }),
    );
    return added;
  }

  async recompute(): Promise<void> {
    await this.enqueue(() => this.guard("立即重算", () => this.refresh()));
  }

  async selectCell(cell: string): Promise<void> {
    await this.guard("定位单元格", async () => {
      await this.port.select(cell);
      this.store.set({ selection: cell });
    });
  }

  async exportWord(): Promise<{ fileName: string; bytes: Uint8Array }> {
    await this.idle();
    const evaluated = this.evaluated;
    if (!evaluated) {
      const error = new Error("当前工作簿不是自评工作簿，无法导出报告。请先新建自评工作簿。");
      this.fail("导出 Word", error);
      throw error;
    }
    return this.guard("导出 Word", async () => {
      this.store.set({ busy: { label: "正在生成 Word 文档…" } });
      const report = await (this.options.loadReport ?? (() => import("../report")))();
      const { input } = evaluated.read;
      const bytes = await report.exportDocx(evaluated.narrative, input, evaluated.result);
      return { fileName: `${input.unit.name || "部门"}${input.unit.year}年度部门整体支出绩效自评报告.docx`, bytes };
    });
  }

  dismissError(): void {
    this.store.set({ error: undefined });
  }

  // ---- helpers ------------------------------------------------------------------------------------

  /** Runs an action; a failure becomes a message in the pane, and is rethrown to the caller. */
  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      this.fail(what, e);
      throw e;
    } finally {
      if (this.store.get().busy) this.store.set({ busy: undefined });
    }
  }

  private fail(what: string, e: unknown): void {
    if (typeof e === "object" && e !== null) this.reported.add(e);
    const detail = e instanceof Error ? e.message : String(e);
    this.store.set({ error: { message: `${what}失败：${friendly(detail)}`, detail }, busy: undefined });
  }

  private now(): number {
    return (this.options.now ?? (() => performance.now()))();
  }

  /** For tests: the cached value of a cell. */
  cachedCell(sheet: string, address: string) {
    return this.snapshot ? getCell(this.snapshot, sheet, address) : null;
  }
}

function sameNames(a: readonly SnapshotName[], b: readonly SnapshotName[]): boolean {
  const key = (list: readonly SnapshotName[]) =>
    list
      .map((n) => `${n.name.toLowerCase()}=${n.formula}`)
      .sort()
      .join("\n");
  return key(a) === key(b);
}

/** The index of the project on `project.sheet`, or a failure when the list changed since it was shown. */
function locate(sheets: readonly string[], project: ProjectRef): number {
  if (sheets[project.index] === project.sheet) return project.index;
  const moved = sheets.indexOf(project.sheet);
  if (moved >= 0) return moved;
  throw new Error(`找不到项目表“${project.sheet}”（可能已被删除或改名），未做任何修改。请核对项目列表后重试。`);
}

function toView(p: StoredParagraph): ParagraphView {
  return { key: p.key, level: p.level, text: p.text, status: p.status, ...(p.staleFigures?.length ? { staleFigures: p.staleFigures } : {}) };
}

/** Office.js error text is English and technical; say what happened in words a user can act on. */
function friendly(detail: string): string {
  if (/InvalidReference|ItemNotFound/i.test(detail)) return "找不到工作簿中的某个工作表或名称，请尝试“修复模板”。";
  if (/InvalidOperationInCellEditMode|CellEdit/i.test(detail)) return "正在编辑单元格，请按 Enter 完成输入后重试。";
  if (/AccessDenied|protected/i.test(detail)) return "工作表受保护，无法写入。请撤销工作表保护后重试。";
  return detail;
}
