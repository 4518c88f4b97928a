// @vitest-environment happy-dom
import { act, fireEvent, screen } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { SPINNER_DELAY_MS } from "../../src/taskpane/components/BusyIndicator";
import { demoSession } from "./demo-session";
import { renderPane } from "./render";

afterEach(() => {
  vi.useRealTimers();
});

describe("errors", () => {
  test("state.error shows in an error MessageBar with its detail folded", async () => {
    const session = demoSession();
    session.store.set({ error: { message: "工作表“自评表”被删除，无法读取指标。", detail: "ItemNotFound: 自评表" } });
    await renderPane(session);
    const bar = screen.getByTestId("error-bar");
    expect(bar.textContent).toContain("出错了");
    expect(bar.textContent).toContain("工作表“自评表”被删除，无法读取指标。");

    const toggle = screen.getByRole("button", { name: "显示详情" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    const detail = document.getElementById(toggle.getAttribute("aria-controls")!)!;
    expect(detail.hidden).toBe(true);
    expect(detail.textContent).toBe("ItemNotFound: 自评表");

    fireEvent.click(toggle);
    expect(screen.getByRole("button", { name: "收起详情" }).getAttribute("aria-expanded")).toBe("true");
    expect(detail.hidden).toBe(false);
  });

  test("dismissing calls actions.dismissError, and the bar goes when the state clears it", async () => {
    const session = demoSession();
    session.store.set({ error: { message: "读取失败" } });
    await renderPane(session);
    expect(screen.queryByRole("button", { name: "显示详情" })).toBeNull(); // no detail, no toggle
    fireEvent.click(screen.getByRole("button", { name: "关闭" }));
    expect(session.actions.dismissError).toHaveBeenCalledOnce();
    expect(screen.queryByTestId("error-bar")).toBeNull();
  });

  test("a rejected action becomes a visible error in plain Chinese, the technical text as detail", async () => {
    const session = demoSession();
    session.actions.recompute.mockRejectedValueOnce(Object.assign(new Error("The request failed"), { code: "GeneralException" }));
    await renderPane(session);
    fireEvent.click(screen.getByRole("button", { name: "立即重算" }));
    const bar = await screen.findByTestId("error-bar");
    expect(bar.textContent).toContain("“立即重算”未能完成。");
    fireEvent.click(screen.getByRole("button", { name: "显示详情" }));
    expect(bar.textContent).toContain("[GeneralException] The request failed");
    // It stays until dismissed or until an action succeeds.
    fireEvent.click(screen.getByRole("button", { name: "立即重算" }));
    await vi.waitFor(() => expect(screen.queryByTestId("error-bar")).toBeNull(), { timeout: 20_000 });
  });

  test("an action that reports its own error is not reported twice", async () => {
    const session = demoSession();
    session.actions.repair.mockImplementationOnce(async () => {
      session.store.set({ error: { message: "修复失败：工作簿受保护。" } });
      throw new Error("protected");
    });
    await renderPane(session);
    fireEvent.click(screen.getByRole("button", { name: "更多操作" }));
    fireEvent.click(screen.getByRole("menuitem", { name: "修复模板" }));
    await vi.waitFor(() => expect(session.actions.repair).toHaveBeenCalled(), { timeout: 20_000 });
    await act(async () => {});
    const bars = screen.getAllByTestId("error-bar");
    expect(bars).toHaveLength(1);
    expect(bars[0]!.textContent).toContain("修复失败：工作簿受保护。");
  });
});

describe("busy spinner", () => {
  test(`appears only when busy lasts longer than ${SPINNER_DELAY_MS} ms, and goes when busy ends`, async () => {
    const session = demoSession();
    await renderPane(session);
    vi.useFakeTimers();

    // A quick action: no spinner at all.
    act(() => session.store.set({ busy: { label: "正在重算…" } }));
    act(() => vi.advanceTimersByTime(SPINNER_DELAY_MS - 50));
    expect(screen.queryByTestId("busy-spinner")).toBeNull();
    act(() => session.store.set({ busy: undefined }));
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.queryByTestId("busy-spinner")).toBeNull();

    // A slow one: the spinner with the action's label after the delay.
    act(() => session.store.set({ busy: { label: "正在重算…" } }));
    act(() => vi.advanceTimersByTime(SPINNER_DELAY_MS - 1));
    expect(screen.queryByTestId("busy-spinner")).toBeNull();
    act(() => vi.advanceTimersByTime(1));
    expect(screen.getByTestId("busy-spinner").textContent).toContain("正在重算…");
    // The label may change while busy without restarting the delay.
    act(() => session.store.set({ busy: { label: "正在写入报告…" } }));
    expect(screen.getByTestId("busy-spinner").textContent).toContain("正在写入报告…");

    act(() => session.store.set({ busy: undefined }));
    expect(screen.queryByTestId("busy-spinner")).toBeNull();
  });

  test("while busy, the action buttons do nothing (no double runs)", async () => {
    const session = demoSession();
    session.store.set({ busy: { label: "正在重算…" } });
    await renderPane(session);
    fireEvent.click(screen.getByRole("button", { name: "立即重算" }));
    expect(session.actions.recompute).not.toHaveBeenCalled();
  });
});
