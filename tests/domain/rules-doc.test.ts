import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { BUILTIN_PROFILES, RULE_PARAMS } from "../../src/domain";

/** docs/rules.md lists every profile and every primitive's parameters (issue 12). */
describe("docs/rules.md", () => {
  const doc = readFileSync(join(__dirname, "..", "..", "docs", "rules.md"), "utf8");
  test("names every builtin profile by id and name", () => {
    for (const p of BUILTIN_PROFILES) {
      expect(doc, p.id).toContain(`\`${p.id}\``);
      expect(doc, p.id).toContain(p.name);
    }
  });
  test("names every rule parameter (numbered ones by their family, e.g. rule.cap1..4.below/max)", () => {
    for (const p of RULE_PARAMS) {
      // rule.cap3.below is listed as `rule.cap1..4.below` (the family "rule.cap1..").
      const family = p.id.replace(/(\D)[1-4]\..*$/, "$11..");
      const numbered = family !== p.id && doc.includes(family);
      expect(doc.includes(`\`${p.id}\``) || numbered, p.id).toBe(true);
    }
  });
});
