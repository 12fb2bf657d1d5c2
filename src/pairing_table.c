/*-------------------------------------------------------------------------
 *
 * pairing_table.c
 *	  The per-conversation hash table of the pairing aggregates (see
 *	  pairing_table.h).  No fmgr, no ereport.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "compat.h"

#include "pairing_table.h"

/* At most 3/4 of the slots in use: short probe sequences, and a free slot. */
#define MAX_USED(nslots)	((nslots) / 4 * 3)

/*
 * SipHash-1-3 of bytes under the table's 128-bit seed.  Not a plain
 * multiply-xorshift: in one, two ids that differ only in the top bit of a
 * word reach the same state after one more word whatever the seed, so a
 * crafted set of ids collides under every seed (40,000 such uuids made
 * one group 20x slower).  SipHash is keyed for exactly this (Python and
 * Rust hash their dictionaries' strings with it).
 */
#define ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND \
	do { \
		v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
		v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
		v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
		v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
	} while (0)

static uint32
HashBytes(const SmConvTable *t, const char *p, uint32 len)
{
	uint64		v0 = t->seed[0] ^ UINT64CONST(0x736f6d6570736575);
	uint64		v1 = t->seed[1] ^ UINT64CONST(0x646f72616e646f6d);
	uint64		v2 = t->seed[0] ^ UINT64CONST(0x6c7967656e657261);
	uint64		v3 = t->seed[1] ^ UINT64CONST(0x7465646279746573);
	uint64		b = (uint64) len << 56;
	uint64		m;

	while (len >= 8)
	{
		memcpy(&m, p, 8);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
		p += 8;
		len -= 8;
	}
	m = 0;
	if (len > 0)
		memcpy(&m, p, len);
	b |= m;
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return (uint32) (v0 ^ v1 ^ v2 ^ v3);
}

/* The caller's check for interrupts, every SM_CONV_CHECK_EVERY steps. */
static inline void
Check(const SmConvTable *t, uint64 step)
{
	if ((step & (SM_CONV_CHECK_EVERY - 1)) == 0 && t->alloc.interrupts)
		t->alloc.interrupts();
}

void
sm_conv_init(SmConvTable *t, SmConvKind kind, uint32 entry_size,
			 const SmConvAlloc *alloc)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->entry_size = entry_size;
	t->alloc = *alloc;
}

void
sm_conv_free(SmConvTable *t)
{
	if (t->slots)
		t->alloc.free(t->alloc.arg, t->slots);
	if (t->arena)
		t->alloc.free(t->alloc.arg, t->arena);
	t->slots = NULL;
	t->arena = NULL;
	t->nslots = t->nused = t->arena_used = t->arena_cap = 0;
	t->last = NULL;
}

/* Whether a used slot holds this id (tag: the id's, SM_CONV_USED set). */
static inline bool
SameKey(const SmConvTable *t, const SmConvSlot *s, uint32 tag, int64 id,
		const char *key, uint32 len)
{
	if (t->kind == SM_CONV_INT8)
		return s->key == (uint64) id;
	return s->tag == tag && sm_conv_key_len(t, s) == len &&
		memcmp(t->arena + s->key, key, len) == 0;
}

/*
 * The tag of an id: its hash, marked used.  Lookups and Grow() both place
 * an id at tag & mask, so the mark is harmless (the callers' ceilings keep
 * tables far below 2^31 slots, where bit 31 would start to matter).
 */
static inline uint32
Tag(const SmConvTable *t, int64 id, const char *key, uint32 len)
{
	return (t->kind == SM_CONV_INT8 ? sm_conv_hash_int8(t, (uint64) id) :
			HashBytes(t, key, len)) | SM_CONV_USED;
}

static inline void
SetLast(SmConvTable *t, SmConvSlot *s)
{
	t->last = s;
	t->last_key = s->key;
	t->last_tag = s->tag;
}

