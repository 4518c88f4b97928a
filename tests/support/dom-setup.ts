/**
 * DOM tests wait for conditions (findBy…, waitFor), never for fixed times. Testing Library gives up after
 * 1 s by default, which a busy 2-core machine can outrun while React loads a lazy chunk: the cap is raised
 * to the test timeout's scale so only a real hang fails, and a passing condition returns at once.
 */
if (typeof document !== "undefined") {
  const { configure } = await import("@testing-library/react");
  configure({ asyncUtilTimeout: 20_000 });
}
export {};
