// Raw elementwise kernels against their scalar references at every length around the vector
// width and the 4x unroll, in place, strided and broadcast; loop building; the int32 and NaN
// conventions; and the op-level error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "error.h"
#include "kernels/elementwise.h"
#include "ops/op.h"

namespace tensorpad {
namespace {

using kernels::Binary;
using kernels::Loop;
using kernels::Unary;

#define TP_LIST_ITEM(name) Unary::name,
const Unary kIntUnary[] = {TP_UNARY_INT_KERNELS(TP_LIST_ITEM)};
const Unary kAllUnary[] = {TP_UNARY_INT_KERNELS(TP_LIST_ITEM) TP_UNARY_FLOAT_KERNELS(TP_LIST_ITEM)};
#undef TP_LIST_ITEM
#define TP_LIST_ITEM(name) Binary::name,
const Binary kIntBinary[] = {TP_BINARY_INT_KERNELS(TP_LIST_ITEM)};
const Binary kAllBinary[] = {TP_BINARY_INT_KERNELS(TP_LIST_ITEM)
                                 TP_BINARY_FLOAT_KERNELS(TP_LIST_ITEM)};
#undef TP_LIST_ITEM

// Every length up to 4 vectors x 4 unroll of the widest SIMD (AVX-512 floats: 16 lanes) plus one,
// and a few longer ones.
std::vector<int64_t> lengths() {
  std::vector<int64_t> v;
  for (int64_t n = 0; n <= 65; ++n) v.push_back(n);
  for (int64_t n : {127, 128, 129, 255, 256, 257, 1001}) v.push_back(n);
  return v;
}

bool positive_domain(Unary op) {
  return op == Unary::sqrt || op == Unary::rsqrt || op == Unary::log || op == Unary::log1p;
}

template <class T>
std::vector<T> values(int64_t n, double lo, double hi, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(std::is_integral_v<T> ? std::floor(u(gen)) : u(gen));
  return v;
}

template <class T>
std::vector<T> unary_input(Unary op, int64_t n, uint32_t seed) {
  return positive_domain(op) ? values<T>(n, 0.05, 3, seed) : values<T>(n, -3, 3, seed);
}

// Bitwise equality of n elements (n may be 0 with null pointers).
template <class T>
bool same_bits(const T* a, const T* b, int64_t n) {
  return n == 0 || std::memcmp(a, b, sizeof(T) * n) == 0;
}

template <class T>
void expect_near_ref(T got, double want, const std::string& where) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(static_cast<double>(got))) << where;
    return;
  }
  const double rtol = std::is_same_v<T, float> ? 1e-5 : 1e-12;
  const double atol = std::is_same_v<T, float> ? 1e-6 : 1e-14;
  EXPECT_LE(std::fabs(static_cast<double>(got) - want), atol + rtol * std::fabs(want))
      << where << ": got " << got << ", scalar reference " << want;
}

const kernels::UnaryParams kParams = [] {
  kernels::UnaryParams p;
  p.alpha = 0.3;
  p.lo = -1;
  p.hi = 2;
  return p;
}();

template <class T>
void check_unary_lengths(const Unary* ops, size_t count) {
  for (size_t o = 0; o < count; ++o) {
    const Unary op = ops[o];
    for (int64_t n : lengths()) {
      const std::string where = "op " + std::to_string(int(op)) + " n=" + std::to_string(n);
      const std::vector<T> x = unary_input<T>(op, n, 3 + static_cast<uint32_t>(n));
      std::vector<T> y(n + 1, T(77));  // one guard element past the end
      kernels::unary<T>(op, n, x.data(), 1, y.data(), 1, kParams);
      for (int64_t i = 0; i < n; ++i)
        expect_near_ref(y[i], kernels::unary_scalar(op, static_cast<double>(x[i]), kParams),
                        where + " i=" + std::to_string(i));
      EXPECT_EQ(y[n], T(77)) << where << ": wrote past the end";
      // In place gives the same bits, and each element's result does not depend on where it sits
      // (main loop, one-vector loop or padded tail).
      std::vector<T> z = x;
      kernels::unary<T>(op, n, z.data(), 1, z.data(), 1, kParams);
      EXPECT_TRUE(same_bits(z.data(), y.data(), n)) << where << " in place";
      for (int64_t i = 0; i < n; i += 7) {
        T one;
        kernels::unary<T>(op, 1, &x[i], 1, &one, 1, kParams);
        EXPECT_TRUE(same_bits(&one, &y[i], 1)) << where << " alone at i=" << i;
      }
    }
  }
}

