/*-------------------------------------------------------------------------
 *
 * pairing_reply_wait.c
 *	  Per-message reply waits: the reply_wait_seconds window function.
 *	  (Its one-pass aggregate twin, reply_wait_sketch, is in
 *	  pairing_rws_*.c; both follow the rules of sm_reply_waits in
 *	  pairing.c.)
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "windowapi.h"

#include "pairing.h"
#include "pairing_ids.h"
#include "pairing_reply_wait.h"

PG_FUNCTION_INFO_V1(reply_wait_seconds);

/* ---------- reply_wait_seconds window function ---------- */

/*
 * Per-row facts, computed once per partition on its first row.  wait[] is
 * the number of microseconds from the row's message to the first brand
 * message strictly after it (valid with RW_ANSWERED).
 */
#define RW_SKIP			0x01	/* NULL time or NULL sender: ignored */
#define RW_BRAND		0x02
#define RW_ANSWERED		0x04
#define RW_BLOCK_FIRST	0x08
#define RW_BLOCK_LAST	0x10

typedef struct ReplyWaitPartition
{
	bool		computed;
	int64		nrows;
	uint64	   *wait;
	uint8	   *flags;
} ReplyWaitPartition;

/*
 * The mode argument of reply_wait_seconds and reply_wait_sketch; fname
 * names the caller in the error.
 */
SmReplyWaitMode
sm_reply_wait_mode(text *mode, const char *fname)
{
	const char *s = VARDATA_ANY(mode);
	int			len = VARSIZE_ANY_EXHDR(mode);

	if (len == 11 && pg_strncasecmp(s, "block_start", 11) == 0)
		return SM_RW_BLOCK_START;
	if (len == 5 && pg_strncasecmp(s, "every", 5) == 0)
		return SM_RW_EVERY;
	if (len == 4 && pg_strncasecmp(s, "last", 4) == 0)
		return SM_RW_LAST;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s mode \"%s\" not recognized", fname,
					text_to_cstring(mode)),
			 errhint("Valid modes are \"block_start\" (the default), \"every\" and \"last\".")));
	return SM_RW_BLOCK_START;	/* keep compiler quiet */
}

/*
 * Reads the partition once and computes every row's wait and block flags.
 *
 * A customer message's reply is the first brand message strictly later
 * than it (a brand message at the same instant is not a reply).  Customer
 * messages with the same reply form a block; the first of them in the
 * window's order is the block start, the last is the block's last message.
 * Going backwards over groups of equal times makes this one O(n) pass.
 */
