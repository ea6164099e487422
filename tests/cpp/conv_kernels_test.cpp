#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "kernels/conv.h"

namespace tensorpad::kernels {
namespace {

// Geometry with the output size TensorFlow gives for explicit pads (top/left given, bottom/right
// = pad_end).
ConvGeom geom(int64_t n, int64_t h, int64_t w, int64_t c, int64_t kh, int64_t kw, int64_t oc,
              int64_t groups = 1, int64_t s = 1, int64_t d = 1, int64_t pad = 0,
              int64_t pad_end = 0) {
  ConvGeom g;
  g.batch = n, g.in_h = h, g.in_w = w, g.in_c = c, g.k_h = kh, g.k_w = kw, g.out_c = oc;
  g.groups = groups, g.stride_h = g.stride_w = s, g.dil_h = g.dil_w = d;
  g.pad_top = g.pad_left = pad;
  g.out_h = (h + pad + pad_end - (kh - 1) * d - 1) / s + 1;
  g.out_w = (w + pad + pad_end - (kw - 1) * d - 1) / s + 1;
  return g;
}

// 3-D geometry: depth d, filter depth kd, depth stride sd and front pad pd (back pad = pd).
ConvGeom geom3(ConvGeom g, int64_t d, int64_t kd, int64_t sd, int64_t pd, int64_t dd = 1) {
  g.in_d = d, g.k_d = kd, g.stride_d = sd, g.pad_front = pd, g.dil_d = dd;
  g.out_d = (d + 2 * pd - (kd - 1) * dd - 1) / sd + 1;
  return g;
}

std::string describe(const ConvGeom& g) {
  auto s = [](int64_t v) { return std::to_string(v); };
  return "x[" + s(g.batch) + "," + s(g.in_h) + "," + s(g.in_w) + "," + s(g.in_c) + "] k" +
         s(g.k_h) + "x" + s(g.k_w) + " oc" + s(g.out_c) + " groups" + s(g.groups) + " s" +
         s(g.stride_h) + " d" + s(g.dil_h) + " pad" + s(g.pad_top) + " out" + s(g.out_h) + "x" +
         s(g.out_w) + " depth " + s(g.in_d) + "/k" + s(g.k_d) + "/s" + s(g.stride_d) + "/p" +
         s(g.pad_front) + "/out" + s(g.out_d);
}

template <class T>
std::vector<T> rand_vec(int64_t n, std::mt19937& rng) {
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<T> v(n);
  for (auto& e : v) e = static_cast<T>(u(rng));
  return v;
}

template <class T>
void expect_close(const std::vector<T>& got, const std::vector<T>& want, double tol,
                  const std::string& what) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i)
    ASSERT_NEAR(got[i], want[i], tol * (1 + std::abs(double(want[i])))) << what << " at " << i;
}

template <class T>
void check_all(const ConvGeom& g, double tol) {
  std::mt19937 rng(7);
  const int64_t xs = g.batch * g.in_d * g.in_h * g.in_w * g.in_c;
  const int64_t ws = g.k_d * g.k_h * g.k_w * (g.in_c / g.groups) * g.out_c;
  const int64_t ys = g.batch * g.out_d * g.out_h * g.out_w * g.out_c;
  auto x = rand_vec<T>(xs, rng), w = rand_vec<T>(ws, rng), dy = rand_vec<T>(ys, rng);
  // Outputs start as NaN: kernels must write every element.
  std::vector<T> y(ys, NAN), y_ref(ys), dx(xs, NAN), dx_ref(xs), dw(ws, NAN), dw_ref(ws);
  conv2d(g, x.data(), w.data(), y.data());
  conv2d_ref(g, x.data(), w.data(), y_ref.data());
  expect_close(y, y_ref, tol, "forward " + describe(g));
  conv2d_backprop_input(g, dy.data(), w.data(), dx.data());
  conv2d_backprop_input_ref(g, dy.data(), w.data(), dx_ref.data());
  expect_close(dx, dx_ref, tol, "backprop input " + describe(g));
  conv2d_backprop_filter(g, x.data(), dy.data(), dw.data());
  conv2d_backprop_filter_ref(g, x.data(), dy.data(), dw_ref.data());
  expect_close(dw, dw_ref, tol, "backprop filter " + describe(g));
}

