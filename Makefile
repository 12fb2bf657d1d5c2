# social_metrics: PGXS build.
#
# The install script is assembled from one fragment per feature
# (src/sql/NN_feature.sql) so that each feature keeps its SQL next to its C.
# Warnings are not errors here (a user's newer compiler must not break the
# build); CI passes -Werror through PG_CFLAGS, see tools/test.sh.

EXTENSION = social_metrics
EXTVERSION = $(shell sed -n "s/^default_version = '\(.*\)'/\1/p" $(EXTENSION).control)

MODULE_big = $(EXTENSION)
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))

DATA_built = $(EXTENSION)--$(EXTVERSION).sql
DATA = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*.sql))

REGRESS = $(basename $(notdir $(sort $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)

EXTRA_CLEAN = results regression.diffs regression.out

# rebuild objects when a header they include changes
autodepend = yes

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

$(EXTENSION)--$(EXTVERSION).sql: $(sort $(wildcard src/sql/*.sql))
	cat $^ > $@

.PHONY: test demo bench
test:
	bash tools/test.sh
demo:
	bash tools/demo.sh
bench:
	bash bench/run.sh
