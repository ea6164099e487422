// Which way a monitored figure should go, shared by EarlyStopping and ModelCheckpoint.

export type MonitorMode = 'auto' | 'min' | 'max';

// tf.keras's rule for mode 'auto' (EarlyStopping): accuracies and AUC go up, the rest go down.
// Keras 3 reads the same from each metric's direction; precision and recall also go up.
const UP = /(^|_)(acc|accuracy|auc)$|^(val_)?(precision|recall)(_\d+)?$/;

/**
 * 'max' if the figure improves by growing, else 'min'. `mode` 'auto' decides from the name.
 *
 * @example
 * tp.callbacks.monitorDirection('val_accuracy'); // 'max'
 * tp.callbacks.monitorDirection('val_loss');     // 'min'
 */
export function monitorDirection(monitor: string, mode: MonitorMode = 'auto', owner = 'callback'): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') {
    console.warn(`${owner}: mode '${String(mode)}' is unknown, falling back to 'auto'`);
  }
  return UP.test(monitor) ? 'max' : 'min';
}

/** The value of `monitor` in `logs`, or undefined with a warning listing what there is (as Keras). */
export function monitorValue(logs: { [k: string]: number } | undefined, monitor: string, owner: string): number | undefined {
  const v = logs?.[monitor];
  if (v === undefined || v === null)
    console.warn(`${owner}: conditioned on metric '${monitor}' which is not available. Available metrics are: ${Object.keys(logs ?? {}).join(',')}`);
  return v ?? undefined;
}
