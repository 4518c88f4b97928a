export type Severity = "error" | "warning" | "info";

export interface FieldRef {
  /** The field id, which is also the JSON path in the input model (e.g. "indicators[2].weight"). */
  field: string;
  /** The workbook cell, once a workbook is involved (e.g. "'预算执行'!D7"). */
  cell?: string;
}

export interface Finding {
  /** Stable identifier, for filters and tests; never reworded. */
  code: string;
  severity: Severity;
  /** Chinese: what is wrong and what to do. */
  message: string;
  ref: FieldRef;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
