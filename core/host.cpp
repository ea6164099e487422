#include "host.h"

#include <algorithm>
#include <cmath>

#include "error.h"
#include "size.h"
#include "ops/op.h"

namespace tensorpad {

namespace {

int64_t word_int(const double* w, int pos, const char* op, const char* what) {
  double v = w[pos];
  if (!(std::floor(v) == v)) fail(op, ": ", what, " must be an integer, got ", v);
  return static_cast<int64_t>(v);
}

}  // namespace

int Host::call(int op, int n_inputs) {
  if (op < 0 || op >= kOpCount) fail("call: unknown op index ", op);
  const OpDef& def = op_def(static_cast<OpId>(op));
  if (n_inputs < 0 || n_inputs >= kWords)
    fail(def.name, ": ", n_inputs, " inputs exceed the engine's limit of ", kWords - 1, " per call");
  Tensors inputs;
  inputs.reserve(n_inputs);
  for (int i = 0; i < n_inputs; ++i)
    inputs.push_back(handles_.get(static_cast<int32_t>(words_[i]), def.name));
  Attrs attrs;
  int pos = n_inputs;
  for (const AttrSpec& s : def.attrs) {
    switch (s.kind) {
      case AttrKind::Float: attrs.set(s.name, words_[pos++]); break;
      case AttrKind::Int:
      case AttrKind::Bool:
      case AttrKind::DType: attrs.set(s.name, word_int(words_, pos++, def.name, s.name)); break;
      case AttrKind::Ints: {
        int64_t n = word_int(words_, pos++, def.name, s.name);
        if (n < 0 || pos + n >= kWords) fail(def.name, ": attribute '", s.name, "' is too long");
        std::vector<int64_t> v(n);
        for (int64_t k = 0; k < n; ++k) v[k] = word_int(words_, pos++, def.name, s.name);
        attrs.set(s.name, std::move(v));
        break;
      }
      case AttrKind::Floats: {
        int64_t n = word_int(words_, pos++, def.name, s.name);
        if (n < 0 || pos + n >= kWords) fail(def.name, ": attribute '", s.name, "' is too long");
        std::vector<double> v(words_ + pos, words_ + pos + n);
        pos += static_cast<int>(n);
        attrs.set(s.name, std::move(v));
        break;
      }
    }
  }
  Tensors out = call_op(static_cast<OpId>(op), inputs, std::move(attrs));
  return write_outputs(out, def.name);
}

int Host::write_outputs(const Tensors& out, const char* op) {
  // Checked before any handle is made, so a result too large to describe leaks nothing.
  int64_t need = 1;
  for (const Tensor& t : out) need += 3 + t.rank();
  if (need > kWords)
    fail(op, ": ", out.size(), " outputs exceed the engine's limit per call (", kWords, " words)");
  words_[0] = static_cast<double>(out.size());
  int w = 1;
  for (const Tensor& t : out) w = write_tensor(w, handles_.add(t), t);
  return static_cast<int>(out.size());
}

int Host::write_tensor(int pos, int32_t id, const Tensor& t) {
  if (pos + 3 + t.rank() >= kWords) fail("call: too many outputs for the word buffer");
  words_[pos++] = id;
  words_[pos++] = static_cast<double>(t.dtype());
  words_[pos++] = t.rank();
  for (int64_t d : t.shape()) words_[pos++] = static_cast<double>(d);
  return pos;
}

int32_t Host::alloc(int dtype, int rank) {
  if (dtype < 0 || dtype > 3) fail("tensor: unknown dtype code ", dtype);
  if (rank < 0 || rank > kMaxRank) fail("tensor: rank ", rank, " is out of range");
  Shape shape(rank);
  for (int i = 0; i < rank; ++i) shape[i] = word_int(words_, i, "tensor", "dimension");
  return handles_.add(Tensor::empty(static_cast<DType>(dtype), shape));
}

uintptr_t Host::data_ptr(int32_t id) {
  const Tensor& t = handles_.get(id, "data");
  if (t.strides() != contiguous_strides(t.shape())) handles_.replace(id, t.dense_same_identity());
  return reinterpret_cast<uintptr_t>(handles_.get(id).raw());
}

void Host::info(int32_t id) { write_tensor(0, id, handles_.get(id, "info")), void(); }

void Host::release(int32_t id) {
  handles_.release(id);
  auto it = std::find(variables_.begin(), variables_.end(), id);
  if (it != variables_.end()) variables_.erase(it);
}

void Host::make_variable(int32_t id, bool trainable) {
  // A new identity: when a traced function creates a variable (a layer built, optimizer slots made
  // on the first call), later reads in the trace must read the variable, not the op that made its
  // initial value.
  bool known = std::find(variables_.begin(), variables_.end(), id) != variables_.end();
  Tensor t = known ? handles_.get(id, "variable") : handles_.get(id, "variable").fresh();
  t.set_trainable(trainable && is_floating(t.dtype()));
  handles_.replace(id, t);
  if (!known) variables_.push_back(id);
}

void Host::assign(int32_t variable, int32_t value) {
  const Tensor& old = handles_.get(variable, "assign");
  Tensor v = handles_.get(value, "assign");
  if (v.dtype() != old.dtype() || v.shape() != old.shape())
    fail("assign: value ", dtype_name(v.dtype()), shape_str(v.shape()), " does not match variable ",
         dtype_name(old.dtype()), shape_str(old.shape()));
  // A trace records the write of the value it knows; later reads of the variable map to it.
  graph::on_variable_write(variable, v);
  // The variable owns its value: never share an identity with a tensor the caller still holds.
  Tensor own = v.fresh();
  own.set_trainable(old.trainable());
  handles_.replace(variable, own);
}

graph::VariableAccess Host::variable_access() {
  return {[this](uint64_t uid) {
            for (int32_t id : variables_) {
              const Tensor& t = handles_.get(id);
              if (t.uid() == uid) return id;
            }
            return int32_t{-1};
          },
          [this](int32_t id) { return handles_.get(id, "variable"); },
          [this](int32_t id, const Tensor& value) {
            Tensor v = value.fresh();
            v.set_trainable(handles_.get(id, "variable").trainable());
            handles_.replace(id, v);
          }};
}

// Tracing runs once per traced function, never per step: compiled for size (core/size.h).
TP_MINSIZE int32_t Host::trace_begin(int n_args) {
  Tensors args = read_tensors(0, n_args, "function");
  int32_t id = next_object_++;
  auto tr = std::make_unique<graph::Tracer>(variable_access());
  for (const Tensor& a : args) tr->add_arg(a);
  tr->start();
  tracers_[id] = std::move(tr);
  return id;
}

TP_MINSIZE int32_t Host::trace_end(int32_t tracer, int n_outputs, bool optimize) {
  auto it = tracers_.find(tracer);
  if (it == tracers_.end()) fail("function: no trace in progress");
  Tensors outs = read_tensors(0, n_outputs, "function");
  graph::Graph g = it->second->finish(outs);
  tracers_.erase(it);
  Function f;
  f.passes.nodes_before = f.passes.nodes_after = static_cast<int>(g.nodes.size());
  if (optimize) f.passes = graph::optimize(g);
  f.exe = std::make_unique<graph::Executable>(std::move(g), variable_access());
  int32_t id = next_object_++;
  functions_[id] = std::move(f);
  return id;
}

void Host::trace_abort(int32_t tracer) { tracers_.erase(tracer); }

Host::Function& Host::function(int32_t id) {
  auto it = functions_.find(id);
  if (it == functions_.end()) fail("function: this compiled function was disposed");
  return it->second;
}

int Host::function_run(int32_t fn, int n_args) {
  Function& f = function(fn);
  Tensors args = read_tensors(0, n_args, "function");
  Tensors out = f.exe->run(args, &f.last_run);
  return write_outputs(out, "function");
}

int Host::function_run_steps(int32_t fn, int n_args) {
  Function& f = function(fn);
  if (n_args < 1) fail("function: stepped run needs the row tensor as its last argument");
  Tensors args = read_tensors(0, n_args, "function");
  const Tensor rows = args.back().contiguous();
  if (rows.dtype() != DType::i32 || rows.rank() != 2 || rows.dim(0) < 1)
    fail("function: stepped run needs an int32 [steps, k] last argument with steps >= 1, got ",
         dtype_name(rows.dtype()), shape_str(rows.shape()));
  const int64_t steps = rows.dim(0), k = rows.dim(1);
  Tensors out;
  for (int64_t s = 0; s < steps; ++s) {
    args.back() = rows.view({k}, {1}, rows.offset() + s * k);
    out = f.exe->run(args, &f.last_run);
  }
  return write_outputs(out, "function");
}

void Host::function_stats(int32_t fn) {
  Function& f = function(fn);
  words_[0] = f.passes.nodes_before;
  words_[1] = f.passes.nodes_after;
  words_[2] = f.exe->graph().op_count();
  words_[3] = f.last_run.kernels;
  words_[4] = static_cast<double>(f.last_run.peak_bytes);
  words_[5] = f.passes.removed_dead;
  words_[6] = f.passes.merged_common;
  words_[7] = f.passes.folded;
  words_[8] = f.passes.fused_ops;
}

std::string Host::function_text(int32_t fn) { return function(fn).exe->graph().to_string(); }
std::string Host::function_graphdef(int32_t fn) { return function(fn).exe->graph().to_graphdef_json(); }
void Host::function_dispose(int32_t fn) { functions_.erase(fn); }

Tensors Host::read_tensors(int from, int n, const char* op) {
  if (from < 0 || n < 0 || from + static_cast<int64_t>(n) > kWords)
    fail(op, ": ", n, " tensors exceed the engine's limit per call (", kWords, " words)");
  Tensors out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) out.push_back(handles_.get(static_cast<int32_t>(words_[from + i]), op));
  return out;
}

