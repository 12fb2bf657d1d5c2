# social_metrics: PGXS build.
#
# The install scripts are assembled from one fragment per feature
# (src/sql/<version>/NN_feature.sql), see "Releases" below.
# Warnings are not errors here (a user's newer compiler must not break the
# build); CI passes -Werror through PG_CFLAGS, see tools/test.sh.

EXTENSION = social_metrics
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
# the module's version for PG_MODULE_MAGIC_EXT (18+), see src/compat.h
PG_CPPFLAGS += -DSM_MODULE_VERSION='"$(EXTVERSION)"'

# Releases.  A released install script is frozen and committed
# ($(EXTENSION)--1.0.0.sql, $(EXTENSION)--1.1.0.sql, and the update scripts
# between them); never edit them.  What the release under work adds
# or changes lives in src/sql/$(EXTVERSION)/NN_feature.sql, one fragment per
# feature, and make assembles two scripts from them:
#  - the update script from the previous release: a guard + the fragments;
#  - the full install script: the previous release's full script + the
#    fragments, so a fresh install and an updated database run the same
#    statements (test/02_update_catalog.sh compares their catalogs).
# To start the next release, see "Release checklist" in HACKING.md.
PREVVERSION = 1.1.0
PREV_SCRIPT = $(EXTENSION)--$(PREVVERSION).sql
UPDATE_SCRIPT = $(EXTENSION)--$(PREVVERSION)--$(EXTVERSION).sql
FRAGMENTS = $(sort $(wildcard src/sql/$(EXTVERSION)/*.sql))

DATA_built = $(EXTENSION)--$(EXTVERSION).sql $(UPDATE_SCRIPT)
DATA = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))

REGRESS = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)

EXTRA_CLEAN = results regression.diffs regression.out

# rebuild objects when a header they include changes
autodepend = yes

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(PREV_SCRIPT) $(FRAGMENTS)
	cat $^ > $@

$(UPDATE_SCRIPT): $(FRAGMENTS)
	{ printf '%s\n' '/* social_metrics update $(PREVVERSION) -> $(EXTVERSION), assembled from src/sql/$(EXTVERSION)/ by make. */' '' \
	  '-- complain if script is sourced in psql, rather than via ALTER EXTENSION' \
	  '\echo Use "ALTER EXTENSION $(EXTENSION) UPDATE TO '"'"'$(EXTVERSION)'"'"'" to load this file. \quit' ''; \
	  cat $^; } > $@

.PHONY: test demo bench
test:
	bash tools/test.sh
demo:
	bash tools/demo.sh
bench:
	bash bench/run.sh

# PGXN distribution: `make dist` zips the committed tree (HEAD) under
# $(EXTENSION)-$(EXTVERSION)/, plus the assembled install script that
# META.json names; test/08_dist.sh checks the zip against META.json.
DIST = $(EXTENSION)-$(EXTVERSION).zip
EXTRA_CLEAN += $(DIST)
.PHONY: dist
dist: $(EXTENSION)--$(EXTVERSION).sql
	git archive --format=zip --prefix=$(EXTENSION)-$(EXTVERSION)/ \
	  --add-file=$(EXTENSION)--$(EXTVERSION).sql -o $(DIST) HEAD
