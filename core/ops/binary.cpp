// Binary elementwise ops with NumPy broadcasting, and where(condition, a, b) with three-way
// broadcasting. As in TensorFlow there is no dtype promotion: mixed dtypes are an error naming
// both (cast converts). Each op is one row of kBinary: kernel, double-precision reference, accepted
// dtypes, test domains. Conventions: NaN in either operand of a float op gives NaN (maximum and
// minimum included); floorDiv and mod use floor semantics like Python and TF; int32 arithmetic
// wraps around, and int32 floorDiv/mod by zero give 0 (TF raises, NumPy gives 0); int32 pow with
// a negative exponent truncates 1/a^-b toward zero, and 0 to a negative power gives 0 (TF.js).
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

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

enum class Kind : uint8_t { arith, compare, logical };
enum class Accepts : uint8_t { floating, numeric, any, boolean };

// The kernel of an op: a kernels::Binary, Compare or Logical, told apart by `kind`.
struct Kernel {
  Kind kind;
  uint8_t code;
  constexpr Kernel(kernels::Binary k) : kind(Kind::arith), code(static_cast<uint8_t>(k)) {}
  constexpr Kernel(kernels::Compare k) : kind(Kind::compare), code(static_cast<uint8_t>(k)) {}
  constexpr Kernel(kernels::Logical k) : kind(Kind::logical), code(static_cast<uint8_t>(k)) {}
};

// Test inputs: uniform in [lo, hi); `integral` floors them (ties for comparisons, integer
// exponents), `mixed_sign` negates every other element (divisors bounded away from zero).
struct Domain {
  double lo, hi;
  bool integral = false, mixed_sign = false;
};

// A binary reference: TP_XREF(expression of the broadcast operands a, b (xt::xarray<double>)
// and `integer`, true for int32 operands).
#if TENSORPAD_REFERENCES
using RefFn = ref::Array (*)(const ref::Array& a, const ref::Array& b, bool integer);
#define TP_XREF(...) \
  [](const ref::Array& a, const ref::Array& b, bool integer) -> ref::Array { return __VA_ARGS__; }
#else
using RefFn = std::nullptr_t;
#define TP_XREF(...) nullptr
#endif

struct BinarySpec {
  OpId id;
  Kernel kernel;
  RefFn ref;
  Accepts accepts;
  Domain da, db;
  const char* doc;
  double rtol = 1e-5, atol = 1e-6;
};

#if TENSORPAD_REFERENCES
// The remainder of floor division takes the sign of b (numpy.mod, TensorFlow's FloorMod).
ref::Array floor_mod(const ref::Array& a, const ref::Array& b) {
  const ref::Array r = xt::fmod(a, b);
  return xt::where(xt::not_equal(r, 0.0) && xt::not_equal(r < 0.0, b < 0.0), r + b, r);
}
// int32 division by zero gives 0 (NumPy's convention; TensorFlow raises).
ref::Array int_div_by_zero(const ref::Array& a, const ref::Array& b, bool integer, ref::Array r) {
  return integer ? xt::eval(xt::where(xt::equal(b, 0.0) || xt::isinf(r), 0.0, r)) : r;
}
// int32 pow: 0 to a negative power gives 0 (TF.js); a^0 stays 1.
ref::Array int_pow(const ref::Array& a, const ref::Array& b, bool integer) {
  const ref::Array r = xt::pow(a, b);
  return integer ? xt::eval(xt::where(xt::isinf(r), 0.0, r)) : r;
}
// numpy.maximum/minimum: NaN if either operand is NaN.
ref::Array nan_or(const ref::Array& a, const ref::Array& b, ref::Array r) {
  return xt::where(xt::isnan(a) || xt::isnan(b), kNaN, r);
}
#endif

using B = kernels::Binary;
using C = kernels::Compare;
using L = kernels::Logical;
constexpr Accepts kFloat = Accepts::floating, kNum = Accepts::numeric, kAny = Accepts::any,
                  kBool = Accepts::boolean;
constexpr Domain kWide{-10, 10}, kDividend{-20, 20}, kDivisor{0.5, 4, false, true},
    kPowBase{0.1, 3}, kPowExp{-3, 3}, kTies{-3, 3, true};

