#include "kernels/conv.h"

#include <algorithm>
#include <cstdint>
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


// Direct kernels for few input channels (the first layer of an image model has 1-3, LeNet's
// second 6). With K = k_h * k_w * in_c this small, im2col + the packed GEMM spends more on copying
// and packing than on arithmetic. Instead each image is copied once into a zero-padded scratch
// (cheap with so few channels), so that every tap of every output pixel is in bounds, and a
// register tile of kDirectRows pixels x 2 vectors of output channels reads the input through a
// table of tap offsets and the filter rows straight from memory. The filter is copied with its
// channels padded to a whole number of tiles, so no tile has a channel tail. Measured in WASM
// (bench/conv.mjs and 3x3/5x5 training shapes): 1.2-2x the GEMM path up to 8 input channels,
// even at 12-16, behind it at 32+.
constexpr int64_t kDirectMaxChannels = 8;
constexpr int kDirectRows = 4;

bool direct_small_c(const ConvGeom& g) {
  return g.groups == 1 && g.in_c <= kDirectMaxChannels && g.k_d == 1 && g.in_d == 1 &&
         g.out_d == 1;
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class T>
constexpr int64_t kDirectTile = 2 * xsimd::batch<T>::size;
#else
template <class T>
constexpr int64_t kDirectTile = 8;
#endif

// One image's input with its padding made explicit: rows [0, h) x cols [0, w) cover every tap.
template <class T>
struct PaddedImage {
  const T* data;
  int64_t h, w;  // padded extents (row stride w * in_c)
};

// Padded extents that cover the last output's taps, and whether x can be read as it is.
struct PadPlan {
  int64_t h, w;
  bool copy;
};
PadPlan pad_plan(const ConvGeom& g) {
  const int64_t need_h = (g.out_h - 1) * g.stride_h + (g.k_h - 1) * g.dil_h + 1;
  const int64_t need_w = (g.out_w - 1) * g.stride_w + (g.k_w - 1) * g.dil_w + 1;
  const bool copy = g.pad_top > 0 || g.pad_left > 0 || need_h > g.in_h || need_w > g.in_w;
  return {copy ? need_h : g.in_h, copy ? need_w : g.in_w, copy};
}

template <class T>
PaddedImage<T> padded_image(const ConvGeom& g, const PadPlan& pp, const T* x, int64_t n,
                            std::vector<T>& buf) {
  const int64_t C = g.in_c;
  const T* img = x + n * g.in_h * g.in_w * C;
  if (!pp.copy) return {img, pp.h, pp.w};
  buf.assign(pp.h * pp.w * C, T(0));
  // Input column iw lands at iw + pad_left; only the columns and rows inside the extents count.
  const int64_t w0 = std::max<int64_t>(0, -g.pad_left), w1 = std::min(g.in_w, pp.w - g.pad_left);
  for (int64_t ih = std::max<int64_t>(0, -g.pad_top); ih < g.in_h && ih + g.pad_top < pp.h; ++ih)
    if (w1 > w0)
      copy_run((w1 - w0) * C, img + (ih * g.in_w + w0) * C,
               buf.data() + ((ih + g.pad_top) * pp.w + w0 + g.pad_left) * C);
  return {buf.data(), pp.h, pp.w};
}

// Offsets into the padded image of tap t = (a * k_w + b) * in_c + ci, from a pixel's window corner.
std::vector<int64_t> tap_offsets(const ConvGeom& g, int64_t padded_w) {
  std::vector<int64_t> off;
  off.reserve(g.k_h * g.k_w * g.in_c);
  for (int64_t a = 0; a < g.k_h; ++a)
    for (int64_t b = 0; b < g.k_w; ++b)
      for (int64_t ci = 0; ci < g.in_c; ++ci)
        off.push_back((a * g.dil_h * padded_w + b * g.dil_w) * g.in_c + ci);
  return off;
}

// y[r, 0:kDirectTile] = sum over t of x[r * xstep + off[t]] * w[t, 0:kDirectTile] for r < R;
// w rows are ldw apart, aligned; y rows ldy apart.
template <class T, int R>
inline void direct_tile_forward(int64_t K, const int64_t* off, const T* x, int64_t xstep,
                                const T* w, int64_t ldw, T* y, int64_t ldy) {
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using V = xsimd::batch<T>;
  constexpr int64_t W = V::size;
  V a0[R], a1[R];
  for (int r = 0; r < R; ++r) a0[r] = a1[r] = V(T(0));
  for (int64_t t = 0; t < K; ++t, w += ldw) {
    const V w0 = V::load_aligned(w), w1 = V::load_aligned(w + W);
    const T* xt = x + off[t];
    for (int r = 0; r < R; ++r) {
      const V xv(xt[r * xstep]);
      a0[r] += xv * w0;
      a1[r] += xv * w1;
    }
  }
  for (int r = 0; r < R; ++r) {
    a0[r].store_unaligned(y + r * ldy);
    a1[r].store_unaligned(y + r * ldy + W);
  }
#else
  for (int r = 0; r < R; ++r)
    for (int64_t o = 0; o < kDirectTile<T>; ++o) {
      T s = 0;
      for (int64_t t = 0; t < K; ++t) s += x[r * xstep + off[t]] * w[t * ldw + o];
      y[r * ldy + o] = s;
    }
#endif
}

// n zeros in buf, 64-byte aligned.
template <class T>
T* aligned_zeros(int64_t n, std::vector<T>& buf) {
  buf.assign(n + 64 / sizeof(T), T(0));
  T* p = buf.data();
  while (reinterpret_cast<uintptr_t>(p) % 64) ++p;
  return p;
}

// The filter [K, out_c] with out_c padded by zeros to ocp (a multiple of the tile), aligned.
template <class T>
const T* padded_filter(int64_t K, int64_t out_c, int64_t ocp, const T* w, std::vector<T>& buf) {
  T* p = aligned_zeros(K * ocp, buf);
  for (int64_t t = 0; t < K; ++t) std::copy(w + t * out_c, w + (t + 1) * out_c, p + t * ocp);
  return p;
}

template <class T>
void direct_forward(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep) {
  constexpr int64_t NT = kDirectTile<T>;
  const int64_t C = g.in_c, OC = g.out_c, K = g.k_h * g.k_w * C;
  const int64_t ocp = (OC + NT - 1) / NT * NT;
  thread_local std::vector<T> wbuf;
  const T* wp = padded_filter(K, OC, ocp, w, wbuf);
  const PadPlan pp = pad_plan(g);
  const std::vector<int64_t> off = tap_offsets(g, pp.w);
  const int64_t xstep = g.stride_w * C;
  // Channels that are not a whole number of tiles: the tiles write a padded row, copied out.
  const bool pad_y = ocp != OC;
  // Images are independent: ranges of them run on the pool, each with its own scratch.
  parallel::for_range(
      g.batch, g.out_h * g.out_w * K * ocp, kMinTaskMacs, 1, [&](int64_t n0, int64_t n1) {
        thread_local std::vector<T> xbuf, rowbuf;
        T* row = pad_y ? aligned_zeros(g.out_w * ocp, rowbuf) : nullptr;
        T* yr = y + n0 * g.out_h * g.out_w * OC;
        for (int64_t n = n0; n < n1; ++n) {
          const PaddedImage<T> img = padded_image(g, pp, x, n, xbuf);
          for (int64_t i = 0; i < g.out_h; ++i, yr += g.out_w * OC) {
            const T* xrow = img.data + i * g.stride_h * img.w * C;
            T* dst = pad_y ? row : yr;
            const int64_t ldy = pad_y ? ocp : OC;
            for (int64_t o0 = 0; o0 < OC; o0 += NT) {
              int64_t j = 0;
              for (; j + kDirectRows <= g.out_w; j += kDirectRows)
                direct_tile_forward<T, kDirectRows>(K, off.data(), xrow + j * xstep, xstep, wp + o0,
                                                    ocp, dst + j * ldy + o0, ldy);
              for (; j < g.out_w; ++j)
                direct_tile_forward<T, 1>(K, off.data(), xrow + j * xstep, xstep, wp + o0, ocp,
                                          dst + j * ldy + o0, ldy);
            }
            if (pad_y)
              for (int64_t j = 0; j < g.out_w; ++j) copy_run(OC, row + j * ocp, yr + j * OC);
            epilogue(ep, g.out_w, OC, yr);
          }
        }
      });
}

// dw[t0 + r, 0:kDirectTile] += sum over p < npix of x[p * xstep + off[r]] * dy[p, 0:kDirectTile]
// for r < R: taps in registers, accumulated over a row of output pixels. dy rows are ldy apart
// and hold a whole tile; dw rows are ldw apart, aligned.
template <class T, int R>
inline void direct_tile_filter(int64_t npix, const int64_t* off, const T* x, int64_t xstep,
                               const T* dy, int64_t ldy, T* dw, int64_t ldw) {
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
  using V = xsimd::batch<T>;
  constexpr int64_t W = V::size;
  V a0[R], a1[R];
  for (int r = 0; r < R; ++r) a0[r] = a1[r] = V(T(0));
  for (int64_t p = 0; p < npix; ++p, x += xstep, dy += ldy) {
    const V d0 = V::load_unaligned(dy), d1 = V::load_unaligned(dy + W);
    for (int r = 0; r < R; ++r) {
      const V xv(x[off[r]]);
      a0[r] += xv * d0;
      a1[r] += xv * d1;
    }
  }
  for (int r = 0; r < R; ++r) {
    (V::load_aligned(dw + r * ldw) + a0[r]).store_aligned(dw + r * ldw);
    (V::load_aligned(dw + r * ldw + W) + a1[r]).store_aligned(dw + r * ldw + W);
  }
#else
  for (int r = 0; r < R; ++r)
    for (int64_t o = 0; o < kDirectTile<T>; ++o) {
      T s = 0;
      for (int64_t p = 0; p < npix; ++p) s += x[p * xstep + off[r]] * dy[p * ldy + o];
      dw[r * ldw + o] += s;
    }
#endif
}

// The filter gradient sums over every output pixel of the batch. It is cut into a number of
// partial sums fixed by the shape alone (never by the thread count), each over a contiguous run of
// the work in the order one thread would take it; the pool computes the partials, which are then
// added in order. So 1 and N threads, and both engines, give the same bits.
constexpr int64_t kMaxPartials = 8;
// Partial sums kept at once, in elements (each the size of the filter).
constexpr int64_t kPartialBudget = int64_t{1} << 20;

int64_t partial_count(int64_t units, int64_t macs, int64_t filter_size) {
  return std::max<int64_t>(1, std::min({units, kMaxPartials, macs / kMinTaskMacs,
                                        kPartialBudget / std::max<int64_t>(filter_size, 1)}));
}

template <class T>
void direct_backprop_filter(const ConvGeom& g, const T* x, const T* dy, T* dw) {
  constexpr int64_t NT = kDirectTile<T>;
  constexpr int kTaps = 4;
  const int64_t C = g.in_c, OC = g.out_c, K = g.k_h * g.k_w * C;
  const int64_t ocp = (OC + NT - 1) / NT * NT, acc_size = K * ocp;
  const int64_t parts = partial_count(g.batch, g.batch * g.out_h * g.out_w * acc_size, acc_size);
  thread_local std::vector<T> acc_buf;
  T* acc = aligned_zeros(parts * acc_size, acc_buf);  // acc_size keeps each partial aligned
  const PadPlan pp = pad_plan(g);
  const std::vector<int64_t> off = tap_offsets(g, pp.w);
  const int64_t xstep = g.stride_w * C;
  // dy rows whose channels are not a whole number of tiles are read through a padded copy.
  const bool pad_dy = ocp != OC;
  parallel::for_tasks(parts, [&](int64_t part) {
    thread_local std::vector<T> xbuf, dybuf;
    T* pacc = acc + part * acc_size;
    if (pad_dy) dybuf.assign(g.out_w * ocp, T(0));
    const int64_t n0 = g.batch * part / parts, n1 = g.batch * (part + 1) / parts;
    const T* dyr = dy + n0 * g.out_h * g.out_w * OC;
    for (int64_t n = n0; n < n1; ++n) {
      const PaddedImage<T> img = padded_image(g, pp, x, n, xbuf);
      for (int64_t i = 0; i < g.out_h; ++i, dyr += g.out_w * OC) {
        const T* xrow = img.data + i * g.stride_h * img.w * C;
        const T* d = dyr;
        int64_t ldy = OC;
        if (pad_dy) {
          for (int64_t j = 0; j < g.out_w; ++j) copy_run(OC, dyr + j * OC, dybuf.data() + j * ocp);
          d = dybuf.data();
          ldy = ocp;
        }
        for (int64_t o0 = 0; o0 < ocp; o0 += NT) {
          int64_t t = 0;
          for (; t + kTaps <= K; t += kTaps)
            direct_tile_filter<T, kTaps>(g.out_w, off.data() + t, xrow, xstep, d + o0, ldy,
                                         pacc + t * ocp + o0, ocp);
          for (; t < K; ++t)
            direct_tile_filter<T, 1>(g.out_w, off.data() + t, xrow, xstep, d + o0, ldy,
                                     pacc + t * ocp + o0, ocp);
        }
      }
    }
  });
  for (int64_t part = 1; part < parts; ++part) add_into(acc_size, acc + part * acc_size, acc);
  for (int64_t t = 0; t < K; ++t) std::copy(acc + t * ocp, acc + t * ocp + OC, dw + t * OC);
}

}  // namespace
}  // namespace detail

