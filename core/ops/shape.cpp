// Layout ops. reshape, transpose, expandDims, squeeze, broadcastTo, stridedSlice and reverse return
// views sharing the input's storage (reshape copies only when no strides can express the new
// shape); stridedSliceUpdate and copy return new tensors. All are linear in their float input:
// each VJP applies the op's adjoint to the gradient and each JVP the op itself to the tangent.
#include <algorithm>
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

Tensor make_view(const char* op, const Tensor& x, Shape shape, Strides strides, int64_t offset) {
  if (shape.size() > static_cast<size_t>(kMaxRank))
    fail(op, ": result rank ", shape.size(), " exceeds the maximum of ", kMaxRank);
  return x.view(std::move(shape), std::move(strides), offset);
}

// NumPy broadcasting in one direction: `from` stretched to `to` (trailing dims aligned).
bool broadcasts_to(const Shape& from, const Shape& to) {
  if (from.size() > to.size()) return false;
  size_t lead = to.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i)
    if (from[i] != 1 && from[i] != to[lead + i]) return false;
  return true;
}

// The requested shape with its -1 resolved. With zero elements and a 0 among the other dims,
// -1 resolves to 0.
Shape resolve_reshape(const Shape& in, const Ints& req) {
  Shape out = req;
  int unknown = -1;
  int64_t known = 1;
  for (size_t i = 0; i < req.size(); ++i) {
    if (req[i] == -1) {
      if (unknown >= 0) fail("reshape: only one -1 is allowed in shape ", shape_str(req));
      unknown = static_cast<int>(i);
    } else if (req[i] < 0) {
      fail("reshape: negative dimension ", req[i], " in shape ", shape_str(req));
    } else {
      known *= req[i];
    }
  }
  int64_t n = shape_size(in);
  if (unknown >= 0) {
    if (known == 0 ? n != 0 : n % known != 0)
      fail("reshape: cannot reshape a tensor of shape ", shape_str(in), " (", n,
           " elements) into shape ", shape_str(req), " (a multiple of ", known, " elements)");
    out[unknown] = known == 0 ? 0 : n / known;
  }
  if (shape_size(out) != n)
    fail("reshape: cannot reshape a tensor of shape ", shape_str(in), " (", n,
         " elements) into shape ", shape_str(req), " (", shape_size(out), " elements)");
  return out;
}

// NumPy's no-copy reshape: strides reading a tensor of (shape, strides) as `to`, when each group
// of old dims that maps onto a group of new dims is contiguous within itself. Sizes must match
// and be nonzero.
bool reshape_strides(const Shape& shape, const Strides& strides, const Shape& to, Strides* out) {
  Shape od;
  Strides os;
  for (size_t i = 0; i < shape.size(); ++i)
    if (shape[i] != 1) od.push_back(shape[i]), os.push_back(strides[i]);
  out->assign(to.size(), 1);
  size_t oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < to.size() && oi < od.size()) {
    int64_t np = to[ni], op = od[oi];
    while (np != op) {
      if (np < op)
        np *= to[nj++];
      else
        op *= od[oj++];
    }
    for (size_t k = oi; k + 1 < oj; ++k)
      if (os[k] != od[k + 1] * os[k + 1]) return false;
    (*out)[nj - 1] = os[oj - 1];
    for (size_t k = nj - 1; k > ni; --k) (*out)[k - 1] = (*out)[k] * to[k];
    ni = nj++;
    oi = oj++;
  }
  for (size_t k = ni; k < to.size(); ++k) (*out)[k] = ni > 0 ? (*out)[ni - 1] : 1;
  return true;
}

Tensors reshape_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  Shape to = resolve_reshape(x.shape(), at.ints("shape"));
  if (to.size() > static_cast<size_t>(kMaxRank))
    fail("reshape: rank ", to.size(), " of shape ", shape_str(to), " exceeds the maximum of ",
         kMaxRank);
  Strides st = contiguous_strides(to);
  if (x.size() == 0 || reshape_strides(x.shape(), x.strides(), to, &st))
    return {x.view(to, st, x.offset())};
  Tensor c = x.clone();
  return {c.view(to, contiguous_strides(to), 0)};
}

// reshape, expandDims and squeeze only regroup the elements: the gradient is g in x's shape.
Tensor reshape_back(const Tensor& g, const Tensors& in, const Attrs&) {
  return ops::reshape(g, in[0].shape());
}

#if TENSORPAD_REFERENCES
Tensors reshape_reference(const Tensors& in, const Attrs& at) {
  ref::Array x = ref::to_xarray(in[0]);
  // One -1 takes the remaining elements; with zero elements and a 0 elsewhere it is 0, as in
  // TensorFlow (NumPy finds it ambiguous).
  std::vector<size_t> to;
  size_t known = 1;
  for (int64_t d : at.ints("shape")) known *= d == -1 ? 1 : static_cast<size_t>(d);
  for (int64_t d : at.ints("shape"))
    to.push_back(d != -1 ? static_cast<size_t>(d) : known ? x.size() / known : 0);
  x.reshape(to);
  return {ref::to_tensor(x, ref::result_dtype(in[0].dtype()))};
}
#endif

std::vector<int> transpose_perm(const Tensor& x, const Ints& perm) {
  int r = x.rank();
  std::vector<int> p(r);
  if (perm.empty()) {
    for (int i = 0; i < r; ++i) p[i] = r - 1 - i;
    return p;
  }
  std::vector<bool> seen(r, false);
  bool ok = static_cast<int>(perm.size()) == r;
  for (size_t i = 0; ok && i < perm.size(); ++i) {
    int64_t a = perm[i] < 0 ? perm[i] + r : perm[i];
    ok = a >= 0 && a < r && !seen[a];
    if (ok) seen[a] = true, p[i] = static_cast<int>(a);
  }
  if (!ok)
    fail("transpose: perm ", shape_str(perm), " is not a permutation of the ", r, " axes of shape ",
         shape_str(x.shape()));
  return p;
}

