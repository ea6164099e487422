#pragma once
// Internals shared by the reduce*.cpp kernel files: the reduction operators, the SIMD accumulator
// and the contiguous-run and column loops. Not part of the kernel API (see reduce.h).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>

#include "kernels/reduce.h"

namespace tensorpad::kernels::detail {

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
constexpr bool kHaveSimd = false;
#else
constexpr bool kHaveSimd = true;
#endif

// Float sums of contiguous runs longer than this are split in halves (pairwise summation).
constexpr int64_t kPairBlock = 512;
// Column sums accumulate this many rows in registers before adding them to the running total.
constexpr int64_t kRowBlock = 128;
// Column kernels that need per-column temporaries work on chunks of this many columns (stack).
constexpr int64_t kColChunk = 256;

template <class T>
inline bool is_nan(T v) {
  if constexpr (std::is_floating_point_v<T>)
    return v != v;
  else
    return false;
}

// Identities of max/min: -inf/+inf for floats (as TensorFlow returns for empty reductions).
template <class T>
constexpr T lowest_value() {
  if constexpr (std::numeric_limits<T>::has_infinity)
    return -std::numeric_limits<T>::infinity();
  else
    return std::numeric_limits<T>::lowest();
}
template <class T>
constexpr T highest_value() {
  if constexpr (std::numeric_limits<T>::has_infinity)
    return std::numeric_limits<T>::infinity();
  else
    return std::numeric_limits<T>::max();
}

// int32 arithmetic wraps around (as TensorFlow's does) instead of being undefined.
template <class T>
inline T wrap_add(T a, T b) {
  if constexpr (std::is_same_v<T, int32_t>)
    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
  else
    return static_cast<T>(a + b);
}
template <class T>
inline T wrap_mul(T a, T b) {
  if constexpr (std::is_same_v<T, int32_t>)
    return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
  else
    return static_cast<T>(a * b);
}

// Operators: id() is the identity, step() the NaN-propagating scalar step, vstep() the fast vector
// step (for max/min it may drop NaN, which the accumulator tracks on the side when kNaN), vmerge()
// the NaN-propagating vector step used when merging finished accumulators.
template <class T>
struct SumOp {
  template <class U>
  using rebind = SumOp<U>;
  static constexpr bool kNaN = false;
  static constexpr bool kBlocked = std::is_floating_point_v<T>;
  static T id() { return T(0); }
  static T step(T a, T b) { return wrap_add(a, b); }
  template <class V>
  static V vstep(const V& a, const V& b) {
    return a + b;
  }
  template <class V>
  static V vmerge(const V& a, const V& b) {
    return a + b;
  }
};

template <class T>
struct ProdOp {
  template <class U>
  using rebind = ProdOp<U>;
  static constexpr bool kNaN = false;
  static constexpr bool kBlocked = false;
  static T id() { return T(1); }
  static T step(T a, T b) { return wrap_mul(a, b); }
  template <class V>
  static V vstep(const V& a, const V& b) {
    if constexpr (std::is_same_v<T, int32_t>) {
      // Through uint32: xsimd may multiply int32 lanes as signed scalars, undefined on overflow.
      using U = xsimd::batch<uint32_t, typename V::arch_type>;
      return xsimd::bitwise_cast<V>(xsimd::bitwise_cast<U>(a) * xsimd::bitwise_cast<U>(b));
    } else {
      return a * b;
    }
  }
  template <class V>
  static V vmerge(const V& a, const V& b) {
    return vstep(a, b);
  }
};

template <class T>
struct MaxOp {
  template <class U>
  using rebind = MaxOp<U>;
  static constexpr bool kNaN = std::is_floating_point_v<T>;
  static constexpr bool kBlocked = false;
  static T id() { return lowest_value<T>(); }
  static T step(T a, T b) { return (b > a || is_nan(b)) ? b : a; }  // a NaN `a` stays
  template <class V>
  static V vstep(const V& a, const V& b) {
    return xsimd::max(a, b);
  }
  template <class V>
  static V vmerge(const V& a, const V& b) {
    return xsimd::select((b > a) | (b != b), b, a);
  }
};

template <class T>
struct MinOp {
  template <class U>
  using rebind = MinOp<U>;
  static constexpr bool kNaN = std::is_floating_point_v<T>;
  static constexpr bool kBlocked = false;
  static T id() { return highest_value<T>(); }
  static T step(T a, T b) { return (b < a || is_nan(b)) ? b : a; }
  template <class V>
  static V vstep(const V& a, const V& b) {
    return xsimd::min(a, b);
  }
  template <class V>
  static V vmerge(const V& a, const V& b) {
    return xsimd::select((b < a) | (b != b), b, a);
  }
};

// Calls f(Op{}) with the operator type for `op`.
template <class T, class F>
void with_op(Reduce op, F&& f) {
  switch (op) {
    case Reduce::sum:
      return f(SumOp<T>{});
    case Reduce::prod:
      return f(ProdOp<T>{});
    case Reduce::max:
      return f(MaxOp<T>{});
    case Reduce::min:
      return f(MinOp<T>{});
  }
}

template <class T>
T identity(Reduce op) {
  T r{};
  with_op<T>(op, [&](auto o) { r = decltype(o)::id(); });
  return r;
}

// Straightforward strided fold for the scalar references: floats accumulate in double.
template <class Op, class T>
T fold_strided(const T* x, int64_t n, int64_t stride) {
  using A = std::conditional_t<std::is_floating_point_v<T>, double, T>;
  using OpA = typename Op::template rebind<A>;
  A acc = OpA::id();
  for (int64_t i = 0; i < n; ++i) acc = OpA::step(acc, static_cast<A>(x[i * stride]));
  return static_cast<T>(acc);
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)

template <class T>
using vec = xsimd::batch<T>;

// A vector accumulator; for float max/min it also remembers which lanes saw a NaN.
template <class Op, class T>
struct VAcc {
  using V = vec<T>;
  using B = typename V::batch_bool_type;
  V v = V(Op::id());
  B nan = B(false);

