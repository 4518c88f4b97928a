import { parseRange, quoteSheet, type RangeRef } from "../template/addr";
import { FONT_NAME, FONT_SIZE, STYLES, type RepairAction, type RepairPlan, type StyleKey } from "../template/core";
import { applyPrint, applyProtection, applyStyle, applyValidation, formulaText, styleBlocks, type Skipped } from "./build";
import { hasMember, type Capabilities } from "./features";
import { RANGE_COST, RequestBudget, STYLE_BLOCK_COST, queueRows, textCost, type RowsSet } from "./request-budget";
import { column, localAddress } from "./translate";

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
 * undone before cells are written; protection comes in step 4. A repair larger than one request may be
 * (REQUEST_BUDGET: a table of many hundred indicators) is synced in parts as it is queued, in the same
 * order and the same Excel.run, the sheets staying unprotected until step 4.
 */
export async function queueRepair(
  ctx: Excel.RequestContext,
  plan: RepairPlan,
  found: RepairLookup,
  caps: Capabilities,
  skipped: Skipped,
): Promise<(name: string) => Excel.Worksheet> {
  const wb = ctx.workbook;
  const budget = new RequestBudget(ctx);
  const sheets = new Map<string, Excel.Worksheet>();
  const ws = (name: string) => {
    let s = sheets.get(name);
    if (!s) sheets.set(name, (s = wb.worksheets.getItem(name)));
    return s;
  };
  const touched = new Set(plan.actions.flatMap((a) => ("sheet" in a ? [a.sheet] : [])));
  for (const name of touched) {
    await budget.fit(RANGE_COST);
    ws(name).protection.unprotect();
  }

  for (const a of actions(plan, "name")) {
    await budget.fit(2 * RANGE_COST);
    if (found.names.has(a.name.toLowerCase())) wb.names.getItem(a.name).delete();
    wb.names.add(a.name, `=${quoteSheet(a.sheet)}!${a.ref}`);
  }
  for (const a of actions(plan, "unmerge")) {
    await budget.fit(RANGE_COST);
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
    await budget.fit(2 * RANGE_COST + textCost(a.numFmt) + textCost(formula));
    const range = ws(a.sheet).getRange(a.address);
    range.numberFormat = [[a.numFmt]];
    range.formulas = [[formula]];
  }
  for (const a of actions(plan, "cell")) {
    style(a.sheet, a.address, a.style);
    await budget.fit(2 * RANGE_COST + textCost(a.numFmt) + textCost(a.text ?? ""));
    const range = ws(a.sheet).getRange(a.address);
    range.numberFormat = [[a.numFmt]];
    if (a.text !== undefined) range.values = [[a.text]];
  }
  for (const [sheet, cells] of styled) {
    for (const b of styleBlocks(cells)) {
      await budget.fit(STYLE_BLOCK_COST);
      applyStyle(ws(sheet).getRange(b.range), b.range, STYLES[b.style], { name: FONT_NAME, size: FONT_SIZE }, skipped);
    }
  }
  for (const a of actions(plan, "marker")) {
    await budget.fit(2 * RANGE_COST + textCost(a.value));
    const range = ws(a.sheet).getRange(a.address);
    // "1.0" would become the number 1: the marker is text.
    range.numberFormat = [["@"]];
    range.values = [[a.value]];
  }
  for (const b of calculated.bodies) await queueCalculatedColumn(ws(b.sheet), b, budget);
  for (const a of actions(plan, "unlock")) {
    await budget.fit(RANGE_COST);
    ws(a.sheet).getRange(a.range).format.protection.locked = false;
  }
  for (const a of actions(plan, "validations")) {
    if (caps.has("validation")) {
      await budget.fit(RANGE_COST);
      ws(a.sheet).getRange().dataValidation.clear();
      for (const v of a.validations) {
        await budget.fit(2 * RANGE_COST + textCost(JSON.stringify(v)));
        applyValidation(ws(a.sheet), v);
      }
    } else skipped.add("validation");
  }
  return ws;
}

/**
 * The same formula in every row of a table column's body makes it the table's calculated column again
 * (as the template is built), so that a row added later gets the formula. The body is one write whenever
 * that write fits one request: the 计算得分 column (a formula of about 4.7 KB) up to about 680 rows, the
 * others far beyond. A longer body would be refused on the web (1000 rows of 计算得分 are 5.9 MB; the limit
 * is 5 MB), so it is written in row chunks, one request each, the same formula in every row. Whether Excel
 * keeps a column written in parts as a calculated column is not documented (docs/excel-probes.md, probe
 * 17), so only a body that cannot go in one request is split: if Excel then leaves the column plain, every
 * existing row still holds the right formula, and a row added later lacks it, which the reader reports
 * (FORMULA_MISSING) and the next 修复模板 fixes.
 */
async function queueCalculatedColumn(sheet: Excel.Worksheet, b: CalculatedBody, budget: RequestBudget): Promise<void> {
  const formulas: RowsSet = ["formulas", column(b.formula, b.formats.length)];
  // Where the plan has formats, each row's goes first, in the same write as its formula.
  const sets: RowsSet[] = b.formats.some((f) => f !== null) ? [["numberFormat", b.formats.map((f) => [f])], formulas] : [formulas];
  await queueRows(sheet, b.body, sets, budget);
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
