/* gen-maildir.c: writes N realistic customer-support emails into a Maildir,
 * for bench/mail.sh. Deterministic: the same N and seed give the same files.
 *
 *   gen-maildir DIR N [SEED]
 *
 * What the mail looks like: about 2,000 customers (Czech, Ukrainian,
 * English), each with one mail program that decides the shape of every
 * message they send: plain text or multipart/alternative (text + HTML);
 * 8bit, quoted-printable or base64; UTF-8, ISO-8859-2, KOI8-U or
 * windows-1251 bodies; RFC 2047 names and subjects in the same charset.
 * About a third are replies (Re:/Odp:/Відп:) with In-Reply-To and References
 * to earlier messages of the thread and the shop's answers quoted under them;
 * order numbers like #10423 in subjects and bodies; photos and PDFs of a few
 * KB as attachments (RFC 2231 names when not ASCII), a few large ones;
 * auto-replies and newsletters. Sizes mostly 1-30 KB. Built by bench/mail.sh
 * with `cc -O2`; needs only libc (iconv). */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- random numbers (splitmix64) ---- */

static uint64_t
mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct rng { uint64_t s; };

static uint64_t
rnext(struct rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return mix(r->s);
}

static unsigned
rn(struct rng *r, unsigned n) /* 0 .. n-1 */
{
	return n == 0 ? 0 : (unsigned)(rnext(r) % n);
}

static int
chance(struct rng *r, unsigned per_mille)
{
	return rn(r, 1000) < per_mille;
}

static struct rng
rseed(uint64_t a, uint64_t b)
{
	struct rng r = { mix(a * 0x100000001b3ULL ^ mix(b + 0x1234567)) };

	return r;
}

#define PICK(r, arr) ((arr)[rn((r), sizeof(arr) / sizeof((arr)[0]))])

/* ---- growable string ---- */

struct sb { char *p; size_t len, cap; };

static void
sb_grow(struct sb *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	while (b->len + n + 1 > b->cap)
		b->cap = b->cap ? b->cap * 2 : 4096;
	if ((b->p = realloc(b->p, b->cap)) == NULL) {
		perror("gen-maildir");
		exit(1);
	}
}

static void
sb_addn(struct sb *b, const char *s, size_t n)
{
	sb_grow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
sb_add(struct sb *b, const char *s)
{
	sb_addn(b, s, strlen(s));
}

static void
sb_addc(struct sb *b, char c)
{
	sb_addn(b, &c, 1);
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sb *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	sb_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* ---- encodings ---- */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64; wrap > 0 breaks lines after that many characters. */
static void
b64(struct sb *b, const unsigned char *s, size_t n, int wrap)
{
	size_t i;
	int col = 0;

	sb_grow(b, n * 4 / 3 + n / 50 + 8);
	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)s[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = B64[(v >> 18) & 63];
		q[1] = B64[(v >> 12) & 63];
		q[2] = i + 1 < n ? B64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? B64[v & 63] : '=';
		sb_addn(b, q, 4);
		col += 4;
		if (wrap > 0 && col >= wrap && i + 3 < n) {
			sb_addc(b, '\n');
			col = 0;
		}
	}
	if (wrap > 0)
		sb_addc(b, '\n');
}

/* Quoted-printable body (RFC 2045): soft breaks at 76. */
static void
qp(struct sb *b, const unsigned char *s, size_t n)
{
	int col = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		char enc[4];
		int w;

		if (c == '\n') {
			sb_addc(b, '\n');
			col = 0;
			continue;
		}
		if ((c == ' ' || c == '\t') && (i + 1 == n || s[i + 1] == '\n')) {
			snprintf(enc, sizeof enc, "=%02X", c);
			w = 3;
		} else if (c == '=' || c < 32 || c > 126) {
			snprintf(enc, sizeof enc, "=%02X", c);
			w = 3;
		} else {
			enc[0] = (char)c;
			enc[1] = '\0';
			w = 1;
		}
		if (col + w > 75) {
			sb_add(b, "=\n");
			col = 0;
		}
		sb_addn(b, enc, (size_t)w);
		col += w;
	}
	if (n > 0 && s[n - 1] != '\n')
		sb_addc(b, '\n');
}

/* UTF-8 to a charset, transliterating what it lacks. */
static void
convert(struct sb *out, const char *charset, const char *s, size_t n)
{
	static iconv_t cd[8];
	static const char *names[8];
	iconv_t c = (iconv_t)-1;
	int k;

	if (strcasecmp(charset, "utf-8") == 0 || strcasecmp(charset, "us-ascii") == 0) {
		sb_addn(out, s, n);
		return;
	}
	for (k = 0; k < 8 && names[k] != NULL; k++)
		if (strcmp(names[k], charset) == 0)
			c = cd[k];
	if (c == (iconv_t)-1) {
		char to[64];

		snprintf(to, sizeof to, "%s//TRANSLIT", charset);
		if (k == 8 || (c = iconv_open(to, "UTF-8")) == (iconv_t)-1) {
			fprintf(stderr, "gen-maildir: iconv %s: %s\n", charset, strerror(errno));
			exit(1);
		}
		cd[k] = c;
		names[k] = charset;
	}
	iconv(c, NULL, NULL, NULL, NULL);
	sb_grow(out, n * 2 + 16);
	{
		char *in = (char *)s, *o = out->p + out->len;
		size_t inleft = n, outleft = out->cap - out->len - 1;

		while (inleft > 0) {
			if (iconv(c, &in, &inleft, &o, &outleft) == (size_t)-1) {
				if (errno == E2BIG) {
					size_t used = (size_t)(o - out->p);

					out->len = used;
					sb_grow(out, inleft * 2 + 64);
					o = out->p + used;
					outleft = out->cap - used - 1;
					continue;
				}
				/* Unconvertible even with //TRANSLIT: a '?', move on. */
				*o++ = '?';
				outleft--;
				in++;
				inleft--;
			}
		}
		out->len = (size_t)(o - out->p);
		out->p[out->len] = '\0';
	}
}

static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > 126)
			return 0;
	return 1;
}

/* A header value as RFC 2047 encoded-words in charset, 'B' or 'Q', one per
 * folded line. ASCII text is left alone. */
static void
hdr_words(struct sb *b, const char *utf8, const char *charset, char how)
{
	struct sb raw = { 0 };
	size_t i = 0, per;

	if (ascii(utf8)) {
		sb_add(b, utf8);
		return;
	}
	convert(&raw, charset, utf8, strlen(utf8));
	/* Keep each word under 76 characters; for UTF-8 never split a character. */
	per = how == 'B' ? 36 : 20;
	while (i < raw.len) {
		size_t n = per < raw.len - i ? per : raw.len - i;

		if (strcasecmp(charset, "utf-8") == 0)
			while (i + n < raw.len && ((unsigned char)raw.p[i + n] & 0xC0) == 0x80)
				n--;
		if (i > 0)
			sb_add(b, "\n ");
		sb_printf(b, "=?%s?%c?", charset, how);
		if (how == 'B') {
			b64(b, (unsigned char *)raw.p + i, n, 0);
		} else {
			size_t k;

			for (k = i; k < i + n; k++) {
				unsigned char c = (unsigned char)raw.p[k];

				if (c == ' ')
					sb_addc(b, '_');
				else if (c < 33 || c > 126 || c == '=' || c == '?' || c == '_' ||
				    c == '"')
					sb_printf(b, "=%02X", c);
				else
					sb_addc(b, (char)c);
			}
		}
		sb_add(b, "?=");
		i += n;
	}
	free(raw.p);
}