TEST(ElementwiseKernels, UnaryFloat32AllLengths) {
  check_unary_lengths<float>(kAllUnary, std::size(kAllUnary));
}
TEST(ElementwiseKernels, UnaryFloat64AllLengths) {
  check_unary_lengths<double>(kAllUnary, std::size(kAllUnary));
}
TEST(ElementwiseKernels, UnaryInt32AllLengths) {
  check_unary_lengths<int32_t>(kIntUnary, std::size(kIntUnary));
}

TEST(ElementwiseKernels, UnaryStridedAndReversed) {
  const int64_t n = 37;
  const std::vector<float> x = values<float>(3 * n, -3, 3, 5);
  std::vector<float> y(2 * n, 0.f);
  kernels::unary<float>(Unary::tanh, n, x.data(), 3, y.data(), 2);
  for (int64_t i = 0; i < n; ++i) expect_near_ref(y[2 * i], std::tanh(double(x[3 * i])), "strided");
  // Reading backwards: x + 3(n-1) with stride -3.
  kernels::unary<float>(Unary::neg, n, x.data() + 3 * (n - 1), -3, y.data(), 1);
  for (int64_t i = 0; i < n; ++i) EXPECT_EQ(y[i], -x[3 * (n - 1 - i)]);
}

// Binary operands: a in (-3, 3) (pow: (0.1, 3)), b bounded away from zero with mixed signs.
template <class T>
void binary_inputs(Binary op, int64_t n, uint32_t seed, std::vector<T>& a, std::vector<T>& b) {
  a = op == Binary::pow ? values<T>(n, 0.1, 3, seed) : values<T>(n, -9, 9, seed);
  b = values<T>(n, 1, 4, seed + 1000);
  for (int64_t i = 1; i < n; i += 2) b[i] = -b[i];
  if (op == Binary::pow)
    for (auto& v : b) v = v * T(0.75);
}

template <class T>
void check_binary_lengths(const Binary* ops, size_t count) {
  for (size_t o = 0; o < count; ++o) {
    const Binary op = ops[o];
    for (int64_t n : lengths()) {
      std::vector<T> a, b;
      binary_inputs(op, std::max<int64_t>(n, 1), 9 + static_cast<uint32_t>(n), a, b);
      // (sa, sb): tensor-tensor, tensor-scalar, scalar-tensor, strided-tensor.
      const int64_t modes[4][2] = {{1, 1}, {1, 0}, {0, 1}, {2, 1}};
      for (const auto& m : modes) {
        const int64_t sa = m[0], sb = m[1];
        const std::string where = "op " + std::to_string(int(op)) + " n=" + std::to_string(n) +
                                  " sa=" + std::to_string(sa) + " sb=" + std::to_string(sb);
        std::vector<T> sa_buf(sa == 2 ? 2 * n + 1 : 0);
        for (int64_t i = 0; i < n && sa == 2; ++i) sa_buf[2 * i] = a[i];
        const T* pa = sa == 2 ? sa_buf.data() : a.data();
        std::vector<T> out(n + 1, T(77));
        kernels::binary<T>(op, n, pa, sa, b.data(), sb, out.data(), 1);
        for (int64_t i = 0; i < n; ++i) {
          const double av = static_cast<double>(sa == 0 ? a[0] : a[i]);
          const double bv = static_cast<double>(sb == 0 ? b[0] : b[i]);
          expect_near_ref(out[i], kernels::binary_scalar(op, av, bv), where);
        }
        EXPECT_EQ(out[n], T(77)) << where << ": wrote past the end";
        // In place on whichever operand is a full contiguous row.
        if (sb == 1) {
          std::vector<T> inplace = b;
          kernels::binary<T>(op, n, pa, sa, inplace.data(), 1, inplace.data(), 1);
          EXPECT_TRUE(same_bits(inplace.data(), out.data(), n)) << where << " out=b";
        }
        if (sa == 1) {
          std::vector<T> inplace = a;
          kernels::binary<T>(op, n, inplace.data(), 1, b.data(), sb, inplace.data(), 1);
          EXPECT_TRUE(same_bits(inplace.data(), out.data(), n)) << where << " out=a";
        }
      }
    }
  }
}

