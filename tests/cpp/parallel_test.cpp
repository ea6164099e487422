// The parallel-for (core/parallel.h) and the kernels that use it: every task runs once, errors
// reach the caller, nested calls run inline, and every parallel kernel gives bit-identical results
// with 1 and with N threads (the single-thread WASM engine runs the 1-thread code).
#include "parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

#include "error.h"
#include "graph/fusion.h"
#include "kernels/conv.h"
#include "kernels/elementwise.h"
#include "kernels/gemm.h"
#include "kernels/pool.h"
#include "kernels/reduce.h"

namespace tensorpad {
namespace {

// Runs the body with `n` threads (pool capacity raised as needed), then restores the default.
class Threads {
 public:
  explicit Threads(int n) : max_(parallel::max_threads()) {
    if (n > max_) parallel::set_max_threads(n);
    parallel::set_threads(n);
  }
  ~Threads() { parallel::set_max_threads(max_); }

 private:
  int max_;
};

std::vector<float> random_floats(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// Bitwise comparison (also equal for NaNs with equal bits).
template <class T>
void expect_same_bits(const std::vector<T>& a, const std::vector<T>& b, const char* what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  size_t differ = 0, first = a.size();
  for (size_t i = 0; i < a.size(); ++i)
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0 && differ++ == 0) first = i;
  EXPECT_EQ(differ, 0u) << what << ": " << differ << " elements differ, first at " << first;
}

// Runs `compute` with 1 thread and with each of 2, 3, 4 threads and checks identical bits.
template <class T>
void expect_thread_independent(const std::function<std::vector<T>()>& compute, const char* what) {
  std::vector<T> one;
  {
    Threads t(1);
    one = compute();
  }
  for (int n : {2, 3, 4}) {
    Threads t(n);
    expect_same_bits(compute(), one, what);
  }
}

TEST(Parallel, EveryTaskRunsOnceAcrossThreadCounts) {
  for (int n : {1, 2, 3, 4}) {
    Threads t(n);
    for (int64_t tasks : {0, 1, 2, 3, 7, 64, 1000}) {
      std::vector<std::atomic<int>> hits(static_cast<size_t>(tasks));
      parallel::for_tasks(tasks, [&](int64_t i) { hits[static_cast<size_t>(i)]++; });
      for (int64_t i = 0; i < tasks; ++i) ASSERT_EQ(hits[static_cast<size_t>(i)].load(), 1) << n << " threads, task " << i << " of " << tasks;
    }
  }
}

TEST(Parallel, ForRangeCoversAlignedPieces) {
  Threads t(3);
  for (int64_t n : {1, 5, 100, 1001, 4096}) {
    std::vector<int> covered(static_cast<size_t>(n));
    std::atomic<int> bad_alignment{0};
    parallel::for_range(n, 1, 1, 8, [&](int64_t b, int64_t e) {
      if (b % 8 != 0) bad_alignment++;
      for (int64_t i = b; i < e; ++i) covered[static_cast<size_t>(i)]++;
    });
    EXPECT_EQ(bad_alignment.load(), 0);
    for (int64_t i = 0; i < n; ++i) ASSERT_EQ(covered[static_cast<size_t>(i)], 1) << "n=" << n << " i=" << i;
  }
}

TEST(Parallel, SmallWorkStaysOnOneTask) {
  Threads t(4);
  EXPECT_EQ(parallel::task_count(1000, 1 << 15), 1);
  EXPECT_EQ(parallel::task_count(int64_t(1) << 20, int64_t(1) << 15), 4);
  EXPECT_EQ(parallel::task_count(int64_t(3) << 15, int64_t(1) << 15), 3);
}

TEST(Parallel, TaskErrorReachesCallerAndPoolKeepsWorking) {
  Threads t(2);
  EXPECT_THROW(parallel::for_tasks(16,
                                   [](int64_t i) {
                                     if (i == 11) throw std::runtime_error("task 11 failed");
                                   }),
               std::runtime_error);
  std::atomic<int64_t> sum{0};
  parallel::for_tasks(100, [&](int64_t i) { sum += i; });
  EXPECT_EQ(sum.load(), 4950);
}

TEST(Parallel, NestedCallsRunInline) {
  Threads t(2);
  std::atomic<int> nested_parallel{0};
  parallel::for_tasks(4, [&](int64_t) {
    if (parallel::task_count(int64_t(1) << 30, 1) != 1) nested_parallel++;
    std::vector<int> inner(8);
    parallel::for_tasks(8, [&](int64_t j) { inner[static_cast<size_t>(j)] = 1; });
    for (int v : inner) EXPECT_EQ(v, 1);
  });
  EXPECT_EQ(nested_parallel.load(), 0);
}

TEST(Parallel, SetThreadsRejectsOutOfRangeCounts) {
  const int max = parallel::max_threads();
  EXPECT_THROW(parallel::set_threads(0), Error);
  EXPECT_THROW(parallel::set_threads(max + 1), Error);
  try {
    parallel::set_threads(0);
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("setThreadsCount"), std::string::npos) << e.what();
  }
  parallel::set_threads(max);
  EXPECT_EQ(parallel::threads(), max);
  EXPECT_TRUE(parallel::threaded());
}

struct GemmCase {
  bool ta, tb;
  int64_t m, n, k;
  bool accumulate;
};

TEST(ParallelKernels, GemmIsBitIdenticalAcrossThreadCounts) {
  // Square, tall, wide, few rows (column split), k past one kc block, edges of every tile.
  const GemmCase cases[] = {{false, false, 256, 256, 256, false}, {true, false, 1000, 40, 300, false},
                            {false, true, 8, 1100, 500, true},     {true, true, 130, 77, 900, false},
                            {false, false, 33, 1030, 129, false},  {false, false, 5, 300, 2000, true}};
  for (const GemmCase& c : cases) {
    const auto a = random_floats(static_cast<size_t>(c.m * c.k), 1);
    const auto b = random_floats(static_cast<size_t>(c.k * c.n), 2);
    const auto c0 = random_floats(static_cast<size_t>(c.m * c.n), 3);
    const int64_t lda = c.ta ? c.m : c.k, ldb = c.tb ? c.k : c.n;
    expect_thread_independent<float>(
        [&] {
          std::vector<float> out = c0;
          kernels::gemm_f32(c.ta, c.tb, c.m, c.n, c.k, a.data(), lda, b.data(), ldb, out.data(), c.n,
                            c.accumulate);
          return out;
        },
        "gemm_f32");
    // And the parallel result is the right product.
    std::vector<float> out = c0, ref = c0;
    kernels::gemm_f32(c.ta, c.tb, c.m, c.n, c.k, a.data(), lda, b.data(), ldb, out.data(), c.n, c.accumulate);
    kernels::gemm_ref_f32(c.ta, c.tb, c.m, c.n, c.k, a.data(), lda, b.data(), ldb, ref.data(), c.n, c.accumulate);
    for (size_t i = 0; i < out.size(); ++i)
      ASSERT_NEAR(out[i], ref[i], 1e-4 * std::sqrt(double(c.k)) + 1e-5) << "m=" << c.m << " n=" << c.n << " k=" << c.k << " at " << i;
  }
}

TEST(ParallelKernels, ElementwiseIsBitIdenticalAcrossThreadCounts) {
  const int64_t rows = 300, cols = 517;
  const auto x = random_floats(static_cast<size_t>(rows * cols), 4);
  const auto bias = random_floats(static_cast<size_t>(cols), 5);
  const int64_t shape[2] = {rows, cols}, dense[2] = {cols, 1}, row_bcast[2] = {0, 1}, transposed[2] = {1, rows};
  expect_thread_independent<float>(
      [&] {
        std::vector<float> y(x.size());
        kernels::unary<float>(kernels::Unary::tanh, kernels::make_loop(2, shape, {dense, dense}), x.data(), y.data());
        return y;
      },
      "tanh");
  expect_thread_independent<float>(
      [&] {
        std::vector<float> y(x.size());
        kernels::binary<float>(kernels::Binary::add, kernels::make_loop(2, shape, {dense, dense, row_bcast}), x.data(),
                               bias.data(), y.data());
        return y;
      },
      "add with a broadcast row");
  expect_thread_independent<float>(
      [&] {
        std::vector<float> y(x.size());
        kernels::unary<float>(kernels::Unary::exp, kernels::make_loop(2, shape, {dense, transposed}), x.data(), y.data());
        return y;
      },
      "exp of a transposed view");
  // The split pieces land where they should: y = x + bias, checked element by element.
  Threads t(3);
  std::vector<float> y(x.size());
  kernels::binary<float>(kernels::Binary::add, kernels::make_loop(2, shape, {dense, dense, row_bcast}), x.data(),
                         bias.data(), y.data());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) ASSERT_EQ(y[r * cols + c], x[r * cols + c] + bias[c]);
}

