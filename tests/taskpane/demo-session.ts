// TEMPORARY demo session for the pane's component tests, until the real sessions (Excel live session,
// in-memory preview session) exist. It implements the PaneState/PaneActions contract with the engine's
// real result for the reference sample, and records every action call.
import { vi, type Mock } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { INITIAL_STATE, Store, type PaneActions, type PaneState, type ParagraphView } from "../../src/app/state";
import { evaluate, evaluationInputSchema, finding, type Finding } from "../../src/domain";

/** The cell the engine's finding is pinned to in the demo (the workbook would say where). */
export const MISMATCH_CELL = "'预算执行'!D7";
export const FORMULA_CELL = "'自评表'!F12";
export const EXPORT_FILE = "中共雁峰区委办公室2023年度部门整体支出绩效自评报告.docx";

export const WORKBOOK_FINDINGS: Finding[] = [
  finding("FORMULA_MODIFIED", "“得分”列的公式被改动（现为 =9），计算结果可能与评分规则不符。请点击“修复模板”恢复公式。", "indicators[0].score", FORMULA_CELL),
  finding("VALUE_APPROXIMATE", "指标“办文数量”的实际完成值“30余次”是约数，按 30 计分。", "indicators[2].actual"),
];

export const NARRATIVE: ParagraphView[] = [
  { key: "title", level: "title", text: "中共雁峰区委办公室2023年度部门整体支出绩效自评报告", status: "自动" },
  { key: "s1", level: "h1", text: "一、基本情况", status: "自动" },
  { key: "s1.1", level: "h2", text: "（一）部门基本情况", status: "自动" },
  {
    key: "s2.basic",
    level: "body",
    text: "基本支出年初预算数454.99万元，全年预算数561.09万元，实际支出561.09万元，完成预算安排的100%。",
    status: "自动",
  },
  {
    key: "s2.public",
    level: "body",
    text: "日常公用经费29.86万元，占基本支出的5.32%。",
    status: "数据已变",
    staleFigures: ["29.86 → 29.85", "5.32% → 5.31%"],
  },
  { key: "s6", level: "body", text: "年中追加预算导致预算调整率为18.08%，今后将提高预算编制的准确性。", status: "已手动修改" },
];

export function demoState(): PaneState {
  const result = evaluate(evaluationInputSchema.parse(structuredClone(sample)));
  // The engine knows fields; the session knows cells. Pin the engine's finding to a cell as a session would.
  result.findings = [
    ...result.findings.map((f) => (f.code === "PUBLIC_EXPENSE_MISMATCH" ? { ...f, ref: { ...f.ref, cell: MISMATCH_CELL } } : f)),
    ...WORKBOOK_FINDINGS,
  ];
  return {
    ...INITIAL_STATE,
    host: "preview",
    binding: "bound",
    templateVersion: "1.0",
    unit: result.unit,
    profile: result.profile,
    result,
    narrative: NARRATIVE,
    lastRecompute: { at: new Date(2024, 2, 1, 14, 3, 21).getTime(), ms: 38 },
  };
}

export interface DemoSession {
  store: Store<PaneState>;
  actions: { [K in keyof PaneActions]: Mock<NonNullable<PaneActions[K]>> };
  dispose: Mock<() => void>;
}

export function demoSession(state: PaneState = demoState()): DemoSession {
  const store = new Store<PaneState>(state);
  const actions: DemoSession["actions"] = {
    createWorkbook: vi.fn<PaneActions["createWorkbook"]>(async () => store.set({ binding: "bound", error: undefined })),
    repair: vi.fn<PaneActions["repair"]>(async () => store.set({ binding: "bound", error: undefined })),
    recompute: vi.fn<PaneActions["recompute"]>(async () => store.set({ lastRecompute: { at: Date.now(), ms: 12 }, error: undefined })),
    selectCell: vi.fn<PaneActions["selectCell"]>(async (cell) => store.set({ selection: cell })),
    exportWord: vi.fn<PaneActions["exportWord"]>(async () => ({ fileName: EXPORT_FILE, bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04]) })),
    dismissError: vi.fn<PaneActions["dismissError"]>(() => store.set({ error: undefined })),
  };
  return { store, actions, dispose: vi.fn<() => void>() };
}