static void
html_escape(struct sb *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': sb_add(b, "&lt;"); break;
		case '>': sb_add(b, "&gt;"); break;
		case '&': sb_add(b, "&amp;"); break;
		case '"': sb_add(b, "&quot;"); break;
		default: sb_addc(b, s[i]);
		}
	}
}

/* ---- the people and the words ---- */

enum lang { EN, CS, UK, NLANG };

struct name { const char *first, *last, *ascii_first, *ascii_last; };

static const struct name NAMES_CS[] = {
	{ "Jan", "Novák", "jan", "novak" }, { "Petr", "Svoboda", "petr", "svoboda" },
	{ "Jana", "Dvořáková", "jana", "dvorakova" }, { "Tereza", "Černá", "tereza", "cerna" },
	{ "Lukáš", "Procházka", "lukas", "prochazka" }, { "Markéta", "Kučerová", "marketa", "kucerova" },
	{ "Jiří", "Veselý", "jiri", "vesely" }, { "Eva", "Horáková", "eva", "horakova" },
	{ "Tomáš", "Němec", "tomas", "nemec" }, { "Hana", "Marešová", "hana", "maresova" },
	{ "Ondřej", "Pospíšil", "ondrej", "pospisil" }, { "Lucie", "Hájková", "lucie", "hajkova" },
	{ "Martin", "Král", "martin", "kral" }, { "Zuzana", "Jelínková", "zuzana", "jelinkova" },
	{ "Václav", "Růžička", "vaclav", "ruzicka" }, { "Kateřina", "Benešová", "katerina", "benesova" },
	{ "Michal", "Fiala", "michal", "fiala" }, { "Veronika", "Sedláčková", "veronika", "sedlackova" },
	{ "David", "Doležal", "david", "dolezal" }, { "Barbora", "Zemanová", "barbora", "zemanova" },
	{ "Radek", "Kolář", "radek", "kolar" }, { "Petra", "Navrátilová", "petra", "navratilova" },
	{ "Miroslav", "Čermák", "miroslav", "cermak" }, { "Šárka", "Urbanová", "sarka", "urbanova" },
};
static const struct name NAMES_UK[] = {
	{ "Олександр", "Шевченко", "oleksandr", "shevchenko" },
	{ "Оксана", "Коваленко", "oksana", "kovalenko" },
	{ "Андрій", "Бондаренко", "andrii", "bondarenko" },
	{ "Ірина", "Ткаченко", "iryna", "tkachenko" },
	{ "Дмитро", "Кравченко", "dmytro", "kravchenko" },
	{ "Наталія", "Олійник", "nataliia", "oliinyk" },
	{ "Сергій", "Мельник", "serhii", "melnyk" },
	{ "Юлія", "Лисенко", "yuliia", "lysenko" },
	{ "Віталій", "Руденко", "vitalii", "rudenko" },
	{ "Тетяна", "Савченко", "tetiana", "savchenko" },
	{ "Богдан", "Петренко", "bohdan", "petrenko" },
	{ "Світлана", "Мороз", "svitlana", "moroz" },
	{ "Євген", "Гончаренко", "yevhen", "honcharenko" },
	{ "Галина", "Поліщук", "halyna", "polishchuk" },
	{ "Ігор", "Марченко", "ihor", "marchenko" },
	{ "Людмила", "Кузьменко", "liudmyla", "kuzmenko" },
	{ "Тарас", "Ковальчук", "taras", "kovalchuk" },
	{ "Ганна", "Зінченко", "hanna", "zinchenko" },
	{ "Максим", "Ґудзь", "maksym", "gudz" },
	{ "Олена", "Їжакевич", "olena", "yizhakevych" },
};
static const struct name NAMES_EN[] = {
	{ "John", "Smith", "john", "smith" }, { "Emily", "Johnson", "emily", "johnson" },
	{ "Michael", "Brown", "michael", "brown" }, { "Sarah", "Taylor", "sarah", "taylor" },
	{ "David", "Wilson", "david", "wilson" }, { "Laura", "Davies", "laura", "davies" },
	{ "James", "Evans", "james", "evans" }, { "Olivia", "Thomas", "olivia", "thomas" },
	{ "Robert", "Roberts", "robert", "roberts" }, { "Sophie", "Walker", "sophie", "walker" },
	{ "Daniel", "Wright", "daniel", "wright" }, { "Chloe", "Green", "chloe", "green" },
	{ "Thomas", "Hall", "thomas", "hall" }, { "Hannah", "Wood", "hannah", "wood" },
	{ "Mark", "O'Brien", "mark", "obrien" }, { "Grace", "Murphy", "grace", "murphy" },
};

static const char *const DOMAINS[NLANG][6] = {
	{ "gmail.com", "outlook.com", "yahoo.com", "hotmail.co.uk", "icloud.com", "btinternet.com" },
	{ "seznam.cz", "email.cz", "centrum.cz", "gmail.com", "post.cz", "volny.cz" },
	{ "ukr.net", "i.ua", "gmail.com", "meta.ua", "outlook.com", "bigmir.net" },
};

/* Mail programs: what the customer's messages look like. */
enum mailer { GMAIL, THUNDERBIRD, OUTLOOK, IPHONE, WEBMAIL, THEBAT, NMAILER };

struct customer {
	enum lang lang;
	enum mailer mailer;
	const struct name *nm;
	char email[80];
	char phone[24];
	int has_display; /* From: "Name" <addr> or only the address */
};

static const char *const PRODUCTS[NLANG][12] = {
	{ "winter jacket", "wireless headphones", "coffee grinder", "running shoes",
	  "kids' raincoat", "phone case", "desk lamp", "yoga mat", "backpack",
	  "electric kettle", "bed sheets", "smart watch" },
	{ "zimní bunda", "bezdrátová sluchátka", "mlýnek na kávu", "běžecké boty",
	  "dětská pláštěnka", "obal na telefon", "stolní lampa", "podložka na jógu",
	  "batoh", "rychlovarná konvice", "povlečení", "chytré hodinky" },
	{ "зимова куртка", "бездротові навушники", "кавомолка", "кросівки для бігу",
	  "дитячий дощовик", "чохол для телефону", "настільна лампа", "килимок для йоги",
	  "рюкзак", "електрочайник", "постільна білизна", "розумний годинник" },
};
static const char *const CARRIERS[NLANG][4] = {
	{ "Royal Mail", "DPD", "UPS", "DHL" },
	{ "Zásilkovna", "PPL", "DPD", "Česká pošta" },
	{ "Нова пошта", "Укрпошта", "Meest", "DHL" },
};

static const char *const SUBJECTS[NLANG][14] = {
	{ "Where is my order #%d?", "Order #%d arrived damaged", "Refund for order #%d",
	  "Wrong size in order #%d", "Question about delivery", "Invoice for order #%d",
	  "Please cancel order #%d", "Return request for #%d", "Missing item in my order",
	  "Payment taken twice for #%d", "Exchange the %s from #%d", "Parcel not delivered",
	  "Discount code does not work", "Complaint: %s (order #%d)" },
	{ "Kde je moje objednávka #%d?", "Poškozená zásilka, objednávka #%d",
	  "Vrácení peněz za objednávku #%d", "Špatná velikost v objednávce #%d",
	  "Dotaz k doručení", "Faktura k objednávce #%d", "Prosím o storno objednávky #%d",
	  "Žádost o vrácení zboží #%d", "Chybí mi zboží v objednávce",
	  "Platba stržena dvakrát za #%d", "Výměna: %s z objednávky #%d",
	  "Zásilka nedorazila", "Slevový kód nefunguje", "Reklamace: %s (objednávka #%d)" },
	{ "Де моє замовлення #%d?", "Пошкоджена посилка, замовлення #%d",
	  "Повернення коштів за замовлення #%d", "Неправильний розмір у замовленні #%d",
	  "Питання щодо доставки", "Рахунок-фактура для замовлення #%d",
	  "Скасуйте замовлення #%d, будь ласка", "Заява на повернення товару #%d",
	  "У замовленні бракує товару", "Оплату списали двічі за #%d",
	  "Обмін: %s із замовлення #%d", "Посилку не доставили",
	  "Промокод не працює", "Рекламація: %s (замовлення #%d)" },
};