TEST(ParallelKernels, ReductionsAreBitIdenticalAcrossThreadCounts) {
  const auto x = random_floats(size_t(1) << 20, 6);
  // One long row: the pairwise tree's subtrees run in parallel.
  for (int64_t n : {int64_t(1) << 20, int64_t(999999), int64_t(70001)}) {
    expect_thread_independent<float>(
        [&] {
          std::vector<float> out(1);
          kernels::reduce_rows<float>(kernels::Reduce::sum, x.data(), 1, n, out.data());
          return out;
        },
        "sum of one long row");
    double ref = 0;
    for (int64_t i = 0; i < n; ++i) ref += x[static_cast<size_t>(i)];
    std::vector<float> out(1);
    kernels::reduce_rows<float>(kernels::Reduce::sum, x.data(), 1, n, out.data());
    EXPECT_NEAR(out[0], ref, 1e-3) << "n=" << n;
  }
  expect_thread_independent<float>(
      [&] {
        std::vector<float> out(1000);
        kernels::reduce_rows<float>(kernels::Reduce::max, x.data(), 1000, 1000, out.data());
        return out;
      },
      "max of rows");
  // Columns: few slices split at column chunks, many slices split between slices.
  expect_thread_independent<float>(
      [&] {
        std::vector<float> out(2048);
        kernels::reduce_cols<float>(kernels::Reduce::sum, x.data(), 1, 512, 2048, out.data());
        return out;
      },
      "column sums of one slice");
  expect_thread_independent<float>(
      [&] {
        std::vector<float> out(64 * 100);
        kernels::reduce_cols<float>(kernels::Reduce::sum, x.data(), 64, 160, 100, out.data());
        return out;
      },
      "column sums of many slices");
  // One slice, few columns, many rows (a bias gradient): split at the row blocks, and with one
  // thread the plain sequential loop, so this also checks the split against it.
  for (int64_t inner : {4, 16, 37, 52}) {
    expect_thread_independent<float>(
        [&] {
          std::vector<float> out(static_cast<size_t>(inner));
          kernels::reduce_cols<float>(kernels::Reduce::sum, x.data(), 1, 20000, inner, out.data());
          return out;
        },
        "column sums of one narrow slice");
  }
}

