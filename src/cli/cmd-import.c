/* cmd-import.c: `import eml|maildir|mbox`, for moving a shared mailbox into
 * the desk. It reads the files where the command runs and writes through the
 * same ingest path as the mail fetchers, in batches; a running server sees
 * the new tickets (it watches for other writers) and tells its clients.
 *
 * Two threads share the work. The reader reads the messages, has the parser
 * children parse them and compresses and hashes the raw bytes; the main
 * thread only stores, in the order the messages were read. A bounded queue
 * between them keeps the memory flat. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "client/client.h"
#include "core/ingest.h"
#include "core/orders-csv.h"
#include "db/db.h"
#include "mail/mbox.h"
#include "mail/mime.h"
#include "util/clock.h"
#include "util/file.h"
#include "util/i18n.h"
#include "util/pack.h"
#include "util/paths.h"
#include "util/settings.h"
#include "util/xmalloc.h"

#define BATCH 500
/* Every few batches the checkpointer must catch up before the next one
 * begins, so that the log starts again from its beginning instead of
 * growing by the size of the whole import. */
#define CATCH_UP 8
/* Parsed messages waiting for the store: about a batch, so that the reader
 * keeps reading while a commit writes. */
#define QUEUE 512

static const char SQL_SOURCE[] =
	"INSERT INTO sources (kind, name, folder) VALUES (?1, ?2, '')"
	" ON CONFLICT (kind, name, folder) DO UPDATE SET last_sync_at = ?3 RETURNING id";

struct import {
	struct db *db;
	struct db_checkpointer *ckpt;
	size_t batches;
	struct ingest_opts opts;
	size_t total, done, in_batch;
	size_t counts[INGEST_DUPLICATE + 1];
	size_t notices;
	double started, last_draw;
	int tty;
	char *err;
};

/* Where the messages come from: files named on the command line, a
 * Maildir's files, or an mbox read through a private mapping. */
struct source {
	const char *kind, *path;
	char **files;
	size_t nfiles, next;
	char **names;      /* maildir */
	void *map;         /* mbox */
	size_t map_len;
	struct mbox_iter it;
	size_t gone;       /* maildir files deleted before they could be read */
	int tty;
};

/* What the pool carries along with each message. */
struct item {
	char *what, *remote;
};

/* One message on its way from the reader to the store. */
struct ready {
	struct mime_message m;
	char *raw;
	size_t len;
	struct pack pack;
	struct item *item;
};

/* The reader thread and the queue it fills. Everything under lock is
 * shared; source, pool and packer belong to the reader until it is joined. */
struct reader {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;
	struct ready *q;   /* QUEUE of them, a ring */
	size_t head, count;
	int done, stop;
	char *err;         /* why the reader ended before the source did */
	struct source *s;
	struct mime_pool *pool;
	struct packer *pk;
};

static void
progress(struct import *im, int final)
{
	double now = clock_ms(), secs = (now - im->started) / 1000.0;
	double rate = secs > 0 ? (double)im->done / secs : 0;

	if (!final && now - im->last_draw < 100)
		return;
	im->last_draw = now;
	if (im->tty) {
		fputc('\r', stderr);
		if (im->total > 0 && rate > 0) {
			double eta = (double)(im->total - im->done) / rate;

			fprintf(stderr, _("Importing: %zu/%zu messages, %.0f/s, %d:%02d left "),
			    im->done, im->total, rate, (int)eta / 60, (int)eta % 60);
		} else {
			fprintf(stderr, _("Importing: %zu messages, %.0f/s "), im->done, rate);
		}
		if (final)
			fputc('\n', stderr);
	} else if (final || im->done % 1000 == 0) {
		fprintf(stderr, _("aftercare: imported %zu messages (%.0f/s)\n"), im->done, rate);
	}
}

