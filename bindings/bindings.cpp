// Embind registrations of the host protocol (core/host.h). No logic here: every entry forwards
// to the core and turns a C++ exception into a JS Error, so the module keeps working after it.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <string>

#include "../core/host.h"
#include "../core/ops/op.h"
#include "../core/parallel.h"
#include "../core/random_state.h"

using namespace emscripten;
using tensorpad::Host;

namespace {

Host& host() {
  static Host h;
  return h;
}

template <class F> auto guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    val::global("Error").new_(std::string(e.what())).throw_();
  }
  __builtin_unreachable();
}

int call(int op, int n) { return guarded([&] { return host().call(op, n); }); }
int alloc(int dtype, int rank) { return guarded([&] { return host().alloc(dtype, rank); }); }
double data_ptr(int id) { return guarded([&] { return double(host().data_ptr(id)); }); }
void info(int id) { guarded([&] { host().info(id); }); }
void release(int id) { host().release(id); }
void memory() { host().memory(); }
void reset_peak() { tensorpad::reset_peak_bytes(); }
double words() { return double(reinterpret_cast<uintptr_t>(host().words())); }
std::string schema() { return tensorpad::op_schema_json(); }
void make_variable(int id, bool trainable) { guarded([&] { host().make_variable(id, trainable); }); }
void assign(int var, int value) { guarded([&] { host().assign(var, value); }); }
int trace_begin(int n) { return guarded([&] { return host().trace_begin(n); }); }
int trace_end(int t, int n, bool opt) { return guarded([&] { return host().trace_end(t, n, opt); }); }
void trace_abort(int t) { host().trace_abort(t); }
int function_run(int f, int n) { return guarded([&] { return host().function_run(f, n); }); }
int function_run_steps(int f, int n) { return guarded([&] { return host().function_run_steps(f, n); }); }
void function_stats(int f) { guarded([&] { host().function_stats(f); }); }
std::string function_text(int f) { return guarded([&] { return host().function_text(f); }); }
std::string function_graphdef(int f) { return guarded([&] { return host().function_graphdef(f); }); }
void function_dispose(int f) { host().function_dispose(f); }

int tape_new(bool persistent, bool watch) { return host().tape_new(persistent, watch); }
void tape_record(int t, bool on) { guarded([&] { host().tape_record(t, on); }); }
void tape_watch(int t, int x) { guarded([&] { host().tape_watch(t, x); }); }
int tape_gradient(int t, int nt, int ns, bool seeds, bool zero) {
  return guarded([&] { return host().tape_gradient(t, nt, ns, seeds, zero); });
}
void tape_variables(int t) { guarded([&] { host().tape_watched_variables(t); }); }
void tape_dispose(int t) { host().tape_dispose(t); }
int acc_new() { return host().accumulator_new(); }
void acc_active(int a, bool on) { guarded([&] { host().accumulator_active(a, on); }); }
void acc_watch(int a, int p, int t) { guarded([&] { host().accumulator_watch(a, p, t); }); }
void acc_jvp(int a, int p, bool zero) { guarded([&] { host().accumulator_jvp(a, p, zero); }); }
void acc_dispose(int a) { host().accumulator_dispose(a); }
void pause(bool on) { host().pause(on); }
// Threads (core/parallel.h): the loader sets the pool's capacity once, before any op runs.
void set_max_threads(int n) { tensorpad::parallel::set_max_threads(n); }
int max_threads() { return tensorpad::parallel::max_threads(); }
int threads() { return tensorpad::parallel::threads(); }
void set_threads(int n) { guarded([&] { tensorpad::parallel::set_threads(n); }); }
bool threaded() { return tensorpad::parallel::threaded(); }
bool simd() {
#if defined(__wasm_simd128__)
  return true;
#else
  return false;
#endif
}
void set_seed(double seed) { tensorpad::set_global_seed(static_cast<uint64_t>(seed)); }

// A JS function (ids: number[]) => number[] as a host rule; null/undefined for none.
Host::HostRule js_rule(val fn) {
  if (fn.isNull() || fn.isUndefined()) return nullptr;
  return [fn](const std::vector<int32_t>& ids) {
    val arr = val::array();
    for (int32_t id : ids) arr.call<void>("push", id);
    val res = fn(arr);
    std::vector<int32_t> out;
    int n = res["length"].as<int>();
    for (int i = 0; i < n; ++i) out.push_back(res[i].as<int>());
    return out;
  };
}
void custom_gradient(int n_in, int n_out, val vjp, val jvp) {
  guarded([&] { host().custom_gradient(n_in, n_out, js_rule(vjp), js_rule(jvp)); });
}

}  // namespace

// Where the engine's second module is in memory (bindings/engine_rest.js): the engine's thread
// stores {address, length} once it has the bytes, and a pool thread compiles the rest from there
// instead of fetching it itself; the third word counts the threads that instantiated it. Called
// from JavaScript by export (scripts/split_engine.mjs keeps it in the first module: a placeholder
// for it could never load anything).
extern "C" EMSCRIPTEN_KEEPALIVE uint32_t* tp_rest_location() {
  static uint32_t where[3] = {0, 0, 0};
  return where;
}

EMSCRIPTEN_BINDINGS(tensorpad) {
  function("call", &call);
  function("alloc", &alloc);
  function("dataPtr", &data_ptr);
  function("info", &info);
  function("release", &release);
  function("memory", &memory);
  function("resetPeak", &reset_peak);
  function("words", &words);
  function("schema", &schema);
  function("makeVariable", &make_variable);
  function("assign", &assign);
  function("traceBegin", &trace_begin);
  function("traceEnd", &trace_end);
  function("traceAbort", &trace_abort);
  function("functionRun", &function_run);
  function("functionRunSteps", &function_run_steps);
  function("functionStats", &function_stats);
  function("functionText", &function_text);
  function("functionGraphdef", &function_graphdef);
  function("functionDispose", &function_dispose);
  function("tapeNew", &tape_new);
  function("tapeRecord", &tape_record);
  function("tapeWatch", &tape_watch);
  function("tapeGradient", &tape_gradient);
  function("tapeVariables", &tape_variables);
  function("tapeDispose", &tape_dispose);
  function("accNew", &acc_new);
  function("accActive", &acc_active);
  function("accWatch", &acc_watch);
  function("accJvp", &acc_jvp);
  function("accDispose", &acc_dispose);
  function("pause", &pause);
  function("setSeed", &set_seed);
  function("customGradient", &custom_gradient);
  function("setMaxThreads", &set_max_threads);
  function("maxThreads", &max_threads);
  function("threads", &threads);
  function("setThreads", &set_threads);
  function("threaded", &threaded);
  function("simd", &simd);
}
