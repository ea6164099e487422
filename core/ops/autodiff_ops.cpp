// Ops that exist for differentiation itself.
#include "common.h"
#if TENSORPAD_REFERENCES
#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

Tensors identity_view(const Tensors& in, const Attrs&) {
  const Tensor& x = in[0];
  return {x.view(x.shape(), x.strides(), x.offset())};
}

#if TENSORPAD_REFERENCES
Tensors identity_reference(const Tensors& in, const Attrs&) {
  return {ref::to_tensor(ref::to_xarray(in[0]), ref::result_dtype(in[0].dtype()))};
}
#endif

std::vector<TestCase> identity_cases() {
  Tensor m = test_input(DType::f32, {4, 6}, -3, 3, 11);
  return {{"matrix", {m}, {}},
          {"transposed view", {m.view({6, 4}, {1, 6}, 0)}, {}},
          {"int32", {test_input(DType::i32, {9}, -5, 5, 12)}, {}},
          {"scalar f64", {test_input(DType::f64, {}, -1, 1, 13)}, {}}};
}

}  // namespace

void register_autodiff_ops() {
  OpDef& d = entry(OpId::stopGradient);
  d.num_inputs = 1;
  d.forward = identity_view;
  d.reference = TP_REFERENCE(identity_reference);
  d.cases = TP_CASES(identity_cases);
  d.differentiable = Differentiable::kNo;
  d.doc = "The input unchanged, as a constant for differentiation: no gradient flows through it.";
}

}  // namespace tensorpad::ops_detail
