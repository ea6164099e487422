#include "fusion.h"

#include <algorithm>

#include "../error.h"
#include "../parallel.h"

namespace tensorpad::graph {
namespace {

using kernels::Binary;
using kernels::Unary;

struct Mapping {
  OpId op;
  bool binary;
  Unary u;
  Binary b;
};

const std::vector<Mapping>& mappings() {
  static const std::vector<Mapping> m = {
      {OpId::neg, false, Unary::neg, {}},         {OpId::abs, false, Unary::abs, {}},
      {OpId::square, false, Unary::square, {}},   {OpId::sqrt, false, Unary::sqrt, {}},
      {OpId::rsqrt, false, Unary::rsqrt, {}},     {OpId::reciprocal, false, Unary::reciprocal, {}},
      {OpId::exp, false, Unary::exp, {}},         {OpId::expm1, false, Unary::expm1, {}},
      {OpId::log, false, Unary::log, {}},         {OpId::log1p, false, Unary::log1p, {}},
      {OpId::sin, false, Unary::sin, {}},         {OpId::cos, false, Unary::cos, {}},
      {OpId::tan, false, Unary::tan, {}},         {OpId::tanh, false, Unary::tanh, {}},
      {OpId::sigmoid, false, Unary::sigmoid, {}}, {OpId::softplus, false, Unary::softplus, {}},
      {OpId::relu, false, Unary::relu, {}},       {OpId::relu6, false, Unary::relu6, {}},
      {OpId::elu, false, Unary::elu, {}},         {OpId::selu, false, Unary::selu, {}},
      {OpId::leakyRelu, false, Unary::leaky_relu, {}}, {OpId::gelu, false, Unary::gelu, {}},
      {OpId::erf, false, Unary::erf, {}},         {OpId::clipByValue, false, Unary::clip, {}},
      {OpId::add, true, {}, Binary::add},         {OpId::sub, true, {}, Binary::sub},
      {OpId::mul, true, {}, Binary::mul},         {OpId::div, true, {}, Binary::div},
      {OpId::pow, true, {}, Binary::pow},         {OpId::maximum, true, {}, Binary::maximum},
      {OpId::minimum, true, {}, Binary::minimum},
  };
  return m;
}

const Mapping* find(OpId op) {
  for (const Mapping& m : mappings())
    if (m.op == op) return &m;
  return nullptr;
}

constexpr int64_t kBlock = 512;
// Elements x instructions below which a fused program runs on one thread. Blocks are split among
// tasks whole, and every element is computed by the same kernel calls wherever its block runs, so
// the split never changes a result.
constexpr int64_t kMinTaskWork = int64_t(1) << 16;

// Per-thread scratch reused across runs: small graphs run fused kernels thousands of times a
// second, and fresh (zeroed) buffers for every call cost more than the arithmetic. The calling
// thread's copy also holds the run's layout (strides, kinds), which its tasks only read.
template <class T>
struct FusedScratch {
  std::vector<int64_t> strides;  // n_ops x rank, operand-major
  std::vector<int64_t> run_stride, idx, off;
  std::vector<const T*> in_ptr;
  std::vector<T> regs, gathered;
  std::vector<int8_t> kind;
};

template <class T>
FusedScratch<T>& fused_scratch() {
  static thread_local FusedScratch<T> scratch;
  return scratch;
}

// How many tasks to cut `units` pieces of a program into.
int64_t fused_tasks(const FusedProgram& p, int64_t elements, int64_t units) {
  if (units < 2) return 1;
  return std::min(
      units, parallel::task_count(elements * static_cast<int64_t>(p.code.size()), kMinTaskWork));
}

// Copies operand values at flat output positions [start, start + n) into dst: `s` are the
// operand's strides over `shape` (0 where it broadcasts), walked row by row.
template <class T>
void gather_block(const T* base, const int64_t* s, const int64_t* shape, int rank, int64_t start, int64_t n, T* dst) {
  int64_t ix[kMaxRank];
  int64_t off = 0, rem = start;
  for (int d = rank - 1; d >= 0; --d) {
    ix[d] = rem % shape[d];
    rem /= shape[d];
    off += ix[d] * s[d];
  }
  const int last = rank - 1;
  const int64_t sl = s[last];
  while (n > 0) {
    const int64_t run = std::min(shape[last] - ix[last], n);
    const T* src = base + off;
    if (sl == 1) std::copy(src, src + run, dst);
    else for (int64_t i = 0; i < run; ++i) dst[i] = src[i * sl];
    dst += run;
    n -= run;
    off += run * sl;
    ix[last] += run;
    if (ix[last] < shape[last]) continue;
    off -= shape[last] * sl;
    ix[last] = 0;
    for (int d = last - 1; d >= 0; --d) {
      off += s[d];
      if (++ix[d] < shape[d]) break;
      off -= s[d] * shape[d];
      ix[d] = 0;
    }
  }
}

// Rows shorter than a block (a bias added to a [batch, 8] activation) would cost one kernel call
// per row and instruction. Instead blocks run over the flat (contiguous) output; an operand that
// does not walk it the same way, nor is a single value, is first gathered for the block. The
// kernels give every element the same result wherever it sits in a call, so this is bit-identical.
template <class T>
void run_flat(const FusedProgram& p, const Tensors& inputs, Tensor& out, FusedScratch<T>& sc, int rank) {
  const int n_in = static_cast<int>(inputs.size());
  const int64_t* out_st = sc.strides.data();
  const int64_t total = out.size();
  // Per input: 0 walks like the output, 1 is one value, 2 is gathered.
  sc.kind.resize(n_in);
  const int8_t* kind = sc.kind.data();
  for (int k = 0; k < n_in; ++k) {
    const int64_t* st = out_st + static_cast<size_t>(k + 1) * rank;
    bool same = true, zero = true;
    for (int d = 0; d < rank; ++d) {
      if (p.shape[d] == 1) continue;
      same = same && st[d] == out_st[d];
      zero = zero && st[d] == 0;
    }
    sc.kind[k] = same ? 0 : zero ? 1 : 2;
  }
  T* out_ptr = out.data<T>();
  // Blocks [b0, b1), on the calling thread's or a pool thread's registers.
  const auto blocks = [&](int64_t b0, int64_t b1) {
    FusedScratch<T>& own = fused_scratch<T>();
    const size_t regs_needed = p.code.size() * kBlock;
    if (own.regs.size() < regs_needed) own.regs.resize(regs_needed);
    if (own.gathered.size() < static_cast<size_t>(n_in) * kBlock)
      own.gathered.resize(static_cast<size_t>(n_in) * kBlock);
    T* regs = own.regs.data();
    T* gathered = own.gathered.data();
    for (int64_t start = b0 * kBlock; start < std::min(total, b1 * kBlock); start += kBlock) {
      const int64_t n = std::min(kBlock, total - start);
      for (int k = 0; k < n_in; ++k)
        if (kind[k] == 2)
          gather_block(inputs[k].template data<T>(), out_st + static_cast<size_t>(k + 1) * rank,
                       p.shape.data(), rank, start, n, gathered + k * kBlock);
      auto operand = [&](int a, const T*& ptr, int64_t& stride) {
        if (a >= 0) {
          ptr = regs + a * kBlock;
          stride = 1;
          return;
        }
        const int k = -1 - a;
        stride = kind[k] == 1 ? 0 : 1;
        ptr = kind[k] == 0   ? inputs[k].template data<T>() + start
              : kind[k] == 1 ? inputs[k].template data<T>()
                             : gathered + k * kBlock;
      };
      for (size_t i = 0; i < p.code.size(); ++i) {
        const FusedInstr& ins = p.code[i];
        T* dst = i + 1 == p.code.size() ? out_ptr + start : regs + i * kBlock;
        const T *pa, *pb;
        int64_t sa, sb;
        operand(ins.a, pa, sa);
        if (ins.binary) {
          operand(ins.b, pb, sb);
          kernels::binary<T>(ins.binary_op, n, pa, sa, pb, sb, dst, 1);
        } else {
          kernels::unary<T>(ins.unary_op, n, pa, sa, dst, 1, ins.params);
        }
      }
    }
  };
  const int64_t n_blocks = (total + kBlock - 1) / kBlock;
  const int64_t tasks = fused_tasks(p, total, n_blocks);
  if (tasks <= 1) return blocks(0, n_blocks);
  parallel::for_tasks(tasks,
                      [&](int64_t t) { blocks(n_blocks * t / tasks, n_blocks * (t + 1) / tasks); });
}

template <class T>
void run_typed(const FusedProgram& p, const Tensors& inputs, Tensor& out) {
  FusedScratch<T>& sc = fused_scratch<T>();
  const int n_ops = static_cast<int>(inputs.size()) + 1;
  // Rank 0 runs as one element of rank 1.
  const bool scalar = p.shape.empty();
  const int rank = scalar ? 1 : static_cast<int>(p.shape.size());
  auto dim = [&](int d) { return scalar ? int64_t{1} : p.shape[d]; };
  // Strides of every operand over the output shape (operand 0 is the output).
  sc.strides.assign(static_cast<size_t>(n_ops) * rank, 0);
  const int64_t* strides = sc.strides.data();
  auto st = [&](int k) { return sc.strides.data() + static_cast<size_t>(k) * rank; };
  if (!scalar) {
    std::copy(out.strides().begin(), out.strides().end(), st(0));
    for (size_t k = 0; k < inputs.size(); ++k) {
      Strides b = broadcast_strides(inputs[k].shape(), inputs[k].strides(), p.shape);
      std::copy(b.begin(), b.end(), st(static_cast<int>(k) + 1));
    }
  }
  // Merge trailing dims that every operand walks contiguously (or broadcasts along).
  int inner_dim = rank - 1;
  int64_t inner = dim(inner_dim);
  while (inner_dim > 0) {
    bool ok = true;
    for (int k = 0; k < n_ops; ++k) ok = ok && st(k)[inner_dim - 1] == st(k)[inner_dim] * dim(inner_dim);
    if (!ok) break;
    --inner_dim;
    inner *= dim(inner_dim);
  }
  if (inner_dim > 0 && inner < kBlock) return run_flat(p, inputs, out, sc, rank);
  // The merged run is walked with the stride of the innermost dim.
  const int last = rank - 1;
  sc.run_stride.resize(n_ops);
  for (int k = 0; k < n_ops; ++k) sc.run_stride[k] = st(k)[last];
  sc.in_ptr.resize(inputs.size());
  for (size_t k = 0; k < inputs.size(); ++k) sc.in_ptr[k] = inputs[k].template data<T>();
  T* out_ptr = out.data<T>();
  int64_t outer = 1;
  for (int d = 0; d < inner_dim; ++d) outer *= dim(d);
  const int64_t* run_stride = sc.run_stride.data();
  const T* const* in_ptr = sc.in_ptr.data();
  const int64_t inner_blocks = (inner + kBlock - 1) / kBlock;
  // Pieces: whole outer indices when there are several, else blocks of the one run.
  const int64_t units = outer > 1 ? outer : inner_blocks;
  // Outer indices [o0, o1), blocks [c0, c1) of each.
  const auto piece = [&](int64_t o0, int64_t o1, int64_t c0, int64_t c1) {
    FusedScratch<T>& own = fused_scratch<T>();
    const size_t regs_needed = p.code.size() * kBlock;
    if (own.regs.size() < regs_needed) own.regs.resize(regs_needed);
    T* regs = own.regs.data();
    own.idx.assign(inner_dim, 0);
    own.off.assign(n_ops, 0);
    int64_t* idx = own.idx.data();
    int64_t* off = own.off.data();
    for (int64_t rem = o0, d = inner_dim - 1; d >= 0; --d) {
      idx[d] = rem % dim(static_cast<int>(d));
      rem /= dim(static_cast<int>(d));
      for (int k = 0; k < n_ops; ++k) off[k] += idx[d] * strides[static_cast<size_t>(k) * rank + d];
    }
    for (int64_t o = o0; o < o1; ++o) {
      for (int64_t start = c0 * kBlock; start < std::min(inner, c1 * kBlock); start += kBlock) {
        int64_t n = std::min(kBlock, inner - start);
        auto operand = [&](int a, const T*& ptr, int64_t& stride) {
          if (a < 0) {
            int k = -1 - a;
            stride = run_stride[k + 1];
            ptr = in_ptr[k] + off[k + 1] + start * stride;
          } else {
            stride = 1;
            ptr = regs + a * kBlock;
          }
        };
        for (size_t i = 0; i < p.code.size(); ++i) {
          const FusedInstr& ins = p.code[i];
          const bool final = i + 1 == p.code.size();
          T* dst = final ? out_ptr + off[0] + start * run_stride[0] : regs + i * kBlock;
          int64_t sd = final ? run_stride[0] : 1;
          const T *pa, *pb;
          int64_t sa, sb;
          operand(ins.a, pa, sa);
          if (ins.binary) {
            operand(ins.b, pb, sb);
            kernels::binary<T>(ins.binary_op, n, pa, sa, pb, sb, dst, sd);
          } else {
            kernels::unary<T>(ins.unary_op, n, pa, sa, dst, sd, ins.params);
          }
        }
      }
      // Next outer index.
      for (int d = inner_dim - 1; d >= 0; --d) {
        for (int k = 0; k < n_ops; ++k) off[k] += strides[static_cast<size_t>(k) * rank + d];
        if (++idx[d] < dim(d)) break;
        for (int k = 0; k < n_ops; ++k)
          off[k] -= strides[static_cast<size_t>(k) * rank + d] * dim(d);
        idx[d] = 0;
      }
    }
  };
  const int64_t tasks = fused_tasks(p, outer * inner, units);
  if (tasks <= 1) return piece(0, outer, 0, inner_blocks);
  parallel::for_tasks(tasks, [&](int64_t t) {
    const int64_t b = units * t / tasks, e = units * (t + 1) / tasks;
    if (outer > 1)
      piece(b, e, 0, inner_blocks);
    else
      piece(0, 1, b, e);
  });
}

}  // namespace

bool fusable(OpId op, DType dtype) { return is_floating(dtype) && find(op) != nullptr; }

FusedInstr fused_instr(OpId op, const Attrs& attrs, int a, int b) {
  const Mapping* m = find(op);
  FusedInstr ins;
  ins.op = op;
  ins.binary = m->binary;
  ins.unary_op = m->u;
  ins.binary_op = m->b;
  ins.a = a;
  ins.b = b;
  if (op == OpId::leakyRelu) ins.params.alpha = attrs.f("alpha");
  if (op == OpId::gelu) ins.params.approximate = attrs.b("approximate");
  if (op == OpId::clipByValue) {
    ins.params.lo = attrs.f("clipValueMin");
    ins.params.hi = attrs.f("clipValueMax");
  }
  return ins;
}

Tensors run_fused(const FusedProgram& p, const Tensors& inputs) {
  for (const Tensor& t : inputs)
    if (t.dtype() != p.dtype)
      fail("fused: input dtype ", dtype_name(t.dtype()), " differs from the traced ", dtype_name(p.dtype));
  Tensor out = Tensor::empty(p.dtype, p.shape);
  if (out.size() == 0) return one_output(std::move(out));
  if (p.dtype == DType::f64) run_typed<double>(p, inputs, out);
  else run_typed<float>(p, inputs, out);
  return one_output(std::move(out));
}

std::string fused_description(const FusedProgram& p) {
  std::string s;
  for (size_t i = 0; i < p.code.size(); ++i) s += (i ? " -> " : "") + std::string(op_def(p.code[i].op).name);
  return s;
}

}  // namespace tensorpad::graph
