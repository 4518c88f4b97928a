import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluateInput } from "../../src/app/evaluate-workbook";
import { linkFindings, type LinkContext } from "../../src/domain/finding-links";
import { FINDING_CATALOGUE, type FindingCode } from "../../src/domain/finding-catalogue";
import { finding, type Finding } from "../../src/domain/findings-types";
import { projectsSample } from "../support/projects";

/** Knock-on findings inside project tables: linked to their root cause in the same project, never across forms. */

const f = (code: FindingCode, field: string): Finding => finding(code, code, field);

// Department indicator 2 is 效益; in every project, indicator 2 is 产出.
const ctx: LinkContext = { levelOfIndicator: (i, project) => (project === undefined ? (i === 2 ? "effect" : "output") : "output") };

describe("linkFindings with project field ids", () => {
  it("a level's knock-on in a project is linked to that project's cause, not to another project's or the department's", () => {
    const out = linkFindings(
      [
        f("WEIGHTS_LEVEL_MISMATCH", "projects[1].level.output.weight"),
        f("SCORE_ABOVE_WEIGHT", "projects[1].indicators[2].score"),
        f("SCORE_ABOVE_WEIGHT", "projects[0].indicators[2].score"),
        f("SCORE_ABOVE_WEIGHT", "indicators[2].score"),
      ],
      ctx,
    );
    const by = (field: string) => out.find((x) => x.ref.field === field);
    expect(by("projects[1].indicators[2].score")?.cause).toEqual({ code: "WEIGHTS_LEVEL_MISMATCH", field: "projects[1].level.output.weight" });
    expect(by("projects[0].indicators[2].score")?.cause).toBeUndefined();
    expect(by("indicators[2].score")?.cause).toBeUndefined();
    // Root causes first within a severity.
    expect(out.map((x) => x.ref.field).indexOf("projects[1].level.output.weight")).toBeLessThan(out.map((x) => x.ref.field).indexOf("projects[1].indicators[2].score"));
  });

  it("a knock-on on the same project indicator as its cause is dropped; the same indicator number in another project is kept", () => {
    const out = linkFindings(
      [f("WEIGHT_INVALID", "projects[0].indicators[3].weight"), f("SCORE_ABOVE_WEIGHT", "projects[0].indicators[3].score"), f("SCORE_ABOVE_WEIGHT", "projects[2].indicators[3].score"), f("SCORE_ABOVE_WEIGHT", "indicators[3].score")],
      ctx,
    );
    expect(out.map((x) => x.ref.field).sort()).toEqual(["indicators[3].score", "projects[0].indicators[3].weight", "projects[2].indicators[3].score"]);
    expect(out.every((x) => x.cause === undefined)).toBe(true);
  });

  it("an evaluation-wide cause of the department does not reach into a project, nor a project's into the department", () => {
    const out = linkFindings([f("BASIC_SPLIT_MISMATCH", "budget.basic.actual"), f("SHARES_NOT_100", "projects[0].shares"), f("SHARES_NOT_100", "shares")], ctx);
    expect(out.find((x) => x.ref.field === "shares")?.cause?.code).toBe("BASIC_SPLIT_MISMATCH");
    expect(out.find((x) => x.ref.field === "projects[0].shares")?.cause).toBeUndefined();
  });

  it("end to end: a project's weights that do not add up are the cause of its indicators' score findings", () => {
    const input = projectsSample();
    const ind = input.projects![1]!.indicators[0]!;
    ind.weight = Number(ind.weight) + 5; // 产出 now 40 of 35
    ind.override = { score: 30, reason: "" }; // lowered without a reason: a knock-on of the weights
    const findings = evaluateInput(input).result.findings;
    const root = findings.find((x) => x.code === "WEIGHTS_LEVEL_MISMATCH");
    expect(root?.ref.field).toBe("projects[1].level.output.weight");
    const knockOns = findings.filter((x) => x.ref.field.startsWith("projects[1].indicators[0]") && x.code !== "WEIGHTS_LEVEL_MISMATCH");
    const caused = knockOns.filter((x) => (FINDING_CATALOGUE[x.code].causedBy ?? []).some((l) => l.code === "WEIGHTS_LEVEL_MISMATCH"));
    expect(caused.length).toBeGreaterThan(0);
    for (const x of caused) expect(x.cause).toEqual({ code: "WEIGHTS_LEVEL_MISMATCH", field: "projects[1].level.output.weight" });
    // Nothing outside project 1 is tied to it.
    expect(findings.filter((x) => x.cause?.field.startsWith("projects[1]") && !x.ref.field.startsWith("projects[1]"))).toEqual([]);
  });
});

