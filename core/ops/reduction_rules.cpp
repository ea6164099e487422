// Differentiation rules of reductions, softmax and scans (forward kernels in reduction.cpp).
#include "api.h"
#include "common.h"

namespace tensorpad::ops_detail {
namespace {

// x's shape with the reduced axes set to 1: the shape of a keepDims result.
Shape kept_shape(const char* op, const Tensor& x, const Attrs& at) {
  Shape s = x.shape();
  for (int a : normalize_axes(op, at.ints("axis"), x.rank(), true)) s[a] = 1;
  return s;
}

// A reduction's upstream gradient broadcast back over x.
Tensor spread(const Tensor& g, const Shape& kept, const Shape& x_shape) {
  return ops::broadcastTo(ops::reshape(g, kept), x_shape);
}

int64_t reduced_count(const Tensor& x, const Shape& kept) {
  return shape_size(x.shape()) / std::max<int64_t>(shape_size(kept), 1);
}

Tensor reduce_like(OpId id, const Tensor& t, const Attrs& at) { return call_op1(id, {t}, at); }

Tensors sum_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {spread(g[0], kept_shape("sum", in[0], at), in[0].shape())};
}
Tensors mean_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  Shape kept = kept_shape("mean", in[0], at);
  int64_t n = reduced_count(in[0], kept);
  return {ops::mul(spread(g[0], kept, in[0].shape()), 1.0 / static_cast<double>(std::max<int64_t>(n, 1)))};
}
// Linear reductions: the tangent is the reduction of the tangent.
template <OpId Id> Tensors reduce_jvp(const Tensors&, const Tensors&, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {reduce_like(Id, t[0], at)};
}

// max/min: tied extremes share the gradient equally, as TensorFlow's reduce_max gradient.
Tensor extreme_weights(const char* op, const Tensor& x, const Tensor& y, const Attrs& at) {
  Shape kept = kept_shape(op, x, at);
  Tensor hit = ops::cast(ops::equal(x, ops::reshape(y, kept)), x.dtype());
  return ops::div(hit, ops::sum(hit, at.ints("axis"), true));
}
template <const char* Name>
Tensors extreme_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  Shape kept = kept_shape(Name, in[0], at);
  return {ops::mul(spread(g[0], kept, in[0].shape()), extreme_weights(Name, in[0], out[0], at))};
}
template <const char* Name>
Tensors extreme_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  Tensor w = ops::mul(t[0], extreme_weights(Name, in[0], out[0], at));
  return {ops::sum(w, at.ints("axis"), at.b("keepDims"))};
}
constexpr char kMax[] = "max";
constexpr char kMin[] = "min";

// prod: d/dx_i = product of the others, exact with zeros: none -> y / x_i; one zero -> the
// product of the non-zeros at the zero, 0 elsewhere; several zeros -> 0.
// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE Tensor prod_others(const Tensor& x, const Attrs& at) {
  const ops::Axes& axis = at.ints("axis");
  Tensor zero = ops::scalar(0, x.dtype()), one = ops::scalar(1, x.dtype());
  Tensor is_zero = ops::equal(x, zero);
  Tensor nonzero = ops::where(is_zero, one, x);
  Tensor p = ops::prod(nonzero, axis, true);
  Tensor zeros_in_slice = ops::sum(ops::cast(is_zero, x.dtype()), axis, true);
  Tensor none = ops::equal(zeros_in_slice, zero);
  Tensor one_zero = ops::equal(zeros_in_slice, one);
  Tensor at_the_zero = ops::where(ops::logicalAnd(one_zero, is_zero), ops::broadcastTo(p, x.shape()), ops::zeros_like(x));
  return ops::where(ops::broadcastTo(none, x.shape()), ops::div(p, nonzero), at_the_zero);
}
Tensors prod_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  Shape kept = kept_shape("prod", in[0], at);
  return {ops::mul(spread(g[0], kept, in[0].shape()), prod_others(in[0], at))};
}
Tensors prod_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {ops::sum(ops::mul(t[0], prod_others(in[0], at)), at.ints("axis"), at.b("keepDims"))};
}

