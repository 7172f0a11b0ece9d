# gopy: SMS feedback gateway. GNU make.
#
#   make            build gopyd, gopy and the modem simulator into build/
#   make check      install what is missing, build with -Werror, ASan and
#                   UBSan into build-asan/, run unit then integration tests
#   make check-valgrind  (not in check, about 30 min) build without
#                   sanitizers into build-vg/ and run the integration tests
#                   with gopyd, gopy and modemsim under valgrind memcheck:
#                   any error or leak fails
#   make soak       (not in check) 20,000 messages through the release gopyd
#                   with random modem faults; its RSS and open fds must not
#                   grow after the first 1,000 (SOAK_MESSAGES=, SOAK_SEED=)
#   make demo       run the whole chain on loopback and show what happened
#   make fuzz       run each libFuzzer target for FUZZ_SECONDS (clang)
#   make install    PREFIX=/usr/local DESTDIR= (binaries, man pages, unit,
#                   user and group gopy, /var/lib/gopy, config and udev
#                   rule only if absent)
#   make install-tcp-modem  the unit's drop-in for a modem over TCP
#   make clean

PREFIX		?= /usr/local
SYSCONFDIR	?= /etc
BINDIR		?= $(PREFIX)/bin
SBINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
UNITDIR		?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR	?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR	?= $(PREFIX)/lib/tmpfiles.d
DOCDIR		?= $(PREFIX)/share/doc/gopy
UDEVRULESDIR	?= $(SYSCONFDIR)/udev/rules.d
STATEDIR	?= /var/lib/gopy

CC		?= cc
PKGS		:= libserialport sqlite3 libconfig libutf8proc
TEST_PKGS	:= cmocka

# Build flavour: B=build (release, -O2), B=build-asan (what check uses) or
# B=build-vg (what check-valgrind uses).
B		?= build

WARNINGS	:= -Wall -Wextra -Wstrict-prototypes -Wmissing-prototypes \
		   -Wshadow -Wpointer-arith -Wcast-qual -Wsign-compare
BASE_CFLAGS	:= -std=c11 -D_GNU_SOURCE $(WARNINGS) -fstack-protector-strong \
		   -MMD -MP -Idaemon
ifeq ($(B),build-asan)
SAN		:= -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer
OPT		:= -O1 -g $(SAN) -Werror
LDSAN		:= $(SAN)
else ifeq ($(B),build-vg)
# What check-valgrind runs: valgrind cannot run sanitized programs, and -O1
# keeps its stack traces close to the source.
OPT		:= -O1 -g -Werror
LDSAN		:=
else
OPT		?= -O2 -g
LDSAN		:=
endif

