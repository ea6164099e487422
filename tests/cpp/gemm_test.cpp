#include "kernels/gemm.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace tensorpad::kernels {
namespace {

// Mirrors Config<T> in core/kernels/gemm.cpp so the sizes below straddle every tile and block edge:
// f32 4x8 tiles, f64 4x4 tiles, both mc = 96 and nc = 1024, f32 kc = 384, f64 kc = 192; products
// of up to 512 multiply-adds with m < 4 (or n < 4 for f32) take the unpacked path.
constexpr int64_t kMr = 4, kMc = 96, kNc = 1024, kDirectMaxMacs = 512;

template <class T>
struct Ops;
template <>
struct Ops<float> {
  static constexpr auto gemm = gemm_f32;
  static constexpr auto ref = gemm_ref_f32;
  static constexpr int64_t nr = 8, kc = 384;
};
template <>
struct Ops<double> {
  static constexpr auto gemm = gemm_f64;
  static constexpr auto ref = gemm_ref_f64;
  static constexpr int64_t nr = 4, kc = 192;
};

struct Case {
  bool ta, tb;
  int64_t m, n, k;
  int64_t pad_a = 0, pad_b = 0, pad_c = 0;  // leading dimension minus logical width
  bool accumulate = false;
};

std::string describe(const Case& c) {
  return std::string(c.ta ? "T" : "N") + (c.tb ? "T" : "N") + " m=" + std::to_string(c.m) +
         " n=" + std::to_string(c.n) + " k=" + std::to_string(c.k) +
         " pads=" + std::to_string(c.pad_a) + "," + std::to_string(c.pad_b) + "," +
         std::to_string(c.pad_c) + (c.accumulate ? " acc" : "");
}

template <class T>
struct Problem {
  int64_t lda, ldb, ldc;
  std::vector<T> a, b, c0;
};

// Random operands in their stored layout (all cases have m, n, k >= 1). C's padding columns and
// one element past its end hold a sentinel that must survive.
template <class T>
Problem<T> make(const Case& c, std::mt19937& rng) {
  std::uniform_real_distribution<T> dist(T(-1), T(1));
  Problem<T> p;
  const int64_t a_rows = c.ta ? c.k : c.m, a_cols = c.ta ? c.m : c.k;
  const int64_t b_rows = c.tb ? c.n : c.k, b_cols = c.tb ? c.k : c.n;
  p.lda = a_cols + c.pad_a;
  p.ldb = b_cols + c.pad_b;
  p.ldc = c.n + c.pad_c;
  // A and B end at their last element, so reads past them trip AddressSanitizer.
  p.a.resize(static_cast<size_t>((a_rows - 1) * p.lda + a_cols));
  p.b.resize(static_cast<size_t>((b_rows - 1) * p.ldb + b_cols));
  p.c0.resize(static_cast<size_t>(c.m * p.ldc + 1));
  for (auto& x : p.a) x = dist(rng);
  for (auto& x : p.b) x = dist(rng);
  for (int64_t i = 0; i < c.m; ++i)
    for (int64_t j = 0; j < p.ldc; ++j) p.c0[i * p.ldc + j] = j < c.n ? dist(rng) : T(777);
  p.c0.back() = T(777);
  return p;
}

// Runs gemm and checks it against the double-accumulating reference element by element, with the
// standard forward error bound: |err| <= c * (k + 1) * eps * ((|A| |B|)_ij + |C0_ij|).
template <class T>
std::vector<T> check(const Case& c, std::mt19937& rng) {
  SCOPED_TRACE(describe(c));
  const Problem<T> p = make<T>(c, rng);
  std::vector<T> got = p.c0, want = p.c0;
  if (!c.accumulate) {
    // C is write-only without accumulate: NaN there must not leak into the result.
    for (int64_t i = 0; i < c.m; ++i)
      for (int64_t j = 0; j < c.n; ++j) got[i * p.ldc + j] = std::numeric_limits<T>::quiet_NaN();
  }
  Ops<T>::gemm(c.ta, c.tb, c.m, c.n, c.k, p.a.data(), p.lda, p.b.data(), p.ldb, got.data(), p.ldc,
               c.accumulate);
  Ops<T>::ref(c.ta, c.tb, c.m, c.n, c.k, p.a.data(), p.lda, p.b.data(), p.ldb, want.data(), p.ldc,
              c.accumulate);

  std::vector<T> abs_a(p.a.size()), abs_b(p.b.size()), mag(p.c0.size(), T(0));
  for (size_t i = 0; i < p.a.size(); ++i) abs_a[i] = std::abs(p.a[i]);
  for (size_t i = 0; i < p.b.size(); ++i) abs_b[i] = std::abs(p.b[i]);
  Ops<T>::ref(c.ta, c.tb, c.m, c.n, c.k, abs_a.data(), p.lda, abs_b.data(), p.ldb, mag.data(),
              p.ldc, false);

  const T eps = std::numeric_limits<T>::epsilon();
  int failures = 0;
  for (int64_t i = 0; i < c.m && failures < 5; ++i) {
    for (int64_t j = 0; j < p.ldc && failures < 5; ++j) {
      const T g = got[i * p.ldc + j], w = want[i * p.ldc + j];
      if (j >= c.n) {
        if (g != T(777)) {
          ADD_FAILURE() << "padding of C written at (" << i << ", " << j << ")";
          ++failures;
        }
        continue;
      }
      const T c0 = c.accumulate ? std::abs(p.c0[i * p.ldc + j]) : T(0);
      const T tol = T(2) * T(c.k + 1) * eps * (mag[i * p.ldc + j] + c0) + T(4) * eps;
      if (!(std::abs(g - w) <= tol)) {
        ADD_FAILURE() << "C(" << i << ", " << j << ") = " << g << ", want " << w << " (tol " << tol
                      << ")";
        ++failures;
      }
    }
  }
  EXPECT_EQ(got.back(), T(777)) << "wrote past the end of C";
  return got;
}

template <class T>
class GemmTest : public ::testing::Test {
 protected:
  std::mt19937 rng{20240611};
};
using Types = ::testing::Types<float, double>;
TYPED_TEST_SUITE(GemmTest, Types);

// Every transpose/accumulate combination with the given sizes and padded leading dimensions.
template <class T>
void check_all_variants(int64_t m, int64_t n, int64_t k, std::mt19937& rng) {
  for (int v = 0; v < 8; ++v) {
    Case c{(v & 1) != 0, (v & 2) != 0, m, n, k};
    c.accumulate = (v & 4) != 0;
    c.pad_a = v % 3;
    c.pad_b = (v + 1) % 4;
    c.pad_c = v % 2 ? 3 : 0;
    check<T>(c, rng);
  }
}

TYPED_TEST(GemmTest, OneByOneByOne) { check_all_variants<TypeParam>(1, 1, 1, this->rng); }

TYPED_TEST(GemmTest, AroundTileEdges) {
  using O = Ops<TypeParam>;
  const int64_t nr = O::nr;
  for (int64_t m : {int64_t{1}, kMr - 1, kMr, kMr + 1, 2 * kMr, 3 * kMr + 1})
    // nr / 2 and nr + nr / 2 fill the narrow last panel exactly; nr + 1 leaves it one column.
    for (int64_t n : {int64_t{1}, nr / 2, nr - 1, nr, nr + 1, nr + nr / 2, 2 * nr, 3 * nr - 1})
      for (int64_t k : {1, 2, 7, 16, 33}) check_all_variants<TypeParam>(m, n, k, this->rng);
}

TYPED_TEST(GemmTest, MatrixVector) {
  // m == 1 and n == 1 take the gemv path: 4 vectors across outputs, W x W transposes along k.
  for (int64_t len : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 70})
    for (int64_t k : {1, 2, 3, 4, 5, 8, 9, 64, 301}) {
      check_all_variants<TypeParam>(1, len, k, this->rng);
      check_all_variants<TypeParam>(len, 1, k, this->rng);
    }
}

