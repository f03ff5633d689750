# statements.awk — the server's log of a load (log_min_duration_statement
# = 0), read twice (awk -f statements.awk LOG LOG): the first pass finds
# the backend that COPYed into songplays, the second sums its statements'
# durations by table and kind: "TABLE: COPY", "TABLE: keys and indexes",
# "TABLE: foreign keys", the summaries (sk_plays_*) as one table, and
# "other statements".  Prints "CLASS<TAB>SECONDS" lines, and "first" (the
# first statement's end and duration) and "last" (the last's end) with
# the log's timestamps, for the caller to set against its own clock.
function statement(line) { # the SQL after "statement: " or "execute <...>: "
	sub(/^.* ms  (statement|parse [^:]*|bind [^:]*|execute [^:]*): /, "", line)
	return line
}
function table_of(name) { # unquoted, without its schema; the summaries as one
	gsub(/"/, "", name)
	sub(/^(public|pg_temp)\./, "", name)
	sub(/\(.*$/, "", name)
	return name ~ /^sk_plays_/ ? "sk_plays_* (the summaries)" : name
}
function class_of(sql,   w) {
	split(sql, w, " ")
	if (w[1] == "COPY" && w[2] != "(")
		return table_of(w[2]) ": COPY"
	if (sql ~ /^ALTER TABLE .* ADD CONSTRAINT .* FOREIGN KEY/)
		return table_of(w[3]) ": foreign keys"
	if (sql ~ /^ALTER TABLE .* ADD CONSTRAINT/)
		return table_of(w[3]) ": keys and indexes"
	if (sql ~ /^CREATE (UNIQUE )?INDEX/) {
		sub(/^.* ON /, "", sql)
		split(sql, w, " ")
		return table_of(w[1]) ": keys and indexes"
	}
	return "other statements"
}
!/^[0-9-]+ [0-9:.]+ [^ ]+ \[[0-9]+\] LOG:  duration: / { next }
NR == FNR {
	if (statement($0) ~ /^COPY +"?songplays"? /)
		pid = $4
	next
}
$4 == pid {
	ms = $7
	sum[class_of(statement($0))] += ms / 1000
	if (!seen++)
		printf "first\t%s %s %s\t%s\n", $1, $2, $3, ms / 1000
	last = $1 " " $2 " " $3
}
END {
	for (c in sum)
		printf "%s\t%.3f\n", c, sum[c]
	printf "last\t%s\n", last
}
