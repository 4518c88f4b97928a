import { evaluate, hasDepartmentData, type EvaluationResult } from "../domain/engine";
import { linkFindings } from "../domain/finding-links";
import type { Finding } from "../domain/findings-types";
import { LEVEL_OF_LEVEL1 } from "../domain/formulas";
import type { EvaluationInput, RuleProfile } from "../domain/model";
import { mergeNarrative, type StoredParagraph } from "../domain/narrative-merge";
import { generateReport } from "../domain/narrative";
import { DEFAULT_PROFILE, findProfile } from "../domain/profiles";
import { CELL_TEXT_LIMIT, OUTPUT_SHEETS, fitCellText, type OutputSheets } from "../template/outputs";
import { quoteSheet } from "../template/addr";
import { finding } from "../domain/findings-types";
import { TemplateNotRecognizedError, readEvaluation, type ReadResult } from "../template/reader";
import { repairPlan } from "../template/repair";
import type { WorkbookSnapshot } from "../template/snapshot";
import type { CellWrite } from "../workbook/port";
import { changedOnly } from "../template/snapshot-cells";

/**
 * THE use case "evaluate a workbook": read → evaluate → checks → narrative → outputs. The CLI (evaluate
 * with or without --out, batch), the live session and the preview all come through here, so they
 * cannot disagree on a finding, a score or an exit code.
 */

export interface Evaluation {
  /** What the reader found in the workbook (inputs, profile, cells); for JSON input, the input itself. */
  read: ReadResult;
  /** The engine's result; `findings` is the one list from every source, linked and deduplicated. */
  result: EvaluationResult;
  /** The 自评报告 paragraphs: regenerated, with the user's own edits kept. */
  narrative: StoredParagraph[];
}

export interface WorkbookEvaluation extends Evaluation {
  /** Only the output cells whose content differs from the snapshot. */
  writes: CellWrite[];
  /** Every output cell as it should be: a file host rewrites them all, so every cached value is current. */
  desired: CellWrite[];
}

/** Evaluates what a reader read (or a JSON input), merging the report with the paragraphs stored so far. */
export function evaluateRead(read: ReadResult, stored: readonly StoredParagraph[] = []): Evaluation {
  return run(read, read.profile, stored);
}

function run(read: ReadResult, profile: RuleProfile | undefined, stored: readonly StoredParagraph[]): Evaluation {
  const result = evaluate(read.input, { ...(profile ? { profile } : {}), department: read.hasDepartment });
  const report = generateReport(read.input, result);
  const narrative = mergeNarrative([...stored], report.paragraphs, read.input, result);
  const placed = (f: Finding): Finding => {
    if (f.ref.cell) return f;
    const cell = read.cellOf(f.ref.field);
    return cell ? { ...f, ref: { ...f.ref, cell } } : f;
  };
  const indicators = read.input.indicators;
  // A file of project tables only has no department report to check.
  const reportFindings = read.hasDepartment ? report.findings : [];
  const findings = linkFindings([...read.findings, ...result.findings, ...reportFindings].map(placed), {
    levelOfIndicator: (i, project) => {
      const level1 = (project === undefined ? indicators : read.input.projects?.[project]?.indicators)?.[i]?.level1;
      return level1 ? LEVEL_OF_LEVEL1[level1] : undefined;
    },
  });
  return { read, result: { ...result, findings }, narrative };
}

/** A workbook snapshot from any host: the evaluation and the output cells to write. */
export function evaluateSnapshot(snapshot: WorkbookSnapshot, outputs: OutputSheets = OUTPUT_SHEETS): WorkbookEvaluation {
  const read = readEvaluation(snapshot);
  const evaluation = evaluateRead(read, read.hasDepartment ? outputs.readNarrative(snapshot, read) : []);
  // Asked of every workbook: a project form's overrides get their replaced scores stored too. The
  // department's output sheets exist only with the department form (read.sheets names none without it).
  const fitted = fitCellText(outputs.desired({ snapshot, ...evaluation }));
  const desired = fitted.writes;
  // One finding per cut row (a paragraph's text and its stored copy are cut together).
  const rows = new Map<string, { write: CellWrite; length: number }>();
  for (const c of fitted.cut) {
    const row = `${c.write.sheet}!${c.write.address.replace(/^[A-Z]+/, "")}`;
    if (!rows.has(row)) rows.set(row, c);
  }
  const cutFindings = [...rows.values()].map(({ write, length }) => {
    const cell = `${quoteSheet(write.sheet)}!${write.address}`;
    return finding("CELL_TEXT_TRUNCATED", `${cell} 的文字有 ${length} 个字符，超出 Excel 单元格上限 ${CELL_TEXT_LIMIT}，表中已截断。`, "narrative", cell);
  });
  const result = cutFindings.length > 0 ? { ...evaluation.result, findings: [...evaluation.result.findings, ...cutFindings] } : evaluation.result;
  return { ...evaluation, result, writes: changedOnly(snapshot, desired), desired };
}

/** A JSON input: the same evaluation as the workbook built from it, without cells. */
export function evaluateInput(input: EvaluationInput): Evaluation {
  // The engine resolves the profile named in the input itself, so an unknown name is a finding here too.
  const profile = typeof input.profile === "object" ? input.profile : (findProfile(input.profile ?? DEFAULT_PROFILE.id) ?? DEFAULT_PROFILE);
  const read: ReadResult = {
    input,
    profile,
    findings: [],
    formulaIssues: [],
    cellOf: () => undefined,
    version: null,
    sheets: { guide: null, basic: null, budget: null, indicators: null, issues: null, rules: null, selfTable: null, selfReport: null },
    indicatorRows: [],
    hasDepartment: hasDepartmentData(input),
    projects: [],
    orphanedReplacedScores: [],
  };
  return run(read, undefined, []);
}

/**
 * What a spreadsheet program shows in the workbook's formula cells after recalculating, computed by the
 * engine's own compiled formulas: every template formula (rates, scores, rule values, links, the
 * indicator table's computed columns, as 修复模板 would cache them) and every output cell. The browser
 * preview's memory workbook recalculates with it, so it shows what Excel would without a second evaluator.
 * `evaluation`: evaluateSnapshot of this snapshot, when the caller has it (the file host: not evaluated twice).
 */
export function recalculatedCells(snapshot: WorkbookSnapshot, evaluation?: WorkbookEvaluation): CellWrite[] {
  let template: CellWrite[];
  // A calculated column's one formula, with its "=" made once rather than once per row (~7 KB each).
  const prefixed = new Map<string, string>();
  const withEquals = (formula: string): string => {
    let f = prefixed.get(formula);
    if (f === undefined) prefixed.set(formula, (f = `=${formula.replace(/^=/, "")}`));
    return f;
  };
  try {
    template = repairPlan(snapshot, evaluation?.read).actions.flatMap((a) =>
      a.kind === "formula" ? [{ sheet: a.sheet, address: a.address, formula: withEquals(a.formula), ...(a.result !== undefined && a.result !== null ? { result: a.result } : {}) }] : [],
    );
  } catch (e) {
    if (e instanceof TemplateNotRecognizedError) return [];
    throw e;
  }
  return [...template, ...(evaluation ?? evaluateSnapshot(snapshot)).desired.filter((w) => w.formula !== undefined)];
}