TYPED_TEST(GemmTest, AroundDirectThreshold) {
  // Skinny products (m < MR) of up to kDirectMaxMacs take the unpacked loop; one more k packs.
  static_assert(kDirectMaxMacs == 512, "update the sizes below");
  check_all_variants<TypeParam>(2, 2, 128, this->rng);
  check_all_variants<TypeParam>(2, 2, 129, this->rng);
  check_all_variants<TypeParam>(3, 8, 21, this->rng);
  check_all_variants<TypeParam>(3, 8, 22, this->rng);
  check_all_variants<TypeParam>(8, 8, 8, this->rng);
}

TYPED_TEST(GemmTest, AroundKBlock) {
  const int64_t kc = Ops<TypeParam>::kc;
  for (int64_t k : {kc - 1, kc, kc + 1, 2 * kc + 3})
    check_all_variants<TypeParam>(9, 11, k, this->rng);
}

TYPED_TEST(GemmTest, AroundMBlock) {
  for (int64_t m : {kMc - 1, kMc, kMc + 1, 2 * kMc + 5})
    check_all_variants<TypeParam>(m, 10, 13, this->rng);
}

TYPED_TEST(GemmTest, AroundNBlock) {
  for (int64_t n : {kNc - 1, kNc, kNc + 1}) check_all_variants<TypeParam>(5, n, 3, this->rng);
}

