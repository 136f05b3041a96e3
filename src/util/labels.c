/* labels.c: stored enum values (statuses, channels, ...) are English
 * identifiers; people see them translated. */
#include "config.h"

#include <string.h>

#include "util/i18n.h"
#include "util/labels.h"

/* Stored values are English identifiers; people see them translated. */
static const char *const labels[][2] = {
	{ "new", N_("new") }, { "open", N_("open") }, { "pending", N_("pending") },
	{ "solved", N_("solved") }, { "closed", N_("closed") },
	{ "email", N_("email") }, { "chat", N_("chat") },
	{ "low", N_("low") }, { "normal", N_("normal") }, { "high", N_("high") },
	{ "urgent", N_("urgent") },
	{ "paid", N_("paid") }, { "authorized", N_("authorized") },
	{ "partially_refunded", N_("partially refunded") }, { "refunded", N_("refunded") },
	{ "voided", N_("voided") }, { "unknown", N_("unknown") },
	{ "unfulfilled", N_("unfulfilled") }, { "partial", N_("partially shipped") },
	{ "fulfilled", N_("shipped") }, { "restocked", N_("restocked") },
	{ "in_transit", N_("in transit") }, { "out_for_delivery", N_("out for delivery") },
	{ "delivered", N_("delivered") }, { "failure", N_("delivery failed") },
	{ "returned", N_("returned") },
	{ "requested", N_("requested") }, { "approved", N_("approved") },
	{ "received", N_("received") }, { "credited", N_("credited") },
	{ "exchanged", N_("exchanged") }, { "rejected", N_("rejected") },
	{ "cancelled", N_("cancelled") },
	{ "refund", N_("refund") }, { "credit", N_("store credit") },
	{ "exchange", N_("exchange") }, { "return", N_("return") },
	{ "csat", N_("CSAT") }, { "nps", N_("NPS") }, { "product", N_("product") },
	{ "starting", N_("starting") }, { "connecting", N_("connecting") },
	{ "syncing", N_("syncing") }, { "idle", N_("up to date (push)") },
	{ "polling", N_("up to date (polling)") }, { "error", N_("error") },
	{ "queued", N_("queued") }, { "sending", N_("sending") }, { "sent", N_("sent") },
	{ "failed", N_("failed") },
	{ "defective", N_("defective") }, { "not_as_described", N_("not as described") },
	{ "wrong_item", N_("wrong item") }, { "unwanted", N_("no longer wanted") },
	{ "too_small", N_("size too small") }, { "too_large", N_("size too large") },
	{ "style", N_("style") }, { "colour", N_("colour") }, { "other", N_("other reason") },
	{ "label_sent", N_("label sent") }, { "manual", N_("to process in the shop") },
	{ "ok", N_("ok") }, { "never", N_("never synced") },
	{ "purchase", N_("purchase") }, { "redeem", N_("redeemed") },
	{ "goodwill", N_("goodwill") }, { "referral", N_("referral") },
	{ "expiry", N_("expired") }, { "adjust", N_("adjustment") },
	{ "in", N_("customer") }, { "out", N_("reply") }, { "note", N_("internal note") },
	{ NULL, NULL },
};

const char *
label_for(const char *value)
{
	int i;

	for (i = 0; labels[i][0] != NULL; i++)
		if (strcmp(labels[i][0], value) == 0)
			return _(labels[i][1]);
	return value;
}

