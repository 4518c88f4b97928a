import { describe, expect, it } from "vitest";
import sample from "../../assets/samples/reference-2023.json";
import { evaluate, evaluationInputSchema, type EvaluationInput } from "../../src/domain";
import { chineseNumeral, generateReport, PLACEHOLDER_REASON, type ReportParagraph } from "../../src/domain/narrative";
import { REF_BASIC, REF_CONTROL, REF_FISCAL, REF_MEASURES } from "./reference-text";

const input = evaluationInputSchema.parse(sample);
const result = evaluate(input);
const { paragraphs, findings } = generateReport(input, result);
const all = paragraphs.map((p) => p.text).join("\n");
const byKey = (key: string): ReportParagraph => {
  const p = paragraphs.find((x) => x.key === key);
  if (!p) throw new Error(`no paragraph ${key}`);
  return p;
};
const clone = (): EvaluationInput => structuredClone(input);

describe("the reference sample's narrative", () => {
  // Sentences of the published report our text reproduces word for word.
  const REFERENCE_SENTENCES = [
    "2023年度部门整体支出绩效自评报告",
    "根据《中华人民共和国预算法》有关“各级政府、各部门、各单位应当对预算支出情况开展绩效评价”的规定，结合实际情况，我办对2023年度部门整体支出进行了绩效自评，现报告如下：",
    "一、基本情况",
    // Renumbered to GB/T 9704 (一、（一）1.（1）) and the unit called by its 自称 after the title.
    "（一）部门基本情况",
    "1.负责区委会议的准备和组织协调工作，负责安排区委领导同志公务活动，办理区委领导同志交办的事项。",
    "14.办理区委和区委领导同志交办的其他事项。",
    "（二）机构设置及决算单位构成",
    "2.决算单位构成。我办2023年部门决算公开单位构成为单位本级及二级机构。",
    "（三）人员情况",
    "2023年12月31日止我办在职人员28人。",
    "二、一般公共预算支出情况",
    REF_BASIC, // the 基本支出 paragraph, with 年初预算数/全年预算安排/实际支出/完成预算安排的 and both shares
    "项目支出是单位为完成特定行政工作任务或事业发展目标而发生的支出。",
    "全年预算数305.65万元，实际支出305.65万元，完成预算安排的100%。",
    "三、政府性基金预算支出情况",
    "2023年度无政府性基金预算支出。",
    "四、国有资本经营预算支出情况",
    "2023年度无国有资本经营预算支出。",
    "五、部门整体支出绩效情况",
    "有效保障了区委高效运转。根据部门整体支出绩效评价指标，部门整体支出绩效得分99分",
    REF_FISCAL,
    "1、督查工作，年度指标值：战斗有力、督查有效，实际完成值：督查通报7期，按时办结100%，分值10分，得分10分。",
    "形成区委办牵头，区纪委监委、区委督查室、区政府督查室、各职能部门共同参与的“3+X”大督查格局。全年办理省、市主要领导交办函、市委督查室交办函70余件，按时办结回复率100%。下发区委督查通报7期，有效破解督查难题。",
    "2、综合文稿，年度指标值：文稿服务出精品，实际完成值：以文辅政，分值10分，得分10分。",
    "3、调研活动，年度指标值：参有用之谋，实际完成值：有力发挥，分值10分，得分10分。",
    "4、会务办理，年度指标值：构建“大党办”工作格局，实际完成值：统筹并服务好，分值5分，得分5分。",
    "5、档案工作，年度指标值：稳步推进，实际完成值：完成，分值5分，得分5分。",
    "6、资金使用合规性，年度指标值：合规，实际完成值：合规，分值5分，得分5分。",
    "7、公用经费控制率，年度指标值：≤100%，实际完成值：77.73%，分值5分，得分5分。",
    "1、保密工作，年度指标值：零差错，实际完成值：圆满完成，分值5分，得分5分。",
    "2、国安工作，年度指标值：纳入考核，实际完成值：完成，分值5分，得分5分。",
    "3、应急值班，年度指标值：24小时值班，实际完成值：按要求完成，分值5分，得分5分。",
    "4、预决算信息公开，年度指标值：按要求公开，实际完成值：已按照规定内容在规定时限内公开预决算信息，分值5分，得分5分。",
    "5、港澳台事务，年度指标值：按要求完成，实际完成值：按要求完成，分值5分，得分5分。",
    "6、机关党建，年度指标值：高标准，实际完成值：成效颇丰，分值5分，得分5分。",
    "年度指标值：≥90%，实际完成值：90%，分值10分，得分10分。", // 满意度, under its corrected name
    "六、存在的问题及原因分析",
    "年初部门预算前瞻性有待进一步加强。年初部门预算编制不够精准，年中调整了部分预算。",
    "七、下一步改进措施",
    ...REF_MEASURES,
  ];

  it.each(REFERENCE_SENTENCES.map((s) => s.replace(/^(\d+)、/, "$1.")))("contains the reference's %s", (s) => {
    expect(all).toContain(s);
  });

  it("numbers 一、（一）1.（1） throughout: no \"1、\" and no （一） below a numbered item", () => {
    expect(paragraphs.filter((p) => /^\d+、/.test(p.text))).toEqual([]);
    expect(byKey("title").text).toBe("中共雁峰区委办公室2023年度部门整体支出绩效自评报告");
    // The full name once (the title); 自称 after.
    expect(paragraphs.slice(1).filter((p) => p.text.includes("中共雁峰区委办公室"))).toEqual([]);
  });

  it("gives the adjustment's amount and its reason once; the 无专项预算 sentence comes before the figures", () => {
    const exec = byKey("s5.execution").text;
    expect(exec).toContain("全年预算数较年初预算数调增132.71万元，预算调整率18.08%。");
    expect(exec.split("年中调整了部分预算").length - 1).toBe(1);
    expect(byKey("s2.project").text).toContain("2023年度办公室无专项预算安排，项目为各部门经费、档案经费、目标管理考核及调研经费。2023年其他项目年初预算安排279.04万元");
  });

  // Where we differ from the reference on purpose.
  it("writes 38.40 where the reference wrote 38.4 (two decimals throughout)", () => {
    expect(REF_CONTROL).toContain("38.4万元");
    expect(byKey("s5.output.n:公用经费控制率").text).toBe(
      "2023年预算安排公用经费总额38.40万元，实际支出29.85万元，公用经费控制率77.73%。",
    );
  });

  it("writes full-width level headings with the reference's score wording", () => {
    expect(byKey("s5.execution.h").text).toBe("（一）预算执行率（分值10分，得9分，扣1分）");
    expect(byKey("s5.output.h").text).toBe("（二）产出指标（分值50分，得50分，未扣分）");
    expect(byKey("s5.effect.h").text).toBe("（三）效益指标（分值30分，得30分，未扣分）");
    expect(byKey("s5.satisfaction.h").text).toBe("（四）满意度指标（分值10分，得10分，未扣分）");
  });

  it("states the grade with the total", () => {
    expect(byKey("s5.overview").text).toContain("部门整体支出绩效得分99分，评价等级为“优”，具体情况如下：");
  });

  it("contains none of the reference's errors", () => {
    expect(all).not.toContain("1009%");
    expect(all).not.toContain("区直部门级乡镇街道");
    expect(byKey("s2.project").text).toContain("完成预算安排的100%");
  });

  it("gives the reason of the 1-point deduction in section 五 (一), not only in 六", () => {
    const exec = byKey("s5.execution").text;
    expect(exec).toContain(
      "扣1分，原因：年初部门预算前瞻性有待进一步加强，年初部门预算编制不够精准，年中调整了部分预算。",
    );
    expect(exec).toContain("预算调整率18.08%");
    expect(exec).not.toContain("【");
  });

  it("writes the data it is given (29.86 and 29.85) and the engine flags the disagreement", () => {
    expect(byKey("s2.basic").text).toContain("日常公用经费支出29.86万元");
    expect(byKey("s5.output.n:公用经费控制率").text).toContain("实际支出29.85万元");
    const finding = result.findings.find((f) => f.code === "PUBLIC_EXPENSE_MISMATCH");
    expect(finding?.message).toContain("29.86");
    expect(finding?.message).toContain("29.85");
  });

  it("has no placeholder and no finding for the complete sample", () => {
    expect(paragraphs.flatMap((p) => p.placeholders)).toEqual([]);
    expect(all).not.toMatch(/【|undefined|null|NaN/);
    expect(findings).toEqual([]);
  });

  it("follows the reference outline in order, with stable unique keys", () => {
    const h1 = paragraphs.filter((p) => p.level === "h1").map((p) => p.text);
    expect(h1).toEqual([
      "一、基本情况",
      "二、一般公共预算支出情况",
      "三、政府性基金预算支出情况",
      "四、国有资本经营预算支出情况",
      "五、部门整体支出绩效情况",
      "六、存在的问题及原因分析",
      "七、下一步改进措施",
    ]);
    expect(paragraphs[0]).toMatchObject({ key: "title", level: "title" });
    expect(new Set(paragraphs.map((p) => p.key)).size).toBe(paragraphs.length);
    expect(generateReport(input, result).paragraphs).toEqual(paragraphs);
  });

  it("traces every figure to its field", () => {
    expect(byKey("s2.basic").sources).toEqual([
      "budget.basic.initial",
      "budget.basic.adjusted",
      "budget.basic.actual",
      "rate.basicCompletion",
      "budget.personnel",
      "rate.personnelShare",
      "budget.publicExpense",
      "rate.publicShare",
    ]);
    expect(byKey("s5.output.n:公用经费控制率").sources).toEqual(
      expect.arrayContaining(["budget.publicControl.budget", "budget.publicControl.actual", "rate.publicControl"]),
    );
    expect(byKey("s5.output.i:公用经费控制率").sources).toEqual(
      expect.arrayContaining(["indicators[6].weight", "indicators[6].score", "indicators[6].target", "rate.publicControl"]),
    );
  });
});

