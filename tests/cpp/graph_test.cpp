// Graph mode: tracing by execution, each pass's effect, the memory plan, and equality with eager.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "autodiff/autodiff.h"
#include "graph/graph.h"
#include "ops/api.h"
#include "ops/common.h"

namespace tensorpad {
namespace {

using graph::Executable;
using graph::Graph;
using graph::NodeKind;
using graph::Tracer;

// A tiny variable store standing in for the host's.
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

Tensor input(Shape s, uint32_t seed) { return ops_detail::test_input(DType::f32, s, -1, 1, seed); }

double max_abs_diff(const Tensor& a, const Tensor& b) {
  EXPECT_EQ(a.shape(), b.shape());
  double m = 0;
  for (int64_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a.item(i) - b.item(i)));
  return m;
}

int count_kind(const Graph& g, NodeKind k) {
  int c = 0;
  for (auto& n : g.nodes) c += n.kind == k;
  return c;
}

template <class F> Graph trace(Vars& vars, const Tensors& args, F f) {
  Tracer tr(vars.access());
  for (auto& a : args) tr.add_arg(a);
  tr.start();
  Tensors out = f(args);
  return tr.finish(out);
}

TEST(Graph, TracedDenseLayerRunsLikeEagerAndFuses) {
  Vars vars;
  vars.values[0] = input({8, 5}, 1);
  vars.values[1] = input({5}, 2);
  auto dense = [&](const Tensors& a) {
    return Tensors{ops::relu(ops::add(ops::matMul(a[0], vars.values[0]), vars.values[1]))};
  };
  Tensor x = input({16, 8}, 3);
  Graph g = trace(vars, {x}, dense);
  EXPECT_EQ(g.op_count(), 3);
  EXPECT_EQ(count_kind(g, NodeKind::kVariable), 2);
  int fused = graph::fuse_elementwise(g);
  EXPECT_EQ(fused, 2);  // add + relu
  EXPECT_EQ(g.op_count(), 2);  // matMul, fused
  EXPECT_NE(g.to_string().find("fused[add -> relu]"), std::string::npos) << g.to_string();
  Executable exe(g, vars.access());
  Tensor x2 = input({16, 8}, 4);
  graph::RunStats st;
  Tensor got = exe.run({x2}, &st)[0];
  EXPECT_EQ(st.kernels, 2);
  EXPECT_LT(max_abs_diff(got, dense({x2})[0]), 1e-6);
}

// Rows shorter than a fused block (a bias over [batch, 5]) run as flat blocks with the broadcast and
// strided operands gathered per block: the same bits as the ops run one by one, also where a row
// straddles two blocks (1500 and 105 elements, blocks of 512) and for a transposed input.
TEST(Graph, FusedShortRowsMatchEagerBitForBit) {
  Vars vars;
  auto f = [](const Tensors& a) {
    Tensor h = ops::tanh(ops::add(a[0], a[1]));               // [300,5] + [5]
    Tensor t = ops::sub(ops::mul(h, a[2]), a[3]);             // * [300,1] - scalar
    Tensor u = ops::add(ops::transpose(a[4], {1, 0}), a[1]);  // [5,300]^T + [5]
    Tensor v = ops::sigmoid(ops::mul(a[5], a[6]));            // [7,3,5] * [3,1]
    return Tensors{t, ops::neg(u), v};
  };
  Tensors args = {input({300, 5}, 1), input({5}, 2), input({300, 1}, 3), input({}, 4), input({5, 300}, 5),
                  input({7, 3, 5}, 6), input({3, 1}, 7)};
  Graph g = trace(vars, args, f);
  EXPECT_GE(graph::fuse_elementwise(g), 7);
  EXPECT_EQ(count_kind(g, NodeKind::kFused), 3) << g.to_string();
  Executable exe(g, vars.access());
  for (uint32_t seed : {11u, 12u}) {
    Tensors in = {input({300, 5}, seed), input({5}, seed + 1), input({300, 1}, seed + 2), input({}, seed + 3),
                  input({5, 300}, seed + 4), input({7, 3, 5}, seed + 5), input({3, 1}, seed + 6)};
    Tensors got = exe.run(in), want = f(in);
    ASSERT_EQ(got.size(), 3u);
    for (size_t k = 0; k < 3; ++k) EXPECT_EQ(max_abs_diff(got[k], want[k]), 0) << "output " << k;
  }
}

TEST(Graph, KeepDimsReductionsReshapedToTheirSqueezedShapeBecomeOneNode) {
  // A bias gradient's sum(axis 0, keepDims) then reshape to [8] is one sum without keepDims;
  // a reduction read twice, or reshaped to another shape, stays as it was.
  Vars vars;
  auto f = [](const Tensors& a) {
    Tensor s = ops::reshape(ops::sum(a[0], {0}, true), {8});                    // folded
    Tensor m = ops::reshape(ops::mean(a[0], {-2}, true), {8});                  // folded (negative axis)
    Tensor kept = ops::max(a[0], {0}, true);                                     // read twice: stays
    Tensor k1 = ops::reshape(kept, {8}), k2 = ops::add(kept, kept);
    Tensor other = ops::reshape(ops::sum(a[0], {0}, true), {2, 4});              // another shape: stays
    return Tensors{s, m, k1, k2, other};
  };
  Tensor x = input({32, 8}, 1);
  Graph g = trace(vars, {x}, f);
  const int before = g.op_count();
  EXPECT_EQ(graph::fold_reduction_reshapes(g), 2) << g.to_string();
  EXPECT_EQ(g.op_count(), before - 2) << g.to_string();
  Executable exe(g, vars.access());
  Tensor x2 = input({32, 8}, 2);
  Tensors got = exe.run({x2}), want = f({x2});
  ASSERT_EQ(got.size(), want.size());
  for (size_t k = 0; k < got.size(); ++k) EXPECT_EQ(max_abs_diff(got[k], want[k]), 0) << "output " << k;
}

TEST(Graph, DeadCodeIsRemoved) {
  Vars vars;
  Tensor x = input({4}, 1);
  Graph g = trace(vars, {x}, [](const Tensors& a) {
    ops::exp(a[0]);  // unused
    return Tensors{ops::square(a[0])};
  });
  EXPECT_EQ(g.op_count(), 2);
  EXPECT_EQ(graph::eliminate_dead_code(g), 1);
  EXPECT_EQ(g.op_count(), 1);
}

TEST(Graph, CommonSubexpressionsMerge) {
  Vars vars;
  Tensor x = input({4, 4}, 1);
  Graph g = trace(vars, {x}, [](const Tensors& a) {
    return Tensors{ops::add(ops::tanh(a[0]), ops::tanh(a[0]))};
  });
  EXPECT_EQ(g.op_count(), 3);
  EXPECT_EQ(graph::eliminate_common_subexpressions(g), 1);
  EXPECT_EQ(g.op_count(), 2);
  Executable exe(g, vars.access());
  Tensor y = exe.run({x})[0];
  EXPECT_NEAR(y.item(5), 2 * std::tanh(x.item(5)), 1e-6);
}

TEST(Graph, ConstantsFold) {
  Vars vars;
  Tensor x = input({3}, 1);
  Tensor c = ops::fill({3}, 2, DType::f32);
  Graph g = trace(vars, {x}, [&](const Tensors& a) {
    return Tensors{ops::mul(a[0], ops::exp(ops::mul(c, c)))};  // exp(c*c) is constant
  });
  EXPECT_EQ(g.op_count(), 3);
  EXPECT_EQ(graph::fold_constants(g), 2);
  EXPECT_EQ(g.op_count(), 1);
  Tensor y = Executable(g, vars.access()).run({x})[0];
  EXPECT_NEAR(y.item(1), x.item(1) * std::exp(4.0f), 1e-3);
}

TEST(Graph, RandomOpsAreNotFoldedAndDrawFreshValuesEachRun) {
  Vars vars;
  Tensor x = input({6}, 1);
  Graph g = trace(vars, {x}, [](const Tensors& a) {
    Attrs at;
    at.set("shape", Shape{6});
    return Tensors{ops::add(a[0], call_op1(OpId::randomUniform, {}, at))};
  });
  graph::optimize(g);
  Executable exe(g, vars.access());
  Tensor y1 = exe.run({x})[0], y2 = exe.run({x})[0];
  EXPECT_GT(max_abs_diff(y1, y2), 0);
}

TEST(Graph, VariableAssignmentInsideAFunctionUpdatesTheVariable) {
  Vars vars;
  vars.values[7] = ops::fill({2}, 1, DType::f32);
  Tensor step = ops::fill({2}, 0.5, DType::f32);
  Graph g = trace(vars, {step}, [&](const Tensors& a) {
    Tensor v = ops::add(vars.values[7], a[0]);
    vars.values[7] = v;
    graph::on_variable_write(7, v);
    return Tensors{ops::mul(v, 2.0)};
  });
  vars.values[7] = ops::fill({2}, 1, DType::f32);  // undo the tracing run's effect
  Executable exe(g, vars.access());
  exe.run({step});
  Tensor out = exe.run({step})[0];
  EXPECT_FLOAT_EQ(vars.values[7].item(0), 2.0f);
  EXPECT_FLOAT_EQ(out.item(0), 4.0f);
}

TEST(Graph, GradientTapeInsideTraceBuildsTheBackwardPassIntoTheGraph) {
  Vars vars;
  vars.values[0] = input({5, 3}, 1);
  vars.values[0].set_trainable(true);
  Tensor x = input({4, 5}, 2);
  auto step = [&](const Tensors& a) {
    autodiff::Tape tape;
    tape.start_recording();
    Tensor loss = ops::mean(ops::square(ops::tanh(ops::matMul(a[0], vars.values[0]))));
    tape.stop_recording();
    Tensor g = tape.gradient({loss}, {vars.values[0]}, {}, false)[0];
    return Tensors{loss, g};
  };
  Graph g = trace(vars, {x}, step);
  graph::optimize(g);
  Executable exe(g, vars.access());
  Tensor x2 = input({4, 5}, 3);
  Tensors got = exe.run({x2}), want = step({x2});
  EXPECT_LT(max_abs_diff(got[0], want[0]), 1e-6);
  EXPECT_LT(max_abs_diff(got[1], want[1]), 1e-6);
}

TEST(Graph, MemoryPlanLowersPeakBytes) {
  Vars vars;
  Tensor x = input({256, 256}, 1);
  Graph g = trace(vars, {x}, [](const Tensors& a) {
    Tensor y = a[0];
    for (int i = 0; i < 8; ++i) y = ops::matMul(y, a[0]);
    return Tensors{y};
  });
  Executable keep_all(g, vars.access()), planned(g, vars.access());
  keep_all.set_release_early(false);
  graph::RunStats s_all, s_plan;
  Tensor a = keep_all.run({x}, &s_all)[0];
  Tensor b = planned.run({x}, &s_plan)[0];
  EXPECT_EQ(max_abs_diff(a, b), 0);
  EXPECT_LE(s_plan.peak_bytes, 2 * 256 * 256 * 4);
  EXPECT_GE(s_all.peak_bytes, 8 * 256 * 256 * 4);
}

}  // namespace
}  // namespace tensorpad
