// A referral typed in the street survives a lost signal or a reload: its fields are kept in
// sessionStorage (never localStorage: the draft dies with the tab) under its submission id,
// put back when the form is shown again, and forgotten once the receipt page has loaded.
// Putting back the submission id too is what makes a resend return the first receipt rather
// than create a second referral. The CSRF token is never kept: the fresh page has its own.

const PREFIX = 'divert-draft:'
const CURRENT = PREFIX + 'current'
const NOT_KEPT = new Set(['csrf_token', 'submission_id'])

function store () {
  // Private modes and full storage throw: the form then simply works without drafts.
  try {
    const storage = window.sessionStorage
    storage.setItem(PREFIX + 'probe', '1')
    storage.removeItem(PREFIX + 'probe')
    return storage
  } catch {
    return null
  }
}

function keptFields (form) {
  return [...form.elements].filter((element) =>
    element.name && !NOT_KEPT.has(element.name) &&
    !['submit', 'button', 'hidden', 'file', 'password'].includes(element.type))
}

function isChoice (element) {
  return element.type === 'checkbox' || element.type === 'radio'
}

function snapshot (form) {
  const values = {}
  for (const element of keptFields(form)) {
    values[element.name] ??= []
    if (!isChoice(element)) values[element.name].push(element.value)
    else if (element.checked) values[element.name].push(element.value)
  }
  return values
}

function restore (form, values) {
  const position = {}
  for (const element of keptFields(form)) {
    const saved = values[element.name]
    if (!Array.isArray(saved)) continue
    if (isChoice(element)) {
      element.checked = saved.includes(element.value)
      continue
    }
    // The date of birth is three inputs with one name: they come back in page order.
    position[element.name] = (position[element.name] ?? -1) + 1
    element.value = String(saved[position[element.name]] ?? '')
    // Lets the GOV.UK character count catch up with the restored text.
    element.dispatchEvent(new Event('input', { bubbles: true }))
  }
}

function read (storage, id) {
  try {
    return JSON.parse(storage.getItem(PREFIX + id) ?? 'null')
  } catch {
    return null
  }
}

function keepDraft (form, storage) {
  const idInput = form.querySelector('input[name="submission_id"]')
  if (!idInput) return
  // A fresh form takes over the tab's unsent draft, submission id included. A form the server
  // sent back with errors already holds what was posted, so it is kept as it is.
  if (form.dataset.divertFresh === 'true') {
    const previous = storage.getItem(CURRENT)
    const draft = previous && read(storage, previous)
    if (draft) {
      idInput.value = previous
      restore(form, draft)
    }
  }
  const id = idInput.value
  storage.setItem(CURRENT, id)
  const save = () => {
    try {
      storage.setItem(PREFIX + id, JSON.stringify(snapshot(form)))
    } catch {
      // Storage full: the officer still has the page; nothing more to do.
    }
  }
  form.addEventListener('input', save)
  form.addEventListener('change', save)
}

function forgetDraft (id, storage) {
  storage.removeItem(PREFIX + id)
  if (storage.getItem(CURRENT) === id) storage.removeItem(CURRENT)
}

const storage = store()
if (storage) {
  for (const form of document.querySelectorAll('form[data-divert-draft]')) {
    keepDraft(form, storage)
  }
  for (const element of document.querySelectorAll('[data-divert-clear-draft]')) {
    if (element.dataset.divertClearDraft) forgetDraft(element.dataset.divertClearDraft, storage)
  }
}
