#pragma once
// Helpers shared by the op family files: argument checks with op-named messages and test-input
// generators for the harness. The double-precision references have their own header,
// reference.h (xtensor), compiled only with TENSORPAD_REFERENCES.
#include <cstdint>
#include <random>

#include "../error.h"
#include "../kernels/index_copy.h"
#include "op.h"
#include "../size.h"

// An op's double-precision reference (core/ops/reference.h), compiled only where
// TENSORPAD_REFERENCES is on (native builds with tests); elsewhere the table holds nullptr.
#if TENSORPAD_REFERENCES
#define TP_REFERENCE(fn) (fn)
#else
#define TP_REFERENCE(fn) nullptr
#endif

// An op's test cases: in builds with TENSORPAD_TEST_CASES (native tests). Elsewhere (the WASM
// engine) the table holds nullptr and the case generators, over half a megabyte of code, are
// dropped; the helpers that store them are always inlined so no address of a generator survives.
#if TENSORPAD_TEST_CASES
#define TP_CASES(fn) (fn)
#else
#define TP_CASES(fn) ((void)(fn), nullptr)
#endif

namespace tensorpad::ops_detail {

inline void require_dtype_match(const char* op, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype())
    fail(op, ": dtype mismatch, ", dtype_name(a.dtype()), shape_str(a.shape()), " and ",
         dtype_name(b.dtype()), shape_str(b.shape()), " (convert one with cast)");
}
inline void require_floating(const char* op, const Tensor& t) {
  if (!is_floating(t.dtype()))
    fail(op, ": expected a float32 or float64 tensor, got ", dtype_name(t.dtype()),
         shape_str(t.shape()));
}
inline void require_numeric(const char* op, const Tensor& t) {
  if (t.dtype() == DType::b8) fail(op, ": expected a numeric tensor, got bool", shape_str(t.shape()));
}
inline void require_bool(const char* op, const Tensor& t) {
  if (t.dtype() != DType::b8)
    fail(op, ": expected a bool tensor, got ", dtype_name(t.dtype()), shape_str(t.shape()));
}

// Deterministic test inputs: uniform in [lo, hi) (integers: [lo, hi) rounded down).
inline Tensor test_input(DType dt, const Shape& shape, double lo, double hi, uint32_t seed) {
  Tensor t = Tensor::empty(dt, shape);
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = t.data<T>();
    for (int64_t i = 0; i < t.size(); ++i) {
      double v = u(gen);
      if constexpr (std::is_same_v<T, uint8_t>) p[i] = v >= 0.5;
      else if constexpr (std::is_same_v<T, int32_t>) p[i] = static_cast<int32_t>(std::floor(v));
      else p[i] = static_cast<T>(v);
    }
  });
  return t;
}

// Float inputs of a case converted to float64 for the reference; other dtypes unchanged.
inline Tensor to_reference(const Tensor& t) {
  return t.dtype() == DType::f32 ? cast_to(t, DType::f64) : t;
}

// Fills an op's table entry (its name is preset) and returns it, for per-op tweaks (rtol, atol).
[[gnu::always_inline]] inline OpDef& define_op(OpId id, int num_inputs, std::vector<AttrSpec> attrs, ForwardFn forward,
                        ForwardFn reference, std::vector<TestCase> (*cases)(), const char* doc) {
  OpDef& d = entry(id);
  d.num_inputs = num_inputs;
  d.attrs = std::move(attrs);
  d.forward = forward;
  d.reference = reference;
  d.cases = TP_CASES(cases);
  d.doc = doc;
  return d;
}

// Copies src into dst (same shape and dtype, any layouts, dst not overlapping src), moving
// contiguous runs with memcpy.
inline void copy_view(const Tensor& src, const Tensor& dst) {
  kernels::copy_strided(dst.raw(), dst.strides().data(), src.raw(), src.strides().data(),
                        src.shape().data(), src.rank(), dtype_size(src.dtype()));
}

// Writes v at storage position `pos` of t (relative to its offset), converted to t's dtype:
// int32 truncates toward zero, bool is v != 0.
inline void set_from_double(const Tensor& t, int64_t pos, double v) {
  dispatch(t.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, uint8_t>) t.data<T>()[pos] = v != 0;
    else t.data<T>()[pos] = static_cast<T>(v);
  });
}

// Non-contiguous views of `shape` holding test_input values, to feed kernels strided inputs:
// 'T' transposed layout, 'S' every other element of the last dim at offset 1, 'R' first dim
// reversed.
inline Tensor test_view(char kind, DType dt, const Shape& shape, double lo, double hi,
                        uint32_t seed) {
  int r = static_cast<int>(shape.size());
  if (r == 0) return test_input(dt, shape, lo, hi, seed);
  if (kind == 'T') {
    Shape rev(shape.rbegin(), shape.rend());
    Tensor base = test_input(dt, rev, lo, hi, seed);
    return base.view(shape, Strides(base.strides().rbegin(), base.strides().rend()), 0);
  }
  if (kind == 'S') {
    Shape wide = shape;
    wide[r - 1] = 2 * shape[r - 1] + 1;
    Tensor base = test_input(dt, wide, lo, hi, seed);
    Strides st = base.strides();
    st[r - 1] = 2;
    return base.view(shape, st, 1);
  }
  Tensor base = test_input(dt, shape, lo, hi, seed);
  Strides st = base.strides();
  int64_t off = shape[0] > 0 ? (shape[0] - 1) * st[0] : 0;
  st[0] = -st[0];
  return base.view(shape, st, off);
}

// Marks an op differentiable with its reverse- and forward-mode rules.
inline void set_rules(OpId id, VjpFn vjp, JvpFn jvp) {
  OpDef& d = entry(id);
  d.differentiable = Differentiable::kYes;
  d.vjp = vjp;
  d.jvp = jvp;
}

// Reverse-mode rule of a single-output op linear in input `Data`, from its adjoint
// back(g, inputs, attrs): the other inputs (indices) get no gradient, and so does everything when
// g is undefined (zeros).
template <Tensor (*Back)(const Tensor& g, const Tensors& in, const Attrs& at), int Data = 0>
Tensors linear_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  Tensors grads(in.size());
  if (g[0].defined()) grads[Data] = Back(g[0], in, at);
  return grads;
}

// Forward-mode rule of an op linear in input `Data` (layout and indexing ops): the op itself
// applied to that input's tangent, other inputs and attributes unchanged.
template <OpId Id, int Data = 0>
Tensors linear_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  if (!t[Data].defined()) return Tensors(out.size());
  Tensors args = in;
  args[Data] = t[Data];
  return call_op(Id, args, at);
}

}  // namespace tensorpad::ops_detail
