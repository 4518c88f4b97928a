/**
 * Replays every onChanged payload saved under tests/fixtures/excel-events (docs/excel-probes.md says how to
 * record one in real Excel) through the real OfficePort and LiveSession over the fake, and checks that the
 * add-in does what the fixture's `expect` says: `patch` (the cache follows the event: no read), `read` (a
 * full read), `ignore` (no recompute, no round trip).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { OUTPUT_SHEETS } from "../../src/template/outputs";
import { fakeExcel, portFor, sessionOver, settle } from "./helpers";

interface Fixture {
  source: string;
  requirementSets: { ExcelApi: string };
  action: string;
  events: Array<{ worksheetName: string; address: string; source?: string; changeType?: string; triggerSource?: string; details?: { valueBefore: unknown; valueAfter: unknown; valueTypeBefore: string; valueTypeAfter: string } }>;
  expect: "patch" | "read" | "ignore";
}

const DIR = resolve(__dirname, "../fixtures/excel-events");
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ file: f, fixture: JSON.parse(readFileSync(join(DIR, f), "utf8")) as Fixture }));

describe("recorded Excel events", () => {
  test("fixtures are present and well formed", () => {
    expect(fixtures.length).toBeGreaterThan(0);
    for (const { file, fixture } of fixtures) {
      expect(["patch", "read", "ignore"], file).toContain(fixture.expect);
      expect(fixture.events.length, file).toBeGreaterThan(0);
    }
  });

  test.each(fixtures)("$file", async ({ fixture }) => {
    const fake = fakeExcel(fixture.requirementSets.ExcelApi);
    const session = sessionOver(portFor(fake), OUTPUT_SHEETS);
    await session.start();
    await session.createWorkbook({ withSample: true });
    await settle(fake, session);
    const recomputes = session.recomputes;
    fake.resetStats();
    for (const e of fixture.events) await fake.replayRecordedChange(e);
    await settle(fake, session);
    const fullReads = fake.stats.reads.filter((r) => r.props.includes("formulas")).length;
    if (fixture.expect === "ignore") {
      expect(session.recomputes, fixture.action).toBe(recomputes);
      expect(fake.stats.roundTrips, fixture.action).toBe(0);
    } else {
      expect(session.recomputes, fixture.action).toBe(recomputes + 1);
      expect(fullReads > 0, fixture.action).toBe(fixture.expect === "read");
    }
    expect(session.store.get().error).toBeUndefined();
    await session.stop();
  });
});
