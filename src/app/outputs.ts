import type { EvaluationResult } from "../domain/engine";
import type { StoredParagraph } from "../domain/narrative-merge";
import type { ReadResult, WorkbookSnapshot } from "../template/core";
import type { CellWrite } from "../workbook/port";

/** What the add-in writes into the workbook besides the native formulas: the output sheets. */
export interface OutputContext {
  snapshot: WorkbookSnapshot;
  read: ReadResult;
  result: EvaluationResult;
  narrative: readonly StoredParagraph[];
  /** Fingerprint of the inputs the narrative was generated from (a formula compares it). */
  fingerprint: string;
}

export interface OutputSheets {
  /** The paragraphs the 自评报告 sheet holds now (empty when it was never generated). */
  readNarrative(snapshot: WorkbookSnapshot, read: ReadResult): StoredParagraph[];
  /** Every output cell as it should be; the session writes only those that differ. */
  desired(context: OutputContext): CellWrite[];
}