// logSumExp: the weights are softmax(x) over the reduced axes.
Tensor lse_weights(const Tensor& x, const Tensor& y, const Attrs& at) {
  return ops::exp(ops::sub(x, ops::reshape(y, kept_shape("logSumExp", x, at))));
}
Tensors lse_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  Shape kept = kept_shape("logSumExp", in[0], at);
  return {ops::mul(spread(g[0], kept, in[0].shape()), lse_weights(in[0], out[0], at))};
}
Tensors lse_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {ops::sum(ops::mul(t[0], lse_weights(in[0], out[0], at)), at.ints("axis"), at.b("keepDims"))};
}

// softmax: J^T g = y (g - sum(g y)); the Jacobian is symmetric, so the JVP has the same form.
Tensor softmax_apply(const Tensor& y, const Tensor& v, int64_t axis) {
  return ops::mul(y, ops::sub(v, ops::sum(ops::mul(v, y), {axis}, true)));
}
Tensors softmax_vjp(const Tensors&, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {softmax_apply(out[0], g[0], at.i("axis"))};
}
Tensors softmax_jvp(const Tensors&, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {softmax_apply(out[0], t[0], at.i("axis"))};
}
// logSoftmax: J = I - 1 softmax^T.
Tensors log_softmax_vjp(const Tensors&, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {ops::sub(g[0], ops::mul(ops::exp(out[0]), ops::sum(g[0], {at.i("axis")}, true)))};
}
Tensors log_softmax_jvp(const Tensors&, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {ops::sub(t[0], ops::sum(ops::mul(ops::exp(out[0]), t[0]), {at.i("axis")}, true))};
}

// cumsum's adjoint is the cumulative sum in the other direction.
Tensors cumsum_vjp(const Tensors&, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {ops::cumsum(g[0], at.i("axis"), at.b("exclusive"), !at.b("reverse"))};
}

// cumprod, y_j = product of the x_k that y_j includes (the scan's prefix). With no zero in the
// prefix, dy_j/dx_k = y_j / x_k, so the VJP is the reversed cumsum of g y divided by x and the
// JVP is y times the cumsum of t / x. Zeros make that division fail, so they are handled apart:
// only the first zero in scan order can have a nonzero partial (every later element's products
// contain it), and that partial is the same formula with the first zero replaced by 1.
struct CumprodParts {
  Tensor zero, first, safe, y1;
};
// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE CumprodParts cumprod_parts(const Tensor& x, const Attrs& at) {
  const int64_t axis = at.i("axis");
  const bool exclusive = at.b("exclusive"), reverse = at.b("reverse");
  const Tensor zero_k = ops::scalar(0, x.dtype()), one_k = ops::scalar(1, x.dtype());
  CumprodParts p;
  p.zero = ops::equal(x, zero_k);
  Tensor zeros_before = ops::cumsum(ops::cast(p.zero, x.dtype()), axis, true, reverse);
  p.first = ops::logicalAnd(p.zero, ops::equal(zeros_before, zero_k));
  p.safe = ops::where(p.zero, one_k, x);
  p.y1 = ops::cumprod(ops::where(p.first, one_k, x), axis, exclusive, reverse);
  return p;
}
Tensors cumprod_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  const Tensor& x = in[0];
  const int64_t axis = at.i("axis");
  const bool exclusive = at.b("exclusive"), reverse = at.b("reverse");
  const CumprodParts p = cumprod_parts(x, at);
  Tensor no_zero = ops::div(ops::cumsum(ops::mul(g[0], out[0]), axis, exclusive, !reverse), p.safe);
  Tensor at_first = ops::cumsum(ops::mul(g[0], p.y1), axis, exclusive, !reverse);
  return {ops::where(p.first, at_first, ops::where(p.zero, ops::zeros_like(x), no_zero))};
}
// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE Tensors cumprod_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  const Tensor& x = in[0];
  const int64_t axis = at.i("axis");
  const bool exclusive = at.b("exclusive"), reverse = at.b("reverse");
  const CumprodParts p = cumprod_parts(x, at);
  // How many zeros each output's prefix holds: none, just the first, or more (derivative 0).
  Tensor count = ops::cumsum(ops::cast(p.zero, x.dtype()), axis, exclusive, reverse);
  Tensor no_zero = ops::mul(out[0], ops::cumsum(ops::div(t[0], p.safe), axis, exclusive, reverse));
  Tensor t_first = ops::sum(ops::where(p.first, t[0], ops::zeros_like(x)), {axis}, true);
  Tensor one_zero = ops::mul(p.y1, t_first);
  return {ops::where(ops::equal(count, ops::scalar(0, x.dtype())), no_zero,
                     ops::where(ops::equal(count, ops::scalar(1, x.dtype())), one_zero,
                                ops::zeros_like(x)))};
}

