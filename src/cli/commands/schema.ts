import { z } from "zod";
import { evaluationInputSchema } from "../../domain/model";
import { SCHEMA } from "./meta";

/** The JSON Schema of the input model, generated from the same zod definition the CLI validates with. */
export function inputJsonSchema(): Record<string, unknown> {
  return {
    $id: "https://jixiao.local/schema/evaluation-input.schema.json",
    title: "部门整体支出绩效自评数据 (jixiao evaluation input)",
    ...z.toJSONSchema(evaluationInputSchema, { io: "input", target: "draft-2020-12" }),
  };
}

export const schemaCommand = {
  ...SCHEMA,
  async run(): Promise<number> {
    process.stdout.write(`${JSON.stringify(inputJsonSchema(), null, 2)}\n`);
    return 0;
  },
};
