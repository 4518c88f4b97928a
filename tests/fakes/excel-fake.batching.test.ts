/* eslint-disable office-addins/call-sync-before-read, office-addins/load-object-before-read, office-addins/call-sync-after-load --
   These tests deliberately read proxies before load/sync to prove the fake throws like Office.js,
   and read navigation loads ("format/fill/color") the plugin cannot follow. */
import { describe, expect, it, vi } from "vitest";
import { FakeExcel, OPERATION_BYTES, type FakeRange, type FakeRequestContext } from "./excel-fake";

/** Runs `fn` and returns the Office.js error code it threw (or rejected with). */
async function codeOf(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (e) {
    return (e as { code?: string }).code ?? `no code: ${String(e)}`;
  }
  return "no error";
}

describe("load / sync semantics", () => {
  it("reading a property before load+sync throws PropertyNotLoaded", async () => {
    const app = new FakeExcel();
    app.setCell("Sheet1", "A1", 5);
    await app.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(await codeOf(() => r.values)).toBe("PropertyNotLoaded");
      r.load("values");
      // Loaded but not yet synced: still not available.
      expect(await codeOf(() => r.values)).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(r.values).toEqual([[5]]);
      // Only the loaded property is available.
      expect(await codeOf(() => r.formulas)).toBe("PropertyNotLoaded");
      expect(await codeOf(() => r.address)).toBe("PropertyNotLoaded");
    });
  });

  it("accepts every load() option shape", async () => {
    const app = new FakeExcel();
    app.setCells("Sheet1", "A1", [
      [1, 2],
      [3, "=A1+B1"],
    ]);
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const a = ws.getRange("A1:B2").load("values, address");
      const b = ws.getRange("A1:B2").load(["formulas", "rowCount"]);
      const c = ws.getRange("A1:B2").load({ select: "columnCount, text" });
      const d = ws.getRange("B2").load({ values: true, format: { fill: { color: true } } });
      const e = ws.getRange("B2").load("format/font/bold");
      await ctx.sync();
      expect(a.values).toEqual([
        [1, 2],
        [3, 3],
      ]);
      expect(a.address).toBe("Sheet1!A1:B2");
      expect(b.formulas).toEqual([
        [1, 2],
        [3, "=A1+B1"],
      ]);
      expect(b.rowCount).toBe(2);
      expect(c.columnCount).toBe(2);
      expect(c.text).toEqual([
        ["1", "2"],
        ["3", "3"],
      ]);
      expect(d.values).toEqual([[3]]);
      expect(d.format.fill.color).toBe("#FFFFFF");
      expect(e.format.font.bold).toBe(false);
    });
  });

  it("loaded values are a snapshot taken at their place in the queue", async () => {
    const app = new FakeExcel();
    app.setCell("Sheet1", "A1", 1);
    await app.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1");
      const before = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      r.values = [[2]];
      const after = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("values");
      await ctx.sync();
      expect(before.values).toEqual([[1]]);
      expect(after.values).toEqual([[2]]);
      // A later change by the user does not alter the snapshot.
      await app.userEdit("Sheet1", "A1", 3);
      expect(after.values).toEqual([[2]]);
    });
  });

  it("unknown properties in load() fail", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("valuez");
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidArgument");
  });

  it("setters echo locally like Office.js but change nothing before sync", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("B2");
      r.values = [[42]];
      expect(r.values).toEqual([[42]]);
      expect(app.getValue("Sheet1", "B2")).toBe("");
      await ctx.sync();
      expect(app.getValue("Sheet1", "B2")).toBe(42);
    });
  });

  it("writes queued at the end of a batch are flushed by Excel.run's implicit sync", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["x"]];
    });
    expect(app.getValue("Sheet1", "A1")).toBe("x");
    expect(app.stats.syncs).toBe(1);
    expect(app.stats.roundTrips).toBe(1);
  });

  it("batches that throw are not flushed", async () => {
    const app = new FakeExcel();
    await expect(
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["x"]];
        throw new Error("adapter bug");
      }),
    ).rejects.toThrow("adapter bug");
    expect(app.getValue("Sheet1", "A1")).toBe("");
  });

  it("the batch must return a promise", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() => app.run((() => undefined) as unknown as (c: FakeRequestContext) => Promise<void>));
    expect(code).toBe("RunMustReturnPromise");
  });

  it("isNullObject needs a sync and is false for found objects", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItemOrNullObject("Sheet1");
      const missing = ctx.workbook.worksheets.getItemOrNullObject("没有");
      expect(await codeOf(() => ws.isNullObject)).toBe("PropertyNotLoaded");
      await ctx.sync();
      expect(ws.isNullObject).toBe(false);
      expect(missing.isNullObject).toBe(true);
      // Properties of a null object read as undefined (Office.js does not throw for them).
      missing.load("name");
      await ctx.sync();
      expect(missing.name).toBeUndefined();
    });
  });

  it("getItem of a missing sheet rejects the sync with ItemNotFound, even if unused", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("不存在");
        await ctx.sync();
      }),
    );
    expect(code).toBe("ItemNotFound");
  });

  it("operations before the failing one are applied (no rollback)", async () => {
    const app = new FakeExcel();
    await expect(
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        ctx.workbook.names.getItem("missingName").load("value");
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
        await ctx.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound" });
    expect(app.getValue("Sheet1", "A1")).toBe(1);
    expect(app.getValue("Sheet1", "A2")).toBe("");
  });

  it("methods on a null object fail with ItemNotFound", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItemOrNullObject("nope");
        ws.getRange("A1").values = [[1]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("ItemNotFound");
  });

  it("ClientResult values need a sync", async () => {
    const app = new FakeExcel({ sheets: ["A", "B", "C"] });
    await app.run(async (ctx) => {
      const n = ctx.workbook.worksheets.getCount();
      expect(await codeOf(() => n.value)).toBe("ValueNotLoaded");
      await ctx.sync();
      expect(n.value).toBe(3);
    });
  });
});

