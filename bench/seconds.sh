# seconds.sh — the day benches' timing, sourced with D set (a directory
# for the command's stderr): median SECONDS... prints the median;
# seconds CMD... runs CMD, its output thrown away, and prints its wall
# seconds, or ends the bench with CMD's last lines when it fails.
median() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'; }
seconds() {
	local t0 t1
	t0=$(date +%s.%N)
	"$@" >/dev/null 2>"$D/err" || { echo "bench: $* failed:" >&2; tail -n 5 "$D/err" >&2; exit 1; }
	t1=$(date +%s.%N)
	printf '%.2f\n' "$(echo "$t1 - $t0" | bc)"
}
