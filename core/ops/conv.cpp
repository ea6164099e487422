// Convolution: conv2d, depthwiseConv2d and fusedConv2d, with the gradients of their input and
// filter as ops of their own (conv2dBackpropInput/Filter, depthwiseConv2dBackpropInput/Filter),
// each on the kernels of core/kernels/conv.h. Every rule is written with these ops, so gradients
// of gradients work. conv1d, conv2dTranspose and separableConv2d are composites in TypeScript.
//
// Attribute conventions, shared by all conv ops:
//   strides, dilations  [h, w]
//   padMode             0 'valid', 1 'same', 2 explicit `padding` = [top, bottom, left, right]
//   dimRoundingMode     explicit padding only: the output size (in + top + bottom - k_eff) / s + 1
//                       is rounded 0 down (TF.js's default truncation), 1 to nearest, 2 up, as
//                       TF.js does for a numeric pad; the extra rows read zeros
//   dataFormat          0 NHWC, 1 NCHW (the ops transpose to NHWC around the kernels)
// 'same' pads a total of max((out - 1) * s + k_eff - in, 0), the smaller half on top/left, with
// out = ceil(in / s), as TensorFlow. Filters are [k_h, k_w, in_c / groups, out_c]: an input with
// `groups` times the filter's input depth is a grouped convolution (TensorFlow's rule).
// Depthwise filters are [k_h, k_w, in_c, multiplier]; output channel c * multiplier + q.
#include <algorithm>
#include <cmath>

#include "../kernels/conv.h"
#include "api.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include <xtensor/xreducer.hpp>

#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

using Ints = std::vector<int64_t>;
using kernels::ConvGeom;

enum class Kind { conv, depthwise, conv3d };

const char* op_name(OpId id) { return op_def(id).name; }

std::vector<AttrSpec> conv_attrs(size_t spatial = 2) {
  return {{"strides", AttrKind::Ints, Ints(spatial, 1)},
          {"dilations", AttrKind::Ints, Ints(spatial, 1)},
          {"padMode", AttrKind::Int, int64_t{0}},
          {"padding", AttrKind::Ints, Ints{0, 0, 0, 0}},
          {"dimRoundingMode", AttrKind::Int, int64_t{0}},
          {"dataFormat", AttrKind::Int, int64_t{0}}};
}
const char* const kConvAttrNames[] = {"strides", "dilations", "padMode", "padding", "dimRoundingMode",
                                      "dataFormat"};

// The conv attributes of a complete attribute set (dropping inputShape, filterShape, activation).
Attrs conv_attrs_of(const Attrs& at) {
  Attrs a;
  for (const auto& [name, value] : at.items())
    for (const char* n : kConvAttrNames)
      if (name == n) a.set(n, value);
  return a;
}

bool nchw(const Attrs& at) { return at.i("dataFormat") == 1; }

// [n, h, w, c] of a 4-D shape in the attrs' data format.
Ints nhwc_dims(const Shape& s, bool cf) {
  return cf ? Ints{s[0], s[2], s[3], s[1]} : Ints{s[0], s[1], s[2], s[3]};
}
Shape in_format(int64_t n, int64_t h, int64_t w, int64_t c, bool cf) {
  return cf ? Shape{n, c, h, w} : Shape{n, h, w, c};
}

std::string pad_str(const Attrs& at) {
  int64_t m = at.i("padMode");
  if (m == 0) return "'valid'";
  if (m == 1) return "'same'";
  const Ints& p = at.ints("padding");
  return "[" + std::to_string(p[0]) + "," + std::to_string(p[1]) + "," + std::to_string(p[2]) + "," +
         std::to_string(p[3]) + "]";
}

// One spatial dim: output size and leading pad.
void resolve_dim(const char* op, int64_t in, int64_t k, int64_t s, int64_t d, const Attrs& at,
                 int axis, int64_t& out, int64_t& pad_before) {
  const int64_t k_eff = (k - 1) * d + 1;
  const int64_t mode = at.i("padMode");
  if (mode == 0) {
    pad_before = 0;
    out = in >= k_eff ? (in - k_eff) / s + 1 : 0;
  } else if (mode == 1) {
    out = (in + s - 1) / s;
    int64_t total = std::max<int64_t>((out - 1) * s + k_eff - in, 0);
    pad_before = total / 2;
  } else if (mode == 2) {
    const Ints& p = at.ints("padding");
    if (p.size() != 4)
      fail(op, ": explicit padding must be [top, bottom, left, right], got ", p.size(), " numbers");
    int64_t before = p[2 * axis], after = p[2 * axis + 1];
    if (before < 0 || after < 0) fail(op, ": padding must be non-negative, got ", pad_str(at));
    pad_before = before;
    int64_t span = in + before + after - k_eff;
    if (span < 0) {
      out = 0;
    } else {
      double q = static_cast<double>(span) / s;
      int64_t r = at.i("dimRoundingMode");
      out = (r == 2 ? static_cast<int64_t>(std::ceil(q))
                    : r == 1 ? static_cast<int64_t>(std::floor(q + 0.5)) : span / s) + 1;
    }
  } else {
    fail(op, ": padMode must be 0 (valid), 1 (same) or 2 (explicit), got ", mode);
  }
}

