import { parseRange, splitQualified } from "../template/addr";
import { reportPrintArea } from "../template/outputs";
import { outputRowHeights } from "../template/plan";
import { projectTableNames } from "../template/project-plan";
import {
  FONT_NAME,
  FONT_SIZE,
  INDICATOR_TABLE,
  LIST_TABLES,
  NUMBER_FORMATS,
  SHEETS,
  STYLES,
  type StyleKey,
  type RepairPlan,
  type SnapshotName,
  type SnapshotSheet,
  type SnapshotTable,
  type SnapshotValue,
  type WorkbookPlan,
  type WorkbookSnapshot,
} from "../template/core";
import type { CellWrite, SheetChange, WorkbookChange, WorkbookEvent, WorkbookPort, WriteOptions, WriteReport } from "../workbook/port";
import { applyStyle, queuePrint, queuePrintOnly, queueProperties, queueProtection, queueTemplate, type Skipped } from "./build";
import { Capabilities, hasMember, type Requirements } from "./features";
import { lookUp, queueRepair, queueRepairPrint, queueRepairProtection } from "./repair";
import { RANGE_COST, RequestBudget, STYLE_BLOCK_COST, valueCost } from "./request-budget";
import { excelWouldReinterpret, heightRuns, localAddress, protectionOptions, rangeOf, rectangles, splitAreas } from "./translate";

/** The template's output sheet of this name (the add-in owns its cells), if it is one. */
const outputSheetByName = (name: string) => SHEETS.find((s) => s.output && s.name.toLowerCase() === name.toLowerCase());

/**
 * The Office.js adapter behind the WorkbookPort: translation only, no business logic. Every call is
 * one Excel.run; read() and write() are one round trip each (the session counts on it). Excel.run is
 * called here and nowhere else.
 */

export interface OfficePortOptions {
  /** The `Excel` namespace (injected: tests pass the fake's). */
  excel: typeof Excel;
  /** `Office.context.requirements`. */
  requirements: Requirements;
  /** `Office.context.diagnostics.platform`, e.g. "PC", "Mac", "OfficeOnline". */
  platform?: string;
  /**
   * Excel on the web raises no onChanged for some data-validation dropdown picks (office-js #3888,
   * #4066). There, moving the selection away from a cell with a dropdown reports that cell as changed
   * (at most once per this many ms, default 2000), so the session reads the workbook again and the
   * pick is not missed; leaving any other cell reports nothing.
   */
  webDropdownFallbackMs?: number;
  /**
   * Where Excel does not honour delayForCellEdit, a batch that meets a cell being edited is tried again
   * after this many ms (doubling, at most 4×), this many times (defaults 250 ms, 60: over a minute).
   */
  cellEditRetryMs?: number;
  cellEditRetries?: number;
}

/** A failure with a message for people (Chinese) and the Office.js error as cause. */
export class OfficePortError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "OfficePortError";
  }
}

function officeCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** The tables the reader looks up by name. */
const TABLE_NAMES = [INDICATOR_TABLE.name, ...LIST_TABLES.map((t) => t.name)];

interface SheetLoad {
  ws: Excel.Worksheet;
  used: Excel.Range;
  merged: Excel.RangeAreas | null;
}

interface TableLoad {
  table: Excel.Table;
  range: Excel.Range;
  header: Excel.Range;
  sheet: Excel.Worksheet;
}

interface Subscription {
  listener: (event: WorkbookEvent) => void;
  results: OfficeExtension.EventHandlerResult<unknown>[];
  /** Per-sheet registration (ExcelApi < 1.9): new sheets need handlers too. */
  perSheet: boolean;
  changed: (args: Excel.WorksheetChangedEventArgs) => Promise<void>;
  selected: (args: Excel.WorksheetSelectionChangedEventArgs) => Promise<void>;
  /** Events are translated in order, even when a sheet name has to be looked up. */
  chain: Promise<void>;
  active: boolean;
  selection: { sheet: string; address: string } | null;
  fallback: { timer: ReturnType<typeof setTimeout> | null; last: number; target: { sheet: string; address: string } | null };
}