std::vector<ConvGeom> geometries() {
  return {
      geom(1, 5, 5, 1, 3, 3, 1),                      // single channel
      geom(2, 7, 6, 3, 3, 3, 8, 1, 1, 1, 1, 1),       // RGB first layer, 'same'
      geom(2, 9, 9, 3, 5, 5, 5, 1, 2, 1, 2, 1),       // stride 2
      geom(1, 10, 11, 4, 3, 3, 6, 1, 1, 2, 2, 2),     // dilation 2
      geom(1, 8, 8, 5, 3, 2, 7, 1, 3, 1, 0, 0),       // stride 3, ragged, non-square filter
      geom(3, 6, 6, 16, 1, 1, 9),                     // pointwise: one GEMM
      geom(2, 6, 6, 8, 1, 1, 4, 2),                   // pointwise grouped
      geom(1, 7, 7, 6, 3, 3, 9, 3, 1, 1, 1, 1),       // grouped
      geom(2, 7, 7, 4, 3, 3, 8, 2, 2, 1, 1, 0),       // grouped, strided
      geom(2, 9, 8, 19, 3, 3, 19, 19, 1, 1, 1, 1),    // depthwise, channels past a vector block
      geom(1, 9, 9, 6, 3, 3, 12, 6, 2, 1, 1, 1),      // depthwise multiplier 2, stride 2
      geom(1, 11, 11, 33, 5, 5, 33, 33, 1, 2, 4, 4),  // depthwise dilated
      geom(2, 16, 16, 64, 3, 3, 3, 1, 1, 1, 1, 1),    // several im2col chunks (K = 576)
      geom(1, 3, 3, 2, 5, 5, 3, 1, 1, 1, 2, 2),       // filter larger than the input
      geom(1, 2, 2, 2, 3, 3, 2, 1, 1, 1, 0, 0),       // empty output
      geom3(geom(2, 5, 4, 3, 3, 2, 4, 1, 1, 1, 1, 0), 4, 3, 1, 1),  // conv3d 'same' in depth
      geom3(geom(1, 6, 5, 2, 2, 2, 3, 1, 2, 1, 0, 0), 7, 3, 2, 0),  // conv3d strided
      geom3(geom(1, 4, 4, 5, 1, 1, 6), 3, 1, 1, 0),                 // conv3d pointwise
      geom3(geom(1, 5, 5, 4, 3, 3, 4, 4, 1, 1, 1, 1), 5, 3, 1, 2,
            2),  // conv3d depthwise, dilated depth
  };
}

TEST(ConvKernels, MatchReferenceF32) {
  for (const ConvGeom& g : geometries()) check_all<float>(g, 2e-5);
}

TEST(ConvKernels, MatchReferenceF64) {
  for (const ConvGeom& g : geometries()) check_all<double>(g, 1e-12);
}

// The direct kernels for 1-8 input channels: every output-channel count around the tile (two
// vectors) and the pixel tile (4), strides, dilations, explicit and implied pads, 'valid' shapes
// that read x without a padded copy, and windows that leave bottom/right input unread.
std::vector<ConvGeom> small_channel_geometries() {
  std::vector<ConvGeom> gs;
  for (int64_t c : {1, 2, 3, 4, 6, 8, 9})  // 9: the GEMM path, for contrast
    for (int64_t oc : {1, 3, 4, 7, 8, 9, 16, 17, 32})
      gs.push_back(geom(2, 7, 9, c, 3, 3, oc, 1, 1, 1, 1, 1));
  for (int64_t c : {1, 3, 6}) {
    gs.push_back(geom(1, 11, 13, c, 3, 3, 12, 1, 2, 1, 1, 1));   // stride 2, 'same'
    gs.push_back(geom(1, 12, 12, c, 3, 3, 8, 1, 2, 1, 0, 1));    // stride 2, pad only at the end
    gs.push_back(geom(2, 9, 10, c, 3, 3, 5, 1, 1, 2, 2, 2));     // dilation 2
    gs.push_back(geom(1, 10, 9, c, 5, 5, 6, 1, 1, 1, 0, 0));     // 'valid': no padded copy
    gs.push_back(geom(1, 10, 11, c, 2, 3, 6, 1, 3, 1, 0, 0));    // stride 3 leaves input unread
    gs.push_back(geom(3, 28, 28, c, 5, 5, 6, 1, 1, 1, 2, 2));    // LeNet's first layer
    gs.push_back(geom(1, 4, 5, c, 1, 1, 10));                    // pointwise
    gs.push_back(geom(1, 3, 2, c, 5, 5, 9, 1, 1, 1, 2, 2));      // filter larger than the input
    gs.push_back(geom(1, 6, 7, c, 3, 3, 4, 1, 1, 1, 3, 0));      // pad larger than the filter reach
  }
  ConvGeom asym = geom(1, 8, 9, 2, 3, 4, 10);
  asym.pad_top = 2, asym.pad_left = 1, asym.stride_w = 2;
  asym.out_h = (8 + 2 + 1 - 3) / 1 + 1, asym.out_w = (9 + 1 + 0 - 4) / 2 + 1;
  gs.push_back(asym);
  return gs;
}