constexpr BinarySpec kBinary[] = {
    {OpId::add, B::add, TP_XREF(a + b), kNum, kWide, kWide, "a + b"},
    {OpId::sub, B::sub, TP_XREF(a - b), kNum, kWide, kWide, "a - b"},
    {OpId::mul, B::mul, TP_XREF(a * b), kNum, kWide, kWide, "a * b"},
    {OpId::div, B::div, TP_XREF(a / b), kFloat, kWide, kDivisor,
     "a / b for floats (floorDiv divides integers)"},
    {OpId::pow, B::pow, TP_XREF(int_pow(a, b, integer)), kNum, kPowBase, kPowExp,
     "a^b with C pow's special cases; NaN for a < 0 and non-integer b; int32 wraps around, and a "
     "negative exponent gives 1/a^-b truncated (0 for a = 0)"},
    {OpId::floorDiv, B::floor_div, TP_XREF(int_div_by_zero(a, b, integer, xt::floor(a / b))), kNum,
     kDividend, kDivisor, "floor(a / b) like Python/TF; int32 division by zero gives 0"},
    {OpId::mod, B::mod, TP_XREF(int_div_by_zero(a, b, integer, floor_mod(a, b))), kNum, kDividend,
     kDivisor, "Floor modulo: the result has the sign of b (Python/TF); int32 mod by zero gives 0"},
    {OpId::maximum, B::maximum, TP_XREF(nan_or(a, b, xt::maximum(a, b))), kNum, kWide, kWide,
     "Elementwise max; NaN if either is NaN"},
    {OpId::minimum, B::minimum, TP_XREF(nan_or(a, b, xt::minimum(a, b))), kNum, kWide, kWide,
     "Elementwise min; NaN if either is NaN"},
    {OpId::equal, C::equal, TP_XREF(xt::equal(a, b)), kAny, kTies, kTies, "a == b (bool)"},
    {OpId::notEqual, C::not_equal, TP_XREF(xt::not_equal(a, b)), kAny, kTies, kTies,
     "a != b (bool); true where either is NaN"},
    {OpId::less, C::less, TP_XREF(xt::less(a, b)), kNum, kTies, kTies, "a < b (bool)"},
    {OpId::lessEqual, C::less_equal, TP_XREF(xt::less_equal(a, b)), kNum, kTies, kTies,
     "a <= b (bool)"},
    {OpId::greater, C::greater, TP_XREF(xt::greater(a, b)), kNum, kTies, kTies, "a > b (bool)"},
    {OpId::greaterEqual, C::greater_equal, TP_XREF(xt::greater_equal(a, b)), kNum, kTies, kTies,
     "a >= b (bool)"},
    {OpId::logicalAnd, L::logical_and, TP_XREF(xt::not_equal(a, 0.0) && xt::not_equal(b, 0.0)),
     kBool, kWide, kWide, "a AND b on bools"},
    {OpId::atan2, B::atan2, TP_XREF(xt::atan2(a, b)), kFloat, kWide, kWide,
     "The angle of the point (x = b, y = a) in [-pi, pi], with C atan2's signed zeros and "
     "infinities"},
    {OpId::logicalOr, L::logical_or, TP_XREF(xt::not_equal(a, 0.0) || xt::not_equal(b, 0.0)), kBool,
     kWide, kWide, "a OR b on bools"},
};
constexpr size_t kBinaryCount = sizeof(kBinary) / sizeof(kBinary[0]);

void require_accepted(const char* op, Accepts acc, const Tensor& t) {
  switch (acc) {
    case Accepts::floating:
      return require_floating(op, t);
    case Accepts::numeric:
      return require_numeric(op, t);
    case Accepts::boolean:
      return require_bool(op, t);
    case Accepts::any:
      return;
  }
}

