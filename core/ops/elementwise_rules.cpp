// Differentiation rules of the elementwise ops (forward kernels in unary.cpp and binary.cpp).
// Each differentiable op has ONE derivative expression; both modes are built from it:
// reverse g -> g * f'(x), forward t -> t * f'(x) (binary ops: one partial per operand).
#include <cmath>

#include "api.h"
#include "common.h"

namespace tensorpad::ops_detail {
namespace {

Tensor k(const Tensor& like, double v) { return ops::scalar(v, like.dtype()); }
Tensor mask(const Tensor& cond, const Tensor& like) { return ops::cast(cond, like.dtype()); }

// f'(x) of a unary op, given x, y = f(x) and the attributes.
using Derivative = Tensor (*)(const Tensor& x, const Tensor& y, const Attrs& at);

constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

Tensor d_neg(const Tensor& x, const Tensor&, const Attrs&) { return k(x, -1); }
// abs at 0 has derivative 0 (sign), as TensorFlow.
Tensor d_abs(const Tensor& x, const Tensor&, const Attrs&) { return ops::sign(x); }
Tensor d_square(const Tensor& x, const Tensor&, const Attrs&) { return ops::mul(x, 2.0); }
Tensor d_sqrt(const Tensor&, const Tensor& y, const Attrs&) { return ops::div(k(y, 0.5), y); }
Tensor d_rsqrt(const Tensor&, const Tensor& y, const Attrs&) {
  return ops::mul(ops::mul(ops::square(y), y), -0.5);
}
Tensor d_reciprocal(const Tensor&, const Tensor& y, const Attrs&) { return ops::neg(ops::square(y)); }
Tensor d_exp(const Tensor&, const Tensor& y, const Attrs&) { return y; }
Tensor d_expm1(const Tensor&, const Tensor& y, const Attrs&) { return ops::add(y, 1.0); }
Tensor d_log(const Tensor& x, const Tensor&, const Attrs&) { return ops::reciprocal(x); }
Tensor d_log1p(const Tensor& x, const Tensor&, const Attrs&) { return ops::reciprocal(ops::add(x, 1.0)); }
Tensor d_sin(const Tensor& x, const Tensor&, const Attrs&) { return ops::cos(x); }
Tensor d_cos(const Tensor& x, const Tensor&, const Attrs&) { return ops::neg(ops::sin(x)); }
Tensor d_tan(const Tensor&, const Tensor& y, const Attrs&) { return ops::add(ops::square(y), 1.0); }
Tensor d_tanh(const Tensor&, const Tensor& y, const Attrs&) { return ops::sub(k(y, 1), ops::square(y)); }
Tensor d_sigmoid(const Tensor&, const Tensor& y, const Attrs&) { return ops::mul(y, ops::sub(k(y, 1), y)); }
Tensor d_softplus(const Tensor& x, const Tensor&, const Attrs&) { return ops::sigmoid(x); }
// The activations' derivatives read their output y where it tells the branch as well as x does
// (y > 0 iff x > 0, y < 0 iff x < 0; NaN alike): a differentiated graph then no longer reads the
// pre-activation, so the graph compiler can fuse conv + bias + activation in training steps too.
// relu at 0 has derivative 0, as TensorFlow; relu6 likewise at 0 and 6.
Tensor d_relu(const Tensor&, const Tensor& y, const Attrs&) { return mask(ops::greater(y, k(y, 0)), y); }
Tensor d_relu6(const Tensor&, const Tensor& y, const Attrs&) {
  return mask(ops::logicalAnd(ops::greater(y, k(y, 0)), ops::less(y, k(y, 6))), y);
}
// elu and selu at 0 take the linear branch's slope (TensorFlow's EluGrad/SeluGrad pick the
// exponential branch only for x < 0): elu'(0) = 1, selu'(0) = scale.
Tensor d_elu(const Tensor&, const Tensor& y, const Attrs&) {
  return ops::where(ops::less(y, k(y, 0)), ops::add(y, 1.0), k(y, 1));
}
Tensor d_selu(const Tensor&, const Tensor& y, const Attrs&) {
  return ops::where(ops::less(y, k(y, 0)), ops::add(y, kSeluScale * kSeluAlpha), k(y, kSeluScale));
}
// A negative alpha flips the sign of y below 0: then only x tells the branch.
Tensor d_leaky_relu(const Tensor& x, const Tensor& y, const Attrs& at) {
  const Tensor& v = at.f("alpha") >= 0 ? y : x;
  return ops::where(ops::greater(v, k(v, 0)), k(v, 1), k(v, at.f("alpha")));
}
Tensor d_gelu(const Tensor& x, const Tensor&, const Attrs& at) {
  if (at.b("approximate")) {
    // y = 0.5 x (1 + tanh(u)), u = c (x + 0.044715 x^3)
    const double c = std::sqrt(2 / M_PI);
    Tensor x2 = ops::square(x);
    Tensor th = ops::tanh(ops::mul(ops::add(x, ops::mul(ops::mul(x2, x), 0.044715)), c));
    Tensor du = ops::mul(ops::add(ops::mul(x2, 3 * 0.044715), 1.0), c);
    Tensor left = ops::mul(ops::add(th, 1.0), 0.5);
    Tensor right = ops::mul(ops::mul(ops::mul(x, ops::sub(k(x, 1), ops::square(th))), du), 0.5);
    return ops::add(left, right);
  }
  // y = x Phi(x): Phi(x) + x phi(x)
  Tensor cdf = ops::mul(ops::add(ops::erf(ops::mul(x, M_SQRT1_2)), 1.0), 0.5);
  Tensor pdf = ops::mul(ops::exp(ops::mul(ops::square(x), -0.5)), 1 / std::sqrt(2 * M_PI));
  return ops::add(cdf, ops::mul(x, pdf));
}
Tensor d_erf(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::mul(ops::exp(ops::neg(ops::square(x))), 2 / std::sqrt(M_PI));
}
// Inverse trigonometric and hyperbolic functions: the closed forms, infinite at the domain's ends.
Tensor d_acos(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::neg(ops::rsqrt(ops::sub(k(x, 1), ops::square(x))));
}
Tensor d_asin(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::rsqrt(ops::sub(k(x, 1), ops::square(x)));
}
Tensor d_atan(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::reciprocal(ops::add(ops::square(x), 1.0));
}
Tensor d_acosh(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::rsqrt(ops::add(ops::square(x), -1.0));
}
Tensor d_asinh(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::rsqrt(ops::add(ops::square(x), 1.0));
}
Tensor d_atanh(const Tensor& x, const Tensor&, const Attrs&) {
  return ops::reciprocal(ops::sub(k(x, 1), ops::square(x)));
}
Tensor d_cosh(const Tensor& x, const Tensor&, const Attrs&) { return ops::sinh(x); }
Tensor d_sinh(const Tensor& x, const Tensor&, const Attrs&) { return ops::cosh(x); }
// The gradient passes where lo <= x <= hi (TensorFlow's clip_by_value).
Tensor d_clip(const Tensor& x, const Tensor&, const Attrs& at) {
  return mask(ops::logicalAnd(ops::greaterEqual(x, k(x, at.f("clipValueMin"))),
                              ops::lessEqual(x, k(x, at.f("clipValueMax")))),
              x);
}

template <Derivative D>
Tensors unary_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {ops::mul(g[0], D(in[0], out[0], at))};
}
// Forward mode (tp.jvp): no training step runs it, compiled for size (core/size.h).
template <Derivative D>
TP_MINSIZE Tensors unary_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {ops::mul(t[0], D(in[0], out[0], at))};
}

