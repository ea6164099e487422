// Tensors made from attributes alone: fill, range, linspace, eye and the seeded random draws
// (with multinomial, the one random op that reads a tensor: its logits).
#include <cmath>

#include "../kernels/random.h"
#include "../random_state.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include <array>

#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

Shape shape_attr(const char* op, const Attrs& at) {
  Shape s = at.ints("shape");
  for (int64_t d : s)
    if (d < 0) fail(op, ": negative dimension in shape ", shape_str(s));
  return s;
}

template <class T> void fill_n(T* p, int64_t n, double v) {
  for (int64_t i = 0; i < n; ++i) p[i] = static_cast<T>(v);
}

Tensor filled(DType dt, const Shape& s, double v) {
  Tensor t = Tensor::empty(dt, s);
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, uint8_t>) fill_n(t.data<T>(), t.size(), v != 0);
    else fill_n(t.data<T>(), t.size(), v);
  });
  return t;
}

Tensors fill_forward(const Tensors&, const Attrs& at) {
  return {filled(at.dtype("dtype"), shape_attr("fill", at), at.f("value"))};
}

// range(start, stop, step) like tf.range: ceil((stop - start) / step) elements.
int64_t range_count(double start, double stop, double step) {
  if (step == 0) fail("range: step must not be 0");
  double n = std::ceil((stop - start) / step);
  return n > 0 ? static_cast<int64_t>(n) : 0;
}

Tensors range_forward(const Tensors&, const Attrs& at) {
  double start = at.f("start"), stop = at.f("stop"), step = at.f("step");
  DType dt = at.dtype("dtype");
  if (dt == DType::b8) fail("range: dtype bool is not supported");
  Tensor t = Tensor::empty(dt, {range_count(start, stop, step)});
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < t.size(); ++i) t.data<T>()[i] = static_cast<T>(start + i * step);
  });
  return {t};
}

Tensors linspace_forward(const Tensors&, const Attrs& at) {
  double start = at.f("start"), stop = at.f("stop");
  int64_t num = at.i("num");
  if (num < 0) fail("linspace: num must be >= 0, got ", num);
  DType dt = at.dtype("dtype");
  if (!is_floating(dt)) fail("linspace: dtype must be float32 or float64, got ", dtype_name(dt));
  Tensor t = Tensor::empty(dt, {num});
  double step = num > 1 ? (stop - start) / static_cast<double>(num - 1) : 0;
  dispatch_float(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t i = 0; i < num; ++i)
      t.data<T>()[i] = static_cast<T>(i == num - 1 && num > 1 ? stop : start + i * step);
  });
  return {t};
}

// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE Tensors eye_forward(const Tensors&, const Attrs& at) {
  int64_t rows = at.i("numRows"), cols = at.i("numColumns");
  if (cols < 0) cols = rows;
  if (rows < 0) fail("eye: numRows must be >= 0, got ", rows);
  Shape s = at.ints("batchShape");
  s.push_back(rows);
  s.push_back(cols);
  Tensor t = Tensor::zeros(at.dtype("dtype"), s);
  int64_t batches = t.size() / std::max<int64_t>(rows * cols, 1);
  dispatch(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (int64_t b = 0; b < (rows * cols != 0 ? batches : 0); ++b)
      for (int64_t i = 0; i < std::min(rows, cols); ++i) t.data<T>()[b * rows * cols + i * cols + i] = T(1);
  });
  return {t};
}

enum class Draw { uniform, normal, truncated };

