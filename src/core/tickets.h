/* tickets.h: reading the ticket queue and one conversation. */
#ifndef AFTERCARE_CORE_TICKETS_H
#define AFTERCARE_CORE_TICKETS_H

#include <jansson.h>
#include <stdint.h>

struct db;

enum ticket_sort {
	TICKET_SORT_UPDATED, /* last activity, newest first (the queue) */
	TICKET_SORT_CREATED, /* creation, newest first */
};

struct ticket_filter {
	const char *statuses;   /* JSON array text of statuses, or NULL for all */
	const char *channels;   /* JSON array text of channels, or NULL for all */
	int64_t customer_id;    /* 0: any */
	int64_t assignee_id;    /* 0: any; -1: unassigned */
	const char *fts;        /* an FTS5 query from search_to_fts(), or NULL */
	enum ticket_sort sort;
	int has_cursor;
	int newer;              /* rows newer than the cursor, oldest first */
	int64_t cursor_ts;      /* keyset position: strictly after (ts, id) */
	int64_t cursor_id;
	int limit;
};

/* Encodes / decodes the opaque paging cursor. The decoder returns -1 for
 * anything that is not a cursor for this sort order. */
char *tickets_cursor_encode(enum ticket_sort sort, int64_t ts, int64_t id);
int tickets_cursor_decode(const char *s, enum ticket_sort sort, int64_t *ts, int64_t *id);

/* Returns {"tickets": [...], "next_cursor": "..."|null} (new reference), or
 * NULL with *err (caller frees). */
json_t *tickets_list(struct db *db, const struct ticket_filter *f, char **err);
/* Returns the ticket with its customer, linked order and messages; NULL with
 * *err NULL when there is no such ticket, NULL with *err set on failure. */
json_t *tickets_show(struct db *db, int64_t id, char **err);

#endif
