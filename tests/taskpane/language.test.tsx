// @vitest-environment happy-dom
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, test } from "vitest";
import { langFromTag, strings } from "../../src/taskpane/i18n";
import { demoSession } from "./demo-session";
import { renderPane } from "./render";

describe("language", () => {
  test("en-US: the pane's own strings in English, the engine's findings and report stay Chinese", async () => {
    await renderPane(demoSession(), "en-US");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Performance Self-Evaluation");
    // By accessible name: a Fluent Tab also renders a hidden bold copy of its label to reserve width.
    expect(screen.getAllByRole("tab")).toEqual(["Score", "Checks (3)", "Report"].map((name) => screen.getByRole("tab", { name })));
    expect(screen.getByTestId("standing").textContent).toBe("1 error(s): total not reliable yet");
    expect(screen.getByRole("button", { name: "Recompute now" })).toBeTruthy();
    expect(screen.getByTestId("last-recompute").textContent).toBe("Updated 14:03:21");
    expect(screen.getByTestId("level-execution").textContent).toContain("−1 points (adjusted by hand)");
    expect(screen.getByTestId("grade").textContent).toBe("优"); // the engine's grade, as submitted

    fireEvent.click(screen.getByRole("tab", { name: "Checks (3)" }));
    expect(screen.getAllByRole("heading", { level: 3 }).map((h) => h.textContent)).toEqual([
      "Errors (1)",
      "Warnings (1)",
      "Notes (1)",
    ]);
    expect(screen.getByTestId("findings-error").textContent).toContain("同一数字前后不一致");

    fireEvent.click(screen.getByRole("tab", { name: "Report" }));
    expect(screen.getByRole("button", { name: "Export Word" })).toBeTruthy();
    expect(screen.getByTestId("paragraph-s2.public").textContent).toContain("Data changed");
    expect(screen.getByRole("heading", { level: 4 }).textContent).toBe("一、基本情况");
  });

  test("zh-CN is the default, and the root element carries the language", async () => {
    const { container } = await renderPane(demoSession());
    expect(container.querySelector("[lang]")?.getAttribute("lang")).toBe("zh-CN");
    expect(screen.getAllByRole("tab")).toEqual(["评分", "检查 (3)", "报告"].map((name) => screen.getByRole("tab", { name })));
  });

  test.each([
    ["en-US", "en-US"],
    ["en-GB", "en-US"],
    ["EN", "en-US"],
    ["zh-CN", "zh-CN"],
    ["zh-TW", "zh-CN"],
    ["fr-FR", "zh-CN"],
    ["", "zh-CN"],
    [undefined, "zh-CN"],
  ])("Office display language %j → %s", (tag, lang) => {
    expect(langFromTag(tag)).toBe(lang);
  });

  test("both dictionaries have the same keys", () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v).map((s) => `${k}.${s}`) : [k])).sort();
    expect(keys(strings("en-US"))).toEqual(keys(strings("zh-CN")));
  });
});
