import { checkTextAgainstData } from "./consistency";
import type { EvaluationResult } from "./engine";
import type { EvaluationInput } from "./model";
import type { ParagraphLevel, ReportParagraph } from "./narrative";
import { contextOfKey, indicatorKeys } from "./narrative-data";

/**
 * Keeping the accountant's own wording when the report is regenerated. The 自评报告 sheet stores each
 * paragraph with the text we generated for it; a paragraph whose text differs from that is the
 * user's, and survives every recompute. When the data behind it change so that a figure the user
 * wrote no longer matches, the paragraph is marked 数据已变 with the figures that differ.
 */

export type ParagraphStatus = "自动" | "已手动修改" | "数据已变";

export interface StoredParagraph {
  key: string;
  level: ParagraphLevel;
  /** What the sheet shows: generated, or edited by hand. */
  text: string;
  /** What we generated for this key the last time (the baseline that tells an edit). */
  generatedText: string;
  sources: string[];
  status: ParagraphStatus;
  /** For 数据已变: each figure as written and as the data now say, e.g. "29.86万元 → 29.85万元". */
  staleFigures?: string[];
  /** Kept only because it was edited: the data it was about are gone (e.g. its indicator was removed). */
  orphaned?: boolean;
}

/** The stored form of a freshly generated report (first generation: everything 自动). */
export function toStored(fresh: readonly ReportParagraph[]): StoredParagraph[] {
  return fresh.map((f) => ({ key: f.key, level: f.level, text: f.text, generatedText: f.text, sources: [...f.sources], status: "自动" }));
}

/** Line endings and outer whitespace change when text goes through a cell; they are not edits. */
function same(a: string, b: string): boolean {
  return a.replace(/\r\n?/g, "\n").trim() === b.replace(/\r\n?/g, "\n").trim();
}

const FIGURE_TOKEN = /-?\d+(?:\.\d+)?(?:万元|%|分|人)/g;

/**
 * Figures that changed between the old and the new generated text and that the user's text still
 * has: a second net for figures whose label the free-text check cannot read. Only when both
 * generated texts have the same figures in the same order, so positions pair them.
 */
function changedFiguresKept(oldGenerated: string, freshText: string, userText: string): string[] {
  const before = oldGenerated.match(FIGURE_TOKEN) ?? [];
  const after = freshText.match(FIGURE_TOKEN) ?? [];
  if (before.length !== after.length) return [];
  const out: string[] = [];
  before.forEach((old, i) => {
    const now = after[i]!;
    if (old !== now && userText.includes(old) && !freshText.includes(old)) out.push(`${old} → ${now}`);
  });
  return out;
}

export function mergeNarrative(
  previous: readonly StoredParagraph[],
  fresh: readonly ReportParagraph[],
  input: EvaluationInput,
  result: EvaluationResult,
): StoredParagraph[] {
  const prevByKey = new Map(previous.map((p) => [p.key, p]));
  const freshKeys = new Set(fresh.map((f) => f.key));

  // Edited paragraphs whose key is gone stay after the paragraph that preceded them.
  const orphansAfter = new Map<string | null, StoredParagraph[]>();
  let anchor: string | null = null;
  for (const p of previous) {
    if (freshKeys.has(p.key)) {
      anchor = p.key;
      continue;
    }
    if (same(p.text, p.generatedText)) continue; // untouched: dropped with its data
    const list = orphansAfter.get(anchor) ?? [];
    list.push({ ...p, status: "数据已变", orphaned: true, staleFigures: p.staleFigures ?? [] });
    orphansAfter.set(anchor, list);
  }

  const keys = indicatorKeys(input);
  const out: StoredParagraph[] = [...(orphansAfter.get(null) ?? [])];
  for (const f of fresh) {
    const p = prevByKey.get(f.key);
    const edited = p !== undefined && !same(p.text, p.generatedText) && !same(p.text, f.text);
    if (!edited) {
      out.push({ key: f.key, level: f.level, text: f.text, generatedText: f.text, sources: [...f.sources], status: "自动" });
    } else {
      const mismatches = checkTextAgainstData(p.text, input, result, { context: contextOfKey(f.key, input, keys) }).filter(
        (m) => m.kind === "value",
      );
      const stale = [
        ...mismatches.map((m) => `${m.written} → ${m.expected}`),
        ...changedFiguresKept(p.generatedText, f.text, p.text),
      ];
      const staleFigures = [...new Set(stale)];
      out.push({
        key: f.key,
        level: f.level,
        text: p.text,
        generatedText: f.text,
        sources: [...f.sources],
        status: staleFigures.length ? "数据已变" : "已手动修改",
        ...(staleFigures.length ? { staleFigures } : {}),
      });
    }
    out.push(...(orphansAfter.get(f.key) ?? []));
  }
  return out;
}

// ---- fingerprint ------------------------------------------------------------------------------------

/**
 * A short deterministic hash of everything the narrative depends on: the whole input (every figure,
 * text and indicator reaches the report) plus anything passed as `extra` (e.g. a rule profile
 * given to evaluate() apart from the input). The sheet stores it next to the generated report; when
 * the inputs' fingerprint differs from the stored one, the report predates the data.
 *
 * Algorithm (so any other implementation can reproduce it): canonical JSON — object keys sorted by
 * UTF-16 code unit order, `undefined` members dropped, arrays in order, numbers as JSON.stringify
 * writes them, no whitespace; of the value {"extra":…,"input":…} without the input's schemaVersion;
 * then 32-bit FNV-1a (offset basis 0x811c9dc5, prime 0x01000193) over its UTF-8 bytes; written as 8
 * lowercase hex digits. Typing 561.09 as "561.09" changes it: a different input, even if read alike.
 */
export function narrativeFingerprint(input: EvaluationInput, extra?: unknown): string {
  const { schemaVersion: _ignored, ...rest } = input;
  void _ignored;
  return fnv1a32(canonicalJson({ extra: extra ?? null, input: rest }));
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    const s = JSON.stringify(value);
    return s === undefined ? "null" : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function fnv1a32(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}
