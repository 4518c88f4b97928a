import { makeStyles, tokens } from "@fluentui/react-components";
import { useCallback, useState, useSyncExternalStore } from "react";
import type { PaneActions, PaneState, Store } from "../app/state";
import { copyText, downloadBytes } from "./browser";
import { displayCell } from "./cells";
import { BusyIndicator } from "./components/BusyIndicator";
import { ErrorBar, type PaneError } from "./components/ErrorBar";
import { IndicatorRows } from "./components/IndicatorRows";
import { StatusBar } from "./components/StatusBar";
import { strings, StringsContext, type Lang } from "./i18n";
import { Workspace, WorkspaceFrame } from "./LazyWorkspace";
import type { TabId } from "./Workspace";

export interface AppProps {
  store: Store<PaneState>;
  actions: PaneActions;
  lang?: Lang;
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
  errors: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

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
export function App({ store, actions, lang = "zh-CN" }: AppProps) {
  const t = strings(lang);
  const styles = useStyles();
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  const [tab, setTab] = useState<TabId>("score");
  const [localError, setLocalError] = useState<PaneError | undefined>();

  const run = useCallback(
    async <T,>(failure: string, call: () => Promise<T>): Promise<T | undefined> => {
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
    },
    [store],
  );

  const findings = state.result?.findings ?? [];
  const busy = state.busy !== undefined;

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
            void run(t.actionFailed(withSample ? t.createWithSample : t.createWorkbook), () => actions.createWorkbook({ withSample }))
          }
          onRepair={() => void run(t.actionFailed(t.repair), () => actions.repair())}
          onRecompute={() => void run(t.actionFailed(t.recompute), () => actions.recompute())}
        />

        {state.host === "excel" && (state.binding === "bound" || state.binding === "damaged") && actions.addIndicator && actions.deleteIndicator && (
          <IndicatorRows
            busy={busy}
            onAdd={() => void run(t.actionFailed(t.addIndicator), () => actions.addIndicator!())}
            onDelete={() => void run(t.actionFailed(t.deleteIndicator), () => actions.deleteIndicator!())}
          />
        )}

        {(state.error || localError) && (
          <div className={styles.errors}>
            {/* Keyed by message: a new error starts with its detail folded again. */}
            {state.error && <ErrorBar key={`state:${state.error.message}`} error={state.error} onDismiss={dismissStateError} />}
            {localError && <ErrorBar key={`local:${localError.message}`} error={localError} onDismiss={() => setLocalError(undefined)} />}
          </div>
        )}

        <BusyIndicator busy={state.busy} />

        <WorkspaceFrame loadingLabel={t.loading}>
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
              });
            }}
          />
        </WorkspaceFrame>
      </div>
    </StringsContext.Provider>
  );
}
