#!/usr/bin/env bash
# Build the front-end assets for school-plans.
#
#   assets/src/app.scss  -> school_plans/static/css/app.css (compressed)
#   app.css mirrored by rtlcss -> school_plans/static/css/app.rtl.css (served
#     instead of app.css on right-to-left pages, e.g. Arabic; /*!rtl:...*/
#     directives in app.scss say what must not flip)
#   assets/src/app.js    -> school_plans/static/js/app.js
#   govuk-frontend.min.js (ES module) -> school_plans/static/js/
#
# The outputs are committed, so installing the Python app never needs Node.
# Re-run this after changing anything in assets/ or upgrading govuk-frontend.
set -euo pipefail

cd "$(dirname "$0")"

STATIC=../school_plans/static
CSS_OUT="$STATIC/css/app.css"
CSS_RTL_OUT="$STATIC/css/app.rtl.css"
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

# The whole stylesheet mirrored for right-to-left pages. rtlcss's API with its
# default options (the CLI would pick up an .rtlcssrc from $HOME and exits 0 when
# it cannot read its input). Sass's compressed output keeps only /*! */
# comments, so directives in app.scss are written /*!rtl:ignore*/ etc.; rtlcss
# removes them from app.rtl.css, and they stay in app.css as comments.
node -e '
  const fs = require("fs");
  const rtlcss = require("rtlcss");
  const [input, output] = process.argv.slice(1);
  fs.writeFileSync(output, rtlcss.process(fs.readFileSync(input, "utf8")));
' "$CSS_OUT" "$CSS_RTL_OUT"

# GOV.UK Frontend's ES module bundle. Drop the sourceMappingURL comment so
# browsers' dev tools don't request a .map file we don't ship.
sed -e 's|//# sourceMappingURL=.*$||' "$GOVUK/govuk-frontend.min.js" > "$JS_DIR/govuk-frontend.min.js"
cp src/app.js "$JS_DIR/app.js"

# Guard rails: no font files, no images, no GDS Transport in the CSS.
fail=0
for css in "$CSS_OUT" "$CSS_RTL_OUT"; do
  if grep -q 'url(' "$css"; then
    echo "ERROR: $css references external files:" >&2
    grep -o 'url([^)]*)' "$css" | sort -u >&2
    fail=1
  fi
  if grep -qi 'GDS Transport\|@font-face' "$css"; then
    echo "ERROR: $css mentions GDS Transport or @font-face" >&2
    fail=1
  fi
done
[ "$fail" -eq 0 ] || exit 1

echo "Built:"
ls -l "$CSS_OUT" "$CSS_RTL_OUT" "$JS_DIR/app.js" "$JS_DIR/govuk-frontend.min.js"
