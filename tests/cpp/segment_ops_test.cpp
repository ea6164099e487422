// unsortedSegmentSum and tensorScatterUpdate beyond the op-table harness: float64 and int32 data,
// the conventions at the edges (negative ids dropped, ids past the end refused, the last of
// repeated tuples winning, in the values and in the gradient) and error messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "autodiff/autodiff.h"
#include "ops/common.h"
#include "ops/op.h"

namespace tensorpad {
namespace {

using Ints = std::vector<int64_t>;

Tensor from(DType dt, const Shape& s, const std::vector<double>& v) {
  Tensor t = Tensor::empty(dt, s);
  for (size_t i = 0; i < v.size(); ++i)
    ops_detail::set_from_double(t, static_cast<int64_t>(i), v[i]);
  return t;
}

std::vector<double> values(const Tensor& t) {
  std::vector<double> v;
  for (int64_t i = 0; i < t.size(); ++i) v.push_back(t.item(i));
  return v;
}

Attrs segments(int64_t n) { return Attrs().set("numSegments", n); }

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& msg, const std::vector<std::string>& parts) {
  ASSERT_FALSE(msg.empty()) << "no error thrown";
  for (const std::string& p : parts)
    EXPECT_NE(msg.find(p), std::string::npos) << msg << " lacks " << p;
}

Tensors grads_of(OpId op, const Tensors& in, const Attrs& at, const Tensor& g) {
  autodiff::Tape tape;
  tape.start_recording();
  for (const Tensor& t : in) tape.watch(t);
  Tensors out = call_op(op, in, at);
  tape.stop_recording();
  return tape.gradient({out[0]}, in, {g}, false);
}

TEST(SegmentOps, SumsRowsKeepsDTypeAndDropsNegativeIds) {
  Tensor x = from(DType::f64, {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  Tensor s = call_op1(OpId::unsortedSegmentSum, {x, from(DType::i32, {4}, {2, -1, 2, 0})},
                      segments(3));
  EXPECT_EQ(s.dtype(), DType::f64);
  EXPECT_EQ(s.shape(), (Shape{3, 2}));
  EXPECT_EQ(values(s), (std::vector<double>{7, 8, 0, 0, 1 + 5, 2 + 6}));
  Tensor xi = from(DType::i32, {2, 2}, {1, 2, 3, 4});
  Tensor si = call_op1(OpId::unsortedSegmentSum, {xi, from(DType::i32, {2, 2}, {1, 1, 0, 1})},
                       segments(2));
  EXPECT_EQ(si.dtype(), DType::i32);
  EXPECT_EQ(values(si), (std::vector<double>{3, 1 + 2 + 4}));
}

TEST(SegmentOps, ErrorsNameTheOpAndTheIndex) {
  Tensor x = from(DType::f32, {3}, {1, 2, 3});
  expect_error(error_of([&] {
                 call_op(OpId::unsortedSegmentSum, {x, from(DType::i32, {3}, {0, 4, 1})}, segments(3));
               }),
               {"unsortedSegmentSum", "segment id 4", "[1]", "numSegments 3"});
  expect_error(error_of([&] {
                 call_op(OpId::unsortedSegmentSum, {x, from(DType::i32, {2}, {0, 1})}, segments(3));
               }),
               {"unsortedSegmentSum", "[2]", "[3]"});
  expect_error(error_of([&] {
                 call_op(OpId::unsortedSegmentSum, {x, from(DType::f32, {3}, {0, 1, 1})}, segments(3));
               }),
               {"unsortedSegmentSum", "int32"});
  expect_error(error_of([&] {
                 call_op(OpId::unsortedSegmentSum, {x, from(DType::i32, {3}, {0, 1, 1})}, segments(-1));
               }),
               {"unsortedSegmentSum", ">= 0"});
  expect_error(error_of([&] {
                 call_op(OpId::unsortedSegmentSum,
                         {from(DType::b8, {2}, {1, 0}), from(DType::i32, {2}, {0, 1})}, segments(2));
               }),
               {"unsortedSegmentSum", "bool"});
  Tensor t = from(DType::f32, {4}, {1, 2, 3, 4});
  expect_error(error_of([&] {
                 call_op(OpId::tensorScatterUpdate, {t, from(DType::i32, {1, 1}, {4}), from(DType::f32, {1}, {9})});
               }),
               {"tensorScatterUpdate", "[4]", "out of range"});
  expect_error(error_of([&] {
                 call_op(OpId::tensorScatterUpdate, {t, from(DType::i32, {1, 1}, {0}), from(DType::i32, {1}, {9})});
               }),
               {"tensorScatterUpdate", "float32", "int32"});
  expect_error(error_of([&] {
                 call_op(OpId::tensorScatterUpdate, {t, from(DType::i32, {2, 1}, {0, 1}), from(DType::f32, {3}, {9, 9, 9})});
               }),
               {"tensorScatterUpdate", "updates of shape [3]", "[2]"});
}

TEST(SegmentOps, SegmentSumGradientGathersAndZeroesDroppedRows) {
  Tensor x = from(DType::f64, {4}, {1, 2, 3, 4});
  Tensors g = grads_of(OpId::unsortedSegmentSum, {x, from(DType::i32, {4}, {2, -1, 0, 2})},
                       segments(3), from(DType::f64, {3}, {10, 20, 30}));
  EXPECT_EQ(values(g[0]), (std::vector<double>{30, 0, 10, 30}));
  EXPECT_FALSE(g[1].defined()) << "int32 ids get no gradient";
  // No segments: every id is dropped and x gets zeros.
  Tensors none = grads_of(OpId::unsortedSegmentSum, {x, from(DType::i32, {4}, {-1, -1, -2, -1})},
                          segments(0), Tensor::zeros(DType::f64, {0}));
  EXPECT_EQ(values(none[0]), (std::vector<double>{0, 0, 0, 0}));
}

TEST(SegmentOps, ScatterUpdateLastWinsInValuesAndGradient) {
  Tensor t = from(DType::f64, {3, 2}, {1, 2, 3, 4, 5, 6});
  Tensor idx = from(DType::i32, {3, 1}, {2, 0, 2});
  Tensor u = from(DType::f64, {3, 2}, {10, 11, 20, 21, 30, 31});
  Tensor y = call_op1(OpId::tensorScatterUpdate, {t, idx, u});
  EXPECT_EQ(values(y), (std::vector<double>{20, 21, 3, 4, 30, 31}));
  EXPECT_EQ(values(t), (std::vector<double>{1, 2, 3, 4, 5, 6})) << "the input is not changed";
  Tensors g = grads_of(OpId::tensorScatterUpdate, {t, idx, u}, {},
                       from(DType::f64, {3, 2}, {1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(values(g[0]), (std::vector<double>{0, 0, 3, 4, 0, 0}));
  EXPECT_FALSE(g[1].defined());
  // The first update of row 2 was overwritten: it does not reach the result.
  EXPECT_EQ(values(g[2]), (std::vector<double>{0, 0, 1, 2, 5, 6}));
}

}  // namespace
}  // namespace tensorpad