  void add(const V& x) {
    v = Op::vstep(v, x);
    if constexpr (Op::kNaN) nan = nan | (x != x);
  }
  void add(const VAcc& o) {
    v = Op::vstep(v, o.v);
    if constexpr (Op::kNaN) nan = nan | o.nan;
  }
  V value() const {
    if constexpr (Op::kNaN)
      return xsimd::select(nan, V(std::numeric_limits<T>::quiet_NaN()), v);
    else
      return v;
  }
};

template <class Op, class T>
T horizontal(const vec<T>& v) {
  constexpr int64_t W = vec<T>::size;
  alignas(64) T lanes[W];
  v.store_aligned(lanes);
  T r = lanes[0];
  for (int64_t i = 1; i < W; ++i) r = Op::step(r, lanes[i]);
  return r;
}

// op over a contiguous run: four accumulators, then one vector at a time, then a scalar tail.
template <class Op, class T>
T run_simd(const T* x, int64_t n) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  T r = Op::id();
  int64_t i = 0;
  if (n >= W) {
    VAcc<Op, T> a0, a1, a2, a3;
    for (; i + 4 * W <= n; i += 4 * W) {
      a0.add(V::load_unaligned(x + i));
      a1.add(V::load_unaligned(x + i + W));
      a2.add(V::load_unaligned(x + i + 2 * W));
      a3.add(V::load_unaligned(x + i + 3 * W));
    }
    for (; i + W <= n; i += W) a0.add(V::load_unaligned(x + i));
    a0.add(a1);
    a2.add(a3);
    a0.add(a2);
    r = horizontal<Op, T>(a0.value());
  }
  for (; i < n; ++i) r = Op::step(r, x[i]);
  return r;
}

// Pairwise on top of run_simd for float sums: the error grows with log(n / kPairBlock).
template <class Op, class T>
T run(const T* x, int64_t n) {
  if constexpr (Op::kBlocked) {
    if (n > kPairBlock) {
      const int64_t h = n / 2 / 64 * 64;
      return Op::step(run<Op>(x, h), run<Op>(x + h, n - h));
    }
  }
  return run_simd<Op>(x, n);
}

