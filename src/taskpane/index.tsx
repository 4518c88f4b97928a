import { INITIAL_STATE, Store, type PaneState } from "../app/state";
import { fromQuery, themeFromBackground } from "./environment";
import { langFromTag, type Lang } from "./i18n";
import { detachedActions, mountPane, type PaneSession } from "./mount";
import { detectHost, loadSession, type HostEnvironment } from "../hosts/bootstrap";

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
// office.js loads the file that creates the logger by itself, after it runs: stop the frame now, once the
// page has loaded and once Office is ready, whichever finds the logger first (each is harmless without it).
stopOfficeTelemetryFrame();
window.addEventListener("load", stopOfficeTelemetryFrame, { once: true });

/**
 * Resolves when React has committed the pane's first render into the page (it replaces the static skeleton
 * of taskpane.html). The session's chunks are large: fetched and parsed while React renders, they would
 * hold up the first paint they are meant to follow.
 */
function firstRender(): Promise<void> {
  const rendered = () => container.firstChild !== null && container.querySelector("[data-testid=boot-skeleton]") === null;
  return new Promise((resolve) => {
    if (rendered()) return resolve();
    const observer = new MutationObserver(() => {
      if (!rendered()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(container, { childList: true });
  });
}

/** Inside Excel, Office's own language and theme replace the query's. */
function adopt(host: HostEnvironment): HostEnvironment["kind"] {
  stopOfficeTelemetryFrame();
  if (host.kind === "excel") {
    lang = langFromTag(host.displayLanguage ?? "zh-CN");
    paneStore.set({ host: "excel" });
    pane.setAppearance({ lang, theme: themeFromBackground(host.themeBackground) });
  }
  return host.kind;
}

// Once the host is known and the pane is on screen: the session that drives it (src/hosts/bootstrap.ts).
// A chunk that fails to load (server gone, 政务网 proxy) is said in the pane with 重试, which tries again.
const host = Promise.all([detectHost().then(adopt), firstRender()]).then(([kind]) => kind);
function start(): void {
  void host
    .then((kind) => loadSession(kind, { store: paneStore, theme: query.theme ?? "light", paneContainer: container }))
    .then((session) => {
      pane.setLoadFailure(undefined);
      attachSession(session);
    })
    .catch((reason: unknown) => {
      pane.setLoadFailure({ detail: reason instanceof Error ? reason.message : String(reason), retry: start });
    });
}
start();
