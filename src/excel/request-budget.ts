import { rangeOf } from "./translate";

/**
 * Excel on the web refuses a request over 5 MB with RequestPayloadSizeLimitExceeded
 * (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins),
 * and Office.js spends about 0.7 KB on every range it writes besides the value: instantiating the range,
 * keeping its reference, its object path and the setter (measured with the shipped office.js in
 * tests/excel/office-js-payloads.test.ts). A batch stays one request while its estimate stays under this
 * budget, and is sent as several requests of the same Excel.run when it does not (a large paste, the
 * repair of a large table).
 */
export const REQUEST_BUDGET = 4_000_000;
/** Estimated request bytes of one range write, besides its value (over Office.js's measured ~0.7 KB). */
export const RANGE_COST = 1_000;
/** Estimated request bytes of one styled block: about twenty format settings and six borders. */
export const STYLE_BLOCK_COST = 8_000;
/** Request bytes of a value at most: a CJK character is 3 bytes of UTF-8 (escapes leave room under that). */
export const valueCost = (value: unknown) => (typeof value === "string" ? 3 * value.length + 2 : 24);

/**
 * The bytes a string takes in a request at most, exactly counted: UTF-8, JSON-escaped twice (the value in
 * the request body's JSON, and that body as a string inside the message handed to the host). A quote or
 * backslash becomes 4 bytes, a control character up to 7; for a long formula this is about a third of
 * valueCost's 3 bytes a character, which would cut a column into needlessly many requests.
 */
export function textCost(text: string): number {
  // The quotes around it: \" each, in the message.
  let bytes = 4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c) bytes += 4;
    else if (c < 0x20) bytes += 7;
    else if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c < 0xd800 || c > 0xdfff) bytes += 3;
    // A surrogate pair is 4 bytes of UTF-8; a lone half is escaped (\\udxxx, 7 bytes in the message).
    else if (c <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
      bytes += 4;
      i++;
    } else bytes += 7;
  }
  return bytes;
}

/**
 * Counts what a batch queues and syncs it before an operation that would take the request past the
 * budget; the batch's Excel.run goes on with the next request. Call `fit` before queuing each
 * operation (or group of operations that must go together) with its estimated bytes.
 */
export class RequestBudget {
  private pending = 0;

  constructor(
    private readonly ctx: Excel.RequestContext,
    readonly limit = REQUEST_BUDGET,
  ) {}

  async fit(bytes: number): Promise<void> {
    if (this.pending > 0 && this.pending + bytes > this.limit) {
      this.pending = 0;
      await this.ctx.sync();
    }
    this.pending += bytes;
  }
}

/** The request bytes of one cell of a values, formulas or number format array, with its comma. */
function cellCost(value: unknown): number {
  if (typeof value === "string") return textCost(value) + 1;
  if (value === null || value === undefined) return 5;
  // A double's shortest JSON form is at most 24 characters ("-1.2345678901234567e-300").
  return 25;
}

/** Office.js splits a values, formulas or number format array of more cells than this (see queueRows). */
const SPLIT_CELLS = 1500;

/** A property set on a block of cells: values, formulas or number formats, one array row per sheet row. */
export type RowsSet = readonly ["values" | "formulas" | "numberFormat", readonly unknown[][]];

/**
 * Sets these properties (in this order) on the block of cells whose top-left is `at`, in bands of
 * whole rows each small enough for a request of its own, so that a block larger than a request may be
 * (a long table column, the grid of a large sheet) still goes through; a block that fits is one write.
 * Every array has a row per sheet row of the block and the same width.
 */
export async function queueRows(sheet: Excel.Worksheet, at: { top: number; left: number }, sets: readonly RowsSet[], budget: RequestBudget): Promise<void> {
  const rows = sets[0]?.[1].length ?? 0;
  const width = sets[0]?.[1][0]?.length ?? 0;
  if (rows === 0 || width === 0) return;
  const room = budget.limit - (sets.length + 1) * RANGE_COST;
  // Office.js sends an array of more than 1,500 cells as writes of about 1,500 cells each, every one on
  // a range of its own (getRow(i).getBoundingRect(getRow(j)) in excel-web-16.00.js): a range's cost per
  // 1,500 cells, charged to each row.
  const split = Math.ceil((width * RANGE_COST) / SPLIT_CELLS);
  const rowCost = (i: number) => sets.reduce((sum, [, values]) => sum + 3 + split + values[i]!.reduce((n: number, v) => n + cellCost(v), 0), 0);
  let first = 0;
  let bytes = 0;
  const flush = async (end: number) => {
    await budget.fit(bytes + (sets.length + 1) * RANGE_COST);
    const range = sheet.getRange(rangeOf({ top: at.top + first, left: at.left, bottom: at.top + end - 1, right: at.left + width - 1 }));
    for (const [property, values] of sets) range[property] = values.slice(first, end) as unknown[][];
  };
  for (let i = 0; i < rows; i++) {
    const cost = rowCost(i);
    if (i > first && bytes + cost > room) {
      await flush(i);
      first = i;
      bytes = 0;
    }
    bytes += cost;
  }
  await flush(rows);
}
