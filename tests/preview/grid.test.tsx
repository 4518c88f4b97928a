// @vitest-environment happy-dom
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { INITIAL_STATE, Store, type PaneState } from "../../src/app/state";
import { evaluate, evaluationInputSchema } from "../../src/domain";
import { PreviewGrid } from "../../src/preview/PreviewGrid";
import { createPreviewSession, type GridSource } from "../../src/preview/session";
import { planWorkbook } from "../../src/template/core";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { evaluateSnapshot, recalculatedCells } from "../../src/app/evaluate-workbook";
import { parseRange } from "../../src/template/addr";

const input = evaluationInputSchema.parse(sample);
const plan = planWorkbook(input);

let consoleErrors: string[] = [];

// React reports invalid nesting, missing keys and updates outside act() on console.error: each is a bug.
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void consoleErrors.push(args.map(String).join(" ").slice(0, 300)));
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  expect(consoleErrors).toEqual([]);
});

/** The workbook as the session leaves it (the plan applied), without a session: the grid alone. */
async function setup(result = evaluate(input), given?: MemoryWorkbook) {
  const workbook = given ?? new MemoryWorkbook();
  if (!given) await workbook.applyPlan(plan);
  const source: GridSource = { workbook, plan, extraAddresses: () => [] };
  const store = new Store<PaneState>({ ...INITIAL_STATE, binding: "bound", result });
  const userEdit = vi.spyOn(workbook, "userEdit");
  render(
    <FluentProvider theme={webLightTheme}>
      <PreviewGrid source={source} store={store} />
    </FluentProvider>,
  );
  // The grid subscribes to the workbook's events after its first render.
  await act(async () => undefined);
  return { workbook, store, userEdit };
}

const table = () => screen.getByRole("table");
const cell = (address: string) => table().querySelector<HTMLTableCellElement>(`td[data-address="${address}"]`)!;

async function showSheet(name: string) {
  await act(async () => fireEvent.click(screen.getByRole("tab", { name })));
  expect(table().getAttribute("data-sheet")).toBe(name);
}

/** Types into a cell's editor and presses Enter (or leaves the cell). */
async function typeInto(address: string, text: string, commit: "Enter" | "blur" | "Escape" = "Enter") {
  const editor = within(cell(address)).getByRole("textbox");
  await act(async () => {
    fireEvent.focus(editor);
    fireEvent.change(editor, { target: { value: text } });
    if (commit === "blur") fireEvent.blur(editor);
    else fireEvent.keyDown(editor, { key: commit });
  });
}

