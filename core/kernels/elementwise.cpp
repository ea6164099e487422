#include "kernels/elementwise.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#include "kernels/elementwise_math.h"
#include "parallel.h"
#include "size.h"

// Compiled three times: here with the float32 instantiations (and the shared non-template code),
// through elementwise_f64.cpp (TENSORPAD_KERNELS_F64) with the float64 ones and the scalar
// references, and through elementwise_other.cpp (TENSORPAD_KERNELS_OTHER_TYPES) with the int32 and
// uint8 ones; the engine compiles each for size, the last at -Oz (CMakeLists.txt).
namespace tensorpad::kernels {

#if !defined(TENSORPAD_KERNELS_OTHER_TYPES) && !defined(TENSORPAD_KERNELS_F64)
#define TENSORPAD_KERNELS_F32 1
#endif

#ifdef TENSORPAD_KERNELS_F32
int64_t Loop::size() const {
  int64_t n = 1;
  for (int d = 0; d < rank; ++d) n *= shape[d];
  return n;
}

Loop make_loop(int rank, const int64_t* shape, std::initializer_list<const int64_t*> strides) {
  Loop l;
  l.operands = static_cast<int>(strides.size());
  l.rank = 0;
  for (int d = 0; d < rank; ++d) {
    if (shape[d] == 0) {
      l.rank = 1;
      l.shape[0] = 0;
      return l;
    }
    if (shape[d] == 1) continue;
    // Merge into the previous kept dim when it steps exactly over this one in every operand.
    bool merge = l.rank > 0;
    int k = 0;
    for (const int64_t* s : strides) {
      merge = merge && l.strides[k][l.rank - 1] == s[d] * shape[d];
      ++k;
    }
    int at = merge ? l.rank - 1 : l.rank++;
    l.shape[at] = merge ? l.shape[at] * shape[d] : shape[d];
    k = 0;
    for (const int64_t* s : strides) l.strides[k++][at] = s[d];
  }
  if (l.rank == 0) {
    l.rank = 1;
    l.shape[0] = 1;
    for (int k = 0; k < l.operands; ++k) l.strides[k][0] = 0;
  }
  return l;
}
#endif

namespace detail {
namespace {

// Rows longer than this that need gathering (or scattering) go through stack buffers in chunks.
constexpr int64_t kChunk = 256;
// Column block of the tiled walk over transposed operands.
constexpr int64_t kTile = 32;

// A row callback as a plain function pointer and its context: the walks below are compiled once,
// not once per (op, dtype) as templates on the callback would be (they were a third of the engine).
// The indirect call costs once per row, not per element.
using RowFn = void (*)(const void* ctx, const int64_t* off, int64_t n);

template <class Row>
void call_row(const void* ctx, const int64_t* off, int64_t n) {
  (*static_cast<const Row*>(ctx))(off, n);
}

// Calls row(offsets, n) for every innermost row of the loop; offsets are per operand, in elements.
// When an operand is strided along the innermost dim (a transposed view), the two innermost dims
// are walked in column blocks of kTile instead, so that the cache lines of that operand are reused
// by the next rows of the block rather than evicted: large power-of-two strides otherwise map every
// element of a row to the same cache set.
void walk_rows(const Loop& l, const int64_t* base, RowFn row, const void* ctx) {
  const int r = l.rank;
  const int64_t n = l.shape[r - 1];
  if (n == 0) return;
  bool tile = false;
  for (int k = 0; k < l.operands && r >= 2 && n > kTile; ++k)
    tile = tile || std::abs(l.strides[k][r - 1]) > 1;
  const int outer = tile ? r - 2 : r - 1;  // dims walked by the odometer below
  int64_t off[Loop::kMaxOperands] = {};
  for (int k = 0; k < l.operands; ++k) off[k] = base[k];
  int64_t idx[Loop::kMaxRank] = {};
  for (;;) {
    if (!tile) {
      row(ctx, static_cast<const int64_t*>(off), n);
    } else {
      int64_t at[Loop::kMaxOperands];
      for (int64_t c = 0; c < n; c += kTile) {
        for (int64_t i = 0; i < l.shape[r - 2]; ++i) {
          for (int k = 0; k < l.operands; ++k)
            at[k] = off[k] + i * l.strides[k][r - 2] + c * l.strides[k][r - 1];
          row(ctx, static_cast<const int64_t*>(at), std::min(kTile, n - c));
        }
      }
    }
    int d = outer - 1;
    for (; d >= 0; --d) {
      for (int k = 0; k < l.operands; ++k) off[k] += l.strides[k][d];
      if (++idx[d] < l.shape[d]) break;
      for (int k = 0; k < l.operands; ++k) off[k] -= l.strides[k][d] * l.shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

// Large loops are split along their outermost dim into one piece per thread (each piece a loop of
// its own at an offset). Every element is computed by the same vector code whatever its position
// (see map1), so the split never changes a result.
constexpr int64_t kMinTaskElements = int64_t(1) << 15;

void for_each_row(const Loop& l, RowFn row, const void* ctx) {
  const int64_t zero[Loop::kMaxOperands] = {};
  const int64_t outer = l.shape[0];
  const int64_t tasks = outer > 1 ? parallel::task_count(l.size(), kMinTaskElements) : 1;
  if (tasks <= 1) return walk_rows(l, zero, row, ctx);
  parallel::for_tasks(tasks, [&](int64_t t) {
    const int64_t b = outer * t / tasks, e = outer * (t + 1) / tasks;
    if (b == e) return;
    Loop piece = l;
    piece.shape[0] = e - b;
    int64_t base[Loop::kMaxOperands] = {};
    for (int k = 0; k < l.operands; ++k) base[k] = b * l.strides[k][0];
    walk_rows(piece, base, row, ctx);
  });
}

template <class Row>
void for_each_row(const Loop& l, const Row& row) {
  for_each_row(l, &call_row<Row>, &row);
}

// y[i] = f(x[i]), contiguous. Unrolled main loop, one-vector loop, and a tail computed in a
// zero-padded vector so that each element's result does not depend on its position (Costly ops:
// the unrolled loop alone, tail included; Rare ones one vector at a time; the same values).
// The row kernels are out of line: each (op, dtype) body exists once, shared by every loop shape
// that calls it (inlined, each op's vector code was copied into every walk below, 5x the bytes);
// a call per row costs nothing next to the row.
template <class T, class F>
[[gnu::noinline]] void map1(int64_t n, const T* x, T* y, const F& f) {
  int64_t i = 0;
  if constexpr (kSimd<T> && std::is_base_of_v<Costly, F>) {
    // The unrolled body also computes the tail, from a zero-padded copy: four copies of f instead
    // of six, and the four independent vectors keep the polynomial's latency hidden.
    using V = xsimd::batch<T>;
    constexpr int64_t W = V::size;
    alignas(64) T buf[4 * W] = {};
    if constexpr (std::is_base_of_v<Rare, F>) {
      for (; i < n; i += W) {
        const bool tail = i + W > n;
        if (tail) std::memcpy(buf, x + i, sizeof(T) * (n - i));
        f(V::load_unaligned(tail ? buf : x + i)).store_unaligned(tail ? buf : y + i);
        if (tail) std::memcpy(y + i, buf, sizeof(T) * (n - i));
      }
      return;
    }
    for (; i < n; i += 4 * W) {
      const bool tail = i + 4 * W > n;
      if (tail) std::memcpy(buf, x + i, sizeof(T) * (n - i));
      const T* src = tail ? buf : x + i;
      const V r0 = f(V::load_unaligned(src)), r1 = f(V::load_unaligned(src + W));
      const V r2 = f(V::load_unaligned(src + 2 * W)), r3 = f(V::load_unaligned(src + 3 * W));
      T* dst = tail ? buf : y + i;
      r0.store_unaligned(dst);
      r1.store_unaligned(dst + W);
      r2.store_unaligned(dst + 2 * W);
      r3.store_unaligned(dst + 3 * W);
      if (tail) std::memcpy(y + i, buf, sizeof(T) * (n - i));
    }
  } else if constexpr (kSimd<T>) {
    using V = xsimd::batch<T>;
    constexpr int64_t W = V::size;
    for (; i + 4 * W <= n; i += 4 * W) {
      const V r0 = f(V::load_unaligned(x + i)), r1 = f(V::load_unaligned(x + i + W));
      const V r2 = f(V::load_unaligned(x + i + 2 * W)), r3 = f(V::load_unaligned(x + i + 3 * W));
      r0.store_unaligned(y + i);
      r1.store_unaligned(y + i + W);
      r2.store_unaligned(y + i + 2 * W);
      r3.store_unaligned(y + i + 3 * W);
    }
    for (; i + W <= n; i += W) f(V::load_unaligned(x + i)).store_unaligned(y + i);
    if (i < n) {
      alignas(64) T buf[W] = {};
      std::memcpy(buf, x + i, sizeof(T) * (n - i));
      f(V::load_aligned(buf)).store_aligned(buf);
      std::memcpy(y + i, buf, sizeof(T) * (n - i));
    }
  } else {
    for (; i < n; ++i) y[i] = f(x[i]);
  }
}

// o[i] = f(a[i], b[i]), contiguous; AS / BS: that operand is one broadcast value.
template <bool AS, bool BS, class T, class F>
[[gnu::noinline]] void map2(int64_t n, const T* a, const T* b, T* o, const F& f) {
  int64_t i = 0;
  if constexpr (kSimd<T> && std::is_base_of_v<Costly, F>) {
    // As in map1: the unrolled body computes the tail too, from zero-padded copies.
    using V = xsimd::batch<T>;
    constexpr int64_t W = V::size;
    const V ba(a[0]), bb(b[0]);
    alignas(64) T ta[4 * W] = {}, tb[4 * W] = {};
    if constexpr (std::is_base_of_v<Rare, F>) {
      for (; i < n; i += W) {
        const bool tail = i + W > n;
        const size_t bytes = sizeof(T) * (tail ? n - i : W);
        if (tail && !AS) std::memcpy(ta, a + i, bytes);
        if (tail && !BS) std::memcpy(tb, b + i, bytes);
        const V r = f(AS ? ba : V::load_unaligned(tail ? ta : a + i),
                      BS ? bb : V::load_unaligned(tail ? tb : b + i));
        r.store_unaligned(tail ? ta : o + i);
        if (tail) std::memcpy(o + i, ta, bytes);
      }
      return;
    }
    for (; i < n; i += 4 * W) {
      const bool tail = i + 4 * W > n;
      const size_t bytes = sizeof(T) * (tail ? n - i : 4 * W);
      if (tail && !AS) std::memcpy(ta, a + i, bytes);
      if (tail && !BS) std::memcpy(tb, b + i, bytes);
      const T* pa = tail ? ta : a + i;
      const T* pb = tail ? tb : b + i;
      auto la = [&](int64_t j) { return AS ? ba : V::load_unaligned(pa + j); };
      auto lb = [&](int64_t j) { return BS ? bb : V::load_unaligned(pb + j); };
      const V r0 = f(la(0), lb(0)), r1 = f(la(W), lb(W));
      const V r2 = f(la(2 * W), lb(2 * W)), r3 = f(la(3 * W), lb(3 * W));
      T* dst = tail ? ta : o + i;
      r0.store_unaligned(dst);
      r1.store_unaligned(dst + W);
      r2.store_unaligned(dst + 2 * W);
      r3.store_unaligned(dst + 3 * W);
      if (tail) std::memcpy(o + i, ta, bytes);
    }
  } else if constexpr (kSimd<T> && !std::is_base_of_v<ScalarOnly, F>) {
    using V = xsimd::batch<T>;
    constexpr int64_t W = V::size;
    const V ba(a[0]), bb(b[0]);
    auto la = [&](int64_t j) { return AS ? ba : V::load_unaligned(a + j); };
    auto lb = [&](int64_t j) { return BS ? bb : V::load_unaligned(b + j); };
    for (; i + 4 * W <= n; i += 4 * W) {
      const V r0 = f(la(i), lb(i)), r1 = f(la(i + W), lb(i + W));
      const V r2 = f(la(i + 2 * W), lb(i + 2 * W)), r3 = f(la(i + 3 * W), lb(i + 3 * W));
      r0.store_unaligned(o + i);
      r1.store_unaligned(o + i + W);
      r2.store_unaligned(o + i + 2 * W);
      r3.store_unaligned(o + i + 3 * W);
    }
    for (; i + W <= n; i += W) f(la(i), lb(i)).store_unaligned(o + i);
    if (i < n) {
      alignas(64) T ta[W] = {}, tb[W] = {};
      const size_t bytes = sizeof(T) * (n - i);
      if (!AS) std::memcpy(ta, a + i, bytes);
      if (!BS) std::memcpy(tb, b + i, bytes);
      V r = f(AS ? ba : V::load_aligned(ta), BS ? bb : V::load_aligned(tb));
      r.store_aligned(ta);
      std::memcpy(o + i, ta, bytes);
    }
  } else {
    for (; i < n; ++i) o[i] = f(a[AS ? 0 : i], b[BS ? 0 : i]);
  }
}

template <class T>
const T* gather(const T* src, int64_t stride, int64_t n, T* buf) {
  for (int64_t i = 0; i < n; ++i) buf[i] = src[i * stride];
  return buf;
}

template <class T>
void scatter(const T* buf, int64_t n, T* dst, int64_t stride) {
  for (int64_t i = 0; i < n; ++i) dst[i * stride] = buf[i];
}

template <class T, class F>
void unary_row(int64_t n, const T* x, int64_t sx, T* y, int64_t sy, const F& f) {
  if (sx == 1 && sy == 1) return map1(n, x, y, f);
  T buf[kChunk];
  for (int64_t i = 0; i < n; i += kChunk) {
    const int64_t m = std::min(kChunk, n - i);
    gather(x + i * sx, sx, m, buf);
    map1(m, buf, sy == 1 ? y + i : buf, f);
    if (sy != 1) scatter(buf, m, y + i * sy, sy);
  }
}

template <class T, class F>
void map2_dispatch(int64_t n, const T* a, bool as, const T* b, bool bs, T* o, const F& f) {
  if (as && bs) return map2<true, true>(n, a, b, o, f);
  if (as) return map2<true, false>(n, a, b, o, f);
  if (bs) return map2<false, true>(n, a, b, o, f);
  map2<false, false>(n, a, b, o, f);
}

// Strides 1 and 0 run the vector kernel in place (tensor op tensor, tensor op scalar, scalar op
// tensor); any other stride is gathered into a chunk buffer, as is a non-unit output stride.
template <class T, class F>
void binary_row(int64_t n, const T* a, int64_t sa, const T* b, int64_t sb, T* o, int64_t so,
                const F& f) {
  const bool ga = sa != 0 && sa != 1, gb = sb != 0 && sb != 1, go = so != 1;
  if (!ga && !gb && !go) return map2_dispatch(n, a, sa == 0, b, sb == 0, o, f);
  T ba[kChunk], bb[kChunk], bo[kChunk];
  for (int64_t i = 0; i < n; i += kChunk) {
    const int64_t m = std::min(kChunk, n - i);
    const T* pa = ga ? gather(a + i * sa, sa, m, ba) : a + i * sa;
    const T* pb = gb ? gather(b + i * sb, sb, m, bb) : b + i * sb;
    map2_dispatch(m, pa, sa == 0, pb, sb == 0, go ? bo : o + i, f);
    if (go) scatter(bo, m, o + i * so, so);
  }
}

// Scalar strided rows for the mixed-type ops (bool results); the dense case is a plain loop the
// compiler vectorises. In the float32 file TP_VECTORIZE asks for it at -O1 too (that file's level
// in the engine): the gradient of relu compares on every training step, 3x slower unvectorised.
// The other files are compiled for size, where clang does not vectorise.
#ifdef TENSORPAD_KERNELS_F32
#define TP_ROW_VECTORIZE TP_VECTORIZE
#else
#define TP_ROW_VECTORIZE
#endif
template <class R, class F, class A>
[[gnu::noinline]] void scalar_row1(int64_t n, R* o, int64_t so, const A* a, int64_t sa, const F& f) {
  if (so == 1 && sa == 1) {
    TP_ROW_VECTORIZE
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i]);
  } else {
    for (int64_t i = 0; i < n; ++i) o[i * so] = f(a[i * sa]);
  }
}

template <class R, class F, class A, class B>
[[gnu::noinline]] void scalar_row2(int64_t n, R* o, int64_t so, const A* a, int64_t sa, const B* b, int64_t sb,
                 const F& f) {
  if (so == 1 && sa == 1 && sb == 1) {
    TP_ROW_VECTORIZE
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i], b[i]);
  } else if (so == 1 && sa == 1 && sb == 0) {
    const B bv = *b;
    TP_ROW_VECTORIZE
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i], bv);
  } else {
    for (int64_t i = 0; i < n; ++i) o[i * so] = f(a[i * sa], b[i * sb]);
  }
}

