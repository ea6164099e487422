#pragma once
// Per-element expressions of the elementwise kernels (internal to elementwise.cpp). Each is written
// once, generic over the lane type V: an xsimd batch in the vector loops, or a scalar (float,
// double, int32_t) in the scalar references and the scalar-only kernels. xsimd's scalar overloads
// forward to <cmath>, so `xsimd::exp(x)` is std::exp for a scalar x.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <xsimd/xsimd.hpp>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include "kernels/elementwise.h"

namespace tensorpad::kernels::detail {

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class T>
constexpr bool kSimd = false;
#elif defined(__EMSCRIPTEN__)
// float64 runs scalar in the WASM engine: SIMD128 holds only two doubles, and the vector bodies
// of every op in float64 were a quarter of the engine's bytes for a dtype no hot path uses
// (training is float32; float64 serves references and gradient checks).
template <class T>
constexpr bool kSimd = std::is_same_v<T, float>;
#else
template <class T>
constexpr bool kSimd = std::is_same_v<T, float> || std::is_same_v<T, double>;
#endif

template <class V>
struct lane {
  using type = V;
};
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class T, class A>
struct lane<xsimd::batch<T, A>> {
  using type = T;
};
#endif

// The constant c in every lane of V.
template <class V>
inline V k(double c) {
  return V(static_cast<typename lane<V>::type>(c));
}

// Lane-wise c ? a : b.
template <class T>
inline T sel(bool c, T a, T b) {
  return c ? a : b;
}

// max(bound, x) / min(bound, x) returning x when x is NaN. This is the operand order of SSE
// maxps/minps (and of Emscripten's SIMD128 lowering of them), so the batch forms are one xsimd
// max/min; the scalar forms spell the same rule out.
template <class T>
inline T max_nan(T bound, T x) {
  return bound > x ? bound : x;
}
template <class T>
inline T min_nan(T bound, T x) {
  return bound < x ? bound : x;
}

#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class T, class A>
inline xsimd::batch<T, A> sel(const xsimd::batch_bool<T, A>& c, const xsimd::batch<T, A>& a,
                              const xsimd::batch<T, A>& b) {
  return xsimd::select(c, a, b);
}
template <class T, class A>
inline xsimd::batch<T, A> max_nan(const xsimd::batch<T, A>& bound, const xsimd::batch<T, A>& x) {
  return xsimd::max(bound, x);
}
template <class T, class A>
inline xsimd::batch<T, A> min_nan(const xsimd::batch<T, A>& bound, const xsimd::batch<T, A>& x) {
  return xsimd::min(bound, x);
}
#if defined(__wasm_simd128__)
// Emscripten lowers maxps/minps to a compare and a bitselect; SIMD128's pseudo-max/min are the
// same rule in one instruction: pmax(x, b) = x < b ? b : x, pmin(x, b) = b < x ? b : x.
template <class A>
inline xsimd::batch<float, A> max_nan(const xsimd::batch<float, A>& bound,
                                      const xsimd::batch<float, A>& x) {
  return xsimd::batch<float, A>((__m128)wasm_f32x4_pmax((v128_t)(__m128)x, (v128_t)(__m128)bound));
}
template <class A>
inline xsimd::batch<float, A> min_nan(const xsimd::batch<float, A>& bound,
                                      const xsimd::batch<float, A>& x) {
  return xsimd::batch<float, A>((__m128)wasm_f32x4_pmin((v128_t)(__m128)x, (v128_t)(__m128)bound));
}
template <class A>
inline xsimd::batch<double, A> max_nan(const xsimd::batch<double, A>& bound,
                                       const xsimd::batch<double, A>& x) {
  return xsimd::batch<double, A>(
      (__m128d)wasm_f64x2_pmax((v128_t)(__m128d)x, (v128_t)(__m128d)bound));
}
template <class A>
inline xsimd::batch<double, A> min_nan(const xsimd::batch<double, A>& bound,
                                       const xsimd::batch<double, A>& x) {
  return xsimd::batch<double, A>(
      (__m128d)wasm_f64x2_pmin((v128_t)(__m128d)x, (v128_t)(__m128d)bound));
}
#endif
#endif

// ---- float32 exp family for batches ----
// xsimd's float exp, expm1, tanh, erf and erfc turn floats into ints with SSE cvtps2dq, which
// Emscripten lowers lane by lane through lrintf: 3-10x slower in WASM than the arithmetic around
// it. These versions build 2^n from the bits of n + 1.5 * 2^23 instead, so they stay in SIMD128;
// native builds run the same code. Scalars and float64 use xsimd / <cmath>. sin, cos and tan
// still use xsimd, whose range reduction has the same slow conversion in WASM (~4x).
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
namespace f32 {

template <class A>
using VF = xsimd::batch<float, A>;

// 2^n for integral n in [-126, 127].
template <class A>
inline VF<A> pow2i(const VF<A>& n) {
  using VI = xsimd::batch<int32_t, A>;
  const VI bits = xsimd::bitwise_cast<VI>(n + VF<A>(12582912.f));  // low bits hold n + 2^22
  return xsimd::bitwise_cast<VF<A>>((bits + VI(127)) << 23);       // the 2^22 shifts out
}

// x = n ln2 + r with |r| <= ln2/2 (Cody-Waite, n*C1 exact); e^x = (1 + q) * s1 * s2 with
// q = e^r - 1 (Taylor to r^7: truncation < 6e-9) and 2^n split into two halves s1 * s2. x is
// clamped to [-110, 89] with NaN kept (max_nan/min_nan), so no select is needed afterwards: the
// halves stay normal, the products overflow to inf above ln(FLT_MAX), round to 0 or subnormals
// below, and NaN flows through q.
template <class A>
struct ExpParts {
  VF<A> q, s1, s2, n, h;
  explicit ExpParts(const VF<A>& x) {
    const VF<A> xc = min_nan(VF<A>(89.f), max_nan(VF<A>(-110.f), x));
    n = xsimd::nearbyint(xc * VF<A>(1.44269504088896341f));
    VF<A> r = xc - n * VF<A>(0.693359375f);
    r = r - n * VF<A>(-2.12194440e-4f);
    const VF<A> p = VF<A>(1.f / 6) +
                    r * (VF<A>(1.f / 24) +
                         r * (VF<A>(1.f / 120) + r * (VF<A>(1.f / 720) + r * VF<A>(1.f / 5040))));
    q = r + r * r * (VF<A>(0.5f) + r * p);
    h = xsimd::floor(n * VF<A>(0.5f));
    s1 = pow2i(h);
    s2 = pow2i(n - h);
  }
};

template <class A>
inline VF<A> exp(const VF<A>& x) {
  const ExpParts<A> e(x);
  return (VF<A>(1.f) + e.q) * e.s1 * e.s2;
}

// 2^n q + 2^n - 1 = s2 (s1 q + (s1 - 1/s2)): exact q for n = 0, and 2^n alone never has to
// exist (it would overflow at n = 128).
template <class A>
inline VF<A> expm1(const VF<A>& x) {
  const ExpParts<A> e(x);
  return e.s2 * (e.s1 * e.q + (e.s1 - pow2i(e.h - e.n)));
}

// tanh|x| = -expm1(-2|x|) / (2 + expm1(-2|x|)): accurate near 0, exactly 1 for large |x|.
template <class A>
inline VF<A> tanh(const VF<A>& x) {
  const VF<A> e = expm1(VF<A>(-2.f) * xsimd::abs(x));
  return xsimd::copysign(-e / (VF<A>(2.f) + e), x);
}

// xsimd's own float erf/erfc (Boost.SIMD polynomials), with the exp above.
template <class A>
inline VF<A> erf(const VF<A>& x) {
  using K = xsimd::kernel::detail::erf_kernel<VF<A>>;
  const VF<A> ax = xsimd::abs(x);
  const VF<A> small = x * K::erf1(x * x);
  const VF<A> z = ax / (VF<A>(1.f) + ax) - VF<A>(0.4f);
  const VF<A> big = xsimd::copysign(VF<A>(1.f) - exp(-ax * ax) * K::erfc2(z), x);
  const VF<A> r = xsimd::select(ax < VF<A>(2.f / 3.f), small, big);
  return xsimd::select(xsimd::isinf(x), xsimd::copysign(VF<A>(1.f), x), r);
}

template <class A>
inline VF<A> erfc(const VF<A>& x) {
  using K = xsimd::kernel::detail::erf_kernel<VF<A>>;
  const VF<A> ax = xsimd::abs(x);
  const VF<A> z = ax / (VF<A>(1.f) + ax);
  VF<A> r =
      xsimd::select(ax < VF<A>(2.f / 3.f), K::erfc3(z), exp(-ax * ax) * K::erfc2(z - VF<A>(0.4f)));
  r = xsimd::select(ax == VF<A>(std::numeric_limits<float>::infinity()), VF<A>(0.f), r);
  return xsimd::select(x < VF<A>(0.f), VF<A>(2.f) - r, r);
}

}  // namespace f32
#endif

// exp, expm1, tanh, erf, erfc for any lane type: the float32 batch versions above, else xsimd's.
template <class V>
inline V vexp(const V& x) {
  return xsimd::exp(x);
}
template <class V>
inline V vexpm1(const V& x) {
  return xsimd::expm1(x);
}
template <class V>
inline V vtanh(const V& x) {
  return xsimd::tanh(x);
}
template <class V>
inline V verf(const V& x) {
  return xsimd::erf(x);
}
template <class V>
inline V verfc(const V& x) {
  return xsimd::erfc(x);
}
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
template <class A>
inline f32::VF<A> vexp(const f32::VF<A>& x) {
  return f32::exp(x);
}
template <class A>
inline f32::VF<A> vexpm1(const f32::VF<A>& x) {
  return f32::expm1(x);
}
template <class A>
inline f32::VF<A> vtanh(const f32::VF<A>& x) {
  return f32::tanh(x);
}
template <class A>
inline f32::VF<A> verf(const f32::VF<A>& x) {
  return f32::erf(x);
}
template <class A>
inline f32::VF<A> verfc(const f32::VF<A>& x) {
  return f32::erfc(x);
}
#endif

// Unary functors that take parameters are constructible from UnaryParams; the others are empty.
template <class F>
inline F make(const UnaryParams& p) {
  if constexpr (std::is_constructible_v<F, const UnaryParams&>) {
    return F(p);
  } else {
    return F{};
  }
}

// Marks a binary functor whose float form has no exact vector expression (fmod).
struct ScalarOnly {};
// Marks a functor whose vector form is long (range reduction, polynomials, exp inside): its rows
// run the 4x unrolled loop alone, the tail from a zero-padded copy, so the body is compiled four
// times rather than six (no one-vector loop, no separate tail). One vector per iteration would be
// one copy, but log on 1M floats then ran at 0.3x: the unrolling hides the polynomial's latency.
struct Costly {};
// A Costly functor that no training step or benchmark runs on more than a scalar (trigonometric,
// hyperbolic, erf, pow, atan2): one vector per iteration, one copy of the body instead of four
// (4 KiB gzip off the engine; 1M floats took 1.0-1.5x the time of the unrolled loop).
struct Rare : Costly {};

namespace fn {

template <class V>
constexpr bool is_int = std::is_integral_v<V>;

// int32 arithmetic wraps around (two's complement) instead of overflowing.
inline int32_t wrap(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(v)); }

// ---- unary ----
struct neg {
  template <class V>
  V operator()(V x) const {
    if constexpr (is_int<V>)
      return wrap(-int64_t{x});
    else
      return -x;
  }
};
struct abs {
  template <class V>
  V operator()(V x) const {
    if constexpr (is_int<V>)
      return wrap(x < 0 ? -int64_t{x} : x);
    else
      return xsimd::abs(x);
  }
};
// sign(+-0) = +-0 and sign(NaN) = 0 (TensorFlow's documented rule, and TF.js's).
struct sign {
  template <class V>
  V operator()(V x) const {
    if constexpr (is_int<V>)
      return (x > 0) - (x < 0);
    else
      return sel(x > k<V>(0), k<V>(1), sel(x < k<V>(0), k<V>(-1), sel(x == x, x, k<V>(0))));
  }
};
struct square {
  template <class V>
  V operator()(V x) const {
    if constexpr (is_int<V>)
      return wrap(int64_t{x} * x);
    else
      return x * x;
  }
};
struct floor {
  template <class V>
  V operator()(V x) const {
    return xsimd::floor(x);
  }
};
struct ceil {
  template <class V>
  V operator()(V x) const {
    return xsimd::ceil(x);
  }
};
// Half to even, like TensorFlow (the default rounding mode).
struct round {
  template <class V>
  V operator()(V x) const {
    return xsimd::nearbyint(x);
  }
};
struct sqrt {
  template <class V>
  V operator()(V x) const {
    return xsimd::sqrt(x);
  }
};
// Exact 1/sqrt: xsimd::rsqrt is an approximation on SSE.
struct rsqrt {
  template <class V>
  V operator()(V x) const {
    return k<V>(1) / xsimd::sqrt(x);
  }
};
struct reciprocal {
  template <class V>
  V operator()(V x) const {
    return k<V>(1) / x;
  }
};
struct exp : Costly {
  template <class V>
  V operator()(V x) const {
    return vexp(x);
  }
};
struct expm1 : Costly {
  template <class V>
  V operator()(V x) const {
    return vexpm1(x);
  }
};
struct log : Costly {
  template <class V>
  V operator()(V x) const {
    return xsimd::log(x);
  }
};
struct log1p : Costly {
  template <class V>
  V operator()(V x) const {
    return xsimd::log1p(x);
  }
};
struct sin : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::sin(x);
  }
};
struct cos : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::cos(x);
  }
};
struct tan : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::tan(x);
  }
};
struct tanh : Costly {
  template <class V>
  V operator()(V x) const {
    return vtanh(x);
  }
};
struct erf : Rare {
  template <class V>
  V operator()(V x) const {
    return verf(x);
  }
};
// Inverse trigonometric and hyperbolic functions: NaN outside the domain (|x| > 1 for acos, asin
// and atanh; x < 1 for acosh), +-inf at atanh(+-1), as <cmath>.
struct acos : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::acos(x);
  }
};
struct asin : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::asin(x);
  }
};
struct atan : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::atan(x);
  }
};
struct acosh : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::acosh(x);
  }
};
struct asinh : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::asinh(x);
  }
};
struct atanh : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::atanh(x);
  }
};
struct cosh : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::cosh(x);
  }
};
struct sinh : Rare {
  template <class V>
  V operator()(V x) const {
    return xsimd::sinh(x);
  }
};
// 1 / (1 + e^-x): exact to a few ulp on both tails (0.5 + 0.5 tanh(x/2) loses the left tail).
struct sigmoid : Costly {
  template <class V>
  V operator()(V x) const {
    return k<V>(1) / (k<V>(1) + vexp(-x));
  }
};
// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow for large x, no loss for negative x.
struct softplus : Costly {
  template <class V>
  V operator()(V x) const {
    return max_nan(k<V>(0), x) + xsimd::log1p(vexp(-xsimd::abs(x)));
  }
};
struct relu {
  template <class V>
  V operator()(V x) const {
    return max_nan(k<V>(0), x);
  }
};
struct relu6 {
  template <class V>
  V operator()(V x) const {
    return min_nan(k<V>(6), max_nan(k<V>(0), x));
  }
};
struct elu : Costly {
  template <class V>
  V operator()(V x) const {
    return sel(x > k<V>(0), x, vexpm1(x));
  }
};
struct selu : Costly {
  static constexpr double kAlpha = 1.6732632423543772848170429916717;
  static constexpr double kScale = 1.0507009873554804934193349852946;
  template <class V>
  V operator()(V x) const {
    return k<V>(kScale) * sel(x > k<V>(0), x, k<V>(kAlpha) * vexpm1(x));
  }
};
struct leaky_relu {
  double alpha;
  explicit leaky_relu(const UnaryParams& p) : alpha(p.alpha) {}
  template <class V>
  V operator()(V x) const {
    return sel(x > k<V>(0), x, k<V>(alpha) * x);
  }
};
// Exact: x/2 * erfc(-x/sqrt2), which keeps the left tail accurate where 1 + erf(x/sqrt2) cancels.
// Tanh form: x/2 * (1 + tanh(u)) = x * sigmoid(2u), u = sqrt(2/pi) * (x + 0.044715 x^3).
struct gelu : Costly {
  bool approximate;
  explicit gelu(const UnaryParams& p) : approximate(p.approximate) {}
  template <class V>
  V operator()(V x) const {
    if (approximate) {
      const V u2 = k<V>(2 * 0.7978845608028654) * (x + k<V>(0.044715) * x * x * x);
      return x / (k<V>(1) + vexp(-u2));
    }
    return k<V>(0.5) * x * verfc(x * k<V>(-0.7071067811865476));
  }
};
struct clip {
  double lo, hi;
  explicit clip(const UnaryParams& p) : lo(p.lo), hi(p.hi) {}
  template <class V>
  V operator()(V x) const {
    return min_nan(k<V>(hi), max_nan(k<V>(lo), x));
  }
};