// cast: floating to floating carries the gradient (converted back); integer ends carry none.
Tensors cast_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs&) {
  if (!g[0].defined() || !is_floating(in[0].dtype()) || !is_floating(out[0].dtype())) return {Tensor()};
  return {ops::cast(g[0], in[0].dtype())};
}
Tensors cast_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs&) {
  if (!t[0].defined() || !is_floating(in[0].dtype()) || !is_floating(out[0].dtype())) return {Tensor()};
  return {ops::cast(t[0], out[0].dtype())};
}

// Partial derivatives of a binary op: {df/da, df/db}; an undefined partial with scale s means
// the constant s (so add/sub cost no multiplication).
struct Partial {
  Tensor d;
  double scale = 1;
};
using Partials = std::pair<Partial, Partial> (*)(const Tensor& a, const Tensor& b, const Tensor& y);

std::pair<Partial, Partial> p_add(const Tensor&, const Tensor&, const Tensor&) { return {{}, {}}; }
std::pair<Partial, Partial> p_sub(const Tensor&, const Tensor&, const Tensor&) { return {{}, {Tensor(), -1}}; }
std::pair<Partial, Partial> p_mul(const Tensor& a, const Tensor& b, const Tensor&) { return {{b}, {a}}; }
std::pair<Partial, Partial> p_div(const Tensor&, const Tensor& b, const Tensor& y) {
  return {{ops::reciprocal(b)}, {ops::neg(ops::div(y, b))}};
}
// d/db a^b = a^b log a, taken as 0 where a <= 0 (TensorFlow's convention).
// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE std::pair<Partial, Partial> p_pow(const Tensor& a, const Tensor& b, const Tensor& y) {
  Tensor da = ops::mul(b, ops::pow(a, ops::sub(b, k(b, 1))));
  Tensor positive = ops::greater(a, k(a, 0));
  Tensor safe_log = ops::where(positive, ops::log(ops::where(positive, a, k(a, 1))), k(a, 0));
  return {{da}, {ops::mul(y, safe_log)}};
}
// atan2(a, b) = angle of (b, a): d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2).
std::pair<Partial, Partial> p_atan2(const Tensor& a, const Tensor& b, const Tensor&) {
  Tensor r2 = ops::add(ops::square(a), ops::square(b));
  return {{ops::div(b, r2)}, {ops::neg(ops::div(a, r2))}};
}
// Ties give the whole gradient to the first operand, as TensorFlow (x >= y for maximum).
std::pair<Partial, Partial> p_maximum(const Tensor& a, const Tensor& b, const Tensor&) {
  Tensor first = ops::greaterEqual(a, b);
  return {{mask(first, a)}, {mask(ops::logicalNot(first), a)}};
}
std::pair<Partial, Partial> p_minimum(const Tensor& a, const Tensor& b, const Tensor&) {
  Tensor first = ops::lessEqual(a, b);
  return {{mask(first, a)}, {mask(ops::logicalNot(first), a)}};
}
// mod(a, b) = a - floor(a / b) b.
std::pair<Partial, Partial> p_mod(const Tensor& a, const Tensor& b, const Tensor&) {
  return {{}, {ops::neg(ops::floor(ops::div(a, b)))}};
}