template <class T, class Fn>
void visit_unary(Unary op, const UnaryParams& p, Fn&& run) {
#define TP_CASE(name) \
  case Unary::name:   \
    return run(make<fn::name>(p));
  if constexpr (std::is_integral_v<T>) {
    switch (op) {
      TP_UNARY_INT_KERNELS(TP_CASE)
      default:
        return;
    }
  } else {
    switch (op) { TP_UNARY_INT_KERNELS(TP_CASE) TP_UNARY_FLOAT_KERNELS(TP_CASE) }
  }
#undef TP_CASE
}

template <class T, class Fn>
void visit_binary(Binary op, Fn&& run) {
#define TP_CASE(name) \
  case Binary::name:  \
    return run(fn::name{});
  if constexpr (std::is_integral_v<T>) {
    switch (op) {
      TP_BINARY_INT_KERNELS(TP_CASE)
      default:
        return;
    }
  } else {
    switch (op) { TP_BINARY_INT_KERNELS(TP_CASE) TP_BINARY_FLOAT_KERNELS(TP_CASE) }
  }
#undef TP_CASE
}

template <class Fn>
void visit_compare(Compare op, Fn&& run) {
  switch (op) {
    case Compare::equal:
      return run([](auto a, auto b) -> uint8_t { return a == b; });
    case Compare::not_equal:
      return run([](auto a, auto b) -> uint8_t { return a != b; });
    case Compare::less:
      return run([](auto a, auto b) -> uint8_t { return a < b; });
    case Compare::less_equal:
      return run([](auto a, auto b) -> uint8_t { return a <= b; });
    case Compare::greater:
      return run([](auto a, auto b) -> uint8_t { return a > b; });
    case Compare::greater_equal:
      return run([](auto a, auto b) -> uint8_t { return a >= b; });
  }
}

}  // namespace
}  // namespace detail

