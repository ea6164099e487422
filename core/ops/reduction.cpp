// Reductions (sum mean max min prod argMax argMin logSumExp any all), softmax, logSoftmax,
// cumsum, cumprod and topk.
//
// Layout: a strided input is read as a dense row-major block over a permutation of its dimensions
// when its strides allow (transposed views need no copy), else it is copied once. Adjacent
// dimensions that are both kept or both reduced merge, leaving alternating groups of kept and
// reduced dimensions. Each reduced group is then either a contiguous-run reduction
// (kernels::reduce_rows) or a column reduction vectorised across the kept inner group
// (kernels::reduce_cols), innermost first, until one group remains. When the block's kept
// dimensions are not in the input's order, the result is written back through a permuted view.
//
// Conventions follow TensorFlow: int32 sum/prod wrap around; int32 mean is the sum divided with
// truncation toward zero (0 for an empty set); max/min/logSumExp propagate NaN; argMax/argMin skip
// NaN (an all-NaN lane gives 0); empty reductions give 0 (sum), 1 (prod), -inf/+inf (float
// max/min; int32: the lowest/highest int32), NaN (float mean), -inf (logSumExp), false (any),
// true (all); argMax/argMin over an empty axis is an error.
#include <algorithm>
#include <cmath>
#include <limits>

#include "../kernels/reduce.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include <numeric>

#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

using kernels::Reduce;

// Calls f(Tag<T>{}) for the numeric dtypes only (bool is rejected by the caller beforehand).
template <class F>
void dispatch_numeric(DType d, F&& f) {
  dispatch(d, [&](auto tag) {
    if constexpr (!std::is_same_v<typename decltype(tag)::type, uint8_t>) f(tag);
  });
}

// ---- Layout planning -------------------------------------------------------------------------

struct Plan {
  std::vector<bool> reduced;  // per dimension of the input
  bool keep_dims = false;
  Shape out_shape;
  int64_t count = 1;  // elements reduced into each output
};

Plan make_plan(const char* op, const Tensor& x, const std::vector<int64_t>& axes, bool keep_dims) {
  Plan p;
  p.keep_dims = keep_dims;
  p.reduced.assign(x.rank(), false);
  for (int a : normalize_axes(op, axes, x.rank(), true)) p.reduced[a] = true;
  for (int d = 0; d < x.rank(); ++d) {
    if (p.reduced[d]) p.count *= x.dim(d);
    if (!p.reduced[d])
      p.out_shape.push_back(x.dim(d));
    else if (keep_dims)
      p.out_shape.push_back(1);
  }
  return p;
}

struct Group {
  int64_t size;
  bool reduced;
};

// The input's dimensions of size > 1, outermost first, such that `data` is a dense row-major
// block over them: x itself when its strides are a permutation of dense ones, else a copy.
struct Dense {
  Tensor data;
  std::vector<int> dims;
};

Dense dense_layout(const Tensor& x) {
  auto big_dims = [](const Tensor& t) {
    std::vector<int> dims;
    for (int d = 0; d < t.rank(); ++d)
      if (t.dim(d) != 1) dims.push_back(d);
    return dims;
  };
  std::vector<int> dims = big_dims(x);
  const Strides& st = x.strides();
  bool dense = std::all_of(dims.begin(), dims.end(), [&](int d) { return st[d] > 0; });
  if (dense) {
    std::stable_sort(dims.begin(), dims.end(), [&](int a, int b) { return st[a] > st[b]; });
    int64_t expect = 1;
    for (size_t k = dims.size(); k-- > 0 && dense;) {
      dense = st[dims[k]] == expect;
      expect *= x.dim(dims[k]);
    }
  }
  if (dense) return {x, dims};
  Tensor c = x.contiguous();
  return {c, big_dims(c)};
}

// Runs kernel(groups, block, dst): `block` is the input as a dense tensor of shape [group sizes]
// and dst receives the kept dimensions in group order; the result lands in `out` in x's order.
// The kernel is a function pointer and its context, so that this planning is compiled once rather
// than once per (op, dtype) (it made up most of the reductions' dispatch code).
using LayoutKernel = void (*)(const void* ctx, const std::vector<Group>& groups,
                              const Tensor& block, void* dst);

[[gnu::noinline]] void run_on_layout(const Tensor& x, const Plan& p, Tensor& out,
                                     LayoutKernel kernel_fn, const void* ctx) {
  auto kernel = [&](const std::vector<Group>& g, const Tensor& block, void* dst) {
    kernel_fn(ctx, g, block, dst);
  };
  Dense d = dense_layout(x);
  std::vector<Group> groups;
  std::vector<int> kept;
  for (int dim : d.dims) {
    if (!p.reduced[dim]) kept.push_back(dim);
    if (!groups.empty() && groups.back().reduced == p.reduced[dim])
      groups.back().size *= x.dim(dim);
    else
      groups.push_back({x.dim(dim), p.reduced[dim]});
  }
  Shape block_shape;
  for (const Group& g : groups) block_shape.push_back(g.size);
  Tensor block = d.data.view(block_shape, contiguous_strides(block_shape), d.data.offset());
  const bool natural = std::is_sorted(kept.begin(), kept.end());
  Tensor dst = natural ? out : Tensor::empty(out.dtype(), {out.size()});
  kernel(groups, block, dst.raw());
  if (natural) return;
  Strides by_dim(x.rank(), 0);
  int64_t stride = 1;
  for (size_t k = kept.size(); k-- > 0;) {
    by_dim[kept[k]] = stride;
    stride *= x.dim(kept[k]);
  }
  Strides out_strides;
  for (int dim = 0; dim < x.rank(); ++dim)
    if (!p.reduced[dim] || p.keep_dims) out_strides.push_back(by_dim[dim]);
  copy_into(dst.view(out.shape(), out_strides, 0), out);
}

