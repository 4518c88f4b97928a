import type { EvaluationResult } from "../domain";

/**
 * What the task pane shows and what it may ask for. The pane renders `PaneState` and calls
 * `PaneActions`; it never talks to Excel. The live session (Excel) and the preview session
 * (in-memory workbook) both implement this contract.
 */

export type HostKind = "excel" | "preview";

export type BindingStatus =
  /** Looking for the template in the open workbook. */
  | "detecting"
  /** The standard workbook is open and bound. */
  | "bound"
  /** The open workbook is not (yet) an evaluation workbook: offer 新建自评工作簿. */
  | "absent"
  /** Ours, but with broken parts (formulas overwritten, names deleted…): offer 修复模板. */
  | "damaged";

export type ParagraphStatus = "自动" | "已手动修改" | "数据已变";

export interface ParagraphView {
  key: string;
  level: "title" | "h1" | "h2" | "h3" | "body";
  text: string;
  status: ParagraphStatus;
  /** For 数据已变: the figures that no longer match, e.g. "29.86 → 29.85". */
  staleFigures?: string[];
}

export interface PaneState {
  host: HostKind;
  binding: BindingStatus;
  templateVersion?: string;
  /** Unit and year as read from the workbook. */
  unit?: { name: string; year: number };
  profile?: { id: string; name: string };
  result?: EvaluationResult;
  narrative: ParagraphView[];
  lastRecompute?: { at: number; ms: number };
  /** A long-running action in progress; the pane shows a spinner only after a short delay. */
  busy?: { label: string };
  /** A failure to show in a MessageBar, in plain Chinese. Cleared by the next successful action. */
  error?: { message: string; detail?: string };
  /**
   * False where the pane's webview ignores file downloads (Office for Mac: office-js #2700, closed as by
   * design; #4681): 导出 Word then copies the report text and says why.
   */
  canDownload?: boolean;
  /** The cell currently selected, for the preview grid. */
  selection?: string;
  /** The workbook's project sheets (项目支出绩效自评表), in the 汇总's order. */
  projects?: ProjectView[];
}

export interface ProjectView {
  /** Position in the evaluation's projects (and in the 汇总). */
  index: number;
  /** The sheet the project is on: actions name the project by it, so a stale list cannot hit another one. */
  sheet: string;
  /** 项目名称 ("" until filled in). */
  name: string;
  total: number;
  grade: string;
  /** 全年预算数 / 全年执行数 (万元) and 执行率 of 年度资金总额. */
  budget: number | null;
  actual: number | null;
  rate: number | null;
  /** The 项目名称 cell, e.g. "'档案经费'!B2": a project is renamed there. */
  nameCell?: string;
}

/** A project as the pane showed it when the user confirmed an action on it. */
export type ProjectRef = Pick<ProjectView, "index" | "sheet">;

/**
 * 新增项目 / 复制项目 / 删除项目. The pane asks for confirmation before calling them; a project is renamed in
 * its sheet's 项目名称 cell. Each resolves to the sheet added or removed.
 */
export interface ProjectActions {
  addProject(options?: { name?: string }): Promise<string>;
  copyProject(project: ProjectRef, options?: { name?: string }): Promise<string>;
  /** Fails, changing nothing, when `project` is no longer on that sheet (the list changed meanwhile). */
  removeProject(project: ProjectRef): Promise<string>;
}

export interface PaneActions {
  /** 新建自评工作簿: insert the standard template (optionally with the sample data). */
  createWorkbook(options?: { withSample?: boolean }): Promise<void>;
  /** 修复模板: restore formulas, names, validations; never touches an input. */
  repair(): Promise<void>;
  /** 立即重算: read everything again and recompute. */
  recompute(): Promise<void>;
  /**
   * 添加指标 / 删除指标: a row more at the end of the 绩效指标 table, or the row of the selected cell
   * deleted. Excel refuses table rows on the protected sheet, so these unprotect and protect it again.
   * Absent where the host cannot change tables (the pane then hides them).
   */
  addIndicator?(): Promise<void>;
  deleteIndicator?(): Promise<void>;
  /** Selects a cell given as "'预算执行'!D7" (a finding's ref.cell). */
  selectCell(cell: string): Promise<void>;
  /** Builds the .docx of the report; the Word export's code is loaded only when this is called. */
  exportWord(): Promise<{ fileName: string; bytes: Uint8Array }>;
  dismissError(): void;
}

export const INITIAL_STATE: PaneState = {
  host: "preview",
  binding: "detecting",
  narrative: [],
};

type Listener = () => void;

/** A minimal external store for useSyncExternalStore: immutable snapshots, synchronous notify. */
export class Store<T> {
  private listeners = new Set<Listener>();
  constructor(private state: T) {}
  get = (): T => this.state;
  set = (patch: Partial<T> | ((s: T) => Partial<T>)): void => {
    const next = typeof patch === "function" ? patch(this.state) : patch;
    this.state = { ...this.state, ...next };
    for (const l of this.listeners) l();
  };
  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
