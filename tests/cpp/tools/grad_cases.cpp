// Prints the op table's gradient-check cases (core/ops/op.h grad_check_cases) of every op
// (differentiable ones are checked against finite differences, the others for giving no
// gradient) as one JSON object {"op name": [case, ...]}, for the JS gradient-check
// harness (tests/js/autodiff/grad_check.test.ts): the WASM engine is built without the cases.
#include <iostream>

#include "ops/op.h"

int main() {
  using namespace tensorpad;
  std::cout << "{";
  bool first = true;
  for (const OpDef* d : all_ops()) {
    std::cout << (first ? "" : ",\n") << "\"" << d->name << "\":" << op_grad_cases_json(*d);
    first = false;
  }
  std::cout << "}\n";
  return 0;
}
