// tp.callbacks: Keras callbacks (classes) with TF.js-style lowercase factories.
export {
  Callback, CallbackList, LambdaCallback, standardizeCallbacks,
  type Logs, type CallbackParams, type CallbackModel, type CustomCallbackArgs, type CallbackArg,
} from './callback.js';
export { lambda, lambdaCallback } from './lambda_callback.js';
export { EarlyStopping, earlyStopping, type EarlyStoppingArgs } from './early_stopping.js';
export { ModelCheckpoint, modelCheckpoint, type ModelCheckpointArgs } from './model_checkpoint.js';
export { ReduceLROnPlateau, reduceLROnPlateau, type ReduceLROnPlateauArgs } from './reduce_lr_on_plateau.js';
export { LearningRateScheduler, learningRateScheduler, type Schedule } from './learning_rate_scheduler.js';
export { TerminateOnNaN, terminateOnNaN } from './terminate_on_nan.js';
export { CSVLogger, csvLogger, type CSVLoggerArgs } from './csv_logger.js';
export { TensorBoard, tensorBoard, type TensorBoardArgs } from './tensorboard.js';
export { modelGraphDef } from './model_graph.js';
export { monitorDirection, type MonitorMode } from './monitor.js';
export { pythonFormat, pythonFloatRepr } from './python_format.js';
