/* cmd-import.c: `import eml|maildir|mbox`, for moving a shared mailbox into
 * the desk. It reads the files where the command runs and writes through the
 * same ingest path as the mail fetchers, in batches; a running server sees
 * the new tickets (it watches for other writers) and tells its clients. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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
#include "util/paths.h"
#include "util/settings.h"
#include "util/xmalloc.h"

#define BATCH 500

static const char SQL_SOURCE[] =
	"INSERT INTO sources (kind, name, folder) VALUES (?1, ?2, '')"
	" ON CONFLICT (kind, name, folder) DO UPDATE SET last_sync_at = ?3 RETURNING id";

struct import {
	struct db *db;
	struct mime_worker *worker;
	struct ingest_opts opts;
	size_t total, done, in_batch;
	size_t counts[INGEST_DUPLICATE + 1];
	size_t notices;
	double started, last_draw;
	int tty;
	char *err;
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
	if (db_commit(im->db) != 0) {
		im->err = xasprintf(_("cannot save the imported messages: %s"), db_errmsg(im->db));
		db_rollback(im->db);
		return -1;
	}
	im->in_batch = 0;
	return 0;
}

/* Parses and stores one message; batches commits. */
static int
one(struct import *im, const char *raw, size_t len, const char *what, const char *remote)
{
	struct mime_message m;
	struct ingest_result r;
	char *err = NULL;

	if (im->in_batch == 0 && db_begin(im->db) != 0) {
		im->err = xasprintf(_("cannot write to the database: %s"), db_errmsg(im->db));
		return -1;
	}
	mime_worker_parse(im->worker, raw, len, &m);
	im->opts.remote_id = remote;
	im->opts.now = clock_now();
	if (ingest_store(im->db, &im->opts, raw, len, &m, &r, &err) != 0) {
		im->err = xasprintf(_("%s: %s (the messages before it are saved; run the "
		    "import again to continue)"), what, err);
		free(err);
		mime_message_free(&m);
		db_rollback(im->db);
		im->in_batch = 0;
		return -1;
	}
	if (m.flags & (MIME_LIMITED | MIME_BROKEN))
		im->notices++;
	mime_message_free(&m);
	im->counts[r.outcome]++;
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

static char *
absolute(const char *path)
{
	char *r = realpath(path, NULL);

	return r != NULL ? r : xstrdup(path);
}

int
cmd_import(struct cli *cli, const struct cli_cmd *cmd, int argc, char **argv)
{
	const char *kind = cmd->sub;
	struct mime_limits lim;
	struct import im;
	struct client *c;
	char *dbpath, *attach, *src = NULL;
	int code = EXIT_FAIL, i;

	if (argc < 2)
		return cli_usage_error(cmd, "%s", _("what should be imported?"));
	if (strcmp(kind, "eml") != 0 && argc != 2)
		return cli_usage_error(cmd, "%s", _("give exactly one path"));
	/* Importing writes the database directly: the owner's job. */
	if ((c = cli_client(cli, CLIENT_LOCAL)) == NULL)
		return EXIT_FAIL;
	memset(&im, 0, sizeof im);
	im.db = client_db(c);
	dbpath = xstrdup(db_path(im.db));
	attach = xasprintf("%s.attachments", dbpath);
	im.opts.attach_dir = attach;
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
	im.worker = mime_worker_start(&lim);
	im.tty = isatty(STDERR_FILENO);
	im.started = clock_ms();
	src = absolute(argv[1]);
	im.opts.source_id = source_id(im.db, kind, strcmp(kind, "eml") == 0 ? "files" : src);

	if (strcmp(kind, "eml") == 0) {
		im.total = (size_t)argc - 1;
		for (i = 1; i < argc; i++) {
			size_t len;
			char *err = NULL, *raw = read_file(argv[i], &len, &err), *abs;

			if (raw == NULL) {
				im.err = err;
				goto out;
			}
			abs = absolute(argv[i]);
			if (one(&im, raw, len, argv[i], abs) != 0) {
				free(abs);
				free(raw);
				goto out;
			}
			free(abs);
			free(raw);
		}
	} else if (strcmp(kind, "maildir") == 0) {
		char **names;
		size_t n, k;

		if (maildir_list(argv[1], &names, &n, &im.err) != 0)
			goto out;
		im.total = n;
		for (k = 0; k < n; k++) {
			char *path = xasprintf("%s/%s", argv[1], names[k]), *err = NULL, *raw, *remote;
			size_t len;

			raw = read_file(path, &len, &err);
			/* The unique part of a Maildir name: flags after ":2," change. */
			remote = xstrndup(names[k] + 4, strcspn(names[k] + 4, ":"));
			if (raw == NULL || one(&im, raw, len, path, remote) != 0) {
				if (raw == NULL)
					im.err = err;
				free(remote);
				free(raw);
				free(path);
				maildir_list_free(names, n);
				goto out;
			}
			free(remote);
			free(raw);
			free(path);
		}
		maildir_list_free(names, n);
	} else {
		int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		struct stat sb;
		struct mbox_iter it;
		char *msg, remote[32];
		size_t len, off;
		void *map = NULL;

		if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			im.err = xasprintf(_("cannot read the mbox %s: %s"), argv[1],
			    fd < 0 ? strerror(errno) : _("not a regular file"));
			if (fd >= 0)
				close(fd);
			goto out;
		}
		if (sb.st_size > 0 && (map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0)) == MAP_FAILED) {
			im.err = xasprintf(_("cannot read the mbox %s: %s"), argv[1], strerror(errno));
			close(fd);
			goto out;
		}
		close(fd);
		mbox_iter_init(&it, map != NULL ? map : "", map != NULL ? (size_t)sb.st_size : 0);
		while (mbox_next(&it, &msg, &len, &off)) {
			char *what = xasprintf(_("%s, message at byte %zu"), argv[1], off);
			int rc;

			snprintf(remote, sizeof remote, "%zu", off);
			rc = one(&im, msg, len, what, remote);
			free(what);
			free(msg);
			if (rc != 0) {
				if (map != NULL)
					munmap(map, (size_t)sb.st_size);
				goto out;
			}
		}
		if (map != NULL)
			munmap(map, (size_t)sb.st_size);
	}
	if (commit(&im) != 0)
		goto out;
	progress(&im, 1);
	printf(_("Imported %zu messages: %zu new tickets, %zu added to tickets (%zu reopened, "
	    "%zu follow-ups), %zu auto-replies/bounces/bulk, %zu already there"),
	    im.done - im.counts[INGEST_DUPLICATE], im.counts[INGEST_NEW_TICKET],
	    im.counts[INGEST_THREADED] + im.counts[INGEST_REOPENED],
	    im.counts[INGEST_REOPENED], im.counts[INGEST_FOLLOW_UP], im.counts[INGEST_QUIET],
	    im.counts[INGEST_DUPLICATE]);
	if (im.notices > 0)
		printf(_("; %zu stored with a notice (over a limit or unparsable)"), im.notices);
	printf(".\n");
	code = EXIT_OK;
out:
	if (im.err != NULL) {
		if (im.tty && im.done > 0)
			fputc('\n', stderr);
		cli_error("%s", im.err);
		free(im.err);
	}
	mime_worker_stop(&im.worker);
	client_close(&c);
	free(src);
	free(attach);
	free(dbpath);
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
