export { GradientTape, type GradientTapeOptions, type GradientOptions, type Sources, type Gradients } from './gradient_tape.js';
export { ForwardAccumulator, jvp } from './forward.js';
export { grad, grads, valueAndGrad, valueAndGrads, variableGrads, numericalGradient, customGradient, customGrad, type CustomGradientResult, type CustomGradFuncResult, type GradSaveFunc } from './functional.js';
