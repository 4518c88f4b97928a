import type ExcelJS from "exceljs";
import { evaluate } from "../domain/engine";
import type { ProjectInput } from "../domain/model";
import { planProjectSheet, projectSheetName } from "./project-plan";
import { planProjectSummarySheet } from "./project-summary-plan";
import { readEvaluation, type ReadResult } from "./reader";
import { snapshotFromExcelJs } from "./snapshot-exceljs";
import { FONT_NAME, FONT_SIZE, PROJECT_SHEET, PROJECT_SUMMARY_SHEET, STYLES } from "./spec";
import { addName, buildSheet } from "./xlsx";

/**
 * Adding, copying and removing projects in a workbook file (the CLI's `jixiao project`): the same
 * project plan as a new workbook, executed into the existing one; the 项目自评汇总 is rebuilt after each
 * change so its rows and totals cover exactly the projects there are.
 */

const LOOK = { styles: STYLES, font: { name: FONT_NAME, size: FONT_SIZE } };
const PREFIX = new RegExp(`^${PROJECT_SHEET.namePrefix}(\\d+)_`, "i");

export class ProjectOperationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectOperationError";
  }
}

type NameModel = Array<{ name: string; ranges: string[] }>;

function names(wb: ExcelJS.Workbook): NameModel {
  return wb.definedNames.model as NameModel;
}

function setNames(wb: ExcelJS.Workbook, model: NameModel): void {
  (wb.definedNames as unknown as { model: NameModel }).model = model;
}

function nextNumber(wb: ExcelJS.Workbook): number {
  let max = 0;
  for (const n of names(wb)) {
    const m = PREFIX.exec(n.name);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}

export interface ProjectAdded {
  number: number;
  sheetName: string;
}

/** Adds a project sheet (empty, or a copy of project `copyOf`'s contents under a new name). */
export function addProjectToExcelJs(wb: ExcelJS.Workbook, options: { name?: string; copyOf?: string } = {}): ProjectAdded {
  const read = readEvaluation(snapshotFromExcelJs(wb));
  let project: ProjectInput | undefined;
  if (options.copyOf !== undefined) {
    const source = read.projects.find((p) => p.input.name === options.copyOf || p.sheet === options.copyOf);
    if (!source) throw new ProjectOperationError(`找不到要复制的项目“${options.copyOf}”。现有项目：${read.projects.map((p) => p.input.name || p.sheet).join("、") || "（无）"}。`);
    project = { ...structuredClone(source.input), name: options.name ?? `${source.input.name}（副本）` };
  } else if (options.name) {
    project = { name: options.name, funds: { total: {} }, indicators: [] };
  }
  const number = nextNumber(wb);
  const sheetName = projectSheetName(project?.name ?? "", number, new Set(wb.worksheets.map((w) => w.name)));
  const planned = planProjectSheet({
    number,
    sheetName,
    profile: read.profile,
    ...(project ? { project, extraRows: project.indicators.length ? 3 : PROJECT_SHEET.table.emptyRows } : {}),
  });
  buildSheet(wb, LOOK, planned.sheet);
  for (const n of planned.names) addName(wb, n);
  rebuildProjectSummary(wb);
  return { number, sheetName };
}

/** Removes a project (by name or sheet name): its sheet, its names, its row of the 汇总. */
export function removeProjectFromExcelJs(wb: ExcelJS.Workbook, project: string): void {
  const read = readEvaluation(snapshotFromExcelJs(wb));
  const target = read.projects.find((p) => p.input.name === project || p.sheet === project);
  if (!target) throw new ProjectOperationError(`找不到项目“${project}”。现有项目：${read.projects.map((p) => p.input.name || p.sheet).join("、") || "（无）"}。`);
  const ws = wb.getWorksheet(target.sheet);
  if (ws) wb.removeWorksheet(ws.id);
  const prefix = `${PROJECT_SHEET.namePrefix}${target.number}_`.toLowerCase();
  setNames(wb, names(wb).filter((n) => !n.name.toLowerCase().startsWith(prefix)));
  rebuildProjectSummary(wb);
}

/** Replaces the 项目自评汇总 with one covering the workbook's projects now (none: no 汇总). */
export function rebuildProjectSummary(wb: ExcelJS.Workbook, read: ReadResult = readEvaluation(snapshotFromExcelJs(wb))): void {
  const old = wb.getWorksheet(PROJECT_SUMMARY_SHEET.name);
  if (old) wb.removeWorksheet(old.id);
  const own = new Set<string>(Object.values(PROJECT_SUMMARY_SHEET.names));
  setNames(wb, names(wb).filter((n) => !own.has(n.name)));
  if (read.projects.length === 0) return;
  const results = evaluate(read.input, { profile: read.profile, department: read.hasDepartment }).projects;
  const summary = planProjectSummarySheet(read.projects.map((p, i) => ({ number: p.number, ...(results[i] ? { result: results[i] } : {}) })));
  buildSheet(wb, LOOK, summary.sheet);
  for (const n of summary.names) addName(wb, n);
}
