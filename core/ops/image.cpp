// Image resizing ops on NHWC batches: resizeBilinear and resizeNearestNeighbor with TensorFlow's
// alignCorners / halfPixelCenters conventions (stated in core/kernels/resize.h), and their
// gradient ops, which are the kernels' adjoints.
#include <cmath>

#include "../kernels/resize.h"
#include "api.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

using Ints = std::vector<int64_t>;
using kernels::ResizeGeometry;

// Geometry of resizing images of shape `from` to the spatial size `to` (attribute `what`).
ResizeGeometry resize_geometry(const char* op, const Shape& from, const Ints& to, const char* what,
                               const Attrs& at) {
  if (from.size() != 4)
    fail(op, ": images must be rank 4 [batch, height, width, channels], got shape ", shape_str(from));
  if (to.size() != 2 || to[0] < 1 || to[1] < 1)
    fail(op, ": ", what, " must be two positive numbers [height, width], got ", shape_str(to));
  if (at.b("alignCorners") && at.b("halfPixelCenters"))
    fail(op, ": alignCorners and halfPixelCenters cannot both be true");
  if (from[1] < 1 || from[2] < 1)
    fail(op, ": images of shape ", shape_str(from), " have no pixels to sample");
  ResizeGeometry g;
  g.batch = from[0];
  g.channels = from[3];
  g.align_corners = at.b("alignCorners");
  g.half_pixel_centers = at.b("halfPixelCenters");
  return g;
}

ResizeGeometry forward_geometry(const char* op, const Tensor& x, const Attrs& at) {
  const Ints& size = at.ints("size");
  ResizeGeometry g = resize_geometry(op, x.shape(), size, "size", at);
  g.in_h = x.dim(1), g.in_w = x.dim(2), g.out_h = size[0], g.out_w = size[1];
  return g;
}

ResizeGeometry grad_geometry(const char* op, const Tensor& dy, const Attrs& at) {
  const Ints& size = at.ints("inputSize");
  if (dy.rank() != 4)
    fail(op, ": dy must be rank 4 [batch, height, width, channels], got shape ", shape_str(dy.shape()));
  ResizeGeometry g = resize_geometry(op, {dy.dim(0), size.size() == 2 ? size[0] : 1,
                                          size.size() == 2 ? size[1] : 1, dy.dim(3)},
                                     size, "inputSize", at);
  g.in_h = size[0], g.in_w = size[1], g.out_h = dy.dim(1), g.out_w = dy.dim(2);
  return g;
}

template <class T, class F>
void as_float(const char* op, const Tensor& t, F&& f) {
  require_floating(op, t);
  if (t.dtype() == DType::f32) f(float{});
  else f(double{});
}

template <bool Bilinear>
Tensors resize_forward(const Tensors& in, const Attrs& at) {
  const char* op = Bilinear ? "resizeBilinear" : "resizeNearestNeighbor";
  const ResizeGeometry g = forward_geometry(op, in[0], at);
  Tensor x = in[0].contiguous(), y;
  as_float<void>(op, x, [&](auto tag) {
    using T = decltype(tag);
    y = Tensor::empty(x.dtype(), {g.batch, g.out_h, g.out_w, g.channels});
    if (Bilinear) kernels::resize_bilinear<T>(g, x.data<T>(), y.data<T>());
    else kernels::resize_nearest<T>(g, x.data<T>(), y.data<T>());
  });
  return {y};
}

template <bool Bilinear>
Tensors resize_grad_forward(const Tensors& in, const Attrs& at) {
  const char* op = Bilinear ? "resizeBilinearGrad" : "resizeNearestNeighborGrad";
  const ResizeGeometry g = grad_geometry(op, in[0], at);
  Tensor dy = in[0].contiguous(), dx;
  as_float<void>(op, dy, [&](auto tag) {
    using T = decltype(tag);
    dx = Tensor::empty(dy.dtype(), {g.batch, g.in_h, g.in_w, g.channels});
    if (Bilinear) kernels::resize_bilinear_grad<T>(g, dy.data<T>(), dx.data<T>());
    else kernels::resize_nearest_grad<T>(g, dy.data<T>(), dx.data<T>());
  });
  return {dx};
}

