/*
 * test_consensus.c - the attribution summary of an incident: the five
 * verdicts, what a claimant is (a source and its party), the sides and
 * their support, actors as context.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/consensus.h"
#include "normwatch/util.h"

static struct nw_claim
st(const char *source, const char *state, enum nw_party party,
    enum nw_hedge hedge, int64_t report)
{
	struct nw_claim c;

	memset(&c, 0, sizeof(c));
	c.source = source;
	c.feed = source;
	c.report = report;
	memcpy(c.state, state, 3);
	c.party = party;
	c.hedge = hedge;
	return c;
}

static struct nw_claim
ac(const char *source, const char *actor, const char *id, const char *canon,
    const char *state, int64_t report)
{
	struct nw_claim c;

	memset(&c, 0, sizeof(c));
	c.source = source;
	c.feed = source;
	c.report = report;
	c.actor = actor;
	c.actor_id = id;
	c.actor_name = canon;
	if (state != NULL)
		memcpy(c.actor_state, state, 3);
	return c;
}

static enum nw_verdict
verdict(const struct nw_claim *c, size_t n, struct nw_summary *s,
    struct nw_arena *a)
{
	nw_summarize(c, n, a, s);
	return s->verdict;
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(nw_verdict_name(NW_VERDICT_UNATTRIBUTED),
	    "unattributed");
	assert_string_equal(nw_verdict_name(NW_VERDICT_SINGLE), "single-source");
	assert_string_equal(nw_verdict_name(NW_VERDICT_CONSENSUS), "consensus");
	assert_string_equal(nw_verdict_name(NW_VERDICT_MAJORITY), "majority");
	assert_string_equal(nw_verdict_name(NW_VERDICT_DISPUTED), "disputed");
}

static void
test_unattributed(void **state)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_summary s;
	struct nw_claim c[2];

	(void)state;
	assert_int_equal(verdict(NULL, 0, &s, a), NW_VERDICT_UNATTRIBUTED);
	assert_int_equal(s.claimants, 0);
	/* an actor with a sponsoring state is context, not a state claim */
	c[0] = ac("Vendor", "Fancy Bear", "id-apt28", "APT28", "RU", 1);
	c[1] = ac("Wire", "APT 28", "id-apt28", "APT28", "RU", 2);
	assert_int_equal(verdict(c, 2, &s, a), NW_VERDICT_UNATTRIBUTED);
	assert_int_equal(s.nstates, 0);
	assert_int_equal(s.nactors, 1);
	assert_string_equal(s.actors[0].actor, "APT28");
	assert_string_equal(s.actors[0].actor_state, "RU");
	assert_int_equal(s.actors[0].support, 2);
	assert_int_equal(s.actors[0].nclaims, 2);
	nw_arena_free(a);
}

static void
test_single_and_consensus(void **state)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_summary s;
	struct nw_claim c[4];

	(void)state;
	c[0] = st("CSIS", "RU", NW_PARTY_GOVERNMENT, NW_HEDGE_ASSERTED, 1);
	assert_int_equal(verdict(c, 1, &s, a), NW_VERDICT_SINGLE);
	assert_int_equal(s.claimants, 1);
	assert_true(s.states[0].leading);
	/* the same list in another format is the same claimant */
	c[1] = st("CSIS", "RU", NW_PARTY_GOVERNMENT, NW_HEDGE_ASSERTED, 2);
	assert_int_equal(verdict(c, 2, &s, a), NW_VERDICT_SINGLE);
	assert_int_equal(s.states[0].support, 1);
	assert_int_equal(s.states[0].nclaims, 2);
	/* a second source that agrees: consensus, whatever its hedge */
	c[2] = st("Wire", "RU", NW_PARTY_MEDIA, NW_HEDGE_SUSPECTED, 3);
	assert_int_equal(verdict(c, 3, &s, a), NW_VERDICT_CONSENSUS);
	assert_int_equal(s.claimants, 2);
	assert_int_equal(s.states[0].support, 2);
	/* one source naming two states jointly is no dispute */
	c[0] = st("CSIS", "CN", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 1);
	c[1] = st("CSIS", "IR", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 1);
	assert_int_equal(verdict(c, 2, &s, a), NW_VERDICT_SINGLE);
	assert_int_equal(s.nstates, 2);
	c[2] = st("Wire", "CN", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 2);
	c[3] = st("Wire", "IR", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 2);
	assert_int_equal(verdict(c, 4, &s, a), NW_VERDICT_CONSENSUS);
	assert_true(s.states[0].leading && s.states[1].leading);
	nw_arena_free(a);
}

