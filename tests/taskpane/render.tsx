import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, expect, vi } from "vitest";
import { App } from "../../src/taskpane/App";
import { preloadWorkspace } from "../../src/taskpane/LazyWorkspace";
import type { Lang } from "../../src/taskpane/i18n";
import type { DemoSession } from "./demo-session";

let consoleErrors: unknown[][] = [];

// happy-dom's Web Animations reject `finished` with an AbortError nobody awaits when a toast's motion is
// cancelled on unmount; without element.animate Fluent's motion skips straight to the end state.
if (typeof Element !== "undefined") delete (Element.prototype as { animate?: unknown }).animate;

// React reports invalid nesting, missing keys and updates outside act() on console.error: each is a bug.
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void consoleErrors.push(args));
});

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  expect(consoleErrors.map((args) => args.map(String).join(" ").slice(0, 300))).toEqual([]);
});

/** Renders the pane for a session and waits for the lazily loaded workspace (tabs and panels). */
export async function renderPane(session: Pick<DemoSession, "store" | "actions">, lang?: Lang) {
  // As mountPane does: the chunk starts loading before the first render.
  void preloadWorkspace();
  const view = render(
    <FluentProvider theme={webLightTheme}>
      <App store={session.store} actions={session.actions} lang={lang} />
    </FluentProvider>,
  );
  await screen.findByRole("tablist");
  return view;
}
