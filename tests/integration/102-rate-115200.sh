#!/usr/bin/env bash
# A modem on a 115200 baud serial line (8N1: 11520 bytes/s both ways,
# emulated by modemsim): long listings and PDUs trickle in, commands
# trickle out. Every message is stored once and answered once.
. "$(dirname "$0")/lib.sh"

line_rate_run 102 11520