/**
 * The reference: every candidate of the cause's code tested in order, the first that explains the finding
 * named (linkFindings looks candidates up in indexes instead, for large tables).
 */
function linkBySearch(findings: readonly Finding[], ctx: LinkContext): Array<{ field: string; code: string; cause?: string }> {
  const place = (x: Finding) => {
    const m = /^projects\[(\d+)\]\./.exec(x.ref.field);
    return m ? { project: Number(m[1]), local: x.ref.field.slice(m[0].length) } : { project: null, local: x.ref.field };
  };
  const indicator = (local: string) => {
    const m = /^indicators\[(\d+)\]/.exec(local);
    return m ? Number(m[1]) : undefined;
  };
  const within = (scope: string, c: Finding, e: Finding) => {
    if (scope === "field") return c.ref.field === e.ref.field || (c.ref.cell !== undefined && c.ref.cell === e.ref.cell);
    const pc = place(c);
    const pe = place(e);
    if (pc.project !== pe.project) return false;
    const i = indicator(pe.local);
    if (scope === "indicator") return i !== undefined && i === indicator(pc.local);
    if (scope === "level") {
      const level = /^level\.([a-z]+)\./.exec(pc.local)?.[1];
      return i !== undefined && level !== undefined && ctx.levelOfIndicator(i, pe.project ?? undefined) === level;
    }
    return true;
  };
  const seen = new Set<string>();
  const unique = findings.filter((x) => {
    const key = `${x.code}|${x.ref.cell ?? x.ref.field}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  const out: Array<{ field: string; code: string; cause?: string }> = [];
  for (const x of unique) {
    let cause: Finding | undefined;
    let scope = "";
    for (const link of FINDING_CATALOGUE[x.code].causedBy ?? []) {
      cause = unique.find((c) => c.code === link.code && c !== x && within(link.scope, c, x));
      if (cause) {
        scope = link.scope;
        break;
      }
    }
    if (!cause) out.push({ field: x.ref.field, code: x.code });
    else if (scope !== "field" && scope !== "indicator") out.push({ field: x.ref.field, code: x.code, cause: `${cause.code}@${cause.ref.field}` });
  }
  return out;
}

describe("linkFindings' indexes", () => {
  it("name the same cause as a search of every candidate in order, on random findings", () => {
    // Codes that are causes or knock-ons of a link, and fields in every shape a link scope reads.
    const linked = (Object.keys(FINDING_CATALOGUE) as FindingCode[]).filter(
      (code) => FINDING_CATALOGUE[code].causedBy?.length || Object.values(FINDING_CATALOGUE).some((s) => s.causedBy?.some((l) => l.code === code)),
    );
    const field = fc.oneof(
      fc.tuple(fc.constantFrom("", "projects[0].", "projects[1]."), fc.integer({ min: 0, max: 3 }), fc.constantFrom("score", "weight", "actual", "")).map(([p, i, leaf]) => `${p}indicators[${i}]${leaf ? `.${leaf}` : ""}`),
      fc.tuple(fc.constantFrom("", "projects[0]."), fc.constantFrom("output", "effect", "satisfaction")).map(([p, level]) => `${p}level.${level}.weight`),
      fc.constantFrom("budget.total", "total", "projects[1].total"),
    );
    const one = fc.record({ code: fc.constantFrom(...linked), field, cell: fc.option(fc.constantFrom("'绩效指标'!J12", "'绩效指标'!J13", "'基本情况'!B4"), { nil: undefined }) });
    const levels: LinkContext = { levelOfIndicator: (i, project) => (["output", "effect", "satisfaction", "output"][(i + (project ?? 0)) % 4]) };
    fc.assert(
      fc.property(fc.array(one, { maxLength: 40 }), (list) => {
        const findings = list.map(({ code, field, cell }) => finding(code, code, field, cell));
        const fast = linkFindings(findings, levels).map((x) => ({ field: x.ref.field, code: x.code, ...(x.cause ? { cause: `${x.cause.code}@${x.cause.field}` } : {}) }));
        const key = (x: { field: string; code: string; cause?: string }) => `${x.code}|${x.field}|${x.cause ?? ""}`;
        expect(fast.map(key).sort()).toEqual(linkBySearch(findings, levels).map(key).sort());
      }),
      { numRuns: 500 },
    );
  });
});
