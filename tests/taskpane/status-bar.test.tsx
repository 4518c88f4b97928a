// @vitest-environment happy-dom
import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { demoSession } from "./demo-session";
import { renderPane } from "./render";

describe("status bar", () => {
  test("unit, year, profile and when the figures were updated; timings only under 诊断信息", async () => {
    await renderPane(demoSession());
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("绩效自评助手");
    expect(screen.getByTestId("unit-name").textContent).toBe("中共雁峰区委办公室");
    expect(screen.getByTestId("unit-year").textContent).toBe("2023年度");
    expect(screen.getByTestId("profile").textContent).toBe("评分规则：财预〔2020〕10号（默认）");
    expect(screen.getByTestId("last-recompute").textContent).toBe("14:03:21 已更新");
    // A workbook in order needs no badge; no machinery words anywhere outside the diagnostics.
    expect(screen.queryByTestId("binding")).toBeNull();
    const diagnostics = screen.getByTestId("diagnostics");
    expect(diagnostics.tagName).toBe("DETAILS");
    expect(diagnostics.textContent).toContain("上次重算耗时 38 毫秒");
    expect(within(diagnostics).getByTestId("template-version").textContent).toBe("模板 1.0");
    const outside = document.body.textContent!.replace(diagnostics.textContent!, "");
    for (const jargon of ["已绑定", "毫秒", "重新生成报告"]) expect(outside).not.toContain(jargon);
  });

  test.each([
    ["absent", "当前工作簿不是自评工作簿", ["新建自评工作簿"]],
    ["damaged", "模板受损", ["修复模板"]],
  ] as const)("binding %s: badge %s, buttons %j besides 立即重算", async (binding, text, extra) => {
    const session = demoSession();
    session.store.set({ binding });
    await renderPane(session);
    expect(screen.getByTestId("binding").textContent).toBe(text);
    for (const name of ["新建自评工作簿", "修复模板"]) {
      expect(screen.queryByRole("button", { name }) !== null, name).toBe((extra as readonly string[]).includes(name));
    }
    expect(screen.getByRole("button", { name: "立即重算" })).toBeTruthy();
  });

  test("while connecting: says so instead of 未识别单位, and every action is disabled with that reason", async () => {
    const session = demoSession({ ...demoSession().store.get(), binding: "detecting", result: undefined, unit: undefined, lastRecompute: undefined });
    await renderPane(session);
    expect(screen.getByTestId("connecting").textContent).toBe("正在连接工作簿，请稍候…");
    expect(document.body.textContent).not.toContain("未识别单位");
    const recompute = screen.getByRole("button", { name: "立即重算" });
    expect(recompute.getAttribute("aria-disabled")).toBe("true");
    expect(recompute.getAttribute("aria-describedby")).toBe("status-reason");
    fireEvent.click(recompute);
    expect(session.actions.recompute).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "更多操作" }));
    for (const item of screen.getAllByRole("menuitem")) {
      expect(item.getAttribute("aria-disabled")).toBe("true");
      expect(item.textContent).toContain("正在连接工作簿");
    }
  });

  test("the buttons call their actions and confirm in a toast", async () => {
    const session = demoSession();
    session.store.set({ binding: "absent" });
    await renderPane(session);
    fireEvent.click(screen.getByRole("button", { name: "新建自评工作簿" }));
    expect(session.actions.createWorkbook).toHaveBeenCalledWith({ withSample: false });
    expect((await screen.findByTestId("toast")).textContent).toContain("已新建自评工作簿。");
    act(() => session.store.set({ binding: "damaged" }));
    fireEvent.click(screen.getByRole("button", { name: "修复模板" }));
    expect(session.actions.repair).toHaveBeenCalledOnce();
    await screen.findByText("模板已修复，已填写的内容没有改动。");
    fireEvent.click(screen.getByRole("button", { name: "立即重算" }));
    expect(session.actions.recompute).toHaveBeenCalledOnce();
  });

  test("更多操作 works by keyboard; 新建 is disabled over an open workbook, saying why", async () => {
    const session = demoSession();
    await renderPane(session);
    const trigger = screen.getByRole("button", { name: "更多操作" });
    expect(trigger.getAttribute("aria-haspopup")).toBe("menu");
    expect(trigger.getAttribute("aria-expanded")).toBe("false");

    trigger.focus();
    fireEvent.keyDown(trigger, { key: "ArrowDown" });
    const menu = screen.getByRole("menu");
    const items = screen.getAllByRole("menuitem");
    expect(items.map((i) => i.textContent)).toEqual([
      "修复模板",
      "新建自评工作簿已打开自评工作簿，不需要新建。",
      "新建自评工作簿（含示例数据）已打开自评工作簿，不需要新建。",
    ]);
    expect(items.map((i) => i.getAttribute("aria-disabled"))).toEqual([null, "true", "true"]);
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    expect(document.activeElement).toBe(items[0]);
    fireEvent.keyDown(menu, { key: "ArrowDown" });
    expect(document.activeElement).toBe(items[1]);
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    fireEvent.keyDown(menu, { key: "ArrowUp" });
    expect(document.activeElement).toBe(items[2]); // wraps around
    fireEvent.click(items[2]!);
    expect(session.actions.createWorkbook).not.toHaveBeenCalled();
    fireEvent.keyDown(menu, { key: "Escape" });
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(trigger);

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

  test("unit and profile fall back to the result's; nothing computed yet says so", async () => {
    const session = demoSession();
    session.store.set({ unit: undefined, profile: undefined, lastRecompute: undefined, templateVersion: undefined });
    await renderPane(session);
    expect(screen.getByTestId("unit-name").textContent).toBe("中共雁峰区委办公室");
    expect(screen.getByTestId("profile").textContent).toBe("评分规则：财预〔2020〕10号（默认）");
    expect(screen.getByTestId("last-recompute").textContent).toBe("尚未计算");
    expect(screen.queryByTestId("diagnostics")).toBeNull();
  });
});