describe("writes", () => {
  it("array dimensions must match the range", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [[1, 2]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidArgument");
    const code1x1 = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [[1]];
        await ctx.sync();
      }),
    );
    expect(code1x1).toBe("InvalidArgument");
  });

  it("a single value fills a multi-cell range", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      (ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B2") as { values: unknown }).values = 7;
      await ctx.sync();
    });
    expect(app.getValue("Sheet1", "A1:B2")).toEqual([
      [7, 7],
      [7, 7],
    ]);
    expect(app.stats.cellsWritten).toBe(4);
  });

  it("null entries leave cells unchanged and are not counted as writes", async () => {
    const app = new FakeExcel();
    app.setCells("Sheet1", "A1", [["keep", "old"]]);
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [[null, "new"]];
      await ctx.sync();
    });
    expect(app.getValue("Sheet1", "A1:B1")).toEqual([["keep", "new"]]);
    expect(app.stats.cellsWritten).toBe(1);
  });

  it("interprets written text as Excel does (numbers, formulas, apostrophe, text format)", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:F1").values = [["001", "=1+1", "'001", "TRUE", "12.5%", "2024-01-31"]];
      const t = ws.getRange("G1");
      t.numberFormat = [["@"]];
      t.values = [["001"]];
      await ctx.sync();
    });
    expect(app.getValue("Sheet1", "A1:G1")).toEqual([[1, 2, "001", true, 0.125, 45322, "001"]]);
    expect(app.getText("Sheet1", "E1:F1")).toEqual([["12.50%", "2024/1/31"]]);
  });

  it("reproduces Excel's typing traps: long digit strings, m/d and times, thousands separators", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:E1").values = [["110101199003071234", "3/5", "9:30", "1,234.5", "'3/5"]];
      await ctx.sync();
    });
    const [id, date, time, amount, text] = (app.getValue("Sheet1", "A1:E1") as unknown[][])[0]!;
    // An 18-digit ID number keeps only 15 significant digits.
    expect(id).toBe(110101199003071000);
    expect(typeof date).toBe("number");
    expect(app.getText("Sheet1", "B1")).toBe("3月5日");
    expect(time).toBeCloseTo(9.5 / 24, 12);
    expect(app.getText("Sheet1", "C1")).toBe("9:30");
    expect(amount).toBe(1234.5);
    expect(app.getText("Sheet1", "D1")).toBe("1,234.50");
    expect(text).toBe("3/5");
  });

  it("formulas read back as formula text, values as computed results", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B1").formulas = [[10, "=A1 * 2"]];
      const r = ws.getRange("A1:B1").load("values, formulas, valueTypes");
      await ctx.sync();
      expect(r.values).toEqual([[10, 20]]);
      expect(r.formulas).toEqual([[10, "=A1 * 2"]]);
      expect(r.valueTypes).toEqual([["Double", "Double"]]);
    });
    expect(app.stats.writes).toEqual([{ sheet: "Sheet1", address: "A1:B1", kind: "formulas", count: 2 }]);
  });

  it("rejects invalid formulas", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").formulas = [["=SUM(A2"]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidArgument");
  });
});

