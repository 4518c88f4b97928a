// @vitest-environment happy-dom
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, test, vi } from "vitest";
import { demoSession } from "./demo-session";
import { renderPane } from "./render";

describe("添加指标 / 删除指标 (Excel refuses table rows on the protected sheet: the pane offers the actions)", () => {
  test("in Excel, on a bound workbook, the buttons call the session's actions", async () => {
    const session = demoSession();
    session.store.set({ host: "excel", binding: "bound" });
    const addIndicator = vi.fn(async () => undefined);
    const deleteIndicator = vi.fn(async () => undefined);
    await renderPane({ store: session.store, actions: { ...session.actions, addIndicator, deleteIndicator } });
    fireEvent.click(screen.getByRole("button", { name: "添加指标" }));
    fireEvent.click(screen.getByRole("button", { name: "删除指标" }));
    expect(addIndicator).toHaveBeenCalledTimes(1);
    expect(deleteIndicator).toHaveBeenCalledTimes(1);
  });

  test("not in the preview, nor before a workbook is bound", async () => {
    const session = demoSession();
    session.store.set({ host: "excel", binding: "absent" });
    await renderPane({ store: session.store, actions: { ...session.actions, addIndicator: vi.fn(), deleteIndicator: vi.fn() } });
    expect(screen.queryByRole("button", { name: "添加指标" })).toBeNull();
  });
});