describe("the preview grid", () => {
  test("one tab per sheet; Excel's column letters and row numbers; opens on the first sheet with inputs", async () => {
    const { workbook } = await setup();
    const tabs = within(screen.getByRole("tablist", { name: "工作表" })).getAllByRole("tab");
    expect(tabs.map((t) => t.getAttribute("data-sheet-tab"))).toEqual(workbook.sheetNames());
    expect(table().getAttribute("data-sheet")).toBe("基本情况");
    const heads = within(table()).getAllByRole("columnheader").map((h) => h.textContent);
    expect(heads).toEqual(["", "A", "B"]);
    expect(within(table()).getAllByRole("rowheader")[0]!.textContent).toBe("1");
    // Merged title A1:B1 spans both columns.
    expect(cell("A1").colSpan).toBe(2);
    expect(cell("A1").textContent).toBe("一、基本情况");
  });

  test("inputs are labelled with their sheet, cell and field", async () => {
    await setup();
    await showSheet("预算执行");
    const editor = screen.getByRole("textbox", { name: "预算执行!B12 日常公用经费支出" });
    expect((editor as HTMLInputElement).value).toBe("29.86");
  });

  test("a number typed into a numeric cell is stored as a number", async () => {
    const { userEdit } = await setup();
    await showSheet("预算执行");
    await typeInto("B12", "29.85");
    expect(userEdit).toHaveBeenLastCalledWith("预算执行", "B12", 29.85);
    await typeInto("B4", "1,234.5", "blur");
    expect(userEdit).toHaveBeenLastCalledWith("预算执行", "B4", 1234.5);
    // The grid shows the new value at once.
    expect((within(cell("B12")).getByRole("textbox") as HTMLInputElement).value).toBe("29.85");
  });

  test("a percent cell takes 95 and 95% as 0.95, like Excel's percent entry", async () => {
    const { userEdit } = await setup();
    await showSheet("绩效指标");
    await typeInto("G25", "95");
    expect(userEdit).toHaveBeenLastCalledWith("绩效指标", "G25", 0.95);
    await typeInto("G25", "96%");
    expect(userEdit).toHaveBeenLastCalledWith("绩效指标", "G25", 0.96);
  });

  test("text stays text: in a text cell digits and a leading = are not parsed", async () => {
    const { userEdit } = await setup();
    await typeInto("B4", "=SUM(A1)");
    expect(userEdit).toHaveBeenLastCalledWith("基本情况", "B4", "=SUM(A1)");
    await typeInto("B5", "123");
    expect(userEdit).toHaveBeenLastCalledWith("基本情况", "B5", "123");
    // In a numeric cell, words are text too (the engine reports them).
    await showSheet("预算执行");
    await typeInto("B12", "约30万元");
    expect(userEdit).toHaveBeenLastCalledWith("预算执行", "B12", "约30万元");
  });

  test("Esc cancels an entry; an unchanged entry writes nothing; clearing writes an empty cell", async () => {
    const { userEdit } = await setup();
    await showSheet("预算执行");
    await typeInto("B12", "1", "Escape");
    expect((within(cell("B12")).getByRole("textbox") as HTMLInputElement).value).toBe("29.86");
    await typeInto("B12", "29.86");
    expect(userEdit).not.toHaveBeenCalled();
    await typeInto("B12", "");
    expect(userEdit).toHaveBeenLastCalledWith("预算执行", "B12", "");
  });

  test("dropdown cells offer the template's choices and store the text chosen", async () => {
    const { userEdit } = await setup();
    await showSheet("绩效指标");
    const tier = within(cell("I12")).getByRole("combobox") as HTMLSelectElement;
    expect([...tier.options].map((o) => o.value)).toEqual(["", "达成年度指标", "部分达成并具有一定效果", "未达成且效果较差"]);
    expect(tier.value).toBe("达成年度指标");
    await act(async () => fireEvent.change(tier, { target: { value: "部分达成并具有一定效果" } }));
    expect(userEdit).toHaveBeenLastCalledWith("绩效指标", "I12", "部分达成并具有一定效果");
    const kind = within(cell("D12")).getByRole("combobox") as HTMLSelectElement;
    expect([...kind.options].map((o) => o.value)).toEqual(["", "正向", "反向", "等于", "定性"]);
  });

  test("computed cells are read-only and show what the engine's formulas compute after an edit, like Excel", async () => {
    const workbook = new MemoryWorkbook(recalculatedCells);
    await workbook.applyPlan(plan);
    // A quantitative indicator's 实际完成值 drops to 0: Excel would rescore the row and the total.
    const k = input.indicators.findIndex((x) => x.kind === "正向");
    const table = (await workbook.read()).tables.find((t) => t.name === "Indicators")!;
    const first = parseRange(table.address).top + 1 + k;
    act(() => workbook.userEdit("绩效指标", `G${first}`, 0));
    const expected = evaluateSnapshot(await workbook.read()).result;
    expect(expected.total).toBeLessThan(99);
    // The store still holds the result from before the edit: what the grid shows comes from the workbook.
    await setup(evaluate(input), workbook);
    await showSheet("绩效指标");
    for (const address of ["B9", "D9", `P${first}`, `Q${first}`, `R${first}`]) {
      expect(cell(address).getAttribute("data-role"), address).toBe("computed");
      expect(within(cell(address)).queryByRole("textbox"), address).toBeNull();
      expect(within(cell(address)).queryByRole("combobox"), address).toBeNull();
    }
    expect(cell("B9").textContent).toBe(expected.total.toFixed(2));
    expect(cell("D9").textContent).toBe(expected.grade);
    expect(cell(`Q${first}`).textContent).toBe(expected.indicators[k]!.score.toFixed(2));
    // The rule sheet's 当前使用值 follows the selected profile (INDEX/MATCH), the same as Excel.
    await showSheet("评分规则");
    expect(cell("B9").getAttribute("data-role")).toBe("computed");
    expect(cell("B9").textContent).toBe("10");
  });

  test("selecting a cell (a finding's 定位) switches sheet and highlights it, headers included", async () => {
    const { workbook } = await setup();
    expect(table().getAttribute("data-sheet")).toBe("基本情况");
    await act(async () => workbook.select("'预算执行'!D7"));
    expect(table().getAttribute("data-sheet")).toBe("预算执行");
    const selected = table().querySelectorAll('td[data-selected="true"]');
    expect([...selected].map((td) => td.getAttribute("data-address"))).toEqual(["D7"]);
    expect(screen.getByRole("tab", { name: "预算执行" }).getAttribute("aria-selected")).toBe("true");
    const active = [...table().querySelectorAll('th[data-active="true"]')].map((th) => `${th.getAttribute("scope")}:${th.textContent}`);
    expect(active).toEqual(["col:D", "row:7"]);
    // Moves again with the next selection; and a click in the grid selects too.
    await act(async () => workbook.select("'绩效指标'!M14"));
    expect(table().getAttribute("data-sheet")).toBe("绩效指标");
    expect(cell("M14").getAttribute("data-selected")).toBe("true");
    await act(async () => fireEvent.mouseDown(cell("B9")));
    expect(workbook.selection).toBe("'绩效指标'!B9");
    expect([...table().querySelectorAll('td[data-selected="true"]')].map((td) => td.getAttribute("data-address"))).toEqual(["B9"]);
  });
});

