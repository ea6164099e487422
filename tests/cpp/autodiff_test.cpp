// Tape and forward-accumulator behaviour on compositions of ops: the course's examples, higher
// derivatives against closed forms, TensorFlow's conventions and misuse errors.
#include <gtest/gtest.h>

#include <cmath>

#include "autodiff/autodiff.h"
#include "error.h"
#include "ops/api.h"

namespace tensorpad {
namespace {

using autodiff::ForwardAccumulator;
using autodiff::Tape;

Tensor f64(double v) { return ops::scalar(v, DType::f64); }
Tensor variable(double v, DType dt = DType::f32) {
  Tensor t = ops::scalar(v, dt);
  t.set_trainable(true);
  return t;
}

// The course's f(w1, w2) = 3 w1^2 + 2 w1 w2.
Tensor course_f(const Tensor& w1, const Tensor& w2) {
  return ops::add(ops::mul(ops::square(w1), 3.0), ops::mul(ops::mul(w1, w2), 2.0));
}

TEST(Tape, CourseExampleGivesGradients36And10) {
  Tensor w1 = variable(5), w2 = variable(3);
  Tape tape;
  tape.start_recording();
  Tensor z = course_f(w1, w2);
  tape.stop_recording();
  Tensors g = tape.gradient({z}, {w1, w2}, {}, false);
  EXPECT_FLOAT_EQ(g[0].item(), 36);
  EXPECT_FLOAT_EQ(g[1].item(), 10);
}

TEST(Tape, ConstantsNeedWatch) {
  Tensor c = ops::scalar(2, DType::f32);
  Tape tape;
  tape.start_recording();
  tape.watch(c);
  Tensor y = ops::mul(c, c);
  tape.stop_recording();
  EXPECT_FLOAT_EQ(tape.gradient({y}, {c}, {}, false)[0].item(), 4);
}

TEST(Tape, NonPersistentTapeCanBeUsedOnce) {
  Tensor w = variable(1);
  Tape tape;
  tape.start_recording();
  Tensor y = ops::exp(w);
  tape.stop_recording();
  tape.gradient({y}, {w}, {}, false);
  try {
    tape.gradient({y}, {w}, {}, false);
    FAIL() << "second gradient() on a non-persistent tape did not throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("persistent"), std::string::npos) << e.what();
  }
}

TEST(Tape, PersistentTapeGivesSeveralGradients) {
  Tensor x = variable(3);
  Tape tape(true);
  tape.start_recording();
  Tensor y = ops::mul(x, x);
  Tensor z = ops::mul(y, y);
  tape.stop_recording();
  EXPECT_FLOAT_EQ(tape.gradient({z}, {x}, {}, false)[0].item(), 4 * 27);
  EXPECT_FLOAT_EQ(tape.gradient({y}, {x}, {}, false)[0].item(), 6);
}

// TensorFlow returns None for sources a target does not reach on the tape (computed before
// recording, or only through piecewise-constant ops), zeros with unconnected_gradients=ZERO.
TEST(Tape, TargetNotReachedFromSourcesIsUnconnected) {
  Tensor x = variable(3);
  Tensor y = ops::mul(x, x);  // computed before recording
  Tape tape(true, true);
  tape.start_recording();
  Tensor z = ops::floor(ops::mul(x, 2.5));
  tape.stop_recording();
  EXPECT_FALSE(tape.gradient({y}, {x}, {}, false)[0].defined());
  EXPECT_FALSE(tape.gradient({z}, {x}, {}, false)[0].defined());
  EXPECT_EQ(tape.gradient({z}, {x}, {}, true)[0].item(), 0);
}

TEST(Tape, UnconnectedIntegerAndStoppedSources) {
  Tensor x = variable(2), unused = variable(7);
  Tensor k = ops::scalar(3, DType::i32);
  k.set_trainable(true);
  Tape tape(true);
  tape.start_recording();
  Tensor y = ops::add(ops::mul(x, x), ops::stopGradient(ops::mul(x, 10.0)));
  tape.stop_recording();
  Tensors none = tape.gradient({y}, {x, unused, k}, {}, false);
  EXPECT_FLOAT_EQ(none[0].item(), 4);  // the stopped branch contributes nothing
  EXPECT_FALSE(none[1].defined());
  EXPECT_FALSE(none[2].defined());
  Tensors zero = tape.gradient({y}, {unused, k}, {}, true);
  ASSERT_TRUE(zero[0].defined());
  EXPECT_EQ(zero[0].item(), 0);
  EXPECT_FALSE(zero[1].defined());  // integer sources get no gradient even with 'zero'
}

TEST(Tape, NonScalarTargetIsSummed) {
  Tensor x = ops::fill({3}, 2, DType::f32);
  x.set_trainable(true);
  Tape tape;
  tape.start_recording();
  Tensor y = ops::mul(x, ops::fill({2, 3}, 1.5, DType::f32));  // broadcast to [2,3]
  tape.stop_recording();
  Tensor g = tape.gradient({y}, {x}, {}, false)[0];
  ASSERT_EQ(g.shape(), Shape({3}));
  for (int i = 0; i < 3; ++i) EXPECT_FLOAT_EQ(g.item(i), 3);
}

// Second derivative by nesting: the outer tape records the inner tape's gradient computation.
double second_derivative(Tensor (*f)(const Tensor&), double at) {
  Tensor x = variable(at, DType::f64);
  Tape outer, inner;
  outer.start_recording();
  inner.start_recording();
  Tensor y = f(x);
  inner.stop_recording();
  Tensor dy = inner.gradient({y}, {x}, {}, false)[0];
  outer.stop_recording();
  return outer.gradient({dy}, {x}, {}, false)[0].item();
}

TEST(Tape, SecondDerivativesMatchClosedForms) {
  for (double x : {-1.3, -0.2, 0.0, 0.7, 2.1}) {
    double t = std::tanh(x), s = 1 / (1 + std::exp(-x));
    EXPECT_NEAR(second_derivative(ops::tanh, x), -2 * t * (1 - t * t), 1e-12) << x;
    EXPECT_NEAR(second_derivative(ops::sigmoid, x), s * (1 - s) * (1 - 2 * s), 1e-12) << x;
    EXPECT_NEAR(second_derivative(ops::exp, x), std::exp(x), 1e-12) << x;
    EXPECT_NEAR(second_derivative(ops::softplus, x), s * (1 - s), 1e-12) << x;
  }
}

TEST(Tape, ThirdDerivativeOfCube) {
  Tensor x = variable(1.5, DType::f64);
  Tape t1, t2, t3;
  t1.start_recording();
  t2.start_recording();
  t3.start_recording();
  Tensor y = ops::mul(ops::mul(x, x), x);
  t3.stop_recording();
  Tensor d1 = t3.gradient({y}, {x}, {}, false)[0];
  t2.stop_recording();
  Tensor d2 = t2.gradient({d1}, {x}, {}, false)[0];
  t1.stop_recording();
  Tensor d3 = t1.gradient({d2}, {x}, {}, false)[0];
  EXPECT_DOUBLE_EQ(d1.item(), 3 * 1.5 * 1.5);
  EXPECT_DOUBLE_EQ(d2.item(), 6 * 1.5);
  EXPECT_DOUBLE_EQ(d3.item(), 6);
}

// The course's my_func: z = a*cos(z + i) + z*sin(b - i), 100 times, from z = 0.
Tensor my_func(const Tensor& a, const Tensor& b) {
  Tensor z = ops::scalar(0, a.dtype());
  for (int i = 0; i < 100; ++i) {
    Tensor fi = ops::scalar(i, a.dtype());
    z = ops::add(ops::mul(a, ops::cos(ops::add(z, fi))), ops::mul(z, ops::sin(ops::sub(b, fi))));
  }
  return z;
}

TEST(Tape, CourseLoopMatchesFiniteDifferencesAndForwardMode) {
  const double a0 = 0.3, b0 = 0.8, h = 1e-6;
  Tensor a = variable(a0, DType::f64), b = variable(b0, DType::f64);
  Tape tape;
  tape.start_recording();
  Tensor z = my_func(a, b);
  tape.stop_recording();
  Tensors g = tape.gradient({z}, {a, b}, {}, false);
  ASSERT_TRUE(g[0].defined() && g[1].defined());
  auto at = [&](double x, double y) { return my_func(f64(x), f64(y)).item(); };
  double da = (at(a0 + h, b0) - at(a0 - h, b0)) / (2 * h);
  double db = (at(a0, b0 + h) - at(a0, b0 - h)) / (2 * h);
  EXPECT_NEAR(g[0].item(), da, 1e-6 * (1 + std::fabs(da)));
  EXPECT_NEAR(g[1].item(), db, 1e-6 * (1 + std::fabs(db)));

  ForwardAccumulator acc;
  acc.start();
  Tensor pa = f64(a0), pb = f64(b0);
  acc.watch(pa, f64(1));
  Tensor zf = my_func(pa, pb);
  acc.stop();
  Tensor tangent = acc.jvp(zf, false);
  ASSERT_TRUE(tangent.defined());
  EXPECT_NEAR(tangent.item(), g[0].item(), 1e-9 * (1 + std::fabs(da)));
}

TEST(ForwardMode, DualNumberRuleForAFunctionOfOneVariable) {
  // h(a + eps) = h(a) + h'(a) eps for h(x) = x^2 sin(x): h' = 2x sin x + x^2 cos x.
  ForwardAccumulator acc;
  acc.start();
  Tensor a = f64(1.2);
  acc.watch(a, f64(1));
  Tensor y = ops::mul(ops::square(a), ops::sin(a));
  acc.stop();
  EXPECT_NEAR(y.item(), 1.44 * std::sin(1.2), 1e-15);
  Tensor tangent = acc.jvp(y, false);
  ASSERT_TRUE(tangent.defined());
  EXPECT_NEAR(tangent.item(), 2.4 * std::sin(1.2) + 1.44 * std::cos(1.2), 1e-14);
}

TEST(Memory, NonPersistentTapeFreesWhatItSaved) {
  Tensor w = ops::fill({256, 256}, 0.5, DType::f32);
  w.set_trainable(true);
  int64_t before = memory_stats().live_bytes;
  {
    Tape tape;
    tape.start_recording();
    Tensor y = ops::sum(ops::tanh(ops::matMul(w, w)));
    tape.stop_recording();
    Tensor g = tape.gradient({y}, {w}, {}, false)[0];
    y = Tensor();
    g = Tensor();
    EXPECT_EQ(memory_stats().live_bytes, before);
  }
  EXPECT_EQ(memory_stats().live_bytes, before);
}

}  // namespace
}  // namespace tensorpad
