#pragma once
// Typed C++ functions over the op table, one per op (plus a few composites). Gradient rules,
// graph passes and tests are written with these; every call goes through call_op, so tapes and
// forward accumulators see it.
#include "op.h"

namespace tensorpad::ops {

using Axes = std::vector<int64_t>;

// creation
Tensor fill(const Shape& shape, double value, DType dtype = DType::f32);
Tensor zeros_like(const Tensor& x);
Tensor ones_like(const Tensor& x);
Tensor scalar(double value, DType dtype);
Tensor range(double start, double stop, double step = 1, DType dtype = DType::f32);

// elementwise
#define TP_UNARY(name) Tensor name(const Tensor& x);
TP_UNARY(neg) TP_UNARY(abs) TP_UNARY(sign) TP_UNARY(floor) TP_UNARY(ceil) TP_UNARY(round)
TP_UNARY(square) TP_UNARY(sqrt) TP_UNARY(rsqrt) TP_UNARY(reciprocal) TP_UNARY(exp) TP_UNARY(expm1)
TP_UNARY(log) TP_UNARY(log1p) TP_UNARY(sin) TP_UNARY(cos) TP_UNARY(tan) TP_UNARY(tanh)
TP_UNARY(sigmoid) TP_UNARY(softplus) TP_UNARY(relu) TP_UNARY(relu6) TP_UNARY(elu) TP_UNARY(selu)
TP_UNARY(erf) TP_UNARY(logicalNot) TP_UNARY(isNaN) TP_UNARY(isFinite) TP_UNARY(copy)
TP_UNARY(stopGradient) TP_UNARY(acos) TP_UNARY(asin) TP_UNARY(atan) TP_UNARY(acosh) TP_UNARY(asinh)
TP_UNARY(atanh) TP_UNARY(cosh) TP_UNARY(sinh)
#undef TP_UNARY
Tensor leakyRelu(const Tensor& x, double alpha);
Tensor gelu(const Tensor& x, bool approximate);
Tensor cast(const Tensor& x, DType dtype);
Tensor clipByValue(const Tensor& x, double lo, double hi);

#define TP_BINARY(name) Tensor name(const Tensor& a, const Tensor& b);
TP_BINARY(add) TP_BINARY(sub) TP_BINARY(mul) TP_BINARY(div) TP_BINARY(pow) TP_BINARY(floorDiv)
TP_BINARY(mod) TP_BINARY(maximum) TP_BINARY(minimum) TP_BINARY(equal) TP_BINARY(notEqual)
TP_BINARY(less) TP_BINARY(lessEqual) TP_BINARY(greater) TP_BINARY(greaterEqual)
TP_BINARY(logicalAnd) TP_BINARY(logicalOr) TP_BINARY(atan2)
#undef TP_BINARY
Tensor where(const Tensor& cond, const Tensor& a, const Tensor& b);
// x (op) a scalar of x's dtype.
Tensor add(const Tensor& x, double s);
Tensor mul(const Tensor& x, double s);

// reductions
#define TP_REDUCE(name) Tensor name(const Tensor& x, const Axes& axis = {}, bool keepDims = false);
TP_REDUCE(sum) TP_REDUCE(mean) TP_REDUCE(max) TP_REDUCE(min) TP_REDUCE(prod)
TP_REDUCE(logSumExp) TP_REDUCE(any) TP_REDUCE(all)
#undef TP_REDUCE
Tensor argMax(const Tensor& x, int64_t axis = 0);
Tensor argMin(const Tensor& x, int64_t axis = 0);
Tensor softmax(const Tensor& x, int64_t axis = -1);
Tensor logSoftmax(const Tensor& x, int64_t axis = -1);
Tensor cumsum(const Tensor& x, int64_t axis = 0, bool exclusive = false, bool reverse = false);
Tensor cumprod(const Tensor& x, int64_t axis = 0, bool exclusive = false, bool reverse = false);
Tensors topk(const Tensor& x, int64_t k = 1, bool sorted = true);

// linear algebra
Tensor matMul(const Tensor& a, const Tensor& b, bool transposeA = false, bool transposeB = false);
Tensor dot(const Tensor& a, const Tensor& b);
Tensor outer(const Tensor& a, const Tensor& b);

// layout
Tensor reshape(const Tensor& x, const Shape& shape);
Tensor transpose(const Tensor& x, const Axes& perm = {});
Tensor expandDims(const Tensor& x, int64_t axis);
Tensor squeeze(const Tensor& x, const Axes& axis = {});
Tensor broadcastTo(const Tensor& x, const Shape& shape);
Tensor reverse(const Tensor& x, const Axes& axis);
struct SliceSpec {
  Axes begin, end, strides;
  int64_t beginMask = 0, endMask = 0, ellipsisMask = 0, newAxisMask = 0, shrinkAxisMask = 0;
};
Attrs slice_attrs(const SliceSpec& s);
Tensor stridedSlice(const Tensor& x, const SliceSpec& s);
Tensor stridedSliceUpdate(const Tensor& x, const Tensor& value, const SliceSpec& s);

// assembling and indexing
Tensor concat(const Tensors& xs, int64_t axis = 0);
Tensor stack(const Tensors& xs, int64_t axis = 0);
Tensors split(const Tensor& x, const Axes& numOrSizeSplits, int64_t axis = 0);
Tensor tile(const Tensor& x, const Axes& reps);
Tensor pad(const Tensor& x, const Axes& paddings, double constantValue = 0, int64_t mode = 0);
Tensor gather(const Tensor& x, const Tensor& indices, int64_t axis = 0, int64_t batchDims = 0);
Tensor gatherND(const Tensor& x, const Tensor& indices);
Tensor scatterND(const Tensor& indices, const Tensor& updates, const Shape& shape);
Tensor oneHot(const Tensor& indices, int64_t depth, double on = 1, double off = 0,
              DType dtype = DType::f32);

// Helpers for gradient rules.
// Sums g over the axes that broadcasting added or stretched, giving a tensor of `shape`.
Tensor unbroadcast(const Tensor& g, const Shape& shape);
// g if defined, else zeros shaped like `like`.
Tensor or_zeros(const Tensor& g, const Tensor& like);

}  // namespace tensorpad::ops