template <Draw kind> Tensors random_forward(const Tensors&, const Attrs& at) {
  constexpr const char* op = kind == Draw::uniform ? "randomUniform"
                             : kind == Draw::normal ? "randomNormal"
                                                    : "truncatedNormal";
  Tensor t = Tensor::empty(at.dtype("dtype"), shape_attr(op, at));
  // Negative seed/offset: the global stream, advanced past this draw.
  auto seed = at.i("seed") < 0 ? global_seed() : static_cast<uint64_t>(at.i("seed"));
  auto offset = at.i("offset") < 0 ? take_stream_words(kernels::random_counter_advance(t.size()))
                                   : static_cast<uint64_t>(at.i("offset"));
  double p = kind == Draw::uniform ? at.f("minval") : at.f("mean");
  double q = kind == Draw::uniform ? at.f("maxval") : at.f("stddev");
  int64_t n = t.size();
  switch (t.dtype()) {
    case DType::f32:
      if (kind == Draw::uniform) kernels::random_uniform_f32(seed, offset, t.data<float>(), n, float(p), float(q));
      if (kind == Draw::normal) kernels::random_normal_f32(seed, offset, t.data<float>(), n, float(p), float(q));
      if (kind == Draw::truncated) kernels::truncated_normal_f32(seed, offset, t.data<float>(), n, float(p), float(q));
      break;
    case DType::f64:
      if (kind == Draw::uniform) kernels::random_uniform_f64(seed, offset, t.data<double>(), n, p, q);
      if (kind == Draw::normal) kernels::random_normal_f64(seed, offset, t.data<double>(), n, p, q);
      if (kind == Draw::truncated) kernels::truncated_normal_f64(seed, offset, t.data<double>(), n, p, q);
      break;
    case DType::i32:
      if (kind != Draw::uniform) fail(op, ": dtype int32 is only supported by randomUniform");
      kernels::random_uniform_i32(seed, offset, t.data<int32_t>(), n, static_cast<int32_t>(p),
                                  static_cast<int32_t>(q));
      break;
    case DType::b8: fail(op, ": dtype bool is not supported");
  }
  return {t};
}

// Negative seed/offset attributes: the global stream, advanced past a draw of n elements.
std::pair<uint64_t, uint64_t> stream_of(const Attrs& at, int64_t n) {
  const uint64_t seed = at.i("seed") < 0 ? global_seed() : static_cast<uint64_t>(at.i("seed"));
  const uint64_t offset = at.i("offset") < 0
                              ? take_stream_words(kernels::random_counter_advance(n))
                              : static_cast<uint64_t>(at.i("offset"));
  return {seed, offset};
}

Tensors random_gamma_forward(const Tensors&, const Attrs& at) {
  const DType dt = at.dtype("dtype");
  if (!is_floating(dt)) fail("randomGamma: dtype must be float32 or float64, got ", dtype_name(dt));
  Tensor t = Tensor::empty(dt, shape_attr("randomGamma", at));
  const auto [seed, offset] = stream_of(at, t.size());
  const double alpha = at.f("alpha"), beta = at.f("beta");
  if (dt == DType::f32)
    kernels::random_gamma_f32(seed, offset, t.data<float>(), t.size(), alpha, beta);
  else
    kernels::random_gamma_f64(seed, offset, t.data<double>(), t.size(), alpha, beta);
  return {t};
}

// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE Tensors multinomial_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  require_floating("multinomial", x);
  if (x.rank() != 1 && x.rank() != 2)
    fail("multinomial: logits must have rank 1 or 2, got shape ", shape_str(x.shape()));
  const int64_t classes = x.dim(x.rank() - 1), rows = x.rank() == 2 ? x.dim(0) : 1;
  if (classes < 2) fail("multinomial: need at least 2 classes, got shape ", shape_str(x.shape()));
  const int64_t samples = at.i("numSamples");
  if (samples < 0) fail("multinomial: numSamples must be >= 0, got ", samples);
  Tensor out = Tensor::empty(DType::i32, x.rank() == 2 ? Shape{rows, samples} : Shape{samples});
  const auto [seed, offset] = stream_of(at, out.size());
  const Tensor w = cast_to(x, DType::f64).contiguous();
  const bool normalized = at.b("normalized");
  kernels::multinomial(seed, offset, w.data<double>(), rows, classes, !normalized, samples,
                       out.data<int32_t>());
  const int32_t* o = out.data<int32_t>();
  for (int64_t r = 0; r < rows && samples > 0; ++r)
    if (o[r * samples] < 0)
      fail("multinomial: row ", r, " of ", normalized ? "the probabilities" : "the logits",
           " (shape ", shape_str(x.shape()), ") has ",
           normalized ? "a NaN or negative weight, or a total that is not positive and finite"
                      : "a NaN or +inf, or is all -inf");
  return {out};
}

#if TENSORPAD_REFERENCES
// References: NumPy's builders (full, arange, linspace, eye), and the stream layout of random.h
// evaluated on whole arrays: Philox4x32-10 written from its specification, log/cos from the C
// library in double precision.
Tensors fill_reference(const Tensors&, const Attrs& at) {
  ref::Array r = ref::Array::from_shape(ref::xshape(at.ints("shape")));
  r.fill(at.f("value"));
  return {ref::to_tensor(r, ref::result_dtype(at.dtype("dtype")))};
}

