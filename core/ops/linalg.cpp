// matMul (batched, broadcasting batch dimensions, transposes), dot and outer, on the packed GEMM.
#include "../kernels/gemm.h"
#include "api.h"
#include "common.h"
#if TENSORPAD_REFERENCES
#include <numeric>

#include "reference.h"
#endif

namespace tensorpad::ops_detail {
namespace {

// How a rank>=2 operand's last two dims can be handed to GEMM without a copy: row-major with a
// leading dimension, or column-major (a transposed view), which flips the transpose flag.
struct Operand {
  Tensor t;
  bool trans;
  int64_t ld;
};

Operand as_gemm_operand(const Tensor& x, bool trans) {
  int r = x.rank();
  int64_t rows = x.dim(r - 2), cols = x.dim(r - 1);
  int64_t s_row = x.strides()[r - 2], s_col = x.strides()[r - 1];
  if ((s_col == 1 || cols <= 1) && s_row >= std::max<int64_t>(cols, 1))
    return {x, trans, rows <= 1 ? std::max<int64_t>(cols, 1) : s_row};
  if ((s_row == 1 || rows <= 1) && s_col >= std::max<int64_t>(rows, 1) && cols > 1) {
    // Column-major storage of x is row-major storage of x^T.
    return {x, !trans, s_col};
  }
  Tensor c = x.clone();
  return {c, trans, std::max<int64_t>(cols, 1)};
}

template <class T>
void gemm(bool ta, bool tb, int64_t m, int64_t n, int64_t k, const T* a, int64_t lda, const T* b,
          int64_t ldb, T* c, int64_t ldc) {
  if constexpr (std::is_same_v<T, float>)
    kernels::gemm_f32(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, false);
  else
    kernels::gemm_f64(ta, tb, m, n, k, a, lda, b, ldb, c, ldc, false);
}

Tensors matmul_forward(const Tensors& in, const Attrs& at) {
  const Tensor &a = in[0], &b = in[1];
  bool ta = at.b("transposeA"), tb = at.b("transposeB");
  require_floating("matMul", a);
  require_dtype_match("matMul", a, b);
  if (a.rank() < 2 || b.rank() < 2)
    fail("matMul: inputs must have rank 2 or more, got shapes ", shape_str(a.shape()), " and ",
         shape_str(b.shape()));
  int ra = a.rank(), rb = b.rank();
  int64_t m = ta ? a.dim(ra - 1) : a.dim(ra - 2);
  int64_t ka = ta ? a.dim(ra - 2) : a.dim(ra - 1);
  int64_t kb = tb ? b.dim(rb - 1) : b.dim(rb - 2);
  int64_t n = tb ? b.dim(rb - 2) : b.dim(rb - 1);
  if (ka != kb)
    fail("matMul: inner dimensions ", ka, " and ", kb, " do not match for shapes ",
         shape_str(a.shape()), " and ", shape_str(b.shape()),
         ta || tb ? std::string(" (transposeA=") + (ta ? "true" : "false") +
                        ", transposeB=" + (tb ? "true" : "false") + ")"
                  : std::string());
  Shape batch_a(a.shape().begin(), a.shape().end() - 2);
  Shape batch_b(b.shape().begin(), b.shape().end() - 2);
  Shape batch = broadcast_shapes("matMul", batch_a, batch_b);
  Shape out_shape = batch;
  out_shape.push_back(m);
  out_shape.push_back(n);
  Tensor out = Tensor::empty(a.dtype(), out_shape);
  if (out.size() == 0) return one_output(std::move(out));
  int64_t nb = shape_size(batch);

  dispatch_float(a.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    // Shared right operand and a left operand whose batch folds into rows: one big GEMM.
    if (shape_size(batch_b) == 1 && !ta && a.is_contiguous() && batch == batch_a) {
      Operand ob = as_gemm_operand(b, tb);
      const T* pb = ob.t.template data<T>();
      gemm<T>(false, ob.trans, nb * m, n, ka, a.data<T>(), std::max<int64_t>(ka, 1), pb, ob.ld,
              out.data<T>(), n);
      return;
    }
    Operand oa = as_gemm_operand(a, ta), ob = as_gemm_operand(b, tb);
    Strides sa = broadcast_strides(batch_a, Strides(oa.t.strides().begin(), oa.t.strides().end() - 2), batch);
    Strides sb = broadcast_strides(batch_b, Strides(ob.t.strides().begin(), ob.t.strides().end() - 2), batch);
    const T* pa = oa.t.template data<T>();
    const T* pb = ob.t.template data<T>();
    T* pc = out.data<T>();
    for (int64_t i = 0; i < nb; ++i) {
      int64_t offa = 0, offb = 0, rem = i;
      for (size_t d = batch.size(); d-- > 0;) {
        int64_t idx = rem % batch[d];
        rem /= batch[d];
        offa += idx * sa[d];
        offb += idx * sb[d];
      }
      gemm<T>(oa.trans, ob.trans, m, n, ka, pa + offa, oa.ld, pb + offb, ob.ld, pc + i * m * n, n);
    }
  });
  return one_output(std::move(out));
}

#if TENSORPAD_REFERENCES
// numpy.matmul: sum over p of a[..., i, p] b[..., p, j], batch dims broadcast.
ref::Array matmul_ref(ref::Array a, ref::Array b, bool ta, bool tb) {
  auto swap_last = [](const ref::Array& x) {
    std::vector<size_t> perm(x.dimension());
    std::iota(perm.begin(), perm.end(), size_t{0});
    std::swap(perm[perm.size() - 1], perm[perm.size() - 2]);
    return ref::Array(xt::transpose(x, perm));
  };
  if (ta) a = swap_last(a);
  if (tb) b = swap_last(b);
  auto products = xt::strided_view(a, {xt::ellipsis(), xt::all(), xt::all(), xt::newaxis()}) *
                  xt::strided_view(b, {xt::ellipsis(), xt::newaxis(), xt::all(), xt::all()});
  const size_t rank = std::max(a.dimension(), b.dimension()) + 1;
  return xt::sum(products, {rank - 2});
}

Tensors matmul_reference(const Tensors& in, const Attrs& at) {
  return {ref::to_tensor(matmul_ref(ref::to_xarray(in[0]), ref::to_xarray(in[1]),
                                    at.b("transposeA"), at.b("transposeB")),
                         DType::f64)};
}
#endif

// dot: vector.vector -> scalar, matrix.vector, vector.matrix, matrix.matrix (as TF.js tf.dot).
Tensors dot_forward(const Tensors& in, const Attrs&) {
  const Tensor &a = in[0], &b = in[1];
  if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2)
    fail("dot: inputs must be vectors or matrices, got shapes ", shape_str(a.shape()), " and ",
         shape_str(b.shape()));
  int64_t ka = a.dim(a.rank() - 1), kb = b.dim(0);
  if (ka != kb)
    fail("dot: inner dimensions ", ka, " and ", kb, " do not match for shapes ",
         shape_str(a.shape()), " and ", shape_str(b.shape()));
  Tensor a2 = a.rank() == 1 ? a.view({1, ka}, {0, a.strides()[0]}, a.offset()) : a;
  Tensor b2 = b.rank() == 1 ? b.view({kb, 1}, {b.strides()[0], 0}, b.offset()) : b;
  Attrs at;
  at.set("transposeA", int64_t{0}).set("transposeB", int64_t{0});
  Tensor r = matmul_forward({a2, b2}, at)[0];
  Shape s;
  if (a.rank() == 2) s.push_back(a.dim(0));
  if (b.rank() == 2) s.push_back(b.dim(1));
  return {r.view(s, contiguous_strides(s), r.offset())};
}

