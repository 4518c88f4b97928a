import { Caption1, mergeClasses, Subtitle2, Tab, TabList } from "@fluentui/react-components";
import { makeStyles } from "@griffel/react";
import { tokens } from "@fluentui/react-theme";
import {
  memo,
  useDeferredValue,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type ReactNode,
} from "react";
import type { PaneState, Store } from "../app/state";
import { colLetters, qualified, splitQualified } from "../template/addr";
import { COMPUTED_FILL, FIXED_FILL, INPUT_FILL } from "../template/core";
import { parseEntry } from "./format";
import { buildSheetGrid, type GridCell } from "./model";
import type { GridSource } from "./session";

/**
 * The browser preview's stand-in for Excel's grid: the workbook's sheets as tabs, the current sheet as a
 * table with Excel's row and column headers. Yellow input cells are editable (Enter or leaving the cell
 * commits, Esc cancels) and go to the workbook as a user's edit, so the session hears about them through
 * the port's events as it would in Excel; green formula cells show the engine's figures, read-only.
 */

export interface PreviewGridProps {
  source: GridSource;
  /** The pane's store: the grid shows the evaluated figures of the last recompute. */
  store: Store<PaneState>;
}

/** Excel's column width unit is about one digit of the default font: 7 px plus padding. */
const px = (chars: number) => Math.round(chars * 7 + 5);

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    boxSizing: "border-box",
    minWidth: 0,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground2,
    minHeight: "100vh",
  },
  heading: { margin: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  scroller: {
    overflow: "auto",
    maxHeight: "calc(100vh - 130px)",
    minHeight: "240px",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    // The sheet stays white in every theme, as Excel's does.
    backgroundColor: "#ffffff",
    color: "#000000",
  },
  table: {
    borderCollapse: "separate",
    borderSpacing: 0,
    tableLayout: "fixed",
    fontFamily: "'宋体', 'SimSun', 'Noto Serif CJK SC', serif",
    fontSize: "12px",
  },
  colHead: {
    position: "sticky",
    top: 0,
    zIndex: 2,
    backgroundColor: "#f3f3f3",
    color: "#444444",
    fontWeight: "normal",
    borderRight: "1px solid #d4d4d4",
    borderBottom: "1px solid #d4d4d4",
    height: "20px",
  },
  rowHead: {
    position: "sticky",
    left: 0,
    zIndex: 1,
    backgroundColor: "#f3f3f3",
    color: "#444444",
    fontWeight: "normal",
    textAlign: "center",
    borderRight: "1px solid #d4d4d4",
    borderBottom: "1px solid #d4d4d4",
  },
  corner: { left: 0, zIndex: 3 },
  activeHead: { backgroundColor: "#d3f0e0", color: "#107c41", fontWeight: "bold" },
  cell: {
    borderRight: "1px solid #e1e1e1",
    borderBottom: "1px solid #e1e1e1",
    padding: "0 3px",
    height: "22px",
    whiteSpace: "nowrap",
    overflow: "hidden",
    textOverflow: "ellipsis",
    verticalAlign: "middle",
  },
  number: { textAlign: "right" },
  input: { backgroundColor: `#${INPUT_FILL}`, padding: 0 },
  computed: { backgroundColor: `#${COMPUTED_FILL}` },
  fixed: { backgroundColor: `#${FIXED_FILL}` },
  header: { backgroundColor: "#D9E1F2", fontWeight: "bold", textAlign: "center" },
  title: { fontWeight: "bold", fontSize: "14px" },
  note: { fontStyle: "italic", color: "#595959" },
  selected: { outline: "2px solid #107c41", outlineOffset: "-2px" },
  editor: {
    boxSizing: "border-box",
    width: "100%",
    height: "22px",
    border: "none",
    margin: 0,
    padding: "0 3px",
    backgroundColor: "transparent",
    color: "inherit",
    font: "inherit",
    ":focus": { outline: "2px solid #107c41", outlineOffset: "-2px", backgroundColor: "#ffffff" },
  },
  editorNumber: { textAlign: "right" },
});

function parseSelection(selection: string | null): { sheet: string; address: string } | null {
  const at = selection ? splitQualified(selection) : null;
  return at && !at.address.includes(":") ? at : null;
}