template <class F>
void run_on_layout(const Tensor& x, const Plan& p, Tensor& out, const F& kernel) {
  run_on_layout(
      x, p, out,
      [](const void* ctx, const std::vector<Group>& g, const Tensor& block, void* dst) {
        (*static_cast<const F*>(ctx))(g, block, dst);
      },
      &kernel);
}

struct Lanes {
  int64_t outer = 1, n = 1, inner = 1;
};

// The block as [outer, n, inner] around its single reduced group (n = 1 when there is none).
Lanes lanes_of(const std::vector<Group>& groups) {
  Lanes l;
  bool seen = false;
  for (const Group& g : groups) {
    if (g.reduced) {
      l.n = g.size;
      seen = true;
    } else {
      (seen ? l.inner : l.outer) *= g.size;
    }
  }
  return l;
}

Lanes lanes_of(const Shape& s, int axis) {
  Lanes l;
  for (int d = 0; d < static_cast<int>(s.size()); ++d)
    (d < axis ? l.outer : d > axis ? l.inner : l.n) *= s[d];
  return l;
}

// ---- Reductions ------------------------------------------------------------------------------

// Whether x is dense row-major with its reduced dimensions (of size > 1) in one run, as [outer, n,
// inner]: then run_on_layout would plan exactly one kernel call, which small graphs (a loss's mean,
// a bias gradient's sum) make without its planning vectors.
bool single_run(const Tensor& x, const Plan& p, Lanes& l) {
  if (!x.is_contiguous()) return false;
  int runs = 0;
  bool prev = false, seen = false;
  for (int d = 0; d < x.rank(); ++d) {
    const int64_t size = x.dim(d);
    if (size == 1) continue;
    const bool red = p.reduced[d];
    if (red && !(seen && prev)) ++runs;
    if (red) l.n *= size;
    else (runs ? l.inner : l.outer) *= size;
    prev = red;
    seen = true;
  }
  return runs == 1;
}

// Reduces the groups innermost first; intermediates are contiguous [outer, inner] buffers.
template <class T>
void reduce_groups(Reduce op, std::vector<Group> g, const T* src, T* dst) {
  Tensor held;
  for (;;) {
    int r = static_cast<int>(g.size()) - 1;
    while (r >= 0 && !g[r].reduced) --r;
    int64_t outer = 1, inner = 1;
    for (int i = 0; i < static_cast<int>(g.size()); ++i)
      if (i != r) (i < r ? outer : inner) *= g[i].size;
    if (r < 0) {
      std::copy(src, src + outer * inner, dst);
      return;
    }
    const bool last =
        std::none_of(g.begin(), g.begin() + r, [](const Group& x) { return x.reduced; });
    Tensor next = last ? Tensor() : Tensor::empty(dtype_of<T>(), {outer * inner});
    T* to = last ? dst : next.data<T>();
    if (inner == 1)
      kernels::reduce_rows(op, src, outer, g[r].size, to);
    else
      kernels::reduce_cols(op, src, outer, g[r].size, inner, to);
    if (last) return;
    g.erase(g.begin() + r);
    if (r > 0 && r < static_cast<int>(g.size())) {
      g[r - 1].size *= g[r].size;
      g.erase(g.begin() + r);
    }
    src = to;
    held = next;
  }
}

Reduce kernel_op(OpId id) {
  switch (id) {
    case OpId::prod:
      return Reduce::prod;
    case OpId::max:
    case OpId::any:
      return Reduce::max;  // bool is 0/1
    case OpId::min:
    case OpId::all:
      return Reduce::min;
    default:
      return Reduce::sum;
  }
}

template <class T>
void divide_by(Tensor& out, int64_t count) {
  T* p = out.data<T>();
  if constexpr (std::is_integral_v<T>) {
    if (count == 0) return;
    for (int64_t i = 0; i < out.size(); ++i) p[i] = static_cast<T>(p[i] / count);
  } else {
    for (int64_t i = 0; i < out.size(); ++i)
      p[i] = static_cast<T>(static_cast<double>(p[i]) / count);
  }
}

template <class T>
void logsumexp_groups(const std::vector<Group>& g, const Tensor& block, T* dst) {
  const int reduced_groups =
      static_cast<int>(std::count_if(g.begin(), g.end(), [](const Group& x) { return x.reduced; }));
  if (reduced_groups <= 1) {
    const Lanes l = lanes_of(g);
    if (l.inner == 1)
      kernels::logsumexp_rows(block.data<T>(), l.outer, l.n, dst);
    else
      kernels::logsumexp_cols(block.data<T>(), l.outer, l.n, l.inner, dst);
    return;
  }
  // Several reduced groups: one copy with the kept groups first makes it a row reduction.
  Shape shape;
  Strides strides;
  int64_t rows = 1, n = 1;
  for (bool want_reduced : {false, true})
    for (size_t i = 0; i < g.size(); ++i)
      if (g[i].reduced == want_reduced) {
        shape.push_back(g[i].size);
        strides.push_back(block.strides()[i]);
        (want_reduced ? n : rows) *= g[i].size;
      }
  Tensor t = block.view(shape, strides, block.offset()).clone();
  kernels::logsumexp_rows(t.data<T>(), rows, n, dst);
}