static const char *const GREET[NLANG][5] = {
	{ "Hello,", "Hi there,", "Dear Sir or Madam,", "Good morning,", "Hi," },
	{ "Dobrý den,", "Dobrý den, vážení,", "Zdravím,", "Dobré odpoledne,", "Ahoj," },
	{ "Доброго дня!", "Добрий день,", "Вітаю!", "Шановна службо підтримки,", "Привіт," },
};

/* Body sentences; %O order, %P product, %C carrier, %T tracking, %D days,
 * %H phone. */
static const char *const SENT[NLANG][30] = {
	{ "I ordered the %P on your website (order #%O) and it still has not arrived.",
	  "The tracking number %T has not changed for %D days.",
	  "According to %C the parcel was delivered, but I never received it.",
	  "When I opened the box the %P was broken, I attached a photo.",
	  "Could you please send me a refund to the original payment method?",
	  "I would like to exchange it for a bigger size if possible.",
	  "The invoice for order #%O shows the wrong billing address.",
	  "I was charged twice for the same order, please check my bank statement.",
	  "Please cancel the order before it ships, I no longer need it.",
	  "The discount code from your newsletter was rejected at checkout.",
	  "My neighbour says a courier from %C left a note but nobody rang the bell.",
	  "I have been a customer for years and this has never happened before.",
	  "Can you tell me when the %P will be back in stock?",
	  "The colour is quite different from the photos on the product page.",
	  "I sent the return parcel %D days ago and I am still waiting for the money.",
	  "You can reach me on %H during the day if that is easier.",
	  "The box was left outside in the rain and the contents are wet.",
	  "One of the two items is missing from the parcel, only the %P was inside.",
	  "I need the delivery before the weekend because it is a birthday present.",
	  "Is it possible to change the delivery address to my office?",
	  "The instructions are missing and I cannot figure out how to assemble it.",
	  "I paid for express shipping but the order took more than a week.",
	  "Your chat assistant told me to write an email, so here I am.",
	  "Please confirm that you received my complaint about order #%O.",
	  "The size chart says M but the %P fits like an S.",
	  "I tried to call your hotline but nobody answered for twenty minutes.",
	  "Attached is the receipt from the post office for the return.",
	  "Could you at least give me an estimate of when it will be shipped?",
	  "The battery of the %P does not charge at all.",
	  "Thank you for the quick reply last time, the issue is still open though." },
	{ "Objednal jsem si u vás %P (objednávka #%O) a pořád mi nepřišla.",
	  "Sledovací číslo %T se už %D dní nezměnilo.",
	  "Podle %C byla zásilka doručena, ale já ji nikdy nedostal.",
	  "Po otevření krabice bylo zboží (%P) rozbité, posílám fotku v příloze.",
	  "Můžete mi prosím vrátit peníze na původní platební metodu?",
	  "Chtěla bych to vyměnit za větší velikost, pokud je to možné.",
	  "Na faktuře k objednávce #%O je špatná fakturační adresa.",
	  "Za stejnou objednávku mi byla stržena platba dvakrát, zkontrolujte to prosím.",
	  "Prosím o zrušení objednávky, než ji odešlete, už ji nepotřebuji.",
	  "Slevový kód z vašeho newsletteru mi v košíku nefunguje.",
	  "Soused říkal, že kurýr od %C nechal lístek, ale nikdo nezvonil.",
	  "Nakupuji u vás roky a tohle se mi ještě nestalo.",
	  "Můžete mi říct, kdy bude %P znovu skladem?",
	  "Barva je úplně jiná než na fotkách v e-shopu.",
	  "Vratku jsem poslala před %D dny a peníze stále nemám.",
	  "Přes den jsem k zastižení na čísle %H.",
	  "Krabice zůstala venku v dešti a obsah je mokrý.",
	  "V balíku chybí jedna ze dvou položek, byla tam jen %P.",
	  "Potřebuji doručení do víkendu, je to dárek k narozeninám.",
	  "Je možné změnit doručovací adresu na adresu mé kanceláře?",
	  "Chybí návod a nevím, jak to sestavit.",
	  "Zaplatil jsem expresní dopravu, ale objednávka šla přes týden.",
	  "Chatovací asistent mi poradil napsat e-mail, tak píšu.",
	  "Potvrďte mi prosím, že jste přijali reklamaci k objednávce #%O.",
	  "Tabulka velikostí uvádí M, ale %P je spíš velikost S.",
	  "Zkoušel jsem volat na infolinku, ale dvacet minut to nikdo nebral.",
	  "V příloze posílám podací lístek z pošty k vrácení.",
	  "Můžete mi aspoň odhadnout, kdy to odešlete?",
	  "Baterie u položky %P se vůbec nenabíjí.",
	  "Děkuji za rychlou odpověď minule, problém ale pořád trvá." },
	{ "Я замовив у вас %P (замовлення #%O), і воно досі не прийшло.",
	  "Номер відстеження %T не змінювався вже %D днів.",
	  "За даними %C посилку доставлено, але я її не отримала.",
	  "Коли я відкрив коробку, товар (%P) був зламаний, фото додаю.",
	  "Чи можете ви повернути кошти на картку, з якої я платив?",
	  "Я хотіла б обміняти на більший розмір, якщо це можливо.",
	  "У рахунку до замовлення #%O вказана неправильна адреса.",
	  "За одне замовлення з мене списали гроші двічі, перевірте, будь ласка.",
	  "Прошу скасувати замовлення до відправлення, воно мені вже не потрібне.",
	  "Промокод із вашої розсилки не приймається при оформленні.",
	  "Сусідка каже, що кур'єр %C залишив записку, але ніхто не дзвонив.",
	  "Я ваш клієнт уже кілька років, і таке трапилося вперше.",
	  "Підкажіть, коли %P знову буде в наявності?",
	  "Колір зовсім не такий, як на фотографіях у магазині.",
	  "Я відправила повернення %D днів тому, а гроші досі не надійшли.",
	  "Зі мною можна зв'язатися за номером %H протягом дня.",
	  "Коробку залишили надворі під дощем, і все всередині мокре.",
	  "У посилці бракує одного з двох товарів, була лише %P.",
	  "Мені потрібна доставка до вихідних, бо це подарунок на день народження.",
	  "Чи можна змінити адресу доставки на адресу мого офісу?",
	  "Немає інструкції, і я не розумію, як це зібрати.",
	  "Я оплатив експрес-доставку, але замовлення їхало понад тиждень.",
	  "Ваш чат-бот порадив написати листа, тож пишу.",
	  "Підтвердьте, будь ласка, що ви отримали мою рекламацію щодо #%O.",
	  "У таблиці розмірів вказано M, але %P сидить як S.",
	  "Я намагався додзвонитися на гарячу лінію, але двадцять хвилин ніхто не відповідав.",
	  "Додаю квитанцію з пошти про відправлення повернення.",
	  "Скажіть хоча б приблизно, коли його відправлять?",
	  "Акумулятор у %P взагалі не заряджається.",
	  "Дякую за швидку відповідь минулого разу, але проблема досі не вирішена." },
};

