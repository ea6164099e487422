#include <algorithm>
#include <map>

#include "../error.h"
#include "fusion.h"
#include "graph.h"

namespace tensorpad::graph {
namespace {

// Keeps the nodes with keep[i], renumbering every reference (all kept references must point to
// kept nodes).
void compact(Graph& g, const std::vector<bool>& keep) {
  std::vector<int32_t> remap(g.nodes.size(), -1);
  std::vector<Node> nodes;
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (keep[i]) {
      remap[i] = static_cast<int32_t>(nodes.size());
      nodes.push_back(std::move(g.nodes[i]));
    }
  auto fix = [&](ValueRef& r) { r.node = remap[r.node]; };
  for (Node& n : nodes)
    for (ValueRef& r : n.inputs) fix(r);
  for (ValueRef& r : g.outputs) fix(r);
  for (VariableWrite& w : g.writes) fix(w.value);
  g.nodes = std::move(nodes);
}

void replace_uses(Graph& g, const ValueRef& from, const ValueRef& to) {
  for (Node& n : g.nodes)
    for (ValueRef& r : n.inputs)
      if (r == from) r = to;
  for (ValueRef& r : g.outputs)
    if (r == from) r = to;
  for (VariableWrite& w : g.writes)
    if (w.value == from) w.value = to;
}

std::string attrs_key(const Attrs& a) {
  Str os;
  os.precision(17);
  for (auto& [name, v] : a.items()) {
    os << name << '=';
    if (auto p = std::get_if<int64_t>(&v)) os << 'i' << *p;
    else if (auto p = std::get_if<double>(&v)) os << 'f' << *p;
    else if (auto p = std::get_if<std::vector<int64_t>>(&v)) for (auto x : *p) os << x << ',';
    else if (auto p = std::get_if<std::vector<double>>(&v)) for (auto x : *p) os << x << ',';
    os << ';';
  }
  return os.str();
}

bool foldable(const Node& n) { return n.kind == NodeKind::kOp && !op_def(n.op).stateful; }

std::vector<int> use_counts(const Graph& g) {
  std::vector<int> uses(g.nodes.size(), 0);
  for (const Node& n : g.nodes)
    for (const ValueRef& r : n.inputs) ++uses[r.node];
  for (const ValueRef& r : g.outputs) uses[r.node] += 2;  // outputs must stay materialised
  for (const VariableWrite& w : g.writes) uses[w.value.node] += 2;
  return uses;
}

}  // namespace

int eliminate_dead_code(Graph& g) {
  std::vector<bool> live(g.nodes.size(), false);
  for (const ValueRef& r : g.outputs) live[r.node] = true;
  for (const VariableWrite& w : g.writes) live[w.value.node] = true;
  for (size_t i = g.nodes.size(); i-- > 0;)
    if (live[i])
      for (const ValueRef& r : g.nodes[i].inputs) live[r.node] = true;
  // Arguments stay: they are the function's signature.
  for (size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].kind == NodeKind::kArg) live[i] = true;
  int removed = static_cast<int>(std::count(live.begin(), live.end(), false));
  if (removed) compact(g, live);
  return removed;
}

int eliminate_common_subexpressions(Graph& g) {
  std::map<std::string, int32_t> seen;
  int merged = 0;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& n = g.nodes[i];
    Str key;
    if (n.kind == NodeKind::kVariable) {
      key << "var" << n.index;
    } else if (n.kind == NodeKind::kConstant) {
      // Same buffer and layout: the same captured tensor.
      key << "const" << n.constant.storage().get() << ':' << n.constant.offset() << ':'
          << shape_str(n.constant.shape()) << shape_str(n.constant.strides()) << (int)n.constant.dtype();
    } else if (foldable(n)) {
      key << "op" << static_cast<int>(n.op) << '(';
      for (const ValueRef& r : n.inputs) key << r.node << ':' << r.output << ',';
      key << ')' << attrs_key(n.attrs);
    } else {
      continue;
    }
    auto [it, fresh] = seen.emplace(key.str(), static_cast<int32_t>(i));
    if (fresh) continue;
    for (size_t k = 0; k < n.dtypes.size(); ++k)
      replace_uses(g, {static_cast<int32_t>(i), static_cast<int32_t>(k)}, {it->second, static_cast<int32_t>(k)});
    ++merged;
  }
  if (merged) eliminate_dead_code(g);
  return merged;
}