Tensor reduce(OpId id, const Tensor& x, const Attrs& a) {
  const char* name = op_def(id).name;
  if (id == OpId::any || id == OpId::all)
    require_bool(name, x);
  else if (id == OpId::logSumExp)
    require_floating(name, x);
  else
    require_numeric(name, x);
  const Plan p = make_plan(name, x, a.ints("axis"), a.b("keepDims"));
  Tensor out = Tensor::empty(x.dtype(), p.out_shape);
  if (out.size() == 0) return out;
  dispatch(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* o = out.data<T>();
    if (id == OpId::logSumExp) {
      if constexpr (std::is_floating_point_v<T>) {
        if (x.size() == 0) return kernels::logsumexp_rows(o, out.size(), 0, o);
        run_on_layout(x, p, out, [&](const std::vector<Group>& g, const Tensor& block, void* dst) {
          logsumexp_groups<T>(g, block, static_cast<T*>(dst));
        });
      }
      return;
    }
    const Reduce op = kernel_op(id);
    if (x.size() == 0) {
      if constexpr (std::is_same_v<T, uint8_t>)
        std::fill(o, o + out.size(), id == OpId::all);
      else
        kernels::reduce_rows(op, o, out.size(), 0, o);  // n = 0 writes the identity
    } else if (Lanes l; single_run(x, p, l)) {
      if (l.inner == 1) kernels::reduce_rows(op, x.data<T>(), l.outer, l.n, o);
      else kernels::reduce_cols(op, x.data<T>(), l.outer, l.n, l.inner, o);
    } else {
      run_on_layout(x, p, out, [&](const std::vector<Group>& g, const Tensor& block, void* dst) {
        reduce_groups<T>(op, g, block.data<T>(), static_cast<T*>(dst));
      });
    }
    if (id == OpId::mean) divide_by<T>(out, p.count);
  });
  return out;
}

Tensor argreduce(OpId id, const Tensor& x, const Attrs& a) {
  const char* name = op_def(id).name;
  require_numeric(name, x);
  const int axis = normalize_axis(name, a.i("axis"), x.rank());
  if (x.dim(axis) == 0)
    fail(name, ": cannot reduce over the empty axis ", axis, " of shape ", shape_str(x.shape()));
  const Plan p = make_plan(name, x, {axis}, false);
  Tensor out = Tensor::empty(DType::i32, p.out_shape);
  if (out.size() == 0) return out;
  const bool min = id == OpId::argMin;
  dispatch_numeric(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    run_on_layout(x, p, out, [&](const std::vector<Group>& g, const Tensor& block, void* dst) {
      const Lanes l = lanes_of(g);
      int32_t* o = static_cast<int32_t*>(dst);
      if (l.inner == 1)
        kernels::argreduce_rows(min, block.data<T>(), l.outer, l.n, o);
      else
        kernels::argreduce_cols(min, block.data<T>(), l.outer, l.n, l.inner, o);
    });
  });
  return out;
}

// ---- Softmax, cumsum, topk -------------------------------------------------------------------

Tensor softmax(OpId id, const Tensor& x, const Attrs& a) {
  const char* name = op_def(id).name;
  require_floating(name, x);
  const int axis = normalize_axis(name, a.i("axis"), x.rank());
  Tensor xc = x.contiguous();
  Tensor y = Tensor::empty(x.dtype(), x.shape());
  if (y.size() == 0) return y;
  const Lanes l = lanes_of(x.shape(), axis);
  const bool log = id == OpId::logSoftmax;
  dispatch_float(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (l.inner == 1)
      kernels::softmax_rows(log, xc.data<T>(), l.outer, l.n, y.data<T>());
    else
      kernels::softmax_cols(log, xc.data<T>(), l.outer, l.n, l.inner, y.data<T>());
  });
  return y;
}

// cumsum and cumprod.
Tensor scan(OpId id, const Tensor& x, const Attrs& a) {
  const char* name = op_def(id).name;
  require_numeric(name, x);
  const int axis = normalize_axis(name, a.i("axis"), x.rank());
  Tensor xc = x.contiguous();
  Tensor y = Tensor::empty(x.dtype(), x.shape());
  if (y.size() == 0) return y;
  const Lanes l = lanes_of(x.shape(), axis);
  dispatch_numeric(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    (id == OpId::cumprod ? kernels::cumprod<T> : kernels::cumsum<T>)(
        xc.data<T>(), l.outer, l.n, l.inner, a.b("exclusive"), a.b("reverse"), y.data<T>());
  });
  return y;
}

// Off every benchmark's and training step's path: compiled for size (core/size.h).
[[gnu::noinline]] TP_MINSIZE Tensors topk(const Tensor& x, const Attrs& a) {
  require_numeric("topk", x);
  if (x.rank() == 0) fail("topk: expected a tensor of rank >= 1, got shape []");
  const int64_t n = x.dim(x.rank() - 1), k = a.i("k");
  if (k < 0 || k > n)
    fail("topk: k = ", k, " is out of range for the last dimension of shape ",
         shape_str(x.shape()));
  Shape shape = x.shape();
  shape.back() = k;
  Tensor values = Tensor::empty(x.dtype(), shape), indices = Tensor::empty(DType::i32, shape);
  if (values.size() == 0) return {values, indices};
  Tensor xc = x.contiguous();
  std::vector<int32_t> scratch(n);
  dispatch_numeric(x.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    kernels::topk_rows(xc.data<T>(), x.size() / n, n, k, values.data<T>(), indices.data<int32_t>(),
                       scratch.data());
  });
  return {values, indices};
}

