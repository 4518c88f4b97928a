import { describe, expect, it } from "vitest";
import { type ChangedEventArgs, FakeExcel, type FakeEventHandlerResult, type FakeRange, type FakeRequestContext, type SelectionChangedEventArgs } from "./excel-fake";

/** Registers onChanged on a sheet and on the worksheet collection; returns the received args. */
async function listen(app: FakeExcel, sheet: string): Promise<{ sheetEvents: ChangedEventArgs[]; allEvents: ChangedEventArgs[]; result: FakeEventHandlerResult }> {
  const sheetEvents: ChangedEventArgs[] = [];
  const allEvents: ChangedEventArgs[] = [];
  const result = await app.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem(sheet).onChanged.add(async (args) => {
      sheetEvents.push(args as ChangedEventArgs);
    });
    ctx.workbook.worksheets.onChanged.add(async (args) => {
      allEvents.push(args as ChangedEventArgs);
    });
    await ctx.sync();
    return r;
  });
  return { sheetEvents, allEvents, result };
}

describe("onChanged from the user", () => {
  it("a single-cell edit fires onChanged asynchronously with details", async () => {
    const app = new FakeExcel({ sheets: ["预算执行"] });
    app.setCell("预算执行", "D7", 100);
    const { sheetEvents, allEvents } = await listen(app, "预算执行");
    const p = app.userEdit("预算执行", "D7", 120);
    // Applied at once, delivered later.
    expect(app.getValue("预算执行", "D7")).toBe(120);
    expect(sheetEvents).toHaveLength(0);
    await p;
    expect(sheetEvents).toHaveLength(1);
    expect(allEvents).toHaveLength(1);
    const e = sheetEvents[0]!;
    expect(e).toMatchObject({
      type: "WorksheetChanged",
      source: "Local",
      changeType: "RangeEdited",
      address: "D7",
      triggerSource: "Unknown",
      details: { valueBefore: 100, valueAfter: 120, valueTypeBefore: "Double", valueTypeAfter: "Double" },
    });
    expect(e.worksheetId).toMatch(/^\{[0-9A-F-]+\}$/);
  });

  it("details describe empty cells and text", async () => {
    const app = new FakeExcel();
    const { sheetEvents } = await listen(app, "Sheet1");
    await app.userEdit("Sheet1", "A1", "完成");
    await app.userEdit("Sheet1", "A1", null);
    expect(sheetEvents.map((e) => e.details)).toEqual([
      { valueBefore: "", valueAfter: "完成", valueTypeBefore: "Empty", valueTypeAfter: "String" },
      { valueBefore: "完成", valueAfter: "", valueTypeBefore: "String", valueTypeAfter: "Empty" },
    ]);
  });

  it("a paste fires one event for the whole block, without details; remote edits say so", async () => {
    const app = new FakeExcel();
    const { sheetEvents } = await listen(app, "Sheet1");
    await app.userPaste("Sheet1", "B2", [
      [1, 2],
      [3, 4],
    ]);
    await app.userEdit("Sheet1", "C9", 5, { source: "Remote" });
    expect(sheetEvents).toHaveLength(2);
    expect(sheetEvents[0]).toMatchObject({ address: "B2:C3", changeType: "RangeEdited" });
    expect(sheetEvents[0]!.details).toBeUndefined();
    expect(sheetEvents[1]).toMatchObject({ address: "C9", source: "Remote" });
    expect(app.getValue("Sheet1", "B2:C3")).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("events only reach handlers of the changed sheet", async () => {
    const app = new FakeExcel({ sheets: ["A", "B"] });
    const { sheetEvents, allEvents } = await listen(app, "A");
    await app.userEdit("B", "A1", 1);
    expect(sheetEvents).toHaveLength(0);
    expect(allEvents).toHaveLength(1);
  });

  it("the handler can read the changed range in its own Excel.run", async () => {
    const app = new FakeExcel();
    const seen: unknown[] = [];
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (raw) => {
        const args = raw as ChangedEventArgs;
        await app.run(async (c: FakeRequestContext) => {
          const r = (args.getRange(c) as FakeRange).load("values, address");
          await c.sync();
          seen.push(r.address, r.values);
        });
      });
      await ctx.sync();
    });
    await app.userEdit("Sheet1", "B3", 7);
    expect(seen).toEqual(["Sheet1!B3", [[7]]]);
  });

  it("a handler that awaits the test drivers is reported, also after the handlers went idle once", async () => {
    const app = new FakeExcel();
    const waited: string[] = [];
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        await app.flushEvents().catch((e: Error) => waited.push(e.message));
      });
      await ctx.sync();
    });
    await app.userEdit("Sheet1", "B3", 7);
    // The second edit comes after every handler settled (the fake's marker was switched off in between).
    await app.userEdit("Sheet1", "B3", 8);
    expect(waited).toHaveLength(2);
    for (const message of waited) expect(message).toContain("inside an event handler");
    // Outside a handler the same call is fine.
    await expect(app.flushEvents()).resolves.toBeUndefined();
  });

  it("typed entries that fail data validation are rejected without an event; pastes and add-in writes are not validated", async () => {
    const app = new FakeExcel();
    app.setCells("Sheet1", "E1", [["完成"], ["部分完成"], ["未完成"]]);
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:A5").dataValidation.rule = { list: { inCellDropDown: true, source: "=$E$1:$E$3" } };
      ws.getRange("B1:B5").dataValidation.rule = { wholeNumber: { formula1: 0, formula2: 100, operator: "Between" } };
      const warn = ws.getRange("C1");
      warn.dataValidation.rule = { decimal: { formula1: 0, operator: "GreaterThan" } };
      warn.dataValidation.errorAlert = { showAlert: true, style: "Warning", title: "", message: "" };
      await ctx.sync();
    });
    const { sheetEvents } = await listen(app, "Sheet1");
    await app.userEdit("Sheet1", "A1", "部分完成");
    await app.userEdit("Sheet1", "B1", 85);
    await expect(app.userEdit("Sheet1", "A2", "其他")).rejects.toThrow(/validation/);
    await expect(app.userEdit("Sheet1", "B2", 85.5)).rejects.toThrow(/validation/);
    await expect(app.userEdit("Sheet1", "B3", 101)).rejects.toThrow(/validation/);
    await app.userEdit("Sheet1", "C1", -1); // Warning: the user may confirm
    await app.userPaste("Sheet1", "A3", [["随便"]]);
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B4").values = [[999]];
      await ctx.sync();
    });
    await app.flushEvents();
    expect(app.getValue("Sheet1", "A1:C4")).toEqual([
      ["部分完成", 85, -1],
      ["", "", ""],
      ["随便", "", ""],
      ["", 999, ""],
    ]);
    expect(sheetEvents.map((e) => e.address)).toEqual(["A1", "B1", "C1", "A3", "B4"]);
  });

  it("row insertion by the user is reported as RowInserted", async () => {
    const app = new FakeExcel();
    const { sheetEvents } = await listen(app, "Sheet1");
    await app.userInsertRows("Sheet1", "4:5");
    expect(sheetEvents[0]).toMatchObject({ changeType: "RowInserted", address: "4:5" });
  });
});