using detail::for_each_row;

template <class T>
void unary(Unary op, int64_t n, const T* x, int64_t sx, T* y, int64_t sy, const UnaryParams& p) {
  detail::visit_unary<T>(op, p, [&](const auto& f) { detail::unary_row(n, x, sx, y, sy, f); });
}

template <class T>
void unary(Unary op, const Loop& l, const T* x, T* y, const UnaryParams& p) {
  const int64_t sy = l.strides[0][l.rank - 1], sx = l.strides[1][l.rank - 1];
  detail::visit_unary<T>(op, p, [&](const auto& f) {
    for_each_row(l, [&](const int64_t* off, int64_t n) {
      detail::unary_row(n, x + off[1], sx, y + off[0], sy, f);
    });
  });
}

template <class T>
void binary(Binary op, int64_t n, const T* a, int64_t sa, const T* b, int64_t sb, T* out,
            int64_t so) {
  detail::visit_binary<T>(op,
                          [&](const auto& f) { detail::binary_row(n, a, sa, b, sb, out, so, f); });
}

template <class T>
void binary(Binary op, const Loop& l, const T* a, const T* b, T* out) {
  const int r = l.rank - 1;
  const int64_t so = l.strides[0][r], sa = l.strides[1][r], sb = l.strides[2][r];
  detail::visit_binary<T>(op, [&](const auto& f) {
    // Dense rows (same shapes, scalar or row broadcast such as a bias add): the vector variant is
    // chosen once for all rows, which keeps short rows cheap.
    auto dense = [&](auto as, auto bs) {
      for_each_row(l, [&](const int64_t* off, int64_t n) {
        detail::map2<decltype(as)::value, decltype(bs)::value>(n, a + off[1], b + off[2],
                                                               out + off[0], f);
      });
    };
    using Y = std::true_type;
    using N = std::false_type;
    if (so == 1 && sa == 1 && sb == 1) return dense(N{}, N{});
    if (so == 1 && sa == 1 && sb == 0) return dense(N{}, Y{});
    if (so == 1 && sa == 0 && sb == 1) return dense(Y{}, N{});
    for_each_row(l, [&](const int64_t* off, int64_t n) {
      detail::binary_row(n, a + off[1], sa, b + off[2], sb, out + off[0], so, f);
    });
  });
}

