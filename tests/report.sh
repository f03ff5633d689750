# report.sh — sk-report against the examples' star, every figure checked
# against one computed apart from the report's SQL: from the hand-checked
# songplays of tests/expected/examples with awk (and, when the real data is
# there, from its events with jq); the page opened in headless Chromium.

RP=$ROOT/tmp/report
rm -rf "$RP" && mkdir -p "$RP"
dropdb --if-exists sk_report 2>/dev/null; createdb sk_report
export PGDATABASE=sk_report
make -s -C "$ROOT" load SRC=examples SKBIN="$SK_BIN" >/dev/null 2>"$RP/load.err" ||
	fail "report: the examples load" "$(cat "$RP/load.err")"
PLAYS=$TESTS/expected/examples/songplays.tsv

# The rows of one question's TSV, without the report's account of itself,
# the question's title and basis, and its header row.
rows() { sk-report -f tsv "$@" | grep -v '^#' | sed '/^$/d' | tail -n +2; }

assert_eq "plays per hour" \
	"$(awk -F'\t' '{ n[substr($2, 12, 2) + 0]++ } END { for (h = 0; h < 24; h++) print h "\t" n[h] + 0 }' "$PLAYS")" \
	"$(rows hour)"
assert_eq "plays per weekday" \
	"$(cut -f2 "$PLAYS" | while read -r d t; do date -u -d "$d" +%w; done | sort | uniq -c |
		awk '{ n[$2] = $1 } END { split("Sun Mon Tue Wed Thu Fri Sat", w, " ");
			for (d = 0; d < 7; d++) print w[d + 1] "\t" n[d] + 0 }')" \
	"$(rows weekday)"
assert_eq "plays and active users per day" \
	"$(awk -F'\t' '{ d = substr($2, 1, 10); p[d]++; if (!u[d, $3]++) a[d]++ }
		END { for (d in p) print d "\t" p[d] "\t" a[d] }' "$PLAYS" | sort)" \
	"$(rows day)"
assert_eq "share of resolved plays" \
	"$(awk -F'\t' '{ n++; if ($5 != "\\N") r++ } END { printf "%d\t%d\t%.1f\n", n, r, 100 * r / n }' "$PLAYS")" \
	"$(rows resolved)"
# The titles of the plays left unresolved, from the events by jq.
unresolved_expected() { # unresolved_expected PLAYS TITLES: "title — artist<TAB>plays", sorted
	awk -F'\t' 'NR == FNR { if ($5 == "\\N") open[$3 "\t" $7 "\t" $8] = 1; next }
		($1 "\t" $2 "\t" $3) in open { n[$4 " — " $5]++ }
		END { for (t in n) print t "\t" n[t] }' "$1" "$2" | sort -t$'\t' -k2,2nr -k1,1
}
events_titles "$ROOT/examples/log_data" >"$RP/titles"
assert_eq "top unresolved titles: the unresolved plays' songs and artists" \
	"$(unresolved_expected "$PLAYS" "$RP/titles" | sort)" "$(rows unresolved | sort)"
# A period that leaves a day out is counted from the day summaries, the
# whole history from the running totals: both against awk.
assert_eq "top songs of 2 Nov only (the day summaries)" \
	"$(awk -F'\t' '$5 != "\\N" && $2 >= "2018-11-02" { n[$5]++ } END { for (s in n) print n[s] }' "$PLAYS" | sort -nr | paste -sd ' ')" \
	"$(rows --from 2018-11-02 top-songs | cut -f2 | paste -sd ' ')"
awk -F'\t' '$2 >= "2018-11-02"' "$PLAYS" >"$RP/plays-02"
assert_eq "top unresolved titles of 2 Nov only (the day summaries)" \
	"$(unresolved_expected "$RP/plays-02" "$RP/titles" | sort)" "$(rows --from 2018-11-02 unresolved | sort)"
