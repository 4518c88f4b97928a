import { FINDING_CATALOGUE, type CauseScope } from "./finding-catalogue";
import { SEVERITY_ORDER, type Finding } from "./findings-types";

/**
 * One list of findings from every source (the workbook reader, the engine's checks, the report): each
 * cell and cause once, and every knock-on tied to its root cause by the catalogue's `causedBy`. A
 * knock-on on the same field or indicator as its cause restates it and is dropped; one elsewhere (a
 * level's scores under weights that do not add up) is kept with `cause` set, so hosts group it.
 */

const INDICATOR = /^indicators\[(\d+)\]/;
const LEVEL_FIELD = /^level\.([a-z]+)\./;

export interface LinkContext {
  /** The 一级指标 id ("output", "effect", …) of the indicator at an input index. */
  levelOfIndicator(index: number): string | undefined;
}

function indicatorOf(f: Finding): number | undefined {
  const m = INDICATOR.exec(f.ref.field);
  return m ? Number(m[1]) : undefined;
}

function within(scope: CauseScope, cause: Finding, effect: Finding, ctx: LinkContext): boolean {
  switch (scope) {
    case "field":
      return cause.ref.field === effect.ref.field || (cause.ref.cell !== undefined && cause.ref.cell === effect.ref.cell);
    case "indicator": {
      const i = indicatorOf(effect);
      return i !== undefined && i === indicatorOf(cause);
    }
    case "level": {
      const i = indicatorOf(effect);
      const level = LEVEL_FIELD.exec(cause.ref.field)?.[1];
      return i !== undefined && level !== undefined && ctx.levelOfIndicator(i) === level;
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
  const out: Finding[] = [];
  for (const f of unique) {
    let cause: Finding | undefined;
    let scope: CauseScope | undefined;
    for (const link of FINDING_CATALOGUE[f.code].causedBy ?? []) {
      cause = unique.find((c) => c !== f && c.code === link.code && within(link.scope, c, f, ctx));
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