template <class T>
void compare(Compare op, const Loop& l, const T* a, const T* b, uint8_t* out) {
  const int r = l.rank - 1;
  const int64_t so = l.strides[0][r], sa = l.strides[1][r], sb = l.strides[2][r];
  detail::visit_compare(op, [&](const auto& f) {
    for_each_row(l, [&](const int64_t* off, int64_t n) {
      detail::scalar_row2(n, out + off[0], so, a + off[1], sa, b + off[2], sb, f);
    });
  });
}

#ifdef TENSORPAD_KERNELS_F32
void logical(Logical op, const Loop& l, const uint8_t* a, const uint8_t* b, uint8_t* out) {
  const int r = l.rank - 1;
  const int64_t so = l.strides[0][r], sa = l.strides[1][r];
  auto run2 = [&](auto f) {
    const int64_t sb = l.strides[2][r];
    for_each_row(l, [&](const int64_t* off, int64_t n) {
      detail::scalar_row2(n, out + off[0], so, a + off[1], sa, b + off[2], sb, f);
    });
  };
  switch (op) {
    case Logical::logical_and:
      return run2([](uint8_t x, uint8_t y) -> uint8_t { return x && y; });
    case Logical::logical_or:
      return run2([](uint8_t x, uint8_t y) -> uint8_t { return x || y; });
    case Logical::logical_not:
      for_each_row(l, [&](const int64_t* off, int64_t n) {
        detail::scalar_row1(n, out + off[0], so, a + off[1], sa,
                            [](uint8_t x) -> uint8_t { return !x; });
      });
      return;
  }
}
#endif

