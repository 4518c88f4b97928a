import { evaluate } from "../domain/engine";
import { PROJECT_SCALAR_SPECS } from "../domain/project";
import { cellAddress, parseRange, splitQualified } from "./addr";
import { PROJECT_TABLE_COLUMNS, projectFieldInfo, projectName, projectRowFormula, projectScalarFormula, projectTableName } from "./project-plan";
import type { ReadResult } from "./reader";
import type { RepairAction } from "./repair";
import type { WorkbookSnapshot } from "./snapshot";
import { NUMBER_FORMATS } from "./spec";

/**
 * 修复模板 on project sheets: every computed cell the project's names point at gets its formula back,
 * and its indicator table its calculated columns; inputs are never written.
 */
export function projectRepairActions(snapshot: WorkbookSnapshot, read: ReadResult): RepairAction[] {
  const actions: RepairAction[] = [];
  if (read.projects.length === 0) return actions;
  const results = evaluate(read.input, { profile: read.profile, department: read.hasDepartment }).projects;
  const names = new Map(snapshot.names.map((n) => [n.name.toLowerCase(), n.formula]));
  read.projects.forEach((p, k) => {
    const result = results[k];
    for (const spec of PROJECT_SCALAR_SPECS) {
      const target = splitQualified(names.get(projectName(p.number, spec.id).toLowerCase()) ?? "");
      if (!target) continue;
      const info = projectFieldInfo(spec.id);
      const value = result?.computed[spec.id];
      actions.push({
        kind: "formula",
        sheet: p.sheet,
        address: target.address.replace(/\$/g, "").split(":")[0]!,
        formula: projectScalarFormula(p.number, spec.id),
        ...(value !== undefined ? { result: value ?? "" } : {}),
        style: "computed",
        numFmt: info.kind === "text" ? "General" : NUMBER_FORMATS[info.kind],
      });
    }
    const table = snapshot.tables.find((t) => t.name.toLowerCase() === projectTableName(p.number).toLowerCase());
    if (!table) return;
    const range = parseRange(table.address.includes("!") ? table.address.split("!").pop()! : table.address);
    const colOf = new Map(table.headers.map((h, j) => [String(h).trim(), range.left + j]));
    const columns: Array<{ name: string; formula: string }> = [];
    for (const c of PROJECT_TABLE_COLUMNS) {
      const col = colOf.get(c.label);
      if (c.input || col === undefined) continue;
      const formula = projectRowFormula(p.number, c.id);
      columns.push({ name: c.label, formula });
      for (const r of p.indicatorRows) {
        const ind = r.index === null ? undefined : result?.indicators[r.index];
        const value = !ind ? 0 : c.id === "score" ? ind.score : c.id === "computedScore" ? ind.computedScore : c.id === "applicableWeight" ? (ind.notApplicable ? 0 : ind.weight) : undefined;
        actions.push({
          kind: "formula",
          sheet: p.sheet,
          address: cellAddress(r.row, col),
          formula,
          ...(value !== undefined ? { result: value } : {}),
          style: "computed",
          numFmt: NUMBER_FORMATS[c.kind],
        });
      }
    }
    actions.push({ kind: "tableFormulas", sheet: p.sheet, table: table.name, columns });
  });
  return actions;
}
