// Calls where tensorpad deliberately differs from TF.js, each with the reason. The conformance
// suite checks that they still differ (so this list, and the README's table, stay true).
import type { Case } from '../harness.js';

export interface KnownDifference extends Case {
  reason: string;
}

const i32 = (t: Case['run'] extends (l: infer L) => unknown ? L : never, v: unknown) => t.tensor(v, undefined, 'int32');

export const knownDifferences: KnownDifference[] = [
  { name: 'int32 tensor plus a float number', run: (t) => t.add(i32(t, [1, 2]), 0.5), reason: 'no silent dtype promotion: a number takes the tensor operand\'s dtype (TensorFlow\'s rule); TF.js upcasts to float32' },
  { name: 'int32 div by a number', run: (t) => t.div(i32(t, [7, -7]), 2), reason: 'no silent dtype promotion: the number becomes int32, so int32 floor division; TF.js upcasts and divides in float32' },
  { name: 'float32 plus int32 tensor', run: (t) => t.add(t.tensor([1]), i32(t, [1])), reason: 'no silent dtype promotion: mixing dtypes throws (cast first); TF.js upcasts' },
  { name: 'mean of int32', run: (t) => t.mean(i32(t, [1, 2])), reason: 'TensorFlow\'s rule: the mean of int32 is int32 (truncated); TF.js gives float32' },
  { name: 'floorDiv of float32', run: (t) => t.floorDiv(t.tensor([7.5, -7]), 2), reason: 'TensorFlow\'s rule: floorDiv keeps float32; TF.js returns int32' },
  { name: 'tensor of strings', run: (t) => t.tensor(['a', 'b']), reason: 'no string dtype' },
  { name: 'complex', run: (t) => t.complex([1], [2]).dtype, reason: 'no complex dtype' },
  { name: 'Float64Array input', run: (t) => t.tensor(new Float64Array([1.5])), reason: 'tensorpad has float64 and keeps it; TF.js refuses a Float64Array' },
  { name: 'one value filling a shape', run: (t) => t.tensor(5, [2, 2]), reason: 'as tf.constant(5, shape=[2, 2]) in TensorFlow: the value fills the shape; TF.js throws' },
  { name: 'valueAndGrad of a number', run: (t) => t.valueAndGrad((v: { exp(): unknown }) => v.exp())(0), reason: 'numbers are converted as in grad(); TF.js\'s valueAndGrad throws' },
  { name: 'logSoftmax along axis 0', run: (t) => t.logSoftmax(t.tensor([[1, 2], [3, 4]]), 0), reason: 'supported on any axis; TF.js supports only the last' },
  { name: 'grad through a comparison', run: (t) => t.grad((v: never) => t.sum(t.where(t.greater(v, 0), t.square(v), t.neg(v))))(t.tensor([-1, 2])), reason: 'comparisons have a zero gradient (as TensorFlow); TF.js\'s core has no gradient for them and throws' },
  { name: 'bool arraySync', run: (t) => t.tensor([true, false]).arraySync(), reason: 'arraySync() of a bool tensor gives booleans; TF.js gives 0/1 numbers (dataSync() agrees: a Uint8Array)' },
  { name: 'norm of order 3', run: (t) => t.norm(t.tensor([1, 2, 3]), 3), reason: 'any p > 0 is a vector norm, as TensorFlow; TF.js accepts only 1, 2, Infinity, -Infinity' },
  { name: 'randomGamma beta is a rate', run: (t) => { const g = t.randomGamma([20000], 2, 4, 'float32', 1); return t.mean(g).dataSync()[0] > 2 ? 'scale' : 'rate'; }, reason: 'TensorFlow\'s rule (and TF.js\'s documentation): beta is the inverse scale, mean alpha / beta; TF.js\'s code multiplies by beta' },
  { name: 'error wording', run: (t) => { try { t.reshape(t.tensor([1, 2, 3]), [2]); } catch (e) { return (e as Error).message; } return ''; }, reason: 'errors name the op, the shapes and the argument at fault in tensorpad\'s own words' },
];
