import { FINDING_CATALOGUE, type CauseScope } from "./finding-catalogue";
import { SEVERITY_ORDER, type Finding } from "./findings-types";

/**
 * One list of findings from every source (the workbook reader, the engine's checks, the report): each
 * cell and cause once, and every knock-on tied to its root cause by the catalogue's `causedBy`. A
 * knock-on on the same field or indicator as its cause restates it and is dropped; one elsewhere (a
 * level's scores under weights that do not add up) is kept with `cause` set, so hosts group it.
 */

const PROJECT = /^projects\[(\d+)\]\./;
const INDICATOR = /^indicators\[(\d+)\]/;
const LEVEL_FIELD = /^level\.([a-z]+)\./;

export interface LinkContext {
  /**
   * The 一级指标 id ("output", "effect", …) of the indicator at an input index: of the department's
   * indicators, or of project `project`'s when given.
   */
  levelOfIndicator(index: number, project?: number): string | undefined;
}

/**
 * Where a finding is: the department's form (project null) or one project's, and its field there.
 * A project's fields are the department's ids under "projects[i]." ("projects[2].indicators[3].score").
 */
function placeOf(f: Finding): { project: number | null; local: string } {
  const m = PROJECT.exec(f.ref.field);
  return m ? { project: Number(m[1]), local: f.ref.field.slice(m[0].length) } : { project: null, local: f.ref.field };
}

function indicatorOf(local: string): number | undefined {
  const m = INDICATOR.exec(local);
  return m ? Number(m[1]) : undefined;
}

function within(scope: CauseScope, cause: Finding, effect: Finding, ctx: LinkContext): boolean {
  if (scope === "field") return cause.ref.field === effect.ref.field || (cause.ref.cell !== undefined && cause.ref.cell === effect.ref.cell);
  // Every wider scope stays within one form: a project's weights do not explain the department's scores.
  const c = placeOf(cause);
  const e = placeOf(effect);
  if (c.project !== e.project) return false;
  switch (scope) {
    case "indicator": {
      const i = indicatorOf(e.local);
      return i !== undefined && i === indicatorOf(c.local);
    }
    case "level": {
      const i = indicatorOf(e.local);
      const level = LEVEL_FIELD.exec(c.local)?.[1];
      return i !== undefined && level !== undefined && ctx.levelOfIndicator(i, e.project ?? undefined) === level;
    }
    case "evaluation":
      return true;
  }
}

export function linkFindings(findings: readonly Finding[], ctx: LinkContext): Finding[] {
  const unique: Finding[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const key = `${f.code}|${f.ref.cell ?? f.ref.field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(f);
  }
  // Candidates by code: a search of every finding for every link was quadratic (thousands of findings on
  // a large table).
  const byCode = new Map<string, Finding[]>();
  for (const f of unique) {
    const list = byCode.get(f.code);
    if (list) list.push(f);
    else byCode.set(f.code, [f]);
  }
  const out: Finding[] = [];
  for (const f of unique) {
    let cause: Finding | undefined;
    let scope: CauseScope | undefined;
    for (const link of FINDING_CATALOGUE[f.code].causedBy ?? []) {
      cause = byCode.get(link.code)?.find((c) => c !== f && within(link.scope, c, f, ctx));
      if (cause) {
        scope = link.scope;
        break;
      }
    }
    if (!cause) out.push(f);
    else if (scope === "field" || scope === "indicator") continue;
    else out.push({ ...f, cause: { code: cause.code, field: cause.ref.field } });
  }
  // Errors first; within a severity, root causes before the findings that follow from them.
  return out
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || Number(Boolean(a.f.cause)) - Number(Boolean(b.f.cause)) || a.i - b.i)
    .map((x) => x.f);
}
