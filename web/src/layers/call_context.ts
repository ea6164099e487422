// The state of the layer call in progress (Keras's call context): the `training` flag inherited
// by sublayers called without one, and the losses added during the outermost call, which every
// nested tidy hands outwards so they outlive the call.
import type { Tensor } from '../tensor.js';

interface Frame {
  training: boolean | undefined;
}

const frames: Frame[] = [];
let pendingLosses: Tensor[] = [];

/** The training flag of the enclosing call, if any set one. */
export function inheritedTraining(): boolean | undefined {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.training !== undefined) return frames[i]!.training;
  return undefined;
}

/** True when no layer call is in progress. */
export function isOutermostCall(): boolean {
  return frames.length === 0;
}

/** Runs `fn` as a layer call with `training`. */
export function inCall<T>(training: boolean | undefined, fn: () => T): T {
  if (frames.length === 0) pendingLosses = [];
  frames.push({ training });
  try {
    return fn();
  } finally {
    frames.pop();
    if (frames.length === 0) pendingLosses = [];
  }
}

/** Notes a loss tensor added during the current call. */
export function notePendingLoss(t: Tensor): void {
  if (frames.length > 0) pendingLosses.push(t);
}

/** The losses added so far in the outermost call (returned from each nested tidy). */
export function pendingCallLosses(): Tensor[] {
  return pendingLosses;
}
