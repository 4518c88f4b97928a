import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cellAddress, parseCell, scanCellAt, tryParseCell } from "../../src/template/addr";

/** The A1 grammar as one regular expression: what the hand-written scanner in addr.ts must agree with. */
function byRegex(a1: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a1.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

describe("cell addresses", () => {
  it("read the same as the A1 grammar, for addresses and for near misses", () => {
    const near = fc.string({ unit: fc.constantFrom("A", "Z", "a", "$", "0", "1", "9", " ", "-", "Ａ"), maxLength: 8 });
    const real = fc.tuple(fc.integer({ min: 1, max: 16_384 }), fc.integer({ min: 1, max: 1_048_576 }), fc.boolean(), fc.boolean()).map(
      ([col, row, absCol, absRow]) => `${absCol ? "$" : ""}${cellAddress(1, col).replace(/\d+$/, "")}${absRow ? "$" : ""}${row}`,
    );
    fc.assert(
      fc.property(fc.oneof(near, real), (a1) => {
        expect(tryParseCell(a1)).toEqual(byRegex(a1));
      }),
      { numRuns: 5_000 },
    );
  });

  it("examples", () => {
    expect(parseCell("$C$20")).toEqual({ row: 20, col: 3 });
    expect(parseCell(" b2 ")).toEqual({ row: 2, col: 2 });
    expect(parseCell("XFD1048576")).toEqual({ row: 1_048_576, col: 16_384 });
    expect(tryParseCell("AAAA1")).toBeNull();
    expect(tryParseCell("A$")).toBeNull();
    expect(() => parseCell("A-1")).toThrow(/Not a cell address/);
  });

  it("are scanned in place inside a longer text, reading nothing past the range", () => {
    const tag = '<c r="AB12" s="3"/><c r="C7">';
    expect(scanCellAt(tag, 6, 10)).toEqual({ row: 12, col: 28 });
    expect(scanCellAt(tag, 6, 9)).toEqual({ row: 1, col: 28 });
    expect(scanCellAt(tag, 6, 8)).toBeNull();
    // The quote after the address is not part of it, however the range ends.
    expect(scanCellAt(tag, 6, 11)).toBeNull();
  });
});