Tensors transpose_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  std::vector<int> p = transpose_perm(x, at.ints("perm"));
  Shape s(p.size());
  Strides st(p.size());
  for (size_t i = 0; i < p.size(); ++i) s[i] = x.dim(p[i]), st[i] = x.strides()[p[i]];
  return {x.view(s, st, x.offset())};
}

// The inverse permutation undoes the transpose.
Tensor transpose_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  std::vector<int> p = transpose_perm(in[0], at.ints("perm"));
  Ints inverse(p.size());
  for (size_t i = 0; i < p.size(); ++i) inverse[p[i]] = static_cast<int64_t>(i);
  return ops::transpose(g, inverse);
}

#if TENSORPAD_REFERENCES
Tensors transpose_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  std::vector<size_t> perm;
  for (int64_t a : at.ints("perm")) perm.push_back(ref::axis_index(a, x.dimension()));
  const DType dt = ref::result_dtype(in[0].dtype());
  return {perm.empty() ? ref::to_tensor(xt::transpose(x), dt)
                       : ref::to_tensor(xt::transpose(x, perm), dt)};
}
#endif

Tensors expand_dims_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  int a = normalize_axis("expandDims", at.i("axis"), x.rank() + 1);
  Shape s = x.shape();
  Strides st = x.strides();
  s.insert(s.begin() + a, 1);
  st.insert(st.begin() + a, a < x.rank() ? x.dim(a) * x.strides()[a] : 1);
  return {make_view("expandDims", x, s, st, x.offset())};
}

Tensors squeeze_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const Ints& axes = at.ints("axis");
  std::vector<bool> drop(x.rank(), false);
  if (axes.empty()) {
    for (int i = 0; i < x.rank(); ++i) drop[i] = x.dim(i) == 1;
  } else {
    for (int a : normalize_axes("squeeze", axes, x.rank(), false)) {
      if (x.dim(a) != 1)
        fail("squeeze: cannot squeeze axis ", a, " of size ", x.dim(a), " in shape ",
             shape_str(x.shape()));
      drop[a] = true;
    }
  }
  Shape s;
  Strides st;
  for (int i = 0; i < x.rank(); ++i)
    if (!drop[i]) s.push_back(x.dim(i)), st.push_back(x.strides()[i]);
  return {x.view(s, st, x.offset())};
}

Tensors broadcast_to_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  const Ints& to = at.ints("shape");
  bool ok = broadcasts_to(x.shape(), to);
  for (int64_t d : to) ok = ok && d >= 0;
  if (!ok)
    fail("broadcastTo: cannot broadcast a tensor of shape ", shape_str(x.shape()), " to shape ",
         shape_str(to));
  return {
      make_view("broadcastTo", x, to, broadcast_strides(x.shape(), x.strides(), to), x.offset())};
}

// Each element of x feeds every position it was stretched to: their gradients sum.
Tensor broadcast_to_back(const Tensor& g, const Tensors& in, const Attrs&) {
  return ops::unbroadcast(g, in[0].shape());
}

#if TENSORPAD_REFERENCES
Tensors expand_dims_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  return {ref::to_tensor(xt::expand_dims(x, ref::axis_index(at.i("axis"), x.dimension() + 1)),
                         ref::result_dtype(in[0].dtype()))};
}
#endif

#if TENSORPAD_REFERENCES
Tensors squeeze_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  std::vector<size_t> axes;
  for (int64_t a : at.ints("axis")) axes.push_back(ref::axis_index(a, x.dimension()));
  const DType dt = ref::result_dtype(in[0].dtype());
  if (axes.empty()) return {ref::to_tensor(xt::squeeze(x), dt)};
  return {ref::to_tensor(xt::squeeze(x, axes, xt::check_policy::full()), dt)};
}
#endif

#if TENSORPAD_REFERENCES
Tensors broadcast_to_reference(const Tensors& in, const Attrs& at) {
  return {ref::to_tensor(xt::broadcast(ref::to_xarray(in[0]), ref::xshape(at.ints("shape"))),
                         ref::result_dtype(in[0].dtype()))};
}
#endif

// The selected region: `shape` and, per result dim, the input dim it walks (-1 for a new axis)
// and its step; `begin` holds the first selected index of every input dim.
struct SliceLayout {
  Shape shape;
  std::vector<int> src_dim;
  Ints step;
  Ints begin;
  bool empty = false;
};

bool bit(int64_t mask, size_t i) { return i < 63 && ((mask >> i) & 1) != 0; }

