#include "kernels/conv.h"

#include <algorithm>
#include <cstring>
#include <vector>
#include <xsimd/xsimd.hpp>

#include "kernels/gemm.h"
#include "parallel.h"

namespace tensorpad::kernels {
namespace detail {
namespace {

// im2col chunks hold at most this many elements (512 KB of float): the chunk and the packed
// filter stay in L2 while the GEMM reads them.
constexpr int64_t kColBudget = int64_t{1} << 17;
// Multiply-adds below which a conv is not split among threads.
constexpr int64_t kMinTaskMacs = int64_t{1} << 18;

template <class T>
std::vector<T>& col_scratch() {
  thread_local std::vector<T> buf;
  return buf;
}

template <class T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
          int64_t ldb, T* c, int64_t ldc, bool acc) {
  if constexpr (std::is_same_v<T, float>)
    gemm_f32(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, acc);
  else
    gemm_f64(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, acc);
}

bool pointwise(const ConvGeom& g) {
  return g.k_d == 1 && g.stride_d == 1 && g.pad_front == 0 && g.out_d == g.in_d && g.k_h == 1 &&
         g.k_w == 1 && g.stride_h == 1 && g.stride_w == 1 && g.pad_top == 0 && g.pad_left == 0 &&
         g.out_h == g.in_h && g.out_w == g.in_w;
}

// Depthwise with more than one channel runs the direct loops; one input channel is a plain conv.
bool depthwise(const ConvGeom& g) { return g.groups == g.in_c && g.in_c > 1; }

// Output pixels of all images in row-major (n, z, i, j) order.
struct PixelWalk {
  int64_t n, z, i, j;
  PixelWalk(const ConvGeom& g, int64_t p) {
    int64_t hw = g.out_h * g.out_w;
    n = p / (hw * g.out_d);
    z = (p / hw) % g.out_d;
    i = (p % hw) / g.out_w;
    j = p % g.out_w;
  }
  void next(const ConvGeom& g) {
    if (++j < g.out_w) return;
    j = 0;
    if (++i < g.out_h) return;
    i = 0;
    if (++z < g.out_d) return;
    z = 0;
    ++n;
  }
  // Input depth plane of depth tap e, or -1 when it falls in the padding.
  int64_t plane(const ConvGeom& g, int64_t e) const {
    int64_t iz = z * g.stride_d - g.pad_front + e * g.dil_d;
    return iz < 0 || iz >= g.in_d ? -1 : n * g.in_d + iz;
  }
};

// dst[i] = src[i] for i < n: channel runs are short, and a memcpy call per run costs more than
// the copy in WASM.
template <class T>
inline void copy_run(int64_t n, const T* src, T* dst) {
  int64_t i = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using V = xsimd::batch<T>;
  constexpr int64_t W = V::size;
  for (; i + W <= n; i += W) V::load_unaligned(src + i).store_unaligned(dst + i);
#endif
  for (; i < n; ++i) dst[i] = src[i];
}

// col[r, (a * k_w + b) * cg + ci] = x[n, ih, iw, c0 + ci] for output pixel p0 + r (0 outside).
template <class T>
void im2col(const ConvGeom& g, const T* x, int64_t p0, int64_t rows, int64_t c0, int64_t cg,
            T* col) {
  const int64_t K = g.k_d * g.k_h * g.k_w * cg;
  PixelWalk pw(g, p0);
  for (int64_t r = 0; r < rows; ++r, pw.next(g)) {
    T* dst = col + r * K;
    for (int64_t e = 0; e < g.k_d; ++e) {
      const int64_t plane = pw.plane(g, e);
      for (int64_t a = 0; a < g.k_h; ++a) {
        int64_t ih = pw.i * g.stride_h - g.pad_top + a * g.dil_h;
        if (plane < 0 || ih < 0 || ih >= g.in_h) {
          std::memset(dst, 0, sizeof(T) * g.k_w * cg);
          dst += g.k_w * cg;
          continue;
        }
        const T* xrow = x + ((plane * g.in_h + ih) * g.in_w) * g.in_c + c0;
        for (int64_t b = 0; b < g.k_w; ++b, dst += cg) {
          int64_t iw = pw.j * g.stride_w - g.pad_left + b * g.dil_w;
          if (iw < 0 || iw >= g.in_w)
            std::memset(dst, 0, sizeof(T) * cg);
          else
            copy_run(cg, xrow + iw * g.in_c, dst);
        }
      }
    }
  }
}

// acc[i] += a[i] * b[i] for i < n.
template <class T>
void madd(int64_t n, const T* a, const T* b, T* acc) {
  int64_t i = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using V = xsimd::batch<T>;
  constexpr int64_t W = V::size;
  for (; i + W <= n; i += W)
    (V::load_unaligned(acc + i) + V::load_unaligned(a + i) * V::load_unaligned(b + i))
        .store_unaligned(acc + i);
#endif
  for (; i < n; ++i) acc[i] += a[i] * b[i];
}

// acc[i] += a[i] for i < n.
template <class T>
void add_into(int64_t n, const T* a, T* acc) {
  int64_t i = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using V = xsimd::batch<T>;
  constexpr int64_t W = V::size;
  for (; i + W <= n; i += W)
    (V::load_unaligned(acc + i) + V::load_unaligned(a + i)).store_unaligned(acc + i);
#endif
  for (; i < n; ++i) acc[i] += a[i];
}

// The adjoint of im2col: dx[n, ih, iw, c0 + ci] += col[r, (a * k_w + b) * cg + ci].
template <class T>
void col2im_add(const ConvGeom& g, const T* col, int64_t p0, int64_t rows, int64_t c0, int64_t cg,
                T* dx) {
  const int64_t K = g.k_d * g.k_h * g.k_w * cg;
  PixelWalk pw(g, p0);
  for (int64_t r = 0; r < rows; ++r, pw.next(g)) {
    const T* src = col + r * K;
    for (int64_t e = 0; e < g.k_d; ++e) {
      const int64_t plane = pw.plane(g, e);
      for (int64_t a = 0; a < g.k_h; ++a) {
        int64_t ih = pw.i * g.stride_h - g.pad_top + a * g.dil_h;
        if (plane < 0 || ih < 0 || ih >= g.in_h) {
          src += g.k_w * cg;
          continue;
        }
        T* drow = dx + ((plane * g.in_h + ih) * g.in_w) * g.in_c + c0;
        for (int64_t b = 0; b < g.k_w; ++b, src += cg) {
          int64_t iw = pw.j * g.stride_w - g.pad_left + b * g.dil_w;
          if (iw >= 0 && iw < g.in_w) add_into(cg, src, drow + iw * g.in_c);
        }
      }
    }
  }
}

template <class T>
void epilogue(const ConvEpilogue& ep, int64_t rows, int64_t out_c, T* y) {
  if (ep.bias) {
    const T* bias = static_cast<const T*>(ep.bias);
    for (int64_t r = 0; r < rows; ++r) add_into(out_c, bias, y + r * out_c);
  }
  if (ep.has_activation) unary<T>(ep.activation, rows * out_c, y, 1, y, 1, ep.params);
}

// Pixels per chunk: the im2col buffer stays within kColBudget (at least a few GEMM row tiles).
int64_t chunk_rows(const ConvGeom& g, int64_t K) {
  int64_t pixels = g.batch * g.out_d * g.out_h * g.out_w;
  return std::max<int64_t>(
      1, std::min(pixels, std::max<int64_t>(16, kColBudget / std::max<int64_t>(K, 1))));
}

// Depthwise forward: each output pixel accumulates its taps in registers, a block of channels at
// a time. Filter rows are [k_h * k_w][out_c]; with multiplier m, output channel c * m + q reads
// input channel c.
template <class T>
void depthwise_forward(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep) {
  const int64_t C = g.in_c, M = g.out_c / g.groups, OC = g.out_c;
  const int64_t step = g.dil_w * C;  // input distance between horizontal taps
  // Per output row: the input rows its valid (depth, height) taps read, and their filter rows;
  // per pixel only the horizontal tap range changes (at the left and right borders).
  std::vector<const T*> xrows, wrows;
  xrows.reserve(g.k_d * g.k_h);
  wrows.reserve(g.k_d * g.k_h);
  T* yr = y;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t z = 0; z < g.out_d; ++z)
      for (int64_t i = 0; i < g.out_h; ++i) {
        xrows.clear();
        wrows.clear();
        for (int64_t e = 0; e < g.k_d; ++e) {
          int64_t iz = z * g.stride_d - g.pad_front + e * g.dil_d;
          if (iz < 0 || iz >= g.in_d) continue;
          for (int64_t a = 0; a < g.k_h; ++a) {
            int64_t ih = i * g.stride_h - g.pad_top + a * g.dil_h;
            if (ih < 0 || ih >= g.in_h) continue;
            xrows.push_back(x + ((n * g.in_d + iz) * g.in_h + ih) * g.in_w * C);
            wrows.push_back(w + (e * g.k_h + a) * g.k_w * OC);
          }
        }
        const int rows = static_cast<int>(xrows.size());
        T* const row_start = yr;
        for (int64_t j = 0; j < g.out_w; ++j, yr += OC) {
          // Horizontal taps [b0, b1) that land inside the input.
          const int64_t iw0 = j * g.stride_w - g.pad_left;
          const int64_t b0 = iw0 >= 0 ? 0 : (-iw0 + g.dil_w - 1) / g.dil_w;
          const int64_t b1 =
              iw0 > g.in_w - 1 ? 0 : std::min(g.k_w, (g.in_w - 1 - iw0) / g.dil_w + 1);
          const int64_t xoff = (iw0 + b0 * g.dil_w) * C, woff = b0 * OC;
          if (M == 1) {
            int64_t c = 0;
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
            using V = xsimd::batch<T>;
            constexpr int64_t W = V::size;
            for (; c + 4 * W <= C; c += 4 * W) {
              V a0(T(0)), a1(T(0)), a2(T(0)), a3(T(0));
              for (int r = 0; r < rows; ++r) {
                const T* xp = xrows[r] + xoff + c;
                const T* wp = wrows[r] + woff + c;
                for (int64_t b = b0; b < b1; ++b, xp += step, wp += OC) {
                  a0 += V::load_unaligned(xp) * V::load_unaligned(wp);
                  a1 += V::load_unaligned(xp + W) * V::load_unaligned(wp + W);
                  a2 += V::load_unaligned(xp + 2 * W) * V::load_unaligned(wp + 2 * W);
                  a3 += V::load_unaligned(xp + 3 * W) * V::load_unaligned(wp + 3 * W);
                }
              }
              a0.store_unaligned(yr + c);
              a1.store_unaligned(yr + c + W);
              a2.store_unaligned(yr + c + 2 * W);
              a3.store_unaligned(yr + c + 3 * W);
            }
            for (; c + W <= C; c += W) {
              V a0(T(0));
              for (int r = 0; r < rows; ++r) {
                const T* xp = xrows[r] + xoff + c;
                const T* wp = wrows[r] + woff + c;
                for (int64_t b = b0; b < b1; ++b, xp += step, wp += OC)
                  a0 += V::load_unaligned(xp) * V::load_unaligned(wp);
              }
              a0.store_unaligned(yr + c);
            }
#endif
            for (; c < C; ++c) {
              T s = 0;
              for (int r = 0; r < rows; ++r) {
                const T* xp = xrows[r] + xoff + c;
                const T* wp = wrows[r] + woff + c;
                for (int64_t b = b0; b < b1; ++b, xp += step, wp += OC) s += *xp * *wp;
              }
              yr[c] = s;
            }
          } else {
            std::fill(yr, yr + OC, T(0));
            for (int r = 0; r < rows; ++r) {
              const T* xp = xrows[r] + xoff;
              const T* wp = wrows[r] + woff;
              for (int64_t b = b0; b < b1; ++b, xp += step, wp += OC)
                for (int64_t c = 0; c < C; ++c) {
                  const T xv = xp[c];
                  for (int64_t q = 0; q < M; ++q) yr[c * M + q] += xv * wp[c * M + q];
                }
            }
          }
        }
        epilogue(ep, g.out_w, OC, row_start);
      }
}

// Calls f(x_offset, filter_row_offset) for every valid tap of every output pixel p, with the
// pixel's offset into the [pixels, out_c] output.
template <class F>
void for_each_tap(const ConvGeom& g, F&& f) {
  const int64_t pixels = g.batch * g.out_d * g.out_h * g.out_w;
  PixelWalk pw(g, 0);
  for (int64_t p = 0; p < pixels; ++p, pw.next(g))
    for (int64_t e = 0; e < g.k_d; ++e) {
      const int64_t plane = pw.plane(g, e);
      if (plane < 0) continue;
      for (int64_t a = 0; a < g.k_h; ++a) {
        int64_t ih = pw.i * g.stride_h - g.pad_top + a * g.dil_h;
        if (ih < 0 || ih >= g.in_h) continue;
        for (int64_t b = 0; b < g.k_w; ++b) {
          int64_t iw = pw.j * g.stride_w - g.pad_left + b * g.dil_w;
          if (iw < 0 || iw >= g.in_w) continue;
          f(((plane * g.in_h + ih) * g.in_w + iw) * g.in_c, ((e * g.k_h + a) * g.k_w + b) * g.out_c,
            p * g.out_c);
        }
      }
    }
}

template <class T>
void depthwise_backprop_input(const ConvGeom& g, const T* dy, const T* w, T* dx) {
  const int64_t C = g.in_c, M = g.out_c / g.groups;
  std::fill(dx, dx + g.batch * g.in_d * g.in_h * g.in_w * C, T(0));
  for_each_tap(g, [&](int64_t xo, int64_t wo, int64_t yo) {
    if (M == 1) {
      madd(C, dy + yo, w + wo, dx + xo);
      return;
    }
    for (int64_t c = 0; c < C; ++c) {
      T s = 0;
      for (int64_t q = 0; q < M; ++q) s += dy[yo + c * M + q] * w[wo + c * M + q];
      dx[xo + c] += s;
    }
  });
}

template <class T>
void depthwise_backprop_filter(const ConvGeom& g, const T* x, const T* dy, T* dw) {
  const int64_t C = g.in_c, M = g.out_c / g.groups;
  std::fill(dw, dw + g.k_d * g.k_h * g.k_w * g.out_c, T(0));
  for_each_tap(g, [&](int64_t xo, int64_t wo, int64_t yo) {
    if (M == 1) {
      madd(C, x + xo, dy + yo, dw + wo);
      return;
    }
    for (int64_t c = 0; c < C; ++c) {
      const T xv = x[xo + c];
      for (int64_t q = 0; q < M; ++q) dw[wo + c * M + q] += xv * dy[yo + c * M + q];
    }
  });
}

}  // namespace
}  // namespace detail

