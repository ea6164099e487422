#pragma once
// Helpers shared by the op family files: argument checks with op-named messages, test-input
// generators for the harness, and slow index loops for the double-precision references.
#include <cstdint>
#include <random>

#include "../error.h"
#include "../kernels/index_copy.h"
#include "op.h"

// An op's double-precision reference (core/ops/reference.h), compiled only where
// TENSORPAD_REFERENCES is on (native builds with tests); elsewhere the table holds nullptr.
#if TENSORPAD_REFERENCES
#define TP_REFERENCE(fn) (fn)
#else
#define TP_REFERENCE(fn) nullptr
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

// Calls f(index) for every multi-index of `shape` in row-major order.
template <class F> void for_each_index(const Shape& shape, F&& f) {
  std::vector<int64_t> idx(shape.size(), 0);
  int64_t n = shape_size(shape);
  for (int64_t k = 0; k < n; ++k) {
    f(static_cast<const std::vector<int64_t>&>(idx));
    for (size_t d = shape.size(); d-- > 0;) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
}

// Element position of a multi-index in a tensor, honouring broadcasting of trailing dims.
inline int64_t element_pos(const Tensor& t, const std::vector<int64_t>& idx) {
  int64_t pos = 0;
  size_t lead = idx.size() - t.shape().size();
  for (size_t i = 0; i < t.shape().size(); ++i)
    if (t.shape()[i] != 1) pos += idx[lead + i] * t.strides()[i];
  return pos;
}

inline double get_as_double(const Tensor& t, const std::vector<int64_t>& idx) {
  int64_t pos = element_pos(t, idx);
  return dispatch(t.dtype(), [&](auto tag) -> double {
    using T = typename decltype(tag)::type;
    return static_cast<double>(t.data<T>()[pos]);
  });
}

// Fills an op's table entry (its name is preset) and returns it, for per-op tweaks (rtol, atol).
inline OpDef& define_op(OpId id, int num_inputs, std::vector<AttrSpec> attrs, ForwardFn forward,
                        ForwardFn reference, std::vector<TestCase> (*cases)(), const char* doc) {
  OpDef& d = entry(id);
  d.num_inputs = num_inputs;
  d.attrs = std::move(attrs);
  d.forward = forward;
  d.reference = reference;
  d.cases = cases;
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

// For references: a contiguous tensor whose element at each multi-index is f(index), visited in
// row-major order and converted like set_from_double.
template <class F> Tensor ref_tensor(DType dt, const Shape& shape, F&& f) {
  Tensor out = Tensor::empty(dt, shape);
  int64_t k = 0;
  for_each_index(shape,
                 [&](const std::vector<int64_t>& idx) { set_from_double(out, k++, f(idx)); });
  return out;
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
