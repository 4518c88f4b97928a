import { INITIAL_STATE, Store, type PaneState } from "../app/state";
import { fromQuery, themeFromBackground } from "./environment";
import { langFromTag, type Lang } from "./i18n";
import { detachedActions, mountPane, type PaneSession } from "./mount";

const container = document.getElementById("root");
if (!container) throw new Error("taskpane.html has no #root element");

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

// office.js is a separate classic script; Office is undefined only when it failed to load
// (local copy missing, CDN blocked). The pane still renders, as a browser preview.
if (typeof Office !== "undefined") {
  void Office.onReady((info) => {
    if (info.host !== Office.HostType.Excel) return;
    lang = langFromTag(Office.context.displayLanguage);
    // officeTheme is missing on hosts without theme support (older Mac builds): keep light.
    const theme = themeFromBackground(Office.context.officeTheme?.bodyBackgroundColor);
    paneStore.set({ host: "excel" });
    pane.setAppearance({ lang, theme });
  });
}