template <class T>
void conv2d(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep) {
  using namespace detail;
  const int64_t pixels = g.batch * g.out_d * g.out_h * g.out_w;
  if (pixels == 0 || g.out_c == 0) return;
  if (depthwise(g)) return depthwise_forward(g, x, w, y, ep);
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups, K = g.k_d * g.k_h * g.k_w * cg;
  const bool pw = pointwise(g);
  const int64_t chunk = chunk_rows(g, K);
  // Chunks write disjoint rows of y: with at least one per thread, threads take whole chunks
  // (each with its own im2col scratch); otherwise the GEMMs split.
  const int64_t chunks = (pixels + chunk - 1) / chunk;
  const bool split = parallel::task_count(pixels * K * g.out_c / g.groups, kMinTaskMacs) > 1 &&
                     chunks >= parallel::threads();
  parallel::for_tasks(split ? chunks : 1, [&](int64_t task) {
  std::vector<T>& col = col_scratch<T>();
  if (!pw && col.size() < static_cast<size_t>(chunk * K)) col.resize(chunk * K);
  for (int64_t p0 = split ? task * chunk : 0; p0 < pixels; p0 += chunk) {
    const int64_t rows = std::min(chunk, pixels - p0);
    T* yc = y + p0 * g.out_c;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      const T* wg = w + grp * og;
      if (pw) {
        gemm(false, false, rows, og, cg, x + p0 * g.in_c + grp * cg, g.in_c, wg, g.out_c,
             yc + grp * og, g.out_c, false);
      } else {
        im2col(g, x, p0, rows, grp * cg, cg, col.data());
        gemm(false, false, rows, og, K, col.data(), K, wg, g.out_c, yc + grp * og, g.out_c, false);
      }
    }
    epilogue(ep, rows, g.out_c, yc);
    if (split) break;
  }
  });
}