export class OfficePort implements WorkbookPort {
  readonly caps: Capabilities;
  /** Template features the last applyPlan/applyRepair left out because this Excel lacks them. */
  lastSkipped: string[] = [];
  private readonly excel: typeof Excel;
  private readonly platform: string | undefined;
  private readonly fallbackMs: number;
  private readonly cellEditRetryMs: number;
  private readonly cellEditRetries: number;
  /** Worksheet id → name, for change events (they carry only the id). */
  private readonly sheetNames = new Map<string, string>();
  private readonly subscriptions = new Set<Subscription>();
  /** The host refused mergeUndoGroup for a write (UndoNotSupported): writes go without it from then on. */
  private undoGroupRefused = false;
  /** Ranges the last write formatted ("sheet!A16:H16"): their onChanged echoes are not edits. */
  private readonly formatted = new Set<string>();
  /** Sheets beyond the template's and project tables the last read needed: the next read asks for them at once. */
  private extras: { sheets: readonly string[]; tables: readonly string[] } = { sheets: [], tables: [] };

  constructor(options: OfficePortOptions) {
    this.excel = options.excel;
    this.caps = new Capabilities(options.requirements);
    this.platform = options.platform;
    this.fallbackMs = options.webDropdownFallbackMs ?? 2000;
    this.cellEditRetryMs = options.cellEditRetryMs ?? 250;
    this.cellEditRetries = options.cellEditRetries ?? 60;
  }

  // ---- read ---------------------------------------------------------------------------------------

  async read(): Promise<WorkbookSnapshot> {
    return this.guard("读取工作簿", () =>
      this.run(false, async (ctx) => {
        const finish = this.queueRead(ctx);
        await ctx.sync();
        return finish();
      }),
    );
  }

  /**
   * Queues the whole read on `ctx`; after the caller's sync, `finish` builds the snapshot. The sheets the
   * names point at beyond the template's own (project sheets, a renamed sheet) and the project tables are
   * read in the same sync when the last read needed them (or the caller names them, e.g. sheets it has
   * just added): only a sheet or table seen for the first time costs a second sync.
   */
  private queueRead(ctx: Excel.RequestContext, expect: { sheets?: readonly string[]; tables?: readonly string[] } = {}): () => Promise<WorkbookSnapshot> {
    const wb = ctx.workbook;
    const names = wb.names.load("items/name,items/formula");
    const all = wb.worksheets.load("items/id,items/name");
    const own = new Set(SHEETS.map((spec) => spec.name.toLowerCase()));
    const sheets = SHEETS.map((spec) => this.queueSheet(wb.worksheets.getItemOrNullObject(spec.name)));
    const tables = TABLE_NAMES.map((name) => queueTable(ctx, name));
    const extraSheets = new Map<string, SheetLoad>();
    for (const name of [...this.extras.sheets, ...(expect.sheets ?? [])]) {
      const key = name.toLowerCase();
      if (!own.has(key) && !extraSheets.has(key)) extraSheets.set(key, this.queueSheet(wb.worksheets.getItemOrNullObject(name)));
    }
    const extraTables = new Map<string, TableLoad>();
    for (const name of [...this.extras.tables, ...(expect.tables ?? [])]) {
      const key = name.toLowerCase();
      if (!extraTables.has(key)) extraTables.set(key, queueTable(ctx, name));
    }
    const props = this.caps.api("1.7") && hasMember(wb, "properties") ? wb.properties.load("keywords") : null;

    return async () => {
      this.remember(all.items);
      const snapshot: WorkbookSnapshot = {
        names: names.items.map((n): SnapshotName => ({ name: n.name, formula: n.formula })),
        sheets: sheets.flatMap((l) => (l.ws.isNullObject ? [] : [sheetOf(l)])),
        tables: tables.flatMap((t) => (t.table.isNullObject ? [] : [tableOf(t)])),
        allSheets: all.items.map((s) => s.name),
        ...(props ? { properties: { keywords: props.keywords } } : {}),
      };
      // A renamed template sheet (or a named cell moved to another sheet): read the sheets the names
      // and tables now point at. The normal template never gets here.
      const loaded = new Set(snapshot.sheets.map((s) => s.name.toLowerCase()));
      const wanted = new Set<string>();
      for (const n of snapshot.names) {
        const at = splitQualified(n.formula);
        if (at) wanted.add(at.sheet.toLowerCase());
      }
      for (const t of snapshot.tables) wanted.add(t.sheet.toLowerCase());
      // Project sheets are found through their Proj<n>_ names: their tables are read with those sheets.
      const projectTables = projectTableNames(snapshot.names.map((n) => n.name));
      const prefetched = all.items.filter((s) => wanted.has(s.name.toLowerCase()) && !loaded.has(s.name.toLowerCase()) && extraSheets.get(s.name.toLowerCase()));
      for (const s of prefetched) {
        const l = extraSheets.get(s.name.toLowerCase())!;
        if (!l.ws.isNullObject) snapshot.sheets.push(sheetOf(l));
      }
      const missing = all.items.filter((s) => wanted.has(s.name.toLowerCase()) && !loaded.has(s.name.toLowerCase()) && !extraSheets.has(s.name.toLowerCase()));
      const fetchedTables = projectTables.filter((name) => extraTables.has(name.toLowerCase()));
      for (const name of fetchedTables) {
        const t = extraTables.get(name.toLowerCase())!;
        if (!t.table.isNullObject) snapshot.tables.push(tableOf(t));
      }
      const missingTables = projectTables.filter((name) => !extraTables.has(name.toLowerCase()));
      if (missing.length > 0 || missingTables.length > 0) {
        const more = missing.map((s) => this.queueSheet(s));
        const moreTables = missingTables.map((name) => queueTable(ctx, name));
        await ctx.sync();
        for (const l of more) snapshot.sheets.push(sheetOf(l));
        for (const t of moreTables) if (!t.table.isNullObject) snapshot.tables.push(tableOf(t));
      }
      // What to read in the same sync next time.
      this.extras = {
        sheets: snapshot.sheets.map((s) => s.name).filter((n) => !own.has(n.toLowerCase())),
        tables: projectTables,
      };
      return snapshot;
    };
  }

