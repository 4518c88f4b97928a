import type { PaneState, Store } from "../app/state";

/**
 * Which host runs the pane, and the session that drives it: Excel's live session over the Office.js
 * adapter, or the browser preview's session over the in-memory workbook. Chosen and loaded here, not in
 * the UI: the pane only renders the store and calls the session's actions.
 */

export interface HostEnvironment {
  kind: "excel" | "preview";
  /** Office's display language (e.g. "zh-CN"), inside Excel. */
  displayLanguage?: string;
  /** Office's theme background colour, inside Excel (missing on hosts without theme support). */
  themeBackground?: string;
}

/**
 * Resolves once office.js has run or failed to load. taskpane.html defers it after the pane's bundle (the
 * pane's first render does not wait for it), so when the bundle starts, Office is not defined yet: the
 * script marked data-office-js is waited for (its load or error event, or the page's load event, whichever
 * comes first). Without such a script (tests, other pages) there is nothing to wait for.
 */
export function officeScriptSettled(): Promise<void> {
  if (typeof Office !== "undefined" || typeof document === "undefined" || document.readyState === "complete") return Promise.resolve();
  const script = document.querySelector("script[data-office-js]");
  if (!script) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => resolve();
    script.addEventListener("load", done, { once: true });
    script.addEventListener("error", done, { once: true });
    window.addEventListener("load", done, { once: true });
  });
}

/**
 * Excel, or a plain browser tab (Office.onReady reports no host). office.js is a separate script, waited
 * for first (officeScriptSettled); Office is undefined after that only when it failed to load (local copy
 * missing, CDN blocked): the pane then runs as a browser preview.
 */
export async function detectHost(): Promise<HostEnvironment> {
  await officeScriptSettled();
  if (typeof Office === "undefined") return { kind: "preview" };
  return Office.onReady().then((info): HostEnvironment => {
    if (info.host !== Office.HostType.Excel) return { kind: "preview" };
    const background = Office.context.officeTheme?.bodyBackgroundColor;
    return { kind: "excel", displayLanguage: Office.context.displayLanguage, ...(background ? { themeBackground: background } : {}) };
  });
}

export interface SessionOptions {
  store: Store<PaneState>;
  theme: "light" | "dark";
  /** The pane's element: the preview puts its grid beside it. */
  paneContainer: HTMLElement;
}

/** The host's session, as chunks of its own (the engine, the template and, in the preview, the sample and the grid). */
export async function loadSession(kind: HostEnvironment["kind"], options: SessionOptions) {
  if (kind === "excel") {
    const { createExcelSession } = await import(/* webpackChunkName: "excel" */ "../excel/session-factory");
    return createExcelSession({ store: options.store });
  }
  const { startPreview } = await import(/* webpackChunkName: "preview" */ "../preview/start");
  return startPreview({ store: options.store, theme: options.theme, paneContainer: options.paneContainer });
}
