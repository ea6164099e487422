// Bit-reproducible random kernels; the stream layout and transforms are specified in random.h
// and mirrored operation for operation by tests/js/support/philox.ts.
#include "kernels/random.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

// Reproducibility rests on every floating-point operation being a single IEEE-rounded step.
#if defined(__FAST_MATH__)
#error "random.cpp must not be built with -ffast-math: it would change the last bits of the results"
#endif
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "random.cpp needs FLT_EVAL_METHOD == 0 (e.g. SSE2 rather than x87 math)"
#endif
// Fusing a*b+c into an FMA skips a rounding; GCC does that by default wherever the target has FMA
// (aarch64, x86 with -mfma), clang within an expression. Neither wasm nor the TS port fuses.
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

namespace tensorpad::kernels {
namespace {

inline uint32_t lo32(uint64_t v) { return static_cast<uint32_t>(v); }
inline uint32_t hi32(uint64_t v) { return static_cast<uint32_t>(v >> 32); }

inline uint32_t high_word(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return hi32(bits);
}

// --- Polynomial kernels, from fdlibm (musl's __sin.c / __cos.c / log.c) -------------------
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
// Developed at SunSoft, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
// distribute this software is freely granted, provided that this notice is preserved.
// Coefficients are written as hex floats so that no decimal conversion can differ; philox.ts
// builds the same bit patterns from their 32-bit halves (noted beside each).
constexpr double kS1 = -0x1.5555555555549p-3;   // bfc55555 55555549
constexpr double kS2 = 0x1.111111110f8a6p-7;    // 3f811111 1110f8a6
constexpr double kS3 = -0x1.a01a019c161d5p-13;  // bf2a01a0 19c161d5
constexpr double kS4 = 0x1.71de357b1fe7dp-19;   // 3ec71de3 57b1fe7d
constexpr double kS5 = -0x1.ae5e68a2b9cebp-26;  // be5ae5e6 8a2b9ceb
constexpr double kS6 = 0x1.5d93a5acfd57cp-33;   // 3de5d93a 5acfd57c
constexpr double kC1 = 0x1.555555555554cp-5;    // 3fa55555 5555554c
constexpr double kC2 = -0x1.6c16c16c15177p-10;  // bf56c16c 16c15177
constexpr double kC3 = 0x1.a01a019cb159p-16;    // 3efa01a0 19cb1590
constexpr double kC4 = -0x1.27e4f809c52adp-22;  // be927e4f 809c52ad
constexpr double kC5 = 0x1.1ee9ebdb4b1c4p-29;   // 3e21ee9e bdb4b1c4
constexpr double kC6 = -0x1.8fae9be8838d4p-37;  // bda8fae9 be8838d4
constexpr double kLn2Hi = 0x1.62e42feep-1;       // 3fe62e42 fee00000
constexpr double kLn2Lo = 0x1.a39ef35793c76p-33; // 3dea39ef 35793c76
constexpr double kLg1 = 0x1.5555555555593p-1;   // 3fe55555 55555593
constexpr double kLg2 = 0x1.999999997fa04p-2;   // 3fd99999 9997fa04
constexpr double kLg3 = 0x1.2492494229359p-2;   // 3fd24924 94229359
constexpr double kLg4 = 0x1.c71c51d8e78afp-3;   // 3fcc71c5 1d8e78af
constexpr double kLg5 = 0x1.7466496cb03dep-3;   // 3fc74664 96cb03de
constexpr double kLg6 = 0x1.39a09d078c69fp-3;   // 3fc39a09 d078c69f
constexpr double kLg7 = 0x1.2f112df3e5244p-3;   // 3fc2f112 df3e5244
constexpr double kPio2 = 0x1.921fb54442d18p+0;  // 3ff921fb 54442d18
// Cody-Waite split of pi/2 for det_sin/det_cos (not used by the kernels, not in philox.ts).
constexpr double kInvPio2 = 0x1.45f306dc9c883p-1;
constexpr double kPio2_1 = 0x1.921fb544p+0;
constexpr double kPio2_1t = 0x1.0b4611a626331p-34;
constexpr double kPio2_2 = 0x1.0b4611a6p-34;
constexpr double kPio2_2t = 0x1.3198a2e037073p-69;
constexpr double kPio2_3 = 0x1.3198a2ep-69;
constexpr double kPio2_3t = 0x1.b839a252049c1p-104;

// sin(x + y) for |x + y| <~ pi/4, y the tail of x (ignored when !has_tail).
double kernel_sin(double x, double y, bool has_tail) {
  const double z = x * x;
  const double w = z * z;
  const double r = kS2 + z * (kS3 + z * kS4) + z * w * (kS5 + z * kS6);
  const double v = z * x;
  if (!has_tail) return x + v * (kS1 + z * r);
  return x - ((z * (0.5 * y - v * r) - y) - v * kS1);
}

// cos(x + y) for |x + y| <~ pi/4. w + tail is 1 - z/2 split so the big term rounds only once.
double kernel_cos(double x, double y) {
  const double z = x * x;
  double w = z * z;
  const double r = z * (kC1 + z * (kC2 + z * kC3)) + w * w * (kC4 + z * (kC5 + z * kC6));
  const double hz = 0.5 * z;
  w = 1.0 - hz;
  return w + (((1.0 - w) - hz) + (z * r - x * y));
}

// x mod pi/2 as y0 + y1, returns the quadrant. Caller guarantees pi/4 < |x| < 2^20 * pi/2, where
// fn * kPio2_1 is exact (kPio2_1 has 33 significant bits) so up to three steps recover 118+ bits.
int rem_pio2_medium(double x, double* y0, double* y1) {
  // Round to nearest integer by pushing the fraction out of the mantissa.
  double fn = x * kInvPio2 + 0x1.8p52;
  fn = fn - 0x1.8p52;
  const int n = static_cast<int>(fn);
  double r = x - fn * kPio2_1;
  double w = fn * kPio2_1t;
  const int ex = static_cast<int>((high_word(x) >> 20) & 0x7ff);
  *y0 = r - w;
  if (ex - static_cast<int>((high_word(*y0) >> 20) & 0x7ff) > 16) {  // cancellation: 2nd step
    double t = r;
    w = fn * kPio2_2;
    r = t - w;
    w = fn * kPio2_2t - ((t - r) - w);
    *y0 = r - w;
    if (ex - static_cast<int>((high_word(*y0) >> 20) & 0x7ff) > 49) {  // 3rd step
      t = r;
      w = fn * kPio2_3;
      r = t - w;
      w = fn * kPio2_3t - ((t - r) - w);
      *y0 = r - w;
    }
  }
  *y1 = (r - *y0) - w;
  return n;
}

// --- Philox stream -------------------------------------------------------------------------
constexpr uint32_t kPhiloxM0 = 0xD2511F53u;
constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;  // golden ratio
constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;  // sqrt(3) - 1

struct Lane {
  uint32_t a;
  uint32_t b;
};

// Sequential reader of the word stream; caches the current block because consecutive words
// mostly share one.
class WordStream {
 public:
  explicit WordStream(uint64_t seed) : key_{lo32(seed), hi32(seed)} {}

