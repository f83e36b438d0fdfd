# vvhome: the one entry point. `make run` and `make test` are the whole set-up.
CC ?= cc
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
SAN ?=
OPT ?= -O2 -g
# The version: the newest entry of debian/changelog, so that the package, the
# binaries (--version) and /metrics say the same.
VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog 2>/dev/null)

PKGS := libxml-2.0 libxslt libexslt libmariadb openssl uuid jansson libargon2 libcurl
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lfcgi

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -DVV_VERSION='"$(or $(VERSION),unknown)"' $(OPT) $(WARN) -fPIC -Icore/include -Icore \
	$(PKG_CFLAGS) $(SAN) $(CFLAGS)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)

# The core in layers, one folder each (core/server, core/http, core/render,
# core/db, core/identity, core/tenancy, core/time, core/domain,
# core/memory); vvctl's commands in core/vvctl. No .c at the top of core/.
CORE_MAIN := core/server/main.c
VVCTL_SRC := $(wildcard core/vvctl/*.c)
CORE_SRC := $(filter-out $(CORE_MAIN),$(wildcard core/*/*.c))
CORE_SRC := $(filter-out $(VVCTL_SRC),$(CORE_SRC))
CORE_OBJ := $(CORE_SRC:%.c=$(BUILD)/%.o)
VVCTL_OBJ := $(VVCTL_SRC:%.c=$(BUILD)/%.o)
HEADERS := $(wildcard core/*.h core/*/*.h core/include/vv/*.h)

PLUGINS := $(notdir $(wildcard plugins/*))
PLUGIN_SO := $(PLUGINS:%=$(BUILD)/plugins/%.so)

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Programs the cluster tests run against Galera (not unit tests: they need it).
CLUSTER_SRC := $(wildcard tests/cluster/*.c)
CLUSTER_BIN := $(CLUSTER_SRC:tests/cluster/%.c=$(BUILD)/tests/cluster/%)

.PHONY: all deps run test unit http bench fuzz install clean check-i18n share data deb test-package test-cluster test-fresh
all: $(BUILD)/vvhomed $(BUILD)/vvctl $(PLUGIN_SO) share

# The run-time tree: the core's xsl/ and schema/ with every plugin's
# stylesheets, catalogues, static files and migrations (tools/share.sh).
share:
	@sh tools/share.sh $(BUILD)/share

deps:
	@sh tools/deps.sh
	@sh tools/npm-deps.sh

$(BUILD)/%.o: %.c $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The files that print VERSION are rebuilt when debian/changelog moves on.
$(BUILD)/core/server/main.o $(BUILD)/core/server/metrics.o $(BUILD)/core/vvctl/vvctl.o: debian/changelog

$(BUILD)/libvvcore.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

# -rdynamic: plugins call the core's vv_* functions directly.
$(BUILD)/vvhomed: $(BUILD)/core/server/main.o $(BUILD)/libvvcore.a
	$(CC) $(LDFLAGS_ALL) -rdynamic -o $@ $(BUILD)/core/server/main.o -Wl,--whole-archive $(BUILD)/libvvcore.a -Wl,--no-whole-archive $(PKG_LIBS) -ldl

$(BUILD)/vvctl: $(VVCTL_OBJ) $(BUILD)/libvvcore.a
	$(CC) $(LDFLAGS_ALL) -o $@ $(VVCTL_OBJ) $(BUILD)/libvvcore.a $(PKG_LIBS) -ldl

# A plugin that needs a library of its own names its pkg-config packages in
# plugins/NAME/pkg-config (one line), e.g. "libcurl".
.SECONDEXPANSION:
$(BUILD)/plugins/%.so: $$(wildcard plugins/%/*.c plugins/%/*.h plugins/%/pkg-config) $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Iplugins/$* $(if $(wildcard plugins/$*/pkg-config),$$(pkg-config --cflags $$(cat plugins/$*/pkg-config))) \
		-shared -o $@ $(filter %.c,$^) $(LDFLAGS_ALL) \
		$(if $(wildcard plugins/$*/pkg-config),$$(pkg-config --libs $$(cat plugins/$*/pkg-config)))

$(BUILD)/tests/cluster/%: tests/cluster/%.c $(BUILD)/libvvcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libvvcore.a $(LDFLAGS_ALL) $(PKG_LIBS) -ldl