TEST(ConvKernels, SmallChannelDirectKernelsMatchReference) {
  for (const ConvGeom& g : small_channel_geometries()) {
    check_all<float>(g, 2e-5);
    check_all<double>(g, 1e-12);
  }
}

TEST(ConvKernels, SmallChannelEpilogueAndRepeatedCalls) {
  // A second call with another geometry reuses the kernels' scratch: results must not leak.
  for (ConvGeom g : {geom(2, 9, 9, 1, 3, 3, 10, 1, 1, 1, 1, 1), geom(1, 5, 6, 3, 3, 3, 6, 1, 2, 1, 1, 1),
                     geom(2, 9, 9, 1, 3, 3, 10, 1, 1, 1, 1, 1)}) {
    std::mt19937 rng(5);
    const int64_t ys = g.batch * g.out_h * g.out_w * g.out_c;
    auto x = rand_vec<float>(g.batch * g.in_h * g.in_w * g.in_c, rng);
    auto w = rand_vec<float>(g.k_h * g.k_w * g.in_c * g.out_c, rng);
    auto bias = rand_vec<float>(g.out_c, rng);
    ConvEpilogue ep;
    ep.bias = bias.data();
    ep.has_activation = true;
    ep.activation = Unary::tanh;
    std::vector<float> y(ys, NAN), y_ref(ys);
    conv2d(g, x.data(), w.data(), y.data(), ep);
    conv2d_ref(g, x.data(), w.data(), y_ref.data(), ep);
    expect_close(y, y_ref, 2e-5, "fused small-channel " + describe(g));
  }
}

TEST(ConvKernels, EpilogueAddsBiasThenActivation) {
  for (ConvGeom g :
       {geom(2, 7, 7, 3, 3, 3, 10, 1, 1, 1, 1, 1), geom(1, 6, 6, 12, 3, 3, 12, 12, 1, 1, 1, 1)}) {
    std::mt19937 rng(3);
    const int64_t ys = g.batch * g.out_h * g.out_w * g.out_c;
    auto x = rand_vec<float>(g.batch * g.in_h * g.in_w * g.in_c, rng);
    auto w = rand_vec<float>(g.k_h * g.k_w * (g.in_c / g.groups) * g.out_c, rng);
    auto bias = rand_vec<float>(g.out_c, rng);
    ConvEpilogue ep;
    ep.bias = bias.data();
    ep.has_activation = true;
    ep.activation = Unary::relu;
    std::vector<float> y(ys), y_ref(ys), plain(ys);
    conv2d(g, x.data(), w.data(), y.data(), ep);
    conv2d_ref(g, x.data(), w.data(), y_ref.data(), ep);
    expect_close(y, y_ref, 2e-5, "fused " + describe(g));
    conv2d(g, x.data(), w.data(), plain.data());
    int negatives = 0;
    for (int64_t k = 0; k < ys; ++k) {
      float pre = plain[k] + bias[k % g.out_c];
      negatives += pre < 0;
      EXPECT_NEAR(y[k], pre > 0 ? pre : 0.f, 1e-5);
    }
    EXPECT_GT(negatives, 0);  // the activation was exercised
  }
}

}  // namespace
}  // namespace tensorpad::kernels
