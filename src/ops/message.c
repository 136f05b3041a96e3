/* message.c: message.raw, a stored message exactly as it arrived (or as we
 * sent it), in hex chunks like attachment.read: for an agent who needs the
 * original headers, a signature to check or a message to forward to a
 * colleague as evidence. Compressed rows are unpacked here. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db/db.h"
#include "ops/ops.h"
#include "util/hash.h"
#include "util/i18n.h"
#include "util/pack.h"
#include "util/xmalloc.h"

#define CHUNK (1024 * 1024)
/* The importer reads message files of up to 1 GiB. */
#define RAW_MAX ((size_t)1 << 30)

static const char SQL_RAW[] = "SELECT raw, codec FROM message_raw WHERE message_id = ?1";

static json_t *
message_raw(struct op_ctx *ctx, json_t *params, struct op_error *err)
{
	int64_t id = op_int(params, "id", 0), offset = op_int(params, "offset", 0);
	sqlite3_stmt *st = db_stmt(ctx->db, SQL_RAW);
	char *raw = NULL, *hex = NULL, *perr = NULL;
	size_t len = 0, n;
	json_t *res = NULL;
	int rc, codec;

	if (st == NULL) {
		op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		codec = pack_codec_parse(db_col_text(st, 1));
		if (pack_unpack(codec, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), RAW_MAX, &raw, &len, &perr) != 0) {
			op_error_set(err, OP_E_INTERNAL, _("cannot read message %lld: %s"),
			    (long long)id, perr);
			free(perr);
			db_done(st);
			return NULL;
		}
	}
	db_done(st);
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			op_error_set(err, OP_E_NOT_FOUND, _("message %lld has no stored original "
			    "(no such message, or a chat message)"), (long long)id);
		else
			op_error_set(err, OP_E_DB, "%s", db_errmsg(ctx->db));
		return NULL;
	}
	if ((uint64_t)offset > len) {
		op_error_set(err, OP_E_INVALID, _("offset %lld is past the end of message %lld"),
		    (long long)offset, (long long)id);
		goto out;
	}
	n = len - (size_t)offset < CHUNK ? len - (size_t)offset : CHUNK;
	hex = hash_hex(raw + offset, n);
	res = json_pack("{s:I,s:I,s:I,s:s}", "id", (json_int_t)id, "size", (json_int_t)len,
	    "offset", (json_int_t)offset, "hex", hex);
out:
	free(raw);
	free(hex);
	return res;
}

const struct op_entry op_message_raw = {
	"message.raw", ROLE_AGENT, op_chunked_read_params, message_raw,
	N_("read a stored message as it arrived or was sent (hex, in chunks from offset)"), 0,
};