int fold_constants(Graph& g) {
  constexpr int64_t kMaxFoldedElements = 1 << 20;
  int folded = 0;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& n = g.nodes[i];
    if (!foldable(n) || n.dtypes.size() != 1 || shape_size(n.shapes[0]) > kMaxFoldedElements) continue;
    bool all_const = true;
    for (const ValueRef& r : n.inputs) all_const = all_const && g.nodes[r.node].kind == NodeKind::kConstant;
    if (!all_const) continue;
    Tensors in;
    for (const ValueRef& r : n.inputs) in.push_back(g.nodes[r.node].constant);
    Tensor value = call_op(n.op, in, n.attrs)[0];
    n.kind = NodeKind::kConstant;
    n.constant = value;
    n.inputs.clear();
    n.attrs = Attrs();
    ++folded;
  }
  if (folded) eliminate_dead_code(g);
  return folded;
}

int fuse_elementwise(Graph& g) {
  std::vector<int> uses = use_counts(g);
  std::vector<bool> in_group(g.nodes.size(), false);
  int fused_ops = 0;
  auto candidate = [&](size_t i) {
    const Node& n = g.nodes[i];
    return n.kind == NodeKind::kOp && n.dtypes.size() == 1 && fusable(n.op, n.dtypes[0]);
  };
  for (size_t root = g.nodes.size(); root-- > 0;) {
    if (!candidate(root) || in_group[root]) continue;
    const Node& r = g.nodes[root];
    // Absorb producers that only this group uses and that have the root's shape and dtype.
    std::vector<int32_t> members = {static_cast<int32_t>(root)};
    std::vector<bool> member(g.nodes.size(), false);
    member[root] = true;
    for (size_t m = 0; m < members.size(); ++m)
      for (const ValueRef& in : g.nodes[members[m]].inputs) {
        int32_t p = in.node;
        if (member[p] || in_group[p] || !candidate(p) || uses[p] != 1) continue;
        if (g.nodes[p].shapes[0] != r.shapes[0] || g.nodes[p].dtypes[0] != r.dtypes[0]) continue;
        member[p] = true;
        members.push_back(p);
      }
    if (members.size() < 2) continue;
    std::sort(members.begin(), members.end());  // topological order
    auto prog = std::make_shared<FusedProgram>();
    prog->dtype = r.dtypes[0];
    prog->shape = r.shapes[0];
    std::vector<ValueRef> inputs;
    std::map<int32_t, int> reg;  // member node -> instruction
    auto operand = [&](const ValueRef& v) {
      if (member[v.node]) return reg.at(v.node);
      for (size_t k = 0; k < inputs.size(); ++k)
        if (inputs[k] == v) return -1 - static_cast<int>(k);
      inputs.push_back(v);
      return -static_cast<int>(inputs.size());
    };
    for (int32_t m : members) {
      const Node& n = g.nodes[m];
      int a = operand(n.inputs[0]);
      int b = n.inputs.size() > 1 ? operand(n.inputs[1]) : 0;
      reg[m] = static_cast<int>(prog->code.size());
      prog->code.push_back(fused_instr(n.op, n.attrs, a, b));
    }
    prog->num_inputs = static_cast<int>(inputs.size());
    Node& out = g.nodes[root];
    out.kind = NodeKind::kFused;
    out.fused = prog;
    out.inputs = inputs;
    out.attrs = Attrs();
    out.name = "fused_" + std::to_string(root);
    for (int32_t m : members) in_group[m] = true;
    fused_ops += static_cast<int>(members.size());
  }
  if (fused_ops) eliminate_dead_code(g);
  return fused_ops;
}

