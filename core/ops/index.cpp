// Assembling and indexing ops: concat, stack, split, tile, pad, gather, gatherND, scatterND,
// oneHot, unsortedSegmentSum, tensorScatterUpdate. They return new contiguous tensors; contiguous
// runs move with memcpy (a gather of rows of a [vocab, dim] table is one memcpy per row). All but
// oneHot are linear in their float input: each VJP applies the op's adjoint to the gradient
// (int32 indices get none) and each JVP the op itself to the tangent.
#include <algorithm>
#include <cstring>
#include <random>

#include "api.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

using Ints = std::vector<int64_t>;
constexpr DType kAllDTypes[] = {DType::f32, DType::f64, DType::i32, DType::b8};
// With int32 indices among the inputs the harness expects float32 results, so float64 data is
// covered by tests/cpp/shape_ops_test.cpp instead.
constexpr DType kMixedDTypes[] = {DType::f32, DType::i32, DType::b8};

int64_t prod(const Shape& s, size_t from, size_t to) {
  int64_t n = 1;
  for (size_t i = from; i < to; ++i) n *= s[i];
  return n;
}

Shape concat_shapes(Shape a, const Shape& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// "[1,2]": the multi-index of flat position `flat` in `shape`, for error messages.
std::string index_str(const Shape& shape, int64_t flat) {
  Ints idx(shape.size());
  for (size_t i = shape.size(); i-- > 0;) idx[i] = flat % shape[i], flat /= shape[i];
  return shape_str(idx);
}

void require_int32(const char* op, const char* what, const Tensor& t) {
  if (t.dtype() != DType::i32)
    fail(op, ": ", what, " must be int32, got ", dtype_name(t.dtype()), shape_str(t.shape()));
}

template <class F>
void with_value(DType dt, double v, F&& f) {
  dispatch(dt, [&](auto tag) {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_same_v<T, uint8_t>)
      f(static_cast<T>(v != 0));
    else
      f(static_cast<T>(v));
  });
}

// A new tensor filled with v converted to dt (int32 truncates toward zero, bool is v != 0).
Tensor filled(DType dt, const Shape& s, double v) {
  Tensor t = Tensor::empty(dt, s);
  with_value(dt, v, [&](auto value) {
    using T = decltype(value);
    std::fill_n(t.data<T>(), t.size(), value);
  });
  return t;
}

// All inputs share dtype and rank and agree on every dim except `skip` (-1: on all dims).
void check_same_shapes(const char* op, const Tensors& in, int skip, int axis) {
  const Tensor& a = in[0];
  for (size_t k = 1; k < in.size(); ++k) {
    const Tensor& b = in[k];
    require_dtype_match(op, a, b);
    bool ok = a.rank() == b.rank();
    for (int d = 0; ok && d < a.rank(); ++d) ok = d == skip || a.dim(d) == b.dim(d);
    if (!ok)
      fail(op, ": along axis ", axis, ", input 0 of shape ", shape_str(a.shape()), " and input ", k,
           " of shape ", shape_str(b.shape()), skip >= 0 ? " differ outside the axis" : " differ");
  }
}

// Copies each input into out at successive offsets along `axis`; when `stacked`, each input
// fills one index of that (new) axis.
void assemble(const Tensors& in, const Tensor& out, int axis, bool stacked) {
  Strides ps = out.strides();
  int64_t step = ps[axis];
  if (stacked) ps.erase(ps.begin() + axis);
  int64_t off = 0;
  for (const Tensor& t : in) {
    copy_view(t, out.view(t.shape(), ps, off * step));
    off += stacked ? 1 : t.dim(axis);
  }
}

Tensors concat_forward(const Tensors& in, const Attrs& at) {
  const Tensor& a = in[0];
  if (a.rank() == 0) fail("concat: cannot concatenate scalars (rank 0 inputs); use stack");
  int axis = normalize_axis("concat", at.i("axis"), a.rank());
  check_same_shapes("concat", in, axis, axis);
  Shape s = a.shape();
  s[axis] = 0;
  for (const Tensor& t : in) s[axis] += t.dim(axis);
  Tensor out = Tensor::empty(a.dtype(), s);
  assemble(in, out, axis, false);
  return {out};
}

Tensors stack_forward(const Tensors& in, const Attrs& at) {
  const Tensor& a = in[0];
  int axis = normalize_axis("stack", at.i("axis"), a.rank() + 1);
  check_same_shapes("stack", in, -1, axis);
  Shape s = a.shape();
  s.insert(s.begin() + axis, static_cast<int64_t>(in.size()));
  Tensor out = Tensor::empty(a.dtype(), s);
  assemble(in, out, axis, true);
  return {out};
}

// g[begin:end] along `axis`, a view; with `shrink`, index `begin` with the axis dropped.
Tensor axis_slice(const Tensor& g, int axis, int64_t begin, int64_t end, bool shrink = false) {
  ops::SliceSpec s;
  s.begin.assign(axis + 1, 0);
  s.end.assign(axis + 1, 0);
  s.strides.assign(axis + 1, 1);
  s.begin[axis] = begin;
  s.end[axis] = end;
  s.beginMask = s.endMask = (int64_t{1} << axis) - 1;
  if (shrink) s.shrinkAxisMask = int64_t{1} << axis;
  return ops::stridedSlice(g, s);
}

// Each input's gradient is its own part of g: a slice along the axis (concat) or one index of the
// new axis (stack).
template <bool Stacked>
Tensors join_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  Tensors grads(in.size());
  if (!g[0].defined()) return grads;
  int axis = normalize_axis(Stacked ? "stack" : "concat", at.i("axis"), g[0].rank());
  int64_t start = 0;
  for (size_t k = 0; k < in.size(); ++k) {
    int64_t n = Stacked ? 1 : in[k].dim(axis);
    grads[k] = axis_slice(g[0], axis, start, start + n, Stacked);
    start += n;
  }
  return grads;
}

// `t` with zeros shaped like `like` for its undefined entries; empty when all are undefined.
Tensors fill_missing(const Tensors& t, const Tensors& like) {
  if (std::none_of(t.begin(), t.end(), [](const Tensor& e) { return e.defined(); })) return {};
  Tensors out(t.size());
  for (size_t k = 0; k < t.size(); ++k) out[k] = ops::or_zeros(t[k], like[k]);
  return out;
}

// The op on the tangents, zeros standing in for undefined ones.
template <OpId Id>
Tensors join_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  Tensors ts = fill_missing(t, in);
  if (ts.empty()) return {Tensor()};
  return call_op(Id, ts, at);
}

#if TENSORPAD_REFERENCES
Tensors concat_reference(const Tensors& in, const Attrs& at) {
  ref::Array r = ref::to_xarray(in[0]);
  const size_t axis = ref::axis_index(at.i("axis"), r.dimension());
  for (size_t k = 1; k < in.size(); ++k)
    r = xt::concatenate(xt::xtuple(r, ref::to_xarray(in[k])), axis);
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

#if TENSORPAD_REFERENCES
Tensors stack_reference(const Tensors& in, const Attrs& at) {
  const size_t axis = ref::axis_index(at.i("axis"), in[0].shape().size() + 1);
  ref::Array r = xt::expand_dims(ref::to_xarray(in[0]), axis);
  for (size_t k = 1; k < in.size(); ++k)
    r = xt::concatenate(xt::xtuple(r, xt::expand_dims(ref::to_xarray(in[k]), axis)), axis);
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

// One entry n: n equal parts. Several: the part sizes, one of which may be -1 (the rest).
Ints split_sizes(const Tensor& x, int axis, const Ints& spec) {
  const int64_t dim = x.dim(axis);
  auto bad = [&](const char* why) {
    fail("split: cannot split axis ", axis, " of size ", dim, " in shape ", shape_str(x.shape()),
         " with numOrSizeSplits ", shape_str(spec), ": ", why);
  };
  if (spec.empty()) bad("it is empty");
  if (spec.size() == 1) {
    if (spec[0] <= 0 || dim % spec[0] != 0) bad("not a positive divisor of the size");
    return Ints(spec[0], dim / spec[0]);
  }
  Ints sizes = spec;
  int64_t known = 0, unknown = -1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && unknown < 0)
      unknown = static_cast<int64_t>(i);
    else if (sizes[i] < 0)
      bad("a size is negative (only one -1 is allowed)");
    else
      known += sizes[i];
  }
  if (unknown >= 0 && known <= dim) sizes[unknown] = dim - known, known = dim;
  if (known != dim) bad("the sizes do not add up to the axis size");
  return sizes;
}

