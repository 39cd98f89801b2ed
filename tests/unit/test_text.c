/*
 * test_text.c - UTF-8 checking, normalization and the repair of split words
 * (src/text.c).  The split words are those of the real extraction noise in
 * the CSIS list (see ../shared/gold/dev.jsonl).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/text.h"
#include "normwatch/util.h"

/* --- UTF-8 ---------------------------------------------------------------- */

static void
test_utf8_valid(void **state)
{
	static const char *const good[] = {
		"",
		"plain ASCII, with punctuation!",
		"Montenegro\xe2\x80\x99s",		/* U+2019 */
		"caf\xc3\xa9",				/* U+00E9 */
		"\xe2\x82\xac 10",			/* U+20AC */
		"\xf0\x9d\x84\x9e clef",		/* U+1D11E */
		"\xf4\x8f\xbf\xbf",			/* U+10FFFF, the last */
		"\xed\x9f\xbf",				/* U+D7FF, before surrogates */
		"\xee\x80\x80",				/* U+E000, after them */
		"\xc2\x80",				/* U+0080, smallest 2-byte */
	};
	size_t i, bad = 12345;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (nw_utf8_check(good[i], strlen(good[i]), &bad) != 0)
			fail_msg("valid string %zu rejected at %zu", i, bad);
	}
	assert_int_equal(bad, 12345);	/* untouched on success */
	assert_int_equal(nw_utf8_check("abc", 3, NULL), 0);
}

static void
test_utf8_invalid(void **state)
{
	static const struct {
		const char	*s;
		size_t		 len;
		size_t		 bad;
	} cases[] = {
		{ "\xc0\xaf", 2, 0 },			/* overlong '/' */
		{ "ab\xc1\xbf", 4, 2 },			/* overlong */
		{ "\xe0\x80\xaf", 3, 0 },		/* overlong, 3 bytes */
		{ "\xf0\x80\x80\xaf", 4, 0 },		/* overlong, 4 bytes */
		{ "x\xed\xa0\x80y", 5, 1 },		/* U+D800 surrogate */
		{ "\xed\xbf\xbf", 3, 0 },		/* U+DFFF surrogate */
		{ "\xf4\x90\x80\x80", 4, 0 },		/* U+110000 */
		{ "\xf5\x80\x80\x80", 4, 0 },		/* lead byte too big */
		{ "\xff", 1, 0 },
		{ "ok\x80", 3, 2 },			/* lone continuation */
		{ "ab\xe2\x82", 4, 2 },			/* truncated at the end */
		{ "ab\xe2\x82x", 5, 2 },		/* truncated inside */
		{ "ab\0cd", 5, 2 },			/* NUL */
		{ "caf\xc3\xa9\xff", 6, 5 },		/* after a valid one */
		{ "\xc3", 1, 0 },
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = 999;
		if (nw_utf8_check(cases[i].s, cases[i].len, &bad) != -1)
			fail_msg("invalid string %zu accepted", i);
		if (bad != cases[i].bad)
			fail_msg("string %zu: bad at %zu, wanted %zu", i, bad,
			    cases[i].bad);
	}
	assert_int_equal(nw_utf8_check("\xff", 1, NULL), -1);
}

/* --- normalization ----------------------------------------------------------- */

static void
check_norm(const char *in, const char *want)
{
	struct nw_buf b;

	nw_buf_init(&b, 4096);
	assert_int_equal(nw_text_normalize(in, strlen(in), &b), 0);
	/* data stays NULL until something is added */
	assert_string_equal(b.data != NULL ? b.data : "", want);
	assert_int_equal(b.len, strlen(want));
	nw_buf_free(&b);
}

static void
test_normalize(void **state)
{
	(void)state;
	/* quotes */
	check_norm("\xe2\x80\x9cThe Dukes\xe2\x80\x9d and Albania\xe2\x80\x99s",
	    "\"The Dukes\" and Albania's");
	check_norm("\xc2\xabguillemets\xc2\xbb \xe2\x80\x98single\xe2\x80\x99",
	    "\"guillemets\" 'single'");
	/* dashes */
	check_norm("2015\xe2\x80\x93" "2016 \xe2\x80\x94 war\xe2\x88\x92time",
	    "2015-2016 - war-time");
	/* ligatures */
	check_norm("\xef\xac\x81nancial \xef\xac\x82ow o\xef\xac\x83" "ce",
	    "financial flow office");
	/* NBSP, other spaces, line ends and tabs collapse */
	check_norm("a\xc2\xa0" "b\xe2\x80\x83" "c\n\td  \r\n e", "a b c d e");
	/* soft hyphen and zero-width characters vanish */
	check_norm("govern\xc2\xadment net\xe2\x80\x8bwork\xef\xbb\xbf",
	    "government network");
	/* leading and trailing space trimmed */
	check_norm("  \t padded \n ", "padded");
	check_norm("", "");
	check_norm(" \xc2\xa0 ", "");
	/* ellipsis and bullets */
	check_norm("wait\xe2\x80\xa6 \xe2\x80\xa2 item", "wait... item");
	/* control characters become spaces */
	check_norm("a\x01" "b\x7f" "c", "a b c");
	/* other non-ASCII is kept */
	check_norm("Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale",
	    "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale");
}

