import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { fluentAliases } from "./tests/support/fluent-prebundle.mts";
import { SHARED_TEST_DIRS } from "./tests/support/shared-test-dirs.mjs";

/** Settings every project has. */
const common = {
  environment: "node",
  setupFiles: ["tests/support/dom-setup.ts"],
  // A guard against hangs, not a speed check (benchmarks do that): CPU-bound property runs and child
  // processes take several times longer on a loaded machine, and must not fail there.
  testTimeout: 120_000,
  hookTimeout: 120_000,
};

// The DOM tests load Fluent UI from one pre-built file instead of ~2,000 (tests/support/fluent-prebundle.mts).
const resolve = { alias: fluentAliases(fileURLToPath(new URL(".", import.meta.url))) };

/**
 * A project with what every project shares. Not `extends: true`: that would run the global setup once per
 * project.
 */
const project = (test: { name: string; include: string[]; exclude?: string[]; isolate: boolean; setupFiles?: string[] }) => ({
  resolve,
  test: { ...common, ...test, setupFiles: [...common.setupFiles, ...(test.setupFiles ?? [])] },
});

export default defineConfig({
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine, so the
    // suite ran file after file while the LibreOffice, Chromium and CLI child processes left the core
    // idle. One worker per core.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      project({
        name: "shared",
        include: [`${SHARED_TEST_DIRS}/**/*.test.ts`],
        // These files share their worker's modules: a fresh module graph per file (exceljs, zod, docx,
        // the sources) cost them 67 of their 167 CPU-seconds. What a file changes it restores (spies,
        // temporary folders); module state is what a long-lived process such as `jixiao batch` keeps
        // too. JIXIAO_ISOLATE=1 gives each file its own graph again.
        isolate: process.env.JIXIAO_ISOLATE === "1",
        // The property tests (fast-check) are all here, so only these files load it to fix its seed
        // (eslint.config.mjs keeps fast-check out of the other folders).
        setupFiles: ["tests/support/fast-check-setup.ts"],
      }),
      project({
        name: "node",
        include: ["tests/**/*.test.ts"],
        exclude: [`${SHARED_TEST_DIRS}/**`],
        // The other Node files load office.js into the global scope, start LibreOffice, Chromium or the
        // CLI, or hold 1,000-indicator workbooks. Sharing modules saved them 11 of 303 CPU-seconds run
        // alone, and a whole run with every Node file sharing cost 505 CPU-s, more than the 433 of sharing
        // only the folders above: each keeps a fresh module graph.
        isolate: true,
      }),
      project({
        name: "dom",
        include: ["tests/**/*.test.tsx"],
        // Each DOM file gets its own document, React root and Testing Library screen.
        isolate: true,
      }),
    ],
  },
});
