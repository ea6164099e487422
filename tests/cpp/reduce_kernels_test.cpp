// Reduction kernels against their scalar references at tile boundaries, NaN/inf/empty edge
// cases, float32 summation accuracy, and the reduction ops' error messages.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "error.h"
#include "kernels/reduce.h"
#include "ops/op.h"

namespace tensorpad {
namespace {

using kernels::Reduce;

constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr float kNaNF = std::numeric_limits<float>::quiet_NaN();

// Sizes around the vector widths (4 floats, 2 doubles, 16 bytes), the 4-vector unrolled loops,
// the pairwise block (512) and the column row block (128).
const std::vector<int64_t> kSizes = {0,  1,  2,  3,  4,  5,   7,   8,   9,   15,  16,  17,   31,
                                     32, 33, 63, 64, 65, 127, 128, 129, 511, 512, 513, 1025, 4097};
const std::vector<int64_t> kInner = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 65, 300};
const std::vector<int64_t> kColRows = {0, 1, 2, 3, 127, 128, 129, 257};

template <class T>
std::vector<T> random_values(int64_t n, double lo, double hi, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  std::vector<T> v(n);
  for (auto& e : v) e = static_cast<T>(std::is_integral_v<T> ? std::floor(u(gen)) : u(gen));
  return v;
}

// Equal, or both NaN, or (floats) within rtol of the magnitude `scale`.
template <class T>
void expect_near(T got, T want, double tol, const std::string& where) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(want)) {
      EXPECT_TRUE(std::isnan(got)) << where << ": got " << got << ", want NaN";
      return;
    }
    if (std::isinf(want)) {
      EXPECT_EQ(got, want) << where;
      return;
    }
    EXPECT_NEAR(got, want, tol) << where;
  } else {
    EXPECT_EQ(got, want) << where;
  }
}

template <class T>
double sum_tolerance(Reduce op, const std::vector<T>& x) {
  if (op == Reduce::max || op == Reduce::min || std::is_integral_v<T>) return 0;
  double mag = 0;
  for (T v : x) mag += std::fabs(static_cast<double>(v));
  const double eps = std::numeric_limits<T>::epsilon();
  return op == Reduce::sum ? 8 * eps * (mag + 1) : 1e-4;
}

template <class T>
void check_rows_and_cols(Reduce op, double lo, double hi) {
  for (int64_t n : kSizes) {
    const int64_t rows = 3;
    std::vector<T> x = random_values<T>(rows * n, lo, hi, static_cast<uint32_t>(n + 7));
    std::vector<T> got(rows), want(rows);
    kernels::reduce_rows(op, x.data(), rows, n, got.data());
    kernels::reduce_rows_scalar(op, x.data(), rows, n, want.data());
    const double tol = sum_tolerance(op, x);
    for (int64_t r = 0; r < rows; ++r)
      expect_near(got[r], want[r], tol, "rows n=" + std::to_string(n));
  }
  for (int64_t inner : kInner) {
    for (int64_t n : kColRows) {
      const int64_t outer = 2;
      std::vector<T> x =
          random_values<T>(outer * n * inner, lo, hi, static_cast<uint32_t>(n * 31 + inner));
      std::vector<T> got(outer * inner), want(outer * inner);
      kernels::reduce_cols(op, x.data(), outer, n, inner, got.data());
      kernels::reduce_cols_scalar(op, x.data(), outer, n, inner, want.data());
      const double tol = sum_tolerance(op, x);
      for (size_t j = 0; j < got.size(); ++j)
        expect_near(got[j], want[j], tol,
                    "cols n=" + std::to_string(n) + " inner=" + std::to_string(inner));
    }
  }
}

TEST(ReduceKernels, RowsAndColsMatchScalarFloat) {
  check_rows_and_cols<float>(Reduce::sum, -1, 2);
  check_rows_and_cols<float>(Reduce::prod, 0.99, 1.01);
  check_rows_and_cols<float>(Reduce::max, -100, 100);
  check_rows_and_cols<float>(Reduce::min, -100, 100);
}

