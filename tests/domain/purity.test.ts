import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const DOMAIN = join(__dirname, "../../src/domain");
const ALLOWED = new Set(["decimal.js", "zod"]);

test("src/domain imports nothing from Office, React, the DOM or the file system", () => {
  for (const file of readdirSync(DOMAIN).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(join(DOMAIN, file), "utf8");
    const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1]!);
    for (const spec of imports) {
      if (spec.startsWith("./")) continue;
      expect(ALLOWED.has(spec), `${file} imports ${spec}`).toBe(true);
    }
    expect(source, file).not.toMatch(/\b(Office|Excel)\.\w|\bdocument\.|\bwindow\.|\bprocess\.|\brequire\(/);
  }
});
