// logSumExp and softmax kernels: a max pass, then exp(x - max) with xsimd::exp.
#include "kernels/reduce.h"
#include "kernels/reduce_detail.h"

namespace tensorpad::kernels {
namespace detail {

// Scalar references over a strided run, in double.
template <class T>
T lse_strided(const T* x, int64_t n, int64_t stride) {
  const double m = fold_strided<MaxOp<T>>(x, n, stride);
  if (!std::isfinite(m)) return static_cast<T>(m);
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += std::exp(static_cast<double>(x[i * stride]) - m);
  return static_cast<T>(m + std::log(s));
}

template <class T>
void softmax_strided(bool log, const T* x, int64_t n, int64_t stride, T* y) {
  const double m = static_cast<double>(fold_strided<MaxOp<T>>(x, n, stride));
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += std::exp(static_cast<double>(x[i * stride]) - m);
  const double ls = std::log(s);
  for (int64_t i = 0; i < n; ++i) {
    const double d = static_cast<double>(x[i * stride]) - m;
    y[i * stride] = static_cast<T>(log ? d - ls : std::exp(d) / s);
  }
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)

// The first `count` (< vector width) elements of p, the other lanes set to `fill`; and back.
template <class T>
vec<T> load_partial(const T* p, int64_t count, T fill) {
  alignas(64) T lanes[vec<T>::size];
  for (int64_t l = 0; l < static_cast<int64_t>(vec<T>::size); ++l)
    lanes[l] = l < count ? p[l] : fill;
  return vec<T>::load_aligned(lanes);
}
template <class T>
void store_partial(const vec<T>& v, T* p, int64_t count) {
  alignas(64) T lanes[vec<T>::size];
  v.store_aligned(lanes);
  std::copy(lanes, lanes + count, p);
}

// sum(exp(x - m)) over a contiguous run, storing the exponentials in e when it is not null.
template <class T>
T sum_exp(const T* x, int64_t n, T m, T* e) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  const V vm(m);
  V s0(T(0)), s1(T(0));
  int64_t i = 0;
  for (; i + 2 * W <= n; i += 2 * W) {
    const V e0 = xsimd::exp(V::load_unaligned(x + i) - vm);
    const V e1 = xsimd::exp(V::load_unaligned(x + i + W) - vm);
    if (e) {
      e0.store_unaligned(e + i);
      e1.store_unaligned(e + i + W);
    }
    s0 += e0;
    s1 += e1;
  }
  for (; i + W <= n; i += W) {
    const V e0 = xsimd::exp(V::load_unaligned(x + i) - vm);
    if (e) e0.store_unaligned(e + i);
    s0 += e0;
  }
  if (i < n) {  // the tail as one vector padded with -inf, whose exponentials are 0
    const V e0 = xsimd::exp(load_partial(x + i, n - i, lowest_value<T>()) - vm);
    if (e) store_partial(e0, e + i, n - i);
    s1 += e0;
  }
  return xsimd::hadd(s0 + s1);
}

// y = a * y + b over a contiguous run (scales by 1/sum, or shifts by -(m + log(sum))).
template <class T>
void affine(T* y, const T* src, int64_t n, T a, T b) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  const V va(a), vb(b);
  int64_t i = 0;
  for (; i + W <= n; i += W) (V::load_unaligned(src + i) * va + vb).store_unaligned(y + i);
  for (; i < n; ++i) y[i] = src[i] * a + b;
}

template <class T>
T lse_simd(const T* x, int64_t n) {
  const T m = run_simd<MaxOp<T>>(x, n);
  if (!std::isfinite(m)) return m;
  return m + std::log(sum_exp(x, n, m, static_cast<T*>(nullptr)));
}

template <class T>
void softmax_simd(bool log, const T* x, int64_t n, T* y) {
  const T m = run_simd<MaxOp<T>>(x, n);
  if (log) {
    const T s = sum_exp(x, n, m, static_cast<T*>(nullptr));
    affine(y, x, n, T(1), -m - std::log(s));
  } else {
    const T s = sum_exp(x, n, m, y);
    affine(y, y, n, T(1) / s, T(0));
  }
}

// Column passes over a chunk of w <= kColChunk columns of a [n, ld] block: the column maxima into
// m, then s[j] = sum over rows of exp(x - m), storing each exponential in y when y is not null.
template <class T>
void cols_sum_exp(const T* x, int64_t n, int64_t ld, int64_t w, T* m, T* s, T* y) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  cols_simd<MaxOp<T>>(x, n, ld, w, m);
  std::fill(s, s + w, T(0));
  for (int64_t r = 0; r < n; ++r) {
    const T* xr = x + r * ld;
    int64_t j = 0;
    for (; j + W <= w; j += W) {
      const V e = xsimd::exp(V::load_unaligned(xr + j) - V::load_unaligned(m + j));
      if (y) e.store_unaligned(y + r * ld + j);
      (V::load_unaligned(s + j) + e).store_unaligned(s + j);
    }
    if (j < w) {
      const V e = xsimd::exp(load_partial(xr + j, w - j, T(0)) - load_partial(m + j, w - j, T(0)));
      if (y) store_partial(e, y + r * ld + j, w - j);
      store_partial(load_partial(s + j, w - j, T(0)) + e, s + j, w - j);
    }
  }
}