Tensors split_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  int axis = normalize_axis("split", at.i("axis"), x.rank());
  Tensors outs;
  int64_t start = 0;
  for (int64_t size : split_sizes(x, axis, at.ints("numOrSizeSplits"))) {
    Shape s = x.shape();
    s[axis] = size;
    Tensor out = Tensor::empty(x.dtype(), s);
    copy_view(x.view(s, x.strides(), x.offset() + start * x.strides()[axis]), out);
    outs.push_back(out);
    start += size;
  }
  return outs;
}

// The parts' gradients joined back, zeros for parts without one.
Tensors split_vjp(const Tensors&, const Tensors& out, const Tensors& g, const Attrs& at) {
  Tensors parts = fill_missing(g, out);
  if (parts.empty()) return {Tensor()};
  return {ops::concat(parts, at.i("axis"))};
}

#if TENSORPAD_REFERENCES
// One entry n: n equal parts; several: the sizes, a -1 taking what the others leave.
Tensors split_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  const size_t axis = ref::axis_index(at.i("axis"), x.dimension());
  const auto dim = static_cast<std::ptrdiff_t>(x.shape()[axis]);
  Ints sizes = at.ints("numOrSizeSplits");
  if (sizes.size() == 1) sizes = Ints(sizes[0], dim / sizes[0]);
  std::ptrdiff_t rest = dim;
  for (int64_t v : sizes) rest -= v == -1 ? 0 : v;
  Tensors outs;
  std::ptrdiff_t start = 0;
  for (int64_t v : sizes) {
    const std::ptrdiff_t n = v == -1 ? rest : v;
    outs.push_back(ref::to_tensor(
        xt::strided_view(x, ref::along(x.dimension(), axis, xt::range(start, start + n))),
        ref::result_dtype(in[0].dtype())));
    start += n;
  }
  return outs;
}
#endif

Tensors tile_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const Ints& reps = at.ints("reps");
  bool ok = static_cast<int>(reps.size()) == x.rank();
  for (int64_t r : reps) ok = ok && r >= 0;
  if (!ok)
    fail("tile: reps ", shape_str(reps), " must have one non-negative entry per axis of shape ",
         shape_str(x.shape()));
  Shape s = x.shape(), pairs, src_strides;
  for (int d = 0; d < x.rank(); ++d) {
    s[d] *= reps[d];
    pairs.insert(pairs.end(), {reps[d], x.dim(d)});
    src_strides.insert(src_strides.end(), {0, x.strides()[d]});
  }
  // out viewed as [reps0, dim0, reps1, dim1, ...] is x broadcast along every reps axis.
  Tensor out = Tensor::empty(x.dtype(), s);
  Strides dst_strides = contiguous_strides(pairs);
  kernels::copy_strided(out.raw(), dst_strides.data(), x.raw(), src_strides.data(), pairs.data(),
                        static_cast<int>(pairs.size()), dtype_size(x.dtype()));
  return {out};
}

// Sums the tiles: along each repeated axis d, g read as [before, reps[d], dim d, after] is summed
// over the reps (one axis at a time keeps the rank at 4).
Tensor tile_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const Ints& reps = at.ints("reps");
  Tensor r = g;
  Shape cur = g.shape();
  for (int d = 0; d < x.rank(); ++d) {
    if (reps[d] == 1) continue;
    r = ops::sum(
        ops::reshape(r, {prod(cur, 0, d), reps[d], x.dim(d), prod(cur, d + 1, cur.size())}), {1});
    cur[d] = x.dim(d);
  }
  return ops::reshape(r, x.shape());
}

#if TENSORPAD_REFERENCES
Tensors tile_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  std::vector<size_t> reps(at.ints("reps").begin(), at.ints("reps").end()), shape;
  for (size_t d = 0; d < reps.size(); ++d) shape.push_back(x.shape()[d] * reps[d]);
  // xt::tile cannot make an empty result (a 0 in reps), which numpy.tile allows.
  const DType dt = ref::result_dtype(in[0].dtype());
  if (x.dimension() == 0) return {ref::to_tensor(x, dt)};
  if (xt::prod(xt::adapt(shape))() == 0) return {ref::to_tensor(ref::Array::from_shape(shape), dt)};
  return {ref::to_tensor(xt::tile(x, reps), dt)};
}
#endif

enum PadMode { kConstant = 0, kReflect = 1, kSymmetric = 2 };

// Like tf.pad: constant fills with constantValue (converted to x's dtype); reflect mirrors
// without repeating the edge (paddings <= dim - 1); symmetric mirrors including it (<= dim).
Tensors pad_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const Ints& p = at.ints("paddings");
  const int64_t mode = at.i("mode");
  const int r = x.rank();
  if (mode < 0 || mode > 2)
    fail("pad: mode ", mode, " is not 0 (constant), 1 (reflect) or 2 (symmetric)");
  if (static_cast<int>(p.size()) != 2 * r)
    fail("pad: paddings ", shape_str(p), " must hold a (before, after) pair per axis of shape ",
         shape_str(x.shape()));
  Shape s = x.shape();
  int64_t interior = 0;
  for (int d = 0; d < r; ++d) {
    // Zero padding is always valid, even on an empty axis.
    int64_t limit =
        mode == kConstant ? INT64_MAX : std::max<int64_t>(0, x.dim(d) - (mode == kReflect));
    if (p[2 * d] < 0 || p[2 * d + 1] < 0 || p[2 * d] > limit || p[2 * d + 1] > limit)
      fail("pad: paddings ", shape_str(p), " are invalid for axis ", d, " of shape ",
           shape_str(x.shape()),
           mode == kConstant  ? " (must be >= 0)"
           : mode == kReflect ? " in reflect mode (0 <= padding <= size - 1)"
                              : " in symmetric mode (0 <= padding <= size)");
    s[d] += p[2 * d] + p[2 * d + 1];
  }
  Tensor out =
      mode == kConstant ? filled(x.dtype(), s, at.f("constantValue")) : Tensor::empty(x.dtype(), s);
  for (int d = 0; d < r; ++d) interior += p[2 * d] * out.strides()[d];
  copy_view(x, out.view(x.shape(), out.strides(), interior));
  if (mode == kConstant || out.size() == 0) return {out};
  // Mirror axis by axis: when axis d is done, the slabs copied along it already span the padded
  // extent of the axes before it and the interior of the axes after it.
  for (int d = 0; d < r; ++d) {
    const int64_t before = p[2 * d], n = x.dim(d), edge = mode == kReflect ? 0 : 1;
    Shape slab = s;
    slab[d] = 1;
    int64_t base = 0;
    for (int k = d + 1; k < r; ++k) slab[k] = x.dim(k), base += p[2 * k] * out.strides()[k];
    auto copy_slab = [&](int64_t from, int64_t to) {
      copy_view(out.view(slab, out.strides(), base + from * out.strides()[d]),
                out.view(slab, out.strides(), base + to * out.strides()[d]));
    };
    for (int64_t j = 0; j < before; ++j) copy_slab(before + before - j - edge, j);
    for (int64_t j = 0; j < p[2 * d + 1]; ++j) copy_slab(before + n - 2 + edge - j, before + n + j);
  }
  return {out};
}

// t placed at [start, start + its size) of a zero-filled `axis` of size n.
Tensor place(const Tensor& t, int axis, int64_t start, int64_t n) {
  Ints p(2 * static_cast<size_t>(t.rank()), 0);
  p[2 * axis] = start;
  p[2 * axis + 1] = n - start - t.dim(axis);
  return ops::pad(t, p);
}

// The interior of g, plus in reflect/symmetric mode the mirrored borders added back onto the
// elements they copy, axis by axis (padding is separable). Along an axis of size n, border
// position j before the interior copied element before - j (reflect) or before - 1 - j
// (symmetric), so the reversed border lands at offset 1 (0); the reversed border after lands at
// n - 1 - after (n - after).
Tensor pad_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const Ints& p = at.ints("paddings");
  const int64_t mode = at.i("mode");
  if (mode == kConstant) {
    ops::SliceSpec s;
    for (int d = 0; d < x.rank(); ++d) {
      s.begin.push_back(p[2 * d]);
      s.end.push_back(p[2 * d] + x.dim(d));
      s.strides.push_back(1);
    }
    return ops::stridedSlice(g, s);
  }
  const int64_t edge = mode == kSymmetric;
  Tensor r = g;
  for (int d = 0; d < x.rank(); ++d) {
    const int64_t before = p[2 * d], after = p[2 * d + 1], n = x.dim(d);
    if (before == 0 && after == 0) continue;
    Tensor acc = axis_slice(r, d, before, before + n);
    if (before > 0)
      acc = ops::add(acc, place(ops::reverse(axis_slice(r, d, 0, before), {d}), d, 1 - edge, n));
    if (after > 0)
      acc = ops::add(acc, place(ops::reverse(axis_slice(r, d, before + n, before + n + after), {d}),
                                d, n - 1 - after + edge, n));
    r = acc;
  }
  return r;
}