# pkg-config answers once per make run, and only when a recipe first needs
# it, which is after the deps check below has installed what was missing.
PKG_CFLAGS	= $(eval PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS	= $(eval PKG_LIBS := $(shell pkg-config --libs $(PKGS)) -lm)$(PKG_LIBS)
TEST_CFLAGS	= $(eval TEST_CFLAGS := $(shell pkg-config --cflags $(TEST_PKGS)))$(TEST_CFLAGS)
TEST_LIBS	= $(eval TEST_LIBS := $(shell pkg-config --libs $(TEST_PKGS)))$(TEST_LIBS)

ALL_CFLAGS	= $(BASE_CFLAGS) $(OPT) $(PKG_CFLAGS) $(CFLAGS)

# Modules shared by gopyd and gopy, then each program's own.
COMMON_SRCS	:= buf.c classify.c clock.c conf.c gsm7.c learn.c log.c number.c \
		   pdu.c reply.c store.c text.c utf8.c xmalloc.c commune.c tz.c
COMMON_SRCS	+= statusfile.c
GOPYD_SRCS	:= gopyd.c answer.c at.c ingest.c modem.c notify.c port.c store_answer.c
# gopyd's checks of its own privileges (issue 8).
GOPYD_SRCS	+= perm.c
GOPY_SRCS	:= gopy.c gopy_classify.c gopy_list.c gopy_stats.c gopy_work.c \
		   json.c table.c csv.c store_query.c store_stats.c store_work.c
MODEMSIM_SRCS	:= modemsim.c simat.c simctl.c

COMMON_OBJS	:= $(COMMON_SRCS:%.c=$(B)/%.o)
GOPYD_OBJS	:= $(GOPYD_SRCS:%.c=$(B)/%.o) $(COMMON_OBJS)
GOPY_OBJS	:= $(GOPY_SRCS:%.c=$(B)/%.o) $(COMMON_OBJS)
MODEMSIM_OBJS	:= $(MODEMSIM_SRCS:%.c=$(B)/sim/%.o) \
		   $(addprefix $(B)/,buf.o clock.o gsm7.o log.o pdu.o utf8.o xmalloc.o)

# Unit tests: tests/unit/test_<name>.c linked with the real modules it names.
UNIT_TESTS	:= gsm7 pdu text classify conf reply at number store ingest log \
		   port learn csv table store_work answer json
test_gsm7_MODS		:= gsm7 buf xmalloc log utf8
test_pdu_MODS		:= pdu gsm7 buf xmalloc log utf8
test_text_MODS		:= text buf xmalloc log utf8
test_classify_MODS	:= classify text buf xmalloc log utf8
test_conf_MODS		:= conf reply number text pdu gsm7 buf xmalloc log utf8
test_reply_MODS		:= reply buf xmalloc log utf8
test_at_MODS		:= at buf xmalloc log utf8
test_number_MODS	:= number
test_log_MODS		:= log utf8
test_port_MODS		:= port buf xmalloc log utf8
test_learn_MODS		:= learn classify conf reply number text pdu gsm7 buf \
			   xmalloc log utf8
test_store_MODS		:= store buf xmalloc log utf8 unit/store_fixture
test_store_work_MODS	:= store_work store buf xmalloc log utf8 \
			   unit/store_fixture
test_ingest_MODS	:= ingest answer store store_answer classify text reply \
			   number pdu gsm7 conf buf xmalloc log utf8 commune
test_csv_MODS		:= csv text buf xmalloc log utf8
test_answer_MODS	:= answer store store_answer store_work reply number text conf \
			   pdu gsm7 buf xmalloc log utf8
test_table_MODS		:= table text buf xmalloc log utf8
UNIT_TESTS	+= perm statusfile
test_perm_MODS		:= perm
test_json_MODS		:= json text buf xmalloc log utf8
test_statusfile_MODS	:= statusfile buf xmalloc log utf8
UNIT_BINS	:= $(UNIT_TESTS:%=$(B)/unit/test_%)

# Test tools: seeddb fills a database without a modem (tests, benchmarks).
SEEDDB_OBJS	:= $(B)/tools/seeddb.o $(B)/tools/seedgen.o $(COMMON_OBJS)

PROGS		:= $(B)/gopyd $(B)/gopy $(B)/modemsim $(B)/seeddb
# nonet runs a program without Internet sockets, as the unit does (tests).
PROGS		+= $(B)/nonet
MANPAGES	:= daemon/gopyd.8 daemon/gopy.1 daemon/gopy.conf.5

.PHONY: all deps check unit integration demo install clean bench \
	bench-classify bench-cli bench-ingest install-tcp-modem \
	check-valgrind soak
# Keep the objects of unit tests, which make would see as intermediate.
.SECONDARY:
.DEFAULT_GOAL := all

all: $(PROGS)

# Install what pkg-config cannot find. Phony, and an order-only prerequisite
# of every object, so it runs once per make and never forces a rebuild.
deps:
	@command -v pkg-config >/dev/null && command -v jq >/dev/null && \
	    pkg-config --exists $(PKGS) $(TEST_PKGS) || scripts/install-deps.sh

$(B) $(B)/unit $(B)/sim $(B)/bench $(B)/tools:
	@mkdir -p $@

$(B)/%.o: daemon/%.c | deps $(B)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/sim/%.o: tests/modemsim/%.c | deps $(B)/sim
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/tools/%.o: tests/tools/%.c | deps $(B)/tools
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(B)/unit/%.o: tests/unit/%.c | deps $(B)/unit
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -c $< -o $@

$(B)/gopyd: $(GOPYD_OBJS)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/gopy: $(GOPY_OBJS)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/seeddb: $(SEEDDB_OBJS)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/nonet: $(B)/tools/nonet.o
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^

$(B)/modemsim: $(MODEMSIM_OBJS)
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

.SECONDEXPANSION:
$(B)/unit/test_%: $(B)/unit/test_%.o $$(addprefix $(B)/,$$(addsuffix .o,$$(test_$$*_MODS)))
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(TEST_LIBS)

# check builds the sanitizer flavour, then runs unit and integration tests.
check: deps
	@$(MAKE) --no-print-directory B=build-asan unit
	@$(MAKE) --no-print-directory B=build-asan integration

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

integration: $(PROGS)
	@tests/run-integration.sh $(B)

# check-valgrind: tests/valgrind/run.sh wraps gopyd, gopy and modemsim in
# valgrind and fails on any error or leak in their logs; no suppressions.
# VALGRIND_SKIP would name tests that cannot mean anything under valgrind,
# each with its reason here: none so far.
VALGRIND_SKIP	:=
check-valgrind: deps
	@$(MAKE) --no-print-directory B=build-vg all
	@VALGRIND_SKIP="$(VALGRIND_SKIP)" tests/valgrind/run.sh build-vg

# soak: tests/soak/soak.sh on the release build (what runs in the field);
# SOAK_MESSAGES, SOAK_SEED and SOAK_RSS_SLACK_KB pass through.
soak: deps
	@$(MAKE) --no-print-directory B=build all
	@BUILD=$(CURDIR)/build tests/soak/soak.sh

demo: all
	@scripts/demo.sh $(B)

# Benchmarks print figures, never fail on them; release flags (build/).
# One after the other (a benchmark must not share the machine with
# another); each appends rows to BENCH_RESULTS, and the table at the end
# shows them all, also as Markdown in BENCH_OUT=FILE when given.
BENCH_RESULTS	:= $(CURDIR)/build/bench/results.tsv
bench: deps
	@mkdir -p build/bench && : >$(BENCH_RESULTS)
	@BENCH_RESULTS=$(BENCH_RESULTS) $(MAKE) --no-print-directory bench-classify
	@BENCH_RESULTS=$(BENCH_RESULTS) $(MAKE) --no-print-directory bench-cli
	@BENCH_RESULTS=$(BENCH_RESULTS) $(MAKE) --no-print-directory bench-ingest
	@tests/bench/bench_report.sh $(BENCH_RESULTS) $(BENCH_OUT)

CORPUS		?= ../shared/corpus/dev.tsv
BENCH_CLASSIFY_MODS := conf reply number text classify learn pdu gsm7 buf \
		   xmalloc log utf8
$(B)/bench/bench_classify: $(B)/bench/bench_classify.o \
    $(addprefix $(B)/,$(addsuffix .o,$(BENCH_CLASSIFY_MODS)))
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/bench/%.o: tests/bench/%.c | deps $(B)/bench
	$(CC) $(ALL_CFLAGS) -c $< -o $@

bench-classify: deps
	@$(MAKE) --no-print-directory B=build build/bench/bench_classify
	@build/bench/bench_classify $${BENCH_RESULTS:+-r "$$BENCH_RESULTS"} \
	    config/gopy.conf $(CORPUS)

# gopy on a million messages, made once and kept in build/bench/cli.db.
$(B)/bench/bench_time: $(B)/bench/bench_time.o
	$(CC) $(LDSAN) $(LDFLAGS) -o $@ $^

bench-cli: deps
	@$(MAKE) --no-print-directory B=build all build/bench/bench_time
	@tests/bench/bench_cli.sh build

# gopyd against modemsim: ingest, line use, latency, footprint.
bench-ingest: deps
	@$(MAKE) --no-print-directory B=build all
	@tests/bench/bench_ingest.sh build

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
	    $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
	    $(DESTDIR)$(SYSCONFDIR)/gopy $(DESTDIR)$(DOCDIR) \
	    $(DESTDIR)$(UDEVRULESDIR)
	install -m 755 $(B)/gopyd $(DESTDIR)$(SBINDIR)/gopyd
	install -m 755 $(B)/gopy $(DESTDIR)$(BINDIR)/gopy
	install -m 644 daemon/gopy.1 $(DESTDIR)$(MANDIR)/man1/gopy.1
	install -m 644 daemon/gopy.conf.5 $(DESTDIR)$(MANDIR)/man5/gopy.conf.5
	install -m 644 daemon/gopyd.8 $(DESTDIR)$(MANDIR)/man8/gopyd.8
	sed 's|@SBINDIR@|$(SBINDIR)|g; s|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
	    systemd/gopyd.service.in > $(DESTDIR)$(UNITDIR)/gopyd.service
	chmod 644 $(DESTDIR)$(UNITDIR)/gopyd.service
	install -m 644 systemd/gopy.sysusers $(DESTDIR)$(SYSUSERSDIR)/gopy.conf
	install -m 644 systemd/gopy.tmpfiles $(DESTDIR)$(TMPFILESDIR)/gopy.conf
	install -m 644 systemd/tcp-modem.conf systemd/99-gsm-modem.rules \
	    $(DESTDIR)$(DOCDIR)
	@# Root's, readable by gopyd and the officers (group gopy, below):
	@# gopyd refuses a configuration others can write.
	@for f in gopy.conf learned.conf; do \
	    if [ -e $(DESTDIR)$(SYSCONFDIR)/gopy/$$f ]; then \
		echo "keeping existing $(DESTDIR)$(SYSCONFDIR)/gopy/$$f"; \
	    else \
		install -m 640 config/$$f $(DESTDIR)$(SYSCONFDIR)/gopy/$$f; \
	    fi; \
	done
	@if [ -e $(DESTDIR)$(UDEVRULESDIR)/99-gsm-modem.rules ]; then \
	    echo "keeping existing $(DESTDIR)$(UDEVRULESDIR)/99-gsm-modem.rules"; \
	else \
	    install -m 644 systemd/99-gsm-modem.rules $(DESTDIR)$(UDEVRULESDIR); \
	fi
	@# The database directory; systemd-tmpfiles gives it to gopy:gopy.
	install -d -m 2770 $(DESTDIR)$(STATEDIR)
	@# User and group gopy, then /var/lib/gopy: gopy:gopy, mode 2770.
	@if [ -z "$(DESTDIR)" ] && command -v systemd-sysusers >/dev/null; then \
	    systemd-sysusers $(SYSUSERSDIR)/gopy.conf && \
	    systemd-tmpfiles --create $(TMPFILESDIR)/gopy.conf && \
	    chgrp gopy $(SYSCONFDIR)/gopy/gopy.conf \
		$(SYSCONFDIR)/gopy/learned.conf && \
	    { udevadm control --reload 2>/dev/null; \
	      systemctl daemon-reload 2>/dev/null; true; }; \
	fi

# The unit's drop-in that gives gopyd the network, for a tcp: modem.
install-tcp-modem:
	install -d $(DESTDIR)$(SYSCONFDIR)/systemd/system/gopyd.service.d
	install -m 644 systemd/tcp-modem.conf \
	    $(DESTDIR)$(SYSCONFDIR)/systemd/system/gopyd.service.d/tcp-modem.conf

clean:
	rm -rf build build-asan build-vg

# make fuzz: libFuzzer targets, built with clang into build-fuzz/.
include tests/fuzz/fuzz.mk

-include $(wildcard $(B)/*.d $(B)/unit/*.d $(B)/sim/*.d $(B)/bench/*.d \
	$(B)/tools/*.d)
