/* push.h: telling the shop about returns the desk has settled (optional,
 * per store: push_returns). A refund becomes a refund record in the shop
 * that moves no money (WooCommerce api_refund false, Shopify with no
 * transactions); store credit and exchanges become a note on the order.
 *
 * The guarantee is "at most once": every attempt first looks in the shop
 * for a record that names the return's RMA, and only creates one when
 * there is none. So an answer lost after the shop acted (a timeout, a 5xx)
 * is found on the next look, in the same run or the next, and never
 * posted twice. Two processes never push the same store at once (a lock
 * file in the runtime directory). */
#ifndef AFTERCARE_STORE_PUSH_H
#define AFTERCARE_STORE_PUSH_H

#include <stddef.h>
#include <stdint.h>

#include "util/settings.h"

struct db;

/* Failed attempts after which a return is no longer pushed on its own (a
 * whole sync); `sync STORE --push` still tries it. */
#define STORE_PUSH_ATTEMPTS 5

/* store_push_pending() flags */
#define STORE_PUSH_ALL 1 /* also the failed returns past STORE_PUSH_ATTEMPTS */

struct store_push_report {
	size_t done, failed, held; /* held: failed too often, left alone */
	/* One translated, sanitised line per return pushed (ok 1) or failed
	 * (ok 0); may be NULL. */
	void (*line)(const char *rma, int ok, const char *msg, void *ctx);
	void *ctx;
};

/* Inside the caller's write transaction, right after return_id was
 * refunded, credited or exchanged: its shop_state becomes 'pending' when
 * its order came from a store configured with push_returns, and stays
 * 'manual' (to process in the shop by hand) otherwise. cfg may be NULL.
 * 0, or -1 on a database error. */
int store_push_mark(struct db *db, const struct config *cfg, int64_t return_id);

/* Pushes this store's pending returns (and the failed ones due again),
 * each outcome in its own transaction: 'done' with shop_ref, or 'failed'
 * with shop_error (one sanitised line), plus an audit entry. 0 when every
 * return was tried (r says how they went), or -1 with *err (one translated
 * line; caller frees) when none could be: no key, the database, another
 * push of this store running. */
int store_push_pending(struct db *db, const struct config_store *s, int flags,
    struct store_push_report *r, char **err);

#endif