template <class T>
void conv2d_backprop_input(const ConvGeom& g, const T* dy, const T* w, T* dx) {
  using namespace detail;
  const int64_t in_size = g.batch * g.in_d * g.in_h * g.in_w * g.in_c;
  if (in_size == 0) return;
  if (depthwise(g)) return depthwise_backprop_input(g, dy, w, dx);
  const int64_t pixels = g.batch * g.out_d * g.out_h * g.out_w;
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups, K = g.k_d * g.k_h * g.k_w * cg;
  const bool pw = pointwise(g);
  if (!pw || og == 0) std::fill(dx, dx + in_size, T(0));
  if (pixels == 0 || og == 0) return;
  const int64_t chunk = chunk_rows(g, K);
  std::vector<T>& col = col_scratch<T>();
  if (!pw && col.size() < static_cast<size_t>(chunk * K)) col.resize(chunk * K);
  for (int64_t p0 = 0; p0 < pixels; p0 += chunk) {
    const int64_t rows = std::min(chunk, pixels - p0);
    const T* dyc = dy + p0 * g.out_c;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      const T* wg = w + grp * og;
      if (pw) {
        gemm(false, true, rows, cg, og, dyc + grp * og, g.out_c, wg, g.out_c,
             dx + p0 * g.in_c + grp * cg, g.in_c, false);
      } else {
        gemm(false, true, rows, K, og, dyc + grp * og, g.out_c, wg, g.out_c, col.data(), K, false);
        col2im_add(g, col.data(), p0, rows, grp * cg, cg, dx);
      }
    }
  }
}

