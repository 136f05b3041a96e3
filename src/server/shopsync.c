/* shopsync.c: see shopsync.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/db.h"
#include "server/shopsync.h"
#include "util/log.h"
#include "util/selfexec.h"

extern char **environ;

/* When the desk last knew this customer's orders from the store: its last
 * good whole sync, or a refresh of just this customer. */
static const char SQL_FRESH[] =
	"SELECT c.email, max(coalesce((SELECT CASE WHEN s.state = 'ok' THEN s.last_sync_at END"
	"  FROM sources s WHERE s.kind = ?2 AND s.name = ?3 AND s.folder = ''), 0),"
	" coalesce((SELECT cs.checked_at FROM customer_sync cs JOIN sources s ON s.id = cs.source_id"
	"  WHERE cs.customer_id = c.id AND s.kind = ?2 AND s.name = ?3 AND s.folder = ''), 0))"
	" FROM customers c WHERE c.id = ?1 AND c.erased = 0 AND c.email IS NOT NULL";
static const char SQL_STATE[] =
	"SELECT state, last_error FROM sources WHERE kind = ?1 AND name = ?2 AND folder = ''";

void
shopsync_init(struct shopsync *j, const struct config *cfg, const char *db_path,
    const char *config_path, int demo)
{
	time_t now = time(NULL);
	int i;

	memset(j, 0, sizeof *j);
	j->cfg = cfg;
	j->db_path = db_path;
	j->config_path = config_path;
	if (cfg == NULL || demo)
		return;
	j->nstores = cfg->nstores < SHOPSYNC_STORES ? cfg->nstores : SHOPSYNC_STORES;
	/* the first whole sync soon after start, then every sync_interval */
	for (i = 0; i < j->nstores; i++)
		j->st[i].next_full = cfg->stores[i].sync_interval > 0 ? now + 2 : 0;
	if (demo == 0 && j->nstores > 0)
		log_msg("orders: %d store(s) to keep current", j->nstores);
}

