#pragma once
// Pooling kernels over dense channels-last data: x is [batch, depth, height, width, channels]
// (2-D pooling is depth 1), row-major and contiguous. Windows are cut from the input padded by
// pad_before on each spatial axis; padded cells take no part (max ignores them, average divides
// by the number of real cells). A window of padding only gives -inf (max) and NaN (average,
// 0 / 0), as TF.js does when dimRoundingMode adds such a window.
// Each xsimd kernel vectorises across channels and has a `_scalar` reference with the same
// contract, used by the tests and where xsimd has no architecture.
#include <cstdint>

namespace tensorpad::kernels {

struct PoolGeometry {
  int64_t batch = 1, channels = 1;
  int64_t in[3] = {1, 1, 1};   // depth, height, width of x
  int64_t out[3] = {1, 1, 1};  // of y
  int64_t window[3] = {1, 1, 1}, stride[3] = {1, 1, 1}, pad_before[3] = {0, 0, 0};
};

/// y = max over each window. NaN propagates: the first NaN of a window is its maximum.
template <class T>
void max_pool(const PoolGeometry& g, const T* x, T* y);
template <class T>
void max_pool_scalar(const PoolGeometry& g, const T* x, T* y);

/// max_pool plus, for each output, the flat position in x of the maximum it took:
/// (((b * depth + d) * height + h) * width + w) * channels + c, without the batch term unless
/// `include_batch`. Equal values route to the first in the window (row-major order), as
/// TensorFlow does; an all-padding window gives -1.
template <class T>
void max_pool_argmax(const PoolGeometry& g, const T* x, bool include_batch, T* y, int32_t* arg);

/// dx = dy added at the position of each window's first maximum (as max_pool_argmax picks it);
/// dx is overwritten.
template <class T>
void max_pool_grad(const PoolGeometry& g, const T* x, const T* dy, T* dx);

/// y = mean of the real cells of each window.
template <class T>
void avg_pool(const PoolGeometry& g, const T* x, T* y);
template <class T>
void avg_pool_scalar(const PoolGeometry& g, const T* x, T* y);

/// dx = each dy spread evenly over the real cells of its window (the adjoint of avg_pool);
/// dx is overwritten.
template <class T>
void avg_pool_grad(const PoolGeometry& g, const T* dy, T* dx);

}  // namespace tensorpad::kernels