  Lane lane(uint64_t p) { return Lane{word(p), word(p + 1)}; }

  Lane redraw(uint64_t p, uint32_t attempt) const {
    const auto r = detail::philox4x32_10({lo32(p), hi32(p), attempt, 0u}, key_);
    return Lane{r[0], r[1]};
  }

 private:
  uint32_t word(uint64_t w) {
    const uint64_t block = w >> 2;
    if (!valid_ || block != block_) {
      buf_ = detail::philox4x32_10({lo32(block), hi32(block), 0u, 0u}, key_);
      block_ = block;
      valid_ = true;
    }
    return buf_[w & 3];
  }

  std::array<uint32_t, 2> key_;
  std::array<uint32_t, 4> buf_{};
  uint64_t block_ = 0;
  bool valid_ = false;
};

// Calls f(i, p, lane) for each element; p is the lane's first word index (for redraws).
template <class F>
void for_each_lane(uint64_t seed, uint64_t offset, int64_t n, F&& f) {
  WordStream stream(seed);
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t p = offset + 2 * static_cast<uint64_t>(i);
    f(i, p, stream.lane(p), stream);
  }
}

double unit_f32(Lane l) { return static_cast<double>(l.a >> 8) * 0x1p-24; }

double unit_f64(Lane l) {
  return static_cast<double>((static_cast<uint64_t>(l.a) << 21) | (l.b >> 11)) * 0x1p-53;
}

double box_muller(Lane l) {
  const double u1 = (static_cast<double>(l.a) + 0.5) * 0x1p-32;  // (0, 1): log(u1) finite
  return std::sqrt(-2.0 * detail::det_log(u1)) * detail::cos_2pi_turn32(l.b);
}

template <class T>
void fill(T* out, int64_t n, T v) {
  for (int64_t i = 0; i < n; ++i) out[i] = v;
}

// z conditioned on |z| <= 2: redraws come from the side counters of this element's position.
double truncated_z(Lane l, uint64_t p, const WordStream& stream) {
  double z = box_muller(l);
  for (uint32_t attempt = 1; z > 2.0 || z < -2.0; ++attempt) z = box_muller(stream.redraw(p, attempt));
  return z;
}

// (w + 0.5) * 2^-32: a uniform in (0, 1) from one word, so log never sees 0.
double open_unit(uint32_t w) { return (static_cast<double>(w) + 0.5) * 0x1p-32; }

// One Gamma(alpha) draw, alpha > 0 (Marsaglia & Tsang, ACM TOMS 26(3), 2000).
double gamma_draw(double alpha, uint64_t p, const std::array<uint32_t, 2>& key) {
  const bool boost = alpha < 1.0;
  const double d = (boost ? alpha + 1.0 : alpha) - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (uint32_t attempt = 0;; ++attempt) {
    const auto w = detail::philox4x32_10({lo32(p), hi32(p), attempt, kGammaTag}, key);
    const double z = box_muller(Lane{w[0], w[1]});
    const double t = 1.0 + c * z;
    if (t <= 0.0) continue;
    const double v = t * t * t;
    const double log_u = detail::det_log(open_unit(w[2]));
    if (log_u >= 0.5 * z * z + d - d * v + d * detail::det_log(v)) continue;
    const double g = d * v;
    return boost ? g * detail::det_exp(detail::det_log(open_unit(w[3])) / alpha) : g;
  }
}

template <class T>
void gamma_fill(uint64_t seed, uint64_t offset, T* out, int64_t n, double alpha, double beta) {
  if (alpha == 0.0) return fill(out, n, T(0));
  if (!(alpha > 0.0)) return fill(out, n, std::numeric_limits<T>::quiet_NaN());
  const std::array<uint32_t, 2> key{lo32(seed), hi32(seed)};
  for (int64_t i = 0; i < n; ++i) {
    const uint64_t p = offset + 2 * static_cast<uint64_t>(i);
    out[i] = static_cast<T>(gamma_draw(alpha, p, key) / beta);
  }
}

}  // namespace