describe("the grid over the live preview session", () => {
  test("an edit reaches the session through the port's events; selectCell moves the grid", async () => {
    const session = await createPreviewSession({ outputs: OUTPUT_SHEETS, sample: input, debounceMs: 5 });
    try {
      render(
        <FluentProvider theme={webLightTheme}>
          <PreviewGrid source={session} store={session.store} />
        </FluentProvider>,
      );
      await act(async () => undefined);
      await showSheet("绩效指标");
      expect(cell("B9").textContent).toBe("99.00");
      await typeInto("J12", "6");
      // The session recomputes after its debounce: wait for the result, then for its writes.
      await act(async () => {
        await vi.waitFor(() => expect(session.store.get().result?.total).toBe(95), { timeout: 20_000, interval: 5 });
        await session.actions.idle();
      });
      // The grid's own formula cells are recalculated, and the grid re-rendered, after the new score is on screen.
      await vi.waitFor(
        async () => {
          await act(async () => undefined);
          expect(cell("B9").textContent).toBe("95.00");
        },
        { timeout: 20_000, interval: 5 },
      );
      expect(cell("Q12").textContent).toBe("6.00");
      // The session wrote the report sheet: the grid shows those cells, read-only.
      await showSheet("自评报告");
      expect(table().querySelectorAll('td[data-role="output"]').length).toBeGreaterThan(20);
      const finding = session.store.get().result!.findings.find((f) => f.ref.cell)!;
      await act(async () => session.actions.selectCell(finding.ref.cell!));
      const [, sheet, address] = /^'(.+)'!(.+)$/.exec(finding.ref.cell!.replace(/\$/g, ""))!;
      expect(table().getAttribute("data-sheet")).toBe(sheet);
      expect(cell(address!).getAttribute("data-selected")).toBe("true");
    } finally {
      session.dispose();
    }
  });
});
