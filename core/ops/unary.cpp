// Unary elementwise ops. Each math op is one row of kMath: its kernel, a double-precision
// reference expression (written independently of the kernel's), its test-input domain and
// tolerances; logicalNot, isNaN, isFinite and cast follow as small entries of their own.
// Floating edge conventions: NaN propagates through every op (relu, relu6 and clipByValue
// included) but sign, which gives 0 (TensorFlow's rule); round is half to even; sign(+-0) = +-0. int32: neg/abs/square wrap around.
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "../kernels/elementwise.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

using kernels::Unary;
using P = kernels::UnaryParams;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
#if TENSORPAD_REFERENCES
constexpr double kPi = 3.14159265358979323846;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kSeluScale = 1.0507009873554804934193349852946;
#endif

struct Domain {
  double lo, hi;
};

std::vector<AttrSpec> no_attrs() { return {}; }
std::vector<Attrs> default_attrs() { return {Attrs()}; }

// A unary reference: TP_XREF(expression of the xt::xarray<double> x and the attributes at).
#if TENSORPAD_REFERENCES
using RefFn = ref::Array (*)(const ref::Array& x, const Attrs& at);
#define TP_XREF(...) [](const ref::Array& x, const Attrs& at) -> ref::Array { return __VA_ARGS__; }
#else
using RefFn = std::nullptr_t;
#define TP_XREF(...) nullptr
#endif

struct MathSpec {
  OpId id;
  Unary kernel;
  RefFn ref;  // the reference, as an xtensor expression of x (TP_XREF)
  Domain domain;
  bool int32;  // TensorFlow also has an int32 kernel
  const char* doc;
  double rtol = 1e-5, atol = 1e-6;
  std::vector<AttrSpec> (*attrs)() = no_attrs;
  std::vector<Attrs> (*attr_cases)() = default_attrs;  // attribute sets to test
};

std::vector<AttrSpec> leaky_relu_attrs() { return {{"alpha", AttrKind::Float, 0.2}}; }
std::vector<Attrs> leaky_relu_cases() {
  return {Attrs(), Attrs().set("alpha", 0.01), Attrs().set("alpha", 0.0),
          Attrs().set("alpha", 1.5)};
}
std::vector<AttrSpec> gelu_attrs() { return {{"approximate", AttrKind::Bool, int64_t{0}}}; }
std::vector<Attrs> gelu_cases() { return {Attrs(), Attrs().set("approximate", int64_t{1})}; }
std::vector<AttrSpec> clip_attrs() {
  return {{"clipValueMin", AttrKind::Float, 0.0, true},
          {"clipValueMax", AttrKind::Float, 0.0, true}};
}
std::vector<Attrs> clip_cases() {
  auto c = [](double lo, double hi) {
    return Attrs().set("clipValueMin", lo).set("clipValueMax", hi);
  };
  return {c(-1, 2), c(0, 0), c(-0.5, 6), c(-kInf, 1)};
}

// Test domains: the op's valid inputs, kept where float32 rounding of the input does not dominate.
constexpr Domain kWide{-10, 10}, kMid{-5, 5}, kNarrow{-3, 3}, kNonNegative{0, 10},
    kPositive{0.01, 10}, kAboveMinusOne{-0.99, 10}, kBelowHalfPi{-1.5, 1.5}, kAroundSix{-3, 9},
    kInsideUnit{-0.95, 0.95}, kAboveOne{1.05, 10};