static const char *const THANKS[NLANG][4] = {
	{ "Thank you,", "Kind regards,", "Best wishes,", "Thanks in advance," },
	{ "Děkuji,", "S pozdravem,", "Předem děkuji,", "Hezký den," },
	{ "Дякую,", "З повагою,", "Заздалегідь дякую,", "Гарного дня," },
};

static const char *const SUPPORT_SENT[NLANG][8] = {
	{ "Thank you for contacting us about order #%O.",
	  "We have asked %C to investigate the delivery and will get back to you.",
	  "We are sorry that the %P arrived in this condition.",
	  "A refund has been issued and should appear on your account within 5 working days.",
	  "Could you please send us a photo of the packaging as well?",
	  "Your replacement has been dispatched with tracking number %T.",
	  "Please use the prepaid return label attached to this email.",
	  "If there is anything else we can do, just reply to this message." },
	{ "Děkujeme, že jste nás kontaktovali ohledně objednávky #%O.",
	  "Požádali jsme %C o prošetření doručení a ozveme se vám.",
	  "Je nám líto, že %P dorazila v takovém stavu.",
	  "Peníze jsme vrátili, na účtu je uvidíte do 5 pracovních dnů.",
	  "Můžete nám prosím poslat i fotku obalu?",
	  "Náhradní zboží jsme odeslali se sledovacím číslem %T.",
	  "Pro vrácení prosím použijte přiložený předplacený štítek.",
	  "Kdybychom mohli pomoci s čímkoli dalším, stačí odpovědět na tento e-mail." },
	{ "Дякуємо, що звернулися щодо замовлення #%O.",
	  "Ми попросили %C перевірити доставку і повідомимо вас.",
	  "Нам шкода, що %P прибула в такому стані.",
	  "Кошти повернено, вони надійдуть на рахунок протягом 5 робочих днів.",
	  "Надішліть, будь ласка, також фото упаковки.",
	  "Заміну відправлено з номером відстеження %T.",
	  "Для повернення скористайтеся доданою оплаченою етикеткою.",
	  "Якщо можемо ще чимось допомогти, просто дайте відповідь на цей лист." },
};

static const char *const RE[NLANG][3] = {
	{ "Re: ", "RE: ", "Re: " }, { "Re: ", "Odp: ", "RE: " }, { "Re: ", "Відп: ", "RE: " },
};

static const char *const LEGAL =
    "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the "
    "sole use of the intended recipient(s) and may contain confidential and privileged "
    "information. Any unauthorized review, use, disclosure or distribution is prohibited. "
    "If you are not the intended recipient, please contact the sender by reply e-mail and "
    "destroy all copies of the original message. Please consider the environment before "
    "printing this e-mail.";

/* ---- message assembly ---- */

struct thread {
	int cust;
	int subj;      /* index into SUBJECTS */
	int order;     /* order number */
	int product;
	uint64_t seed; /* of the first message's text, to quote it again */
	int n;         /* messages so far */
	int msgs[6];   /* indices of the last customer messages, oldest first */
	int nmsgs;
};

struct ctx {
	const char *dir;
	uint64_t seed;
	struct customer *cust;
	int ncust;
	struct thread *th;
	int nth;
	long now;
};

static void
fill(struct sb *b, const char *tmpl, const struct thread *t, const struct customer *c,
    struct rng *r)
{
	const char *p;

	for (p = tmpl; *p; p++) {
		if (*p != '%' || p[1] == '\0') {
			sb_addc(b, *p);
			continue;
		}
		switch (*++p) {
		case 'O': sb_printf(b, "%d", t->order); break;
		case 'P': sb_add(b, PRODUCTS[c->lang][t->product]); break;
		case 'C': sb_add(b, CARRIERS[c->lang][t->order % 4]); break;
		case 'T':
			sb_printf(b, "%s%09u%s", c->lang == UK ? "59" : "CZ",
			    (unsigned)(mix((uint64_t)t->order) % 1000000000u),
			    c->lang == UK ? "" : "CZ");
			break;
		case 'D': sb_printf(b, "%u", 2 + rn(r, 20)); break;
		case 'H': sb_add(b, c->phone); break;
		default: sb_addc(b, '%'); sb_addc(b, *p);
		}
	}
}

/* Wraps UTF-8 text at width characters, breaking after a space (so that the
 * soft breaks are format=flowed ones). */
static void
wrap(struct sb *out, const char *s, int width)
{
	while (*s) {
		const char *nl = strchr(s, '\n'), *end = nl ? nl : s + strlen(s);
		const char *p = s, *brk = NULL;
		int col = 0;

		while (p < end) {
			if (*p == ' ')
				brk = p + 1;
			if (((unsigned char)*p & 0xC0) != 0x80 && ++col > width && brk != NULL)
				break;
			p++;
		}
		if (p < end) {
			sb_addn(out, s, (size_t)(brk - s));
			sb_addc(out, '\n');
			s = brk;
			continue;
		}
		sb_addn(out, s, (size_t)(end - s));
		sb_addc(out, '\n');
		s = nl ? nl + 1 : end;
	}
}

/* Paragraphs from the sentences until about target bytes. */
static void
customer_text(struct sb *out, const struct thread *t, const struct customer *c, uint64_t seed,
    size_t target)
{
	struct rng r = rseed(seed, 77);
	struct sb b = { 0 };
	int first = 1;

	sb_add(&b, PICK(&r, GREET[c->lang]));
	sb_add(&b, "\n\n");
	while (first || b.len < target) {
		int k = 2 + (int)rn(&r, 4);

		if (first)
			fill(&b, SENT[c->lang][0], t, c, &r), sb_addc(&b, ' ');
		while (k-- > 0) {
			fill(&b, PICK(&r, SENT[c->lang]), t, c, &r);
			sb_addc(&b, k > 0 ? ' ' : '\n');
		}
		sb_addc(&b, '\n');
		first = 0;
	}
	sb_add(&b, PICK(&r, THANKS[c->lang]));
	sb_addc(&b, '\n');
	sb_printf(&b, "%s %s\n", c->nm->first, c->nm->last);
	if (c->mailer == IPHONE)
		sb_add(&b, c->lang == CS ? "\nOdesláno z iPhonu\n" :
		    c->lang == UK ? "\nНадіслано з iPhone\n" : "\nSent from my iPhone\n");
	else if (rn(&r, 3) == 0)
		sb_printf(&b, "-- \n%s %s\ntel. %s\n", c->nm->first, c->nm->last, c->phone);
	wrap(out, b.p, 72);
	free(b.p);
}

/* "> " quoting of what came before, as a mail program puts it under a reply. */
static void
quote(struct sb *b, const char *text, const char *prefix)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		sb_add(b, prefix);
		if (n > 0 && prefix[strlen(prefix) - 1] != ' ')
			sb_addc(b, ' ');
		sb_addn(b, p, n);
		sb_addc(b, '\n');
		p += n + (nl != NULL);
	}
}

