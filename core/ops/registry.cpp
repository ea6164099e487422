#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "../autodiff/autodiff.h"
#include "../graph/graph.h"
#include "../error.h"
#include "op.h"

namespace tensorpad {

namespace {
// Attribute names are looked up by kernels on every call: most names differ in their first
// character, so that is checked inline before the full comparison.
bool same_name(const std::string& key, const char* name) {
  return key[0] == name[0] && std::strcmp(key.c_str(), name) == 0;
}
}  // namespace

Attrs& Attrs::set(const char* name, AttrValue v) {
  for (auto& kv : items_)
    if (same_name(kv.first, name)) {
      kv.second = std::move(v);
      return *this;
    }
  items_.emplace_back(name, std::move(v));
  return *this;
}

bool Attrs::has(const char* name) const {
  for (auto& kv : items_)
    if (same_name(kv.first, name)) return true;
  return false;
}

const AttrValue& Attrs::get(const char* name) const {
  for (auto& kv : items_)
    if (same_name(kv.first, name)) return kv.second;
  fail("attrs: missing attribute '", name, "'");
}

int64_t Attrs::i(const char* name) const {
  const AttrValue& v = get(name);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  fail("attrs: attribute '", name, "' is not a number");
}

double Attrs::f(const char* name) const {
  const AttrValue& v = get(name);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  fail("attrs: attribute '", name, "' is not a number");
}

const std::vector<int64_t>& Attrs::ints(const char* name) const {
  const AttrValue& v = get(name);
  if (auto p = std::get_if<std::vector<int64_t>>(&v)) return *p;
  fail("attrs: attribute '", name, "' is not a list of integers");
}

const std::vector<double>& Attrs::floats(const char* name) const {
  const AttrValue& v = get(name);
  if (auto p = std::get_if<std::vector<double>>(&v)) return *p;
  fail("attrs: attribute '", name, "' is not a list of numbers");
}

namespace {

std::array<OpDef, kOpCount>& table() {
  static std::array<OpDef, kOpCount> t;
  return t;
}

constexpr const char* kOpNames[] = {
#define TP_OP(name) #name,
#include "op_list.inc"
#undef TP_OP
};
static_assert(sizeof(kOpNames) / sizeof(kOpNames[0]) == kOpCount, "op_list.inc and OpId agree");

void ensure_registered() {
  // A function-local static: after the first call one inline check, where std::call_once was a
  // library call on every op_def() (several per op of a compiled step).
  static const bool registered = [] {
    for (int i = 0; i < kOpCount; ++i) table()[i].name = kOpNames[i];
#define TP_FAMILY(fn) ops_detail::fn();
#include "families.inc"
#undef TP_FAMILY
    return true;
  }();
  (void)registered;
}

bool same_kind(AttrKind k, const AttrValue& v) {
  switch (k) {
    case AttrKind::Int:
    case AttrKind::Bool:
    case AttrKind::DType:
      return std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v);
    case AttrKind::Float: return std::holds_alternative<double>(v) || std::holds_alternative<int64_t>(v);
    case AttrKind::Ints: return std::holds_alternative<std::vector<int64_t>>(v);
    case AttrKind::Floats: return std::holds_alternative<std::vector<double>>(v);
  }
  return false;
}

const char* kind_name(AttrKind k) {
  switch (k) {
    case AttrKind::Int: return "int";
    case AttrKind::Float: return "float";
    case AttrKind::Bool: return "bool";
    case AttrKind::Ints: return "ints";
    case AttrKind::Floats: return "floats";
    case AttrKind::DType: return "dtype";
  }
  return "?";
}

void json_value(Str& os, const AttrValue& v) {
  if (auto p = std::get_if<int64_t>(&v)) {
    os << *p;
  } else if (auto p = std::get_if<double>(&v)) {
    if (std::isfinite(*p)) os << *p; else os << "null";
  } else if (auto p = std::get_if<std::vector<int64_t>>(&v)) {
    os << "[";
    for (size_t i = 0; i < p->size(); ++i) os << (i ? "," : "") << (*p)[i];
    os << "]";
  } else if (auto p = std::get_if<std::vector<double>>(&v)) {
    os << "[";
    for (size_t i = 0; i < p->size(); ++i) os << (i ? "," : "") << (*p)[i];
    os << "]";
  }
}

}  // namespace

