// tf.fused.matMul and the activations the fused ops share (TF.js's names), written with ops; also
// the composite path of fused.conv2d for what its kernel does not take (PReLU, broadcast bias).
import { describeValue, type TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { matMul } from './linalg.js';
import { checkArg, namedTidy } from './op_helpers.js';
import { prelu } from './tfjs_composites.js';
import { elu, leakyRelu, relu, relu6, sigmoid, tanh } from './unary.js';

/** The activations of TF.js's fused ops. */
export type FusedMatMulActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'tanh' | 'prelu';
const NAMES = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu', 'tanh', 'prelu'];

/** act(y) for a fused op's `activation` argument (preluActivationWeights for 'prelu'). */
export function applyActivation(op: string, y: Tensor, activation: unknown, preluWeights: TensorLike | null | undefined, leakyreluAlpha: number): Tensor {
  switch (activation) {
    case 'linear': return y;
    case 'relu': return relu(y);
    case 'relu6': return relu6(y);
    case 'elu': return elu(y);
    case 'sigmoid': return sigmoid(y);
    case 'tanh': return tanh(y);
    case 'leakyrelu': return leakyRelu(y, leakyreluAlpha);
    case 'prelu':
      if (preluWeights == null) throw new Error(`${op}: activation 'prelu' needs preluActivationWeights`);
      return prelu(y, preluWeights);
    default:
      throw new Error(`${op}: activation must be one of ${NAMES.join(', ')}, got ${describeValue(activation)}`);
  }
}

/** Arguments of fused.matMul, as TF.js's tf.fused.matMul. */
export interface FusedMatMulArgs {
  a: TensorLike;
  b: TensorLike;
  transposeA?: boolean;
  transposeB?: boolean;
  bias?: TensorLike | null;
  activation?: FusedMatMulActivation;
  preluActivationWeights?: TensorLike | null;
  leakyreluAlpha?: number;
}

/**
 * act(matMul(a, b) + bias), as TF.js's tf.fused.matMul (bias broadcasts against the product).
 *
 * @example
 * const y = tp.fused.matMul({ a: tp.tensor([[1, 2]]), b: tp.tensor([[1], [-1]]), bias: tp.tensor([0.5]), activation: 'relu' });
 * y.print(); // [[0]]
 */
export function fusedMatMul(args: FusedMatMulArgs): Tensor {
  return namedTidy('fusedMatMul', () => {
    if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new Error(`expected an object of arguments {a, b, ...}, got ${describeValue(args)}`);
    const { a, b, transposeA = false, transposeB = false, bias, activation = 'linear', preluActivationWeights, leakyreluAlpha = 0.2 } = args;
    checkArg(transposeA, 'boolean', 'fusedMatMul', 'transposeA');
    checkArg(transposeB, 'boolean', 'fusedMatMul', 'transposeB');
    checkArg(leakyreluAlpha, 'number', 'fusedMatMul', 'leakyreluAlpha');
    const y = matMul(a, b, transposeA, transposeB);
    return applyActivation('fusedMatMul', bias == null ? y : add(y, bias), activation, preluActivationWeights, leakyreluAlpha);
  });
}