// Padding the tangent pads with zeros, whatever constantValue is.
Tensors pad_jvp(const Tensors& in, const Tensors& out, const Tensors& t, const Attrs& at) {
  Attrs zero_fill = at;
  zero_fill.set("constantValue", 0.0);
  return linear_jvp<OpId::pad>(in, out, t, zero_fill);
}

#if TENSORPAD_REFERENCES
// numpy.pad: constant, reflect and symmetric are its modes of the same names.
Tensors pad_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  const Ints& p = at.ints("paddings");
  std::vector<std::vector<size_t>> widths;
  for (size_t d = 0; d < x.dimension(); ++d)
    widths.push_back({static_cast<size_t>(p[2 * d]), static_cast<size_t>(p[2 * d + 1])});
  const int64_t mode = at.i("mode");
  const xt::pad_mode m = mode == kConstant  ? xt::pad_mode::constant
                         : mode == kReflect ? xt::pad_mode::reflect
                                            : xt::pad_mode::symmetric;
  // A constant is converted to x's dtype first, as the op does.
  const double value = ref::to_tensor(ref::Array(at.f("constantValue")), in[0].dtype()).item();
  const DType dt = ref::result_dtype(in[0].dtype());
  if (x.dimension() == 0) return {ref::to_tensor(x, dt)};
  return {ref::to_tensor(xt::pad(x, widths, m, value), dt)};
}
#endif

// Like tf.gather: out = x.shape[:axis] + indices.shape[batchDims:] + x.shape[axis+1:]; the
// first batchDims dims of x and indices are batch dims that must agree. Indices must lie in
// [0, x.shape[axis]) (an error otherwise, as on TF's CPU).
Tensors gather_forward(const Tensors& in, const Attrs& at) {
  const char* op = "gather";
  const Tensor &x = in[0], &indices = in[1];
  require_int32(op, "indices", indices);
  const int ri = indices.rank();
  int64_t bd = at.i("batchDims");
  bd = bd < 0 ? bd + ri : bd;
  if (bd < 0 || bd > ri)
    fail(op, ": batchDims ", at.i("batchDims"), " is out of range for indices of shape ",
         shape_str(indices.shape()));
  const int axis = normalize_axis(op, at.i("axis"), x.rank());
  if (bd > axis) fail(op, ": batchDims ", bd, " must not exceed axis ", axis);
  for (int d = 0; d < bd; ++d)
    if (x.dim(d) != indices.dim(d))
      fail(op, ": batch dimension ", d, " differs between x of shape ", shape_str(x.shape()),
           " and indices of shape ", shape_str(indices.shape()));
  const Shape& xs = x.shape();
  Shape s(xs.begin(), xs.begin() + axis);
  s.insert(s.end(), indices.shape().begin() + bd, indices.shape().end());
  s.insert(s.end(), xs.begin() + axis + 1, xs.end());
  const int64_t batch = prod(xs, 0, bd), outer = prod(xs, bd, axis), size = xs[axis],
                n = prod(indices.shape(), bd, ri), inner = prod(xs, axis + 1, xs.size());
  Tensor ic = indices.contiguous();
  const int32_t* ip = ic.data<int32_t>();
  for (int64_t i = 0; i < batch * n; ++i)
    if (ip[i] < 0 || ip[i] >= size)
      fail(op, ": index ", ip[i], " at indices", index_str(indices.shape(), i),
           " is out of range for axis ", axis, " of size ", size, " in x of shape ", shape_str(xs));
  std::vector<int64_t> rows;
  rows.reserve(static_cast<size_t>(batch * outer * n));
  for (int64_t b = 0; b < batch; ++b)
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < n; ++j) rows.push_back((b * outer + o) * size + ip[b * n + j]);
  Tensor out = Tensor::empty(x.dtype(), s);
  Tensor xc = x.contiguous();
  kernels::gather_runs(out.raw(), xc.raw(), rows.data(), static_cast<int64_t>(rows.size()),
                       static_cast<size_t>(inner) * dtype_size(x.dtype()));
  return {out};
}

// Rows of g are added back where they were read (repeated indices sum): x viewed as
// [batch, outer, size, inner] receives one scatterND into [batch * size, outer, inner], the batch
// folded into the row numbers.
Tensor gather_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  const Tensor &x = in[0], &indices = in[1];
  const int ri = indices.rank();
  const int64_t bd = at.i("batchDims") < 0 ? at.i("batchDims") + ri : at.i("batchDims");
  const int axis = normalize_axis("gather", at.i("axis"), x.rank());
  const Shape& xs = x.shape();
  const int64_t batch = prod(xs, 0, bd), outer = prod(xs, bd, axis), size = xs[axis],
                n = prod(indices.shape(), bd, ri), inner = prod(xs, axis + 1, xs.size());
  Tensor rows = ops::reshape(indices, {batch, n});
  if (batch > 1) {
    Tensor first = ops::mul(ops::range(0, static_cast<double>(batch), 1, DType::i32), size);
    rows = ops::add(rows, ops::reshape(first, {batch, 1}));
  }
  Tensor updates = ops::transpose(ops::reshape(g, {batch, outer, n, inner}), {0, 2, 1, 3});
  Tensor sums = ops::scatterND(ops::reshape(rows, {batch * n, 1}),
                               ops::reshape(updates, {batch * n, outer, inner}),
                               {batch * size, outer, inner});
  return ops::reshape(ops::transpose(ops::reshape(sums, {batch, size, outer, inner}), {0, 2, 1, 3}),
                      xs);
}

#if TENSORPAD_REFERENCES
// tf.gather as numpy.take along `axis`, once per batch element when batchDims > 0.
ref::Array take(const ref::Array& x, const xt::xarray<int64_t>& idx, size_t axis) {
  std::vector<size_t> shape(x.shape().begin(), x.shape().begin() + axis);
  shape.insert(shape.end(), idx.shape().begin(), idx.shape().end());
  shape.insert(shape.end(), x.shape().begin() + axis + 1, x.shape().end());
  ref::Array r = ref::Array::from_shape(shape);
  if (r.size() == 0) return r;
  xt::xdynamic_slice_vector sv(x.dimension(), xt::all());
  sv[axis] = xt::keep(std::vector<std::ptrdiff_t>(idx.begin(), idx.end()));
  return xt::reshape_view(xt::eval(xt::dynamic_view(x, sv)), shape);
}

Tensors gather_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  const xt::xarray<int64_t> idx = ref::to_xarray<int64_t>(in[1]);
  const size_t bd = ref::axis_index(at.i("batchDims"), idx.dimension());
  const size_t axis = ref::axis_index(at.i("axis"), x.dimension());
  size_t batch = 1;
  for (size_t d = 0; d < bd; ++d) batch *= x.shape()[d];
  // Batch dims flattened into one: x [batch, x.shape[bd:]], indices [batch, indices.shape[bd:]].
  auto fold = [&](auto shape) {
    std::vector<size_t> s{batch};
    s.insert(s.end(), shape.begin() + bd, shape.end());
    return s;
  };
  const ref::Array xb = xt::reshape_view(x, fold(x.shape()));
  const xt::xarray<int64_t> ib = xt::reshape_view(idx, fold(idx.shape()));
  std::vector<size_t> shape(x.shape().begin(), x.shape().begin() + axis);
  shape.insert(shape.end(), idx.shape().begin() + bd, idx.shape().end());
  shape.insert(shape.end(), x.shape().begin() + axis + 1, x.shape().end());
  ref::Array r = ref::Array::from_shape(fold(std::vector<size_t>(shape)));
  for (size_t b = 0; b < batch; ++b) {
    const xt::xstrided_slice_vector row{static_cast<std::ptrdiff_t>(b), xt::ellipsis()};
    xt::strided_view(r, row) =
        take(xt::strided_view(xb, row), xt::strided_view(ib, row), axis - bd);
  }
  r.reshape(shape);
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