namespace ops_detail {
OpDef& entry(OpId id) { return table()[static_cast<int>(id)]; }
}  // namespace ops_detail

const OpDef& op_def(OpId id) {
  ensure_registered();
  return table()[static_cast<int>(id)];
}

const std::vector<const OpDef*>& all_ops() {
  ensure_registered();
  static const std::vector<const OpDef*> list = [] {
    std::vector<const OpDef*> v;
    for (auto& d : table()) v.push_back(&d);
    return v;
  }();
  return list;
}

const OpDef* find_op(const std::string& name) {
  for (const OpDef* d : all_ops())
    if (name == d->name) return d;
  return nullptr;
}

Tensors call_op(OpId id, const Tensors& inputs, Attrs attrs) {
  const OpDef& def = op_def(id);
  if (!def.forward) fail(def.name, ": op has no kernel");
  if (def.num_inputs >= 0 && static_cast<int>(inputs.size()) != def.num_inputs)
    fail(def.name, ": expected ", def.num_inputs, " inputs, got ", inputs.size());
  if (def.num_inputs < 0 && inputs.empty()) fail(def.name, ": expected at least one input");
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!inputs[i].defined()) fail(def.name, ": input ", i, " is a disposed or empty tensor");
  for (const AttrSpec& s : def.attrs) {
    if (!attrs.has(s.name)) {
      if (s.required) fail(def.name, ": missing required attribute '", s.name, "'");
      attrs.set(s.name, s.default_value);
    } else {
      for (auto& kv : attrs.items())
        if (kv.first == s.name && !same_kind(s.kind, kv.second))
          fail(def.name, ": attribute '", s.name, "' must be of kind ", kind_name(s.kind));
    }
  }
  return call_op_prepared(id, inputs, attrs);
}

Tensors call_op_prepared(OpId id, const Tensors& inputs, const Attrs& attrs) {
  const OpDef& def = op_def(id);
  Tensors out;
  {
    OpNameScope scope(def.name);
    out = def.forward(inputs, attrs);
  }
  // A result that is an input itself (a no-op reshape, say) gets its own identity, so tapes
  // never see an op whose output is its input.
  for (Tensor& o : out)
    for (const Tensor& i : inputs)
      if (o.uid() == i.uid()) o = o.fresh();
  if (autodiff::active()) autodiff::on_op(id, attrs, inputs, out);
  if (graph::tracing()) graph::on_op(id, attrs, inputs, out);
  return out;
}

std::string op_schema_json() {
  Str os;
  os << "[";
  bool first = true;
  for (const OpDef* d : all_ops()) {
    os << (first ? "" : ",") << "{\"name\":\"" << d->name << "\",\"inputs\":" << d->num_inputs
       << ",\"attrs\":[";
    first = false;
    for (size_t i = 0; i < d->attrs.size(); ++i) {
      const AttrSpec& s = d->attrs[i];
      os << (i ? "," : "") << "{\"name\":\"" << s.name << "\",\"kind\":\"" << kind_name(s.kind)
         << "\",\"required\":" << (s.required ? "true" : "false") << ",\"default\":";
      json_value(os, s.default_value);
      os << "}";
    }
    // Test metadata, so that the JS gradient-check harness follows the same table.
    const char* diff = d->differentiable == Differentiable::kYes  ? "yes"
                       : d->differentiable == Differentiable::kNo ? "no"
                                                                   : "unset";
    os << "],\"doc\":\"" << d->doc << "\",\"differentiable\":\"" << diff
       << "\",\"stateful\":" << (d->stateful ? "true" : "false") << ",\"gradStep\":";
    json_value(os, d->grad_step);
    os << ",\"gradTol\":";
    json_value(os, d->grad_tol);
    os << ",\"rtol\":";
    json_value(os, d->rtol);
    os << ",\"atol\":";
    json_value(os, d->atol);
    os << "}";
  }
  os << "]";
  return os.str();
}

