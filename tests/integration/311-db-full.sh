#!/usr/bin/env bash
# The disk under the database fills up while messages arrive: gopyd deletes
# nothing from the SIM, says why in its log (once) and in gopy status while
# it lasts, and stores and answers each message exactly once when space is
# freed.
#
# A real full disk: the database lives on a tmpfs of 2 MiB, filled up
# with a file, so SQLite's writes fail with ENOSPC (SQLITE_FULL) as on a
# full SD card. SQLite's max_page_count would not do: it is set per
# connection, so only gopyd itself could set it, through a setting gopyd
# has no other use for, and it tests a limit of SQLite's, not the disk.
# Mounting needs root (CI runs as root); any other user runs this test in
# a user and mount namespace of its own (unshare -rm), where it may mount.
if [ "$(id -u)" != 0 ] && [ -z "${GOPY_TEST_USERNS:-}" ] &&
    unshare --map-root-user --mount true 2>/dev/null; then
	GOPY_TEST_USERNS=1 exec unshare --map-root-user --mount bash "$0" "$@"
fi
. "$(dirname "$0")/lib.sh"

mkdir "$T/disk"
mount -t tmpfs -o size=2m,mode=2770,gid="$(stat -c %g "$T")" gopy-test \
    "$T/disk" ||
    fail "cannot mount a tmpfs at $T/disk: this test needs root, or user namespaces (unshare -rm)"
# Lazily: gopyd may still hold the files when the EXIT trap runs.
trap 'rc=$?; set +e; umount -l "$T/disk"; (exit "$rc"); cleanup' EXIT

sim_start
sim_conf "$T/gopy.conf"
sed -i "s|\"$T/gopy.db\"|\"$T/disk/gopy.db\"|" "$T/gopy.conf"
msgs_make 6
start_gopyd
wait_ready
wait_until "the status file" test -s "$T/disk/gopy.db.status"

# Fill the disk; dd stops at ENOSPC.
dd if=/dev/zero of="$T/disk/filler" bs=4096 2>"$T/dd.err" &&
    fail "the filler did not fill the disk"
grep -q "No space left on device" "$T/dd.err" || fail "dd: $(cat "$T/dd.err")"
cmgl() {
	sim_ctl log | grep -c "AT+CMGL" || true
}
sweeps=$(cmgl)

msgs_deliver 0 5
slots=$(sim_ctl sim | grep -c '^slot')
[ "$slots" -gt 6 ] || fail "the multipart messages took $slots slots"

# While full: the log says so, the SIM keeps every part after one more
# sweep, nothing was deleted, and gopy status says why.
wait_until "a logged full disk" grep -q \
    "refuses writes: .*database or disk is full" "$T/gopyd.log"
swept() {
	[ "$(cmgl)" -ge $((sweeps + 2)) ]
}
wait_until "a sweep" swept
assert_eq "$(sim_ctl sim | grep -c '^slot')" "$slots" "parts kept on the SIM"
assert_eq "$(sim_ctl log | grep -c "AT+CMGD" || true)" 0 "SMS deleted"
expect_status_refusing "database or disk is full"

# Space again: everything stored once, answered once, the trouble gone.
rm "$T/disk/filler"
msgs_wait
expect_recovered "full"
stop_gopyd
msgs_verify