// Rows of a [prod(shape[:k]), prod(shape[k:])] view addressed by the index tuples in the last
// dim of `indices` (k = its size); every tuple is checked against `shape`.
std::vector<int64_t> nd_rows(const char* op, const Tensor& indices, const Shape& shape,
                             const char* target) {
  require_int32(op, "indices", indices);
  if (indices.rank() == 0 || indices.dim(indices.rank() - 1) > static_cast<int64_t>(shape.size()))
    fail(op, ": indices of shape ", shape_str(indices.shape()),
         " need rank >= 1 and a last dim <= the rank of ", target, " shape ", shape_str(shape));
  const Shape lead(indices.shape().begin(), indices.shape().end() - 1);
  const int64_t k = indices.dim(indices.rank() - 1), count = shape_size(lead);
  Tensor ic = indices.contiguous();
  const int32_t* ip = ic.data<int32_t>();
  std::vector<int64_t> rows(static_cast<size_t>(count), 0);
  for (int64_t i = 0; i < count; ++i) {
    for (int64_t c = 0; c < k; ++c) {
      int64_t v = ip[i * k + c];
      if (v < 0 || v >= shape[c])
        fail(op, ": index ", shape_str(Ints(ip + i * k, ip + i * k + k)), " at indices",
             index_str(lead, i), " is out of range for ", target, " shape ", shape_str(shape));
      rows[i] = rows[i] * shape[c] + v;
    }
  }
  return rows;
}

Tensors gather_nd_forward(const Tensors& in, const Attrs&) {
  const Tensor &x = in[0], &indices = in[1];
  std::vector<int64_t> rows = nd_rows("gatherND", indices, x.shape(), "x");
  const size_t k = static_cast<size_t>(indices.dim(indices.rank() - 1));
  Shape s(indices.shape().begin(), indices.shape().end() - 1);
  s.insert(s.end(), x.shape().begin() + k, x.shape().end());
  Tensor out = Tensor::empty(x.dtype(), s);
  Tensor xc = x.contiguous();
  const int64_t run = prod(x.shape(), k, x.shape().size());
  kernels::gather_runs(out.raw(), xc.raw(), rows.data(), static_cast<int64_t>(rows.size()),
                       static_cast<size_t>(run) * dtype_size(x.dtype()));
  return {out};
}

// gatherND and scatterND are each other's adjoints.
Tensor gather_nd_back(const Tensor& g, const Tensors& in, const Attrs&) {
  return ops::scatterND(in[1], g, in[0].shape());
}

#if TENSORPAD_REFERENCES
// x[tuple] for an index tuple shorter than x's rank: the remaining dims whole.
xt::xstrided_slice_vector at_tuple(const xt::xarray<int64_t>& t, size_t row) {
  xt::xstrided_slice_vector sv;
  for (size_t c = 0; c < t.shape()[1]; ++c) sv.push_back(static_cast<std::ptrdiff_t>(t(row, c)));
  sv.push_back(xt::ellipsis());
  return sv;
}

Tensors gather_nd_reference(const Tensors& in, const Attrs&) {
  const ref::Array x = ref::to_xarray(in[0]);
  const Shape& is = in[1].shape();
  const size_t k = static_cast<size_t>(is.back());
  std::vector<size_t> shape(is.begin(), is.end() - 1);
  const size_t count = shape_size(Shape(is.begin(), is.end() - 1));
  shape.insert(shape.end(), x.shape().begin() + k, x.shape().end());
  xt::xarray<int64_t> t = ref::to_xarray<int64_t>(in[1]);
  t.reshape({count, k});
  std::vector<size_t> rows_shape{count};
  rows_shape.insert(rows_shape.end(), x.shape().begin() + k, x.shape().end());
  ref::Array r = ref::Array::from_shape(rows_shape);
  for (size_t i = 0; i < count; ++i)
    xt::strided_view(r, {static_cast<std::ptrdiff_t>(i), xt::ellipsis()}) =
        xt::strided_view(x, at_tuple(t, i));
  r.reshape(shape);
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

// Like tf.scatter_nd: zeros of `shape` with each update added at its index; repeated indices
// sum (bool: OR).
Tensors scatter_nd_forward(const Tensors& in, const Attrs& at) {
  const char* op = "scatterND";
  const Tensor &indices = in[0], &updates = in[1];
  const Shape& shape = at.ints("shape");
  for (int64_t d : shape)
    if (d < 0) fail(op, ": negative dimension in shape ", shape_str(shape));
  std::vector<int64_t> rows = nd_rows(op, indices, shape, "output");
  const size_t k = static_cast<size_t>(indices.dim(indices.rank() - 1));
  Shape want(indices.shape().begin(), indices.shape().end() - 1);
  want.insert(want.end(), shape.begin() + k, shape.end());
  if (updates.shape() != want)
    fail(op, ": updates of shape ", shape_str(updates.shape()), " must have shape ",
         shape_str(want), " for indices of shape ", shape_str(indices.shape()),
         " and output shape ", shape_str(shape));
  Tensor out = Tensor::zeros(updates.dtype(), shape);
  Tensor uc = updates.contiguous();
  const int64_t run = prod(shape, k, shape.size());
  dispatch(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::scatter_add_runs(out.data<T>(), uc.data<T>(), rows.data(),
                              static_cast<int64_t>(rows.size()), run);
  });
  return {out};
}

Tensor scatter_nd_back(const Tensor& g, const Tensors& in, const Attrs&) {
  return ops::gatherND(g, in[0]);
}

#if TENSORPAD_REFERENCES
// Zeros with each update added at its tuple (bool: OR, as "nonzero" of the sum).
Tensors scatter_nd_reference(const Tensors& in, const Attrs& at) {
  const Shape& is = in[0].shape();
  const size_t k = static_cast<size_t>(is.back());
  const size_t count = shape_size(Shape(is.begin(), is.end() - 1));
  xt::xarray<int64_t> t = ref::to_xarray<int64_t>(in[0]);
  t.reshape({count, k});
  ref::Array r = xt::zeros<double>(ref::xshape(at.ints("shape")));
  ref::Array u = ref::to_xarray(in[1]);
  std::vector<size_t> rows_shape{count};
  rows_shape.insert(rows_shape.end(), r.shape().begin() + k, r.shape().end());
  u.reshape(rows_shape);
  for (size_t i = 0; i < count; ++i)
    xt::strided_view(r, at_tuple(t, i)) +=
        xt::strided_view(u, {static_cast<std::ptrdiff_t>(i), xt::ellipsis()});
  return {ref::to_tensor(r, ref::result_dtype(in[1].dtype()))};
}
#endif

// indices.shape + [depth]; an index outside [0, depth) gives an all-off row, like TF.
Tensors one_hot_forward(const Tensors& in, const Attrs& at) {
  const Tensor& indices = in[0];
  require_int32("oneHot", "indices", indices);
  const int64_t depth = at.i("depth"), dt = at.i("dtype");
  if (depth < 0) fail("oneHot: depth must be >= 0, got ", depth);
  if (dt < 0 || dt > 3) fail("oneHot: unknown dtype code ", dt);
  Shape s = indices.shape();
  s.push_back(depth);
  Tensor out = filled(at.dtype("dtype"), s, at.f("offValue"));
  Tensor ic = indices.contiguous();
  const int32_t* ip = ic.data<int32_t>();
  with_value(out.dtype(), at.f("onValue"), [&](auto on) {
    auto* o = out.data<decltype(on)>();
    for (int64_t i = 0; i < indices.size(); ++i)
      if (ip[i] >= 0 && ip[i] < depth) o[i * depth + ip[i]] = on;
  });
  return {out};
}

#if TENSORPAD_REFERENCES
// indices[..., newaxis] == arange(depth); an index outside [0, depth) matches nothing.
Tensors one_hot_reference(const Tensors& in, const Attrs& at) {
  const ref::Array idx = ref::to_xarray(in[0]);
  const auto hot = xt::equal(xt::strided_view(idx, {xt::ellipsis(), xt::newaxis()}),
                             xt::arange<double>(static_cast<double>(at.i("depth"))));
  return {ref::to_tensor(xt::where(hot, at.f("onValue"), at.f("offValue")),
                         ref::result_dtype(at.dtype("dtype")))};
}
#endif

