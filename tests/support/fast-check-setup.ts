import fc from "fast-check";

/**
 * Property tests run from one fixed seed, so `npm test` is deterministic: the same inputs every run, and
 * a failure reproduces. FC_SEED=random (or a number) explores other inputs; a failure prints its seed.
 */
const seed = process.env.FC_SEED === "random" ? Date.now() : Number(process.env.FC_SEED ?? 20261203);
fc.configureGlobal({ seed });
