import { createRoot } from "react-dom/client";
import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import sampleJson from "../../assets/samples/reference-2023.json";
import type { PaneState, Store } from "../app/state";
import { evaluationInputSchema } from "../domain/model";
import type { PaneSession } from "../taskpane/mount";
import type { PaneTheme } from "../taskpane/environment";
import { OUTPUT_SHEETS as outputs } from "../template/outputs";
import { PreviewGrid } from "./PreviewGrid";
import { createPreviewSession, type PreviewSession } from "./session";

/**
 * The browser preview, started by the pane when Office reports no host (a plain browser tab, the tests):
 * the live session over the in-memory workbook with the sample data, and the grid that stands in for
 * Excel beside the pane (below it on a narrow page).
 */

export interface PreviewHost extends PaneSession {
  session: PreviewSession;
}

export interface StartPreviewOptions {
  /** The pane's store: the session publishes into it, so the pane keeps rendering what it painted first. */
  store: Store<PaneState>;
  theme?: PaneTheme;
  /** Where the pane is mounted; the grid goes right after it. */
  paneContainer: HTMLElement;
}

export async function startPreview(options: StartPreviewOptions): Promise<PreviewHost> {
  // ?sample=projects: the reference department with its three projects (the docs' screenshot of the
  // 项目支出 panel); its data is a chunk of its own, fetched only then.
  const projects = typeof location !== "undefined" && new URLSearchParams(location.search).get("sample") === "projects";
  const data = projects ? (await import(/* webpackChunkName: "sample-projects" */ "../../assets/samples/reference-2023-projects.json")).default : sampleJson;
  const sample = evaluationInputSchema.parse(data);
  // No debounce: the grid raises one event per edit (Excel's pastes, which raise many, do not happen here),
  // and the 40 ms a debounce waits were most of the time from an edit to the new score on screen.
  const session = await createPreviewSession({ outputs, sample, store: options.store, debounceMs: 0 });
  const grid = mountGrid(options.paneContainer, session, options.theme ?? "light");
  return {
    session,
    store: session.store,
    actions: session.actions,
    dispose() {
      grid.unmount();
      session.dispose();
    },
  };
}

/** Lays the page out as pane + workbook and renders the grid; the pane keeps a task pane's width. */
export function mountGrid(paneContainer: HTMLElement, session: PreviewSession, theme: PaneTheme): { unmount(): void } {
  const container = document.createElement("div");
  container.id = "preview-grid-root";
  paneContainer.after(container);
  const body = paneContainer.parentElement ?? document.body;
  Object.assign(body.style, { display: "flex", flexWrap: "wrap", alignItems: "flex-start" });
  // 420 px is a task pane's usual width; the workbook takes the rest, or goes below on a narrow page.
  Object.assign(paneContainer.style, { flex: "0 0 420px", maxWidth: "100%", minWidth: "0" });
  Object.assign(container.style, { flex: "1 1 560px", minWidth: "0" });

  const root = createRoot(container);
  root.render(
    <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme}>
      <PreviewGrid source={session} store={session.store} />
    </FluentProvider>,
  );
  return {
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}
