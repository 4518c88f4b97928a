import { mergeClasses } from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { Component, useEffect, useState, type ComponentProps, type ReactNode } from "react";
import { ErrorBar } from "./components/ErrorBar";
import { StringsContext, useStrings, type Strings } from "./i18n";

/*
 * The tabs and their panels are a separate chunk, fetched right after the first paint (mountPane calls
 * preloadWorkspace). Before a session has evaluated the workbook they have nothing to show, and they carry
 * most of the pane's weight: TabList's keyboard navigation (tabster), ProgressBar, the toaster, and
 * decimal.js via the domain's formatters. The first paint (status, errors, skeleton) stays within the
 * 167 KB budget with room left for the session's bootstrap.
 */

type WorkspaceModule = typeof import("./Workspace");

let loading: Promise<WorkspaceModule> | undefined;
let loaded: WorkspaceModule | undefined;

/** Starts loading the workspace chunk, once (again after a failure: webpack fetches a failed chunk anew). */
export function preloadWorkspace(): Promise<WorkspaceModule> {
  loading ??= import(/* webpackChunkName: "workspace" */ "./Workspace").then(
    (m) => (loaded = m),
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}

let generation = 0;

/**
 * The workspace once its chunk is here; until then the skeleton, rendered directly rather than as a
 * Suspense fallback (React.lazy): the pane's first render then neither suspends nor starts the chunk's
 * requests, which are started once it is committed (and by mountPane). A chunk that failed is thrown to
 * WorkspaceBoundary.
 */
export function Workspace(props: ComponentProps<WorkspaceModule["Workspace"]>) {
  const t = useStrings();
  const [module, setModule] = useState(loaded);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (module) return;
    let live = true;
    preloadWorkspace().then(
      (m) => {
        if (live) setModule(m);
      },
      (e: unknown) => {
        if (live) setError(() => e);
      },
    );
    return () => {
      live = false;
    };
  }, [module]);
  if (error !== undefined) throw error;
  if (!module) return <WorkspaceSkeleton label={t.loading} />;
  return <module.Workspace {...props} />;
}

interface BoundaryState {
  error?: unknown;
}

/** A chunk that fails to load (server gone, 政务网 proxy) shows as an error with 重试, not as a blank pane. */
class WorkspaceBoundary extends Component<{ children: ReactNode; onRetry(): void }, BoundaryState> {
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
        onRetry={() => {
          // A new boundary and a new Workspace, which loads the chunk anew.
          generation++;
          this.props.onRetry();
        }}
      />
    );
  }
}

const useStyles = makeStyles({
  skeleton: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  bar: { height: "12px", borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
  tabs: { width: "60%", height: "20px" },
  big: { width: "45%", height: "40px" },
  label: { color: tokens.colorNeutralForeground3 },
});

/** What the workspace will look like, in grey, while its chunk loads: the same places, no figures. */
function WorkspaceSkeleton({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.skeleton} role="status" data-testid="workspace-skeleton">
      <div className={styles.label}>{label}</div>
      <div className={mergeClasses(styles.bar, styles.tabs)} />
      <div className={mergeClasses(styles.bar, styles.big)} />
      <div className={styles.bar} />
      <div className={styles.bar} style={{ width: "80%" }} />
    </div>
  );
}

export function WorkspaceFrame({ children }: { children: ReactNode }) {
  const [, setAttempt] = useState(0);
  return (
    <WorkspaceBoundary key={generation} onRetry={() => setAttempt((n) => n + 1)}>
      {children}
    </WorkspaceBoundary>
  );
}
