#!/usr/bin/env bash
# make install into a DESTDIR puts every file there with its mode, and
# keeps an administrator's configuration and udev rule; sysusers and
# tmpfiles (run on that root) make user and group gopy, the database
# directory 2770 and the database 0660, both gopy:gopy. The unit parses
# (systemd-analyze verify) and systemd-analyze security rates it 2.0 or
# lower, also with the tcp-modem drop-in, which gives the network back.
. "$(dirname "$0")/lib.sh"

R=$T/root
# The build directory as make names it (build-asan: its flags).
B=$(realpath --relative-to="$REPO" "$BUILD")
# make_in_repo TARGET...: make in the source tree, outside any calling make.
make_in_repo() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make --no-print-directory -C "$REPO" B="$B" "$@"
}

make_in_repo install DESTDIR="$R" >"$T/install.log" 2>&1 ||
    fail "make install: $(tail -n 5 "$T/install.log")"
while read -r mode path; do
	[ -e "$R$path" ] || fail "make install did not make $path"
	assert_eq "$(stat -c %a "$R$path")" "$mode" "mode of $path"
	assert_eq "$(stat -c %U "$R$path")" "$(id -un)" "owner of $path"
done <<'EOF'
755 /usr/local/sbin/gopyd
755 /usr/local/bin/gopy
644 /usr/local/share/man/man1/gopy.1
644 /usr/local/share/man/man5/gopy.conf.5
644 /usr/local/share/man/man8/gopyd.8
644 /usr/local/lib/systemd/system/gopyd.service
644 /usr/local/lib/sysusers.d/gopy.conf
644 /usr/local/lib/tmpfiles.d/gopy.conf
644 /usr/local/share/doc/gopy/tcp-modem.conf
644 /usr/local/share/doc/gopy/99-gsm-modem.rules
640 /etc/gopy/gopy.conf
640 /etc/gopy/learned.conf
644 /etc/udev/rules.d/99-gsm-modem.rules
2770 /var/lib/gopy
EOF
grep -qx "ExecStart=/usr/local/sbin/gopyd -c /etc/gopy/gopy.conf" \
    "$R/usr/local/lib/systemd/system/gopyd.service" ||
    fail "ExecStart of the installed unit"
# The shipped configuration (010 checks it) names the udev rule's device.
cmp -s "$REPO/config/gopy.conf" "$R/etc/gopy/gopy.conf" ||
    fail "the installed configuration is not config/gopy.conf"
grep -q '^	device = "/dev/gsm-modem";' "$R/etc/gopy/gopy.conf" ||
    fail "modem.device of the installed configuration"
grep -q 'SYMLINK+="gsm-modem"' "$R/etc/udev/rules.d/99-gsm-modem.rules" ||
    fail "the udev rule makes no /dev/gsm-modem"

# Again: what the administrator changed stays.
echo "# mine" >>"$R/etc/gopy/gopy.conf"
echo "# mine" >>"$R/etc/udev/rules.d/99-gsm-modem.rules"
make_in_repo install DESTDIR="$R" >"$T/install.log" 2>&1 ||
    fail "make install again: $(tail -n 5 "$T/install.log")"
for f in etc/gopy/gopy.conf etc/udev/rules.d/99-gsm-modem.rules; do
	grep -qx "keeping existing $R/$f" "$T/install.log" ||
	    fail "no word of keeping $f: $(cat "$T/install.log")"
	assert_eq "$(tail -n 1 "$R/$f")" "# mine" "$f after a second install"
done

# The drop-in, only on request.
[ ! -e "$R/etc/systemd/system/gopyd.service.d" ] ||
    fail "make install installed the tcp-modem drop-in"
make_in_repo install-tcp-modem DESTDIR="$R" >"$T/install.log" 2>&1 ||
    fail "make install-tcp-modem: $(tail -n 5 "$T/install.log")"
assert_eq "$(stat -c %a "$R/etc/systemd/system/gopyd.service.d/tcp-modem.conf")" \
    644 "mode of the drop-in"

