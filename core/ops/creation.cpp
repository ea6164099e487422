// Tensors made from attributes alone: fill, range, linspace, eye and the seeded random draws.
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

Tensors eye_forward(const Tensors&, const Attrs& at) {
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
}

}  // namespace tensorpad::ops_detail
