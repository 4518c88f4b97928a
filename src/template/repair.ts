import { Computation, type RowInputs } from "../domain/compute";
import { ExcelError, type Value } from "../domain/expr";
import { SCALAR_SPECS } from "../domain/formulas";
import { normalize } from "../domain/normalize";
import { RULE_PARAMS } from "../domain/profiles";
import { absolute, cellAddress, colLetters, intersects, parseRange, splitQualified } from "./addr";
import { TABLE_COLUMNS, fieldInfo, isComputedScalar, linkFormula, rowFormula, scalarFormula } from "./fields";
import { projectRepairActions } from "./project-repair";
import { CHOICE_LAYOUT, FIELD_CELLS, LINK_CELLS, RULE_COLS, RULE_ROWS, SHEET_OF_LIST, ruleProfileNamesRange, tierListRange } from "./layout";
import { linkFormat, ruleActiveFormula, ruleValue, validationPlan, type ExtraSheetKey, type PlanValue, type PrintPlan, type ValidationPlan } from "./plan";
import { canonicalFormula, readEvaluation, type ReadResult } from "./reader";
import type { WorkbookSnapshot } from "./snapshot";
import { getCell } from "./snapshot-cells";
import {
  COLUMN_VALIDATIONS,
  FIELD_NAMES,
  FIELD_VALIDATIONS,
  INDICATOR_TABLE,
  KIND_VALIDATIONS,
  NUMBER_FORMATS,
  PAGE,
  RANGE_NAMES,
  RULE_VALIDATIONS,
  SHEETS,
  TEMPLATE_VERSION,
  type ProtectionSpec,
  type SheetKey,
  type StyleKey,
  type ValidationSpec,
} from "./spec";

/**
 * 修复模板: what to do to an existing workbook so its formulas, names, validations, protection and version
 * marker are the template's again. Host-neutral data (xlsx-repair.ts executes it with ExcelJS; the
 * add-in will with Office.js). It never writes an input cell's value: only computed cells, the version
 * marker, names and sheet settings; input cells are at most unlocked.
 */

export type RepairAction =
  | { kind: "formula"; sheet: string; address: string; formula: string; result?: PlanValue; style: StyleKey; numFmt: string }
  | { kind: "marker"; sheet: string; address: string; value: string }
  /** A template cell a sheet of an older version lacks: its look, and for a label its text (an input's value is never written). */
  | { kind: "cell"; sheet: string; address: string; style: StyleKey; numFmt: string; text?: string }
  | { kind: "name"; name: string; sheet: string; ref: string }
  | { kind: "unmerge"; sheet: string; range: string }
  | { kind: "tableFormulas"; sheet: string; table: string; columns: Array<{ name: string; formula: string }> }
  | { kind: "unlock"; sheet: string; range: string }
  | { kind: "validations"; sheet: string; validations: ValidationPlan[] }
  | { kind: "protection"; sheet: string; protection: ProtectionSpec | null }
  | { kind: "print"; sheet: string; print: PrintPlan }
  | { kind: "fullCalcOnLoad" };

export interface RepairPlan {
  actions: RepairAction[];
  /** Chinese lines for people: what was wrong and is fixed, and what repair cannot fix. */
  fixed: string[];
  notFixed: string[];
  /** Output sheets (自评表, 自评报告) that are gone: each host re-creates them empty from the spec, and the next evaluation fills them. */
  missingOutputs: Array<SheetKey | ExtraSheetKey>;
  /** The read before repair. */
  read: ReadResult;
}

function cached(v: Value): PlanValue | undefined {
  return v instanceof ExcelError ? undefined : v;
}