TEST(ParallelKernels, ConvIsBitIdenticalAcrossThreadCounts) {
  // The direct kernels (1 and 8 input channels, split by images; the filter gradient in partial
  // sums), im2col + GEMM (16 channels: the input gradient split by images, the filter gradient in
  // partial sums over chunks) and a strided 1x1.
  struct Case {
    int64_t in_c, k, stride, pad, out_c;
  };
  for (const Case& c : {Case{1, 3, 1, 1, 16}, Case{8, 3, 1, 1, 16}, Case{16, 3, 1, 1, 32}, Case{16, 1, 2, 0, 24}}) {
    kernels::ConvGeom g;
    g.batch = 9, g.in_h = 28, g.in_w = 28, g.in_c = c.in_c, g.k_h = c.k, g.k_w = c.k, g.out_c = c.out_c;
    g.stride_h = g.stride_w = c.stride, g.pad_top = g.pad_left = c.pad;
    g.out_h = g.out_w = (28 + 2 * c.pad - c.k) / c.stride + 1;
    const std::string what = "conv in_c=" + std::to_string(c.in_c) + " k=" + std::to_string(c.k) +
                             " stride=" + std::to_string(c.stride);
    const auto x = random_floats(static_cast<size_t>(g.batch * 28 * 28 * c.in_c), 7);
    const auto w = random_floats(static_cast<size_t>(c.k * c.k * c.in_c * c.out_c), 8);
    const auto dy = random_floats(static_cast<size_t>(g.batch * g.out_h * g.out_w * c.out_c), 9);
    expect_thread_independent<float>(
        [&] {
          std::vector<float> y(dy.size());
          kernels::conv2d<float>(g, x.data(), w.data(), y.data());
          return y;
        },
        (what + " forward").c_str());
    expect_thread_independent<float>(
        [&] {
          std::vector<float> dx(x.size(), 1.0f);
          kernels::conv2d_backprop_input<float>(g, dy.data(), w.data(), dx.data());
          return dx;
        },
        (what + " backprop_input").c_str());
    expect_thread_independent<float>(
        [&] {
          std::vector<float> dw(w.size(), 1.0f);
          kernels::conv2d_backprop_filter<float>(g, x.data(), dy.data(), dw.data());
          return dw;
        },
        (what + " backprop_filter").c_str());
    // And each is the right sum.
    Threads t(2);
    std::vector<float> y(dy.size()), y_ref(dy.size()), dx(x.size()), dx_ref(x.size()), dw(w.size()), dw_ref(w.size());
    kernels::conv2d<float>(g, x.data(), w.data(), y.data());
    kernels::conv2d_ref<float>(g, x.data(), w.data(), y_ref.data());
    kernels::conv2d_backprop_input<float>(g, dy.data(), w.data(), dx.data());
    kernels::conv2d_backprop_input_ref<float>(g, dy.data(), w.data(), dx_ref.data());
    kernels::conv2d_backprop_filter<float>(g, x.data(), dy.data(), dw.data());
    kernels::conv2d_backprop_filter_ref<float>(g, x.data(), dy.data(), dw_ref.data());
    for (size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(y[i], y_ref[i], 1e-4) << what << " y at " << i;
    for (size_t i = 0; i < dx.size(); ++i) ASSERT_NEAR(dx[i], dx_ref[i], 1e-4) << what << " dx at " << i;
    // dw sums over every output pixel of the batch (up to 9 * 784 terms).
    for (size_t i = 0; i < dw.size(); ++i) ASSERT_NEAR(dw[i], dw_ref[i], 2e-3) << what << " dw at " << i;
  }
}

TEST(ParallelKernels, PoolingIsBitIdenticalAcrossThreadCounts) {
  kernels::PoolGeometry g;
  g.batch = 20, g.channels = 16, g.in[1] = g.in[2] = 28, g.out[1] = g.out[2] = 14;
  g.window[1] = g.window[2] = 3, g.stride[1] = g.stride[2] = 2, g.pad_before[1] = g.pad_before[2] = 1;
  const auto x = random_floats(static_cast<size_t>(20 * 28 * 28 * 16), 10);
  const auto dy = random_floats(static_cast<size_t>(20 * 14 * 14 * 16), 11);
  expect_thread_independent<float>(
      [&] {
        std::vector<float> y(dy.size());
        kernels::max_pool<float>(g, x.data(), y.data());
        return y;
      },
      "max_pool");
  expect_thread_independent<float>(
      [&] {
        std::vector<float> dx(x.size(), 1.0f);
        kernels::max_pool_grad<float>(g, x.data(), dy.data(), dx.data());
        return dx;
      },
      "max_pool_grad");
  expect_thread_independent<float>(
      [&] {
        std::vector<float> dx(x.size(), 1.0f);
        kernels::avg_pool_grad<float>(g, dy.data(), dx.data());
        return dx;
      },
      "avg_pool_grad");
  // The pieces land where they belong: the split result equals the scalar reference.
  Threads t(3);
  std::vector<float> y(dy.size()), ref(dy.size());
  kernels::max_pool<float>(g, x.data(), y.data());
  kernels::max_pool_scalar<float>(g, x.data(), ref.data());
  expect_same_bits(y, ref, "max_pool against max_pool_scalar");
}

// relu(a * b + c): contiguous operands, a broadcast row (long rows: the strided walk; short rows:
// the flat walk with a gathered operand) and one long run, each split among threads.
TEST(ParallelKernels, FusedProgramsAreBitIdenticalAcrossThreadCounts) {
  graph::FusedProgram p;
  p.dtype = DType::f32;
  p.num_inputs = 3;
  graph::FusedInstr mul, add, relu;
  mul.binary = true, mul.binary_op = kernels::Binary::mul, mul.a = -1, mul.b = -2;
  add.binary = true, add.binary_op = kernels::Binary::add, add.a = 0, add.b = -3;
  relu.unary_op = kernels::Unary::relu, relu.a = 1;
  p.code = {mul, add, relu};
  struct Case {
    Shape shape, c_shape;
  };
  for (const Case& c : {Case{{300, 517}, {517}}, Case{{3000, 24}, {3000, 1}}, Case{{200001}, {200001}}}) {
    p.shape = c.shape;
    const auto fill = [](const Shape& shape, unsigned seed) {
      Tensor t = Tensor::empty(DType::f32, shape);
      const auto v = random_floats(static_cast<size_t>(t.size()), seed);
      std::copy(v.begin(), v.end(), t.data<float>());
      return t;
    };
    const Tensor a = fill(c.shape, 12), b = fill(c.shape, 13), bias = fill(c.c_shape, 14);
    const auto run = [&] {
      const Tensor out = graph::run_fused(p, {a, b, bias})[0];
      return std::vector<float>(out.data<float>(), out.data<float>() + out.size());
    };
    expect_thread_independent<float>(run, "fused relu(a * b + c)");
    Threads t(2);
    const std::vector<float> out = run();
    const int64_t cols = c.shape.back();
    const bool row_bias = c.c_shape.size() == 1;
    for (int64_t i = 0; i < a.size(); ++i) {
      const float cv = bias.data<float>()[row_bias ? i % cols : i / cols];
      ASSERT_EQ(out[static_cast<size_t>(i)], std::max(0.0f, a.data<float>()[i] * b.data<float>()[i] + cv)) << "at " << i;
    }
  }
}

}  // namespace
}  // namespace tensorpad
