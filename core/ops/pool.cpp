// Pooling ops on channels-last images: maxPool, avgPool (rank 4 NHWC or rank 5 NDHWC), their
// gradient ops, and maxPoolWithArgmax. Padding arrives resolved: `pads` holds (before, after) per
// spatial axis; the TypeScript wrappers turn 'same'/'valid'/numbers and dimRoundingMode into it.
// Kernels: core/kernels/pool.cpp.
#include <algorithm>
#include <cmath>
#include <limits>

#include "../kernels/pool.h"
#include "api.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

using Ints = std::vector<int64_t>;
using kernels::PoolGeometry;

// The window geometry of a pooling call on an input of shape x, checked, with 2-D pooling as
// depth 1.
PoolGeometry pool_geometry(const char* op, const Shape& x, const Attrs& at) {
  const int r = static_cast<int>(x.size());
  if (r != 4 && r != 5)
    fail(op, ": x must be rank 4 [batch, height, width, channels] or rank 5 [batch, depth, height, "
         "width, channels], got shape ", shape_str(x));
  const int sp = r - 2;
  const Ints &k = at.ints("filterSize"), &s = at.ints("strides");
  Ints p = at.ints("pads");
  if (p.empty()) p.assign(2 * sp, 0);
  if (static_cast<int>(k.size()) != sp || static_cast<int>(s.size()) != sp ||
      static_cast<int>(p.size()) != 2 * sp)
    fail(op, ": x of shape ", shape_str(x), " needs filterSize and strides of ", sp,
         " numbers and pads of ", 2 * sp, ", got filterSize ", shape_str(k), ", strides ",
         shape_str(s), ", pads ", shape_str(p));
  PoolGeometry g;
  g.batch = x[0];
  g.channels = x[r - 1];
  for (int i = 0; i < sp; ++i) {
    const int a = 3 - sp + i;
    if (k[i] < 1 || s[i] < 1 || p[2 * i] < 0 || p[2 * i + 1] < 0)
      fail(op, ": filterSize ", shape_str(k), " and strides ", shape_str(s),
           " must be positive and pads ", shape_str(p), " non-negative");
    const int64_t padded = x[1 + i] + p[2 * i] + p[2 * i + 1];
    if (padded < k[i])
      fail(op, ": filterSize ", shape_str(k), " is larger than the padded input (x shape ",
           shape_str(x), ", pads ", shape_str(p), ")");
    g.in[a] = x[1 + i];
    g.window[a] = k[i];
    g.stride[a] = s[i];
    g.pad_before[a] = p[2 * i];
    g.out[a] = (padded - k[i]) / s[i] + 1;
  }
  return g;
}

Shape out_shape(const PoolGeometry& g, int rank) {
  Shape s{g.batch};
  for (int a = 5 - rank; a < 3; ++a) s.push_back(g.out[a]);
  s.push_back(g.channels);
  return s;
}

template <class F>
void with_float(const char* op, const Tensor& x, F&& f) {
  require_floating(op, x);
  if (x.dtype() == DType::f32) f(float{});
  else f(double{});
}

Attrs window_attrs(const Attrs& at) {
  return Attrs()
      .set("filterSize", at.ints("filterSize"))
      .set("strides", at.ints("strides"))
      .set("pads", at.ints("pads"));
}

// --- maxPool ---------------------------------------------------------------------------------

Tensors max_pool_forward(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("maxPool", in[0].shape(), at);
  Tensor x = in[0].contiguous(), y;
  with_float("maxPool", x, [&](auto tag) {
    using T = decltype(tag);
    y = Tensor::empty(x.dtype(), out_shape(g, x.rank()));
    kernels::max_pool<T>(g, x.data<T>(), y.data<T>());
  });
  return {y};
}

// Flat positions (batch included) of each window's first maximum.
Tensor argmax_positions(const Tensor& x, const Attrs& at) {
  return call_op(OpId::maxPoolWithArgmax, {x}, window_attrs(at).set("includeBatchInIndex", int64_t{1}))
      .at(1);
}

// The values of t at the positions max pooling of x picks: the tangent of max pooling, and the
// adjoint of maxPoolGrad in its gradient argument.
// A window of padding only (position -1) has a constant -inf and picks zero.
Tensor pick_at_max(const Tensor& x, const Tensor& t, const Attrs& at) {
  const Tensor pos = argmax_positions(x, at);
  const Tensor real = ops::greaterEqual(pos, ops::scalar(0, DType::i32));
  const Tensor picked = ops::gather(ops::reshape(t, {-1}), ops::maximum(pos, ops::scalar(0, DType::i32)));
  return ops::where(real, picked, ops::zeros_like(picked));
}

