#include <algorithm>
#include <climits>

#include "../error.h"
#include "../size.h"
#include "fusion.h"
#include "graph.h"

namespace tensorpad::graph {

namespace {
// Empties a slot by moving its value out: `t = Tensor()` value-initialises a whole Tensor (a
// memset of its inline dims in WASM) for every value a step drops.
void drop(Tensor& t) { Tensor gone = std::move(t); }
}  // namespace

Executable::Executable(Graph g, VariableAccess vars) : g_(std::move(g)), vars_(std::move(vars)) {
  const int32_t n = static_cast<int32_t>(g_.nodes.size());
  first_slot_.resize(n + 1);
  for (int32_t i = 0; i < n; ++i)
    first_slot_[i + 1] = first_slot_[i] + static_cast<int32_t>(g_.nodes[i].dtypes.size());
  const int32_t num_slots = first_slot_.back();
  // Last reader of every value; outputs and written values live to the end, unread ones die
  // right after the node that made them.
  std::vector<int32_t> last_use(num_slots, -1);
  auto slot_of = [&](const ValueRef& r) { return first_slot_[r.node] + r.output; };
  for (int32_t i = 0; i < n; ++i)
    for (const ValueRef& r : g_.nodes[i].inputs) last_use[slot_of(r)] = i;
  for (const ValueRef& r : g_.outputs) last_use[slot_of(r)] = INT_MAX;
  for (const VariableWrite& w : g_.writes) last_use[slot_of(w.value)] = INT_MAX;
  std::vector<std::vector<int32_t>> dies(n);
  for (int32_t i = 0; i < n; ++i) {
    const Node& node = g_.nodes[i];
    if (node.kind == NodeKind::kArg || node.kind == NodeKind::kVariable) loads_.push_back(i);
    for (int32_t s = first_slot_[i]; s < first_slot_[i + 1]; ++s) {
      if (node.kind == NodeKind::kConstant) continue;  // read in place, never copied to a slot
      if (last_use[s] >= 0 && last_use[s] < INT_MAX) dies[last_use[s]].push_back(s);
      else if (last_use[s] < 0 && (node.kind == NodeKind::kOp || node.kind == NodeKind::kFused)) dies[i].push_back(s);
    }
  }
  for (int32_t i = 0; i < n; ++i) {
    const Node& node = g_.nodes[i];
    if (node.kind != NodeKind::kOp && node.kind != NodeKind::kFused) continue;
    Step st{i, static_cast<int32_t>(inputs_.size()), static_cast<int32_t>(node.inputs.size()),
            static_cast<int32_t>(release_.size()), static_cast<int32_t>(dies[i].size())};
    for (size_t k = 0; k < node.inputs.size(); ++k) {
      const ValueRef& r = node.inputs[k];
      if (g_.nodes[r.node].kind == NodeKind::kConstant) {
        inputs_.push_back({-1 - r.node, false});
        continue;
      }
      const int32_t s = slot_of(r);
      bool repeated = false;
      for (size_t j = 0; j < node.inputs.size(); ++j) repeated = repeated || (j != k && node.inputs[j] == r);
      inputs_.push_back({s, last_use[s] == i && !repeated});
    }
    release_.insert(release_.end(), dies[i].begin(), dies[i].end());
    steps_.push_back(st);
  }
  slots_.resize(num_slots);
}

void Executable::clear_slots() {
  for (Tensor& t : slots_)
    if (t.defined()) drop(t);
  in_.clear();
}

Tensors Executable::run(const Tensors& args, RunStats* stats) {
  if (static_cast<int>(args.size()) != g_.num_args)
    fail("function: expected ", g_.num_args, " arguments, got ", args.size());
  // Values never outlive a run, also when a kernel throws.
  struct Clear {
    Executable* e;
    ~Clear() { e->clear_slots(); }
  } clear{this};
  for (int32_t i : loads_) {
    const Node& n = g_.nodes[i];
    slots_[first_slot_[i]] = n.kind == NodeKind::kArg ? args[n.index] : vars_.read(n.index);
  }
  const int64_t base = memory_stats().live_bytes;
  int64_t peak = 0;
  // Ops were validated while tracing, so they run without re-checks.
  for (const Step& st : steps_) {
    const Node& n = g_.nodes[st.node];
    in_.clear();
    for (int32_t k = st.first_input; k < st.first_input + st.num_inputs; ++k) {
      const Input& in = inputs_[k];
      if (in.slot < 0) in_.push_back(g_.nodes[-1 - in.slot].constant);
      else if (in.last && release_early_) in_.push_back(std::move(slots_[in.slot]));
      else in_.push_back(slots_[in.slot]);
    }
    Tensors out = n.kind == NodeKind::kOp ? call_op_prepared(n.op, in_, n.attrs) : run_fused(*n.fused, in_);
    Tensor* dst = &slots_[first_slot_[st.node]];
    for (size_t k = 0; k < out.size(); ++k) dst[k] = std::move(out[k]);
    if (release_early_) {
      in_.clear();
      for (int32_t k = st.first_release; k < st.first_release + st.num_release; ++k) drop(slots_[release_[k]]);
    }
    peak = std::max(peak, memory_stats().live_bytes - base);
  }
  auto value = [&](const ValueRef& r) -> const Tensor& {
    const Node& n = g_.nodes[r.node];
    return n.kind == NodeKind::kConstant ? n.constant : slots_[first_slot_[r.node] + r.output];
  };
  Tensors out;
  out.reserve(g_.outputs.size());
  for (const ValueRef& r : g_.outputs) out.push_back(value(r));
  for (const VariableWrite& w : g_.writes) vars_.write(w.variable, value(w.value));
  if (stats) {
    stats->peak_bytes = peak;
    stats->kernels = static_cast<int>(steps_.size());
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

// Text dumps for people and tools, never on a step's path: compiled for size (core/size.h).
TP_MINSIZE std::string Graph::to_string() const {
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

TP_MINSIZE std::string Graph::to_graphdef_json() const {
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
