#include "kernels/pool.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "parallel.h"

namespace tensorpad::kernels {
namespace {

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class T>
constexpr bool kSimd = false;
#else
template <class T>
constexpr bool kSimd = std::is_same_v<T, float> || std::is_same_v<T, double>;
#endif

// The cells of window `o` along spatial axis a that lie inside x: [lo, hi), maybe empty.
struct Span {
  int64_t lo, hi;
};
inline Span span(const PoolGeometry& g, int a, int64_t o) {
  const int64_t start = o * g.stride[a] - g.pad_before[a];
  return {std::max<int64_t>(0, start), std::min(g.in[a], start + g.window[a])};
}

// Pooling over fewer input elements than this stays on one thread.
constexpr int64_t kMinTaskElements = int64_t(1) << 15;

// Calls body(b0, b1) for ranges of images that cover the batch, on the pool when it is large.
// Every window reads and writes within one image, so the split never changes a result.
template <class F>
void for_images(const PoolGeometry& g, F&& body) {
  parallel::for_range(g.batch, g.in[0] * g.in[1] * g.in[2] * g.channels, kMinTaskElements, 1, body);
}

// Calls f(out_pos, in_batch_base, sd, sh, sw) for every output pixel of images [b0, b1), where
// out_pos and in_batch_base are pixel (not element) positions of y and of x's batch start.
template <class F>
void for_each_window(const PoolGeometry& g, int64_t b0, int64_t b1, F&& f) {
  const int64_t in_pixels = g.in[0] * g.in[1] * g.in[2];
  int64_t out_pos = b0 * g.out[0] * g.out[1] * g.out[2];
  for (int64_t b = b0; b < b1; ++b)
    for (int64_t od = 0; od < g.out[0]; ++od) {
      const Span sd = span(g, 0, od);
      for (int64_t oh = 0; oh < g.out[1]; ++oh) {
        const Span sh = span(g, 1, oh);
        for (int64_t ow = 0; ow < g.out[2]; ++ow, ++out_pos) f(out_pos, b * in_pixels, sd, sh, span(g, 2, ow));
      }
    }
}

// Calls cell(pixel) for each pixel position of x inside the window, in row-major order.
template <class F>
inline void for_each_cell(const PoolGeometry& g, int64_t base, Span sd, Span sh, Span sw, F&& cell) {
  for (int64_t d = sd.lo; d < sd.hi; ++d)
    for (int64_t h = sh.lo; h < sh.hi; ++h) {
      const int64_t row = base + (d * g.in[1] + h) * g.in[2];
      for (int64_t w = sw.lo; w < sw.hi; ++w) cell(row + w);
    }
}

inline int64_t cell_count(Span sd, Span sh, Span sw) {
  auto n = [](Span s) { return std::max<int64_t>(0, s.hi - s.lo); };
  return n(sd) * n(sh) * n(sw);
}

// m replaced by v where v is larger or v is the first NaN (m not NaN yet).
template <class T>
inline bool takes(T v, T m) {
  return v > m || (v != v && m == m);
}

template <class T, bool Simd>
void max_pool_impl(const PoolGeometry& g, const T* x, T* y) {
  const int64_t C = g.channels;
  const T lowest = -std::numeric_limits<T>::infinity();
  for_images(g, [&](int64_t b0, int64_t b1) {
    for_each_window(g, b0, b1, [&](int64_t o, int64_t base, Span sd, Span sh, Span sw) {
      T* out = y + o * C;
      int64_t c = 0;
      if constexpr (Simd) {
        using V = xsimd::batch<T>;
        constexpr int64_t W = V::size;
        for (; c + W <= C; c += W) {
          V m(lowest);
          for_each_cell(g, base, sd, sh, sw, [&](int64_t p) {
            const V v = V::load_unaligned(x + p * C + c);
            m = xsimd::select((v > m) | (xsimd::isnan(v) & !xsimd::isnan(m)), v, m);
          });
          m.store_unaligned(out + c);
        }
      }
      for (; c < C; ++c) {
        T m = lowest;
        for_each_cell(g, base, sd, sh, sw, [&](int64_t p) {
          const T v = x[p * C + c];
          if (takes(v, m)) m = v;
        });
        out[c] = m;
      }
    });
  });
}

template <class T, bool Simd>
void avg_pool_impl(const PoolGeometry& g, const T* x, T* y) {
  const int64_t C = g.channels;
  for_images(g, [&](int64_t b0, int64_t b1) {
    for_each_window(g, b0, b1, [&](int64_t o, int64_t base, Span sd, Span sh, Span sw) {
      T* out = y + o * C;
      const T inv = T(1) / static_cast<T>(cell_count(sd, sh, sw));  // inf for an empty window
      int64_t c = 0;
      if constexpr (Simd) {
        using V = xsimd::batch<T>;
        constexpr int64_t W = V::size;
        for (; c + W <= C; c += W) {
          V s(T(0));
          for_each_cell(g, base, sd, sh, sw,
                        [&](int64_t p) { s += V::load_unaligned(x + p * C + c); });
          (s * V(inv)).store_unaligned(out + c);
        }
      }
      for (; c < C; ++c) {
        T s = 0;
        for_each_cell(g, base, sd, sh, sw, [&](int64_t p) { s += x[p * C + c]; });
        out[c] = s * inv;
      }
    });
  });
}

}  // namespace

template <class T>
void max_pool(const PoolGeometry& g, const T* x, T* y) {
  max_pool_impl<T, kSimd<T>>(g, x, y);
}
template <class T>
void max_pool_scalar(const PoolGeometry& g, const T* x, T* y) {
  max_pool_impl<T, false>(g, x, y);
}

template <class T>
void max_pool_argmax(const PoolGeometry& g, const T* x, bool include_batch, T* y, int32_t* arg) {
  const int64_t C = g.channels;
  for_images(g, [&](int64_t b0, int64_t b1) {
    std::vector<int64_t> best(static_cast<size_t>(C));
    for_each_window(g, b0, b1, [&](int64_t o, int64_t base, Span sd, Span sh, Span sw) {
      T* out = y + o * C;
      std::fill(out, out + C, -std::numeric_limits<T>::infinity());
      std::fill(best.begin(), best.end(), int64_t{-1});
      for_each_cell(g, base, sd, sh, sw, [&](int64_t p) {
        const T* v = x + p * C;
        for (int64_t c = 0; c < C; ++c)
          if (takes(v[c], out[c]) || best[c] < 0) out[c] = v[c], best[c] = p;
      });
      const int64_t shift = include_batch ? 0 : base;
      for (int64_t c = 0; c < C; ++c)
        arg[o * C + c] = best[c] < 0 ? -1 : static_cast<int32_t>((best[c] - shift) * C + c);
    });
  });
}

template <class T>
void max_pool_grad(const PoolGeometry& g, const T* x, const T* dy, T* dx) {
  const int64_t C = g.channels, image = g.in[0] * g.in[1] * g.in[2] * C;
  for_images(g, [&](int64_t b0, int64_t b1) {
    std::memset(dx + b0 * image, 0, sizeof(T) * (b1 - b0) * image);
    std::vector<T> m(static_cast<size_t>(C));
    std::vector<int64_t> best(static_cast<size_t>(C)), cells;
    for_each_window(g, b0, b1, [&](int64_t o, int64_t base, Span sd, Span sh, Span sw) {
      const T* gy = dy + o * C;
      int64_t c = 0;
      if constexpr (kSimd<T>) {
        // A vector of channels at a time: the running maximum and the ordinal of the cell that
        // holds it (exact in T for any window that fits in memory), picked as the scalar loop
        // below picks them; then one scattered add per channel.
        using V = xsimd::batch<T>;
        constexpr int64_t W = V::size;
        cells.clear();
        for_each_cell(g, base, sd, sh, sw, [&](int64_t p) { cells.push_back(p); });
        const size_t n = cells.size();
        if (n > 0) {
          alignas(64) T which[W];
          for (; c + W <= C; c += W) {
            V mv = V::load_unaligned(x + cells[0] * C + c), k(T(0));
            for (size_t q = 1; q < n; ++q) {
              const V v = V::load_unaligned(x + cells[q] * C + c);
              const auto take = (v > mv) | (xsimd::isnan(v) & !xsimd::isnan(mv));
              mv = xsimd::select(take, v, mv);
              k = xsimd::select(take, V(static_cast<T>(q)), k);
            }
            k.store_aligned(which);
            for (int64_t j = 0; j < W; ++j)
              dx[cells[static_cast<size_t>(which[j])] * C + c + j] += gy[c + j];
          }
        }
      }
      if (c == C) return;
      std::fill(best.begin() + c, best.end(), int64_t{-1});
      for_each_cell(g, base, sd, sh, sw, [&](int64_t p) {
        const T* v = x + p * C;
        for (int64_t ch = c; ch < C; ++ch)
          if (best[ch] < 0 || takes(v[ch], m[ch])) m[ch] = v[ch], best[ch] = p;
      });
      for (int64_t ch = c; ch < C; ++ch)
        if (best[ch] >= 0) dx[best[ch] * C + ch] += gy[ch];
    });
  });
}

template <class T>
void avg_pool(const PoolGeometry& g, const T* x, T* y) {
  avg_pool_impl<T, kSimd<T>>(g, x, y);
}
template <class T>
void avg_pool_scalar(const PoolGeometry& g, const T* x, T* y) {
  avg_pool_impl<T, false>(g, x, y);
}

template <class T>
void avg_pool_grad(const PoolGeometry& g, const T* dy, T* dx) {
  const int64_t C = g.channels, image = g.in[0] * g.in[1] * g.in[2] * C;
  for_images(g, [&](int64_t b0, int64_t b1) {
    std::memset(dx + b0 * image, 0, sizeof(T) * (b1 - b0) * image);
    for_each_window(g, b0, b1, [&](int64_t o, int64_t base, Span sd, Span sh, Span sw) {
      const int64_t n = cell_count(sd, sh, sw);
      if (n == 0) return;
      const T inv = T(1) / static_cast<T>(n);
      const T* gy = dy + o * C;
      for_each_cell(g, base, sd, sh, sw, [&](int64_t p) {
        T* d = dx + p * C;
        int64_t c = 0;
        if constexpr (kSimd<T>) {
          using V = xsimd::batch<T>;
          constexpr int64_t W = V::size;
          for (; c + W <= C; c += W)
            (V::load_unaligned(d + c) + V::load_unaligned(gy + c) * V(inv)).store_unaligned(d + c);
        }
        for (; c < C; ++c) d[c] += gy[c] * inv;
      });
    });
  });
}

#define TP_POOL_INSTANTIATE(T)                                                              \
  template void max_pool<T>(const PoolGeometry&, const T*, T*);                             \
  template void max_pool_scalar<T>(const PoolGeometry&, const T*, T*);                      \
  template void max_pool_argmax<T>(const PoolGeometry&, const T*, bool, T*, int32_t*);      \
  template void max_pool_grad<T>(const PoolGeometry&, const T*, const T*, T*);              \
  template void avg_pool<T>(const PoolGeometry&, const T*, T*);                             \
  template void avg_pool_scalar<T>(const PoolGeometry&, const T*, T*);                      \
  template void avg_pool_grad<T>(const PoolGeometry&, const T*, T*);
#ifdef TENSORPAD_KERNELS_F64
TP_POOL_INSTANTIATE(double)  // pool_f64.cpp
#else
TP_POOL_INSTANTIATE(float)
#endif
#undef TP_POOL_INSTANTIATE

}  // namespace tensorpad::kernels
