// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { finding, type EvaluationResult, type Finding } from "../../src/domain";
import { demoSession, demoState, MISMATCH_CELL } from "./demo-session";
import { renderPane } from "./render";

/** The demo state with only the findings given (the sample's own error removed unless listed). */
function stateWith(findings: Finding[], patch: (r: EvaluationResult) => Partial<EvaluationResult> = () => ({})) {
  const state = demoState();
  const result = state.result!;
  state.result = { ...result, findings, ...patch(result) };
  return state;
}

describe("score card standing", () => {
  test("open errors: 有 N 项错误（总分暂不可信）, and a banner above the score with the first root cause and a jump", async () => {
    const session = demoSession();
    await renderPane(session);
    const standing = screen.getByTestId("standing");
    expect(standing.textContent).toBe("有 1 项错误（总分暂不可信）");
    const banner = screen.getByTestId("error-banner");
    expect(banner.textContent).toContain("有 1 项错误，总分和等级暂不可信");
    expect(banner.textContent).toContain("先处理：两处日常公用经费不一致");
    // Above the score, in document order.
    expect(banner.compareDocumentPosition(screen.getByTestId("total")) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    fireEvent.click(within(banner).getByRole("button", { name: "定位到 预算执行!D7" }));
    expect(session.actions.selectCell).toHaveBeenCalledWith(MISMATCH_CELL);
    fireEvent.click(within(banner).getByRole("button", { name: "查看全部检查结果" }));
    expect(screen.getByRole("tab", { name: /^检查/ }).getAttribute("aria-selected")).toBe("true");
  });

  test("the banner names the root cause, not a knock-on listed before it", async () => {
    const cause = finding("WEIGHTS_LEVEL_MISMATCH", "产出指标的分值合计为55，一级指标权重为50。", "level.output.weight", "'绩效指标'!E20");
    const knock = {
      ...finding("SCORE_ABOVE_WEIGHT", "指标“办文数量”得分12超过分值10。", "indicators[1].score", "'绩效指标'!J5"),
      cause: { code: "WEIGHTS_LEVEL_MISMATCH" as const, field: "level.output.weight" },
    };
    // The sample's own error comes first in the list, but explains nothing else: the weights explain a knock-on.
    const own = demoState().result!.findings.filter((f) => f.severity === "error");
    expect(own.map((f) => f.code)).toEqual(["PUBLIC_EXPENSE_MISMATCH"]);
    await renderPane(demoSession(stateWith([...own, cause, knock])));
    const banner = screen.getByTestId("error-banner");
    expect(banner.textContent).toContain("有 3 项错误");
    expect(banner.textContent).toContain("先处理：分值合计与一级指标权重不符");
  });

  test("no error but a score typed by hand: 含手工调整, the rule's score beside it, the reason, the rules' total", async () => {
    await renderPane(demoSession(stateWith([])));
    expect(screen.getByTestId("standing").textContent).toBe("含手工调整");
    expect(screen.queryByTestId("error-banner")).toBeNull();
    const adjustment = screen.getByTestId("adjustment-execution");
    expect(adjustment.textContent).toContain("预算执行率：调整为 9 分，按规则 10 分");
    expect(adjustment.textContent).toContain("理由：年初部门预算前瞻性有待进一步加强");
    expect(adjustment.getAttribute("data-stale")).toBe("false");
    expect(screen.getByTestId("rule-total").textContent).toBe("按规则 100");
  });

  test("a kept adjustment above what the rules now give is marked stale (the data moved under it)", async () => {
    // The execution rate fell: the rule gives 8.08 now, the hand-typed 9 is still there.
    await renderPane(demoSession(stateWith([], (r) => ({ execution: { ...r.execution, computedScore: 8.08 } }))));
    const adjustment = screen.getByTestId("adjustment-execution");
    expect(adjustment.textContent).toContain("调整为 9 分，按规则 8.08 分");
    expect(within(adjustment).getByTestId("adjustment-stale").textContent).toBe("数据已变：调整得分高于按规则得分，请核对");
    expect(screen.getByTestId("rule-total").textContent).toBe("按规则 98.08");
  });

  test("an adjustment the domain reports as stale (OVERRIDE_STALE) is marked, even below the rules' score", async () => {
    const stale = finding("OVERRIDE_STALE", "预算执行率调整得分9分是在按规则计10分时填写的……", "execution.override.score");
    await renderPane(demoSession(stateWith([stale], (r) => ({ execution: { ...r.execution, computedScore: 9.5 } }))));
    const adjustment = screen.getByTestId("adjustment-execution");
    expect(adjustment.getAttribute("data-stale")).toBe("true");
    expect(within(adjustment).getByTestId("adjustment-stale")).toBeTruthy();
  });

  test("no error, no adjustment: 可上报", async () => {
    await renderPane(demoSession(stateWith([], (r) => ({ execution: { ...r.execution, override: null, computedScore: r.execution.score } }))));
    expect(screen.getByTestId("standing").textContent).toBe("可上报");
    expect(screen.queryByTestId("adjustments")).toBeNull();
    expect(screen.queryByTestId("rule-total")).toBeNull();
  });

  test("score and grade are announced in a polite live region when they change", async () => {
    const session = demoSession();
    await renderPane(session);
    const live = screen.getByTestId("score-announcement");
    expect(live.getAttribute("aria-live")).toBe("polite");
    expect(live.textContent).toBe("总分 99，等级 优");
    act(() => session.store.set({ result: { ...session.store.get().result!, total: 86, grade: "良" } }));
    expect(live.textContent).toBe("总分 86，等级 良");
    expect(screen.getByRole("main").contains(live)).toBe(true);
  });
});

describe("score card", () => {
  test("shows the total and grade big, and each level against its applicable weight", async () => {
    await renderPane(demoSession());
    expect(screen.getByTestId("total").textContent).toBe("99");
    expect(screen.getByTestId("grade").textContent).toBe("优");

    const execution = screen.getByTestId("level-execution");
    expect(execution.textContent).toContain("预算执行率");
    expect(execution.textContent).toContain("执行率 100%");
    expect(within(execution).getByTestId("level-score").textContent).toBe("9 / 10 分");
    expect(within(execution).getByTestId("level-deduction").textContent).toBe("扣 1 分（手工调整）");

    for (const [id, text] of [
      ["output", "50 / 50 分"],
      ["effect", "30 / 30 分"],
      ["satisfaction", "10 / 10 分"],
    ]) {
      const row = screen.getByTestId(`level-${id}`);
      expect(within(row).getByTestId("level-score").textContent).toBe(text);
      expect(within(row).getByTestId("level-deduction").textContent).toBe("未扣分");
    }
  });

  test("a bar per level, labelled for screen readers, filled to score ÷ applicable weight", async () => {
    await renderPane(demoSession());
    const bars = screen.getAllByRole("progressbar");
    expect(bars.map((b) => b.getAttribute("aria-label"))).toEqual([
      "预算执行率：得 9 分，满分 10 分",
      "产出指标：得 50 分，满分 50 分",
      "效益指标：得 30 分，满分 30 分",
      "满意度指标：得 10 分，满分 10 分",
    ]);
    expect(bars[0]!.getAttribute("aria-valuenow")).toBe("0.9");
    expect(bars[1]!.getAttribute("aria-valuenow")).toBe("1");
  });

  test("deductions are shown with decimals, a not-applicable level without a bar", async () => {
    const state = demoState();
    const result = state.result!;
    result.levels = result.levels.map((l) =>
      l.id === "output" ? { ...l, score: 45.5, deduction: 4.5 } : l.id === "satisfaction" ? { ...l, applicableWeight: 0, score: 0, deduction: 0 } : l,
    );
    await renderPane(demoSession(state));
    const output = screen.getByTestId("level-output");
    expect(within(output).getByTestId("level-score").textContent).toBe("45.5 / 50 分");
    expect(within(output).getByTestId("level-deduction").textContent).toBe("扣 4.5 分");
    const satisfaction = screen.getByTestId("level-satisfaction");
    expect(within(satisfaction).getByTestId("level-score").textContent).toBe("不适用");
    expect(within(satisfaction).queryByRole("progressbar")).toBeNull();
  });

  test("without a result it says there is none yet, and updates when the store gets one", async () => {
    const session = demoSession({ ...demoState(), result: undefined, binding: "detecting" });
    await renderPane(session);
    expect(screen.getByText("尚无评分结果：请打开或新建自评工作簿。")).toBeTruthy();
    act(() => session.store.set({ result: demoState().result, binding: "bound" }));
    expect(screen.getByTestId("total").textContent).toBe("99");
  });
});