/* Doubles the table (or creates it), moving every used slot. */
static void
Grow(SmConvTable *t)
{
	uint64		nslots = t->nslots ? t->nslots * 2 : SM_CONV_MIN_SLOTS;
	char	   *slots = t->alloc.alloc(t->alloc.arg, nslots * t->entry_size);
	uint64		mask = nslots - 1;
	uint64		i;

	memset(slots, 0, nslots * t->entry_size);
	for (i = 0; i < t->nslots; i++)
	{
		SmConvSlot *s = sm_conv_slot(t, i);
		uint64		j;
		uint64		step = 1;

		Check(t, i);
		if (s->tag == 0)
			continue;
		j = s->tag & mask;
		while (((SmConvSlot *) (slots + j * t->entry_size))->tag != 0)
		{
			Check(t, step++);
			j = (j + 1) & mask;
		}
		memcpy(slots + j * t->entry_size, s, t->entry_size);
	}
	if (t->slots)
		t->alloc.free(t->alloc.arg, t->slots);
	t->slots = slots;
	t->nslots = nslots;
	t->last = NULL;
}

/* Copies a key's length and bytes into the arena; returns the bytes' offset. */
static uint64
ArenaAdd(SmConvTable *t, const char *key, uint32 len)
{
	uint64		off;
	uint64		need = (uint64) len + sizeof(uint32);

	if (t->arena_cap - t->arena_used < need)
	{
		/* small at first, as SM_CONV_MIN_SLOTS */
		uint64		cap = Max(t->arena_cap * 2, (uint64) 64);

		while (cap - t->arena_used < need)
			cap *= 2;
		t->arena = t->arena ? t->alloc.realloc(t->alloc.arg, t->arena, cap)
			: t->alloc.alloc(t->alloc.arg, cap);
		t->arena_cap = cap;
	}
	memcpy(t->arena + t->arena_used, &len, sizeof(uint32));
	off = t->arena_used + sizeof(uint32);
	if (len > 0)
		memcpy(t->arena + off, key, len);
	t->arena_used = off + len;
	return off;
}

SmConvSlot *
sm_conv_find(const SmConvTable *t, int64 id, const char *key, uint32 len)
{
	uint32		tag;
	uint64		mask;
	uint64		i;
	uint64		step = 0;

	if (t->nslots == 0)
		return NULL;
	tag = Tag(t, id, key, len);
	mask = t->nslots - 1;
	for (i = tag & mask;; i = (i + 1) & mask)
	{
		SmConvSlot *s = sm_conv_slot(t, i);

		Check(t, ++step);
		if (s->tag == 0)
			return NULL;
		if (SameKey(t, s, tag, id, key, len))
			return s;
	}
}

/*
 * A lookup whose tag is known, past the check of the last slot found: the
 * probe, and the insertion of a new conversation.
 */
static pg_attribute_always_inline SmConvSlot *
Probe(SmConvTable *t, uint32 tag, int64 id, const char *key, uint32 len,
	  bool *found)
{
	uint64		mask;
	uint64		i;
	uint64		step = 0;
	SmConvSlot *s;

	if (unlikely(t->nused >= MAX_USED(t->nslots)))
		Grow(t);
	mask = t->nslots - 1;
	for (i = tag & mask;; i = (i + 1) & mask)
	{
		s = sm_conv_slot(t, i);
		Check(t, ++step);
		if (s->tag == 0)
			break;
		if (SameKey(t, s, tag, id, key, len))
		{
			*found = true;
			SetLast(t, s);
			return s;
		}
	}
	/* a new conversation in the free slot s (zeroed) */
	s->tag = tag;
	s->key = t->kind == SM_CONV_INT8 ? (uint64) id : ArenaAdd(t, key, len);
	t->nused++;
	*found = false;
	SetLast(t, s);
	return s;
}

/* Whether the last slot found holds this bytes id (tag: the id's). */
static inline bool
IsLastBytes(const SmConvTable *t, uint32 tag, const char *key, uint32 len)
{
	/* the hash agrees first: the bytes are compared anyway */
	return t->last != NULL && t->last_tag == tag &&
		sm_conv_arena_len(t, t->last_key) == len &&
		memcmp(t->arena + t->last_key, key, len) == 0;
}

