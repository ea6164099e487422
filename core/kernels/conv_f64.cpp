// The float64 instantiations of conv.cpp: a translation unit of their own so that the engine can
// compile them for size while float32 stays fast (CMakeLists.txt, "Size").
#define TENSORPAD_KERNELS_F64 1
#include "conv.cpp"
