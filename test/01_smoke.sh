#!/usr/bin/env bash
# The extension loads in a fresh database and its library is ours.
set -euo pipefail
psql -qXAt -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION social_metrics' \
	-c "SELECT extversion FROM pg_extension WHERE extname = 'social_metrics'"
