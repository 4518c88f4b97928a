import { FINDING_CATALOGUE, type FindingCode, type Severity } from "./finding-catalogue";

export type { FindingCode, Severity } from "./finding-catalogue";

export interface FieldRef {
  /** The field id, which is also the JSON path in the input model (e.g. "indicators[2].weight"). */
  field: string;
  /** The workbook cell, once a workbook is involved (e.g. "'预算执行'!D7"). */
  cell?: string;
}

export interface Finding {
  /** Stable identifier from the finding catalogue, for filters and tests; never reworded. */
  code: FindingCode;
  /** Always the catalogue's severity for the code. */
  severity: Severity;
  /** Chinese: what is wrong here and what to do. */
  message: string;
  ref: FieldRef;
  /** The root cause this finding follows from, when that cause is among the findings (see linkFindings). */
  cause?: { code: FindingCode; field: string };
}

/** A finding with its severity from the catalogue. */
export function finding(code: FindingCode, message: string, field: string, cell?: string): Finding {
  return { code, severity: FINDING_CATALOGUE[code].severity, message, ref: cell ? { field, cell } : { field } };
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