static void
test_normalize_resets_and_max(void **state)
{
	struct nw_buf b;

	(void)state;
	nw_buf_init(&b, 8);
	assert_int_equal(nw_text_normalize("first", 5, &b), 0);
	assert_int_equal(nw_text_normalize("two", 3, &b), 0);
	assert_string_equal(b.data, "two");	/* reset, not appended */
	assert_int_equal(nw_text_normalize("far too long", 12, &b), -1);
	assert_true(b.over);
	assert_true(b.len <= 8);
	nw_buf_free(&b);
}

/* --- rejoin -------------------------------------------------------------------- */

static void
check_rejoin(const struct nw_lexicon *lex, const char *in, const char *want)
{
	struct nw_buf b;

	nw_buf_init(&b, 4096);
	assert_int_equal(nw_text_rejoin(in, strlen(in), lex, &b), 0);
	if (strcmp(b.data != NULL ? b.data : "", want) != 0)
		fail_msg("rejoin \"%s\": got \"%s\", wanted \"%s\"", in,
		    b.data != NULL ? b.data : "", want);
	nw_buf_free(&b);
}

static void
test_rejoin_splits(void **state)
{
	(void)state;
	/* words split by the extraction (dev.jsonl) */
	check_rejoin(NULL, "on Albanian Governme nt networks",
	    "on Albanian Government networks");
	check_rejoin(NULL, "Iranian actor s deployed",
	    "Iranian actors deployed");
	check_rejoin(NULL, "a phishing campaign a gainst universities",
	    "a phishing campaign against universities");
	check_rejoin(NULL, "that allowed hac kers to gain access",
	    "that allowed hackers to gain access");
	check_rejoin(NULL, "personal health da ta released",
	    "personal health data released");
	check_rejoin(NULL, "a persistent backdo or.", "a persistent backdoor.");
	check_rejoin(NULL, "take remote contr ol of", "take remote control of");
	check_rejoin(NULL, "were targete d by", "were targeted by");
	check_rejoin(NULL, "employees, thi nk tank experts",
	    "employees, think tank experts");
	check_rejoin(NULL, "carry out cyberattacks a nd counter",
	    "carry out cyberattacks and counter");
	check_rejoin(NULL, "the United States, Canada, Eu rope, the Middle",
	    "the United States, Canada, Europe, the Middle");
	check_rejoin(NULL, "who were attem pting to steal",
	    "who were attempting to steal");
	check_rejoin(NULL, "targeted Ukraini an agencies",
	    "targeted Ukrainian agencies");
	/* spaces before a hyphen (dev.jsonl) */
	check_rejoin(NULL, "by state -sponsored actor",
	    "by state-sponsored actor");
	check_rejoin(NULL, "A report by Russian -based company",
	    "A report by Russian-based company");
	check_rejoin(NULL, "onboard F -35 Joint Strike Fighters",
	    "onboard F-35 Joint Strike Fighters");
	/* spaces before punctuation, after "(" and inside numbers */
	check_rejoin(NULL, "March 2021 . A group", "March 2021. A group");
	check_rejoin(NULL, "One Saudi hacking group , One UAE",
	    "One Saudi hacking group, One UAE");
	check_rejoin(NULL, "throughout the country . The attack",
	    "throughout the country. The attack");
	check_rejoin(NULL, "more than 50, 000 attacks", "more than 50,000 attacks");
	check_rejoin(NULL, "1,000, 000 records", "1,000,000 records");
	check_rejoin(NULL, "about 360, 000 customers", "about 360,000 customers");
	check_rejoin(NULL, "$2, 500", "$2,500");
	check_rejoin(NULL, "Response Team ( ICS -CERT)",
	    "Response Team (ICS-CERT)");
	/* hyphenation at a line end, joined when the whole word is known */
	check_rejoin(NULL, "a cyber- attack on", "a cyberattack on");
	check_rejoin(NULL, "a Soviet- era monument", "a Soviet-era monument");
}

