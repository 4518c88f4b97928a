import { Spinner } from "@fluentui/react-components";
import { Component, lazy, Suspense, type ReactNode } from "react";
import { ErrorBar } from "./components/ErrorBar";
import { StringsContext, type Strings } from "./i18n";

/*
 * The tabs and their panels are a separate chunk, fetched right after the first paint (mountPane calls
 * preloadWorkspace). Before a session has evaluated the workbook they have nothing to show, and they carry
 * most of the pane's weight: TabList's keyboard navigation (tabster), ProgressBar, and decimal.js via the
 * domain's formatters. The first paint (status, errors, spinner) stays within the 167 KB budget with room
 * left for the session's bootstrap.
 */

type WorkspaceModule = typeof import("./Workspace");

let loading: Promise<WorkspaceModule> | undefined;

/** Starts loading the workspace chunk, once. */
export function preloadWorkspace(): Promise<WorkspaceModule> {
  loading ??= import(/* webpackChunkName: "workspace" */ "./Workspace");
  return loading;
}

export const Workspace = lazy(() => preloadWorkspace().then((m) => ({ default: m.Workspace })));

interface BoundaryState {
  error?: unknown;
}

/** A chunk that fails to load (server gone, 政务网 proxy) shows as an error, not as a blank pane. */
class WorkspaceBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  static override contextType = StringsContext;
  declare context: Strings;
  override state: BoundaryState = {};

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <ErrorBar
        error={{
          message: this.context.panelLoadFailed,
          detail: error instanceof Error ? error.message : String(error),
        }}
      />
    );
  }
}

export function WorkspaceFrame({ children, loadingLabel }: { children: ReactNode; loadingLabel: string }) {
  return (
    <WorkspaceBoundary>
      <Suspense fallback={<Spinner size="tiny" labelPosition="after" label={loadingLabel} />}>{children}</Suspense>
    </WorkspaceBoundary>
  );
}