// Follows TensorFlow's ValidateStridedSliceOp: entry i of the sparse spec is the ellipsis if its
// ellipsisMask bit is set, else a new axis if its newAxisMask bit is, else an index if its
// shrinkAxisMask bit is (begin is the index; beginMask and end are ignored), else a range. Without
// an ellipsis one is implied at the end; it covers the input dims no other entry consumes.
// Ranges clamp like Python slices; an index out of range is an error.
SliceLayout resolve_slice(const char* op, const Shape& shape, const Attrs& at) {
  const Ints& b = at.ints("begin");
  const Ints& e = at.ints("end");
  Ints s = at.ints("strides");
  if (s.empty()) s.assign(b.size(), 1);
  if (e.size() != b.size() || s.size() != b.size())
    fail(op, ": begin ", shape_str(b), ", end ", shape_str(e), " and strides ", shape_str(s),
         " must have the same length");
  if (b.size() > 31) fail(op, ": a slice spec has at most 31 entries, got ", b.size());
  const int64_t bmask = at.i("beginMask"), emask = at.i("endMask"), ell = at.i("ellipsisMask"),
                nmask = at.i("newAxisMask"), smask = at.i("shrinkAxisMask");
  const size_t n = b.size();
  int ellipses = 0, consumed = 0;
  for (size_t i = 0; i < n; ++i) {
    if (bit(ell, i))
      ++ellipses;
    else if (!bit(nmask, i))
      ++consumed;
  }
  if (ellipses > 1) fail(op, ": ellipsisMask ", ell, " has more than one ellipsis");
  const int rank = static_cast<int>(shape.size());
  if (consumed > rank)
    fail(op, ": the slice spec indexes ", consumed, " dims but x has shape ", shape_str(shape));
  SliceLayout L;
  L.begin.assign(rank, 0);
  int d = 0;
  auto whole_dims = [&](int count) {
    for (int k = 0; k < count; ++k, ++d) {
      L.shape.push_back(shape[d]);
      L.src_dim.push_back(d);
      L.step.push_back(1);
    }
  };
  for (size_t i = 0; i < n; ++i) {
    if (bit(ell, i)) {
      whole_dims(rank - consumed);
    } else if (bit(nmask, i)) {
      L.shape.push_back(1);
      L.src_dim.push_back(-1);
      L.step.push_back(0);
    } else if (bit(smask, i)) {
      int64_t dim = shape[d], idx = b[i] < 0 ? b[i] + dim : b[i];
      if (s[i] <= 0)
        fail(op, ": strides[", i, "] is ", s[i],
             " but an index (shrinkAxisMask) needs a positive stride");
      if (idx < 0 || idx >= dim)
        fail(op, ": index ", b[i], " is out of bounds for axis ", d, " of size ", dim,
             " in x of shape ", shape_str(shape));
      L.begin[d++] = idx;
    } else {
      const int64_t dim = shape[d], st = s[i];
      if (st == 0) fail(op, ": strides[", i, "] must be non-zero, got strides ", shape_str(s));
      const int64_t lo = st > 0 ? 0 : -1, hi = st > 0 ? dim : dim - 1;
      auto canonical = [&](int64_t v, bool masked, bool is_end) {
        if (masked) return (st > 0) == is_end ? hi : lo;
        int64_t fwd = v < 0 ? v + dim : v;
        return std::clamp(fwd, lo, hi);
      };
      int64_t first = canonical(b[i], bit(bmask, i), false);
      int64_t len = canonical(e[i], bit(emask, i), true) - first;
      int64_t size = len == 0 || (len < 0) != (st < 0) ? 0 : len / st + (len % st != 0);
      L.begin[d] = first;
      L.shape.push_back(size);
      L.src_dim.push_back(d++);
      L.step.push_back(st);
    }
  }
  if (ellipses == 0) whole_dims(rank - consumed);
  L.empty = shape_size(L.shape) == 0;
  return L;
}

Tensor slice_view(const char* op, const Tensor& x, const SliceLayout& L) {
  int64_t off = x.offset();
  if (!L.empty)
    for (int d = 0; d < x.rank(); ++d) off += L.begin[d] * x.strides()[d];
  Strides st(L.shape.size());
  for (size_t j = 0; j < st.size(); ++j)
    st[j] = L.src_dim[j] < 0 ? 0 : x.strides()[L.src_dim[j]] * L.step[j];
  return make_view(op, x, L.shape, st, off);
}

Tensors strided_slice_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  return {slice_view("stridedSlice", x, resolve_slice("stridedSlice", x.shape(), at))};
}

// The region of zeros shaped like x receives g (a slice never selects an element twice).
Tensor strided_slice_back(const Tensor& g, const Tensors& in, const Attrs& at) {
  return call_op1(OpId::stridedSliceUpdate, {ops::zeros_like(in[0]), g}, at);
}

Tensors strided_slice_update_forward(const Tensors& in, const Attrs& at) {
  const char* op = "stridedSliceUpdate";
  const Tensor &x = in[0], &v = in[1];
  require_dtype_match(op, x, v);
  SliceLayout L = resolve_slice(op, x.shape(), at);
  if (!broadcasts_to(v.shape(), L.shape))
    fail(op, ": value of shape ", shape_str(v.shape()), " cannot be broadcast to the region shape ",
         shape_str(L.shape), " selected from x of shape ", shape_str(x.shape()));
  Tensor out = x.clone();
  Tensor region = slice_view(op, out, L);
  copy_view(v.view(L.shape, broadcast_strides(v.shape(), v.strides(), L.shape), v.offset()),
            region);
  return {out};
}

// x's gradient is g with the overwritten region zeroed; value's is that region of g, summed over
// the positions value was broadcast to.
// Off every benchmark's and training step's path: compiled for size (core/size.h).
TP_MINSIZE Tensors strided_slice_update_vjp(const Tensors& in, const Tensors&, const Tensors& g,
                                 const Attrs& at) {
  if (!g[0].defined()) return {Tensor(), Tensor()};
  Tensor gx = call_op1(OpId::stridedSliceUpdate, {g[0], ops::scalar(0, g[0].dtype())}, at);
  Tensor gv = ops::unbroadcast(call_op1(OpId::stridedSlice, {g[0]}, at), in[1].shape());
  return {gx, gv};
}

Tensors strided_slice_update_jvp(const Tensors& in, const Tensors&, const Tensors& t,
                                 const Attrs& at) {
  if (!t[0].defined() && !t[1].defined()) return {Tensor()};
  Tensor tx = ops::or_zeros(t[0], in[0]);
  Tensor tv = t[1].defined() ? t[1] : ops::scalar(0, tx.dtype());
  return {call_op1(OpId::stridedSliceUpdate, {tx, tv}, at)};
}

// The attributes read as a Python index tuple (Ellipsis, None, int or slice), then applied the
// NumPy way: each slice becomes an explicit list of positions via Python's slice.indices().
struct PyItem {
  enum Kind { kSlice, kInt, kNone, kEllipsis } kind;
  bool has_start, has_stop;
  int64_t start, stop, step;
};

