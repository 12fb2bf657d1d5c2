/*-------------------------------------------------------------------------
 *
 * pairing_reply_wait.h
 *	  What pairing_reply_wait.c (the window function) shares with
 *	  pairing_rws_*.c (the reply_wait_sketch aggregate).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_PAIRING_REPLY_WAIT_H
#define SM_PAIRING_REPLY_WAIT_H

#include "pairing.h"

/* The mode argument ('block_start', 'every', 'last'); 22023 otherwise. */
extern SmReplyWaitMode sm_reply_wait_mode(text *mode, const char *fname);

#endif							/* SM_PAIRING_REPLY_WAIT_H */
