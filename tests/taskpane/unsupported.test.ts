/**
 * src/taskpane/unsupported.js: the pane's first script. Excel 2016/2019 volume-licensed renders add-ins in
 * IE11 (Trident) and Office 2016/2019 retail without WebView2 in Edge Legacy (EdgeHTML)
 * (https://learn.microsoft.com/office/dev/add-ins/concepts/browsers-used-by-office-web-add-ins); the
 * ES2022 bundle cannot parse there. This script must parse as ES5 and say in Chinese what is needed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { parse } from "acorn";
import { describe, expect, test } from "vitest";

const code = readFileSync(resolve(__dirname, "../../src/taskpane/unsupported.js"), "utf8");

function runWith(userAgent: string, modern: boolean): { text: string; flagged: boolean } {
  const root = { text: "", attrs: {} as Record<string, string>, style: {} as Record<string, string> };
  const element = {
    style: root.style,
    setAttribute: (k: string, v: string) => (root.attrs[k] = v),
    set innerHTML(v: string) {
      root.text = v;
    },
    appendChild: (node: { data: string }) => (root.text += node.data),
  };
  const window: Record<string, unknown> = { navigator: { userAgent } };
  runInNewContext(code, {
    window,
    document: { readyState: "complete", getElementById: () => element, body: element, createTextNode: (data: string) => ({ data }) },
    // An old engine: no ES2022 library (Object.hasOwn).
    Object: modern ? Object : {},
    Array,
  });
  return { text: root.text, flagged: window.__jixiaoUnsupported === true };
}

describe("the engine check before the bundle", () => {
  test("parses as ES5 (IE11 parses nothing newer)", () => {
    expect(() => parse(code, { ecmaVersion: 5 })).not.toThrow();
  });

  test("IE11 (Trident) and Edge Legacy get a Chinese message naming the Office and runtime needed", () => {
    const ie = runWith("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", false);
    expect(ie.flagged).toBe(true);
    expect(ie.text).toMatch(/Internet Explorer 11/);
    expect(ie.text).toMatch(/Office 2021/);
    expect(ie.text).toMatch(/WebView2/);
    const edge = runWith("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0 Safari/537.36 Edge/18.19041", false);
    expect(edge.text).toMatch(/EdgeHTML/);
  });

  test("WebView2 (Chromium Edge, \"Edg/\") is left alone", () => {
    const ok = runWith("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0", true);
    expect(ok).toEqual({ text: "", flagged: false });
  });
});
