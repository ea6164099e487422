// A compiled training step of the visual playground's network (dense 2-8-8-1, tanh), built through
// the host's graph API the way the TypeScript fit loop builds it (the batch gathered from the whole
// set by row indices, MSE or binary cross-entropy, SGD or Adam, a running-mean loss tracker) and
// replayed with Host::function_run_steps. For profiling the executor natively, e.g.
//
//   cmake -S . -B build/native-bench -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTENSORPAD_BUILD_TESTS=OFF \
//     -DTENSORPAD_REFERENCES=OFF && cmake --build build/native-bench -j2 --target tensorpad_core
//   g++ -std=c++17 -O2 -g -Icore bench/native/train_step.cpp build/native-bench/libtensorpad_core.a \
//     -o build/native-bench/train_step
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out build/native-bench/train_step 2000
//   callgrind_annotate /tmp/cg.out | head -60
//
// Arguments: steps (default 20000), then any of: bce, adam, batch=N, time, graph (prints it). Prints a checksum of
// the trained weights' bits (equal before and after an executor change means bit-identical steps)
// and, with `time`, steps per second.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "host.h"
#include "ops/api.h"

using namespace tensorpad;

namespace {

struct Options {
  int64_t steps = 20000;
  int batch = 10;
  bool bce = false, adam = false, time = false, graph = false;
};

float pseudo(uint32_t& s) {
  s = s * 1664525u + 1013904223u;
  return static_cast<float>(s >> 8) / static_cast<float>(1u << 24) * 2.0f - 1.0f;
}

Tensor filled(Shape shape, uint32_t seed, float scale) {
  Tensor t = Tensor::empty(DType::f32, shape);
  for (int64_t i = 0; i < t.size(); ++i) t.data<float>()[i] = pseudo(seed) * scale;
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "bce") o.bce = true;
    else if (a == "adam") o.adam = true;
    else if (a == "time") o.time = true;
    else if (a == "graph") o.graph = true;
    else if (a.rfind("batch=", 0) == 0) o.batch = std::atoi(a.c_str() + 6);
    else o.steps = std::atoll(a.c_str());
  }
  auto host = std::make_unique<Host>();
  Host& h = *host;
  HandleTable& H = h.handles();
  const int sizes[] = {2, 8, 8, 1};
  const int64_t samples = 500;

  // Weights (kernel, bias per layer) as trainable variables; the tracker's float64 total and count.
  std::vector<int32_t> weights;
  for (int l = 0; l < 3; ++l) {
    float limit = std::sqrt(6.0f / static_cast<float>(sizes[l] + sizes[l + 1]));
    weights.push_back(H.add(filled({sizes[l], sizes[l + 1]}, 7 + l, limit)));
    weights.push_back(H.add(Tensor::zeros(DType::f32, {sizes[l + 1]})));
  }
  for (int32_t w : weights) h.make_variable(w, true);
  const int32_t total = H.add(Tensor::zeros(DType::f64, {}));
  const int32_t count = H.add(Tensor::zeros(DType::f64, {}));
  h.make_variable(total, false);
  h.make_variable(count, false);
  std::vector<int32_t> slots;  // Adam: momentum and velocity per weight, and the step counter
  int32_t iterations = -1;
  if (o.adam) {
    for (int32_t w : weights) {
      for (int k = 0; k < 2; ++k) {
        slots.push_back(H.add(Tensor::zeros(DType::f32, H.get(w).shape())));
        h.make_variable(slots.back(), false);
      }
    }
    iterations = H.add(Tensor::zeros(DType::f32, {}));
    h.make_variable(iterations, false);
  }

  // The data set: points in [-1, 1)^2, labels from a circle (0/1).
  Tensor x = filled({samples, 2}, 11, 1.0f);
  Tensor y = Tensor::empty(DType::f32, {samples, 1});
  for (int64_t i = 0; i < samples; ++i) {
    float a = x.data<float>()[2 * i], b = x.data<float>()[2 * i + 1];
    y.data<float>()[i] = a * a + b * b < 0.5f ? 1.0f : 0.0f;
  }
  const int32_t xid = H.add(x), yid = H.add(y);
  // One step's rows (for the trace), and `steps` rows back to back for the replay.
  const int64_t per_epoch = samples / o.batch;
  Tensor rows = Tensor::empty(DType::i32, {o.steps, o.batch});
  for (int64_t s = 0; s < o.steps; ++s)
    for (int b = 0; b < o.batch; ++b)
      rows.data<int32_t>()[s * o.batch + b] = static_cast<int32_t>(((s % per_epoch) * o.batch + b * 37) % samples);
  const int32_t first_rows = H.add(rows.view({o.batch}, {1}, 0));
  const int32_t all_rows = H.add(rows);

  // Trace one step: the ops run for real once while the tracer records them.
  double* w = h.words();
  w[0] = xid, w[1] = yid, w[2] = first_rows;
  const int32_t tracer = h.trace_begin(3);
  {
    auto var = [&](int32_t id) { return H.get(id); };
    Tensor idx = H.get(first_rows);
    Tensor xb = ops::gather(H.get(xid), idx), yb = ops::gather(H.get(yid), idx);
    autodiff::Tape tape;
    tape.start_recording();
    Tensor a = xb;
    for (int l = 0; l < 3; ++l) {
      a = ops::add(ops::matMul(a, var(weights[2 * l])), var(weights[2 * l + 1]));
      a = l < 2 ? ops::tanh(a) : (o.bce ? ops::sigmoid(a) : a);
    }
    Tensor loss;
    if (o.bce) {
      const double eps = 1e-7;
      Tensor p = ops::clipByValue(a, eps, 1 - eps);
      Tensor t = ops::add(ops::mul(yb, ops::log(p)), ops::mul(ops::sub(ops::scalar(1, DType::f32), yb),
                                                            ops::log(ops::sub(ops::scalar(1, DType::f32), p))));
      loss = ops::mean(ops::neg(ops::mean(t, {-1})));
    } else {
      loss = ops::mean(ops::mean(ops::square(ops::sub(yb, a)), {-1}));
    }
    tape.stop_recording();
    Tensors vars;
    for (int32_t id : weights) vars.push_back(var(id));
    Tensors grads = tape.gradient({loss}, vars, {}, false);
    auto assign = [&](int32_t v, const Tensor& value) {
      const int32_t tmp = H.add(value);
      h.assign(v, tmp);
      H.release(tmp);
    };
    if (o.adam) {
      Tensor t = ops::add(var(iterations), ops::scalar(1, DType::f32));
      assign(iterations, t);
      Tensor alpha = ops::div(ops::mul(ops::scalar(0.01, DType::f32),
                                       ops::sqrt(ops::sub(ops::scalar(1, DType::f32), ops::pow(ops::scalar(0.999, DType::f32), t)))),
                              ops::sub(ops::scalar(1, DType::f32), ops::pow(ops::scalar(0.9, DType::f32), t)));
      for (size_t k = 0; k < weights.size(); ++k) {
        Tensor g = grads[k], m = var(slots[2 * k]), v = var(slots[2 * k + 1]);
        Tensor m2 = ops::add(m, ops::mul(ops::sub(g, m), ops::scalar(0.1, DType::f32)));
        Tensor v2 = ops::add(v, ops::mul(ops::sub(ops::square(g), v), ops::scalar(0.001, DType::f32)));
        assign(slots[2 * k], m2);
        assign(slots[2 * k + 1], v2);
        assign(weights[k], ops::sub(vars[k], ops::div(ops::mul(m2, alpha), ops::add(ops::sqrt(v2), ops::scalar(1e-7, DType::f32)))));
      }
    } else {
      for (size_t k = 0; k < weights.size(); ++k)
        assign(weights[k], ops::sub(vars[k], ops::mul(grads[k], ops::scalar(0.03, DType::f32))));
    }
    // Running mean of the loss, as the loss tracker keeps it.
    assign(total, ops::add(var(total), ops::mul(ops::cast(loss, DType::f64), ops::scalar(o.batch, DType::f64))));
    assign(count, ops::add(var(count), ops::scalar(o.batch, DType::f64)));
    Tensor mean = ops::cast(ops::div(var(total), ops::maximum(var(count), ops::scalar(1e-30, DType::f64))), DType::f32);
    w[0] = H.add(ops::stack({mean}));
  }
  const int32_t fn = h.trace_end(tracer, 1, true);
  H.release(static_cast<int32_t>(w[0]));
  h.function_stats(fn);
  std::printf("graph: %g nodes traced, %g after passes, %g kernels\n", w[0], w[1], w[2]);
  if (o.graph) std::printf("%s", h.function_text(fn).c_str());

  // The replay: every step of `rows`, in one call.
  const MemoryStats before = memory_stats();
  w[0] = xid, w[1] = yid, w[2] = all_rows;
  auto t0 = std::chrono::steady_clock::now();
  h.function_run_steps(fn, 3);
  auto t1 = std::chrono::steady_clock::now();
  H.release(static_cast<int32_t>(w[1]));
  const MemoryStats after = memory_stats();
  // FNV-1a over the weights' bits.
  uint64_t hash = 1469598103934665603ull;
  for (int32_t id : weights) {
    const Tensor t = H.get(id).contiguous();
    const auto* p = static_cast<const unsigned char*>(t.raw());
    for (size_t i = 0; i < t.nbytes(); ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  }
  std::printf("steps %lld, batch %d, %s, %s: weights checksum %016llx, loss %.9g\n", static_cast<long long>(o.steps),
              o.batch, o.bce ? "bce" : "mse", o.adam ? "adam" : "sgd", static_cast<unsigned long long>(hash),
              H.get(total).item() / H.get(count).item());
  std::printf("live tensors' bytes before %lld after %lld, buffers %lld -> %lld\n", static_cast<long long>(before.live_bytes),
              static_cast<long long>(after.live_bytes), static_cast<long long>(before.live_buffers),
              static_cast<long long>(after.live_buffers));
  if (o.time) {
    double s = std::chrono::duration<double>(t1 - t0).count();
    std::printf("%.0f steps/s (%.2f us/step)\n", static_cast<double>(o.steps) / s, 1e6 * s / static_cast<double>(o.steps));
  }
  return 0;
}
