#pragma once
// The call protocol a host language uses: tensors live in a HandleTable, arguments and results
// pass through one word buffer of doubles (exact for every int32 and shape value). The JS
// bindings expose these functions one-to-one; native tests drive them the same way.
//
// call(op, n_inputs): words[0..n) are input ids, followed by every attribute of the op in schema
// order (a scalar takes one word; a list takes its length, then its values). On return words hold
// the outputs: count, then per output: id, dtype, rank, dims...
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "autodiff/autodiff.h"
#include "graph/graph.h"
#include "handles.h"

namespace tensorpad {

class Host {
 public:
  static constexpr int kWords = 1 << 14;

  double* words() { return words_; }
  HandleTable& handles() { return handles_; }

  int call(int op, int n_inputs);
  // Shape from words[0..rank); returns the new tensor's id (contents uninitialised).
  int32_t alloc(int dtype, int rank);
  // Byte address of the tensor's contiguous data (made contiguous first if it is a view).
  uintptr_t data_ptr(int32_t id);
  // words: dtype, rank, dims...
  void info(int32_t id);
  void release(int32_t id);
  // words: live tensors, live buffers, live bytes, peak bytes
  void memory();
  // Makes handle `id` a variable: its slot keeps the variable's current value, replaced by
  // assign. Trainable ones are watched by tapes by themselves.
  void make_variable(int32_t id, bool trainable);
  // Replaces the variable's value with tensor `value` (same dtype and shape).
  void assign(int32_t variable, int32_t value);

  // Reverse mode. tape_gradient reads words: targets, sources, output gradients (id or -1 each),
  // and writes: count, then per source: id (or -1 for none), dtype, rank, dims...
  int32_t tape_new(bool persistent, bool watch_accessed_variables);
  void tape_record(int32_t tape, bool on);
  void tape_watch(int32_t tape, int32_t tensor);
  int tape_gradient(int32_t tape, int n_targets, int n_sources, bool has_output_grads,
                    bool unconnected_zero);
  // words: count, then the handles of the variables whose values the tape read.
  void tape_watched_variables(int32_t tape);
  void tape_dispose(int32_t tape);

  // Forward mode.
  int32_t accumulator_new();
  void accumulator_active(int32_t acc, bool on);
  void accumulator_watch(int32_t acc, int32_t primal, int32_t tangent);
  // words: 1 and the tangent's id, dtype, rank, dims; or 0 when there is none.
  void accumulator_jvp(int32_t acc, int32_t primal, bool unconnected_zero);
  void accumulator_dispose(int32_t acc);

  // Graph mode. trace_begin reads the argument ids from words and starts observing;
  // trace_end reads the output ids, optimises the graph and returns a function id.
  int32_t trace_begin(int n_args);
  int32_t trace_end(int32_t tracer, int n_outputs, bool optimize);
  void trace_abort(int32_t tracer);
  // Runs function `fn` on argument ids in words; writes outputs like call().
  int function_run(int32_t fn, int n_args);
  // Runs `fn` once per row of its last argument, an int32 [steps, k] tensor: run s gets row s as
  // that argument (a [k] vector), the other arguments unchanged. Variable writes of each run are
  // seen by the next, exactly as `steps` separate calls; writes only the last run's outputs.
  int function_run_steps(int32_t fn, int n_args);
  // words: nodes before passes, nodes after, op count, kernels and peak bytes of the last run.
  void function_stats(int32_t fn);
  std::string function_text(int32_t fn);
  std::string function_graphdef(int32_t fn);
  void function_dispose(int32_t fn);

  // Custom gradients: the body runs paused; then its inputs/outputs (words: ids) are registered
  // with host callbacks that map output-gradient ids to input-gradient ids (-1 = none). The
  // callback receives handles it must not release and returns handles the host takes over.
  using HostRule = std::function<std::vector<int32_t>(const std::vector<int32_t>&)>;
  void pause(bool on);
  void custom_gradient(int n_in, int n_out, HostRule vjp, HostRule jvp);

 private:
  int write_tensor(int pos, int32_t id, const Tensor& t);
  int write_outputs(const Tensors& out, const char* op);
  Tensors read_tensors(int from, int n, const char* op);
  autodiff::Tape& tape(int32_t id);
  autodiff::ForwardAccumulator& accumulator(int32_t id);
  graph::VariableAccess variable_access();
  struct Function {
    std::unique_ptr<graph::Executable> exe;
    graph::PassStats passes;
    graph::RunStats last_run;
  };
  Function& function(int32_t id);
  std::function<Tensors(const Tensors&)> wrap_rule(HostRule rule, const char* what);

  HandleTable handles_;
  std::unordered_map<int32_t, std::unique_ptr<autodiff::Tape>> tapes_;
  std::unordered_map<int32_t, std::unique_ptr<autodiff::ForwardAccumulator>> accumulators_;
  std::vector<std::unique_ptr<autodiff::PauseScope>> pauses_;
  std::vector<int32_t> variables_;
  std::unordered_map<int32_t, std::unique_ptr<graph::Tracer>> tracers_;
  std::unordered_map<int32_t, Function> functions_;
  int32_t next_object_ = 1;
  double words_[kWords];
};

}  // namespace tensorpad
