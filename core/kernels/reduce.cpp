#include "kernels/reduce.h"

#include <vector>

#include "kernels/reduce_detail.h"
#include "parallel.h"

// Compiled four times: the float32 sums here (every training step runs them), the other float32
// operators and arg-reductions through reduce_cold.cpp (TENSORPAD_KERNELS_COLD), float64 through
// reduce_f64.cpp, int32 and uint8 through reduce_other.cpp; the engine compiles all but this one
// for size (CMakeLists.txt).
#if !defined(TENSORPAD_KERNELS_F64) && !defined(TENSORPAD_KERNELS_OTHER_TYPES) && \
    !defined(TENSORPAD_KERNELS_COLD)
#define TENSORPAD_KERNELS_HOT 1
#endif

namespace tensorpad::kernels {
namespace detail {

// float32 prod, max and min (reduce_cold.cpp).
void reduce_rows_cold(Reduce op, const float* x, int64_t rows, int64_t n, float* out);
void reduce_cols_cold(Reduce op, const float* x, int64_t outer, int64_t n, int64_t inner,
                      float* out);

// with_op over the operators this translation unit compiles for T.
template <class T, class F>
void visit_op(Reduce op, F&& f) {
#if defined(TENSORPAD_KERNELS_HOT)
  (void)op;  // reduce_rows/reduce_cols sent the other operators to reduce_cold.cpp
  f(SumOp<T>{});
#elif defined(TENSORPAD_KERNELS_COLD)
  if (op != Reduce::sum) with_op<T>(op, f);
#else
  with_op<T>(op, f);
#endif
}

template <class T>
bool arg_better(bool min, T v, T best) {
  return (min ? v < best : v > best) || (is_nan(best) && !is_nan(v));
}

template <class T>
int32_t argrun_scalar(bool min, const T* x, int64_t n, int64_t stride) {
  int32_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (arg_better(min, x[i * stride], x[best * stride])) best = static_cast<int32_t>(i);
  return best;
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)

// First index of the extreme value: one vectorised pass for the value, one for its position.
template <class T>
int32_t argrun_simd(bool min, const T* x, int64_t n) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  const T m = min ? run_simd<MinOp<T>>(x, n) : run_simd<MaxOp<T>>(x, n);
  // The vectorised extreme propagates NaN: a lane holding one is searched element by element.
  if (is_nan(m)) return argrun_scalar(min, x, n, 1);
  const V vm(m);
  int64_t i = 0;
  for (; i + W <= n; i += W) {
    const V v = V::load_unaligned(x + i);
    if (xsimd::any(v == vm)) break;
  }
  for (; i < n; ++i)
    if (x[i] == m) break;
  return static_cast<int32_t>(i);
}

// Column variant: best values and their row numbers (held as T, exact below 2^24 for float)
// one vector of columns at a time.
template <class T>
void argcols_simd(bool min, const T* x, int64_t n, int64_t inner, int32_t* out) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  int64_t j = 0;
  for (; j + W <= inner; j += W) {
    V best = V::load_unaligned(x + j);
    V at(T(0));
    for (int64_t r = 1; r < n; ++r) {
      const V v = V::load_unaligned(x + r * inner + j);
      auto better = min ? (v < best) : (v > best);
      if constexpr (std::is_floating_point_v<T>) better = better | ((best != best) & (v == v));
      best = xsimd::select(better, v, best);
      at = xsimd::select(better, V(static_cast<T>(r)), at);
    }
    alignas(64) T lanes[W];
    at.store_aligned(lanes);
    for (int64_t l = 0; l < W; ++l) out[j + l] = static_cast<int32_t>(lanes[l]);
  }
  for (; j < inner; ++j) out[j] = argrun_scalar(min, x + j, n, inner);
}

#endif

}  // namespace detail

using namespace detail;

template <class T>
void reduce_rows_scalar(Reduce op, const T* x, int64_t rows, int64_t n, T* out) {
  with_op<T>(op, [&](auto o) {
    for (int64_t r = 0; r < rows; ++r) out[r] = fold_strided<decltype(o)>(x + r * n, n, 1);
  });
}

template <class T>
void reduce_cols_scalar(Reduce op, const T* x, int64_t outer, int64_t n, int64_t inner, T* out) {
  with_op<T>(op, [&](auto o) {
    for (int64_t b = 0; b < outer; ++b)
      for (int64_t j = 0; j < inner; ++j)
        out[b * inner + j] = fold_strided<decltype(o)>(x + b * n * inner + j, n, inner);
  });
}