Tensor apply(const Tensor& g, const Partial& p) {
  Tensor r = p.d.defined() ? ops::mul(g, p.d) : g;
  return p.scale == 1 ? r : ops::mul(r, p.scale);
}

template <Partials P>
Tensors binary_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs&) {
  if (!g[0].defined()) return {Tensor(), Tensor()};
  auto [pa, pb] = P(in[0], in[1], out[0]);
  return {ops::unbroadcast(apply(g[0], pa), in[0].shape()), ops::unbroadcast(apply(g[0], pb), in[1].shape())};
}
template <Partials P>
TP_MINSIZE Tensors binary_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs&) {
  if (!t[0].defined() && !t[1].defined()) return {Tensor()};
  auto [pa, pb] = P(in[0], in[1], out[0]);
  Tensor r;
  if (t[0].defined()) r = apply(t[0], pa);
  if (t[1].defined()) r = r.defined() ? ops::add(r, apply(t[1], pb)) : apply(t[1], pb);
  // A tangent of only the broadcast operand has that operand's shape.
  return {r.shape() == out[0].shape() ? r : ops::broadcastTo(r, out[0].shape())};
}

Tensors where_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs&) {
  if (!g[0].defined()) return {Tensor(), Tensor(), Tensor()};
  Tensor zero = ops::zeros_like(g[0]);
  return {Tensor(), ops::unbroadcast(ops::where(in[0], g[0], zero), in[1].shape()),
          ops::unbroadcast(ops::where(in[0], zero, g[0]), in[2].shape())};
}
Tensors where_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs&) {
  if (!t[1].defined() && !t[2].defined()) return {Tensor()};
  Tensor zero = ops::zeros_like(out[0]);
  return {ops::where(in[0], t[1].defined() ? t[1] : zero, t[2].defined() ? t[2] : zero)};
}

