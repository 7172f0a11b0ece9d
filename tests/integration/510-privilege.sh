#!/usr/bin/env bash
# Least privilege: gopyd refuses to run as root (gopyd -n does not);
# refuses a configuration or learned weights file that a user other than
# root or its own could change, at start and on reload; refuses a tcp:
# modem where it may not make Internet sockets, naming the unit's drop-in;
# and creates the database, and SQLite its -wal and -shm, with mode 0660
# whatever its umask.
. "$(dirname "$0")/lib.sh"

# A small configuration, quick to check under the sanitizers, with
# learned weights beside it.
sim_start
cat >"$T/gopy.conf" <<EOF
modem = { device = "tcp:127.0.0.1:$MODEM_PORT"; poll_interval = 5; };
database = { path = "$T/gopy.db"; };
reply = { unit = "CA xa"; };
classifier = { learned = "learned.conf"; };
topics = ( { id = "trom"; name = "Trộm"; keywords = ( "trom" ); },
	   { id = "khac"; name = "Khác"; fallback = true; } );
EOF
echo 'learned = ( { topic = "trom"; features = ( ("con bo", 2) ); } );' \
    >"$T/learned.conf"

# refused FILE WHY ARGS...: gopyd ARGS (as the service user) refuses FILE
# with one line naming its problem WHY and the remedy.
refused() {
	local file=$1 why=$2
	shift 2
	expect_exit 1 $AS_SERVICE "$BUILD/gopyd" "$@"
	assert_eq "$(wc -l <"$T/err.txt")" 1 "lines of error for $why"
	grep -qF "refuse '$file': $why" "$T/err.txt" ||
	    fail "$why: $(cat "$T/err.txt")"
}

# --- root -------------------------------------------------------------
if [ "$(id -u)" -eq 0 ]; then
	expect_exit 1 "$BUILD/gopyd" -c "$T/gopy.conf"
	assert_eq "$(cat "$T/err.txt")" "gopyd: error: refuse to run as root: run gopyd as its service user (systemctl start gopyd does); gopyd -n checks a configuration as any user" \
	    "gopyd as root"
	[ ! -e "$T/gopy.db" ] || fail "gopyd as root created the database"
	expect_exit 0 "$BUILD/gopyd" -n -c "$T/gopy.conf"
	assert_eq "$(cat "$T/out.txt")" "configuration OK" "gopyd -n as root"
else
	echo "not root: gopyd's refusal of root not checked"
fi

# --- files others can write -------------------------------------------
cp "$T/gopy.conf" "$T/open.conf"
chmod 646 "$T/open.conf"
refused "$T/open.conf" "writable by every user; chmod o-w '$T/open.conf'" \
    -n -c "$T/open.conf"
refused "$T/open.conf" "writable by every user; chmod o-w '$T/open.conf'" \
    -c "$T/open.conf"
[ ! -e "$T/gopy.db" ] || fail "gopyd opened the database on a refused file"

# Group-writable: only when the group is root's.
chmod 664 "$T/open.conf"
if [ "$(stat -c %g "$T/open.conf")" -eq 0 ]; then
	expect_exit 0 $AS_SERVICE "$BUILD/gopyd" -n -c "$T/open.conf"
else
	refused "$T/open.conf" "writable by group $(stat -c %G "$T/open.conf"); chmod g-w '$T/open.conf'" \
	    -n -c "$T/open.conf"
fi
if [ "$(id -u)" -eq 0 ]; then
	chgrp 0 "$T/open.conf"
	expect_exit 0 $AS_SERVICE "$BUILD/gopyd" -n -c "$T/open.conf"
	# Owned by a user neither root nor the service's (daemon, uid 1).
	chmod 644 "$T/open.conf"
	chown 1 "$T/open.conf"
	refused "$T/open.conf" "owned by $(id -un 1), not by root or by gopyd's user $(id -un 65534); sudo chown root '$T/open.conf'" \
	    -n -c "$T/open.conf"
	expect_exit 1 "$BUILD/gopyd" -n -c "$T/open.conf"
	grep -qF "refuse '$T/open.conf': owned by $(id -un 1), not by root; sudo chown root" \
	    "$T/err.txt" || fail "-n as root, file of daemon: $(cat "$T/err.txt")"
	# Owned by the service's own user: accepted.
	chown 65534 "$T/open.conf"
	expect_exit 0 $AS_SERVICE "$BUILD/gopyd" -n -c "$T/open.conf"
else
	echo "not root: files of other users not checked"
fi

# The learned weights the configuration names, checked the same way.
chmod o+w "$T/learned.conf"
refused "$T/learned.conf" "writable by every user; chmod o-w '$T/learned.conf'" \
    -n -c "$T/gopy.conf"
chmod o-w "$T/learned.conf"

# --- no network for a tcp: modem --------------------------------------
expect_exit 1 "$BUILD/nonet" $AS_SERVICE "$BUILD/gopyd" -n -c "$T/gopy.conf"
assert_eq "$(cat "$T/err.txt")" "gopyd: error: open 'tcp:127.0.0.1:$MODEM_PORT': no network for gopyd (Address family not supported by protocol); a modem over TCP needs the unit's drop-in /etc/systemd/system/gopyd.service.d/tcp-modem.conf, see gopyd(8)" \
    "tcp: modem without network"
sed "s|\"tcp:127.0.0.1:$MODEM_PORT\"|\"/dev/gsm-modem\"|" "$T/gopy.conf" \
    >"$T/serial.conf"
expect_exit 0 "$BUILD/nonet" $AS_SERVICE "$BUILD/gopyd" -n -c "$T/serial.conf"

# --- the database: 0660 whatever the umask ----------------------------
umask 077
start_gopyd
umask 022
wait_ready
deliver +84912345678 gsm7 "Nha toi bi trom mat con bo"
sim_ctl wait sent 1 60000 >/dev/null || fail "message not answered"
for f in gopy.db gopy.db-wal gopy.db-shm; do
	assert_eq "$(stat -c %a "$T/$f")" 660 "mode of $f"
	if [ "$(id -u)" -eq 0 ]; then
		assert_eq "$(stat -c %U:%G "$T/$f")" \
		    "$(id -un 65534):$(stat -c %G "$T")" "owner of $f"
	fi
done

# --- reload: a file others can write is refused, the old one kept -----
chmod o+w "$T/gopy.conf"
kill -HUP "$GOPYD_PID"
wait_until "refused reload" grep -q "keeping the running configuration" \
    "$T/gopyd.log"
grep -qF "refuse '$T/gopy.conf': writable by every user; chmod o-w '$T/gopy.conf'" \
    "$T/gopyd.log" || fail "reload: no reason in the log"
chmod o-w "$T/gopy.conf"
kill -HUP "$GOPYD_PID"
wait_until "reload" grep -q "reloaded '$T/gopy.conf'" "$T/gopyd.log"
stop_gopyd