constexpr MathSpec kMath[] = {
    {OpId::neg, Unary::neg, TP_XREF(-x), kWide, true, "-x"},
    {OpId::abs, Unary::abs, TP_XREF(xt::abs(x)), kWide, true, "|x|"},
    {OpId::sign, Unary::sign, TP_XREF(xt::where(xt::isnan(x), 0.0, xt::where(xt::equal(x, 0.0), x, xt::sign(x)))),
     kWide, true, "-1, 0 or 1 by the sign of x; sign(+-0) = +-0, sign(NaN) = 0 (TensorFlow's rule)"},
    {OpId::floor, Unary::floor, TP_XREF(xt::floor(x)), kWide, false, "Largest integer <= x"},
    {OpId::ceil, Unary::ceil, TP_XREF(xt::ceil(x)), kWide, false, "Smallest integer >= x"},
    // rint rounds in the default mode, to nearest with halves to even, as numpy.round.
    {OpId::round, Unary::round, TP_XREF(xt::rint(x)), kWide, false,
     "Nearest integer, halves to even (like TensorFlow)"},
    {OpId::square, Unary::square, TP_XREF(xt::square(x)), kWide, true, "x * x"},
    {OpId::sqrt, Unary::sqrt, TP_XREF(xt::sqrt(x)), kNonNegative, false,
     "Square root; NaN for x < 0"},
    {OpId::rsqrt, Unary::rsqrt, TP_XREF(1.0 / xt::sqrt(x)), kPositive, false, "1 / sqrt(x)"},
    {OpId::reciprocal, Unary::reciprocal, TP_XREF(1.0 / x), kWide, false, "1 / x"},
    {OpId::exp, Unary::exp, TP_XREF(xt::exp(x)), kWide, false, "e^x"},
    {OpId::expm1, Unary::expm1, TP_XREF(xt::expm1(x)), kMid, false, "e^x - 1, accurate near 0"},
    {OpId::log, Unary::log, TP_XREF(xt::log(x)), kPositive, false,
     "Natural logarithm; -inf at 0, NaN for x < 0"},
    {OpId::log1p, Unary::log1p, TP_XREF(xt::log1p(x)), kAboveMinusOne, false,
     "log(1 + x), accurate near 0"},
    {OpId::sin, Unary::sin, TP_XREF(xt::sin(x)), kWide, false, "Sine"},
    {OpId::cos, Unary::cos, TP_XREF(xt::cos(x)), kWide, false, "Cosine"},
    {OpId::tan, Unary::tan, TP_XREF(xt::tan(x)), kBelowHalfPi, false, "Tangent"},
    {OpId::tanh, Unary::tanh, TP_XREF(xt::tanh(x)), kMid, false, "Hyperbolic tangent"},
    {OpId::sigmoid, Unary::sigmoid, TP_XREF(1.0 / (1.0 + xt::exp(-x))), kWide, false,
     "1 / (1 + e^-x)"},
    // numpy.logaddexp(0, x), written out.
    {OpId::softplus, Unary::softplus,
     TP_XREF(xt::where(x > 0.0, x, 0.0) + xt::log1p(xt::exp(-xt::abs(x)))), kWide, false,
     "log(1 + e^x), without overflow"},
    {OpId::relu, Unary::relu, TP_XREF(xt::where(x < 0.0, 0.0, x)), kMid, false,
     "max(x, 0); NaN stays NaN"},
    {OpId::relu6, Unary::relu6, TP_XREF(xt::where(x < 0.0, 0.0, xt::where(x > 6.0, 6.0, x))),
     kAroundSix, false, "min(max(x, 0), 6); NaN stays NaN"},
    {OpId::elu, Unary::elu, TP_XREF(xt::where(x > 0.0, x, xt::expm1(x))), kMid, false,
     "x if x > 0, else e^x - 1"},
    {OpId::selu, Unary::selu, TP_XREF(kSeluScale * xt::where(x > 0.0, x, kSeluAlpha * xt::expm1(x))),
     kMid, false, "Scaled ELU with the self-normalising constants"},
    {OpId::leakyRelu, Unary::leaky_relu, TP_XREF(xt::where(x > 0.0, x, at.f("alpha") * x)), kMid,
     false, "x if x > 0, else alpha * x (alpha defaults to 0.2 like TF.js)", 1e-5, 1e-6,
     leaky_relu_attrs, leaky_relu_cases},
    {OpId::gelu, Unary::gelu,
     TP_XREF(
         at.b("approximate")
             ? xt::eval(0.5 * x * (1.0 + xt::tanh(std::sqrt(2 / kPi) * (x + 0.044715 * x * x * x))))
             : xt::eval(0.5 * x * (1.0 + xt::erf(x / std::sqrt(2.0))))),
     kMid, false, "x * Phi(x) (exact erf form); approximate: the tanh form", 1e-5, 1e-6, gelu_attrs,
     gelu_cases},
    {OpId::erf, Unary::erf, TP_XREF(xt::erf(x)), kNarrow, false, "Error function"},
    {OpId::clipByValue, Unary::clip,
     TP_XREF(xt::where(x < at.f("clipValueMin"), at.f("clipValueMin"),
                       xt::where(x > at.f("clipValueMax"), at.f("clipValueMax"), x))),
     kMid, false, "min(max(x, clipValueMin), clipValueMax); NaN stays NaN", 1e-5, 1e-6, clip_attrs,
     clip_cases},
    {OpId::acos, Unary::acos, TP_XREF(xt::acos(x)), kInsideUnit, false,
     "Inverse cosine in [0, pi]; NaN for |x| > 1"},
    {OpId::asin, Unary::asin, TP_XREF(xt::asin(x)), kInsideUnit, false,
     "Inverse sine in [-pi/2, pi/2]; NaN for |x| > 1"},
    {OpId::atan, Unary::atan, TP_XREF(xt::atan(x)), kWide, false, "Inverse tangent"},
    {OpId::acosh, Unary::acosh, TP_XREF(xt::acosh(x)), kAboveOne, false,
     "Inverse hyperbolic cosine; NaN for x < 1"},
    {OpId::asinh, Unary::asinh, TP_XREF(xt::asinh(x)), kWide, false, "Inverse hyperbolic sine"},
    {OpId::atanh, Unary::atanh, TP_XREF(xt::atanh(x)), kInsideUnit, false,
     "Inverse hyperbolic tangent; +-inf at +-1, NaN for |x| > 1"},
    {OpId::cosh, Unary::cosh, TP_XREF(xt::cosh(x)), kMid, false, "Hyperbolic cosine"},
    {OpId::sinh, Unary::sinh, TP_XREF(xt::sinh(x)), kMid, false, "Hyperbolic sine"},
};
constexpr size_t kMathCount = sizeof(kMath) / sizeof(kMath[0]);

