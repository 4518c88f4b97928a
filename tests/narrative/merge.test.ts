import { describe, expect, it } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { generateReport } from "../../src/domain/narrative";
import { canonicalJson, fnv1a32, mergeNarrative, narrativeFingerprint, toStored, type StoredParagraph } from "../../src/domain/narrative-merge";

const input = evaluationInputSchema.parse(sample);
const clone = (): EvaluationInput => structuredClone(input);

function generate(i: EvaluationInput) {
  const r = evaluate(i);
  return { r, paragraphs: generateReport(i, r).paragraphs };
}

const first = toStored(generate(input).paragraphs);
const find = (list: StoredParagraph[], key: string) => {
  const p = list.find((x) => x.key === key);
  if (!p) throw new Error(`no ${key}`);
  return p;
};
const edit = (list: StoredParagraph[], key: string, text: string) =>
  list.map((p) => (p.key === key ? { ...p, text } : p));

describe("mergeNarrative", () => {
  it("keeps everything 自动 when nothing was edited and nothing changed", () => {
    const { r, paragraphs } = generate(input);
    const merged = mergeNarrative(first, paragraphs, input, r);
    expect(merged).toEqual(first);
    expect(merged.every((p) => p.status === "自动")).toBe(true);
  });

  it("keeps a user's edit across a recompute and marks it 已手动修改", () => {
    const userText = "我办2023年基本支出实际支出561.09万元，人员经费支出531.23万元，占基本支出的94.68%。";
    const edited = edit(first, "s2.basic", userText);
    const changed = clone();
    changed.budget.project.actual = 300; // unrelated to s2.basic's figures
    const { r, paragraphs } = generate(changed);
    const merged = mergeNarrative(edited, paragraphs, changed, r);
    expect(find(merged, "s2.basic")).toMatchObject({ text: userText, status: "已手动修改" });
    expect(find(merged, "s2.basic").staleFigures).toBeUndefined();
    // …and again on the next recompute.
    const again = mergeNarrative(merged, paragraphs, changed, r);
    expect(find(again, "s2.basic")).toMatchObject({ text: userText, status: "已手动修改" });
  });

  it("updates an untouched paragraph whose data changed", () => {
    const changed = clone();
    changed.budget.project.actual = 300;
    const { r, paragraphs } = generate(changed);
    const merged = mergeNarrative(first, paragraphs, changed, r);
    const p = find(merged, "s2.project");
    expect(p.status).toBe("自动");
    expect(p.text).toContain("实际支出300.00万元，完成预算安排的98.15%。");
    expect(p.generatedText).toBe(p.text);
  });

  it("marks an edited paragraph 数据已变 when a figure in it no longer matches, naming the figures", () => {
    const userText = "2023年基本支出实际支出561.09万元。人员经费支出531.23万元，占基本支出的94.68%；日常公用经费支出29.86万元，占基本支出的5.32%。";
    const edited = edit(first, "s2.basic", userText);
    const changed = clone();
    changed.budget.publicExpense = 29.85;
    changed.budget.personnel = 531.24;
    changed.budget.basic.actual = 561.09;
    const { r, paragraphs } = generate(changed);
    const merged = mergeNarrative(edited, paragraphs, changed, r);
    const p = find(merged, "s2.basic");
    expect(p.text).toBe(userText);
    expect(p.status).toBe("数据已变");
    expect(p.staleFigures).toEqual(["531.23万元 → 531.24万元", "29.86万元 → 29.85万元"]);
    expect(p.generatedText).toContain("日常公用经费支出29.85万元");
  });

  it("catches a changed figure the label reader cannot attribute, by comparing the generated texts", () => {
    const userText = "（我办在职人员28人，情况良好。）";
    const edited = edit(first, "s1.staff", userText);
    const changed = clone();
    changed.unit.staff = { actual: 27 };
    const { r, paragraphs } = generate(changed);
    expect(find(mergeNarrative(edited, paragraphs, changed, r), "s1.staff")).toMatchObject({
      status: "数据已变",
      staleFigures: ["28人 → 27人"],
    });
  });

  it("an edit identical to the fresh text is 自动 again", () => {
    const changed = clone();
    changed.budget.project.actual = 300;
    const { r, paragraphs } = generate(changed);
    const freshText = paragraphs.find((p) => p.key === "s2.project")!.text;
    const merged = mergeNarrative(edit(first, "s2.project", freshText), paragraphs, changed, r);
    expect(find(merged, "s2.project").status).toBe("自动");
  });

  it("line endings and outer spaces from a cell are not edits", () => {
    const p = find(first, "s6.problems.1");
    const { r, paragraphs } = generate(input);
    const merged = mergeNarrative(edit(first, p.key, `  ${p.text}\r\n`), paragraphs, input, r);
    expect(find(merged, p.key).status).toBe("自动");
  });

  it("drops the paragraphs of a removed indicator, unless edited (then kept in place, marked)", () => {
    const edited = edit(first, "s5.output.n:综合文稿", "全年起草区委各类文稿200余篇（已核）。");
    const changed = clone();
    changed.indicators = changed.indicators.filter((i) => i.name !== "综合文稿" && i.name !== "调研活动");
    const { r, paragraphs } = generate(changed);
    const merged = mergeNarrative(edited, paragraphs, changed, r);
    const keys = merged.map((p) => p.key);
    expect(keys).not.toContain("s5.output.i:综合文稿");
    expect(keys).not.toContain("s5.output.i:调研活动");
    expect(keys).not.toContain("s5.output.n:调研活动");
    const kept = find(merged, "s5.output.n:综合文稿");
    expect(kept).toMatchObject({ status: "数据已变", orphaned: true, text: "全年起草区委各类文稿200余篇（已核）。" });
    // It stays where it was: after the paragraph that preceded it (督查工作's note).
    expect(keys[keys.indexOf("s5.output.n:综合文稿") - 1]).toBe("s5.output.n:督查工作");
    // The next indicator is renumbered in untouched text.
    expect(find(merged, "s5.output.i:会务办理").text.startsWith("2.会务办理")).toBe(true);
  });

  it("an indicator's edited paragraph stays with it when an earlier indicator is removed", () => {
    const edited = edit(first, "s5.effect.n:机关党建", "争创五星级支部14个（手改）。");
    const changed = clone();
    changed.indicators = changed.indicators.filter((i) => i.name !== "保密工作");
    const { r, paragraphs } = generate(changed);
    const merged = mergeNarrative(edited, paragraphs, changed, r);
    expect(find(merged, "s5.effect.n:机关党建")).toMatchObject({ text: "争创五星级支部14个（手改）。", status: "已手动修改" });
  });

  it("an edited indicator line goes stale when its score changes", () => {
    const key = "s5.satisfaction.i:区直部门及乡镇街道满意度";
    const userText = "1.区直部门及乡镇街道满意度，年度指标值：≥90%，实际完成值：90%，分值10分，得分10分。（经问卷调查）";
    const edited = edit(first, key, userText);
    const changed = clone();
    changed.indicators[13]!.actual = "85%";
    changed.indicators[13]!.deviationReason = "时效";
    const { r, paragraphs } = generate(changed);
    expect(find(mergeNarrative(edited, paragraphs, changed, r), key)).toMatchObject({
      status: "数据已变",
      staleFigures: ["90% → 85%", "10分 → 9.44分"],
    });
  });
});