static void
fmt_date(char *out, size_t n, long t, int off_min)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const mo[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
		"Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t lt = (time_t)(t + off_min * 60);
	struct tm tm;

	gmtime_r(&lt, &tm);
	snprintf(out, n, "%s, %d %s %d %02d:%02d:%02d %c%02d%02d", wd[tm.tm_wday], tm.tm_mday,
	    mo[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
	    off_min < 0 ? '-' : '+', abs(off_min) / 60, abs(off_min) % 60);
}

static const char *
msgid_domain(const struct customer *c)
{
	switch (c->mailer) {
	case GMAIL: return "mail.gmail.com";
	case OUTLOOK: return "AM6PR02MB4321.eurprd02.prod.outlook.com";
	case IPHONE: return strchr(c->email, '@') + 1;
	case WEBMAIL: return c->lang == CS ? "email.seznam.cz" : c->lang == UK ? "frv.ukr.net" :
	    "mail.yahoo.com";
	default: return strchr(c->email, '@') + 1;
	}
}

/* The Message-ID of customer message i (sent by c): a function of i alone,
 * so that replies can name it again. */
static void
msgid(char *out, size_t n, const struct ctx *x, int i, const struct customer *c)
{
	uint64_t h = mix(x->seed ^ mix((uint64_t)i + 1));
	const char *dom = msgid_domain(c);

	switch (c->mailer) {
	case GMAIL:
		snprintf(out, n, "<CAF%016llx%dQ%05x@%s>", (unsigned long long)h, i,
		    (unsigned)(h >> 44), dom);
		break;
	case OUTLOOK:
		snprintf(out, n, "<AM6PR02MB4321%016llX%X@%s>", (unsigned long long)h, i, dom);
		break;
	case IPHONE:
		snprintf(out, n, "<%08X-%04X-%04X-%05X-%012llX@%s>", (unsigned)(h >> 32),
		    (unsigned)(h >> 16) & 0xffff, (unsigned)h & 0xffff, i,
		    (unsigned long long)(mix(h) & 0xffffffffffffULL), dom);
		break;
	case WEBMAIL:
		snprintf(out, n, "<%llu.%d.%u@%s>", (unsigned long long)(h % 100000000000ULL), i,
		    (unsigned)(h >> 50), dom);
		break;
	default:
		snprintf(out, n, "<%08x-%04x-%04x-%x@%s>", (unsigned)(h >> 32),
		    (unsigned)(h >> 16) & 0xffff, (unsigned)h & 0xffff, i, dom);
	}
}

/* Charset, transfer encoding and structure of a customer's mail program. */
static const char *
body_charset(const struct customer *c)
{
	switch (c->mailer) {
	case OUTLOOK:
		return c->lang == CS ? "iso-8859-2" : c->lang == UK ? "windows-1251" : "us-ascii";
	case THEBAT:
		return c->lang == CS ? "iso-8859-2" : c->lang == UK ? "koi8-u" : "us-ascii";
	case WEBMAIL:
		return c->lang == UK ? "windows-1251" : "utf-8";
	default:
		return c->lang == EN ? (c->mailer == THUNDERBIRD ? "us-ascii" : "utf-8") : "utf-8";
	}
}

static const char *
hdr_charset(const struct customer *c)
{
	const char *cs = body_charset(c);

	return strcmp(cs, "us-ascii") == 0 ? "utf-8" : cs;
}

enum cte { CTE_7BIT, CTE_8BIT, CTE_QP, CTE_B64 };

static enum cte
body_cte(const struct customer *c, const char *utf8)
{
	switch (c->mailer) {
	case GMAIL: case OUTLOOK: case IPHONE: return CTE_QP;
	case WEBMAIL: return c->lang == EN ? CTE_QP : CTE_B64;
	default: return ascii(utf8) ? CTE_7BIT : CTE_8BIT;
	}
}

/* One text part (headers and body) in the customer's charset and encoding. */
static void
text_part(struct sb *b, const struct customer *c, const char *subtype, const char *utf8,
    int flowed)
{
	struct sb raw = { 0 };
	const char *cs = body_charset(c);
	enum cte e = body_cte(c, utf8);

	if (!ascii(utf8) && strcmp(cs, "us-ascii") == 0)
		cs = "utf-8";
	convert(&raw, cs, utf8, strlen(utf8));
	sb_printf(b, "Content-Type: text/%s; charset=%s%s\n", subtype, cs,
	    flowed ? "; format=flowed" : "");
	sb_printf(b, "Content-Transfer-Encoding: %s\n\n",
	    e == CTE_QP ? "quoted-printable" : e == CTE_B64 ? "base64" :
	    e == CTE_8BIT ? "8bit" : "7bit");
	if (e == CTE_QP)
		qp(b, (unsigned char *)raw.p, raw.len);
	else if (e == CTE_B64)
		b64(b, (unsigned char *)raw.p, raw.len, 76);
	else
		sb_addn(b, raw.p, raw.len);
	free(raw.p);
}

static void
html_of(struct sb *h, const char *text, const char *charset)
{
	const char *p = text;
	int inquote = 0;

	sb_printf(h, "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
	    "charset=%s\"></head><body><div dir=\"ltr\">\n", charset);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		int q = n > 0 && p[0] == '>';

		if (q && !inquote)
			sb_add(h, "<blockquote class=\"gmail_quote\" style=\"margin:0 0 0 .8ex;"
			    "border-left:1px #ccc solid;padding-left:1ex\">\n");
		else if (!q && inquote)
			sb_add(h, "</blockquote>\n");
		inquote = q;
		if (q) {
			while (n > 0 && (*p == '>' || *p == ' '))
				p++, n--;
		}
		if (n == 0)
			sb_add(h, "<div><br></div>\n");
		else {
			sb_add(h, "<div>");
			html_escape(h, p, n);
			sb_add(h, "</div>\n");
		}
		p += n + (nl != NULL);
	}
	if (inquote)
		sb_add(h, "</blockquote>\n");
	sb_add(h, "</div></body></html>\n");
}

static void
boundary(char *out, size_t n, uint64_t h, int k)
{
	snprintf(out, n, "----=_Part_%d_%08llx.%llu", k, (unsigned long long)(h & 0xffffffff),
	    (unsigned long long)(h >> 40));
}