static void
test_majority_and_disputed(void **state)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_summary s;
	struct nw_claim c[5];

	(void)state;
	/* officials and researchers of one report disagree: two claimants */
	c[0] = st("CSIS", "RU", NW_PARTY_GOVERNMENT, NW_HEDGE_ASSERTED, 1);
	c[1] = st("CSIS", "CN", NW_PARTY_VENDOR, NW_HEDGE_SUSPECTED, 1);
	assert_int_equal(verdict(c, 2, &s, a), NW_VERDICT_DISPUTED);
	assert_int_equal(s.claimants, 2);
	assert_false(s.states[0].leading);
	assert_false(s.states[1].leading);
	/* a third claimant for RU makes a majority */
	c[2] = st("Wire", "RU", NW_PARTY_MEDIA, NW_HEDGE_ASSERTED, 2);
	assert_int_equal(verdict(c, 3, &s, a), NW_VERDICT_MAJORITY);
	assert_string_equal(s.states[0].state, "RU");
	assert_int_equal(s.states[0].support, 2);
	assert_true(s.states[0].leading);
	assert_string_equal(s.states[1].state, "CN");
	assert_false(s.states[1].leading);
	assert_int_equal(s.states[1].nclaims, 1);
	assert_ptr_equal(s.states[1].claims[0], &c[1]);
	/* two against two: disputed */
	c[3] = st("Tracker", "CN", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 3);
	assert_int_equal(verdict(c, 4, &s, a), NW_VERDICT_DISPUTED);
	/* three states, none with more than half */
	c[0] = st("A", "RU", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 1);
	c[1] = st("B", "CN", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 2);
	c[2] = st("C", "IR", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 3);
	c[3] = st("D", "RU", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 4);
	assert_int_equal(verdict(c, 4, &s, a), NW_VERDICT_DISPUTED);
	c[4] = st("E", "RU", NW_PARTY_UNSPECIFIED, NW_HEDGE_ASSERTED, 5);
	assert_int_equal(verdict(c, 5, &s, a), NW_VERDICT_MAJORITY);
	assert_int_equal(s.states[0].support, 3);
	nw_arena_free(a);
}

static void
test_actors(void **state)
{
	struct nw_arena *a = nw_arena_new();
	struct nw_summary s;
	struct nw_claim c[4];

	(void)state;
	c[0] = ac("Vendor", "Fancy Bear", "id-apt28", "APT28", "RU", 1);
	c[1] = ac("Wire", "Sofacy", "id-apt28", "APT28", "RU", 2);
	/* unknown to the table: grouped by the name as written */
	c[2] = ac("Wire", "Cyber Av3ngers", NULL, NULL, NULL, 2);
	c[3] = ac("Tracker", "CyberAv3ngers", NULL, NULL, NULL, 3);
	nw_summarize(c, 4, a, &s);
	assert_int_equal(s.verdict, NW_VERDICT_UNATTRIBUTED);
	assert_int_equal(s.nactors, 2);
	assert_int_equal(s.actors[0].support, 2);
	assert_int_equal(s.actors[1].support, 2);
	/* by support, then name */
	assert_string_equal(s.actors[0].actor, "APT28");
	assert_string_equal(s.actors[0].actor_id, "id-apt28");
	assert_string_equal(s.actors[1].actor, "Cyber Av3ngers");
	assert_null(s.actors[1].actor_id);
	assert_string_equal(s.actors[1].actor_state, "");
	nw_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_unattributed),
		cmocka_unit_test(test_single_and_consensus),
		cmocka_unit_test(test_majority_and_disputed),
		cmocka_unit_test(test_actors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
