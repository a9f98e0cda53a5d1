# frontdoor build. `make` builds build/frontdoor; `make run` sets up and serves the demo council;
# `make test` runs every suite; `make bench` runs the benchmarks; `make fuzz [FUZZ_SECONDS=N]
# [FUZZ_TARGETS="email ics"]` fuzzes the parsers of outside input (clang; docs/fuzzing.md).
# Sources are found by wildcard: a new module is a new src/<layer>/<name>.c and .h, a new unit
# test tests/unit/test_<name>.c, a new fuzz harness tests/fuzz/fuzz_<name>.c.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium libical libcurl gmime-3.0
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wvla \
           -Wwrite-strings -Wformat=2 -Werror
DEFS    := -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS  ?= -O2 -g
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS  = $(WARN) $(DEFS) $(CFLAGS) -Isrc -Ibuild/gen $(PKG_CFLAGS) -MMD -MP
LIBS        = $(PKG_LIBS) -lpthread -lm
SAN_FLAGS  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC      := $(sort $(shell find src -name '*.c'))
LIB_SRC  := $(filter-out src/main.c,$(SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
# helpers shared by the unit tests (a throw-away database, ...), linked into each of them
UNIT_SUPPORT := $(sort $(wildcard tests/unit/support/*.c))
WEB_FILES := $(sort $(shell find web -type f 2>/dev/null))
GOVUK := node_modules/govuk-frontend/dist/govuk
MOJ   := node_modules/@ministryofjustice/frontend/moj
# The GDS Transport font and the crown are for GOV.UK domains only, so they are not shipped.
VENDOR_GOVUK := $(GOVUK)/govuk-frontend.min.js
VENDOR_IMAGES := $(GOVUK)/assets/images/favicon.ico $(GOVUK)/assets/images/favicon.svg
VENDOR_MOJ := $(MOJ)/moj-frontend.min.css $(MOJ)/moj-frontend.min.js
VENDOR_MOJ_IMAGES := $(sort $(wildcard $(MOJ)/assets/images/*.svg))

MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
OBJ      := $(LIB_SRC:%.c=build/obj/%.o) build/obj/gen/assets.o build/obj/gen/migrations.o
SAN_OBJ  := $(LIB_SRC:%.c=build/san/%.o) build/san/gen/assets.o build/san/gen/migrations.o
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
SAN_BIN  := $(UNIT_SRC:tests/unit/%.c=build/tests-san/%)

# Fuzz harnesses (docs/fuzzing.md): each tests/fuzz/fuzz_NAME.c is built twice — with clang and
# libFuzzer as build/fuzz/fuzz_NAME for `make fuzz`, and with $(CC) and tests/fuzz/replay.c as
# build/tests/test_fuzz_NAME (and its ASan+UBSan twin), which the unit suites run over the
# committed corpus tests/fuzz/corpus/NAME.
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES  := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
REPLAY_BIN  := $(FUZZ_NAMES:%=build/tests/test_fuzz_%)
REPLAY_SAN_BIN := $(FUZZ_NAMES:%=build/tests-san/test_fuzz_%)
FUZZ_CC     ?= clang
FUZZ_SECONDS ?= 60
# clang's -Wformat=2 also flags vsnprintf on a format passed in, which gcc accepts
FUZZ_FLAGS  := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
               -Wno-format-nonliteral
FUZZ_OBJ    := $(LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_BIN    := $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

.PHONY: all run test unit unit-san api browser bench bootstrap clean format lint fuzz fuzz-build
all: build/frontdoor

bootstrap:
	@scripts/bootstrap

# npm packages (GOV.UK Frontend, Sass) are needed to build the web assets.
node_modules/.frontdoor-stamp: package.json package-lock.json
	@scripts/bootstrap

build/frontdoor: build/obj/src/main.o build/libfrontdoor.a
	@echo "  LINK    $@"
	@$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/libfrontdoor.a: $(OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/libfrontdoor-san.a: $(SAN_OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	@$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -c -o $@ $<

# Web assets are compiled into the binary: one file deploys.
build/embed: tools/embed.c
	@mkdir -p build
	$(CC) $(WARN) $(DEFS) -O2 -o $@ $<

# GOV.UK Frontend's Sass compiled with frontdoor's settings (styles/govuk.scss): no GDS
# Transport font, so no @font-face and no font requests.
build/gen/css/govuk-frontend.min.css: styles/govuk.scss node_modules/.frontdoor-stamp
	@mkdir -p $(dir $@)
	@echo "  SASS    $@"
	@node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
	    --quiet-deps $< $@

build/gen/assets.c: build/embed Makefile $(WEB_FILES) api/openapi.json $(VENDOR_GOVUK) \
    $(VENDOR_IMAGES) $(VENDOR_MOJ) $(VENDOR_MOJ_IMAGES) build/gen/css/govuk-frontend.min.css
	@mkdir -p build/gen
	@echo "  EMBED   $@"
	@build/embed $@ web /static $(WEB_FILES) -- api /api api/openapi.json \
	    -- build/gen/css /assets build/gen/css/govuk-frontend.min.css \
	    -- $(GOVUK) /assets $(VENDOR_GOVUK) \
	    -- $(GOVUK)/assets /assets $(VENDOR_IMAGES) \
	    -- $(MOJ) /assets/moj $(VENDOR_MOJ) \
	    -- $(MOJ)/assets /assets $(VENDOR_MOJ_IMAGES)

# Schema migrations are numbered .sql files, compiled in the same way.
build/gen/migrations.c: build/embed $(MIGRATIONS) Makefile
	@mkdir -p build/gen
	@echo "  EMBED   $@"
	@build/embed $@ --table migrations src/store/migrations '' $(MIGRATIONS)

build/obj/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(DEFS) -O1 -Isrc -c -o $@ $<

build/san/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	@$(CC) $(DEFS) -O1 -Isrc -c -o $@ $<

build/tests/%: tests/unit/%.c $(UNIT_SUPPORT) build/libfrontdoor.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(UNIT_SUPPORT) build/libfrontdoor.a $(LIBS) -lcmocka

build/tests-san/%: tests/unit/%.c $(UNIT_SUPPORT) build/libfrontdoor-san.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -Itests -o $@ $< $(UNIT_SUPPORT) build/libfrontdoor-san.a $(LIBS) -lcmocka

# A harness replayed over its corpus: one test per input (tests/fuzz/replay.c).
build/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h build/libfrontdoor.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -Itests/fuzz -DFUZZ_CORPUS='"tests/fuzz/corpus/$*"' -o $@ $< \
	    tests/fuzz/replay.c build/libfrontdoor.a $(LIBS)

build/tests-san/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h \
    build/libfrontdoor-san.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -O1 $(SAN_FLAGS) -Itests/fuzz -DFUZZ_CORPUS='"tests/fuzz/corpus/$*"' \
	    -o $@ $< tests/fuzz/replay.c build/libfrontdoor-san.a $(LIBS)

# The library again for libFuzzer: clang, coverage instrumentation, ASan and UBSan.
build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC-FUZZ $<"
	@$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build/fuzz/libfrontdoor-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	@ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libfrontdoor-fuzz.a
	@echo "  LINK    $@"
	@$(FUZZ_CC) $(ALL_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
	    build/fuzz/libfrontdoor-fuzz.a $(LIBS)

fuzz-build: $(FUZZ_BIN)

# Checks for clang and libFuzzer, builds the harnesses, runs each for FUZZ_SECONDS.
fuzz:
	@FUZZ_CC="$(FUZZ_CC)" FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" \
	    scripts/run-fuzz $(FUZZ_NAMES)

run: bootstrap build/frontdoor
	@scripts/run-demo

test: bootstrap build/frontdoor $(UNIT_BIN) $(SAN_BIN) $(REPLAY_BIN) $(REPLAY_SAN_BIN) \
    build/bench/loadgen build/bench/raw_sqlite
	@scripts/run-tests

unit: $(UNIT_BIN) $(REPLAY_BIN)
	@scripts/run-tests unit

unit-san: $(SAN_BIN) $(REPLAY_SAN_BIN)
	@scripts/run-tests unit-san

api: build/frontdoor
	@scripts/run-tests api

browser: build/frontdoor
	@scripts/run-tests browser

# Benchmarks that drive the store directly link the library.
build/bench/clocks: bench/clocks.c build/libfrontdoor.a
	@mkdir -p $(dir $@)
	@echo "  LINK    $@"
	@$(CC) $(ALL_CFLAGS) -o $@ $< build/libfrontdoor.a $(LIBS)

build/bench/%: bench/%.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O2 -g -o $@ $< $(PKG_CFLAGS) $(PKG_LIBS) -lpthread -lm

bench: bootstrap build/frontdoor build/bench/loadgen build/bench/raw_sqlite build/bench/clocks
	@scripts/run-bench

lint:
	@scripts/check-source

format:
	clang-format -i $(SRC) $(shell find src tests/unit tests/fuzz -name '*.h') $(UNIT_SRC) $(UNIT_SUPPORT) \
	    $(FUZZ_SRC) tests/fuzz/replay.c

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(wildcard build/tests/*.d build/tests-san/*.d)
-include $(wildcard $(FUZZ_OBJ:.o=.d) build/fuzz/*.d)