assert_eq "top artists of 2 Nov only (the day summaries)" \
	"$(awk -F'\t' '$6 != "\\N" && $2 >= "2018-11-02" { n[$6]++ } END { for (a in n) print n[a] }' "$PLAYS" | sort -nr | paste -sd ' ')" \
	"$(rows --from 2018-11-02 top-artists | cut -f2 | paste -sd ' ')"
assert_eq "free vs paid" \
	"$(awk -F'\t' '{ p[$4]++; if (!u[$4, $3]++) n[$4]++ } END { for (l in p) print l "\t" p[l] "\t" n[l] }' "$PLAYS" | sort)" \
	"$(rows levels)"
assert_eq "users by their current level" \
	"$(cut -f5 "$TESTS/expected/examples/users.tsv" | sort | uniq -c | awk '{ print $2 "\t" $1 }')" \
	"$(rows users-now)"
# The growth questions, from "user<TAB>start_time<TAB>item<TAB>level" lines
# in play order: new users per day (first play), weekly retention (ISO
# weeks: of a week's users, those active the next week, the last week left
# out), level moves per week.  $1: the lines, with the Monday of each play's
# week as a fifth field.
growth_expected() {
	awk -F'\t' '!($1 in first) { first[$1] = substr($2, 1, 10) }
		END { for (u in first) n[first[u]]++; for (d in n) print d "\t" n[d] }' "$1" | sort
	echo --
	awk -F'\t' '{ if (!seen[$1, $5]++) { act[$5]++; users[$5] = users[$5] " " $1 } }
		END { for (w in act) print w "\t" users[w] }' "$1" | sort >"$1.weeks"
	awk -F'\t' 'NR == FNR { split($2, us, " "); for (i in us) in_week[$1, us[i]] = 1; last = $1; next }
		$1 != last { cmd = "date -u -d \"" $1 " 7 days\" +%F"; cmd | getline next_week; close(cmd)
			n = split($2, us, " "); k = 0; for (i in us) k += ((next_week, us[i]) in in_week)
			printf "%s\t%.1f\t%d\t%d\n", $1, int(1000 * k / n + 0.5) / 10, n, k }' \
		"$1.weeks" "$1.weeks"
	echo --
	awk -F'\t' '{ if (($1 in lvl) && lvl[$1] != $4) m[$5, lvl[$1]]++; lvl[$1] = $4; w[$5] = 1 }
		END { for (k in w) if (m[k, "free"] + m[k, "paid"]) print k "\t" m[k, "free"] + 0 "\t" m[k, "paid"] + 0 }' "$1" | sort
}
growth_rows() {
	rows new-users; echo --; rows retention; echo --; rows level-moves
}
awk -F'\t' '{ print $3 "\t" $2 "\t" $8 "\t" $4 }' "$PLAYS" | sort -t "$(printf '\t')" -k1,1n -k2,2 -k3,3n |
	while IFS=$'\t' read -r u t i l; do printf '%s\t%s\t%s\t%s\t%s\n' "$u" "$t" "$i" "$l" \
		"$(date -u -d "${t%% *} -$(( ($(date -u -d "${t%% *}" +%u) - 1) )) days" +%F)"; done >"$RP/growth"
assert_eq "new users per day, weekly retention, level moves per week" \
	"$(growth_expected "$RP/growth")" "$(growth_rows)"
assert_eq "sessions: count, median, p90, max" \
	"$(awk -F'\t' '{ s[$3 "/" $7]++ } END { for (k in s) print s[k] }' "$PLAYS" | sort -n |
		awk '{ v[NR] = $1 } END { m = (NR + 1) / 2; p = 1 + 0.9 * (NR - 1);
			f = int(p); med = (v[int(m)] + v[int(m + 0.5)]) / 2;
			print NR "\t" med "\t" v[f] + (p - f) * (v[f + 1] - v[f]) "\t" v[NR] }')" \
	"$(rows sessions)"
assert_eq "top songs: resolved plays by song" \
	"$(awk -F'\t' '$5 != "\\N" { n[$5]++ } END { for (s in n) print n[s] "\t" s }' "$PLAYS" | sort -k1,1nr -k2 | head -n 3 | cut -f1)" \
	"$(rows top-songs | head -n 3 | cut -f2)"