template <class T>
void conv2d(const ConvGeom& g, const T* x, const T* w, T* y, const ConvEpilogue& ep) {
  using namespace detail;
  const int64_t pixels = g.batch * g.out_d * g.out_h * g.out_w;
  if (pixels == 0 || g.out_c == 0) return;
  if (depthwise(g)) return depthwise_forward(g, x, w, y, ep);
  if (direct_small_c(g)) return direct_forward(g, x, w, y, ep);
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
  if (pixels == 0 || og == 0) {
    std::fill(dx, dx + in_size, T(0));
    return;
  }
  const int64_t chunk = chunk_rows(g, K);
  // Every input pixel gets contributions from output pixels of its own image only, in pixel
  // order whatever the chunks: ranges of images run on the pool without changing a result.
  const int64_t image_pixels = pixels / g.batch, image_size = in_size / g.batch;
  const int64_t tasks = parallel::task_count(pixels * K * og * g.groups, kMinTaskMacs);
  const auto images = [&](int64_t n0, int64_t n1) {
    if (!pw) std::fill(dx + n0 * image_size, dx + n1 * image_size, T(0));
    std::vector<T>& col = col_scratch<T>();
    if (!pw && col.size() < static_cast<size_t>(chunk * K)) col.resize(chunk * K);
    const int64_t end = n1 * image_pixels;
    for (int64_t p0 = n0 * image_pixels; p0 < end; p0 += chunk) {
      const int64_t rows = std::min(chunk, end - p0);
      const T* dyc = dy + p0 * g.out_c;
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        const T* wg = w + grp * og;
        if (pw) {
          gemm(false, true, rows, cg, og, dyc + grp * og, g.out_c, wg, g.out_c,
               dx + p0 * g.in_c + grp * cg, g.in_c, false);
        } else {
          gemm(false, true, rows, K, og, dyc + grp * og, g.out_c, wg, g.out_c, col.data(), K,
               false);
          col2im_add(g, col.data(), p0, rows, grp * cg, cg, dx);
        }
      }
    }
  };
  // Few images: the GEMMs split instead.
  if (tasks <= 1 || g.batch < tasks) return images(0, g.batch);
  parallel::for_tasks(tasks,
                      [&](int64_t t) { images(g.batch * t / tasks, g.batch * (t + 1) / tasks); });
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
  if (direct_small_c(g)) return direct_backprop_filter(g, x, dy, dw);
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups, K = g.k_d * g.k_h * g.k_w * cg;
  const bool pw = pointwise(g);
  const int64_t chunk = chunk_rows(g, K);
  const int64_t chunks = (pixels + chunk - 1) / chunk;
  // Partial sums over runs of chunks (see partial_count); the first goes straight to dw.
  const int64_t parts = partial_count(chunks, pixels * K * g.out_c, w_size);
  std::vector<T> partials(static_cast<size_t>((parts - 1) * w_size));
  parallel::for_tasks(parts, [&](int64_t part) {
    T* dst = part == 0 ? dw : partials.data() + (part - 1) * w_size;
    std::vector<T>& col = col_scratch<T>();
    if (!pw && col.size() < static_cast<size_t>(chunk * K)) col.resize(chunk * K);
    const int64_t first = chunks * part / parts * chunk;
    const int64_t end = std::min(pixels, chunks * (part + 1) / parts * chunk);
    for (int64_t p0 = first; p0 < end; p0 += chunk) {
      const int64_t rows = std::min(chunk, end - p0);
      const T* dyc = dy + p0 * g.out_c;
      for (int64_t grp = 0; grp < g.groups; ++grp) {
        T* dwg = dst + grp * og;
        if (pw) {
          gemm(true, false, cg, og, rows, x + p0 * g.in_c + grp * cg, g.in_c, dyc + grp * og,
               g.out_c, dwg, g.out_c, p0 > first);
        } else {
          im2col(g, x, p0, rows, grp * cg, cg, col.data());
          gemm(true, false, K, og, rows, col.data(), K, dyc + grp * og, g.out_c, dwg, g.out_c,
               p0 > first);
        }
      }
    }
  });
  for (int64_t part = 1; part < parts; ++part)
    add_into(w_size, partials.data() + (part - 1) * w_size, dw);
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
#ifdef TENSORPAD_KERNELS_F64
TP_CONV_INSTANTIATE(double)  // conv_f64.cpp
#else
TP_CONV_INSTANTIATE(float)
#endif
#undef TP_CONV_INSTANTIATE

}  // namespace tensorpad::kernels
