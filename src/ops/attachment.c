/* attachment.c: attachment.read, the bytes of a stored attachment in hex
 * chunks, so that an agent whose Unix user cannot read the database's
 * directory still gets them through the server. The bytes live in
 * attachment_blobs; databases made before it keep theirs in
 * DB.attachments/ab/abcdef..., which is read as before. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "db/db.h"
#include "ops/ops.h"
#include "util/hash.h"
#include "util/i18n.h"
#include "util/xmalloc.h"

#define CHUNK (512 * 1024)

static const char SQL_ATTACHMENT[] =
	"SELECT filename, content_type, size, sha256,"
	" (SELECT rowid FROM attachment_blobs WHERE sha256 = attachments.sha256)"
	" FROM attachments WHERE id = ?1";

/* Up to want bytes at offset: from the database's blob (rowid > 0) or the
 * file store. Returns the count, or -1 with errno. */
static ssize_t
read_bytes(struct db *db, int64_t rowid, int fd, unsigned char *buf, size_t want,
    int64_t offset, int64_t size)
{
	sqlite3_blob *b = NULL;
	ssize_t n;

	if (fd >= 0) {
		do
			n = pread(fd, buf, want, (off_t)offset);
		while (n < 0 && errno == EINTR);
		return n;
	}
	if ((int64_t)want > size - offset)
		want = (size_t)(size - offset);
	if (sqlite3_blob_open(db_handle(db), "main", "attachment_blobs", "data", rowid, 0,
	    &b) != SQLITE_OK || sqlite3_blob_bytes(b) != size ||
	    sqlite3_blob_read(b, buf, (int)want, (int)offset) != SQLITE_OK) {
		sqlite3_blob_close(b);
		errno = EIO;
		return -1;
	}
	sqlite3_blob_close(b);
	return (ssize_t)want;
}

static json_t *
attachment_read(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t id = op_int(params, "id", 0), offset = op_int(params, "offset", 0);
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_ATTACHMENT);
	char *name = NULL, *type = NULL, *path = NULL, *hex = NULL;
	unsigned char *buf = NULL;
	int64_t size = 0, rowid = 0;
	json_t *res = NULL;
	ssize_t n = 0;
	int fd = -1, rc;

	if (st == NULL) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *sha = db_col_text(st, 3);

		name = xstrdup(db_col_text(st, 0));
		type = xstrdup(db_col_text(st, 1));
		size = sqlite3_column_int64(st, 2);
		rowid = sqlite3_column_int64(st, 4);
		/* The hash names the file; it is ours, but check its shape. */
		if (rowid == 0 && strlen(sha) == 64 && strspn(sha, "0123456789abcdef") == 64)
			path = xasprintf("%s.attachments/%.2s/%s", db_path(ctx->db), sha, sha);
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			op_error_set(err, OP_E_NOT_FOUND, _("no attachment %lld"), (long long)id);
		else
			op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		goto out;
	}
	if (rowid == 0 && (path == NULL ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)) {
		op_error_set(err, OP_E_NOT_FOUND, _("the bytes of attachment %lld are missing "
		    "from the attachment store"), (long long)id);
		goto out;
	}
	if (offset > size) {
		op_error_set(err, OP_E_INVALID, _("offset %lld is past the end of attachment %lld"),
		    (long long)offset, (long long)id);
		goto out;
	}
	buf = xmalloc(CHUNK);
	if (offset < size) {
		n = read_bytes(ctx->db, rowid, fd, buf, CHUNK, offset, size);
		if (n < 0) {
			op_error_set(err, OP_E_INTERNAL, _("cannot read attachment %lld: %s"),
			    (long long)id, strerror(errno));
			goto out;
		}
	}
	hex = hash_hex(buf, (size_t)n);
	res = json_pack("{s:I,s:s,s:s,s:I,s:I,s:s}", "id", (json_int_t)id, "filename", name,
	    "content_type", type, "size", (json_int_t)size, "offset", (json_int_t)offset,
	    "hex", hex);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(hex);
	free(name);
	free(type);
	free(path);
	return res;
}

const struct op_param op_chunked_read_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "offset", OP_INT, 0, 0, 0, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_attachment_read = {
	"attachment.read", ROLE_AGENT, op_chunked_read_params, attachment_read,
	N_("read a stored attachment (hex, in chunks from offset)"), 0,
};
