/**
 * Entry bundled by scripts/bench/shipped.ts and run in its own node process: the engine over 200 project
 * tables as the product ships it (bundled, no tsx transform), median of 21 after 5 warm-up runs.
 */
import { evaluate } from "../../../src/domain";
import { manyProjects, projectsOnly } from "../../../tests/support/projects";
import { medianMs } from "../timing";

const input = projectsOnly(manyProjects(200, 15));
void medianMs(() => evaluate(input)).then((ms) => process.stdout.write(JSON.stringify({ ms })));
