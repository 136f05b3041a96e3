/* ingest.h: storing one parsed message: de-duplicate it, find or create the
 * customer, thread it into a ticket (or open one), link the order it
 * mentions, keep the raw bytes and the attachments. The same path serves
 * every source: IMAP, POP3, Maildir, mbox and single files. */
#ifndef AFTERCARE_CORE_INGEST_H
#define AFTERCARE_CORE_INGEST_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "mail/mime.h"
#include "util/pack.h"

struct db;

struct ingest_opts {
	int64_t source_id;        /* sources.id, or 0 */
	const char *remote_id;    /* this item in the source (UID, UIDL, file), or NULL */
	int64_t now;              /* receive time, for messages without a usable Date */
	const regex_t *order_re;  /* order numbers: group 1 (or the match), or NULL
	                           * for the built-in "#1042" / "№1042" forms */
};

enum ingest_outcome {
	INGEST_NEW_TICKET,  /* opened a ticket */
	INGEST_THREADED,    /* added to an open, new or pending ticket */
	INGEST_REOPENED,    /* added to a solved ticket, which is open again */
	INGEST_FOLLOW_UP,   /* the ticket was closed: a follow-up ticket was opened */
	INGEST_QUIET,       /* auto-reply, bounce or bulk: kept, no status change */
	INGEST_DUPLICATE,   /* already stored: nothing written */
};

struct ingest_result {
	enum ingest_outcome outcome;
	int64_t ticket_id, message_id, customer_id;
};

/* Stores m (parsed from raw) inside the caller's write transaction. Returns
 * 0, or -1 with *err (translated, one line; caller frees); on -1 the caller
 * rolls back. */
int ingest_store(struct db *db, const struct ingest_opts *o, const char *raw, size_t rawlen,
    const struct mime_message *m, struct ingest_result *res, char **err);
/* The same with the raw bytes already packed (pack_make), for a writer that
 * compresses and hashes elsewhere while it stores. */
int ingest_store_packed(struct db *db, const struct ingest_opts *o, const struct pack *raw,
    const struct mime_message *m, struct ingest_result *res, char **err);

/* For a writer storing many messages in one transaction: after
 * ingest_defer_index (right after BEGIN), new messages are not indexed for
 * search one by one; ingest_index_deferred (right before COMMIT) indexes
 * them all in one statement. Both return 0, or -1 (db_errmsg). Between the
 * two, the transaction must not be committed. */
int ingest_defer_index(struct db *db);
int ingest_index_deferred(struct db *db);

/* The ticket number in a subject tag "[#N]", or 0. */
int64_t ingest_subject_tag(const char *subject);
/* Order numbers mentioned in text ("#1042", "order 1042", "objednávka 1042"):
 * calls found(number_without_hash, ctx) for each until it returns nonzero. */
void ingest_order_refs(const char *text, int (*found)(const char *, void *), void *ctx);
/* The same with a configured pattern (ingest_opts.order_re). */
void ingest_order_refs_re(const regex_t *re, const char *text,
    int (*found)(const char *, void *), void *ctx);

#endif