Attrs flags(const Attrs& at) {
  return Attrs().set("alignCorners", at.i("alignCorners")).set("halfPixelCenters", at.i("halfPixelCenters"));
}

template <OpId Grad>
Tensor resize_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  return call_op1(Grad, {g}, flags(at).set("inputSize", Ints{in[0].dim(1), in[0].dim(2)}));
}

template <OpId Resize>
Tensor resize_grad_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  return call_op1(Resize, {g}, flags(at).set("size", Ints{in[0].dim(1), in[0].dim(2)}));
}

#if TENSORPAD_REFERENCES
// The sampling rule of one axis written out again from TensorFlow's definition, in double:
// (cell, weight) pairs that output index o reads.
std::vector<std::pair<int64_t, double>> ref_taps(bool bilinear, int64_t n, int64_t m, int64_t o,
                                                 const Attrs& at) {
  const bool align = at.b("alignCorners"), half = at.b("halfPixelCenters");
  const double scale = align && m > 1 ? double(n - 1) / double(m - 1) : double(n) / double(m);
  if (!bilinear) {
    double s = half ? (o + 0.5) * scale : o * scale;
    int64_t i = static_cast<int64_t>(align ? std::round(s) : std::floor(s));
    return {{std::min(std::max<int64_t>(i, 0), n - 1), 1.0}};
  }
  double s = half ? (o + 0.5) * scale - 0.5 : o * scale;
  s = std::min(std::max(s, 0.0), double(n - 1));
  const int64_t lo = static_cast<int64_t>(std::floor(s)), hi = std::min(lo + 1, n - 1);
  return {{lo, 1 - (s - lo)}, {hi, s - lo}};
}

// Resizing is linear and separable: y[b, o, p, c] = sum over i, j of H[o, i] W[p, j] x[b, i, j, c]
// with H [out_h, in_h] and W [out_w, in_w] the axes' sampling weights, laid out here as
// broadcastable 6-D arrays [1, out_h, 1, in_h, 1, 1] and [1, 1, out_w, 1, in_w, 1]. The gradient
// sums the same products over the output axes instead.
ref::Array weights(bool bilinear, int64_t n, int64_t m, const Attrs& at, ref::XShape shape) {
  ref::Array w = xt::zeros<double>({static_cast<size_t>(m), static_cast<size_t>(n)});
  for (int64_t o = 0; o < m; ++o)
    for (auto [i, wt] : ref_taps(bilinear, n, m, o, at)) w(o, i) += wt;
  w.reshape(shape);
  return w;
}

template <bool Bilinear, bool Grad>
Tensors resize_reference(const Tensors& in, const Attrs& at) {
  const Tensor& t = in[0];
  const ResizeGeometry g = Grad ? grad_geometry("ref", t, at) : forward_geometry("ref", t, at);
  auto u = [](int64_t v) { return static_cast<size_t>(v); };
  const ref::Array H = weights(Bilinear, g.in_h, g.out_h, at, {1, u(g.out_h), 1, u(g.in_h), 1, 1});
  const ref::Array W = weights(Bilinear, g.in_w, g.out_w, at, {1, 1, u(g.out_w), 1, u(g.in_w), 1});
  ref::Array a = ref::to_xarray(t);
  if (!Grad) {
    a.reshape({u(g.batch), 1, 1, u(g.in_h), u(g.in_w), u(g.channels)});
    return {ref::to_tensor(xt::sum(a * H * W, {3, 4}), ref::result_dtype(t.dtype()))};
  }
  a.reshape({u(g.batch), u(g.out_h), u(g.out_w), 1, 1, u(g.channels)});
  return {ref::to_tensor(xt::sum(a * H * W, {1, 2}), ref::result_dtype(t.dtype()))};
}
#endif  // TENSORPAD_REFERENCES

Attrs resize_attrs(const char* size_name, Ints size, bool align, bool half) {
  return Attrs()
      .set(size_name, std::move(size))
      .set("alignCorners", int64_t{align})
      .set("halfPixelCenters", int64_t{half});
}