  private queueSheet(ws: Excel.Worksheet): SheetLoad {
    ws.load("name");
    // valuesOnly: formatting alone must not grow the read (a formatted column would be a million rows);
    // formula cells count as values even when they show "", so every formula is in the range.
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("address,values,formulas");
    let merged: Excel.RangeAreas | null = null;
    if (this.caps.has("mergedAreas")) {
      const whole = ws.getRange();
      if (hasMember(whole, "getMergedAreasOrNullObject")) {
        merged = whole.getMergedAreasOrNullObject();
        merged.load("address");
      }
    }
    return { ws, used, merged };
  }

  // ---- write --------------------------------------------------------------------------------------

  async write(cells: readonly CellWrite[], options: WriteOptions = {}): Promise<WriteReport | void> {
    const area = options.layout?.reportSheet && this.caps.has("pageLayout") ? { sheet: options.layout.reportSheet, range: reportPrintArea(options.layout.paragraphs) } : null;
    if (cells.length === 0 && !area && !options.names) return;
    const sheets = [...new Set([...cells.map((c) => c.sheet), ...(area ? [area.sheet] : [])])];
    // Only writes are one undo step (mergeUndoGroup). Unprotecting an output sheet has no undo and throws
    // UndoNotSupported inside a group (learn.microsoft.com excel-add-ins-undo-capabilities), so a write that
    // unprotects is never grouped: asking would cost a refused round trip. A host that refuses the group for
    // another reason gets the write again without it, and is not asked again.
    const unprotects = sheets.some((name) => outputSheetByName(name)?.protection);
    const merge = this.caps.has("mergeUndoGroup") && !this.undoGroupRefused && !unprotects;
    try {
      return await this.runOnce(merge, (ctx) => this.queueWrite(ctx, cells, sheets, area, options.names === true)).catch((e: unknown) => {
        if (!merge || officeCode(e) !== "UndoNotSupported") throw e;
        this.undoGroupRefused = true;
        return this.runOnce(false, (ctx) => this.queueWrite(ctx, cells, sheets, area, options.names === true));
      });
    } catch (e) {
      throw await this.writeError(e, sheets);
    }
  }