TEST(ReduceKernels, RowsAndColsMatchScalarDouble) {
  check_rows_and_cols<double>(Reduce::sum, -1, 2);
  check_rows_and_cols<double>(Reduce::prod, 0.99, 1.01);
  check_rows_and_cols<double>(Reduce::max, -100, 100);
  check_rows_and_cols<double>(Reduce::min, -100, 100);
}

TEST(ReduceKernels, RowsAndColsMatchScalarInt32IncludingWraparound) {
  check_rows_and_cols<int32_t>(Reduce::sum, -2e9, 2e9);  // wraps; both sides wrap the same way
  check_rows_and_cols<int32_t>(Reduce::prod, -3, 4);
  check_rows_and_cols<int32_t>(Reduce::max, -2e9, 2e9);
  check_rows_and_cols<int32_t>(Reduce::min, -2e9, 2e9);
  int32_t big[4] = {1 << 30, 1 << 30, 1 << 30, 1 << 30}, out = 1;
  kernels::reduce_rows(Reduce::sum, big, 1, 4, &out);
  EXPECT_EQ(out, 0);
}

TEST(ReduceKernels, BoolAnyAllAsMaxMin) {
  check_rows_and_cols<uint8_t>(Reduce::max, 0, 2);
  check_rows_and_cols<uint8_t>(Reduce::min, 0, 2);
}

TEST(ReduceKernels, EmptyRunsGiveTheIdentity) {
  float f[4];
  kernels::reduce_rows(Reduce::sum, f, 1, 0, f);
  kernels::reduce_rows(Reduce::prod, f, 1, 0, f + 1);
  kernels::reduce_rows(Reduce::max, f, 1, 0, f + 2);
  kernels::reduce_rows(Reduce::min, f, 1, 0, f + 3);
  EXPECT_EQ(f[0], 0.0f);
  EXPECT_EQ(f[1], 1.0f);
  EXPECT_EQ(f[2], -kInfF);
  EXPECT_EQ(f[3], kInfF);
  int32_t i[2];
  kernels::reduce_cols(Reduce::max, i, 1, 0, 1, i);
  kernels::reduce_cols(Reduce::min, i, 1, 0, 1, i + 1);
  EXPECT_EQ(i[0], std::numeric_limits<int32_t>::lowest());
  EXPECT_EQ(i[1], std::numeric_limits<int32_t>::max());
}

TEST(ReduceKernels, MaxMinPropagateNaNFromAnyLane) {
  for (int64_t n : {1, 3, 4, 17, 64, 300}) {
    for (int64_t at : {int64_t(0), n / 2, n - 1}) {
      std::vector<float> x = random_values<float>(n, -1, 1, 3);
      x[at] = kNaNF;
      float out;
      for (Reduce op : {Reduce::max, Reduce::min, Reduce::sum}) {
        kernels::reduce_rows(op, x.data(), 1, n, &out);
        EXPECT_TRUE(std::isnan(out)) << "rows n=" << n << " at=" << at;
      }
      // The same values as one column of a [n, 9] block; the NaN may fall in a later row block.
      std::vector<float> c(n * 9, 0.5f);
      for (int64_t r = 0; r < n; ++r) c[r * 9 + 4] = x[r];
      std::vector<float> col(9);
      for (Reduce op : {Reduce::max, Reduce::min, Reduce::sum}) {
        kernels::reduce_cols(op, c.data(), 1, n, 9, col.data());
        EXPECT_TRUE(std::isnan(col[4])) << "cols n=" << n << " at=" << at;
        EXPECT_FALSE(std::isnan(col[3]));
      }
    }
  }
}

