// The referral form's fields as [name, value] pairs, and back. The CSRF token and the
// submission id are never part of them: a fresh token comes with each send, and the id is the
// record's own key.

const NOT_KEPT = new Set(['csrf_token', 'submission_id'])

function keptFields (form) {
  return [...form.elements].filter((element) =>
    element.name && !NOT_KEPT.has(element.name) &&
    !['submit', 'button', 'hidden', 'file', 'password'].includes(element.type))
}

function isChoice (element) {
  return element.type === 'checkbox' || element.type === 'radio'
}

/** What the officer has typed and chosen, in page order. */
export function snapshot (form) {
  const pairs = []
  for (const element of keptFields(form)) {
    if (!isChoice(element) || element.checked) pairs.push([element.name, element.value])
  }
  return pairs
}

/** Put PAIRS back into FORM. */
export function restore (form, pairs) {
  const values = {}
  for (const [name, value] of pairs) (values[name] ??= []).push(value)
  const position = {}
  for (const element of keptFields(form)) {
    const saved = values[element.name] ?? []
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
