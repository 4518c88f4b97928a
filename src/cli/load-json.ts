import { readFile } from "node:fs/promises";
import { z } from "zod";
import { readInputLeniently, type LenientRead } from "../domain/lenient-input";
import { UsageError } from "./errors";
import { readFailure } from "../template/file-errors";

z.config(z.locales.zhCN());

/** "indicators[3].weight" from a zod issue path. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** A JSON input read as leniently as a workbook (see readInputLeniently); what cannot be read at all is a usage error. */
export type JsonInput = LenientRead & { input: NonNullable<LenientRead["input"]> };

export function parseEvaluationJson(text: string, fileLabel: string): JsonInput {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${fileLabel} 不是有效的 JSON：${(e as Error).message}`);
  }
  const read = readInputLeniently(data);
  if (!read.input) {
    throw new UsageError(`${fileLabel} 不符合自评数据格式（共 ${read.refused.length} 处）：\n${read.refused.join("\n")}\n可运行 jixiao schema 查看完整格式。`);
  }
  return read as JsonInput;
}

export async function loadEvaluationJson(path: string): Promise<JsonInput> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(readFailure(path, e));
  }
  return parseEvaluationJson(text.replace(/^\uFEFF/, ""), path);
}