namespace detail {

// e^x = 2^k e^r with r = x - k ln2 in [-ln2/2, ln2/2] (ln2 split in two so k ln2 is exact), and
// e^r = 1 + r + r c / (2 - c) with c from a minimax polynomial in r^2.
double det_exp(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kInvLn2 = 1.44269504088896338700e+00;
  constexpr double kP1 = 1.66666666666666019037e-01, kP2 = -2.77777777770155933842e-03,
                   kP3 = 6.61375632143793436117e-05, kP4 = -1.65339022054652515390e-06,
                   kP5 = 4.13813679705723846039e-08;
  if (std::isnan(x)) return x;
  if (x > 709.782712893383973096) return std::numeric_limits<double>::infinity();
  if (x < -745.13321910194110842) return 0.0;
  const int k = static_cast<int>(kInvLn2 * x + (x < 0 ? -0.5 : 0.5));
  const double hi = x - k * kLn2Hi, lo = k * kLn2Lo;
  const double r = hi - lo;
  const double t = r * r;
  const double c = r - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  const double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
  // 2^k in two exact steps, so neither factor overflows or goes subnormal before the product.
  const int k1 = k / 2;
  return std::ldexp(std::ldexp(y, k1), k - k1);
}

std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> ctr, std::array<uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kPhiloxW0;
      key[1] += kPhiloxW1;
    }
    const uint64_t p0 = static_cast<uint64_t>(kPhiloxM0) * ctr[0];
    const uint64_t p1 = static_cast<uint64_t>(kPhiloxM1) * ctr[2];
    ctr = {hi32(p1) ^ ctr[1] ^ key[0], lo32(p1), hi32(p0) ^ ctr[3] ^ key[1], lo32(p0)};
  }
  return ctr;
}