template <OpId ID>
Tensors reduce_forward(const Tensors& in, const Attrs& a) {
  return one_output(reduce(ID, in[0], a));
}
template <OpId ID>
Tensors argreduce_forward(const Tensors& in, const Attrs& a) {
  return {argreduce(ID, in[0], a)};
}
template <OpId ID>
Tensors softmax_forward(const Tensors& in, const Attrs& a) {
  return {softmax(ID, in[0], a)};
}
template <OpId ID>
Tensors scan_forward(const Tensors& in, const Attrs& a) {
  return {scan(ID, in[0], a)};
}
Tensors topk_forward(const Tensors& in, const Attrs& a) { return topk(in[0], a); }

// ---- References on xtensor ------------------------------------------------------------------
#if TENSORPAD_REFERENCES
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The `axis` attribute as sorted distinct dimensions; empty means every axis.
std::vector<size_t> reduced_axes(const std::vector<int64_t>& axis, size_t rank) {
  std::vector<size_t> ax;
  for (int64_t a : axis) ax.push_back(ref::axis_index(a, rank));
  if (axis.empty())
    for (size_t d = 0; d < rank; ++d) ax.push_back(d);
  std::sort(ax.begin(), ax.end());
  ax.erase(std::unique(ax.begin(), ax.end()), ax.end());
  return ax;
}

// numpy.maximum/minimum.reduce: NaN propagates; the empty set gives -inf/+inf (int32: its
// lowest/highest). Not xt::amax/amin: they skip NaN and start from the type's lowest value, so
// a lane of -inf comes out as -1.8e308.
ref::Array extreme(const ref::Array& x, const std::vector<size_t>& ax, bool min, bool integer) {
  const double empty = integer ? (min ? 2147483647.0 : -2147483648.0) : (min ? kInf : -kInf);
  auto pick = [min](double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return kNaN;
    return min ? std::min(a, b) : std::max(a, b);
  };
  return xt::reduce(xt::make_xreducer_functor(pick, xt::const_value<double>(empty)), x, ax,
                    xt::keep_dims);
}

template <OpId ID>
Tensors reduce_reference(const Tensors& in, const Attrs& a) {
  const ref::Array x = ref::to_xarray(in[0]);
  const bool integer = in[0].dtype() == DType::i32;
  const auto ax = reduced_axes(a.ints("axis"), x.dimension());
  double count = 1;
  for (size_t d : ax) count *= static_cast<double>(x.shape()[d]);
  ref::Array r;  // with the reduced dimensions kept as 1
  switch (ID) {
    case OpId::sum:
      r = xt::sum(x, ax, xt::keep_dims);
      break;
    case OpId::prod:
      r = xt::prod(x, ax, xt::keep_dims);
      break;
    case OpId::mean:
      // int32: the sum divided with truncation, 0 when empty (TensorFlow); floats: NaN then.
      r = xt::sum(x, ax, xt::keep_dims) / count;
      if (integer) r = count == 0 ? xt::eval(xt::zeros_like(r)) : xt::eval(xt::trunc(r));
      break;
    case OpId::max:
      r = extreme(x, ax, false, integer);
      break;
    case OpId::min:
      r = extreme(x, ax, true, integer);
      break;
    case OpId::any:
      r = xt::amax(xt::cast<double>(xt::not_equal(x, 0.0)), ax, xt::keep_dims | xt::initial(0.0));
      break;
    case OpId::all:
      r = xt::amin(xt::cast<double>(xt::not_equal(x, 0.0)), ax, xt::keep_dims | xt::initial(1.0));
      break;
    case OpId::logSumExp: {
      const ref::Array m = extreme(x, ax, false, false);
      const ref::Array safe = xt::where(xt::isfinite(m), m, 0.0);
      r = xt::where(xt::isfinite(m), m + xt::log(xt::sum(xt::exp(x - safe), ax, xt::keep_dims)), m);
      break;
    }
    default:
      break;
  }
  if (!a.b("keepDims")) r = xt::eval(xt::squeeze(r, ax, xt::check_policy::full()));
  return {ref::to_tensor(
      r, ID == OpId::any || ID == OpId::all ? DType::b8 : ref::result_dtype(in[0].dtype()))};
}

// The first extreme of a lane's non-NaN values (0 when all are NaN), lane by lane.
template <OpId ID>
Tensors argreduce_reference(const Tensors& in, const Attrs& a) {
  const ref::Array x = ref::to_xarray(in[0]);
  const size_t axis = ref::axis_index(a.i("axis"), x.dimension());
  std::vector<size_t> to_last;  // the reduced axis moved last
  for (size_t d = 0; d < x.dimension(); ++d)
    if (d != axis) to_last.push_back(d);
  to_last.push_back(axis);
  ref::Array lanes = xt::transpose(x, to_last);
  const Shape out_shape = ref::shape_of(xt::strided_view(lanes, {xt::ellipsis(), 0}));
  const size_t n = x.shape()[axis];
  lanes.reshape({lanes.size() / n, n});
  ref::Array r = ref::Array::from_shape({lanes.shape()[0]});
  for (size_t i = 0; i < r.size(); ++i) {
    ptrdiff_t best = -1;
    for (size_t j = 0; j < n; ++j) {
      const double v = lanes(i, j);
      if (std::isnan(v)) continue;
      if (best < 0 || (ID == OpId::argMax ? v > lanes(i, best) : v < lanes(i, best)))
        best = static_cast<ptrdiff_t>(j);
    }
    r(i) = best < 0 ? 0.0 : static_cast<double>(best);
  }
  r.reshape(ref::xshape(out_shape));
  return {ref::to_tensor(r, DType::i32)};
}

