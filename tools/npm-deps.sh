#!/bin/sh
# Installs the test-only npm packages (package-lock.json) into node_modules.
# A no-op when they are present; playwright-core never downloads a browser
# (the tests use Debian's /usr/bin/chromium).
set -eu
cd "$(dirname "$0")/.."
# playwright-core is pinned to the newest release that runs on Debian 12's
# own Node (18; tools/deps.sh installs it): 1.62 and later want Node 20.
want=$(sed -n 's/.*"playwright-core": "\([^"]*\)".*/\1/p' package.json)
have=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' node_modules/playwright-core/package.json 2>/dev/null || true)
[ "$want" = "$have" ] && [ -d node_modules/axe-core ] && exit 0
echo "deps: npm ci"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
