/**
 * Issue 14: the request payloads as the shipped office.js builds them, checked against Excel's documented
 * limit. The fake (tests/fakes) only estimates a request's size; here our real src/excel code runs
 * through Excel.run of the real runtime (node_modules/@microsoft/office-js/dist/excel-web-16.00.js, the
 * Excel on the web build), and tests/support/office-js-host.ts records every serialized request instead
 * of sending it.
 *
 * The limit: "Excel on the web has a payload size limit for requests and responses of 5MB. RichAPI.Error
 * will be thrown if that limit is exceeded." (https://learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins;
 * the error code is RequestPayloadSizeLimitExceeded: https://learn.microsoft.com/office/dev/add-ins/excel/performance#payload-size-limit-best-practices).
 * "5MB" is read as the smaller 5,000,000 bytes, and measured on the whole message handed to the host
 * (the body JSON escaped inside it), the larger of the two sizes a host could count.
 *
 * The number of operations in a request has no documented limit of its own: the same page says the
 * payload "combines the number of API calls, the number of objects … and the length of the value", so
 * the operations count against the 5 MB. The counts are reported here; docs/excel-probes.md (probe 16)
 * says how a tester measures whether Excel has a separate cap.
 */
import { describe, expect, test } from "vitest";
import { evaluateSnapshot } from "../../src/app/evaluate-workbook";
import { OfficePort } from "../../src/excel/office-port";
import { planWorkbook } from "../../src/template/core";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import type { CellWrite } from "../../src/workbook/port";
import { MemoryWorkbook } from "../../src/workbook/memory-port";
import { largeInput } from "../support/large-input";
import { OFFICE_JS_VERSION, actionNames, collection, loadOfficeJs, type CapturedRequest, type OfficeJsHost } from "../support/office-js-host";
import { fakeExcel, portFor, reportSheet, sampleInput } from "./helpers";

const LIMIT = 5_000_000;
const RUNTIME = "excel-web-16.00.js";

/** A host claiming every ExcelApi set up to `minor` (default 1.20: all optional features on, so the requests are the largest). */
const upTo = (minor: number) => ({ isSetSupported: (name: string, version?: string | number) => name === "ExcelApi" && Number(String(version ?? "1.1").split(".")[1]) <= minor });

function portOn(host: OfficeJsHost, minor = 20): OfficePort {
  return new OfficePort({ excel: host.excel, requirements: upTo(minor), platform: "OfficeOnline" });
}

function figures(requests: readonly CapturedRequest[]): string {
  return requests.map((r) => `${r.messageBytes} B/${r.actions} actions`).join(", ");
}

/** Every output cell of `n` indicators as the session asks the port to write it when all of them changed. */
async function fullWrite(n: number): Promise<{ cells: CellWrite[]; paragraphs: number }> {
  const memory = new MemoryWorkbook();
  await memory.applyPlan(planWorkbook(largeInput(n)));
  const evaluation = evaluateSnapshot(await memory.read(), OUTPUT_SHEETS);
  return { cells: evaluation.desired, paragraphs: evaluation.narrative.length };
}

/** The cells a request writes: the single-cell ranges whose values or formulas it sets. */
function writtenCells(request: CapturedRequest): number {
  return actionNames(request).filter((name) => name === "Values" || name === "Formulas").length;
}