Tensors range_reference(const Tensors&, const Attrs& at) {
  return {ref::to_tensor(xt::arange<double>(at.f("start"), at.f("stop"), at.f("step")),
                         ref::result_dtype(at.dtype("dtype")))};
}

Tensors linspace_reference(const Tensors&, const Attrs& at) {
  return {ref::to_tensor(
      xt::linspace<double>(at.f("start"), at.f("stop"), static_cast<size_t>(at.i("num"))),
      DType::f64)};
}

Tensors eye_reference(const Tensors&, const Attrs& at) {
  const size_t rows = static_cast<size_t>(at.i("numRows"));
  const size_t cols = at.i("numColumns") < 0 ? rows : static_cast<size_t>(at.i("numColumns"));
  std::vector<size_t> shape = ref::xshape(at.ints("batchShape"));
  shape.push_back(rows);
  shape.push_back(cols);
  return {ref::to_tensor(xt::broadcast(xt::eye<double>({rows, cols}), shape),
                         ref::result_dtype(at.dtype("dtype")))};
}

using Words = xt::xarray<uint64_t>;  // 32-bit words, held in 64 bits for exact products
uint64_t seed_of(const Attrs& at) { return static_cast<uint64_t>(at.i("seed")); }

// Philox4x32-10 (Salmon et al., SC11) over arrays of counters: ten rounds of two 32x32->64-bit
// products, the key bumped by the Weyl constants between rounds.
std::array<Words, 4> philox(std::array<Words, 4> c, uint64_t seed) {
  const uint64_t mask = 0xffffffffu;
  uint64_t k0 = seed & mask, k1 = seed >> 32;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) k0 = (k0 + 0x9E3779B9u) & mask, k1 = (k1 + 0xBB67AE85u) & mask;
    const Words p0 = uint64_t{0xD2511F53u} * c[0], p1 = uint64_t{0xCD9E8D57u} * c[2];
    c = {xt::eval((p1 >> 32) ^ c[1] ^ k0), xt::eval(p1 & mask), xt::eval((p0 >> 32) ^ c[3] ^ k1),
         xt::eval(p0 & mask)};
  }
  return c;
}

// Words w of the main stream: lane w % 4 of the block with counter {w / 4, 0} (64-bit).
Words stream_words(const Words& w, uint64_t seed) {
  const Words block = w >> 2;
  const Words zero = xt::zeros_like(w);
  const auto r = philox({xt::eval(block & 0xffffffffu), xt::eval(block >> 32), zero, zero}, seed);
  const Words lane = w & 3u;
  return xt::where(
      xt::equal(lane, 0u), r[0],
      xt::where(xt::equal(lane, 1u), r[1], xt::where(xt::equal(lane, 2u), r[2], r[3])));
}

ref::Array box_muller(const Words& a, const Words& b) {
  const ref::Array u1 = (xt::cast<double>(a) + 0.5) / 4294967296.0;
  return xt::sqrt(-2.0 * xt::log(u1)) * xt::cos(2 * M_PI * xt::cast<double>(b) / 4294967296.0);
}

