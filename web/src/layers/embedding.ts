// Embedding: integer indices -> rows of an [inputDim, outputDim] matrix (a gather, whose gradient
// reaches only the rows used).
import type { DType } from '../dtype.js';
import { gather } from '../ops/gather_scatter.js';
import { cast } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import {
  getConstraint, getInitializer, getRegularizer, serializeConstraint, serializeInitializer, serializeRegularizer,
  type ConstraintIdentifier, type ConstraintLike, type InitializerIdentifier, type InitializerLike,
  type RegularizerIdentifier, type RegularizerLike,
} from './components.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import { formatShape, type Shape } from './shape.js';

export interface EmbeddingLayerArgs extends LayerArgs {
  inputDim: number;
  outputDim: number;
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier;
  embeddingsConstraint?: ConstraintIdentifier;
  maskZero?: boolean;
  /** Length of input sequences, if constant (checked on each call). */
  inputLength?: number | number[];
}

/**
 * Looks up a learned vector for each index.
 *
 * @example
 * const emb = tp.layers.embedding({ inputDim: 10, outputDim: 4 });
 * console.log(emb.apply(tp.tensor([[1, 2, 3]], undefined, 'int32')).shape); // [1, 3, 4]
 */
export class Embedding extends Layer {
  static override className = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  readonly embeddingsInitializer: InitializerLike;
  readonly embeddingsRegularizer: RegularizerLike | null;
  readonly embeddingsConstraint: ConstraintLike | null;
  readonly maskZero: boolean;
  readonly inputLength: number | number[] | null;
  embeddings: Variable | null = null;

  constructor(args: EmbeddingLayerArgs) {
    const a = args.inputShape === undefined && args.batchInputShape === undefined && args.inputLength !== undefined
      ? { ...args, inputShape: Array.isArray(args.inputLength) ? args.inputLength : [args.inputLength] }
      : args;
    super(a);
    for (const k of ['inputDim', 'outputDim'] as const)
      if (!Number.isInteger(args[k]) || args[k] <= 0) throw new Error(`${this.who}: ${k} must be a positive integer, got ${String(args[k])}`);
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.embeddingsInitializer = getInitializer(args.embeddingsInitializer ?? 'randomUniform');
    this.embeddingsRegularizer = getRegularizer(args.embeddingsRegularizer);
    this.embeddingsConstraint = getConstraint(args.embeddingsConstraint);
    this.maskZero = args.maskZero ?? false;
    this.inputLength = args.inputLength ?? null;
  }

  override build(inputShape: Shape | Shape[]): void {
    void inputShape;
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], undefined, this.embeddingsInitializer, this.embeddingsRegularizer, true, this.embeddingsConstraint);
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return gather(this.embeddings!, x.dtype === 'int32' ? x : cast(x, 'int32'));
  }

  protected override computeOutputDType(inputDTypes: DType[]): DType {
    void inputDTypes;
    return this.dtype;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    if (this.inputLength !== null) {
      const lens = Array.isArray(this.inputLength) ? this.inputLength : [this.inputLength];
      const ok = lens.length === s.length - 1 && lens.every((d, i) => s[i + 1] === null || d === s[i + 1]);
      if (!ok) throw new Error(`${this.who}: inputLength ${JSON.stringify(this.inputLength)} does not match the input shape ${formatShape(s)}`);
    }
    return [...s, this.outputDim];
  }

  override getConfig(): ConfigDict {
    return {
      inputDim: this.inputDim, outputDim: this.outputDim,
      embeddingsInitializer: serializeInitializer(this.embeddingsInitializer),
      embeddingsRegularizer: serializeRegularizer(this.embeddingsRegularizer),
      activityRegularizer: serializeRegularizer(this.activityRegularizer),
      embeddingsConstraint: serializeConstraint(this.embeddingsConstraint),
      maskZero: this.maskZero, inputLength: this.inputLength,
      ...super.getConfig(),
    };
  }
}

/**
 * An Embedding layer.
 *
 * @example
 * const model = tp.sequential([tp.layers.embedding({ inputDim: 100, outputDim: 8, inputLength: 5 })]);
 * console.log(model.countParams()); // 800
 */
export function embedding(args: EmbeddingLayerArgs): Embedding {
  return new Embedding(args);
}
