/* attachment.c: attachment.read, the bytes of a stored attachment in hex
 * chunks, so that an agent whose Unix user cannot read the database's
 * directory still gets them through the server. */
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
#include "util/i18n.h"
#include "util/xmalloc.h"

#define CHUNK (512 * 1024)

static const char SQL_ATTACHMENT[] =
	"SELECT filename, content_type, size, sha256 FROM attachments WHERE id = ?1";

static json_t *
attachment_read(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t id = op_int(params, "id", 0), offset = op_int(params, "offset", 0);
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_ATTACHMENT);
	char *name = NULL, *type = NULL, *path = NULL, *hex = NULL;
	unsigned char *buf = NULL;
	int64_t size = 0;
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
		/* The hash names the file; it is ours, but check its shape. */
		if (strlen(sha) == 64 && strspn(sha, "0123456789abcdef") == 64)
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
	if (path == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
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
		do
			n = pread(fd, buf, CHUNK, (off_t)offset);
		while (n < 0 && errno == EINTR);
		if (n < 0) {
			op_error_set(err, OP_E_INTERNAL, _("cannot read attachment %lld: %s"),
			    (long long)id, strerror(errno));
			goto out;
		}
	}
	{
		static const char digits[] = "0123456789abcdef";
		ssize_t i;

		hex = xmalloc((size_t)n * 2 + 1);
		for (i = 0; i < n; i++) {
			hex[2 * i] = digits[buf[i] >> 4];
			hex[2 * i + 1] = digits[buf[i] & 15];
		}
		hex[2 * n] = '\0';
	}
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

static const struct op_param attachment_read_params[] = {
	{ "id", OP_INT, 1, 0, 1, INT64_MAX },
	{ "offset", OP_INT, 0, 0, 0, INT64_MAX },
	{ NULL, 0, 0, 0, 0, 0 },
};

const struct op_entry op_attachment_read = {
	"attachment.read", ROLE_AGENT, attachment_read_params, attachment_read,
	N_("read a stored attachment (hex, in chunks from offset)"), 0,
};