TEST(ElementwiseKernels, BinaryFloat32AllLengths) {
  check_binary_lengths<float>(kAllBinary, std::size(kAllBinary));
}
TEST(ElementwiseKernels, BinaryFloat64AllLengths) {
  check_binary_lengths<double>(kAllBinary, std::size(kAllBinary));
}
TEST(ElementwiseKernels, BinaryInt32AllLengths) {
  check_binary_lengths<int32_t>(kIntBinary, std::size(kIntBinary));
}

TEST(ElementwiseKernels, BinaryStridedOutput) {
  const int64_t n = 300;  // longer than one gather chunk
  const std::vector<float> a = values<float>(n, -3, 3, 1), b = values<float>(2 * n, -3, 3, 2);
  std::vector<float> out(3 * n, 0.f);
  kernels::binary<float>(Binary::mul, n, a.data(), 1, b.data() + 2 * (n - 1), -2, out.data(), 3);
  for (int64_t i = 0; i < n; ++i) EXPECT_EQ(out[3 * i], a[i] * b[2 * (n - 1 - i)]);
}

TEST(ElementwiseKernels, MakeLoopMergesAndDropsDims) {
  const int64_t shape[] = {2, 3, 4}, dense[] = {12, 4, 1};
  Loop l = kernels::make_loop(3, shape, {dense, dense});
  EXPECT_EQ(l.rank, 1);
  EXPECT_EQ(l.shape[0], 24);
  EXPECT_EQ(l.strides[1][0], 1);

  // [5,7] + [7]: rows of 7 with the bias re-read for each row.
  const int64_t s2[] = {5, 7}, out2[] = {7, 1}, bias[] = {0, 1};
  l = kernels::make_loop(2, s2, {out2, out2, bias});
  ASSERT_EQ(l.rank, 2);
  EXPECT_EQ(l.shape[0], 5);
  EXPECT_EQ(l.shape[1], 7);
  EXPECT_EQ(l.strides[2][0], 0);

  // Size-1 dims vanish; a broadcast scalar merges with everything.
  const int64_t s3[] = {4, 1, 6}, out3[] = {6, 6, 1}, scalar[] = {0, 0, 0};
  l = kernels::make_loop(3, s3, {out3, scalar});
  EXPECT_EQ(l.rank, 1);
  EXPECT_EQ(l.shape[0], 24);
  EXPECT_EQ(l.strides[1][0], 0);

  // Transposed input: nothing merges.
  const int64_t s4[] = {3, 4}, out4[] = {4, 1}, tr[] = {1, 3};
  l = kernels::make_loop(2, s4, {out4, tr});
  EXPECT_EQ(l.rank, 2);

  const int64_t empty[] = {2, 0, 3}, es[] = {0, 3, 1};
  EXPECT_EQ(kernels::make_loop(3, empty, {es, es}).size(), 0);
  l = kernels::make_loop(0, nullptr, {nullptr, nullptr});
  EXPECT_EQ(l.rank, 1);
  EXPECT_EQ(l.size(), 1);
}

