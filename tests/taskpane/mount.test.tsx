// @vitest-environment happy-dom
import { webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { act, fireEvent, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { INITIAL_STATE, Store, type PaneState } from "../../src/app/state";
import { clockTime, fromQuery, themeFromBackground } from "../../src/taskpane/environment";
import { detachedActions, mountPane, type MountedPane } from "../../src/taskpane/mount";
import { demoSession } from "./demo-session";
import "./render"; // console.error guard and cleanup

let pane: MountedPane | undefined;
afterEach(() => {
  act(() => pane?.unmount());
  pane = undefined;
  document.body.innerHTML = "";
});

/** The value FluentProvider gives a theme token (a CSS variable in a <style> for its own class). */
function themeToken(container: Element, token: string): string | undefined {
  const providerClass = [...container.firstElementChild!.classList].find((c) => /^fui-FluentProvider\w/.test(c));
  const style = providerClass ? (document.getElementById(providerClass) as HTMLStyleElement | null) : null;
  // Inserted either as text or through insertRule, depending on the DOM.
  const css = [style?.textContent ?? "", ...[...(style?.sheet?.cssRules ?? [])].map((r) => r.cssText)].join("\n");
  return new RegExp(`--${token}: ([^;]+);`).exec(css)?.[1];
}

function mountDetached(lang?: "zh-CN" | "en-US") {
  const container = document.body.appendChild(document.createElement("div"));
  const store = new Store<PaneState>({ ...INITIAL_STATE });
  act(() => {
    pane = mountPane(container, { store, actions: detachedActions(store, () => lang ?? "zh-CN"), lang });
  });
  return { store, container };
}

describe("mountPane and the session seam", () => {
  test("paints at once: connecting, actions disabled until a session is attached; a detached action says why", async () => {
    const { store } = mountDetached();
    expect(screen.getByTestId("connecting").textContent).toBe("正在连接工作簿，请稍候…");
    expect(document.documentElement.lang).toBe("zh-CN");
    await screen.findByRole("tablist");
    expect(screen.getByRole("button", { name: "立即重算" }).getAttribute("aria-disabled")).toBe("true");

    // Reached anyway (a keyboard shortcut, a stale handler): the detached action reports instead of failing silently.
    await act(() => detachedActions(store).recompute());
    const bar = await screen.findByTestId("error-bar");
    expect(bar.textContent).toContain("尚未连接工作簿");
    expect(store.get().error?.message).toBe("尚未连接工作簿");
    expect(screen.getAllByTestId("error-bar")).toHaveLength(1);
    fireEvent.click(within(bar).getByRole("button", { name: "关闭" }));
    expect(store.get().error).toBeUndefined();
  });

  test("a session that fails to load is said with 重试, which tries again", async () => {
    mountDetached();
    let tries = 0;
    act(() => pane!.setLoadFailure({ detail: "ChunkLoadError: Loading chunk preview failed.", retry: () => void tries++ }));
    const bar = await screen.findByTestId("error-bar");
    expect(bar.textContent).toContain("此部分界面未能加载");
    fireEvent.click(within(bar).getByRole("button", { name: "重试" }));
    expect(tries).toBe(1);
    act(() => pane!.setLoadFailure(undefined));
    expect(screen.queryByTestId("error-bar")).toBeNull();
  });

  test("detached exportWord reports and rejects (it has no bytes to give)", async () => {
    const store = new Store<PaneState>({ ...INITIAL_STATE });
    const actions = detachedActions(store, () => "en-US");
    await expect(actions.exportWord()).rejects.toThrow("Not connected to a workbook");
    expect(store.get().error?.message).toBe("Not connected to a workbook");
  });

  test("attach renders the session's store and actions and disposes the previous session", async () => {
    mountDetached();
    await screen.findByRole("tablist");
    const first = demoSession();
    act(() => pane!.attach(first));
    expect(pane!.store).toBe(first.store);
    expect(screen.queryByTestId("connecting")).toBeNull();
    expect(screen.getByTestId("total").textContent).toBe("99");
    fireEvent.click(screen.getByRole("button", { name: "立即重算" }));
    expect(first.actions.recompute).toHaveBeenCalledOnce();

    const second = demoSession();
    second.store.set({ binding: "damaged" });
    act(() => pane!.attach(second));
    expect(first.dispose).toHaveBeenCalledOnce();
    expect(screen.getByTestId("binding").textContent).toBe("模板受损");
    // The old store no longer drives the pane.
    act(() => first.store.set({ binding: "absent" }));
    expect(screen.getByTestId("binding").textContent).toBe("模板受损");

    act(() => pane!.unmount());
    pane = undefined;
    expect(second.dispose).toHaveBeenCalledOnce();
  });

  test("setAppearance switches language and theme after Office.onReady", async () => {
    const { container } = mountDetached();
    await screen.findByRole("tablist");
    expect(themeToken(container, "colorNeutralBackground1")).toBe(webLightTheme.colorNeutralBackground1);
    act(() => pane!.setAppearance({ lang: "en-US", theme: "dark" }));
    expect(screen.getByTestId("connecting").textContent).toBe("Connecting to the workbook…");
    expect(document.documentElement.lang).toBe("en-US");
    expect(themeToken(container, "colorNeutralBackground1")).toBe(webDarkTheme.colorNeutralBackground1);
  });
});

describe("environment", () => {
  test("?lang and ?theme in the preview page", () => {
    expect(fromQuery("?lang=en-US&theme=dark")).toEqual({ lang: "en-US", theme: "dark" });
    expect(fromQuery("?lang=zh-CN")).toEqual({ lang: "zh-CN" });
    expect(fromQuery("?theme=purple")).toEqual({});
    expect(fromQuery("")).toEqual({});
  });

  test.each([
    ["#FFFFFF", "light"], // 白色 / 彩色
    ["#E6E6E6", "light"], // 浅灰
    ["#444444", "dark"], // 深灰色
    ["#262626", "dark"],
    ["#000000", "dark"], // 黑色
    ["262626", "dark"],
    [undefined, "light"],
    ["", "light"],
    ["rgb(0,0,0)", "light"], // not a colour Office sends; fall back to light
  ])("Office body background %j → %s", (color, theme) => {
    expect(themeFromBackground(color)).toBe(theme);
  });

  test("clock time is HH:mm:ss, local", () => {
    expect(clockTime(new Date(2024, 0, 2, 9, 5, 7).getTime())).toBe("09:05:07");
    expect(clockTime(new Date(2024, 0, 2, 23, 59, 59).getTime())).toBe("23:59:59");
  });
});
