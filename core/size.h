#pragma once
// TP_MINSIZE compiles one function as -Oz would (clang's minsize), for code that runs once or on no
// hot path inside a file that otherwise stays -O3. It covers that function's own body only: inlined
// into a caller, the code is compiled as the caller is (add [[gnu::noinline]]), and callees it does
// not inline keep their own level. GCC (the native tests) has no per-function equivalent.
#if defined(__clang__)
#define TP_MINSIZE [[clang::minsize]]
#else
#define TP_MINSIZE
#endif

// TP_VECTORIZE before a loop vectorises it even at -O1 (clang's loop vectorizer runs there for
// loops that ask), for plain loops in files the engine compiles at -O1 (CMakeLists.txt).
#if defined(__clang__)
#define TP_VECTORIZE _Pragma("clang loop vectorize(enable)")
#else
#define TP_VECTORIZE
#endif