describe("missing texts become visible placeholders with findings", () => {
  it("a deduction without a reason", () => {
    const changed = clone();
    changed.indicators[13]!.actual = "85%";
    const r = evaluate(changed);
    const out = generateReport(changed, r);
    const p = out.paragraphs.find((x) => x.key === "s5.satisfaction.i:区直部门及乡镇街道满意度")!;
    expect(p.text).toBe(
      `1.区直部门及乡镇街道满意度，年度指标值：≥90%，实际完成值：85%，分值10分，得分9.44分。扣0.56分，原因：${PLACEHOLDER_REASON}。`,
    );
    expect(p.placeholders).toEqual([PLACEHOLDER_REASON]);
    expect(out.findings).toContainEqual(
      expect.objectContaining({ code: "NARRATIVE_REQUIRED_MISSING", severity: "error", ref: { field: "indicators[13].deviationReason" } }),
    );
    expect(out.paragraphs.find((x) => x.key === "s5.satisfaction.h")!.text).toBe("（四）满意度指标（分值10分，得9.44分，扣0.56分）");
  });

  it("a deduction with its reason", () => {
    const changed = clone();
    changed.indicators[13]!.actual = "85%";
    changed.indicators[13]!.deviationReason = "部分乡镇对办文时效不满意";
    const out = generateReport(changed, evaluate(changed));
    expect(out.paragraphs.find((x) => x.key === "s5.satisfaction.i:区直部门及乡镇街道满意度")!.text).toContain(
      "扣0.56分，原因：部分乡镇对办文时效不满意。",
    );
  });

  it("an execution override without a reason", () => {
    const changed = clone();
    delete changed.execution!.override!.reason;
    const out = generateReport(changed, evaluate(changed));
    expect(out.paragraphs.find((x) => x.key === "s5.execution")!.text).toContain(`扣1分，原因：${PLACEHOLDER_REASON}。`);
    expect(out.findings).toContainEqual(expect.objectContaining({ code: "NARRATIVE_REQUIRED_MISSING", ref: { field: "execution.override.reason" } }));
  });

  it("a deduction by the rule states the rate", () => {
    const changed = clone();
    delete changed.execution;
    changed.budget.fiscal.actual = 823.4;
    const out = generateReport(changed, evaluate(changed));
    const text = out.paragraphs.find((x) => x.key === "s5.execution")!.text;
    expect(text).toContain("全年执行数823.40万元，预算执行率95.00%。");
    expect(text).toContain("扣0.5分，原因：预算执行率为95.00%，按评分规则计9.5分。");
  });

  it("problems, measures, functions and staff", () => {
    const changed = clone();
    delete changed.problems;
    changed.measures = [" "];
    delete changed.unit.functions;
    delete changed.unit.staff;
    const out = generateReport(changed, evaluate(changed));
    const text = (k: string) => out.paragraphs.find((x) => x.key === k)!.text;
    expect(text("s6.problems")).toBe("【请填写存在的问题及原因分析】");
    expect(text("s7.measures")).toBe("【请填写下一步改进措施】");
    expect(text("s1.functions")).toBe("【请填写部门职能职责】");
    expect(text("s1.staff")).toBe("2023年12月31日止我办在职人员【请填写在职人数】人。");
    const fields = out.findings.filter((f) => f.code === "NARRATIVE_PLACEHOLDER" || f.code === "NARRATIVE_REQUIRED_MISSING").map((f) => f.ref.field);
    expect(fields).toEqual(expect.arrayContaining(["problems", "measures", "unit.functions", "unit.staff.actual"]));
  });

  it("a missing amount is a placeholder, never 0", () => {
    const changed = clone();
    changed.budget.basic.initial = null;
    const out = generateReport(changed, evaluate(changed));
    expect(out.paragraphs.find((x) => x.key === "s2.basic")!.text).toContain("年初预算数【请填写基本支出年初预算数】，全年预算安排561.09万元");
  });
});

