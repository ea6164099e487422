#pragma once
// Image resizing kernels over dense NHWC data (x [batch, in_h, in_w, channels] -> y [batch, out_h,
// out_w, channels]), with TensorFlow's sampling conventions. Along an axis of size n resized to m,
// scale = (n - 1) / (m - 1) with align_corners (and m > 1), else n / m; output index o samples
//   bilinear: s = (o + 0.5) * scale - 0.5 with half_pixel_centers, else o * scale, between
//             floor(s) and ceil(s), both clamped into [0, n - 1], weight s - floor(s);
//   nearest:  s = (o + 0.5) * scale with half_pixel_centers, else o * scale, index round(s)
//             with align_corners, else floor(s), clamped into [0, n - 1].
// The gradient kernels are the adjoints: dy scattered back with the same weights; dx is
// overwritten.
#include <cstdint>

namespace tensorpad::kernels {

struct ResizeGeometry {
  int64_t batch = 1, channels = 1, in_h = 1, in_w = 1, out_h = 1, out_w = 1;
  bool align_corners = false, half_pixel_centers = false;
};

template <class T>
void resize_bilinear(const ResizeGeometry& g, const T* x, T* y);
template <class T>
void resize_bilinear_grad(const ResizeGeometry& g, const T* dy, T* dx);
template <class T>
void resize_nearest(const ResizeGeometry& g, const T* x, T* y);
template <class T>
void resize_nearest_grad(const ResizeGeometry& g, const T* dy, T* dx);

}  // namespace tensorpad::kernels