struct PyPlan {
  Shape out_shape;
  std::vector<int> out_dim;     // input dim of each output dim, -1 for None
  std::vector<Ints> positions;  // per input dim: the selected positions
};

std::vector<PyItem> py_items(const Attrs& at) {
  const Ints &b = at.ints("begin"), &e = at.ints("end");
  Ints s = at.ints("strides");
  if (s.empty()) s.assign(b.size(), 1);
  std::vector<PyItem> items;
  for (size_t i = 0; i < b.size(); ++i) {
    auto has = [&](const char* m) { return ((at.i(m) >> i) & 1) != 0; };
    PyItem it{PyItem::kSlice, !has("beginMask"), !has("endMask"), b[i], e[i], s[i]};
    if (has("ellipsisMask"))
      it.kind = PyItem::kEllipsis;
    else if (has("newAxisMask"))
      it.kind = PyItem::kNone;
    else if (has("shrinkAxisMask"))
      it.kind = PyItem::kInt;
    items.push_back(it);
  }
  return items;
}

Ints py_slice_positions(const PyItem& it, int64_t len) {
  int64_t step = it.step;
  int64_t lower = step < 0 ? -1 : 0, upper = step < 0 ? len - 1 : len;
  auto adjust = [&](bool has, int64_t v, int64_t dflt) {
    if (!has) return dflt;
    if (v < 0) return std::max(v + len, lower);
    return std::min(v, upper);
  };
  int64_t start = adjust(it.has_start, it.start, step < 0 ? upper : lower);
  int64_t stop = adjust(it.has_stop, it.stop, step < 0 ? lower : upper);
  Ints pos;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) pos.push_back(i);
  return pos;
}

PyPlan py_plan(const Shape& shape, const Attrs& at) {
  std::vector<PyItem> items = py_items(at);
  int rank = static_cast<int>(shape.size()), used = 0;
  bool has_ellipsis = false;
  for (const PyItem& it : items) {
    used += it.kind == PyItem::kSlice || it.kind == PyItem::kInt;
    has_ellipsis = has_ellipsis || it.kind == PyItem::kEllipsis;
  }
  if (!has_ellipsis) items.push_back({PyItem::kEllipsis, false, false, 0, 0, 1});
  if (used > rank) throw Error("too many indices");
  PyPlan p;
  p.positions.resize(rank);
  int d = 0;
  for (const PyItem& it : items) {
    if (it.kind == PyItem::kNone) {
      p.out_shape.push_back(1);
      p.out_dim.push_back(-1);
      continue;
    }
    int count = it.kind == PyItem::kEllipsis ? rank - used : 1;
    for (int k = 0; k < count; ++k, ++d) {
      if (it.kind == PyItem::kInt) {
        int64_t i = it.start < 0 ? it.start + shape[d] : it.start;
        if (i < 0 || i >= shape[d]) throw Error("index out of range");
        p.positions[d] = {i};
        continue;
      }
      PyItem whole{PyItem::kSlice, false, false, 0, 0, 1};
      p.positions[d] = py_slice_positions(it.kind == PyItem::kEllipsis ? whole : it, shape[d]);
      p.out_shape.push_back(static_cast<int64_t>(p.positions[d].size()));
      p.out_dim.push_back(d);
    }
  }
  return p;
}

#if TENSORPAD_REFERENCES
// The plan's positions as xt::keep slices: the selected region with every input dim kept (an
// index as a dim of 1), in the row-major order of the result.
xt::xdynamic_slice_vector keep_slices(const PyPlan& p) {
  xt::xdynamic_slice_vector sv;
  for (const Ints& pos : p.positions)
    sv.push_back(xt::keep(std::vector<std::ptrdiff_t>(pos.begin(), pos.end())));
  return sv;
}

Tensors strided_slice_reference(const Tensors& in, const Attrs& at) {
  const ref::Array x = ref::to_xarray(in[0]);
  const PyPlan p = py_plan(in[0].shape(), at);
  ref::Array r = ref::Array::from_shape(ref::xshape(p.out_shape));
  if (r.size() > 0) r = xt::reshape_view(xt::eval(xt::dynamic_view(x, keep_slices(p))), r.shape());
  return {ref::to_tensor(r, ref::result_dtype(in[0].dtype()))};
}
#endif

#if TENSORPAD_REFERENCES
// x[index] = value the NumPy way: value broadcast to the region's shape.
Tensors strided_slice_update_reference(const Tensors& in, const Attrs& at) {
  ref::Array x = ref::to_xarray(in[0]);
  const PyPlan p = py_plan(in[0].shape(), at);
  if (shape_size(p.out_shape) > 0) {
    auto region = xt::dynamic_view(x, keep_slices(p));
    const ref::Array v = xt::broadcast(ref::to_xarray(in[1]), ref::xshape(p.out_shape));
    region = xt::reshape_view(v, region.shape());
  }
  return {ref::to_tensor(x, ref::result_dtype(in[0].dtype()))};
}
#endif

Tensors reverse_forward(const Tensors& in, const Attrs& at) {
  const Tensor& x = in[0];
  Strides st = x.strides();
  int64_t off = x.offset();
  for (int a : normalize_axes("reverse", at.ints("axis"), x.rank(), true)) {
    if (x.dim(a) > 0) off += (x.dim(a) - 1) * st[a];
    st[a] = -st[a];
  }
  return {x.view(x.shape(), st, off)};
}

// reverse is its own adjoint.
Tensor reverse_back(const Tensor& g, const Tensors&, const Attrs& at) {
  return call_op1(OpId::reverse, {g}, at);
}

