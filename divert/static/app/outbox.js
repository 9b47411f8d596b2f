// Sending the outbox: one item at a time, each with its submission id (so a resend answers the
// first receipt and never makes a second referral) and a CSRF token fetched from the current
// session just before it goes: re-tokened on send, which is why an item queued under a session
// that has since expired goes through once the officer signs in again. A Web Lock keeps the
// page and the service worker from sending the same item at once.

import { UNSENT, deviceKey, itemPairs, outboxItems, updateItem } from './store.js'

const SESSION = '/divert/app/session'
const SEND = '/divert/app/outbox'

/** The session the outbox would send as: { signed_in, csrf, owner }, or null without signal. */
export async function sessionState () {
  try {
    const response = await fetch(SESSION, { credentials: 'same-origin', cache: 'no-store' })
    if (!response.ok) return null
    return await response.json()
  } catch {
    return null
  }
}

async function sendOne (db, key, item, session) {
  const body = new URLSearchParams(await itemPairs(key, item))
  body.set('csrf_token', session.csrf)
  body.set('submission_id', item.id)
  let response
  try {
    await updateItem(db, item, { state: 'queued' })
    response = await fetch(SEND, {
      method: 'POST', body, credentials: 'same-origin', redirect: 'manual',
      headers: { Accept: 'application/json' }
    })
  } catch {
    return 'offline' // the referral may have arrived: the same id resent answers its receipt
  }
  if (response.type === 'opaqueredirect' || response.status === 401) {
    await updateItem(db, item, { state: 'needs-sign-in' })
    return 'signed-out'
  }
  const answer = await response.json().catch(() => null)
  if (response.status === 201 && answer) {
    // The personal data goes: only the reference and its link stay, until sign-out or 24 hours.
    await updateItem(db, item, { state: 'sent', sealed: null, sentAt: Date.now(),
      reference: answer.reference, url: answer.url })
    return 'sent'
  }
  if (response.status === 400 && answer?.errors) {
    await updateItem(db, item, { state: 'rejected', messages: answer.errors })
    return 'rejected'
  }
  return 'error'
}

async function sendAll (db) {
  const waiting = (await outboxItems(db)).filter((item) => UNSENT.has(item.state))
  if (!waiting.length) return 'empty'
  const session = await sessionState()
  if (!session) return 'offline'
  if (!session.signed_in) {
    for (const item of waiting) await updateItem(db, item, { state: 'needs-sign-in' })
    return 'signed-out'
  }
  const key = await deviceKey(db, session.owner)
  for (const item of await outboxItems(db)) {
    if (!UNSENT.has(item.state)) continue
    const outcome = await sendOne(db, key, item, session)
    if (outcome === 'offline' || outcome === 'signed-out' || outcome === 'error') return outcome
  }
  return 'sent'
}

/** Send every unsent item in DB; what happened: sent, empty, offline, signed-out or error. */
export function sendOutbox (db) {
  if (!navigator.locks) return sendAll(db)
  return navigator.locks.request('divert-outbox', () => sendAll(db))
}
