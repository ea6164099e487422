#pragma once
// Reduction, scan, softmax and top-k kernels over dense row-major data. The op layer
// (core/ops/reduction.cpp) brings every strided problem to one of two shapes:
//   rows: x is [rows, n]; each contiguous run of n is reduced            -> out[rows]
//   cols: x is [outer, n, inner]; the middle axis is reduced, vectorised
//         across the kept inner axis (column sums, the bias-gradient case) -> out[outer, inner]
// T is float, double or int32_t; reduce_* also take uint8_t (bool: any = max, all = min on 0/1).
// Each xsimd kernel has a `_scalar` reference with the same contract (floats accumulated in
// double), used by the tests and as the fallback where xsimd has no architecture.
#include <cstdint>

namespace tensorpad::kernels {

enum class Reduce : uint8_t { sum, prod, max, min };

/// out[r] = op over x[r*n, r*n + n) for r < rows.
/// Float sums are pairwise over blocks of a few hundred elements (error grows with log n, not n).
/// max/min propagate NaN. n == 0 gives the identity: 0, 1, or for max/min -inf/+inf (floats) and
/// the lowest/highest value (integers). int32 sum/prod wrap around like TensorFlow's.
template <class T>
void reduce_rows(Reduce op, const T* x, int64_t rows, int64_t n, T* out);
/// out[o*inner + j] = op over i < n of x[(o*n + i)*inner + j]. Float sums accumulate blocks of
/// rows before adding them to the running total, so long columns stay accurate.
template <class T>
void reduce_cols(Reduce op, const T* x, int64_t outer, int64_t n, int64_t inner, T* out);

/// Index of the first maximum (or minimum when `min`) of each run; NaN is skipped (TensorFlow's
/// and TF.js's rule), and an all-NaN run gives 0. Requires n >= 1.
template <class T>
void argreduce_rows(bool min, const T* x, int64_t rows, int64_t n, int32_t* out);
template <class T>
void argreduce_cols(bool min, const T* x, int64_t outer, int64_t n, int64_t inner, int32_t* out);

/// log(sum(exp(x))) computed as m + log(sum(exp(x - m))) with m the maximum; a run whose maximum
/// is not finite gives that maximum (all -inf or empty: -inf; any +inf: +inf; NaN: NaN).
template <class T>
void logsumexp_rows(const T* x, int64_t rows, int64_t n, T* out);
template <class T>
void logsumexp_cols(const T* x, int64_t outer, int64_t n, int64_t inner, T* out);

/// y = exp(x - m) / sum(exp(x - m)), or when `log`, y = (x - m) - log(sum(exp(x - m))), with m
/// the maximum of the run. A run of all -inf gives NaN, as in TensorFlow. y may alias x.
template <class T>
void softmax_rows(bool log, const T* x, int64_t rows, int64_t n, T* y);
template <class T>
void softmax_cols(bool log, const T* x, int64_t outer, int64_t n, int64_t inner, T* y);

/// Running sum along the middle axis of [outer, n, inner], like tf.cumsum: `exclusive` leaves out
/// the current element, `reverse` runs from the end. y must not alias x.
template <class T>
void cumsum(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive, bool reverse,
            T* y);
/// Running product, as cumsum (the exclusive start is 1); int32 wraps around.
template <class T>
void cumprod(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive, bool reverse,
             T* y);

/// The k largest of each run of n in descending order with their indices; equal values keep the
/// lower index first and NaN ranks above +inf. `scratch` holds n int32s. Requires 0 <= k <= n.
template <class T>
void topk_rows(const T* x, int64_t rows, int64_t n, int64_t k, T* values, int32_t* indices,
               int32_t* scratch);

template <class T>
void reduce_rows_scalar(Reduce op, const T* x, int64_t rows, int64_t n, T* out);
template <class T>
void reduce_cols_scalar(Reduce op, const T* x, int64_t outer, int64_t n, int64_t inner, T* out);
template <class T>
void argreduce_rows_scalar(bool min, const T* x, int64_t rows, int64_t n, int32_t* out);
template <class T>
void argreduce_cols_scalar(bool min, const T* x, int64_t outer, int64_t n, int64_t inner,
                           int32_t* out);
template <class T>
void logsumexp_rows_scalar(const T* x, int64_t rows, int64_t n, T* out);
template <class T>
void logsumexp_cols_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, T* out);
template <class T>
void softmax_rows_scalar(bool log, const T* x, int64_t rows, int64_t n, T* y);
template <class T>
void softmax_cols_scalar(bool log, const T* x, int64_t outer, int64_t n, int64_t inner, T* y);
template <class T>
void cumsum_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                   bool reverse, T* y);
template <class T>
void cumprod_scalar(const T* x, int64_t outer, int64_t n, int64_t inner, bool exclusive,
                    bool reverse, T* y);

}  // namespace tensorpad::kernels
