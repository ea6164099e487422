// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, w -= lr * weightDecay * w before
// each Adam update (Keras 3 and TF), not an L2 term in the loss.
import { Adam, type AdamArgs } from './adam.js';

/**
 * Adam with decoupled weight decay (Keras's defaults: weightDecay 0.004, learningRate 0.001).
 *
 * @example
 * const w = tp.variable(tp.tensor([2]));
 * const opt = new tp.optimizers.AdamW({ learningRate: 0.1, weightDecay: 0.5 });
 * opt.applyGradients([[tp.tensor([0]), w]]); // zero gradient: only the decay, 2 - 0.1 * 0.5 * 2
 * w.print(); // [1.9]
 */
export class AdamW extends Adam {
  static override className = 'AdamW';
  constructor(args: AdamArgs = {}) {
    super({ ...args, weightDecay: args.weightDecay ?? 0.004 }, { learningRate: 0.001, name: 'AdamW' });
  }
}
