import { afterEach, expect, test } from "vitest";
import { INITIAL_STATE, Store, type PaneState } from "../../src/app/state";
import { createExcelSession } from "../../src/excel/session-factory";
import { SHEETS } from "../../src/template/core";
import { fakeExcel, settle } from "./helpers";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

test("inside Excel the pane's own store gets the live session: 新建 with the sample fills 自评表 and 自评报告", async () => {
  const fake = fakeExcel("1.14");
  globals.Excel = fake.excelNamespace;
  globals.Office = { context: { requirements: fake.officeRequirements, platform: "PC" } };
  const store = new Store<PaneState>({ ...INITIAL_STATE });
  const session = await createExcelSession({ store });
  expect(session.store).toBe(store);
  expect(store.get().host).toBe("excel");
  expect(store.get().binding).toBe("absent");
  await session.actions.createWorkbook({ withSample: true });
  await settle(fake, session.actions);
  expect(store.get().binding).toBe("bound");
  expect(store.get().result?.total).toBe(99);
  const table = SHEETS.find((s) => s.key === "selfTable")!.name;
  const report = SHEETS.find((s) => s.key === "selfReport")!.name;
  expect(fake.getValue(table, "G30")).toBe(99);
  expect(String(fake.getValue(report, "C4"))).toBe("中共雁峰区委办公室2023年度部门整体支出绩效自评报告");
  session.dispose();
}, 180_000);