autodiff::Tape& Host::tape(int32_t id) {
  auto it = tapes_.find(id);
  if (it == tapes_.end()) fail("GradientTape: this tape was disposed");
  return *it->second;
}

autodiff::ForwardAccumulator& Host::accumulator(int32_t id) {
  auto it = accumulators_.find(id);
  if (it == accumulators_.end()) fail("ForwardAccumulator: this accumulator was disposed");
  return *it->second;
}

int32_t Host::tape_new(bool persistent, bool watch_accessed_variables) {
  int32_t id = next_object_++;
  tapes_[id] = std::make_unique<autodiff::Tape>(persistent, watch_accessed_variables);
  return id;
}

void Host::tape_record(int32_t id, bool on) {
  if (on) tape(id).start_recording();
  else tape(id).stop_recording();
}

void Host::tape_watch(int32_t id, int32_t tensor) {
  tape(id).watch(handles_.get(tensor, "GradientTape.watch"));
}

int Host::tape_gradient(int32_t id, int n_targets, int n_sources, bool has_output_grads,
                        bool unconnected_zero) {
  autodiff::Tape& t = tape(id);
  Tensors targets = read_tensors(0, n_targets, "GradientTape.gradient");
  Tensors sources = read_tensors(n_targets, n_sources, "GradientTape.gradient");
  Tensors seeds;
  if (has_output_grads)
    for (int i = 0; i < n_targets; ++i) {
      auto g = static_cast<int32_t>(words_[n_targets + n_sources + i]);
      seeds.push_back(g < 0 ? Tensor() : handles_.get(g, "GradientTape.gradient"));
    }
  Tensors grads = t.gradient(targets, sources, seeds, unconnected_zero);
  words_[0] = static_cast<double>(grads.size());
  int w = 1;
  for (const Tensor& g : grads) {
    if (g.defined()) {
      w = write_tensor(w, handles_.add(g), g);
    } else {
      words_[w++] = -1;
    }
  }
  return static_cast<int>(grads.size());
}