TEST(ReduceKernels, Float32SumOfAMillionIsAccurate) {
  const int64_t n = 1000000;
  std::vector<float> x = random_values<float>(n, -1, 2, 11);
  double exact = 0, mag = 0;
  for (float v : x) {
    exact += v;
    mag += std::fabs(v);
  }
  float got;
  kernels::reduce_rows(Reduce::sum, x.data(), 1, n, &got);
  // Pairwise summation: a few ulps of the magnitude (a plain running sum is off by ~1e-4 here).
  EXPECT_NEAR(got, exact, 4e-7 * mag);

  // A long column sum [100000, 17] over axis 0 (the bias-gradient shape).
  const int64_t rows = 100000, cols = 17;
  std::vector<float> m = random_values<float>(rows * cols, -1, 2, 12);
  std::vector<float> sums(cols);
  kernels::reduce_cols(Reduce::sum, m.data(), 1, rows, cols, sums.data());
  for (int64_t j = 0; j < cols; ++j) {
    double e = 0, a = 0;
    for (int64_t r = 0; r < rows; ++r) {
      e += m[r * cols + j];
      a += std::fabs(m[r * cols + j]);
    }
    EXPECT_NEAR(sums[j], e, 4e-6 * a) << "column " << j;
  }
}

template <class T>
void check_argreduce(double lo, double hi) {
  for (bool min : {false, true}) {
    for (int64_t n : kSizes) {
      if (n == 0) continue;
      std::vector<T> x = random_values<T>(3 * n, lo, hi, static_cast<uint32_t>(n));
      std::vector<int32_t> got(3), want(3);
      kernels::argreduce_rows(min, x.data(), 3, n, got.data());
      kernels::argreduce_rows_scalar(min, x.data(), 3, n, want.data());
      EXPECT_EQ(got, want) << "rows n=" << n;
    }
    for (int64_t inner : kInner) {
      for (int64_t n : kColRows) {
        if (n == 0) continue;
        std::vector<T> x =
            random_values<T>(2 * n * inner, lo, hi, static_cast<uint32_t>(n + inner));
        std::vector<int32_t> got(2 * inner), want(2 * inner);
        kernels::argreduce_cols(min, x.data(), 2, n, inner, got.data());
        kernels::argreduce_cols_scalar(min, x.data(), 2, n, inner, want.data());
        EXPECT_EQ(got, want) << "cols n=" << n << " inner=" << inner;
      }
    }
  }
}

TEST(ReduceKernels, ArgReduceMatchesScalarWithTies) {
  check_argreduce<float>(-100, 100);
  check_argreduce<double>(-100, 100);
  check_argreduce<int32_t>(0, 3);  // many ties: the first index must win
}

// The first extreme wins; NaN is skipped (TensorFlow's and TF.js's rule), all-NaN gives 0.
TEST(ReduceKernels, ArgReduceFirstIndexSkipsNaN) {
  const float x[9] = {1, 5, 2, 5, kNaNF, 0, kNaNF, -3, -3};
  int32_t out;
  kernels::argreduce_rows(false, x, 1, 4, &out);
  EXPECT_EQ(out, 1);
  kernels::argreduce_rows(false, x, 1, 9, &out);
  EXPECT_EQ(out, 1);
  kernels::argreduce_rows(true, x, 1, 9, &out);
  EXPECT_EQ(out, 7);
  kernels::argreduce_rows(true, x + 7, 1, 2, &out);
  EXPECT_EQ(out, 0);
  kernels::argreduce_rows(false, x + 4, 1, 3, &out);  // NaN first
  EXPECT_EQ(out, 1);
  const float nans[5] = {kNaNF, kNaNF, kNaNF, kNaNF, kNaNF};
  kernels::argreduce_rows(false, nans, 1, 5, &out);
  EXPECT_EQ(out, 0);
  // As a column: [9, 1] and [9, 5] with the same values in column 2, NaN first in column 3.
  std::vector<float> c(9 * 5, 0.0f);
  for (int r = 0; r < 9; ++r) c[r * 5 + 2] = x[r];
  c[3] = kNaNF;
  c[4 * 5 + 3] = 2;
  int32_t cols[5];
  kernels::argreduce_cols(true, c.data(), 1, 9, 5, cols);
  EXPECT_EQ(cols[2], 7);
  EXPECT_EQ(cols[0], 0);
  EXPECT_EQ(cols[3], 1);
  kernels::argreduce_cols(false, c.data(), 1, 9, 5, cols);
  EXPECT_EQ(cols[2], 1);
  EXPECT_EQ(cols[3], 4);
}