void no_gradient(OpId id) { entry(id).differentiable = Differentiable::kNo; }

}  // namespace

void register_elementwise_rules() {
#define TP_UNARY_RULE(op, d) set_rules(OpId::op, unary_vjp<d>, unary_jvp<d>);
  TP_UNARY_RULE(neg, d_neg) TP_UNARY_RULE(abs, d_abs) TP_UNARY_RULE(square, d_square)
  TP_UNARY_RULE(sqrt, d_sqrt) TP_UNARY_RULE(rsqrt, d_rsqrt) TP_UNARY_RULE(reciprocal, d_reciprocal)
  TP_UNARY_RULE(exp, d_exp) TP_UNARY_RULE(expm1, d_expm1) TP_UNARY_RULE(log, d_log)
  TP_UNARY_RULE(log1p, d_log1p) TP_UNARY_RULE(sin, d_sin) TP_UNARY_RULE(cos, d_cos)
  TP_UNARY_RULE(tan, d_tan) TP_UNARY_RULE(tanh, d_tanh) TP_UNARY_RULE(sigmoid, d_sigmoid)
  TP_UNARY_RULE(softplus, d_softplus) TP_UNARY_RULE(relu, d_relu) TP_UNARY_RULE(relu6, d_relu6)
  TP_UNARY_RULE(elu, d_elu) TP_UNARY_RULE(selu, d_selu) TP_UNARY_RULE(leakyRelu, d_leaky_relu)
  TP_UNARY_RULE(gelu, d_gelu) TP_UNARY_RULE(erf, d_erf) TP_UNARY_RULE(clipByValue, d_clip)
  TP_UNARY_RULE(acos, d_acos) TP_UNARY_RULE(asin, d_asin) TP_UNARY_RULE(atan, d_atan)
  TP_UNARY_RULE(acosh, d_acosh) TP_UNARY_RULE(asinh, d_asinh) TP_UNARY_RULE(atanh, d_atanh)
  TP_UNARY_RULE(cosh, d_cosh) TP_UNARY_RULE(sinh, d_sinh)
#undef TP_UNARY_RULE
  set_rules(OpId::cast, cast_vjp, cast_jvp);
#define TP_BINARY_RULE(op, p) set_rules(OpId::op, binary_vjp<p>, binary_jvp<p>);
  TP_BINARY_RULE(add, p_add) TP_BINARY_RULE(sub, p_sub) TP_BINARY_RULE(mul, p_mul)
  TP_BINARY_RULE(div, p_div) TP_BINARY_RULE(pow, p_pow) TP_BINARY_RULE(maximum, p_maximum)
  TP_BINARY_RULE(minimum, p_minimum) TP_BINARY_RULE(mod, p_mod) TP_BINARY_RULE(atan2, p_atan2)
#undef TP_BINARY_RULE
  set_rules(OpId::where, where_vjp, where_jvp);
  // Integer, boolean or piecewise-constant results: no gradient flows (None in TensorFlow).
  for (OpId id : {OpId::sign, OpId::floor, OpId::ceil, OpId::round, OpId::logicalNot, OpId::isNaN,
                  OpId::isFinite, OpId::floorDiv, OpId::equal, OpId::notEqual, OpId::less,
                  OpId::lessEqual, OpId::greater, OpId::greaterEqual, OpId::logicalAnd, OpId::logicalOr})
    no_gradient(id);
}

}  // namespace tensorpad::ops_detail