Tensors max_pool_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {call_op1(OpId::maxPoolGrad, {in[0], g[0]}, window_attrs(at))};
}

Tensors max_pool_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor()};
  return {pick_at_max(in[0], t[0], at)};
}


Attrs pool_attrs(Ints k, Ints s, Ints p) {
  return Attrs().set("filterSize", std::move(k)).set("strides", std::move(s)).set("pads", std::move(p));
}

// Shapes and windows shared by maxPool, avgPool and their gradients: channel counts around the
// SIMD width, strides below, at and above the window, padding, 3-D, and a batch.
struct PoolCase {
  std::string label;
  Shape x;
  Attrs at;
};
std::vector<PoolCase> pool_shapes() {
  std::vector<PoolCase> cs;
  for (int64_t c : {1, 3, 4, 5, 8, 9})
    cs.push_back({"2x2 s2 C" + std::to_string(c), {2, 4, 5, c}, pool_attrs({2, 2}, {2, 2}, {})});
  cs.push_back({"3x3 s1 same", {1, 5, 6, 3}, pool_attrs({3, 3}, {1, 1}, {1, 1, 1, 1})});
  cs.push_back({"3x2 s(2,1) uneven pads", {2, 7, 5, 2}, pool_attrs({3, 2}, {2, 1}, {0, 1, 1, 0})});
  cs.push_back({"2x2 s3 gaps", {1, 8, 8, 4}, pool_attrs({2, 2}, {3, 3}, {})});
  cs.push_back({"1xW (1-D)", {3, 1, 9, 5}, pool_attrs({1, 3}, {1, 2}, {0, 0, 1, 1})});
  cs.push_back({"global", {2, 3, 4, 6}, pool_attrs({3, 4}, {1, 1}, {})});
  cs.push_back({"3-D 2x2x2", {1, 4, 4, 3, 5}, pool_attrs({2, 2, 2}, {2, 2, 1}, {0, 0, 0, 0, 1, 0})});
  cs.push_back({"3-D same", {2, 3, 3, 3, 2}, pool_attrs({3, 3, 3}, {2, 2, 2}, {1, 1, 1, 1, 1, 1})});
  return cs;
}

std::vector<TestCase> max_pool_cases() {
  std::vector<TestCase> cs;
  uint32_t seed = 1;
  for (DType dt : {DType::f32, DType::f64})
    for (auto& [label, x, at] : pool_shapes())
      cs.push_back({label + " " + dtype_name(dt), {test_input(dt, x, -2, 2, seed++)}, at});
  // Ties (small integers) and a strided view; NaN and infinities propagate.
  cs.push_back({"ties", {test_input(DType::f32, {1, 6, 6, 5}, 0, 3, 7)}, pool_attrs({2, 2}, {1, 1}, {})});
  cs.push_back({"strided view", {test_view('T', DType::f32, {3, 5, 4, 3}, -1, 1, 8)},
                pool_attrs({2, 3}, {1, 2}, {1, 0, 1, 1})});
  Tensor special = test_input(DType::f32, {1, 4, 4, 5}, -1, 1, 9);
  special.data<float>()[3] = NAN;
  special.data<float>()[26] = INFINITY;
  special.data<float>()[47] = -INFINITY;
  cs.push_back({"NaN and inf", {special}, pool_attrs({2, 2}, {2, 2}, {})});
  cs.push_back({"empty batch", {Tensor::zeros(DType::f32, {0, 4, 4, 2})}, pool_attrs({2, 2}, {2, 2}, {})});
  // dimRoundingMode 'ceil' may add a window of padding only.
  cs.push_back({"all-padding window", {test_input(DType::f32, {1, 5, 5, 2}, -1, 1, 10)},
                pool_attrs({1, 1}, {3, 3}, {0, 2, 0, 2})});
  return cs;
}

// --- maxPoolGrad -----------------------------------------------------------------------------

void require_dy(const char* op, const PoolGeometry& g, const Tensor& x, const Tensor& dy) {
  if (dy.shape() != out_shape(g, x.rank()))
    fail(op, ": dy of shape ", shape_str(dy.shape()), " does not match the pooled shape ",
         shape_str(out_shape(g, x.rank())), " of x ", shape_str(x.shape()));
  require_dtype_match(op, x, dy);
}