  /**
   * One batch: unprotect the output sheets, values and formulas, their print styling, protect again.
   * One request unless the write is larger than a request may be (REQUEST_BUDGET, request-budget.ts): then
   * it is synced in parts, the sheets staying unprotected until the last.
   */
  private async queueWrite(
    ctx: Excel.RequestContext,
    cells: readonly CellWrite[],
    sheets: readonly string[],
    area: { sheet: string; range: string | null } | null,
    names: boolean,
  ): Promise<WriteReport> {
    const ws = new Map(sheets.map((name) => [name, ctx.workbook.worksheets.getItem(name)]));
    // The output sheets are protected (no password) against accidental edits: unprotect around our
    // own writes, in the same batch, and protect again with the template's options.
    const outputs = sheets.map((name) => ({ name, spec: outputSheetByName(name) })).filter((x) => x.spec?.protection);
    for (const o of outputs) ws.get(o.name)!.protection.unprotect();
    this.formatted.clear();
    const budget = new RequestBudget(ctx);
    // Print styling first, as the file host gives it (outputs-xlsx.ts): rows past the template's own
    // get the form's look, number formats and the heights of their wrapped text.
    for (const [sheet, group] of groupBy(cells.filter((c) => c.style), (c) => c.sheet)) {
      const sheetWs = ws.get(sheet)!;
      for (const b of outputStyleBlocks(group)) {
        const r = parseRange(b.range);
        const cellCount = (r.bottom - r.top + 1) * (r.right - r.left + 1);
        await budget.fit(STYLE_BLOCK_COST + cellCount * valueCost(b.numFmt));
        const range = sheetWs.getRange(b.range);
        applyStyle(range, b.range, STYLES[b.style], { name: FONT_NAME, size: FONT_SIZE }, new Set());
        range.numberFormat = Array.from({ length: r.bottom - r.top + 1 }, () => new Array<string>(r.right - r.left + 1).fill(b.numFmt));
        this.formatted.add(cellKey(sheet, b.range));
      }
      const widths = outputSheetByName(sheet)?.columns ?? [];
      const heights = Object.fromEntries(outputRowHeights(group, widths));
      for (const run of heightRuns(heights)) {
        await budget.fit(RANGE_COST);
        sheetWs.getRange(run.range).format.rowHeight = run.height;
      }
    }
    for (const c of cells) {
      if (c.formula !== undefined) {
        await budget.fit(RANGE_COST + valueCost(c.formula));
        ws.get(c.sheet)!.getRange(c.address).formulas = [[c.formula.startsWith("=") ? c.formula : `=${c.formula}`]];
        continue;
      }
      // null in a values array means "leave alone" in Office.js: an empty cell is "".
      const value = c.value ?? "";
      // Strings stay text: "=SUM(A1)", "+86 123", "001", "1/2" would otherwise become formulas,
      // numbers or dates. The text format goes first, in the same request.
      const asText = typeof value === "string" && excelWouldReinterpret(value);
      await budget.fit(RANGE_COST + valueCost(value) + (asText ? RANGE_COST : 0));
      const range = ws.get(c.sheet)!.getRange(c.address);
      if (asText) {
        range.numberFormat = [["@"]];
        this.formatted.add(cellKey(c.sheet, c.address));
      }
      range.values = [[value]];
    }
    if (area?.range && this.caps.has("pageLayout")) ws.get(area.sheet)!.pageLayout.setPrintArea(area.range);
    for (const o of outputs) ws.get(o.name)!.protection.protect(protectionOptions(o.spec!.protection!));
    const loaded = names ? ctx.workbook.names.load("items/name,items/formula") : null;
    await ctx.sync();
    return loaded ? { names: loaded.items.map((n) => ({ name: n.name, formula: n.formula })) } : {};
  }

  private async writeError(e: unknown, sheets: string[]): Promise<unknown> {
    const code = officeCode(e);
    const list = sheets.map((s) => `“${s}”`).join("、");
    // InvalidArgument: unprotecting an output sheet that someone protected with a password.
    if (code === "AccessDenied" || (code === "InvalidArgument" && sheets.some((s) => outputSheetByName(s)))) {
      return new OfficePortError(`工作表${list}受保护，插件无法写入计算结果。请在“审阅”选项卡中撤销工作表保护后重试。`, code, { cause: e });
    }
    if (code === "ItemNotFound" || code === "InvalidReference") {
      // Which sheet is gone: one more round trip, on this failure path only.
      const present = await this.run(false, async (ctx) => {
        const all = ctx.workbook.worksheets.load("items/name");
        await ctx.sync();
        return new Set(all.items.map((s) => s.name.toLowerCase()));
      }).catch(() => null);
      const gone = present ? sheets.filter((s) => !present.has(s.toLowerCase())) : sheets;
      const which = (gone.length > 0 ? gone : sheets).map((s) => `“${s}”`).join("、");
      return new OfficePortError(`找不到工作表${which}（可能已被删除或改名），无法写入计算结果。`, code, { cause: e });
    }
    return e;
  }

  // ---- template -----------------------------------------------------------------------------------

