// trainTestSplit: a random split of rows into train and test parts (scikit-learn's
// train_test_split, for tensors and arrays).
import { prng, seedFromGlobalStream, shuffleInPlace } from '../data/prng.js';
import { gather } from '../ops/gather_scatter.js';
import { tensor } from '../ops/tensor_from_values.js';
import { Tensor } from '../tensor.js';
import { splitCounts } from './split_counts.js';

/** Options of trainTestSplit. */
export interface TrainTestSplitOptions {
  /** Fraction of rows for the test part, in (0, 1) (rounded up, as scikit-learn), or a row count. Default 0.25. */
  testSize?: number;
  /** Seed of the shuffle (default: drawn from the global stream, so tp.setSeed applies). */
  seed?: number;
  /** Shuffle before splitting (default true); false takes the last rows as the test part. */
  shuffle?: boolean;
}

type Rows = Tensor | readonly unknown[];

/** The parts of a split; each has the type of its input (tensors are new, the caller's to dispose). */
export interface TrainTestSplit<X, Y> {
  xTrain: X;
  xTest: X;
  yTrain: Y;
  yTest: Y;
}

function rowCount(a: Rows, name: string): number {
  if (a instanceof Tensor) {
    if (a.rank === 0) throw new Error(`trainTestSplit: ${name} is a scalar; expected rows along the first axis`);
    return a.shape[0]!;
  }
  if (!Array.isArray(a)) throw new Error(`trainTestSplit: ${name} must be a tensor or an array of rows`);
  return a.length;
}

function take<R extends Rows>(a: R, idx: number[]): R {
  if (a instanceof Tensor) {
    const i = tensor(Int32Array.from(idx), [idx.length]);
    try {
      return gather(a, i, 0) as R;
    } finally {
      i.dispose();
    }
  }
  return idx.map((k) => (a as readonly unknown[])[k]) as unknown as R;
}

/**
 * Splits the rows (first axis) of `x` and `y` at random into train and test parts, keeping pairs
 * together. Inputs are tensors or arrays; the parts have the same kind.
 *
 * @example
 * const x = tp.tensor([[1], [2], [3], [4]]);
 * const y = tp.tensor([10, 20, 30, 40]);
 * const { xTrain, xTest, yTrain, yTest } = tp.datasets.trainTestSplit(x, y, { testSize: 0.25, seed: 1 });
 * console.log(xTrain.shape, xTest.shape); // [3, 1] [1, 1]
 */
export function trainTestSplit<X extends Rows, Y extends Rows>(x: X, y: Y, options: TrainTestSplitOptions = {}): TrainTestSplit<X, Y> {
  const n = rowCount(x, 'x');
  const ny = rowCount(y, 'y');
  if (n !== ny) throw new Error(`trainTestSplit: x has ${n} rows but y has ${ny}`);
  const [nTrain] = splitCounts(n, options.testSize, 'trainTestSplit');
  const order = Array.from({ length: n }, (_, i) => i);
  if (options.shuffle ?? true) shuffleInPlace(order, prng(options.seed ?? seedFromGlobalStream()));
  const train = order.slice(0, nTrain);
  const test = order.slice(nTrain);
  const xTrain = take(x, train);
  try {
    return { xTrain, xTest: take(x, test), yTrain: take(y, train), yTest: take(y, test) };
  } catch (e) {
    if (xTrain instanceof Tensor) xTrain.dispose();
    throw e;
  }
}
