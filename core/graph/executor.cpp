#include <algorithm>
#include <climits>

#include "../error.h"
#include "fusion.h"
#include "graph.h"

namespace tensorpad::graph {

Executable::Executable(Graph g, VariableAccess vars) : g_(std::move(g)), vars_(std::move(vars)) {
  last_use_.assign(g_.nodes.size(), -1);
  first_slot_.resize(g_.nodes.size() + 1);
  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    for (const ValueRef& r : g_.nodes[i].inputs) last_use_[r.node] = static_cast<int32_t>(i);
    first_slot_[i + 1] = first_slot_[i] + static_cast<int32_t>(g_.nodes[i].dtypes.size());
  }
  for (const ValueRef& r : g_.outputs) last_use_[r.node] = INT_MAX;
  for (const VariableWrite& w : g_.writes) last_use_[w.value.node] = INT_MAX;
}

Tensors Executable::run(const Tensors& args, RunStats* stats) {
  if (static_cast<int>(args.size()) != g_.num_args)
    fail("function: expected ", g_.num_args, " arguments, got ", args.size());
  // One slot per node output; ops were validated while tracing, so they run without re-checks.
  std::vector<Tensor> slots(first_slot_.back());
  auto value = [&](const ValueRef& r) -> Tensor& { return slots[first_slot_[r.node] + r.output]; };
  const int64_t base = memory_stats().live_bytes;
  int64_t peak = 0;
  int kernels = 0;
  Tensors in;
  for (size_t i = 0; i < g_.nodes.size(); ++i) {
    const Node& n = g_.nodes[i];
    Tensor* dst = &slots[first_slot_[i]];
    switch (n.kind) {
      case NodeKind::kArg: *dst = args[n.index]; break;
      case NodeKind::kVariable: *dst = vars_.read(n.index); break;
      case NodeKind::kConstant: *dst = n.constant; break;
      case NodeKind::kOp:
      case NodeKind::kFused: {
        in.clear();
        for (const ValueRef& r : n.inputs) in.push_back(value(r));
        Tensors out = n.kind == NodeKind::kOp ? call_op_prepared(n.op, in, n.attrs) : run_fused(*n.fused, in);
        for (size_t k = 0; k < out.size(); ++k) dst[k] = std::move(out[k]);
        ++kernels;
        break;
      }
    }
    if (release_early_) {
      for (const ValueRef& r : n.inputs)
        if (last_use_[r.node] == static_cast<int32_t>(i))
          for (int32_t k = first_slot_[r.node]; k < first_slot_[r.node + 1]; ++k) slots[k] = Tensor();
      in.clear();
    }
    peak = std::max(peak, memory_stats().live_bytes - base);
  }
  Tensors out;
  for (const ValueRef& r : g_.outputs) out.push_back(value(r));
  for (const VariableWrite& w : g_.writes) vars_.write(w.variable, value(w.value));
  if (stats) {
    stats->peak_bytes = peak;
    stats->kernels = kernels;
  }
  return out;
}

int Graph::op_count() const {
  int c = 0;
  for (const Node& n : nodes) c += n.kind == NodeKind::kOp || n.kind == NodeKind::kFused;
  return c;
}

namespace {

std::string ref_name(const Graph& g, const ValueRef& r) {
  std::string s = g.nodes[r.node].name;
  if (r.output) s += ":" + std::to_string(r.output);
  return s;
}

std::string attr_text(const AttrValue& v) {
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) {
    std::string s = std::to_string(*p);
    return s;
  }
  std::string s = "[";
  if (auto p = std::get_if<std::vector<int64_t>>(&v))
    for (size_t i = 0; i < p->size(); ++i) s += (i ? "," : "") + std::to_string((*p)[i]);
  if (auto p = std::get_if<std::vector<double>>(&v))
    for (size_t i = 0; i < p->size(); ++i) s += (i ? "," : "") + std::to_string((*p)[i]);
  return s + "]";
}

std::string type_text(const Node& n) {
  std::string s;
  for (size_t k = 0; k < n.dtypes.size(); ++k)
    s += (k ? ", " : "") + std::string(dtype_name(n.dtypes[k])) + shape_str(n.shapes[k]);
  return s;
}

std::string op_text(const Node& n) {
  switch (n.kind) {
    case NodeKind::kArg: return "arg " + std::to_string(n.index);
    case NodeKind::kVariable: return "variable " + std::to_string(n.index);
    case NodeKind::kConstant: return "constant";
    case NodeKind::kOp: return op_def(n.op).name;
    case NodeKind::kFused: return "fused[" + fused_description(*n.fused) + "]";
  }
  return "?";
}

std::string json_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}

}  // namespace

std::string Graph::to_string() const {
  std::string s;
  for (const Node& n : nodes) {
    s += n.name + " = " + op_text(n) + "(";
    for (size_t k = 0; k < n.inputs.size(); ++k) s += (k ? ", " : "") + ref_name(*this, n.inputs[k]);
    s += ")";
    bool first = true;
    for (auto& [name, v] : n.attrs.items()) {
      s += (first ? " {" : ", ") + name + "=" + attr_text(v);
      first = false;
    }
    if (!first) s += "}";
    s += " : " + type_text(n) + "\n";
  }
  s += "return (";
  for (size_t k = 0; k < outputs.size(); ++k) s += (k ? ", " : "") + ref_name(*this, outputs[k]);
  s += ")\n";
  for (const VariableWrite& w : writes)
    s += "assign variable " + std::to_string(w.variable) + " <- " + ref_name(*this, w.value) + "\n";
  return s;
}

std::string Graph::to_graphdef_json() const {
  std::string s = "{\"nodes\":[";
  for (size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    const char* op = n.kind == NodeKind::kArg        ? "Placeholder"
                     : n.kind == NodeKind::kVariable ? "ReadVariableOp"
                     : n.kind == NodeKind::kConstant ? "Const"
                     : n.kind == NodeKind::kFused    ? "FusedElementwise"
                                                     : op_def(n.op).name;
    s += std::string(i ? "," : "") + "{\"name\":\"" + json_escape(n.name) + "\",\"op\":\"" + op +
         "\",\"inputs\":[";
    for (size_t k = 0; k < n.inputs.size(); ++k)
      s += std::string(k ? "," : "") + "\"" + json_escape(ref_name(*this, n.inputs[k])) + "\"";
    s += "],\"attr\":{\"_output_shapes\":\"" + json_escape(type_text(n)) + "\"";
    if (n.kind == NodeKind::kFused)
      s += ",\"program\":\"" + json_escape(fused_description(*n.fused)) + "\"";
    for (auto& [name, v] : n.attrs.items())
      s += ",\"" + json_escape(name) + "\":\"" + json_escape(attr_text(v)) + "\"";
    s += "}}";
  }
  return s + "]}";
}

}  // namespace tensorpad::graph
