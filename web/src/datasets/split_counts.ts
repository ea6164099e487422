// The train/test sizes of a split, as scikit-learn's train_test_split computes them.

/** @internal [nTrain, nTest] for `n` rows; testSize is a fraction in (0, 1) (the test count is rounded up) or a count. */
export function splitCounts(n: number, testSize: number | undefined, op: string): [number, number] {
  const t = testSize ?? 0.25;
  let nTest: number;
  if (t > 0 && t < 1) nTest = Math.ceil(t * n);
  else if (Number.isInteger(t) && t >= 0 && t <= n) nTest = t;
  else throw new Error(`${op}: testSize must be a fraction in (0, 1) or a row count in [0, ${n}], got ${t}`);
  return [n - nTest, nTest];
}