Tensors max_pool_grad_forward(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("maxPoolGrad", in[0].shape(), at);
  require_dy("maxPoolGrad", g, in[0], in[1]);
  Tensor x = in[0].contiguous(), dy = in[1].contiguous(), dx;
  with_float("maxPoolGrad", x, [&](auto tag) {
    using T = decltype(tag);
    dx = Tensor::empty(x.dtype(), x.shape());
    kernels::max_pool_grad<T>(g, x.data<T>(), dy.data<T>(), dx.data<T>());
  });
  return {dx};
}

// Linear in dy, piecewise constant in x: x's gradient is zero (almost everywhere).
Tensors max_pool_grad_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor(), Tensor()};
  return {ops::zeros_like(in[0]), pick_at_max(in[0], g[0], at)};
}

Tensors max_pool_grad_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  if (!t[1].defined()) return {Tensor()};
  return {call_op1(OpId::maxPoolGrad, {in[0], t[1]}, window_attrs(at))};
}


std::vector<TestCase> max_pool_grad_cases() {
  std::vector<TestCase> cs;
  uint32_t seed = 100;
  for (auto& [label, xs, at] : pool_shapes()) {
    const PoolGeometry g = pool_geometry("maxPoolGrad", xs, at);
    const Shape ys = out_shape(g, static_cast<int>(xs.size()));
    cs.push_back({label, {test_input(DType::f32, xs, -2, 2, seed), test_input(DType::f32, ys, -1, 1, seed + 1)}, at});
    seed += 2;
  }
  // Ties: the whole gradient goes to the first of the equal maxima.
  Tensor ties = test_input(DType::f32, {1, 6, 6, 5}, 0, 2, 7);
  cs.push_back({"ties", {ties, test_input(DType::f32, {1, 5, 5, 5}, -1, 1, 8)}, pool_attrs({2, 2}, {1, 1}, {})});
  cs.push_back({"float64 3-D", {test_input(DType::f64, {1, 3, 4, 4, 3}, -1, 1, 9),
                                test_input(DType::f64, {1, 2, 2, 2, 3}, -1, 1, 10)},
                pool_attrs({2, 2, 2}, {1, 2, 2}, {})});
  return cs;
}

// --- maxPoolWithArgmax -------------------------------------------------------------------------

Tensors max_pool_argmax_forward(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("maxPoolWithArgmax", in[0].shape(), at);
  Tensor x = in[0].contiguous(), y, idx;
  with_float("maxPoolWithArgmax", x, [&](auto tag) {
    using T = decltype(tag);
    const Shape s = out_shape(g, x.rank());
    y = Tensor::empty(x.dtype(), s);
    idx = Tensor::empty(DType::i32, s);
    kernels::max_pool_argmax<T>(g, x.data<T>(), at.b("includeBatchInIndex"), y.data<T>(),
                                idx.data<int32_t>());
  });
  return {y, idx};
}

Tensors max_pool_argmax_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return {Tensor()};
  return {call_op1(OpId::maxPoolGrad, {in[0], g[0]}, window_attrs(at))};
}

Tensors max_pool_argmax_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  if (!t[0].defined()) return {Tensor(), Tensor()};
  return {pick_at_max(in[0], t[0], at), Tensor()};
}


std::vector<TestCase> max_pool_argmax_cases() {
  std::vector<TestCase> cs;
  uint32_t seed = 200;
  for (auto& [label, x, at] : pool_shapes()) {
    for (int64_t batch : {0, 1}) {
      Attrs a = at;
      a.set("includeBatchInIndex", batch);
      cs.push_back({label + (batch ? " with batch" : ""), {test_input(DType::f32, x, -2, 2, seed++)}, a});
    }
  }
  cs.push_back({"ties", {test_input(DType::f32, {2, 6, 6, 5}, 0, 3, 7)},
                pool_attrs({2, 2}, {1, 1}, {}).set("includeBatchInIndex", int64_t{1})});
  return cs;
}

// --- avgPool ---------------------------------------------------------------------------------

Tensors avg_pool_forward(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("avgPool", in[0].shape(), at);
  Tensor x = in[0].contiguous(), y;
  with_float("avgPool", x, [&](auto tag) {
    using T = decltype(tag);
    y = Tensor::empty(x.dtype(), out_shape(g, x.rank()));
    kernels::avg_pool<T>(g, x.data<T>(), y.data<T>());
  });
  return {y};
}