template <class T>
void conv2d_backprop_filter(const ConvGeom& g, const T* x, const T* dy, T* dw) {
  using namespace detail;
  const int64_t w_size = g.k_d * g.k_h * g.k_w * (g.in_c / g.groups) * g.out_c;
  if (w_size == 0) return;
  if (depthwise(g)) return depthwise_backprop_filter(g, x, dy, dw);
  const int64_t pixels = g.batch * g.out_d * g.out_h * g.out_w;
  if (pixels == 0) {
    std::fill(dw, dw + w_size, T(0));
    return;
  }
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups, K = g.k_d * g.k_h * g.k_w * cg;
  const bool pw = pointwise(g);
  const int64_t chunk = chunk_rows(g, K);
  std::vector<T>& col = col_scratch<T>();
  if (!pw && col.size() < static_cast<size_t>(chunk * K)) col.resize(chunk * K);
  for (int64_t p0 = 0; p0 < pixels; p0 += chunk) {
    const int64_t rows = std::min(chunk, pixels - p0);
    const T* dyc = dy + p0 * g.out_c;
    for (int64_t grp = 0; grp < g.groups; ++grp) {
      T* dwg = dw + grp * og;
      if (pw) {
        gemm(true, false, cg, og, rows, x + p0 * g.in_c + grp * cg, g.in_c, dyc + grp * og, g.out_c,
             dwg, g.out_c, p0 > 0);
      } else {
        im2col(g, x, p0, rows, grp * cg, cg, col.data());
        gemm(true, false, K, og, rows, col.data(), K, dyc + grp * og, g.out_c, dwg, g.out_c,
             p0 > 0);
      }
    }
  }
}