template <OpId ID>
Tensors softmax_reference(const Tensors& in, const Attrs& a) {
  const ref::Array x = ref::to_xarray(in[0]);
  const std::vector<size_t> ax = {ref::axis_index(a.i("axis"), x.dimension())};
  const ref::Array m = extreme(x, ax, false, false);
  const ref::Array e = xt::exp(x - m);
  const ref::Array s = xt::sum(e, ax, xt::keep_dims);
  const ref::Array y = ID == OpId::logSoftmax ? xt::eval((x - m) - xt::log(s)) : xt::eval(e / s);
  return {ref::to_tensor(y, DType::f64)};
}

// tf.cumsum / tf.math.cumprod: exclusive shifts the running sum (product) by one, starting at 0
// (1), reverse runs from the end.
template <OpId ID>
Tensors scan_reference(const Tensors& in, const Attrs& a) {
  ref::Array x = ref::to_xarray(in[0]);
  const size_t axis = ref::axis_index(a.i("axis"), x.dimension());
  const auto n = static_cast<std::ptrdiff_t>(x.shape()[axis]);
  const bool prod = ID == OpId::cumprod;
  if (a.b("reverse")) x = xt::eval(xt::flip(x, axis));
  ref::Array y = prod ? xt::eval(xt::cumprod(x, static_cast<std::ptrdiff_t>(axis)))
                      : xt::eval(xt::cumsum(x, static_cast<std::ptrdiff_t>(axis)));
  if (a.b("exclusive") && n > 0) {
    ref::Array shifted = prod ? xt::eval(xt::ones_like(y)) : xt::eval(xt::zeros_like(y));
    xt::strided_view(shifted, ref::along(x.dimension(), axis, xt::range(1, n))) =
        xt::strided_view(y, ref::along(x.dimension(), axis, xt::range(0, n - 1)));
    y = shifted;
  }
  if (a.b("reverse")) y = xt::eval(xt::flip(y, axis));
  return {ref::to_tensor(y, ref::result_dtype(in[0].dtype()))};
}

// Each row of the last axis in descending order, NaN first, the lower index first among equals
// (a stable sort of the row's indices).
Tensors topk_reference(const Tensors& in, const Attrs& a) {
  const ref::Array x = ref::to_xarray(in[0]);
  const size_t n = x.shape().back(), k = static_cast<size_t>(a.i("k"));
  const ref::Array rows = xt::reshape_view(x, {n ? x.size() / n : 0, n});
  auto shape = x.shape();
  shape.back() = k;
  ref::Array values = ref::Array::from_shape({rows.shape()[0], k}), indices = values;
  for (size_t r = 0; r < rows.shape()[0]; ++r) {
    auto row = xt::view(rows, r, xt::all());
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
      if (std::isnan(row(i)) || std::isnan(row(j)))
        return std::isnan(row(i)) && !std::isnan(row(j));
      return row(i) > row(j);
    });
    order.resize(k);
    xt::view(indices, r, xt::all()) = xt::adapt(order);
    xt::view(values, r, xt::all()) = xt::index_view(row, order);
  }
  values.reshape(shape);
  indices.reshape(shape);
  return {ref::to_tensor(values, ref::result_dtype(in[0].dtype())),
          ref::to_tensor(indices, DType::i32)};
}

#endif

// ---- Test cases ------------------------------------------------------------------------------

// Inputs of a family of cases: the first dtype gets every shape, the others a sample.
struct CaseSet {
  std::vector<DType> dtypes;
  double lo, hi;            // floating (and bool) domain
  double ilo = 0, ihi = 0;  // int32 domain
  bool specials = false;    // add a float32 case with NaN, -inf rows and +inf
  bool large = false;       // add 10^6-element and long-column float32 sums
};

class CaseBuilder {
 public:
  explicit CaseBuilder(const CaseSet& cs) : cs_(cs) {}

  Tensor input(DType dt, const Shape& s) {
    const bool integer = dt == DType::i32;
    return test_input(dt, s, integer ? cs_.ilo : cs_.lo, integer ? cs_.ihi : cs_.hi, seed_++);
  }
  // A view of a fresh tensor of shape `base` with its dimensions permuted.
  Tensor permuted(DType dt, const Shape& base, const std::vector<int>& perm) {
    Tensor b = input(dt, base);
    Shape s;
    Strides st;
    for (int d : perm) {
      s.push_back(base[d]);
      st.push_back(b.strides()[d]);
    }
    return b.view(s, st, 0);
  }
  // Every other element of the last axis, starting at 1.
  Tensor strided(DType dt, Shape s) {
    Shape base = s;
    base.back() = 2 * s.back() + 1;
    Tensor b = input(dt, base);
    Strides st = b.strides();
    st.back() = 2;
    return b.view(s, st, 1);
  }
  // Axis 0 read backwards (negative stride).
  Tensor reversed(DType dt, const Shape& s) {
    Tensor b = input(dt, s);
    Strides st = b.strides();
    st[0] = -st[0];
    return b.view(s, st, (s[0] - 1) * b.strides()[0]);
  }
  // Axis 0 broadcast from size 1 (stride 0).
  Tensor broadcast(DType dt, const Shape& s) {
    Shape base = s;
    base[0] = 1;
    Tensor b = input(dt, base);
    Strides st = b.strides();
    st[0] = 0;
    return b.view(s, st, 0);
  }
  // A [4, 9] float32 tensor with a NaN in row 0, row 1 all -inf, one -inf in row 2, +inf in row 3.
  Tensor specials() {
    Tensor t = input(DType::f32, {4, 9});
    float* p = t.data<float>();
    const float inf = std::numeric_limits<float>::infinity();
    p[2] = std::numeric_limits<float>::quiet_NaN();
    for (int j = 0; j < 9; ++j) p[9 + j] = -inf;
    p[18 + 4] = -inf;
    p[27 + 7] = inf;
    return t;
  }

