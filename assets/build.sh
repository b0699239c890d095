#!/usr/bin/env bash
# Build the front-end assets for school-plans.
#
#   assets/src/app.scss  -> school_plans/static/css/app.css (compressed)
#   assets/src/app.js    -> school_plans/static/js/app.js
#   govuk-frontend.min.js (ES module) -> school_plans/static/js/
#
# The outputs are committed, so installing the Python app never needs Node.
# Re-run this after changing anything in assets/ or upgrading govuk-frontend.
set -euo pipefail

cd "$(dirname "$0")"

STATIC=../school_plans/static
CSS_OUT="$STATIC/css/app.css"
JS_DIR="$STATIC/js"
GOVUK=node_modules/govuk-frontend/dist/govuk

if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --ignore-scripts
else
  npm install --no-audit --no-fund --ignore-scripts
fi

mkdir -p "$STATIC/css" "$JS_DIR"

npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  src/app.scss "$CSS_OUT"

# GOV.UK Frontend's ES module bundle. Drop the sourceMappingURL comment so
# browsers' dev tools don't request a .map file we don't ship.
sed -e 's|//# sourceMappingURL=.*$||' "$GOVUK/govuk-frontend.min.js" > "$JS_DIR/govuk-frontend.min.js"
cp src/app.js "$JS_DIR/app.js"

# Guard rails: no font files, no images, no GDS Transport in the CSS.
fail=0
if grep -q 'url(' "$CSS_OUT"; then
  echo "ERROR: $CSS_OUT references external files:" >&2
  grep -o 'url([^)]*)' "$CSS_OUT" | sort -u >&2
  fail=1
fi
if grep -qi 'GDS Transport\|@font-face' "$CSS_OUT"; then
  echo "ERROR: $CSS_OUT mentions GDS Transport or @font-face" >&2
  fail=1
fi
[ "$fail" -eq 0 ] || exit 1

echo "Built:"
ls -l "$CSS_OUT" "$JS_DIR/app.js" "$JS_DIR/govuk-frontend.min.js"