template <class T>
void check_exp_kernels(double tol) {
  for (bool log : {false, true}) {
    for (int64_t n : kSizes) {
      std::vector<T> x = random_values<T>(3 * n, -20, 20, static_cast<uint32_t>(n + 1));
      std::vector<T> got(3), want(3);
      kernels::logsumexp_rows(x.data(), 3, n, got.data());
      kernels::logsumexp_rows_scalar(x.data(), 3, n, want.data());
      for (int r = 0; r < 3; ++r)
        expect_near(got[r], want[r], tol * (1 + std::fabs(want[r])), "lse rows");
      std::vector<T> y(3 * n), yref(3 * n), inplace = x;
      kernels::softmax_rows(log, x.data(), 3, n, y.data());
      kernels::softmax_rows_scalar(log, x.data(), 3, n, yref.data());
      kernels::softmax_rows(log, inplace.data(), 3, n, inplace.data());
      for (int64_t i = 0; i < 3 * n; ++i) {
        expect_near(y[i], yref[i], tol * (1 + std::fabs(yref[i])),
                    "softmax rows n=" + std::to_string(n));
        EXPECT_EQ(y[i], inplace[i]);
      }
    }
    for (int64_t inner : kInner) {
      for (int64_t n : kColRows) {
        std::vector<T> x =
            random_values<T>(2 * n * inner, -20, 20, static_cast<uint32_t>(n * 5 + inner));
        std::vector<T> got(2 * inner), want(2 * inner);
        kernels::logsumexp_cols(x.data(), 2, n, inner, got.data());
        kernels::logsumexp_cols_scalar(x.data(), 2, n, inner, want.data());
        for (int64_t j = 0; j < 2 * inner; ++j)
          expect_near(got[j], want[j], tol * (1 + std::fabs(want[j])), "lse cols");
        std::vector<T> y(x.size()), yref(x.size()), inplace = x;
        kernels::softmax_cols(log, x.data(), 2, n, inner, y.data());
        kernels::softmax_cols_scalar(log, x.data(), 2, n, inner, yref.data());
        kernels::softmax_cols(log, inplace.data(), 2, n, inner, inplace.data());
        for (size_t i = 0; i < x.size(); ++i) {
          expect_near(y[i], yref[i], tol * (1 + std::fabs(yref[i])),
                      "softmax cols inner=" + std::to_string(inner));
          EXPECT_EQ(y[i], inplace[i]);
        }
      }
    }
  }
}

TEST(ReduceKernels, LogSumExpAndSoftmaxMatchScalar) {
  check_exp_kernels<float>(2e-6);
  check_exp_kernels<double>(1e-13);
}

TEST(ReduceKernels, LogSumExpNonFiniteRuns) {
  const float x[12] = {-kInfF, -kInfF, -kInfF, -kInfF, 1, kInfF, 2, 3, 1, kNaNF, 2, 3};
  float out[3];
  kernels::logsumexp_rows(x, 3, 4, out);
  EXPECT_EQ(out[0], -kInfF);
  EXPECT_EQ(out[1], kInfF);
  EXPECT_TRUE(std::isnan(out[2]));
  kernels::logsumexp_rows(x, 1, 0, out);
  EXPECT_EQ(out[0], -kInfF);
  // A large common offset does not overflow: log(e^1000 + e^1000) = 1000 + log 2.
  const float big[2] = {1000, 1000};
  kernels::logsumexp_rows(big, 1, 2, out);
  EXPECT_NEAR(out[0], 1000 + std::log(2.0), 1e-3);
  float y[4];
  kernels::softmax_rows(false, big, 1, 2, y);
  EXPECT_FLOAT_EQ(y[0], 0.5f);
  kernels::softmax_rows(false, x, 1, 4, y);  // all -inf
  EXPECT_TRUE(std::isnan(y[0]));
}