// Geometry of x (shape in the data format) and a filter [k_h, k_w, filter_in, filter_out]
// (depthwise: [k_h, k_w, in_c, multiplier]; conv3d: x [n, d, h, w, c], filter [k_d, k_h, k_w,
// filter_in, filter_out], NDHWC only, strides and dilations of 3).
ConvGeom resolve(const char* op, Kind kind, const Shape& x_shape, const Shape& f_shape,
                 const Attrs& at) {
  auto shapes = [&] { return " (input " + shape_str(x_shape) + ", filter " + shape_str(f_shape) + ")"; };
  const bool d3 = kind == Kind::conv3d;
  const size_t rank = d3 ? 5 : 4, sp = d3 ? 3 : 2;
  if (x_shape.size() != rank) fail(op, ": input must have rank ", rank, ", got shape ", shape_str(x_shape));
  if (f_shape.size() != rank)
    fail(op, ": filter must have rank ", rank, d3 ? " [filterDepth, filterHeight, filterWidth, inDepth, outDepth]"
                                                    : " [filterHeight, filterWidth, inDepth, outDepth]",
         ", got shape ", shape_str(f_shape));
  const Ints& st = at.ints("strides");
  const Ints& dl = at.ints("dilations");
  auto positive = [&](const Ints& v) { return v.size() == sp && std::all_of(v.begin(), v.end(), [](int64_t e) { return e >= 1; }); };
  if (!positive(st)) fail(op, ": strides must be ", sp, " positive integers, got ", shape_str(st));
  if (!positive(dl)) fail(op, ": dilations must be ", sp, " positive integers, got ", shape_str(dl));
  auto any_above_1 = [](const Ints& v) { return std::any_of(v.begin(), v.end(), [](int64_t e) { return e > 1; }); };
  if (any_above_1(st) && any_above_1(dl))
    fail(op, ": strides ", shape_str(st), " and dilations ", shape_str(dl),
         " cannot both be greater than 1 (as in TensorFlow)");
  const bool cf = nchw(at);
  if (at.i("dataFormat") != 0 && (!cf || d3))
    fail(op, ": dataFormat must be ", d3 ? "0 (NDHWC)" : "0 (NHWC) or 1 (NCHW)", ", got ", at.i("dataFormat"));
  if (d3 && at.i("padMode") == 2) fail(op, ": padding must be 'valid' or 'same'");
  ConvGeom g;
  const size_t o = d3 ? 1 : 0;  // offset of the height dim past depth
  if (d3) {
    g.batch = x_shape[0], g.in_d = x_shape[1], g.in_h = x_shape[2], g.in_w = x_shape[3], g.in_c = x_shape[4];
    g.k_d = f_shape[0];
  } else {
    Ints d = nhwc_dims(x_shape, cf);
    g.batch = d[0], g.in_h = d[1], g.in_w = d[2], g.in_c = d[3];
  }
  g.k_h = f_shape[o], g.k_w = f_shape[o + 1];
  const int64_t f_in = f_shape[o + 2], f_out = f_shape[o + 3];
  if (g.k_d < 1 || g.k_h < 1 || g.k_w < 1) fail(op, ": filter sizes must be positive", shapes());
  if (kind == Kind::depthwise) {
    if (f_in != g.in_c)
      fail(op, ": input depth ", g.in_c, " must match the filter's inDepth ", f_in, shapes());
    g.groups = g.in_c;
    g.out_c = g.in_c * f_out;
  } else {
    if (f_in < 1 || g.in_c % f_in != 0)
      fail(op, ": input depth ", g.in_c, " must equal the filter's inDepth ", f_in,
           " (or be a multiple of it, for a grouped convolution)", shapes());
    g.groups = g.in_c / f_in;
    g.out_c = f_out;
    if (g.out_c % g.groups != 0)
      fail(op, ": outDepth ", g.out_c, " must be divisible by the ", g.groups, " groups", shapes());
  }
  g.stride_h = st[o], g.stride_w = st[o + 1], g.dil_h = dl[o], g.dil_w = dl[o + 1];
  if (d3) {
    g.stride_d = st[0], g.dil_d = dl[0];
    resolve_dim(op, g.in_d, g.k_d, g.stride_d, g.dil_d, at, 0, g.out_d, g.pad_front);
  }
  resolve_dim(op, g.in_h, g.k_h, g.stride_h, g.dil_h, at, 0, g.out_h, g.pad_top);
  resolve_dim(op, g.in_w, g.k_w, g.stride_w, g.dil_w, at, 1, g.out_w, g.pad_left);
  return g;
}

Shape out_shape(const ConvGeom& g, bool cf, bool d3 = false) {
  return d3 ? Shape{g.batch, g.out_d, g.out_h, g.out_w, g.out_c} : in_format(g.batch, g.out_h, g.out_w, g.out_c, cf);
}
// Dense result shapes in NHWC (NDHWC) order, before from_nhwc.
Shape out_dense(const ConvGeom& g, bool d3) {
  return d3 ? Shape{g.batch, g.out_d, g.out_h, g.out_w, g.out_c} : Shape{g.batch, g.out_h, g.out_w, g.out_c};
}
Shape in_dense(const ConvGeom& g, bool d3) {
  return d3 ? Shape{g.batch, g.in_d, g.in_h, g.in_w, g.in_c} : Shape{g.batch, g.in_h, g.in_w, g.in_c};
}

// A dense NHWC copy (or x itself) of x given in the attrs' layout.
Tensor to_nhwc(const Tensor& x, bool cf) {
  if (!cf) return x.is_contiguous() ? x : x.contiguous();
  const Shape& s = x.shape();
  Tensor out = Tensor::empty(x.dtype(), {s[0], s[2], s[3], s[1]});
  const Strides& st = x.strides();
  copy_view(x.view(out.shape(), {st[0], st[2], st[3], st[1]}, x.offset()), out);
  return out;
}
// y (dense NHWC) in the attrs' layout.
Tensor from_nhwc(const Tensor& y, bool cf) {
  if (!cf) return y;
  const Shape& s = y.shape();
  Tensor out = Tensor::empty(y.dtype(), {s[0], s[3], s[1], s[2]});
  const Strides& st = out.strides();  // NCHW strides, read as NHWC
  copy_view(y, out.view(s, {st[0], st[2], st[3], st[1]}, out.offset()));
  return out;
}
Tensor dense(const Tensor& t) { return t.is_contiguous() ? t : t.contiguous(); }

void check_pair(const char* op, const Tensor& a, const Tensor& b) {
  require_floating(op, a);
  require_dtype_match(op, a, b);
}

Shape shape_attr(const char* op, const Attrs& at, const char* name, size_t rank) {
  const Ints& s = at.ints(name);
  if (s.size() != rank) fail(op, ": ", name, " must have ", rank, " dims, got ", shape_str(s));
  for (int64_t v : s)
    if (v < 0) fail(op, ": ", name, " must be non-negative, got ", shape_str(s));
  return Shape(s.begin(), s.end());
}

void require_dy(const char* op, const ConvGeom& g, const Tensor& dy, bool cf, const Shape& x_shape,
                const Shape& f_shape, bool d3) {
  Shape want = out_shape(g, cf, d3);
  if (dy.shape() != want)
    fail(op, ": dy has shape ", shape_str(dy.shape()), " but the convolution of input ",
         shape_str(x_shape), " with filter ", shape_str(f_shape), " gives ", shape_str(want));
}