#if TENSORPAD_REFERENCES
Tensors reverse_reference(const Tensors& in, const Attrs& at) {
  ref::Array x = ref::to_xarray(in[0]);
  std::vector<size_t> axes;
  for (int64_t a : at.ints("axis")) axes.push_back(ref::axis_index(a, x.dimension()));
  if (at.ints("axis").empty())
    for (size_t d = 0; d < x.dimension(); ++d) axes.push_back(d);
  for (size_t a : axes) x = xt::eval(xt::flip(x, a));
  return {ref::to_tensor(x, ref::result_dtype(in[0].dtype()))};
}
#endif

Tensors copy_forward(const Tensors& in, const Attrs&) {
  Tensor out = Tensor::empty(in[0].dtype(), in[0].shape());
  copy_view(in[0], out);
  return {out};
}

Tensor copy_back(const Tensor& g, const Tensors&, const Attrs&) { return g; }

#if TENSORPAD_REFERENCES
Tensors copy_reference(const Tensors& in, const Attrs&) {
  return {ref::to_tensor(ref::to_xarray(in[0]), ref::result_dtype(in[0].dtype()))};
}
#endif

Tensor in(DType dt, const Shape& s, uint32_t seed) { return test_input(dt, s, -5, 5, seed); }
Tensor view_in(char kind, DType dt, const Shape& s, uint32_t seed) {
  return test_view(kind, dt, s, -5, 5, seed);
}
Attrs one(const char* name, AttrValue v) { return Attrs().set(name, std::move(v)); }

// The same attributes on each layout of an input: contiguous, transposed, strided, reversed.
void all_layouts(std::vector<TestCase>& cs, const std::string& label, DType dt, const Shape& s,
                 const Attrs& at) {
  cs.push_back({label, {in(dt, s, 11)}, at});
  for (char k : {'T', 'S', 'R'}) cs.push_back({label + " view " + k, {view_in(k, dt, s, 12)}, at});
}

void all_dtypes(std::vector<TestCase>& cs, const std::string& label, const Shape& s,
                const Attrs& at) {
  for (DType dt : kAllDTypes) all_layouts(cs, label + " " + dtype_name(dt), dt, s, at);
}

std::vector<TestCase> reshape_cases() {
  std::vector<TestCase> cs;
  all_dtypes(cs, "[2,3,4]->[4,-1]", {2, 3, 4}, one("shape", Ints{4, -1}));
  all_dtypes(cs, "[3,4]->[3,2,2]", {3, 4}, one("shape", Ints{3, 2, 2}));
  all_layouts(cs, "[3,4]->[12]", DType::f32, {3, 4}, one("shape", Ints{12}));
  all_layouts(cs, "[4,6]->[2,2,3,2]", DType::f32, {4, 6}, one("shape", Ints{2, 2, 3, 2}));
  all_layouts(cs, "[2,1,6]->[1,2,6,1]", DType::f32, {2, 1, 6}, one("shape", Ints{1, 2, 6, 1}));
  all_layouts(cs, "[1001]->[7,-1]", DType::f32, {1001}, one("shape", Ints{7, -1}));
  all_layouts(cs, "rank 6 [1,2,3,1,2,2]->[6,4]", DType::i32, {1, 2, 3, 1, 2, 2},
              one("shape", Ints{6, 4}));
  all_layouts(cs, "[6,4]->rank 6", DType::f32, {6, 4}, one("shape", Ints{2, 1, 3, 2, 2, 1}));
  cs.push_back({"scalar->[1,1]", {in(DType::f32, {}, 1)}, one("shape", Ints{1, 1})});
  cs.push_back({"[1]->scalar", {in(DType::b8, {1}, 1)}, one("shape", Ints{})});
  cs.push_back({"scalar->[-1]", {in(DType::f64, {}, 1)}, one("shape", Ints{-1})});
  cs.push_back({"[0,3]->[3,0]", {in(DType::f32, {0, 3}, 1)}, one("shape", Ints{3, 0})});
  cs.push_back({"[0,3]->[-1,3]", {in(DType::f32, {0, 3}, 1)}, one("shape", Ints{-1, 3})});
  cs.push_back({"[2,0,3]->[0,-1]", {in(DType::i32, {2, 0, 3}, 1)}, one("shape", Ints{0, -1})});
  return cs;
}

std::vector<TestCase> transpose_cases() {
  std::vector<TestCase> cs;
  all_dtypes(cs, "[2,3,4] default", {2, 3, 4}, one("perm", Ints{}));
  all_layouts(cs, "[2,3,4] perm [1,0,2]", DType::f32, {2, 3, 4}, one("perm", Ints{1, 0, 2}));
  all_layouts(cs, "[2,3,4] perm [-1,0,1]", DType::f32, {2, 3, 4}, one("perm", Ints{-1, 0, 1}));
  all_layouts(cs, "[33,17]", DType::f32, {33, 17}, one("perm", Ints{}));
  all_layouts(cs, "rank 6", DType::i32, {2, 1, 3, 1, 2, 2}, one("perm", Ints{5, 3, 1, 0, 2, 4}));
  all_layouts(cs, "rank 1", DType::f32, {9}, one("perm", Ints{0}));
  cs.push_back({"scalar", {in(DType::f32, {}, 1)}, one("perm", Ints{})});
  cs.push_back({"[0,3]", {in(DType::b8, {0, 3}, 1)}, one("perm", Ints{})});
  return cs;
}

std::vector<TestCase> expand_dims_cases() {
  std::vector<TestCase> cs;
  for (int64_t a : {0, 1, 2, -1, -3})
    all_dtypes(cs, "[3,4] axis " + std::to_string(a), {3, 4}, one("axis", a));
  for (int64_t a : {0, -1})
    cs.push_back({"scalar axis " + std::to_string(a), {in(DType::f32, {}, 1)}, one("axis", a)});
  all_layouts(cs, "rank 5 -> 6", DType::f32, {2, 3, 1, 2, 2}, one("axis", int64_t{3}));
  cs.push_back({"[0,3] axis 1", {in(DType::i32, {0, 3}, 1)}, one("axis", int64_t{1})});
  return cs;
}