assert_eq "users who moved from free to paid, and back" \
	"$(sort -t$'\t' -k3,3n -k2,2 "$PLAYS" | awk -F'\t' '{ if (prev[$3] == "free" && $4 == "paid") up[$3] = 1;
		if (prev[$3] == "paid" && $4 == "free") down[$3] = 1; prev[$3] = $4 }
		END { u = 0; d = 0; for (k in up) u++; for (k in down) d++; print "free to paid\t" u; print "paid to free\t" d }')" \
	"$(rows upgrades)"

assert_eq "rows per table" \
	"$(for t in songplays users songs artists time; do printf '%s\t%s\n' "$t" "$(wc -l <"$TESTS/expected/examples/$t.tsv")"; done)" \
	"$(rows rows)"
assert_eq "top locations" \
	"$(awk -F'\t' '{ p[$9]++; if (!u[$9, $3]++) n[$9]++ } END { for (l in p) print l "\t" p[l] "\t" n[l] }' "$PLAYS" | sort -t$'\t' -k2,2nr -k1,1)" \
	"$(rows top-locations)"
assert_eq "plays by platform" \
	"$(awk -F'\t' '{ k = $10 ~ /Windows/ ? "Windows" : $10 ~ /Linux|X11/ ? "Linux" : "other";
		p[k]++; if (!u[k, $3]++) n[k]++ } END { for (k in p) print k "\t" p[k] "\t" n[k] }' "$PLAYS" | sort -t$'\t' -k2,2nr)" \
	"$(rows platforms)"
assert_eq "top users" \
	"$(awk -F'\t' '{ n[$3]++ } END { for (u in n) print u "\t" n[u] }' "$PLAYS" | sort -t$'\t' -k2,2nr -k1,1n)" \
	"$(rows top-users | cut -f1,4)"
assert_eq "top artists: resolved plays by artist" \
	"$(awk -F'\t' '$6 != "\\N" { n[$6]++ } END { for (a in n) print n[a] }' "$PLAYS" | sort -nr | paste -sd ' ')" \
	"$(rows top-artists | cut -f2 | paste -sd ' ')"
assert_eq "users inactive in the last 7 days of a period ending later" \
	"$(awk -F'\t' '{ if ($2 > last[$3]) last[$3] = $2 } END { for (u in last) print last[u] "\t" u }' "$PLAYS" | sort | cut -f2)" \
	"$(rows --to 2018-11-30 inactive | cut -f1)"
assert_eq "sessions of one play each: no division by zero" "3	1	1	1" \
	"$(rows --from 2018-11-02 --to 2018-11-02 sessions)"

run_captured "sk-report -f text levels | sed '1,/^\$/d'"
assert_eq "text: aligned, numbers to the right, bars beside a chart's rows" "Free vs paid: plays and users by level

  level  plays  users
  free       4      2  ████████████████████
  paid       6      3  ██████████████████████████████

[exit 0]" "$OUT"
assert_eq "json: every question, numbers as numbers" "$(ls "$ROOT"/sql/report/*.sql | wc -l) 24 10" \
	"$(sk-report -f json | jq -r '.questions | [length, (.[] | select(.name == "hour") | .rows | length),
		(.[] | select(.name == "hour") | [.rows[][1]] | add)] | join(" ")')"
assert_eq "an empty period: zeros, no error" "0 24" \
	"$(sk-report -f json --from 2019-01-01 --to 2019-01-31 hour | jq -r '.questions | [([.[0].rows[][1]] | add), (.[0].rows | length)] | join(" ")')"
assert_eq "a one-day period" "7" "$(rows --from 2018-11-01 --to 2018-11-01 day | cut -f2)"

