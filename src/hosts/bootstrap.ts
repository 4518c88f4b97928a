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

let officeJs: Promise<void> | undefined;

/**
 * Runs office.js, once, and resolves when it has run or failed to load. taskpane.html only preloads it
 * (<link rel=preload data-office-js>): it is run after the frame that shows the pane's first render, so
 * its 10-35 ms of evaluation hold up neither that render nor its paint (a timer stands in for the frame
 * in a pane that is not being drawn). Without the preload (tests, other pages) there is nothing to run.
 */
export function loadOfficeJs(): Promise<void> {
  officeJs ??= new Promise<void>((resolve) => {
    const link = typeof document === "undefined" ? null : document.querySelector("link[data-office-js]");
    const src = link?.getAttribute("href");
    if (typeof Office !== "undefined" || !src) return resolve();
    const script = document.createElement("script");
    script.src = src;
    script.addEventListener("load", () => resolve(), { once: true });
    script.addEventListener("error", () => resolve(), { once: true });
    let added = false;
    const add = () => {
      if (added) return;
      added = true;
      document.head.appendChild(script);
    };
    requestAnimationFrame(() => setTimeout(add));
    setTimeout(add, 100);
  });
  return officeJs;
}

/**
 * Excel, or a plain browser tab (Office.onReady reports no host). office.js is run and waited
 * for first (loadOfficeJs); Office is undefined after that only when it failed to load (local copy
 * missing, CDN blocked): the pane then runs as a browser preview.
 */
export async function detectHost(): Promise<HostEnvironment> {
  await loadOfficeJs();
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
