// What the DIVERT App keeps on the phone, in IndexedDB, always encrypted: drafts being typed
// and the outbox of referrals waiting for signal. Used by the pages and the service worker.
//
// The key is AES-GCM, generated here as non-extractable (no script can read it out, only use
// it), kept in IndexedDB beside the records it seals, and tied to the officer signed in: it
// carries the owner tag the server gives that officer's sessions, and a different officer
// signing in on this browser wipes the store. Signing out wipes it (the server sends
// Clear-Site-Data and the page deletes the database). Each record is sealed with a fresh IV and
// its id as additional data, so a sealed record cannot be swapped onto another id.

const NAME = 'divert-app'
const SCHEMA = 1
const KEY_ID = 'outbox-key'
export const DRAFT_LIFETIME_MS = 24 * 60 * 60 * 1000
export const UNSENT = new Set(['queued', 'needs-sign-in'])

function done (request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

function finished (transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve()
    transaction.onerror = () => reject(transaction.error)
    transaction.onabort = () => reject(transaction.error)
  })
}

/** Open (or create) the phone's store. */
export function openStore () {
  const request = indexedDB.open(NAME, SCHEMA)
  request.onupgradeneeded = () => {
    const db = request.result
    db.createObjectStore('keys')
    db.createObjectStore('drafts', { keyPath: 'id' })
    db.createObjectStore('outbox', { keyPath: 'id' })
  }
  return done(request).then((db) => {
    // Another tab deleting the store (signing out) must not wait on this connection.
    db.onversionchange = () => db.close()
    return db
  })
}

async function get (db, store, id) {
  return done(db.transaction(store).objectStore(store).get(id))
}

async function all (db, store) {
  return done(db.transaction(store).objectStore(store).getAll())
}

async function put (db, store, value, id) {
  const transaction = db.transaction(store, 'readwrite')
  transaction.objectStore(store).put(value, id)
  return finished(transaction)
}

async function remove (db, store, id) {
  const transaction = db.transaction(store, 'readwrite')
  transaction.objectStore(store).delete(id)
  return finished(transaction)
}

/** Delete every draft, every outbox item and the key. */
export async function wipe (db) {
  const transaction = db.transaction(['keys', 'drafts', 'outbox'], 'readwrite')
  for (const store of ['keys', 'drafts', 'outbox']) transaction.objectStore(store).clear()
  return finished(transaction)
}

/** The phone's key for OWNER (an opaque tag, or null when offline and not yet known). */
export async function deviceKey (db, owner) {
  const record = await get(db, 'keys', KEY_ID)
  if (record && (!owner || !record.owner || record.owner === owner)) {
    if (owner && !record.owner) await put(db, 'keys', { ...record, owner }, KEY_ID)
    return record.key
  }
  if (record) await wipe(db) // another officer's store: it is not theirs to send or read
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false,
    ['encrypt', 'decrypt'])
  await put(db, 'keys', { key, owner: owner || null, createdAt: Date.now() }, KEY_ID)
  return key
}

/** Whether this phone holds a key at all (nothing can be read without one). */
export async function hasKey (db) {
  return Boolean(await get(db, 'keys', KEY_ID))
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

async function seal (key, id, value) {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(id) }, key,
    encoder.encode(JSON.stringify(value)))
  return { iv, data }
}

async function unseal (key, id, sealed) {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv, additionalData: encoder.encode(id) }, key, sealed.data)
  return JSON.parse(decoder.decode(plain))
}

/** Keep the draft of form ID (its [name, value] pairs), sealed, with the time it was saved. */
export async function saveDraft (db, key, id, pairs) {
  await put(db, 'drafts', { id, savedAt: Date.now(), sealed: await seal(key, id, pairs) })
}

/** The most recently saved draft that has not expired, as { id, pairs }, or null. */
export async function latestDraft (db, key) {
  const drafts = (await all(db, 'drafts')).sort((a, b) => b.savedAt - a.savedAt)
  for (const draft of drafts) {
    try {
      return { id: draft.id, pairs: await unseal(key, draft.id, draft.sealed) }
    } catch {
      await remove(db, 'drafts', draft.id) // sealed under a key that is gone: unreadable
    }
  }
  return null
}

/** Forget the draft of form ID. */
export function deleteDraft (db, id) {
  return remove(db, 'drafts', id)
}

/** Delete drafts older than 24 hours, and sent items queued longer ago than that; how many
 * drafts went. */
export async function expire (db, now = Date.now()) {
  let expired = 0
  for (const draft of await all(db, 'drafts')) {
    if (now - draft.savedAt >= DRAFT_LIFETIME_MS) {
      await remove(db, 'drafts', draft.id)
      expired += 1
    }
  }
  for (const item of await all(db, 'outbox')) {
    // Measured from when the page queued it: times are only ever compared with the pages' own.
    if (item.state === 'sent' && now - item.queuedAt >= DRAFT_LIFETIME_MS) {
      await remove(db, 'outbox', item.id)
    }
  }
  return expired
}

/** Put form ID's pairs in the outbox; a second tap with the same id keeps the first item. */
export async function queue (db, key, id, pairs) {
  const existing = await get(db, 'outbox', id)
  if (existing) return existing
  const item = { id, state: 'queued', queuedAt: Date.now(), sealed: await seal(key, id, pairs) }
  await put(db, 'outbox', item)
  return item
}

/** Every outbox item, oldest first. */
export async function outboxItems (db) {
  return (await all(db, 'outbox')).sort((a, b) => a.queuedAt - b.queuedAt)
}

/** The [name, value] pairs of outbox ITEM. */
export function itemPairs (key, item) {
  return unseal(key, item.id, item.sealed)
}

/** Record ITEM's new state (and whatever goes with it). */
export function updateItem (db, item, changes) {
  return put(db, 'outbox', { ...item, ...changes })
}

/** Take an item out of the outbox. */
export function deleteItem (db, id) {
  return remove(db, 'outbox', id)
}

/** Close and delete the whole store (signing out). */
export function deleteStore (db) {
  db?.close()
  const deleting = done(indexedDB.deleteDatabase(NAME)).catch(() => null)
  // A connection that will not close (a stuck tab) must not keep the officer from signing out:
  // the server's Clear-Site-Data deletes the store in any case.
  return Promise.race([deleting, new Promise((resolve) => setTimeout(resolve, 3000))])
}
