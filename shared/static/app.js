// Start the GOV.UK Frontend components (error summary focus, character counts, and so on).
import { initAll } from './dist/govuk-frontend.min.js'

initAll()
