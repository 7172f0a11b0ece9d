#!/usr/bin/env bash
# The modem restarts by itself, twice: once between commands (RDY and its
# settings gone), once on a command it never answers. gopyd initialises it
# again each time, so that messages arriving afterwards are announced by
# +CMTI (the sweep is set to an hour here: it cannot find them). Each
# message is stored once and answered once.
. "$(dirname "$0")/lib.sh"

sim_start_seeded 161
sim_conf "$T/gopy.conf"
conf_set poll_interval 3600
conf_set retry_delay 1
msgs_make 12
start_gopyd
wait_ready
msgs_deliver 0 2
sim_ctl wait sent 3 60000 >/dev/null || fail "not answered: $(sim_ctl sent)"

# A restart between commands.
sim_fault reboot now
msgs_deliver 3 3
wait_ready 2
reads=$(sim_ctl log | grep -c '^at AT+CMGR=')
msgs_deliver 4 6
sim_ctl wait sent 6 60000 >/dev/null || fail "after a restart: $(sim_ctl sent)"
# Their 4 parts were announced: AT+CNMI was set again.
[ "$(sim_ctl log | grep -c '^at AT+CMGR=')" -ge $((reads + 4)) ] ||
    fail "messages after the restart not read on +CMTI"

# A restart on the 3rd command line from now, in the middle of the work.
sim_fault reboot-after 3
msgs_deliver 7 9
wait_ready 3
msgs_deliver 10 11
msgs_wait
assert_eq "$(sim_stat reboots)" 2 "restarts"
stop_gopyd
msgs_verify