  async applyPlan(plan: WorkbookPlan): Promise<void> {
    const skipped: Skipped = new Set();
    await this.guard("创建自评工作簿", () =>
      this.run(true, async (ctx) => {
        const existing = ctx.workbook.worksheets.load("items/name");
        await ctx.sync();
        const taken = new Set(existing.items.map((s) => s.name.toLowerCase()));
        const clash = plan.sheets.filter((s) => taken.has(s.name.toLowerCase()));
        if (clash.length > 0) {
          throw new OfficePortError(
            `工作表${clash.map((s) => `“${s.name}”`).join("、")}已存在。请在新的空白工作簿中创建自评工作簿，或先将这些工作表改名。`,
            "ItemAlreadyExists",
          );
        }
        // A large template is synced in parts while it is queued: inside the try, so that a refused part
        // takes the half-built template away too.
        try {
          const sheets = await queueTemplate(ctx, plan, this.caps, skipped);
          for (const sub of this.subscriptions) if (sub.perSheet && sub.active) for (const ws of sheets.values()) this.listenOn(ws, sub);
          await ctx.sync();
          // Print before protection (a protected sheet may refuse page setup), each in a batch of its
          // own so that a refusal degrades only that feature; the properties have no undo.
          if (queuePrint(plan, sheets, this.caps, skipped)) await this.optional(ctx, skipped, "pageLayout");
          queueProtection(ctx, plan, sheets);
          await ctx.sync();
        } catch (e) {
          // A half-built template would block 新建 (its sheets clash): take it away again.
          await this.removeTemplate(
            plan.sheets.map((s) => s.name),
            plan.names.map((n) => n.name),
          );
          throw e;
        }
        if (queueProperties(ctx, plan, this.caps, skipped)) await this.optional(ctx, skipped, "properties");
      }),
    );
    this.lastSkipped = [...skipped];
  }

  /** Deletes these sheets and defined names where they exist, in a batch of its own; never fails. */
  private async removeTemplate(sheetNames: readonly string[], definedNames: readonly string[]): Promise<void> {
    await this.excel
      .run(async (ctx) => {
        const all = ctx.workbook.worksheets.load("items/name");
        const names = ctx.workbook.names.load("items/name");
        await ctx.sync();
        const doomedNames = new Set(definedNames.map((n) => n.toLowerCase()));
        for (const n of names.items) if (doomedNames.has(n.name.toLowerCase())) n.delete();
        const doomed = new Set(sheetNames.map((n) => n.toLowerCase()));
        for (const ws of all.items) if (doomed.has(ws.name.toLowerCase())) ws.delete();
        await ctx.sync();
      })
      .catch(() => undefined);
  }

  async applyRepair(repair: RepairPlan): Promise<void> {
    const skipped: Skipped = new Set();
    await this.guard("修复模板", () =>
      this.run(true, async (ctx) => {
        const found = await lookUp(ctx, repair);
        const ws = await queueRepair(ctx, repair, found, this.caps, skipped);
        await ctx.sync();
        if (queueRepairPrint(repair, ws, this.caps, skipped)) await this.optional(ctx, skipped, "pageLayout");
        queueRepairProtection(ctx, repair, ws);
        await ctx.sync();
      }),
    );
    this.lastSkipped = [...skipped];
  }

  async changeSheets(change: SheetChange): Promise<WorkbookSnapshot> {
    const skipped: Skipped = new Set();
    const snapshot = await this.guard("修改项目表", () =>
      this.run(true, async (ctx) => {
        const wb = ctx.workbook;
        // Names first: a sheet deleted under them would leave them pointing at #REF!. The caller names
        // only what the snapshot it planned from holds, so none of these lookups can miss.
        for (const name of change.deleteNames) wb.names.getItem(name).delete();
        for (const name of change.deleteSheets) {
          const ws = wb.worksheets.getItem(name);
          // Excel refuses to delete a very hidden sheet ("change its visibility to hidden or visible
          // before deleting it": learn.microsoft.com/javascript/api/excel/excel.worksheet#excel-excel-worksheet-delete-member(1)).
          ws.visibility = "Visible";
          ws.delete();
        }
        const sheets = await queueTemplate(ctx, change.insert, this.caps, skipped);
        for (const sub of this.subscriptions) if (sub.perSheet && sub.active) for (const ws of sheets.values()) this.listenOn(ws, sub);
        // The read goes in the same batch, after the change: Excel runs the queue in order.
        const finish = this.queueRead(ctx, {
          sheets: change.insert.sheets.map((s) => s.name),
          tables: change.insert.sheets.flatMap((s) => s.tables.map((t) => t.name)),
        });
        await ctx.sync();
        const read = await finish();
        if (queuePrintOnly(change.insert, sheets, this.caps, skipped)) await this.optional(ctx, skipped, "pageLayout");
        return read;
      }),
    );
    this.lastSkipped = [...skipped];
    return snapshot;
  }

  /** Syncs a batch of optional settings; a host that rejects them only loses the feature. */
  private async optional(ctx: Excel.RequestContext, skipped: Skipped, feature: string): Promise<void> {
    try {
      await ctx.sync();
    } catch {
      skipped.add(feature);
    }
  }

  // ---- table rows ---------------------------------------------------------------------------------

