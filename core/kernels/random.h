#pragma once
#include <array>
#include <cstdint>

// Seeded, counter-based random kernels that are bit-identical natively and in WebAssembly,
// and match the TypeScript reference port in tests/js/support/philox.ts.
//
// STREAM LAYOUT (the contract shared with philox.ts and with callers that advance `offset`)
//   key     = { lo32(seed), hi32(seed) }
//   word(w) = Philox4x32-10(key, ctr = { lo32(w / 4), hi32(w / 4), 0, 0 })[w % 4]
//             for the 64-bit word index w. So the stream is a sequence of 32-bit words, 4 per
//             Philox block, and `offset` is a word index into it.
//   Every kernel uses exactly 2 words per element. One advance function then works for every
//   kernel, and each element depends only on its own position:
//       element i of a draw at `offset` reads the lane (a, b) = (word(p), word(p + 1)),
//       where p = offset + 2*i (mod 2^64).
//   Redraws (truncated normal values beyond 2 stddev; the i32 rejection, which happens with
//   probability < 2^-32): attempt j = 1, 2, ... for the element whose lane starts at p uses
//       (a, b) = Philox4x32-10(key, ctr = { lo32(p), hi32(p), j, 0 })[0..1].
//   Main-stream counters always have ctr[2] == 0, so redraw blocks never collide with them and
//   a slice of a draw is generated independently of whatever precedes it.
//
// TRANSFORMS of a lane (a, b); every step is an IEEE-exact operation in double precision:
//   uniform f32: u = (a >> 8) * 2^-24 (top 24 bits; b is unused);
//                v = float(double(lo) + (double(hi) - double(lo)) * u).
//   uniform f64: u = ((a << 21) | (b >> 11)) * 2^-53 (top 53 bits of the 64-bit a:b);
//                v = lo + (hi - lo) * u, or 2*(lo/2 + (hi/2 - lo/2) * u) when hi - lo overflows.
//                For both: a v that rounds up to hi is replaced by the largest value below hi, so
//                the result is in [lo, hi). If !(lo < hi) every element is lo; otherwise, if a
//                bound is infinite, every element is NaN.
//   uniform i32: x = (a << 32) | b, r = hi - lo, m = x * r (96-bit); value = lo + (m >> 64).
//                Rejected (and redrawn) iff (m mod 2^64) < (2^64 mod r): Lemire's method, exactly
//                unbiased. Values are in [lo, hi); if hi <= lo every element is lo.
//   normal:      u1 = (a + 0.5) * 2^-32, in (0, 1) so log never sees 0;
//                z  = sqrt(-2 * log(u1)) * cos(2*pi * b / 2^32)   (one Box-Muller branch, so
//                     elements never pair up across a slice boundary);
//                v  = mean + stddev * z in double; the f32 kernels round that once to float, so
//                     normal_f32 == float(normal_f64) for the same arguments.
//   truncated:   as normal, but while |z| > 2 the element is redrawn (attempts above).
// log and cos are detail::det_log / detail::cos_2pi_turn32 below (fdlibm-style, +-*/ and bit
// manipulation only), never the C library's, whose last bits differ between glibc and musl.
//
// random.cpp refuses to compile under -ffast-math or excess-precision (x87) arithmetic and turns
// off FMA contraction itself: any of those would change the last bits on some targets.
namespace tensorpad::kernels {
// Philox4x32-10 keyed by `seed`; element i of a draw uses words offset + 2i and offset + 2i + 1
// (see STREAM LAYOUT) so that any slice of a stream can be generated independently. `offset`
// lets a caller continue a stream. n <= 0 writes nothing.
void random_uniform_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, float lo, float hi);
void random_uniform_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double lo, double hi);
void random_uniform_i32(uint64_t seed, uint64_t offset, int32_t* out, int64_t n, int32_t lo, int32_t hi); // [lo, hi)
void random_normal_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, float mean, float stddev);
void random_normal_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double mean, double stddev);
// As TensorFlow: values more than 2 stddev from the mean are redrawn (deterministically).
void truncated_normal_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, float mean, float stddev);
void truncated_normal_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double mean, double stddev);
// Gamma(alpha) draws scaled by 1 / beta (beta is the rate, as TF.js), by Marsaglia and Tsang's
// method; alpha < 1 draws Gamma(alpha + 1) and multiplies by u^(1/alpha). Attempt j (0, 1, ...)
// of the element whose lane starts at p reads the side block
//   Philox4x32-10(key, ctr = { lo32(p), hi32(p), j, kGammaTag })
// whose words 0, 1 give the normal (Box-Muller as above), word 2 the acceptance uniform and word
// 3 the alpha < 1 uniform, each as (w + 0.5) * 2^-32. alpha == 0 gives 0; alpha < 0 or NaN gives
// NaN. The f32 kernel rounds the f64 result once.
constexpr uint32_t kGammaTag = 0x67616d6du;  // "gamm": ctr[3] of gamma's side blocks
void random_gamma_f32(uint64_t seed, uint64_t offset, float* out, int64_t n, double alpha, double beta);
void random_gamma_f64(uint64_t seed, uint64_t offset, double* out, int64_t n, double alpha, double beta);
// Categorical draws: row r of `weights` ([rows, classes], classes >= 1) holds probabilities up to
// a common factor (`logits`: log-probabilities, turned into exp(x - max)); out ([rows, samples])
// gets class indices. Sample s of row r is element i = r * samples + s of the draw: the first
// class whose running weight total exceeds u * total, with u from the element's lane as in
// uniform f64. Classes of weight 0 are never drawn; a row with a NaN, a negative weight or a
// total of 0 or inf (after the exp) gives -1 for all its samples (the op layer reports it).
void multinomial(uint64_t seed, uint64_t offset, const double* weights, int64_t rows,
                 int64_t classes, bool logits, int64_t samples, int32_t* out);
// Number of 32-bit stream words (the unit of `offset`) that a draw of n elements consumes, for
// every kernel above: 2 * n, or 0 for n <= 0. Redraws use separate counters and consume none.
// Drawing n at offset o and then m at o + random_counter_advance(n) yields exactly the same
// values as drawing n + m at o.
uint64_t random_counter_advance(int64_t n);

// Building blocks, exposed for tests and for the TypeScript cross-check; not a stable API.
namespace detail {
// One Philox4x32-10 block (Salmon et al., SC11), word order as in Random123.
std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> ctr, std::array<uint32_t, 2> key);
// Natural log, < 1 ulp (fdlibm's algorithm). log(0) = -inf, log(x < 0) = NaN.
double det_log(double x);
// sin / cos, < 1 ulp for |x| < 2^20 * pi/2 (~1.6e6, Cody-Waite reduction); NaN beyond that
// and for inf/NaN. The kernels do not use these (see cos_2pi_turn32); they share its polynomials.
double det_sin(double x);
double det_cos(double x);
// cos(2*pi * k / 2^32). The quadrant comes from the top two bits of k, so the argument
// reduction is exact and only the polynomial (and one multiply by pi/2) rounds.
double cos_2pi_turn32(uint32_t k);
// e^x, < 1 ulp (fdlibm's algorithm): +-*/ and exact scaling only, so identical everywhere.
double det_exp(double x);
// Lemire's multiply-high: with m = x * range, stores m >> 64 (in [0, range)) and returns true,
// or returns false when x falls in the biased remainder and has to be redrawn. range >= 1.
bool lemire_u32(uint64_t x, uint32_t range, uint32_t* result);
}  // namespace detail
}  // namespace tensorpad::kernels
