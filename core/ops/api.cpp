#include "api.h"

#include "../error.h"

namespace tensorpad::ops {
namespace {

Attrs attrs(std::initializer_list<std::pair<const char*, AttrValue>> kv) {
  Attrs a;
  for (auto& [k, v] : kv) a.set(k, v);
  return a;
}
int64_t code(DType d) { return static_cast<int64_t>(d); }

}  // namespace

Tensor fill(const Shape& shape, double value, DType dtype) {
  return call_op1(OpId::fill, {}, attrs({{"shape", shape}, {"value", value}, {"dtype", code(dtype)}}));
}
Tensor zeros_like(const Tensor& x) { return fill(x.shape(), 0, x.dtype()); }
Tensor ones_like(const Tensor& x) { return fill(x.shape(), 1, x.dtype()); }
Tensor scalar(double value, DType dtype) { return fill({}, value, dtype); }
Tensor range(double start, double stop, double step, DType dtype) {
  return call_op1(OpId::range, {},
                  attrs({{"start", start}, {"stop", stop}, {"step", step}, {"dtype", code(dtype)}}));
}

#define TP_UNARY(name) \
  Tensor name(const Tensor& x) { return call_op1(OpId::name, {x}); }
TP_UNARY(neg) TP_UNARY(abs) TP_UNARY(sign) TP_UNARY(floor) TP_UNARY(ceil) TP_UNARY(round)
TP_UNARY(square) TP_UNARY(sqrt) TP_UNARY(rsqrt) TP_UNARY(reciprocal) TP_UNARY(exp) TP_UNARY(expm1)
TP_UNARY(log) TP_UNARY(log1p) TP_UNARY(sin) TP_UNARY(cos) TP_UNARY(tan) TP_UNARY(tanh)
TP_UNARY(sigmoid) TP_UNARY(softplus) TP_UNARY(relu) TP_UNARY(relu6) TP_UNARY(elu) TP_UNARY(selu)
TP_UNARY(erf) TP_UNARY(logicalNot) TP_UNARY(isNaN) TP_UNARY(isFinite) TP_UNARY(copy)
TP_UNARY(stopGradient) TP_UNARY(acos) TP_UNARY(asin) TP_UNARY(atan) TP_UNARY(acosh) TP_UNARY(asinh)
TP_UNARY(atanh) TP_UNARY(cosh) TP_UNARY(sinh)
#undef TP_UNARY

Tensor leakyRelu(const Tensor& x, double alpha) {
  return call_op1(OpId::leakyRelu, {x}, attrs({{"alpha", alpha}}));
}
Tensor gelu(const Tensor& x, bool approximate) {
  return call_op1(OpId::gelu, {x}, attrs({{"approximate", int64_t{approximate}}}));
}
Tensor cast(const Tensor& x, DType dtype) {
  return call_op1(OpId::cast, {x}, attrs({{"dtype", code(dtype)}}));
}
Tensor clipByValue(const Tensor& x, double lo, double hi) {
  return call_op1(OpId::clipByValue, {x}, attrs({{"clipValueMin", lo}, {"clipValueMax", hi}}));
}

#define TP_BINARY(name) \
  Tensor name(const Tensor& a, const Tensor& b) { return call_op1(OpId::name, {a, b}); }
TP_BINARY(add) TP_BINARY(sub) TP_BINARY(mul) TP_BINARY(div) TP_BINARY(pow) TP_BINARY(floorDiv)
TP_BINARY(mod) TP_BINARY(maximum) TP_BINARY(minimum) TP_BINARY(equal) TP_BINARY(notEqual)
TP_BINARY(less) TP_BINARY(lessEqual) TP_BINARY(greater) TP_BINARY(greaterEqual)
TP_BINARY(logicalAnd) TP_BINARY(logicalOr) TP_BINARY(atan2)
#undef TP_BINARY

Tensor where(const Tensor& c, const Tensor& a, const Tensor& b) {
  return call_op1(OpId::where, {c, a, b});
}
Tensor add(const Tensor& x, double s) { return add(x, scalar(s, x.dtype())); }
Tensor mul(const Tensor& x, double s) { return mul(x, scalar(s, x.dtype())); }

#define TP_REDUCE(name)                                                          \
  Tensor name(const Tensor& x, const Axes& axis, bool keepDims) {                \
    return call_op1(OpId::name, {x}, attrs({{"axis", axis}, {"keepDims", int64_t{keepDims}}})); \
  }
TP_REDUCE(sum) TP_REDUCE(mean) TP_REDUCE(max) TP_REDUCE(min) TP_REDUCE(prod)
TP_REDUCE(logSumExp) TP_REDUCE(any) TP_REDUCE(all)
#undef TP_REDUCE

Tensor argMax(const Tensor& x, int64_t axis) { return call_op1(OpId::argMax, {x}, attrs({{"axis", axis}})); }
Tensor argMin(const Tensor& x, int64_t axis) { return call_op1(OpId::argMin, {x}, attrs({{"axis", axis}})); }
Tensor softmax(const Tensor& x, int64_t axis) { return call_op1(OpId::softmax, {x}, attrs({{"axis", axis}})); }
Tensor logSoftmax(const Tensor& x, int64_t axis) {
  return call_op1(OpId::logSoftmax, {x}, attrs({{"axis", axis}}));
}
Tensor cumsum(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  return call_op1(OpId::cumsum, {x},
                  attrs({{"axis", axis}, {"exclusive", int64_t{exclusive}}, {"reverse", int64_t{reverse}}}));
}
Tensor cumprod(const Tensor& x, int64_t axis, bool exclusive, bool reverse) {
  return call_op1(OpId::cumprod, {x},
                  attrs({{"axis", axis}, {"exclusive", int64_t{exclusive}}, {"reverse", int64_t{reverse}}}));
}
Tensors topk(const Tensor& x, int64_t k, bool sorted) {
  return call_op(OpId::topk, {x}, attrs({{"k", k}, {"sorted", int64_t{sorted}}}));
}

Tensor matMul(const Tensor& a, const Tensor& b, bool ta, bool tb) {
  return call_op1(OpId::matMul, {a, b}, attrs({{"transposeA", int64_t{ta}}, {"transposeB", int64_t{tb}}}));
}
Tensor dot(const Tensor& a, const Tensor& b) { return call_op1(OpId::dot, {a, b}); }
Tensor outer(const Tensor& a, const Tensor& b) { return call_op1(OpId::outer, {a, b}); }

Tensor reshape(const Tensor& x, const Shape& shape) {
  return call_op1(OpId::reshape, {x}, attrs({{"shape", shape}}));
}
Tensor transpose(const Tensor& x, const Axes& perm) {
  return call_op1(OpId::transpose, {x}, attrs({{"perm", perm}}));
}
Tensor expandDims(const Tensor& x, int64_t axis) {
  return call_op1(OpId::expandDims, {x}, attrs({{"axis", axis}}));
}
Tensor squeeze(const Tensor& x, const Axes& axis) {
  return call_op1(OpId::squeeze, {x}, attrs({{"axis", axis}}));
}
Tensor broadcastTo(const Tensor& x, const Shape& shape) {
  return call_op1(OpId::broadcastTo, {x}, attrs({{"shape", shape}}));
}
Tensor reverse(const Tensor& x, const Axes& axis) {
  return call_op1(OpId::reverse, {x}, attrs({{"axis", axis}}));
}
Attrs slice_attrs(const SliceSpec& s) {
  return attrs({{"begin", s.begin}, {"end", s.end}, {"strides", s.strides},
                {"beginMask", s.beginMask}, {"endMask", s.endMask}, {"ellipsisMask", s.ellipsisMask},
                {"newAxisMask", s.newAxisMask}, {"shrinkAxisMask", s.shrinkAxisMask}});
}
Tensor stridedSlice(const Tensor& x, const SliceSpec& s) {
  return call_op1(OpId::stridedSlice, {x}, slice_attrs(s));
}
Tensor stridedSliceUpdate(const Tensor& x, const Tensor& v, const SliceSpec& s) {
  return call_op1(OpId::stridedSliceUpdate, {x, v}, slice_attrs(s));
}

Tensor concat(const Tensors& xs, int64_t axis) { return call_op1(OpId::concat, xs, attrs({{"axis", axis}})); }
Tensor stack(const Tensors& xs, int64_t axis) { return call_op1(OpId::stack, xs, attrs({{"axis", axis}})); }
Tensors split(const Tensor& x, const Axes& sizes, int64_t axis) {
  return call_op(OpId::split, {x}, attrs({{"numOrSizeSplits", sizes}, {"axis", axis}}));
}
Tensor tile(const Tensor& x, const Axes& reps) { return call_op1(OpId::tile, {x}, attrs({{"reps", reps}})); }
Tensor pad(const Tensor& x, const Axes& paddings, double value, int64_t mode) {
  return call_op1(OpId::pad, {x},
                  attrs({{"paddings", paddings}, {"constantValue", value}, {"mode", mode}}));
}
Tensor gather(const Tensor& x, const Tensor& idx, int64_t axis, int64_t batchDims) {
  return call_op1(OpId::gather, {x, idx}, attrs({{"axis", axis}, {"batchDims", batchDims}}));
}
Tensor gatherND(const Tensor& x, const Tensor& idx) { return call_op1(OpId::gatherND, {x, idx}); }
Tensor scatterND(const Tensor& idx, const Tensor& updates, const Shape& shape) {
  return call_op1(OpId::scatterND, {idx, updates}, attrs({{"shape", shape}}));
}
Tensor oneHot(const Tensor& idx, int64_t depth, double on, double off, DType dtype) {
  return call_op1(OpId::oneHot, {idx},
                  attrs({{"depth", depth}, {"onValue", on}, {"offValue", off}, {"dtype", code(dtype)}}));
}

Tensor unbroadcast(const Tensor& g, const Shape& shape) {
  if (g.shape() == shape) return g;
  int lead = g.rank() - static_cast<int>(shape.size());
  if (lead < 0) fail("unbroadcast: gradient shape ", shape_str(g.shape()), " has lower rank than ", shape_str(shape));
  Axes axes;
  for (int i = 0; i < g.rank(); ++i)
    if (i < lead || (shape[i - lead] == 1 && g.dim(i) != 1)) axes.push_back(i);
  Tensor s = axes.empty() ? g : sum(g, axes, true);
  return reshape(s, shape);
}

Tensor or_zeros(const Tensor& g, const Tensor& like) { return g.defined() ? g : zeros_like(like); }

}  // namespace tensorpad::ops
