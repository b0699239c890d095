// School support plans: front-end entry point.
//
// Loaded as <script type="module" src="/static/js/app.js">. The CSP forbids
// inline scripts, so this replaces GOV.UK Frontend's usual inline snippet
// at the start of <body>. Any browser that runs ES modules is supported by
// GOV.UK Frontend, so both classes are added unconditionally.
//
// (The static import is hoisted and evaluated first whatever its position,
// but govuk-frontend.min.js only defines things when evaluated; the body
// classes are in place before initAll() checks for them.)
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initAll()
