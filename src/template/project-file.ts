import type ExcelJS from "exceljs";
import { evaluate } from "../domain/engine";
import { planProjectChange, type ProjectChangeRequest, type SheetChange } from "./project-change";
import { planProjectSummarySheet } from "./project-summary-plan";
import { readEvaluation, type ReadResult } from "./reader";
import { snapshotFromExcelJs } from "./snapshot-exceljs";
import { FONT_NAME, FONT_SIZE, PROJECT_SUMMARY_SHEET, STYLES } from "./spec";
import { addName, buildSheet } from "./xlsx";

/**
 * Adding, copying and removing projects in a workbook file (the CLI's `jixiao project`): the same
 * SheetChange as the task pane's (template/project-change.ts), executed into the ExcelJS workbook; the
 * 项目自评汇总 is replaced after each change so its rows and totals cover exactly the projects there are.
 */

const LOOK = { styles: STYLES, font: { name: FONT_NAME, size: FONT_SIZE } };

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


export interface ProjectAdded {
  number: number;
  sheetName: string;
}

/** The project of this name or sheet name, by its index in read order. */
function findProject(read: ReadResult, project: string, what: string): number {
  const index = read.projects.findIndex((p) => p.input.name === project || p.sheet === project);
  if (index < 0) throw new ProjectOperationError(`找不到${what}“${project}”。现有项目：${read.projects.map((p) => p.input.name || p.sheet).join("、") || "（无）"}。`);
  return index;
}

/** Adds a project sheet (empty, or a copy of project `copyOf`'s contents under a new name). */
export function addProjectToExcelJs(wb: ExcelJS.Workbook, options: { name?: string; copyOf?: string } = {}): ProjectAdded {
  const snapshot = snapshotFromExcelJs(wb);
  const read = readEvaluation(snapshot);
  const request: ProjectChangeRequest =
    options.copyOf !== undefined
      ? { kind: "copy", index: findProject(read, options.copyOf, "要复制的项目"), ...(options.name ? { name: options.name } : {}) }
      : { kind: "add", ...(options.name ? { name: options.name } : {}) };
  const planned = planProjectChange(snapshot, request, read);
  applySheetChangeToExcelJs(wb, planned.change);
  return { number: planned.number, sheetName: planned.sheet };
}

/** Removes a project (by name or sheet name): its sheet, its names, its row of the 汇总. */
export function removeProjectFromExcelJs(wb: ExcelJS.Workbook, project: string): void {
  const snapshot = snapshotFromExcelJs(wb);
  const read = readEvaluation(snapshot);
  applySheetChangeToExcelJs(wb, planProjectChange(snapshot, { kind: "remove", index: findProject(read, project, "项目") }, read).change);
}

/** The file host's side of WorkbookPort.changeSheets: the same change as in Excel, into an ExcelJS workbook. */
export function applySheetChangeToExcelJs(wb: ExcelJS.Workbook, change: SheetChange): void {
  const gone = new Set(change.deleteNames.map((n) => n.toLowerCase()));
  setNames(wb, names(wb).filter((n) => !gone.has(n.name.toLowerCase())));
  for (const name of change.deleteSheets) {
    const ws = wb.getWorksheet(name);
    if (ws) wb.removeWorksheet(ws.id);
  }
  const look = { styles: change.insert.styles, font: change.insert.font };
  for (const sheet of change.insert.sheets) buildSheet(wb, look, sheet);
  for (const n of change.insert.names) addName(wb, n);
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