  async addTableRow(table: string): Promise<void> {
    await this.guard("添加指标", () =>
      this.run(true, async (ctx) => {
        const t = ctx.workbook.tables.getItem(table);
        await this.unprotected(ctx, t, () => t.rows.add());
      }),
    );
  }

  async deleteTableRowAtSelection(table: string): Promise<void> {
    await this.guard("删除指标", () =>
      this.run(true, async (ctx) => {
        const t = ctx.workbook.tables.getItem(table);
        const body = t.getDataBodyRange().load("rowIndex,rowCount,columnIndex,columnCount");
        const sheet = t.worksheet.load("name");
        const active = ctx.workbook.getActiveCell().load("rowIndex,columnIndex");
        const activeSheet = ctx.workbook.worksheets.getActiveWorksheet().load("name");
        await ctx.sync();
        const row = active.rowIndex - body.rowIndex;
        const inside =
          activeSheet.name === sheet.name && row >= 0 && row < body.rowCount && active.columnIndex >= body.columnIndex && active.columnIndex < body.columnIndex + body.columnCount;
        if (!inside) throw new OfficePortError(`请先在“${sheet.name}”表格中选中要删除的指标所在行的任一单元格。`, "InvalidSelection");
        await this.unprotected(ctx, t, () => t.rows.getItemAt(row).delete());
      }),
    );
  }

  /** Runs a table change with the table's sheet unprotected, then protects it again with its own options. */
  private async unprotected(ctx: Excel.RequestContext, table: Excel.Table, change: () => void): Promise<void> {
    const protection = table.worksheet.protection.load("protected,options");
    await ctx.sync();
    const was = protection.protected;
    const options = was ? protection.options : null;
    if (was) protection.unprotect();
    change();
    if (options) protection.protect(options);
    await ctx.sync();
  }

  // ---- select -------------------------------------------------------------------------------------

