// Prepended to the engine's glue (--pre-js). The engine ships as two WebAssembly modules
// (scripts/split_engine.mjs): the first holds what training, the playground and the benchmarks
// run and is all a page waits for; the rest holds everything else. The first module imports a
// placeholder for each function of the rest ("placeholder" namespace, by table slot), and
// instantiating the rest writes its functions into this instance's table over them. The loader
// compiles the rest in the background and attaches it (Module.tpAttachRest); a placeholder
// called before that loads it synchronously. Each pool thread of the threaded engine has its own
// instance and table: it compiles the rest from the bytes the engine's thread left in the shared
// memory (tp_rest_location), waiting for them a while if they are not there yet, and only then
// loads it from the URL itself.
var tpRest = null;

function tpRestUrl() {
  if (Module['tpRestUrl']) return Module['tpRestUrl'];
  // Pool threads get no loader options: the loader names the rest in the glue URL's fragment.
  var found = /[#&]rest=([^&]*)/.exec(new URL(_scriptDir).hash);
  if (!found) throw new Error('the glue was loaded without the rest module\'s URL (#rest=...)');
  return decodeURIComponent(found[1]);
}

function tpReadRest(url) {
  if (Module['tpReadRest']) return Module['tpReadRest']();
  if (typeof process == 'object' && process.versions && process.versions.node) {
    return require('fs').readFileSync(new URL(url));
  }
  var xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  // A synchronous request may ask for an ArrayBuffer only off the page's thread.
  var binaryText = typeof document == 'object';
  if (binaryText) xhr.overrideMimeType('text/plain; charset=x-user-defined');
  else xhr.responseType = 'arraybuffer';
  xhr.send(null);
  if (xhr.status !== 200 && xhr.status !== 0) throw new Error('HTTP ' + xhr.status);
  if (!binaryText) return new Uint8Array(xhr.response);
  var text = xhr.responseText, bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 255;
  return bytes;
}

// {address, length (-1 while the engine's thread reads it), threads that instantiated it} of the
// rest in the shared memory: the word index of the first, and the memory's words.
function tpSharedRest() {
  var words = Module['_tp_rest_location']() >> 2;
  return [words, new Int32Array(wasmMemory.buffer)];
}

function tpSharedMemory() {
  return typeof SharedArrayBuffer != 'undefined' && wasmMemory.buffer instanceof SharedArrayBuffer;
}

function tpShareRest(bytes) {
  if (!tpSharedMemory()) return;
  var at = tpSharedRest();
  if (Atomics.load(at[1], at[0]) !== 0) return;
  var address = Module['_malloc'](bytes.length);
  new Uint8Array(wasmMemory.buffer).set(bytes, address);
  Atomics.store(at[1], at[0] + 1, bytes.length);
  Atomics.store(at[1], at[0], address);
  Atomics.notify(at[1], at[0]);
}

function tpRestBytes() {
  if (tpSharedMemory()) {
    var at = tpSharedRest();
    // While the engine's thread is reading the rest (length -1), a pool thread waits for its bytes
    // rather than fetch them too.
    while (Module['ENVIRONMENT_IS_PTHREAD'] && Atomics.load(at[1], at[0]) === 0 && Atomics.load(at[1], at[0] + 1) === -1) {
      Atomics.wait(at[1], at[0], 0, 100);
    }
    var address = Atomics.load(at[1], at[0]);
    if (address !== 0) return new Uint8Array(wasmMemory.buffer).slice(address, address + Atomics.load(at[1], at[0] + 1));
  }
  var url = tpRestUrl();
  var engineThread = !Module['ENVIRONMENT_IS_PTHREAD'] && tpSharedMemory();
  if (engineThread) Atomics.compareExchange(at[1], at[0] + 1, 0, -1);
  try {
    var bytes = tpReadRest(url);
  } catch (e) {
    if (engineThread) tpEndReading();
    throw new Error('tensorpad: could not load the rest of the engine from ' + url + ': ' + (e && e.message || e));
  }
  if (engineThread) {
    try {
      tpShareRest(bytes);
    } finally {
      tpEndReading();
    }
  }
  return bytes;
}

// The engine's thread is no longer reading the rest: pool threads waiting for it go on (with
// its bytes, which tpShareRest stored with their length, or on their own).
function tpEndReading() {
  var at = tpSharedRest();
  Atomics.compareExchange(at[1], at[0] + 1, -1, 0);
  Atomics.notify(at[1], at[0]);
}

function tpInstantiateRest(module) {
  if (tpRest) return;
  tpRest = new WebAssembly.Instance(module, { 'primary': Module['asm'] });
  if (tpSharedMemory()) {
    var at = tpSharedRest();
    Atomics.add(at[1], at[0] + 2, 1);
  }
}

/** The loader's background path: the compiled rest and its bytes (for the pool threads). */
Module['tpAttachRest'] = function(module, bytes) {
  if (bytes) tpShareRest(bytes);
  tpInstantiateRest(module);
};

Module['tpRestAttached'] = function() {
  return tpRest !== null;
};

var tpInstantiate = Module['instantiateWasm'];
Module['instantiateWasm'] = function(imports, receive) {
  imports['placeholder'] = new Proxy({}, {
    get: function(_, slot) {
      return function() {
        if (!tpRest) tpInstantiateRest(new WebAssembly.Module(tpRestBytes()));
        return wasmTable.get(+slot).apply(null, arguments);
      };
    },
  });
  return tpInstantiate(imports, receive);
};