template <class T>
void check_cumsum(double lo, double hi, double tol) {
  for (bool exclusive : {false, true}) {
    for (bool reverse : {false, true}) {
      for (int64_t inner : kInner) {
        for (int64_t n : {0, 1, 2, 5, 17, 130}) {
          std::vector<T> x =
              random_values<T>(2 * n * inner, lo, hi, static_cast<uint32_t>(n + inner));
          std::vector<T> got(x.size()), want(x.size());
          kernels::cumsum(x.data(), 2, n, inner, exclusive, reverse, got.data());
          kernels::cumsum_scalar(x.data(), 2, n, inner, exclusive, reverse, want.data());
          for (size_t i = 0; i < x.size(); ++i)
            expect_near(got[i], want[i], tol * (1 + std::fabs(double(want[i]))), "cumsum");
        }
      }
    }
  }
  const T x[4] = {1, 2, 3, 4};
  T y[4];
  kernels::cumsum(x, 1, 4, 1, true, true, y);  // exclusive, reverse: {9, 7, 4, 0}
  EXPECT_EQ(y[0], T(9));
  EXPECT_EQ(y[2], T(4));
  EXPECT_EQ(y[3], T(0));
}

TEST(ReduceKernels, CumsumMatchesScalar) {
  check_cumsum<float>(-1, 2, 1e-5);
  check_cumsum<double>(-1, 2, 1e-13);
  check_cumsum<int32_t>(-100, 100, 0);
}

TEST(ReduceKernels, TopkOrdersTiesByIndexAndNaNFirst) {
  const float x[6] = {3, 7, kNaNF, 7, -1, 3};
  float v[6];
  int32_t idx[6], scratch[6];
  kernels::topk_rows(x, 1, 6, 6, v, idx, scratch);
  const int32_t want[6] = {2, 1, 3, 0, 5, 4};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(idx[i], want[i]) << i;
  EXPECT_EQ(v[1], 7.0f);
  kernels::topk_rows(x, 2, 3, 1, v, idx, scratch);  // rows {3, 7, NaN} and {7, -1, 3}
  EXPECT_EQ(idx[0], 2);
  EXPECT_EQ(idx[1], 0);
  kernels::topk_rows(x, 2, 3, 0, v, idx, scratch);  // k = 0 writes nothing
}

// ---- The ops' argument checks ------------------------------------------------------------------

