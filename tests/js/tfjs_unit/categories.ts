// Why a TF.js unit test is expected to fail on tensorpad. Deliberate differences are left out of the
// pass rate (the TF.js-compatibility issue's rule); every other category counts as a failure.
export interface Category {
  reason: string;
  deliberate: boolean;
}

export const categories: Record<string, Category> = {
  'string dtype': { reason: 'tensorpad has no string tensors (deliberate)', deliberate: true },
  'complex dtype': { reason: 'tensorpad has no complex64 tensors (deliberate)', deliberate: true },
  'dtype promotion': {
    reason: 'mixes dtypes that TensorFlow refuses; tensorpad does not promote silently (deliberate)',
    deliberate: true,
  },
  'error wording': {
    reason: 'throws where TF.js throws, but the test asserts TF.js\'s exact message (deliberate)',
    deliberate: true,
  },
  'missing op (in progress)': {
    reason: 'the op is being added on another branch (math-ops, index-ops): shrink after merging',
    deliberate: false,
  },
  'TF.js internals': {
    reason: 'asserts on TF.js engine or backend internals (kernel counts, flags, dataIds) that tensorpad does not have',
    deliberate: false,
  },
  'TensorFlow rule': {
    reason: 'TF.js departs from TensorFlow here and tensorpad keeps TensorFlow\'s rule (README, Differences from TF.js)',
    deliberate: false,
  },
  'tensorpad accepts more': {
    reason: 'TF.js throws for a case TensorFlow computes (softmax on a non-last axis, p-norms, oneHot depth 1, int32 depthToSpace); tensorpad computes it',
    deliberate: false,
  },
  'TF.js bug': {
    reason: 'TF.js computes a wrong value here (the differential tests under tests/js/ops show it); tensorpad\'s is checked against finite differences',
    deliberate: false,
  },
  'missing feature': { reason: 'an option or call form tensorpad does not support yet', deliberate: false },
  'unfixed': { reason: 'a tensorpad bug or gap not fixed yet', deliberate: false },
};