describe("sections with nothing to report say so", () => {
  it("no projects, and 政府性基金 with amounts", () => {
    const changed = clone();
    changed.budget.project = { initial: 0, adjusted: null, actual: 0 };
    delete changed.budget.projectDescription;
    changed.budget.govFund = { initial: 10, adjusted: 12.5, actual: 12 };
    const out = generateReport(changed, evaluate(changed));
    const text = (k: string) => out.paragraphs.find((x) => x.key === k)!.text;
    expect(text("s2.project")).toBe("项目支出是单位为完成特定行政工作任务或事业发展目标而发生的支出。2023年度无项目支出。");
    expect(text("s3.body")).toBe("2023年度政府性基金预算支出年初预算数10.00万元，全年预算数12.50万元，实际支出12.00万元，完成预算安排的96.00%。");
    expect(text("s4.body")).toBe("2023年度无国有资本经营预算支出。");
  });

  it("a level without indicators, the default 自称, 编制 and 退休", () => {
    const changed = clone();
    changed.indicators = changed.indicators.filter((i) => i.level1 !== "效益指标");
    delete changed.unit.shortName;
    changed.unit.staff = { actual: 28, authorized: 30, retired: 6 };
    const out = generateReport(changed, evaluate(changed));
    const text = (k: string) => out.paragraphs.find((x) => x.key === k)!.text;
    expect(text("s5.effect.h")).toBe("（三）效益指标");
    expect(text("s5.effect.none")).toBe("本年度未设置效益指标。");
    expect(text("intro")).toContain("我单位对2023年度部门整体支出进行了绩效自评");
    expect(text("s1.staff")).toBe("2023年12月31日止我单位在职人员28人。核定编制数30人，退休人员6人，在职人员控制率93.33%。");
  });

  it("states the 公用经费控制率 under 基本支出 when no indicator uses it", () => {
    const changed = clone();
    changed.indicators = changed.indicators.filter((i) => i.actualFrom !== "publicControl");
    const out = generateReport(changed, evaluate(changed));
    expect(out.paragraphs.find((x) => x.key === "s2.publicControl")!.text).toBe(
      "2023年预算安排公用经费总额38.40万元，实际支出29.85万元，公用经费控制率77.73%。",
    );
  });

  it("a not-applicable indicator", () => {
    const changed = clone();
    changed.indicators[4]!.notApplicable = true;
    changed.indicators[4]!.deviationReason = "本年度未开展";
    const r = evaluate(changed);
    const out = generateReport(changed, r);
    const text = (k: string) => out.paragraphs.find((x) => x.key === k)!.text;
    expect(text("s5.output.i:档案工作")).toBe("5.档案工作，本年度不适用，分值5分，不计分。原因：本年度未开展。");
    expect(text("s5.output.h")).toBe("（二）产出指标（分值50分，适用分值45分，得45分，未扣分）");
  });
});

describe("formula-like text stays text", () => {
  it("names and reasons beginning with = + - @ appear verbatim", () => {
    const changed = clone();
    changed.indicators[0]!.name = "=SUM(A1)";
    changed.indicators[1]!.name = "+CMD";
    changed.indicators[13]!.actual = "85%";
    changed.indicators[13]!.deviationReason = "-5分因时效";
    changed.problems = ["@所有人 预算编制不够精准"];
    const out = generateReport(changed, evaluate(changed));
    const all2 = out.paragraphs.map((p) => p.text).join("\n");
    expect(all2).toContain("1.=SUM(A1)，年度指标值：战斗有力、督查有效");
    expect(all2).toContain("2.+CMD，年度指标值");
    expect(all2).toContain("原因：-5分因时效。");
    expect(all2).toContain("@所有人 预算编制不够精准。");
    expect(out.paragraphs.some((p) => p.key === "s5.output.i:=SUM(A1)")).toBe(true);
  });
});

describe("chineseNumeral", () => {
  it.each([
    [1, "一"],
    [10, "十"],
    [14, "十四"],
    [20, "二十"],
    [21, "二十一"],
    [99, "九十九"],
  ])("%i → %s", (n, s) => expect(chineseNumeral(n)).toBe(s));
});