template <Draw kind> Tensors random_reference(const Tensors&, const Attrs& at) {
  const DType dt = at.dtype("dtype");
  const uint64_t seed = static_cast<uint64_t>(at.i("seed"));
  const std::vector<size_t> shape = ref::xshape(at.ints("shape"));
  size_t n = 1;
  for (size_t d : shape) n *= d;
  // Element i reads the words p = offset + 2i and p + 1.
  const Words p = static_cast<uint64_t>(at.i("offset")) + 2 * xt::arange<uint64_t>(n);
  const Words a = stream_words(p, seed), b = stream_words(p + 1, seed);
  const double lo = kind == Draw::uniform ? at.f("minval") : at.f("mean");
  const double hi = kind == Draw::uniform ? at.f("maxval") : at.f("stddev");
  ref::Array v;
  if (kind == Draw::uniform && dt == DType::i32) {
    // floor(x * range / 2^64) for the 64-bit x = a:b, exactly (no redraw: p < 2^-32 per element).
    const uint64_t range =
        static_cast<uint64_t>(static_cast<int64_t>(hi) - static_cast<int64_t>(lo));
    const Words high = (a * range + ((b * range) >> 32)) >> 32;
    v = static_cast<double>(static_cast<int64_t>(lo)) + xt::cast<double>(high);
  } else if (kind == Draw::uniform) {
    const ref::Array u = dt == DType::f64
                             ? xt::eval((xt::cast<double>(a) * 4294967296.0 + xt::cast<double>(b)) /
                                        18446744073709551616.0)
                             : xt::eval(xt::cast<double>(a >> 8) / 16777216.0);
    v = lo + (hi - lo) * u;
  } else {
    ref::Array z = box_muller(a, b);
    // truncatedNormal: attempt j = 1, 2, ... redraws |z| > 2 from the block {p, j} (64-bit p).
    const Words zero = xt::zeros_like(p);
    for (uint64_t j = 1; kind == Draw::truncated && xt::any(xt::abs(z) > 2.0); ++j) {
      const auto r =
          philox({xt::eval(p & 0xffffffffu), xt::eval(p >> 32), xt::eval(zero + j), zero}, seed);
      z = xt::where(xt::abs(z) > 2.0, box_muller(r[0], r[1]), z);
    }
    v = lo + hi * z;
  }
  v.reshape(shape);
  return {ref::to_tensor(v, ref::result_dtype(dt))};
}
// Marsaglia-Tsang on every element at once: attempt j reads the side block {p, j, kGammaTag}.
Tensors random_gamma_reference(const Tensors&, const Attrs& at) {
  const std::vector<size_t> shape = ref::xshape(at.ints("shape"));
  size_t n = 1;
  for (size_t d : shape) n *= d;
  const double alpha = at.f("alpha"), beta = at.f("beta");
  ref::Array v = xt::zeros<double>({n});
  if (alpha < 0 || std::isnan(alpha)) v.fill(std::numeric_limits<double>::quiet_NaN());
  if (alpha > 0) {
    const Words p = static_cast<uint64_t>(at.i("offset")) + 2 * xt::arange<uint64_t>(n);
    const Words zero = xt::zeros_like(p);
    const double a1 = alpha < 1 ? alpha + 1 : alpha, d = a1 - 1.0 / 3, c = 1 / std::sqrt(9 * d);
    xt::xarray<bool> done = xt::zeros<bool>({n});
    for (uint64_t j = 0; !xt::all(done); ++j) {
      const auto r = philox({xt::eval(p & 0xffffffffu), xt::eval(p >> 32), xt::eval(zero + j),
                             xt::eval(zero + kernels::kGammaTag)},
                            seed_of(at));
      const ref::Array z = box_muller(r[0], r[1]);
      const ref::Array t = 1.0 + c * z;
      const ref::Array cube = t * t * t;
      const ref::Array log_u = xt::log((xt::cast<double>(r[2]) + 0.5) / 4294967296.0);
      const xt::xarray<bool> accept =
          t > 0.0 && log_u < 0.5 * z * z + d - d * cube + d * xt::log(cube);
      ref::Array g = d * cube;
      if (alpha < 1)
        g = g * xt::pow((xt::cast<double>(r[3]) + 0.5) / 4294967296.0, 1 / alpha);
      v = xt::where(accept && !done, g, v);
      done = done || accept;
    }
    v = v / beta;
  }
  v.reshape(shape);
  return {ref::to_tensor(v, ref::result_dtype(at.dtype("dtype")))};
}

// Per row: the weights (softmax of the logits unless normalized), their running totals, and for
// each sample the number of totals <= u * total, u the top 53 bits of the element's two words.
Tensors multinomial_reference(const Tensors& in, const Attrs& at) {
  ref::Array x = ref::to_xarray(in[0]);
  if (x.dimension() == 1) x.reshape({1, x.size()});
  const size_t rows = x.shape()[0], classes = x.shape()[1];
  const auto samples = static_cast<size_t>(at.i("numSamples"));
  // The row maxima evaluated first: broadcasting the lazy keep_dims reduction reads wrong maxima.
  const ref::Array m = xt::amax(x, {1}, xt::keep_dims);
  const ref::Array w = at.b("normalized") ? x : ref::Array(xt::exp(x - m));
  const ref::Array cdf = xt::cumsum(w, 1);
  const Words p =
      static_cast<uint64_t>(at.i("offset")) + 2 * xt::arange<uint64_t>(rows * samples);
  const Words a = stream_words(p, seed_of(at)), b = stream_words(p + 1, seed_of(at));
  const ref::Array u = xt::cast<double>((a << 21) | (b >> 11)) / 9007199254740992.0;
  ref::Array out = xt::zeros<double>({rows, samples});
  for (size_t r = 0; r < rows; ++r)
    for (size_t s = 0; s < samples; ++s) {
      const double target = u(r * samples + s) * cdf(r, classes - 1);
      size_t k = 0;
      while (k < classes && cdf(r, k) <= target) ++k;
      out(r, s) = static_cast<double>(k);
    }
  if (in[0].rank() == 1) out.reshape({samples});
  return {ref::to_tensor(out, DType::i32)};
}
#endif

