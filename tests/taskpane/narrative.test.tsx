// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { demoSession, EXPORT_FILE, NARRATIVE } from "./demo-session";
import { renderPane } from "./render";

async function openReport(session = demoSession()) {
  await renderPane(session);
  fireEvent.click(screen.getByRole("tab", { name: "报告" }));
  return session;
}

function mockClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, "clipboard", { value: { writeText: vi.fn(writeText) }, configurable: true });
  return navigator.clipboard.writeText as ReturnType<typeof vi.fn>;
}

afterEach(() => {
  Reflect.deleteProperty(navigator, "clipboard");
});

describe("narrative preview", () => {
  test("placeholders 【请填写…】 are marked; 需要处理 shows only placeholders, stale and edited paragraphs", async () => {
    const session = demoSession();
    const withGap = { key: "s5.gap", level: "body" as const, text: "得分6分。扣4分，原因：【请填写扣分原因】。", status: "自动" as const };
    session.store.set({ narrative: [...NARRATIVE, withGap] });
    await openReport(session);
    const gap = screen.getByTestId("paragraph-s5.gap");
    expect(within(gap).getByTestId("placeholder").textContent).toBe("【请填写扣分原因】");
    expect(within(gap).getByTestId("placeholder").tagName).toBe("MARK");
    expect(gap.querySelector("[data-status]")?.textContent).toBe("待填写");
    expect(screen.getAllByTestId("placeholder")).toHaveLength(1);

    const filter = screen.getByRole("button", { name: "需要处理（3）" });
    expect(filter.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(filter);
    expect(filter.getAttribute("aria-pressed")).toBe("true");
    const shown = screen.getAllByTestId(/^paragraph-/).map((p) => p.getAttribute("data-testid"));
    expect(shown).toEqual(["paragraph-s2.public", "paragraph-s6", "paragraph-s5.gap"]);
    fireEvent.click(filter);
    expect(screen.getAllByTestId(/^paragraph-/)).toHaveLength(NARRATIVE.length + 1);
  });

  test("paragraph by paragraph, headings by level", async () => {
    await openReport();
    expect(screen.getByRole("heading", { level: 3 }).textContent).toBe(NARRATIVE[0]!.text);
    expect(screen.getByRole("heading", { level: 4 }).textContent).toBe("一、基本情况");
    expect(screen.getByRole("heading", { level: 5 }).textContent).toBe("（一）部门基本情况");
    const body = screen.getByTestId("paragraph-s2.basic");
    expect(body.querySelector("p")?.textContent).toBe(NARRATIVE[3]!.text);
  });

  test("a badge only where it says something; 数据已变 names the stale figures", async () => {
    await openReport();
    const badge = (key: string) => screen.getByTestId(`paragraph-${key}`).querySelector("[data-status]")!;
    expect(badge("title")).toBeNull();
    expect(badge("s2.basic")).toBeNull();
    expect(badge("s6").textContent).toBe("已手动修改");
    expect(badge("s2.public").textContent).toBe("数据已变");
    const stale = within(screen.getByTestId("paragraph-s2.public")).getByTestId("stale-figures");
    expect(stale.textContent).toBe("与表格不一致：29.86 → 29.85，5.32% → 5.31%");
    expect(screen.queryAllByTestId("stale-figures")).toHaveLength(1);
    expect(screen.getByTestId("stale-summary").textContent).toBe("1 段的数字已与表格不一致，请核对。");
  });

  test("the copy button of a paragraph copies its text through the Clipboard API", async () => {
    const writeText = mockClipboard(async () => undefined);
    await openReport();
    const button = within(screen.getByTestId("paragraph-s2.public")).getByRole("button", { name: "复制本段" });
    fireEvent.click(button);
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(NARRATIVE[4]!.text));
    await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toBe("已复制"));
  });

  test("when the Clipboard API is refused, copying falls back to execCommand", async () => {
    mockClipboard(async () => Promise.reject(new DOMException("denied", "NotAllowedError")));
    let copied: string | undefined;
    const exec = vi.fn((command: string) => {
      const area = document.querySelector("textarea");
      copied = area?.value.slice(area.selectionStart, area.selectionEnd);
      return command === "copy";
    });
    Object.defineProperty(document, "execCommand", { value: exec, configurable: true });
    try {
      await openReport();
      fireEvent.click(within(screen.getByTestId("paragraph-s1")).getByRole("button", { name: "复制本段" }));
      await waitFor(() => expect(exec).toHaveBeenCalledWith("copy"));
      expect(copied).toBe("一、基本情况");
      expect(document.querySelector("textarea")).toBeNull(); // the helper textarea is gone again
      await waitFor(() => expect(screen.getByTestId("copy-status").textContent).toBe("已复制"));
    } finally {
      Reflect.deleteProperty(document, "execCommand");
    }
  });

  test("when no way of copying works, the pane says so", async () => {
    mockClipboard(async () => Promise.reject(new Error("denied")));
    Object.defineProperty(document, "execCommand", { value: () => false, configurable: true });
    try {
      await openReport();
      fireEvent.click(screen.getByRole("button", { name: "复制全文" }));
      const bar = await screen.findByTestId("error-bar");
      expect(bar.textContent).toContain("复制失败");
    } finally {
      Reflect.deleteProperty(document, "execCommand");
    }
  });

  test("复制全文 copies every paragraph, one per line", async () => {
    const writeText = mockClipboard(async () => undefined);
    await openReport();
    fireEvent.click(screen.getByRole("button", { name: "复制全文" }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(NARRATIVE.map((p) => p.text).join("\n")));
  });

  test("导出 Word calls exportWord and downloads the bytes under the file name", async () => {
    const createObjectURL = vi.fn((_blob: Blob) => "blob:jixiao/1");
    Object.defineProperty(URL, "createObjectURL", { value: createObjectURL, configurable: true });
    Object.defineProperty(URL, "revokeObjectURL", { value: vi.fn(), configurable: true });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });

    const session = await openReport();
    fireEvent.click(screen.getByRole("button", { name: "导出 Word" }));
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(session.actions.exportWord).toHaveBeenCalledOnce();
    expect(clicked[0]!.download).toBe(EXPORT_FILE);
    expect(clicked[0]!.href).toBe("blob:jixiao/1");
    const blob = createObjectURL.mock.calls[0]![0];
    expect(blob.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    await waitFor(() => expect(screen.getByRole("button", { name: "导出 Word" })).toBeTruthy());
  });

  test("a failed export is shown, not swallowed", async () => {
    const session = demoSession();
    session.actions.exportWord.mockRejectedValueOnce(new Error("Packer.toBlob failed"));
    await openReport(session);
    fireEvent.click(screen.getByRole("button", { name: "导出 Word" }));
    const bar = await screen.findByTestId("error-bar");
    expect(bar.textContent).toContain("“导出 Word”未能完成。");
  });

  test("no narrative: says so and disables copy and export", async () => {
    const session = demoSession();
    session.store.set({ narrative: [] });
    await openReport(session);
    expect(screen.getByText("尚无报告内容。")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "导出 Word" }));
    expect(session.actions.exportWord).not.toHaveBeenCalled();
  });
});
