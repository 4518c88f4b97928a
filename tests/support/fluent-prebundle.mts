/**
 * Fluent UI in one file for the DOM tests.
 *
 * Importing @fluentui/react-components resolves, reads and links ~2,000 ESM files: 2.7 s in every happy-dom
 * test file (12 of them, each in a fresh module graph), ~30 CPU-s of a suite that has to fit 4 minutes on
 * 2 cores. esbuild bundles the same package code once into node_modules/.cache (1.3 s, skipped while the
 * lockfile and the icon list are unchanged); importing the bundle takes 0.2 s. React stays external, so the
 * tests, Testing Library and Fluent share one React. The icons the sources import are entries of the same
 * build, so they share the bundle's Griffel (one style renderer, as in the real pane).
 *
 * Only the tests use this; the pane is built by webpack from the packages themselves.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const COMPONENTS = "@fluentui/react-components";
const ICON_PREFIX = "@fluentui/react-icons/svg/";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(full) : /\.(ts|tsx|mts)$/.test(e.name) ? [full] : [];
  });
}

/** The icon modules the sources and tests import ("arrow-download", …), sorted. */
function iconNames(root: string): string[] {
  const names = new Set<string>();
  for (const file of [...sourceFiles(path.join(root, "src")), ...sourceFiles(path.join(root, "tests"))]) {
    for (const m of readFileSync(file, "utf8").matchAll(/["']@fluentui\/react-icons\/svg\/([a-z0-9-]+)["']/g)) names.add(m[1]!);
  }
  return [...names].sort();
}

/** Vite aliases from the Fluent specifiers to the bundle's files; built first when missing or stale. */
export function fluentAliases(root: string): { find: string | RegExp; replacement: string }[] {
  const icons = iconNames(root);
  const lock = readFileSync(path.join(root, "package-lock.json"));
  const key = createHash("sha256").update(lock).update(icons.join(",")).update(readFileSync(new URL(import.meta.url))).digest("hex").slice(0, 16);
  const cache = path.join(root, "node_modules", ".cache", "jixiao-fluent");
  const dir = path.join(cache, key);
  if (!existsSync(path.join(dir, "done"))) {
    // Built beside and renamed into place, so a second vitest starting at the same time never sees half a bundle.
    const tmp = `${dir}.${process.pid}`;
    mkdirSync(cache, { recursive: true });
    // Bundles of older lockfiles go; this key's (a concurrent run's half-built one too) stay.
    for (const old of readdirSync(cache)) if (!old.startsWith(key)) rmSync(path.join(cache, old), { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    buildSync({
      entryPoints: [
        { in: COMPONENTS, out: "components" },
        ...icons.map((name) => ({ in: ICON_PREFIX + name, out: `icon-${name}` })),
      ],
      absWorkingDir: root,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      outdir: tmp,
      outExtension: { ".js": ".mjs" },
      external: ["react", "react-dom", "react/*", "react-dom/*", "scheduler"],
      // A CommonJS dependency (use-sync-external-store) requires react: give the ESM output a require().
      banner: { js: 'import { createRequire as __jixiaoRequire } from "node:module"; const require = __jixiaoRequire(import.meta.url);' },
      logLevel: "error",
    });
    writeFileSync(path.join(tmp, "done"), "");
    try {
      renameSync(tmp, dir);
    } catch (error) {
      // Another run got there first with the same key: its bundle is the same.
      if (!existsSync(path.join(dir, "done"))) throw error;
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return [
    { find: new RegExp(`^${COMPONENTS}$`), replacement: path.join(dir, "components.mjs") },
    ...icons.map((name) => ({ find: new RegExp(`^${ICON_PREFIX}${name}$`), replacement: path.join(dir, `icon-${name}.mjs`) })),
  ];
}
