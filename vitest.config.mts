import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { fluentAliases } from "./tests/support/fluent-prebundle.mts";

export default defineConfig({
  // The DOM tests load Fluent UI from one pre-built file instead of ~2,000 (tests/support/fluent-prebundle.mts).
  resolve: { alias: fluentAliases(fileURLToPath(new URL(".", import.meta.url))) },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    environment: "node",
    globalSetup: ["tests/support/libreoffice-global.ts"],
    setupFiles: ["tests/support/dom-setup.ts", "tests/support/fast-check-setup.ts"],
    // A guard against hangs, not a speed check (benchmarks do that): CPU-bound property runs and child
    // processes take several times longer on a loaded machine, and must not fail there.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine, so the
    // suite ran file after file while the LibreOffice, Chromium and CLI child processes left the core
    // idle. One worker per core.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
