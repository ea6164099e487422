#include "kernels/resize.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace tensorpad::kernels {
namespace {

// Source coordinates in double, as TF.js computes them, so both agree on which cells are read.
double axis_scale(int64_t n, int64_t m, bool align) {
  return align && m > 1 ? static_cast<double>(n - 1) / static_cast<double>(m - 1)
                        : static_cast<double>(n) / static_cast<double>(m);
}

template <class T>
struct Tap {
  int64_t lo, hi;
  T frac;
};

template <class T>
std::vector<Tap<T>> bilinear_taps(int64_t n, int64_t m, bool align, bool half) {
  std::vector<Tap<T>> taps(static_cast<size_t>(m));
  const double scale = axis_scale(n, m, align);
  for (int64_t o = 0; o < m; ++o) {
    const double s = half ? (static_cast<double>(o) + 0.5) * scale - 0.5 : static_cast<double>(o) * scale;
    const int64_t lo = std::max<int64_t>(0, static_cast<int64_t>(std::floor(s)));
    const int64_t hi = std::min<int64_t>(n - 1, static_cast<int64_t>(std::ceil(s)));
    taps[o] = {std::min(lo, n - 1), std::max<int64_t>(hi, 0), static_cast<T>(s - static_cast<double>(lo))};
  }
  return taps;
}

std::vector<int64_t> nearest_taps(int64_t n, int64_t m, bool align, bool half) {
  std::vector<int64_t> taps(static_cast<size_t>(m));
  const double scale = axis_scale(n, m, align);
  for (int64_t o = 0; o < m; ++o) {
    const double s = half ? (static_cast<double>(o) + 0.5) * scale : static_cast<double>(o) * scale;
    const int64_t i = static_cast<int64_t>(align ? std::round(s) : std::floor(s));
    taps[o] = std::clamp<int64_t>(i, 0, n - 1);
  }
  return taps;
}

}  // namespace

template <class T>
void resize_bilinear(const ResizeGeometry& g, const T* x, T* y) {
  const auto rows = bilinear_taps<T>(g.in_h, g.out_h, g.align_corners, g.half_pixel_centers);
  const auto cols = bilinear_taps<T>(g.in_w, g.out_w, g.align_corners, g.half_pixel_centers);
  const int64_t C = g.channels;
  for (int64_t b = 0; b < g.batch; ++b) {
    const T* xb = x + b * g.in_h * g.in_w * C;
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      const Tap<T>& r = rows[oh];
      const T* top = xb + r.lo * g.in_w * C;
      const T* bottom = xb + r.hi * g.in_w * C;
      for (int64_t ow = 0; ow < g.out_w; ++ow, y += C) {
        const Tap<T>& c = cols[ow];
        const T *tl = top + c.lo * C, *tr = top + c.hi * C, *bl = bottom + c.lo * C, *br = bottom + c.hi * C;
        for (int64_t k = 0; k < C; ++k) {
          const T t = tl[k] + (tr[k] - tl[k]) * c.frac;
          const T u = bl[k] + (br[k] - bl[k]) * c.frac;
          y[k] = t + (u - t) * r.frac;
        }
      }
    }
  }
}

template <class T>
void resize_bilinear_grad(const ResizeGeometry& g, const T* dy, T* dx) {
  const auto rows = bilinear_taps<T>(g.in_h, g.out_h, g.align_corners, g.half_pixel_centers);
  const auto cols = bilinear_taps<T>(g.in_w, g.out_w, g.align_corners, g.half_pixel_centers);
  const int64_t C = g.channels;
  std::memset(dx, 0, sizeof(T) * g.batch * g.in_h * g.in_w * C);
  for (int64_t b = 0; b < g.batch; ++b) {
    T* db = dx + b * g.in_h * g.in_w * C;
    for (int64_t oh = 0; oh < g.out_h; ++oh) {
      const Tap<T>& r = rows[oh];
      T* top = db + r.lo * g.in_w * C;
      T* bottom = db + r.hi * g.in_w * C;
      for (int64_t ow = 0; ow < g.out_w; ++ow, dy += C) {
        const Tap<T>& c = cols[ow];
        const T w_tl = (1 - r.frac) * (1 - c.frac), w_tr = (1 - r.frac) * c.frac;
        const T w_bl = r.frac * (1 - c.frac), w_br = r.frac * c.frac;
        T *tl = top + c.lo * C, *tr = top + c.hi * C, *bl = bottom + c.lo * C, *br = bottom + c.hi * C;
        for (int64_t k = 0; k < C; ++k) {
          tl[k] += dy[k] * w_tl;
          tr[k] += dy[k] * w_tr;
          bl[k] += dy[k] * w_bl;
          br[k] += dy[k] * w_br;
        }
      }
    }
  }
}

template <class T>
void resize_nearest(const ResizeGeometry& g, const T* x, T* y) {
  const auto rows = nearest_taps(g.in_h, g.out_h, g.align_corners, g.half_pixel_centers);
  const auto cols = nearest_taps(g.in_w, g.out_w, g.align_corners, g.half_pixel_centers);
  const int64_t C = g.channels;
  for (int64_t b = 0; b < g.batch; ++b) {
    const T* xb = x + b * g.in_h * g.in_w * C;
    for (int64_t oh = 0; oh < g.out_h; ++oh)
      for (int64_t ow = 0; ow < g.out_w; ++ow, y += C)
        std::memcpy(y, xb + (rows[oh] * g.in_w + cols[ow]) * C, sizeof(T) * C);
  }
}

template <class T>
void resize_nearest_grad(const ResizeGeometry& g, const T* dy, T* dx) {
  const auto rows = nearest_taps(g.in_h, g.out_h, g.align_corners, g.half_pixel_centers);
  const auto cols = nearest_taps(g.in_w, g.out_w, g.align_corners, g.half_pixel_centers);
  const int64_t C = g.channels;
  std::memset(dx, 0, sizeof(T) * g.batch * g.in_h * g.in_w * C);
  for (int64_t b = 0; b < g.batch; ++b) {
    T* db = dx + b * g.in_h * g.in_w * C;
    for (int64_t oh = 0; oh < g.out_h; ++oh)
      for (int64_t ow = 0; ow < g.out_w; ++ow, dy += C) {
        T* d = db + (rows[oh] * g.in_w + cols[ow]) * C;
        for (int64_t k = 0; k < C; ++k) d[k] += dy[k];
      }
  }
}

#define TP_RESIZE_INSTANTIATE(T)                                                  \
  template void resize_bilinear<T>(const ResizeGeometry&, const T*, T*);          \
  template void resize_bilinear_grad<T>(const ResizeGeometry&, const T*, T*);     \
  template void resize_nearest<T>(const ResizeGeometry&, const T*, T*);           \
  template void resize_nearest_grad<T>(const ResizeGeometry&, const T*, T*);
TP_RESIZE_INSTANTIATE(float)
TP_RESIZE_INSTANTIATE(double)
#undef TP_RESIZE_INSTANTIATE

}  // namespace tensorpad::kernels
