// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { finding } from "../../src/domain";
import { displayCell } from "../../src/taskpane/cells";
import { demoSession, FORMULA_CELL, MISMATCH_CELL, WORKBOOK_FINDINGS } from "./demo-session";
import { renderPane } from "./render";

async function openChecks(session = demoSession()) {
  await renderPane(session);
  fireEvent.click(screen.getByRole("tab", { name: /检查/ }));
  return session;
}

describe("findings", () => {
  test("the tab counts the one list of findings, each once", async () => {
    const session = demoSession();
    await renderPane(session);
    expect(screen.getByRole("tab", { name: "检查 (3)" })).toBeTruthy();
    const result = session.store.get().result!;
    act(() => session.store.set({ result: { ...result, findings: result.findings.filter((f) => !WORKBOOK_FINDINGS.includes(f)) } }));
    expect(screen.getByRole("tab", { name: "检查 (1)" })).toBeTruthy();
  });

  test("grouped 错误 / 警告 / 提示, each group a headed list with its count", async () => {
    await openChecks();
    const headings = screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent);
    expect(headings).toEqual(["错误（1）", "警告（1）", "提示（1）"]);
    for (const severity of ["error", "warning", "info"]) {
      const group = screen.getByTestId(`findings-${severity}`);
      expect(within(group).getAllByRole("list")).toHaveLength(1);
      expect(within(group).getAllByRole("listitem")).toHaveLength(1);
    }
    const error = screen.getByTestId("findings-error");
    expect(error.textContent).toContain("29.86万元");
    expect(error.textContent).toContain("预算执行!D7"); // the cell, without A1 quoting
  });

  test("clicking a finding selects its cell in the workbook", async () => {
    const session = await openChecks();
    fireEvent.click(within(screen.getByTestId("findings-warning")).getByRole("button"));
    expect(session.actions.selectCell).toHaveBeenCalledWith(FORMULA_CELL);
    fireEvent.click(within(screen.getByTestId("findings-error")).getByRole("button"));
    expect(session.actions.selectCell).toHaveBeenLastCalledWith(MISMATCH_CELL);
    expect(session.actions.selectCell).toHaveBeenCalledTimes(2);
  });

  test("each entry: what kind of problem, what is wrong here, the one-line fix, and a jump named by its text", async () => {
    await openChecks();
    const error = screen.getByTestId("findings-error");
    expect(error.textContent).toContain("两处日常公用经费不一致");
    expect(error.textContent).toContain("处理：统一“日常公用经费支出”与控制率口径的实际公用经费，或说明口径差异。");
    const jump = within(error).getByRole("button");
    expect(jump.textContent).toBe("定位到 预算执行!D7");
    // The spoken name is the visible text: no aria-label that says something else (or "。。").
    expect(jump.getAttribute("aria-label")).toBeNull();
    for (const button of screen.getAllByRole("button")) {
      const name = button.getAttribute("aria-label") ?? button.textContent ?? "";
      expect(name).not.toContain("。。");
    }
  });

  test("a finding without a cell is not a control and shows no field id", async () => {
    await openChecks();
    const info = screen.getByTestId("findings-info");
    expect(info.textContent).not.toContain("indicators[2]");
    expect(within(info).queryByRole("button")).toBeNull();
  });

  test("a count per severity above the groups", async () => {
    await openChecks();
    expect(screen.getByTestId("findings-counts").textContent).toBe("错误 1警告 1提示 1");
  });

  test("root causes first, the findings that follow from them beneath, errors before warnings", async () => {
    const session = demoSession();
    const cause = finding("WEIGHTS_LEVEL_MISMATCH", "产出指标的分值合计为55，一级指标权重为50。", "level.output.weight", "'绩效指标'!E20");
    const knock = {
      ...finding("SCORE_ABOVE_WEIGHT", "指标“办文数量”得分12超过分值10。", "indicators[1].score", "'绩效指标'!J5"),
      cause: { code: "WEIGHTS_LEVEL_MISMATCH" as const, field: "level.output.weight" },
    };
    const warning = finding("TARGET_OVERSHOOT", "指标“办会数量”实际值远超目标。", "indicators[3].actual", "'绩效指标'!H7");
    // The list as the use case gives it: errors first, root causes before knock-ons.
    session.store.set({ result: { ...session.store.get().result!, findings: [cause, knock, warning] } });
    await openChecks(session);
    const errors = screen.getByTestId("findings-error");
    expect(screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual(["错误（2）", "警告（1）"]);
    const entries = within(errors).getAllByTestId("finding");
    expect(entries[0]!.textContent).toContain("分值合计与一级指标权重不符");
    const consequences = within(errors).getByTestId("consequences");
    expect(within(consequences).getByTestId("finding").textContent).toContain("得分超过分值");
    expect(errors.textContent).toContain("由此引起的 1 项");
    // The counts count every finding, knock-ons included.
    expect(screen.getByTestId("findings-counts").textContent).toBe("错误 2警告 1提示 0");
  });

  test("no findings: says so", async () => {
    const session = demoSession();
    session.store.set({ result: { ...session.store.get().result!, findings: [] } });
    await openChecks(session);
    expect(screen.getByText("未发现问题。")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "检查 (0)" })).toBeTruthy();
  });

  test("a failing selectCell becomes a visible error", async () => {
    const session = demoSession();
    session.actions.selectCell.mockRejectedValueOnce(new Error("ItemNotFound: sheet 预算执行"));
    await openChecks(session);
    fireEvent.click(within(screen.getByTestId("findings-error")).getByRole("button"));
    const bar = await screen.findByTestId("error-bar");
    expect(bar.textContent).toContain("无法定位到单元格 预算执行!D7。");
  });
});

describe("displayCell", () => {
  test.each([
    ["'预算执行'!D7", "预算执行!D7"],
    ["'单位''s'!A1", "单位's!A1"],
    ["Sheet1!B2", "Sheet1!B2"],
    ["D7", "D7"],
  ])("%s → %s", (cell, shown) => expect(displayCell(cell)).toBe(shown));
});
