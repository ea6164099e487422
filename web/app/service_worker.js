// The playground's service worker: after the first visit the app works offline. The build
// (vite.config.ts, serviceWorkerPlugin) fills in the list of files and a version that changes
// with their contents; a new build installs a new cache and drops the old one.
const VERSION = '__TP_VERSION__';
const FILES = __TP_FILES__;
const CACHE = `tensorpad-app-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tensorpad-app-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// A page answered with COOP/COEP is cross-origin isolated (SharedArrayBuffer: the threaded
// engine); its workers' scripts need COEP too (a worker whose policy is weaker than its page's
// is refused). The app loads nothing from other sites but the kernel frame, whose document comes
// with its own headers (or is a srcdoc frame, which inherits the page's).
function isolated(res) {
  if (res.type === 'error' || res.type === 'opaqueredirect' || res.status === 0) return res;
  const headers = new Headers(res.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  // Pages: the network first (a new build shows at once), the cached copy offline. Pages and
  // workers get the cross-origin isolation headers, which a static host may not send.
  if (req.mode === 'navigate') {
    const page = url.pathname.endsWith('/') ? new URL('index.html', url) : url;
    event.respondWith(
      fetch(req)
        .catch(() => caches.open(CACHE).then((c) => c.match(page.href, { ignoreSearch: true, ignoreVary: true })).then((r) => r || Response.error()))
        .then(isolated),
    );
    return;
  }
  // Everything else has a content hash in its name: the cache first. (ignoreVary: the server
  // varies on Origin, and module scripts send one while the precache requests did not.)
  // Data sets (.bin) are not precached: the first fetch stores them for offline use.
  const answer = caches.open(CACHE).then((c) =>
    c.match(req, { ignoreSearch: true, ignoreVary: true }).then(
      (hit) =>
        hit ||
        fetch(req).then((res) => {
          if (res.ok && url.pathname.endsWith('.bin')) void c.put(req, res.clone());
          return res;
        }),
    ),
  );
  event.respondWith(req.destination === 'worker' ? answer.then(isolated) : answer);
});
