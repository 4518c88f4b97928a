import { describe, expect, it } from "vitest";
import { LiveSession } from "../../src/app/session";
import type { ProjectView } from "../../src/app/state";
import { splitQualified } from "../../src/template/addr";
import { readEvaluation } from "../../src/template/reader";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { PROJECT_SUMMARY_SHEET } from "../../src/template/spec";
import { projectsSample } from "../support/projects";
import { fakeExcel, portFor, settle } from "./helpers";
import type { FakeExcel } from "../fakes/excel-fake";

/**
 * 新增项目 / 复制项目 / 删除项目 in the live session, through the Office.js adapter over the Excel fake
 * (ExcelApi 1.14): no input lost, the 汇总 rebuilt for the projects there are, round trips counted, and a
 * project sheet deleted or renamed with Excel's own commands is a finding, not a failure.
 */

async function started(): Promise<{ fake: FakeExcel; session: LiveSession }> {
  const fake = fakeExcel("1.14");
  const session = new LiveSession(portFor(fake), OUTPUT_SHEETS, { host: "excel", sample: projectsSample(), debounceMs: 10 });
  await session.start();
  await session.createWorkbook({ withSample: true });
  await settle(fake, session);
  return { fake, session };
}

const projects = (s: LiveSession): ProjectView[] => s.store.get().projects ?? [];

/** The value of a workbook-scoped defined name's cell. */
function named(fake: FakeExcel, name: string): unknown {
  const at = splitQualified(fake.definedNames().find((n) => n.name === name)?.formula ?? "");
  return at ? fake.getValue(at.sheet, at.address.replace(/\$/g, "")) : undefined;
}

/** Every project's inputs as the workbook holds them now (a fresh read through the port). */
async function projectInputs(session: LiveSession): Promise<Map<string, unknown>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the port is private; tests read through it
  const snapshot = await (session as any).port.read();
  const read = readEvaluation(snapshot);
  return new Map(read.projects.map((p) => [p.sheet, p.input]));
}