  // Calls add(label, x) for every input shape and layout of the family.
  template <class F>
  void for_each_input(bool rank0, F&& add) {
    const DType main = cs_.dtypes[0];
    if (rank0) add("rank 0", input(main, {}));
    for (int64_t n : {1, 3, 4, 5, 8, 9, 16, 17, 33, 1001}) add("rank 1", input(main, {n}));
    for (const Shape& s : {Shape{3, 17}, Shape{8, 9}, Shape{16, 5}, Shape{33, 4}, Shape{4, 33},
                           Shape{1, 8}, Shape{17, 1}, Shape{5, 64}})
      add("rank 2", input(main, s));
    for (const Shape& s : {Shape{4, 5, 9}, Shape{3, 16, 17}, Shape{9, 1, 8}})
      add("rank 3", input(main, s));
    for (const Shape& s : {Shape{3, 5, 4, 9}, Shape{2, 9, 3, 17}}) add("rank 4", input(main, s));
    add("transposed", permuted(main, {17, 9}, {1, 0}));
    add("permuted", permuted(main, {5, 9, 4}, {2, 0, 1}));
    add("permuted", permuted(main, {3, 4, 5, 8}, {3, 1, 0, 2}));
    add("strided", strided(main, {6, 9}));
    add("reversed", reversed(main, {9, 5}));
    add("broadcast", broadcast(main, {4, 17}));
    for (const Shape& s : {Shape{0}, Shape{3, 0}, Shape{0, 5}, Shape{2, 0, 3}})
      add("zero-size", input(main, s));
    for (size_t k = 1; k < cs_.dtypes.size(); ++k) {
      const DType dt = cs_.dtypes[k];
      if (rank0) add("rank 0", input(dt, {}));
      for (const Shape& s : {Shape{17}, Shape{8, 9}, Shape{3, 5, 4}, Shape{2, 0}})
        add("other dtype", input(dt, s));
      add("transposed", permuted(dt, {9, 5}, {1, 0}));
    }
    if (cs_.specials) add("NaN and inf", specials());
  }

 private:
  CaseSet cs_;
  uint32_t seed_ = 1;
};

// Axis as written in a case: every other one negative, so both spellings are covered.
int64_t spelled(int axis, int rank, int salt) { return (axis + salt) % 2 ? axis - rank : axis; }

std::vector<TestCase> multi_axis_cases(const CaseSet& cs) {
  std::vector<TestCase> out;
  CaseBuilder b(cs);
  auto add = [&](const std::string& label, const Tensor& x) {
    const int r = x.rank();
    for (int mask = 0; mask < (1 << r); ++mask) {  // mask 0: the empty list, meaning all axes
      std::vector<int64_t> axes;
      for (int d = 0; d < r; ++d)
        if (mask >> d & 1) axes.push_back(spelled(d, r, mask));
      for (int64_t keep : {0, 1})
        out.push_back({label + " axis=" + shape_str(axes) + (keep ? " keepDims" : ""),
                       {x},
                       Attrs().set("axis", axes).set("keepDims", keep)});
    }
  };
  b.for_each_input(true, add);
  if (cs.large) {
    out.push_back({"10^6 elements", {b.input(DType::f32, {1000000})}, Attrs()});
    out.push_back({"long columns",
                   {b.input(DType::f32, {4096, 65})},
                   Attrs().set("axis", std::vector<int64_t>{0})});
  }
  return out;
}

// Cases for ops along one axis: every axis of every input, times each attribute variant.
std::vector<TestCase> single_axis_cases(const CaseSet& cs, const std::vector<Attrs>& variants,
                                        bool empty_axis_ok) {
  std::vector<TestCase> out;
  CaseBuilder b(cs);
  b.for_each_input(false, [&](const std::string& label, const Tensor& x) {
    for (int d = 0; d < x.rank(); ++d) {
      if (x.dim(d) == 0 && !empty_axis_ok) continue;
      for (const Attrs& v : variants) {
        Attrs attrs = v;
        attrs.set("axis", spelled(d, x.rank(), 0));
        std::string what = " axis=" + std::to_string(spelled(d, x.rank(), 0));
        for (const auto& kv : v.items())
          what += " " + kv.first + "=" + std::to_string(std::get<int64_t>(kv.second));
        out.push_back({label + what, {x}, attrs});
      }
    }
  });
  out.push_back({"default axis", {b.input(cs.dtypes[0], {8, 9})}, Attrs()});
  return out;
}

CaseSet case_set(OpId id) {
  const std::vector<DType> numeric = {DType::f32, DType::f64, DType::i32};
  switch (id) {
    case OpId::sum:
    case OpId::mean:
      return {numeric, -1, 2, -50, 50, true, true};
    case OpId::prod:
      return {numeric, 0.8, 1.25, -1, 2, true};  // int32 values -1, 0, 1: no overflow
    case OpId::any:
      return {{DType::b8}, 0, 0.55};  // mostly false
    case OpId::all:
      return {{DType::b8}, 0.45, 1};  // mostly true
    case OpId::logSumExp:
      return {{DType::f32, DType::f64}, -10, 10, 0, 0, true};
    default:
      return {numeric, -10, 10, 0, 4, true};  // small int range: ties
  }
}

