/**
 * The host-neutral template API (no ExcelJS): the spec, the plan, the reader and the repair plan.
 * The Office.js host (src/excel/) imports from here; files use index.ts, which adds the ExcelJS executor.
 */
export * from "./spec";
export { planWorkbook, chooseProfile, ruleActiveFormula, UnknownProfileError } from "./plan";
export type { WorkbookPlan, SheetPlan, CellPlan, TablePlan, TableColumnPlan, ValidationPlan, NamePlan, PrintPlan, PlanValue, PlanOptions, ProfileChoice } from "./plan";
export type { WorkbookSnapshot, SnapshotSheet, SnapshotTable, SnapshotName, SnapshotValue } from "./snapshot";
export { readEvaluation, canonicalFormula, TemplateNotRecognizedError, REPAIRABLE_CODES } from "./reader";
export type { ReadResult, TableRowRead } from "./reader";
export { STRUCTURED_RESOLVER, TABLE_COLUMNS, fieldInfo, isFieldId, nameOf, scalarFormula, rowFormula } from "./fields";
export type { FieldInfo, TableColumnInfo } from "./fields";
export { FIELD_CELLS, indicatorLayout, listLayouts } from "./layout";
export { repairPlan } from "./repair";
export type { RepairPlan, RepairAction } from "./repair";
export { generateTemplateDoc } from "./doc";