/** `read`: the snapshot as readEvaluation read it, when the caller has it already (it is not read twice). */
export function repairPlan(snapshot: WorkbookSnapshot, read: ReadResult = readEvaluation(snapshot)): RepairPlan {
  const actions: RepairAction[] = [];
  const fixed = read.formulaIssues.map((f) => f.message.replace(/请运行“修复模板”[^。]*。/, "").trim());
  const notFixed: string[] = read.findings
    .filter((f) => ["SHEET_MISSING", "TABLE_MISSING", "TABLE_COLUMN_MISSING"].includes(f.code))
    .map((f) => f.message);
  const sheetOf = (key: SheetKey) => read.sheets[key];
  const validations = new Map<string, ValidationPlan[]>();
  const addValidation = (sheet: string, v: ValidationPlan) => {
    const list = validations.get(sheet);
    if (list) list.push(v);
    else validations.set(sheet, [v]);
  };

  // Where each named cell is now: its name if it still resolves. Else the template cell gets the name
  // back, but only where that cell is still the template's (see templateCellIsOurs): after rows were
  // inserted it may hold a user's figure, which a formula must never overwrite.
  const names = new Map(snapshot.names.map((n) => [n.name.toLowerCase(), n.formula]));
  const resolve = (name: string): { sheet: string; address: string } | null => {
    const formula = names.get(name.toLowerCase()) ?? "";
    const target = splitQualified(formula);
    const targetSheet = target ? snapshot.sheets.find((s) => s.name.toLowerCase() === target.sheet.toLowerCase()) : undefined;
    return target && targetSheet && !/#REF!/i.test(formula) ? { sheet: targetSheet.name, address: target.address.split(":")[0]! } : null;
  };
  const rename = (name: string, key: SheetKey, address: string, expectedFormula: string | null, what: string) => {
    const sheet = sheetOf(key);
    if (!sheet) return null;
    if (!templateCellIsOurs(snapshot, sheet, address, expectedFormula, key)) {
      notFixed.push(`找不到“${what}”所在的单元格（定义名称 ${name}），模板位置 ${sheet}!${address} 已有其他内容，未自动恢复，以免覆盖已填写的数据。请从原模板复制该部分。`);
      return null;
    }
    const c = parseRange(address);
    actions.push({ kind: "name", name, sheet, ref: absolute(c.top, c.left) });
    return { sheet, address };
  };
  const located = new Map<string, { sheet: string; address: string }>();
  for (const fc of FIELD_CELLS.values()) {
    const name = FIELD_NAMES[fc.id];
    const found = name ? resolve(name) : null;
    if (found) {
      located.set(fc.id, found);
      continue;
    }
    const info = fieldInfo(fc.id);
    const expected = info.role === "computed" && isComputedScalar(fc.id) ? scalarFormula(fc.id) : null;
    const at = name ? rename(name, fc.sheet, fc.address, expected, info.label) : sheetOf(fc.sheet) ? { sheet: sheetOf(fc.sheet)!, address: fc.address } : null;
    if (at) located.set(fc.id, at);
  }
  const links = LINK_CELLS.flatMap((link) => {
    const at = resolve(link.name) ?? rename(link.name, link.sheet, link.address, linkFormula(link.link), fieldInfo(link.link).label);
    return at ? [{ link, at }] : [];
  });
  const rangeNames: Array<[string, SheetKey, string]> = [
    [RANGE_NAMES.profiles, "rules", ruleProfileNamesRange()],
    [RANGE_NAMES.tiers, "rules", tierListRange()],
    ...CHOICE_LAYOUT.filter((l) => l.name).map((l): [string, SheetKey, string] => [l.name!, SHEET_OF_LIST, l.range]),
  ];
  for (const [name, key, ref] of rangeNames) {
    const target = splitQualified(names.get(name.toLowerCase()) ?? "");
    const sheet = sheetOf(key);
    if ((!target || !snapshot.sheets.some((s) => s.name.toLowerCase() === target.sheet.toLowerCase())) && sheet) {
      actions.push({ kind: "name", name, sheet, ref });
    }
  }

  // Values the formulas compute now, cached so the figures show before the host recalculates.
  const normalized = normalize(read.input, read.profile);
  const rows: RowInputs[] = read.indicatorRows.map((r) => (r.index === null ? new Map() : normalized.cells.rows[r.index]!));
  const comp = new Computation({ scalars: normalized.cells.scalars, rows });

  // Computed scalars.
  for (const spec of SCALAR_SPECS) {
    const at = located.get(spec.id);
    if (!at) continue;
    const info = fieldInfo(spec.id);
    const result = cached(comp.scalar(spec.id));
    actions.push({
      kind: "formula",
      ...at,
      formula: scalarFormula(spec.id),
      ...(result !== undefined ? { result } : {}),
      style: "computed",
      numFmt: info.kind === "text" ? "General" : NUMBER_FORMATS[info.kind],
    });
  }
  // Rule sheet: active cells, and the 自定义 column's validations.
  for (const [id] of RULE_ROWS) {
    const at = located.get(id);
    if (!at) continue;
    const row = parseRange(at.address).top;
    const kind = id.startsWith("profile.") ? "text" : fieldInfo(id).kind;
    actions.push({
      kind: "formula",
      ...at,
      address: cellAddress(row, RULE_COLS.active),
      formula: ruleActiveFormula(row),
      result: ruleValue(read.profile, id),
      style: "computed",
      numFmt: kind === "percent" ? NUMBER_FORMATS.percent : "General",
    });
    const custom = cellAddress(row, RULE_COLS.custom);
    actions.push({ kind: "unlock", sheet: at.sheet, range: custom });
    const spec = RULE_PARAMS.find((p) => p.id === id);
    if (spec?.type === "choice" && spec.choices) {
      const rule: ValidationSpec = { type: "list", source: `"${spec.choices.join(",")}"` };
      addValidation(at.sheet, validationPlan(custom, rule, { rule, prompt: `可选：${spec.choices.join("、")}。`, error: "请从下拉列表中选择。" }, spec.label));
    } else if (spec && (spec.type === "number" || spec.type === "percent")) {
      addValidation(at.sheet, validationPlan(custom, RULE_VALIDATIONS[spec.type].rule, RULE_VALIDATIONS[spec.type], spec.label));
    }
  }
  // Display links, wherever their names say they are now.
  for (const { link, at } of links) {
    const info = fieldInfo(link.link);
    const v = info.role === "input" ? (normalized.cells.scalars.get(link.link) ?? 0) : comp.scalar(link.link);
    const result = cached(v);
    actions.push({
      kind: "formula",
      ...at,
      formula: linkFormula(link.link),
      ...(result !== undefined ? { result } : {}),
      style: "computed",
      numFmt: linkFormat(info.kind),
    });
  }
  const version = located.get("template.version");
  if (version && read.version !== TEMPLATE_VERSION) actions.push({ kind: "marker", ...version, value: TEMPLATE_VERSION });

  // Scalar inputs: unlocked, validated.
  for (const fc of FIELD_CELLS.values()) {
    const info = fieldInfo(fc.id);
    if (info.role !== "input") continue;
    const at = located.get(fc.id);
    if (!at) continue;
    actions.push({ kind: "unlock", ...at, range: at.address });
    const v = FIELD_VALIDATIONS[fc.id] ?? KIND_VALIDATIONS[info.kind];
    if (v) addValidation(at.sheet, validationPlan(at.address, v.rule, v, info.label));
  }

  // The indicator table.
  const table = snapshot.tables.find((t) => t.name.toLowerCase() === INDICATOR_TABLE.name.toLowerCase());
  if (table) {
    const sheet = snapshot.sheets.find((s) => s.name.toLowerCase() === table.sheet.toLowerCase())?.name ?? table.sheet;
    const range = parseRange(table.address.includes("!") ? table.address.split("!").pop()! : table.address);
    const colOf = new Map(table.headers.map((h, j) => [String(h).trim(), range.left + j]));
    for (const m of snapshot.sheets.find((s) => s.name === sheet)?.merges ?? []) {
      if (intersects(parseRange(m), range)) actions.push({ kind: "unmerge", sheet, range: m });
    }
    const columns: Array<{ name: string; formula: string }> = [];
    TABLE_COLUMNS.forEach((c) => {
      const col = colOf.get(c.label);
      if (col === undefined) return;
      const first = range.top + 1;
      const colRange = `${colLetters(col)}${first}:${colLetters(col)}${Math.max(first, range.bottom)}`;
      if (c.input) {
        actions.push({ kind: "unlock", sheet, range: colRange });
        const v = COLUMN_VALIDATIONS[c.id];
        if (v) {
          const rule: ValidationSpec =
            "formula2Column" in v.rule
              ? {
                  type: v.rule.type,
                  operator: v.rule.operator,
                  formula1: v.rule.formula1,
                  formula2: `$${colLetters(colOf.get(TABLE_COLUMNS.find((x) => x.id === (v.rule as { formula2Column: string }).formula2Column)!.label) ?? col)}${first}`,
                }
              : v.rule;
          addValidation(sheet, validationPlan(colRange, rule, v, c.label));
        }
        return;
      }
      const formula = rowFormula(c.id);
      columns.push({ name: c.label, formula });
      read.indicatorRows.forEach((r, k) => {
        const result = cached(comp.rowValue(k, c.id));
        actions.push({
          kind: "formula",
          sheet,
          address: cellAddress(r.row, col),
          formula,
          ...(result !== undefined ? { result } : {}),
          style: "computed",
          numFmt: NUMBER_FORMATS[c.kind],
        });
      });
    });
    actions.push({ kind: "tableFormulas", sheet, table: table.name, columns });
  }

  // Sheet settings.
  for (const spec of SHEETS) {
    const sheet = sheetOf(spec.key);
    if (!sheet) continue;
    if (!spec.output) actions.push({ kind: "validations", sheet, validations: validations.get(sheet) ?? [] });
    actions.push({ kind: "protection", sheet, protection: spec.protection });
    actions.push({
      kind: "print",
      sheet,
      print: {
        landscape: spec.landscape,
        paperSize: PAGE.paperSize,
        fitToWidth: 1,
        ...(spec.printTitleRows ? { printTitleRows: printTitles(spec.key, spec.printTitleRows, read) } : {}),
        footer: PAGE.footer,
        margins: { ...PAGE.margins },
      },
    });
  }
  const projects = projectRepairActions(snapshot, read);
  actions.push(...projects.actions);
  notFixed.push(...projects.notFixed);
  actions.push({ kind: "fullCalcOnLoad" });
  const missingOutputs = read.hasDepartment ? SHEETS.filter((s) => s.output && !read.sheets[s.key]).map((s) => s.key) : [];
  for (const key of missingOutputs) fixed.push(`恢复了缺失的工作表“${SHEETS.find((s) => s.key === key)!.name}”。`);
  return { actions, fixed, notFixed, missingOutputs, read };
}