// Activation of fusedConv2d: 0 linear, 1 relu, 2 relu6, 3 elu, 4 sigmoid, 5 leakyrelu, 6 tanh.
constexpr int64_t kActivations = 7;
kernels::ConvEpilogue epilogue_of(const Attrs& at) {
  kernels::ConvEpilogue ep;
  int64_t a = at.i("activation");
  ep.has_activation = a != 0;
  static const kernels::Unary map[] = {kernels::Unary::relu, kernels::Unary::relu, kernels::Unary::relu6,
                                       kernels::Unary::elu, kernels::Unary::sigmoid,
                                       kernels::Unary::leaky_relu, kernels::Unary::tanh};
  ep.activation = map[a];
  ep.params.alpha = at.f("leakyreluAlpha");
  return ep;
}

template <Kind K>
Tensors conv_forward_impl(OpId id, const Tensors& in, const Attrs& at, const Tensor* bias) {
  const char* op = op_name(id);
  const Tensor &x = in[0], &f = in[1];
  check_pair(op, x, f);
  ConvGeom g = resolve(op, K, x.shape(), f.shape(), at);
  const bool cf = nchw(at);
  kernels::ConvEpilogue ep;
  Tensor b;
  if (bias) {
    require_dtype_match(op, x, *bias);
    ep = epilogue_of(at);
    if (bias->size() != g.out_c || bias->rank() > 1)
      fail(op, ": bias must be a vector of outDepth ", g.out_c, " values, got shape ",
           shape_str(bias->shape()));
    b = dense(*bias);
  }
  Tensor xd = to_nhwc(x, cf), fd = dense(f);
  Tensor y = Tensor::empty(x.dtype(), out_dense(g, K == Kind::conv3d));
  dispatch_float(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (bias) ep.bias = b.data<T>();
    kernels::conv2d<T>(g, xd.data<T>(), fd.data<T>(), y.data<T>(), ep);
  });
  return {from_nhwc(y, cf)};
}

template <Kind K>
Tensor backprop_input_impl(OpId id, const Tensor& dy, const Tensor& f, const Attrs& at) {
  const char* op = op_name(id);
  check_pair(op, dy, f);
  Shape xs = shape_attr(op, at, "inputShape", K == Kind::conv3d ? 5 : 4);
  ConvGeom g = resolve(op, K, xs, f.shape(), at);
  const bool cf = nchw(at);
  require_dy(op, g, dy, cf, xs, f.shape(), K == Kind::conv3d);
  Tensor dyd = to_nhwc(dy, cf), fd = dense(f);
  Tensor dx = Tensor::empty(dy.dtype(), in_dense(g, K == Kind::conv3d));
  dispatch_float(dy.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::conv2d_backprop_input<T>(g, dyd.data<T>(), fd.data<T>(), dx.data<T>());
  });
  return from_nhwc(dx, cf);
}

template <Kind K>
Tensor backprop_filter_impl(OpId id, const Tensor& x, const Tensor& dy, const Attrs& at) {
  const char* op = op_name(id);
  check_pair(op, x, dy);
  Shape fs = shape_attr(op, at, "filterShape", K == Kind::conv3d ? 5 : 4);
  ConvGeom g = resolve(op, K, x.shape(), fs, at);
  const bool cf = nchw(at);
  require_dy(op, g, dy, cf, x.shape(), fs, K == Kind::conv3d);
  Tensor xd = to_nhwc(x, cf), dyd = to_nhwc(dy, cf);
  Tensor dw = Tensor::empty(x.dtype(), fs);
  dispatch_float(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::conv2d_backprop_filter<T>(g, xd.data<T>(), dyd.data<T>(), dw.data<T>());
  });
  return dw;
}

Tensors conv2d_forward(const Tensors& in, const Attrs& at) {
  return conv_forward_impl<Kind::conv>(OpId::conv2d, in, at, nullptr);
}
Tensors depthwise_forward(const Tensors& in, const Attrs& at) {
  return conv_forward_impl<Kind::depthwise>(OpId::depthwiseConv2d, in, at, nullptr);
}
Tensors fused_forward(const Tensors& in, const Attrs& at) {
  int64_t a = at.i("activation");
  if (a < 0 || a >= kActivations)
    fail("fusedConv2d: activation must be 0..6 (linear, relu, relu6, elu, sigmoid, leakyrelu, tanh), got ", a);
  return conv_forward_impl<Kind::conv>(OpId::fusedConv2d, in, at, &in[2]);
}
Tensors conv3d_forward(const Tensors& in, const Attrs& at) {
  return conv_forward_impl<Kind::conv3d>(OpId::conv3d, in, at, nullptr);
}
Tensors c3bi_forward(const Tensors& in, const Attrs& at) {
  return {backprop_input_impl<Kind::conv3d>(OpId::conv3dBackpropInput, in[0], in[1], at)};
}
Tensors c3bf_forward(const Tensors& in, const Attrs& at) {
  return {backprop_filter_impl<Kind::conv3d>(OpId::conv3dBackpropFilter, in[0], in[1], at)};
}
Tensors bi_forward(const Tensors& in, const Attrs& at) {
  return {backprop_input_impl<Kind::conv>(OpId::conv2dBackpropInput, in[0], in[1], at)};
}
Tensors bf_forward(const Tensors& in, const Attrs& at) {
  return {backprop_filter_impl<Kind::conv>(OpId::conv2dBackpropFilter, in[0], in[1], at)};
}
Tensors dbi_forward(const Tensors& in, const Attrs& at) {
  return {backprop_input_impl<Kind::depthwise>(OpId::depthwiseConv2dBackpropInput, in[0], in[1], at)};
}
Tensors dbf_forward(const Tensors& in, const Attrs& at) {
  return {backprop_filter_impl<Kind::depthwise>(OpId::depthwiseConv2dBackpropFilter, in[0], in[1], at)};
}

#if TENSORPAD_REFERENCES
// References on xtensor, in 5-D [n, d, h, w, c] (2-D convs have depth 1): the padded input is
// read through one strided view per filter tap, and each tap's contribution is a broadcast product
// summed over the input channels of its group.
using XA = xt::xarray<double>;