static void
test_rejoin_keeps(void **state)
{
	static const char *const same[] = {
		"the hackers broke in to the network",
		"took a way out",
		"protests in Hong Kong",
		"an other group",		/* both pieces are words */
		"50, 2000 and 1,000",		/* not a thousands group */
		"In March 2019, 300 servers",	/* a year is no group head */
		"On May 5, 200 people",		/* nor a day */
		"On Sept. 5, 200 people",
		"1234, 567",
		"Sept. 12, 2022 - A group",
		"ransomware - a threat",
		"the U.S. and U.K.",
		"state-sponsored",
		"North Korea",
		"",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		check_rejoin(NULL, same[i], same[i]);
}

static void
test_rejoin_lexicon(void **state)
{
	struct nw_lexicon *lex;
	const char *doc = "Bapco, the national oil company. Bapco said "
	    "Bapco was not hacked. Visma and Visma and Visma.";

	(void)state;
	/* unknown name: the built-in words alone do not join it */
	check_rejoin(NULL, "network of Bap co, the", "network of Bap co, the");
	lex = nw_lexicon_new();
	nw_lexicon_add_text(lex, doc, strlen(doc));
	assert_int_equal(nw_lexicon_count(lex, "bapco", 5), 3);
	assert_int_equal(nw_lexicon_count(lex, "BAPCO", 5), 3);
	assert_int_equal(nw_lexicon_count(lex, "visma", 5), 3);
	assert_int_equal(nw_lexicon_count(lex, "absent", 6), 0);
	assert_int_equal(nw_lexicon_count(lex, "the", 3), 1);
	/* the document's own word joins its pieces */
	check_rejoin(lex, "network of Bap co, the", "network of Bapco, the");
	/* a piece the document uses often is a word: "Visma" stays apart */
	nw_lexicon_add_word(lex, "vismaand", 8);
	check_rejoin(lex, "Visma and", "Visma and");
	nw_lexicon_free(lex);
}

static void
test_rejoin_compound(void **state)
{
	struct nw_lexicon *lex;
	const char *doc = "Chinese state-sponsored hackers. A supply-chain "
	    "attack. A Russian statesponsored group. The supplychain.";

	(void)state;
	lex = nw_lexicon_new();
	nw_lexicon_add_text(lex, doc, strlen(doc));
	/* pdftotext dropped the hyphen at a line end: given back */
	check_rejoin(lex, "a Russian statesponsored group",
	    "a Russian state-sponsored group");
	check_rejoin(lex, "the supplychain compromise",
	    "the supply-chain compromise");
	/* only where the document has the compound, and never capitalised */
	check_rejoin(lex, "the screenshot", "the screenshot");
	check_rejoin(lex, "Statesponsored", "Statesponsored");
	/* a possessive's "s" is never the head of a split word */
	check_rejoin(NULL, "Iran's oil sector", "Iran's oil sector");
	check_rejoin(NULL, "Russia's team", "Russia's team");
	check_rejoin(NULL, "a statesponsored group", "a statesponsored group");
	/* known words are left alone even when a compound would fit */
	nw_lexicon_add_text(lex, "cyber-attack", 12);
	check_rejoin(lex, "a cyberattack", "a cyberattack");
	nw_lexicon_free(lex);
}

static void
test_lexicon_words(void **state)
{
	struct nw_lexicon *lex;
	char big[64], name[16];
	size_t i;

	(void)state;
	lex = nw_lexicon_new();
	/* non-letters are never words; over-long words are not kept */
	nw_lexicon_add_word(lex, "abc1", 4);
	assert_int_equal(nw_lexicon_count(lex, "abc1", 4), 0);
	memset(big, 'a', sizeof(big));
	nw_lexicon_add_word(lex, big, sizeof(big));
	assert_int_equal(nw_lexicon_count(lex, big, sizeof(big)), 0);
	/* the table grows past its first size and keeps its counts */
	for (i = 0; i < 5000; i++) {
		size_t k, v = i;

		for (k = 0; k < 6; k++) {
			name[k] = (char)('a' + v % 26);
			v /= 26;
		}
		nw_lexicon_add_word(lex, name, 6);
		nw_lexicon_add_word(lex, name, 6);
	}
	assert_int_equal(nw_lexicon_count(lex, "aaaaaa", 6), 2);
	assert_int_equal(nw_lexicon_count(lex, "baaaaa", 6), 2);
	nw_lexicon_free(lex);
	assert_int_equal(nw_lexicon_count(NULL, "the", 3), 0);
	nw_lexicon_free(NULL);
}

static void
test_rejoin_max(void **state)
{
	struct nw_buf b;
	const char *s = "Governme nt networks were hit";

	(void)state;
	nw_buf_init(&b, 10);
	assert_int_equal(nw_text_rejoin(s, strlen(s), NULL, &b), -1);
	assert_true(b.over);
	assert_true(b.len <= 10);
	nw_buf_free(&b);
	/* exactly enough room */
	nw_buf_init(&b, 10);
	assert_int_equal(nw_text_rejoin("Governme nt", 11, NULL, &b), 0);
	assert_string_equal(b.data, "Government");
	nw_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_normalize_resets_and_max),
		cmocka_unit_test(test_rejoin_splits),
		cmocka_unit_test(test_rejoin_keeps),
		cmocka_unit_test(test_rejoin_lexicon),
		cmocka_unit_test(test_rejoin_compound),
		cmocka_unit_test(test_lexicon_words),
		cmocka_unit_test(test_rejoin_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