static void
ComputePartition(WindowObject winobj, ReplyWaitPartition *part)
{
	int64		n = WinGetPartitionRowCount(winobj);
	MemoryContext partcxt = GetMemoryChunkContext(part);
	int64	   *times;
	uint8	   *flags;
	bool		have_prev = false;
	TimestampTz prev = 0;
	bool		have_next = false;
	int64		next_brand = 0;
	bool		have_block = false;
	int64		block_reply = 0;
	int64		block_first = -1;
	int64		i;

	if (n > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("reply_wait_seconds cannot handle a partition of more than %d rows",
						PG_INT32_MAX),
				 errhint("Partition the window by conversation.")));

	times = MemoryContextAllocHuge(partcxt, Max(n, 1) * sizeof(int64));
	flags = MemoryContextAllocHuge(partcxt, Max(n, 1));
	memset(flags, 0, Max(n, 1));

	/*
	 * Two forward passes, one per argument: fetching the same row twice in
	 * a row costs the tuplestore a step back and forth, two sequential
	 * passes do not.
	 */
	for (i = 0; i < n; i++)
	{
		bool		isnull;
		bool		isout;
		Datum		d;

		d = WinGetFuncArgInPartition(winobj, 0, (int) i, WINDOW_SEEK_HEAD,
									 false, &isnull, &isout);
		if (isnull || isout)
		{
			flags[i] = RW_SKIP;
			continue;
		}
		times[i] = DatumGetTimestampTz(d);
		sm_pairing_check_time(times[i], "reply_wait_seconds");
		if (have_prev && times[i] < prev)
			ereport(ERROR,
					(errcode(ERRCODE_WINDOWING_ERROR),
					 errmsg("reply_wait_seconds needs its window ordered by the message time"),
					 errdetail("The message time decreases within a partition."),
					 errhint("Use OVER (PARTITION BY conversation ORDER BY at).")));
		prev = times[i];
		have_prev = true;
	}
	for (i = 0; i < n; i++)
	{
		bool		isnull;
		bool		isout;
		Datum		d;

		if (flags[i] & RW_SKIP)
			continue;
		d = WinGetFuncArgInPartition(winobj, 1, (int) i, WINDOW_SEEK_HEAD,
									 false, &isnull, &isout);
		if (isnull || isout)
			flags[i] = RW_SKIP;
		else if (DatumGetBool(d))
			flags[i] = RW_BRAND;
	}

	/*
	 * Backwards, one group of equal times at a time.  wait[] overwrites
	 * times[] for rows already visited; the group test only reads rows not
	 * yet visited.
	 */
	i = n - 1;
	while (i >= 0)
	{
		int64		t;
		bool		group_has_brand = false;
		int64		j;

		CHECK_FOR_INTERRUPTS();
		if (flags[i] & RW_SKIP)
		{
			i--;
			continue;
		}
		t = times[i];
		for (j = i; j >= 0; j--)
		{
			if (flags[j] & RW_SKIP)
				continue;
			if (times[j] != t)
				break;
			if (flags[j] & RW_BRAND)
			{
				group_has_brand = true;
				continue;
			}
			if (!have_next)
				continue;		/* unanswered tail */
			((uint64 *) times)[j] = (uint64) next_brand - (uint64) t;
			flags[j] |= RW_ANSWERED;
			if (have_block && next_brand == block_reply)
			{
				/* same block: this row is earlier, so it is the start now */
				flags[block_first] &= ~RW_BLOCK_FIRST;
				flags[j] |= RW_BLOCK_FIRST;
			}
			else
			{
				flags[j] |= RW_BLOCK_FIRST | RW_BLOCK_LAST;
				have_block = true;
				block_reply = next_brand;
			}
			block_first = j;
		}
		if (group_has_brand)
		{
			next_brand = t;
			have_next = true;
		}
		i = j;
	}

	part->nrows = n;
	part->wait = (uint64 *) times;
	part->flags = flags;
	part->computed = true;
}

/*
 * reply_wait_seconds(at, from_brand [, mode]): on a customer message, the
 * seconds until the first brand message strictly after it, subject to the
 * mode; NULL on brand messages, unanswered messages, rows with a NULL time
 * or sender, and when mode is NULL.
 */
Datum
reply_wait_seconds(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	ReplyWaitPartition *part;
	SmReplyWaitMode mode = SM_RW_BLOCK_START;
	int64		pos;
	uint8		f;

	if (PG_NARGS() >= 3)
	{
		bool		isnull;
		Datum		d = WinGetFuncArgCurrent(winobj, 2, &isnull);

		if (isnull)
			PG_RETURN_NULL();
		mode = sm_reply_wait_mode(DatumGetTextPP(d), "reply_wait_seconds");
	}

	part = (ReplyWaitPartition *)
		WinGetPartitionLocalMemory(winobj, sizeof(ReplyWaitPartition));
	if (!part->computed)
		ComputePartition(winobj, part);

	pos = WinGetCurrentPosition(winobj);
	if (pos < 0 || pos >= part->nrows)
		elog(ERROR, "reply_wait_seconds: row %lld outside its partition",
			 (long long) pos);
	f = part->flags[pos];
	if (!(f & RW_ANSWERED))
		PG_RETURN_NULL();
	switch (mode)
	{
		case SM_RW_EVERY:
			break;
		case SM_RW_BLOCK_START:
			if (!(f & RW_BLOCK_FIRST))
				PG_RETURN_NULL();
			break;
		case SM_RW_LAST:
			if (!(f & RW_BLOCK_LAST))
				PG_RETURN_NULL();
			break;
	}
	PG_RETURN_FLOAT8((double) part->wait[pos] / USECS_PER_SEC);
}