describe("round-trip and cell counting", () => {
  it("counts syncs, round trips, cells read and cells written", async () => {
    const app = new FakeExcel();
    app.setCells("Sheet1", "A1", [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const r = ws.getRange("A1:C2").load("values, formulas");
      await ctx.sync();
      ws.getRange("B1").values = [[r.values[0]![1] as number * 10]];
      await ctx.sync();
      await ctx.sync(); // nothing queued: no round trip
    });
    expect(app.stats.syncs).toBe(3);
    expect(app.stats.roundTrips).toBe(2);
    expect(app.stats.cellsRead).toBe(6);
    expect(app.stats.cellsWritten).toBe(1);
    expect(app.stats.writes).toEqual([{ sheet: "Sheet1", address: "B1", kind: "values", count: 1 }]);
    expect(app.stats.reads).toEqual([{ sheet: "Sheet1", address: "A1:C2", props: ["values", "formulas"], count: 6 }]);
    app.resetStats();
    expect(app.stats.syncs).toBe(0);
    expect(app.stats.writes).toEqual([]);
  });

  it("counts undo groups per mutating sync, or one per run with mergeUndoGroup on ExcelApi 1.20", async () => {
    const twoSyncs = async (ctx: FakeRequestContext): Promise<void> => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await ctx.sync();
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
      await ctx.sync();
    };
    const old = new FakeExcel();
    await old.runWithOptions({ mergeUndoGroup: true }, twoSyncs);
    expect(old.stats.undoGroups).toBe(2);
    const modern = new FakeExcel({ requirementSets: { ExcelApi: "1.20" } });
    await modern.runWithOptions({ mergeUndoGroup: true }, twoSyncs);
    expect(modern.stats.undoGroups).toBe(1);
  });

  it("refuses to load values of an entire column (payload limit)", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A:A").load("values");
        await ctx.sync();
      }),
    );
    expect(code).toBe("ResponsePayloadSizeLimitExceeded");
  });

  // Excel documents no limit on the operations of one request: they count against the request's 5 MB
  // ("The payload size of a request combines the number of API calls, the number of objects … and the
  // length of the value": https://learn.microsoft.com/office/dev/add-ins/excel/performance#payload-size-limit-best-practices).
  // The fake counts them per round trip so a test can hold a budget; docs/excel-probes.md probe 16 measures Excel.
  it("counts every round trip's operations and bytes, and charges each operation against the payload", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      for (let row = 1; row <= 100; row++) ws.getRange(`A${row}`).values = [[row]];
      await ctx.sync();
      // A sync with nothing queued is no round trip and no request.
      await ctx.sync();
      ws.getRange("B1").format.font.bold = true;
      await ctx.sync();
    });
    expect(app.stats.requests).toHaveLength(2);
    const [cells, bold] = app.stats.requests;
    // Each cell: its range's instantiation and the values set (the sheet's lookup comes once).
    expect(cells!.ops).toBeGreaterThanOrEqual(200);
    // Operations cost bytes even where the values are tiny (Office.js sends an action and an object path each).
    expect(cells!.bytes).toBeGreaterThanOrEqual(cells!.ops * OPERATION_BYTES);
    expect(bold!.ops).toBeGreaterThanOrEqual(4);
    expect(bold!.ops).toBeLessThan(cells!.ops);
    expect(app.stats.maxOpsPerRequest).toBe(cells!.ops);

    // Many operations with tiny values reach the 5 MB limit as Excel's would.
    const many = new FakeExcel();
    const code = await codeOf(() =>
      many.run(async (ctx) => {
        const ws = ctx.workbook.worksheets.getItem("Sheet1");
        for (let i = 0; i < 10_000; i++) ws.getRange(`A${i + 1}`).values = [[1]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("RequestPayloadSizeLimitExceeded");
  });
});