const char* name_of(OpId id) { return entry(id).name; }

P params_of(const char* op, const Attrs& a) {
  P p;
  if (a.has("alpha")) p.alpha = a.f("alpha");
  if (a.has("approximate")) p.approximate = a.b("approximate");
  if (a.has("clipValueMin") && a.has("clipValueMax")) {
    p.lo = a.f("clipValueMin");
    p.hi = a.f("clipValueMax");
    if (!(p.lo <= p.hi))
      fail(op, ": clipValueMin ", p.lo, " must not be greater than clipValueMax ", p.hi);
  }
  return p;
}

kernels::Loop loop_of(const Tensor& out, const Tensor& x) {
  return kernels::make_loop(x.rank(), x.shape().data(), {out.strides().data(), x.strides().data()});
}

void put(const Tensor& t, int64_t k, double v) {
  dispatch(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    t.data<T>()[k] = static_cast<T>(v);
  });
}

template <size_t I>
Tensors math_forward(const Tensors& in, const Attrs& attrs) {
  const MathSpec& s = kMath[I];
  const char* name = name_of(s.id);
  const Tensor& x = in[0];
  if (s.int32)
    require_numeric(name, x);
  else
    require_floating(name, x);
  const P p = params_of(name, attrs);
  Tensor out = Tensor::empty(x.dtype(), x.shape());
  const kernels::Loop l = loop_of(out, x);
  dispatch(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (!std::is_same_v<T, uint8_t>)
      kernels::unary<T>(s.kernel, l, x.data<T>(), out.data<T>(), p);
  });
  return {out};
}

#if TENSORPAD_REFERENCES
template <size_t I>
Tensors math_reference(const Tensors& in, const Attrs& attrs) {
  return {
      ref::to_tensor(kMath[I].ref(ref::to_xarray(in[0]), attrs), ref::result_dtype(in[0].dtype()))};
}
#endif

// One input per layout: sizes around the vector width and the 4x unroll, rank 0, empty shapes,
// and views that are transposed, strided, reversed and broadcast.
std::vector<std::pair<std::string, Tensor>> layouts(DType dt, Domain d, bool all_sizes) {
  uint32_t seed = 7;
  auto in = [&](const Shape& s) { return test_input(dt, s, d.lo, d.hi, seed++); };
  std::vector<std::pair<std::string, Tensor>> v;
  const std::vector<int64_t> sizes =
      all_sizes ? std::vector<int64_t>{1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 1001}
                : std::vector<int64_t>{1, 5, 17, 1001};
  for (int64_t n : sizes) v.emplace_back("n=" + std::to_string(n), in({n}));
  v.emplace_back("rank 0", in({}));
  v.emplace_back("[3,4,5]", in({3, 4, 5}));
  v.emplace_back("empty [0]", in({0}));
  v.emplace_back("empty [2,0,3]", in({2, 0, 3}));
  v.emplace_back("transposed view", in({7, 9}).view({9, 7}, {1, 9}, 0));
  // Inner dim longer than the kernels' column tile: the tiled walk, with a partial last block.
  v.emplace_back("transposed view, tiled", in({2, 45, 40}).view({2, 40, 45}, {1800, 1, 40}, 0));
  v.emplace_back("stride-2 view", in({600}).view({300}, {2}, 1));
  v.emplace_back("reversed view", in({17}).view({17}, {-1}, 16));
  v.emplace_back("broadcast view", in({5}).view({4, 5}, {0, 1}, 0));
  return v;
}

