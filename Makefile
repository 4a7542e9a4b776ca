# headroom — plain GNU make. Targets:
#   make              build/headroom
#   make check        install missing test packages, build with -Werror, run every
#                     test layer (unit, golden, fuzz-corpus replay, CLI), then all of
#                     it again under ASan+UBSan; ends with "N passed, N failed"
#   make demo         the main job: this machine on WSL2, else the bundled sample
#   make deb          the Debian package, ./headroom_VERSION_ARCH.deb
#   make fuzz-smoke   a short libFuzzer run of every fuzz target (clang)
#   make gguf-parity  the GGUF reader against ggml's own, file by file (npm, g++)
#   make bench        side-by-side benchmarks against peers
#   make format       clang-format every C file
# Variables: BUILD (output dir), CC, CFLAGS, FUZZ_SECONDS.

BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
STD      = -std=c11 -D_GNU_SOURCE
WARN     = -Wall -Wextra -Werror -Wvla -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wshadow -Wpointer-arith
CPPFLAGS += -Isrc
DEPFLAGS = -MMD -MP

SRCS      := $(sort $(shell find src -name '*.c'))
MAIN_SRCS := src/main.c src/main-watch.c
LIB_SRCS  := $(filter-out $(MAIN_SRCS),$(SRCS))
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
LIB       := $(BUILD)/libheadroom.a
BIN       := $(BUILD)/headroom

