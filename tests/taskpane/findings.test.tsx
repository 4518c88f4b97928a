// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
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

  test("Enter on a focused finding selects it, once", async () => {
    const session = await openChecks();
    const button = within(screen.getByTestId("findings-error")).getByRole("button");
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.keyDown(button, { key: "Enter" });
    expect(session.actions.selectCell).toHaveBeenCalledExactlyOnceWith(MISMATCH_CELL);
  });

  test("a finding without a cell names its field and is not a control", async () => {
    await openChecks();
    const info = screen.getByTestId("findings-info");
    expect(info.textContent).toContain("字段 indicators[2].actual");
    expect(within(info).queryByRole("button")).toBeNull();
  });

  test("the finding's button is labelled with message and destination", async () => {
    await openChecks();
    const button = within(screen.getByTestId("findings-warning")).getByRole("button");
    expect(button.getAttribute("aria-label")).toMatch(/公式被改动.*定位到 自评表!F12$/);
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