// conv2d -> add(bias [outDepth]) [-> activation] becomes one fusedConv2d node when each
// intermediate has no other reader. In a training graph too: the activations' rules read their
// output, not the pre-activation (elementwise_rules.cpp). Runs before elementwise fusion, which
// would take the add.
int fuse_conv_bias_activation(Graph& g) {
  std::vector<int> uses = use_counts(g);
  // The single reader of each node with one use.
  std::vector<int32_t> reader(g.nodes.size(), -1);
  for (size_t i = 0; i < g.nodes.size(); ++i)
    for (const ValueRef& r : g.nodes[i].inputs) reader[r.node] = static_cast<int32_t>(i);
  auto op_node = [&](int32_t i, OpId op) {
    return i >= 0 && g.nodes[i].kind == NodeKind::kOp && g.nodes[i].op == op;
  };
  static const std::pair<OpId, int64_t> kActivations[] = {
      {OpId::relu, 1}, {OpId::relu6, 2}, {OpId::elu, 3}, {OpId::sigmoid, 4}, {OpId::leakyRelu, 5}, {OpId::tanh, 6}};
  int fused = 0;
  for (size_t ci = 0; ci < g.nodes.size(); ++ci) {
    const Node& conv = g.nodes[ci];
    if (conv.kind != NodeKind::kOp || conv.op != OpId::conv2d || uses[ci] != 1) continue;
    if (!is_floating(conv.dtypes[0]) || conv.attrs.i("dataFormat") != 0) continue;
    const int32_t ai = reader[ci];
    if (!op_node(ai, OpId::add)) continue;
    const Node& add = g.nodes[ai];
    const ValueRef bias = add.inputs[0].node == static_cast<int32_t>(ci) ? add.inputs[1] : add.inputs[0];
    if (bias.node == static_cast<int32_t>(ci)) continue;  // conv + conv
    const Node& bn = g.nodes[bias.node];
    const int64_t out_c = conv.shapes[0].back();
    if (bn.shapes[bias.output] != Shape{out_c} || bn.dtypes[bias.output] != conv.dtypes[0] ||
        add.shapes[0] != conv.shapes[0])
      continue;
    int32_t last = ai;
    int64_t activation = 0;
    double alpha = 0.2;
    if (uses[ai] == 1)
      for (auto [op, code] : kActivations)
        if (op_node(reader[ai], op)) {
          last = reader[ai];
          activation = code;
          if (op == OpId::leakyRelu) alpha = g.nodes[last].attrs.f("alpha");
        }
    Node& out = g.nodes[last];
    Attrs at = conv.attrs;
    at.set("activation", activation).set("leakyreluAlpha", alpha);
    out.kind = NodeKind::kOp;
    out.op = OpId::fusedConv2d;
    out.attrs = std::move(at);
    out.inputs = {conv.inputs[0], conv.inputs[1], bias};
    ++fused;
    // The conv and the add are dead now; the readers table stays valid for the nodes after them.
  }
  if (fused) eliminate_dead_code(g);
  return fused;
}

// A keepDims reduction read only by a reshape to its shape without those 1s (every bias gradient:
// a sum over the batch, then a reshape to the bias) becomes the reduction without keepDims: the
// same kernel on the same values, one kernel call fewer per step.
int fold_reduction_reshapes(Graph& g) {
  std::vector<int> uses = use_counts(g);
  int folded = 0;
  for (Node& rs : g.nodes) {
    if (rs.kind != NodeKind::kOp || rs.op != OpId::reshape) continue;
    const ValueRef src = rs.inputs[0];
    const Node& red = g.nodes[src.node];
    if (red.kind != NodeKind::kOp || uses[src.node] != 1) continue;
    if (red.op != OpId::sum && red.op != OpId::mean && red.op != OpId::max && red.op != OpId::min &&
        red.op != OpId::prod)
      continue;
    if (!red.attrs.has("keepDims") || red.attrs.i("keepDims") == 0 || !red.attrs.has("axis")) continue;
    const Shape& in = g.nodes[red.inputs[0].node].shapes[red.inputs[0].output];
    const int rank = static_cast<int>(in.size());
    const std::vector<int64_t>& axes = red.attrs.ints("axis");
    std::vector<bool> reduced(rank, axes.empty());
    bool valid = true;
    for (int64_t a : axes) {
      const int64_t d = a < 0 ? a + rank : a;
      if (d < 0 || d >= rank) valid = false;
      else reduced[d] = true;
    }
    if (!valid) continue;
    Shape squeezed;
    for (int d = 0; d < rank; ++d)
      if (!reduced[d]) squeezed.push_back(in[d]);
    if (rs.shapes[0] != squeezed || rs.dtypes[0] != red.dtypes[0]) continue;
    Attrs at = red.attrs;
    at.set("keepDims", int64_t{0});
    rs.op = red.op;
    rs.attrs = std::move(at);
    rs.inputs = red.inputs;
    rs.name = red.name;  // the reduction's name (the node it replaces is dead)
    ++folded;
  }
  if (folded) eliminate_dead_code(g);
  return folded;
}

PassStats optimize(Graph& g, const PassOptions& o) {
  PassStats s;
  s.nodes_before = static_cast<int>(g.nodes.size());
  if (o.dce) s.removed_dead = eliminate_dead_code(g);
  if (o.fold_constants) s.folded = fold_constants(g);
  if (o.cse) s.merged_common = eliminate_common_subexpressions(g);
  if (o.fuse) {
    s.folded_reshapes = fold_reduction_reshapes(g);
    s.fused_convs = fuse_conv_bias_activation(g);
    s.fused_ops = fuse_elementwise(g);
  }
  s.nodes_after = static_cast<int>(g.nodes.size());
  return s;
}

}  // namespace tensorpad::graph