// log(x) = k*ln2 + log(1+f) with 1+f in [sqrt(2)/2, sqrt(2)); log(1+f) = f - f^2/2 + s*(f^2/2 + R),
// s = f/(2+f), R a minimax polynomial in s^2.
double det_log(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  uint32_t hx = hi32(bits);
  int k = 0;
  if (hx < 0x00100000u || (hx >> 31) != 0) {
    if ((bits << 1) == 0) return -std::numeric_limits<double>::infinity();
    if ((hx >> 31) != 0) return std::numeric_limits<double>::quiet_NaN();
    k -= 54;  // subnormal: scale into the normal range
    x *= 0x1p54;
    std::memcpy(&bits, &x, sizeof bits);
    hx = hi32(bits);
  } else if (hx >= 0x7ff00000u) {
    return x;  // +inf or NaN
  } else if (hx == 0x3ff00000u && lo32(bits) == 0) {
    return 0.0;
  }
  // Split off the exponent, offset so the mantissa lands in [sqrt(2)/2, sqrt(2)).
  hx += 0x3ff00000u - 0x3fe6a09eu;
  k += static_cast<int>(hx >> 20) - 0x3ff;
  hx = (hx & 0x000fffffu) + 0x3fe6a09eu;
  bits = (static_cast<uint64_t>(hx) << 32) | lo32(bits);
  std::memcpy(&x, &bits, sizeof x);

  const double f = x - 1.0;
  const double hfsq = 0.5 * f * f;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  const double dk = k;
  return s * (hfsq + r) + dk * kLn2Lo - hfsq + f + dk * kLn2Hi;
}

double det_sin(double x) {
  const uint32_t ix = high_word(x) & 0x7fffffffu;
  if (ix <= 0x3fe921fbu) {                  // |x| <~ pi/4
    if (ix < 0x3e500000u) return x;          // |x| < 2^-26: sin x == x after rounding (keeps -0)
    return kernel_sin(x, 0.0, false);
  }
  if (ix >= 0x413921fbu) return std::numeric_limits<double>::quiet_NaN();  // outside domain, inf, NaN
  double y0, y1;
  switch (rem_pio2_medium(x, &y0, &y1) & 3) {
    case 0: return kernel_sin(y0, y1, true);
    case 1: return kernel_cos(y0, y1);
    case 2: return -kernel_sin(y0, y1, true);
    default: return -kernel_cos(y0, y1);
  }
}

double det_cos(double x) {
  const uint32_t ix = high_word(x) & 0x7fffffffu;
  if (ix <= 0x3fe921fbu) {
    if (ix < 0x3e46a09eu) return 1.0;        // |x| < 2^-27 * sqrt(2): cos x == 1 after rounding
    return kernel_cos(x, 0.0);
  }
  if (ix >= 0x413921fbu) return std::numeric_limits<double>::quiet_NaN();
  double y0, y1;
  switch (rem_pio2_medium(x, &y0, &y1) & 3) {
    case 0: return kernel_cos(y0, y1);
    case 1: return -kernel_sin(y0, y1, true);
    case 2: return -kernel_cos(y0, y1);
    default: return kernel_sin(y0, y1, true);
  }
}

double cos_2pi_turn32(uint32_t k) {
  // angle = q * pi/2 + phi, phi = (f / 2^30) * pi/2. For phi > pi/4 evaluate the complementary
  // function at pi/2 - phi, which (2^30 - f) gives exactly, so the kernel argument is <= pi/4.
  const uint32_t q = k >> 30;
  const uint32_t f = k & 0x3fffffffu;
  const bool mirror = f > 0x20000000u;
  const uint32_t g = mirror ? 0x40000000u - f : f;
  const double t = static_cast<double>(g) * 0x1p-30 * kPio2;
  // cos(q*pi/2 + phi) is cos(phi), -sin(phi), -cos(phi), sin(phi) for q = 0..3.
  const bool use_sin = ((q & 1u) != 0) != mirror;
  const double v = use_sin ? kernel_sin(t, 0.0, false) : kernel_cos(t, 0.0);
  return (q == 1 || q == 2) ? -v : v;
}

bool lemire_u32(uint64_t x, uint32_t range, uint32_t* result) {
  // 64x32 -> 96-bit product from two 32x32 partial products, so no __int128 is needed.
  const uint64_t lo_part = (x & 0xffffffffu) * range;
  const uint64_t mid = (x >> 32) * range + (lo_part >> 32);  // floor(x * range / 2^32)
  const uint64_t low64 = (mid << 32) | (lo_part & 0xffffffffu);
  if (low64 < range) {
    const uint64_t threshold = (0 - static_cast<uint64_t>(range)) % range;  // 2^64 mod range
    if (low64 < threshold) return false;
  }
  *result = hi32(mid);
  return true;
}

}  // namespace detail

uint64_t random_counter_advance(int64_t n) { return n > 0 ? 2 * static_cast<uint64_t>(n) : 0; }

void random_uniform_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, float lo, float hi) {
  if (!(lo < hi)) return fill(out, n, lo);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return fill(out, n, std::numeric_limits<float>::quiet_NaN());
  // In double, hi - lo cannot overflow and lo + d*u rounds once more only when cast to float.
  const double dlo = lo;
  const double d = static_cast<double>(hi) - dlo;
  const float below_hi = std::nextafter(hi, -std::numeric_limits<float>::infinity());
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t, Lane l, WordStream&) {
    const float v = static_cast<float>(dlo + d * unit_f32(l));
    out[i] = v < hi ? v : below_hi;
  });
}