TEST(ElementwiseKernels, LoopBroadcastAdd) {
  // out[i,j,k] = a[i,0,k] + b[j,k] for shapes [3,1,5] and [4,5] -> [3,4,5].
  const int64_t shape[] = {3, 4, 5}, so[] = {20, 5, 1}, sa[] = {5, 0, 1}, sb[] = {0, 5, 1};
  const std::vector<float> a = values<float>(15, -3, 3, 1), b = values<float>(20, -3, 3, 2);
  std::vector<float> out(60);
  kernels::binary<float>(Binary::add, kernels::make_loop(3, shape, {so, sa, sb}), a.data(),
                         b.data(), out.data());
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j)
      for (int k = 0; k < 5; ++k) EXPECT_EQ(out[i * 20 + j * 5 + k], a[i * 5 + k] + b[j * 5 + k]);
}

TEST(ElementwiseKernels, LoopTransposedTiled) {
  // out[b,i,j] = a[b,j,i] * c[i]: the transposed operand makes the walk go in column tiles; the
  // sizes leave partial tiles and the outer dim checks the offsets between tiles.
  for (int64_t cols : {31, 32, 33, 70}) {
    const int64_t rows = 45;
    const int64_t shape[] = {2, rows, cols}, so[] = {rows * cols, cols, 1};
    const int64_t sa[] = {rows * cols, 1, rows}, sc[] = {0, 1, 0};
    const std::vector<float> a = values<float>(2 * rows * cols, -3, 3, 1);
    const std::vector<float> c = values<float>(rows, -3, 3, 2);
    std::vector<float> out(2 * rows * cols, 0.f);
    kernels::binary<float>(Binary::mul, kernels::make_loop(3, shape, {so, sa, sc}), a.data(),
                           c.data(), out.data());
    for (int64_t b = 0; b < 2; ++b)
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j)
          ASSERT_EQ(out[b * rows * cols + i * cols + j], a[b * rows * cols + j * rows + i] * c[i])
              << "cols " << cols << " at " << b << "," << i << "," << j;
  }
}

