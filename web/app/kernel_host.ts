// The page's side of the sandbox: an <iframe sandbox="allow-scripts"> (opaque origin: no access
// to the page or its storage) that holds the kernel worker, driven through one MessagePort.
// `spawn` is the runtime's spawn function for it, so tp.worker's runtime (queue, interrupt,
// restart, crash recovery) runs unchanged.
//
// The frame is a srcdoc document with its relay script inline (sandbox_frame.ts), and in the
// built app the page hands it the kernel's code and the engine's files: a service worker cannot
// serve a sandboxed frame (its origin is opaque), but it serves this page, so the kernel starts
// offline too. In development the frame imports the kernel module from the dev server.
import type { SpawnWorker } from '../src/worker/runtime.ts';
import kernelWorkerUrl from './kernel.ts?worker&url';
import { SANDBOX_FRAME_SOURCE } from './sandbox_frame.ts';

export interface SandboxFrame {
  frame: HTMLIFrameElement;
  spawn: SpawnWorker;
}

/** What a kernel worker starts from: its code and the files it fetches (the engine's .wasm, data). */
interface KernelBundle {
  code: string;
  files: Record<string, ArrayBuffer>;
}

let bundle: Promise<KernelBundle> | null = null;

// The kernel bundle (one self-contained module, see vite.config.ts `worker`), prepared to run as a
// classic worker made from a blob in the frame: `import.meta.url` becomes the real URL, so the
// asset URLs it builds are the real ones, and the worker's fetch answers them with these bytes.
function loadBundle(): Promise<KernelBundle> {
  bundle ??= (async () => {
    const url = new URL(kernelWorkerUrl, location.href).href;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`the kernel script: HTTP ${res.status}`);
    const source = await res.text();
    if (/^\s*(import|export)\s*[{*"'\w]/m.test(source)) throw new Error('the kernel bundle is not self-contained (it has import/export statements)');
    const code = source.replaceAll('import.meta.url', JSON.stringify(url));
    const files: Record<string, ArrayBuffer> = {};
    // Files the kernel builds URLs for (the engine's .wasm, the data sets' .json; not scripts).
    const assets = new Set(
      [...code.matchAll(/new URL\(\s*[`'"]([^`'"$]+\.(?:wasm|json|bin))[`'"]\s*,\s*"[^"]*"\s*\)/g)].map((m) => new URL(m[1]!, url).href),
    );
    await Promise.all(
      [...assets].map(async (a) => {
        try {
          const r = await fetch(a);
          if (r.ok) files[a] = await r.arrayBuffer();
        } catch {
          // not available (a data file the build did not copy): the worker fetches it itself
        }
      }),
    );
    return { code, files };
  })();
  bundle.catch(() => (bundle = null));
  return bundle;
}

/** Adds the sandbox frame to `parent` and resolves once it listens. */
export async function createSandbox(parent: HTMLElement = document.body): Promise<SandboxFrame> {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('aria-hidden', 'true');
  frame.title = 'notebook sandbox';
  frame.id = 'sandbox';
  frame.hidden = true;
  frame.srcdoc = `<!doctype html><meta charset="utf-8"><title>tensorpad sandbox</title><script>${SANDBOX_FRAME_SOURCE}</script>`;
  const ready = new Promise<void>((resolve) => {
    const onMessage = (e: MessageEvent): void => {
      // The frame's origin reads "null": trust the source window, never the origin string.
      if (e.source !== frame.contentWindow || (e.data as { tp?: string })?.tp !== 'sandbox-ready') return;
      window.removeEventListener('message', onMessage);
      resolve();
    };
    window.addEventListener('message', onMessage);
  });
  parent.append(frame);
  await ready;
  const channel = new MessageChannel();
  frame.contentWindow!.postMessage({ tp: 'connect' }, '*', [channel.port2]);
  const port = channel.port1;
  const handlers = new Map<number, Parameters<SpawnWorker>[0]>();
  port.onmessage = (e) => {
    const msg = e.data as { kind: string; gen: number; data?: unknown; message?: string };
    const h = handlers.get(msg.gen);
    if (!h) return;
    if (msg.kind === 'message') h.message(msg.data);
    else if (msg.kind === 'error') h.error(msg.message ?? 'the kernel failed');
  };
  let nextGen = 1;
  const spawn: SpawnWorker = (events) => {
    const gen = nextGen++;
    handlers.set(gen, events);
    let terminated = false;
    if (import.meta.env.DEV) {
      port.postMessage({ kind: 'spawn', gen, url: new URL(kernelWorkerUrl, location.href).href });
    } else {
      loadBundle().then(
        ({ code, files }) => {
          // Copies of the bytes: the cached ones serve the next kernel.
          const copies = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.slice(0)]));
          if (!terminated) port.postMessage({ kind: 'spawn', gen, code, files: copies }, Object.values(copies));
        },
        (e: unknown) => events.error(`could not load the kernel: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
    return {
      post: (data, transfer) => port.postMessage({ kind: 'post', gen, data }, transfer ?? []),
      terminate: () => {
        terminated = true;
        handlers.delete(gen);
        port.postMessage({ kind: 'terminate', gen });
      },
    };
  };
  return { frame, spawn };
}