static int
commit(struct import *im)
{
	if (im->in_batch == 0)
		return 0;
	if (ingest_index_deferred(im->db) != 0 || db_commit(im->db) != 0) {
		im->err = xasprintf(_("cannot save the imported messages: %s"), db_errmsg(im->db));
		db_rollback(im->db);
		return -1;
	}
	im->in_batch = 0;
	db_checkpointer_kick(im->ckpt);
	return 0;
}

/* Stores one parsed message; batches commits. */
static int
store(struct import *im, const struct ready *r)
{
	struct ingest_result res;
	char *err = NULL;

	if (im->in_batch == 0 && im->ckpt != NULL && ++im->batches % CATCH_UP == 0)
		db_checkpointer_wait(im->ckpt);
	if (im->in_batch == 0 && (db_begin(im->db) != 0 || ingest_defer_index(im->db) != 0)) {
		im->err = xasprintf(_("cannot write to the database: %s"), db_errmsg(im->db));
		db_rollback(im->db);
		return -1;
	}
	im->opts.remote_id = r->item->remote;
	im->opts.now = clock_now();
	if (ingest_store_packed(im->db, &im->opts, &r->pack, &r->m, &res, &err) != 0) {
		/* The batch it was in is rolled back with it. */
		im->err = xasprintf(_("%s: %s (messages saved: %zu; run the import again to "
		    "continue)"), r->item->what, err, im->done - im->in_batch);
		free(err);
		db_rollback(im->db);
		im->in_batch = 0;
		return -1;
	}
	if (r->m.flags & (MIME_LIMITED | MIME_BROKEN))
		im->notices++;
	im->counts[res.outcome]++;
	im->done++;
	if (++im->in_batch >= BATCH && commit(im) != 0)
		return -1;
	progress(im, 0);
	return 0;
}

/* A message file: up to 1 GiB (the parser's limits then apply). */
static char *
read_file(const char *path, size_t *len, char **err)
{
	return file_read(path, (size_t)1 << 30, len, err);
}

static char *
absolute(const char *path)
{
	char *r = realpath(path, NULL);

	return r != NULL ? r : xstrdup(path);
}