UNIT_SRCS := $(sort $(wildcard tests/unit/test-*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRCS := $(sort $(wildcard fuzz/fuzz-*.c))
FUZZ_NAMES := $(FUZZ_SRCS:fuzz/%.c=%)
FUZZ_REPLAY := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)
# code the test programs share (gguf-gen's writer)
TOOL_LIB_SRCS := $(sort $(wildcard tests/tools/lib/*.c))
TOOL_LIB  := $(BUILD)/libtools.a

.PHONY: all tests check demo fuzz-smoke bench format clean asan docs install uninstall deb check-package fuzz-long

all: $(BIN)

V ?= 0
Q = $(if $(filter 1,$(V)),,@)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC $<")
	$(Q)$(CC) $(STD) $(WARN) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# dlopen: ncurses for `headroom top`, NVML, libpulse for `audio test`;
# libm: the test tone and its levels
LDLIBS += -ldl -lm

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# headroom-watch: the watch daemon alone (src/main-watch.c), which `headroom
# watch` runs in its place. Static against musl when musl-gcc is there (Debian's
# musl-tools; make check installs it): about 230 kB resident instead of 2 MB.
# Without it (or with WATCH_CC=) it is linked like headroom. The sources are
# those watch can reach; the linker takes from them only what it calls.
WATCH_BIN  := $(BUILD)/headroom-watch
WATCH_CC   ?= $(shell command -v musl-gcc 2>/dev/null)
WATCH_SRCS := src/cli.c src/cmd/watch.c src/cmd/act.c src/watchlog-write.c src/out/json.c src/out/prom.c \
              src/out/text.c $(sort $(wildcard src/reclaim/*.c src/probe/*.c src/util/*.c))
ifneq ($(WATCH_CC),)
WATCH_OBJS := $(WATCH_SRCS:%.c=$(BUILD)/musl/obj/%.o)
$(BUILD)/musl/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  MUSL $<")
	$(Q)$(WATCH_CC) $(STD) $(WARN) $(CPPFLAGS) $(CFLAGS) $(DEPFLAGS) -c $< -o $@
$(BUILD)/musl/libwatch.a: $(WATCH_OBJS)
	@rm -f $@
	ar rcs $@ $^
$(WATCH_BIN): $(BUILD)/musl/obj/src/main-watch.o $(BUILD)/musl/libwatch.a
	$(WATCH_CC) -static $(CFLAGS) -o $@ $^
else
$(WATCH_BIN): $(BUILD)/obj/src/main-watch.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
endif
all: $(WATCH_BIN)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

# The fault hook (HEADROOM_FAULT_AT, util/atomic-write.h) exists only in test
# builds: atomic-write.c compiled again with it, linked ahead of the library
# into build/headroom-faults and the atomic-write unit test. The headroom that
# `make install` and the .deb ship has no such hook.
# (config-shutdown.c: HEADROOM_TEST_WSL_EXE stands in for wsl.exe off WSL.)
HOOKS_OBJ := $(BUILD)/obj/hooks/src/util/atomic-write.o $(BUILD)/obj/hooks/src/cmd/config-shutdown.o
$(BUILD)/obj/hooks/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC $< (test hooks)")
	$(Q)$(CC) $(STD) $(WARN) $(CPPFLAGS) -DHEADROOM_TEST_HOOKS $(CFLAGS) $(DEPFLAGS) -c $< -o $@
$(BUILD)/headroom-faults: $(BUILD)/obj/src/main.o $(HOOKS_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILD)/tests/test-atomic-write: $(BUILD)/obj/tests/unit/test-atomic-write.o $(HOOKS_OBJ) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka
tests: $(BUILD)/headroom-faults

$(BUILD)/fuzz/%: $(BUILD)/obj/fuzz/%.o $(BUILD)/obj/fuzz/replay-main.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TOOL_LIB): $(TOOL_LIB_SRCS:%.c=$(BUILD)/obj/%.o)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(TOOL_LIB) $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests: $(BIN) $(WATCH_BIN) $(UNIT_BINS) $(FUZZ_REPLAY) $(TOOL_BINS)

# The sanitizer build lives in its own tree so both can coexist.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" WATCH_CC= tests

check:
	@tools/deps.sh check report win
	@tools/check.sh

demo: $(BIN)
	@tools/demo.sh $(BIN)

# libFuzzer under clang: the library is rebuilt with coverage instrumentation.
FUZZ_SECONDS ?= 30
FUZZ_BUILD = $(BUILD)/fuzz-clang
fuzz-smoke:
	@tools/deps.sh fuzz
	@tools/fuzz.sh smoke $(FUZZ_SECONDS)

fuzz-build:
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=clang \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	    $(FUZZ_BUILD)/libheadroom.a $(FUZZ_NAMES:%=$(FUZZ_BUILD)/obj/fuzz/%.o)

# Man pages and completions, generated from the command table (make docs);
# tests/cli/docs-current.sh fails when the committed copies are stale.
$(BUILD)/gen-docs: $(BUILD)/obj/tools/gen-docs.o $(BUILD)/obj/tools/gen-completions.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests: $(BUILD)/gen-docs

docs: $(BUILD)/gen-docs
	@mkdir -p man completions
	$(BUILD)/gen-docs man man
	$(BUILD)/gen-docs bash completions/headroom.bash
	$(BUILD)/gen-docs zsh completions/_headroom

# the side-by-side benchmarks that need nothing from npm or Wine: status
# against free (seconds), then watch beside earlyoom (BENCH_SECONDS, 600)
bench: $(BIN) $(WATCH_BIN)
	@bench/status-vs-free.sh $(BIN)
	@bench/watch-vs-earlyoom.sh $(BIN)

# Installation (DESTDIR for staging, PREFIX /usr/local by default).
PREFIX     ?= /usr/local
BINDIR      = $(PREFIX)/bin
LIBEXECDIR  = $(PREFIX)/lib/headroom
MANDIR      = $(PREFIX)/share/man/man1
MAN7DIR     = $(PREFIX)/share/man/man7
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/vendor-completions
UNITDIR     = $(PREFIX)/lib/systemd/system
MANPAGES   := $(wildcard man/*.1)
MAN7PAGES  := $(wildcard man/*.7)

install: $(BIN) $(WATCH_BIN)
	install -Dm755 $(BIN) $(DESTDIR)$(BINDIR)/headroom
	install -Dm755 $(WATCH_BIN) $(DESTDIR)$(LIBEXECDIR)/headroom-watch
	install -d $(DESTDIR)$(MANDIR)
	install -m644 $(MANPAGES) $(DESTDIR)$(MANDIR)/
	install -d $(DESTDIR)$(MAN7DIR)
	install -m644 $(MAN7PAGES) $(DESTDIR)$(MAN7DIR)/
	install -Dm644 completions/headroom.bash $(DESTDIR)$(BASHCOMPDIR)/headroom
	install -Dm644 completions/_headroom $(DESTDIR)$(ZSHCOMPDIR)/_headroom
	if [ -f $(BUILD)/headroom-win.exe ]; then \
	    install -Dm644 $(BUILD)/headroom-win.exe $(DESTDIR)$(LIBEXECDIR)/headroom-win.exe; fi
	if [ -f contrib/headroom-watch.service ]; then \
	    install -d $(DESTDIR)$(UNITDIR) && \
	    sed 's|/usr/bin/headroom|$(BINDIR)/headroom|g' contrib/headroom-watch.service \
	        > $(DESTDIR)$(UNITDIR)/headroom-watch.service && \
	    chmod 644 $(DESTDIR)$(UNITDIR)/headroom-watch.service; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/headroom $(DESTDIR)$(BASHCOMPDIR)/headroom \
	    $(DESTDIR)$(ZSHCOMPDIR)/_headroom $(DESTDIR)$(LIBEXECDIR)/headroom-win.exe \
	    $(DESTDIR)$(LIBEXECDIR)/headroom-watch \
	    $(DESTDIR)$(UNITDIR)/headroom-watch.service \
	    $(patsubst man/%,$(DESTDIR)$(MANDIR)/%,$(MANPAGES)) \
	    $(patsubst man/%,$(DESTDIR)$(MAN7DIR)/%,$(MAN7PAGES))
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2> /dev/null

# The Debian package, built with dpkg-buildpackage in a clean copy of the tree
# and put here: then `sudo apt install ./headroom_*.deb`.
deb:
	@tools/deps.sh deb
	@tools/build-deb.sh .

# The Debian package, built and installed for real (not part of make check:
# it needs debhelper and lintian, and installs the package on this machine).
check-package:
	@tools/deps.sh package
	@tools/check-package.sh

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h src/*.h tests/unit/*.c tests/tools/*.c tests/tools/lib/*.[ch] fuzz/*.c tools/*.c)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# The Windows helper (win/helper/*.c), cross-compiled with Debian's mingw-w64:
# `make win` -> $(BUILD)/headroom-win.exe. Part of the normal build (and of
# `make check`, which installs the cross-compiler and Wine) when the compiler
# is there; without it everything else still builds.
MINGW_CC   ?= x86_64-w64-mingw32-gcc
WIN_CFLAGS ?= -O2 -s
WIN_SRCS   := $(sort $(wildcard win/helper/*.c))
WIN_EXE    := $(BUILD)/headroom-win.exe
.PHONY: win bench-win
win: $(WIN_EXE)
$(WIN_EXE): $(WIN_SRCS) $(wildcard win/helper/*.h) src/out/json.c src/out/json.h
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  MINGW $@")
	$(Q)$(MINGW_CC) -std=c11 -Wall -Wextra -Werror -Wshadow -Wformat=2 -D_WIN32_WINNT=0x0A00 \
	    -Isrc $(WIN_CFLAGS) -o $@ $(WIN_SRCS) src/out/json.c -liphlpapi -ladvapi32 -lpdh
ifneq ($(shell command -v $(MINGW_CC) 2>/dev/null),)
all: $(WIN_EXE)
tests: $(WIN_EXE)
endif

bench-win: $(BIN) win
	@bench/win-helper-vs-cmd.sh

# headroom watch for 2 minutes at 100 ms over a test root whose /proc files
# vanish and come back (make check runs the same test for 10 s).
.PHONY: soak bench-watch
soak: tests
	@SOAK_SECONDS=$${SOAK_SECONDS:-120} HEADROOM=$(CURDIR)/$(BIN) BUILD_DIR=$(CURDIR)/$(BUILD) \
	    bash tests/cli/watch-soak.sh

# The live kernel tests LIVE_RUNS times (20), each after another page cache
# state (a 2 GiB file read, find / -xdev, 4 GiB of anonymous memory released).
LIVE_RUNS ?= 20
.PHONY: live-repeat
live-repeat:
	@BUILD_DIR=$(CURDIR)/$(BUILD) tools/live-repeat.sh $(LIVE_RUNS)

# headroom watch beside earlyoom for BENCH_SECONDS (600) at 1 Hz: RSS and CPU time.
bench-watch: $(BIN) $(WATCH_BIN)
	@bench/watch-vs-earlyoom.sh $(BIN)

# headroom fit against real llama.cpp (node-llama-cpp from npm, CPU): the
# accuracy table, the differential test against @huggingface/gguf and the
# header-reading speed comparison. Not part of `make check` (long).
bench-fit: $(BIN) $(TOOL_BINS)
	@bench/fit-accuracy.sh
.PHONY: bench-fit

# fit against real whisper.cpp (@fugood/whisper.node's library; FIT_WHISPER_SRC=DIR
# measures with a native build of a whisper.cpp checkout, much faster)
bench-fit-whisper: $(BIN) $(TOOL_BINS)
	@bench/fit-whisper.sh
.PHONY: bench-fit-whisper

# fit URL against @huggingface/gguf on the same URLs of a local nginx: bytes,
# requests and wall time from the server's log (bench/fit-remote.sh)
bench-fit-remote: $(BIN) $(TOOL_BINS)
	@bench/fit-remote.sh
.PHONY: bench-fit-remote

# headroom's GGUF reader against ggml's own (gguf.cpp from the llama.cpp that
# node-llama-cpp ships), over a generated corpus: verdicts and values.
gguf-parity:
	@tests/parity/gguf-parity.sh
.PHONY: gguf-parity

# A long libFuzzer run of one target (ASan+UBSan), printing its execution
# count: make fuzz-long FUZZ=fuzz-wslconfig FUZZ_SECONDS=3600 [FUZZ_MAX_LEN=4096]
FUZZ ?= fuzz-wslconfig
fuzz-long:
	@tools/deps.sh fuzz
	@tools/fuzz.sh long $(FUZZ_SECONDS) $(FUZZ)