static pid_t
spawn(struct shopsync *j, int store, const char *email)
{
	posix_spawn_file_actions_t fa;
	struct self_argv a;
	pid_t pid;
	int rc;

	if (self_argv_cmd(&a, j->config_path, j->db_path, "sync") != 0)
		return -1;
	self_argv_add(&a, j->cfg->stores[store].name);
	if (email != NULL) {
		self_argv_add(&a, "--customer");
		self_argv_add(&a, email);
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	rc = posix_spawn(&pid, a.exe, &fa, NULL, a.argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

void
shopsync_tick(struct shopsync *j, time_t now)
{
	int i, k;

	for (i = 0; i < j->nstores; i++) {
		const char *name = j->cfg->stores[i].name;
		pid_t pid;

		if (j->st[i].pid != 0)
			continue;
		/* a customer an agent is looking at goes first */
		for (k = 0; k < j->nqueue; k++)
			if (j->queue[k].store == i)
				break;
		if (k < j->nqueue) {
			if ((pid = spawn(j, i, j->queue[k].email)) < 0) {
				log_msg("store %s: cannot start a sync: %s", name, strerror(errno));
			} else {
				j->st[i].pid = pid;
				j->st[i].customer = j->queue[k].customer;
			}
			memmove(&j->queue[k], &j->queue[k + 1],
			    (size_t)(j->nqueue - k - 1) * sizeof j->queue[0]);
			j->nqueue--;
			continue;
		}
		if (j->st[i].next_full == 0 || now < j->st[i].next_full)
			continue;
		j->st[i].next_full = now + j->cfg->stores[i].sync_interval;
		if ((pid = spawn(j, i, NULL)) < 0) {
			log_msg("store %s: cannot start a sync: %s", name, strerror(errno));
			continue;
		}
		j->st[i].pid = pid;
		j->st[i].customer = 0;
	}
}

/* 1 when a refresh of customer from store was asked for within the store's
 * refresh_after (it may have failed: then the shop is not asked again on
 * every reload); records this one otherwise. */
static int
recently_asked(struct shopsync *j, int store, int64_t customer, time_t now)
{
	long age = j->cfg->stores[store].refresh_after;
	int i, oldest = 0;

	for (i = 0; i < j->nrecent; i++) {
		if (j->recent[i].store == store && j->recent[i].customer == customer) {
			if (now - j->recent[i].at < (age > 60 ? age : 60))
				return 1;
			j->recent[i].at = now;
			return 0;
		}
		if (j->recent[i].at < j->recent[oldest].at)
			oldest = i;
	}
	if (j->nrecent < SHOPSYNC_RECENT)
		i = j->nrecent++;
	else
		i = oldest;
	j->recent[i].store = store;
	j->recent[i].customer = customer;
	j->recent[i].at = now;
	return 0;
}

int
shopsync_customer(struct shopsync *j, struct db *db, int64_t customer, time_t now)
{
	int i, k, queued = 0;

	for (i = 0; i < j->nstores; i++) {
		const struct config_store *s = &j->cfg->stores[i];
		sqlite3_stmt *st;
		char email[256] = "";
		int64_t fresh = 0;

		if (s->refresh_after == 0 || j->nqueue >= SHOPSYNC_QUEUE)
			continue;
		if (j->st[i].pid != 0 && (j->st[i].customer == customer || j->st[i].customer == 0))
			continue; /* already being read */
		for (k = 0; k < j->nqueue; k++)
			if (j->queue[k].store == i && j->queue[k].customer == customer)
				break;
		if (k < j->nqueue || (st = db_stmt(db, SQL_FRESH)) == NULL)
			continue;
		sqlite3_bind_int64(st, 1, customer);
		sqlite3_bind_text(st, 2, s->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, s->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
			snprintf(email, sizeof email, "%s", db_col_text(st, 0));
			fresh = sqlite3_column_int64(st, 1);
		}
		db_done(st);
		if (email[0] == '\0' || now - fresh <= s->refresh_after ||
		    recently_asked(j, i, customer, now))
			continue;
		j->queue[j->nqueue].store = i;
		j->queue[j->nqueue].customer = customer;
		memcpy(j->queue[j->nqueue].email, email, sizeof email);
		j->nqueue++;
		queued++;
	}
	if (queued > 0)
		shopsync_tick(j, now);
	return queued;
}

int
shopsync_reaped(struct shopsync *j, struct db *db, pid_t pid, int status, json_t **ev)
{
	const struct config_store *s;
	sqlite3_stmt *st;
	json_t *error = json_null();
	int i;

	*ev = NULL;
	for (i = 0; i < j->nstores; i++)
		if (j->st[i].pid == pid)
			break;
	if (i == j->nstores)
		return 0;
	s = &j->cfg->stores[i];
	j->st[i].pid = 0;
	if ((st = db_stmt(db, SQL_STATE)) != NULL) {
		sqlite3_bind_text(st, 1, s->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, s->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && strcmp(db_col_text(st, 0), "error") == 0 &&
		    !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
			json_decref(error);
			error = json_string(db_col_text(st, 1));
		}
		db_done(st);
	}
	if (json_is_null(error) && !(WIFEXITED(status) &&
	    (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 1))) {
		json_decref(error);
		error = json_string(WIFSIGNALED(status) ? "the sync was killed" :
		    "the sync could not run");
	}
	log_msg("store %s: sync%s ended%s%s", s->name, j->st[i].customer != 0 ?
	    " of a customer" : "", json_is_null(error) ? "" : ": ",
	    json_is_null(error) ? "" : json_string_value(error));
	*ev = json_pack("{s:s,s:s,s:{s:s,s:o,s:o}}", "event", "orders.synced", "by", "server",
	    "result", "store", s->name, "customer", j->st[i].customer != 0 ?
	    json_integer(j->st[i].customer) : json_null(), "error", error);
	j->st[i].customer = 0;
	shopsync_tick(j, time(NULL));
	return 1;
}

void
shopsync_stop(struct shopsync *j)
{
	int i, tries;

	for (i = 0; i < j->nstores; i++)
		if (j->st[i].pid > 0)
			kill(j->st[i].pid, SIGTERM);
	for (tries = 0; tries < 20; tries++) {
		int left = 0;

		for (i = 0; i < j->nstores; i++)
			if (j->st[i].pid > 0) {
				if (waitpid(j->st[i].pid, NULL, WNOHANG) == j->st[i].pid)
					j->st[i].pid = 0;
				else
					left++;
			}
		if (left == 0)
			return;
		usleep(50 * 1000);
	}
	for (i = 0; i < j->nstores; i++)
		if (j->st[i].pid > 0) {
			kill(j->st[i].pid, SIGKILL);
			waitpid(j->st[i].pid, NULL, 0);
			j->st[i].pid = 0;
		}
}
