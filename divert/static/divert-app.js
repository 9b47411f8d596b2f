// The DIVERT App on the officer's pages (progressive enhancement: without it the form posts as
// a plain form). It registers the service worker, keeps the draft being typed (encrypted, for
// 24 hours), puts a sent referral in the outbox before anything goes on the wire, sends the
// outbox by itself when the signal returns, shows each item's state, and warns before signing
// out would delete unsent items.

import { restore, snapshot } from './app/form.js'
import { sendOutbox, sessionState } from './app/outbox.js'
import * as store from './app/store.js'

const FORM = document.querySelector('form[data-divert-draft]')
// Signing out deletes whatever has not been sent: items waiting, and items to correct.
const notSent = (item) => item.state !== 'sent'
const STATES = {
  queued: 'Waiting for signal',
  'needs-sign-in': 'Sign in again to send it',
  rejected: 'Not accepted',
  sent: 'Sent'
}

function registerWorker () {
  if (!('serviceWorker' in navigator)) return null
  return navigator.serviceWorker.register('/divert/sw.js', { scope: '/divert/', type: 'module' })
    .catch(() => null)
}

function notice (text) {
  const box = document.querySelector('[data-divert-notice]')
  if (!box) return
  box.textContent = text
  box.hidden = !text
}

function time (moment) {
  return new Date(moment).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })
}

function itemLine (item, correct) {
  const line = document.createElement('li')
  line.dataset.divertItem = item.state
  const tag = document.createElement('strong')
  tag.className = 'govuk-tag govuk-tag--' + ({ sent: 'green', rejected: 'red' }[item.state] ?? 'yellow')
  tag.textContent = STATES[item.state] ?? item.state
  line.append(`Referral saved at ${time(item.queuedAt)} `, tag)
  if (item.state === 'sent') {
    const link = document.createElement('a')
    link.className = 'govuk-link'
    link.href = item.url
    link.dataset.testid = 'outbox-reference'
    link.textContent = item.reference
    line.append(' Reference ', link)
  } else if (item.state === 'needs-sign-in') {
    const link = document.createElement('a')
    link.className = 'govuk-link'
    link.href = '/login'
    link.textContent = 'Sign in'
    line.append(' ', link)
  } else if (item.state === 'rejected') {
    line.append(' ' + (item.messages ?? []).join('. ') + '. ')
    if (correct) {
      const button = document.createElement('button')
      button.type = 'button'
      button.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0'
      button.textContent = 'Correct it'
      button.addEventListener('click', () => correct(item))
      line.append(button)
    }
  }
  return line
}

async function showOutbox (db, correct) {
  const section = document.querySelector('[data-divert-outbox]')
  if (!section) return
  const items = await store.outboxItems(db)
  section.querySelector('[data-divert-outbox-list]').replaceChildren(
    ...items.map((item) => itemLine(item, correct)))
  section.hidden = !items.length
  const unsent = document.querySelector('[data-divert-unsent-count]')
  const waiting = items.filter(notSent).length
  if (unsent) {
    unsent.textContent = waiting === 1 ? '1 referral on this phone has not been sent yet.'
      : `${waiting} referrals on this phone have not been sent yet.`
  }
}

async function send (db, correct) {
  const outcome = await sendOutbox(db)
  if (outcome === 'signed-out') notice('Your session has ended. Sign in again and the referrals on this phone will be sent.')
  await showOutbox(db, correct)
  return outcome
}

function keepDrafts (db, key, form, idInput) {
  let saving = Promise.resolve()
  const save = () => {
    const pairs = snapshot(form)
    saving = saving.then(() => store.saveDraft(db, key, idInput.value, pairs)).catch(() => null)
  }
  form.addEventListener('input', save)
  form.addEventListener('change', save)
  return () => saving
}

async function startForm (db, key, form, correct) {
  const idInput = form.querySelector('input[name="submission_id"]')
  // A fresh form takes over the unsent draft, submission id included; a form the server sent
  // back with errors already holds what was posted.
  if (form.dataset.divertFresh === 'true') {
    const draft = await store.latestDraft(db, key)
    if (draft) {
      idInput.value = draft.id
      restore(form, draft.pairs)
    }
  }
  if (!idInput.value) idInput.value = crypto.randomUUID()
  const settled = keepDrafts(db, key, form, idInput)
  let busy = false
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (busy) return // a second tap: the first is already in the outbox
    busy = true
    await settled()
    const id = idInput.value
    await store.queue(db, key, id, snapshot(form))
    await store.deleteDraft(db, id)
    navigator.serviceWorker?.ready.then((registration) =>
      registration.sync?.register('divert-outbox')).catch(() => null)
    await sendOutbox(db)
    const item = (await store.outboxItems(db)).find((found) => found.id === id)
    if (item?.state === 'sent') {
      window.location.assign(item.url)
      return
    }
    if (item?.state === 'rejected' && !form.hasAttribute('data-divert-shell')) {
      // The server shows what to correct, field by field, on the plain form's answer.
      await store.deleteItem(db, id)
      // (the Send button is named submit, which hides form.submit)
      HTMLFormElement.prototype.submit.call(form)
      return
    }
    document.querySelector('[data-divert-form-area]').hidden = true
    const saved = document.querySelector('[data-divert-saved]')
    saved.hidden = false
    saved.focus()
    await showOutbox(db, correct)
  })
}

function guardSignOut (db) {
  for (const form of document.querySelectorAll('form[action$="/logout"]')) {
    form.addEventListener('submit', async (event) => {
      if (form.hasAttribute('data-divert-confirmed-sign-out')) {
        event.preventDefault()
        await store.deleteStore(db) // the server's Clear-Site-Data deletes the rest
        HTMLFormElement.prototype.submit.call(form)
        return
      }
      // Decided before any await: the browser only waits for a handler that has not yielded.
      event.preventDefault()
      const unsent = (await store.outboxItems(db)).some(notSent)
      if (!unsent) {
        await store.deleteStore(db)
        HTMLFormElement.prototype.submit.call(form)
      } else if (!navigator.onLine) {
        notice('You have no signal. Referrals on this phone have not been sent yet: stay signed in and they will be sent when you have signal.')
      } else {
        window.location.assign('/divert/app/sign-out')
      }
    })
  }
}

async function main () {
  registerWorker()
  if (!window.indexedDB || !window.crypto?.subtle) return
  const db = await store.openStore()
  const session = await sessionState()
  if (session && !session.signed_in) {
    await send(db) // marks what waits as needing a sign-in, and says so
    document.documentElement.dataset.divertReady = 'true'
    return
  }
  const key = await store.deviceKey(db, session?.owner)
  const expired = await store.expire(db)
  if (expired) notice('A draft saved more than 24 hours ago was deleted from this phone.')
  const correct = FORM && (async (item) => {
    await store.saveDraft(db, key, item.id, await store.itemPairs(key, item))
    await store.deleteItem(db, item.id)
    window.location.assign('/divert/referrals/new')
  })
  guardSignOut(db)
  if (FORM) await startForm(db, key, FORM, correct)
  await showOutbox(db, correct)
  document.querySelector('[data-divert-send-now]')?.addEventListener('click', () => send(db, correct))
  window.addEventListener('online', () => send(db, correct))
  navigator.serviceWorker?.addEventListener('message', () => showOutbox(db, correct))
  await send(db, correct)
  document.documentElement.dataset.divertReady = 'true'
}

main()