// Loop over `out` with every input read through broadcast strides.
kernels::Loop broadcast_loop(const Tensor& out, std::initializer_list<const Tensor*> ins) {
  Strides s[3];
  size_t k = 0;
  for (const Tensor* t : ins) s[k++] = broadcast_strides(t->shape(), t->strides(), out.shape());
  const int64_t* o = out.strides().data();
  if (ins.size() == 2)
    return kernels::make_loop(out.rank(), out.shape().data(), {o, s[0].data(), s[1].data()});
  return kernels::make_loop(out.rank(), out.shape().data(),
                            {o, s[0].data(), s[1].data(), s[2].data()});
}

template <size_t I>
Tensors binary_forward(const Tensors& in, const Attrs&) {
  const BinarySpec& s = kBinary[I];
  const char* name = entry(s.id).name;
  const Tensor &a = in[0], &b = in[1];
  require_dtype_match(name, a, b);
  require_accepted(name, s.accepts, a);
  Tensor out = Tensor::empty(s.kernel.kind == Kind::arith ? a.dtype() : DType::b8,
                             broadcast_shapes(name, a.shape(), b.shape()));
  const kernels::Loop l = broadcast_loop(out, {&a, &b});
  if (s.kernel.kind == Kind::logical) {
    kernels::logical(kernels::Logical(s.kernel.code), l, a.data<uint8_t>(), b.data<uint8_t>(),
                     out.data<uint8_t>());
    return {out};
  }
  dispatch(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (s.kernel.kind == Kind::compare) {
      kernels::compare<T>(kernels::Compare(s.kernel.code), l, a.data<T>(), b.data<T>(),
                          out.data<uint8_t>());
    } else if constexpr (!std::is_same_v<T, uint8_t>) {
      kernels::binary<T>(kernels::Binary(s.kernel.code), l, a.data<T>(), b.data<T>(),
                         out.data<T>());
    }
  });
  return {out};
}

// Stores v into element k of a contiguous reference result; int32 results wrap around like the
// kernels, and a non-finite int32 result (division by zero) is 0.
void put(const Tensor& t, int64_t k, double v) {
  if (t.dtype() == DType::i32) {
    t.data<int32_t>()[k] =
        std::isfinite(v) ? static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(v))) : 0;
    return;
  }
  dispatch(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    t.data<T>()[k] = static_cast<T>(v);
  });
}

#if TENSORPAD_REFERENCES
template <size_t I>
Tensors binary_reference(const Tensors& in, const Attrs&) {
  const BinarySpec& s = kBinary[I];
  const DType dt = in[0].dtype();
  const ref::Array r = s.ref(ref::to_xarray(in[0]), ref::to_xarray(in[1]), dt == DType::i32);
  return {ref::to_tensor(r, s.kernel.kind == Kind::arith ? ref::result_dtype(dt) : DType::b8)};
}
#endif

Tensor make_input(DType dt, const Shape& shape, Domain d, uint32_t seed) {
  Tensor t = test_input(dt, shape, d.lo, d.hi, seed);
  if (dt == DType::b8 || (!d.integral && !d.mixed_sign)) return t;
  for (int64_t i = 0; i < t.size(); ++i) {
    double v = t.item(i);
    if (d.integral) v = std::floor(v);
    if (d.mixed_sign && i % 2) v = -v;
    put(t, i, v);
  }
  return t;
}

// Shape pairs: same shapes around the vector width and the 4x unroll, then scalar, row, column
// and outer broadcasting, rank 0 and empty shapes.
std::vector<std::pair<Shape, Shape>> shape_pairs(bool all) {
  std::vector<std::pair<Shape, Shape>> v;
  const std::vector<int64_t> sizes =
      all ? std::vector<int64_t>{1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 1001}
          : std::vector<int64_t>{5, 1001};
  for (int64_t n : sizes) v.push_back({{n}, {n}});
  // clang-format off
  const std::pair<Shape, Shape> broadcasts[] = {
      {{}, {}}, {{17}, {}}, {{}, {9}}, {{33}, {1}}, {{1}, {33}}, {{5, 17}, {17}},
      {{17}, {5, 17}}, {{4, 33}, {1, 33}}, {{6, 1}, {6, 9}}, {{7, 1}, {1, 9}},
      {{2, 1, 3}, {4, 1}}, {{3, 4, 5}, {3, 4, 5}}, {{0, 3}, {3}}, {{2, 0}, {1}}, {{0}, {}}};
  // clang-format on
  for (const auto& p : broadcasts)
    if (all || p.first.size() + p.second.size() <= 3) v.push_back(p);
  return v;
}