XA to_xa(const Tensor& t) { return ref::to_xarray(t); }
Tensor from_xa(const XA& a) { return ref::to_tensor(a, DType::f64); }
XA xa_nhwc(const XA& a, bool cf) { return cf ? XA(xt::transpose(a, {0, 2, 3, 1})) : a; }
XA xa_from_nhwc(const XA& a, bool cf) { return cf ? XA(xt::transpose(a, {0, 3, 1, 2})) : a; }
// A 4-D [n, h, w, c] array (or filter [kh, kw, cg, oc]) with a depth dim of 1 inserted.
XA as5(const XA& a) {
  if (a.dimension() == 5) return a;
  const auto& s = a.shape();
  return xt::reshape_view(a, {s[0], size_t{1}, s[1], s[2], s[3]});
}
XA filter5(const XA& f) {
  if (f.dimension() == 5) return f;
  const auto& s = f.shape();
  return xt::reshape_view(f, {size_t{1}, s[0], s[1], s[2], s[3]});
}
// Drops the depth dim again for 2-D convs.
XA as_rank(const XA& a, bool three_d) {
  if (three_d) return a;
  const auto& s = a.shape();
  return xt::reshape_view(a, {s[0], s[2], s[3], s[4]});
}

// Padded extent holding every tap's reads: [pad, pad + in) is the input.
size_t padded(int64_t in, int64_t pad, int64_t out, int64_t s, int64_t k, int64_t d) {
  return static_cast<size_t>(std::max(pad + in, out > 0 ? (out - 1) * s + (k - 1) * d + 1 : 0));
}
XA padded_zeros(const ConvGeom& g) {
  return xt::zeros<double>({static_cast<size_t>(g.batch), padded(g.in_d, g.pad_front, g.out_d, g.stride_d, g.k_d, g.dil_d),
                            padded(g.in_h, g.pad_top, g.out_h, g.stride_h, g.k_h, g.dil_h),
                            padded(g.in_w, g.pad_left, g.out_w, g.stride_w, g.k_w, g.dil_w), static_cast<size_t>(g.in_c)});
}
template <class E>
auto interior(E& xp, const ConvGeom& g) {
  return xt::view(xp, xt::all(), xt::range(g.pad_front, g.pad_front + g.in_d), xt::range(g.pad_top, g.pad_top + g.in_h),
                  xt::range(g.pad_left, g.pad_left + g.in_w), xt::all());
}
bool empty_output(const ConvGeom& g) { return g.batch == 0 || g.out_d == 0 || g.out_h == 0 || g.out_w == 0; }

// The strided window of tap (e, a, b) over the padded input: [n, out_d, out_h, out_w, channels].
template <class E>
auto tap_view(E& xp, const ConvGeom& g, int64_t e, int64_t a, int64_t b, int64_t c0, int64_t cg) {
  return xt::view(xp, xt::all(),
                  xt::range(e * g.dil_d, e * g.dil_d + (g.out_d - 1) * g.stride_d + 1, g.stride_d),
                  xt::range(a * g.dil_h, a * g.dil_h + (g.out_h - 1) * g.stride_h + 1, g.stride_h),
                  xt::range(b * g.dil_w, b * g.dil_w + (g.out_w - 1) * g.stride_w + 1, g.stride_w),
                  xt::range(c0, c0 + cg));
}
auto out_channels(XA& a, int64_t grp, int64_t og) {
  return xt::view(a, xt::all(), xt::all(), xt::all(), xt::all(), xt::range(grp * og, (grp + 1) * og));
}

// x [n, d, h, w, c], w [kd, kh, kw, cg, out_c]: y [n, od, oh, ow, out_c].
XA ref_conv(const ConvGeom& g, const XA& x, XA w) {
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups;
  XA y = xt::zeros<double>({g.batch, g.out_d, g.out_h, g.out_w, g.out_c});
  if (empty_output(g)) return y;
  XA xp = padded_zeros(g);
  interior(xp, g) = x;
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t e = 0; e < g.k_d; ++e)
      for (int64_t a = 0; a < g.k_h; ++a)
        for (int64_t b = 0; b < g.k_w; ++b) {
          XA win = tap_view(xp, g, e, a, b, grp * cg, cg);  // [n, od, oh, ow, cg]
          XA wt = xt::view(w, e, a, b, xt::all(), xt::range(grp * og, (grp + 1) * og));  // [cg, og]
          auto prod = xt::view(win, xt::all(), xt::all(), xt::all(), xt::all(), xt::all(), xt::newaxis()) * wt;
          out_channels(y, grp, og) += xt::sum(prod, {4});
        }
  return y;
}

XA ref_backprop_input(const ConvGeom& g, XA dy, XA w) {
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups;
  XA dxp = padded_zeros(g);
  if (!empty_output(g))
    for (int64_t grp = 0; grp < g.groups; ++grp)
      for (int64_t e = 0; e < g.k_d; ++e)
        for (int64_t a = 0; a < g.k_h; ++a)
          for (int64_t b = 0; b < g.k_w; ++b) {
            XA dyg = out_channels(dy, grp, og);
            XA wt = xt::view(w, e, a, b, xt::all(), xt::range(grp * og, (grp + 1) * og));  // [cg, og]
            auto prod = xt::view(dyg, xt::all(), xt::all(), xt::all(), xt::all(), xt::newaxis(), xt::all()) * wt;
            tap_view(dxp, g, e, a, b, grp * cg, cg) += xt::sum(prod, {5});
          }
  return interior(dxp, g);
}

XA ref_backprop_filter(const ConvGeom& g, const XA& x, XA dy) {
  const int64_t cg = g.in_c / g.groups, og = g.out_c / g.groups;
  XA dw = xt::zeros<double>({g.k_d, g.k_h, g.k_w, cg, g.out_c});
  if (empty_output(g)) return dw;
  XA xp = padded_zeros(g);
  interior(xp, g) = x;
  for (int64_t grp = 0; grp < g.groups; ++grp)
    for (int64_t e = 0; e < g.k_d; ++e)
      for (int64_t a = 0; a < g.k_h; ++a)
        for (int64_t b = 0; b < g.k_w; ++b) {
          XA win = tap_view(xp, g, e, a, b, grp * cg, cg);
          XA dyg = out_channels(dy, grp, og);
          auto prod = xt::view(win, xt::all(), xt::all(), xt::all(), xt::all(), xt::all(), xt::newaxis()) *
                      xt::view(dyg, xt::all(), xt::all(), xt::all(), xt::all(), xt::newaxis(), xt::all());
          xt::view(dw, e, a, b, xt::all(), xt::range(grp * og, (grp + 1) * og)) = xt::sum(prod, {0, 1, 2, 3});
        }
  return dw;
}