// Like tf.math.unsorted_segment_sum: out[s] = sum of the x rows whose id is s, where segmentIds
// (int32) has the shape of x's leading dims and out is [numSegments] + the rest of x's shape.
// A negative id drops its row (TensorFlow and TF.js agree); an id >= numSegments is an error, as
// on TensorFlow's CPU (TF.js drops it silently).
Tensors unsorted_segment_sum_forward(const Tensors& in, const Attrs& at) {
  const char* op = "unsortedSegmentSum";
  const Tensor &x = in[0], &ids = in[1];
  require_numeric(op, x);
  require_int32(op, "segmentIds", ids);
  const int64_t n = at.i("numSegments");
  if (n < 0) fail(op, ": numSegments must be >= 0, got ", n);
  const int k = ids.rank();
  bool prefix = k <= x.rank();
  for (int d = 0; prefix && d < k; ++d) prefix = ids.dim(d) == x.dim(d);
  if (!prefix)
    fail(op, ": segmentIds of shape ", shape_str(ids.shape()),
         " must match the leading dims of x of shape ", shape_str(x.shape()));
  Shape s{n};
  s.insert(s.end(), x.shape().begin() + k, x.shape().end());
  const int64_t count = ids.size(), run = prod(x.shape(), k, x.shape().size());
  Tensor ic = ids.contiguous();
  const int32_t* ip = ic.data<int32_t>();
  std::vector<int64_t> rows, kept;
  rows.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    if (ip[i] >= n)
      fail(op, ": segment id ", ip[i], " at segmentIds", index_str(ids.shape(), i),
           " is out of range for numSegments ", n);
    if (ip[i] >= 0) rows.push_back(ip[i]), kept.push_back(i);
  }
  Tensor out = Tensor::zeros(x.dtype(), s);
  Tensor xc = x.contiguous();
  // Rows with a negative id are left out by gathering the kept ones first (rare in practice).
  if (static_cast<int64_t>(kept.size()) < count) {
    Tensor packed = Tensor::empty(x.dtype(), {static_cast<int64_t>(kept.size()), run});
    kernels::gather_runs(packed.raw(), xc.raw(), kept.data(), static_cast<int64_t>(kept.size()),
                         static_cast<size_t>(run) * dtype_size(x.dtype()));
    xc = packed;
  }
  dispatch(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::scatter_add_runs(out.data<T>(), xc.data<T>(), rows.data(),
                              static_cast<int64_t>(rows.size()), run);
  });
  return {out};
}

// Each row of x receives the gradient of its segment: a gather of g by the ids; rows with a
// negative (dropped) id get zeros.
Tensor unsorted_segment_sum_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  const Tensor &x = in[0], &ids = in[1];
  if (at.i("numSegments") == 0) return ops::zeros_like(x);
  const Tensor zero = ops::scalar(0, DType::i32);
  const Tensor rows = ops::gather(g, ops::maximum(ids, zero));
  Shape mask_shape = ids.shape();
  mask_shape.resize(static_cast<size_t>(x.rank()), 1);
  const Tensor keep = ops::reshape(ops::greaterEqual(ids, zero), mask_shape);
  return ops::where(keep, rows, ops::zeros_like(rows));
}

