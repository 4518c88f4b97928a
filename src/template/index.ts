/** The template API for files (CLI, tests, benchmark): core plus the ExcelJS executor and snapshot. */
export * from "./core";
export { buildXlsx, writeXlsxBuffer } from "./xlsx";
export { snapshotFromExcelJs } from "./snapshot-exceljs";
export { repairXlsx } from "./xlsx-repair";
export { loadXlsxFile, saveXlsxFile, WorkbookFileError } from "./file";
export { OUTPUT_SHEETS } from "./outputs";
export type { OutputSheets, OutputContext } from "./outputs";
export { applyWritesToExcelJs } from "./outputs-xlsx";
export { addProjectToExcelJs, removeProjectFromExcelJs, rebuildProjectSummary, ProjectOperationError } from "./project-file";
export type { ProjectAdded } from "./project-file";