// A depthwise filter [kh, kw, c, m] as the grouped filter [kh, kw, 1, c * m] (same order).
XA grouped_filter(const XA& f, Kind kind) {
  if (kind != Kind::depthwise) return f;
  return xt::reshape_view(f, {f.shape()[0], f.shape()[1], size_t{1}, f.shape()[2] * f.shape()[3]});
}

template <Kind K>
Tensors ref_forward_impl(OpId id, const Tensors& in, const Attrs& at) {
  const bool d3 = K == Kind::conv3d;
  ConvGeom g = resolve(op_name(id), K, in[0].shape(), in[1].shape(), at);
  const bool cf = nchw(at);
  XA y = as_rank(ref_conv(g, as5(xa_nhwc(to_xa(in[0]), cf)), filter5(grouped_filter(to_xa(in[1]), K))), d3);
  if (id == OpId::fusedConv2d) {
    XA b = to_xa(in[2]);
    y += xt::reshape_view(b, {b.size()});
    double alpha = at.f("leakyreluAlpha");
    switch (at.i("activation")) {
      case 1: y = xt::maximum(y, 0.0); break;
      case 2: y = xt::clip(y, 0.0, 6.0); break;
      case 3: y = xt::where(y > 0, y, xt::expm1(y)); break;
      case 4: y = 1.0 / (1.0 + xt::exp(-y)); break;
      case 5: y = xt::where(y > 0, y, alpha * y); break;
      case 6: y = xt::tanh(y); break;
      default: break;
    }
  }
  return {from_xa(xa_from_nhwc(y, cf))};
}
Tensors conv2d_reference(const Tensors& in, const Attrs& at) { return ref_forward_impl<Kind::conv>(OpId::conv2d, in, at); }
Tensors depthwise_reference(const Tensors& in, const Attrs& at) { return ref_forward_impl<Kind::depthwise>(OpId::depthwiseConv2d, in, at); }
Tensors fused_reference(const Tensors& in, const Attrs& at) { return ref_forward_impl<Kind::conv>(OpId::fusedConv2d, in, at); }
Tensors conv3d_reference(const Tensors& in, const Attrs& at) { return ref_forward_impl<Kind::conv3d>(OpId::conv3d, in, at); }

template <Kind K>
Tensors ref_bi_impl(OpId id, const Tensors& in, const Attrs& at) {
  const bool d3 = K == Kind::conv3d;
  Shape xs = shape_attr(op_name(id), at, "inputShape", d3 ? 5 : 4);
  ConvGeom g = resolve(op_name(id), K, xs, in[1].shape(), at);
  const bool cf = nchw(at);
  XA dx = ref_backprop_input(g, as5(xa_nhwc(to_xa(in[0]), cf)), filter5(grouped_filter(to_xa(in[1]), K)));
  return {from_xa(xa_from_nhwc(as_rank(dx, d3), cf))};
}
template <Kind K>
Tensors ref_bf_impl(OpId id, const Tensors& in, const Attrs& at) {
  const bool d3 = K == Kind::conv3d;
  Shape fs = shape_attr(op_name(id), at, "filterShape", d3 ? 5 : 4);
  ConvGeom g = resolve(op_name(id), K, in[0].shape(), fs, at);
  const bool cf = nchw(at);
  XA dw = ref_backprop_filter(g, as5(xa_nhwc(to_xa(in[0]), cf)), as5(xa_nhwc(to_xa(in[1]), cf)));
  std::vector<size_t> s(fs.begin(), fs.end());
  return {from_xa(xt::reshape_view(dw, s))};
}
Tensors bi_reference(const Tensors& in, const Attrs& at) { return ref_bi_impl<Kind::conv>(OpId::conv2dBackpropInput, in, at); }
Tensors bf_reference(const Tensors& in, const Attrs& at) { return ref_bf_impl<Kind::conv>(OpId::conv2dBackpropFilter, in, at); }
Tensors dbi_reference(const Tensors& in, const Attrs& at) { return ref_bi_impl<Kind::depthwise>(OpId::depthwiseConv2dBackpropInput, in, at); }
Tensors dbf_reference(const Tensors& in, const Attrs& at) { return ref_bf_impl<Kind::depthwise>(OpId::depthwiseConv2dBackpropFilter, in, at); }
Tensors c3bi_reference(const Tensors& in, const Attrs& at) { return ref_bi_impl<Kind::conv3d>(OpId::conv3dBackpropInput, in, at); }
Tensors c3bf_reference(const Tensors& in, const Attrs& at) { return ref_bf_impl<Kind::conv3d>(OpId::conv3dBackpropFilter, in, at); }
#endif  // TENSORPAD_REFERENCES

// Rules. y = conv(x, w) is bilinear; with A_w the linear map x -> conv(x, w):
//   backpropInput(dy, w) = A_w^T dy,   backpropFilter(x, dy) = the w with <conv(x, w'), dy> = <w', w>
// so each of the three ops' adjoints is one of the other two (or itself), and every tangent is a
// sum of two calls of the op itself.
struct Family {
  OpId conv, bi, bf;
};
constexpr Family kConv{OpId::conv2d, OpId::conv2dBackpropInput, OpId::conv2dBackpropFilter};
constexpr Family kDepthwise{OpId::depthwiseConv2d, OpId::depthwiseConv2dBackpropInput,
                            OpId::depthwiseConv2dBackpropFilter};
constexpr Family kConv3d{OpId::conv3d, OpId::conv3dBackpropInput, OpId::conv3dBackpropFilter};

Attrs with_shape(const Attrs& at, const char* name, const Shape& s) {
  Attrs a = conv_attrs_of(at);
  a.set(name, Ints(s.begin(), s.end()));
  return a;
}
Tensor call_conv(const Family& f, const Tensor& x, const Tensor& w, const Attrs& at) {
  return call_op1(f.conv, {x, w}, conv_attrs_of(at));
}
Tensor call_bi(const Family& f, const Tensor& dy, const Tensor& w, const Shape& xs, const Attrs& at) {
  return call_op1(f.bi, {dy, w}, with_shape(at, "inputShape", xs));
}
Tensor call_bf(const Family& f, const Tensor& x, const Tensor& dy, const Shape& fs, const Attrs& at) {
  return call_op1(f.bf, {x, dy}, with_shape(at, "filterShape", fs));
}