#if TENSORPAD_REFERENCES
// numpy.dot of vectors and matrices: a vector is a row on the left, a column on the right.
Tensors dot_reference(const Tensors& in, const Attrs&) {
  ref::Array a = ref::to_xarray(in[0]), b = ref::to_xarray(in[1]);
  const bool va = a.dimension() == 1, vb = b.dimension() == 1;
  if (va) a.reshape({1, a.size()});
  if (vb) b.reshape({b.size(), 1});
  ref::Array r = matmul_ref(a, b, false, false);
  if (va) r = xt::eval(xt::view(r, 0, xt::all()));
  if (vb) r = xt::eval(xt::strided_view(r, {xt::ellipsis(), 0}));
  return {ref::to_tensor(r, DType::f64)};
}
#endif

Tensors outer_forward(const Tensors& in, const Attrs&) {
  const Tensor &a = in[0], &b = in[1];
  if (a.rank() != 1 || b.rank() != 1)
    fail("outer: inputs must be vectors, got shapes ", shape_str(a.shape()), " and ",
         shape_str(b.shape()));
  Tensor a2 = a.view({a.dim(0), 1}, {a.strides()[0], 1}, a.offset());
  Tensor b2 = b.view({1, b.dim(0)}, {1, b.strides()[0]}, b.offset());
  Attrs at;
  at.set("transposeA", int64_t{0}).set("transposeB", int64_t{0});
  return matmul_forward({a2, b2}, at);
}