template <class T>
void classify(Classify op, const Loop& l, const T* x, uint8_t* out) {
  const int64_t so = l.strides[0][l.rank - 1], sx = l.strides[1][l.rank - 1];
  auto run = [&](auto f) {
    for_each_row(l, [&](const int64_t* off, int64_t n) {
      detail::scalar_row1(n, out + off[0], so, x + off[1], sx, f);
    });
  };
  // x - x is 0 for finite x, NaN for infinities and NaN.
  if (op == Classify::is_nan) return run([](T v) -> uint8_t { return !(v == v); });
  run([](T v) -> uint8_t { return v - v == T(0); });
}

template <class T>
void select(const Loop& l, const uint8_t* cond, const T* a, const T* b, T* out) {
  const int r = l.rank - 1;
  const int64_t so = l.strides[0][r], sc = l.strides[1][r], sa = l.strides[2][r],
                sb = l.strides[3][r];
  for_each_row(l, [&](const int64_t* off, int64_t n) {
    const uint8_t* c = cond + off[1];
    const T *pa = a + off[2], *pb = b + off[3];
    T* o = out + off[0];
    if (so == 1 && sc == 1 && sa == 1 && sb == 1) {
      for (int64_t i = 0; i < n; ++i) o[i] = c[i] ? pa[i] : pb[i];
    } else {
      for (int64_t i = 0; i < n; ++i) o[i * so] = c[i * sc] ? pa[i * sa] : pb[i * sb];
    }
  });
}

