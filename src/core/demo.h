/* demo.h: fills an empty database with a believable, reproducible shop
 * (customers, orders, loyalty, tickets in four languages, returns, surveys),
 * for trying the program out, for screenshots and for benchmarks. */
#ifndef AFTERCARE_CORE_DEMO_H
#define AFTERCARE_CORE_DEMO_H

#include <stdint.h>

struct db;

/* What `aftercare demo` builds when not told otherwise. */
#define DEMO_DEFAULT_CUSTOMERS 240
#define DEMO_DEFAULT_TICKETS 360

struct demo_opts {
	uint64_t seed;
	int customers; /* raised to tickets / 3 (rounded up) when tickets > 3 * customers,
	                * so that nobody writes in dozens of times */
	int tickets;
	int64_t now;   /* epoch seconds every date is relative to (> 0) */
	/* Called every 1000 tickets written, and once at the end (done == total);
	 * may be NULL. */
	void (*progress)(void *ctx, int done, int total);
	void *progress_ctx;
};

struct demo_stats {
	int customers, orders, tickets, messages, returns, surveys;
};

/* Fills an empty, freshly migrated database in one BEGIN IMMEDIATE
 * transaction. The same seed, counts and now give the same content, row for
 * row. Refuses a database that already has customers or tickets. Returns 0
 * (st, if not NULL, gets the counts) or -1 with *err set to a translated
 * message that the caller frees; on failure nothing is written. */
int demo_build(struct db *db, const struct demo_opts *o, struct demo_stats *st, char **err);

/*
 * The content tables below are shared by demo.c and demo-text.c only; other
 * modules have no use for them. Strings are UTF-8 templates: {name} is
 * replaced by a value (see demo.c for the list) and {g:male|female} picks a
 * form by the customer's grammatical gender. Variant arrays end at the first
 * NULL.
 */
enum { DEMO_EN, DEMO_UK, DEMO_CS, DEMO_KK, DEMO_NLOCALES };
enum { DEMO_GB, DEMO_US, DEMO_IE, DEMO_UA, DEMO_CZ, DEMO_DE, DEMO_KZ, DEMO_NCOUNTRIES };
#define DEMO_NV 4

struct demo_first {
	const char *name;  /* nominative */
	const char *greet; /* the form used to address the person (Ukrainian vocative) */
	const char *ascii; /* transliteration for e-mail addresses, lower case */
};

struct demo_last {
	const char *m, *f;             /* male and female forms */
	const char *ascii_m, *ascii_f; /* transliterations, lower case */
};

struct demo_names {
	const struct demo_first *female;
	int nfemale;
	const struct demo_first *male;
	int nmale;
	const struct demo_last *last;
	int nlast;
};
extern const struct demo_names demo_names[DEMO_NLOCALES];

enum { DEMO_ONESIZE, DEMO_APPAREL, DEMO_SHOES, DEMO_SOCKS };

struct demo_product {
	const char *sku;     /* base SKU; colour and size codes are appended */
	int size_kind;
	unsigned colours;    /* bit i: demo_colours[i] is offered; 0 = no colour */
	int32_t price_eur;   /* euro cents */
	const char *title[DEMO_NLOCALES];
};
extern const struct demo_product demo_products[];
extern const int demo_product_count;

struct demo_colour {
	const char *code; /* for the SKU */
	const char *name[DEMO_NLOCALES];
};
extern const struct demo_colour demo_colours[];
extern const int demo_colour_count;

enum {
	DEMO_SC_WISMO,   /* where is my order (in transit) */
	DEMO_SC_LATE,    /* in transit past the expected date */
	DEMO_SC_ADDRESS, /* change the delivery address before dispatch */
	DEMO_SC_SIZE,    /* wrong size: exchange */
	DEMO_SC_DAMAGED, /* arrived damaged: refund or replacement */
	DEMO_SC_RETURN,  /* return for a refund or store credit */
	DEMO_SC_REFUND,  /* where is the refund for my return */
	DEMO_SC_THANKS,  /* praise */
	DEMO_SC_CANCEL,  /* cancel an order before it ships */
	DEMO_SC_LOYALTY, /* points and referrals; no order */
	DEMO_SC_COUNT
};

/* One conversation in one language. resolve must read well straight after
 * open (short threads skip ask and answer); alt is the resolution for the
 * other outcome (replacement, store credit, refund not yet issued, payment
 * voided), NULL where there is none. */
struct demo_script {
	const char *subject[DEMO_NV];
	const char *open[DEMO_NV];
	const char *ask[DEMO_NV];
	const char *answer[DEMO_NV];
	const char *resolve[DEMO_NV];
	const char *alt[DEMO_NV];
};
extern const struct demo_script demo_scripts[DEMO_SC_COUNT][DEMO_NLOCALES];
/* Agents' internal notes, in English, the team's common language. */
extern const char *const demo_notes[DEMO_SC_COUNT][DEMO_NV];

/* Everything else that is said in a language. */
struct demo_frame {
	const char *hello_in[DEMO_NV];  /* customer's e-mail greeting */
	const char *bye_in[DEMO_NV];    /* customer's e-mail sign-off */
	const char *hello_out[DEMO_NV]; /* agent's e-mail greeting */
	const char *bye_out[DEMO_NV];   /* agent's e-mail sign-off */
	const char *thanks[DEMO_NV];    /* customer's last word in a solved thread */
	const char *nudge[DEMO_NV];     /* customer chasing an unanswered ticket */
	const char *months[12];         /* as used after a day number */
	const char *svc_good[DEMO_NV], *svc_mid[DEMO_NV], *svc_bad[DEMO_NV];
	const char *prod_good[DEMO_NV], *prod_bad[DEMO_NV];
};
extern const struct demo_frame demo_frames[DEMO_NLOCALES];

/* Street addresses in each country, written as a local would. */
extern const char *const demo_addresses[DEMO_NCOUNTRIES][DEMO_NV];

#endif
