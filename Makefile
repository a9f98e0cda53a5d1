# frontdoor build. `make` builds build/frontdoor; `make run` sets up and serves the demo council;
# `make test` runs every suite; `make bench` runs the benchmarks. Sources are found by wildcard:
# a new module is a new src/<layer>/<name>.c and .h, a new unit test tests/unit/test_<name>.c.

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

.PHONY: all run test unit unit-san api browser bench bootstrap clean format lint
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

run: bootstrap build/frontdoor
	@scripts/run-demo

test: bootstrap build/frontdoor $(UNIT_BIN) $(SAN_BIN) build/bench/loadgen build/bench/raw_sqlite
	@scripts/run-tests

unit: $(UNIT_BIN)
	@scripts/run-tests unit

unit-san: $(SAN_BIN)
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
	clang-format -i $(SRC) $(shell find src tests/unit -name '*.h') $(UNIT_SRC) $(UNIT_SUPPORT)

clean:
	rm -rf build

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(wildcard build/tests/*.d build/tests-san/*.d)
