#!/usr/bin/env bash
# Signals and the service manager: READY=1 and STOPPING=1 reach
# $NOTIFY_SOCKET; log lines carry journal priorities when stderr is the
# journal; SIGHUP loads new topics, or keeps the old ones when the new file
# is bad; SIGTERM stops cleanly with exit status 0.
. "$(dirname "$0")/lib.sh"

# A datagram socket standing in for systemd, in perl (always on Debian).
perl -MIO::Socket::UNIX -e '
	$| = 1;
	my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $ARGV[0])
	    or die "notify socket: $!";
	while (defined $s->recv(my $m, 4096)) { print "$m\n"; }
' "$T/notify.sock" >"$T/notify.txt" 2>"$T/notify.log" &
NOTIFY_PID=$!
wait_until "notify socket" test -S "$T/notify.sock"
# Writable by every user, as systemd's is: gopyd may run as nobody.
chmod a+w "$T/notify.sock"

sim_start
sim_conf "$T/gopy.conf"
# The journal is recognised by $JOURNAL_STREAM naming stderr's device:inode.
: >"$T/gopyd.log"
NOTIFY_SOCKET="$T/notify.sock" JOURNAL_STREAM=$(stat -c '%d:%i' "$T/gopyd.log") \
    start_gopyd
wait_until "READY=1" grep -qx "READY=1" "$T/notify.txt"
wait_ready

# A word no topic knows: the fallback topic.
deliver +84912345678 gsm7 "xyzzy o dau"
sim_ctl wait sent 1 60000 >/dev/null || fail "first message not answered"
assert_eq "$(gopy list --json | jq -r .topic)" khac "topic before reload"

# Teach trom_cap the word and reload: the next message uses it.
sed '0,/^\([[:space:]]*keywords[[:space:]]*=[[:space:]]*(\)/s//\1 "xyzzy",/' \
    "$T/gopy.conf" >"$T/new.conf"
grep -q '"xyzzy"' "$T/new.conf" || fail "could not add a keyword"
cp "$T/new.conf" "$T/gopy.conf"
kill -HUP "$GOPYD_PID"
wait_until "reload" grep -q "reloaded" "$T/gopyd.log"
deliver +84912345679 gsm7 "xyzzy lan nua"
sim_ctl wait sent 2 60000 >/dev/null || fail "second message not answered"
assert_eq "$(gopy list --json --limit 1 | jq -r .topic)" trom_cap \
    "topic after reload"

# A bad file is refused; gopyd keeps the running topics and goes on.
cp "$T/gopy.conf" "$T/good.conf"
sed 's/^\([[:space:]]*baud[[:space:]]*=\).*/\1 "fast";/' "$T/good.conf" \
    >"$T/gopy.conf"
kill -HUP "$GOPYD_PID"
wait_until "refused reload" grep -q "keeping the running configuration" \
    "$T/gopyd.log"
grep -q "gopy.conf:[0-9]*: modem.baud" "$T/gopyd.log" ||
    fail "reload error without file and line"
cp "$T/good.conf" "$T/gopy.conf"
deliver +84912345670 gsm7 "xyzzy lan ba"
sim_ctl wait sent 3 60000 >/dev/null || fail "third message not answered"
assert_eq "$(gopy list --json --limit 1 | jq -r .topic)" trom_cap \
    "topic after a refused reload"

stop_gopyd
wait_until "STOPPING=1" grep -qx "STOPPING=1" "$T/notify.txt"
kill "$NOTIFY_PID"
grep -qx "<6>stopped" "$T/gopyd.log" || fail "no clean stop in the log"
grep -q "^<6>started: " "$T/gopyd.log" || fail "info without priority <6>"
grep -q "^<4>reload: " "$T/gopyd.log" || fail "warning without priority <4>"
grep -q "^<7>" "$T/gopyd.log" || fail "debug without priority <7>"
if grep -v '^<[3467]>' "$T/gopyd.log" | grep -q .; then
	fail "lines without a priority: $(grep -v '^<[3467]>' "$T/gopyd.log" | head -n 3)"
fi