Tensor avg_pool_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  const Shape& s = in[0].shape();
  return call_op1(OpId::avgPoolGrad, {g}, window_attrs(at).set("inputShape", Ints(s.begin(), s.end())));
}

std::vector<TestCase> avg_pool_cases() {
  std::vector<TestCase> cs;
  uint32_t seed = 300;
  for (DType dt : {DType::f32, DType::f64})
    for (auto& [label, x, at] : pool_shapes())
      cs.push_back({label + " " + dtype_name(dt), {test_input(dt, x, -2, 2, seed++)}, at});
  cs.push_back({"strided view", {test_view('S', DType::f32, {2, 5, 4, 3}, -1, 1, 8)},
                pool_attrs({3, 3}, {2, 1}, {1, 1, 1, 1})});
  cs.push_back({"all-padding window", {test_input(DType::f32, {1, 5, 5, 2}, -1, 1, 10)},
                pool_attrs({1, 1}, {3, 3}, {0, 2, 0, 2})});
  return cs;
}

// --- avgPoolGrad -----------------------------------------------------------------------------

Shape grad_input_shape(const char* op, const Tensor& dy, const Attrs& at) {
  const Ints& s = at.ints("inputShape");
  if (s.size() != static_cast<size_t>(dy.rank()))
    fail(op, ": inputShape ", shape_str(s), " must have the rank of dy ", shape_str(dy.shape()));
  return Shape(s.begin(), s.end());
}

Tensors avg_pool_grad_forward(const Tensors& in, const Attrs& at) {
  const Tensor& dy0 = in[0];
  const Shape xs = grad_input_shape("avgPoolGrad", dy0, at);
  const PoolGeometry g = pool_geometry("avgPoolGrad", xs, at);
  if (dy0.shape() != out_shape(g, static_cast<int>(xs.size())))
    fail("avgPoolGrad: dy of shape ", shape_str(dy0.shape()), " does not match the pooled shape ",
         shape_str(out_shape(g, static_cast<int>(xs.size()))), " of inputShape ", shape_str(xs));
  Tensor dy = dy0.contiguous(), dx;
  with_float("avgPoolGrad", dy, [&](auto tag) {
    using T = decltype(tag);
    dx = Tensor::empty(dy.dtype(), xs);
    kernels::avg_pool_grad<T>(g, dy.data<T>(), dx.data<T>());
  });
  return {dx};
}

Tensor avg_pool_grad_back(const Tensor& g, const Tensors&, const Attrs& at) {
  return call_op1(OpId::avgPool, {g}, window_attrs(at));
}


std::vector<TestCase> avg_pool_grad_cases() {
  std::vector<TestCase> cs;
  uint32_t seed = 400;
  for (DType dt : {DType::f32, DType::f64})
    for (auto& [label, xs, at] : pool_shapes()) {
      const PoolGeometry g = pool_geometry("avgPoolGrad", xs, at);
      Attrs a = at;
      a.set("inputShape", Ints(xs.begin(), xs.end()));
      cs.push_back({label + " " + dtype_name(dt),
                    {test_input(dt, out_shape(g, static_cast<int>(xs.size())), -1, 1, seed++)}, a});
    }
  return cs;
}

#if TENSORPAD_REFERENCES
// References on xtensor, over x seen as 5-D [batch, depth, height, width, channels]: the input is
// padded (with a fill value and a mask of real cells) to cover every window, and each window tap
// is one strided view; taps are visited in row-major window order, so a strict comparison keeps
// the first maximum.
using XA = ref::Array;

XA to_xa5(const Tensor& t) {
  XA a = ref::to_xarray(t);
  ref::XShape shape = ref::xshape(t.shape());
  if (shape.size() == 4) shape.insert(shape.begin() + 1, 1);
  a.reshape(shape);
  return a;
}
Tensor from_xa(XA a, const Shape& s, DType dt = DType::f64) {
  a.reshape(ref::xshape(s));
  return ref::to_tensor(a, dt);
}

