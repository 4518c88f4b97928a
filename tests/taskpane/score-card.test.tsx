// @vitest-environment happy-dom
import { act, screen, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { demoSession, demoState } from "./demo-session";
import { renderPane } from "./render";

describe("score card", () => {
  test("shows the total and grade big, and each level against its applicable weight", async () => {
    await renderPane(demoSession());
    expect(screen.getByTestId("total").textContent).toBe("99");
    expect(screen.getByTestId("grade").textContent).toBe("优");

    const execution = screen.getByTestId("level-execution");
    expect(execution.textContent).toContain("预算执行率");
    expect(execution.textContent).toContain("执行率 100%");
    expect(within(execution).getByTestId("level-score").textContent).toBe("9 / 10 分");
    expect(within(execution).getByTestId("level-deduction").textContent).toBe("扣 1 分");

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
