// Gradient checks driven by the op table: for every differentiable op and every one of its
// gradient-check cases (grad_check_cases: the op's test cases in float64), the reverse-mode rule
// and the forward-mode rule both agree with central finite differences of
// L(x) = sum_k <u_k, f_k(x)> along random directions.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ops/common.h"
#include "ops/op.h"

namespace tensorpad {
namespace {

Tensor random_like(const Tensor& t, std::mt19937& gen) {
  Tensor r = Tensor::empty(DType::f64, t.shape());
  std::normal_distribution<double> n(0, 1);
  for (int64_t i = 0; i < r.size(); ++i) r.data<double>()[i] = n(gen);
  return r;
}

double inner(const Tensor& a, const Tensor& b) {
  Tensor ac = cast_to(a, DType::f64), bc = cast_to(b, DType::f64);
  double s = 0;
  for (int64_t i = 0; i < ac.size(); ++i) s += ac.data<double>()[i] * bc.data<double>()[i];
  return s;
}

Tensor axpy(const Tensor& x, double h, const Tensor& v) {
  Tensor out = x.clone();
  for (int64_t i = 0; i < out.size(); ++i) out.data<double>()[i] += h * v.data<double>()[i];
  return out;
}

// A kink or jump within h along v (relu at 0, ties of max, the k-th value of topk, mod's steps):
// the one-sided slopes disagree and the derivative is not defined there. Checked on L and on
// every output element with a weight in u, since the slopes of elements can cancel out in L (a
// reduction over tied values). ys: outputs at x, x + h v and x - h v.
bool kinked(const Tensors (&ys)[3], const Tensors& u, double h) {
  auto disagree = [](double right, double left) {
    return std::fabs(right - left) > 0.05 * (1 + std::fabs(right) + std::fabs(left));
  };
  double l0 = 0, lp = 0, lm = 0;
  for (size_t k = 0; k < u.size(); ++k) {
    if (!u[k].defined()) continue;
    Tensor y0 = cast_to(ys[0][k], DType::f64), yp = cast_to(ys[1][k], DType::f64),
           ym = cast_to(ys[2][k], DType::f64), uk = cast_to(u[k], DType::f64);
    const double *a = y0.data<double>(), *p = yp.data<double>(), *m = ym.data<double>(),
                 *w = uk.data<double>();
    for (int64_t i = 0; i < y0.size(); ++i) {
      if (w[i] != 0 && disagree((p[i] - a[i]) / h, (a[i] - m[i]) / h)) return true;
      l0 += w[i] * a[i], lp += w[i] * p[i], lm += w[i] * m[i];
    }
  }
  return disagree((lp - l0) / h, (l0 - lm) / h);
}

class GradCheck : public ::testing::TestWithParam<int> {};

TEST_P(GradCheck, RulesMatchFiniteDifferences) {
  const OpDef& d = *all_ops()[GetParam()];
  ASSERT_NE(d.differentiable, Differentiable::kUnset)
      << d.name << ": the op table entry must say whether it is differentiable";
  if (d.differentiable == Differentiable::kNo) {
    EXPECT_EQ(d.vjp, nullptr) << d.name << " is marked non-differentiable but has a vjp";
    return;
  }
  ASSERT_NE(d.vjp, nullptr) << d.name << " has no reverse-mode rule";
  ASSERT_NE(d.jvp, nullptr) << d.name << " has no forward-mode rule";
  const double h = d.grad_step > 0 ? d.grad_step : 1e-5;
  const double tol = d.grad_tol > 0 ? d.grad_tol : 1e-6;
  std::mt19937 gen(1234 + GetParam());
  int checked = 0, directions = 0;
  // The cases and their preparation (float64, attributes completed) are shared with the JS
  // harness (tests/js/autodiff/grad_check.test.ts): grad_check_cases in core/ops/registry.cpp.
  for (const TestCase& c : grad_check_cases(d)) {
    SCOPED_TRACE(std::string(d.name) + " [" + c.label + "]");
    const Tensors& x = c.inputs;
    const Attrs& attrs = c.attrs;
    Tensors y = call_op(static_cast<OpId>(GetParam()), x, attrs);
    Tensors u(y.size());
    for (size_t k = 0; k < y.size(); ++k)
      if (is_floating(y[k].dtype())) u[k] = random_like(y[k], gen);
    auto loss_of = [&](const Tensors& ys) {
      double s = 0;
      for (size_t k = 0; k < ys.size(); ++k)
        if (u[k].defined()) s += inner(ys[k], u[k]);
      return s;
    };
    auto loss = [&](const Tensors& xs) { return loss_of(call_op(static_cast<OpId>(GetParam()), xs, attrs)); };
    Tensors grads = d.vjp(x, y, u, attrs);
    ASSERT_EQ(grads.size(), x.size());
    const double f0 = loss(x);
    if (!std::isfinite(f0)) continue;  // e.g. the mean of an empty tensor
    for (int dir = 0; dir < 3; ++dir) {
      Tensors v(x.size());
      for (size_t j = 0; j < x.size(); ++j)
        if (is_floating(x[j].dtype())) v[j] = random_like(x[j], gen);
      auto outputs_at = [&](double step) {
        Tensors xs = x;
        for (size_t j = 0; j < x.size(); ++j)
          if (v[j].defined()) xs[j] = axpy(x[j], step, v[j]);
        return call_op(static_cast<OpId>(GetParam()), xs, attrs);
      };
      const Tensors ys[3] = {y, outputs_at(h), outputs_at(-h)};
      if (kinked(ys, u, h)) continue;  // no derivative to compare
      const double fp = loss_of(ys[1]), fm = loss_of(ys[2]);
      const double fp2 = loss_of(outputs_at(h / 2)), fm2 = loss_of(outputs_at(-h / 2));
      // Richardson extrapolation of central differences: error O(h^4).
      double fd = (4 * (fp2 - fm2) / h - (fp - fm) / (2 * h)) / 3;
      double rev = 0;
      for (size_t j = 0; j < x.size(); ++j)
        if (v[j].defined() && grads[j].defined()) {
          ASSERT_EQ(shape_str(grads[j].shape()), shape_str(x[j].shape())) << "gradient of input " << j;
          rev += inner(grads[j], v[j]);
        }
      Tensors tangents = d.jvp(x, y, v, attrs);
      double fwd = 0;
      for (size_t k = 0; k < y.size() && k < tangents.size(); ++k)
        if (u[k].defined() && tangents[k].defined()) {
          ASSERT_EQ(shape_str(tangents[k].shape()), shape_str(y[k].shape())) << "tangent of output " << k;
          fwd += inner(tangents[k], u[k]);
        }
      double scale = 1 + std::fabs(fd);
      EXPECT_LE(std::fabs(rev - fd), tol * scale) << "reverse mode " << rev << " vs finite differences " << fd;
      EXPECT_LE(std::fabs(fwd - fd), tol * scale) << "forward mode " << fwd << " vs finite differences " << fd;
      ++directions;
    }
    ++checked;
  }
  EXPECT_GT(checked, 0) << d.name << ": no test case small enough for finite differences";
  EXPECT_GT(directions, 0) << d.name << ": every direction crossed a kink";
}

INSTANTIATE_TEST_SUITE_P(AllOps, GradCheck, ::testing::Range(0, kOpCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(all_ops()[info.param]->name);
                         });

}  // namespace
}  // namespace tensorpad
