// cumsum, cumprod and top-k kernels.
#include <numeric>

#include "kernels/reduce.h"
#include "kernels/reduce_detail.h"

namespace tensorpad::kernels {
namespace detail {

// Sequential scan of one strided lane accumulating in A with Op (SumOp or ProdOp).
template <template <class> class Op, class A, class T>
void scan_lane(const T* x, int64_t n, int64_t stride, bool exclusive, bool reverse, T* y) {
  A acc = Op<A>::id();
  for (int64_t k = 0; k < n; ++k) {
    const int64_t p = (reverse ? n - 1 - k : k) * stride;
    const A v = static_cast<A>(x[p]);
    if (!exclusive) acc = Op<A>::step(acc, v);
    y[p] = static_cast<T>(acc);
    if (exclusive) acc = Op<A>::step(acc, v);
  }
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)

// out[j] = a[j] (op) b[j], vectorised.
template <template <class> class Op, class T>
void combine_runs(const T* a, const T* b, T* out, int64_t n) {
  using V = vec<T>;
  using O = Op<T>;
  constexpr int64_t W = V::size;
  int64_t j = 0;
  for (; j + 2 * W <= n; j += 2 * W) {
    O::vstep(V::load_unaligned(a + j), V::load_unaligned(b + j)).store_unaligned(out + j);
    O::vstep(V::load_unaligned(a + j + W), V::load_unaligned(b + j + W)).store_unaligned(out + j + W);
  }
  for (; j + W <= n; j += W)
    O::vstep(V::load_unaligned(a + j), V::load_unaligned(b + j)).store_unaligned(out + j);
  for (; j < n; ++j) out[j] = O::step(a[j], b[j]);
}

// Scan of a [n, inner] block row by row: each output row is the previous output row combined with
// one input row, so the work is vectorised across the inner axis.
template <template <class> class Op, class T>
void scan_rows_simd(const T* x, int64_t n, int64_t inner, bool exclusive, bool reverse, T* y) {
  for (int64_t k = 0; k < n; ++k) {
    const int64_t i = reverse ? n - 1 - k : k;
    T* yi = y + i * inner;
    if (k == 0) {
      if (exclusive)
        std::fill(yi, yi + inner, Op<T>::id());
      else
        std::copy(x + i * inner, x + (i + 1) * inner, yi);
      continue;
    }
    const int64_t prev = reverse ? i + 1 : i - 1;
    combine_runs<Op>(y + prev * inner, x + (exclusive ? prev : i) * inner, yi, inner);
  }
}

#endif

template <template <class> class Op, class T>
void scan_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                 bool reverse, T* y) {
  using A = std::conditional_t<std::is_floating_point_v<T>, double, T>;
  for (int64_t b = 0; b < outer; ++b)
    for (int64_t j = 0; j < inner; ++j)
      scan_lane<Op, A>(x + b * n * inner + j, n, inner, exclusive, reverse, y + b * n * inner + j);
}

template <template <class> class Op, class T>
void scan(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive, bool reverse,
          T* y) {
  if constexpr (!kHaveSimd) {
    scan_scalar<Op>(x, outer, n, inner, exclusive, reverse, y);
  } else {
    for (int64_t b = 0; b < outer; ++b) {
      const T* xb = x + b * n * inner;
      T* yb = y + b * n * inner;
      if (inner == 1)
        scan_lane<Op, T>(xb, n, 1, exclusive, reverse, yb);
      else
        scan_rows_simd<Op>(xb, n, inner, exclusive, reverse, yb);
    }
  }
}

}  // namespace detail

using namespace detail;

template <class T>
void cumsum_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                   bool reverse, T* y) {
  scan_scalar<SumOp>(x, outer, n, inner, exclusive, reverse, y);
}
template <class T>
void cumsum(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive, bool reverse,
            T* y) {
  scan<SumOp>(x, outer, n, inner, exclusive, reverse, y);
}
template <class T>
void cumprod_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                    bool reverse, T* y) {
  scan_scalar<ProdOp>(x, outer, n, inner, exclusive, reverse, y);
}
template <class T>
void cumprod(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive, bool reverse,
             T* y) {
  scan<ProdOp>(x, outer, n, inner, exclusive, reverse, y);
}

template <class T>
void topk_rows(const T* x, int64_t rows, int64_t n, int64_t k, T* values, int32_t* indices,
               int32_t* scratch) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * n;
    // Descending, NaN first, equal values by ascending index: a strict weak order.
    auto before = [xr](int32_t a, int32_t b) {
      const T va = xr[a], vb = xr[b];
      if (is_nan(va) != is_nan(vb)) return is_nan(va);
      if (va != vb && !is_nan(va)) return va > vb;
      return a < b;
    };
    std::iota(scratch, scratch + n, 0);
    std::partial_sort(scratch, scratch + k, scratch + n, before);
    for (int64_t i = 0; i < k; ++i) {
      values[r * k + i] = xr[scratch[i]];
      indices[r * k + i] = scratch[i];
    }
  }
}

#define TP_SCAN_INSTANTIATE(T)                                                         \
  template void cumsum<T>(const T*, int64_t, int64_t, int64_t, bool, bool, T*);        \
  template void cumsum_scalar<T>(const T*, int64_t, int64_t, int64_t, bool, bool, T*); \
  template void cumprod<T>(const T*, int64_t, int64_t, int64_t, bool, bool, T*);       \
  template void cumprod_scalar<T>(const T*, int64_t, int64_t, int64_t, bool, bool, T*); \
  template void topk_rows<T>(const T*, int64_t, int64_t, int64_t, T*, int32_t*, int32_t*);
TP_SCAN_INSTANTIATE(float)
TP_SCAN_INSTANTIATE(double)
TP_SCAN_INSTANTIATE(int32_t)
#undef TP_SCAN_INSTANTIATE

}  // namespace tensorpad::kernels
