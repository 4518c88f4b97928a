import type { LiveSession } from "../../src/app/session";

// No vitest import: the benchmark (scripts/bench) uses these helpers outside the test runner.

/** Polls `condition` every `interval` ms until it holds; fails after `timeout` ms (a hang, not a slow machine). */
async function until(condition: () => boolean, what: string, interval: number, timeout = 20_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/**
 * Waits until a live session has gone quiet: change events delivered, its debounce timer fired and its
 * queue drained, repeated while its own writes cause more events. Waits for those conditions, never for a
 * fixed time, so a busy machine only makes it slower, not wrong.
 */
export async function settleSession(session: LiveSession, flushEvents: () => Promise<void> = async () => undefined): Promise<void> {
  // The debounce timer is private state; reading it is what lets the tests wait for it instead of sleeping.
  const armed = () => (session as unknown as { timer: unknown }).timer !== null;
  for (let round = 0; round < 100; round++) {
    // One turn of the event loop: events queued as microtasks (the in-memory workbook) are delivered.
    await new Promise((r) => setImmediate(r));
    await flushEvents();
    if (armed()) await until(() => !armed(), "the session's debounce", 2);
    await session.idle();
    await new Promise((r) => setImmediate(r));
    await flushEvents();
    if (!armed()) {
      await session.idle();
      return;
    }
  }
  throw new Error("the session kept recomputing: it never went quiet");
}

/** Resolves as soon as the session's debounce has fired (the recompute it queued has started or is queued). */
export async function debounceFired(session: LiveSession): Promise<void> {
  await new Promise((r) => setImmediate(r));
  await until(() => (session as unknown as { timer: unknown }).timer === null, "the session's debounce", 1);
}
