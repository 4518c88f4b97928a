import { evaluate } from "../../src/domain";
import { largeInput } from "../../tests/support/large-input";
import type { Metric } from "../bench";
import { medianMs } from "./timing";

export async function engineBench(): Promise<Metric[]> {
  const input = largeInput(500);
  const ms = await medianMs(() => evaluate(input));
  return [{ name: "engine.recompute500.ms", value: ms, unit: "ms", note: "full recompute of 500 indicators incl. findings, median of 21" }];
}
