# Fuzz targets, included by the Makefile.
#
#   make fuzz [FUZZ_SECONDS=60]
#
# builds each tests/fuzz/fuzz_<name>.c with clang and libFuzzer, ASan and
# UBSan into build-fuzz/, and runs it for FUZZ_SECONDS on a copy of its
# seed corpus tests/fuzz/corpus/<name>/ in build-fuzz/corpus/<name>/, which
# keeps what the fuzzer finds from run to run; the seed corpus in the tree
# never changes. A crash, a leak, undefined behaviour or a failed check
# stops make, and the input that did it is in build-fuzz/<name>-crash-*.
# clang and its libFuzzer runtime are installed when missing.
#
# lsan.supp: Debian 12's libconfig 1.5 leaks a string token when a file has
# a syntax error (libconfig issue #142, fixed upstream in 1.7.3); that leak
# is theirs, a few bytes per bad file, and suppressed so ours still show.

FUZZ_SECONDS	?= 60
FUZZ_CC		?= clang
FUZZ_DIR	:= build-fuzz
FUZZ_TARGETS	:= pdu pdu_split at text conf
# The pure modules the targets exercise, and what they lean on.
FUZZ_SRCS	:= $(addprefix daemon/,pdu.c gsm7.c text.c utf8.c buf.c \
		   xmalloc.c log.c at.c conf.c reply.c number.c)
FUZZ_CFLAGS	:= -std=c11 -D_GNU_SOURCE -g -O1 \
		   -fsanitize=fuzzer,address,undefined \
		   -fno-sanitize-recover=all -fno-omit-frame-pointer -Idaemon

.PHONY: fuzz fuzz-deps clean-fuzz

fuzz: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_DIR)/corpus/$$t && \
	    cp tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus/$$t/ && \
	    echo "fuzz_$$t: $(FUZZ_SECONDS) s" && \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp \
	    $(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -print_final_stats=1 -artifact_prefix=$(FUZZ_DIR)/$$t- \
	        $(FUZZ_DIR)/corpus/$$t || exit 1; \
	done

# clang that links a libFuzzer target, or scripts/install-deps.sh fuzz.
fuzz-deps:
	@mkdir -p $(FUZZ_DIR)
	@printf 'int LLVMFuzzerTestOneInput(const char *p, long n) %s\n' \
	    '{ return p == 0 && n > 0; }' >$(FUZZ_DIR)/probe.c
	@$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_DIR)/probe.c \
	    -o $(FUZZ_DIR)/probe 2>/dev/null || scripts/install-deps.sh fuzz

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRCS) $(wildcard daemon/*.h) \
    | deps fuzz-deps
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(FUZZ_SRCS) \
	    $(PKG_LIBS)

# make clean removes build-fuzz/ as well.
clean: clean-fuzz
clean-fuzz:
	rm -rf $(FUZZ_DIR)
