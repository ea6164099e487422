#pragma once
// 2-D convolution kernels on NHWC data: forward, gradient of the input and gradient of the filter,
// for grouped convolution (groups = 1 is the ordinary case; groups = in_c with one input channel
// per group is depthwise). All tensors are dense and row-major:
//   x  [batch, in_h, in_w, in_c]
//   w  [k_h, k_w, in_c / groups, out_c]   (out_c = groups * out channels per group)
//   y  [batch, out_h, out_w, out_c]
// A depthwise filter [k_h, k_w, c, multiplier] is the same memory as [k_h, k_w, 1, c * multiplier]
// with groups = c, so depthwise convolution is this geometry with groups == in_c.
//
// Cross-correlation as in TensorFlow: y[n, i, j, o] = sum over (a, b, ci) of
//   x[n, i * stride_h - pad_top + a * dil_h, j * stride_w - pad_left + b * dil_w, g * cg + ci]
//   * w[a, b, ci, o], with g = o / (out_c / groups), cg = in_c / groups, and x = 0 outside.
// Padding on the bottom/right is implied by out_h/out_w. With in_d/k_d/out_d > 1 every tensor has
// a depth dim before height (x [batch, in_d, in_h, in_w, in_c], w [k_d, k_h, k_w, cg, out_c]),
// treated the same way: conv3d.
//
// Plans: depthwise runs direct SIMD loops over channels; up to 8 input channels (groups = 1, 2-D)
// a direct kernel vectorised over output channels runs the forward and the filter gradient; a
// 1x1 stride-1 unpadded conv is one GEMM; everything else is im2col over chunks of output pixels
// into a per-thread scratch buffer, then the packed GEMM (gemm.h), so no per-call buffer grows
// with the image.
#include <cstdint>

#include "elementwise.h"

namespace tensorpad::kernels {

struct ConvGeom {
  int64_t batch = 1, in_h = 1, in_w = 1, in_c = 1;
  int64_t k_h = 1, k_w = 1, out_c = 1, groups = 1;
  int64_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1;
  int64_t pad_top = 0, pad_left = 0;
  int64_t out_h = 1, out_w = 1;
  // 3-D convolution: a depth dim before height in x, w and y (1 for 2-D).
  int64_t in_d = 1, k_d = 1, stride_d = 1, dil_d = 1, pad_front = 0, out_d = 1;
};

/// Optional epilogue of the forward conv: y = act(y + bias[o]) while the output is in cache.
struct ConvEpilogue {
  const void* bias = nullptr;  // out_c elements of the conv's type, or null
  bool has_activation = false;
  Unary activation = Unary::relu;
  UnaryParams params;
};

/// y = conv(x, w) [+ epilogue]. T: float, double. y is only written.
template <class T>
void conv2d(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep = {});
/// dx = gradient of sum(y * dy) with respect to x. dx is only written.
template <class T>
void conv2d_backprop_input(const ConvGeom& g, const T* dy, const T* w, T* dx);
/// dw = gradient of sum(y * dy) with respect to w. dw is only written.
template <class T>
void conv2d_backprop_filter(const ConvGeom& g, const T* x, const T* dy, T* dw);

/// Scalar references for tests: the defining sums with double accumulation, same contracts
/// (the epilogue adds the bias; activations are applied with unary_scalar).
template <class T>
void conv2d_ref(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep = {});
template <class T>
void conv2d_backprop_input_ref(const ConvGeom& g, const T* dy, const T* w, T* dx);
template <class T>
void conv2d_backprop_filter_ref(const ConvGeom& g, const T* x, const T* dy, T* dw);

}  // namespace tensorpad::kernels