template <OpId ID>
std::vector<TestCase> reduce_cases() {
  return multi_axis_cases(case_set(ID));
}
template <OpId ID>
std::vector<TestCase> argreduce_cases() {
  std::vector<TestCase> out = single_axis_cases(case_set(ID), {Attrs()}, false);
  // NaN first, all NaN, NaN last, one number among NaNs, NaNs scattered; lanes longer than a
  // vector, along both axes (row and column kernels).
  for (DType dt : {DType::f32, DType::f64}) {
    Tensor t = Tensor::empty(dt, {5, 19});
    dispatch_float(dt, [&](auto tag) {
      using T = typename decltype(tag)::type;
      T* p = t.data<T>();
      for (int64_t i = 0; i < 95; ++i) p[i] = static_cast<T>(((i * 37) % 23) - 11);
      for (int64_t j = 0; j < 19; ++j) p[19 + j] = std::numeric_limits<T>::quiet_NaN();
      for (int64_t j = 0; j < 19; ++j) if (j != 11) p[57 + j] = std::numeric_limits<T>::quiet_NaN();
      p[0] = p[38 + 18] = p[76 + 3] = p[76 + 12] = std::numeric_limits<T>::quiet_NaN();
    });
    for (int64_t axis : {0, 1}) out.push_back({"NaNs skipped", {t}, Attrs().set("axis", axis)});
  }
  return out;
}
std::vector<TestCase> softmax_cases() {
  return single_axis_cases({{DType::f32, DType::f64}, -10, 10, 0, 0, true}, {Attrs()}, true);
}
std::vector<TestCase> cumsum_cases() {
  std::vector<Attrs> variants;
  for (int64_t exclusive : {0, 1})
    for (int64_t reverse : {0, 1})
      variants.push_back(Attrs().set("exclusive", exclusive).set("reverse", reverse));
  return single_axis_cases({{DType::f32, DType::f64, DType::i32}, -1, 2, -50, 50, true}, variants,
                           true);
}
// Factors near 1 keep long products finite (int32: -1, 0, 1); explicit zeros, single and repeated,
// check the gradient where dividing by x would fail.
std::vector<TestCase> cumprod_cases() {
  std::vector<Attrs> variants;
  for (int64_t exclusive : {0, 1})
    for (int64_t reverse : {0, 1})
      variants.push_back(Attrs().set("exclusive", exclusive).set("reverse", reverse));
  std::vector<TestCase> out = single_axis_cases(
      {{DType::f32, DType::f64, DType::i32}, 0.8, 1.25, -1, 2, true}, variants, true);
  auto values = [](DType dt, const Shape& s, std::vector<double> v) {
    Tensor t = Tensor::empty(dt, s);
    dispatch_float(dt, [&](auto tag) {
      using T = typename decltype(tag)::type;
      for (size_t i = 0; i < v.size(); ++i) t.data<T>()[i] = static_cast<T>(v[i]);
    });
    return t;
  };
  const Tensor one_zero = values(DType::f32, {6}, {1.5, -2, 0, 3, 0.5, -1.25});
  const Tensor zeros = values(DType::f32, {7}, {2, 0, -1.5, 0, 3, 0.75, 1.25});
  const Tensor grid = values(DType::f64, {3, 4}, {0, 2, -1, 0.5, 1.5, 0, 3, 0, -2, 1.25, 0, 0.8});
  for (const Attrs& v : variants) {
    out.push_back({"one zero", {one_zero}, v});
    out.push_back({"two zeros", {zeros}, v});
    for (int64_t axis : {0, 1, -1}) {
      Attrs at = v;
      out.push_back({"zeros in a grid axis=" + std::to_string(axis), {grid}, at.set("axis", axis)});
    }
  }
  return out;
}

std::vector<TestCase> topk_cases() {
  std::vector<TestCase> out;
  CaseBuilder b({{DType::f32, DType::f64, DType::i32}, -10, 10, 0, 4, true});
  auto add = [&](const std::string& label, const Tensor& x, std::vector<int64_t> ks) {
    for (int64_t k : ks)
      out.push_back({label + " k=" + std::to_string(k), {x}, Attrs().set("k", k)});
  };
  add("rank 1", b.input(DType::f32, {1}), {0, 1});
  for (int64_t n : {3, 4, 5, 8, 9, 16, 17, 33, 1001})
    add("rank 1", b.input(DType::f32, {n}), {1, (n + 1) / 2, n});
  add("rank 2", b.input(DType::f32, {3, 17}), {0, 1, 5, 17});
  add("rank 3", b.input(DType::f32, {4, 5, 9}), {4});
  add("rank 4", b.input(DType::f32, {2, 3, 4, 9}), {2});
  add("float64", b.input(DType::f64, {8, 9}), {3});
  add("int32 ties", b.input(DType::i32, {5, 33}), {1, 10, 33});
  add("transposed", b.permuted(DType::f32, {17, 9}, {1, 0}), {5});
  add("strided", b.strided(DType::f32, {6, 9}), {3});
  add("reversed", b.reversed(DType::f32, {9, 5}), {2});
  add("broadcast", b.broadcast(DType::i32, {4, 17}), {6});
  add("zero-size", b.input(DType::f32, {3, 0}), {0});
  add("zero-size", b.input(DType::f32, {0, 5}), {2});
  add("NaN and inf", b.specials(), {4, 9});
  out.push_back({"sorted=false",
                 {b.input(DType::f32, {3, 17})},
                 Attrs().set("k", int64_t(5)).set("sorted", int64_t(0))});
  return out;
}

}  // namespace