static int
source_open(struct import *im, struct source *s)
{
	if (strcmp(s->kind, "eml") == 0) {
		im->total = s->nfiles;
	} else if (strcmp(s->kind, "maildir") == 0) {
		if (maildir_list(s->path, &s->names, &s->nfiles, &im->err) != 0)
			return -1;
		im->total = s->nfiles;
	} else {
		int fd = open(s->path, O_RDONLY | O_CLOEXEC);
		struct stat sb;

		if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			im->err = xasprintf(_("cannot read the mbox %s: %s"), s->path,
			    fd < 0 ? strerror(errno) : _("not a regular file"));
			if (fd >= 0)
				close(fd);
			return -1;
		}
		if (sb.st_size > 0 && (s->map = mmap(NULL, (size_t)sb.st_size, PROT_READ,
		    MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
			s->map = NULL;
			im->err = xasprintf(_("cannot read the mbox %s: %s"), s->path, strerror(errno));
			close(fd);
			return -1;
		}
		close(fd);
		s->map_len = s->map != NULL ? (size_t)sb.st_size : 0;
		mbox_iter_init(&s->it, s->map != NULL ? s->map : "", s->map_len);
	}
	return 0;
}

/* A Maildir message that is not where the listing saw it: a mail client
 * moved it (new/ to cur/, new flags), which is followed, or deleted it,
 * which skips it with a warning. 1 with *raw, 0 when it is gone, -1. */
static int
maildir_moved(struct source *s, const char *name, char **path, char **raw, size_t *len,
    char **err)
{
	char *unique = xstrndup(name + 4, strcspn(name + 4, ":")), *now;

	now = maildir_find(s->path, unique);
	free(unique);
	if (now != NULL) {
		free(*path);
		*path = xasprintf("%s/%s", s->path, now);
		free(now);
		if ((*raw = read_file(*path, len, err)) != NULL)
			return 1;
		if (access(*path, F_OK) != 0 && errno == ENOENT) {
			free(*err);
			*err = NULL;
		}
	}
	if (*err != NULL)
		return -1;
	s->gone++;
	/* Off the progress line, and through the sanitiser like every error. */
	if (s->tty)
		fputc('\n', stderr);
	cli_error(_("%s was deleted before it could be read; skipped"), *path);
	return 0;
}

/* The next message: 1 with raw, len and item; 0 at the end; -1 with *err. */
static int
source_next(struct source *s, char **raw, size_t *len, struct item **item, char **err)
{
	*item = NULL;
	*err = NULL;
	if (strcmp(s->kind, "eml") == 0) {
		const char *f;

		if (s->next >= s->nfiles)
			return 0;
		f = s->files[s->next++];
		if ((*raw = read_file(f, len, err)) == NULL)
			return -1;
		*item = xcalloc(1, sizeof **item);
		(*item)->what = xstrdup(f);
		(*item)->remote = absolute(f);
	} else if (strcmp(s->kind, "maildir") == 0) {
		const char *name;
		char *path;
		int rc = 1;

		do {
			if (s->next >= s->nfiles)
				return 0;
			name = s->names[s->next++];
			path = xasprintf("%s/%s", s->path, name);
			if ((*raw = read_file(path, len, err)) == NULL) {
				if (access(path, F_OK) == 0 || errno != ENOENT) {
					free(path);
					return -1;
				}
				free(*err);
				*err = NULL;
				if ((rc = maildir_moved(s, name, &path, raw, len, err)) <= 0)
					free(path);
				if (rc < 0)
					return -1;
			}
		} while (rc == 0);
		*item = xcalloc(1, sizeof **item);
		(*item)->what = path;
		/* The unique part of a Maildir name: flags after ":2," change. */
		(*item)->remote = xstrndup(name + 4, strcspn(name + 4, ":"));
	} else {
		size_t off;

		if (!mbox_next(&s->it, raw, len, &off))
			return 0;
		*item = xcalloc(1, sizeof **item);
		(*item)->what = xasprintf(_("%s, message at byte %zu"), s->path, off);
		(*item)->remote = xasprintf("%zu", off);
	}
	return 1;
}

static void
source_close(struct source *s)
{
	if (s->names != NULL)
		maildir_list_free(s->names, s->nfiles);
	if (s->map != NULL)
		munmap(s->map, s->map_len);
}

static void
item_free(struct item *item)
{
	if (item != NULL) {
		free(item->what);
		free(item->remote);
		free(item);
	}
}

static void
item_free_tag(void *tag)
{
	item_free(tag);
}

static void
ready_free(struct ready *r)
{
	mime_message_free(&r->m);
	pack_free(&r->pack);
	free(r->raw);
	item_free(r->item);
	memset(r, 0, sizeof *r);
}

/* Puts r on the queue, waiting for room; 0, or -1 (r freed) when the store
 * has asked the reader to stop. */
static int
reader_put(struct reader *rd, struct ready *r)
{
	int stop;

	pthread_mutex_lock(&rd->lock);
	while (rd->count == QUEUE && !rd->stop)
		pthread_cond_wait(&rd->changed, &rd->lock);
	if (!(stop = rd->stop)) {
		rd->q[(rd->head + rd->count) % QUEUE] = *r;
		rd->count++;
		pthread_cond_broadcast(&rd->changed);
	}
	pthread_mutex_unlock(&rd->lock);
	if (stop)
		ready_free(r);
	return stop ? -1 : 0;
}

static void *
reader_run(void *arg)
{
	struct reader *rd = arg;
	int more = 1;

	for (;;) {
		struct ready r;
		char *raw, *err;
		struct item *item;
		size_t len;
		void *tag;

		/* Read ahead while the parsers have room, then take the oldest. */
		while (more && mime_pool_room(rd->pool)) {
			if ((more = source_next(rd->s, &raw, &len, &item, &err)) < 0) {
				rd->err = err;
				more = 0;
				break;
			}
			if (more)
				mime_pool_submit(rd->pool, raw, len, item);
		}
		memset(&r, 0, sizeof r);
		if (!mime_pool_next(rd->pool, &r.m, &r.raw, &r.len, &tag))
			break;
		r.item = tag;
		pack_make(rd->pk, r.raw, r.len, &r.pack);
		if (reader_put(rd, &r) != 0)
			break;
	}
	pthread_mutex_lock(&rd->lock);
	rd->done = 1;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
	return NULL;
}

/* The oldest ready message: 1, or 0 once the reader has finished. */
static int
reader_take(struct reader *rd, struct ready *r)
{
	int got = 0;

	pthread_mutex_lock(&rd->lock);
	while (rd->count == 0 && !rd->done)
		pthread_cond_wait(&rd->changed, &rd->lock);
	if (rd->count > 0) {
		*r = rd->q[rd->head];
		rd->head = (rd->head + 1) % QUEUE;
		rd->count--;
		got = 1;
		pthread_cond_broadcast(&rd->changed);
	}
	pthread_mutex_unlock(&rd->lock);
	return got;
}

/* Stops and joins the reader; drops what it had not handed over. */
static void
reader_finish(struct reader *rd)
{
	pthread_mutex_lock(&rd->lock);
	rd->stop = 1;
	pthread_cond_broadcast(&rd->changed);
	pthread_mutex_unlock(&rd->lock);
	pthread_join(rd->thread, NULL);
	while (rd->count > 0) {
		ready_free(&rd->q[rd->head]);
		rd->head = (rd->head + 1) % QUEUE;
		rd->count--;
	}
	/* Whatever is still in the pool was never stored. */
	mime_pool_stop(&rd->pool, item_free_tag);
	packer_free(&rd->pk);
	free(rd->q);
	pthread_cond_destroy(&rd->changed);
	pthread_mutex_destroy(&rd->lock);
}

static int64_t
source_id(struct db *db, const char *kind, const char *name)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SOURCE);
	int64_t id = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, clock_now());
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_done(st);
	return id;
}