#ifdef TENSORPAD_KERNELS_F64
double unary_scalar(Unary op, double x, const UnaryParams& p) {
  double y = 0;
  detail::visit_unary<double>(op, p, [&](const auto& f) { y = f(x); });
  return y;
}

double binary_scalar(Binary op, double a, double b) {
  double y = 0;
  detail::visit_binary<double>(op, [&](const auto& f) { y = f(a, b); });
  return y;
}
#endif

#define TP_INSTANTIATE_ARITH(T)                                                               \
  template void unary<T>(Unary, const Loop&, const T*, T*, const UnaryParams&);               \
  template void unary<T>(Unary, int64_t, const T*, int64_t, T*, int64_t, const UnaryParams&); \
  template void binary<T>(Binary, const Loop&, const T*, const T*, T*);                       \
  template void binary<T>(Binary, int64_t, const T*, int64_t, const T*, int64_t, T*, int64_t);
#define TP_INSTANTIATE_ANY(T)                                                   \
  template void compare<T>(Compare, const Loop&, const T*, const T*, uint8_t*); \
  template void select<T>(const Loop&, const uint8_t*, const T*, const T*, T*);
#if defined(TENSORPAD_KERNELS_F32)
TP_INSTANTIATE_ARITH(float)
TP_INSTANTIATE_ANY(float)
template void classify<float>(Classify, const Loop&, const float*, uint8_t*);
#elif defined(TENSORPAD_KERNELS_F64)
TP_INSTANTIATE_ARITH(double)
TP_INSTANTIATE_ANY(double)
template void classify<double>(Classify, const Loop&, const double*, uint8_t*);
#else
TP_INSTANTIATE_ARITH(int32_t)
TP_INSTANTIATE_ANY(int32_t)
TP_INSTANTIATE_ANY(uint8_t)
#endif
#undef TP_INSTANTIATE_ARITH
#undef TP_INSTANTIATE_ANY

}  // namespace tensorpad::kernels
