// The threaded engine only (CMakeLists.txt): makes C++ exceptions catchable under -pthread.
//
// Emscripten 3.1.6's prebuilt libunwind for -pthread -fwasm-exceptions keeps the landing-pad
// context (__wasm_lpad_context) in thread-local storage, while clang 14's landing pads write a
// plain global of that name. The personality then never sees the landing pad's call site, no
// handler is ever selected, and every C++ exception escapes to JS as a bare WebAssembly.Exception
// (no message, and the binding's conversion to a JS Error never runs). These definitions stand in
// for the library's whole Unwind-wasm object (so it is not linked) and keep the context in the one
// plain global the compiled code writes. Threads share it: two threads unwinding at the very same
// moment could mix their selectors; kernels report errors before or after their parallel regions.
#include <stdint.h>
#include <unwind.h>

extern "C" {

struct LandingPadContext {
  uintptr_t lpad_index;  // written by the landing pad: its call site's index
  uintptr_t lsda;        // written by the landing pad: the function's exception table
  uintptr_t selector;    // written by the personality (_Unwind_SetGR), read by the landing pad
};

LandingPadContext __wasm_lpad_context;

_Unwind_Reason_Code __gxx_personality_wasm0(int, _Unwind_Action, uint64_t, _Unwind_Exception*, _Unwind_Context*);

_Unwind_Reason_Code _Unwind_CallPersonality(void* exception) {
  auto* e = static_cast<_Unwind_Exception*>(exception);
  __wasm_lpad_context.selector = 0;
  // Wasm unwinds in one phase, run as the cleanup phase: that is when the personality reports the
  // handler's selector through _Unwind_SetGR.
  return __gxx_personality_wasm0(1, _UA_CLEANUP_PHASE, e->exception_class, e,
                                 reinterpret_cast<_Unwind_Context*>(&__wasm_lpad_context));
}

_Unwind_Reason_Code _Unwind_RaiseException(_Unwind_Exception* e) { __builtin_wasm_throw(0, e); }

void _Unwind_DeleteException(_Unwind_Exception* e) {
  if (e->exception_cleanup) e->exception_cleanup(_URC_FOREIGN_EXCEPTION_CAUGHT, e);
}

void _Unwind_SetGR(_Unwind_Context* context, int index, _Unwind_Word value) {
  // Register 1 is the selector; register 0 (the exception) the landing pad already holds.
  if (index == 1) reinterpret_cast<LandingPadContext*>(context)->selector = value;
}

_Unwind_Word _Unwind_GetIP(_Unwind_Context* context) {
  // The personality subtracts one and reads the result as a 1-based call-site index.
  return reinterpret_cast<LandingPadContext*>(context)->lpad_index + 2;
}

void _Unwind_SetIP(_Unwind_Context*, _Unwind_Word) {}

void* _Unwind_GetLanguageSpecificData(_Unwind_Context* context) {
  return reinterpret_cast<void*>(reinterpret_cast<LandingPadContext*>(context)->lsda);
}

_Unwind_Ptr _Unwind_GetRegionStart(_Unwind_Context*) { return 0; }

}  // extern "C"
