#!/usr/bin/env bash
# The table at the end of make bench: the rows the benchmarks appended to
# RESULTS (NAME<TAB>FIGURE<TAB>UNIT<TAB>TARGET), with the machine they ran
# on, printed; and written as Markdown to OUT when given (BENCH_OUT=).
# A figure that is not a number ("not available") is shown as it is.
#
# usage: tests/bench/bench_report.sh RESULTS [OUT]
set -eu

results=${1:?usage: bench_report.sh RESULTS [OUT]}
out=${2:-}

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
machine="$(date -u +%F), ${cpu:-unknown CPU}, $(nproc) cores, $mem, $os;"
machine="$machine load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

# rows: the results as NAME<TAB>FIGURE<TAB>TARGET, units put in.
rows() {
	[ -f "$results" ] || return 0
	awk -F'\t' '
	function numeric(s) { return s ~ /^[0-9]+(\.[0-9]+)?$/ }
	NF >= 2 {
		f = $2; u = $3; t = $4
		if (numeric(f) && u != "") {
			f = f " " u
		}
		if (t ~ /[0-9]$/ && u != "") {
			t = t " " u
		}
		print $1 "\t" f "\t" t
	}' "$results"
}

echo
echo "make bench: $machine"
rows | awk -F'\t' '
	{ n++; a[n] = $1; b[n] = $2; c[n] = $3
	  if (length(a[n]) > wa) wa = length(a[n])
	  if (length(b[n]) > wb) wb = length(b[n]) }
	END {
		if (wa < 4) wa = 4
		if (wb < 6) wb = 6
		printf "%-" wa "s  %" wb "s  %s\n", "what", "figure", "target"
		for (i = 1; i <= n; i++) {
			printf "%-" wa "s  %" wb "s  %s\n", a[i], b[i], c[i]
		}
	}'
if [ -n "$out" ]; then
	{
		echo "Measured by \`make bench\` on $machine."
		echo
		echo "| what | figure | target |"
		echo "|---|---|---|"
		rows | awk -F'\t' '{ gsub(/\|/, "\\|"); print "| " $1 " | " $2 " | " $3 " |" }'
	} >"$out"
	echo "written to $out"
fi