# User, group and database, as systemd makes them on the real system.
if [ "$(id -u)" -eq 0 ] && command -v systemd-sysusers >/dev/null &&
    command -v systemd-tmpfiles >/dev/null; then
	systemd-sysusers --root="$R" \
	    "$R/usr/local/lib/sysusers.d/gopy.conf" >"$T/sysusers.log" 2>&1 ||
	    fail "systemd-sysusers: $(cat "$T/sysusers.log")"
	systemd-tmpfiles --create --root="$R" \
	    "$R/usr/local/lib/tmpfiles.d/gopy.conf" >"$T/tmpfiles.log" 2>&1 ||
	    fail "systemd-tmpfiles: $(cat "$T/tmpfiles.log")"
	ids=$(awk -F: '$1 == "gopy" { print $3 ":" $4 }' "$R/etc/passwd")
	[ -n "$ids" ] || fail "no user gopy in $R/etc/passwd"
	assert_eq "$(awk -F: '$1 == "gopy" { print $3 }' "$R/etc/group")" \
	    "${ids#*:}" "group gopy, gopy's own"
	awk -F: '$1 == "dialout"' "$R/etc/group" | grep -q ':gopy$' ||
	    fail "gopy is not in group dialout"
	for f in var/lib/gopy:2770 var/lib/gopy/gopy.db:660; do
		assert_eq "$(stat -c %a:%u:%g "$R/${f%:*}")" "${f#*:}:$ids" \
		    "mode and owner of /${f%:*}"
	done
else
	echo "systemd-sysusers or -tmpfiles missing, or not root: user gopy not checked"
fi

# The unit.
if ! command -v systemd-analyze >/dev/null; then
	echo "systemd-analyze missing: the unit not checked"
	exit 0
fi
# exposure ROOT: systemd-analyze's figure for gopyd.service there.
exposure() {
	systemd-analyze security --offline=true --root="$1" gopyd.service \
	    >"$T/security.txt" 2>&1 || fail "security: $(cat "$T/security.txt")"
	sed -n 's/^.*Overall exposure level for gopyd.service: \([0-9.]*\).*$/\1/p' \
	    "$T/security.txt"
}
mkdir -p "$T/unit/etc/systemd/system"
cp "$R/usr/local/lib/systemd/system/gopyd.service" "$T/unit/etc/systemd/system/"
level=$(exposure "$T/unit")
echo "exposure level of gopyd.service: $level"
awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 2.0) }' ||
    fail "exposure $level, want 2.0 or lower: $(grep '✗' "$T/security.txt")"
grep -q "✓ PrivateNetwork=" "$T/security.txt" || fail "the unit has network"
cp -r "$R/etc/systemd/system/gopyd.service.d" "$T/unit/etc/systemd/system/"
level=$(exposure "$T/unit")
echo "exposure level with the tcp-modem drop-in: $level"
awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 2.0) }' ||
    fail "exposure $level with the drop-in, want 2.0 or lower"
grep -q "✗ PrivateNetwork=" "$T/security.txt" &&
    grep -q "✗ RestrictAddressFamilies=~AF_(INET|INET6)" "$T/security.txt" ||
    fail "the drop-in gives no network: $(grep -i 'network\|AddressFam' "$T/security.txt")"

# verify wants the programs the unit runs: here, the ones just built.
mkdir -p "$T/verify"
sed "s|@SBINDIR@|$BUILD|g; s|@SYSCONFDIR@|/etc|g" \
    "$REPO/systemd/gopyd.service.in" >"$T/verify/gopyd.service"
systemd-analyze verify --man=no "$T/verify/gopyd.service" >"$T/verify.txt" 2>&1 ||
    fail "systemd-analyze verify: $(cat "$T/verify.txt")"
if grep "gopyd.service" "$T/verify.txt"; then
	fail "systemd-analyze verify complains about the unit"
fi