# Every format opens with what the report covers: its plays (from
# songplays itself here), the star's last load (its history), the
# database; each as SQL says of the star.
q() { psql -X -tA -F '|' -c "$1"; }
plays_sql() { # plays_sql [WHERE]: "N, from FIRST to LAST UTC" of songplays
	q "SELECT to_char(count(*), 'FM999,999,999') || ', from ' ||
		to_char(min(start_time), 'YYYY-MM-DD HH24:MI:SS') || ' to ' ||
		to_char(max(start_time), 'YYYY-MM-DD HH24:MI:SS') || ' UTC' FROM songplays ${1-}"
}
LAST=$(q "SELECT to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC, ' ||
	status || ' (sk_loads ' || id || ')' FROM sk_loads ORDER BY id DESC LIMIT 1")
DB="sk_report on $PGHOST:$PGPORT"
assert_eq "tsv: the header's plays, period asked, last load and database are the star's" \
	"# plays: $(plays_sql)
# period asked: every day loaded
# last load: $LAST
# database: $DB" "$(sk-report -f tsv hour | sed -n '2,5p')"
assert_eq "tsv: a period asked: its plays, and the days asked" \
	"# plays: $(plays_sql "WHERE start_time >= '2018-11-02'")
# period asked: 2018-11-02 on" "$(sk-report -f tsv --from 2018-11-02 hour | sed -n '2,3p')"
assert_eq "text: the same header" \
	"  plays         $(plays_sql)
  last load     $LAST
  database      $DB" "$(sk-report -f text hour | sed -n '2p;4,5p')"
assert_eq "json: the header's fields" \
	"$(q "SELECT count(*), count(song_id), to_char(min(start_time), 'YYYY-MM-DD HH24:MI:SS'),
		to_char(max(start_time), 'YYYY-MM-DD HH24:MI:SS') FROM songplays")|$(q "SELECT
		to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', status, id
		FROM sk_loads ORDER BY id DESC LIMIT 1")|sk_report|$PGHOST|$PGPORT|null|null" \
	"$(sk-report -f json hour | jq -r '.about | [.plays, .resolved, .first_play, .last_play,
		.last_load.at, .last_load.status, .last_load.id, .database.name, .database.host,
		.database.port, .from, .to] | map(tostring) | join("|")')"
run_captured "sk-report -f json --from 2018-11-02 hour | jq -r '.about.from, .about.to'"
assert_eq "json: the period asked" "2018-11-02
null
[exit 0]" "$OUT"
# A star without a history of loads: its newest object's time.
dropdb --if-exists sk_report_old 2>/dev/null; createdb -T sk_report sk_report_old
PGDATABASE=sk_report_old psql -X -qc "DROP TABLE sk_loads"
assert_eq "a star without a history: its last load is its newest object's" \
	"# last load: $(PGDATABASE=sk_report_old q "SELECT to_char(max(loaded_at) AT TIME ZONE 'UTC',
		'YYYY-MM-DD HH24:MI:SS') || ' UTC' FROM sk_objects") (its newest object; no history of loads)" \
	"$(PGDATABASE=sk_report_old sk-report -f tsv hour | sed -n 4p)"

# Sections that rest on a part of the plays say which part, in each
# format; a part under 10% is marked thin; titles never counted are "not
# counted", not "no rows".
assert_eq "the resolved plays a ranking rests on, counted from songplays" \
	"# basis: $(q "SELECT count(song_id) || ' of ' || count(*) || ' plays (' ||
		to_char(100.0 * count(song_id) / count(*), 'FM990.0') || '%) have a song in the catalogue' FROM songplays")" \
	"$(sk-report -f tsv top-songs | sed -n 9p)"
dropdb --if-exists sk_report_thin 2>/dev/null; createdb -T sk_report sk_report_thin
PGDATABASE=sk_report_thin psql -X -qc "UPDATE songplays SET song_id = NULL, artist_id = NULL" &&
	PGDATABASE=sk_report_thin sk-copyin --summarize >/dev/null