#if TENSORPAD_REFERENCES
Tensors outer_reference(const Tensors& in, const Attrs&) {
  const ref::Array a = ref::to_xarray(in[0]), b = ref::to_xarray(in[1]);
  return {ref::to_tensor(
      xt::view(a, xt::all(), xt::newaxis()) * xt::view(b, xt::newaxis(), xt::all()), DType::f64)};
}
#endif

// Rules. With C = op(A) op(B): dA and dB are again products, chosen per transpose variant so no
// transpose is materialised; batch dims that were broadcast are summed back.
Tensors matmul_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs& at) {
  const Tensor &a = in[0], &b = in[1], &gc = g[0];
  bool ta = at.b("transposeA"), tb = at.b("transposeB");
  Tensor da, db;
  if (!ta && !tb) {
    da = ops::matMul(gc, b, false, true);
    db = ops::matMul(a, gc, true, false);
  } else if (ta && !tb) {
    da = ops::matMul(b, gc, false, true);
    db = ops::matMul(a, gc, false, false);
  } else if (!ta && tb) {
    da = ops::matMul(gc, b, false, false);
    db = ops::matMul(gc, a, true, false);
  } else {
    da = ops::matMul(b, gc, true, true);
    db = ops::matMul(gc, a, true, true);
  }
  return {ops::unbroadcast(da, a.shape()), ops::unbroadcast(db, b.shape())};
}

// d(f(a, b)) = f(da, b) + f(a, db) for a bilinear f; undefined tangents are zero.
template <class F> Tensor bilinear_jvp(const Tensors& in, const Tensors& t, F f) {
  Tensor out;
  if (t[0].defined()) out = f(t[0], in[1]);
  if (t[1].defined()) {
    Tensor second = f(in[0], t[1]);
    out = out.defined() ? ops::add(out, second) : second;
  }
  return out;
}

Tensors matmul_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs& at) {
  bool ta = at.b("transposeA"), tb = at.b("transposeB");
  return {bilinear_jvp(in, t, [&](const Tensor& a, const Tensor& b) { return ops::matMul(a, b, ta, tb); })};
}

Tensors dot_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs&) {
  const Tensor &a = in[0], &b = in[1], &gc = g[0];
  if (a.rank() == 1 && b.rank() == 1) return {ops::mul(gc, b), ops::mul(gc, a)};
  if (a.rank() == 2 && b.rank() == 1) return {ops::outer(gc, b), ops::dot(gc, a)};
  if (a.rank() == 1) return {ops::dot(b, gc), ops::outer(a, gc)};
  return {ops::matMul(gc, b, false, true), ops::matMul(a, gc, true, false)};
}

Tensors dot_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs&) {
  return {bilinear_jvp(in, t, [](const Tensor& a, const Tensor& b) { return ops::dot(a, b); })};
}

Tensors outer_vjp(const Tensors& in, const Tensors&, const Tensors& g, const Attrs&) {
  return {ops::dot(g[0], in[1]), ops::dot(in[0], g[0])};
}

Tensors outer_jvp(const Tensors& in, const Tensors&, const Tensors& t, const Attrs&) {
  return {bilinear_jvp(in, t, [](const Tensor& a, const Tensor& b) { return ops::outer(a, b); })};
}

Attrs transposes(bool ta, bool tb) {
  Attrs a;
  a.set("transposeA", int64_t{ta}).set("transposeB", int64_t{tb});
  return a;
}