std::vector<TestCase> squeeze_cases() {
  std::vector<TestCase> cs;
  all_dtypes(cs, "[1,3,1,2] all", {1, 3, 1, 2}, one("axis", Ints{}));
  all_layouts(cs, "[1,3,1,2] axis [-2]", DType::f32, {1, 3, 1, 2}, one("axis", Ints{-2}));
  all_layouts(cs, "[1,3,1,2] axis [2,0]", DType::f32, {1, 3, 1, 2}, one("axis", Ints{2, 0}));
  all_layouts(cs, "rank 6", DType::b8, {1, 2, 1, 3, 1, 1}, one("axis", Ints{}));
  all_layouts(cs, "[3,4] nothing to squeeze", DType::f32, {3, 4}, one("axis", Ints{}));
  cs.push_back({"scalar", {in(DType::f32, {}, 1)}, one("axis", Ints{})});
  cs.push_back({"[1]", {in(DType::f64, {1}, 1)}, one("axis", Ints{0})});
  cs.push_back({"[1,0,1] axis [0]", {in(DType::f32, {1, 0, 1}, 1)}, one("axis", Ints{0})});
  return cs;
}

std::vector<TestCase> broadcast_to_cases() {
  std::vector<TestCase> cs;
  all_dtypes(cs, "[3]->[2,3]", {3}, one("shape", Ints{2, 3}));
  all_dtypes(cs, "[1,3]->[4,3]", {1, 3}, one("shape", Ints{4, 3}));
  all_layouts(cs, "[2,1]->[3,2,5]", DType::f32, {2, 1}, one("shape", Ints{3, 2, 5}));
  all_layouts(cs, "[2,1]->[2,0]", DType::f32, {2, 1}, one("shape", Ints{2, 0}));
  all_layouts(cs, "[1,1,1,1,1,1]->rank 6", DType::i32, {1, 1, 1, 1, 1, 1},
              one("shape", Ints{2, 1, 3, 1, 2, 1}));
  all_layouts(cs, "[17] unchanged", DType::f32, {17}, one("shape", Ints{17}));
  cs.push_back({"scalar->[2,2]", {in(DType::f32, {}, 1)}, one("shape", Ints{2, 2})});
  cs.push_back({"scalar->scalar", {in(DType::b8, {}, 1)}, one("shape", Ints{})});
  return cs;
}

Attrs slice_attrs(Ints b, Ints e, Ints s, int64_t bm = 0, int64_t em = 0, int64_t ell = 0,
                  int64_t na = 0, int64_t sh = 0) {
  Attrs a;
  a.set("begin", std::move(b)).set("end", std::move(e)).set("strides", std::move(s));
  a.set("beginMask", bm).set("endMask", em).set("ellipsisMask", ell);
  return a.set("newAxisMask", na).set("shrinkAxisMask", sh);
}

// Random slice specs (kinds, masks, bounds beyond the dims, negative strides) on random shapes,
// dtypes and layouts. Specs the Python reference rejects are redrawn, so all cases are valid.
std::vector<TestCase> random_slice_cases(int count, uint32_t seed, bool with_value) {
  std::mt19937 g(seed);
  auto uni = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(g);
  };
  std::vector<TestCase> cs;
  while (static_cast<int>(cs.size()) < count) {
    Shape shape(uni(0, 5));
    for (int64_t& d : shape) d = uni(0, 9) == 0 ? 0 : uni(1, 5);
    size_t n = static_cast<size_t>(uni(0, static_cast<int64_t>(shape.size()) + 2));
    Ints b(n), e(n), s(n);
    int64_t masks[5] = {0, 0, 0, 0, 0};
    bool ellipsis = false;
    for (size_t i = 0; i < n; ++i) {
      b[i] = uni(-7, 7);
      e[i] = uni(-7, 7);
      s[i] = uni(0, 1) ? uni(1, 3) : -uni(1, 3);
      for (int m = 0; m < 2; ++m) masks[m] |= uni(0, 2) == 0 ? int64_t{1} << i : 0;
      int64_t kind = uni(0, 9);
      if (kind == 0 && !ellipsis) masks[2] |= int64_t{1} << i, ellipsis = true;
      if (kind == 1 || kind == 2) masks[3] |= int64_t{1} << i;
      if (kind >= 2 && kind <= 4) masks[4] |= int64_t{1} << i, s[i] = uni(1, 3);
    }
    Attrs at = slice_attrs(b, e, s, masks[0], masks[1], masks[2], masks[3], masks[4]);
    PyPlan p;
    try {
      p = py_plan(shape, at);
    } catch (const Error&) {
      continue;
    }
    if (p.out_shape.size() > static_cast<size_t>(kMaxRank)) continue;
    DType dt = kAllDTypes[uni(0, 3)];
    char layout = "CTSR"[uni(0, 3)];
    Tensor x = layout == 'C' ? in(dt, shape, seed) : view_in(layout, dt, shape, seed);
    Tensors inputs{x};
    if (with_value) {
      Shape vs = p.out_shape;
      vs.erase(vs.begin(), vs.begin() + uni(0, static_cast<int64_t>(vs.size())));
      for (int64_t& d : vs) d = uni(0, 2) == 0 ? 1 : d;
      inputs.push_back(in(dt, vs, seed + 1));
    }
    cs.push_back({"random " + std::to_string(cs.size()) + " x" + layout, inputs, at});
    ++seed;
  }
  return cs;
}