assert_eq "under 10% of the plays resolved: thin, in every format" \
	"0 of 10 plays (0.0%) have a song in the catalogue: thin, under 10%|# basis: 0 of 10 plays (0.0%) have a song in the catalogue: thin, under 10%|true|1" \
	"$(PGDATABASE=sk_report_thin sk-report -f text top-artists | sed -n 9p)|$(
	   PGDATABASE=sk_report_thin sk-report -f tsv top-artists | sed -n 9p)|$(
	   PGDATABASE=sk_report_thin sk-report -f json top-artists | jq -r '.questions[0].basis.thin')|$(
	   PGDATABASE=sk_report_thin sk-report -f html top-artists | grep -c 'data-thin="true"')"
dropdb --if-exists sk_report_untold 2>/dev/null; createdb -T sk_report sk_report_untold
PGDATABASE=sk_report_untold psql -X -qc "DELETE FROM sk_plays_unresolved" -c "DELETE FROM sk_plays_unresolved_total"
assert_eq "titles not counted: said so in every format, not 'no rows'" \
	"  (not counted)|# basis: not counted: the titles of the period's 3 unresolved plays were not loaded (make load counts them: sk-events2tsv -o unresolved)|false|1 0" \
	"$(PGDATABASE=sk_report_untold sk-report -f text unresolved | tail -n 2 | head -n 1)|$(
	   PGDATABASE=sk_report_untold sk-report -f tsv unresolved | sed -n 9p)|$(
	   PGDATABASE=sk_report_untold sk-report -f json unresolved | jq -r '.questions[0].basis.counted')|$(
	   PGDATABASE=sk_report_untold sk-report -f html unresolved | grep -c '>not counted</td>') $(
	   PGDATABASE=sk_report_untold sk-report -f html unresolved | grep -c 'no rows')"
assert_eq "titles counted: the part said, not thin" \
	"# basis: 3 of 3 unresolved plays (100.0%) have their title counted" \
	"$(sk-report -f tsv unresolved | sed -n 9p)"

# The terminal's table fits the terminal: cells cut with "…" at its width
# (a pseudo-terminal of 40 columns); whole in a pipe.
if command -v script >/dev/null; then
	# (The table: after the report's header and the section's title.)
	script -qc "stty cols 40; '$SK_BIN/sk-report' top-songs" /dev/null | tr -d '\r' |
		sed '1,/^$/d' | sed '1,/^$/d' >"$RP/tty40"
	assert_eq "a terminal of 40 columns: no row of the table wider, a title cut with …" "40 yes" \
		"$(python3 -c 'import sys; print(max(len(l) for l in open(sys.argv[1], encoding="utf-8").read().split("\n")))' "$RP/tty40") $(
		   grep -q '…' "$RP/tty40" && echo yes || echo no)"
	assert_eq "in a pipe the rows are whole" "0" "$(sk-report -f text top-songs | grep -c '…')"
else
	fail "script(1) is installed, for a pseudo-terminal (util-linux)"
fi

# The page, in a real browser.
sk-report -o "$RP/report.html" || fail "html: written"
sk-report -o "$RP/empty.html" --from 2019-01-01 --to 2019-01-02 || fail "html: an empty period is written"
CHROME=$(command -v chromium || true)
if [ -z "$CHROME" ]; then
	fail "html: chromium is installed (tests/deps.sh)"