SmConvSlot *
sm_conv_lookup(SmConvTable *t, int64 id, const char *key, uint32 len,
			   bool *found)
{
	uint32		tag;

	if (t->kind == SM_CONV_INT8)
	{
		/* the same conversation as the previous row: no hashing, no probing */
		if (t->last != NULL && t->last_key == (uint64) id)
		{
			*found = true;
			return t->last;
		}
		tag = Tag(t, id, key, len);
	}
	else
	{
		tag = Tag(t, id, key, len);
		if (IsLastBytes(t, tag, key, len))
		{
			*found = true;
			return t->last;
		}
	}
	return Probe(t, tag, id, key, len, found);
}

SmConvSlot *
sm_conv_lookup_tagged(SmConvTable *t, uint32 tag, const char *key,
					  uint32 len, bool *found)
{
	Assert(t->kind != SM_CONV_INT8);
	if (IsLastBytes(t, tag, key, len))
	{
		*found = true;
		return t->last;
	}
	return Probe(t, tag, 0, key, len, found);
}

uint32
sm_conv_tag_bytes(const SmConvTable *t, const char *key, uint32 len)
{
	return HashBytes(t, key, len) | SM_CONV_USED;
}

int
sm_conv_compare(const SmConvTable *t, const SmConvSlot *a,
				const SmConvSlot *b)
{
	uint32		la;
	uint32		lb;
	int			c;

	if (t->kind == SM_CONV_INT8)
	{
		int64		x = (int64) a->key;
		int64		y = (int64) b->key;

		return (x > y) - (x < y);
	}
	la = sm_conv_key_len(t, a);
	lb = sm_conv_key_len(t, b);
	c = memcmp(t->arena + a->key, t->arena + b->key, Min(la, lb));
	if (c != 0)
		return c;
	return (la > lb) - (la < lb);
}

/*
 * Bottom-up merge sort of n slot pointers by sm_conv_compare (no
 * recursion, no libc qsort); scratch has room for n pointers.
 */
static void
MergeSort(const SmConvTable *t, SmConvSlot **v, SmConvSlot **scratch,
		  uint64 n)
{
	uint64		i;
	uint64		width;
	SmConvSlot **src = v;
	SmConvSlot **dst = scratch;

	/* runs of 8 by insertion sort first */
	for (i = 0; i < n; i += 8)
	{
		uint64		end = Min(i + 8, n);
		uint64		j;

		Check(t, i);

		for (j = i + 1; j < end; j++)
		{
			SmConvSlot *x = src[j];
			uint64		k = j;

			while (k > i && sm_conv_compare(t, src[k - 1], x) > 0)
			{
				src[k] = src[k - 1];
				k--;
			}
			src[k] = x;
		}
	}
	for (width = 8; width < n; width *= 2)
	{
		SmConvSlot **tmp;

		for (i = 0; i < n; i += 2 * width)
		{
			uint64		lo = i;
			uint64		mid = Min(i + width, n);
			uint64		hi = Min(i + 2 * width, n);
			uint64		a = lo;
			uint64		b = mid;
			uint64		k = lo;

			Check(t, i / 2);
			while (a < mid && b < hi)
				dst[k++] = sm_conv_compare(t, src[b], src[a]) < 0 ? src[b++] : src[a++];
			while (a < mid)
				dst[k++] = src[a++];
			while (b < hi)
				dst[k++] = src[b++];
		}
		tmp = src;
		src = dst;
		dst = tmp;
	}
	if (src != v)
		memcpy(v, src, n * sizeof(SmConvSlot *));
}

/*
 * The radix key of a slot: its place in the canonical order as far as 8
 * bytes tell it.  bigint: the id with its sign bit flipped (unsigned order
 * is then the signed order), exact.  Bytes: the 8 bytes after the first
 * skip, which every id shares, big-endian and zero-padded; a smaller key
 * is a smaller id (past its end, a shorter id reads as zeros, and it sorts
 * first), and equal keys leave the order to sm_conv_compare.
 */