/* Parsers on every core but one (ours stores), at least one. */
static unsigned
parsers(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n <= 2 ? 1 + (n == 2) : n > 5 ? 4 : (unsigned)n - 1;
}

int
cmd_import(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct mime_limits lim;
	struct import im;
	struct source s;
	struct reader rd;
	struct client *c;
	char *src = NULL;
	int code = EXIT_FAIL, reading = 0;

	if (argc < 2)
		return cli_usage_error(cmd, "%s", _("what should be imported?"));
	if (strcmp(cmd->sub, "eml") != 0 && argc != 2)
		return cli_usage_error(cmd, "%s", _("give exactly one path"));
	/* Importing writes the database directly: the owner's job. */
	if ((c = cli_client(cli, CLIENT_LOCAL)) == NULL)
		return EXIT_FAIL;
	memset(&im, 0, sizeof im);
	memset(&s, 0, sizeof s);
	memset(&rd, 0, sizeof rd);
	im.db = client_db(c);
	mime_limits_default(&lim);
	if (cli->cfg != NULL) {
		const struct config_mail *m = &cli->cfg->mail;

		lim.max_message = m->max_message;
		lim.max_header = m->max_header;
		lim.max_depth = m->max_depth;
		lim.max_parts = m->max_parts;
		lim.max_decoded = m->max_decoded;
		lim.timeout_ms = m->parse_timeout_ms;
		if (m->order_pattern != NULL)
			im.opts.order_re = &m->order_re;
	}
	/* A batch's pages stay in memory until it commits, and the log is
	 * copied into the database beside us. An import deletes nothing of
	 * anyone's: the pages it frees are the search index's own, merged into
	 * newer ones, so they need not be zeroed at the cost of writing them. */
	sqlite3_exec(db_handle(im.db), "PRAGMA cache_size = -65536; PRAGMA secure_delete = FAST",
	    NULL, NULL, NULL);
	im.ckpt = db_checkpointer_start(im.db);
	im.tty = isatty(STDERR_FILENO);
	im.started = clock_ms();
	src = absolute(argv[1]);
	s.kind = cmd->sub;
	s.path = argv[1];
	s.files = argv + 1;
	s.nfiles = (size_t)argc - 1;
	s.tty = im.tty;
	im.opts.source_id = source_id(im.db, s.kind, strcmp(s.kind, "eml") == 0 ? "files" : src);
	if (source_open(&im, &s) != 0)
		goto out;
	rd.s = &s;
	rd.pool = mime_pool_start(&lim, parsers());
	rd.pk = packer_new();
	rd.q = xcalloc(QUEUE, sizeof *rd.q);
	pthread_mutex_init(&rd.lock, NULL);
	pthread_cond_init(&rd.changed, NULL);
	if ((errno = pthread_create(&rd.thread, NULL, reader_run, &rd)) != 0)
		fatal("cannot start the import's reader: %s", strerror(errno));
	reading = 1;
	for (;;) {
		struct ready r;
		int rc;

		if (!reader_take(&rd, &r))
			break;
		rc = store(&im, &r);
		ready_free(&r);
		if (rc != 0)
			goto out;
	}
	/* What was read before a source error is kept. */
	if (commit(&im) != 0)
		goto out;
	if (rd.err != NULL) {
		im.err = xasprintf(_("%s (messages saved: %zu; run the import again to continue)"),
		    rd.err, im.done);
		goto out;
	}
	progress(&im, 1);
	printf(_("Imported %zu messages: %zu new tickets, %zu added to tickets (%zu reopened, "
	    "%zu follow-ups), %zu auto-replies/bounces/bulk, %zu already there"),
	    im.done - im.counts[INGEST_DUPLICATE], im.counts[INGEST_NEW_TICKET],
	    im.counts[INGEST_THREADED] + im.counts[INGEST_REOPENED],
	    im.counts[INGEST_REOPENED], im.counts[INGEST_FOLLOW_UP], im.counts[INGEST_QUIET],
	    im.counts[INGEST_DUPLICATE]);
	if (im.notices > 0)
		printf(_("; %zu stored with a notice (over a limit or unparsable)"), im.notices);
	if (s.gone > 0)
		printf(_("; %zu deleted from the Maildir before they could be read"), s.gone);
	printf(".\n");
	code = EXIT_OK;
out:
	if (im.err != NULL) {
		if (im.tty && im.done > 0)
			fputc('\n', stderr);
		cli_error("%s", im.err);
		free(im.err);
	}
	if (reading)
		reader_finish(&rd);
	free(rd.err);
	db_checkpointer_stop(&im.ckpt);
	source_close(&s);
	client_close(&c);
	free(src);
	return code;
}


static void
csv_problem(long line, const char *msg, void *ctx)
{
	const char *path = ctx;

	cli_error(_("%s, line %ld: %s"), path, line, msg);
}

int
cmd_import_orders(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	struct csv_report r;
	struct client *c;
	char *err = NULL;
	int code;

	if (argc != 2)
		return cli_usage_error(cmd, "%s", _("give exactly one CSV file"));
	if ((c = cli_client(cli, CLIENT_LOCAL)) == NULL)
		return EXIT_FAIL;
	memset(&r, 0, sizeof r);
	r.problem = csv_problem;
	r.ctx = argv[1];
	if (orders_csv_import(client_db(c), argv[1], &r, &err) != 0) {
		cli_error("%s", err);
		free(err);
		client_close(&c);
		return EXIT_FAIL;
	}
	printf(_("Read %zu rows: %zu new orders, %zu changed, %zu unchanged, %zu skipped; "
	    "%zu new customers.\n"), r.rows, r.orders_new, r.orders_changed, r.orders_same,
	    r.orders_bad, r.customers_new);
	code = r.orders_bad > 0 ? EXIT_FAIL : EXIT_OK;
	client_close(&c);
	return code;
}
