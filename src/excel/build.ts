import { parseRange, quoteSheet } from "../template/addr";
import type { CellPlan, PrintPlan, SheetPlan, ValidationPlan, WorkbookPlan } from "../template/core";
import type { CellStyle, ProtectionSpec, StyleKey } from "../template/core";
import { hasMember, type Capabilities } from "./features";
import { RANGE_COST, RequestBudget, STYLE_BLOCK_COST, queueRows, textCost, type RowsSet } from "./request-budget";
import {
  columnWidthPoints,
  excelWouldReinterpret,
  footerSections,
  heightRuns,
  printTitleRows,
  protectionOptions,
  rangeOf,
  rectangles,
  validationRule,
  widthRuns,
} from "./translate";

/**
 * The Office.js executor of a WorkbookPlan, mirroring src/template/xlsx.ts: every value, formula, style,
 * name, table and setting comes from the plan. These functions only queue commands on a context; the
 * port decides when to sync. Cells go in as whole-sheet grids (null leaves a cell alone, as Office.js
 * documents for values, formulas and numberFormat) and styles as rectangles, so the template is a
 * few hundred commands, not one per cell and property.
 */

/** Features a host did not have and that were left out, for the port's report. */
export type Skipped = Set<string>;

type Font = { name: string; size: number };

const V_ALIGN = { top: "Top", middle: "Center" } as const;
const H_ALIGN = { left: "Left", center: "Center", right: "Right" } as const;
const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideHorizontal", "InsideVertical"] as const;

/** Paints a style on a block of cells (as excelJsStyle does cell by cell); `block` is the range's address. */
export function applyStyle(range: Excel.Range, block: string, style: CellStyle, font: Font, skipped: Skipped): void {
  const f = range.format;
  f.font.name = font.name;
  f.font.size = style.size ?? font.size;
  f.font.bold = style.bold ?? false;
  f.font.italic = style.italic ?? false;
  if (style.color) f.font.color = `#${style.color}`;
  if (style.fill) f.fill.color = `#${style.fill}`;
  f.wrapText = style.wrap ?? false;
  f.verticalAlignment = V_ALIGN[style.vAlign ?? "middle"];
  if (style.hAlign) f.horizontalAlignment = H_ALIGN[style.hAlign];
  if (style.border) {
    if (hasMember(f, "borders")) {
      const r = parseRange(block);
      // Inside edges only where there is an inside: Excel may refuse them on a single row or column.
      const edges = EDGES.filter((e) => (e !== "InsideHorizontal" || r.bottom > r.top) && (e !== "InsideVertical" || r.right > r.left));
      for (const edge of edges) {
        const b = f.borders.getItem(edge);
        b.style = "Continuous";
        b.weight = "Thin";
        b.color = "#BFBFBF";
      }
    } else skipped.add("borders");
  }
  f.protection.locked = style.locked;
}

/** Cells grouped into rectangles per style key. */
export function styleBlocks(cells: ReadonlyArray<{ address: string; style: StyleKey }>): Array<{ style: StyleKey; range: string }> {
  const by = new Map<StyleKey, string[]>();
  for (const c of cells) {
    const list = by.get(c.style);
    if (list) list.push(c.address);
    else by.set(c.style, [c.address]);
  }
  const out: Array<{ style: StyleKey; range: string }> = [];
  for (const [style, addresses] of by) for (const r of rectangles(addresses)) out.push({ style, range: rangeOf(r) });
  return out;
}