  async select(cell: string): Promise<void> {
    const at = splitQualified(cell);
    if (!at) throw new OfficePortError(`无法识别的单元格地址：${cell}`, "InvalidArgument");
    try {
      await this.run(false, async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem(at.sheet);
        ws.activate();
        ws.getRange(at.address).select();
        await ctx.sync();
      });
    } catch (e) {
      const code = officeCode(e);
      if (code === "ItemNotFound" || code === "InvalidReference") {
        throw new OfficePortError(`找不到工作表“${at.sheet}”，无法定位到 ${cell}。它可能已被删除或改名。`, code, { cause: e });
      }
      if (code === "InvalidArgument" || code === "InvalidOperation") {
        throw new OfficePortError(`无法定位到 ${cell}（工作表可能已隐藏，或地址无效）。`, code, { cause: e });
      }
      throw e;
    }
  }

  // ---- events -------------------------------------------------------------------------------------

  async subscribe(listener: (event: WorkbookEvent) => void): Promise<() => Promise<void>> {
    if (!this.caps.api("1.7")) return async () => undefined;
    const sub: Subscription = {
      listener,
      results: [],
      perSheet: !this.caps.has("collectionEvents"),
      changed: async () => undefined,
      selected: async () => undefined,
      chain: Promise.resolve(),
      active: true,
      selection: null,
      fallback: { timer: null, last: -Infinity, target: null },
    };
    sub.changed = (args) => this.enqueueEvent(sub, () => this.onChanged(sub, args));
    sub.selected = (args) => this.enqueueEvent(sub, () => this.onSelected(sub, args));
    await this.run(false, async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      sheets.load("items/id,items/name");
      if (this.caps.has("collectionEvents")) {
        sub.results.push(sheets.onChanged.add(sub.changed), sheets.onSelectionChanged.add(sub.selected));
      }
      if (this.caps.has("nameChangedEvent") && hasMember(sheets, "onNameChanged")) {
        sub.results.push(
          sheets.onNameChanged.add(async (args: Excel.WorksheetNameChangedEventArgs) => {
            this.sheetNames.set(args.worksheetId, args.nameAfter);
          }),
        );
      }
      await ctx.sync();
      this.remember(sheets.items);
      if (sub.perSheet) {
        for (const ws of sheets.items) this.listenOn(ws, sub);
        await ctx.sync();
      }
    });
    this.subscriptions.add(sub);
    return async () => {
      sub.active = false;
      this.subscriptions.delete(sub);
      if (sub.fallback.timer) clearTimeout(sub.fallback.timer);
      const byContext = new Map<OfficeExtension.ClientRequestContext, OfficeExtension.EventHandlerResult<unknown>[]>();
      for (const r of sub.results) byContext.set(r.context, [...(byContext.get(r.context) ?? []), r]);
      // A handler is removed through the context that added it.
      for (const [context, results] of byContext) {
        await this.excel
          .run(context, async (ctx) => {
            for (const r of results) r.remove();
            await ctx.sync();
          })
          // A handler of a deleted sheet went with the sheet; stopping must not fail on it.
          .catch(() => undefined);
      }
    };
  }

  private listenOn(ws: Excel.Worksheet, sub: Subscription): void {
    sub.results.push(ws.onChanged.add(sub.changed), ws.onSelectionChanged.add(sub.selected));
  }

  /** Office.js swallows a handler's failure; ours never fails, and keeps events in order. */
  private enqueueEvent(sub: Subscription, work: () => Promise<void>): Promise<void> {
    sub.chain = sub.chain.then(work).catch(() => undefined);
    return sub.chain;
  }

  private async onChanged(sub: Subscription, args: Excel.WorksheetChangedEventArgs): Promise<void> {
    if (!sub.active) return;
    const sheet = await this.sheetName(args.worksheetId);
    if (sheet === null || !sub.active) return;
    const change: WorkbookChange = {
      kind: "changed",
      sheet,
      address: localAddress(args.address),
      source: args.source === "Remote" ? "remote" : "local",
      byThisAddin: this.caps.has("triggerSource") ? args.triggerSource === "ThisLocalAddin" : null,
      ...(typeof args.changeType === "string" ? { changeType: args.changeType } : {}),
    };
    // Excel gives before/after for a single-cell edit only (ExcelApi 1.9).
    const details = args.details as Excel.ChangedEventDetail | undefined;
    if (details && !change.address.includes(":")) {
      // onChanged fires for format changes too: same value before and after is no edit (nothing to recompute).
      if (details.valueBefore === details.valueAfter && details.valueTypeBefore === details.valueTypeAfter) return;
      change.before = details.valueBefore as SnapshotValue;
      change.after = details.valueAfter as SnapshotValue;
    }
    // Without triggerSource, the echo of a block our last write formatted is not an edit either.
    if (change.byThisAddin === null && change.address.includes(":") && this.formatted.has(cellKey(sheet, change.address))) return;
    sub.listener(change);
  }

  private async onSelected(sub: Subscription, args: Excel.WorksheetSelectionChangedEventArgs): Promise<void> {
    if (!sub.active) return;
    const sheet = await this.sheetName(args.worksheetId);
    if (sheet === null || !sub.active) return;
    const previous = sub.selection;
    sub.selection = { sheet, address: localAddress(args.address) };
    sub.listener({ kind: "selection", ...sub.selection });
    // Only a cell with a dropdown can have been changed without an event: any other move costs nothing.
    if (this.platform === "OfficeOnline" && previous && (await this.holdsList(previous))) this.webFallback(sub, previous);
  }

  /** Whether the cell has a list validation (a dropdown). One round trip; true when it cannot tell. */
  private async holdsList(at: { sheet: string; address: string }): Promise<boolean> {
    if (!this.caps.has("validation")) return true;
    try {
      return await this.run(false, async (ctx) => {
        const dv = ctx.workbook.worksheets.getItem(at.sheet).getRange(at.address).dataValidation.load("type");
        await ctx.sync();
        return dv.type === "List";
      });
    } catch {
      return true;
    }
  }

  /**
   * Excel on the web: a dropdown pick may raise no onChanged. Leaving the cell is reported as a change
   * of it (no before/after, so the session reads the workbook again), at most once per interval.
   */
  private webFallback(sub: Subscription, left: { sheet: string; address: string }): void {
    const f = sub.fallback;
    f.target = left;
    if (f.timer) return;
    const wait = Math.max(0, f.last + this.fallbackMs - Date.now());
    f.timer = setTimeout(() => {
      f.timer = null;
      f.last = Date.now();
      const target = f.target;
      f.target = null;
      if (!sub.active || !target) return;
      sub.listener({ kind: "changed", sheet: target.sheet, address: target.address, source: "local", byThisAddin: false });
    }, wait);
  }

  private remember(sheets: ReadonlyArray<{ id: string; name: string }>): void {
    this.sheetNames.clear();
    for (const s of sheets) this.sheetNames.set(s.id, s.name);
  }

  /** The sheet's name from the cache; on a miss (a new sheet) one lookup. Null for a deleted sheet. */
  private async sheetName(id: string): Promise<string | null> {
    const hit = this.sheetNames.get(id);
    if (hit !== undefined) return hit;
    await this.run(false, async (ctx) => {
      const sheets = ctx.workbook.worksheets.load("items/id,items/name");
      await ctx.sync();
      this.remember(sheets.items);
    });
    return this.sheetNames.get(id) ?? null;
  }

  // ---- plumbing -----------------------------------------------------------------------------------

  /** A batch that is not an output write: never in an undo group (template insertion and repair
   * protect and unprotect sheets, which have no undo and throw UndoNotSupported inside one). */
  private run<T>(_mutating: boolean, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    return this.runOnce(false, batch);
  }

  /**
   * One Excel.run. Every batch waits while the user is typing in a cell (delayForCellEdit); where the
   * host does not honour it and fails with InvalidOperationInCellEditMode (office-js #856, #3388), the
   * batch is tried again after a pause, instead of failing the recompute.
   */
  private async runOnce<T>(merge: boolean, batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> {
    const options: Excel.RunOptions = { delayForCellEdit: true };
    if (merge && this.caps.has("mergeUndoGroup")) options.mergeUndoGroup = true;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.excel.run(options, batch);
      } catch (e) {
        if (officeCode(e) !== "InvalidOperationInCellEditMode" || attempt >= this.cellEditRetries) throw e;
        await new Promise((resolve) => setTimeout(resolve, Math.min(this.cellEditRetryMs * 2 ** attempt, 4 * this.cellEditRetryMs)));
      }
    }
  }

  /** Office.js errors are English and technical; the common ones get a Chinese message. */
  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof OfficePortError) throw e;
      const code = officeCode(e);
      const message = e instanceof Error ? e.message : String(e);
      // The session prefixes "<action>失败：", so the message says only what happened and what to do.
      if (code === "AccessDenied" || /password/i.test(message)) {
        throw new OfficePortError(`工作表受保护（可能设置了密码），无法${what}。请在“审阅”选项卡中撤销工作表保护后重试。`, code ?? "AccessDenied", {
          cause: e,
        });
      }
      if (code === "ItemNotFound" || code === "InvalidReference") {
        throw new OfficePortError(`找不到工作簿中的某个工作表、表格或名称，无法${what}。`, code, { cause: e });
      }
      throw e;
    }
  }
}

