#!/bin/sh
# page-shot.sh PAGE PNG [WIDTH]: a screenshot of the whole page, every
# section at its full height, by headless Chromium (make report-shot, and
# report.sh's check of it).  The page's height is measured first, from a
# copy of it whose title becomes its height, then the window is made that
# tall: a screenshot is of the window.  Prints "PNG: WIDTHxHEIGHT".
set -eu
page=$(readlink -f "$1") png=$2 width=${3:-1280}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
chrome() {
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$dir/profile" --hide-scrollbars "$@" 2>>"$dir/err"
}
sed 's|</body>|<script>document.title = document.documentElement.scrollHeight</script></body>|' \
	"$page" >"$dir/measure.html"
height=$(chrome --window-size="$width,100" --dump-dom "file://$dir/measure.html" |
	sed -n 's|.*<title>\([0-9][0-9]*\)</title>.*|\1|p')
if [ -z "$height" ]; then
	echo "page-shot.sh: $page: cannot measure its height" >&2
	tail -n 5 "$dir/err" >&2
	exit 1
fi
chrome --window-size="$width,$height" --screenshot="$(readlink -f "$(dirname "$png")")/$(basename "$png")" \
	"file://$page" >/dev/null
echo "$png: ${width}x$height"
