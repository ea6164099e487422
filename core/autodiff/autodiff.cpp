#include "autodiff.h"

#include <algorithm>

#include "../error.h"
#include "../ops/api.h"

namespace tensorpad::autodiff {
namespace {

// The dispatcher's view of what is active. Plain lists: a handful of tapes at most.
struct Context {
  std::vector<Tape*> tapes;
  std::vector<ForwardAccumulator*> accumulators;
  bool paused = false;
};
Context& ctx() {
  static Context c;
  return c;
}

void remove(std::vector<Tape*>& v, Tape* t) { v.erase(std::remove(v.begin(), v.end(), t), v.end()); }

void accumulate(std::unordered_map<uint64_t, Tensor>& grads, const Tensor& key, const Tensor& g) {
  auto it = grads.find(key.uid());
  if (it == grads.end()) grads.emplace(key.uid(), g);
  else it->second = ops::add(it->second, g);
}

bool differentiable_dtype(const Tensor& t) { return is_floating(t.dtype()); }

}  // namespace

bool active() {
  const Context& c = ctx();
  return !c.paused && (!c.tapes.empty() || !c.accumulators.empty());
}

void on_op(OpId op, const Attrs& attrs, const Tensors& in, const Tensors& out) {
  Context& c = ctx();
  if (c.paused) return;
  // Copies: recording may run rules that start or stop nothing, but be safe against reentry.
  std::vector<ForwardAccumulator*> accs = c.accumulators;
  for (ForwardAccumulator* a : accs) a->on_op(op, attrs, in, out);
  std::vector<Tape*> tapes = c.tapes;
  for (Tape* t : tapes) t->maybe_record(op, attrs, in, out);
}

void on_custom(const Tensors& in, const Tensors& out, const CustomVjp& vjp,
               const std::function<Tensors(const Tensors&)>& jvp) {
  Context& c = ctx();
  if (c.paused) return;
  std::vector<ForwardAccumulator*> accs = c.accumulators;
  for (ForwardAccumulator* a : accs) a->record_custom(in, out, jvp);
  std::vector<Tape*> tapes = c.tapes;
  for (Tape* t : tapes) t->record_custom(in, out, vjp);
}

PauseScope::PauseScope() : was_(ctx().paused) { ctx().paused = true; }
PauseScope::~PauseScope() { ctx().paused = was_; }

// ---------------------------------------------------------------------------------------------

Tape::Tape(bool persistent, bool watch_accessed_variables)
    : persistent_(persistent), watch_variables_(watch_accessed_variables) {}

Tape::~Tape() { remove(ctx().tapes, this); }

void Tape::start_recording() {
  if (recording_) return;
  recording_ = true;
  ctx().tapes.push_back(this);
}

void Tape::stop_recording() {
  recording_ = false;
  remove(ctx().tapes, this);
}

void Tape::watch(const Tensor& t) {
  if (!t.defined()) fail("GradientTape.watch: the tensor was disposed");
  if (differentiable_dtype(t)) tracked_.insert(t.uid());
}

bool Tape::involves(const Tensors& in) {
  bool any = false;
  for (const Tensor& t : in) {
    if (tracked_.count(t.uid())) {
      any = true;
    } else if (watch_variables_ && t.trainable() && differentiable_dtype(t)) {
      tracked_.insert(t.uid());
      variables_.push_back(t);
      any = true;
    }
  }
  return any;
}

void Tape::track_outputs(const Tensors& out) {
  for (const Tensor& t : out)
    if (differentiable_dtype(t)) tracked_.insert(t.uid());
}

void Tape::maybe_record(OpId op, const Attrs& attrs, const Tensors& in, const Tensors& out) {
  if (in_gradient_) return;
  const OpDef& def = op_def(op);
  if (def.differentiable != Differentiable::kYes || !involves(in)) return;
  records_.push_back({op, attrs, in, out, nullptr});
  track_outputs(out);
}

void Tape::record_custom(const Tensors& in, const Tensors& out, CustomVjp vjp) {
  if (in_gradient_ || !involves(in)) return;
  records_.push_back({OpId::kCount, {}, in, out, std::move(vjp)});
  track_outputs(out);
}

Tensors Tape::gradient(const Tensors& targets, const Tensors& sources, const Tensors& output_grads,
                       bool unconnected_zero) {
  if (used_ && !persistent_)
    fail("GradientTape.gradient: this tape was already used and is not persistent; create it "
         "with {persistent: true} to call gradient() more than once");
  if (!output_grads.empty() && output_grads.size() != targets.size())
    fail("GradientTape.gradient: got ", output_grads.size(), " output gradients for ",
         targets.size(), " targets");
  for (const Tensor& s : sources)
    if (!s.defined()) fail("GradientTape.gradient: a source was disposed");
  // A target the tape never saw computed from a watched tensor (a constant, or a result of
  // piecewise-constant and integer ops only) contributes nothing: its sources are unconnected
  // (None in TensorFlow), not an error.
  for (const Tensor& t : targets)
    if (!t.defined()) fail("GradientTape.gradient: a target was disposed");
  used_ = true;
  in_gradient_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{in_gradient_};

  std::unordered_map<uint64_t, Tensor> grads;
  for (size_t i = 0; i < targets.size(); ++i) {
    const Tensor& t = targets[i];
    if (!differentiable_dtype(t)) continue;
    Tensor seed = !output_grads.empty() && output_grads[i].defined() ? output_grads[i] : ops::ones_like(t);
    if (seed.shape() != t.shape())
      fail("GradientTape.gradient: output gradient of shape ", shape_str(seed.shape()),
           " does not match target shape ", shape_str(t.shape()));
    accumulate(grads, t, seed);
  }

  for (size_t r = records_.size(); r-- > 0;) {
    const Record& rec = records_[r];
    Tensors out_grads(rec.outputs.size());
    bool any = false;
    for (size_t k = 0; k < rec.outputs.size(); ++k) {
      auto it = grads.find(rec.outputs[k].uid());
      if (it != grads.end()) {
        out_grads[k] = it->second;
        any = true;
      }
    }
    if (!any) continue;
    Tensors in_grads;
    if (rec.custom) {
      in_grads = rec.custom(out_grads);
    } else {
      const OpDef& def = op_def(rec.op);
      in_grads = def.vjp(rec.inputs, rec.outputs, out_grads, rec.attrs);
    }
    if (in_grads.size() != rec.inputs.size())
      fail(rec.custom ? "customGradient" : op_def(rec.op).name, ": gradient function returned ",
           in_grads.size(), " gradients for ", rec.inputs.size(), " inputs");
    for (size_t j = 0; j < rec.inputs.size(); ++j) {
      const Tensor& x = rec.inputs[j];
      const Tensor& g = in_grads[j];
      if (!g.defined() || !tracked_.count(x.uid()) || !differentiable_dtype(x)) continue;
      if (g.shape() != x.shape())
        fail(rec.custom ? "customGradient" : op_def(rec.op).name, ": gradient of shape ",
             shape_str(g.shape()), " for input ", j, " of shape ", shape_str(x.shape()));
      accumulate(grads, x, g.dtype() == x.dtype() ? g : ops::cast(g, x.dtype()));
    }
  }

  Tensors result;
  result.reserve(sources.size());
  for (const Tensor& s : sources) {
    auto it = grads.find(s.uid());
    if (!differentiable_dtype(s)) result.emplace_back();
    else if (it != grads.end()) result.push_back(it->second);
    else result.push_back(unconnected_zero ? ops::zeros_like(s) : Tensor());
  }
  if (!persistent_) release();
  return result;
}

void Tape::release() {
  records_.clear();
  records_.shrink_to_fit();
  tracked_.clear();
  variables_.clear();
}

// ---------------------------------------------------------------------------------------------

ForwardAccumulator::ForwardAccumulator() = default;

ForwardAccumulator::~ForwardAccumulator() { stop(); }

void ForwardAccumulator::start() {
  if (active_) return;
  active_ = true;
  ctx().accumulators.push_back(this);
}

void ForwardAccumulator::stop() {
  active_ = false;
  auto& v = ctx().accumulators;
  v.erase(std::remove(v.begin(), v.end(), this), v.end());
}

void ForwardAccumulator::watch(const Tensor& primal, const Tensor& tangent) {
  if (!primal.defined() || !tangent.defined()) fail("ForwardAccumulator.watch: a tensor was disposed");
  if (!differentiable_dtype(primal))
    fail("ForwardAccumulator.watch: primal must be float32 or float64, got ", dtype_name(primal.dtype()));
  if (primal.shape() != tangent.shape() || primal.dtype() != tangent.dtype())
    fail("ForwardAccumulator.watch: tangent ", dtype_name(tangent.dtype()), shape_str(tangent.shape()),
         " does not match primal ", dtype_name(primal.dtype()), shape_str(primal.shape()));
  tangents_[primal.uid()] = tangent;
}

Tensor ForwardAccumulator::jvp(const Tensor& primal, bool unconnected_zero) const {
  auto it = tangents_.find(primal.uid());
  if (it != tangents_.end()) return it->second;
  return unconnected_zero && differentiable_dtype(primal) ? ops::zeros_like(primal) : Tensor();
}

Tensors ForwardAccumulator::tangents_of(const Tensors& in) const {
  Tensors tans(in.size());
  bool any = false;
  for (size_t i = 0; i < in.size(); ++i) {
    auto it = tangents_.find(in[i].uid());
    if (it != tangents_.end()) {
      tans[i] = it->second;
      any = true;
    }
  }
  return any ? tans : Tensors();
}

void ForwardAccumulator::on_op(OpId op, const Attrs& attrs, const Tensors& in, const Tensors& out) {
  if (busy_) return;
  const OpDef& def = op_def(op);
  if (def.differentiable != Differentiable::kYes) return;
  Tensors tans = tangents_of(in);
  if (tans.empty()) return;
  busy_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{busy_};
  Tensors out_t = def.jvp(in, out, tans, attrs);
  for (size_t k = 0; k < out.size() && k < out_t.size(); ++k)
    if (out_t[k].defined() && differentiable_dtype(out[k]))
      tangents_[out[k].uid()] = out_t[k].dtype() == out[k].dtype() ? out_t[k] : ops::cast(out_t[k], out[k].dtype());
}

void ForwardAccumulator::record_custom(const Tensors& in, const Tensors& out,
                                       const std::function<Tensors(const Tensors&)>& jvp) {
  if (busy_) return;
  Tensors tans = tangents_of(in);
  if (tans.empty()) return;
  if (!jvp) fail("customGradient: forward-mode differentiation needs a jvp for this function");
  busy_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{busy_};
  Tensors out_t = jvp(tans);
  for (size_t k = 0; k < out.size() && k < out_t.size(); ++k)
    if (out_t[k].defined()) tangents_[out[k].uid()] = out_t[k];
}

}  // namespace tensorpad::autodiff