export function PreviewGrid({ source, store }: PreviewGridProps) {
  const styles = useStyles();
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  // The workbook changes behind React's back (the session's writes, our own edits): re-read on each event.
  const [version, refresh] = useReducer((n: number) => n + 1, 0);
  const [selection, setSelection] = useState(() => parseSelection(source.workbook.selection));
  const [chosen, setChosen] = useState<string | null>(null);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let unsubscribe: (() => Promise<void>) | undefined;
    let live = true;
    void source.workbook
      .subscribe((event) => {
        if (event.kind === "selection") {
          // Selecting a cell (a finding's 定位, or a click here) shows its sheet, as Excel does.
          setSelection({ sheet: event.sheet, address: event.address });
          setChosen(event.sheet);
        } else if (!(event.kind === "changed" && event.byThisAddin === true)) refresh();
        // The session's own writes are followed by its new result in the store, which re-renders the grid.
      })
      .then((u) => {
        if (live) unsubscribe = u;
        else void u();
      });
    return () => {
      live = false;
      void unsubscribe?.();
    };
  }, [source]);

  const sheets = source.workbook.sheetNames();
  const firstInputSheet = source.plan?.sheets.find((s) => s.cells.some((c) => c.style === "input"))?.name;
  const sheet = chosen && sheets.includes(chosen) ? chosen : (firstInputSheet ?? sheets[0]);
  // The score card first: the grid's re-render for an edit, a new result or a recalculation is deferred,
  // so it never delays the pane's.
  const result = useDeferredValue(state.result);
  const recalculations = useDeferredValue(source.workbook.recalculations);
  // An edit's own cell shows the committed text at once (the editors keep it): the rest of the sheet can wait.
  const contentVersion = useDeferredValue(version);
  const grid = useMemo(
    () => (sheet ? buildSheetGrid(source, sheet) : null),
    // `version` and `result` stand for the workbook's content, which React cannot see.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, sheet, result, contentVersion, recalculations],
  );
  const selectedHere = selection && selection.sheet === sheet ? selection.address : null;

  useEffect(() => {
    if (!selectedHere) return;
    const td = scroller.current?.querySelector(`td[data-address="${selectedHere}"]`);
    // happy-dom and old webviews may lack scrollIntoView; the highlight is there either way.
    td?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [selectedHere, sheet]);

  const select = (address: string) => {
    if (!sheet) return;
    source.workbook.select(qualified(sheet, address)).catch(() => undefined);
  };
  const commit = (cell: GridCell, text: string) => {
    if (!sheet) return;
    source.workbook.userEdit(sheet, cell.address, parseEntry(text, cell.numFmt));
    // userEdit is applied at once; show it now rather than on its (asynchronous) event.
    refresh();
  };

  return (
    <section className={styles.root} aria-labelledby="preview-grid-title">
      <Subtitle2 as="h2" id="preview-grid-title" className={styles.heading}>
        工作簿（浏览器预览）
      </Subtitle2>
      <Caption1 className={styles.muted}>
        在 Excel 中此处是打开的工作簿。黄色单元格可填写（Enter 确认，Esc 取消），绿色单元格由公式计算。
      </Caption1>
      {sheets.length === 0 || !sheet || !grid ? (
        <Caption1 className={styles.muted}>工作簿为空。</Caption1>
      ) : (
        <>
          <TabList size="small" selectedValue={sheet} onTabSelect={(_, d) => setChosen(String(d.value))} aria-label="工作表">
            {sheets.map((name) => (
              <Tab key={name} value={name} data-sheet-tab={name}>
                {name}
              </Tab>
            ))}
          </TabList>
          <div className={styles.scroller} ref={scroller} data-testid="preview-grid">
            <table className={styles.table} data-sheet={sheet} aria-label={`工作表“${sheet}”`}>
              <colgroup>
                <col style={{ width: "36px" }} />
                {grid.widths.map((w, i) => (
                  <col key={i} style={{ width: `${px(w)}px` }} />
                ))}
              </colgroup>
              <thead>
                <tr>
                  <th className={mergeClasses(styles.colHead, styles.rowHead, styles.corner)} />
                  {grid.widths.map((_, i) => (
                    <HeaderCell key={i} scope="col" active={selectedHere !== null && selectedCol(selectedHere) === colLetters(i + 1)}>
                      {colLetters(i + 1)}
                    </HeaderCell>
                  ))}
                </tr>
              </thead>
              <tbody>
                {grid.cells.map((line, r) => (
                  <tr key={r}>
                    <HeaderCell scope="row" active={selectedHere !== null && selectedRow(selectedHere) === r + 1}>
                      {r + 1}
                    </HeaderCell>
                    {line.map((cell) =>
                      cell ? (
                        <GridTd
                          key={cell.address}
                          cell={cell}
                          sheet={sheet}
                          selected={cell.address === selectedHere}
                          onSelect={select}
                          onCommit={commit}
                        />
                      ) : null,
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function selectedCol(address: string): string {
  return /^[A-Z]+/.exec(address)?.[0] ?? "";
}

function selectedRow(address: string): number {
  return Number(/\d+$/.exec(address)?.[0] ?? 0);
}

/** A column letter or row number; the selected cell's are highlighted, as in Excel. */
function HeaderCell({ scope, active, children }: { scope: "col" | "row"; active: boolean; children: ReactNode }) {
  const styles = useStyles();
  return (
    <th scope={scope} className={mergeClasses(scope === "col" ? styles.colHead : styles.rowHead, active && styles.activeHead)} data-active={active ? "true" : undefined}>
      {children}
    </th>
  );
}

interface GridTdProps {
  cell: GridCell;
  sheet: string;
  selected: boolean;
  onSelect(address: string): void;
  onCommit(cell: GridCell, text: string): void;
}

/**
 * A cell re-renders only when its content, its sheet or its selection changes: an edit re-renders the grid
 * at once (the typed cell) and the rest later, and the hundreds of unchanged cells are skipped meanwhile.
 * The callbacks are left out of the comparison: they depend only on the sheet, which is compared.
 */
const GridTd = memo(GridTdView, (a, b) => a.cell === b.cell && a.sheet === b.sheet && a.selected === b.selected);

function GridTdView({ cell, sheet, selected, onSelect, onCommit }: GridTdProps) {
  const styles = useStyles();
  const className = mergeClasses(
    styles.cell,
    cell.numeric && styles.number,
    cell.role === "input" && styles.input,
    cell.role === "computed" && styles.computed,
    (cell.style === "fixed" || cell.style === "legendFixed") && styles.fixed,
    cell.style === "legendInput" && styles.input,
    cell.style === "legendComputed" && styles.computed,
    cell.style === "header" && styles.header,
    cell.style === "title" && styles.title,
    cell.style === "note" && styles.note,
    selected && styles.selected,
  );
  const name = `${sheet}!${cell.address}${cell.label ? ` ${cell.label}` : ""}`;
  return (
    <td
      className={className}
      colSpan={cell.colSpan > 1 ? cell.colSpan : undefined}
      rowSpan={cell.rowSpan > 1 ? cell.rowSpan : undefined}
      data-address={cell.address}
      data-role={cell.role}
      data-selected={selected ? "true" : undefined}
      title={cell.role === "input" ? undefined : cell.text || undefined}
      onMouseDown={() => onSelect(cell.address)}
    >
      {cell.role === "input" ? (
        cell.choices ? (
          <ChoiceEditor cell={cell} label={name} onFocus={() => onSelect(cell.address)} onCommit={onCommit} />
        ) : (
          <TextEditor cell={cell} label={name} onFocus={() => onSelect(cell.address)} onCommit={onCommit} />
        )
      ) : (
        cell.text
      )}
    </td>
  );
}

interface EditorProps {
  cell: GridCell;
  label: string;
  onFocus(): void;
  onCommit(cell: GridCell, text: string): void;
}

function TextEditor({ cell, label, onFocus, onCommit }: EditorProps) {
  const styles = useStyles();
  // What is being typed, until Enter or leaving the cell; null while not editing.
  const [draft, setDraft] = useState<string | null>(null);
  // What was committed, shown until the grid's (deferred) re-render brings the cell's new content.
  const [committed, setCommitted] = useState<{ text: string; over: string } | null>(null);
  const shown = committed !== null && committed.over === cell.edit ? committed.text : cell.edit;
  const commit = () => {
    if (draft !== null && draft !== shown) {
      onCommit(cell, draft);
      setCommitted({ text: draft, over: cell.edit });
    }
    setDraft(null);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      commit();
    } else if (e.key === "Escape") {
      e.preventDefault();
      setDraft(null);
    }
  };
  return (
    <input
      className={mergeClasses(styles.editor, cell.numeric && styles.editorNumber)}
      aria-label={label}
      title={shown || undefined}
      value={draft ?? shown}
      onChange={(e) => setDraft(e.target.value)}
      onFocus={onFocus}
      onBlur={commit}
      onKeyDown={onKeyDown}
    />
  );
}

function ChoiceEditor({ cell, label, onFocus, onCommit }: EditorProps) {
  const styles = useStyles();
  // The choice made, shown until the grid's (deferred) re-render brings the cell's new content.
  const [committed, setCommitted] = useState<{ text: string; over: string } | null>(null);
  const current = committed !== null && committed.over === cell.edit ? committed.text : cell.edit;
  const items = current && !cell.choices!.includes(current) ? [current, ...cell.choices!] : cell.choices!;
  const choose = (text: string) => {
    onCommit(cell, text);
    setCommitted({ text, over: cell.edit });
  };
  return (
    <select className={styles.editor} aria-label={label} value={current} onFocus={onFocus} onChange={(e) => choose(e.target.value)}>
      <option value="">（空）</option>
      {items.map((item) => (
        <option key={item} value={item}>
          {item}
        </option>
      ))}
    </select>
  );
}
