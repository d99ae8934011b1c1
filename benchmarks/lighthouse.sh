#!/usr/bin/env bash
# Lighthouse scores of the delegate's pages on a tablet: performance, accessibility, best
# practices and SEO for home, search, product and shortlist, in English unless LOCALES says
# otherwise (LOCALES="en th ur" benchmarks/lighthouse.sh).
#
# It loads the demo catalog into a temporary data directory, serves it with gunicorn on
# loopback, and runs Lighthouse 12.8.2 (pinned in benchmarks/lighthouse/package-lock.json)
# with the system Chromium in 820x1180 tablet emulation, Lighthouse's default simulated
# mobile network and CPU throttling. Nothing leaves the machine. Reports (JSON) are kept in
# benchmarks/lighthouse/reports/. Targets: performance >= 95, the other three 100.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
LIGHTHOUSE_DIR="$ROOT/benchmarks/lighthouse"
BIN="$ROOT/.venv/bin"
PORT="${PORT:-8765}"
LOCALES="${LOCALES:-en}"
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium || command -v chromium-browser)}"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run \
--disable-background-networking --disable-component-update --disable-sync \
--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"

if [ ! -x "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" ]; then
  npm ci --prefix "$LIGHTHOUSE_DIR" --no-audit --no-fund --silent
fi

DATA="$(mktemp -d)"
cleanup() {
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT
export SHOWCASE_DATA_DIR="$DATA" SHOWCASE_INDEX_ON_COMMIT=1 SECRET_KEY="lighthouse-$$"
echo "Loading the demo catalog into $DATA ..."
"$BIN/showcase" init >/dev/null
"$BIN/showcase" demo >/dev/null
"$BIN/showcase" index-worker --once >/dev/null

"$BIN/gunicorn" --workers 2 --threads 4 --bind "127.0.0.1:$PORT" --log-level warning \
  'showcase:create_app()' &
SERVER=$!
SITE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf -o /dev/null "$SITE/en/" && break; sleep 0.2; done

# A shortlist with two products, in the cookie of a visitor who saved them.
JAR="$DATA/cookies.txt"
PAGE="$(curl -s -c "$JAR" "$SITE/en/")"
TOKEN="$(grep -o 'name="csrf_token" value="[^"]*"' <<<"$PAGE" | head -1 | sed 's/.*value="//; s/"$//')"
PRODUCT="$(grep -o 'href="/en/products/[^"/]*"' <<<"$PAGE" | head -1 | sed 's#.*/products/##; s/"$//')"
for REF in $(grep -o 'name="ref" value="[^"]*"' <<<"$PAGE" | head -2 | sed 's/.*value="//; s/"$//'); do
  curl -s -o /dev/null -b "$JAR" -c "$JAR" -H "Referer: $SITE/en/" \
    --data-urlencode "csrf_token=$TOKEN" --data-urlencode "ref=$REF" "$SITE/en/shortlist/add"
done
# Saving flashed "Saved to your shortlist": show it once here, not on the first measured page.
curl -s -o /dev/null -b "$JAR" -c "$JAR" "$SITE/en/shortlist"
COOKIE="$(awk '$6 == "session" { print "session=" $7 }' "$JAR")"

mkdir -p "$LIGHTHOUSE_DIR/reports"
printf '%-34s %11s %13s %14s %5s\n' page performance accessibility best-practices seo
for LOCALE in $LOCALES; do
  for PAGE_PATH in "/$LOCALE/" "/$LOCALE/search?q=drone" "/$LOCALE/products/$PRODUCT" \
                   "/$LOCALE/shortlist"; do
    NAME="$(tr -c 'a-zA-Z0-9\n' '_' <<<"$PAGE_PATH")"
    REPORT="$LIGHTHOUSE_DIR/reports/$NAME.json"
    "$LIGHTHOUSE_DIR/node_modules/.bin/lighthouse" "$SITE$PAGE_PATH" --quiet \
      --output=json --output-path="$REPORT" \
      --only-categories=performance,accessibility,best-practices,seo \
      --form-factor=mobile --screenEmulation.mobile --screenEmulation.width=820 \
      --screenEmulation.height=1180 --screenEmulation.deviceScaleFactor=2 \
      --extra-headers="{\"Cookie\": \"$COOKIE\"}" --chrome-flags="$CHROME_FLAGS"
    node -e '
      const report = require(process.argv[1]);
      const score = id => Math.round(report.categories[id].score * 100);
      const failed = Object.values(report.audits)
        .filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
        .map(a => a.id);
      console.log(process.argv[2].padEnd(34), String(score("performance")).padStart(11),
        String(score("accessibility")).padStart(13), String(score("best-practices")).padStart(14),
        String(score("seo")).padStart(5), failed.length ? "  failing: " + failed.join(", ") : "");
    ' "$REPORT" "$PAGE_PATH"
  done
done
