/* test_pack.c: the raw message store's compression: what goes in comes out
 * byte for byte, small or incompressible messages are kept as they are, and
 * damaged or oversized stored data is an error, never garbage. */
#include "config.h"

#include "testutil.h"
#include "util/hash.h"
#include "util/pack.h"

static char *
letter(size_t len)
{
	static const char line[] = "Dobrý den, where is my parcel #10423? Дякую!\r\n";
	char *s = xmalloc(len + 1);
	size_t i;

	for (i = 0; i < len; i++)
		s[i] = line[i % (sizeof line - 1)];
	s[len] = '\0';
	return s;
}

static void
roundtrip(const struct pack *p, const char *raw, size_t len)
{
	char *out = NULL, *err = NULL;
	size_t n = 0;

	assert_int_equal(pack_unpack(pack_codec_parse(pack_codec_name(p->codec)), p->data, p->len,
	    len, &out, &n, &err), 0);
	assert_null(err);
	assert_int_equal(n, len);
	assert_memory_equal(out, raw, len);
	assert_int_equal(out[n], '\0');
	free(out);
}

static void
test_small_is_kept_as_is(void **state)
{
	static const char short_one[] = "Subject: hi\r\n\r\nok\r\n";
	char hash[HASH_HEX_LEN + 1];
	struct pack p;

	pack_make(NULL, "", 0, &p);
	assert_int_equal(p.codec, PACK_NONE);
	assert_int_equal(p.len, 0);
	hash_sha256_hex("", 0, hash);
	assert_string_equal(p.sha256, hash);
	roundtrip(&p, "", 0);
	pack_free(&p);

	pack_make(NULL, short_one, strlen(short_one), &p);
	assert_int_equal(p.codec, PACK_NONE);
	assert_ptr_equal(p.data, short_one);
	roundtrip(&p, short_one, strlen(short_one));
	pack_free(&p);
}

static void
test_mail_is_compressed(void **state)
{
	struct packer *pk = packer_new();
	char hash[HASH_HEX_LEN + 1];
	size_t sizes[] = { 512, 4096, 100000, 3 * 1024 * 1024 }, i;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		char *raw = letter(sizes[i]);
		struct pack p;

		/* The same context serves message after message. */
		pack_make(pk, raw, sizes[i], &p);
		assert_int_equal(p.codec, PACK_ZSTD);
		assert_true(p.len < sizes[i] / 2);
		hash_sha256_hex(raw, sizes[i], hash);
		assert_string_equal(p.sha256, hash);
		roundtrip(&p, raw, sizes[i]);
		pack_free(&p);
		assert_null(p.data);
		free(raw);
	}
	packer_free(&pk);
	assert_null(pk);
}

static void
test_incompressible_is_kept_as_is(void **state)
{
	size_t len = 64 * 1024, i;
	unsigned char *raw = xmalloc(len);
	uint32_t x = 2463534242u;
	struct pack p;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		raw[i] = (unsigned char)x;
	}
	pack_make(NULL, (const char *)raw, len, &p);
	assert_int_equal(p.codec, PACK_NONE);
	assert_ptr_equal(p.data, raw);
	roundtrip(&p, (const char *)raw, len);
	pack_free(&p);
	free(raw);
}

static void
test_bad_stored_data(void **state)
{
	static const unsigned char not_zstd[] = "Subject: plain text, said to be zstd";
	static const unsigned char truncated_header[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00 };
	char *raw = letter(10000), *out = NULL, *err = NULL;
	unsigned char *cut;
	struct pack p;
	size_t n;

	assert_int_equal(pack_unpack(PACK_ZSTD, not_zstd, sizeof not_zstd, 1 << 20, &out, &n,
	    &err), -1);
	assert_null(out);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	assert_int_equal(pack_unpack(PACK_ZSTD, truncated_header, sizeof truncated_header,
	    1 << 20, &out, &n, &err), -1);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	assert_int_equal(pack_unpack(7, "x", 1, 1 << 20, &out, &n, &err), -1);
	assert_non_null(strstr(err, "unknown format"));
	free(err);
	assert_int_equal(pack_codec_parse("gzip"), -1);
	assert_int_equal(pack_codec_parse(NULL), -1);

	pack_make(NULL, raw, 10000, &p);
	assert_int_equal(p.codec, PACK_ZSTD);
	/* A frame cut short, or a limit below its size: an error naming it. */
	cut = xmalloc(p.len);
	memcpy(cut, p.data, p.len);
	assert_int_equal(pack_unpack(PACK_ZSTD, cut, p.len - 8, 1 << 20, &out, &n, &err), -1);
	assert_null(out);
	assert_non_null(strstr(err, "damaged"));
	free(err);
	cut[p.len / 2] ^= 0x5a;
	if (pack_unpack(PACK_ZSTD, cut, p.len, 1 << 20, &out, &n, &err) == 0) {
		/* zstd may not notice every flipped bit, but never a wrong length. */
		assert_int_equal(n, 10000);
		free(out);
	} else {
		free(err);
	}
	assert_int_equal(pack_unpack(PACK_ZSTD, p.data, p.len, 9999, &out, &n, &err), -1);
	assert_non_null(strstr(err, "larger than 9999 bytes"));
	free(err);
	assert_int_equal(pack_unpack(PACK_NONE, raw, 10000, 9999, &out, &n, &err), -1);
	assert_non_null(strstr(err, "larger than 9999 bytes"));
	free(err);
	free(cut);
	pack_free(&p);
	free(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_is_kept_as_is),
		cmocka_unit_test(test_mail_is_compressed),
		cmocka_unit_test(test_incompressible_is_kept_as_is),
		cmocka_unit_test(test_bad_stored_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
