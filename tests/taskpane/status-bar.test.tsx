// @vitest-environment happy-dom
import { act, fireEvent, screen } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { demoSession } from "./demo-session";
import { renderPane } from "./render";

describe("status bar", () => {
  test("unit, year, template version, binding, profile and the last recompute", async () => {
    await renderPane(demoSession());
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("绩效自评助手");
    expect(screen.getByTestId("unit-name").textContent).toBe("中共雁峰区委办公室");
    expect(screen.getByTestId("unit-year").textContent).toBe("2023年度");
    expect(screen.getByTestId("template-version").textContent).toBe("模板 1.0");
    expect(screen.getByTestId("binding").textContent).toBe("已绑定");
    expect(screen.getByTestId("profile").textContent).toBe("评分规则：财预〔2020〕10号（默认）");
    expect(screen.getByTestId("last-recompute").textContent).toBe("上次重算 14:03:21（38 毫秒）");
  });

  test.each([
    ["detecting", "正在检测工作簿…", []],
    ["bound", "已绑定", []],
    ["absent", "未找到自评工作簿", ["新建自评工作簿"]],
    ["damaged", "模板受损", ["修复模板"]],
  ] as const)("binding %s: 状态 %s, buttons %j besides 立即重算", async (binding, text, extra) => {
    const session = demoSession();
    session.store.set({ binding });
    await renderPane(session);
    expect(screen.getByTestId("binding").textContent).toBe(text);
    for (const name of ["新建自评工作簿", "修复模板"]) {
      expect(screen.queryByRole("button", { name }) !== null, name).toBe((extra as readonly string[]).includes(name));
    }
    expect(screen.getByRole("button", { name: "立即重算" })).toBeTruthy();
  });

  test("the buttons call their actions", async () => {
    const session = demoSession();
    session.store.set({ binding: "absent" });
    await renderPane(session);
    fireEvent.click(screen.getByRole("button", { name: "新建自评工作簿" }));
    expect(session.actions.createWorkbook).toHaveBeenCalledWith({ withSample: false });
    await screen.findByText("已绑定");
    act(() => session.store.set({ binding: "damaged" }));
    fireEvent.click(screen.getByRole("button", { name: "修复模板" }));
    expect(session.actions.repair).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole("button", { name: "立即重算" }));
    expect(session.actions.recompute).toHaveBeenCalledOnce();
  });

  test("修复模板 is always in the 更多操作 menu, which works by keyboard", async () => {
    const session = demoSession();
    await renderPane(session);
    const trigger = screen.getByRole("button", { name: "更多操作" });
    expect(trigger.getAttribute("aria-haspopup")).toBe("menu");
    expect(trigger.getAttribute("aria-expanded")).toBe("false");

    trigger.focus();
    fireEvent.keyDown(trigger, { key: "ArrowDown" });
    const menu = screen.getByRole("menu");
    const items = screen.getAllByRole("menuitem");
    expect(items.map((i) => i.textContent)).toEqual(["修复模板", "新建自评工作簿", "新建自评工作簿（含示例数据）"]);
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    expect(document.activeElement).toBe(items[2]); // wraps around
    fireEvent.keyDown(menu, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(trigger);

    fireEvent.click(trigger);
    fireEvent.click(screen.getByRole("menuitem", { name: "新建自评工作簿（含示例数据）" }));
    expect(session.actions.createWorkbook).toHaveBeenCalledWith({ withSample: true });
    expect(screen.queryByRole("menu")).toBeNull();

    fireEvent.click(trigger);
    fireEvent.click(screen.getByRole("menuitem", { name: "修复模板" }));
    expect(session.actions.repair).toHaveBeenCalledOnce();
  });

  test("a click outside closes the menu", async () => {
    await renderPane(demoSession());
    fireEvent.click(screen.getByRole("button", { name: "更多操作" }));
    expect(screen.getByRole("menu")).toBeTruthy();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole("menu")).toBeNull();
  });

  test("unit and profile fall back to the result's; nothing recomputed yet says so", async () => {
    const session = demoSession();
    session.store.set({ unit: undefined, profile: undefined, lastRecompute: undefined, templateVersion: undefined });
    await renderPane(session);
    expect(screen.getByTestId("unit-name").textContent).toBe("中共雁峰区委办公室");
    expect(screen.getByTestId("profile").textContent).toBe("评分规则：财预〔2020〕10号（默认）");
    expect(screen.getByTestId("last-recompute").textContent).toBe("尚未重算");
    expect(screen.queryByTestId("template-version")).toBeNull();
  });
});