else
	chrome() {
		timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$RP/chrome" --hide-scrollbars --window-size=1280,1600 "$@" 2>"$RP/chrome.err"
	}
	chrome --dump-dom "file://$RP/report.html" >"$RP/dom.html"
	count() { # count SECTION CLASS: marks of that class the browser built in the section
		sed -n "/<section id=\"$1\"/,/<\/section>/p" "$RP/dom.html" | grep -o "class=\"$2\"" | wc -l; }
	assert_eq "html: the browser renders every section" "$(ls "$ROOT"/sql/report/*.sql | wc -l)" "$(grep -c '<section id=' "$RP/dom.html")"
	assert_eq "html: a bar per hour" "24" "$(count hour bar)"
	assert_eq "html: a bar per weekday" "7" "$(count weekday bar)"
	assert_eq "html: a point per day and series" "$(( $(rows day | wc -l) * 2 ))" "$(count day point)"
	assert_eq "html: a bar per top song" "$(rows top-songs | wc -l)" "$(count top-songs bar)"
	assert_eq "html: a bar per unresolved title" "$(rows unresolved | wc -l)" "$(count unresolved bar)"
	assert_eq "html: free and paid segments for plays and users" "4" "$(count levels segment)"
	assert_eq "html: the bars carry the numbers" "$(rows hour | cut -f2 | paste -sd ' ')" \
		"$(sed -n '/<section id="hour"/,/<\/section>/p' "$RP/dom.html" | grep -o 'class="bar" data-value="[0-9]*"' | grep -o '[0-9]*' | paste -sd ' ')"
	assert_eq "html: no script, nothing fetched" "0" "$(grep -c -i -E '<script|https?://' "$RP/report.html")"
	chrome --dump-dom "file://$RP/empty.html" >"$RP/empty-dom.html"
	# day, top songs, top artists, platforms, levels, new users, retention,
	# level moves and unresolved titles have no rows then; hour and weekday
	# have rows of zeros.
	assert_eq "html: an empty period draws no broken chart" "0 9" \
		"$(grep -c -i -E 'NaN|Infinity' "$RP/empty-dom.html") $(grep -c 'no data in this period' "$RP/empty-dom.html")"
	# The whole page in its screenshot (make report-shot's script): as
	# tall as the browser lays the page out, every section's title in it.
	shot=$("$TESTS/tools/page-shot.sh" "$RP/report.html" "$RP/report.png" 2>&1)
	sed 's|</body>|<script>document.title = document.documentElement.scrollHeight</script></body>|' \
		"$RP/report.html" >"$RP/measure.html"
	page_h=$(chrome --window-size=1280,100 --dump-dom "file://$RP/measure.html" | sed -n 's|.*<title>\([0-9]*\)</title>.*|\1|p')
	png_h=$(od -An -tu1 -j20 -N4 "$RP/report.png" 2>/dev/null | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
	if [ -n "$page_h" ] && [ "$page_h" -gt 3000 ] && [ "${png_h:-0}" -eq "$page_h" ]; then
		pass "html: the screenshot is the whole page, ${png_h} px tall: $RP/report.png"
	else fail "html: the screenshot is the whole page" "page ${page_h:-?} px, screenshot ${png_h:-?} px: $shot"; fi
	assert_eq "html: every question's title is a section of the page" \
		"$(sed -n 's/^-- title: //p' "$ROOT"/sql/report/*.sql | sed 's/&/\&amp;/g' | sort)" \
		"$(grep -o '<h2>[^<]*</h2>' "$RP/dom.html" | sed 's/<[^>]*>//g' | sort)"
	assert_eq "html: the header names the plays, the last load and the database" "3" \
		"$(grep -c -F -e "<dd>$(plays_sql)</dd>" -e "<dd>$LAST</dd>" -e "<dd>$DB</dd>" <(sed 's|</dd>|</dd>\n|g' "$RP/dom.html"))"
	assert_eq "html: the first and last days labelled on the daily chart" \
		"$(rows day | head -n 1 | cut -f1) $(rows day | tail -n 1 | cut -f1)" \
		"$(sed -n '/<section id="day"/,/<\/section>/p' "$RP/dom.html" | sed -n 's/.*class="xlabel xfirst"[^>]*>\([^<]*\)<.*/\1/p') $(
		   sed -n '/<section id="day"/,/<\/section>/p' "$RP/dom.html" | sed -n 's/.*class="xlabel xlast"[^>]*>\([^<]*\)<.*/\1/p')"
fi

# Hostile text in what the page shows: a database named with markup (the
# header), a title and artist with script (a cut label, its tooltip): all
# escaped, on the page as in its JSON.
XDB='sk_<script>alert(1)</script>'
dropdb --if-exists "$XDB" 2>/dev/null; createdb -T sk_report "$XDB"
PGDATABASE=$XDB psql -X -qc "INSERT INTO sk_plays_unresolved_total VALUES
	('<img src=x onerror=alert(2)>' || repeat('x', 60), '\"><script>alert(3)</script>', 1000)"
