import { INITIAL_STATE, Store, type PaneState } from "../app/state";
import { fromQuery, themeFromBackground } from "./environment";
import { langFromTag, strings, type Lang } from "./i18n";
import { detachedActions, mountPane, type PaneSession } from "./mount";

const root = document.getElementById("root");
if (!root) throw new Error("taskpane.html has no #root element");
const container: HTMLElement = root;

// The browser preview (and the Chromium tests) choose language and theme in the query string;
// inside Excel, Office's own settings replace them once onReady has run.
const query = fromQuery(window.location.search);
let lang: Lang = query.lang ?? "zh-CN";

/** The pane's first store: "detecting" until a session is attached; a session may adopt it. */
export const paneStore = new Store<PaneState>({ ...INITIAL_STATE });

// Paint right away instead of after Office.onReady: onReady waits for office.js to fetch its host file
// (over a megabyte), and it never resolves if that load fails.
const pane = mountPane(container, {
  store: paneStore,
  actions: detachedActions(paneStore, () => lang),
  lang,
  theme: query.theme ?? "light",
});

/**
 * Plugs a session into the mounted pane (Excel live session, in-memory preview session). The pane renders
 * the session's store and calls its actions from then on; the previous session is disposed.
 */
export function attachSession(session: PaneSession): void {
  pane.attach(session);
}

/**
 * Outside Office (the preview, and Office 2013) office.js loads o15apptofilemappingtable.js, whose logger
 * frames Microsoft's telemetry proxy (telemetryservice.firstpartyapps.oaspapps.com) three seconds later.
 * The CSP blocks it and reports a violation; a 政务网 machine could not reach it anyway. The host files
 * Excel loads have no such logger, so this changes nothing inside Excel.
 */
function stopOfficeTelemetryFrame(): void {
  const osf = (window as { OSF?: { Logger?: { ulsEndpoint?: { loadProxyFrame?: () => void } | null } } }).OSF;
  const endpoint = osf?.Logger?.ulsEndpoint;
  if (endpoint && typeof endpoint.loadProxyFrame === "function") endpoint.loadProxyFrame = () => undefined;
}
stopOfficeTelemetryFrame();

/**
 * Which host runs the pane: Excel, or a plain browser tab (Office.onReady reports no host). office.js is a
 * separate classic script; Office is undefined only when it failed to load (local copy missing, CDN
 * blocked): the pane then runs as a browser preview.
 */
function hostKind(): Promise<"excel" | "preview"> {
  if (typeof Office === "undefined") return Promise.resolve("preview");
  return Office.onReady().then((info) => {
    if (info.host !== Office.HostType.Excel) return "preview";
    lang = langFromTag(Office.context.displayLanguage);
    // officeTheme is missing on hosts without theme support (older Mac builds): keep light.
    const theme = themeFromBackground(Office.context.officeTheme?.bodyBackgroundColor);
    paneStore.set({ host: "excel" });
    pane.setAppearance({ lang, theme });
    return "excel";
  });
}

/** The Excel live session (src/excel/session-factory.ts), publishing into the pane's store. */
async function loadExcelSession(): Promise<PaneSession> {
  const { createExcelSession } = await import(/* webpackChunkName: "excel" */ "../excel/session-factory");
  return createExcelSession({ store: paneStore });
}

/** The browser preview: the same session over an in-memory workbook with the sample, and a grid beside the pane. */
async function loadPreviewSession(): Promise<PaneSession> {
  const { startPreview } = await import(/* webpackChunkName: "preview" */ "../preview/start");
  return startPreview({ store: paneStore, theme: query.theme ?? "light", paneContainer: container });
}

/**
 * Resolves when React has committed the pane's first render into the page. The session's chunks are large:
 * fetched and parsed while React renders, they would hold up the first paint they are meant to follow.
 */
function firstRender(): Promise<void> {
  return new Promise((resolve) => {
    if (container.firstChild) return resolve();
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(container, { childList: true });
  });
}

// Once the host is known and the pane is on screen: the session that drives it, as import()s of chunks of
// their own (the engine, the template and, in the preview, the sample and the grid).
void Promise.all([hostKind(), firstRender()])
  .then(([kind]) => (kind === "excel" ? loadExcelSession() : loadPreviewSession()))
  .then(attachSession)
  .catch((reason: unknown) => {
    const t = strings(lang);
    paneStore.set({ error: { message: t.panelLoadFailed, detail: reason instanceof Error ? reason.message : String(reason) } });
  });