Attrs attrs_of(std::initializer_list<std::pair<const char*, AttrValue>> kv) {
  Attrs a;
  for (auto& [k, v] : kv) a.set(k, v);
  return a;
}

constexpr int64_t F32 = static_cast<int64_t>(DType::f32), F64 = static_cast<int64_t>(DType::f64),
                  I32 = static_cast<int64_t>(DType::i32), B8 = static_cast<int64_t>(DType::b8);

std::vector<TestCase> fill_cases() {
  return {{"scalar", {}, attrs_of({{"shape", Shape{}}, {"value", 2.5}})},
          {"2x3 f32", {}, attrs_of({{"shape", Shape{2, 3}}, {"value", -1.0}})},
          {"int32", {}, attrs_of({{"shape", Shape{17}}, {"value", 7.0}, {"dtype", I32}})},
          {"bool", {}, attrs_of({{"shape", Shape{3, 1}}, {"value", 1.0}, {"dtype", B8}})},
          {"float64", {}, attrs_of({{"shape", Shape{2, 2, 2}}, {"value", 0.1}, {"dtype", F64}})},
          {"empty", {}, attrs_of({{"shape", Shape{0, 4}}, {"value", 1.0}})}};
}

std::vector<TestCase> range_cases() {
  return {{"0..5", {}, attrs_of({{"start", 0.0}, {"stop", 5.0}, {"step", 1.0}})},
          {"fractional step", {}, attrs_of({{"start", 1.0}, {"stop", 2.0}, {"step", 0.3}})},
          {"descending int", {}, attrs_of({{"start", 10.0}, {"stop", -3.0}, {"step", -4.0}, {"dtype", I32}})},
          {"empty", {}, attrs_of({{"start", 3.0}, {"stop", 3.0}, {"step", 1.0}})}};
}

std::vector<TestCase> linspace_cases() {
  return {{"0..1 x5", {}, attrs_of({{"start", 0.0}, {"stop", 1.0}, {"num", int64_t{5}}})},
          {"one", {}, attrs_of({{"start", 4.0}, {"stop", 9.0}, {"num", int64_t{1}}})},
          {"descending f64", {}, attrs_of({{"start", 2.0}, {"stop", -7.0}, {"num", int64_t{33}}, {"dtype", F64}})},
          {"none", {}, attrs_of({{"start", 0.0}, {"stop", 1.0}, {"num", int64_t{0}}})}};
}

std::vector<TestCase> eye_cases() {
  return {{"3", {}, attrs_of({{"numRows", int64_t{3}}})},
          {"2x5 int", {}, attrs_of({{"numRows", int64_t{2}}, {"numColumns", int64_t{5}}, {"dtype", I32}})},
          {"batched 4x2", {}, attrs_of({{"numRows", int64_t{4}}, {"numColumns", int64_t{2}}, {"batchShape", Shape{2, 3}}})},
          {"empty", {}, attrs_of({{"numRows", int64_t{0}}})}};
}

std::vector<TestCase> uniform_cases() {
  return {{"f32", {}, attrs_of({{"shape", Shape{1001}}, {"seed", int64_t{42}}, {"offset", int64_t{0}}, {"minval", -2.0}, {"maxval", 3.0}})},
          {"f64 offset", {}, attrs_of({{"shape", Shape{7, 9}}, {"seed", int64_t{7}}, {"offset", int64_t{10}}, {"dtype", F64}})},
          {"int32", {}, attrs_of({{"shape", Shape{257}}, {"seed", int64_t{3}}, {"offset", int64_t{0}}, {"minval", -5.0}, {"maxval", 11.0}, {"dtype", I32}})}};
}

