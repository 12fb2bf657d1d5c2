/*-------------------------------------------------------------------------
 *
 * social_metrics.c
 *	  Module magic and library initialisation.  Nothing else lives here:
 *	  each feature has its own file.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
