import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import { useState, useSyncExternalStore } from "react";
import type { PaneActions, PaneState, Store } from "../app/state";
import { copyText, downloadBytes } from "./browser";
import { displayCell } from "./cells";
import { BusyIndicator } from "./components/BusyIndicator";
import { ErrorBar, type PaneError } from "./components/ErrorBar";
import { IndicatorRows } from "./components/IndicatorRows";
import { StatusBar } from "./components/StatusBar";
import { strings, StringsContext, type Lang } from "./i18n";
import { notify } from "./notify";
import { Workspace, WorkspaceFrame } from "./LazyWorkspace";
import type { TabId } from "./Workspace";
import { visuallyHidden } from "./styles";

export interface AppProps {
  store: Store<PaneState>;
  actions: PaneActions;
  lang?: Lang;
  /** The host's session could not be loaded (a chunk failed): say so, with a retry. */
  loadFailure?: { detail: string; retry(): void };
}

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    minHeight: "100vh",
    boxSizing: "border-box",
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  main: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  errors: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  visuallyHidden,
});

/** "99", "97.89": the score as the card shows it, without the domain's formatter (it stays out of the first chunk). */
function spoken(total: number): string {
  return String(Math.round(total * 100) / 100);
}

/** Best-effort technical text of whatever an action rejected with (Error, OfficeExtension.Error, string…). */
function describe(reason: unknown): string {
  if (reason instanceof Error) {
    const code = (reason as { code?: unknown }).code;
    return [typeof code === "string" ? `[${code}]` : "", reason.message || reason.name].filter(Boolean).join(" ");
  }
  return typeof reason === "string" ? reason : JSON.stringify(reason) ?? String(reason);
}

/**
 * The task pane: renders `PaneState` from the store and calls `PaneActions`; never touches Excel.
 * Any rejected action becomes a visible error, unless the action already reported its own via state.error.
 */
export function App({ store, actions, lang = "zh-CN", loadFailure }: AppProps) {
  const t = strings(lang);
  const styles = useStyles();
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  const [tab, setTab] = useState<TabId>("score");
  const [localError, setLocalError] = useState<PaneError | undefined>();

  const run = async <T,>(failure: string, call: () => Promise<T>): Promise<T | undefined> => {
    const before = store.get().error;
    try {
      const value = await call();
      setLocalError(undefined);
      return value;
    } catch (reason) {
      const after = store.get().error;
      // The action set its own (better) message: showing ours too would say the same thing twice.
      if (!after || after === before) setLocalError({ message: failure, detail: describe(reason) });
      return undefined;
    }
  };

  const findings = state.result?.findings ?? [];
  const busy = state.busy !== undefined;
  const announcement = state.result ? t.scoreAnnouncement(spoken(state.result.total), state.result.grade) : "";

  /** Runs an action and confirms it in a toast when it succeeded. */
  const confirm = (failure: string, call: () => Promise<void>, message: string) =>
    void run(failure, () => call().then(() => true)).then((done) => {
      if (done) notify(message);
    });

  const dismissStateError = () => {
    try {
      actions.dismissError();
    } catch (reason) {
      setLocalError({ message: t.actionFailed(t.dismiss), detail: describe(reason) });
    }
  };

  return (
    <StringsContext.Provider value={t}>
      <div className={styles.root} lang={lang}>
        <StatusBar
          state={state}
          busy={busy}
          onCreate={(withSample) =>
            confirm(t.actionFailed(withSample ? t.createWithSample : t.createWorkbook), () => actions.createWorkbook({ withSample }), t.created)
          }
          onRepair={() => confirm(t.actionFailed(t.repair), () => actions.repair(), t.repaired)}
          onRecompute={() => void run(t.actionFailed(t.recompute), () => actions.recompute())}
        />

        <main className={styles.main}>
          {state.host === "excel" && (state.binding === "bound" || state.binding === "damaged") && actions.addIndicator && actions.deleteIndicator && (
            <IndicatorRows
              busy={busy}
              onAdd={() => void run(t.actionFailed(t.addIndicator), () => actions.addIndicator!())}
              onDelete={() => void run(t.actionFailed(t.deleteIndicator), () => actions.deleteIndicator!())}
            />
          )}

          {(state.error || localError || loadFailure) && (
            <div className={styles.errors}>
              {loadFailure && (
                <ErrorBar error={{ message: t.panelLoadFailed, detail: loadFailure.detail }} onRetry={loadFailure.retry} />
              )}
              {/* Keyed by message: a new error starts with its detail folded again. */}
              {state.error && <ErrorBar key={`state:${state.error.message}`} error={state.error} onDismiss={dismissStateError} />}
              {localError && <ErrorBar key={`local:${localError.message}`} error={localError} onDismiss={() => setLocalError(undefined)} />}
            </div>
          )}

          <BusyIndicator busy={state.busy} />

          <WorkspaceFrame>
            <Workspace
              tab={tab}
              session={{ store, actions }}
              onTabChange={setTab}
              result={state.result}
              findings={findings}
              paragraphs={state.narrative}
              onSelectCell={(cell) => void run(t.selectFailed(displayCell(cell)), () => actions.selectCell(cell))}
              onCopy={async (text) => (await run(t.copyFailed, () => copyText(text).then(() => true))) === true}
              onExport={async () => {
                if (state.canDownload === false) {
                  // Never a silent no-op: the text goes to the clipboard and the pane says why and what else works.
                  const copied = await run(t.actionFailed(t.exportWord), () => copyText(state.narrative.map((p) => p.text).join("\n")).then(() => true));
                  if (copied) setLocalError({ message: t.macExport });
                  return;
                }
                await run(t.actionFailed(t.exportWord), async () => {
                  const file = await actions.exportWord();
                  downloadBytes(file.fileName, file.bytes);
                  notify(t.exported(file.fileName));
                });
              }}
            />
          </WorkspaceFrame>
          {/* Score and grade, read out when they change (an edit in the workbook, a recompute). */}
          <div className={styles.visuallyHidden} aria-live="polite" aria-atomic="true" data-testid="score-announcement">
            {announcement}
          </div>
        </main>
      </div>
    </StringsContext.Provider>
  );
}
