// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { demoSession, NARRATIVE } from "./demo-session";
import { renderPane } from "./render";

afterEach(() => {
  Reflect.deleteProperty(navigator, "clipboard");
});

test("Office for Mac (downloads ignored, office-js #2700 / #4681): 导出 Word copies the text and says why and what works", async () => {
  const writeText = vi.fn(async (_text: string) => undefined);
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  const click = vi.spyOn(HTMLAnchorElement.prototype, "click");
  const session = demoSession();
  session.store.set({ canDownload: false });
  await renderPane(session);
  fireEvent.click(screen.getByRole("tab", { name: "报告" }));
  fireEvent.click(screen.getByRole("button", { name: "导出 Word" }));
  await waitFor(() => expect(writeText).toHaveBeenCalledWith(NARRATIVE.map((p) => p.text).join("\n")));
  expect(click).not.toHaveBeenCalled();
  const bar = await screen.findByTestId("error-bar");
  expect(bar.textContent).toContain("Office for Mac");
  expect(bar.textContent).toContain("已复制到剪贴板");
});
