#pragma once
// Double-precision references of the op table, written on xtensor: NumPy semantics from a
// library of their own, independent of the kernels they check. Native test builds only.
//
// How a reference is written (see unary.cpp or binary.cpp for the pattern):
//   - Inside `#if TENSORPAD_REFERENCES ... #endif` in the op's family file, and registered with
//     `d.reference = TP_REFERENCE(my_reference);` (common.h), which is nullptr where references
//     are off (the WASM build), so xtensor never reaches the engine shipped to users.
//   - Inputs in: ref::to_xarray(t) gives any tensor (any dtype, any layout, views included) as a
//     row-major xt::xarray<double> (to_xarray<int64_t> for indices).
//   - Compute with xtensor's NumPy-like API: broadcasting arithmetic, xt::where, xt::sum/amax
//     over axes, xt::view / xt::strided_view, xt::transpose, xt::concatenate, xt::sort... Never
//     with core/kernels or the shape-planning helpers of the ops (broadcast_strides, Loop,
//     copy_view): a shared misconception would then pass both sides.
//   - State the op's convention where NumPy's differs (int32 division by zero, NaN in max...)
//     explicitly in the reference, not in a conversion.
//   - Result out: ref::to_tensor(expr, ref::result_dtype(dt)): float64 for floating results,
//     the op's own dtype for int32 and bool. The harness compares it with the float32 kernel.
//   - Argument validation is the op's job; a reference may assume a valid case.
#if !TENSORPAD_REFERENCES
#error "reference.h is for builds with TENSORPAD_REFERENCES on (the native build)"
#endif

#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xbuilder.hpp>
#include <xtensor/xdynamic_view.hpp>
#include <xtensor/xindex_view.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xmath.hpp>
#include <xtensor/xpad.hpp>
#include <xtensor/xsort.hpp>
#include <xtensor/xstrided_view.hpp>
#include <xtensor/xview.hpp>

#include "../error.h"
#include "../tensor.h"

namespace tensorpad::ref {

using Array = xt::xarray<double>;
using XShape = std::vector<size_t>;

// The dtype a reference returns for an op result of dtype `dt`: float64 for floating types,
// else `dt` itself.
inline DType result_dtype(DType dt) { return is_floating(dt) ? DType::f64 : dt; }

// Shape of a tensor as xtensor takes it, and back.
XShape xshape(const Shape& s);
template <class E> Shape shape_of(const xt::xexpression<E>& e);

// Every logical element of `t` (any dtype and layout; bool as 0/1) in row-major order.
template <class T = double> xt::xarray<T> to_xarray(const Tensor& t);

// A contiguous tensor of dtype `dt` holding the evaluated expression: floats rounded to `dt`,
// int32 truncated toward zero and wrapped modulo 2^32 (int32 arithmetic wraps around; a
// non-finite value is an error in the reference), bool is "nonzero".
template <class E> Tensor to_tensor(const xt::xexpression<E>& e, DType dt);

// Axis attribute in [-rank, rank) to a dimension index.
inline size_t axis_index(int64_t axis, size_t rank) {
  return static_cast<size_t>(axis < 0 ? axis + static_cast<int64_t>(rank) : axis);
}

// Slices for xt::strided_view: `s` along dimension `axis`, everything along the others.
inline xt::xstrided_slice_vector along(size_t rank, size_t axis,
                                       xt::xstrided_slice<std::ptrdiff_t> s) {
  xt::xstrided_slice_vector v(rank, xt::all());
  v[axis] = s;
  return v;
}

// ---- implementation ----

inline XShape xshape(const Shape& s) { return XShape(s.begin(), s.end()); }

template <class E> Shape shape_of(const xt::xexpression<E>& e) {
  const auto& s = e.derived_cast().shape();
  Shape out;
  for (auto d : s) out.push_back(static_cast<int64_t>(d));
  return out;
}

template <class T> xt::xarray<T> to_xarray(const Tensor& t) {
  xt::xarray<T> a = xt::xarray<T>::from_shape(xshape(t.shape()));
  // Walks the tensor's own strides from its first element, independent of the kernels' copies.
  dispatch(t.dtype(), [&](auto tag) {
    using S = typename decltype(tag)::type;
    const S* base = t.data<S>();
    const int r = t.rank();
    std::vector<int64_t> idx(r, 0);
    for (size_t k = 0; k < a.size(); ++k) {
      int64_t pos = 0;
      for (int d = 0; d < r; ++d) pos += idx[d] * t.strides()[d];
      a.data()[k] = static_cast<T>(base[pos]);
      for (int d = r; d-- > 0;) {
        if (++idx[d] < t.shape()[d]) break;
        idx[d] = 0;
      }
    }
  });
  return a;
}

template <class E> Tensor to_tensor(const xt::xexpression<E>& e, DType dt) {
  const xt::xarray<double> a = xt::eval(xt::cast<double>(e.derived_cast()));
  Tensor t = Tensor::empty(dt, shape_of(a));
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = t.data<T>();
    for (size_t k = 0; k < a.size(); ++k) {
      const double v = a.data()[k];
      if constexpr (std::is_same_v<T, uint8_t>) {
        p[k] = v != 0;
      } else if constexpr (std::is_same_v<T, int32_t>) {
        if (!std::isfinite(v)) fail("reference: non-finite value ", v, " for an int32 result");
        p[k] = static_cast<int32_t>(static_cast<uint32_t>(static_cast<int64_t>(std::trunc(v))));
      } else {
        p[k] = static_cast<T>(v);
      }
    }
  });
  return t;
}

}  // namespace tensorpad::ref