std::string error_of(OpId id, const Tensors& in, Attrs attrs) {
  try {
    call_op(id, in, std::move(attrs));
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReduceOps, ErrorsNameTheOpAxisAndShape) {
  const Tensor m = Tensor::zeros(DType::f32, {2, 3});
  const Tensor empty_axis = Tensor::zeros(DType::f32, {5, 0});
  const Tensor flags = Tensor::zeros(DType::b8, {2});
  const Tensor ints = Tensor::zeros(DType::i32, {3});
  const Tensor scalar = Tensor::scalar(1.0f);
  auto axes = [](std::vector<int64_t> a) { return Attrs().set("axis", std::move(a)); };
  EXPECT_EQ(error_of(OpId::sum, {m}, axes({2})), "sum: axis 2 is out of range for rank 2");
  EXPECT_EQ(error_of(OpId::mean, {m}, axes({0, -3})), "mean: axis -3 is out of range for rank 2");
  EXPECT_EQ(error_of(OpId::max, {scalar}, axes({0})), "max: axis 0 is out of range for rank 0");
  EXPECT_EQ(error_of(OpId::prod, {m}, axes({1, -1})), "prod: repeated axis in [1,-1]");
  EXPECT_EQ(error_of(OpId::argMax, {m}, Attrs().set("axis", int64_t(2))),
            "argMax: axis 2 is out of range for rank 2");
  EXPECT_EQ(error_of(OpId::argMin, {empty_axis}, Attrs().set("axis", int64_t(1))),
            "argMin: cannot reduce over the empty axis 1 of shape [5,0]");
  EXPECT_EQ(error_of(OpId::sum, {flags}, {}), "sum: expected a numeric tensor, got bool[2]");
  EXPECT_EQ(error_of(OpId::logSumExp, {ints}, {}),
            "logSumExp: expected a float32 or float64 tensor, got int32[3]");
  EXPECT_EQ(error_of(OpId::any, {m}, {}), "any: expected a bool tensor, got float32[2,3]");
  EXPECT_EQ(error_of(OpId::softmax, {scalar}, {}), "softmax: axis -1 is out of range for rank 0");
  EXPECT_EQ(error_of(OpId::cumsum, {m}, Attrs().set("axis", int64_t(-3))),
            "cumsum: axis -3 is out of range for rank 2");
  EXPECT_EQ(error_of(OpId::topk, {m}, Attrs().set("k", int64_t(4))),
            "topk: k = 4 is out of range for the last dimension of shape [2,3]");
  EXPECT_EQ(error_of(OpId::topk, {scalar}, {}),
            "topk: expected a tensor of rank >= 1, got shape []");
  EXPECT_EQ(error_of(OpId::sum, {m}, Attrs().set("axis", int64_t(1))),
            "sum: attribute 'axis' must be of kind ints");
}

TEST(ReduceOps, ConventionsOnSmallInputs) {
  Tensor x = Tensor::empty(DType::i32, {2});
  x.data<int32_t>()[0] = -7;
  x.data<int32_t>()[1] = 0;
  EXPECT_EQ(call_op1(OpId::mean, {x}).item(), -3);  // truncating integer mean, like TF
  EXPECT_EQ(call_op1(OpId::mean, {x}).dtype(), DType::i32);
  const Tensor none = Tensor::zeros(DType::f32, {0, 3});
  EXPECT_TRUE(std::isnan(call_op1(OpId::mean, {none}).item()));
  EXPECT_EQ(call_op1(OpId::max, {none}).item(), -kInfF);
  EXPECT_EQ(call_op1(OpId::prod, {none}).item(), 1);
  const Tensor s = call_op1(
      OpId::sum, {none}, Attrs().set("axis", std::vector<int64_t>{0}).set("keepDims", int64_t(1)));
  EXPECT_EQ(shape_str(s.shape()), "[1,3]");
  EXPECT_EQ(s.item(2), 0);
  EXPECT_EQ(call_op1(OpId::all, {Tensor::zeros(DType::b8, {0})}).item(), 1);
}


TEST(ReduceOps, DenseSingleRunsGiveTheBitsOfTheGeneralPath) {
  // A dense input whose reduced dims form one run takes one kernel call directly; the same values
  // in a strided view go through the general layout planning. Both must agree bit for bit.
  struct Case {
    Shape shape;
    std::vector<int64_t> axes;
    bool keep;
  };
  const Case cases[] = {{{32, 8}, {0}, true}, {{32, 1}, {-1}, false}, {{32}, {}, false},   {{4, 5, 6}, {1}, false},
                        {{4, 5, 6}, {1, 2}, true}, {{4, 1, 5, 6}, {0, 2}, false}, {{3, 1, 7}, {1}, false},
                        {{300, 3}, {0}, false}};
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1, 1);
  for (const Case& c : cases) {
    // A buffer twice as wide in the last dim; the view takes every other element.
    Shape wide = c.shape;
    if (wide.empty()) wide.push_back(1);
    wide.back() *= 2;
    Tensor big = Tensor::empty(DType::f32, wide);
    for (int64_t i = 0; i < big.size(); ++i) big.data<float>()[i] = dist(rng);
    Strides st = big.strides();
    st.back() *= 2;
    const Tensor strided = big.view(c.shape, st, 0);
    const Tensor dense = strided.contiguous();
    ASSERT_FALSE(strided.is_contiguous() && c.shape.back() > 1);
    for (OpId id : {OpId::sum, OpId::mean, OpId::max}) {
      Attrs a = Attrs().set("axis", c.axes).set("keepDims", int64_t(c.keep));
      const Tensor want = call_op1(id, {strided}, a), got = call_op1(id, {dense}, a);
      ASSERT_EQ(got.shape(), want.shape());
      for (int64_t i = 0; i < got.size(); ++i)
        EXPECT_EQ(got.data<float>()[i], want.data<float>()[i]) << op_def(id).name << shape_str(c.shape) << " at " << i;
    }
  }
}
}  // namespace
}  // namespace tensorpad