static inline uint64
RadixKey(const SmConvTable *t, const SmConvSlot *s, uint32 skip)
{
	const unsigned char *b;
	uint32		len;
	uint64		k = 0;
	uint32		j;

	if (t->kind == SM_CONV_INT8)
		return s->key ^ (UINT64CONST(1) << 63);
	b = (const unsigned char *) sm_conv_key_bytes(t, s);
	len = sm_conv_key_len(t, s);
	for (j = skip; j < skip + 8; j++)
		k = (k << 8) | (j < len ? b[j] : 0);
	return k;
}

/*
 * The used slots in canonical order.  A merge sort of pointers by
 * sm_conv_compare cost a cache miss per comparison once the table
 * outgrew the caches (a third of a parallel worker's time on one group of
 * 2.5M conversations, perf): instead, an LSD radix sort of 8-byte keys,
 * one byte a pass, each pass two sequential sweeps, and a pass skipped
 * when every key has the same byte there (ids below 2^24 need 3 of the 8).
 * For bytes ids the keys skip the prefix that every id shares ("conv-"),
 * and runs of equal keys are then sorted by sm_conv_compare.  O(n).
 */
void
sm_conv_sorted(const SmConvTable *t, SmConvSlot **out, SmConvSlot **scratch)
{
	uint64		n = 0;
	uint64		i;
	uint32		skip = 0;
	SmConvSlot **result = out;
	uint64	   *keybuf;
	uint64	   *key;
	uint64	   *key2;
	uint64		(*count)[256];
	int			d;

	for (i = 0; i < t->nslots; i++)
	{
		SmConvSlot *s = sm_conv_slot(t, i);

		Check(t, i);
		if (s->tag != 0)
			out[n++] = s;
	}
	if (n < 2)
		return;
	if (t->kind != SM_CONV_INT8)
	{
		/* the longest prefix that every id shares */
		const char *first = sm_conv_key_bytes(t, out[0]);

		skip = sm_conv_key_len(t, out[0]);
		for (i = 1; i < n && skip > 0; i++)
		{
			const char *b = sm_conv_key_bytes(t, out[i]);
			uint32		len = Min(skip, sm_conv_key_len(t, out[i]));
			uint32		j = 0;

			Check(t, i);
			while (j < len && b[j] == first[j])
				j++;
			skip = j;
		}
	}

	keybuf = t->alloc.alloc(t->alloc.arg, 2 * n * sizeof(uint64));
	key = keybuf;
	key2 = keybuf + n;
	count = t->alloc.alloc(t->alloc.arg, 8 * sizeof(*count));
	memset(count, 0, 8 * sizeof(*count));
	for (i = 0; i < n; i++)
	{
		uint64		k = RadixKey(t, out[i], skip);

		Check(t, i);
		key[i] = k;
		for (d = 0; d < 8; d++)
			count[d][(k >> (8 * d)) & 0xff]++;
	}
	for (d = 0; d < 8; d++)
	{
		uint64		sum = 0;
		uint64	   *tk;
		SmConvSlot **tp;
		int			b;

		if (count[d][(key[0] >> (8 * d)) & 0xff] == n)
			continue;			/* one value of this byte: nothing moves */
		for (b = 0; b < 256; b++)
		{
			uint64		c = count[d][b];

			count[d][b] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
		{
			uint64		at = count[d][(key[i] >> (8 * d)) & 0xff]++;

			Check(t, i);
			key2[at] = key[i];
			scratch[at] = out[i];
		}
		tk = key;
		key = key2;
		key2 = tk;
		tp = out;
		out = scratch;
		scratch = tp;
	}
	/* after an odd number of passes the sorted pointers are in scratch */
	if (out != result)
	{
		memcpy(result, out, n * sizeof(SmConvSlot *));
		scratch = out;
		out = result;
	}
	/* bytes ids: equal keys, sorted by the ids themselves */
	if (t->kind != SM_CONV_INT8)
	{
		uint64		lo = 0;

		for (i = 1; i <= n; i++)
		{
			Check(t, i);
			if (i < n && key[i] == key[lo])
				continue;
			if (i - lo > 1)
				MergeSort(t, out + lo, scratch, i - lo);
			lo = i;
		}
	}
	t->alloc.free(t->alloc.arg, count);
	t->alloc.free(t->alloc.arg, keybuf);
}