describe("onChanged from add-in writes", () => {
  it("with ExcelApi 1.14 add-in writes are tagged ThisLocalAddin, after the sync", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.14" } });
    const { sheetEvents } = await listen(app, "Sheet1");
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      ctx.workbook.worksheets.getItem("Sheet1").getRange("B1:C1").values = [[2, 3]];
      await ctx.sync();
      expect(sheetEvents).toHaveLength(0);
    });
    await app.flushEvents();
    expect(sheetEvents.map((e) => [e.address, e.triggerSource, e.source])).toEqual([
      ["A1", "ThisLocalAddin", "Local"],
      ["B1:C1", "ThisLocalAddin", "Local"],
    ]);
    expect(sheetEvents[0]!.details).toMatchObject({ valueBefore: "", valueAfter: 1 });
    expect(sheetEvents[1]!.details).toBeUndefined();
  });

  it("below ExcelApi 1.14 add-in writes arrive as Unknown, indistinguishable from the user", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.13" } });
    const { sheetEvents } = await listen(app, "Sheet1");
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await ctx.sync();
    });
    await app.userEdit("Sheet1", "A2", 2);
    expect(sheetEvents.map((e) => [e.address, e.triggerSource])).toEqual([
      ["A1", "Unknown"],
      ["A2", "Unknown"],
    ]);
  });

  it("without ExcelApi 1.9 events carry no details and the collection event is unavailable", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.8" } });
    const events: ChangedEventArgs[] = [];
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (a) => {
        events.push(a as ChangedEventArgs);
      });
      expect(() => ctx.workbook.worksheets.onChanged).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
      await ctx.sync();
    });
    await app.userEdit("Sheet1", "A1", 1);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toBeUndefined();
  });
});