TEST(ElementwiseKernels, CompareLogicalClassifySelect) {
  const int64_t shape[] = {9}, s1[] = {1}, s0[] = {0};
  const float nan = std::numeric_limits<float>::quiet_NaN(),
              inf = std::numeric_limits<float>::infinity();
  const float x[9] = {nan, inf, -inf, 0.f, -0.f, 1.f, -2.f, 1.f, 3.f};
  const float one = 1.f;
  uint8_t out[9];
  const Loop l = kernels::make_loop(1, shape, {s1, s1, s0});
  kernels::compare<float>(kernels::Compare::equal, l, x, &one, out);
  const uint8_t eq[9] = {0, 0, 0, 0, 0, 1, 0, 1, 0};
  EXPECT_EQ(0, std::memcmp(out, eq, 9));
  kernels::compare<float>(kernels::Compare::not_equal, l, x, &one, out);
  EXPECT_EQ(out[0], 1);  // NaN != 1
  kernels::classify<float>(kernels::Classify::is_nan, kernels::make_loop(1, shape, {s1, s1}), x,
                           out);
  const uint8_t isnan_want[9] = {1, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(0, std::memcmp(out, isnan_want, 9));
  kernels::classify<float>(kernels::Classify::is_finite, kernels::make_loop(1, shape, {s1, s1}), x,
                           out);
  const uint8_t finite_want[9] = {0, 0, 0, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(0, std::memcmp(out, finite_want, 9));

  const uint8_t p[4] = {0, 1, 0, 1}, q[4] = {0, 0, 1, 1};
  const int64_t s4[] = {4};
  const Loop l4 = kernels::make_loop(1, s4, {s1, s1, s1});
  uint8_t r[4];
  kernels::logical(kernels::Logical::logical_and, l4, p, q, r);
  EXPECT_EQ(std::vector<uint8_t>(r, r + 4), (std::vector<uint8_t>{0, 0, 0, 1}));
  kernels::logical(kernels::Logical::logical_or, l4, p, q, r);
  EXPECT_EQ(std::vector<uint8_t>(r, r + 4), (std::vector<uint8_t>{0, 1, 1, 1}));
  kernels::logical(kernels::Logical::logical_not, kernels::make_loop(1, s4, {s1, s1}), p, nullptr,
                   r);
  EXPECT_EQ(std::vector<uint8_t>(r, r + 4), (std::vector<uint8_t>{1, 0, 1, 0}));

  // select with a broadcast scalar b, in place on a.
  double a[4] = {1, 2, 3, 4};
  const double b = -1;
  kernels::select<double>(kernels::make_loop(1, s4, {s1, s1, s1, s0}), p, a, &b, a);
  EXPECT_EQ(std::vector<double>(a, a + 4), (std::vector<double>{-1, 2, -1, 4}));
}

TEST(ElementwiseKernels, FloatEdgeConventions) {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float x[5] = {nan, -1.f, 0.5f, 2.5f, -2.5f};
  float y[5];
  for (Unary op : {Unary::relu, Unary::relu6, Unary::clip, Unary::leaky_relu}) {
    kernels::unary<float>(op, 1, x, 1, y, 1, kParams);
    EXPECT_TRUE(std::isnan(y[0])) << "NaN propagates through op " << int(op);
  }
  // sign(NaN) = 0 (TensorFlow's rule), in the vector body and the scalar tail alike.
  const float many[9] = {nan, -1.f, nan, 0.5f, nan, nan, nan, 2.f, nan};
  float signs[9];
  kernels::unary<float>(Unary::sign, 9, many, 1, signs, 1);
  EXPECT_EQ(std::vector<float>(signs, signs + 9), (std::vector<float>{0, -1, 0, 1, 0, 0, 0, 1, 0}));
  kernels::unary<float>(Unary::round, 5, x, 1, y, 1);
  EXPECT_EQ(y[2], 0.f);
  EXPECT_EQ(y[3], 2.f);
  EXPECT_EQ(y[4], -2.f);
  const float one = 1.f;
  for (Binary op : {Binary::maximum, Binary::minimum}) {
    kernels::binary<float>(op, 1, &x[0], 1, &one, 1, y, 1);
    EXPECT_TRUE(std::isnan(y[0])) << "NaN first, op " << int(op);
    kernels::binary<float>(op, 1, &one, 1, &x[0], 1, y, 1);
    EXPECT_TRUE(std::isnan(y[0])) << "NaN second, op " << int(op);
  }
}

TEST(ElementwiseKernels, Int32Conventions) {
  const int32_t lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
  const int32_t a[6] = {7, -7, 7, -7, lo, hi};
  const int32_t b[6] = {2, 2, -2, 0, -1, 1};
  int32_t q[6], r[6], s[6];
  kernels::binary<int32_t>(Binary::floor_div, 6, a, 1, b, 1, q, 1);
  kernels::binary<int32_t>(Binary::mod, 6, a, 1, b, 1, r, 1);
  kernels::binary<int32_t>(Binary::add, 6, a, 1, b, 1, s, 1);
  EXPECT_EQ(std::vector<int32_t>(q, q + 6), (std::vector<int32_t>{3, -4, -4, 0, lo, hi}));
  EXPECT_EQ(std::vector<int32_t>(r, r + 6), (std::vector<int32_t>{1, 1, -1, 0, 0, 0}));
  EXPECT_EQ(s[4], hi);  // wraps
  EXPECT_EQ(s[5], lo);
  int32_t n[1];
  kernels::unary<int32_t>(Unary::neg, 1, &lo, 1, n, 1);
  EXPECT_EQ(n[0], lo);
}

// ---- ops: the dtype pairs the op-table harness cannot express, and error messages ----

Tensor vec(DType dt, std::vector<double> v) {
  Tensor t = Tensor::empty(dt, {static_cast<int64_t>(v.size())});
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    for (size_t i = 0; i < v.size(); ++i) t.data<T>()[i] = static_cast<T>(v[i]);
  });
  return t;
}