// References: the defining sum, visited per output element.
namespace detail {
namespace {
template <class F>
void ref_sum(const ConvGeom& g, F&& f) {
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups;
  for (int64_t n = 0; n < g.batch; ++n)
    for (int64_t z = 0; z < g.out_d; ++z)
      for (int64_t i = 0; i < g.out_h; ++i)
        for (int64_t j = 0; j < g.out_w; ++j)
          for (int64_t o = 0; o < g.out_c; ++o)
            for (int64_t e = 0; e < g.k_d; ++e)
              for (int64_t a = 0; a < g.k_h; ++a)
                for (int64_t b = 0; b < g.k_w; ++b)
                  for (int64_t ci = 0; ci < cg; ++ci) {
                    int64_t iz = z * g.stride_d - g.pad_front + e * g.dil_d;
                    int64_t ih = i * g.stride_h - g.pad_top + a * g.dil_h;
                    int64_t iw = j * g.stride_w - g.pad_left + b * g.dil_w;
                    if (iz < 0 || iz >= g.in_d || ih < 0 || ih >= g.in_h || iw < 0 || iw >= g.in_w)
                      continue;
                    int64_t c = (o / og) * cg + ci;
                    f((((n * g.in_d + iz) * g.in_h + ih) * g.in_w + iw) * g.in_c + c,
                      (((e * g.k_h + a) * g.k_w + b) * cg + ci) * g.out_c + o,
                      (((n * g.out_d + z) * g.out_h + i) * g.out_w + j) * g.out_c + o);
                  }
}
}  // namespace
}  // namespace detail

