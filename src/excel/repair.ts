import { parseRange, quoteSheet, type RangeRef } from "../template/addr";
import { FONT_NAME, FONT_SIZE, STYLES, type RepairAction, type RepairPlan, type StyleKey } from "../template/core";
import { applyPrint, applyProtection, applyStyle, applyValidation, formulaText, styleBlocks, type Skipped } from "./build";
import { hasMember, type Capabilities } from "./features";
import { column, localAddress, rangeOf } from "./translate";

/**
 * The Office.js executor of a RepairPlan (as xlsx-repair.ts is for files). It writes formulas, the
 * version marker, names, the look (and label) of cells an older version lacks, and sheet settings; an
 * input cell's value is never written (input cells are at most unlocked and validated). Four steps: look up what exists (names, table columns), repair,
 * the print setup in a batch of its own (a refusal loses only print), then protection.
 */

type Of<K extends RepairAction["kind"]> = Extract<RepairAction, { kind: K }>;

function actions<K extends RepairAction["kind"]>(plan: RepairPlan, kind: K): Array<Of<K>> {
  return plan.actions.filter((a): a is Of<K> => a.kind === kind);
}

export interface RepairLookup {
  names: Set<string>;
  /** "table|column" → the column's data body address. */
  columns: Map<string, string>;
}

/** Step 1: which names exist (to delete before re-adding) and where each calculated column's body is. */
export async function lookUp(ctx: Excel.RequestContext, plan: RepairPlan): Promise<RepairLookup> {
  const names = ctx.workbook.names.load("items/name");
  const bodies: Array<{ key: string; range: Excel.Range }> = [];
  for (const a of actions(plan, "tableFormulas")) {
    const table = ctx.workbook.tables.getItemOrNullObject(a.table);
    for (const c of a.columns) {
      const range = table.columns.getItemOrNullObject(c.name).getDataBodyRange();
      range.load("address");
      bodies.push({ key: `${a.table}|${c.name}`, range });
    }
  }
  await ctx.sync();
  const columns = new Map<string, string>();
  for (const b of bodies) if (!b.range.isNullObject) columns.set(b.key, b.range.address);
  return { names: new Set(names.items.map((n) => n.name.toLowerCase())), columns };
}

/**
 * A table's calculated column as repair writes it: its data body, the column's formula, and the number
 * format of each row (null: a row the plan gives no format, left alone).
 */
interface CalculatedBody {
  sheet: string;
  body: RangeRef;
  formula: string;
  formats: Array<string | null>;
}

/** The calculated column bodies repair writes whole, found by sheet and column. */
function calculatedBodies(plan: RepairPlan, found: RepairLookup): { bodies: CalculatedBody[]; at: (sheet: string, address: string) => CalculatedBody | undefined } {
  const bodies: CalculatedBody[] = [];
  const byColumn = new Map<string, CalculatedBody[]>();
  const key = (sheet: string, col: number) => `${sheet.toLowerCase()}|${col}`;
  for (const a of actions(plan, "tableFormulas")) {
    for (const c of a.columns) {
      const address = found.columns.get(`${a.table}|${c.name}`);
      if (!address) continue;
      const body = parseRange(localAddress(address));
      const b: CalculatedBody = { sheet: a.sheet, body, formula: formulaText(c.formula), formats: new Array<string | null>(body.bottom - body.top + 1).fill(null) };
      bodies.push(b);
      const list = byColumn.get(key(a.sheet, body.left));
      if (list) list.push(b);
      else byColumn.set(key(a.sheet, body.left), [b]);
    }
  }
  const at = (sheet: string, address: string) => {
    const cell = parseRange(address);
    return byColumn.get(key(sheet, cell.left))?.find((b) => cell.top >= b.body.top && cell.top <= b.body.bottom);
  };
  return { bodies, at };
}

/**
 * Step 2: queues the repair. Grouped by kind in the order Excel needs: sheets unprotected first (a
 * protected sheet refuses formulas and locks), names before the formulas that use them, merges
 * undone before cells are written; protection comes in step 4.
 */
