/*-------------------------------------------------------------------------
 *
 * pairing_table.h
 *	  The per-conversation table of the pairing aggregates
 *	  (first_reply_sketch and companions, reply_wait_sketch): an
 *	  open-addressing hash table (linear probing, load at most 3/4,
 *	  doubling, a hash seeded per table) from a conversation id to a fixed-size entry that the
 *	  caller defines.  O(1) amortized per lookup whatever the order or the
 *	  distribution of the ids.
 *
 *	  Ids are bigint (stored in the slot), or bytes (text, uuid: copied
 *	  into an append-only arena after their 4-byte length; a slot keeps
 *	  the offset).  Two ids are the same only when their bytes are equal:
 *	  a hash collision costs a comparison, never a merge.
 *
 *	  Every slot begins with an SmConvSlot (16 bytes, 4 of them the
 *	  caller's); the caller's entry follows in the same slot (entry_size
 *	  bytes in all, a multiple of 8).  Slots are small on purpose: a
 *	  lookup costs about one cache miss per row when the tables of a
 *	  query outgrow the CPU caches, and a 32-byte slot never straddles two
 *	  cache lines where a 48-byte one does half the time.  Entries move
 *	  when the table grows, so they must not point into the table.
 *
 *	  No fmgr and no ereport: memory comes from the caller's allocator
 *	  (palloc in a memory context in the server, malloc in the fuzz
 *	  target), which raises or aborts on failure.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SM_PAIRING_TABLE_H
#define SM_PAIRING_TABLE_H

typedef enum SmConvKind
{
	SM_CONV_INT8 = 1,			/* bigint ids */
	SM_CONV_TEXT = 2,			/* text ids (bytes, any length) */
	SM_CONV_UUID = 3			/* uuid ids (16 bytes) */
} SmConvKind;

#define SM_CONV_KIND_VALID(k)	((k) >= SM_CONV_INT8 && (k) <= SM_CONV_UUID)
#define SM_CONV_UUID_LEN		16

/*
 * What the table needs from its caller: memory, and (optional) a check
 * for interrupts, called at least every SM_CONV_CHECK_EVERY steps of a
 * loop that can be long (growth, probing, sorting); in the server it is
 * CHECK_FOR_INTERRUPTS(), which may throw.
 */
typedef struct SmConvAlloc
{
	void	   *(*alloc) (void *arg, uint64 size);
	void	   *(*realloc) (void *arg, void *ptr, uint64 size);
	void		(*free) (void *arg, void *ptr);
	void	   *arg;
	void		(*interrupts) (void);
} SmConvAlloc;

#define SM_CONV_CHECK_EVERY		65536

/* The first 16 bytes of every slot. */
typedef struct SmConvSlot
{
	uint64		key;			/* bigint id, or offset of the key bytes in
								 * the arena (their uint32 length before) */
	uint32		tag;			/* 0: free; else the id's hash with
								 * SM_CONV_USED set */
	uint32		aux;			/* the caller's, zeroed on insertion */
} SmConvSlot;

#define SM_CONV_USED			0x80000000U

typedef struct SmConvTable
{
	SmConvKind	kind;
	uint32		entry_size;		/* bytes per slot, SmConvSlot included */
	uint64		seed[2];		/* of the id hash (sm_conv_set_seed) */
	uint64		nslots;			/* a power of two, or 0 before first use */
	uint64		nused;			/* conversations */
	char	   *slots;
	char	   *arena;			/* key bytes of SM_CONV_TEXT/UUID */
	uint64		arena_used;
	uint64		arena_cap;

	/*
	 * The slot found last, with a copy of its key and tag: rows of a
	 * conversation often come together, and with the copy here a row of
	 * another conversation does not touch that slot (a cache miss once a
	 * query has many groups).
	 */
	SmConvSlot *last;
	uint64		last_key;
	uint32		last_tag;
	SmConvAlloc alloc;
} SmConvTable;

