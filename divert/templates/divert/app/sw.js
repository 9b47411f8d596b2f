// The DIVERT App's service worker (rendered by divert/offline.py, served at /divert/sw.js so
// its scope is the officer's pages). It keeps only the blank form shell, styles, scripts and
// icons, under a cache named after the release; pages are always fetched from the network and
// never stored, so no page with personal data is ever in its cache.
import { openStore } from '/divert/static/app/store.js'
import { sendOutbox } from '/divert/static/app/outbox.js'

const VERSION = {{ version|tojson }}
const CACHE = 'divert-app-' + VERSION
const PRECACHE = {{ precache|tojson }}
const SHELL = {{ shell|tojson }}
const CACHED = new Set(PRECACHE.filter((path) => path !== SHELL))

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE)
    // credentials omitted: the shell is rendered for nobody, and no cookie goes with it
    .then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { credentials: 'omit' }))))
    .then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names
      .filter((name) => name.startsWith('divert-app-') && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (request.method !== 'GET' || url.origin !== self.location.origin) return
  if (request.mode === 'navigate') {
    // Network first, and the response is never stored: only without signal does the blank
    // form shell answer.
    event.respondWith(fetch(request).catch(() => caches.match(SHELL, { cacheName: CACHE })))
    return
  }
  if (CACHED.has(url.pathname) && !url.search) {
    event.respondWith(caches.match(url.pathname, { cacheName: CACHE })
      .then((hit) => hit || fetch(request)))
  }
})

async function tellPages (outcome) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) {
    client.postMessage({ divertOutbox: outcome })
  }
}

self.addEventListener('sync', (event) => {
  if (event.tag !== 'divert-outbox') return
  event.waitUntil(openStore().then(sendOutbox).then(tellPages, () => tellPages('error')))
})

self.addEventListener('message', (event) => {
  if (event.data === 'divert-version') event.source?.postMessage({ divertVersion: VERSION })
})
