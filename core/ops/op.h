#pragma once
// The op table: one entry per primitive op holding its name, attribute schema, forward kernel,
// double-precision reference and test cases side by side. Bindings, TypeScript wrappers, the test
// harness and the docs list all iterate this table; adding an op is one line in op_list.inc plus
// one entry in its family's file.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "../tensor.h"

namespace tensorpad {

enum class OpId : uint16_t {
#define TP_OP(name) name,
#include "op_list.inc"
#undef TP_OP
  kCount
};
constexpr int kOpCount = static_cast<int>(OpId::kCount);

enum class AttrKind : uint8_t { Int, Float, Bool, Ints, Floats, DType };
using AttrValue = std::variant<int64_t, double, std::vector<int64_t>, std::vector<double>>;

struct AttrSpec {
  const char* name;
  AttrKind kind;
  AttrValue default_value;  // used when the caller leaves the attribute out
  bool required = false;
};

// Attribute values of one call, in the op's schema order once completed by call_op.
class Attrs {
 public:
  Attrs() = default;
  Attrs& set(const char* name, AttrValue v);
  bool has(const char* name) const;
  int64_t i(const char* name) const;
  double f(const char* name) const;
  bool b(const char* name) const { return i(name) != 0; }
  DType dtype(const char* name) const { return static_cast<DType>(i(name)); }
  const std::vector<int64_t>& ints(const char* name) const;
  const std::vector<double>& floats(const char* name) const;
  const std::vector<std::pair<std::string, AttrValue>>& items() const { return items_; }

 private:
  const AttrValue& get(const char* name) const;
  std::vector<std::pair<std::string, AttrValue>> items_;
};

using Tensors = std::vector<Tensor>;
// A one-output result, moved in: `return {t};` copies t out of its initializer list (a refcount
// and two Dims copies per op, which small compiled graphs pay on every kernel).
inline Tensors one_output(Tensor t) {
  Tensors r;
  r.reserve(1);
  r.push_back(std::move(t));
  return r;
}
using ForwardFn = Tensors (*)(const Tensors& inputs, const Attrs& attrs);
// Reverse mode: gradients of the inputs from the gradients of the outputs (an undefined Tensor
// stands for zeros; return an undefined Tensor for an input without a gradient). Rules are
// written with ops (core/ops/api.h), so a rule run under a tape is itself differentiated.
using VjpFn = Tensors (*)(const Tensors& inputs, const Tensors& outputs, const Tensors& out_grads,
                          const Attrs& attrs);
// Forward mode: tangents of the outputs from the tangents of the inputs (undefined = zero).
using JvpFn = Tensors (*)(const Tensors& inputs, const Tensors& outputs, const Tensors& tangents,
                          const Attrs& attrs);

enum class Differentiable : uint8_t {
  kUnset,  // the harness fails: every op must say
  kYes,    // vjp and jvp are set
  kNo,     // integer/bool results or piecewise constant: no gradient flows (None in TensorFlow)
};

// One input set for the op-table harness: the op on float32 is compared with its reference on
// the same values in float64.
struct TestCase {
  std::string label;
  Tensors inputs;
  Attrs attrs;
};

struct OpDef {
  const char* name = nullptr;
  int num_inputs = 0;   // -1: variadic (at least one)
  std::vector<AttrSpec> attrs;
  ForwardFn forward = nullptr;
  // Double-precision reference on xtensor (reference.h), independent of the kernels; receives
  // the case's inputs with floating tensors converted to float64. Only in builds with
  // TENSORPAD_REFERENCES (native tests); nullptr in the WASM engine.
  ForwardFn reference = nullptr;
  std::vector<TestCase> (*cases)() = nullptr;
  double rtol = 1e-5;   // float32 result vs float64 reference
  double atol = 1e-6;
  const char* doc = "";  // one line for the docs index
  Differentiable differentiable = Differentiable::kUnset;
  // Results differ between calls with equal inputs (random draws from the global stream): graph
  // passes never fold or merge such ops.
  bool stateful = false;
  VjpFn vjp = nullptr;
  JvpFn jvp = nullptr;
  // Finite-difference gradient checks: step and tolerance in float64 (0 = harness defaults).
  double grad_step = 0;
  double grad_tol = 0;
};

// The table, indexed by OpId. Each family file fills its entries.
const OpDef& op_def(OpId id);
const OpDef* find_op(const std::string& name);  // nullptr if unknown
const std::vector<const OpDef*>& all_ops();

// Checks arity, completes defaults, and runs the forward kernel.
Tensors call_op(OpId id, const Tensors& inputs, Attrs attrs = {});
inline Tensor call_op1(OpId id, const Tensors& inputs, Attrs attrs = {}) {
  return call_op(id, inputs, std::move(attrs)).at(0);
}

// Runs an op whose call was validated before, with `attrs` complete (a node of a traced graph):
// no arity or attribute checks, no copy of the attributes; tapes and tracers still see it.
Tensors call_op_prepared(OpId id, const Tensors& inputs, const Attrs& attrs);

// Schema of every op as JSON, for the TypeScript side.
std::string op_schema_json();

// The op's test cases as both gradient-check harnesses use them (tests/cpp/grad_check_test.cpp,
// and tests/js/autodiff/grad_check.test.ts through op_grad_cases_json): the cases with at least
// one floating input, all of them finite (special values test the forward kernels; derivatives
// there are undefined) and at most kMaxGradCaseElements input elements in all (finite differences
// run the op several times per direction); floating inputs converted to float64 (contiguous),
// every attribute present (defaults filled in) and a floating `dtype` attribute set to float64.
// The floating inputs are the differentiated ones.
constexpr int64_t kMaxGradCaseElements = 4096;
std::vector<TestCase> grad_check_cases(const OpDef& d);

// grad_check_cases as JSON for the host language: [{"label", "inputs": [{"dtype", "shape",
// "values" (row-major, bool as 0/1), "differentiable"}], "attrs": {name: value}}], with dtype
// attributes by name and non-finite attribute numbers as the strings "Infinity", "-Infinity",
// "NaN". Floats are written with 17 significant digits, so they read back exactly.
std::string op_grad_cases_json(const OpDef& d);

// Registration: each family defines one function that fills its table entries.
namespace ops_detail {
OpDef& entry(OpId id);
// Registration runs once: compiled for size (clang's minsize; GCC has no per-function -Oz).
#if defined(__clang__)
#define TP_FAMILY(fn) [[clang::minsize, gnu::cold]] void fn();
#else
#define TP_FAMILY(fn) [[gnu::cold]] void fn();
#endif
#include "families.inc"
#undef TP_FAMILY
}  // namespace ops_detail

}  // namespace tensorpad
