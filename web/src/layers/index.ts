// tp.layers: Keras layers with TF.js's factory names (tp.layers.dense({...})) and the classes
// (tp.layers.Dense, tp.layers.Layer, ...) for subclassing and instanceof.
export { Layer, type LayerArgs, type CallKwargs, type AddWeightArgs } from './layer.js';
export { SymbolicTensor } from './symbolic_tensor.js';
export type { InputSpec } from './input_spec.js';
export type { Shape } from './shape.js';
export { clearSession } from './naming.js';
export { Dense, dense, type DenseLayerArgs } from './dense.js';
export { Activation, activation, type ActivationLayerArgs } from './activation.js';
export { Dropout, dropout, type DropoutLayerArgs } from './dropout.js';
export { BatchNormalization, batchNormalization, type BatchNormalizationLayerArgs } from './batch_normalization.js';
export { LayerNormalization, layerNormalization, type LayerNormalizationLayerArgs } from './layer_normalization.js';
export { Flatten, flatten, type FlattenLayerArgs } from './flatten.js';
export { Reshape, reshape, type ReshapeLayerArgs } from './reshape.js';
export { Lambda, lambda, type LambdaLayerArgs, type LambdaFunction } from './lambda.js';
export { Embedding, embedding, type EmbeddingLayerArgs } from './embedding.js';
export { Merge } from './merge.js';
export { Add, add } from './add.js';
export { Multiply, multiply } from './multiply.js';
export { Concatenate, concatenate, type ConcatenateLayerArgs } from './concatenate.js';
export { InputLayer, inputLayer, type InputLayerArgs } from './input_layer.js';
export { Conv1D, Conv2D, conv1d, conv2d, type BaseConvLayerArgs, type ConvLayerArgs } from './conv.js';
export { Conv2DTranspose, conv2dTranspose } from './conv_transpose.js';
export { DepthwiseConv2D, SeparableConv2D, depthwiseConv2d, separableConv2d, type DepthwiseConv2DLayerArgs, type SeparableConv2DLayerArgs } from './depthwise_conv.js';
export {
  MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D, maxPooling1d, maxPooling2d, averagePooling1d, averagePooling2d,
  type Pooling1DLayerArgs, type Pooling2DLayerArgs,
} from './pooling.js';
export {
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  globalAveragePooling1d, globalAveragePooling2d, globalMaxPooling1d, globalMaxPooling2d, type GlobalPooling2DLayerArgs,
} from './global_pooling.js';
export { UpSampling2D, upSampling2d, type UpSampling2DLayerArgs } from './up_sampling.js';
export { ZeroPadding2D, zeroPadding2d, type ZeroPadding2DLayerArgs } from './zero_padding.js';
export { Cropping2D, cropping2d, cropping2D, type Cropping2DLayerArgs } from './cropping.js';
export { SpatialDropout1D, SpatialDropout2D, spatialDropout1d, spatialDropout2d, type SpatialDropout1DLayerArgs, type SpatialDropout2DLayerArgs } from './spatial_dropout.js';