PGDATABASE=$XDB sk-report -o "$RP/hostile.html" unresolved rows
assert_eq "hostile names and titles escaped in the header and the labels" "0 1 2 1" \
	"$(grep -c -i -E '<script|<img' "$RP/hostile.html") $(
	   grep -c -F '<dd>sk_&lt;script&gt;alert(1)&lt;/script&gt; on' "$RP/hostile.html") $(
	   grep -o -F '<title>&lt;img src=x onerror=alert(2)&gt;' "$RP/hostile.html" | wc -l) $(
	   PGDATABASE=$XDB sk-report -f json unresolved | jq -r '.about.database.name' | grep -c -F "$XDB")"
dropdb "$XDB"

# Errors are one clear line.
run_captured "sk-report -d 'host=$RP/nowhere port=1'"
case $OUT in "[stderr]"$'\n'"sk-report: cannot connect: "*$'\n'"[exit 5]") pass "no server: exit 5, one line" ;;
*) fail "no server: exit 5, one line" "$OUT" ;; esac
dropdb --if-exists sk_report_none 2>/dev/null; createdb sk_report_none
run_captured "PGDATABASE=sk_report_none sk-report"
assert_eq "no star: a clear error" "[stderr]
sk-report: songplays: no such table: the star is not loaded here (sk-load SOURCE)
[exit 5]" "$OUT"
psql -X -q -d sk_report_none -f "$ROOT/sql/schema.sql"
run_captured "PGDATABASE=sk_report_none sk-report"
assert_eq "an empty star: a clear error" "[stderr]
sk-report: songplays: the star is empty: nothing to report
[exit 1]" "$OUT"
run_captured "sk-report nosuch"
assert_eq "an unknown question" "[stderr]
sk-report: no question named 'nosuch' (try --list)
[exit 2]" "$OUT"
run_captured "sk-report --from 2018-13-01"
assert_eq "a date whose month is wrong says so" "[stderr]
sk-report: --from 2018-13-01: no month 13 (01 to 12)
[exit 2]" "$OUT"
run_captured "sk-report --to 2019-02-29"
assert_eq "a date whose day is wrong says so" "[stderr]
sk-report: --to 2019-02-29: no day 29 in 2019-02 (01 to 28)
[exit 2]" "$OUT"
run_captured "sk-report --from 2018-1-1"
assert_eq "a date of another form says so" "[stderr]
sk-report: --from 2018-1-1: dates are YYYY-MM-DD
[exit 2]" "$OUT"
assert_eq "a leap day is a day" "0" "$(rows --from 2016-02-29 --to 2016-02-29 resolved | cut -f1)"
run_captured "sk-report -o '$RP/r.csv'"
assert_eq "-o with an ending that names no format: asked, not guessed, nothing written" "[stderr]
sk-report: -o $RP/r.csv: which format? name it .html, .json, .tsv or .txt, or give -f
[exit 2]|no file" "$OUT|$([ -e "$RP/r.csv" ] && echo file || echo no file)"
sk-report -o "$RP/r.txt" levels
assert_eq "-o FILE.txt writes the text, whole" "$(sk-report -f text levels | report_body text)" \
	"$(report_body text <"$RP/r.txt")"