// Threads (core/parallel.h) take whole rows, whole outer slices or column chunks, each computed
// exactly as on one thread. A long float sum (few rows) is split along run<Op>'s own pairwise
// tree: its subtrees at depth kTreeDepth are summed in parallel and combined in the same tree
// order, so the result is bit-identical to the sequential run<Op>.
constexpr int64_t kMinTaskElements = int64_t(1) << 15;
constexpr int kTreeDepth = 3;

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// Visits the subtrees of run<Op>(x, n) at `depth` (or leaves above it) in order.
template <class F>
void pair_tree(int64_t off, int64_t n, int depth, F&& leaf) {
  if (depth > 0 && n > kPairBlock) {
    const int64_t h = n / 2 / 64 * 64;
    pair_tree(off, h, depth - 1, leaf);
    pair_tree(off + h, n - h, depth - 1, leaf);
  } else {
    leaf(off, n);
  }
}

template <class Op, class T>
T pair_combine(const T* parts, int64_t& next, int64_t n, int depth) {
  if (depth > 0 && n > kPairBlock) {
    const int64_t h = n / 2 / 64 * 64;
    const T a = pair_combine<Op>(parts, next, h, depth - 1);
    const T b = pair_combine<Op>(parts, next, n - h, depth - 1);
    return Op::step(a, b);
  }
  return parts[next++];
}

template <class Op, class T>
T run_parallel(const T* x, int64_t n) {
  if (!Op::kBlocked || parallel::task_count(n, kMinTaskElements) <= 1) return run<Op>(x, n);
  int64_t offs[1 << kTreeDepth], lens[1 << kTreeDepth];
  T parts[1 << kTreeDepth];
  int64_t count = 0;
  pair_tree(0, n, kTreeDepth, [&](int64_t off, int64_t len) {
    offs[count] = off;
    lens[count++] = len;
  });
  parallel::for_tasks(count, [&](int64_t t) { parts[t] = run<Op>(x + offs[t], lens[t]); });
  int64_t next = 0;
  return pair_combine<Op>(parts, next, n, kTreeDepth);
}
#endif

