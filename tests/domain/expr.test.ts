import { describe, expect, test } from "vitest";
import { ExcelError, IF, MAX, MIN, ROUND, add, col, compile, div, eq, ge, mul, num, ref, str, sub, sumIf, toExcel, type Value } from "../../src/domain/expr";
import { ROW_SPECS, SCALAR_SPECS } from "../../src/domain/formulas";

const resolver = {
  ref: (id: string) => id.replace(/\W/g, "_"),
  col: (id: string) => `$${id}5`,
  colRange: (id: string) => `T[${id}]`,
};

function run(e: Parameters<typeof compile>[0], scalars: Record<string, Value> = {}, row: Record<string, Value> = {}): Value {
  const rows = [row];
  return compile(e)({
    scalar: (id) => scalars[id] ?? null,
    cell: (c) => row[c] ?? null,
    column: (c) => rows.map((r) => r[c] ?? null),
  });
}

describe("Excel formula text", () => {
  test("precedence: parentheses only where Excel needs them", () => {
    expect(toExcel(mul(add(ref("a"), 1), 2), resolver)).toBe("(a+1)*2");
    expect(toExcel(add(ref("a"), mul(1, 2)), resolver)).toBe("a+1*2");
    expect(toExcel(sub(1, sub(ref("a"), ref("b"))), resolver)).toBe("1-(a-b)");
    expect(toExcel(div(ref("a"), mul(ref("b"), 2)), resolver)).toBe("a/(b*2)");
    expect(toExcel(ge(add(ref("a"), 1), 2), resolver)).toBe("a+1>=2");
  });
  test("strings are quoted with doubled quotes; negatives are parenthesised", () => {
    expect(toExcel(IF(eq(col("kind"), str('say "hi"')), num(-1), 0), resolver)).toBe('IF($kind5="say ""hi""",(-1),0)');
  });
  test("SUMIF uses whole-column ranges", () => {
    expect(toExcel(sumIf("level1", "产出指标", "score"), resolver)).toBe('SUMIF(T[level1],"产出指标",T[score])');
  });
  test("every definition prints to a formula Excel accepts by length (< 8192 chars)", () => {
    for (const s of [...SCALAR_SPECS, ...ROW_SPECS]) {
      const text = toExcel(s.expr, resolver);
      expect(text.length).toBeLessThan(8192);
      expect(text).not.toContain("undefined");
    }
  });
});

describe("evaluation follows Excel", () => {
  test("blank cells are 0 in arithmetic and equal to both 0 and \"\"", () => {
    expect(run(add(ref("x"), 1))).toBe(1);
    expect(run(eq(ref("x"), 0))).toBe(true);
    expect(run(eq(ref("x"), str("")))).toBe(true);
    expect(run(eq(num(0), str("")))).toBe(false);
  });
  test("text sorts after numbers", () => {
    expect(run(ge(str(""), 5))).toBe(true);
    expect(run(ge(num(5), str("")))).toBe(false);
  });
  test("division by zero is #DIV/0!, and errors propagate", () => {
    const v = run(add(div(1, 0), 1));
    expect(v).toBeInstanceOf(ExcelError);
    expect(String(v)).toBe("#DIV/0!");
  });
  test("IF only evaluates the branch it takes (the guard before a division)", () => {
    expect(run(IF(eq(ref("d"), 0), str(""), div(1, ref("d"))))).toBe("");
  });
  test("MIN/MAX skip text and blanks in references, as Excel does", () => {
    expect(run(MIN(ref("t"), 3), { t: "abc" })).toBe(3);
    expect(run(MAX(ref("t"), ref("u")), { t: "abc" })).toBe(0);
  });
  test("arithmetic on non-numeric text is #VALUE!", () => {
    expect(String(run(add(ref("t"), 1), { t: "abc" }))).toBe("#VALUE!");
    expect(run(add(ref("t"), 1), { t: "2" })).toBe(3);
  });
  test("ROUND is half away from zero on the displayed value", () => {
    expect(run(ROUND(1.005, 2))).toBe(1.01);
    expect(run(ROUND(-2.5, 0))).toBe(-3);
  });
  test("SUMIF matches text case-insensitively and sums numbers only", () => {
    const e = sumIf("k", "a", "v");
    const rows: Array<Record<string, Value>> = [
      { k: "A", v: 1 },
      { k: "a", v: "x" },
      { k: "b", v: 5 },
      { k: "a", v: 2 },
    ];
    const v = compile(e)({ scalar: () => null, cell: () => null, column: (c) => rows.map((r) => r[c] ?? null) });
    expect(v).toBe(3);
  });
});