TYPED_TEST(GemmTest, MAndKBlocksTogether) {
  const int64_t kc = Ops<TypeParam>::kc, nr = Ops<TypeParam>::nr;
  check_all_variants<TypeParam>(kMc + 3, 2 * nr + 3, kc + 5, this->rng);
}

TYPED_TEST(GemmTest, RandomShapes) {
  std::uniform_int_distribution<int64_t> size(1, 70), pad(0, 9);
  for (int trial = 0; trial < 60; ++trial) {
    Case c{(trial & 1) != 0, (trial & 2) != 0, size(this->rng), size(this->rng), size(this->rng)};
    c.pad_a = pad(this->rng);
    c.pad_b = pad(this->rng);
    c.pad_c = pad(this->rng);
    c.accumulate = (trial & 4) != 0;
    check<TypeParam>(c, this->rng);
  }
}

TYPED_TEST(GemmTest, KZeroWritesZerosOrKeepsC) {
  for (bool acc : {false, true}) {
    for (int v = 0; v < 4; ++v) {
      const bool ta = v & 1, tb = v & 2;
      const int64_t m = 5, n = 9, ldc = 12;
      std::vector<TypeParam> c(m * ldc, TypeParam(3));
      const TypeParam dummy = 0;
      Ops<TypeParam>::gemm(ta, tb, m, n, 0, &dummy, 1, &dummy, 1, c.data(), ldc, acc);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < ldc; ++j)
          EXPECT_EQ(c[i * ldc + j], (j < n && !acc) ? TypeParam(0) : TypeParam(3))
              << "acc=" << acc << " v=" << v << " at " << i << "," << j;
    }
  }
}

TYPED_TEST(GemmTest, EmptyMOrNTouchesNothing) {
  std::vector<TypeParam> a(64, TypeParam(1)), b(64, TypeParam(1)), c(64, TypeParam(5));
  for (bool acc : {false, true}) {
    Ops<TypeParam>::gemm(false, false, 0, 4, 4, a.data(), 4, b.data(), 4, c.data(), 4, acc);
    Ops<TypeParam>::gemm(true, true, 4, 0, 4, a.data(), 4, b.data(), 4, c.data(), 4, acc);
    Ops<TypeParam>::gemm(false, true, 0, 0, 0, a.data(), 4, b.data(), 4, c.data(), 4, acc);
  }
  for (const auto x : c) EXPECT_EQ(x, TypeParam(5));
}

TYPED_TEST(GemmTest, KnownProduct) {
  // [[1 2 3], [4 5 6]] * [[7 8], [9 10], [11 12]] = [[58 64], [139 154]], exact in any precision.
  const TypeParam a[] = {1, 2, 3, 4, 5, 6}, at[] = {1, 4, 2, 5, 3, 6};
  const TypeParam b[] = {7, 8, 9, 10, 11, 12}, bt[] = {7, 9, 11, 8, 10, 12};
  for (int v = 0; v < 4; ++v) {
    const bool ta = v & 1, tb = v & 2;
    TypeParam c[4] = {1, 1, 1, 1};
    Ops<TypeParam>::gemm(ta, tb, 2, 2, 3, ta ? at : a, ta ? 2 : 3, tb ? bt : b, tb ? 3 : 2, c, 2,
                         true);
    EXPECT_EQ(c[0], 59);
    EXPECT_EQ(c[1], 65);
    EXPECT_EQ(c[2], 140);
    EXPECT_EQ(c[3], 155);
  }
}