void register_reduction_ops() {
  auto define = [](OpId id, std::vector<AttrSpec> attrs, ForwardFn fwd, ForwardFn ref,
                   std::vector<TestCase> (*cases)(), double rtol, double atol,
                   const char* doc) __attribute__((always_inline)) {
    OpDef& d = entry(id);
    d.num_inputs = 1;
    d.attrs = std::move(attrs);
    d.forward = fwd;
    d.reference = ref;  // nullptr where references are off
    d.cases = TP_CASES(cases);
    d.rtol = rtol;
    d.atol = atol;
    d.doc = doc;
  };
  const std::vector<AttrSpec> axes_keep = {{"axis", AttrKind::Ints, std::vector<int64_t>{}},
                                           {"keepDims", AttrKind::Bool, int64_t(0)}};
#define TP_REDUCTION(op, rtol, atol, doc)                                                         \
  define(OpId::op, axes_keep, reduce_forward<OpId::op>, TP_REFERENCE(reduce_reference<OpId::op>), \
         reduce_cases<OpId::op>, rtol, atol, doc)
  TP_REDUCTION(
      sum, 1e-5, 1e-5,
      "Sum over axis (all axes when empty); int32 wraps on overflow; the sum of nothing is 0.");
  TP_REDUCTION(mean, 1e-5, 1e-6,
               "Mean over axis; int32 gives the sum divided with truncation like TF (0 when "
               "empty); float mean of nothing is NaN.");
  TP_REDUCTION(max, 0, 0,
               "Maximum over axis; NaN propagates; empty gives -inf (int32: the lowest int32).");
  TP_REDUCTION(min, 0, 0,
               "Minimum over axis; NaN propagates; empty gives +inf (int32: the highest int32).");
  TP_REDUCTION(prod, 1e-4, 1e-6,
               "Product over axis; int32 wraps on overflow; the product of nothing is 1.");
  TP_REDUCTION(logSumExp, 1e-5, 1e-5,
               "log(sum(exp(x))) over axis, computed stably as m + log(sum(exp(x - m))); all -inf "
               "or empty gives -inf.");
  TP_REDUCTION(any, 0, 0, "Logical or over axis of a bool tensor; any of nothing is false.");
  TP_REDUCTION(all, 0, 0, "Logical and over axis of a bool tensor; all of nothing is true.");
#undef TP_REDUCTION

  const AttrSpec axis0{"axis", AttrKind::Int, int64_t(0)};
  const AttrSpec last_axis{"axis", AttrKind::Int, int64_t(-1)};
  define(OpId::argMax, {axis0}, argreduce_forward<OpId::argMax>,
         TP_REFERENCE(argreduce_reference<OpId::argMax>), argreduce_cases<OpId::argMax>, 0, 0,
         "Index (int32) of the first maximum along axis; NaN is skipped (0 when all are NaN); an empty axis "
         "is an error.");
  define(OpId::argMin, {axis0}, argreduce_forward<OpId::argMin>,
         TP_REFERENCE(argreduce_reference<OpId::argMin>), argreduce_cases<OpId::argMin>, 0, 0,
         "Index (int32) of the first minimum along axis; NaN is skipped (0 when all are NaN); an empty axis "
         "is an error.");
  define(
      OpId::softmax, {last_axis}, softmax_forward<OpId::softmax>,
      TP_REFERENCE(softmax_reference<OpId::softmax>), softmax_cases, 1e-5, 1e-6,
      "exp(x - m) / sum(exp(x - m)) along axis with m the maximum; a slice of all -inf gives NaN.");
  define(OpId::logSoftmax, {last_axis}, softmax_forward<OpId::logSoftmax>,
         TP_REFERENCE(softmax_reference<OpId::logSoftmax>), softmax_cases, 1e-5, 1e-5,
         "(x - m) - log(sum(exp(x - m))) along axis with m the maximum; a slice of all -inf gives "
         "NaN.");
  define(
      OpId::cumsum,
      {axis0, {"exclusive", AttrKind::Bool, int64_t(0)}, {"reverse", AttrKind::Bool, int64_t(0)}},
      scan_forward<OpId::cumsum>, TP_REFERENCE(scan_reference<OpId::cumsum>), cumsum_cases, 1e-5,
      1e-4,
      "Running sum along axis like tf.cumsum: exclusive leaves out the current element, reverse "
      "runs from the end; int32 wraps.");
  define(
      OpId::cumprod,
      {axis0, {"exclusive", AttrKind::Bool, int64_t(0)}, {"reverse", AttrKind::Bool, int64_t(0)}},
      scan_forward<OpId::cumprod>, TP_REFERENCE(scan_reference<OpId::cumprod>), cumprod_cases,
      1e-5, 1e-6,
      "Running product along axis like tf.math.cumprod: exclusive leaves out the current element "
      "(starting at 1), reverse runs from the end; int32 wraps.");
  define(OpId::topk, {{"k", AttrKind::Int, int64_t(1)}, {"sorted", AttrKind::Bool, int64_t(1)}},
         topk_forward, TP_REFERENCE(topk_reference), topk_cases, 0, 0,
         "The k largest entries of the last axis, descending, with int32 indices; ties keep the "
         "lower index first; NaN ranks highest; sorted=false also returns descending order.");
}

}  // namespace tensorpad::ops_detail