/*
 * Small to begin with: a query can have hundreds of thousands of groups of
 * one conversation each (test/59), and doubling makes the growth cheap.
 */
#define SM_CONV_MIN_SLOTS		4

/*
 * murmur3's 64-bit finalizer of the id mixed with the table's seed: every
 * input bit reaches the low bits, and without the seed nobody can choose
 * ids that collide (the finalizer alone can be inverted).
 */
static inline uint32
sm_conv_hash_int8(const SmConvTable *t, uint64 h)
{
	h ^= t->seed[0];
	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64CONST(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return (uint32) h;
}

extern void sm_conv_init(SmConvTable *t, SmConvKind kind, uint32 entry_size,
						 const SmConvAlloc *alloc);
extern void sm_conv_free(SmConvTable *t);

/*
 * Seeds the id hash (before the first insertion).  A random seed per
 * table keeps hash flooding out: ids crafted to collide under one seed
 * are ordinary ids under another.  The seed never reaches the flat forms,
 * which list conversations in id order.  Unseeded (0, 0) is allowed: the
 * fuzz target uses it.
 */
static inline void
sm_conv_set_seed(SmConvTable *t, uint64 k0, uint64 k1)
{
	t->seed[0] = k0;
	t->seed[1] = k1;
}

/*
 * The slot of a conversation, inserted (tag and key set, aux and the
 * caller's part zeroed, *found = false) if absent.  The pointer is valid until the next
 * insertion.  For bigint ids, key/len are ignored and id is used; for
 * bytes, id is ignored.
 */
extern SmConvSlot *sm_conv_lookup(SmConvTable *t, int64 id, const char *key,
								  uint32 len, bool *found);

/*
 * The same for a bytes id whose tag the caller computed beforehand
 * (sm_conv_tag_bytes: the queue hashes a row when it queues it, to
 * prefetch its slot).
 */
extern SmConvSlot *sm_conv_lookup_tagged(SmConvTable *t, uint32 tag,
										 const char *key, uint32 len,
										 bool *found);

/* The tag of a bytes id: its seeded SipHash, with SM_CONV_USED set. */
extern uint32 sm_conv_tag_bytes(const SmConvTable *t, const char *key,
								uint32 len);

/*
 * A queue of rows (id, time, sender) not yet added to a table.
 * Why: once the tables of a query outgrow the CPU caches (2,048 accounts,
 * or one brand's millions of conversations), each row's lookup is a cache
 * miss, and one row at a time those misses come one after another (perf
 * showed them as most of the time).  A caller queues rows, takes them a
 * batch at a time (sm_conv_queue_take) and calls sm_conv_queue_prefetch(q,
 * t, i, n) before adding row i, which prefetches the slots of the rows up to
 * SM_CONV_PREFETCH ahead, so the misses overlap.  Only for callers whose
 * result does not depend on the order of the rows.
 *
 * Bytes ids (text, uuid) are queued with a copy of their bytes (the
 * caller's copy lives in per-row memory) and their tag, computed when the
 * row is queued so that the slot can be prefetched; a second prefetch, a
 * few rows later, fetches the key bytes in the arena of the slot found
 * (then in cache), which the lookup compares.  A key longer than
 * SM_CONV_QUEUE_KEY_MAX bytes is not queued: the caller drains the queue
 * and adds that row at once, so the table still sees the rows in order.
 */
#define SM_CONV_QUEUE			64
#define SM_CONV_PREFETCH		12
#define SM_CONV_PREFETCH_KEY	6	/* rows ahead whose key bytes to fetch */
#define SM_CONV_QUEUE_KEY_MAX	64
#define SM_CONV_QUEUE_BYTES		2048	/* queued key bytes; when a key
										 * does not fit, the queue drains */

/*
 * The rows, allocated by the caller on first use (see sm_conv_enqueue).
 * A bytes row packs its tag, length and offset in keys into id
 * (SM_CONV_QUEUED_KEY): with 2,048 groups each row of a group finds the
 * group's queue out of cache, and a row that touched separate tag, length
 * and fill arrays missed three more cache lines than a bigint row (perf:
 * most of the text ids' extra cost, issue 20 B4).
 */
typedef struct SmConvQueueRows
{
	int64		id[SM_CONV_QUEUE];	/* bigint id; bytes: SM_CONV_QUEUED_KEY */
	int64		at[SM_CONV_QUEUE];
} SmConvQueueRows;

#define SM_CONV_QUEUED_KEY(tag, len, off) \
	((int64) (((uint64) (tag) << 32) | ((uint64) (len) << 16) | (uint64) (off)))
#define SM_CONV_QUEUED_TAG(v)	((uint32) ((uint64) (v) >> 32))
#define SM_CONV_QUEUED_LEN(v)	((uint32) (((uint64) (v) >> 16) & 0xFFFF))
#define SM_CONV_QUEUED_OFF(v)	((uint32) ((uint64) (v) & 0xFFFF))

/* The key bytes of queued bytes rows, allocated with the rows of a bytes table. */
typedef struct SmConvQueueKeys
{
	char		bytes[SM_CONV_QUEUE_BYTES];
} SmConvQueueKeys;

/* Kept in the caller's state: a row reads it with the state's other fields. */
typedef struct SmConvQueue
{
	uint32		n;
	uint32		used;			/* bytes of keys->bytes in use */
	uint64		brand;			/* bit i: row i is from the brand */
	SmConvQueueRows *rows;		/* NULL before first use */
	SmConvQueueKeys *keys;		/* bytes tables: after rows, same chunk */
} SmConvQueue;

StaticAssertDecl(SM_CONV_QUEUE <= 64, "SmConvQueue.brand has a bit per row");
StaticAssertDecl(SM_CONV_QUEUE_KEY_MAX <= SM_CONV_QUEUE_BYTES,
				 "a short key fits an empty queue");
StaticAssertDecl(SM_CONV_QUEUE_BYTES <= 0x10000 && SM_CONV_QUEUE_KEY_MAX <= 0xFFFF,
				 "a queued key's offset and length fit 16 bits each");

/* Queues a row; true when the queue is full (the caller adds the rows). */
static inline bool
sm_conv_queue_push(SmConvQueue *q, int64 id, int64 at, bool from_brand)
{
	q->rows->id[q->n] = id;
	q->rows->at[q->n] = at;
	q->brand |= (uint64) from_brand << q->n;
	return ++q->n == SM_CONV_QUEUE;
}

/*
 * Whether a bytes key of len bytes can be queued now: not too long, and
 * room left for it (else the caller drains the queue first, or adds the
 * row at once when the key is long).
 */
static inline bool
sm_conv_queue_fits(const SmConvQueue *q, uint32 len)
{
	return SM_CONV_QUEUE_BYTES - q->used >= len;
}

/*
 * Queues a row of a bytes table (q->keys allocated, and room checked
 * with sm_conv_queue_fits); true when the queue is full.
 */
static inline bool
sm_conv_queue_push_bytes(SmConvQueue *q, const SmConvTable *t,
						 const char *key, uint32 len, int64 at,
						 bool from_brand)
{
	uint32		off = q->used;

	memcpy(q->keys->bytes + off, key, len);
	q->used = off + len;
	return sm_conv_queue_push(q, SM_CONV_QUEUED_KEY(sm_conv_tag_bytes(t, key, len),
													len, off),
							  at, from_brand);
}

/*
 * Empties the queue and returns its row count and senders; its rows stay
 * readable in q->rows (and q->keys) until the next push.  Emptied before
 * the caller adds them: an error while adding leaves no row to add twice.
 */
static inline uint32
sm_conv_queue_take(SmConvQueue *q, uint64 *brand)
{
	uint32		n = q->n;

	*brand = q->brand;
	q->n = 0;
	q->brand = 0;
	q->used = 0;
	return n;
}

/* Hints that the slot of a bigint id will be looked up soon. */
static inline void
sm_conv_prefetch_int8(const SmConvTable *t, int64 id)
{
#if defined(__GNUC__) || defined(__clang__)
	if (t->nslots > 0)
		__builtin_prefetch(t->slots + ((uint64) sm_conv_hash_int8(t, (uint64) id) & (t->nslots - 1)) * t->entry_size);
#endif
}

/* Before adding row i of n queued rows: prefetches what comes next. */
static inline void
sm_conv_queue_prefetch(const SmConvQueue *q, const SmConvTable *t,
					   uint32 i, uint32 n)
{
	uint32		j;

	if (i == 0)
		for (j = 0; j < n && j < SM_CONV_PREFETCH; j++)
			sm_conv_prefetch_int8(t, q->rows->id[j]);
	else if (i + SM_CONV_PREFETCH - 1 < n)
		sm_conv_prefetch_int8(t, q->rows->id[i + SM_CONV_PREFETCH - 1]);
}

/*
 * Takes the queued rows and hands each to add(arg, id, at, from_brand),
 * prefetching ahead.  Inline, with a constant add that is inline too, the
 * compiler makes one loop of it with no call per row.
 */
typedef void (*SmConvQueueAdd) (void *arg, int64 id, int64 at, bool from_brand);

static inline void
sm_conv_queue_drain(SmConvQueue *q, const SmConvTable *t, SmConvQueueAdd add,
					void *arg)
{
	uint64		brand;
	uint32		n = sm_conv_queue_take(q, &brand);
	uint32		i;

	for (i = 0; i < n; i++)
	{
		sm_conv_queue_prefetch(q, t, i, n);
		add(arg, q->rows->id[i], q->rows->at[i], (brand >> i) & 1);
	}
}

/*
 * Before reading sorted slot i of n (sm_conv_sorted's order, which is not
 * the table's): prefetches slot i + SM_CONV_PREFETCH_SORTED and, for bytes
 * ids, the key bytes of slot i + SM_CONV_PREFETCH_SORTED / 2, whose slot is
 * in cache by then.  Flattening a table that outgrew the caches is
 * otherwise a cache miss per conversation, or two.  Farther ahead than the
 * rows' prefetch: a flattened conversation takes a few nanoseconds, and
 * at 12 ahead the misses were 87 % of flattening a parallel worker's 2
 * million conversations (perf); 48 ahead took 6 to 8 % off sending a state
 * of 2.5 million (CPU time, median of 5).
 */
#define SM_CONV_PREFETCH_SORTED	48

static inline void
sm_conv_prefetch_sorted(const SmConvTable *t, SmConvSlot *const *v,
						uint64 i, uint64 n)
{
#if defined(__GNUC__) || defined(__clang__)
	if (i + SM_CONV_PREFETCH_SORTED < n)
		__builtin_prefetch(v[i + SM_CONV_PREFETCH_SORTED]);
	if (t->kind != SM_CONV_INT8 && i + SM_CONV_PREFETCH_SORTED / 2 < n)
		__builtin_prefetch(t->arena + v[i + SM_CONV_PREFETCH_SORTED / 2]->key);
#endif
}

/* Hints that the slot of a bytes id of this tag will be looked up soon. */
static inline void
sm_conv_prefetch_tag(const SmConvTable *t, uint32 tag)
{
#if defined(__GNUC__) || defined(__clang__)
	if (t->nslots > 0)
		__builtin_prefetch(t->slots + ((uint64) tag & (t->nslots - 1)) * t->entry_size);
#endif
}

/*
 * Hints that the key bytes of the slot a bytes id of this tag probes first
 * will be compared soon; that slot was prefetched rows before, so reading
 * it costs no miss.  Only the first slot: most lookups end there.
 */
static inline void
sm_conv_prefetch_key(const SmConvTable *t, uint32 tag)
{
#if defined(__GNUC__) || defined(__clang__)
	if (t->nslots > 0)
	{
		const SmConvSlot *s = (const SmConvSlot *)
			(t->slots + ((uint64) tag & (t->nslots - 1)) * t->entry_size);

		if (s->tag == tag)
			__builtin_prefetch(t->arena + s->key - sizeof(uint32));
	}
#endif
}

/*
 * As sm_conv_queue_drain, for a bytes table: add(arg, tag, key, len, at,
 * from_brand), key pointing into the queue (valid during the call).
 * Prefetches the slot of the row SM_CONV_PREFETCH ahead and the key bytes
 * of the row SM_CONV_PREFETCH_KEY ahead.
 */
typedef void (*SmConvQueueAddBytes) (void *arg, uint32 tag, const char *key,
									 uint32 len, int64 at, bool from_brand);

static inline void
sm_conv_queue_drain_bytes(SmConvQueue *q, const SmConvTable *t,
						  SmConvQueueAddBytes add, void *arg)
{
	uint64		brand;
	uint32		n = sm_conv_queue_take(q, &brand);
	const int64 *v = q->rows->id;
	uint32		i;

	/* the first rows' key bytes are not prefetched: their slots are not in yet */
	for (i = 0; i < n && i < SM_CONV_PREFETCH; i++)
		sm_conv_prefetch_tag(t, SM_CONV_QUEUED_TAG(v[i]));
	for (i = 0; i < n; i++)
	{
		if (i + SM_CONV_PREFETCH < n)
			sm_conv_prefetch_tag(t, SM_CONV_QUEUED_TAG(v[i + SM_CONV_PREFETCH]));
		if (i + SM_CONV_PREFETCH_KEY < n)
			sm_conv_prefetch_key(t, SM_CONV_QUEUED_TAG(v[i + SM_CONV_PREFETCH_KEY]));
		add(arg, SM_CONV_QUEUED_TAG(v[i]),
			q->keys->bytes + SM_CONV_QUEUED_OFF(v[i]), SM_CONV_QUEUED_LEN(v[i]),
			q->rows->at[i], (brand >> i) & 1);
	}
}

/* The same without inserting: NULL if absent. */
extern SmConvSlot *sm_conv_find(const SmConvTable *t, int64 id,
								const char *key, uint32 len);

/* The slot at position i (0 <= i < nslots), used or not. */
static inline SmConvSlot *
sm_conv_slot(const SmConvTable *t, uint64 i)
{
	return (SmConvSlot *) (t->slots + i * t->entry_size);
}

/* The caller's part of a slot. */
static inline void *
sm_conv_entry(SmConvSlot *s)
{
	return (void *) (s + 1);
}

/* Key bytes and length of a used slot of a bytes table. */
static inline const char *
sm_conv_key_bytes(const SmConvTable *t, const SmConvSlot *s)
{
	return t->arena + s->key;
}

static inline uint32
sm_conv_arena_len(const SmConvTable *t, uint64 off)
{
	uint32		len;

	memcpy(&len, t->arena + off - sizeof(uint32), sizeof(uint32));
	return len;
}

static inline uint32
sm_conv_key_len(const SmConvTable *t, const SmConvSlot *s)
{
	return t->kind == SM_CONV_INT8 ? 8 : sm_conv_arena_len(t, s->key);
}

/*
 * Canonical order of ids: bigint numerically; bytes by memcmp, then the
 * shorter first.  Returns <0, 0, >0.
 */
extern int	sm_conv_compare(const SmConvTable *t, const SmConvSlot *a,
							const SmConvSlot *b);

/*
 * The used slots in canonical order, in out[] (room for t->nused
 * pointers); scratch[] has room for t->nused pointers too, and 16 bytes
 * per conversation more come from the table's allocator while it runs.
 * O(n) for bigint ids (a radix sort); for bytes ids O(n) plus a sort of
 * each run of ids that agree on the 8 bytes after their common prefix.
 */
extern void sm_conv_sorted(const SmConvTable *t, SmConvSlot **out,
						   SmConvSlot **scratch);

#endif							/* SM_PAIRING_TABLE_H */