/** The bounding rectangle of a sheet's plan cells and a grid filler over it. */
function grid(cells: readonly CellPlan[], pick: (c: CellPlan) => unknown): { range: string; values: unknown[][] } | null {
  const hits = cells.map((c) => ({ at: parseRange(c.address), v: pick(c) })).filter((x) => x.v !== null && x.v !== undefined);
  if (hits.length === 0) return null;
  // A loop, not Math.min(...list): the indicator sheet of a few thousand indicators has more cells than a
  // call may have arguments (65,536 in JavaScriptCore, Excel on Mac and iPad; about 120,000 in V8).
  let { top, left, bottom, right } = hits[0]!.at;
  for (const { at } of hits) {
    top = Math.min(top, at.top);
    left = Math.min(left, at.left);
    bottom = Math.max(bottom, at.bottom);
    right = Math.max(right, at.right);
  }
  const values: unknown[][] = Array.from({ length: bottom - top + 1 }, () => new Array<unknown>(right - left + 1).fill(null));
  for (const h of hits) values[h.at.top - top]![h.at.left - left] = h.v;
  return { range: rangeOf({ top, left, bottom, right }), values };
}

/** A plan string Excel would turn into a number, date or formula gets the text format first. */
function numberFormatOf(c: CellPlan): string | null {
  if (c.formula === undefined && typeof c.value === "string" && excelWouldReinterpret(c.value)) return "@";
  return c.numFmt === "General" ? null : c.numFmt;
}

