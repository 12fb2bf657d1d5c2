/*-------------------------------------------------------------------------
 *
 * social_metrics.c
 *	  Module magic and library initialisation.  Nothing else lives here:
 *	  each feature has its own file.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"
#include "compat.h"

#include "fmgr.h"

/* the Makefile passes the control file's default_version */
#ifndef SM_MODULE_VERSION
#error "SM_MODULE_VERSION is not defined: build with the project's Makefile"
#endif

SM_MODULE_MAGIC;