describe("proxy lifetime and contexts", () => {
  it("ranges are released when Excel.run ends unless tracked", async () => {
    const app = new FakeExcel();
    let kept: FakeRange | null = null;
    let tracked: FakeRange | null = null;
    await app.run(async (ctx) => {
      kept = ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").load("address");
      const t = ctx.workbook.worksheets.getItem("Sheet1").getRange("A2");
      ctx.trackedObjects.add(t);
      tracked = t;
      await ctx.sync();
    });
    // Loaded values stay readable; using the proxy again does not.
    expect(kept!.address).toBe("Sheet1!A1");
    expect(await codeOf(() => kept!.load("values"))).toBe("InvalidObjectPath");
    await app.excelNamespace.run(tracked!, async (ctx: FakeRequestContext) => {
      tracked!.values = [["ok"]];
      await ctx.sync();
    });
    expect(app.getValue("Sheet1", "A2")).toBe("ok");
  });

  it("objects cannot be used across request contexts", async () => {
    const app = new FakeExcel();
    await app.run(async (outer) => {
      const r = outer.workbook.worksheets.getItem("Sheet1").getRange("A1");
      await app.run(async (inner) => {
        expect(await codeOf(() => inner.workbook.names.add("x", r))).toBe("InvalidRequestContext");
      });
    });
  });

  it("a proxy from another run is not loaded by this run's sync", async () => {
    const app = new FakeExcel();
    app.setCell("Sheet1", "A1", 1);
    const ws = await app.run(async (ctx) => {
      const w = ctx.workbook.worksheets.getItem("Sheet1");
      await ctx.sync();
      return w;
    });
    await app.run(async (ctx) => {
      const r = ws.getRange("A1").load("values"); // queued on the old context
      await ctx.sync();
      expect(await codeOf(() => r.values)).toBe("PropertyNotLoaded");
    });
  });
});

describe("requirement sets", () => {
  it("mirrors Office.context.requirements.isSetSupported", () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.9" } });
    expect(app.officeRequirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(app.officeRequirements.isSetSupported("ExcelApi", "1.10")).toBe(false);
    expect(app.officeRequirements.isSetSupported("ExcelApi", "1.4")).toBe(true);
    expect(app.officeRequirements.isSetSupported("WordApi", "1.1")).toBe(false);
  });

  it("APIs above the configured ExcelApi version throw ApiNotFound", async () => {
    const app = new FakeExcel({ requirementSets: { ExcelApi: "1.3" } });
    await app.run(async (ctx) => {
      expect(await codeOf(() => ctx.workbook.worksheets.getItemOrNullObject("Sheet1"))).toBe("ApiNotFound");
      expect(await codeOf(() => ctx.workbook.worksheets.getItem("Sheet1").onChanged)).toBe("ApiNotFound");
    });
  });
});

describe("cell-edit mode", () => {
  it("without delayForCellEdit a batch fails while the user is editing a cell", async () => {
    const app = new FakeExcel();
    app.setUserTyping(true);
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidOperationInCellEditMode");
  });

  it("with delayForCellEdit the sync waits until the user leaves cell-edit mode", async () => {
    const app = new FakeExcel();
    app.setUserTyping(true);
    let done = false;
    const p = app.excelNamespace
      .run({ delayForCellEdit: true }, async (ctx: FakeRequestContext) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await ctx.sync();
      })
      .then(() => (done = true));
    await vi.waitFor(() => expect(app.waitingForCellEdit()).toBe(true), { timeout: 20_000, interval: 1 });
    expect(done).toBe(false);
    expect(app.getValue("Sheet1", "A1")).toBe("");
    app.setUserTyping(false);
    await p;
    expect(app.getValue("Sheet1", "A1")).toBe(1);
  });
});

