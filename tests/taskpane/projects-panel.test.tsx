// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterAll, beforeAll, describe, expect, test, vi, type Mock } from "vitest";
import type { ProjectActions, ProjectView } from "../../src/app/state";
import { demoSession, type DemoSession } from "./demo-session";
import { renderPane } from "./render";

/** The 项目支出 panel of the 评分 tab: the list from the store, and each action only after its dialog is confirmed. */

const PROJECTS: ProjectView[] = [
  { index: 0, sheet: "各部门经费", name: "各部门经费", total: 95.5, grade: "优", budget: 120, actual: 118.6, rate: 0.9883, nameCell: "'各部门经费'!B2" },
  { index: 1, sheet: "档案经费", name: "档案经费", total: 86, grade: "良", budget: 80.5, actual: 80.5, rate: 1, nameCell: "'档案经费'!B2" },
];

type WithProjects = DemoSession & { actions: DemoSession["actions"] & { [K in keyof ProjectActions]: Mock<ProjectActions[K]> } };

function session(): WithProjects {
  const s = demoSession();
  s.store.set({ projects: PROJECTS });
  return {
    ...s,
    actions: {
      ...s.actions,
      addProject: vi.fn<ProjectActions["addProject"]>(async () => "新项目"),
      copyProject: vi.fn<ProjectActions["copyProject"]>(async () => "档案经费（副本）"),
      removeProject: vi.fn<ProjectActions["removeProject"]>(async (p) => p.sheet),
    },
  };
}

// happy-dom rejects a cancelled Web Animation's promise unhandled; Fluent's motion skips animating where
// elements have no animate() (as in jsdom), which is all these tests need.
const animate = Object.getOwnPropertyDescriptor(Element.prototype, "animate");
beforeAll(() => {
  Object.defineProperty(Element.prototype, "animate", { value: undefined, configurable: true, writable: true });
});
afterAll(() => {
  if (animate) Object.defineProperty(Element.prototype, "animate", animate);
});

describe("项目支出 panel", () => {
  test("lists each project with its score and grade", async () => {
    await renderPane(session());
    const items = await screen.findAllByTestId("project");
    expect(items.map((i) => i.textContent)).toEqual([expect.stringContaining("各部门经费"), expect.stringContaining("档案经费")]);
    expect(screen.getAllByTestId("project-total").map((e) => e.textContent)).toEqual(["95.5 分", "86 分"]);
    expect(items[0]!.textContent).toContain("优");
    expect(screen.getByRole("heading", { name: "项目支出（2 个）" })).toBeTruthy();
  });

  test("删除项目 asks first: 取消 changes nothing, 确认删除 removes exactly the project shown", async () => {
    const s = session();
    await renderPane(s);
    fireEvent.click(await screen.findByRole("button", { name: "删除项目：档案经费" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog.textContent).toContain("档案经费");
    expect(s.actions.removeProject).not.toHaveBeenCalled();
    fireEvent.click(await within(dialog).findByRole("button", { name: "取消", hidden: true }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(s.actions.removeProject).not.toHaveBeenCalled();

    fireEvent.click(screen.getByRole("button", { name: "删除项目：档案经费" }));
    // A dialog opened again can be aria-hidden for a moment in happy-dom (tabster's modalizer of the one
    // just closed): its buttons are found regardless; the browser test clicks them for real.
    const again = await screen.findByRole("alertdialog", { hidden: true });
    await act(async () => {
      fireEvent.click(await within(again).findByRole("button", { name: "确认删除", hidden: true }));
    });
    expect(s.actions.removeProject).toHaveBeenCalledTimes(1);
    expect(s.actions.removeProject).toHaveBeenCalledWith({ index: 1, sheet: "档案经费" });
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
  });

  test("新增项目 and 复制项目 go through their dialogs with the name typed there", async () => {
    const s = session();
    await renderPane(s);
    fireEvent.click(await screen.findByRole("button", { name: "新增项目" }));
    const dialog = await screen.findByRole("dialog");
    fireEvent.change(await within(dialog).findByRole("textbox", { hidden: true }), { target: { value: "信息化运维经费" } });
    expect(s.actions.addProject).not.toHaveBeenCalled();
    const add = await within(dialog).findByRole("button", { name: "新增", hidden: true });
    await act(async () => {
      fireEvent.click(add);
    });
    expect(s.actions.addProject).toHaveBeenCalledWith({ name: "信息化运维经费" });

    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    fireEvent.click(await screen.findByRole("button", { name: "复制项目：各部门经费" }));
    const copyDialog = await screen.findByRole("dialog");
    expect(((await within(copyDialog).findByRole("textbox", { hidden: true })) as HTMLInputElement).value).toBe("各部门经费（副本）");
    const copy = await within(copyDialog).findByRole("button", { name: "复制", hidden: true });
    await act(async () => {
      fireEvent.click(copy);
    });
    expect(s.actions.copyProject).toHaveBeenCalledWith({ index: 0, sheet: "各部门经费" }, { name: "各部门经费（副本）" });
  });

  test("改名 goes to the project's 项目名称 cell", async () => {
    const s = session();
    await renderPane(s);
    fireEvent.click((await screen.findAllByRole("button", { name: "改名" }))[1]!);
    await waitFor(() => expect(s.actions.selectCell).toHaveBeenCalledWith("'档案经费'!B2"));
  });

  test("without project actions (a detached pane) there is no panel", async () => {
    const s = demoSession();
    s.store.set({ projects: PROJECTS });
    await renderPane(s);
    expect(screen.queryByTestId("project")).toBeNull();
  });

  test("without a bound workbook there is no panel", async () => {
    const t = session();
    t.store.set({ binding: "absent" });
    await renderPane(t);
    expect(screen.queryByRole("button", { name: "新增项目" })).toBeNull();
  });
});