// ---- binary ----
struct add {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>)
      return wrap(int64_t{a} + b);
    else
      return a + b;
  }
};
struct sub {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>)
      return wrap(int64_t{a} - b);
    else
      return a - b;
  }
};
struct mul {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>)
      return wrap(int64_t{a} * b);
    else
      return a * b;
  }
};
struct div {
  template <class V>
  V operator()(V a, V b) const {
    return a / b;
  }
};
// e^(b log|a|) with C pow's special cases: a^0 = 1^b = 1, odd integer b keeps a's sign (-0
// included), a negative finite a with non-integer b gives NaN, (-1)^+-inf = 1.
struct pow : Rare {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>) {
      // Square-and-multiply modulo 2^32 (exact wrap-around); b < 0: 1/a^|b| truncated.
      if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) ? -1 : 1) : 0;
      uint32_t r = 1, base = static_cast<uint32_t>(a);
      for (uint32_t e = static_cast<uint32_t>(b); e; e >>= 1) {
        if (e & 1) r *= base;
        base *= base;
      }
      return static_cast<int32_t>(r);
    } else {
      const V z = vexp(b * xsimd::log(xsimd::abs(a)));
      const auto b_int = xsimd::floor(b) == b;
      const auto b_odd = b_int && (xsimd::floor(b * k<V>(0.5)) * k<V>(2) != b);
      V r = sel(b_odd, xsimd::copysign(z, a), z);
      r = sel((a < k<V>(0)) && !b_int && !xsimd::isinf(a),
              k<V>(std::numeric_limits<double>::quiet_NaN()), r);
      r = sel((xsimd::abs(a) == k<V>(1)) && xsimd::isinf(b), k<V>(1), r);
      return sel((b == k<V>(0)) || (a == k<V>(1)), k<V>(1), r);
    }
  }
};
// Floor division (Python/TF); integers: division by zero gives 0, INT_MIN / -1 wraps to INT_MIN.
struct floor_div {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>) {
      if (b == 0) return 0;
      if (b == -1) return wrap(-int64_t{a});
      const V q = a / b;
      return (q * b != a && ((a < 0) != (b < 0))) ? q - 1 : q;
    } else {
      return xsimd::floor(a / b);
    }
  }
};
// Floor modulo: the result has b's sign (Python/TF); integers: mod by zero gives 0.
struct mod : ScalarOnly {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>) {
      if (b == 0 || b == -1) return 0;
      const V r = a % b;
      return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    } else {
      const V r = std::fmod(a, b);
      return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
    }
  }
};
// The angle of the point (b, a): atan2(y = a, x = b) with <cmath>'s signed-zero and infinity cases.
struct atan2 : Rare {
  template <class V>
  V operator()(V a, V b) const {
    // xsimd gives NaN for atan2(+-0, +-0) and atan2(+-inf, +-inf); C gives +-0 or +-pi for the
    // zeros (by the sign of b) and +-pi/4 or +-3pi/4 for the infinities.
    const V zero = k<V>(0);
    const auto zeros = (a == zero) && (b == zero);
    const auto infs = xsimd::isinf(a) && xsimd::isinf(b);
    V r = sel(zeros, sel(k<V>(1) / b < zero, k<V>(3.14159265358979323846), zero), xsimd::atan2(a, b));
    r = sel(infs, sel(b < zero, k<V>(2.35619449019234492885), k<V>(0.78539816339744830962)), r);
    return sel(zeros || infs, xsimd::copysign(r, a), r);
  }
};
// NaN in either operand gives NaN.
struct maximum {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>)
      return a > b ? a : b;
    else
      return sel(a != a, a, max_nan(a, b));
  }
};
struct minimum {
  template <class V>
  V operator()(V a, V b) const {
    if constexpr (is_int<V>)
      return a < b ? a : b;
    else
      return sel(a != a, a, min_nan(a, b));
  }
};

}  // namespace fn
}  // namespace tensorpad::kernels::detail