template <class T>
void reduce_rows_impl(Reduce op, const T* x, int64_t rows, int64_t n, T* out) {
  if constexpr (!kHaveSimd) {
    reduce_rows_scalar(op, x, rows, n, out);
  } else {
    visit_op<T>(op, [&](auto o) {
      using Op = decltype(o);
      if (rows < parallel::task_count(rows * n, kMinTaskElements)) {
        for (int64_t r = 0; r < rows; ++r) out[r] = run_parallel<Op>(x + r * n, n);
        return;
      }
      parallel::for_range(rows, n, kMinTaskElements, 1, [&](int64_t r0, int64_t r1) {
        for (int64_t r = r0; r < r1; ++r) out[r] = run<Op>(x + r * n, n);
      });
    });
  }
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
// One slice of at most kColChunk columns (a bias gradient: many rows, few columns), split at
// cols_simd's own row blocks: the blocks' partial results are computed in parallel, then merged
// into out in block order by the very calls cols_simd makes, so the result is bit-identical.
template <class Op, class T>
void cols_by_blocks(const T* x, int64_t n, int64_t inner, T* out) {
  const int64_t blocks = (n + kRowBlock - 1) / kRowBlock;
  std::vector<T> parts(static_cast<size_t>(blocks * inner));
  parallel::for_range(blocks, kRowBlock * inner, kMinTaskElements, 1, [&](int64_t q0, int64_t q1) {
    for (int64_t q = q0; q < q1; ++q)
      cols_block<Op>(x, q * kRowBlock, std::min(n, (q + 1) * kRowBlock), inner, inner,
                     parts.data() + q * inner);
  });
  for (int64_t q = 0; q < blocks; ++q)
    cols_pass<Op>(parts.data() + q * inner, 0, 1, 0, inner, out, q == 0);
}
#endif

template <class T>
void reduce_cols_impl(Reduce op, const T* x, int64_t outer, int64_t n, int64_t inner, T* out) {
  if constexpr (!kHaveSimd) {
    reduce_cols_scalar(op, x, outer, n, inner, out);
  } else {
    visit_op<T>(op, [&](auto o) {
      using Op = decltype(o);
      const int64_t tasks = parallel::task_count(outer * n * inner, kMinTaskElements);
      const int64_t chunks = (inner + kColChunk - 1) / kColChunk;
      if (outer < tasks && chunks > 1) {
        // Few slices: split each one's columns, at cols_simd's own chunk boundaries.
        for (int64_t b = 0; b < outer; ++b) {
          const T* xb = x + b * n * inner;
          parallel::for_range(inner, n, kMinTaskElements, kColChunk, [&](int64_t j0, int64_t j1) {
            cols_simd<Op>(xb + j0, n, inner, j1 - j0, out + b * inner + j0);
          });
        }
        return;
      }
      if (outer < tasks && chunks == 1 && Op::kBlocked && n >= 2 * kRowBlock) {
        for (int64_t b = 0; b < outer; ++b)
          cols_by_blocks<Op>(x + b * n * inner, n, inner, out + b * inner);
        return;
      }
      parallel::for_range(outer, n * inner, kMinTaskElements, 1, [&](int64_t b0, int64_t b1) {
        for (int64_t b = b0; b < b1; ++b)
          cols_simd<Op>(x + b * n * inner, n, inner, inner, out + b * inner);
      });
    });
  }
}

template <class T>
void reduce_rows(Reduce op, const T* x, int64_t rows, int64_t n, T* out) {
#if defined(TENSORPAD_KERNELS_HOT)
  if (std::is_same_v<T, float> && op != Reduce::sum) return reduce_rows_cold(op, x, rows, n, out);
#endif
  reduce_rows_impl(op, x, rows, n, out);
}

template <class T>
void reduce_cols(Reduce op, const T* x, int64_t outer, int64_t n, int64_t inner, T* out) {
#if defined(TENSORPAD_KERNELS_HOT)
  if (std::is_same_v<T, float> && op != Reduce::sum)
    return reduce_cols_cold(op, x, outer, n, inner, out);
#endif
  reduce_cols_impl(op, x, outer, n, inner, out);
}

#if defined(TENSORPAD_KERNELS_COLD)
void detail::reduce_rows_cold(Reduce op, const float* x, int64_t rows, int64_t n, float* out) {
  reduce_rows_impl(op, x, rows, n, out);
}
void detail::reduce_cols_cold(Reduce op, const float* x, int64_t outer, int64_t n, int64_t inner,
                              float* out) {
  reduce_cols_impl(op, x, outer, n, inner, out);
}
#endif

template <class T>
void argreduce_rows_scalar(bool min, const T* x, int64_t rows, int64_t n, int32_t* out) {
  for (int64_t r = 0; r < rows; ++r) out[r] = argrun_scalar(min, x + r * n, n, 1);
}

template <class T>
void argreduce_cols_scalar(bool min, const T* x, int64_t outer, int64_t n, int64_t inner,
                           int32_t* out) {
  for (int64_t b = 0; b < outer; ++b)
    for (int64_t j = 0; j < inner; ++j)
      out[b * inner + j] = argrun_scalar(min, x + b * n * inner + j, n, inner);
}

template <class T>
void argreduce_rows(bool min, const T* x, int64_t rows, int64_t n, int32_t* out) {
  if constexpr (!kHaveSimd) {
    argreduce_rows_scalar(min, x, rows, n, out);
  } else {
    for (int64_t r = 0; r < rows; ++r) out[r] = argrun_simd(min, x + r * n, n);
  }
}

template <class T>
void argreduce_cols(bool min, const T* x, int64_t outer, int64_t n, int64_t inner, int32_t* out) {
  // Row numbers held in a float lose exactness past 2^24.
  constexpr bool exact_rows = !std::is_same_v<T, float>;
  if constexpr (!kHaveSimd) {
    argreduce_cols_scalar(min, x, outer, n, inner, out);
  } else {
    if (!exact_rows && n > (int64_t(1) << 24))
      return argreduce_cols_scalar(min, x, outer, n, inner, out);
    for (int64_t b = 0; b < outer; ++b)
      argcols_simd(min, x + b * n * inner, n, inner, out + b * inner);
  }
}

#define TP_REDUCE_INSTANTIATE(T)                                                 \
  template void reduce_rows<T>(Reduce, const T*, int64_t, int64_t, T*);          \
  template void reduce_cols<T>(Reduce, const T*, int64_t, int64_t, int64_t, T*); \
  template void reduce_rows_scalar<T>(Reduce, const T*, int64_t, int64_t, T*);   \
  template void reduce_cols_scalar<T>(Reduce, const T*, int64_t, int64_t, int64_t, T*);
#if defined(TENSORPAD_KERNELS_F64)
TP_REDUCE_INSTANTIATE(double)
#elif defined(TENSORPAD_KERNELS_HOT)
TP_REDUCE_INSTANTIATE(float)
#elif defined(TENSORPAD_KERNELS_OTHER_TYPES)
TP_REDUCE_INSTANTIATE(int32_t)
TP_REDUCE_INSTANTIATE(uint8_t)
#endif
#undef TP_REDUCE_INSTANTIATE

#define TP_ARG_INSTANTIATE(T)                                                           \
  template void argreduce_rows<T>(bool, const T*, int64_t, int64_t, int32_t*);          \
  template void argreduce_cols<T>(bool, const T*, int64_t, int64_t, int64_t, int32_t*); \
  template void argreduce_rows_scalar<T>(bool, const T*, int64_t, int64_t, int32_t*);   \
  template void argreduce_cols_scalar<T>(bool, const T*, int64_t, int64_t, int64_t, int32_t*);
#if defined(TENSORPAD_KERNELS_F64)
TP_ARG_INSTANTIATE(double)
#elif defined(TENSORPAD_KERNELS_COLD)
TP_ARG_INSTANTIATE(float)
#elif defined(TENSORPAD_KERNELS_OTHER_TYPES)
TP_ARG_INSTANTIATE(int32_t)
#endif
#undef TP_ARG_INSTANTIATE

}  // namespace tensorpad::kernels
