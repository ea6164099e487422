// Float64 reference implementations of Keras 3's update rules, written from the formulas in the
// Keras documentation and source comments, elementwise over plain arrays.
export type Vec = number[];
export interface Rule {
  /** Updates w in place for the (1-based) step t with gradient g and learning rate lr. */
  step(w: Vec, g: Vec, t: number, lr: number): void;
}

const map = (n: number, f: (i: number) => number): Vec => Array.from({ length: n }, (_, i) => f(i));

export function sgdRule(momentum = 0, nesterov = false): Rule {
  let m: Vec | null = null;
  return {
    step(w, g, _t, lr) {
      if (momentum === 0) {
        g.forEach((gi, i) => (w[i] = w[i]! - lr * gi));
        return;
      }
      m ??= map(w.length, () => 0);
      for (let i = 0; i < w.length; i++) {
        m[i] = momentum * m[i]! - lr * g[i]!;
        w[i] = w[i]! + (nesterov ? momentum * m[i]! - lr * g[i]! : m[i]!);
      }
    },
  };
}

export function adamRule(b1 = 0.9, b2 = 0.999, eps = 1e-7, amsgrad = false, weightDecay = 0): Rule {
  let m: Vec | null = null, v: Vec | null = null, vh: Vec | null = null;
  return {
    step(w, g, t, lr) {
      m ??= map(w.length, () => 0);
      v ??= map(w.length, () => 0);
      vh ??= map(w.length, () => 0);
      for (let i = 0; i < w.length; i++) {
        w[i] = w[i]! - lr * weightDecay * w[i]!;
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        vh[i] = Math.max(vh[i]!, v[i]!);
        // The textbook form with bias-corrected moments and epsilon-hat: lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps)
        const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
        w[i] = w[i]! - (alpha * m[i]!) / (Math.sqrt(amsgrad ? vh[i]! : v[i]!) + eps);
      }
    },
  };
}

export function nadamRule(b1 = 0.9, b2 = 0.999, eps = 1e-7): Rule {
  let m: Vec | null = null, v: Vec | null = null;
  let uProduct = 1;
  const u = (t: number) => b1 * (1 - 0.5 * 0.96 ** t);
  return {
    step(w, g, t, lr) {
      m ??= map(w.length, () => 0);
      v ??= map(w.length, () => 0);
      uProduct *= u(t); // prod_{i<=t} u_i
      const uProductNext = uProduct * u(t + 1);
      for (let i = 0; i < w.length; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mHat = (u(t + 1) * m[i]!) / (1 - uProductNext) + ((1 - u(t)) * g[i]!) / (1 - uProduct);
        const vHat = v[i]! / (1 - b2 ** t);
        w[i] = w[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    },
  };
}

export function rmspropRule(rho = 0.9, momentum = 0, eps = 1e-7, centered = false): Rule {
  let v: Vec | null = null, mom: Vec | null = null, avg: Vec | null = null;
  return {
    step(w, g, _t, lr) {
      v ??= map(w.length, () => 0);
      mom ??= map(w.length, () => 0);
      avg ??= map(w.length, () => 0);
      for (let i = 0; i < w.length; i++) {
        v[i] = rho * v[i]! + (1 - rho) * g[i]! ** 2;
        let denom = v[i]!;
        if (centered) {
          avg[i] = rho * avg[i]! + (1 - rho) * g[i]!;
          denom -= avg[i]! ** 2;
        }
        const inc = (lr * g[i]!) / Math.sqrt(denom + eps);
        if (momentum > 0) {
          mom[i] = momentum * mom[i]! + inc;
          w[i] = w[i]! - mom[i]!;
        } else w[i] = w[i]! - inc;
      }
    },
  };
}

export function adagradRule(init = 0.1, eps = 1e-7): Rule {
  let acc: Vec | null = null;
  return {
    step(w, g, _t, lr) {
      acc ??= map(w.length, () => init);
      for (let i = 0; i < w.length; i++) {
        acc[i] = acc[i]! + g[i]! ** 2;
        w[i] = w[i]! - (lr * g[i]!) / Math.sqrt(acc[i]! + eps);
      }
    },
  };
}

export function adadeltaRule(rho = 0.95, eps = 1e-7): Rule {
  let eg: Vec | null = null, ed: Vec | null = null;
  return {
    step(w, g, _t, lr) {
      eg ??= map(w.length, () => 0);
      ed ??= map(w.length, () => 0);
      for (let i = 0; i < w.length; i++) {
        eg[i] = rho * eg[i]! + (1 - rho) * g[i]! ** 2;
        const delta = (-Math.sqrt(ed[i]! + eps) / Math.sqrt(eg[i]! + eps)) * g[i]!;
        ed[i] = rho * ed[i]! + (1 - rho) * delta ** 2;
        w[i] = w[i]! + lr * delta;
      }
    },
  };
}

export function adamaxRule(b1 = 0.9, b2 = 0.999, eps = 1e-7): Rule {
  let m: Vec | null = null, u: Vec | null = null;
  return {
    step(w, g, t, lr) {
      m ??= map(w.length, () => 0);
      u ??= map(w.length, () => 0);
      for (let i = 0; i < w.length; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        u[i] = Math.max(b2 * u[i]!, Math.abs(g[i]!));
        w[i] = w[i]! - (lr * m[i]!) / ((1 - b1 ** t) * (u[i]! + eps));
      }
    },
  };
}
