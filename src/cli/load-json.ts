import { readFile } from "node:fs/promises";
import { z } from "zod";
import { evaluationInputSchema, type EvaluationInput } from "../domain/model";
import { UsageError } from "./errors";
import { readFailure } from "../template/file-errors";

z.config(z.locales.zhCN());

/** "indicators[3].weight" from a zod issue path. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `.${String(p)}`;
  return out;
}

export function parseEvaluationJson(text: string, fileLabel: string): EvaluationInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${fileLabel} 不是有效的 JSON：${(e as Error).message}`);
  }
  const parsed = evaluationInputSchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${jsonPath(i.path)}：${i.message}`);
    throw new UsageError(`${fileLabel} 不符合自评数据格式（共 ${lines.length} 处）：\n${lines.join("\n")}\n可运行 jixiao schema 查看完整格式。`);
  }
  return parsed.data;
}

export async function loadEvaluationJson(path: string): Promise<EvaluationInput> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(readFailure(path, e));
  }
  return parseEvaluationJson(text.replace(/^\uFEFF/, ""), path);
}
