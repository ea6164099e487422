// The built-in layer classes, looked up by class name when a model is rebuilt from JSON
// (models/topology.ts, tp.serialization.getRegisteredClass). A table rather than a registerClass
// call in each layer's module, so that importing a layer has no side effect and an app ships only
// the layers it uses (plus all of them once it loads saved models).
import type { SerializableClass } from './serialization.js';
import { Activation } from './activation.js';
import { Add } from './add.js';
import { BatchNormalization } from './batch_normalization.js';
import { Concatenate } from './concatenate.js';
import { Conv2D, Conv1D } from './conv.js';
import { Conv2DTranspose } from './conv_transpose.js';
import { Cropping2D } from './cropping.js';
import { Dense } from './dense.js';
import { DepthwiseConv2D, SeparableConv2D } from './depthwise_conv.js';
import { Dropout } from './dropout.js';
import { Embedding } from './embedding.js';
import { Flatten } from './flatten.js';
import { GlobalAveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D } from './global_pooling.js';
import { InputLayer } from './input_layer.js';
import { LayerNormalization } from './layer_normalization.js';
import { Multiply } from './multiply.js';
import { MaxPooling1D, AveragePooling1D, MaxPooling2D, AveragePooling2D } from './pooling.js';
import { Reshape } from './reshape.js';
import { SpatialDropout1D, SpatialDropout2D } from './spatial_dropout.js';
import { UpSampling2D } from './up_sampling.js';
import { ZeroPadding2D } from './zero_padding.js';

/** Every built-in layer class, found under its className (class_lookup.ts). */
export const BUILTIN_LAYERS: readonly SerializableClass[] = [
  Activation, Add, BatchNormalization, Concatenate, Conv2D, Conv1D, Conv2DTranspose, Cropping2D, Dense, DepthwiseConv2D, SeparableConv2D, Dropout, Embedding, Flatten, GlobalAveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling2D, GlobalMaxPooling2D, InputLayer, LayerNormalization, Multiply, MaxPooling1D, AveragePooling1D, MaxPooling2D, AveragePooling2D, Reshape, SpatialDropout1D, SpatialDropout2D, UpSampling2D, ZeroPadding2D,
];
