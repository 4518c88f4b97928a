import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    environment: "node",
    setupFiles: ["tests/support/dom-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine, so the
    // suite ran file after file while the LibreOffice, Chromium and CLI child processes left the core
    // idle. One worker per core.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