std::vector<TestCase> normal_cases() {
  return {{"f32", {}, attrs_of({{"shape", Shape{999}}, {"seed", int64_t{1}}, {"offset", int64_t{0}}, {"mean", 1.0}, {"stddev", 2.0}})},
          {"f64 offset", {}, attrs_of({{"shape", Shape{4, 33}}, {"seed", int64_t{99}}, {"offset", int64_t{6}}, {"dtype", F64}})}};
}

std::vector<TestCase> gamma_cases() {
  auto c = [](Shape shape, int64_t seed, int64_t offset, double alpha, double beta, int64_t dt) {
    return attrs_of({{"shape", shape}, {"seed", seed}, {"offset", offset}, {"alpha", alpha},
                     {"beta", beta}, {"dtype", dt}});
  };
  return {{"f32 alpha 2.5", {}, c({1001}, 42, 0, 2.5, 1.0, F32)},
          {"f64 alpha 0.3 (boosted) beta 2", {}, c({7, 9}, 7, 10, 0.3, 2.0, F64)},
          {"f32 alpha 1", {}, c({257}, 3, 4, 1.0, 0.5, F32)},
          {"f64 alpha 40", {}, c({100}, 5, 0, 40.0, 1.0, F64)},
          {"alpha 0 gives 0", {}, c({5}, 1, 0, 0.0, 1.0, F32)},
          {"alpha < 0 gives NaN", {}, c({5}, 1, 0, -1.0, 1.0, F32)},
          {"empty", {}, c({0, 3}, 1, 0, 2.0, 1.0, F32)}};
}

std::vector<TestCase> multinomial_cases() {
  auto c = [](int64_t samples, bool normalized, int64_t seed, int64_t offset) {
    return attrs_of({{"numSamples", samples}, {"normalized", int64_t{normalized}}, {"seed", seed},
                     {"offset", offset}});
  };
  Tensor probs = Tensor::empty(DType::f64, {2, 4});
  const double pv[] = {0.1, 0.0, 0.6, 0.3, 0.25, 0.25, 0.25, 0.25};
  for (int i = 0; i < 8; ++i) probs.data<double>()[i] = pv[i];
  Tensor ninf = Tensor::empty(DType::f32, {3});
  const float nv[] = {0.5f, -std::numeric_limits<float>::infinity(), -0.5f};
  for (int i = 0; i < 3; ++i) ninf.data<float>()[i] = nv[i];
  return {{"logits [3,5]", {test_input(DType::f32, {3, 5}, -2, 2, 1)}, c(17, false, 42, 0)},
          {"logits rank 1", {test_input(DType::f32, {6}, -3, 3, 2)}, c(1000, false, 7, 6)},
          {"probabilities with a zero", {probs}, c(64, true, 3, 0)},
          {"a -inf logit is never drawn", {ninf}, c(200, false, 9, 0)},
          {"no samples", {test_input(DType::f64, {2, 3}, -1, 1, 3)}, c(0, false, 1, 0)}};
}

[[gnu::always_inline]] inline void define_random(OpId id, bool uniform, ForwardFn fwd, ForwardFn ref, std::vector<TestCase> (*cases)(), const char* doc) {
  OpDef& d = entry(id);
  d.attrs = {{"shape", AttrKind::Ints, Shape{}, true},
             {uniform ? "minval" : "mean", AttrKind::Float, uniform ? 0.0 : 0.0},
             {uniform ? "maxval" : "stddev", AttrKind::Float, 1.0},
             {"dtype", AttrKind::DType, F32},
             {"seed", AttrKind::Int, int64_t{-1}},
             {"offset", AttrKind::Int, int64_t{-1}}};
  d.forward = fwd;
  d.reference = ref;
  d.cases = TP_CASES(cases);
  d.rtol = 1e-6;
  d.atol = 1e-6;
  d.doc = doc;
  d.differentiable = Differentiable::kNo;
  d.stateful = true;
}

}  // namespace