template <const Family& F>
Tensors conv_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return Tensors(2);
  return {call_bi(F, g[0], in[1], in[0].shape(), at), call_bf(F, in[0], g[0], in[1].shape(), at)};
}
template <const Family& F>
Tensors bi_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return Tensors(2);
  return {call_conv(F, g[0], in[1], at), call_bf(F, g[0], in[0], in[1].shape(), at)};
}
template <const Family& F>
Tensors bf_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return Tensors(2);
  return {call_bi(F, in[1], g[0], in[0].shape(), at), call_conv(F, in[0], g[0], at)};
}

Tensor sum_defined(const Tensor& a, const Tensor& b) {
  if (!a.defined()) return b;
  if (!b.defined()) return a;
  return ops::add(a, b);
}
template <const Family& F>
Tensors conv_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  Tensor a = t[0].defined() ? call_conv(F, t[0], in[1], at) : Tensor();
  Tensor b = t[1].defined() ? call_conv(F, in[0], t[1], at) : Tensor();
  return {sum_defined(a, b)};
}
template <const Family& F>
Tensors bi_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  Shape xs(at.ints("inputShape").begin(), at.ints("inputShape").end());
  Tensor a = t[0].defined() ? call_bi(F, t[0], in[1], xs, at) : Tensor();
  Tensor b = t[1].defined() ? call_bi(F, in[0], t[1], xs, at) : Tensor();
  return {sum_defined(a, b)};
}
template <const Family& F>
Tensors bf_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  Shape fs(at.ints("filterShape").begin(), at.ints("filterShape").end());
  Tensor a = t[0].defined() ? call_bf(F, t[0], in[1], fs, at) : Tensor();
  Tensor b = t[1].defined() ? call_bf(F, in[0], t[1], fs, at) : Tensor();
  return {sum_defined(a, b)};
}

// fusedConv2d: y = act(z), z = conv2d(x, w) + bias. act'(z) is written from y (every supported
// activation allows it), so the rule needs no recomputation of z. Kinks as the unfused ops:
// relu' = 0 at 0, relu6' = 0 at 0 and 6.
Tensor activation_grad(const Tensor& y, const Attrs& at) {
  auto k = [&](double v) { return ops::scalar(v, y.dtype()); };
  auto mask = [&](const Tensor& m) { return ops::cast(m, y.dtype()); };
  switch (at.i("activation")) {
    case 1: return mask(ops::greater(y, k(0)));
    case 2: return mask(ops::logicalAnd(ops::greater(y, k(0)), ops::less(y, k(6))));
    case 3: return ops::where(ops::greater(y, k(0)), ops::ones_like(y), ops::add(y, 1.0));
    case 4: return ops::mul(y, ops::sub(k(1), y));
    case 5: return ops::where(ops::greater(y, k(0)), ops::ones_like(y), ops::mul(ops::ones_like(y), at.f("leakyreluAlpha")));
    case 6: return ops::sub(k(1), ops::square(y));
    default: return Tensor();
  }
}
Tensor channel_sum(const Tensor& dz, const Attrs& at) {
  return nchw(at) ? ops::sum(dz, {0, 2, 3}) : ops::sum(dz, {0, 1, 2});
}
Tensors fused_vjp(const Tensors& in, const Tensors& out, const Tensors& g, const Attrs& at) {
  if (!g[0].defined()) return Tensors(3);
  Tensor d = activation_grad(out[0], at);
  Tensor dz = d.defined() ? ops::mul(g[0], d) : g[0];
  return {call_bi(kConv, dz, in[1], in[0].shape(), at), call_bf(kConv, in[0], dz, in[1].shape(), at),
          ops::reshape(channel_sum(dz, at), in[2].shape())};
}
Tensors fused_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  Tensor tz = conv_jvp<kConv>(in, out, t, at)[0];
  if (t[2].defined()) {
    Tensor tb = ops::reshape(t[2], {t[2].size()});
    if (nchw(at)) tb = ops::reshape(tb, {t[2].size(), 1, 1});
    tz = tz.defined() ? ops::add(tz, tb) : ops::add(ops::zeros_like(out[0]), tb);
  }
  if (!tz.defined()) return Tensors(1);
  Tensor d = activation_grad(out[0], at);
  return {d.defined() ? ops::mul(tz, d) : tz};
}

// Cases: channel counts around the vector widths, strides, dilations, the three padding modes,
// rounding, both layouts, groups, float64, strided views.
struct Spec {
  std::string label;
  Shape x, f;
  Ints strides{1, 1}, dilations{1, 1};
  int64_t pad_mode = 0;
  Ints padding{0, 0, 0, 0};
  int64_t rounding = 0;
  int64_t format = 0;
  DType dtype = DType::f32;
};

Attrs spec_attrs(const Spec& s) {
  Attrs a;
  a.set("strides", s.strides).set("dilations", s.dilations).set("padMode", s.pad_mode);
  a.set("padding", s.padding).set("dimRoundingMode", s.rounding).set("dataFormat", s.format);
  return a;
}

