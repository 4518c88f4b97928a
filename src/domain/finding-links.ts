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

/** A finding with where it is, worked out once (it is asked of every candidate cause). */
interface Placed {
  f: Finding;
  /** Its position in the list: of several causes, the first one is named. */
  at: number;
  project: number | null;
  indicator: number | undefined;
  /** For a level's finding ("level.output.…"): the level's id. */
  level: string | undefined;
}

/**
 * The findings of one code, indexed by what each scope matches on: the candidate causes of a link are
 * looked up, not searched (a 5,000-indicator table has thousands of findings of one code, and a search
 * of all of them for each of thousands of knock-ons took ~90 ms and ~70 MB of regex matches).
 */
class Candidates {
  private readonly byField = new Map<string, Placed[]>();
  private readonly byCell = new Map<string, Placed[]>();
  private readonly byIndicator = new Map<string, Placed[]>();
  private readonly byLevel = new Map<string, Placed[]>();
  private readonly byProject = new Map<number | null, Placed[]>();

  add(p: Placed): void {
    push(this.byField, p.f.ref.field, p);
    if (p.f.ref.cell !== undefined) push(this.byCell, p.f.ref.cell, p);
    if (p.indicator !== undefined) push(this.byIndicator, `${p.project}|${p.indicator}`, p);
    if (p.level !== undefined) push(this.byLevel, `${p.project}|${p.level}`, p);
    push(this.byProject, p.project, p);
  }

  /** The first finding of this code, other than `effect` itself, that explains it within `scope`. */
  causeOf(scope: CauseScope, effect: Placed, ctx: LinkContext): Placed | undefined {
    switch (scope) {
      case "field": {
        const byField = firstOther(this.byField.get(effect.f.ref.field), effect);
        const byCell = effect.f.ref.cell !== undefined ? firstOther(this.byCell.get(effect.f.ref.cell), effect) : undefined;
        return byField && byCell ? (byField.at < byCell.at ? byField : byCell) : (byField ?? byCell);
      }
      // Every wider scope stays within one form: a project's weights do not explain the department's scores.
      case "indicator":
        return effect.indicator === undefined ? undefined : firstOther(this.byIndicator.get(`${effect.project}|${effect.indicator}`), effect);
      case "level": {
        if (effect.indicator === undefined) return undefined;
        const level = ctx.levelOfIndicator(effect.indicator, effect.project ?? undefined);
        return level === undefined ? undefined : firstOther(this.byLevel.get(`${effect.project}|${level}`), effect);
      }
      case "evaluation":
        return firstOther(this.byProject.get(effect.project), effect);
    }
  }
}

function push<K>(map: Map<K, Placed[]>, key: K, p: Placed): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

function firstOther(list: readonly Placed[] | undefined, effect: Placed): Placed | undefined {
  if (!list) return undefined;
  return list[0] !== effect ? list[0] : list[1];
}

function placed(f: Finding, at: number): Placed {
  const { project, local } = placeOf(f);
  return { f, at, project, indicator: indicatorOf(local), level: LEVEL_FIELD.exec(local)?.[1] };
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
  const all = unique.map(placed);
  const byCode = new Map<string, Candidates>();
  for (const p of all) {
    let candidates = byCode.get(p.f.code);
    if (!candidates) byCode.set(p.f.code, (candidates = new Candidates()));
    candidates.add(p);
  }
  const out: Finding[] = [];
  for (const p of all) {
    const f = p.f;
    let cause: Finding | undefined;
    let scope: CauseScope | undefined;
    for (const link of FINDING_CATALOGUE[f.code].causedBy ?? []) {
      cause = byCode.get(link.code)?.causeOf(link.scope, p, ctx)?.f;
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