struct RefPool {
  const PoolGeometry& g;
  // Padded extent along spatial axis a that holds every window.
  size_t extent(int a) const {
    return static_cast<size_t>(std::max(g.pad_before[a] + g.in[a], (g.out[a] - 1) * g.stride[a] + g.window[a]));
  }
  auto interior(XA& p) const {
    auto r = [&](int a) { return xt::range(g.pad_before[a], g.pad_before[a] + g.in[a]); };
    return xt::view(p, xt::all(), r(0), r(1), r(2), xt::all());
  }
  // `a` (5-D, the input's shape) placed in a padded array filled with `fill`.
  XA padded(const XA& a, double fill) const {
    XA p = xt::empty<double>({static_cast<size_t>(g.batch), extent(0), extent(1), extent(2), static_cast<size_t>(g.channels)});
    p.fill(fill);
    interior(p) = a;
    return p;
  }
  // The cells window tap (i, j, k) reads for every output position.
  auto tap(XA& p, int64_t i, int64_t j, int64_t k) const {
    auto r = [&](int a, int64_t t) { return xt::range(t, t + (g.out[a] - 1) * g.stride[a] + 1, g.stride[a]); };
    return xt::view(p, xt::all(), r(0, i), r(1, j), r(2, k), xt::all());
  }
  template <class F> void for_each_tap(F&& f) const {
    for (int64_t i = 0; i < g.window[0]; ++i)
      for (int64_t j = 0; j < g.window[1]; ++j)
        for (int64_t k = 0; k < g.window[2]; ++k) f(i, j, k);
  }
  XA real() const { return padded(xt::ones<double>(shape5()), 0); }
  std::vector<size_t> shape5() const {
    return {static_cast<size_t>(g.batch), static_cast<size_t>(g.in[0]), static_cast<size_t>(g.in[1]),
            static_cast<size_t>(g.in[2]), static_cast<size_t>(g.channels)};
  }
  std::vector<size_t> out5() const {
    return {static_cast<size_t>(g.batch), static_cast<size_t>(g.out[0]), static_cast<size_t>(g.out[1]),
            static_cast<size_t>(g.out[2]), static_cast<size_t>(g.channels)};
  }

  // Window maxima (NaN propagating, first maximum kept) and the flat position in x of each,
  // batch included; -1 and -inf for a window of padding only.
  std::pair<XA, XA> max(const XA& x) const {
    XA px = padded(x, 0), mask = real();
    XA pos_all = padded(xt::arange<double>(0., static_cast<double>(x.size())).reshape(shape5()), -1);
    XA best = xt::empty<double>(out5()), pos = xt::empty<double>(out5());
    best.fill(-INFINITY);
    pos.fill(-1);
    for_each_tap([&](int64_t i, int64_t j, int64_t k) {
      XA v = tap(px, i, j, k), ok = tap(mask, i, j, k), at = tap(pos_all, i, j, k);
      XA take = ok > 0.5 && (pos < 0 || v > best || (xt::isnan(v) && !xt::isnan(best)));
      best = xt::where(take > 0.5, v, best);
      pos = xt::where(take > 0.5, at, pos);
    });
    return {best, pos};
  }

  XA avg(const XA& x) const {
    XA px = padded(x, 0), mask = real();
    XA sum = xt::zeros<double>(out5()), count = xt::zeros<double>(out5());
    for_each_tap([&](int64_t i, int64_t j, int64_t k) {
      sum += tap(px, i, j, k);
      count += tap(mask, i, j, k);
    });
    return sum / count;
  }

  // Adjoint of avg: dy / count added back through every tap, then the interior.
  XA avg_grad(const XA& dy) const {
    XA mask = real(), count = xt::zeros<double>(out5());
    for_each_tap([&](int64_t i, int64_t j, int64_t k) { count += tap(mask, i, j, k); });
    XA share = xt::where(count > 0, dy / count, 0.0);
    XA dxp = padded(xt::zeros<double>(shape5()), 0);
    for_each_tap([&](int64_t i, int64_t j, int64_t k) { tap(dxp, i, j, k) += share; });
    return interior(dxp);
  }
};

Tensors max_pool_reference(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("maxPool", in[0].shape(), at);
  return {from_xa(RefPool{g}.max(to_xa5(in[0])).first, out_shape(g, in[0].rank()))};
}

// Each dy goes to the first maximum of its window (row-major order), as in TensorFlow.
Tensors max_pool_grad_reference(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("maxPoolGrad", in[0].shape(), at);
  const XA pos = RefPool{g}.max(to_xa5(in[0])).second, dy = to_xa5(in[1]);
  XA dx = xt::zeros<double>({static_cast<size_t>(in[0].size())});
  for (size_t i = 0; i < pos.size(); ++i)
    if (pos.flat(i) >= 0) dx(static_cast<size_t>(pos.flat(i))) += dy.flat(i);
  return {from_xa(dx, in[0].shape())};
}