export function queueRepair(
  ctx: Excel.RequestContext,
  plan: RepairPlan,
  found: RepairLookup,
  caps: Capabilities,
  skipped: Skipped,
): (name: string) => Excel.Worksheet {
  const wb = ctx.workbook;
  const sheets = new Map<string, Excel.Worksheet>();
  const ws = (name: string) => {
    let s = sheets.get(name);
    if (!s) sheets.set(name, (s = wb.worksheets.getItem(name)));
    return s;
  };
  const touched = new Set(plan.actions.flatMap((a) => ("sheet" in a ? [a.sheet] : [])));
  for (const name of touched) ws(name).protection.unprotect();

  for (const a of actions(plan, "name")) {
    if (found.names.has(a.name.toLowerCase())) wb.names.getItem(a.name).delete();
    wb.names.add(a.name, `=${quoteSheet(a.sheet)}!${a.ref}`);
  }
  for (const a of actions(plan, "unmerge")) {
    const range = ws(a.sheet).getRange(a.range);
    if (hasMember(range, "unmerge")) range.unmerge();
    else skipped.add("merge");
  }
  const calculated = calculatedBodies(plan, found);
  const styled = new Map<string, Array<{ address: string; style: StyleKey }>>();
  const style = (sheet: string, address: string, key: StyleKey) => {
    const list = styled.get(sheet);
    if (list) list.push({ address, style: key });
    else styled.set(sheet, [{ address, style: key }]);
  };
  for (const a of actions(plan, "formula")) {
    style(a.sheet, a.address, a.style);
    // A cell of a calculated column is written with its column below, which sets the column's formula
    // in every row of the body: writing the cell here too would only be overwritten (and cost a range,
    // its format and a formula of up to several KB per row). Its number format goes with the column.
    const body = calculated.at(a.sheet, a.address);
    if (body) {
      body.formats[parseRange(a.address).top - body.body.top] = a.numFmt;
      continue;
    }
    const formula = formulaText(a.formula);
    const range = ws(a.sheet).getRange(a.address);
    range.numberFormat = [[a.numFmt]];
    range.formulas = [[formula]];
  }
  for (const a of actions(plan, "cell")) {
    style(a.sheet, a.address, a.style);
    const range = ws(a.sheet).getRange(a.address);
    range.numberFormat = [[a.numFmt]];
    if (a.text !== undefined) range.values = [[a.text]];
  }
  for (const [sheet, cells] of styled) {
    for (const b of styleBlocks(cells)) applyStyle(ws(sheet).getRange(b.range), b.range, STYLES[b.style], { name: FONT_NAME, size: FONT_SIZE }, skipped);
  }
  for (const a of actions(plan, "marker")) {
    const range = ws(a.sheet).getRange(a.address);
    // "1.0" would become the number 1: the marker is text.
    range.numberFormat = [["@"]];
    range.values = [[a.value]];
  }
  for (const b of calculated.bodies) queueCalculatedColumn(ws(b.sheet), b);
  for (const a of actions(plan, "unlock")) ws(a.sheet).getRange(a.range).format.protection.locked = false;
  for (const a of actions(plan, "validations")) {
    if (caps.has("validation")) {
      ws(a.sheet).getRange().dataValidation.clear();
      for (const v of a.validations) applyValidation(ws(a.sheet), v);
    } else skipped.add("validation");
  }
  return ws;
}

/**
 * The same formula in every row of a table column's body makes it the table's calculated column again
 * (as the template is built), so that a row added later gets the formula; the number formats of the
 * column's cells go in the same write.
 */
function queueCalculatedColumn(sheet: Excel.Worksheet, b: CalculatedBody): void {
  const range = sheet.getRange(rangeOf({ top: b.body.top, left: b.body.left, bottom: b.body.bottom, right: b.body.left }));
  if (b.formats.some((f) => f !== null)) range.numberFormat = b.formats.map((f) => [f]);
  range.formulas = column(b.formula, b.formats.length);
}

/**
 * Step 4, after print (a protected sheet may refuse page setup): protection and a full calculation
 * (Office.js has no "recalculate on open" flag; a full calculation now is its equivalent).
 */
export function queueRepairProtection(ctx: Excel.RequestContext, plan: RepairPlan, ws: (name: string) => Excel.Worksheet): void {
  for (const a of actions(plan, "protection")) applyProtection(ws(a.sheet), a.protection);
  if (actions(plan, "fullCalcOnLoad").length > 0) ctx.workbook.application.calculate("Full");
}

/**
 * Step 3: print setup, when the host has pageLayout; returns whether anything was queued. Takes the
 * worksheet proxies of step 2, so that checking for the API queues nothing when it is absent.
 */
export function queueRepairPrint(plan: RepairPlan, ws: (name: string) => Excel.Worksheet, caps: Capabilities, skipped: Skipped): boolean {
  const prints = actions(plan, "print");
  if (prints.length === 0) return false;
  if (!caps.has("pageLayout") || !prints.every((a) => hasMember(ws(a.sheet), "pageLayout"))) {
    skipped.add("pageLayout");
    return false;
  }
  for (const a of prints) applyPrint(ws(a.sheet), a.print);
  return true;
}
