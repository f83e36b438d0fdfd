#!/bin/sh
# Installs the test-only npm packages (package-lock.json) into node_modules.
# A no-op when they are present; playwright-core never downloads a browser
# (the tests use Debian's /usr/bin/chromium).
set -eu
cd "$(dirname "$0")/.."
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] && exit 0
echo "deps: npm ci"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