describe("feedback loops", () => {
  /** A handler that writes a derived value whenever its sheet changes. */
  async function echoHandler(app: FakeExcel, ignoreOwnWrites: boolean): Promise<void> {
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (raw) => {
        const e = raw as ChangedEventArgs;
        if (ignoreOwnWrites && e.triggerSource === "ThisLocalAddin") return;
        await app.run(async (c) => {
          c.workbook.worksheets.getItem("Sheet1").getRange("Z1").values = [[Date.now()]];
          await c.sync();
        });
      });
      await ctx.sync();
    });
  }

  it("an add-in that reacts to its own writes is caught looping", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.13" } });
    await echoHandler(app, true); // triggerSource is never ThisLocalAddin below 1.14
    await expect(app.userEdit("Sheet1", "A1", 1)).rejects.toThrow(/keep firing/);
    expect(app.handlerCount()).toBe(0);
  });

  it("ignoring ThisLocalAddin events (ExcelApi 1.14) breaks the loop", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.14" } });
    await echoHandler(app, true);
    await app.userEdit("Sheet1", "A1", 1);
    expect(app.stats.eventsDelivered).toBe(2);
  });

  it("awaiting a user driver inside a handler fails fast instead of deadlocking", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        await app.flushEvents();
      });
      await ctx.sync();
    });
    await app.userEdit("Sheet1", "A1", 1);
    expect(String(app.handlerErrors[0])).toMatch(/inside an event handler/);
  });
});

describe("handler registration", () => {
  it("handlers are registered at sync, and removal is queued until the next sync", async () => {
    const app = new FakeExcel();
    const events: unknown[] = [];
    let result: FakeEventHandlerResult | null = null;
    await app.run(async (ctx) => {
      result = ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async (a) => {
        events.push(a);
      });
      expect(app.handlerCount()).toBe(0);
      await ctx.sync();
      expect(app.handlerCount()).toBe(1);
    });
    await app.userEdit("Sheet1", "A1", 1);
    expect(events).toHaveLength(1);
    await app.excelNamespace.run(result!.context, async (ctx: FakeRequestContext) => {
      result!.remove();
      expect(app.handlerCount()).toBe(1);
      await ctx.sync();
    });
    expect(app.handlerCount()).toBe(0);
    await app.userEdit("Sheet1", "A1", 2);
    expect(events).toHaveLength(1);
  });

  it("errors thrown by handlers are swallowed like Office.js and recorded", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onChanged.add(async () => {
        throw new Error("handler failed");
      });
      await ctx.sync();
    });
    await app.userEdit("Sheet1", "A1", 1);
    expect(app.handlerErrors).toHaveLength(1);
    expect(app.stats.eventsDelivered).toBe(1);
  });

  it("onSelectionChanged fires for user selection and Range.select()", async () => {
    const app = new FakeExcel();
    const events: SelectionChangedEventArgs[] = [];
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").onSelectionChanged.add(async (a) => {
        events.push(a as SelectionChangedEventArgs);
      });
      await ctx.sync();
    });
    await app.userSelect("Sheet1", "C3");
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("D4:E5").select();
      await ctx.sync();
    });
    await app.flushEvents();
    expect(events.map((e) => [e.type, e.address])).toEqual([
      ["WorksheetSelectionChanged", "C3"],
      ["WorksheetSelectionChanged", "D4:E5"],
    ]);
  });

  it("exposes Excel-shaped enums for dependency injection", () => {
    const app = new FakeExcel();
    const X = app.excelNamespace;
    expect(X.EventSource.local).toBe("Local");
    expect(X.EventTriggerSource.thisLocalAddin).toBe("ThisLocalAddin");
    expect(X.DataChangeType.rangeEdited).toBe("RangeEdited");
    expect(X.SheetVisibility.veryHidden).toBe("VeryHidden");
    expect(X.DataValidationType.list).toBe("List");
    expect(X.InsertShiftDirection.down).toBe("Down");
    expect(typeof X.run).toBe("function");
    // The values match the real Office.js typings, so the fake can stand in for `typeof Excel`.
    const real: Record<string, string> = { local: "Local" satisfies `${Excel.EventSource.local}` };
    expect(real.local).toBe(X.EventSource.local);
  });
});