template <class T>
void conv2d_ref(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep) {
  const int64_t ys = g.batch * g.out_d * g.out_h * g.out_w * g.out_c;
  std::vector<double> acc(ys, 0.0);
  detail::ref_sum(
      g, [&](int64_t xi, int64_t wi, int64_t yi) { acc[yi] += double(x[xi]) * double(w[wi]); });
  for (int64_t k = 0; k < ys; ++k) {
    double v = acc[k];
    if (ep.bias) v += double(static_cast<const T*>(ep.bias)[k % g.out_c]);
    // Rounded to T first, as the kernel applies the activation to the stored sum.
    if (ep.has_activation) v = unary_scalar(ep.activation, double(T(v)), ep.params);
    y[k] = static_cast<T>(v);
  }
}

template <class T>
void conv2d_backprop_input_ref(const ConvGeom& g, const T* dy, const T* w, T* dx) {
  std::vector<double> acc(g.batch * g.in_d * g.in_h * g.in_w * g.in_c, 0.0);
  detail::ref_sum(
      g, [&](int64_t xi, int64_t wi, int64_t yi) { acc[xi] += double(dy[yi]) * double(w[wi]); });
  for (size_t k = 0; k < acc.size(); ++k) dx[k] = static_cast<T>(acc[k]);
}

template <class T>
void conv2d_backprop_filter_ref(const ConvGeom& g, const T* x, const T* dy, T* dw) {
  std::vector<double> acc(g.k_d * g.k_h * g.k_w * (g.in_c / g.groups) * g.out_c, 0.0);
  detail::ref_sum(
      g, [&](int64_t xi, int64_t wi, int64_t yi) { acc[wi] += double(x[xi]) * double(dy[yi]); });
  for (size_t k = 0; k < acc.size(); ++k) dw[k] = static_cast<T>(acc[k]);
}

#define TP_CONV_INSTANTIATE(T)                                                               \
  template void conv2d<T>(const ConvGeom&, const T*, const T*, T*, const ConvEpilogue&);     \
  template void conv2d_backprop_input<T>(const ConvGeom&, const T*, const T*, T*);           \
  template void conv2d_backprop_filter<T>(const ConvGeom&, const T*, const T*, T*);          \
  template void conv2d_ref<T>(const ConvGeom&, const T*, const T*, T*, const ConvEpilogue&); \
  template void conv2d_backprop_input_ref<T>(const ConvGeom&, const T*, const T*, T*);       \
  template void conv2d_backprop_filter_ref<T>(const ConvGeom&, const T*, const T*, T*);
TP_CONV_INSTANTIATE(float)
TP_CONV_INSTANTIATE(double)
#undef TP_CONV_INSTANTIATE

}  // namespace tensorpad::kernels