/** How an output cell is formatted in print: its own format, else the form's figure or General (as outputs-xlsx.ts). */
function outputNumFmt(c: CellWrite): string {
  return c.numFmt ?? (c.style === "formFigure" ? NUMBER_FORMATS.score : "General");
}

/** Styled cells grouped into rectangles of one style and one number format. */
function outputStyleBlocks(cells: readonly CellWrite[]): Array<{ style: StyleKey; numFmt: string; range: string }> {
  const out: Array<{ style: StyleKey; numFmt: string; range: string }> = [];
  for (const [, group] of groupBy(cells, (c) => `${c.style}|${outputNumFmt(c)}`)) {
    const first = group[0]!;
    for (const r of rectangles(group.map((c) => c.address))) out.push({ style: first.style!, numFmt: outputNumFmt(first), range: rangeOf(r) });
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

const cellKey = (sheet: string, address: string) => `${sheet.toLowerCase()}!${address.toUpperCase()}`;

function sheetOf(l: SheetLoad): SnapshotSheet {
  const sheet: SnapshotSheet = l.used.isNullObject
    ? { name: l.ws.name, address: "", values: [], formulas: [] }
    : { name: l.ws.name, address: localAddress(l.used.address), values: l.used.values as SnapshotValue[][], formulas: l.used.formulas as SnapshotValue[][] };
  if (l.merged && !l.merged.isNullObject) sheet.merges = splitAreas(l.merged.address).map(localAddress);
  return sheet;
}

function tableOf(t: TableLoad): SnapshotTable {
  return {
    name: t.table.name,
    sheet: t.sheet.name,
    address: localAddress(t.range.address),
    headers: t.table.showHeaders ? (t.header.values[0] ?? []).map((v) => String(v)) : [],
  };
}

function queueTable(ctx: Excel.RequestContext, name: string): TableLoad {
  const table = ctx.workbook.tables.getItemOrNullObject(name);
  const range = table.getRange();
  // The first row, not getHeaderRowRange(): that one fails the whole read when headers are hidden.
  const header = table.getRange().getRow(0);
  // eslint-disable-next-line office-addins/call-sync-before-read -- a navigation property (a proxy), not a loaded value
  const sheet = table.worksheet;
  table.load("name,showHeaders");
  range.load("address");
  header.load("values");
  sheet.load("name");
  return { table, range, header, sheet };
}