template <class T>
void lse_cols_simd(const T* x, int64_t n, int64_t inner, T* out) {
  alignas(64) T m[kColChunk];
  alignas(64) T s[kColChunk];
  for (int64_t j0 = 0; j0 < inner; j0 += kColChunk) {
    const int64_t w = std::min(kColChunk, inner - j0);
    cols_sum_exp(x + j0, n, inner, w, m, s, static_cast<T*>(nullptr));
    for (int64_t j = 0; j < w; ++j)
      out[j0 + j] = std::isfinite(m[j]) ? m[j] + std::log(s[j]) : m[j];
  }
}

template <class T>
void softmax_cols_simd(bool log, const T* x, int64_t n, int64_t inner, T* y) {
  alignas(64) T m[kColChunk];
  alignas(64) T s[kColChunk];
  for (int64_t j0 = 0; j0 < inner; j0 += kColChunk) {
    const int64_t w = std::min(kColChunk, inner - j0);
    cols_sum_exp(x + j0, n, inner, w, m, s, log ? static_cast<T*>(nullptr) : y + j0);
    // Per column: y = a * src + b, with a and b kept in m and s.
    for (int64_t j = 0; j < w; ++j) {
      const T a = log ? T(1) : T(1) / s[j];
      const T b = log ? -m[j] - std::log(s[j]) : T(0);
      m[j] = a;
      s[j] = b;
    }
    using V = vec<T>;
    constexpr int64_t W = V::size;
    const T* src = log ? x + j0 : y + j0;
    for (int64_t r = 0; r < n; ++r) {
      const T* sr = src + r * inner;
      T* yr = y + j0 + r * inner;
      int64_t j = 0;
      for (; j + W <= w; j += W)
        (V::load_unaligned(sr + j) * V::load_aligned(m + j) + V::load_aligned(s + j))
            .store_unaligned(yr + j);
      for (; j < w; ++j) yr[j] = sr[j] * m[j] + s[j];
    }
  }
}

#endif

}  // namespace detail

using namespace detail;

template <class T>
void logsumexp_rows_scalar(const T* x, int64_t rows, int64_t n, T* out) {
  for (int64_t r = 0; r < rows; ++r) out[r] = lse_strided(x + r * n, n, 1);
}

template <class T>
void logsumexp_cols_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, T* out) {
  for (int64_t b = 0; b < outer; ++b)
    for (int64_t j = 0; j < inner; ++j)
      out[b * inner + j] = lse_strided(x + b * n * inner + j, n, inner);
}

template <class T>
void softmax_rows_scalar(bool log, const T* x, int64_t rows, int64_t n, T* y) {
  for (int64_t r = 0; r < rows; ++r) softmax_strided(log, x + r * n, n, 1, y + r * n);
}

template <class T>
void softmax_cols_scalar(bool log, const T* x, int64_t outer, int64_t n, int64_t inner, T* y) {
  for (int64_t b = 0; b < outer; ++b)
    for (int64_t j = 0; j < inner; ++j)
      softmax_strided(log, x + b * n * inner + j, n, inner, y + b * n * inner + j);
}

template <class T>
void logsumexp_rows(const T* x, int64_t rows, int64_t n, T* out) {
  if constexpr (!kHaveSimd) {
    logsumexp_rows_scalar(x, rows, n, out);
  } else {
    for (int64_t r = 0; r < rows; ++r) out[r] = lse_simd(x + r * n, n);
  }
}

template <class T>
void logsumexp_cols(const T* x, int64_t outer, int64_t n, int64_t inner, T* out) {
  if constexpr (!kHaveSimd) {
    logsumexp_cols_scalar(x, outer, n, inner, out);
  } else {
    for (int64_t b = 0; b < outer; ++b) lse_cols_simd(x + b * n * inner, n, inner, out + b * inner);
  }
}

template <class T>
void softmax_rows(bool log, const T* x, int64_t rows, int64_t n, T* y) {
  if constexpr (!kHaveSimd) {
    softmax_rows_scalar(log, x, rows, n, y);
  } else {
    for (int64_t r = 0; r < rows; ++r) softmax_simd(log, x + r * n, n, y + r * n);
  }
}

template <class T>
void softmax_cols(bool log, const T* x, int64_t outer, int64_t n, int64_t inner, T* y) {
  if constexpr (!kHaveSimd) {
    softmax_cols_scalar(log, x, outer, n, inner, y);
  } else {
    for (int64_t b = 0; b < outer; ++b)
      softmax_cols_simd(log, x + b * n * inner, n, inner, y + b * n * inner);
  }
}

#define TP_EXP_INSTANTIATE(T)                                                      \
  template void logsumexp_rows<T>(const T*, int64_t, int64_t, T*);                 \
  template void logsumexp_cols<T>(const T*, int64_t, int64_t, int64_t, T*);        \
  template void softmax_rows<T>(bool, const T*, int64_t, int64_t, T*);             \
  template void softmax_cols<T>(bool, const T*, int64_t, int64_t, int64_t, T*);    \
  template void logsumexp_rows_scalar<T>(const T*, int64_t, int64_t, T*);          \
  template void logsumexp_cols_scalar<T>(const T*, int64_t, int64_t, int64_t, T*); \
  template void softmax_rows_scalar<T>(bool, const T*, int64_t, int64_t, T*);      \
  template void softmax_cols_scalar<T>(bool, const T*, int64_t, int64_t, int64_t, T*);
#ifdef TENSORPAD_KERNELS_F64
TP_EXP_INSTANTIATE(double)  // reduce_exp_f64.cpp
#else
TP_EXP_INSTANTIATE(float)
#endif
#undef TP_EXP_INSTANTIATE

}  // namespace tensorpad::kernels
