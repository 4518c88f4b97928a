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