// NaN, infinities, signed zeros and halves: the edge conventions, in float32 or float64.
Tensor special_values(DType dt) {
  const double vals[] = {kNaN, kInf, -kInf, 0.0, -0.0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3};
  const int64_t n = sizeof(vals) / sizeof(vals[0]);
  Tensor t = Tensor::empty(dt, {n});
  for (int64_t i = 0; i < n; ++i) put(t, i, vals[i]);
  return t;
}

void add_cases(std::vector<TestCase>& cases, const std::vector<std::pair<std::string, Tensor>>& ins,
               const Attrs& attrs) {
  for (const auto& [label, t] : ins) cases.push_back({label, {t}, attrs});
}

template <size_t I>
std::vector<TestCase> math_cases() {
  const MathSpec& s = kMath[I];
  std::vector<TestCase> cases;
  for (const Attrs& a : s.attr_cases()) {
    add_cases(cases, layouts(DType::f32, s.domain, true), a);
    add_cases(cases, layouts(DType::f64, s.domain, false), a);
    if (s.int32) add_cases(cases, layouts(DType::i32, s.domain, false), a);
    cases.push_back({"special values", {special_values(DType::f32)}, a});
    cases.push_back({"special values", {special_values(DType::f64)}, a});
  }
  return cases;
}

template <size_t I>
void register_math() {
  const MathSpec& s = kMath[I];
  OpDef& d = entry(s.id);
  d.num_inputs = 1;
  d.forward = math_forward<I>;
  d.reference = TP_REFERENCE(math_reference<I>);
  d.cases = TP_CASES(math_cases<I>);
  d.rtol = s.rtol;
  d.atol = s.atol;
  d.doc = s.doc;
  d.attrs = s.attrs();
}

template <size_t... I>
void register_all_math(std::index_sequence<I...>) {
  (register_math<I>(), ...);
}

// ---- logicalNot, isNaN, isFinite ----

Tensors logical_not_forward(const Tensors& in, const Attrs&) {
  const Tensor& x = in[0];
  require_bool("logicalNot", x);
  Tensor out = Tensor::empty(DType::b8, x.shape());
  kernels::logical(kernels::Logical::logical_not, loop_of(out, x), x.data<uint8_t>(), nullptr,
                   out.data<uint8_t>());
  return {out};
}

#if TENSORPAD_REFERENCES
Tensors logical_not_reference(const Tensors& in, const Attrs&) {
  return {ref::to_tensor(xt::equal(ref::to_xarray(in[0]), 0.0), DType::b8)};
}
#endif

std::vector<TestCase> logical_not_cases() {
  std::vector<TestCase> cases;
  add_cases(cases, layouts(DType::b8, {0, 1}, true), Attrs());
  return cases;
}

template <OpId Id, kernels::Classify C>
Tensors classify_forward(const Tensors& in, const Attrs&) {
  const Tensor& x = in[0];
  require_floating(name_of(Id), x);
  Tensor out = Tensor::empty(DType::b8, x.shape());
  dispatch_float(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::classify<T>(C, loop_of(out, x), x.data<T>(), out.data<uint8_t>());
  });
  return {out};
}

#if TENSORPAD_REFERENCES
template <kernels::Classify C>
Tensors classify_reference(const Tensors& in, const Attrs&) {
  const ref::Array x = ref::to_xarray(in[0]);
  return {ref::to_tensor(
      C == kernels::Classify::is_nan ? xt::eval(xt::isnan(x)) : xt::eval(xt::isfinite(x)),
      DType::b8)};
}
#endif

std::vector<TestCase> classify_cases() {
  std::vector<TestCase> cases;
  add_cases(cases, layouts(DType::f32, kWide, true), Attrs());
  add_cases(cases, layouts(DType::f64, kWide, false), Attrs());
  cases.push_back({"special values", {special_values(DType::f32)}, Attrs()});
  cases.push_back({"special values", {special_values(DType::f64)}, Attrs()});
  // Special values in a strided view, so the non-contiguous path sees them too.
  Tensor s = special_values(DType::f32);
  cases.push_back({"special values, stride 3", {s.view({5}, {3}, 0)}, Attrs()});
  return cases;
}

