// One harness over the whole op table: every op has a kernel, a double-precision reference and
// test cases, and on every case the float32 kernel agrees with the reference.
#include <gtest/gtest.h>

#include <cmath>

#include "ops/common.h"
#include "ops/op.h"

#if !TENSORPAD_REFERENCES
#error "the op-table harness needs the references: configure with -DTENSORPAD_REFERENCES=ON"
#endif

namespace tensorpad {
namespace {

// Every op carries its float64 reference in the native build; listing all missing ones at once.
TEST(OpTableReferences, EveryOpHasOne) {
  std::string missing;
  for (const OpDef* d : all_ops())
    if (!d->reference) missing += std::string(missing.empty() ? "" : ", ") + d->name;
  EXPECT_EQ(missing, "") << "ops without a reference";
}

class OpTable : public ::testing::TestWithParam<int> {};

std::string case_where(const OpDef& d, const TestCase& c) {
  std::string s = std::string(d.name) + " [" + c.label + "] inputs:";
  for (const Tensor& t : c.inputs) s += " " + std::string(dtype_name(t.dtype())) + shape_str(t.shape());
  return s;
}

// References compute floats in float64; the kernel's float result type is the op's `dtype`
// attribute where it has one, else float64 only when the inputs are float64.
DType expected_dtype(const TestCase& c, const Attrs& full, const Tensor& want) {
  if (want.dtype() != DType::f64) return want.dtype();
  if (full.has("dtype") && is_floating(full.dtype("dtype"))) return full.dtype("dtype");
  for (const Tensor& t : c.inputs)
    if (t.dtype() == DType::f64) return DType::f64;
  return DType::f32;
}

void expect_close(const OpDef& d, const TestCase& c, const Attrs& full, size_t k, const Tensor& got,
                  const Tensor& want) {
  SCOPED_TRACE(case_where(d, c) + " output " + std::to_string(k));
  ASSERT_EQ(shape_str(got.shape()), shape_str(want.shape()));
  ASSERT_STREQ(dtype_name(got.dtype()), dtype_name(expected_dtype(c, full, want)));
  int64_t bad = 0;
  for (int64_t i = 0; i < got.size(); ++i) {
    double g = got.item(i), w = want.item(i);
    if (std::isnan(w) && std::isnan(g)) continue;
    if (std::isinf(w) && g == w) continue;
    if (!(std::fabs(g - w) <= d.atol + d.rtol * std::fabs(w))) {
      if (bad++ < 5) ADD_FAILURE() << "element " << i << ": got " << g << ", reference " << w;
    }
  }
  EXPECT_EQ(bad, 0);
}

TEST_P(OpTable, MatchesReference) {
  const OpDef& d = *all_ops()[GetParam()];
  ASSERT_NE(d.forward, nullptr) << d.name << " has no kernel";
  ASSERT_NE(d.reference, nullptr) << d.name << " has no reference";
  ASSERT_NE(d.cases, nullptr) << d.name << " has no test cases";
  std::vector<TestCase> cases = d.cases();
  ASSERT_FALSE(cases.empty()) << d.name;
  for (const TestCase& c : cases) {
    Tensors ref_in;
    for (const Tensor& t : c.inputs) ref_in.push_back(ops_detail::to_reference(t));
    Tensors got, want;
    try {
      got = call_op(static_cast<OpId>(GetParam()), c.inputs, c.attrs);
    } catch (const Error& e) {
      FAIL() << case_where(d, c) << " threw: " << e.what();
    }
    Attrs full = c.attrs;
    for (const AttrSpec& s : d.attrs)
      if (!full.has(s.name)) full.set(s.name, s.default_value);
    want = d.reference(ref_in, full);
    ASSERT_EQ(got.size(), want.size()) << case_where(d, c);
    for (size_t k = 0; k < got.size(); ++k) expect_close(d, c, full, k, got[k], want[k]);
  }
}

INSTANTIATE_TEST_SUITE_P(AllOps, OpTable, ::testing::Range(0, kOpCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(all_ops()[info.param]->name);
                         });

}  // namespace
}  // namespace tensorpad
