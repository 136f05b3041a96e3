/* shopsync.h: the server keeps orders current. Every store is synced
 * whole (incrementally, from its cursor) every sync_interval seconds, and a
 * customer's orders are read again when one of their tickets is opened and
 * what the desk holds is older than the store's refresh_after. Each sync
 * runs as a child process ("aftercare sync STORE [--customer EMAIL]"), at
 * most one per store at a time, so a slow or misbehaving shop never holds up
 * the server; its commits reach the clients as db.changed, and its end as an
 * orders.synced event. The whole sync of a store with push_returns also
 * pushes its settled returns to the shop (store/push.h) in the same child,
 * so the one-child-per-store rule covers pushes too. */
#ifndef AFTERCARE_SERVER_SHOPSYNC_H
#define AFTERCARE_SERVER_SHOPSYNC_H

#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include <jansson.h>

#include "util/settings.h"

struct db;

#define SHOPSYNC_STORES 16
#define SHOPSYNC_QUEUE 64
#define SHOPSYNC_RECENT 256

struct shopsync {
	const struct config *cfg;
	const char *db_path, *config_path;
	int nstores;
	struct {
		pid_t pid;           /* 0: nothing running */
		int64_t customer;    /* what the running child reads; 0: everything */
		time_t next_full;    /* 0: never (sync_interval = 0) */
	} st[SHOPSYNC_STORES];
	struct {
		int store;
		int64_t customer;
		char email[256];
	} queue[SHOPSYNC_QUEUE];
	int nqueue;
	/* refreshes asked for lately, so that a failing shop is not asked again
	 * on every reload of the ticket */
	struct {
		int store;
		int64_t customer;
		time_t at;
	} recent[SHOPSYNC_RECENT];
	int nrecent;
};

/* No stores, or a demo database: nothing is ever synced. */
void shopsync_init(struct shopsync *j, const struct config *cfg, const char *db_path,
    const char *config_path, int demo);
/* Starts the whole syncs that are due and the queued refreshes. */
void shopsync_tick(struct shopsync *j, time_t now);
/* Queues a refresh of the customer's orders from each store where they are
 * older than its refresh_after. Returns how many were queued. */
int shopsync_customer(struct shopsync *j, struct db *db, int64_t customer, time_t now);
/* When pid was one of ours: 1, with *ev the orders.synced event to
 * broadcast (or NULL). 0 otherwise. */
int shopsync_reaped(struct shopsync *j, struct db *db, pid_t pid, int status, json_t **ev);
/* Stops the children (SIGTERM, then SIGKILL). */
void shopsync_stop(struct shopsync *j);

#endif
