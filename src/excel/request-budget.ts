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