std::vector<TestCase> matmul_cases() {
  std::vector<TestCase> cs;
  uint32_t seed = 1;
  auto mat = [&](DType dt, Shape s) { return test_input(dt, s, -1, 1, seed++); };
  // Sizes around register tiles and cache blocks, all four transpose variants.
  const int64_t sizes[][3] = {{1, 1, 1}, {3, 5, 7}, {4, 8, 8}, {5, 9, 17}, {6, 16, 3},
                              {13, 33, 29}, {64, 64, 64}, {65, 130, 67}, {0, 4, 3}, {3, 0, 4},
                              {4, 5, 0}};
  for (auto& s : sizes)
    for (int v = 0; v < 4; ++v) {
      bool ta = v & 1, tb = v & 2;
      int64_t m = s[0], k = s[1], n = s[2];
      cs.push_back({"m" + std::to_string(m) + "k" + std::to_string(k) + "n" + std::to_string(n) +
                        (ta ? "Ta" : "") + (tb ? "Tb" : ""),
                    {mat(DType::f32, ta ? Shape{k, m} : Shape{m, k}),
                     mat(DType::f32, tb ? Shape{n, k} : Shape{k, n})},
                    transposes(ta, tb)});
    }
  cs.push_back({"batched", {mat(DType::f32, {3, 5, 7}), mat(DType::f32, {3, 7, 4})}, {}});
  cs.push_back({"batch broadcast", {mat(DType::f32, {2, 1, 5, 7}), mat(DType::f32, {3, 7, 4})}, {}});
  cs.push_back({"shared rhs folds", {mat(DType::f32, {4, 6, 9}), mat(DType::f32, {9, 5})}, {}});
  cs.push_back({"shared lhs", {mat(DType::f32, {6, 9}), mat(DType::f32, {4, 5, 9})}, transposes(false, true)});
  cs.push_back({"float64", {mat(DType::f64, {9, 17}), mat(DType::f64, {17, 5})}, {}});
  // Views: a transposed view is read in place, a strided one is copied.
  Tensor big = mat(DType::f32, {12, 10});
  Tensor tview = big.view({10, 12}, {1, 10}, 0);
  Tensor sview = big.view({6, 5}, {20, 2}, 1);
  cs.push_back({"transposed view", {tview, mat(DType::f32, {12, 3})}, {}});
  cs.push_back({"strided view", {sview, mat(DType::f32, {5, 4})}, {}});
  cs.push_back({"row view with offset", {big.view({3, 10}, {10, 1}, 20), mat(DType::f32, {4, 10})}, transposes(false, true)});
  return cs;
}

std::vector<TestCase> dot_cases() {
  return {
      {"vec.vec", {test_input(DType::f32, {17}, -1, 1, 1), test_input(DType::f32, {17}, -1, 1, 2)}, {}},
      {"mat.vec", {test_input(DType::f32, {5, 9}, -1, 1, 3), test_input(DType::f32, {9}, -1, 1, 4)}, {}},
      {"vec.mat", {test_input(DType::f32, {9}, -1, 1, 5), test_input(DType::f32, {9, 6}, -1, 1, 6)}, {}},
      {"mat.mat", {test_input(DType::f32, {4, 8}, -1, 1, 7), test_input(DType::f32, {8, 3}, -1, 1, 8)}, {}},
      {"float64", {test_input(DType::f64, {33}, -1, 1, 9), test_input(DType::f64, {33}, -1, 1, 10)}, {}},
  };
}

std::vector<TestCase> outer_cases() {
  Tensor strided = test_input(DType::f32, {14}, -1, 1, 3);
  return {
      {"4x5", {test_input(DType::f32, {4}, -1, 1, 1), test_input(DType::f32, {5}, -1, 1, 2)}, {}},
      {"strided", {strided.view({7}, {2}, 0), test_input(DType::f32, {17}, -1, 1, 4)}, {}},
      {"empty", {test_input(DType::f32, {0}, -1, 1, 5), test_input(DType::f32, {3}, -1, 1, 6)}, {}},
  };
}

}  // namespace

void register_linalg_ops() {
  OpDef& mm = entry(OpId::matMul);
  mm.num_inputs = 2;
  mm.attrs = {{"transposeA", AttrKind::Bool, int64_t{0}}, {"transposeB", AttrKind::Bool, int64_t{0}}};
  mm.forward = matmul_forward;
  mm.reference = TP_REFERENCE(matmul_reference);
  mm.cases = TP_CASES(matmul_cases);
  mm.rtol = 1e-5;
  mm.atol = 1e-5;
  mm.doc = "Matrix product of the last two dims, batch dims broadcast; transposeA/B read transposed.";
  mm.differentiable = Differentiable::kYes;
  mm.vjp = matmul_vjp;
  mm.jvp = matmul_jvp;

  OpDef& d = entry(OpId::dot);
  d.num_inputs = 2;
  d.forward = dot_forward;
  d.reference = TP_REFERENCE(dot_reference);
  d.cases = TP_CASES(dot_cases);
  d.atol = 1e-5;
  d.doc = "Dot product of vectors/matrices (rank 1 or 2), like tf.dot.";
  d.differentiable = Differentiable::kYes;
  d.vjp = dot_vjp;
  d.jvp = dot_jvp;

  OpDef& o = entry(OpId::outer);
  o.num_inputs = 2;
  o.forward = outer_forward;
  o.reference = TP_REFERENCE(outer_reference);
  o.cases = TP_CASES(outer_cases);
  o.doc = "Outer product of two vectors.";
  o.differentiable = Differentiable::kYes;
  o.vjp = outer_vjp;
  o.jvp = outer_jvp;
}

}  // namespace tensorpad::ops_detail