function constantOf(c: CellPlan): unknown {
  if (c.formula !== undefined) return null;
  return c.value === "" ? null : (c.value ?? null);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function formulaText(formula: string): string {
  return `=${formula.replace(/^=/, "")}`;
}

/** Cells of a table's calculated columns: written per column so Excel keeps them calculated columns. */
function calculatedColumns(s: SheetPlan): Array<{ range: string; formulas: string[][] }> {
  const byAddress = new Map(s.cells.map((c) => [c.address, c]));
  const out: Array<{ range: string; formulas: string[][] }> = [];
  for (const t of s.tables) {
    const r = parseRange(t.ref);
    t.columns.forEach((col, j) => {
      if (!col.formula || r.bottom <= r.top) return;
      const c = r.left + j;
      const formulas: string[][] = [];
      for (let row = r.top + 1; row <= r.bottom; row++) {
        const cell = byAddress.get(rangeOf({ top: row, left: c, bottom: row, right: c }));
        formulas.push([formulaText(cell?.formula ?? col.formula)]);
      }
      out.push({ range: rangeOf({ top: r.top + 1, left: c, bottom: r.bottom, right: c }), formulas });
    });
  }
  return out;
}

function inCalculatedColumn(s: SheetPlan): (address: string) => boolean {
  const cols = calculatedColumns(s).map((c) => parseRange(c.range));
  return (address) => {
    const a = parseRange(address);
    return cols.some((r) => a.left === r.left && a.top >= r.top && a.top <= r.bottom);
  };
}

export function applyValidation(ws: Excel.Worksheet, v: ValidationPlan): void {
  const dv = ws.getRange(v.range).dataValidation;
  dv.rule = validationRule(v.rule);
  dv.ignoreBlanks = v.allowBlank;
  dv.prompt = { showPrompt: true, title: v.prompt.title, message: v.prompt.text };
  dv.errorAlert = { showAlert: true, style: "Stop", title: v.error.title, message: v.error.text };
}

export function applyProtection(ws: Excel.Worksheet, p: ProtectionSpec | null): void {
  // No password, ever: supervisors must be able to unprotect (as the ExcelJS builder does).
  if (p) ws.protection.protect(protectionOptions(p));
  else ws.protection.unprotect();
}

const points = (inches: number) => Math.round(inches * 72 * 100) / 100;

/** Print setup (ExcelApi 1.9 pageLayout); margins in the plan are inches, Office.js takes points. */
export function applyPrint(ws: Excel.Worksheet, print: PrintPlan): void {
  const p = ws.pageLayout;
  p.orientation = print.landscape ? "Landscape" : "Portrait";
  // The plan carries the OOXML paper code; 9 is A4, the only size the template uses.
  if (print.paperSize === 9) p.paperSize = "A4";
  // Both directions explicitly: horizontal alone may not apply (office-js #1860); 0 = as many pages as needed.
  p.zoom = { horizontalFitToPages: print.fitToWidth, verticalFitToPages: 0 };
  p.centerHorizontally = true;
  p.leftMargin = points(print.margins.left);
  p.rightMargin = points(print.margins.right);
  p.topMargin = points(print.margins.top);
  p.bottomMargin = points(print.margins.bottom);
  p.headerMargin = points(print.margins.header);
  p.footerMargin = points(print.margins.footer);
  if (print.printTitleRows) p.setPrintTitleRows(printTitleRows(print.printTitleRows));
  const footer = footerSections(print.footer);
  const page = p.headersFooters.defaultForAllPages;
  if (footer.left !== undefined) page.leftFooter = footer.left;
  if (footer.center !== undefined) page.centerFooter = footer.center;
  if (footer.right !== undefined) page.rightFooter = footer.right;
}

/**
 * Queues the template: sheets, sizes, constants and number formats, names, formulas, tables, the
 * formulas that use them, styles, merges and validations (protection comes after print, in
 * queueProtection), in the order Excel needs
 * (a structured reference is only accepted once its table exists; locks are painted before the sheet
 * is protected).
 * A template larger than one request may be (REQUEST_BUDGET: from several hundred indicators on, the
 * calculated columns alone are megabytes) is synced in parts as it is queued, in the same order, and a
 * grid or column too large for one request is written in bands of rows (queueRows); the caller syncs the
 * rest. Returns the new worksheets by name.
 */
export async function queueTemplate(
  ctx: Excel.RequestContext,
  plan: WorkbookPlan,
  caps: Capabilities,
  skipped: Skipped,
  budget: RequestBudget = new RequestBudget(ctx),
): Promise<Map<string, Excel.Worksheet>> {
  const sheets = new Map<string, Excel.Worksheet>();
  for (const s of plan.sheets) {
    await budget.fit(RANGE_COST);
    sheets.set(s.name, ctx.workbook.worksheets.add(s.name));
  }
  const ws = (s: SheetPlan) => sheets.get(s.name)!;
  const write = async (sheet: Excel.Worksheet, block: { range: string; values: unknown[][] } | null, property: RowsSet[0]) => {
    if (block) await queueRows(sheet, parseRange(block.range), [[property, block.values]], budget);
  };

  for (const s of plan.sheets) {
    const sheet = ws(s);
    for (const run of widthRuns(s.columnWidths)) {
      await budget.fit(RANGE_COST);
      sheet.getRange(run.range).format.columnWidth = columnWidthPoints(run.width);
    }
    for (const run of heightRuns(s.rowHeights)) {
      await budget.fit(RANGE_COST);
      sheet.getRange(run.range).format.rowHeight = run.height;
    }
    await write(sheet, grid(s.cells, numberFormatOf), "numberFormat");
    await write(sheet, grid(s.cells, constantOf), "values");
  }
  for (const n of plan.names) {
    await budget.fit(RANGE_COST);
    ctx.workbook.names.add(n.name, `=${quoteSheet(n.sheet)}!${n.ref}`);
  }
  // Formulas without structured references go in before the tables exist: a formula entered into an
  // otherwise empty table column would be filled down the whole column as a calculated column.
  const tables = plan.sheets.flatMap((s) => s.tables.map((t) => t.name));
  const structured = new RegExp(`(^|[^\\p{L}\\p{N}_.])(${tables.map(escapeRegExp).join("|") || "(?!)"})\\[`, "iu");
  const formulaGrid = (s: SheetPlan, wantStructured: boolean) => {
    const calculated = inCalculatedColumn(s);
    return grid(s.cells, (c) =>
      c.formula !== undefined && !calculated(c.address) && structured.test(c.formula) === wantStructured ? formulaText(c.formula) : null,
    );
  };
  for (const s of plan.sheets) await write(ws(s), formulaGrid(s, false), "formulas");
  for (const s of plan.sheets) {
    for (const t of s.tables) {
      await budget.fit(2 * RANGE_COST);
      const table = ws(s).tables.add(t.ref, true);
      table.name = t.name;
      table.style = t.theme;
    }
  }
  const validations = caps.has("validation");
  for (const s of plan.sheets) {
    const sheet = ws(s);
    await write(sheet, formulaGrid(s, true), "formulas");
    // One write per column makes it the table's calculated column (whether a column written in bands,
    // past about 680 rows of the 计算得分 formula, stays one is undocumented: docs/excel-probes.md, probe 17).
    for (const c of calculatedColumns(s)) await write(sheet, { range: c.range, values: c.formulas }, "formulas");
    for (const b of styleBlocks(s.cells)) {
      await budget.fit(STYLE_BLOCK_COST);
      applyStyle(sheet.getRange(b.range), b.range, plan.styles[b.style], plan.font, skipped);
    }
    for (const m of s.merges) {
      await budget.fit(RANGE_COST);
      const range = sheet.getRange(m);
      // Range.merge is ExcelApi 1.2 (under the manifest's 1.7); the member check guards test doubles.
      if (hasMember(range, "merge")) range.merge(false);
      else skipped.add("merge");
    }
    if (validations) {
      for (const v of s.validations) {
        await budget.fit(2 * RANGE_COST + textCost(JSON.stringify(v)));
        applyValidation(sheet, v);
      }
    } else if (s.validations.length > 0) skipped.add("validation");
  }
  return sheets;
}

/** After the print setup (a protected sheet may refuse it): protection, then a full calculation. */
export function queueProtection(ctx: Excel.RequestContext, plan: WorkbookPlan, sheets: ReadonlyMap<string, Excel.Worksheet>): void {
  for (const s of plan.sheets) if (s.protection) applyProtection(sheets.get(s.name)!, s.protection);
  if (plan.fullCalcOnLoad) ctx.workbook.application.calculate("Full");
}

/** Print setup of the plan's sheets only (a change to an existing workbook keeps its properties). */
export function queuePrintOnly(plan: WorkbookPlan, sheets: ReadonlyMap<string, Excel.Worksheet>, caps: Capabilities, skipped: Skipped): boolean {
  const all = [...sheets.values()];
  if (all.length === 0) return false;
  if (caps.has("pageLayout") && all.every((ws) => hasMember(ws, "pageLayout"))) {
    for (const s of plan.sheets) applyPrint(sheets.get(s.name)!, s.print);
    return true;
  }
  skipped.add("pageLayout");
  return false;
}

/**
 * Print setup (ExcelApi 1.9), queued in a batch of its own before protection, so that a host refusing
 * a page setting loses print only. Returns whether anything was queued.
 */
export function queuePrint(plan: WorkbookPlan, sheets: ReadonlyMap<string, Excel.Worksheet>, caps: Capabilities, skipped: Skipped): boolean {
  const all = [...sheets.values()];
  if (caps.has("pageLayout") && all.length > 0 && all.every((ws) => hasMember(ws, "pageLayout"))) {
    for (const s of plan.sheets) applyPrint(sheets.get(s.name)!, s.print);
    return true;
  }
  skipped.add("pageLayout");
  return false;
}

/**
 * Document properties (the secondary version marker), in a batch of their own: they have no undo and
 * some hosts refuse them; the template stands without them. Returns whether anything was queued.
 */
export function queueProperties(ctx: Excel.RequestContext, plan: WorkbookPlan, caps: Capabilities, skipped: Skipped): boolean {
  if (caps.api("1.7") && hasMember(ctx.workbook, "properties")) {
    const p = ctx.workbook.properties;
    p.title = plan.properties.title;
    p.subject = plan.properties.subject;
    p.keywords = plan.properties.keywords;
    p.author = plan.properties.creator;
    return true;
  }
  skipped.add("properties");
  return false;
}
