# headroom — plain GNU make. Targets:
#   make              build/headroom
#   make check        install missing test packages, build with -Werror, run every
#                     test layer (unit, golden, fuzz-corpus replay, CLI), then all of
#                     it again under ASan+UBSan; ends with "N passed, N failed"
#   make demo         the main job: this machine on WSL2, else the bundled sample
#   make fuzz-smoke   a short libFuzzer run of every fuzz target (clang)
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
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
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

.PHONY: all tests check demo fuzz-smoke bench format clean asan fuzz-long

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

$(BIN): $(BUILD)/obj/src/main.o $(LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/fuzz/%: $(BUILD)/obj/fuzz/%.o $(BUILD)/obj/fuzz/replay-main.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/obj/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

tests: $(BIN) $(UNIT_BINS) $(FUZZ_REPLAY) $(TOOL_BINS)

# The sanitizer build lives in its own tree so both can coexist.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CFLAGS="$(SAN_FLAGS)" \
	    LDFLAGS="-fsanitize=address,undefined" tests

check:
	@tools/deps.sh check
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

bench: $(BIN)
	@bench/status-vs-free.sh $(BIN)

format:
	clang-format -i $(SRCS) $(wildcard src/*/*.h src/*.h tests/unit/*.c tests/tools/*.c fuzz/*.c)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# A long libFuzzer run of one target (ASan+UBSan), printing its execution
# count: make fuzz-long FUZZ=fuzz-wslconfig FUZZ_SECONDS=3600 [FUZZ_MAX_LEN=4096]
FUZZ ?= fuzz-wslconfig
fuzz-long:
	@tools/deps.sh fuzz
	@tools/fuzz.sh long $(FUZZ_SECONDS) $(FUZZ)