Tensors max_pool_argmax_reference(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const PoolGeometry g = pool_geometry("maxPoolWithArgmax", x.shape(), at);
  auto [y, pos] = RefPool{g}.max(to_xa5(x));
  // Without the batch term: the position within the batch element.
  if (!at.b("includeBatchInIndex") && g.batch > 0)
    pos = xt::where(pos >= 0, xt::fmod(pos, static_cast<double>(x.size() / g.batch)), pos);
  const Shape s = out_shape(g, x.rank());
  return {from_xa(y, s), from_xa(pos, s, DType::i32)};
}

Tensors avg_pool_reference(const Tensors& in, const Attrs& at) {
  const PoolGeometry g = pool_geometry("avgPool", in[0].shape(), at);
  return {from_xa(RefPool{g}.avg(to_xa5(in[0])), out_shape(g, in[0].rank()))};
}

Tensors avg_pool_grad_reference(const Tensors& in, const Attrs& at) {
  const Shape xs = grad_input_shape("avgPoolGrad", in[0], at);
  const PoolGeometry g = pool_geometry("avgPoolGrad", xs, at);
  XA dy = to_xa5(in[0]);
  dy.reshape(RefPool{g}.out5());
  return {from_xa(RefPool{g}.avg_grad(dy), xs)};
}
#endif  // TENSORPAD_REFERENCES

}  // namespace

void register_pool_ops() {
  const std::vector<AttrSpec> window = {{"filterSize", AttrKind::Ints, Ints{}, true},
                                        {"strides", AttrKind::Ints, Ints{}, true},
                                        {"pads", AttrKind::Ints, Ints{}}};
  define_op(OpId::maxPool, 1, window, max_pool_forward, TP_REFERENCE(max_pool_reference), max_pool_cases,
            "Max over windows of NHWC (rank 4) or NDHWC (rank 5) x; pads [before, after] per "
            "spatial axis, padded cells ignored; NaN propagates. Gradient: to the first maximum "
            "of each window, as TensorFlow.");
  define_op(OpId::maxPoolGrad, 2, window, max_pool_grad_forward, TP_REFERENCE(max_pool_grad_reference),
            max_pool_grad_cases,
            "Gradient of maxPool: dy (pooled shape) added at the first maximum of each window of "
            "x. Linear in dy; zero gradient for x.");
  std::vector<AttrSpec> argmax = window;
  argmax.push_back({"includeBatchInIndex", AttrKind::Bool, int64_t{0}});
  define_op(OpId::maxPoolWithArgmax, 1, argmax, max_pool_argmax_forward, TP_REFERENCE(max_pool_argmax_reference),
            max_pool_argmax_cases,
            "maxPool and the int32 flat position in x of each maximum, "
            "((b*H + h)*W + w)*C + c (batch term only with includeBatchInIndex); ties: first.");
  define_op(OpId::avgPool, 1, window, avg_pool_forward, TP_REFERENCE(avg_pool_reference), avg_pool_cases,
            "Mean over windows of NHWC or NDHWC x, counting only real (unpadded) cells.");
  std::vector<AttrSpec> avg_grad = window;
  avg_grad.push_back({"inputShape", AttrKind::Ints, Ints{}, true});
  define_op(OpId::avgPoolGrad, 1, avg_grad, avg_pool_grad_forward, TP_REFERENCE(avg_pool_grad_reference),
            avg_pool_grad_cases,
            "Gradient of avgPool: each dy spread evenly over the real cells of its window, giving "
            "a tensor of inputShape.");
  // Max pooling moves values exactly; averages are float32 sums of a few values.
  for (OpId id : {OpId::maxPool, OpId::maxPoolWithArgmax}) entry(id).rtol = entry(id).atol = 0;
  set_rules(OpId::maxPool, max_pool_vjp, max_pool_jvp);
  set_rules(OpId::maxPoolGrad, max_pool_grad_vjp, max_pool_grad_jvp);
  set_rules(OpId::maxPoolWithArgmax, max_pool_argmax_vjp, max_pool_argmax_jvp);
  set_rules(OpId::avgPool, linear_vjp<avg_pool_back>, linear_jvp<OpId::avgPool>);
  set_rules(OpId::avgPoolGrad, linear_vjp<avg_pool_grad_back>, linear_jvp<OpId::avgPoolGrad>);
}

}  // namespace tensorpad::ops_detail
