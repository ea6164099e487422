// The float64 instantiations of reduce_exp.cpp: a translation unit of their own so that the engine can
// compile them for size while float32 stays fast (CMakeLists.txt, "Size").
#define TENSORPAD_KERNELS_F64 1
#include "reduce_exp.cpp"