void add_pair_cases(std::vector<TestCase>& cases, const BinarySpec& s, DType dt, bool all) {
  uint32_t seed = 11;
  for (const auto& [sa, sb] : shape_pairs(all))
    cases.push_back({"shapes " + shape_str(sa) + " and " + shape_str(sb),
                     {make_input(dt, sa, s.da, seed++), make_input(dt, sb, s.db, seed++)},
                     Attrs()});
  // Views: transposed, strided, reversed and stride-0 broadcast inputs.
  const Tensor ma = make_input(dt, {7, 9}, s.da, seed++), mb = make_input(dt, {7, 9}, s.db, seed++);
  const Tensor ta = ma.view({9, 7}, {1, 9}, 0), tb = mb.view({9, 7}, {1, 9}, 0);
  cases.push_back({"transposed a", {ta, make_input(dt, {9, 7}, s.db, seed++)}, Attrs()});
  cases.push_back({"transposed b", {make_input(dt, {9, 7}, s.da, seed++), tb}, Attrs()});
  cases.push_back({"transposed a, row b", {ta, make_input(dt, {7}, s.db, seed++)}, Attrs()});
  cases.push_back({"transposed a, tiled",
                   {make_input(dt, {2, 45, 40}, s.da, seed++).view({2, 40, 45}, {1800, 1, 40}, 0),
                    make_input(dt, {40, 1}, s.db, seed++)},
                   Attrs()});
  cases.push_back({"stride-2 a, reversed b",
                   {make_input(dt, {600}, s.da, seed++).view({300}, {2}, 1),
                    make_input(dt, {300}, s.db, seed++).view({300}, {-1}, 299)},
                   Attrs()});
  cases.push_back({"stride-0 view a",
                   {make_input(dt, {5}, s.da, seed++).view({4, 5}, {0, 1}, 0),
                    make_input(dt, {4, 5}, s.db, seed++)},
                   Attrs()});
}

Tensor from_values(DType dt, const Shape& shape, const std::vector<double>& values) {
  Tensor t = Tensor::empty(dt, shape);
  for (size_t i = 0; i < values.size(); ++i) put(t, static_cast<int64_t>(i), values[i]);
  return t;
}

template <size_t I>
std::vector<TestCase> binary_cases() {
  const BinarySpec& s = kBinary[I];
  std::vector<TestCase> cases;
  if (s.accepts == Accepts::boolean) {
    add_pair_cases(cases, s, DType::b8, true);
    return cases;
  }
  add_pair_cases(cases, s, DType::f32, true);
  add_pair_cases(cases, s, DType::f64, false);
  // Every pair of special values, as an outer broadcast in both orientations.
  const std::vector<double> sv = {kNaN, kInf, -kInf, 0.0, -0.0, 1, -1, 0.5, -0.5, 2, -2.5, 3, 7};
  const int64_t n = static_cast<int64_t>(sv.size());
  for (DType dt : {DType::f32, DType::f64}) {
    const Tensor col = from_values(dt, {n, 1}, sv), row = from_values(dt, {1, n}, sv);
    cases.push_back({"special values", {col, row}, Attrs()});
    cases.push_back({"special values", {row, col}, Attrs()});
  }
  if (s.accepts == Accepts::floating) return cases;
  add_pair_cases(cases, s, DType::i32, false);
  const Tensor edge_a =
      from_values(DType::i32, {6}, {-2147483648.0, 2147483647, -2147483648.0, 7, -7, 0});
  const Tensor edge_b = from_values(DType::i32, {6}, {-1, 1, 1, 0, -1, 0});
  cases.push_back({"int32 wrap-around and division by zero", {edge_a, edge_b}, Attrs()});
  if (s.id == OpId::pow)
    cases.push_back({"int32 powers that wrap around, negative exponents",
                     {from_values(DType::i32, {8}, {46341, 3, -3, 7, -1, -1, 1, 0}),
                      from_values(DType::i32, {8}, {2, 21, 21, 11, -3, -2, -7, -2})},
                     Attrs()});
  if (s.accepts == Accepts::any) add_pair_cases(cases, s, DType::b8, false);
  return cases;
}