describe("project actions in the live session (Excel fake)", () => {
  it("新增项目: a new sheet and its names, the 汇总 covering it, ≤ 3 round trips, no input lost", async () => {
    const { fake, session } = await started();
    try {
      const before = await projectInputs(session);
      expect(projects(session)).toHaveLength(3);
      fake.resetStats();
      const sheet = await session.addProject({ name: "信息化运维经费" });
      await settle(fake, session);
      expect(fake.stats.roundTrips).toBeLessThanOrEqual(3);
      expect(session.store.get().error).toBeUndefined();
      expect(sheet).toBe("信息化运维经费");
      expect(fake.sheetNames()).toContain("信息化运维经费");
      expect(projects(session).map((p) => p.name)).toEqual([...[...before.values()].map((p) => (p as { name: string }).name), "信息化运维经费"]);
      // The 汇总 rebuilt: four projects counted by its formulas.
      expect(named(fake, PROJECT_SUMMARY_SHEET.names["summary.count"])).toBe(4);
      expect(fake.getValue(PROJECT_SUMMARY_SHEET.name, "B7")).toBe("信息化运维经费");
      const after = await projectInputs(session);
      for (const [s, input] of before) expect(after.get(s)).toEqual(input);
      // The department's report now speaks of four projects.
      expect(session.store.get().result?.projects).toHaveLength(4);
      // No name points at #REF!, and nothing is reported broken.
      expect(fake.definedNames().filter((n) => String(n.formula).includes("#REF!"))).toEqual([]);
      expect(session.store.get().binding).toBe("bound");
    } finally {
      await session.stop();
    }
  });

  it("复制项目: the copy has the source's contents and score under a new name; the source is untouched", async () => {
    const { fake, session } = await started();
    try {
      const source = projects(session)[1]!;
      const before = await projectInputs(session);
      fake.resetStats();
      const sheet = await session.copyProject(source);
      await settle(fake, session);
      expect(fake.stats.roundTrips).toBeLessThanOrEqual(3);
      const copy = projects(session).find((p) => p.sheet === sheet)!;
      expect(copy.name).toBe(`${source.name}（副本）`);
      expect(copy.total).toBe(source.total);
      expect(copy.budget).toBe(source.budget);
      const after = await projectInputs(session);
      expect(after.get(source.sheet)).toEqual(before.get(source.sheet));
      const { name: _n, ...copied } = after.get(sheet) as Record<string, unknown>;
      const { name: _m, ...original } = before.get(source.sheet) as Record<string, unknown>;
      expect(copied).toEqual(original);
      expect(named(fake, PROJECT_SUMMARY_SHEET.names["summary.count"])).toBe(4);
    } finally {
      await session.stop();
    }
  });

  it("删除项目: only the confirmed project goes, with its names and 汇总 row; a stale confirmation changes nothing", async () => {
    const { fake, session } = await started();
    try {
      const [first, second, third] = projects(session);
      const sheets = fake.sheetNames();
      // Confirmed for a project that is not on that sheet (the list changed meanwhile): refused.
      await expect(session.removeProject({ index: 0, sheet: "不存在的项目" })).rejects.toThrow(/未做任何修改/);
      expect(fake.sheetNames()).toEqual(sheets);
      session.dismissError();

      const budgetBefore = Number(named(fake, PROJECT_SUMMARY_SHEET.names["summary.budget"]));
      fake.resetStats();
      const removed = await session.removeProject(second!);
      await settle(fake, session);
      expect(fake.stats.roundTrips).toBeLessThanOrEqual(3);
      expect(removed).toBe(second!.sheet);
      expect(fake.sheetNames()).not.toContain(second!.sheet);
      expect(projects(session).map((p) => p.sheet)).toEqual([first!.sheet, third!.sheet]);
      // Its names are gone, not left pointing at #REF!.
      expect(fake.definedNames().filter((n) => String(n.formula).includes("#REF!"))).toEqual([]);
      expect(named(fake, PROJECT_SUMMARY_SHEET.names["summary.count"])).toBe(2);
      expect(Number(named(fake, PROJECT_SUMMARY_SHEET.names["summary.budget"]))).toBeCloseTo(budgetBefore - (second!.budget ?? 0), 2);
      expect(session.store.get().error).toBeUndefined();
      expect(session.store.get().result?.findings.filter((f) => f.severity === "error" && /PROJECT|NAME/.test(f.code))).toEqual([]);

      // The last projects can go too: no 汇总 is left behind.
      await session.removeProject(projects(session)[0]!);
      await session.removeProject(projects(session)[0]!);
      await settle(fake, session);
      expect(projects(session)).toEqual([]);
      expect(fake.sheetNames()).not.toContain(PROJECT_SUMMARY_SHEET.name);
      expect(session.store.get().error).toBeUndefined();
    } finally {
      await session.stop();
    }
  });

  it("a project sheet deleted with Excel's own command is a finding with its place, and the next change cleans up", async () => {
    const { fake, session } = await started();
    try {
      const gone = projects(session)[0]!;
      fake.userDeleteSheet(gone.sheet);
      await session.recompute();
      const state = session.store.get();
      expect(state.error).toBeUndefined();
      expect(state.result?.findings.map((f) => f.code)).toContain("PROJECT_SHEET_MISSING");
      expect(projects(session).map((p) => p.sheet)).not.toContain(gone.sheet);
      // 新增项目 now also drops the dead names (they pointed at #REF!).
      await session.addProject();
      await settle(fake, session);
      expect(session.store.get().error).toBeUndefined();
      expect(fake.definedNames().filter((n) => String(n.formula).includes("#REF!"))).toEqual([]);
      expect(session.store.get().result?.findings.map((f) => f.code)).not.toContain("PROJECT_SHEET_MISSING");
    } finally {
      await session.stop();
    }
  });

  it("a project sheet renamed with Excel's own command is still read, with a finding; actions still find it", async () => {
    const { fake, session } = await started();
    try {
      const p = projects(session)[2]!;
      fake.userRenameSheet(p.sheet, "改过名的表");
      await session.recompute();
      const state = session.store.get();
      expect(state.error).toBeUndefined();
      expect(state.result?.findings.find((f) => f.code === "SHEET_RENAMED")?.ref.cell).toContain("改过名的表");
      const renamed = projects(session)[2]!;
      expect(renamed).toMatchObject({ sheet: "改过名的表", total: p.total });
      await session.copyProject(renamed);
      await settle(fake, session);
      expect(projects(session)).toHaveLength(4);
      expect(session.store.get().error).toBeUndefined();
    } finally {
      await session.stop();
    }
  });

  it("删除项目 of a very hidden project sheet works (Excel refuses to delete a very hidden sheet as it is)", async () => {
    const { fake, session } = await started();
    try {
      const target = projects(session)[0]!;
      await (fake.excelNamespace as unknown as typeof Excel).run(async (ctx) => {
        ctx.workbook.worksheets.getItem(target.sheet).visibility = "VeryHidden";
        await ctx.sync();
      });
      await session.recompute();
      await session.removeProject(projects(session).find((p) => p.sheet === target.sheet)!);
      await settle(fake, session);
      expect(session.store.get().error).toBeUndefined();
      expect(fake.sheetNames()).not.toContain(target.sheet);
      expect(projects(session)).toHaveLength(2);
    } finally {
      await session.stop();
    }
  });
});