template <OpId Id, kernels::Classify C>
void register_classify(const char* doc) {
  OpDef& d = entry(Id);
  d.num_inputs = 1;
  d.forward = classify_forward<Id, C>;
  d.reference = TP_REFERENCE(classify_reference<C>);
  d.cases = TP_CASES(classify_cases);
  d.doc = doc;
}

// ---- cast ----

DType cast_target(const Attrs& a) {
  const int64_t code = a.i("dtype");
  if (code < 0 || code > 3)
    fail("cast: unknown dtype code ", code, " (expected 0 float32, 1 int32, 2 bool, 3 float64)");
  return static_cast<DType>(code);
}

Tensors cast_forward(const Tensors& in, const Attrs& attrs) {
  return {cast_to(in[0], cast_target(attrs))};
}

#if TENSORPAD_REFERENCES
// float -> int32 truncates toward zero, saturating, NaN -> 0; number -> bool is "nonzero".
Tensors cast_reference(const Tensors& in, const Attrs& attrs) {
  const DType to = cast_target(attrs);
  const ref::Array x = ref::to_xarray(in[0]);
  if (to == DType::i32)
    return {ref::to_tensor(
        xt::where(xt::isnan(x), 0.0, xt::trunc(xt::clip(x, -2147483648.0, 2147483647.0))), to)};
  return {ref::to_tensor(x, ref::result_dtype(to))};
}
#endif

std::vector<TestCase> cast_cases() {
  auto to = [](DType d) { return Attrs().set("dtype", static_cast<int64_t>(d)); };
  std::vector<TestCase> cases;
  // The harness expects float64 results only from float64 inputs, so float32/int32/bool -> float64
  // is covered by tests/cpp/elementwise_kernels_test.cpp instead.
  const std::pair<DType, DType> pairs[] = {
      {DType::f32, DType::i32}, {DType::f32, DType::b8},  {DType::f32, DType::f32},
      {DType::i32, DType::f32}, {DType::i32, DType::b8},  {DType::i32, DType::i32},
      {DType::b8, DType::f32},  {DType::b8, DType::i32},  {DType::b8, DType::b8},
      {DType::f64, DType::f64}, {DType::f64, DType::i32}, {DType::f64, DType::b8}};
  // Fractional values of both signs around 0 (int32 inputs: -3..2, with zeros); the special values
  // below add exact zeros, NaN and infinities.
  for (const auto& [from, dst] : pairs) add_cases(cases, layouts(from, {-3, 3}, false), to(dst));
  cases.push_back({"special values to int32", {special_values(DType::f32)}, to(DType::i32)});
  cases.push_back({"special values to bool", {special_values(DType::f32)}, to(DType::b8)});
  Tensor big = Tensor::empty(DType::f32, {4});
  const double big_values[] = {3e9, -3e9, 2147483520.0, -2147483648.0};
  for (int64_t i = 0; i < 4; ++i) put(big, i, big_values[i]);
  cases.push_back({"out of int32 range saturates", {big}, to(DType::i32)});
  return cases;
}

}  // namespace

void register_unary_ops() {
  register_all_math(std::make_index_sequence<kMathCount>());

  OpDef& n = entry(OpId::logicalNot);
  n.num_inputs = 1;
  n.forward = logical_not_forward;
  n.reference = TP_REFERENCE(logical_not_reference);
  n.cases = TP_CASES(logical_not_cases);
  n.doc = "Logical NOT of a bool tensor";

  register_classify<OpId::isNaN, kernels::Classify::is_nan>("True where x is NaN");
  register_classify<OpId::isFinite, kernels::Classify::is_finite>(
      "True where x is neither infinite nor NaN");

  OpDef& c = entry(OpId::cast);
  c.num_inputs = 1;
  c.attrs = {{"dtype", AttrKind::DType, int64_t{0}, true}};
  c.forward = cast_forward;
  c.reference = TP_REFERENCE(cast_reference);
  c.cases = TP_CASES(cast_cases);
  c.doc =
      "Converts to dtype: float -> int32 truncates toward zero (saturating, NaN -> 0), "
      "number -> bool is nonzero, bool -> number is 0/1";
}

}  // namespace tensorpad::ops_detail