template <class Op, class T>
void store_merge(T* out, const vec<T>& v, bool first) {
  (first ? v : Op::vmerge(vec<T>::load_unaligned(out), v)).store_unaligned(out);
}

// acc[j] (j < w) = op over rows [r0, r1) of x[r*ld + j], merged into acc unless `first`:
// register accumulators over four vectors of columns, then one vector, then scalar columns.
template <class Op, class T>
void cols_pass(const T* x, int64_t r0, int64_t r1, int64_t ld, int64_t w, T* acc, bool first) {
  using V = vec<T>;
  constexpr int64_t W = V::size;
  int64_t j = 0;
  for (; j + 4 * W <= w; j += 4 * W) {
    VAcc<Op, T> a0, a1, a2, a3;
    for (int64_t r = r0; r < r1; ++r) {
      const T* p = x + r * ld + j;
      a0.add(V::load_unaligned(p));
      a1.add(V::load_unaligned(p + W));
      a2.add(V::load_unaligned(p + 2 * W));
      a3.add(V::load_unaligned(p + 3 * W));
    }
    store_merge<Op>(acc + j, a0.value(), first);
    store_merge<Op>(acc + j + W, a1.value(), first);
    store_merge<Op>(acc + j + 2 * W, a2.value(), first);
    store_merge<Op>(acc + j + 3 * W, a3.value(), first);
  }
  for (; j + W <= w; j += W) {
    VAcc<Op, T> a;
    for (int64_t r = r0; r < r1; ++r) a.add(V::load_unaligned(x + r * ld + j));
    store_merge<Op>(acc + j, a.value(), first);
  }
  for (; j < w; ++j) {
    T a = Op::id();
    for (int64_t r = r0; r < r1; ++r) a = Op::step(a, x[r * ld + j]);
    acc[j] = first ? a : Op::step(acc[j], a);
  }
}

// acc[j] (j < w <= kColChunk) = op over rows [r0, r1) of x[r*ld + j]: one row block of
// cols_simd, in sub-blocks of rows that fit in L1.
template <class Op, class T>
void cols_block(const T* x, int64_t r0, int64_t r1, int64_t ld, int64_t w, T* acc) {
  constexpr int64_t kL1Bytes = 16 * 1024;
  const int64_t sub = std::max<int64_t>(8, kL1Bytes / (w * static_cast<int64_t>(sizeof(T))));
  for (int64_t s0 = r0; s0 < r1; s0 += sub)
    cols_pass<Op>(x, s0, std::min(r1, s0 + sub), ld, w, acc, s0 == r0);
}

// out[j] = op over i < n of x[i*ld + j] for j < width, vectorised across j. Columns go in chunks
// of kColChunk. Within a chunk, rows are taken in sub-blocks that fit in L1 (so that memory is
// read in long row runs rather than one cache line per row), each summed in registers and merged
// into an L1 accumulator; blocked operators (float sums) merge that accumulator into out every
// kRowBlock rows, which keeps long columns accurate.
template <class Op, class T>
void cols_simd(const T* x, int64_t n, int64_t ld, int64_t width, T* out) {
  if (n == 0) {
    std::fill(out, out + width, Op::id());
    return;
  }
  const int64_t block = Op::kBlocked ? kRowBlock : n;
  alignas(64) T acc[kColChunk];
  for (int64_t j0 = 0; j0 < width; j0 += kColChunk) {
    const int64_t w = std::min(kColChunk, width - j0);
    for (int64_t r0 = 0; r0 < n; r0 += block) {
      cols_block<Op>(x + j0, r0, std::min(n, r0 + block), ld, w, acc);
      cols_pass<Op>(acc, 0, 1, 0, w, out + j0, r0 == 0);
    }
  }
}

#endif

}  // namespace tensorpad::kernels::detail