// The path and summation order depend on the shape only (the packs absorb the transposes), so all
// four variants agree bitwise: gradients through NT/TN match a forward pass through NN exactly.
TYPED_TEST(GemmTest, TransposeVariantsAgreeBitwise) {
  using T = TypeParam;
  // Direct, packed within one block, packed across the m/k and n blocks, and the gemv forms.
  const int64_t shapes[][3] = {{5, 6, 7},   {12, 17, 21}, {100, 30, 400}, {5, kNc + 6, 20},
                               {1, 37, 41}, {37, 1, 41},  {1, 1, 9}};
  for (const auto& sh : shapes) {
    const int64_t m = sh[0], n = sh[1], k = sh[2];
    std::uniform_real_distribution<T> dist(T(-1), T(1));
    std::vector<T> a(m * k), b(k * n), at(k * m), bt(n * k);
    for (auto& x : a) x = dist(this->rng);
    for (auto& x : b) x = dist(this->rng);
    for (int64_t i = 0; i < m; ++i)
      for (int64_t p = 0; p < k; ++p) at[p * m + i] = a[i * k + p];
    for (int64_t p = 0; p < k; ++p)
      for (int64_t j = 0; j < n; ++j) bt[j * k + p] = b[p * n + j];
    std::vector<T> nn(m * n), other(m * n);
    Ops<T>::gemm(false, false, m, n, k, a.data(), k, b.data(), n, nn.data(), n, false);
    for (int v = 1; v < 4; ++v) {
      const bool ta = v & 1, tb = v & 2;
      Ops<T>::gemm(ta, tb, m, n, k, ta ? at.data() : a.data(), ta ? m : k,
                   tb ? bt.data() : b.data(), tb ? k : n, other.data(), n, false);
      EXPECT_EQ(other, nn) << m << "x" << n << "x" << k << " variant " << v;
    }
  }
}

TYPED_TEST(GemmTest, NarrowProductsMatchThePackedKernelBitwise) {
  // Products up to 4 vectors wide run row by row without packing A (a small network's layers and
  // their gradients); the first n columns of a 40-wide product, which packs, hold the same bits.
  using T = TypeParam;
  const int64_t wide = 40;
  const int64_t shapes[][3] = {{32, 8, 2}, {32, 8, 8}, {32, 8, 1}, {8, 8, 32}, {6, 5, 9}, {33, 13, 70}, {4, 16, 3}};
  for (const auto& sh : shapes) {
    const int64_t m = sh[0], n = sh[1], k = sh[2];
    std::uniform_real_distribution<T> dist(T(-1), T(1));
    std::vector<T> a(m * k), b(k * wide);
    for (auto& x : a) x = dist(this->rng);
    for (auto& x : b) x = dist(this->rng);
    for (int v = 0; v < 8; ++v) {
      const bool ta = v & 1, tb = v & 2, acc = v & 4;
      // op(A) = A or its transpose, stored so that either reads the same matrix.
      std::vector<T> ad(a), bd(b);
      if (ta)
        for (int64_t i = 0; i < m; ++i)
          for (int64_t p = 0; p < k; ++p) ad[p * m + i] = a[i * k + p];
      if (tb)
        for (int64_t p = 0; p < k; ++p)
          for (int64_t j = 0; j < wide; ++j) bd[j * k + p] = b[p * wide + j];
      std::vector<T> c0(m * wide);
      for (auto& x : c0) x = dist(this->rng);
      std::vector<T> narrow(m * n), packed(c0);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) narrow[i * n + j] = c0[i * wide + j];
      // With tb, B's rows are op(B)'s columns: the narrow product reads the first n of them.
      Ops<T>::gemm(ta, tb, m, n, k, ad.data(), ta ? m : k, bd.data(), tb ? k : wide, narrow.data(), n, acc);
      Ops<T>::gemm(ta, tb, m, wide, k, ad.data(), ta ? m : k, bd.data(), tb ? k : wide, packed.data(), wide, acc);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j)
          ASSERT_EQ(narrow[i * n + j], packed[i * wide + j])
              << m << "x" << n << "x" << k << " variant " << v << " at (" << i << ", " << j << ")";
    }
  }
}

TYPED_TEST(GemmTest, RepeatedCallsAreDeterministic) {
  const Case c{true, false, 77, 45, 300};
  std::mt19937 r1(5), r2(5);
  const auto first = check<TypeParam>(c, r1);
  const auto second = check<TypeParam>(c, r2);
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace tensorpad::kernels
