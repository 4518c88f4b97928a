import { evaluate } from "../domain/engine";
import { PROJECT_INPUTS, PROJECT_SCALAR_SPECS, projectLabel } from "../domain/project";
import { absolute, cellAddress, parseCell, parseRange, splitQualified } from "./addr";
import { PROJECT_TABLE_COLUMNS, projectFieldInfo, projectName, projectRowFormula, projectScalarFormula, projectTableName } from "./project-plan";
import type { ProjectRead } from "./project-reader";
import type { ReadResult } from "./reader";
import type { RepairAction } from "./repair";
import type { WorkbookSnapshot } from "./snapshot";
import { getCell } from "./snapshot-cells";
import { NUMBER_FORMATS, PROJECT_SHEET, PROJECT_TEMPLATE_VERSION } from "./spec";

/**
 * 修复模板 on project sheets: every computed cell the project's names point at gets its formula back,
 * and its indicator table its calculated columns; a sheet of an older version gets the cells it lacks
 * (named, styled, labelled, left blank) and the current version marker. Input values are never written.
 */
export function projectRepairActions(snapshot: WorkbookSnapshot, read: ReadResult): { actions: RepairAction[]; notFixed: string[] } {
  const actions: RepairAction[] = [];
  const notFixed: string[] = [];
  if (read.projects.length === 0) return { actions, notFixed };
  const results = evaluate(read.input, { profile: read.profile, department: read.hasDepartment }).projects;
  const names = new Map(snapshot.names.map((n) => [n.name.toLowerCase(), n.formula]));
  /** Where a project's name points now, on a sheet that exists; null when it is gone or broken. */
  const resolve = (n: number, id: string): { sheet: string; row: number; col: number } | null => {
    const formula = names.get(projectName(n, id).toLowerCase()) ?? "";
    const target = splitQualified(formula);
    const sheet = target && !/#REF!/i.test(formula) ? snapshot.sheets.find((s) => s.name.toLowerCase() === target.sheet.toLowerCase()) : undefined;
    if (!target || !sheet) return null;
    const c = parseCell(target.address.replace(/\$/g, "").split(":")[0]!);
    return { sheet: sheet.name, row: c.row, col: c.col };
  };
  read.projects.forEach((p, k) => {
    const added = addedCells(snapshot, p, resolve);
    actions.push(...added.actions);
    notFixed.push(...added.notFixed);
    const marker = resolve(p.number, "template.version");
    if (marker && p.version !== PROJECT_TEMPLATE_VERSION && added.notFixed.length === 0) {
      actions.push({ kind: "marker", sheet: marker.sheet, address: cellAddress(marker.row, marker.col), value: PROJECT_TEMPLATE_VERSION });
    }
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
    const replaced = PROJECT_TABLE_COLUMNS.find((c) => c.id === "override.replaced")!.label;
    if (!colOf.has(replaced)) {
      // A table column is not added by repair (no host adds one in place): the copy is planned afresh.
      notFixed.push(`项目表“${p.sheet}”的绩效指标表没有“${replaced}”列（较早的项目表）：指标的调整得分不做过时检查。如需检查，请用“复制项目”重建该项目表。`);
    }
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
  return { actions, notFixed };
}

type Resolve = (n: number, id: string) => { sheet: string; row: number; col: number } | null;

/**
 * The bookkeeping inputs a sheet of an older version lacks (the 执行率 override's replaced score came with
 * 1.1): each gets its name, look and label at its template cell, moved as far as the other named cells of
 * its template row have moved (rows or columns inserted above or left of them), and only where that cell
 * is blank: a name never goes onto someone's figure.
 */
function addedCells(snapshot: WorkbookSnapshot, p: ProjectRead, resolve: Resolve): { actions: RepairAction[]; notFixed: string[] } {
  const actions: RepairAction[] = [];
  const notFixed: string[] = [];
  const blank = (sheet: string, address: string) => {
    const c = getCell(snapshot, sheet, address);
    return !c.formula && (c.value === null || c.value === "");
  };
  for (const f of PROJECT_INPUTS) {
    if (!f.bookkeeping || resolve(p.number, f.id)) continue;
    const spec = PROJECT_SHEET.cells.find((c) => "field" in c && c.field === f.id);
    if (!spec) continue;
    const at = parseCell(spec.at);
    const sibling = PROJECT_SHEET.cells.flatMap((c) => {
      if (!("field" in c) || c.field === f.id || parseCell(c.at).row !== at.row) return [];
      const now = resolve(p.number, c.field);
      return now ? [{ spec: parseCell(c.at), now }] : [];
    })[0];
    const row = sibling ? at.row + sibling.now.row - sibling.spec.row : 0;
    const col = sibling ? at.col + sibling.now.col - sibling.spec.col : 0;
    const sheet = sibling?.now.sheet ?? p.sheet;
    if (!sibling || !blank(sheet, cellAddress(row, col))) {
      notFixed.push(
        `工作表“${p.sheet}”缺少“${f.label}”（定义名称 ${projectName(p.number, f.id)}）：模板位置已有内容或已找不到，未自动添加，以免覆盖已填写的数据。没有它，该项调整得分不做过时检查。`,
      );
      continue;
    }
    actions.push(
      { kind: "name", name: projectName(p.number, f.id), sheet, ref: absolute(row, col) },
      { kind: "cell", sheet, address: cellAddress(row, col), style: "input", numFmt: NUMBER_FORMATS[projectFieldInfo(f.id).kind] },
    );
    // Its label, left of it as in the template, where that cell is blank too.
    const label = PROJECT_SHEET.cells.find((c) => parseCell(c.at).row === at.row && parseCell(c.at).col === at.col - 1);
    const labelAt = cellAddress(row, col - 1);
    if (label && ("text" in label || "labelOf" in label) && blank(sheet, labelAt)) {
      const text = "text" in label ? label.text : projectLabel(label.labelOf);
      actions.push({ kind: "cell", sheet, address: labelAt, style: label.style ?? "label", numFmt: "General", text });
    }
  }
  return { actions, notFixed };
}