void register_creation_ops() {
  OpDef& f = entry(OpId::fill);
  f.attrs = {{"shape", AttrKind::Ints, Shape{}, true}, {"value", AttrKind::Float, 0.0}, {"dtype", AttrKind::DType, F32}};
  f.differentiable = Differentiable::kNo;
  f.forward = fill_forward;
  f.reference = TP_REFERENCE(fill_reference);
  f.cases = TP_CASES(fill_cases);
  f.doc = "A tensor of the given shape and dtype with every element equal to value.";

  OpDef& r = entry(OpId::range);
  r.attrs = {{"start", AttrKind::Float, 0.0}, {"stop", AttrKind::Float, 0.0, true}, {"step", AttrKind::Float, 1.0}, {"dtype", AttrKind::DType, F32}};
  r.differentiable = Differentiable::kNo;
  r.forward = range_forward;
  r.reference = TP_REFERENCE(range_reference);
  r.cases = TP_CASES(range_cases);
  r.doc = "start, start+step, ... up to but excluding stop (tf.range).";

  OpDef& l = entry(OpId::linspace);
  l.attrs = {{"start", AttrKind::Float, 0.0, true}, {"stop", AttrKind::Float, 0.0, true}, {"num", AttrKind::Int, int64_t{0}, true}, {"dtype", AttrKind::DType, F32}};
  l.differentiable = Differentiable::kNo;
  l.forward = linspace_forward;
  l.reference = TP_REFERENCE(linspace_reference);
  l.cases = TP_CASES(linspace_cases);
  l.doc = "num evenly spaced values from start to stop inclusive.";

  OpDef& e = entry(OpId::eye);
  e.attrs = {{"numRows", AttrKind::Int, int64_t{0}, true}, {"numColumns", AttrKind::Int, int64_t{-1}}, {"batchShape", AttrKind::Ints, Shape{}}, {"dtype", AttrKind::DType, F32}};
  e.differentiable = Differentiable::kNo;
  e.forward = eye_forward;
  e.reference = TP_REFERENCE(eye_reference);
  e.cases = TP_CASES(eye_cases);
  e.doc = "Identity matrices (numColumns defaults to numRows), optionally batched.";

  define_random(
      OpId::randomUniform, true, random_forward<Draw::uniform>,
      TP_REFERENCE(random_reference<Draw::uniform>), uniform_cases,
      "Uniform values in [minval, maxval) from a counter-based Philox stream (seed, offset).");
  define_random(OpId::randomNormal, false, random_forward<Draw::normal>,
                TP_REFERENCE(random_reference<Draw::normal>), normal_cases,
                "Normal values (mean, stddev) from a counter-based Philox stream (seed, offset).");
  define_random(OpId::truncatedNormal, false, random_forward<Draw::truncated>,
                TP_REFERENCE(random_reference<Draw::truncated>), normal_cases,
                "Normal values redrawn beyond 2 stddev, like tf.random.truncated_normal.");

  OpDef& g = entry(OpId::randomGamma);
  g.attrs = {{"shape", AttrKind::Ints, Shape{}, true}, {"alpha", AttrKind::Float, 0.0, true},
             {"beta", AttrKind::Float, 1.0}, {"dtype", AttrKind::DType, F32},
             {"seed", AttrKind::Int, int64_t{-1}}, {"offset", AttrKind::Int, int64_t{-1}}};
  g.forward = random_gamma_forward;
  g.reference = TP_REFERENCE(random_gamma_reference);
  g.cases = TP_CASES(gamma_cases);
  g.rtol = 1e-6;
  g.atol = 1e-6;
  g.doc =
      "Gamma(alpha) values divided by the rate beta (Marsaglia-Tsang) from a counter-based Philox "
      "stream (seed, offset); alpha 0 gives 0, alpha < 0 NaN.";
  g.differentiable = Differentiable::kNo;
  g.stateful = true;

  OpDef& m = entry(OpId::multinomial);
  m.num_inputs = 1;
  m.attrs = {{"numSamples", AttrKind::Int, int64_t{0}, true},
             {"normalized", AttrKind::Bool, int64_t{0}},
             {"seed", AttrKind::Int, int64_t{-1}},
             {"offset", AttrKind::Int, int64_t{-1}}};
  m.forward = multinomial_forward;
  m.reference = TP_REFERENCE(multinomial_reference);
  m.cases = TP_CASES(multinomial_cases);
  m.rtol = 0;
  m.atol = 0;
  m.doc =
      "numSamples int32 class indices per row of logits [classes] or [batch, classes] (normalized: "
      "probabilities), from a counter-based Philox stream (seed, offset).";
  m.differentiable = Differentiable::kNo;
  m.stateful = true;
}

}  // namespace tensorpad::ops_detail
