# Shell helpers around the modem simulator, sourced by scripts/demo.sh and
# tests/integration/lib.sh. bash only (it talks TCP through /dev/tcp).
#
# Needs: BUILD (directory of gopyd, gopy, modemsim), REPO (source tree),
# T (a scratch directory), and a function die MESSAGE that does not return.

DEADLINE_S=${DEADLINE_S:-60}	# generous: a loaded 2-core machine is slow
SIM_PID=""

# wait_until DESCRIPTION COMMAND...: run COMMAND until it succeeds; give up
# after DEADLINE_S seconds.
wait_until() {
	local what=$1 end
	shift
	end=$(( $(date +%s) + DEADLINE_S ))
	until "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$end" ] || die "timed out waiting for $what"
		sleep 0.1
	done
}

# service_user_setup: gopyd refuses to run as root, as the service never
# does. Run by root, this sets AS_SERVICE to the command prefix that runs
# gopyd as user nobody instead, and makes the scratch directory T what
# make install makes of /var/lib/gopy: setgid, writable by the group
# (nobody's), so that a database root's seeddb or gopy creates in it (mode
# 0660, its -wal and -shm alike) stays writable by gopyd. Otherwise
# AS_SERVICE is empty: gopyd runs as the user running this.
#
# Root of a user namespace that maps only one user (a test that ran
# `unshare -rm` to mount, as 311 does for other users) has no nobody to
# become: there gopyd runs in a nested namespace as user 1000, which is
# the same user outside, so the files need no change of group.
service_user_setup() {
	AS_SERVICE=""
	[ "$(id -u)" -eq 0 ] || return 0
	command -v setpriv >/dev/null ||
	    die "setpriv (util-linux) is needed to run gopyd as nobody"
	if setpriv --reuid=65534 --regid=65534 --clear-groups true \
	    2>/dev/null; then
		AS_SERVICE="setpriv --reuid=65534 --regid=65534 --clear-groups"
		chgrp 65534 "$T" && chmod 2770 "$T" ||
		    die "cannot give $T to the group of user nobody"
	else
		AS_SERVICE="unshare --user --map-user=1000 --map-group=1000"
	fi
}

# sim_start [ARGS]: start modemsim on ephemeral loopback ports; sets
# MODEM_PORT and CTL_PORT.
sim_start() {
	rm -f "$T/ports"
	"$BUILD/modemsim" -f "$T/ports" "$@" >"$T/modemsim.out" \
	    2>>"$T/modemsim.log" &
	SIM_PID=$!
	wait_until "modemsim ports" test -s "$T/ports"
	MODEM_PORT=$(awk '$1 == "modem" { print $2 }' "$T/ports")
	CTL_PORT=$(awk '$1 == "control" { print $2 }' "$T/ports")
}

# sim_ctl COMMAND...: one command on the control port; prints the reply
# lines and succeeds when the last one starts with "ok".
sim_ctl() {
	local line status=1
	exec 3<>"/dev/tcp/127.0.0.1/$CTL_PORT"
	printf '%s\n' "$*" >&3
	while IFS= read -r line <&3; do
		printf '%s\n' "$line"
		case $line in
		ok*) status=0; break ;;
		err*) break ;;
		esac
	done
	exec 3<&-
	return "$status"
}

# sim_conf FILE: the shipped config/gopy.conf, pointed at the simulator and
# at $T/gopy.db, with the shortest sweep interval.
sim_conf() {
	sed -e "s|^\([[:space:]]*device[[:space:]]*=[[:space:]]*\)\"[^\"]*\"|\1\"tcp:127.0.0.1:$MODEM_PORT\"|" \
	    -e "s|^\([[:space:]]*path[[:space:]]*=[[:space:]]*\)\"[^\"]*\"|\1\"$T/gopy.db\"|" \
	    -e "s|^\([[:space:]]*poll_interval[[:space:]]*=[[:space:]]*\)[0-9]*|\15|" \
	    "$REPO/config/gopy.conf" >"$1"
	# The learned weights the shipped configuration names, beside it.
	cp "$REPO/config/learned.conf" "$(dirname "$1")/learned.conf"
	grep -q "tcp:127.0.0.1:$MODEM_PORT" "$1" || die "no modem.device in $1"
	grep -q "\"$T/gopy.db\"" "$1" || die "no database.path in $1"
}

# sim_start_seeded SEED [ARGS]: sim_start with modemsim's random faults
# seeded from $SIM_SEED, else SEED; prints the seed, to run a failure again.
sim_start_seeded() {
	local seed=${SIM_SEED:-$1}
	shift
	sim_start -S "$seed" "$@"
	echo "modemsim seed $seed (again: SIM_SEED=$seed)"
}

# sim_fault KEY [VALUE]: set a modemsim fault, or die saying why not.
sim_fault() {
	local out
	out=$(sim_ctl fault "$@") || die "fault $*: $out"
}

# sim_stat NAME: one counter of modemsim's stats (cmt-sent, drops...).
sim_stat() {
	sim_ctl stats | awk -v k="$1" '$1 == k { print $2 }'
}