# test_render loads the real plugins (the menu and the page-wide parts are
# theirs): like vvhomed it exports the whole core to them.
UNIT_CORE = $(BUILD)/libvvcore.a
$(BUILD)/tests/test_render: UNIT_CORE = -rdynamic -Wl,--whole-archive $(BUILD)/libvvcore.a -Wl,--no-whole-archive
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libvvcore.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(UNIT_CORE) $(LDFLAGS_ALL) $(PKG_LIBS) $$(pkg-config --libs check) -ldl

# make run: private MariaDB, vvhomed and nginx under var/, demo data, Ctrl-C stops all.
PORT ?= 8080
run: deps all
	@sh tests/stack/run.sh $(PORT)

# The test build: ASan + UBSan, in its own build directory.
TEST_MAKE = $(MAKE) --no-print-directory BUILD=build/test OPT="-O1 -g -fno-omit-frame-pointer" \
	SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"

test: deps
	@$(TEST_MAKE) all test-bins
	@sh tests/run-all.sh build/test

test-bins: $(UNIT_BIN) $(CLUSTER_BIN)

# Beyond one machine: three Galera nodes, two vvhomed hosts, nginx over both,
# faults under load (tests/cluster/run.sh). make test runs a reduced set.
test-cluster: deps
	@$(TEST_MAKE) all test-bins
	@sh tests/cluster/run.sh build/test

unit: deps
	@$(TEST_MAKE) test-bins
	@sh tests/run-unit.sh build/test

http: deps
	@$(TEST_MAKE) all
	@sh tests/run-http.sh build/test

bench: deps all
	@sh tests/bench/bench.sh $(BUILD)
	@sh tests/bench/pages.sh $(BUILD) $(or $(BENCH_SCALES),100000 1000000)

# make data SCALE=N: the database of make run (var/) replaced by a generated
# provider-sized set (tools/gen-data.py; 1,000,000 events by default).
SCALE ?= 1000000
SEED ?= 1
data: deps all
	@sh tools/data.sh var $(SCALE) $(SEED) $(BUILD)

fuzz: deps
	@FUZZ_RUNS="$(FUZZ_RUNS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" sh tests/fuzz/run.sh $(or $(FUZZ_SECONDS),60)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/vvhome/plugins \
		$(DESTDIR)$(PREFIX)/include/vv $(DESTDIR)$(PREFIX)/share/vvhome \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/share/vvhome/schema \
		$(DESTDIR)$(PREFIX)/share/vvhome/conf
	install -m 755 $(BUILD)/vvhomed $(BUILD)/vvctl $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(PLUGIN_SO) $(DESTDIR)$(PREFIX)/lib/vvhome/plugins/
	install -m 644 core/include/vv/*.h $(DESTDIR)$(PREFIX)/include/vv/
	cp -r $(BUILD)/share/xsl $(DESTDIR)$(PREFIX)/share/vvhome/
	cp -r $(BUILD)/share/schema/. $(DESTDIR)$(PREFIX)/share/vvhome/schema/
	install -d $(DESTDIR)$(PREFIX)/share/vvhome/conf/janus
	for f in conf/vvhome.conf nginx/vvhome-site.conf; do \
		sed -e 's|/usr/local/|$(PREFIX)/|g' $$f > $(DESTDIR)$(PREFIX)/share/vvhome/conf/$${f##*/}; done
	install -m 644 conf/janus/*.in $(DESTDIR)$(PREFIX)/share/vvhome/conf/janus/
	install -m 644 conf/turnserver.conf $(DESTDIR)$(PREFIX)/share/vvhome/conf/
	install -d $(DESTDIR)$(PREFIX)/share/vvhome/nginx
	install -m 644 nginx/janus-gate.js $(DESTDIR)$(PREFIX)/share/vvhome/nginx/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' conf/vvhome-plugin.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/vvhome-plugin.pc

# make deb: the Debian packages vvhome and vvhome-dev in build/deb-out/
# (dpkg-buildpackage with debhelper; tools/deps.sh deb installs the tools).
deb:
	@sh tools/deps.sh deb
	@sh tools/deb.sh

# make test-package: installs the package into a fresh Debian 12 root
# (debootstrap, cached under build/) and checks the shipped files there.
test-package: deb
	@sh tests/package/install.sh

# make test-fresh: `make run` (until /healthz answers) and `make test` in a
# fresh Debian 12 root with only make installed (tests/fresh/run.sh; the
# root is made once, kept under var/fresh-root/). Long: not part of make test.
test-fresh:
	@sh tests/fresh/run.sh

check-i18n:
	@sh tests/check-i18n.sh

clean:
	rm -rf build