describe("worksheets", () => {
  it("adds, lists, renames, moves, hides, activates and deletes sheets", async () => {
    const app = new FakeExcel({ sheets: ["封面"] });
    await app.run(async (ctx) => {
      const sheets = ctx.workbook.worksheets;
      const added = sheets.add("预算执行");
      added.load("name, id, position");
      sheets.add("临时");
      await ctx.sync();
      expect(added.name).toBe("预算执行");
      expect(added.position).toBe(1);
      added.name = "预算执行情况";
      added.position = 0;
      sheets.getItem("临时").visibility = "Hidden";
      added.activate();
      await ctx.sync();
      sheets.load("items/name, items/visibility");
      const active = sheets.getActiveWorksheet().load("name");
      await ctx.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["预算执行情况", "封面", "临时"]);
      expect(sheets.items.map((s) => s.visibility)).toEqual(["Visible", "Visible", "Hidden"]);
      expect(active.name).toBe("预算执行情况");
      sheets.getItem("临时").delete();
      await ctx.sync();
    });
    expect(app.sheetNames()).toEqual(["预算执行情况", "封面"]);
  });

  it("duplicate sheet names fail at sync", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.add("sheet1");
        await ctx.sync();
      }),
    );
    expect(code).toBe("ItemAlreadyExists");
  });

  it("addresses, used range and derived ranges", async () => {
    const app = new FakeExcel({ sheets: ["预算执行", "My Sheet"] });
    app.setCells("预算执行", "B2", [
      [1, 2],
      [3, 4],
    ]);
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("预算执行");
      const used = ws.getUsedRange(true).load("address");
      const byIdx = ws.getRangeByIndexes(1, 1, 2, 2).load("address");
      const cell = ws.getRange("B2:C3").getCell(1, 1).load("address");
      const resized = ws.getRange("B2").getResizedRange(2, 1).load("address");
      const offset = ws.getRange("B2").getOffsetRange(1, 0).load("address");
      const col = ws.getRange("A:A").load("address, isEntireColumn");
      const row = ws.getRange("3:3").load("address, isEntireRow");
      const last = ws.getRange("B2:C3").getLastRow().load("address");
      const quoted = ctx.workbook.worksheets.getItem("My Sheet").getRange("A1").load("address");
      await ctx.sync();
      expect(used.address).toBe("预算执行!B2:C3");
      expect(byIdx.address).toBe("预算执行!B2:C3");
      expect(cell.address).toBe("预算执行!C3");
      expect(resized.address).toBe("预算执行!B2:C4");
      expect(offset.address).toBe("预算执行!B3");
      expect(col.address).toBe("预算执行!A:A");
      expect(col.isEntireColumn).toBe(true);
      expect(row.address).toBe("预算执行!3:3");
      expect(row.isEntireRow).toBe(true);
      expect(last.address).toBe("预算执行!B3:C3");
      expect(quoted.address).toBe("'My Sheet'!A1");
    });
  });

  it("invalid addresses fail at sync with InvalidArgument", async () => {
    const app = new FakeExcel();
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A0").load("values");
        await ctx.sync();
      }),
    );
    expect(code).toBe("InvalidArgument");
  });
});