/** The indicator sheet repeats the table's header row, wherever the table now starts. */
function printTitles(key: SheetKey, spec: string, read: ReadResult): string {
  if (key !== INDICATOR_TABLE.sheet) return spec;
  const at = read.cellOf("indicators");
  const m = at ? /!\$?[A-Z]+\$?(\d+)$/.exec(at) : null;
  return m ? `${m[1]}:${m[1]}` : spec;
}

/**
 * Is the template's own cell for a lost name still ours to name? Yes when it is blank or already holds
 * the expected formula; for an input, when the fixed texts of the template's row (its row label, the
 * field's label) still stand there, so no rows were inserted above. Anything else may be a user's
 * figure that moved there.
 */
function templateCellIsOurs(snapshot: WorkbookSnapshot, sheet: string, address: string, expectedFormula: string | null, key: SheetKey): boolean {
  const cell = getCell(snapshot, sheet, address);
  const formula = typeof cell.formula === "string" && cell.formula.startsWith("=") ? cell.formula.slice(1) : "";
  if (formula) return expectedFormula !== null && canonicalFormula(formula) === canonicalFormula(expectedFormula);
  if (cell.value === null || cell.value === "") return true;
  if (expectedFormula !== null) return false;
  const row = parseRange(address).top;
  const texts = (SHEETS.find((s) => s.key === key)?.cells ?? []).flatMap((c) => {
    if (parseRange(c.at).top !== row) return [];
    if ("text" in c && c.text.trim()) return [{ at: c.at, text: c.text }];
    if ("labelOf" in c) return [{ at: c.at, text: fieldInfo(c.labelOf).label }];
    return [];
  });
  return texts.length > 0 && texts.every((t) => String(getCell(snapshot, sheet, t.at).value ?? "").trim() === t.text.trim());
}