#if TENSORPAD_REFERENCES
Tensors unsorted_segment_sum_reference(const Tensors& in, const Attrs& at) {
  ref::Array x = ref::to_xarray(in[0]);
  const xt::xarray<int64_t> ids = ref::to_xarray<int64_t>(in[1]);
  const size_t count = ids.size();
  std::vector<size_t> rows_shape{count}, out_shape{static_cast<size_t>(at.i("numSegments"))};
  for (size_t d = ids.dimension(); d < x.dimension(); ++d) {
    rows_shape.push_back(x.shape()[d]);
    out_shape.push_back(x.shape()[d]);
  }
  x.reshape(rows_shape);
  ref::Array r = xt::zeros<double>(out_shape);
  for (size_t i = 0; i < count; ++i) {
    const int64_t id = ids.data()[i];
    if (id < 0) continue;  // dropped
    xt::strided_view(r, {static_cast<std::ptrdiff_t>(id), xt::ellipsis()}) +=
        xt::strided_view(x, {static_cast<std::ptrdiff_t>(i), xt::ellipsis()});
  }
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

// Like tf.tensor_scatter_nd_update: a copy of tensor with the slices at the index tuples of
// `indices` replaced by updates. Of repeated tuples the last update wins (TF.js's CPU order;
// TensorFlow leaves it unspecified).
Tensors tensor_scatter_update_forward(const Tensors& in, const Attrs&) {
  const char* op = "tensorScatterUpdate";
  const Tensor &tensor = in[0], &indices = in[1], &updates = in[2];
  require_dtype_match(op, tensor, updates);
  std::vector<int64_t> rows = nd_rows(op, indices, tensor.shape(), "tensor");
  const size_t k = static_cast<size_t>(indices.dim(indices.rank() - 1));
  Shape want(indices.shape().begin(), indices.shape().end() - 1);
  want.insert(want.end(), tensor.shape().begin() + k, tensor.shape().end());
  if (updates.shape() != want)
    fail(op, ": updates of shape ", shape_str(updates.shape()), " must have shape ",
         shape_str(want), " for indices of shape ", shape_str(indices.shape()),
         " and tensor of shape ", shape_str(tensor.shape()));
  Tensor out = tensor.clone();
  Tensor uc = updates.contiguous();
  const size_t run_bytes =
      static_cast<size_t>(prod(tensor.shape(), k, tensor.shape().size())) * dtype_size(out.dtype());
  char* o = static_cast<char*>(out.raw());
  const char* u = static_cast<const char*>(uc.raw());
  for (size_t i = 0; i < rows.size(); ++i)
    std::memcpy(o + rows[i] * run_bytes, u + i * run_bytes, run_bytes);
  return {out};
}

// Linear in (tensor, updates) jointly: the updated slices of g belong to updates, the rest to
// tensor. Of repeated tuples only the update that was written last receives the slice's gradient
// (the others do not reach the result; TensorFlow gives each of them the gradient).
Tensors tensor_scatter_update_vjp(const Tensors& in, const Tensors&, const Tensors& g,
                                  const Attrs&) {
  if (!g[0].defined()) return Tensors(3);
  const Tensor &tensor = in[0], &indices = in[1], &updates = in[2];
  const int64_t k = indices.dim(indices.rank() - 1);
  const Shape lead(indices.shape().begin(), indices.shape().end() - 1);
  const Shape slots(tensor.shape().begin(), tensor.shape().begin() + k);
  // Which update each slot kept: update numbers scattered the same way, then read back.
  const Tensor number = ops::reshape(
      ops::range(0, static_cast<double>(shape_size(lead)), 1, DType::i32), lead);
  const Tensor kept = call_op1(OpId::tensorScatterUpdate,
                               {ops::fill(slots, -1, DType::i32), indices, number});
  Shape won_shape = lead;
  won_shape.resize(static_cast<size_t>(updates.rank()), 1);
  const Tensor won = ops::reshape(ops::equal(ops::gatherND(kept, indices), number), won_shape);
  const Tensor rows = ops::gatherND(g[0], indices);
  Tensor dt = call_op1(OpId::tensorScatterUpdate, {g[0], indices, ops::zeros_like(updates)});
  return {dt, Tensor(), ops::where(won, rows, ops::zeros_like(rows))};
}

Tensors tensor_scatter_update_jvp(const Tensors& in, const Tensors&, const Tensors& t,
                                  const Attrs&) {
  if (!t[0].defined() && !t[2].defined()) return {Tensor()};
  return call_op(OpId::tensorScatterUpdate,
                 {ops::or_zeros(t[0], in[0]), in[1], ops::or_zeros(t[2], in[2])});
}

#if TENSORPAD_REFERENCES
Tensors tensor_scatter_update_reference(const Tensors& in, const Attrs&) {
  ref::Array r = ref::to_xarray(in[0]);
  const Shape& is = in[1].shape();
  const size_t k = static_cast<size_t>(is.back());
  const size_t count = shape_size(Shape(is.begin(), is.end() - 1));
  xt::xarray<int64_t> t = ref::to_xarray<int64_t>(in[1]);
  t.reshape({count, k});
  ref::Array u = ref::to_xarray(in[2]);
  std::vector<size_t> rows_shape{count};
  rows_shape.insert(rows_shape.end(), r.shape().begin() + k, r.shape().end());
  u.reshape(rows_shape);
  for (size_t i = 0; i < count; ++i)
    xt::strided_view(r, at_tuple(t, i)) =
        xt::strided_view(u, {static_cast<std::ptrdiff_t>(i), xt::ellipsis()});
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

Tensor in(DType dt, const Shape& s, uint32_t seed) { return test_input(dt, s, -5, 5, seed); }

// x in each layout: contiguous, transposed, strided, reversed.
std::vector<std::pair<std::string, Tensor>> layouts(DType dt, const Shape& s, uint32_t seed) {
  std::string name = std::string(dtype_name(dt)) + shape_str(s);
  std::vector<std::pair<std::string, Tensor>> v{{name, in(dt, s, seed)}};
  for (char k : {'T', 'S', 'R'})
    v.push_back({name + " view " + k, test_view(k, dt, s, -5, 5, seed + 1)});
  return v;
}

// int32 tensor of `lead` + [bounds.size()] whose last-dim entry c lies in [lo, bounds[c] + hi).
Tensor index_tuples(const Shape& lead, const Shape& bounds, int64_t lo, int64_t hi, uint32_t seed) {
  Tensor t = Tensor::empty(DType::i32, concat_shapes(lead, {static_cast<int64_t>(bounds.size())}));
  std::mt19937 g(seed);
  int32_t* p = t.data<int32_t>();
  for (int64_t i = 0; i < t.size(); ++i) {
    int64_t b = bounds[i % bounds.size()];
    p[i] = static_cast<int32_t>(std::uniform_int_distribution<int64_t>(lo, b + hi - 1)(g));
  }
  return t;
}

Attrs axis_attr(int64_t a) { return Attrs().set("axis", a); }

std::vector<TestCase> concat_cases() {
  std::vector<TestCase> cs;
  for (DType dt : kAllDTypes)
    for (auto& [name, x] : layouts(dt, {2, 3}, 1))
      cs.push_back(
          {name + " + [4,3] + [0,3]", {x, in(dt, {4, 3}, 2), in(dt, {0, 3}, 3)}, axis_attr(0)});
  for (auto& [name, x] : layouts(DType::f32, {2, 3}, 4)) {
    cs.push_back({name + " axis -1", {in(DType::f32, {2, 5}, 5), x}, axis_attr(-1)});
    cs.push_back({name + " alone", {x}, axis_attr(1)});
  }
  for (int64_t a : {0, 3, 5})
    cs.push_back({"rank 6 axis " + std::to_string(a),
                  {in(DType::i32, {2, 1, 3, 2, 1, 2}, 6), in(DType::i32, {2, 1, 3, 2, 1, 2}, 7)},
                  axis_attr(a)});
  cs.push_back(
      {"[1001] + [33]", {in(DType::f32, {1001}, 8), in(DType::f32, {33}, 9)}, axis_attr(0)});
  cs.push_back({"[17,9] + [17,16] axis 1",
                {in(DType::f32, {17, 9}, 8), in(DType::f32, {17, 16}, 9)},
                axis_attr(1)});
  cs.push_back(
      {"[0,3] + [0,3]", {in(DType::b8, {0, 3}, 8), in(DType::b8, {0, 3}, 9)}, axis_attr(1)});
  return cs;
}

std::vector<TestCase> stack_cases() {
  std::vector<TestCase> cs;
  for (DType dt : kAllDTypes)
    for (auto& [name, x] : layouts(dt, {2, 3}, 1))
      for (int64_t a : {0, 1, 2, -1})
        cs.push_back(
            {name + " x3 axis " + std::to_string(a), {x, in(dt, {2, 3}, 2), x}, axis_attr(a)});
  cs.push_back({"scalars",
                {in(DType::f32, {}, 1), in(DType::f32, {}, 2), in(DType::f32, {}, 3)},
                axis_attr(0)});
  cs.push_back({"single", {in(DType::f32, {5}, 1)}, axis_attr(1)});
  cs.push_back({"[0,2]", {in(DType::f32, {0, 2}, 1), in(DType::f32, {0, 2}, 2)}, axis_attr(1)});
  cs.push_back({"rank 5 -> 6",
                {in(DType::i32, {2, 1, 3, 2, 2}, 1), in(DType::i32, {2, 1, 3, 2, 2}, 2)},
                axis_attr(3)});
  cs.push_back({"[1001] x2", {in(DType::f32, {1001}, 1), in(DType::f32, {1001}, 2)}, axis_attr(1)});
  return cs;
}

std::vector<TestCase> split_cases() {
  std::vector<TestCase> cs;
  auto at = [](Ints spec, int64_t axis) {
    return Attrs().set("numOrSizeSplits", std::move(spec)).set("axis", axis);
  };
  for (DType dt : kAllDTypes)
    for (auto& [name, x] : layouts(dt, {6, 4}, 1)) {
      cs.push_back({name + " 3 parts axis 0", {x}, at({3}, 0)});
      cs.push_back({name + " 2 parts axis 1", {x}, at({2}, 1)});
      cs.push_back({name + " sizes [1,-1,2] axis 1", {x}, at({1, -1, 2}, -1)});
      cs.push_back({name + " sizes [0,6] axis 0", {x}, at({0, 6}, 0)});
    }
  cs.push_back({"[0,3] 2 parts", {in(DType::f32, {0, 3}, 1)}, at({2}, 0)});
  cs.push_back({"[3,0] sizes [-1,0]", {in(DType::f32, {3, 0}, 1)}, at({-1, 0}, 1)});
  cs.push_back({"[1001] 7 parts", {in(DType::f32, {1001}, 1)}, at({7}, 0)});
  cs.push_back({"[1001] 1 part", {in(DType::f32, {1001}, 1)}, at({1}, 0)});
  cs.push_back({"rank 6", {in(DType::i32, {2, 1, 3, 4, 1, 2}, 1)}, at({1, 3}, 3)});
  return cs;
}

std::vector<TestCase> tile_cases() {
  std::vector<TestCase> cs;
  auto at = [](Ints reps) { return Attrs().set("reps", std::move(reps)); };
  for (DType dt : kAllDTypes)
    for (auto& [name, x] : layouts(dt, {2, 3}, 1)) {
      cs.push_back({name + " reps [2,3]", {x}, at({2, 3})});
      cs.push_back({name + " reps [1,1]", {x}, at({1, 1})});
      cs.push_back({name + " reps [0,2]", {x}, at({0, 2})});
    }
  cs.push_back({"[3,1] reps [1,4]", {in(DType::f32, {3, 1}, 1)}, at({1, 4})});
  cs.push_back({"scalar", {in(DType::f32, {}, 1)}, at({})});
  cs.push_back({"[17] reps [3]", {in(DType::f32, {17}, 1)}, at({3})});
  cs.push_back({"[0,3] reps [2,2]", {in(DType::f32, {0, 3}, 1)}, at({2, 2})});
  cs.push_back({"rank 6", {in(DType::i32, {2, 1, 2, 1, 1, 2}, 1)}, at({1, 2, 1, 3, 2, 1})});
  return cs;
}

std::vector<TestCase> pad_cases() {
  std::vector<TestCase> cs;
  auto at = [](Ints p, int64_t mode, double value = 0) {
    return Attrs().set("paddings", std::move(p)).set("mode", mode).set("constantValue", value);
  };
  for (DType dt : kAllDTypes)
    for (auto& [name, x] : layouts(dt, {3, 4}, 1)) {
      for (int64_t mode : {0, 1, 2})
        cs.push_back({name + " mode " + std::to_string(mode), {x}, at({1, 2, 2, 1}, mode)});
      cs.push_back({name + " reflect max", {x}, at({2, 2, 3, 3}, 1)});
      cs.push_back({name + " symmetric max", {x}, at({3, 3, 4, 4}, 2)});
      cs.push_back({name + " constant 2.5", {x}, at({0, 1, 3, 0}, 0, 2.5)});
    }
  cs.push_back({"scalar", {in(DType::f32, {}, 1)}, at({}, 0)});
  cs.push_back({"[7] reflect", {in(DType::f32, {7}, 1)}, at({3, 0}, 1)});
  cs.push_back({"[33,17] constant", {in(DType::f32, {33, 17}, 1)}, at({1, 1, 3, 4}, 0, -1.25)});
  cs.push_back({"[33,17] symmetric", {in(DType::f32, {33, 17}, 1)}, at({5, 9, 16, 1}, 2)});
  cs.push_back({"rank 6 reflect",
                {in(DType::i32, {2, 1, 3, 1, 2, 2}, 1)},
                at({1, 0, 0, 0, 2, 1, 0, 0, 1, 0, 0, 1}, 1)});
  cs.push_back({"rank 6 symmetric",
                {in(DType::f32, {2, 1, 3, 1, 2, 2}, 1)},
                at({1, 2, 1, 0, 2, 3, 0, 1, 1, 2, 0, 1}, 2)});
  cs.push_back({"[0,3] constant", {in(DType::f32, {0, 3}, 1)}, at({1, 1, 0, 2}, 0, 3)});
  cs.push_back({"[0,3] reflect", {in(DType::f32, {0, 3}, 1)}, at({0, 0, 1, 1}, 1)});
  return cs;
}

std::vector<TestCase> gather_cases() {
  std::vector<TestCase> cs;
  auto at = [](int64_t axis, int64_t bd) { return Attrs().set("axis", axis).set("batchDims", bd); };
  auto idx = [](const Shape& s, int64_t size, uint32_t seed) {
    return test_input(DType::i32, s, 0, size, seed);
  };
  for (DType dt : kMixedDTypes)
    for (auto& [name, x] : layouts(dt, {5, 3}, 1)) {
      cs.push_back({name + " axis 0", {x, idx({4}, 5, 2)}, at(0, 0)});
      cs.push_back({name + " axis -1 [2,3]", {x, idx({2, 3}, 3, 3)}, at(-1, 0)});
      cs.push_back({name + " scalar index", {x, idx({}, 5, 4)}, at(0, 0)});
    }
  cs.push_back({"strided indices",
                {in(DType::f32, {7, 4}, 1), test_view('S', DType::i32, {2, 5}, 0, 7, 2)},
                at(0, 0)});
  cs.push_back({"batchDims 1 axis 1", {in(DType::f32, {2, 4, 3}, 1), idx({2, 5}, 4, 2)}, at(1, 1)});
  cs.push_back(
      {"batchDims -1 axis 2", {in(DType::f32, {2, 4, 3, 2}, 1), idx({2, 6}, 3, 2)}, at(2, -1)});
  cs.push_back({"batchDims 2 = rank", {in(DType::i32, {2, 3, 4}, 1), idx({2, 3}, 4, 2)}, at(2, 2)});
  cs.push_back({"empty indices", {in(DType::f32, {5, 3}, 1), idx({0}, 5, 2)}, at(0, 0)});
  cs.push_back({"x [5,0]", {in(DType::f32, {5, 0}, 1), idx({3}, 5, 2)}, at(0, 0)});
  cs.push_back(
      {"x [0,3] empty indices axis 0", {in(DType::f32, {0, 3}, 1), idx({2, 0}, 1, 2)}, at(0, 0)});
  cs.push_back(
      {"embedding [1001,17]", {in(DType::f32, {1001, 17}, 1), idx({33}, 1001, 2)}, at(0, 0)});
  cs.push_back({"rank 6 axis 3", {in(DType::b8, {2, 3, 2, 4, 2, 2}, 1), idx({5}, 4, 2)}, at(3, 0)});
  return cs;
}

std::vector<TestCase> gather_nd_cases() {
  std::vector<TestCase> cs;
  for (DType dt : kMixedDTypes)
    for (auto& [name, x] : layouts(dt, {4, 5, 6}, 1)) {
      cs.push_back({name + " full tuples", {x, index_tuples({3}, {4, 5, 6}, 0, 0, 2)}, {}});
      cs.push_back({name + " pairs [2,2,2]", {x, index_tuples({2, 2}, {4, 5}, 0, 0, 3)}, {}});
      cs.push_back({name + " singles", {x, index_tuples({3}, {4}, 0, 0, 4)}, {}});
    }
  cs.push_back({"k = 0", {in(DType::f32, {4, 5}, 1), Tensor::zeros(DType::i32, {2, 0})}, {}});
  cs.push_back({"scalar x, k = 0", {in(DType::f32, {}, 1), Tensor::zeros(DType::i32, {3, 0})}, {}});
  cs.push_back({"no tuples", {in(DType::f32, {4, 5}, 1), Tensor::zeros(DType::i32, {0, 2})}, {}});
  cs.push_back({"rows of [1001,17]",
                {in(DType::f32, {1001, 17}, 1), index_tuples({33}, {1001}, 0, 0, 2)},
                {}});
  cs.push_back({"rank 6",
                {in(DType::i32, {2, 3, 2, 1, 2, 2}, 1), index_tuples({4}, {2, 3, 2}, 0, 0, 2)},
                {}});
  return cs;
}

std::vector<TestCase> scatter_nd_cases() {
  std::vector<TestCase> cs;
  auto at = [](Ints shape) { return Attrs().set("shape", std::move(shape)); };
  for (DType dt : kMixedDTypes) {
    std::string n = dtype_name(dt);
    // Indices drawn from a small range so that duplicates (which sum) are certain.
    cs.push_back({n + " elements with duplicates",
                  {index_tuples({6}, {3}, 0, 0, 1), in(dt, {6}, 2)},
                  at({8})});
    cs.push_back({n + " pairs", {index_tuples({5}, {4, 5}, 0, 0, 1), in(dt, {5}, 2)}, at({4, 5})});
    cs.push_back(
        {n + " rows", {index_tuples({3}, {2}, 0, 0, 1), in(dt, {3, 5, 3}, 2)}, at({4, 5, 3})});
    cs.push_back({n + " strided updates",
                  {index_tuples({2, 3}, {6}, 0, 0, 1), test_view('S', dt, {2, 3, 2}, -5, 5, 2)},
                  at({6, 2})});
  }
  cs.push_back({"k = 0", {Tensor::zeros(DType::i32, {2, 0}), in(DType::f32, {2, 3}, 2)}, at({3})});
  cs.push_back(
      {"no updates", {Tensor::zeros(DType::i32, {0, 1}), in(DType::f32, {0}, 2)}, at({4})});
  cs.push_back({"rows of [1001,17]",
                {index_tuples({40}, {1001}, 0, 0, 1), in(DType::f32, {40, 17}, 2)},
                at({1001, 17})});
  cs.push_back({"rank 6",
                {index_tuples({3}, {2, 3}, 0, 0, 1), in(DType::i32, {3, 2, 1, 2, 2}, 2)},
                at({2, 3, 2, 1, 2, 2})});
  return cs;
}

std::vector<TestCase> one_hot_cases() {
  std::vector<TestCase> cs;
  auto at = [](int64_t depth, DType dt, double on = 1, double off = 0) {
    return Attrs()
        .set("depth", depth)
        .set("dtype", static_cast<int64_t>(dt))
        .set("onValue", on)
        .set("offValue", off);
  };
  // Indices from [-2, depth + 2): out-of-range ones give all-off rows.
  auto idx = [](const Shape& s, int64_t depth, uint32_t seed) {
    return test_input(DType::i32, s, -2, depth + 2, seed);
  };
  for (DType dt : {DType::f32, DType::i32, DType::b8}) {
    std::string n = dtype_name(dt);
    cs.push_back({n + " [9] depth 4", {idx({9}, 4, 1)}, at(4, dt)});
    cs.push_back({n + " [3,4] on 2.5 off -1.25", {idx({3, 4}, 5, 2)}, at(5, dt, 2.5, -1.25)});
    cs.push_back({n + " strided", {test_view('T', DType::i32, {3, 4}, -2, 7, 3)}, at(5, dt)});
  }
  cs.push_back({"scalar index", {idx({}, 3, 1)}, at(3, DType::f32)});
  cs.push_back({"depth 0", {idx({4}, 0, 1)}, at(0, DType::f32)});
  cs.push_back({"[0,3]", {idx({0, 3}, 3, 1)}, at(3, DType::f32)});
  cs.push_back({"depth 1000", {idx({17}, 1000, 1)}, at(1000, DType::f32)});
  cs.push_back({"rank 5 -> 6", {idx({2, 1, 3, 1, 2}, 3, 1)}, at(3, DType::i32)});
  return cs;
}

std::vector<TestCase> unsorted_segment_sum_cases() {
  std::vector<TestCase> cs;
  auto at = [](int64_t n) { return Attrs().set("numSegments", n); };
  // Ids from [-1, n): repeats sum, -1 drops its row, some segments stay empty.
  auto ids = [](const Shape& s, int64_t n, uint32_t seed) {
    return test_input(DType::i32, s, -1, n, seed);
  };
  for (DType dt : {DType::f32, DType::i32})
    for (auto& [name, x] : layouts(dt, {6, 4}, 1)) {
      cs.push_back({name + " rows into 4", {x, ids({6}, 4, 2)}, at(4)});
      cs.push_back({name + " elements into 5", {x, ids({6, 4}, 5, 3)}, at(5)});
    }
  cs.push_back({"strided ids",
                {in(DType::f32, {5, 3}, 1), test_view('S', DType::i32, {5}, 0, 3, 2)},
                at(3)});
  cs.push_back({"rank 4, ids [2,3]", {in(DType::f32, {2, 3, 2, 2}, 1), ids({2, 3}, 3, 2)}, at(3)});
  cs.push_back({"scalar x, scalar id", {in(DType::f32, {}, 1), Tensor::zeros(DType::i32, {})}, at(2)});
  cs.push_back({"no rows", {in(DType::f32, {0, 3}, 1), ids({0}, 3, 2)}, at(3)});
  cs.push_back({"no segments", {in(DType::f32, {3, 2}, 1), test_input(DType::i32, {3}, -3, 0, 2)},
                at(0)});
  cs.push_back({"[1001,17] into 40", {in(DType::f32, {1001, 17}, 1), ids({1001}, 40, 2)}, at(40)});
  return cs;
}

std::vector<TestCase> tensor_scatter_update_cases() {
  std::vector<TestCase> cs;
  for (DType dt : kMixedDTypes)
    for (auto& [name, x] : layouts(dt, {4, 5}, 1)) {
      // Drawn from a small range, so repeated tuples (last wins) are certain.
      cs.push_back({name + " elements", {x, index_tuples({7}, {2, 3}, 0, 0, 2), in(dt, {7}, 3)}, {}});
      cs.push_back({name + " rows", {x, index_tuples({3}, {4}, 0, 0, 4), in(dt, {3, 5}, 5)}, {}});
    }
  cs.push_back({"strided updates",
                {in(DType::f32, {6, 2}, 1), index_tuples({2, 3}, {6}, 0, 0, 1),
                 test_view('S', DType::f32, {2, 3, 2}, -5, 5, 2)},
                {}});
  cs.push_back({"k = 0",
                {in(DType::f32, {3}, 1), Tensor::zeros(DType::i32, {2, 0}), in(DType::f32, {2, 3}, 2)},
                {}});
  cs.push_back({"no updates",
                {in(DType::f32, {4}, 1), Tensor::zeros(DType::i32, {0, 1}), in(DType::f32, {0}, 2)},
                {}});
  cs.push_back({"rows of [1001,17]",
                {in(DType::f32, {1001, 17}, 1), index_tuples({40}, {1001}, 0, 0, 1),
                 in(DType::f32, {40, 17}, 2)},
                {}});
  cs.push_back({"rank 6",
                {in(DType::i32, {2, 3, 2, 1, 2, 2}, 1), index_tuples({3}, {2, 3}, 0, 0, 1),
                 in(DType::i32, {3, 2, 1, 2, 2}, 2)},
                {}});
  return cs;
}

}  // namespace

void register_index_ops() {
  const AttrSpec axis{"axis", AttrKind::Int, int64_t{0}};
  define_op(OpId::concat, -1, {axis}, concat_forward, TP_REFERENCE(concat_reference), concat_cases,
            "Joins tensors of one dtype along an existing axis; other dims must match.");
  define_op(OpId::stack, -1, {axis}, stack_forward, TP_REFERENCE(stack_reference), stack_cases,
            "Joins same-shape tensors along a new axis in [-rank-1, rank].");
  define_op(
      OpId::split, 1, {{"numOrSizeSplits", AttrKind::Ints, Ints{}, true}, axis}, split_forward,
      TP_REFERENCE(split_reference), split_cases,
      "Splits along axis: [n] gives n equal parts, a longer list gives the part sizes (one may "
      "be -1); several outputs. Gradient: the parts' gradients concatenated, zeros for parts "
      "without one.");
  define_op(OpId::tile, 1, {{"reps", AttrKind::Ints, Ints{}, true}}, tile_forward,
            TP_REFERENCE(tile_reference), tile_cases, "Repeats x reps[d] times along each axis d.");
  define_op(OpId::pad, 1,
            {{"paddings", AttrKind::Ints, Ints{}, true},
             {"constantValue", AttrKind::Float, 0.0},
             {"mode", AttrKind::Int, int64_t{0}}},
            pad_forward, TP_REFERENCE(pad_reference), pad_cases,
            "Pads with paddings [before0, after0, before1, ...]; mode 0 constant (constantValue "
            "converted to x's dtype), 1 reflect, 2 symmetric, like tf.pad. Gradient: the interior "
            "plus, in mirrored modes, each border added back onto the elements it copies.");
  define_op(
      OpId::gather, 2, {axis, {"batchDims", AttrKind::Int, int64_t{0}}}, gather_forward,
      TP_REFERENCE(gather_reference), gather_cases,
      "tf.gather with int32 indices, axis and batchDims; an index outside [0, size) is an error. "
      "Gradient: rows added back where read (repeated indices sum); indices get none.");
  define_op(
      OpId::gatherND, 2, {}, gather_nd_forward, TP_REFERENCE(gather_nd_reference), gather_nd_cases,
      "tf.gather_nd: the last dim of int32 indices holds index tuples into the leading dims of x.");
  define_op(
      OpId::scatterND, 2, {{"shape", AttrKind::Ints, Ints{}, true}}, scatter_nd_forward,
      TP_REFERENCE(scatter_nd_reference), scatter_nd_cases,
      "tf.scatter_nd: zeros of shape with updates added at int32 index tuples; duplicates sum "
      "(bool: OR). Gradient of updates: gatherND of g; indices get none.");
  define_op(OpId::oneHot, 1,
            {{"depth", AttrKind::Int, int64_t{0}, true},
             {"onValue", AttrKind::Float, 1.0},
             {"offValue", AttrKind::Float, 0.0},
             {"dtype", AttrKind::DType, static_cast<int64_t>(DType::f32)}},
            one_hot_forward, TP_REFERENCE(one_hot_reference), one_hot_cases,
            "One-hot rows of depth for int32 indices (new last axis); an index outside [0, depth) "
            "gives an all-off row, like TF. Not differentiable.");
  // Data movement is exact; scatterND sums duplicates in float32.
  for (OpId id : {OpId::concat, OpId::stack, OpId::split, OpId::tile, OpId::pad, OpId::gather,
                  OpId::gatherND, OpId::oneHot})
    entry(id).rtol = entry(id).atol = 0;
  entry(OpId::scatterND).rtol = entry(OpId::scatterND).atol = 1e-6;
  set_rules(OpId::concat, join_vjp<false>, join_jvp<OpId::concat>);
  set_rules(OpId::stack, join_vjp<true>, join_jvp<OpId::stack>);
  set_rules(OpId::split, split_vjp, linear_jvp<OpId::split>);
  set_rules(OpId::tile, linear_vjp<tile_back>, linear_jvp<OpId::tile>);
  set_rules(OpId::pad, linear_vjp<pad_back>, pad_jvp);
  set_rules(OpId::gather, linear_vjp<gather_back>, linear_jvp<OpId::gather>);
  set_rules(OpId::gatherND, linear_vjp<gather_nd_back>, linear_jvp<OpId::gatherND>);
  set_rules(OpId::scatterND, linear_vjp<scatter_nd_back, 1>, linear_jvp<OpId::scatterND, 1>);
  // Its only input is int32 indices: nothing to differentiate (None in TensorFlow).
  entry(OpId::oneHot).differentiable = Differentiable::kNo;
  define_op(OpId::unsortedSegmentSum, 2, {{"numSegments", AttrKind::Int, int64_t{0}, true}},
            unsorted_segment_sum_forward, TP_REFERENCE(unsorted_segment_sum_reference),
            unsorted_segment_sum_cases,
            "tf.math.unsorted_segment_sum: x rows summed by int32 segmentIds (the shape of x's "
            "leading dims) into numSegments rows; a negative id drops its row, an id >= "
            "numSegments is an error. Gradient: g gathered by the ids.");
  // float32 sums of ~25 rows in [-5, 5) cancel: absolute error a few ulps of the terms.
  entry(OpId::unsortedSegmentSum).rtol = 1e-5;
  entry(OpId::unsortedSegmentSum).atol = 2e-5;
  set_rules(OpId::unsortedSegmentSum, linear_vjp<unsorted_segment_sum_back>,
            linear_jvp<OpId::unsortedSegmentSum>);
  define_op(OpId::tensorScatterUpdate, 3, {}, tensor_scatter_update_forward,
            TP_REFERENCE(tensor_scatter_update_reference), tensor_scatter_update_cases,
            "tf.tensor_scatter_nd_update: tensor with the slices at int32 index tuples replaced by "
            "updates (of repeated tuples the last wins). Gradient: g outside the updated slices "
            "for tensor, gatherND of g for updates (zeros for overwritten repeats).");
  entry(OpId::tensorScatterUpdate).rtol = entry(OpId::tensorScatterUpdate).atol = 0;
  set_rules(OpId::tensorScatterUpdate, tensor_scatter_update_vjp, tensor_scatter_update_jvp);
}

}  // namespace tensorpad::ops_detail
