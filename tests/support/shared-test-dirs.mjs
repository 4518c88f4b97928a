/**
 * Test folders whose files run in vitest's "shared" project (vitest.config.mts): they share their
 * worker's modules, and fast-check's seed is fixed there, so the property tests live in them too
 * (eslint.config.mjs).
 */
export const SHARED_MODULE_DIRS = ["domain", "template", "narrative", "report", "fakes", "app", "preview"];

/** The same folders as one glob ("tests/{domain,…}"), for include, exclude and ignore patterns. */
export const SHARED_TEST_DIRS = `tests/{${SHARED_MODULE_DIRS.join(",")}}`;
