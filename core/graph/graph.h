#pragma once
// Graph mode. A function is traced by running it once on real inputs while a Tracer observes
// every op that call_op executes (forward ops, the ops a tape runs to build gradients, optimizer
// updates): what it sees becomes a Graph. Passes simplify the graph; an Executable then runs it
// in one call with a liveness-based memory plan.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "../ops/op.h"

namespace tensorpad::graph {

struct ValueRef {
  int32_t node = -1;
  int32_t output = 0;
  bool operator==(const ValueRef& o) const { return node == o.node && output == o.output; }
};

enum class NodeKind : uint8_t {
  kArg,       // function argument `index`
  kVariable,  // current value of host variable `index` when the executable runs
  kConstant,  // a captured tensor
  kOp,        // an op of the table
  kFused,     // a chain of elementwise ops run as one kernel (see fusion.h)
};

struct FusedProgram;

struct Node {
  NodeKind kind = NodeKind::kOp;
  OpId op = OpId::kCount;
  Attrs attrs;
  std::vector<ValueRef> inputs;
  int32_t index = -1;           // argument or variable index
  Tensor constant;              // kConstant
  std::shared_ptr<const FusedProgram> fused;
  std::vector<DType> dtypes;    // per output, as seen while tracing
  std::vector<Shape> shapes;
  std::string name;             // unique, for printing and GraphDef
};

struct VariableWrite {
  int32_t variable;
  ValueRef value;
};

struct Graph {
  std::vector<Node> nodes;  // topological order
  std::vector<ValueRef> outputs;
  std::vector<VariableWrite> writes;  // applied in order after the outputs are computed
  int num_args = 0;

  int op_count() const;  // nodes that run a kernel
  std::string to_string() const;
  // TensorBoard-compatible description: JSON {nodes:[{name, op, inputs:[...], attr:{...}}]}.
  std::string to_graphdef_json() const;
};

// Variables are host objects whose value can be read and replaced; the tracer asks the host
// which tensor (by uid) is a variable's current value.
struct VariableAccess {
  std::function<int32_t(uint64_t uid)> find;  // variable index or -1
  std::function<Tensor(int32_t index)> read;
  std::function<void(int32_t index, const Tensor& value)> write;
};

class Tracer {
 public:
  explicit Tracer(VariableAccess vars);
  ~Tracer();
  Tracer(const Tracer&) = delete;
  Tracer& operator=(const Tracer&) = delete;

  void add_arg(const Tensor& t);
  // Observes execution from now until finish().
  void start();
  void on_op(OpId op, const Attrs& attrs, const Tensors& in, const Tensors& out);
  void on_variable_write(int32_t variable, const Tensor& value);
  Graph finish(const Tensors& outputs);

 private:
  ValueRef ref_of(const Tensor& t);
  Graph g_;
  std::unordered_map<uint64_t, ValueRef> values_;
  std::unordered_map<int32_t, ValueRef> variable_reads_;
  VariableAccess vars_;
  bool active_ = false;
};

// True while a tracer observes; call_op reports to it.
bool tracing();
void on_op(OpId op, const Attrs& attrs, const Tensors& in, const Tensors& out);
void on_variable_write(int32_t variable, const Tensor& value);

struct PassOptions {
  bool dce = true, cse = true, fold_constants = true, fuse = true;
};
struct PassStats {
  int nodes_before = 0, nodes_after = 0;
  int removed_dead = 0, merged_common = 0, folded = 0, fused_ops = 0;
  int fused_convs = 0;  // conv2d + bias [+ activation] chains turned into fusedConv2d
  int folded_reshapes = 0;  // keepDims reductions whose reshape dropped the 1s, made one node
};
PassStats optimize(Graph& g, const PassOptions& opts = {});

// Single passes, exposed for tests.
int eliminate_dead_code(Graph& g);
int eliminate_common_subexpressions(Graph& g);
int fold_constants(Graph& g);
int fuse_elementwise(Graph& g);
int fuse_conv_bias_activation(Graph& g);
int fold_reduction_reshapes(Graph& g);

struct RunStats {
  int64_t peak_bytes = 0;  // largest sum of live intermediate buffers during the run
  int kernels = 0;
};

class Executable {
 public:
  Executable(Graph g, VariableAccess vars);
  // Runs the graph: outputs in order; variable writes applied.
  Tensors run(const Tensors& args, RunStats* stats = nullptr);
  const Graph& graph() const { return g_; }
  // Free intermediates after their last use (the memory plan); off keeps all until the end.
  void set_release_early(bool on) { release_early_ = on; }

 private:
  // The plan, made once: small graphs run thousands of times a second, so a run only follows
  // precomputed indices and reuses its buffers (no allocation by the executor itself).
  struct Input {
    int32_t slot;  // value slot, or -1 - k for the constant of node k
    bool last;     // this read is the value's last use (and not repeated in the node): moved
  };
  struct Step {
    int32_t node;
    int32_t first_input, num_inputs;  // into inputs_
    int32_t first_release, num_release;  // into release_: slots dead once this step ran
  };
  void clear_slots();
  Graph g_;
  VariableAccess vars_;
  std::vector<int32_t> first_slot_;  // per node: index of its first output among all outputs
  std::vector<Step> steps_;
  std::vector<Input> inputs_;
  std::vector<int32_t> release_;
  std::vector<int32_t> loads_;  // arg and variable nodes, read at the start of a run
  std::vector<Tensor> slots_;   // one per node output, empty between runs
  Tensors in_;                  // the current kernel's inputs
  bool release_early_ = true;
};

}  // namespace tensorpad::graph