template <size_t I>
void register_binary() {
  const BinarySpec& s = kBinary[I];
  OpDef& d = entry(s.id);
  d.num_inputs = 2;
  d.forward = binary_forward<I>;
  d.reference = TP_REFERENCE(binary_reference<I>);
  d.cases = TP_CASES(binary_cases<I>);
  d.rtol = s.rtol;
  d.atol = s.atol;
  d.doc = s.doc;
}

template <size_t... I>
void register_all_binary(std::index_sequence<I...>) {
  (register_binary<I>(), ...);
}

// ---- where ----

Shape where_shape(const Tensor& c, const Tensor& a, const Tensor& b) {
  try {
    return broadcast_shapes("where", broadcast_shapes("where", c.shape(), a.shape()), b.shape());
  } catch (const Error&) {
    fail("where: shapes ", shape_str(c.shape()), ", ", shape_str(a.shape()), " and ",
         shape_str(b.shape()), " are not broadcastable");
  }
}

Tensors where_forward(const Tensors& in, const Attrs&) {
  const Tensor &c = in[0], &a = in[1], &b = in[2];
  require_bool("where", c);
  require_dtype_match("where", a, b);
  Tensor out = Tensor::empty(a.dtype(), where_shape(c, a, b));
  const kernels::Loop l = broadcast_loop(out, {&c, &a, &b});
  dispatch(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::select<T>(l, c.data<uint8_t>(), a.data<T>(), b.data<T>(), out.data<T>());
  });
  return {out};
}

#if TENSORPAD_REFERENCES
Tensors where_reference(const Tensors& in, const Attrs&) {
  return {ref::to_tensor(xt::where(xt::not_equal(ref::to_xarray(in[0]), 0.0), ref::to_xarray(in[1]),
                                   ref::to_xarray(in[2])),
                         ref::result_dtype(in[1].dtype()))};
}
#endif

std::vector<TestCase> where_cases() {
  struct Shapes {
    Shape c, a, b;
  };
  const Shapes shapes[] = {{{1}, {1}, {1}},      {{4}, {4}, {4}},          {{5}, {5}, {5}},
                           {{17}, {17}, {17}},   {{1001}, {1001}, {1001}}, {{}, {}, {}},
                           {{4, 1}, {1, 5}, {}}, {{}, {3, 4}, {4}},        {{2, 1, 3}, {4, 1}, {1}},
                           {{6}, {}, {6}},       {{0, 3}, {3}, {1}},       {{3, 0}, {}, {}}};
  std::vector<TestCase> cases;
  uint32_t seed = 21;
  for (DType dt : {DType::f32, DType::i32, DType::b8})
    for (const Shapes& s : shapes)
      cases.push_back({"shapes " + shape_str(s.c) + ", " + shape_str(s.a) + ", " + shape_str(s.b),
                       {test_input(DType::b8, s.c, 0, 1, seed++),
                        test_input(dt, s.a, -10, 10, seed++), test_input(dt, s.b, -10, 10, seed++)},
                       Attrs()});
  cases.push_back({"views",
                   {test_input(DType::b8, {7, 9}, 0, 1, seed++).view({9, 7}, {1, 9}, 0),
                    test_input(DType::f32, {126}, -10, 10, seed++).view({9, 7}, {14, 2}, 0),
                    test_input(DType::f32, {7}, -10, 10, seed++).view({9, 7}, {0, -1}, 6)},
                   Attrs()});
  return cases;
}

}  // namespace

void register_binary_ops() {
  register_all_binary(std::make_index_sequence<kBinaryCount>());
  OpDef& w = entry(OpId::where);
  w.num_inputs = 3;
  w.forward = where_forward;
  w.reference = TP_REFERENCE(where_reference);
  w.cases = TP_CASES(where_cases);
  w.doc = "condition ? a : b elementwise, broadcasting all three; a and b share a dtype";
}

}  // namespace tensorpad::ops_detail
