import { Evaluator, evaluate } from "../../src/domain";
import { largeInput } from "../../tests/support/large-input";
import { buildHyperFormulaSheet } from "../../tests/template/hyperformula-sheet";
import type { Metric } from "../bench";
import { medianMs } from "./timing";

/**
 * The engine over 500 indicators: a full evaluation, and one edit as a user makes it, side by side with
 * HyperFormula computing the same formulas (tests/template/hyperformula-sheet.ts).
 */
export async function engineBench(): Promise<Metric[]> {
  const big = largeInput(500);
  const fullMs = await medianMs(() => evaluate(big));

  // HyperFormula: a full rebuild (re-parses every formula; no program does that per edit), and its own
  // incremental recalculation after one weight changes (setCellContents recomputes the dependents).
  const sheet = buildHyperFormulaSheet(big);
  const hfRebuild: number[] = [];
  for (let i = 0; i < 9; i++) hfRebuild.push(sheet.recompute());
  const hfEdit: number[] = [];
  for (let i = 0; i < 21; i++) hfEdit.push(sheet.changeWeight((i * 37) % big.indicators.length, 1 + (i % 5)));
  sheet.destroy();

  // Our engine after the same one-weight change: the Evaluator recomputes what depends on the edited cell.
  // Like with like: every computed figure up to date (the scalars HyperFormula holds as formulas, and the
  // edited row's computed cells).
  const ev = new Evaluator(big);
  ev.result();
  let n = 0;
  const edit = () => {
    const i = (n * 37) % big.indicators.length;
    ev.setIndicator(i, { ...ev.current.indicators[i]!, weight: 1 + (n++ % 5) });
    return i;
  };
  const editMs = await medianMs(() => {
    const i = edit();
    return [ev.figures(), ev.rowFigures(i)];
  });
  // The same edit through to the full result the add-in shows: every indicator's result and every check.
  const editResultMs = await medianMs(() => {
    edit();
    return ev.result();
  });

  const hfEditMs = median(hfEdit);
  const hfRebuildMs = median(hfRebuild);
  return [
    { name: "engine.recompute500.ms", value: fullMs, unit: "ms", note: "full evaluation of 500 indicators incl. findings, median of 21" },
    { name: "hyperformula.rebuild500.ms", value: hfRebuildMs, unit: "ms", note: "HyperFormula rebuildAndRecalculate (re-parses every formula), 500 indicators, median of 9" },
    { name: "hyperformula.edit500.ms", value: hfEditMs, unit: "ms", note: "HyperFormula's incremental recalculation after one weight changes, 500 indicators, median of 21" },
    { name: "engine.edit500.ms", value: editMs, unit: "ms", note: "our engine after the same change: recomputes the edited row and what depends on it, all figures up to date, median of 21" },
    { name: "engine.edit500.result.ms", value: editResultMs, unit: "ms", note: "the same edit through to the full result (all indicator results, all checks), median of 21" },
    { name: "engine.vs.hyperformula.edit", value: hfEditMs / editMs, unit: "x", note: "per edit, like with like; budget ≥ 5x" },
    { name: "engine.vs.hyperformula.edit.result", value: hfEditMs / editResultMs, unit: "x", note: "per edit, ours incl. every check and indicator result" },
    { name: "engine.vs.hyperformula.rebuild", value: hfRebuildMs / fullMs, unit: "x", note: "our full evaluation against HyperFormula's full rebuild" },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
