// Messages between the visual playground page and its training worker. Points travel as
// Float32Array triples [x, y, label, ...]; frames carry only what the page draws, as transferred
// buffers: the heatmap grids, the weights, the losses.
import type { PlaygroundState } from './playground_state.ts';

export type ToWorker =
  | { type: 'init'; state: PlaygroundState; train: Float32Array; test: Float32Array; grid: number }
  | { type: 'data'; train: Float32Array; test: Float32Array }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'learningRate'; value: number }
  | { type: 'setWeight'; layer: number; from: number; to: number; value: number }
  | { type: 'tensorboard'; run: string | null }
  | { type: 'ack' };

export interface LayerWeights {
  /** Row-major [nIn, nOut]. */
  kernel: Float32Array;
  bias: Float32Array;
  nIn: number;
  nOut: number;
}

export interface Frame {
  type: 'frame';
  epoch: number;
  lossTrain: number;
  lossTest: number;
  /** Loss curve points since the last frame: [epoch, train, test] triples. */
  curve: Float32Array;
  /** Per hidden layer: the activations on the grid, point-major [grid * grid, units]. */
  hidden: Float32Array[];
  /** The output on the grid [grid * grid], row 0 at the top (x2 = +6). */
  output: Float32Array;
  weights: LayerWeights[];
  playing: boolean;
}

export type FromWorker =
  | Frame
  | { type: 'tensorboard'; logdir: string; run: string }
  /** Once the engine is loaded: which one runs (tp.engineInfo()). */
  | { type: 'engine'; build: 'threaded' | 'single'; threads: number; simd: boolean }
  | { type: 'error'; message: string };
