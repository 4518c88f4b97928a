import { FluentProvider, webDarkTheme, webLightTheme } from "@fluentui/react-components";
import { useLayoutEffect } from "react";
import { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import type { PaneActions, PaneState, Store } from "../app/state";
import { App } from "./App";
import type { PaneTheme } from "./environment";
import { strings, type Lang } from "./i18n";
import { preloadWorkspace } from "./LazyWorkspace";

/**
 * The seam between the pane and whatever drives it. A session (the Excel live session, the in-memory
 * preview session, a test double) owns a store and the actions; the pane only renders and calls.
 */
export interface PaneSession {
  store: Store<PaneState>;
  actions: PaneActions;
  /** Called when another session replaces this one or the pane unmounts (remove Excel event handlers…). */
  dispose?(): void;
}

export interface MountOptions extends PaneSession {
  lang?: Lang;
  theme?: PaneTheme;
}

export interface MountedPane {
  /** The store being rendered now (the attached session's, once one is attached). */
  readonly store: Store<PaneState>;
  /** Renders `session` instead of the current one; the previous session is disposed. */
  attach(session: PaneSession): void;
  /** The session could not be loaded: the pane says so, with 重试 calling `retry`; undefined clears it. */
  setLoadFailure(failure: { detail: string; retry(): void } | undefined): void;
  /** Office tells the language and theme only after onReady: re-render with them. */
  setAppearance(appearance: { lang?: Lang; theme?: PaneTheme }): void;
  unmount(): void;
}

/** Mounts the pane into `container` and paints at once; everything else arrives by `attach` or the store. */
export function mountPane(container: Element, options: MountOptions): MountedPane {
  const root = createRoot(container);
  let session: PaneSession = { store: options.store, actions: options.actions, dispose: options.dispose };
  let lang: Lang = options.lang ?? "zh-CN";
  let theme: PaneTheme = options.theme ?? "light";
  let loadFailure: { detail: string; retry(): void } | undefined;

  const render = () => {
    // Screen readers pick their voice from the document language.
    document.documentElement.lang = lang;
    root.render(
      <FluentProvider theme={theme === "dark" ? webDarkTheme : webLightTheme}>
        <FirstRenderMark />
        <App store={session.store} actions={session.actions} lang={lang} loadFailure={loadFailure} />
      </FluentProvider>,
    );
  };
  // The first render is committed now, not in a task React schedules: office.js (deferred right after the
  // bundle in taskpane.html) would otherwise run first and hold the pane's first render back.
  flushSync(render);
  // After the first paint, not before: the workspace chunk loads while office.js and the session start up.
  // A failure is shown where the workspace renders (WorkspaceBoundary), not here.
  preloadWorkspace().catch(() => undefined);

  return {
    get store() {
      return session.store;
    },
    attach(next) {
      if (next === session) return;
      const previous = session;
      session = next;
      render();
      previous.dispose?.();
    },
    setLoadFailure(failure) {
      loadFailure = failure;
      render();
    },
    setAppearance(appearance) {
      lang = appearance.lang ?? lang;
      theme = appearance.theme ?? theme;
      render();
    },
    unmount() {
      root.unmount();
      session.dispose?.();
    },
  };
}

let firstRenderMarked = false;

/**
 * Marks the pane's first committed render on the page's performance timeline ("pane-first-render"), once
 * per page: the benchmark and the browser tests read it to time the first paint.
 */
function FirstRenderMark() {
  useLayoutEffect(() => {
    if (firstRenderMarked) return;
    firstRenderMarked = true;
    performance.mark?.("pane-first-render");
  }, []);
  return null;
}

/**
 * Actions for the time before a session is attached: each one says 尚未连接工作簿 in the pane instead of
 * failing silently. exportWord must produce bytes, so it also rejects after reporting.
 */
export function detachedActions(store: Store<PaneState>, lang: () => Lang = () => "zh-CN"): PaneActions {
  const report = () => {
    const t = strings(lang());
    store.set({ error: { message: t.notConnected, detail: t.notConnectedDetail } });
  };
  const refuse = async (): Promise<void> => report();
  return {
    createWorkbook: refuse,
    repair: refuse,
    recompute: refuse,
    selectCell: refuse,
    exportWord: async () => {
      report();
      throw new Error(strings(lang()).notConnected);
    },
    dismissError: () => store.set({ error: undefined }),
  };
}