describe(`request payloads built by the shipped office.js ${OFFICE_JS_VERSION} (${RUNTIME})`, () => {
  test.each([
    ["the blank template (新建自评工作簿)", () => planWorkbook()],
    ["the template with the sample unit (新建示例)", () => planWorkbook(sampleInput())],
  ])("%s: every request under 5 MB; the template itself is one request", async (_label, plan) => {
    const host = loadOfficeJs(RUNTIME, { Worksheets: collection([{ Name: "Sheet1" }]) });
    const port = portOn(host);
    await port.applyPlan(plan());
    console.log(`${_label}: ${host.requests.length} requests: ${figures(host.requests)}`);
    expect(port.lastSkipped).toEqual([]);
    // The sheet names (clash check), the template, print setup, protection, document properties.
    expect(host.requests).toHaveLength(5);
    for (const r of host.requests) expect(r.messageBytes).toBeLessThanOrEqual(LIMIT);
    // The template is queued into one request: it is the large one.
    expect(actionNames(host.requests[1]!).filter((a) => a === "Add").length).toBeGreaterThanOrEqual(plan().sheets.length);
    expect(Math.max(...host.requests.map((r) => r.messageBytes))).toBe(host.requests[1]!.messageBytes);
  });

  test("a full write of every output cell for 5000 indicators: every request under 5 MB, protection around all of it", async () => {
    const { cells, paragraphs } = await fullWrite(5000);
    const host = loadOfficeJs(RUNTIME);
    await portOn(host).write(cells, { layout: { paragraphs, reportSheet } });
    const largest = Math.max(...host.requests.map((r) => r.messageBytes));
    const actions = host.requests.reduce((sum, r) => sum + r.actions, 0);
    console.log(`full write of ${cells.length} cells: ${host.requests.length} requests, largest ${largest} B, ${actions} actions in all; ${figures(host.requests)}`);
    for (const r of host.requests) expect(r.messageBytes).toBeLessThanOrEqual(LIMIT);
    // Every cell is written once, whatever the number of requests.
    expect(host.requests.reduce((sum, r) => sum + writtenCells(r), 0)).toBe(cells.length);
    // The output sheets are unprotected in the first request and protected again in the last.
    expect(actionNames(host.requests[0]!)).toContain("Unprotect");
    expect(actionNames(host.requests.at(-1)!)).toContain("Protect");
    for (const r of host.requests.slice(0, -1)) expect(actionNames(r)).not.toContain("Protect");
  }, 120_000);

  test("a write that fits stays one request", async () => {
    const { cells, paragraphs } = await fullWrite(20);
    const host = loadOfficeJs(RUNTIME);
    await portOn(host).write(cells, { layout: { paragraphs, reportSheet } });
    console.log(`full write of ${cells.length} cells (20 indicators): ${figures(host.requests)}`);
    expect(host.requests).toHaveLength(1);
  });
});

describe("the fake's request size estimate is never below what the shipped office.js sends", () => {
  // The fake enforces the 5 MB limit on its own estimate (tests/fakes/excel-objects.ts OPERATION_BYTES):
  // it is as strict as Excel only if the estimate is at least the real request, request by request.
  const API = 14;

  function compare(label: string, real: readonly CapturedRequest[], fake: ReadonlyArray<{ ops: number; bytes: number }>): void {
    console.log(`${label}: office.js ${figures(real)}; fake ${fake.map((r) => `${r.bytes} B/${r.ops} operations`).join(", ")}`);
    expect(fake).toHaveLength(real.length);
    real.forEach((r, i) => expect(fake[i]!.bytes).toBeGreaterThanOrEqual(r.messageBytes));
  }

  test.each([
    ["the blank template", () => planWorkbook()],
    ["the sample template", () => planWorkbook(sampleInput())],
    ["a template with 300 indicators", () => planWorkbook(largeInput(300))],
  ])("%s", async (label, plan) => {
    const host = loadOfficeJs(RUNTIME, { Worksheets: collection([{ Name: "Sheet1" }]) });
    await portOn(host, API).applyPlan(plan());
    const fake = fakeExcel(`1.${API}`);
    await portFor(fake).applyPlan(plan());
    compare(label, host.requests, fake.stats.requests);
  });

  test.each([20, 300])("a full write of %i indicators' outputs", async (n) => {
    const { cells, paragraphs } = await fullWrite(n);
    const host = loadOfficeJs(RUNTIME);
    await portOn(host, API).write(cells, { layout: { paragraphs, reportSheet } });
    const fake = fakeExcel(`1.${API}`);
    const port = portFor(fake);
    await port.applyPlan(planWorkbook(largeInput(n)));
    fake.resetStats();
    await port.write(cells, { layout: { paragraphs, reportSheet } });
    compare(`full write, ${n} indicators`, host.requests, fake.stats.requests);
  });
});
