#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm registry (run by hand, then commit the result).
# Levend never loads CSS or JS from a CDN: everything the browser gets is served from static/.
set -euo pipefail
HTMX_VERSION=2.0.11
UTRECHT_CSS_VERSION=9.0.4
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "htmx.org@$HTMX_VERSION" "@utrecht/component-library-css@$UTRECHT_CSS_VERSION" >/dev/null
tar xzf "htmx.org-$HTMX_VERSION.tgz" && mv package htmx
tar xzf "utrecht-component-library-css-$UTRECHT_CSS_VERSION.tgz" && mv package utrecht
cp htmx/dist/htmx.min.js "$top/static/vendor/htmx/htmx.min.js"
cp htmx/LICENSE "$top/static/vendor/htmx/LICENSE"
cp utrecht/dist/index.css "$top/static/vendor/utrecht/component-library.css"
cp utrecht/LICENSE.md "$top/static/vendor/utrecht/LICENSE.md" 2>/dev/null || true
printf 'htmx.org %s\n@utrecht/component-library-css %s\n' "$HTMX_VERSION" "$UTRECHT_CSS_VERSION" \
  > "$top/static/vendor/VERSIONS"