// topk: the values are a gather along the last axis; their gradient scatters back.
// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE Tensors topk_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs&) {
  if (!g[0].defined()) return {Tensor()};
  const Tensor& x = in[0];
  int64_t n = x.rank() ? x.dim(x.rank() - 1) : 1, kk = out[1].rank() ? out[1].dim(out[1].rank() - 1) : 1;
  int64_t rows = n ? x.size() / n : 0;
  Tensor idx = ops::reshape(out[1], {rows, kk});
  Tensor row = ops::broadcastTo(ops::reshape(ops::range(0, static_cast<double>(rows), 1, DType::i32), {rows, 1}), {rows, kk});
  Tensor where = ops::reshape(ops::stack({row, idx}, -1), {rows * kk, 2});
  Tensor flat = ops::scatterND(where, ops::reshape(g[0], {rows * kk}), {rows, n});
  return {ops::reshape(flat, x.shape())};
}
Tensors topk_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs&) {
  if (!t[0].defined()) return {Tensor(), Tensor()};
  const Tensor& x = in[0];
  int64_t n = x.rank() ? x.dim(x.rank() - 1) : 1, kk = out[1].rank() ? out[1].dim(out[1].rank() - 1) : 1;
  int64_t rows = n ? x.size() / n : 0;
  Tensor picked = ops::gather(ops::reshape(t[0], {rows, n}), ops::reshape(out[1], {rows, kk}), 1, 1);
  return {ops::reshape(picked, out[0].shape()), Tensor()};
}

}  // namespace

void register_reduction_rules() {
  set_rules(OpId::sum, sum_vjp, reduce_jvp<OpId::sum>);
  set_rules(OpId::mean, mean_vjp, reduce_jvp<OpId::mean>);
  set_rules(OpId::max, extreme_vjp<kMax>, extreme_jvp<kMax>);
  set_rules(OpId::min, extreme_vjp<kMin>, extreme_jvp<kMin>);
  set_rules(OpId::prod, prod_vjp, prod_jvp);
  set_rules(OpId::logSumExp, lse_vjp, lse_jvp);
  set_rules(OpId::softmax, softmax_vjp, softmax_jvp);
  set_rules(OpId::logSoftmax, log_softmax_vjp, log_softmax_jvp);
  set_rules(OpId::cumsum, cumsum_vjp, reduce_jvp<OpId::cumsum>);
  set_rules(OpId::cumprod, cumprod_vjp, cumprod_jvp);
  set_rules(OpId::topk, topk_vjp, topk_jvp);
  // Cases sort ~1000 values: a larger step would let neighbours swap places between samples.
  entry(OpId::topk).grad_step = 1e-7;
  for (OpId id : {OpId::argMax, OpId::argMin, OpId::any, OpId::all})
    entry(id).differentiable = Differentiable::kNo;
}

}  // namespace tensorpad::ops_detail