// Each mask bit alone on [4,5,6], with positive strides and with negative ones (no index there:
// TF requires a positive stride for an index).
std::vector<TestCase> mask_bit_cases(bool with_value) {
  std::vector<TestCase> cs;
  const char* names[] = {"beginMask", "endMask", "ellipsisMask", "newAxisMask", "shrinkAxisMask"};
  Ints pb{1, -4, 1}, pe{3, -1, 6}, ps{1, 2, 2}, nb{3, -1, 5}, ne{0, -6, 0}, ns{-1, -2, -3};
  for (int m = 0; m < 5; ++m) {
    for (int i = 0; i < 3; ++i) {
      int64_t masks[5] = {0, 0, 0, 0, 0};
      masks[m] = int64_t{1} << i;
      for (bool neg : {false, true}) {
        if (neg && m == 4) continue;
        Attrs at = neg ? slice_attrs(nb, ne, ns, masks[0], masks[1], masks[2], masks[3], masks[4])
                       : slice_attrs(pb, pe, ps, masks[0], masks[1], masks[2], masks[3], masks[4]);
        Tensor x = in(DType::f32, {4, 5, 6}, 3);
        Tensors inputs{x};
        if (with_value) inputs.push_back(in(DType::f32, py_plan(x.shape(), at).out_shape, 4));
        cs.push_back({std::string(names[m]) + " bit " + std::to_string(i) + (neg ? " neg" : ""),
                      inputs, at});
      }
    }
  }
  return cs;
}

// The NumPy-style indexing of the TypeScript API, t.at('...'), as it lowers to stridedSlice.
std::vector<std::pair<std::string, Attrs>> named_slices() {
  return {
      {"t[0, 1]", slice_attrs({0, 1}, {1, 2}, {1, 1}, 0, 0, 0, 0, 3)},
      {"t[:, 2]", slice_attrs({0, 2}, {0, 3}, {1, 1}, 1, 1, 0, 0, 2)},
      {"t[..., ::-1]", slice_attrs({0, 0}, {0, 0}, {1, -1}, 2, 2, 1)},
      {"t[1:, None]", slice_attrs({1, 0}, {0, 0}, {1, 1}, 0, 1, 0, 2)},
      {"t[-1]", slice_attrs({-1}, {0}, {1}, 0, 0, 0, 0, 1)},
      {"t[::-2, 1:-1]", slice_attrs({0, 1}, {0, -1}, {-2, 1}, 1, 1)},
      {"t[None, ..., None]", slice_attrs({0, 0, 0}, {0, 0, 0}, {1, 1, 1}, 0, 0, 2, 5)},
      {"t[-100:100, 5:1:-1]", slice_attrs({-100, 5}, {100, 1}, {1, -1})},
      {"t[3:1]", slice_attrs({3}, {1}, {1})},
      {"t[]", slice_attrs({}, {}, {})},
  };
}

std::vector<TestCase> strided_slice_cases() {
  std::vector<TestCase> cs;
  for (auto& [label, at] : named_slices()) all_dtypes(cs, label + " on [3,4]", {3, 4}, at);
  for (TestCase& c : mask_bit_cases(false)) cs.push_back(c);
  for (TestCase& c : random_slice_cases(300, 100, false)) cs.push_back(c);
  all_layouts(cs, "[1001] 3:1000:7", DType::f32, {1001}, slice_attrs({3}, {1000}, {7}));
  all_layouts(cs, "[33,17] ::-1, ::-3", DType::f32, {33, 17},
              slice_attrs({0, 0}, {0, 0}, {-1, -3}, 3, 3));
  all_layouts(cs, "rank 6 [1, ..., ::-1, 0]", DType::i32, {2, 3, 1, 2, 3, 2},
              slice_attrs({1, 0, 0, 0}, {2, 0, 0, 1}, {1, 1, -1, 1}, 4, 4, 2, 0, 9));
  cs.push_back({"scalar t[]", {in(DType::f32, {}, 1)}, slice_attrs({}, {}, {})});
  cs.push_back({"scalar t[None]", {in(DType::f32, {}, 1)}, slice_attrs({0}, {0}, {1}, 0, 0, 0, 1)});
  cs.push_back({"scalar t[...]", {in(DType::b8, {}, 1)}, slice_attrs({0}, {0}, {1}, 0, 0, 1)});
  cs.push_back({"[0,3] t[1:, -1]",
                {in(DType::f32, {0, 3}, 1)},
                slice_attrs({1, -1}, {0, 0}, {1, 1}, 0, 1, 0, 0, 2)});
  return cs;
}

std::vector<TestCase> strided_slice_update_cases() {
  std::vector<TestCase> cs;
  for (auto& [label, at] : named_slices()) {
    for (DType dt : kAllDTypes) {
      Tensor x = in(dt, {3, 4}, 5);
      Shape region = py_plan(x.shape(), at).out_shape;
      cs.push_back({label + " " + dtype_name(dt), {x, in(dt, region, 6)}, at});
      cs.push_back({label + " scalar value " + dtype_name(dt), {x, in(dt, {}, 6)}, at});
      cs.push_back({label + " T view " + dtype_name(dt),
                    {view_in('T', dt, {3, 4}, 7), view_in('R', dt, region, 8)},
                    at});
    }
  }
  for (TestCase& c : mask_bit_cases(true)) cs.push_back(c);
  for (TestCase& c : random_slice_cases(200, 900, true)) cs.push_back(c);
  cs.push_back({"[1001] 3:1000:7",
                {in(DType::f32, {1001}, 1), in(DType::f32, {143}, 2)},
                slice_attrs({3}, {1000}, {7})});
  cs.push_back({"scalar", {in(DType::f32, {}, 1), in(DType::f32, {}, 2)}, slice_attrs({}, {}, {})});
  return cs;
}

