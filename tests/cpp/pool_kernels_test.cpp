// Pooling kernels: the xsimd kernels against their scalar references at channel counts around
// the vector width, with NaN in windows; the gradient kernels against their adjoint identity
// <pool(x), dy> = <x, pool_grad(dy)> (average) and the first-maximum routing (max).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "kernels/pool.h"

namespace tensorpad {
namespace {

using kernels::PoolGeometry;

PoolGeometry geometry(int64_t c, int64_t k, int64_t s, int64_t pad) {
  PoolGeometry g;
  g.batch = 2;
  g.channels = c;
  g.in[0] = 1, g.in[1] = 6, g.in[2] = 7;
  for (int a = 1; a < 3; ++a) {
    g.window[a] = k, g.stride[a] = s, g.pad_before[a] = pad;
    g.out[a] = (g.in[a] + 2 * pad - k) / s + 1;
  }
  return g;
}

template <class T>
std::vector<T> values(int64_t n, uint32_t seed, int nan_every = 0) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<T> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = nan_every && i % nan_every == 3 ? NAN : static_cast<T>(u(gen));
  return v;
}

int64_t in_size(const PoolGeometry& g) { return g.batch * g.in[0] * g.in[1] * g.in[2] * g.channels; }
int64_t out_size(const PoolGeometry& g) { return g.batch * g.out[0] * g.out[1] * g.out[2] * g.channels; }

template <class T>
void simd_matches_scalar() {
  for (int64_t c : {1, 2, 3, 4, 5, 7, 8, 9, 16, 17})
    for (auto [k, s, pad] : {std::tuple{2, 2, 0}, {3, 1, 1}, {3, 2, 1}}) {
      const PoolGeometry g = geometry(c, k, s, pad);
      SCOPED_TRACE("channels " + std::to_string(c) + " window " + std::to_string(k));
      const auto x = values<T>(in_size(g), 7 + c, 37);
      std::vector<T> a(out_size(g)), b(out_size(g));
      kernels::max_pool<T>(g, x.data(), a.data());
      kernels::max_pool_scalar<T>(g, x.data(), b.data());
      for (size_t i = 0; i < a.size(); ++i)
        ASSERT_TRUE(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))) << "max element " << i;
      kernels::avg_pool<T>(g, x.data(), a.data());
      kernels::avg_pool_scalar<T>(g, x.data(), b.data());
      for (size_t i = 0; i < a.size(); ++i)
        ASSERT_TRUE(std::fabs(a[i] - b[i]) <= 1e-6 || (std::isnan(a[i]) && std::isnan(b[i]))) << "avg element " << i;
    }
}

TEST(PoolKernels, SimdMatchesScalarFloat) { simd_matches_scalar<float>(); }
TEST(PoolKernels, SimdMatchesScalarDouble) { simd_matches_scalar<double>(); }

TEST(PoolKernels, AvgGradIsTheAdjoint) {
  for (int64_t c : {1, 4, 5}) {
    const PoolGeometry g = geometry(c, 3, 2, 1);
    const auto x = values<double>(in_size(g), 1), dy = values<double>(out_size(g), 2);
    std::vector<double> y(out_size(g)), dx(in_size(g));
    kernels::avg_pool<double>(g, x.data(), y.data());
    kernels::avg_pool_grad<double>(g, dy.data(), dx.data());
    double lhs = 0, rhs = 0;
    for (size_t i = 0; i < y.size(); ++i) lhs += y[i] * dy[i];
    for (size_t i = 0; i < x.size(); ++i) rhs += x[i] * dx[i];
    EXPECT_NEAR(lhs, rhs, 1e-12);
  }
}

// Channel counts around the vector width (the vector path and its scalar tail), ties and NaNs.
template <class T>
void max_grad_routes_to_the_argmax() {
  for (int64_t c : {1, 3, 4, 5, 8, 9}) {
    for (int nan_every : {0, 7}) {
      const PoolGeometry g = geometry(c, 3, 1, 1);
      auto x = values<T>(in_size(g), 3, nan_every);
      for (size_t i = 0; i < x.size(); i += 3) x[i] = T(0.5);  // ties
      const auto dy = values<T>(out_size(g), 4);
      std::vector<T> y(out_size(g)), dx(in_size(g)), want(in_size(g), T(0));
      std::vector<int32_t> arg(out_size(g));
      kernels::max_pool_argmax<T>(g, x.data(), true, y.data(), arg.data());
      for (size_t i = 0; i < arg.size(); ++i) want[arg[i]] += dy[i];
      kernels::max_pool_grad<T>(g, x.data(), dy.data(), dx.data());
      for (size_t i = 0; i < dx.size(); ++i)
        ASSERT_EQ(dx[i], want[i]) << "channels " << c << ", NaN every " << nan_every << ", element " << i;
    }
  }
}

TEST(PoolKernels, MaxGradRoutesToTheArgmaxFloat) { max_grad_routes_to_the_argmax<float>(); }
TEST(PoolKernels, MaxGradRoutesToTheArgmaxDouble) { max_grad_routes_to_the_argmax<double>(); }

}  // namespace
}  // namespace tensorpad