std::vector<TestCase> grad_check_cases(const OpDef& d) {
  std::vector<TestCase> out;
  if (!d.cases) return out;
  for (const TestCase& c : d.cases()) {
    int64_t total = 0;
    bool floating = false, finite = true;
    for (const Tensor& t : c.inputs) {
      total += t.size();
      if (!is_floating(t.dtype())) continue;
      floating = true;
      for (int64_t i = 0; i < t.size() && finite; ++i) finite = std::isfinite(t.item(i));
    }
    if (total > kMaxGradCaseElements || !floating || !finite) continue;
    TestCase g{c.label, {}, c.attrs};
    for (const Tensor& t : c.inputs)
      g.inputs.push_back(is_floating(t.dtype()) ? cast_to(t, DType::f64) : t);
    for (const AttrSpec& s : d.attrs)
      if (!g.attrs.has(s.name)) g.attrs.set(s.name, s.default_value);
    if (g.attrs.has("dtype") && is_floating(g.attrs.dtype("dtype")))
      g.attrs.set("dtype", static_cast<int64_t>(DType::f64));
    out.push_back(std::move(g));
  }
  return out;
}

namespace {

void json_string(Str& os, const std::string& s) {
  os << '"';
  for (char ch : s) {
    if (ch == '"' || ch == '\\') os << '\\' << ch;
    else if (static_cast<unsigned char>(ch) < 0x20) os << ' ';
    else os << ch;
  }
  os << '"';
}

void json_number(Str& os, double v) {
  if (std::isnan(v)) os << "\"NaN\"";
  else if (std::isinf(v)) os << (v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  else os << v;
}

void json_attr(Str& os, AttrKind kind, const AttrValue& v) {
  if (kind == AttrKind::DType) {
    const int64_t code = std::holds_alternative<int64_t>(v) ? std::get<int64_t>(v)
                                                            : static_cast<int64_t>(std::get<double>(v));
    os << '"' << dtype_name(static_cast<DType>(code)) << '"';
  } else if (auto p = std::get_if<int64_t>(&v)) {
    os << *p;
  } else if (auto p = std::get_if<double>(&v)) {
    json_number(os, *p);
  } else if (auto p = std::get_if<std::vector<int64_t>>(&v)) {
    os << "[";
    for (size_t i = 0; i < p->size(); ++i) os << (i ? "," : "") << (*p)[i];
    os << "]";
  } else if (auto p = std::get_if<std::vector<double>>(&v)) {
    os << "[";
    for (size_t i = 0; i < p->size(); ++i) {
      if (i) os << ",";
      json_number(os, (*p)[i]);
    }
    os << "]";
  }
}

}  // namespace

std::string op_grad_cases_json(const OpDef& d) {
  Str os;
  os.precision(std::numeric_limits<double>::max_digits10);
  os << "[";
  bool first_case = true;
  for (const TestCase& c : grad_check_cases(d)) {
    os << (first_case ? "" : ",") << "{\"label\":";
    first_case = false;
    json_string(os, c.label);
    os << ",\"inputs\":[";
    for (size_t j = 0; j < c.inputs.size(); ++j) {
      const Tensor& t = c.inputs[j];
      os << (j ? "," : "") << "{\"dtype\":\"" << dtype_name(t.dtype()) << "\",\"shape\":[";
      for (int r = 0; r < t.rank(); ++r) os << (r ? "," : "") << t.shape()[r];
      os << "],\"values\":[";
      for (int64_t i = 0; i < t.size(); ++i) os << (i ? "," : "") << t.item(i);
      os << "],\"differentiable\":" << (is_floating(t.dtype()) ? "true" : "false") << "}";
    }
    os << "],\"attrs\":{";
    bool first_attr = true;
    for (const auto& [name, value] : c.attrs.items()) {
      AttrKind kind = AttrKind::Float;
      bool known = false;
      for (const AttrSpec& s : d.attrs)
        if (name == s.name) kind = s.kind, known = true;
      if (!known) continue;  // the op ignores it; the host could not pass it
      os << (first_attr ? "" : ",");
      first_attr = false;
      json_string(os, name);
      os << ":";
      json_attr(os, kind, value);
    }
    os << "}}";
  }
  os << "]";
  return os.str();
}

}  // namespace tensorpad