std::vector<TestCase> reverse_cases() {
  std::vector<TestCase> cs;
  all_dtypes(cs, "[3,4] all", {3, 4}, one("axis", Ints{}));
  all_layouts(cs, "[2,3,4] axis [1]", DType::f32, {2, 3, 4}, one("axis", Ints{1}));
  all_layouts(cs, "[2,3,4] axis [-1,0]", DType::f32, {2, 3, 4}, one("axis", Ints{-1, 0}));
  all_layouts(cs, "[1001]", DType::f32, {1001}, one("axis", Ints{0}));
  all_layouts(cs, "rank 6", DType::i32, {2, 1, 3, 2, 1, 2}, one("axis", Ints{0, 2, 5}));
  cs.push_back({"scalar", {in(DType::f32, {}, 1)}, one("axis", Ints{})});
  cs.push_back({"[0,3]", {in(DType::f32, {0, 3}, 1)}, one("axis", Ints{0, 1})});
  return cs;
}

std::vector<TestCase> copy_cases() {
  std::vector<TestCase> cs;
  for (const Shape& s : std::vector<Shape>{{3, 4}, {1, 7, 1}, {33, 17}, {1001}, {2, 1, 3, 1, 2, 2}})
    all_dtypes(cs, shape_str(s), s, {});
  cs.push_back({"scalar", {in(DType::f32, {}, 1)}, {}});
  cs.push_back({"[0,3]", {in(DType::f32, {0, 3}, 1)}, {}});
  Tensor row = in(DType::f32, {5}, 2);
  cs.push_back({"broadcast view", {row.view({4, 5}, {0, 1}, 0)}, {}});
  return cs;
}

}  // namespace

void register_shape_ops() {
  const AttrSpec kSliceAttrs[] = {
      {"begin", AttrKind::Ints, Ints{}},          {"end", AttrKind::Ints, Ints{}},
      {"strides", AttrKind::Ints, Ints{}},        {"beginMask", AttrKind::Int, int64_t{0}},
      {"endMask", AttrKind::Int, int64_t{0}},     {"ellipsisMask", AttrKind::Int, int64_t{0}},
      {"newAxisMask", AttrKind::Int, int64_t{0}}, {"shrinkAxisMask", AttrKind::Int, int64_t{0}}};
  const std::vector<AttrSpec> slice(std::begin(kSliceAttrs), std::end(kSliceAttrs));
  define_op(
      OpId::reshape, 1, {{"shape", AttrKind::Ints, Ints{}, true}}, reshape_forward,
      TP_REFERENCE(reshape_reference), reshape_cases,
      "New shape with the same elements in row-major order; one -1 is inferred. A view unless the "
      "strides cannot express it.");
  define_op(OpId::transpose, 1, {{"perm", AttrKind::Ints, Ints{}}}, transpose_forward,
            TP_REFERENCE(transpose_reference), transpose_cases,
            "Permutes the axes (default: reversed); a view.");
  define_op(OpId::expandDims, 1, {{"axis", AttrKind::Int, int64_t{0}}}, expand_dims_forward,
            TP_REFERENCE(expand_dims_reference), expand_dims_cases,
            "Inserts a size-1 axis at axis in [-rank-1, rank]; a view.");
  define_op(OpId::squeeze, 1, {{"axis", AttrKind::Ints, Ints{}}}, squeeze_forward,
            TP_REFERENCE(squeeze_reference), squeeze_cases,
            "Removes the listed size-1 axes (default: all size-1 axes); a view.");
  define_op(OpId::broadcastTo, 1, {{"shape", AttrKind::Ints, Ints{}, true}}, broadcast_to_forward,
            TP_REFERENCE(broadcast_to_reference), broadcast_to_cases,
            "NumPy-broadcasts to shape; a view with stride 0 on the stretched axes.");
  define_op(
      OpId::stridedSlice, 1, slice, strided_slice_forward, TP_REFERENCE(strided_slice_reference),
      strided_slice_cases,
      "tf.strided_slice with all five masks (Python slice clamping, negative strides, new axes, "
      "indices); strides default to 1; a view.");
  define_op(
      OpId::stridedSliceUpdate, 2, slice, strided_slice_update_forward,
      TP_REFERENCE(strided_slice_update_reference), strided_slice_update_cases,
      "A copy of x whose stridedSlice region is replaced by value broadcast to the region's shape "
      "(slice assignment).");
  define_op(
      OpId::reverse, 1, {{"axis", AttrKind::Ints, Ints{}}}, reverse_forward,
      TP_REFERENCE(reverse_reference), reverse_cases,
      "Reverses the listed axes (default: all, like tf.reverse in TF.js); a negative-stride view.");
  define_op(OpId::copy, 1, {}, copy_forward, TP_REFERENCE(copy_reference), copy_cases,
            "A contiguous copy with its own storage (identity that really copies).");
  // Pure data movement: results are exact.
  for (OpId id :
       {OpId::reshape, OpId::transpose, OpId::expandDims, OpId::squeeze, OpId::broadcastTo,
        OpId::stridedSlice, OpId::stridedSliceUpdate, OpId::reverse, OpId::copy})
    entry(id).rtol = entry(id).atol = 0;
  set_rules(OpId::reshape, linear_vjp<reshape_back>, linear_jvp<OpId::reshape>);
  set_rules(OpId::transpose, linear_vjp<transpose_back>, linear_jvp<OpId::transpose>);
  set_rules(OpId::expandDims, linear_vjp<reshape_back>, linear_jvp<OpId::expandDims>);
  set_rules(OpId::squeeze, linear_vjp<reshape_back>, linear_jvp<OpId::squeeze>);
  set_rules(OpId::broadcastTo, linear_vjp<broadcast_to_back>, linear_jvp<OpId::broadcastTo>);
  set_rules(OpId::stridedSlice, linear_vjp<strided_slice_back>, linear_jvp<OpId::stridedSlice>);
  set_rules(OpId::stridedSliceUpdate, strided_slice_update_vjp, strided_slice_update_jvp);
  set_rules(OpId::reverse, linear_vjp<reverse_back>, linear_jvp<OpId::reverse>);
  set_rules(OpId::copy, linear_vjp<copy_back>, linear_jvp<OpId::copy>);
}

}  // namespace tensorpad::ops_detail