std::vector<Spec> conv_specs() {
  return {
      {"1x1 channels, valid", {1, 5, 5, 1}, {3, 3, 1, 1}},
      {"rgb same", {2, 6, 7, 3}, {3, 3, 3, 4}, {1, 1}, {1, 1}, 1},
      {"stride 2 same", {1, 7, 7, 2}, {3, 3, 2, 5}, {2, 2}, {1, 1}, 1},
      {"stride (2,1) valid", {2, 6, 5, 3}, {2, 3, 3, 2}, {2, 1}},
      {"dilation 2 same", {1, 7, 6, 2}, {3, 3, 2, 3}, {1, 1}, {2, 2}, 1},
      {"explicit pads", {1, 5, 6, 2}, {3, 2, 2, 3}, {1, 1}, {1, 1}, 2, {1, 0, 2, 1}},
      {"numeric pad, ceil rounding", {1, 6, 6, 2}, {3, 3, 2, 2}, {2, 2}, {1, 1}, 2, {1, 1, 1, 1}, 2},
      {"numeric pad, round", {1, 7, 7, 1}, {2, 2, 1, 2}, {3, 3}, {1, 1}, 2, {1, 1, 1, 1}, 1},
      {"pointwise", {2, 4, 4, 9}, {1, 1, 9, 5}},
      {"grouped", {1, 5, 5, 4}, {3, 3, 2, 6}, {1, 1}, {1, 1}, 1},
      {"NCHW same stride 2", {2, 3, 6, 5}, {3, 3, 3, 4}, {2, 2}, {1, 1}, 1, {0, 0, 0, 0}, 0, 1},
      {"NCHW explicit", {1, 2, 5, 5}, {2, 2, 2, 3}, {1, 1}, {1, 1}, 2, {0, 1, 1, 0}, 0, 1},
      {"float64", {1, 5, 5, 3}, {3, 3, 3, 4}, {1, 1}, {1, 1}, 1, {0, 0, 0, 0}, 0, 0, DType::f64},
      {"filter larger than input, same", {1, 2, 3, 2}, {5, 5, 2, 2}, {1, 1}, {1, 1}, 1},
      {"empty output", {1, 2, 2, 2}, {3, 3, 2, 2}},
      {"empty batch", {0, 4, 4, 2}, {3, 3, 2, 2}, {1, 1}, {1, 1}, 1},
  };
}

std::vector<Spec> depthwise_specs() {
  return {
      {"channels 3", {2, 5, 5, 3}, {3, 3, 3, 1}, {1, 1}, {1, 1}, 1},
      {"channels 9 multiplier 2, stride 2", {1, 7, 7, 9}, {3, 3, 9, 2}, {2, 2}, {1, 1}, 1},
      {"dilation 2 valid", {1, 8, 7, 5}, {3, 3, 5, 1}, {1, 1}, {2, 2}},
      {"explicit pads", {1, 5, 5, 4}, {2, 3, 4, 1}, {1, 1}, {1, 1}, 2, {1, 0, 0, 2}},
      {"NCHW", {1, 6, 5, 5}, {3, 3, 6, 1}, {1, 1}, {1, 1}, 1, {0, 0, 0, 0}, 0, 1},
      {"one channel", {1, 5, 5, 1}, {3, 3, 1, 3}, {1, 1}, {1, 1}, 1},
      {"float64", {1, 5, 5, 17}, {3, 3, 17, 1}, {1, 1}, {1, 1}, 1, {0, 0, 0, 0}, 0, 0, DType::f64},
  };
}

std::vector<Spec> conv3d_specs() {
  return {
      {"valid", {2, 4, 5, 4, 2}, {2, 3, 2, 2, 3}, {1, 1, 1}, {1, 1, 1}},
      {"same, strides (2,1,2)", {1, 5, 4, 5, 3}, {3, 2, 3, 3, 2}, {2, 1, 2}, {1, 1, 1}, 1},
      {"dilation (2,1,1) same", {1, 5, 4, 4, 1}, {2, 2, 2, 1, 4}, {1, 1, 1}, {2, 1, 1}, 1},
      {"float64", {1, 3, 4, 4, 2}, {3, 3, 3, 2, 2}, {1, 1, 1}, {1, 1, 1}, 1, {0, 0, 0, 0}, 0, 0, DType::f64},
  };
}

std::vector<TestCase> conv_cases_of(const std::vector<Spec>& specs, int which, Kind kind) {
  std::vector<TestCase> cs;
  uint32_t seed = 11;
  for (const Spec& s : specs) {
    Attrs at = spec_attrs(s);
    ConvGeom g = resolve("cases", kind, s.x, s.f, at);
    Shape ys = out_shape(g, s.format == 1, kind == Kind::conv3d);
    Tensor x = test_input(s.dtype, s.x, -1, 1, seed++), f = test_input(s.dtype, s.f, -1, 1, seed++);
    Tensor dy = test_input(s.dtype, ys, -1, 1, seed++);
    if (which == 0) cs.push_back({s.label, {x, f}, at});
    if (which == 1) cs.push_back({s.label, {dy, f}, Attrs(at).set("inputShape", Ints(s.x.begin(), s.x.end()))});
    if (which == 2) cs.push_back({s.label, {x, dy}, Attrs(at).set("filterShape", Ints(s.f.begin(), s.f.end()))});
  }
  // A strided view as input: read through a copy.
  if (which == 0 && kind == Kind::conv)
    cs.push_back({"strided view input", {test_view('S', DType::f32, {1, 4, 5, 3}, -1, 1, 99), test_input(DType::f32, {2, 2, 3, 2}, -1, 1, 98)}, {}});
  return cs;
}

std::vector<TestCase> conv2d_cases() { return conv_cases_of(conv_specs(), 0, Kind::conv); }
std::vector<TestCase> bi_cases() { return conv_cases_of(conv_specs(), 1, Kind::conv); }
std::vector<TestCase> bf_cases() { return conv_cases_of(conv_specs(), 2, Kind::conv); }
std::vector<TestCase> depthwise_cases() { return conv_cases_of(depthwise_specs(), 0, Kind::depthwise); }
std::vector<TestCase> dbi_cases() { return conv_cases_of(depthwise_specs(), 1, Kind::depthwise); }
std::vector<TestCase> dbf_cases() { return conv_cases_of(depthwise_specs(), 2, Kind::depthwise); }
std::vector<TestCase> conv3d_cases() { return conv_cases_of(conv3d_specs(), 0, Kind::conv3d); }
std::vector<TestCase> c3bi_cases() { return conv_cases_of(conv3d_specs(), 1, Kind::conv3d); }
std::vector<TestCase> c3bf_cases() { return conv_cases_of(conv3d_specs(), 2, Kind::conv3d); }

std::vector<TestCase> fused_cases() {
  std::vector<TestCase> cs;
  const char* names[] = {"linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu", "tanh"};
  uint32_t seed = 40;
  for (int64_t a = 0; a < kActivations; ++a) {
    Attrs at;
    at.set("padMode", int64_t{1}).set("activation", a).set("leakyreluAlpha", 0.1);
    // relu6 needs outputs above 6 to see its upper kink: scale the input.
    double hi = a == 2 ? 3 : 1;
    cs.push_back({names[a], {test_input(DType::f32, {2, 5, 5, 3}, -hi, hi, seed), test_input(DType::f32, {3, 3, 3, 4}, -hi, hi, seed + 1),
                             test_input(DType::f32, {4}, -1, 1, seed + 2)}, at});
    seed += 3;
  }
  Attrs nchw_at;
  nchw_at.set("dataFormat", int64_t{1}).set("activation", int64_t{1}).set("strides", Ints{2, 2});
  cs.push_back({"NCHW relu stride 2", {test_input(DType::f32, {1, 2, 6, 6}, -1, 1, 70), test_input(DType::f32, {3, 3, 2, 3}, -1, 1, 71),
                                       test_input(DType::f32, {3}, -1, 1, 72)}, nchw_at});
  return cs;
}

}  // namespace

