import { quoteSheet } from "../template/addr";
import { FONT_NAME, FONT_SIZE, STYLES, type RepairAction, type RepairPlan, type StyleKey } from "../template/core";
import { applyPrint, applyProtection, applyStyle, applyValidation, formulaText, styleBlocks, type Skipped } from "./build";
import { hasMember, type Capabilities } from "./features";
import { column, localAddress, rowsOf } from "./translate";

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
  const styled = new Map<string, Array<{ address: string; style: StyleKey }>>();
  for (const a of actions(plan, "formula")) {
    const range = ws(a.sheet).getRange(a.address);
    range.numberFormat = [[a.numFmt]];
    range.formulas = [[formulaText(a.formula)]];
    styled.set(a.sheet, [...(styled.get(a.sheet) ?? []), { address: a.address, style: a.style }]);
  }
  for (const a of actions(plan, "cell")) {
    const range = ws(a.sheet).getRange(a.address);
    range.numberFormat = [[a.numFmt]];
    if (a.text !== undefined) range.values = [[a.text]];
    styled.set(a.sheet, [...(styled.get(a.sheet) ?? []), { address: a.address, style: a.style }]);
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
  for (const a of actions(plan, "tableFormulas")) {
    for (const c of a.columns) {
      const body = found.columns.get(`${a.table}|${c.name}`);
      if (!body) continue;
      const address = localAddress(body);
      // The same formula over the whole column makes it the table's calculated column again.
      ws(a.sheet).getRange(address).formulas = column(formulaText(c.formula), rowsOf(address));
    }
  }
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