/* Attachment bytes that look like a JPEG or a PDF. */
static void
attachment(struct sb *b, struct rng *r, const struct customer *c, const struct thread *t,
    size_t size, const char *bnd)
{
	unsigned char *d = malloc(size);
	int pdf = rn(r, 3) == 0;
	size_t i;
	const char *name;
	char fname[128];

	for (i = 0; i + 8 <= size; i += 8) {
		uint64_t v = rnext(r);

		memcpy(d + i, &v, 8);
	}
	for (; i < size; i++)
		d[i] = (unsigned char)rnext(r);
	if (pdf) {
		static const char head[] = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog "
		    "/Pages 2 0 R >>\nendobj\n";

		memcpy(d, head, sizeof head - 1 < size ? sizeof head - 1 : size);
		memcpy(d + size - 6, "%%EOF\n", 6);
	} else {
		static const unsigned char head[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F',
			'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x48, 0x00, 0x48, 0x00, 0x00 };

		memcpy(d, head, sizeof head);
		d[size - 2] = 0xFF;
		d[size - 1] = 0xD9;
	}
	if (pdf)
		name = c->lang == CS ? "faktura_%d.pdf" : c->lang == UK ? "рахунок_%d.pdf" :
		    "invoice_%d.pdf";
	else
		name = c->lang == CS ? (rn(r, 2) ? "poškození_%d.jpg" : "IMG_%d.jpg") :
		    c->lang == UK ? (rn(r, 2) ? "фото_%d.jpg" : "IMG_%d.jpg") : "IMG_%d.jpg";
	snprintf(fname, sizeof fname, name, strncmp(name, "IMG", 3) == 0 ?
	    (int)(1000 + rn(r, 9000)) : t->order);
	sb_printf(b, "\n--%s\n", bnd);
	sb_printf(b, "Content-Type: %s", pdf ? "application/pdf" : "image/jpeg");
	if (ascii(fname)) {
		sb_printf(b, "; name=\"%s\"\nContent-Disposition: attachment; filename=\"%s\"\n",
		    fname, fname);
	} else if (c->mailer == OUTLOOK || c->mailer == GMAIL) {
		/* What many programs do in practice: RFC 2047 in the parameter. */
		sb_add(b, "; name=\"");
		hdr_words(b, fname, "utf-8", 'B');
		sb_add(b, "\"\nContent-Disposition: attachment; filename=\"");
		hdr_words(b, fname, "utf-8", 'B');
		sb_add(b, "\"\n");
	} else {
		const unsigned char *p;

		sb_add(b, "\nContent-Disposition: attachment;\n filename*=UTF-8''");
		for (p = (const unsigned char *)fname; *p; p++) {
			if (*p > 126 || *p < 33 || strchr("%'\"()<>@,;:\\/[]?=", *p))
				sb_printf(b, "%%%02X", *p);
			else
				sb_addc(b, (char)*p);
		}
		sb_addc(b, '\n');
	}
	sb_add(b, "Content-Transfer-Encoding: base64\n\n");
	b64(b, d, size, 76);
	free(d);
}

static long
attachment_size(struct rng *r)
{
	if (chance(r, 80))
		return 50000 + (long)rn(r, 200000); /* the few large ones */
	return 1500 + (long)rn(r, 7000);
}

static void
headers_common(struct sb *b, const struct customer *c, long when, struct rng *r)
{
	static const int offs[NLANG][3] = { { 0, 60, -300 }, { 60, 120, 60 }, { 120, 180, 120 } };
	char date[64], rdate[64];
	int off = offs[c->lang][rn(r, 3)];
	const char *dom = strchr(c->email, '@') + 1;

	fmt_date(date, sizeof date, when, off);
	fmt_date(rdate, sizeof rdate, when + 2 + (long)rn(r, 30), 60);
	sb_printf(b, "Return-Path: <%s>\n", c->email);
	sb_add(b, "Delivered-To: support@shop.example\n");
	sb_printf(b, "Received: from mx%u.%s (mx%u.%s [%u.%u.%u.%u])\n"
	    "\tby mail.shop.example (Postfix) with ESMTPS id 4R%08llX\n"
	    "\tfor <support@shop.example>; %s (CET)\n",
	    1 + rn(r, 3), dom, 1 + rn(r, 3), dom, 77 + rn(r, 100), rn(r, 256), rn(r, 256),
	    1 + rn(r, 254), (unsigned long long)(rnext(r) & 0xffffffffffULL), rdate);
	sb_printf(b, "Received: by mail-%s with SMTP id %016llx; %s\n",
	    dom, (unsigned long long)rnext(r), date);
	if (c->mailer == GMAIL || c->mailer == WEBMAIL || c->mailer == OUTLOOK) {
		int k;

		sb_printf(b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
		    "        d=%s; s=2023; t=%ld;\n"
		    "        h=mime-version:from:date:message-id:subject:to;\n"
		    "        bh=", dom, when);
		{
			unsigned char h[32];

			for (k = 0; k < 32; k++)
				h[k] = (unsigned char)rnext(r);
			b64(b, h, 32, 0);
		}
		sb_add(b, ";\n        b=");
		for (k = 0; k < 5; k++) {
			unsigned char s[48];
			int j;

			for (j = 0; j < 48; j++)
				s[j] = (unsigned char)rnext(r);
			if (k > 0)
				sb_add(b, "\n         ");
			b64(b, s, k == 4 ? 27 : 48, 0);
		}
		sb_addc(b, '\n');
	}
	sb_printf(b, "Date: %s\n", date);
	sb_add(b, "From: ");
	if (c->has_display) {
		char full[160];

		snprintf(full, sizeof full, "%s %s", c->nm->first, c->nm->last);
		if (ascii(full))
			sb_printf(b, "\"%s\"", full);
		else
			hdr_words(b, full, hdr_charset(c), c->mailer == OUTLOOK || c->mailer == IPHONE ?
			    'Q' : 'B');
		sb_printf(b, " <%s>\n", c->email);
	} else {
		sb_printf(b, "%s\n", c->email);
	}
	sb_add(b, rn(r, 10) == 0 ? "To: \"Shop Support\" <support@shop.example>\n" :
	    "To: support@shop.example\n");
}

static void
mailer_headers(struct sb *b, const struct customer *c, struct rng *r)
{
	switch (c->mailer) {
	case THUNDERBIRD:
		sb_add(b, "User-Agent: Mozilla Thunderbird\n");
		sb_printf(b, "Content-Language: %s\n", c->lang == CS ? "cs" : c->lang == UK ? "uk" :
		    "en-GB");
		break;
	case OUTLOOK: {
		unsigned char ti[22];
		int k;

		for (k = 0; k < 22; k++)
			ti[k] = (unsigned char)rnext(r);
		sb_add(b, "Thread-Index: ");
		b64(b, ti, 22, 0);
		sb_add(b, "\nX-Mailer: Microsoft Outlook 16.0\n");
		sb_printf(b, "Content-Language: %s\n", c->lang == CS ? "cs-cz" :
		    c->lang == UK ? "uk-ua" : "en-gb");
		sb_add(b, "X-MS-Has-Attach: \nX-MS-TNEF-Correlator: \n");
		break;
	}
	case IPHONE:
		sb_add(b, "X-Mailer: iPhone Mail (21B101)\n");
		break;
	case WEBMAIL:
		if (c->lang == CS)
			sb_add(b, "X-Mailer: Email.cz (Seznam.cz, a.s.)\n");
		else if (c->lang == UK)
			sb_add(b, "X-Mailer: FREEMAIL (ukr.net)\n");
		else
			sb_add(b, "X-Mailer: WebService/1.1.21797 YMailNorrin\n");
		break;
	case THEBAT:
		sb_add(b, "X-Mailer: The Bat! (v9.4.5) Professional\n");
		break;
	default:
		break;
	}
}

static void
write_file(const char *dir, const char *name, const struct sb *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL || fwrite(b->p, 1, b->len, f) != b->len ||
	    fclose(f) != 0) {
		fprintf(stderr, "gen-maildir: %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* The target size of a message's own words (before quoting and HTML). */
static size_t
text_size(uint64_t h)
{
	struct rng r = rseed(h, 5);
	unsigned u = rn(&r, 1000);

	if (u < 600)
		return 200 + rn(&r, 1000);
	if (u < 900)
		return 1200 + rn(&r, 1800);
	if (u < 980)
		return 3000 + rn(&r, 3000);
	return 6000 + rn(&r, 6000);
}

int
main(int argc, char **argv)
{
	struct ctx x;
	struct sb b = { 0 }, text = { 0 }, tmp = { 0 };
	int n, i, k;
	long t0, span;
	char path[4096];

	if (argc < 3 || argc > 4 || (n = atoi(argv[2])) <= 0) {
		fprintf(stderr, "usage: gen-maildir DIR N [SEED]\n");
		return 2;
	}
	memset(&x, 0, sizeof x);
	x.dir = argv[1];
	x.seed = argc == 4 ? strtoull(argv[3], NULL, 10) : 42;
	for (k = 0; k < 4; k++) {
		static const char *const sub[] = { "", "/cur", "/new", "/tmp" };

		snprintf(path, sizeof path, "%s%s", x.dir, sub[k]);
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "gen-maildir: %s: %s\n", path, strerror(errno));
			return 1;
		}
	}

	/* Customers: half Czech, a quarter Ukrainian, a quarter English. */
	x.ncust = 2000;
	x.cust = calloc((size_t)x.ncust, sizeof *x.cust);
	for (i = 0; i < x.ncust; i++) {
		struct rng r = rseed(x.seed, 1000000 + (uint64_t)i);
		struct customer *c = &x.cust[i];
		unsigned u = rn(&r, 100), m = rn(&r, 100);
		const char *dom;

		c->lang = u < 50 ? CS : u < 75 ? UK : EN;
		switch (c->lang) {
		case CS: c->nm = &PICK(&r, NAMES_CS); break;
		case UK: c->nm = &PICK(&r, NAMES_UK); break;
		default: c->nm = &PICK(&r, NAMES_EN); break;
		}
		if (c->lang == EN)
			c->mailer = m < 40 ? GMAIL : m < 65 ? OUTLOOK : m < 85 ? IPHONE :
			    m < 95 ? THUNDERBIRD : WEBMAIL;
		else
			c->mailer = m < 30 ? GMAIL : m < 55 ? WEBMAIL : m < 70 ? OUTLOOK :
			    m < 80 ? THUNDERBIRD : m < 92 ? IPHONE : THEBAT;
		dom = DOMAINS[c->lang][rn(&r, 6)];
		if (c->mailer == GMAIL)
			dom = "gmail.com";
		else if (c->mailer == WEBMAIL)
			dom = c->lang == CS ? "seznam.cz" : c->lang == UK ? "ukr.net" : "yahoo.com";
		switch (rn(&r, 4)) {
		case 0:
			snprintf(c->email, sizeof c->email, "%s.%s%u@%s", c->nm->ascii_first,
			    c->nm->ascii_last, rn(&r, 100), dom);
			break;
		case 1:
			snprintf(c->email, sizeof c->email, "%c%s%u@%s", c->nm->ascii_first[0],
			    c->nm->ascii_last, 1950 + rn(&r, 56), dom);
			break;
		case 2:
			snprintf(c->email, sizeof c->email, "%s_%s.%u@%s", c->nm->ascii_last,
			    c->nm->ascii_first, i, dom);
			break;
		default:
			snprintf(c->email, sizeof c->email, "%s%u@%s", c->nm->ascii_first,
			    100 + rn(&r, 9000), dom);
		}
		/* Unique addresses: the index makes a collision impossible. */
		{
			char *at = strchr(c->email, '@');
			char tail[80];

			snprintf(tail, sizeof tail, "%s", at);
			snprintf(at, sizeof c->email - (size_t)(at - c->email), ".%x%s", i, tail);
		}
		snprintf(c->phone, sizeof c->phone, c->lang == CS ? "+420 %03u %03u %03u" :
		    c->lang == UK ? "+380 %02u %03u %04u" : "+44 7%03u %03u%03u",
		    100 + rn(&r, 900), rn(&r, 1000), rn(&r, 1000));
		c->has_display = rn(&r, 10) != 0;
	}

	x.th = calloc((size_t)n, sizeof *x.th);
	t0 = 1795000000L - 365L * 86400;
	span = 364L * 86400;
	for (i = 0; i < n; i++) {
		struct rng r = rseed(x.seed, (uint64_t)i);
		struct thread *t;
		struct customer *c;
		long when = t0 + (long)((double)span * i / n) + (long)rn(&r, 200);
		int reply = x.nth > 20 && rn(&r, 100) < 33;
		int kind = (int)rn(&r, 1000); /* < 5: newsletter, < 25: auto-reply if a reply */
		char id[200], subj[400], bnd[2][80], fname[256];
		const char *lead;
		int natt = 0, alt;
		uint64_t h = mix(x.seed ^ ((uint64_t)i << 20));

		b.len = 0;
		text.len = 0;
		if (kind < 5 && i > 0) {
			/* A newsletter that reached the support address. */
			static const char *const news[] = { "Black Friday: up to 50% off",
				"Novinky z e-shopu: jarní kolekce", "Ваша щотижнева розсилка" };
			struct sb html = { 0 };

			fmt_date(subj, sizeof subj, when, 60);
			sb_printf(&b, "Return-Path: <bounce-%u@mailer.newsvendor.example>\n"
			    "Received: from out.newsvendor.example ([198.51.100.%u])\n"
			    "\tby mail.shop.example (Postfix) with ESMTPS id 4R%08X; %s\n"
			    "Date: %s\nFrom: Newsvendor <news@newsvendor.example>\n"
			    "To: support@shop.example\nSubject: ", rn(&r, 100000), rn(&r, 255),
			    rn(&r, 0xffffff), subj, subj);
			hdr_words(&b, news[kind % 3], "utf-8", 'B');
			sb_printf(&b, "\nMessage-ID: <news.%d.%llx@newsvendor.example>\n"
			    "Precedence: bulk\nList-Id: <weekly.newsvendor.example>\n"
			    "List-Unsubscribe: <https://newsvendor.example/u/%llx>\n"
			    "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n"
			    "Content-Transfer-Encoding: base64\n\n", i,
			    (unsigned long long)h, (unsigned long long)h);
			sb_add(&html, "<html><body><table width=\"600\">");
			for (k = 0; k < 30; k++)
				sb_printf(&html, "<tr><td><a href=\"https://newsvendor.example/p/%u\">"
				    "<img src=\"https://cdn.newsvendor.example/%u.jpg\" alt=\"%s\"></a>"
				    "</td><td>%s</td></tr>\n", rn(&r, 99999), rn(&r, 99999),
				    PRODUCTS[k % 3][k % 12], news[kind % 3]);
			sb_add(&html, "</table></body></html>\n");
			b64(&b, (unsigned char *)html.p, html.len, 76);
			free(html.p);
			goto write;
		}

		if (reply) {
			/* A later message in one of the recent threads. */
			int lo = x.nth > 3000 ? x.nth - 3000 : 0;

			t = &x.th[lo + (int)rn(&r, (unsigned)(x.nth - lo))];
		} else {
			t = &x.th[x.nth++];
			t->cust = (int)rn(&r, (unsigned)x.ncust);
			t->subj = (int)rn(&r, 14);
			t->order = 10000 + (int)rn(&r, 40000);
			t->product = (int)rn(&r, 12);
			t->seed = h;
		}
		c = &x.cust[t->cust];
		if (kind < 25 && t->n == 0)
			kind = 1000; /* auto-replies answer the shop, so only in a thread */

		/* Subject. */
		{
			struct sb s = { 0 };
			const char *tmpl = SUBJECTS[c->lang][t->subj];

			if (strstr(tmpl, "%s") != NULL && strstr(tmpl, "%d") != NULL)
				sb_printf(&s, tmpl, PRODUCTS[c->lang][t->product], t->order);
			else if (strstr(tmpl, "%d") != NULL)
				sb_printf(&s, tmpl, t->order);
			else
				sb_add(&s, tmpl);
			lead = "";
			if (kind < 25)
				lead = c->lang == CS ? "Automatická odpověď: " : c->lang == UK ?
				    "Автовідповідь: " : "Automatic reply: ";
			else if (t->n > 0)
				lead = RE[c->lang][rn(&r, 3)];
			snprintf(subj, sizeof subj, "%s%s", lead, s.p);
			free(s.p);
		}

		/* The text: own words, then what is quoted under a reply. */
		if (kind < 25) {
			sb_add(&text, c->lang == CS ? "Dobrý den,\n\njsem mimo kancelář do pondělí, "
			    "na e-maily odpovím po návratu.\n" : c->lang == UK ? "Добрий день!\n\n"
			    "Я у відпустці до понеділка, відповім після повернення.\n" :
			    "Hello,\n\nI am out of the office until Monday and will reply when I am "
			    "back.\n");
		} else {
			customer_text(&text, t, c, h, text_size(h));
			if (t->n > 0) {
				char qd[64];
				struct sb sup = { 0 }, orig = { 0 };
				struct rng sr = rseed(h, 3);
				int s;

				fmt_date(qd, sizeof qd, when - 3600 - (long)rn(&r, 86400), 60);
				sb_add(&sup, c->lang == CS ? "Dobrý den,\n\n" : c->lang == UK ?
				    "Добрий день!\n\n" : "Hello,\n\n");
				for (s = 0; s < 4; s++) {
					fill(&sup, PICK(&sr, SUPPORT_SENT[c->lang]), t, c, &sr);
					sb_addc(&sup, ' ');
				}
				sb_add(&sup, c->lang == CS ? "\n\nS pozdravem\nZákaznická podpora\n" :
				    c->lang == UK ? "\n\nЗ повагою\nСлужба підтримки\n" :
				    "\n\nKind regards\nCustomer Support\n");
				sb_addc(&text, '\n');
				sb_printf(&text, c->lang == CS ? "Dne %s napsal(a) Podpora "
				    "<support@shop.example>:\n" : c->lang == UK ? "%s Служба "
				    "підтримки <support@shop.example> пише:\n" : "On %s, Customer "
				    "Support <support@shop.example> wrote:\n", qd);
				quote(&text, sup.p, "> ");
				/* Most programs keep the whole history under the reply: the
				 * customer's earlier messages, newest first, up to three. */
				if (c->mailer != IPHONE || rn(&r, 2) == 0) {
					int j;

					for (j = t->nmsgs - 1; j >= 0 && j >= t->nmsgs - 3; j--) {
						uint64_t hj = mix(x.seed ^ ((uint64_t)t->msgs[j] << 20));

						char wd[64];

						fmt_date(wd, sizeof wd, t0 + (long)((double)span *
						    t->msgs[j] / n), 60);
						orig.len = 0;
						customer_text(&orig, t, c, hj, text_size(hj));
						sb_printf(&text, c->lang == CS ? ">\n> Dne %s, %s %s <%s> "
						    "napsal(a):\n" : c->lang == UK ? ">\n> %s, %s %s <%s> "
						    "пише:\n" : ">\n> On %s, %s %s <%s> wrote:\n", wd,
						    c->nm->first, c->nm->last, c->email);
						quote(&text, orig.p, ">>");
					}
				}
				free(sup.p);
				free(orig.p);
			}
			if (c->mailer == OUTLOOK && t->cust % 3 == 0) {
				sb_add(&text, "\n");
				sb_add(&text, LEGAL);
				sb_addc(&text, '\n');
			}
		}

		headers_common(&b, c, when, &r);
		sb_add(&b, "Subject: ");
		hdr_words(&b, subj, hdr_charset(c), c->mailer == OUTLOOK || c->mailer == IPHONE ?
		    'Q' : 'B');
		sb_addc(&b, '\n');
		msgid(id, sizeof id, &x, i, c);
		sb_printf(&b, "Message-ID: %s\n", id);
		if (t->n > 0 && kind >= 25) {
			int j;

			sb_printf(&b, "In-Reply-To: <support.%d.%d.%llx@shop.example>\n",
			    (int)(t - x.th), t->n, (unsigned long long)(t->seed & 0xffffff));
			sb_add(&b, "References:");
			for (j = 0; j < t->nmsgs; j++) {
				msgid(id, sizeof id, &x, t->msgs[j], c);
				sb_printf(&b, "%s %s", j ? "\n" : "", id);
				sb_printf(&b, "\n <support.%d.%d.%llx@shop.example>", (int)(t - x.th),
				    j + 1, (unsigned long long)(t->seed & 0xffffff));
			}
			sb_addc(&b, '\n');
		} else if (kind < 25 && t->nmsgs > 0) {
			sb_printf(&b, "In-Reply-To: <support.%d.%d.%llx@shop.example>\n"
			    "Auto-Submitted: auto-replied\nX-Auto-Response-Suppress: All\n",
			    (int)(t - x.th), t->n, (unsigned long long)(t->seed & 0xffffff));
		} else if (kind < 25) {
			sb_add(&b, "Auto-Submitted: auto-replied\n");
		}
		mailer_headers(&b, c, &r);
		sb_add(&b, "MIME-Version: 1.0\n");

		/* Structure: alternative for the HTML mailers, attachments sometimes. */
		alt = kind >= 25 && (c->mailer == GMAIL || c->mailer == OUTLOOK ||
		    (c->mailer == WEBMAIL && c->lang != EN) || (c->mailer == IPHONE && rn(&r, 4) == 0));
		if (kind >= 25 && rn(&r, 100) < 12)
			natt = 1 + (rn(&r, 4) == 0);
		boundary(bnd[0], sizeof bnd[0], h, 0);
		boundary(bnd[1], sizeof bnd[1], h, 1);
		if (natt > 0) {
			sb_printf(&b, "Content-Type: multipart/mixed;\n boundary=\"%s\"\n\n"
			    "This is a multi-part message in MIME format.\n\n--%s\n", bnd[0], bnd[0]);
		}
		if (alt) {
			const char *cs = body_charset(c);

			if (!ascii(text.p) && strcmp(cs, "us-ascii") == 0)
				cs = "utf-8";
			tmp.len = 0;
			html_of(&tmp, text.p, cs);
			sb_printf(&b, "Content-Type: multipart/alternative;\n boundary=\"%s\"\n\n",
			    bnd[1]);
			if (natt == 0)
				sb_add(&b, "This is a multi-part message in MIME format.\n\n");
			sb_printf(&b, "--%s\n", bnd[1]);
			text_part(&b, c, "plain", text.p, 0);
			sb_printf(&b, "\n--%s\n", bnd[1]);
			text_part(&b, c, "html", tmp.p, 0);
			sb_printf(&b, "\n--%s--\n", bnd[1]);
		} else {
			text_part(&b, c, "plain", text.p, c->mailer == THUNDERBIRD);
		}
		for (k = 0; k < natt; k++)
			attachment(&b, &r, c, t, (size_t)attachment_size(&r), bnd[0]);
		if (natt > 0)
			sb_printf(&b, "--%s--\n", bnd[0]);

		if (kind >= 25) {
			if (t->nmsgs == 6) {
				memmove(t->msgs, t->msgs + 1, 5 * sizeof t->msgs[0]);
				t->nmsgs--;
			}
			t->msgs[t->nmsgs++] = i;
			t->n++;
		}
write:
		/* Maildir names as Dovecot writes them: most read (cur/, ":2,S"). */
		if (rn(&r, 5) == 0)
			snprintf(fname, sizeof fname, "new/%ld.M%uP%dQ%d.mail.shop.example,S=%zu,W=%zu",
			    when, rn(&r, 1000000), 4000 + i % 60000, i, b.len, b.len + b.len / 60);
		else
			snprintf(fname, sizeof fname, "cur/%ld.M%uP%dQ%d.mail.shop.example,S=%zu,W=%zu:2,%s",
			    when, rn(&r, 1000000), 4000 + i % 60000, i, b.len, b.len + b.len / 60,
			    rn(&r, 8) == 0 ? "RS" : "S");
		write_file(x.dir, fname, &b);
	}
	free(b.p);
	free(text.p);
	free(tmp.p);
	return 0;
}