void register_conv_ops() {
  auto with_attr = [](std::vector<AttrSpec> a, AttrSpec extra) {
    a.push_back(std::move(extra));
    return a;
  };
  define_op(OpId::conv2d, 2, conv_attrs(), conv2d_forward, TP_REFERENCE(conv2d_reference), conv2d_cases,
            "2-D convolution of x [n, h, w, c] with filter [kh, kw, c / groups, outDepth], like "
            "tf.conv2d; an input depth that is a multiple of the filter's is a grouped conv.");
  define_op(OpId::conv2dBackpropInput, 2,
            with_attr(conv_attrs(), {"inputShape", AttrKind::Ints, Ints{}, true}), bi_forward,
            TP_REFERENCE(bi_reference), bi_cases,
            "Gradient of conv2d with respect to its input (dy, filter; inputShape), like "
            "tf.conv2dBackpropInput; conv2dTranspose is this op.");
  define_op(OpId::conv2dBackpropFilter, 2,
            with_attr(conv_attrs(), {"filterShape", AttrKind::Ints, Ints{}, true}), bf_forward,
            TP_REFERENCE(bf_reference), bf_cases,
            "Gradient of conv2d with respect to its filter (x, dy; filterShape), like "
            "tf.conv2dBackpropFilter.");
  define_op(OpId::depthwiseConv2d, 2, conv_attrs(), depthwise_forward, TP_REFERENCE(depthwise_reference),
            depthwise_cases,
            "Depthwise 2-D convolution, filter [kh, kw, c, multiplier]: output channel c * "
            "multiplier + q sees input channel c only, like tf.depthwiseConv2d.");
  define_op(OpId::depthwiseConv2dBackpropInput, 2,
            with_attr(conv_attrs(), {"inputShape", AttrKind::Ints, Ints{}, true}), dbi_forward,
            TP_REFERENCE(dbi_reference), dbi_cases, "Gradient of depthwiseConv2d with respect to its input.");
  define_op(OpId::depthwiseConv2dBackpropFilter, 2,
            with_attr(conv_attrs(), {"filterShape", AttrKind::Ints, Ints{}, true}), dbf_forward,
            TP_REFERENCE(dbf_reference), dbf_cases, "Gradient of depthwiseConv2d with respect to its filter.");
  std::vector<AttrSpec> fa = conv_attrs();
  fa.push_back({"activation", AttrKind::Int, int64_t{0}});
  fa.push_back({"leakyreluAlpha", AttrKind::Float, 0.2});
  define_op(OpId::fusedConv2d, 3, fa, fused_forward, TP_REFERENCE(fused_reference), fused_cases,
            "act(conv2d(x, filter) + bias) in one pass over the output, like tf.fused.conv2d; "
            "activation 0 linear, 1 relu, 2 relu6, 3 elu, 4 sigmoid, 5 leakyrelu, 6 tanh. The "
            "graph compiler forms it from conv2d -> add(bias) -> activation.");
  define_op(OpId::conv3d, 2, conv_attrs(3), conv3d_forward, TP_REFERENCE(conv3d_reference), conv3d_cases,
            "3-D convolution of x [n, d, h, w, c] with filter [kd, kh, kw, c, outDepth], NDHWC, "
            "strides and dilations of 3, padding 'valid' or 'same', like tf.conv3d.");
  define_op(OpId::conv3dBackpropInput, 2,
            with_attr(conv_attrs(3), {"inputShape", AttrKind::Ints, Ints{}, true}), c3bi_forward,
            TP_REFERENCE(c3bi_reference), c3bi_cases,
            "Gradient of conv3d with respect to its input (dy, filter; inputShape); conv3dTranspose "
            "is this op.");
  define_op(OpId::conv3dBackpropFilter, 2,
            with_attr(conv_attrs(3), {"filterShape", AttrKind::Ints, Ints{}, true}), c3bf_forward,
            TP_REFERENCE(c3bf_reference), c3bf_cases, "Gradient of conv3d with respect to its filter (x, dy; filterShape).");
  for (OpId id : {OpId::conv2d, OpId::conv2dBackpropInput, OpId::conv2dBackpropFilter,
                  OpId::depthwiseConv2d, OpId::depthwiseConv2dBackpropInput,
                  OpId::depthwiseConv2dBackpropFilter, OpId::fusedConv2d, OpId::conv3d,
                  OpId::conv3dBackpropInput, OpId::conv3dBackpropFilter}) {
    entry(id).rtol = 1e-5;
    entry(id).atol = 2e-5;
  }
  set_rules(OpId::conv2d, conv_vjp<kConv>, conv_jvp<kConv>);
  set_rules(OpId::conv2dBackpropInput, bi_vjp<kConv>, bi_jvp<kConv>);
  set_rules(OpId::conv2dBackpropFilter, bf_vjp<kConv>, bf_jvp<kConv>);
  set_rules(OpId::depthwiseConv2d, conv_vjp<kDepthwise>, conv_jvp<kDepthwise>);
  set_rules(OpId::depthwiseConv2dBackpropInput, bi_vjp<kDepthwise>, bi_jvp<kDepthwise>);
  set_rules(OpId::depthwiseConv2dBackpropFilter, bf_vjp<kDepthwise>, bf_jvp<kDepthwise>);
  set_rules(OpId::fusedConv2d, fused_vjp, fused_jvp);
  set_rules(OpId::conv3d, conv_vjp<kConv3d>, conv_jvp<kConv3d>);
  set_rules(OpId::conv3dBackpropInput, bi_vjp<kConv3d>, bi_jvp<kConv3d>);
  set_rules(OpId::conv3dBackpropFilter, bf_vjp<kConv3d>, bf_jvp<kConv3d>);
}

}  // namespace tensorpad::ops_detail
