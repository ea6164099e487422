// Convolution ops beyond the op-table harness: closed forms of the forward pass and of the
// gradients, second order through the rules, errors, and the graph compiler's conv fusion.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "autodiff/autodiff.h"
#include "graph/graph.h"
#include "ops/api.h"
#include "ops/common.h"

namespace tensorpad {
namespace {

using Ints = std::vector<int64_t>;

Tensor input(Shape s, uint32_t seed, DType dt = DType::f32) { return ops_detail::test_input(dt, s, -1, 1, seed); }

double max_abs_diff(const Tensor& a, const Tensor& b) {
  EXPECT_EQ(shape_str(a.shape()), shape_str(b.shape()));
  double m = 0;
  for (int64_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a.item(i) - b.item(i)));
  return m;
}

Attrs conv_attrs(Ints strides = {1, 1}, int64_t pad_mode = 0, Ints dilations = {1, 1}, Ints padding = {0, 0, 0, 0}) {
  Attrs a;
  a.set("strides", strides).set("dilations", dilations).set("padMode", pad_mode).set("padding", padding);
  return a;
}
Tensor conv2d(const Tensor& x, const Tensor& w, Attrs a = conv_attrs()) { return call_op1(OpId::conv2d, {x, w}, a); }

TEST(ConvOps, PointwiseConvIsAMatMul) {
  Tensor x = input({2, 5, 4, 7}, 1), w = input({1, 1, 7, 6}, 2);
  Tensor y = conv2d(x, w);
  Tensor want = ops::matMul(ops::reshape(x, {40, 7}), ops::reshape(w, {7, 6}));
  EXPECT_LT(max_abs_diff(ops::reshape(y, {40, 6}), want), 1e-5);
}

TEST(ConvOps, FullWindowConvIsADotProductPerOutputChannel) {
  // A filter as large as the input ('valid') gives one output pixel: <x, w[..., o]>.
  Tensor x = input({3, 4, 5, 2}, 3), w = input({4, 5, 2, 6}, 4);
  Tensor y = conv2d(x, w);
  Tensor want = ops::matMul(ops::reshape(x, {3, 40}), ops::reshape(w, {40, 6}));
  EXPECT_LT(max_abs_diff(ops::reshape(y, {3, 6}), want), 1e-5);
}

TEST(ConvOps, GradientOfSumWithRespectToFilterIsTheSumOfInputWindows) {
  // d sum(y) / d w[a, b, c, o] = sum over n, i, j of x[n, i * s + a, j * s + b, c] ('valid').
  const int64_t N = 2, H = 7, W = 6, C = 3, K = 3, O = 4, S = 2;
  Tensor x = input({N, H, W, C}, 5), w = input({K, K, C, O}, 6);
  w.set_trainable(true);
  autodiff::Tape tape;
  tape.start_recording();
  tape.watch(w);
  Tensor loss = ops::sum(conv2d(x, w, conv_attrs({S, S})));
  tape.stop_recording();
  Tensor dw = tape.gradient({loss}, {w}, {}, false)[0];
  const int64_t OH = (H - K) / S + 1, OW = (W - K) / S + 1;
  for (int64_t a = 0; a < K; ++a)
    for (int64_t b = 0; b < K; ++b)
      for (int64_t c = 0; c < C; ++c) {
        double s = 0;
        for (int64_t n = 0; n < N; ++n)
          for (int64_t i = 0; i < OH; ++i)
            for (int64_t j = 0; j < OW; ++j) s += x.item(((n * H + i * S + a) * W + j * S + b) * C + c);
        for (int64_t o = 0; o < O; ++o) EXPECT_NEAR(dw.item(((a * K + b) * C + c) * O + o), s, 1e-5);
      }
}

TEST(ConvOps, GradientOfSumWithRespectToInputCountsTheWindowsCoveringEachPixel) {
  // With an all-ones filter, d sum(y) / d x[n, h, w, c] = O * (windows covering (h, w)).
  const int64_t H = 6, W = 5, C = 2, O = 3;
  Tensor x = input({1, H, W, C}, 7);
  Tensor dx = call_op1(OpId::conv2dBackpropInput, {ops::fill({1, H, W, O}, 1), ops::fill({3, 3, C, O}, 1)},
                       conv_attrs({1, 1}, 1).set("inputShape", Ints{1, H, W, C}));
  for (int64_t h = 0; h < H; ++h)
    for (int64_t w = 0; w < W; ++w) {
      // 'same' with a 3x3 filter: outputs h-1..h+1 that exist.
      int64_t rows = std::min<int64_t>(h + 1, H - 1) - std::max<int64_t>(h - 1, 0) + 1;
      int64_t cols = std::min<int64_t>(w + 1, W - 1) - std::max<int64_t>(w - 1, 0) + 1;
      for (int64_t c = 0; c < C; ++c) EXPECT_EQ(dx.item((h * W + w) * C + c), double(O * rows * cols));
    }
}

TEST(ConvOps, DepthwiseEqualsPerChannelConv2d) {
  Tensor x = input({2, 6, 6, 3}, 8), w = input({3, 3, 3, 2}, 9);
  Attrs at = conv_attrs({2, 2}, 1);
  Tensor y = call_op1(OpId::depthwiseConv2d, {x, w}, at);
  for (int64_t c = 0; c < 3; ++c) {
    ops::SliceSpec xs{{0, 0, 0, c}, {2, 6, 6, c + 1}, {1, 1, 1, 1}};
    ops::SliceSpec ws{{0, 0, c, 0}, {3, 3, c + 1, 2}, {1, 1, 1, 1}};
    ops::SliceSpec ys{{0, 0, 0, 2 * c}, {2, 3, 3, 2 * c + 2}, {1, 1, 1, 1}};
    Tensor want = conv2d(ops::stridedSlice(x, xs), ops::stridedSlice(w, ws), at);
    EXPECT_LT(max_abs_diff(ops::stridedSlice(y, ys), want), 1e-5) << "channel " << c;
  }
}

TEST(ConvOps, NchwMatchesNhwc) {
  Tensor x = input({2, 5, 6, 3}, 10), w = input({3, 2, 3, 4}, 11);
  Attrs at = conv_attrs({2, 1}, 1);
  Tensor y = conv2d(x, w, at);
  Tensor y_cf = conv2d(ops::transpose(x, {0, 3, 1, 2}), w, Attrs(at).set("dataFormat", int64_t{1}));
  EXPECT_LT(max_abs_diff(ops::transpose(y_cf, {0, 2, 3, 1}), y), 1e-6);
}

TEST(ConvOps, SecondOrderThroughTheRules) {
  // f(w) = sum(conv(x, w)^2) is quadratic in w: its Hessian-vector product along v is
  // 2 * backpropFilter(x, conv(x, v)), which nested tapes must reproduce.
  Tensor x = input({1, 5, 5, 2}, 12), w = input({3, 3, 2, 2}, 13), v = input({3, 3, 2, 2}, 14);
  w.set_trainable(true);
  autodiff::Tape outer;
  outer.start_recording();
  outer.watch(w);
  autodiff::Tape inner;
  inner.start_recording();
  inner.watch(w);
  Tensor f = ops::sum(ops::square(conv2d(x, w)));
  inner.stop_recording();
  Tensor g = inner.gradient({f}, {w}, {}, false)[0];
  Tensor gv = ops::sum(ops::mul(g, v));
  outer.stop_recording();
  Tensor hv = outer.gradient({gv}, {w}, {}, false)[0];
  Tensor want = ops::mul(call_op1(OpId::conv2dBackpropFilter, {x, conv2d(x, v)},
                                  conv_attrs().set("filterShape", Ints{3, 3, 2, 2})), 2.0);
  EXPECT_LT(max_abs_diff(hv, want), 1e-4);
}

TEST(ConvOps, ErrorsNameTheOpAndShapes) {
  auto message = [](auto f) {
    try {
      f();
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  std::string m = message([] { conv2d(input({1, 5, 5, 3}, 1), input({3, 3, 2, 4}, 2)); });
  EXPECT_NE(m.find("conv2d"), std::string::npos) << m;
  EXPECT_NE(m.find("[1,5,5,3]"), std::string::npos) << m;
  EXPECT_NE(m.find("[3,3,2,4]"), std::string::npos) << m;
  m = message([] { conv2d(input({5, 5, 3}, 1), input({3, 3, 3, 4}, 2)); });
  EXPECT_NE(m.find("rank 4"), std::string::npos) << m;
  m = message([] { conv2d(input({1, 5, 5, 3}, 1), input({3, 3, 3, 4}, 2), conv_attrs({2, 2}, 0, {2, 2})); });
  EXPECT_NE(m.find("strides"), std::string::npos) << m;
  m = message([] {
    call_op1(OpId::conv2dBackpropInput, {input({1, 4, 4, 2}, 1), input({3, 3, 3, 2}, 2)},
             conv_attrs().set("inputShape", Ints{1, 5, 5, 3}));
  });
  EXPECT_NE(m.find("conv2dBackpropInput: dy has shape [1,4,4,2]"), std::string::npos) << m;
  m = message([] { call_op1(OpId::depthwiseConv2d, {input({1, 5, 5, 3}, 1), input({3, 3, 2, 1}, 2)}, conv_attrs()); });
  EXPECT_NE(m.find("depthwiseConv2d"), std::string::npos) << m;
}

// Graph fusion.
struct Vars {
  std::map<int32_t, Tensor> values;
  graph::VariableAccess access() {
    return {[this](uint64_t uid) {
              for (auto& [k, v] : values)
                if (v.uid() == uid) return k;
              return -1;
            },
            [this](int32_t k) { return values.at(k); },
            [this](int32_t k, const Tensor& t) { values[k] = t; }};
  }
};

template <class F> graph::Graph trace(Vars& vars, const Tensors& args, F f) {
  graph::Tracer tr(vars.access());
  for (auto& a : args) tr.add_arg(a);
  tr.start();
  Tensors out = f(args);
  return tr.finish(out);
}

int count_op(const graph::Graph& g, OpId op) {
  int c = 0;
  for (auto& n : g.nodes) c += n.kind == graph::NodeKind::kOp && n.op == op;
  return c;
}

TEST(ConvFusion, ConvBiasReluBecomesOneNodeWithTheSameResult) {
  Vars vars;
  vars.values[0] = input({3, 3, 3, 8}, 1);
  vars.values[1] = input({8}, 2);
  auto layer = [&](const Tensors& a) {
    return Tensors{ops::relu(ops::add(conv2d(a[0], vars.values[0], conv_attrs({1, 1}, 1)), vars.values[1]))};
  };
  Tensor x = input({2, 9, 9, 3}, 3);
  graph::Graph g = trace(vars, {x}, layer);
  graph::PassStats st = graph::optimize(g);
  EXPECT_EQ(st.fused_convs, 1);
  EXPECT_EQ(g.op_count(), 1) << g.to_string();
  EXPECT_EQ(count_op(g, OpId::fusedConv2d), 1) << g.to_string();
  graph::Executable exe(g, vars.access());
  Tensor x2 = input({2, 9, 9, 3}, 4);
  Tensor got = exe.run({x2})[0], want = layer({x2})[0];
  EXPECT_LT(max_abs_diff(got, want), 1e-6);
  int zeros = 0;
  for (int64_t i = 0; i < got.size(); ++i) zeros += got.item(i) == 0;
  EXPECT_GT(zeros, 0);  // relu was applied
}

// The activations' rules read their output, so a differentiated conv -> add -> activation keeps
// no reader of the pre-activation and the whole chain fuses, for every fusable activation.
TEST(ConvFusion, TrainingStepFusesConvBiasAndActivationAndMatchesEager) {
  using Act = Tensor (*)(const Tensor&);
  const std::pair<const char*, Act> acts[] = {
      {"relu", [](const Tensor& t) { return ops::relu(t); }},
      {"relu6", [](const Tensor& t) { return ops::relu6(t); }},
      {"elu", [](const Tensor& t) { return ops::elu(t); }},
      {"sigmoid", [](const Tensor& t) { return ops::sigmoid(t); }},
      {"tanh", [](const Tensor& t) { return ops::tanh(t); }},
      {"leakyRelu", [](const Tensor& t) { return ops::leakyRelu(t, 0.1); }},
      {"none", [](const Tensor& t) { return t; }},
  };
  for (auto [name, act] : acts) {
    Vars vars;
    vars.values[0] = input({3, 3, 2, 4}, 5);
    vars.values[1] = input({4}, 6);
    vars.values[0].set_trainable(true);
    vars.values[1].set_trainable(true);
    auto step = [&](const Tensors& a) {
      autodiff::Tape tape;
      tape.start_recording();
      Tensor y = act(ops::add(conv2d(a[0], vars.values[0], conv_attrs({2, 2}, 1)), vars.values[1]));
      Tensor loss = ops::mean(ops::square(y));
      tape.stop_recording();
      Tensors g = tape.gradient({loss}, {vars.values[0], vars.values[1]}, {}, false);
      return Tensors{loss, g[0], g[1]};
    };
    Tensor x = input({2, 7, 7, 2}, 7);
    graph::Graph g = trace(vars, {x}, step);
    graph::PassStats st = graph::optimize(g);
    EXPECT_EQ(st.fused_convs, 1) << name;
    EXPECT_EQ(count_op(g, OpId::conv2d), 0) << name << g.to_string();
    int64_t fused_activation = -1;
    for (auto& n : g.nodes)
      if (n.kind == graph::NodeKind::kOp && n.op == OpId::fusedConv2d) fused_activation = n.attrs.i("activation");
    const bool has_act = std::string(name) != "none";
    EXPECT_EQ(fused_activation != 0, has_act) << name << g.to_string();
    if (has_act) {
      // The activation op itself is gone from the forward pass.
      for (OpId op : {OpId::relu, OpId::relu6, OpId::elu, OpId::sigmoid, OpId::tanh, OpId::leakyRelu})
        EXPECT_EQ(count_op(g, op), 0) << name << g.to_string();
    }
    graph::Executable exe(g, vars.access());
    Tensor x2 = input({2, 7, 7, 2}, 8);
    Tensors got = exe.run({x2}), want = step({x2});
    for (int k = 0; k < 3; ++k) EXPECT_LT(max_abs_diff(got[k], want[k]), 1e-6) << name << " output " << k;
  }
}

TEST(ConvFusion, ConvWithAnotherReaderIsLeftAlone) {
  Vars vars;
  vars.values[0] = input({3, 3, 2, 4}, 9);
  vars.values[1] = input({4}, 10);
  auto f = [&](const Tensors& a) {
    Tensor c = conv2d(a[0], vars.values[0]);
    return Tensors{ops::relu(ops::add(c, vars.values[1])), ops::sum(c)};
  };
  graph::Graph g = trace(vars, {input({1, 6, 6, 2}, 11)}, f);
  EXPECT_EQ(graph::optimize(g).fused_convs, 0);
  EXPECT_EQ(count_op(g, OpId::conv2d), 1);
}

}  // namespace
}  // namespace tensorpad