// Up- and downsampling, by integer and fractional factors, to and from single pixels, each
// sampling convention, channel counts around the SIMD width.
template <bool Grad>
std::vector<TestCase> resize_cases() {
  struct S {
    Shape x;
    Ints size;
  };
  const S shapes[] = {{{2, 3, 4, 3}, {6, 8}}, {{1, 5, 7, 4}, {3, 4}}, {{1, 4, 4, 5}, {7, 5}},
                      {{1, 1, 3, 2}, {4, 1}}, {{2, 6, 5, 1}, {1, 1}}, {{1, 3, 3, 8}, {3, 3}}};
  std::vector<TestCase> cs;
  uint32_t seed = Grad ? 600 : 500;
  for (const S& s : shapes)
    for (int flags = 0; flags < 3; ++flags) {
      const bool align = flags == 1, half = flags == 2;
      std::string label = shape_str(s.x) + "->" + shape_str(s.size) +
                          (align ? " alignCorners" : half ? " halfPixelCenters" : "");
      for (DType dt : {DType::f32, DType::f64}) {
        if (!Grad) {
          cs.push_back({label + " " + dtype_name(dt), {test_input(dt, s.x, -2, 2, seed++)},
                        resize_attrs("size", s.size, align, half)});
        } else {
          Shape dy{s.x[0], s.size[0], s.size[1], s.x[3]};
          cs.push_back({label + " " + dtype_name(dt), {test_input(dt, dy, -2, 2, seed++)},
                        resize_attrs("inputSize", {s.x[1], s.x[2]}, align, half)});
        }
      }
    }
  if (!Grad)
    cs.push_back({"strided view", {test_view('R', DType::f32, {3, 4, 5, 2}, -1, 1, 9)},
                  resize_attrs("size", {5, 3}, false, true)});
  return cs;
}

}  // namespace

void register_image_ops() {
  const AttrSpec align{"alignCorners", AttrKind::Bool, int64_t{0}};
  const AttrSpec half{"halfPixelCenters", AttrKind::Bool, int64_t{0}};
  const AttrSpec size{"size", AttrKind::Ints, Ints{}, true};
  const AttrSpec input_size{"inputSize", AttrKind::Ints, Ints{}, true};
  define_op(OpId::resizeBilinear, 1, {size, align, half}, resize_forward<true>,
            TP_REFERENCE((resize_reference<true, false>)), resize_cases<false>,
            "Bilinear resize of NHWC images to size [height, width], as tf.image.resizeBilinear.");
  define_op(OpId::resizeBilinearGrad, 1, {input_size, align, half}, resize_grad_forward<true>,
            TP_REFERENCE((resize_reference<true, true>)), resize_cases<true>,
            "Gradient of resizeBilinear: dy scattered back with the bilinear weights onto images "
            "of inputSize.");
  define_op(OpId::resizeNearestNeighbor, 1, {size, align, half}, resize_forward<false>,
            TP_REFERENCE((resize_reference<false, false>)), resize_cases<false>,
            "Nearest-neighbour resize of NHWC images, as tf.image.resizeNearestNeighbor.");
  define_op(OpId::resizeNearestNeighborGrad, 1, {input_size, align, half}, resize_grad_forward<false>,
            TP_REFERENCE((resize_reference<false, true>)), resize_cases<true>,
            "Gradient of resizeNearestNeighbor: dy summed onto the pixel each output copied.");
  entry(OpId::resizeNearestNeighbor).rtol = entry(OpId::resizeNearestNeighbor).atol = 0;
  set_rules(OpId::resizeBilinear, linear_vjp<resize_back<OpId::resizeBilinearGrad>>,
            linear_jvp<OpId::resizeBilinear>);
  set_rules(OpId::resizeBilinearGrad, linear_vjp<resize_grad_back<OpId::resizeBilinear>>,
            linear_jvp<OpId::resizeBilinearGrad>);
  set_rules(OpId::resizeNearestNeighbor, linear_vjp<resize_back<OpId::resizeNearestNeighborGrad>>,
            linear_jvp<OpId::resizeNearestNeighbor>);
  set_rules(OpId::resizeNearestNeighborGrad,
            linear_vjp<resize_grad_back<OpId::resizeNearestNeighbor>>,
            linear_jvp<OpId::resizeNearestNeighborGrad>);
}

}  // namespace tensorpad::ops_detail