void random_uniform_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double lo, double hi) {
  if (!(lo < hi)) return fill(out, n, lo);
  if (!std::isfinite(lo) || !std::isfinite(hi)) return fill(out, n, std::numeric_limits<double>::quiet_NaN());
  const double d = hi - lo;
  const bool overflow = !std::isfinite(d);  // only for lo < 0 < hi, where halving is exact
  const double half_lo = lo * 0.5;
  const double half_d = hi * 0.5 - half_lo;
  const double below_hi = std::nextafter(hi, -std::numeric_limits<double>::infinity());
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t, Lane l, WordStream&) {
    const double u = unit_f64(l);
    const double v = overflow ? 2.0 * (half_lo + half_d * u) : lo + d * u;
    out[i] = v < hi ? v : below_hi;
  });
}

void random_uniform_i32(uint64_t seed, uint64_t offset, int32_t* out, int64_t n, int32_t lo, int32_t hi) {
  if (hi <= lo) return fill(out, n, lo);
  const auto range = static_cast<uint32_t>(static_cast<int64_t>(hi) - lo);
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t p, Lane l, WordStream& stream) {
    uint32_t r;
    for (uint32_t attempt = 1;
         !detail::lemire_u32((static_cast<uint64_t>(l.a) << 32) | l.b, range, &r); ++attempt) {
      l = stream.redraw(p, attempt);
    }
    out[i] = static_cast<int32_t>(static_cast<int64_t>(lo) + r);
  });
}

void random_normal_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, float mean, float stddev) {
  const double m = mean, s = stddev;
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t, Lane l, WordStream&) {
    out[i] = static_cast<float>(m + s * box_muller(l));
  });
}

void random_normal_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double mean, double stddev) {
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t, Lane l, WordStream&) {
    out[i] = mean + stddev * box_muller(l);
  });
}

void truncated_normal_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, float mean, float stddev) {
  const double m = mean, s = stddev;
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t p, Lane l, WordStream& stream) {
    out[i] = static_cast<float>(m + s * truncated_z(l, p, stream));
  });
}

void truncated_normal_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double mean, double stddev) {
  for_each_lane(seed, offset, n, [&](int64_t i, uint64_t p, Lane l, WordStream& stream) {
    out[i] = mean + stddev * truncated_z(l, p, stream);
  });
}

void random_gamma_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, double alpha, double beta) {
  gamma_fill(seed, offset, out, n, alpha, beta);
}
void random_gamma_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double alpha, double beta) {
  gamma_fill(seed, offset, out, n, alpha, beta);
}

void multinomial(uint64_t seed, uint64_t offset, const double* weights, int64_t rows,
                 int64_t classes, bool logits, int64_t samples, int32_t* out) {
  std::vector<double> cdf(static_cast<size_t>(classes));
  WordStream stream(seed);
  for (int64_t r = 0; r < rows; ++r) {
    const double* w = weights + r * classes;
    double m = 0;
    if (logits) {
      m = -std::numeric_limits<double>::infinity();
      for (int64_t k = 0; k < classes; ++k) m = w[k] > m ? w[k] : m;
    }
    double total = 0;
    bool bad = false;
    for (int64_t k = 0; k < classes; ++k) {
      const double x = logits ? (m == -std::numeric_limits<double>::infinity() ? 0.0 : detail::det_exp(w[k] - m)) : w[k];
      bad = bad || !(x >= 0);
      total += x;
      cdf[k] = total;
    }
    int32_t* o = out + r * samples;
    if (bad || !(total > 0) || !std::isfinite(total)) {
      fill(o, samples, int32_t{-1});
      continue;
    }
    for (int64_t s = 0; s < samples; ++s) {
      const uint64_t p = offset + 2 * static_cast<uint64_t>(r * samples + s);
      const double target = unit_f64(stream.lane(p)) * total;
      // The first class whose running total exceeds the target (never a class of weight 0).
      int64_t k = std::upper_bound(cdf.begin(), cdf.end(), target) - cdf.begin();
      // u * total can round up to total: take the last class of nonzero weight.
      if (k == classes)
        for (k = classes - 1; k > 0 && cdf[k] == cdf[k - 1];) --k;
      o[s] = static_cast<int32_t>(k);
    }
  }
}

}  // namespace tensorpad::kernels