describe("formats, validation, protection, selection, application", () => {
  it("sets and reads formats; mixed formats read as null", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      const r = ws.getRange("A1:B2");
      r.format.fill.color = "yellow";
      r.format.font.bold = true;
      r.format.font.color = "#f00";
      r.format.wrapText = true;
      r.format.horizontalAlignment = "Center";
      r.format.columnWidth = 80;
      r.format.rowHeight = 20;
      ws.getRange("B2").format.fill.clear();
      r.numberFormat = [
        ["0.00", "0.00"],
        ["0.00%", "0.00%"],
      ];
      await ctx.sync();
      const a1 = ws.getRange("A1").load("format/fill/color, format/font/bold, format/font/color, format/wrapText, format/horizontalAlignment, format/columnWidth, format/rowHeight");
      const all = ws.getRange("A1:B2").load("format/fill/color, numberFormat");
      await ctx.sync();
      expect(a1.format.fill.color).toBe("#FFFF00");
      expect(a1.format.font.bold).toBe(true);
      expect(a1.format.font.color).toBe("#FF0000");
      expect(a1.format.wrapText).toBe(true);
      expect(a1.format.horizontalAlignment).toBe("Center");
      expect(a1.format.columnWidth).toBe(80);
      expect(a1.format.rowHeight).toBe(20);
      expect(all.format.fill.color).toBeNull();
      expect(all.numberFormat).toEqual([
        ["0.00", "0.00"],
        ["0.00%", "0.00%"],
      ]);
    });
    expect(app.getFormat("Sheet1", "B2").fill).toBeNull();
  });

  it("sets and clears data validation", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const r = ctx.workbook.worksheets.getItem("Sheet1").getRange("C2:C10");
      r.dataValidation.rule = { list: { inCellDropDown: true, source: "完成,未完成" } };
      await ctx.sync();
      r.dataValidation.load("type, rule");
      await ctx.sync();
      expect(r.dataValidation.type).toBe("List");
      expect(r.dataValidation.rule).toEqual({ list: { inCellDropDown: true, source: "完成,未完成" } });
    });
    expect(app.getValidation("Sheet1", "C5").type).toBe("List");
    expect(app.getValidation("Sheet1", "C1:C5").type).toBe("Inconsistent");
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").getRange("C2:C10").dataValidation.clear();
      await ctx.sync();
    });
    expect(app.getValidation("Sheet1", "C5").type).toBe("None");
  });

  it("protection blocks writes to locked cells but not to unlocked ones", async () => {
    const app = new FakeExcel();
    await app.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("Sheet1");
      ws.getRange("B2:B5").format.protection.locked = false;
      ws.protection.protect({ allowFormatCells: false }, "pw");
      ws.protection.load("protected");
      await ctx.sync();
      expect(ws.protection.protected).toBe(true);
      ws.getRange("B3").values = [[1]];
      await ctx.sync();
    });
    expect(app.getValue("Sheet1", "B3")).toBe(1);
    const code = await codeOf(() =>
      app.run(async (ctx) => {
        ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        await ctx.sync();
      }),
    );
    expect(code).toBe("AccessDenied");
    expect(await codeOf(() => app.userEdit("Sheet1", "A1", 1))).toContain("no code");
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Sheet1").protection.unprotect("pw");
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await ctx.sync();
    });
    expect(app.isProtected("Sheet1")).toBe(false);
    expect(app.getValue("Sheet1", "A1")).toBe(1);
  });

  it("selection and activation", async () => {
    const app = new FakeExcel({ sheets: ["A", "B"] });
    await app.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("B").getRange("C3:D4").select();
      await ctx.sync();
      const sel = ctx.workbook.getSelectedRange().load("address");
      await ctx.sync();
      expect(sel.address).toBe("B!C3:D4");
    });
    expect(app.activeSheetName()).toBe("B");
    await app.userSelect("A", "E5");
    expect(app.selectedAddress()).toBe("A!E5");
  });

  it("application calculation settings", async () => {
    const app = new FakeExcel();
    app.setCell("Sheet1", "A1", 1);
    app.setCell("Sheet1", "B1", "=A1*2");
    await app.run(async (ctx) => {
      const appl = ctx.workbook.application;
      appl.suspendApiCalculationUntilNextSync();
      appl.calculationMode = "Manual";
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[5]];
      const b = ctx.workbook.worksheets.getItem("Sheet1").getRange("B1").load("values");
      appl.load("calculationMode");
      await ctx.sync();
      expect(appl.calculationMode).toBe("Manual");
      // Manual calculation keeps the stale result until calculate().
      expect(b.values).toEqual([[2]]);
      appl.calculate("Full");
      b.load("values");
      await ctx.sync();
      expect(b.values).toEqual([[10]]);
    });
    expect(app.stats.calcSuspensions).toBe(1);
  });
});
