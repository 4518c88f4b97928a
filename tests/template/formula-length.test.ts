/**
 * Excel refuses a formula longer than 8,192 characters or with more than 64 nested functions ("Excel
 * specifications and limits", https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3:
 * "Length of formula contents: 8,192 characters", "Nested levels of functions: 64"). Every formula the
 * template writes, under every rule profile, with the department form and with projects, stays inside both.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_PROFILES } from "../../src/domain/profiles";
import { evaluationInputSchema } from "../../src/domain/model";
import { planWorkbook } from "../../src/template";

const EXCEL_MAX_FORMULA_CHARS = 8192;
const EXCEL_MAX_NESTING = 64;

/** Deepest parenthesis nesting outside string literals: at least as deep as the function nesting. */
function nesting(formula: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (const ch of formula) {
    if (ch === '"') inString = !inString;
    else if (!inString && ch === "(") max = Math.max(max, ++depth);
    else if (!inString && ch === ")") depth--;
  }
  return max;
}

const sample = (file: string) => evaluationInputSchema.parse(JSON.parse(readFileSync(join(__dirname, "../../assets/samples", file), "utf8")));

describe("every formula the template writes fits Excel's limits", () => {
  it.each(BUILTIN_PROFILES.map((p) => [p.id]))("profile %s, the department form and three projects", (id) => {
    const input = { ...sample("reference-2023-projects.json"), profile: id };
    const formulas = planWorkbook(input).sheets.flatMap((s) => s.cells.flatMap((c) => (c.formula ? [{ at: `${s.name}!${c.address}`, formula: c.formula }] : [])));
    const tableFormulas = planWorkbook(input).sheets.flatMap((s) => s.tables.flatMap((t) => t.columns.flatMap((c) => ("formula" in c && c.formula ? [{ at: `${t.name}[${c.name}]`, formula: c.formula }] : []))));
    const all = [...formulas, ...tableFormulas];
    expect(all.length).toBeGreaterThan(200);
    const longest = all.reduce((a, b) => (b.formula.length > a.formula.length ? b : a));
    expect(longest.formula.length, longest.at).toBeLessThanOrEqual(EXCEL_MAX_FORMULA_CHARS);
    const deepest = all.reduce((a, b) => (nesting(b.formula) > nesting(a.formula) ? b : a));
    expect(nesting(deepest.formula), deepest.at).toBeLessThanOrEqual(EXCEL_MAX_NESTING);
  });
});