describe("narrativeFingerprint", () => {
  it("is 8 hex digits, deterministic, and independent of key order and schemaVersion", () => {
    const a = narrativeFingerprint(input);
    expect(a).toMatch(/^[0-9a-f]{8}$/);
    expect(narrativeFingerprint(clone())).toBe(a);
    const reordered = JSON.parse(JSON.stringify({ indicators: input.indicators, budget: input.budget, unit: input.unit, profile: input.profile, problems: input.problems, measures: input.measures, execution: input.execution })) as EvaluationInput;
    expect(narrativeFingerprint(reordered)).toBe(a);
  });

  it("changes with any input the narrative uses", () => {
    const a = narrativeFingerprint(input);
    const changed = clone();
    changed.budget.publicExpense = 29.85;
    expect(narrativeFingerprint(changed)).not.toBe(a);
    const renamed = clone();
    renamed.indicators[0]!.explanation += "。";
    expect(narrativeFingerprint(renamed)).not.toBe(a);
    expect(narrativeFingerprint(input, { profile: "hubei" })).not.toBe(a);
  });

  it("is FNV-1a 32 over the UTF-8 of canonical JSON (published test vectors)", () => {
    expect(fnv1a32("")).toBe("811c9dc5");
    expect(fnv1a32("a")).toBe("e40c292c");
    expect(fnv1a32("foobar")).toBe("bf9cf968");
    expect(canonicalJson({ b: 1, a: [true, null, undefined], c: undefined, d: "中" })).toBe('{"a":[true,null,null],"b":1,"d":"中"}');
  });
});