TEST(ElementwiseOps, CastToFloat64AndWhereFloat64) {
  const Attrs to_f64 = Attrs().set("dtype", int64_t{3});
  Tensor c = call_op1(OpId::cast, {vec(DType::f32, {1.5, -2.25})}, to_f64);
  EXPECT_EQ(c.dtype(), DType::f64);
  EXPECT_EQ(c.item(0), 1.5);
  EXPECT_EQ(c.item(1), -2.25);
  c = call_op1(OpId::cast, {vec(DType::b8, {1, 0})}, to_f64);
  EXPECT_EQ(c.item(0), 1.0);
  c = call_op1(OpId::cast, {vec(DType::i32, {-3})}, to_f64);
  EXPECT_EQ(c.item(0), -3.0);

  Tensor w = call_op1(OpId::where,
                      {vec(DType::b8, {1, 0, 1}), vec(DType::f64, {1, 2, 3}), Tensor::scalar(0.5)});
  EXPECT_EQ(w.dtype(), DType::f64);
  EXPECT_EQ(w.item(1), 0.5);
  EXPECT_EQ(w.item(2), 3.0);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ElementwiseOps, ErrorMessagesNameOpDtypesAndShapes) {
  const Tensor f23 = Tensor::zeros(DType::f32, {2, 3}), i3 = Tensor::zeros(DType::i32, {3});
  const Tensor f4 = Tensor::zeros(DType::f32, {4}), b2 = Tensor::zeros(DType::b8, {2});
  const Tensor f2 = Tensor::zeros(DType::f32, {2});
  EXPECT_EQ(error_of([&] {
              call_op(OpId::add, {f23, i3});
            }),
            "add: dtype mismatch, float32[2,3] and int32[3] (convert one with cast)");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::less, {i3, f23});
            }),
            "less: dtype mismatch, int32[3] and float32[2,3] (convert one with cast)");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::mul, {f23, f4});
            }),
            "mul: shapes [2,3] and [4] are not broadcastable");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::logicalAnd, {f2, f2});
            }),
            "logicalAnd: expected a bool tensor, got float32[2]");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::logicalOr, {b2, f2});
            }),
            "logicalOr: dtype mismatch, bool[2] and float32[2] (convert one with cast)");
  EXPECT_EQ(error_of([&] { call_op(OpId::logicalNot, {i3}); }),
            "logicalNot: expected a bool tensor, got int32[3]");
  EXPECT_EQ(error_of([&] { call_op(OpId::exp, {i3}); }),
            "exp: expected a float32 or float64 tensor, got int32[3]");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::div, {i3, i3});
            }),
            "div: expected a float32 or float64 tensor, got int32[3]");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::add, {b2, b2});
            }),
            "add: expected a numeric tensor, got bool[2]");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::where, {f2, f2, f2});
            }),
            "where: expected a bool tensor, got float32[2]");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::where, {b2, f2, i3});
            }),
            "where: dtype mismatch, float32[2] and int32[3] (convert one with cast)");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::where, {b2, f23, f23});
            }),
            "where: shapes [2], [2,3] and [2,3] are not broadcastable");
  EXPECT_EQ(error_of([&] {
              call_op(OpId::clipByValue, {f2},
                      Attrs().set("clipValueMin", 3.0).set("clipValueMax", 1.0));
            }),
            "clipByValue: clipValueMin 3 must not be greater than clipValueMax 1");
  EXPECT_EQ(error_of([&] { call_op(OpId::clipByValue, {f2}); }),
            "clipByValue: missing required attribute 'clipValueMin'");
  EXPECT_EQ(error_of([&] { call_op(OpId::cast, {f2}, Attrs().set("dtype", int64_t{9})); }),
            "cast: unknown dtype code 9 (expected 0 float32, 1 int32, 2 bool, 3 float64)");
}

}  // namespace
}  // namespace tensorpad