void Host::tape_watched_variables(int32_t id) {
  // The tape saw values; report the variables (by their own handle) that hold them.
  const std::vector<Tensor>& seen = tape(id).watched_variables();
  int n = 0;
  for (const Tensor& t : seen)
    for (int32_t v : variables_)
      if (handles_.get(v).uid() == t.uid()) words_[1 + n++] = v;
  words_[0] = n;
}

void Host::tape_dispose(int32_t id) { tapes_.erase(id); }

int32_t Host::accumulator_new() {
  int32_t id = next_object_++;
  accumulators_[id] = std::make_unique<autodiff::ForwardAccumulator>();
  return id;
}

void Host::accumulator_active(int32_t id, bool on) {
  if (on) accumulator(id).start();
  else accumulator(id).stop();
}

void Host::accumulator_watch(int32_t id, int32_t primal, int32_t tangent) {
  accumulator(id).watch(handles_.get(primal, "ForwardAccumulator.watch"),
                        handles_.get(tangent, "ForwardAccumulator.watch"));
}

void Host::accumulator_jvp(int32_t id, int32_t primal, bool unconnected_zero) {
  Tensor t = accumulator(id).jvp(handles_.get(primal, "ForwardAccumulator.jvp"), unconnected_zero);
  words_[0] = t.defined() ? 1 : 0;
  if (t.defined()) write_tensor(1, handles_.add(t), t);
}

void Host::accumulator_dispose(int32_t id) { accumulators_.erase(id); }

void Host::pause(bool on) {
  if (on) pauses_.push_back(std::make_unique<autodiff::PauseScope>());
  else if (!pauses_.empty()) pauses_.pop_back();
}

std::function<Tensors(const Tensors&)> Host::wrap_rule(HostRule rule, const char* what) {
  if (!rule) return nullptr;
  return [this, rule, what](const Tensors& in) {
    std::vector<int32_t> ids;
    for (const Tensor& t : in) ids.push_back(t.defined() ? handles_.add(t) : -1);
    std::vector<int32_t> out_ids = rule(ids);
    Tensors out;
    for (int32_t id : out_ids) out.push_back(id < 0 ? Tensor() : handles_.get(id, what));
    // The host hands over both the argument handles and the ones it returned.
    for (int32_t id : ids)
      if (id >= 0) handles_.release(id);
    for (int32_t id : out_ids)
      if (id >= 0) handles_.release(id);
    return out;
  };
}

void Host::custom_gradient(int n_in, int n_out, HostRule vjp, HostRule jvp) {
  Tensors in = read_tensors(0, n_in, "customGradient");
  Tensors out = read_tensors(n_in, n_out, "customGradient");
  autodiff::on_custom(in, out, wrap_rule(std::move(vjp), "customGradient"),
                      wrap_rule(std::move(jvp), "customGradient"));
}

void Host::memory() {
  const MemoryStats& s = memory_stats();
  words_[0] = static_cast<double>(handles_.live());
  words_[1] = static_cast<double>(s.live_buffers);
  words_[2] = static_cast<double>(s.live_bytes);
  words_[3] = static_cast<double>(s.peak_bytes);
}

}  // namespace tensorpad