# The real data: figures from its events, with jq.
# (realdata.sh, run before, loaded sk_real and wrote the events to $RD.)
RD=${RD:-$ROOT/tmp/realdata}
if [ -s "$RD/events.ndjson" ] &&
	[ -n "$(psql -X -tAc "SELECT 1 FROM pg_database WHERE datname = 'sk_real'")" ]; then
	export PGDATABASE=sk_real
	REAL=${SK_REALDATA:-$ROOT/../shared/data/sparkify}
	jq -r 'select(.page == "NextSong" and .userId != "") | (.ts / 1000 | floor | strftime("%H") | tonumber)' \
		"$RD/events.ndjson" | sort -n | uniq -c | awk '{ n[$2] = $1 } END { for (h = 0; h < 24; h++) print h "\t" n[h] + 0 }' >"$RP/real-hour"
	assert_eq "real data: plays per hour" "$(cat "$RP/real-hour")" "$(rows hour)"
	assert_eq "real data: plays by level" \
		"$(jq -r 'select(.page == "NextSong" and .userId != "") | [.level, .userId] | @tsv' "$RD/events.ndjson" |
			awk -F'\t' '{ p[$1]++; if (!u[$1, $2]++) n[$1]++ } END { for (l in p) print l "\t" p[l] "\t" n[l] }' | sort)" \
		"$(rows levels)"
	# Each user's latest event (ts, then itemInSession), of any page.
	assert_eq "real data: users by their current level (75 free, 22 paid)" \
		"$(jq -r 'select(.userId != null and .userId != "")
			| [(.userId | tostring), .ts, (.itemInSession // -1), .level] | @tsv' "$RD/events.ndjson" |
			sort -t "$(printf '\t')" -k1,1 -k2,2n -k3,3n |
			awk -F'\t' '{ last[$1] = $4 } END { for (u in last) n[last[u]]++; for (l in n) print l "\t" n[l] }' |
			sort)" \
		"$(rows users-now)"
	jq -r 'select(.page == "NextSong" and .userId != "")
		| (.ts / 1000 | floor) as $s | ($s / 86400 | floor) as $d
		| [.userId, (.ts | tostring), .itemInSession, .level,
		   (($d - (($d + 3) % 7)) * 86400 | strftime("%Y-%m-%d"))] | @tsv' "$RD/events.ndjson" |
		sort -t "$(printf '\t')" -k1,1n -k2,2n -k3,3n |
		awk -F'\t' '{ $2 = strftime("%Y-%m-%d %H:%M:%S", int($2 / 1000), 1); print }' OFS='\t' >"$RP/real-growth"
	assert_eq "real data: new users per day, weekly retention, level moves per week" \
		"$(growth_expected "$RP/real-growth")" "$(growth_rows)"
	# The plays songplays left unresolved, titled from the events.
	psql -X -qAt -F $'\t' -c "SELECT songplay_id, start_time, user_id, level, coalesce(song_id, '\\N'),
		artist_id, session_id, item_in_session FROM songplays" >"$RP/real-plays"
	jq -r 'select(.page == "NextSong" and .userId != "")
		| [.userId, .sessionId, .itemInSession, .song, .artist] | @tsv' "$RD/events.ndjson" >"$RP/real-titles"
	unresolved_expected "$RP/real-plays" "$RP/real-titles" | head -n 10 >"$RP/real-unresolved"
	assert_eq "real data: top unresolved titles, their plays (37 for You're The One)" \
		"$(cut -f2 "$RP/real-unresolved")" "$(rows unresolved | cut -f2)"
	assert_eq "real data: top unresolved titles, the first five" \
		"$(head -n 5 "$RP/real-unresolved" | cut -f1)" "$(rows unresolved | head -n 5 | cut -f1)"
	# The sample's plays: 0.6% resolved, a thin ranking; 479 plays a day
	# at most against 34 users, two axes; titles longer than a label, cut
	# with their whole text on hover.
	sk-report -o "$RP/real.html"
	assert_eq "real data: the rankings of resolved plays are thin" "2" "$(grep -c 'data-thin="true"' "$RP/real.html")"
	assert_eq "real data: plays and users per day on two axes" "yes" \
		"$(sed -n '/<section id="day"/,/<\/section>/p' "$RP/real.html" | grep -q 'class="rtick"' && echo yes || echo no)"
	long=$(rows unresolved | cut -f1 | awk 'length($0) > 60' | head -n 1)
	assert_eq "real data: a long title cut to its label, whole on hover" "1 1" \
		"$(sed -n '/<section id="unresolved"/,/<\/section>/p' "$RP/real.html" | grep -c -F "<title>$long</title>") $(
		   sed -n '/<section id="unresolved"/,/<\/section>/p' "$RP/real.html" | grep -c -F "<title>$long</title>${long:0:20}")"
fi
export PGDATABASE=sk
