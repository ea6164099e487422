// The script of the sandbox frame (the document sandbox.html, served from the kernel origin, or
// the same document as srcdoc; always in <iframe sandbox="allow-scripts">, an opaque origin: no
// storage, no access to the page). It starts kernel workers for the page and relays their
// messages over one MessagePort:
//   page -> frame  { kind: 'spawn', gen, url } (development: import the kernel module from url)
//                  { kind: 'spawn', gen, code, files } (build: run this code, serve these files)
//                  { kind: 'post', gen, data } (+ transfer) | { kind: 'terminate', gen }
//                  { kind: 'ping', n } (the heartbeat: the frame's process is alive)
//   frame -> page  { kind: 'message', gen, data } | { kind: 'error', gen, message } | { kind: 'pong', n }
// `frameMain` is turned into text with toString() and inlined into the frame: it must not use
// anything from outside its own body.

function frameMain(): void {
  type FromHost =
    | { kind: 'spawn'; gen: number; url?: string; code?: string; files?: Record<string, ArrayBuffer> }
    | { kind: 'post'; gen: number; data: unknown }
    | { kind: 'terminate'; gen: number }
    | { kind: 'ping'; n: number };

  // Runs first in a worker made from `code`: until the page's files arrive (the first message),
  // fetches wait; then the kernel's fetches of its .wasm and data files are answered from them.
  const prelude = `(() => {
  const ready = new Promise((resolve) => {
    self.addEventListener('message', function first(e) {
      if (!e.data || !e.data.tpFiles) return;
      self.removeEventListener('message', first);
      e.stopImmediatePropagation();
      resolve(e.data.tpFiles);
    });
  });
  const networkFetch = self.fetch.bind(self);
  const types = { wasm: 'application/wasm', json: 'application/json' };
  self.fetch = async (input, init) => {
    const files = await ready;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const hit = files[url];
    if (hit === undefined) return networkFetch(input, init);
    const ext = url.replace(/[?#].*$/, '').split('.').pop();
    return new Response(hit.slice(0), { status: 200, headers: { 'content-type': types[ext] || 'application/octet-stream' } });
  };
})();
`;

  const workers = new Map<number, Worker>();

  function start(msg: Extract<FromHost, { kind: 'spawn' }>, send: (m: unknown) => void): void {
    let source: string;
    if (msg.code !== undefined) source = `${prelude}\n${msg.code}`;
    else
      source = `import(${JSON.stringify(msg.url)}).catch((e) => postMessage({ type: 'fatal', message: 'could not load the kernel: ' + ((e && e.message) || e) }));`;
    const blob = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    // A classic worker: a module worker cannot load a blob: URL of an opaque origin (classic
    // workers may still import() modules).
    const w = new Worker(blob);
    URL.revokeObjectURL(blob);
    workers.set(msg.gen, w);
    w.onmessage = (ev) => send({ kind: 'message', gen: msg.gen, data: ev.data });
    w.onerror = (ev) => {
      ev.preventDefault();
      send({ kind: 'error', gen: msg.gen, message: ev.message || 'the kernel worker failed' });
    };
    if (msg.code !== undefined) {
      const files = msg.files ?? {};
      w.postMessage({ tpFiles: files }, Object.values(files));
    }
  }

  function connect(port: MessagePort): void {
    const send = (m: unknown): void => port.postMessage(m);
    port.onmessage = (e: MessageEvent<FromHost>) => {
      const msg = e.data;
      if (msg.kind === 'ping') send({ kind: 'pong', n: msg.n });
      else if (msg.kind === 'spawn') {
        try {
          start(msg, send);
        } catch (err) {
          send({ kind: 'error', gen: msg.gen, message: `could not start the kernel: ${err instanceof Error ? err.message : String(err)}` });
        }
      } else if (msg.kind === 'post') {
        workers.get(msg.gen)?.postMessage(msg.data, [...e.ports]);
      } else if (msg.kind === 'terminate') {
        workers.get(msg.gen)?.terminate();
        workers.delete(msg.gen);
      }
    };
  }

  window.addEventListener('message', (e) => {
    if (e.source !== parent || (e.data as { tp?: string })?.tp !== 'connect' || !e.ports[0]) return;
    connect(e.ports[0]);
  });
  parent.postMessage({ tp: 'sandbox-ready' }, '*');
}

/** The frame's inline script. */
export const SANDBOX_FRAME_SOURCE = `(${frameMain.toString()})();`.replace(/<\/script/gi, '<\\/script');

/** The frame's whole document: sandbox.html on the kernel origin (vite.config.ts), or the srcdoc. */
export const SANDBOX_DOCUMENT = `<!doctype html><meta charset="utf-8"><title>tensorpad kernel</title><script>${SANDBOX_FRAME_SOURCE}</script>\n`;
