/*
 * test_extract.c - nw_extract, one test per CODEBOOK.md rule (sections 2
 * and 3), with sentences written for these tests; evidence spans; caps;
 * hostile inputs (tests/data/extract/hostile/).
 */
#include "config.h"

#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "normwatch/extract.h"
#include "normwatch/limits.h"
#include "normwatch/refdata.h"
#include "normwatch/util.h"

static struct nw_refdata *ref;
static struct nw_extractor *xt;
static struct nw_extract ex;
static const char *cur;		/* the text last extracted */

static int
setup(void **state)
{
	struct nw_error err;
	const char *d = getenv("NORMWATCH_DATADIR");
	char *dir = xasprintf("%s/reference", d != NULL ? d : "feeds");

	(void)state;
	nw_error_clear(&err);
	ref = nw_refdata_load(dir, &err);
	free(dir);
	if (ref == NULL)
		return -1;
	xt = nw_extractor_new(ref, &err);
	return xt == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	nw_extractor_free(xt);
	nw_refdata_free(ref);
	return 0;
}

static void
run(const char *text)
{
	struct nw_error err;

	nw_error_clear(&err);
	cur = text;
	assert_int_equal(nw_extract(xt, text, strlen(text), &ex, &err), 0);
}

static const struct nw_attribution *
attr(const char *iso)
{
	size_t i;

	for (i = 0; i < ex.nattr; i++)
		if (strcmp(ex.attr[i].state, iso) == 0)
			return &ex.attr[i];
	return NULL;
}

static void
dump(void)
{
	size_t i;

	print_message("text: %s\n  attributions:", cur);
	for (i = 0; i < ex.nattr; i++)
		print_message(" %s/%s/%s", ex.attr[i].state,
		    nw_hedge_name(ex.attr[i].hedge),
		    nw_party_name(ex.attr[i].by));
	print_message("\n  victims:");
	for (i = 0; i < ex.nvictims; i++)
		print_message(" %s", ex.victims[i]);
	print_message("\n  actors:");
	for (i = 0; i < ex.nactors; i++)
		print_message(" \"%s\"", ex.actors[i].name);
	print_message("\n  sponsorship: %s\n", nw_sponsor_name(ex.sponsorship));
}

/* The text attributes iso with this hedge and party. */
static void
expect_attr(const char *iso, enum nw_hedge hedge, enum nw_party by)
{
	const struct nw_attribution *a = attr(iso);

	if (a == NULL || a->hedge != hedge || a->by != by) {
		dump();
		fail_msg("expected %s %s by %s", iso, nw_hedge_name(hedge),
		    nw_party_name(by));
	}
}

/* The text attributes exactly these states (NULL-terminated). */
static void
expect_states(const char *first, ...)
{
	va_list ap;
	const char *s;
	size_t n = 0;

	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *)) {
		if (attr(s) == NULL) {
			dump();
			fail_msg("expected an attribution to %s", s);
		}
		n++;
	}
	va_end(ap);
	if (n != ex.nattr) {
		dump();
		fail_msg("expected %zu attributions, got %zu", n, ex.nattr);
	}
}

static int
victim(const char *iso)
{
	size_t i;

	for (i = 0; i < ex.nvictims; i++)
		if (strcmp(ex.victims[i], iso) == 0)
			return 1;
	return 0;
}

static void
expect_victims(const char *first, ...)
{
	va_list ap;
	const char *s;
	size_t n = 0;

	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *)) {
		if (!victim(s)) {
			dump();
			fail_msg("expected victim %s", s);
		}
		n++;
	}
	va_end(ap);
	if (n != ex.nvictims) {
		dump();
		fail_msg("expected %zu victims, got %zu", n, ex.nvictims);
	}
}

static int
actor(const char *name)
{
	size_t i;

	for (i = 0; i < ex.nactors; i++)
		if (strcmp(ex.actors[i].name, name) == 0)
			return 1;
	return 0;
}

static void
expect_sponsor(enum nw_sponsor s)
{
	if (ex.sponsorship != s) {
		dump();
		fail_msg("expected sponsorship %s", nw_sponsor_name(s));
	}
}

#define SEC(x)	(1u << NW_SECTOR_##x)

/* --- section 2: attribution --------------------------------------------- */

/* Demonyms count: "Chinese hackers" -> CN, stated flatly: asserted. */
static void
test_demonym(void **state)
{
	(void)state;
	run("May 2020. Chinese hackers broke into the networks of a Taiwanese "
	    "semiconductor maker.");
	expect_states("CN", NULL);
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	expect_victims("TW", NULL);

	run("An Iranian cyber campaign targeted government agencies in "
	    "Canada and the United States.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	expect_victims("CA", "US", NULL);

	/* a state's adjective on a victim is not an attribution */
	run("Hackers stole funds from several Chilean banks.");
	expect_states(NULL);
	expect_victims("CL", NULL);
}

/* Capitals and metonyms count: "Kremlin-linked", "Beijing-backed". */
static void
test_capitals(void **state)
{
	(void)state;
	run("Kremlin-backed hackers disrupted the websites of Estonian "
	    "ministries.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	expect_victims("EE", NULL);
	expect_sponsor(NW_SPONSOR_STATE);

	run("Researchers said a Beijing-linked group spied on Tibetan "
	    "activists.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);

	/* "suspected" as a verb, with an adjective after it */
	run("Taiwanese officials suspected Chinese vessels.");
	expect_states("CN", NULL);
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);

	run("Officials in Seoul blamed Pyongyang for the intrusion.");
	expect_states("KP", NULL);
	expect_attr("KP", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
}

/* Agencies count: "GRU" -> RU, "MSS" -> CN, "IRGC" -> IR, "RGB" -> KP. */
static void
test_agencies(void **state)
{
	(void)state;
	run("The Netherlands expelled four GRU officers.");
	expect_states("RU", NULL);
	expect_sponsor(NW_SPONSOR_STATE);
	run("The U.S. Treasury sanctioned the Alpha Institute, an Iranian "
	    "company it said had stolen research from hundreds of "
	    "universities.");
	expect_states("IR", NULL);
	expect_victims(NULL);
	run("Officers of the GRU hacked the anti-doping agency.");
	expect_states("RU", NULL);
	expect_sponsor(NW_SPONSOR_STATE);

	run("Hackers working for the MSS stole aerospace designs.");
	expect_states("CN", NULL);
	expect_sponsor(NW_SPONSOR_STATE);

	run("A group affiliated with the IRGC defaced water utility "
	    "controllers in Pennsylvania.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	assert_true(ex.sectors & SEC(WATER));

	run("The RGB ran the operation through front companies.");
	expect_states("KP", NULL);

	/* "Lazarus", the codebook's own example */
	run("The Lazarus Group stole $81 million from a central bank.");
	expect_states("KP", NULL);
	assert_true(actor("Lazarus Group"));

	/* a numbered unit "of" a state body is no count of victims */
	run("Mandiant said the group is Unit 61398 of China's People's "
	    "Liberation Army.");
	expect_states("CN", NULL);
	expect_victims(NULL);
	run("The breach exposed records of 4 million Americans.");
	expect_victims("US", NULL);

	/* an agency after a state's name belongs to that state */
	run("North Korea's Ministry of State Security ran the campaign.");
	expect_states("KP", NULL);
}

/* Hedge words make a claim suspected; flat statements are asserted. */
static void
test_hedges(void **state)
{
	static const char *const hedged[] = {
		"Suspected Russian hackers breached a power company.",
		"The attack is believed to be the work of Russian hackers.",
		"Russian hackers likely carried out the attack.",
		"Alleged Russian hackers breached a power company.",
		"Russian hackers reportedly breached a power company.",
		"The campaign was linked to Russia.",
		"Hackers linked to Russia breached a power company.",
		"An attack alleged to have been carried out by Russian "
		    "hackers hit a power company.",
		"Media reports say Russian hackers breached a power company.",
		"Unnamed sources said Russian hackers breached a power "
		    "company.",
		"A Russia-linked group breached a power company.",
		"Officials suspect Russia was behind the attack.",
		"A Russian group that is allegedly responsible breached a "
		    "power company.",
		"Security sources attributed the attack to Russian hackers.",
		"Officials privately blamed Russia for the attack.",
	};
	static const char *const flat[] = {
		"Russian hackers breached a power company.",
		"Officials blamed Russia for the attack.",
		"A campaign originating in Russia breached a power company.",
		"A Russian hacking group linked to earlier attacks breached "
		    "a power company.",
		"The attack was attributed to Russia.",
		"Kremlin-backed hackers breached a power company.",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(hedged) / sizeof(hedged[0]); i++) {
		run(hedged[i]);
		expect_states("RU", NULL);
		if (attr("RU")->hedge != NW_HEDGE_SUSPECTED) {
			dump();
			fail_msg("expected suspected");
		}
	}
	for (i = 0; i < sizeof(flat) / sizeof(flat[0]); i++) {
		run(flat[i]);
		expect_states("RU", NULL);
		if (attr("RU")->hedge != NW_HEDGE_ASSERTED) {
			dump();
			fail_msg("expected asserted");
		}
	}
}

/* "A pro-Russian group" is RU, suspected. */
static void
test_pro_group(void **state)
{
	(void)state;
	run("A pro-Russian group knocked Lithuanian government websites "
	    "offline.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	expect_victims("LT", NULL);

	/* but "anti-" is not */
	run("Anti-Russian hackers leaked data from a Russian bank.");
	expect_states(NULL);
	expect_victims("RU", NULL);
}

/* "A Russian-speaking group" names a language: no attribution. */
static void
test_language(void **state)
{
	(void)state;
	run("A Russian-speaking ransomware group encrypted the systems of a "
	    "Dutch hospital.");
	expect_states(NULL);
	expect_victims("NL", NULL);

	run("The phishing emails were written in Russian and targeted "
	    "Ukrainian officials.");
	expect_states(NULL);
	expect_victims("UA", NULL);
}

/* The nationality of a vendor whose tool was used is no attribution. */
static void
test_vendor_nationality(void **state)
{
	(void)state;
	run("Hackers used spyware bought from an Israeli firm to target "
	    "journalists in Mexico.");
	expect_states(NULL);
	expect_victims("MX", NULL);

	run("Saudi and Emirati hacking groups used spyware purchased from "
	    "the Israeli vendor NSO Group.");
	expect_states("SA", "AE", NULL);
	assert_true(actor("NSO Group"));

	/* a vendor reporting its own breach is the victim */
	run("Russian security firm Kaspersky said dozens of its employees' "
	    "iPhones had been infected.");
	expect_states(NULL);
	expect_victims("RU", NULL);
	run("Russian security firm Kaspersky said hackers had targeted "
	    "banks.");
	expect_victims(NULL);

	run("A report by Russian-based company Kaspersky linked the attacks "
	    "to a Chinese hacking group.");
	expect_states("CN", NULL);
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	expect_victims(NULL);
}

/* A criminal group merely based in a country: suspected, not state. */
static void
test_based_in(void **state)
{
	(void)state;
	run("A criminal gang based in Nigeria stole millions from American "
	    "companies through business email compromise.");
	expect_attr("NG", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	expect_sponsor(NW_SPONSOR_NONSTATE);
	expect_victims("US", NULL);

	run("A Brazil-based gang of cybercriminals spread a banking trojan.");
	expect_attr("BR", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	expect_sponsor(NW_SPONSOR_NONSTATE);

	/* a company based somewhere is no attacker */
	run("NSO Group, a company based in Israel, sold the spyware.");
	expect_states(NULL);
}

/* An accusation the text reports but disputes is still coded. */
static void
test_disputed_accusation(void **state)
{
	(void)state;
	run("China accused the NSA of hacking a Chinese university, a "
	    "charge the United States denied.");
	expect_states("US", NULL);
	expect_attr("US", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_STATE);
	expect_victims("CN", NULL);
}

/* Whom a government acts against is the attacker. */
static void
test_accused(void **state)
{
	(void)state;
	run("The U.S. imposed sanctions against Russia over the hack.");
	expect_states("RU", NULL);
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_STATE);
	run("The EU imposed sanctions on Chinese hackers and a North Korean "
	    "company.");
	expect_states("CN", "KP", NULL);
	expect_victims(NULL);
	run("The U.S. sanctioned two Iranian firms for hacking Israeli "
	    "companies.");
	expect_states("IR", NULL);
	expect_victims("IL", NULL);
	/* passive: "were indicted" makes the phrase the accused */
	run("Two Iranian men were later indicted for the ransomware "
	    "campaign.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_victims(NULL);
	/* the accused are members of a state body */
	run("The U.S. indicted four members of China's People's Liberation "
	    "Army for the breach.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_victims(NULL);
	expect_sponsor(NW_SPONSOR_STATE);
	run("Three members of the Islamic Revolutionary Guard Corps were "
	    "charged.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_victims(NULL);
	/* members of a victim are victims */
	run("Hackers stole the emails of members of the German "
	    "parliament.");
	expect_states(NULL);
	expect_victims("DE", NULL);
	run("The U.S. accused the Chinese telecom giant of spying.");
	expect_states("CN", NULL);
	/* an accusation of something else */
	run("Beijing accused Washington of hypocrisy.");
	expect_states(NULL);
	/* a place of trial is no victim */
	run("The hacker was sentenced in the United States to five years.");
	expect_victims(NULL);
}

/* Who makes the attribution. */
static void
test_parties(void **state)
{
	(void)state;
	run("The Foreign Ministry accused Russia of the attack.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	run("A federal indictment charged five Chinese military hackers.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	run("The U.S. Treasury sanctioned Iranian hackers for the attack.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	run("A joint advisory said Chinese hackers exploited routers.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	run("Security researchers found that Vietnamese hackers targeted "
	    "car makers.");
	expect_attr("VN", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);
	run("Mandiant said North Korean hackers stole cryptocurrency.");
	expect_attr("KP", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);
	run("North Korean hackers stole cryptocurrency, according to "
	    "CrowdStrike.");
	expect_attr("KP", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);
	run("A pro-Ukrainian group claimed responsibility for the attack.");
	expect_attr("UA", NW_HEDGE_SUSPECTED, NW_PARTY_SELF);
	/* media that report a claim pass it on ("media reports say"):
	   suspected; media that reveal or show state it */
	run("The New York Times reported that Iranian hackers targeted "
	    "banks.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	run("Media reports blamed a Russian group for the breach.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	run("News reports reveal that Israeli hackers targeted banks.");
	expect_attr("IL", NW_HEDGE_ASSERTED, NW_PARTY_MEDIA);
	run("Iranian hackers targeted banks in Bahrain.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	run("The attack was attributed by Western governments to the "
	    "Russian military.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	/* words attributed to someone are no attack */
	run("Hackers planted fake remarks attributed to Qatar's emir on the "
	    "website of the Qatar News Agency.");
	expect_states(NULL);
	expect_victims("QA", NULL);
	/* a government speaking of an attack on another state */
	run("Hackers planted fake remarks on the website of the Qatar News "
	    "Agency. U.S. officials concluded that the UAE had orchestrated "
	    "the hack.");
	expect_states("AE", NULL);
	expect_victims("QA", NULL);
	/* law enforcement acts against the attackers: a party */
	run("A law enforcement operation led by the U.K.'s National Crime "
	    "Agency seized the servers of LockBit.");
	expect_states(NULL);
	expect_victims(NULL);
	/* a person of the group: "its Russian leader" */
	run("Police seized the servers of the LockBit gang and later named "
	    "its Russian leader, Dmitry Khoroshev.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	assert_true(actor("Dmitry Khoroshev"));
	expect_sponsor(NW_SPONSOR_NONSTATE);
	run("Hackers targeted the Russian leader.");
	expect_states(NULL);
	expect_victims("RU", NULL);
	/* a sentence with no party goes on in the voice of the one before */
	run("Researchers uncovered GhostNet, an espionage network. The "
	    "operation was likely run from China.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	run("Hackers breached the ministry. Russian hackers were behind "
	    "it.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	/* a claim of the attacks themselves */
	run("The volunteer IT Army of Ukraine claimed DDoS attacks that "
	    "disrupted Russian banks.");
	expect_attr("UA", NW_HEDGE_SUSPECTED, NW_PARTY_SELF);
	run("Russia's FSB claimed the campaign was an operation of the U.S. "
	    "National Security Agency.");
	expect_attr("US", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	/* the party speaks, it is neither attacker nor victim */
	run("Polish officials said Belarusian hackers defaced Lithuanian "
	    "news sites.");
	expect_states("BY", NULL);
	expect_victims("LT", NULL);
}

/* Several states at once; lists. */
static void
test_lists(void **state)
{
	(void)state;
	run("Microsoft said most of the attacks originated in Iran, North "
	    "Korea, and Russia.");
	expect_states("IR", "KP", "RU", NULL);
	expect_attr("KP", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);
	expect_sponsor(NW_SPONSOR_UNKNOWN);

	run("NATO warned that Russia and China were among the most active "
	    "adversaries.");
	expect_states("RU", "CN", NULL);
	expect_sponsor(NW_SPONSOR_STATE);
}

/* Named groups are listed as written. */
static void
test_actors(void **state)
{
	(void)state;
	run("APT28, also known as Fancy Bear, targeted the party.");
	assert_true(actor("APT28"));
	assert_true(actor("Fancy Bear"));
	expect_states(NULL);	/* a name alone attributes nothing */

	run("Researchers uncovered a Russian hacking group called "
	    "\"The Dukes\" that spied on governments.");
	assert_true(actor("The Dukes"));
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);

	/* a gang named like a state is named, and no state is linked */
	run("The Cuba ransomware gang leaked the data.");
	assert_true(actor("Cuba"));
	expect_states(NULL);
	expect_sponsor(NW_SPONSOR_NONSTATE);
	run("Cuba denied that its hackers leaked the data.");
	assert_false(actor("Cuba"));	/* a state's name is no actor name */

	run("The BlackBasta ransomware gang encrypted the servers of a "
	    "German retailer.");
	assert_true(actor("BlackBasta"));
	expect_sponsor(NW_SPONSOR_NONSTATE);
	assert_true(ex.sectors & SEC(RETAIL));

	run("Microsoft said Storm-0558 and Volt Typhoon stole credentials.");
	assert_true(actor("Storm-0558"));
	assert_true(actor("Volt Typhoon"));

	run("Anonymous sources said the hackers were paid.");
	assert_false(actor("Anonymous"));	/* a weak name */
	run("The hacktivist collective Anonymous defaced government sites.");
	assert_true(actor("Anonymous"));
	expect_sponsor(NW_SPONSOR_NONSTATE);

	/* "it calls X", "a unit known as X", "X, a hacktivist group" */
	run("Analysts said a state-linked group it calls RedEcho targeted "
	    "power companies.");
	assert_true(actor("RedEcho"));
	run("Officials blamed a military intelligence unit known as "
	    "Sandworm.");
	assert_true(actor("Sandworm"));
	run("Cyber Lotus Brigade, a hacktivist group, defaced the sites.");
	assert_true(actor("Cyber Lotus Brigade"));
	run("The attack hit Estonia, a small country.");
	assert_int_equal(ex.nactors, 0);
	/* a group that says it did the deed claims it */
	run("The Belarusian Cyber Partisans, a hacktivist group, said they "
	    "had encrypted the servers of the state railway.");
	expect_attr("BY", NW_HEDGE_SUSPECTED, NW_PARTY_SELF);
	expect_sponsor(NW_SPONSOR_NONSTATE);
	/* a known group's ransomware names the group */
	run("Mexico's state oil company was hit by DoppelPaymer "
	    "ransomware.");
	assert_true(actor("DoppelPaymer"));
	expect_victims("MX", NULL);
	/* a name after a group noun */
	run("The pro-Russian hacktivist group CyberBerkut claimed "
	    "responsibility.");
	assert_true(actor("CyberBerkut"));
	run("Hackers targeted the European aerospace group EADS.");
	assert_int_equal(ex.nactors, 0);
	run("The group said on Monday it would stop.");
	assert_int_equal(ex.nactors, 0);
	/* two names of one actor, as written */
	run("A ransomware attack by ALPHV/BlackCat disrupted pharmacies.");
	assert_true(actor("ALPHV/BlackCat"));
	assert_int_equal(ex.nactors, 1);
	/* a name of malware is no actor */
	run("Wiper malware disguised as ransomware, dubbed WhisperGate, was "
	    "deployed.");
	assert_false(actor("WhisperGate"));
	/* a called name may end in a state's name */
	run("A group calling itself Anonymous Philippines defaced the "
	    "website.");
	assert_true(actor("Anonymous Philippines"));
	assert_int_equal(ex.nactors, 1);

	run("The one hacker convicted (Jane Roe) made $2 million.");
	assert_true(actor("Jane Roe"));
	expect_sponsor(NW_SPONSOR_NONSTATE);
}

/* state / non-state / unknown */
static void
test_sponsorship(void **state)
{
	(void)state;
	run("A state-sponsored group targeted defense contractors.");
	expect_sponsor(NW_SPONSOR_STATE);
	expect_states(NULL);
	run("Nation-state hackers breached the air force.");
	expect_sponsor(NW_SPONSOR_STATE);
	run("Russian government hackers penetrated the network.");
	expect_sponsor(NW_SPONSOR_STATE);
	run("The attack was carried out by Iraqi insurgents.");
	expect_sponsor(NW_SPONSOR_NONSTATE);
	expect_attr("IQ", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	/* criminal networks are attackers, not victims' networks */
	run("Researchers linked the attacks to Russian criminal networks.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	expect_victims(NULL);
	expect_sponsor(NW_SPONSOR_NONSTATE);
	run("Hackers breached Russian computer networks.");
	expect_states(NULL);
	expect_victims("RU", NULL);
	run("Hacktivists defaced dozens of websites.");
	expect_sponsor(NW_SPONSOR_NONSTATE);
	run("Hackers stole data from a hospital.");
	expect_sponsor(NW_SPONSOR_UNKNOWN);
	/* an indirect mention of criminals is not the attacker */
	run("Servers used to track serious criminals were penetrated.");
	expect_sponsor(NW_SPONSOR_UNKNOWN);
	/* a named group is no state agency (CODEBOOK.md 2: "Named groups
	   (APT28, Lazarus Group, ...)"): its state, not its sponsor */
	run("Researchers linked the malware to North Korea's Lazarus "
	    "Group.");
	expect_attr("KP", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	expect_sponsor(NW_SPONSOR_UNKNOWN);
	run("The Kremlin's hackers breached the ministry.");
	expect_sponsor(NW_SPONSOR_STATE);
	/* people linked to a state are like its demonym; an act linked to
	   a state makes the state the actor */
	run("The breach was by hackers that media reports linked to "
	    "China.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	expect_sponsor(NW_SPONSOR_UNKNOWN);
	run("Media reports linked the malware to Israel.");
	expect_attr("IL", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	expect_sponsor(NW_SPONSOR_STATE);
	/* a disguise is no evidence */
	run("Hackers claiming to be the Cyber Caliphate took a French "
	    "broadcaster off the air.");
	expect_sponsor(NW_SPONSOR_UNKNOWN);
	run("The Cyber Caliphate took a French broadcaster off the air.");
	expect_sponsor(NW_SPONSOR_NONSTATE);
	run("The attack was carried out by hackers working for a foreign "
	    "government.");
	expect_sponsor(NW_SPONSOR_STATE);
	/* a national chapter of a hacktivist movement */
	run("A group calling itself Anonymous Philippines defaced the "
	    "commission's website.");
	expect_sponsor(NW_SPONSOR_NONSTATE);
	/* "government-backed projects" are no attacker */
	run("Chinese hackers stole data on government-backed projects.");
	expect_sponsor(NW_SPONSOR_UNKNOWN);
}

/* "from X": origin of the attack, owner of what was taken, or neither */
static void
test_from(void **state)
{
	(void)state;
	run("The Postal Service said hackers, suspected to be from China, "
	    "had stolen employee data.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	run("The operation was likely run from China.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	run("The attacks were launched from Iran.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	expect_victims(NULL);
	/* the user of what was attacked */
	run("Cyberattacks disabled a database used by an Iranian "
	    "intelligence group.");
	expect_states(NULL);
	expect_victims("IR", NULL);
	run("Researchers found servers used by Iranian hackers.");
	expect_states("IR", NULL);
	expect_victims(NULL);
	run("Hackers leaked the personal data of 55 million registered "
	    "voters from the Philippines' election commission.");
	expect_states(NULL);
	expect_victims("PH", NULL);
	/* "traced ... to people in X" */
	run("Researchers traced the operation to individuals in Chengdu, "
	    "China.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);
	expect_victims(NULL);
	run("Investigators linked the attack to servers in Iran.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	/* where a tool came from is neither */
	run("The worm spread with an exploit leaked from the NSA.");
	expect_states(NULL);
	expect_victims(NULL);
	run("Hackers stole data from Indian ministries.");
	expect_states(NULL);
	expect_victims("IN", NULL);
}

/* Attributions written as the work of a state, or after the fact. */
static void
test_work_of(void **state)
{
	(void)state;
	run("The operation was reportedly a joint effort of the United "
	    "States and Israel.");
	expect_attr("US", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	expect_attr("IL", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	expect_sponsor(NW_SPONSOR_STATE);
	run("The Washington Post reported that Israel was believed to be "
	    "behind the attack.");
	expect_attr("IL", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	run("The FBI attributed the attack to a gang believed to operate "
	    "from Russia.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	/* sanctioned for an attack, named in apposition */
	run("Australia sanctioned a Russian man, Aleksandr Ermakov, for the "
	    "theft of medical records.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	assert_true(actor("Aleksandr Ermakov"));
	expect_victims(NULL);	/* whom a state sanctions is no victim */
	/* someone from a place, charged */
	run("A 17-year-old from Florida was later charged as the "
	    "mastermind.");
	expect_attr("US", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_NONSTATE);
	run("A teacher from Florida was later honoured.");
	expect_states(NULL);
	/* where the traffic came from */
	run("Its founder said most of the junk traffic came from IP "
	    "addresses in China.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_UNSPECIFIED);
	expect_victims(NULL);
	run("Investigators in Doha traced the attack to mobile phones in "
	    "the UAE.");
	expect_attr("AE", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_victims(NULL);
	/* protests in a place are no victim */
	run("Telegram suffered a DDoS attack during mass protests in Hong "
	    "Kong.");
	expect_victims(NULL);
}

/* Hedges and parties of estimates. */
static void
test_estimates(void **state)
{
	(void)state;
	run("Hackers are assessed to have been working for Pakistan.");
	expect_attr("PK", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	run("Reuters reported that Australian intelligence had concluded "
	    "China was responsible.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	run("Investigators thought the attackers were probably Chinese.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	run("Israeli officials suspected the group was linked to Iran.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_UNKNOWN);
}

/* Round three: speakers, apposition, likeness, hijacked infrastructure. */
static void
test_more_kinds(void **state)
{
	(void)state;
	/* the speaker's possessive phrase with unknown words in it */
	run("Ukraine's computer emergency response team said hackers had "
	    "tried to cut power to millions of people.");
	expect_victims("UA", NULL);
	run("Germany's interior minister said Russian hackers had breached "
	    "email accounts of a party.");
	expect_victims("DE", NULL);
	/* an agency of the speaking state is no joint statement */
	run("The U.S. Treasury said a Chinese state-sponsored actor had "
	    "accessed its workstations.");
	expect_victims("US", NULL);
	/* who ties the state to a group speaks for the tie */
	run("Albania's parliament said hackers had tried to destroy its "
	    "data; a group that Albanian officials tie to Iran claimed "
	    "responsibility.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_victims("AL", NULL);
	/* likeness of tools is an inference */
	run("Researchers said it resembled tools used by Iranian groups.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	/* the owner of hijacked infrastructure is its victim */
	run("Turla hijacked the infrastructure of an Iranian hacking "
	    "group.");
	expect_states(NULL);
	expect_victims("IR", NULL);
	/* a name that ends in the state, acting after an attack */
	run("DP World Australia, which handles much of the country's "
	    "freight, shut its ports after a cyberattack.");
	expect_victims("AU", NULL);
	/* on behalf of a state: the state sponsors */
	run("Israeli web hosting company Cyberserve was hacked by a group "
	    "that officials said operates on behalf of Iran.");
	expect_victims("IL", NULL);
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_STATE);
	/* a verb past a relative clause's comma is the group's */
	run("Researchers said Sharp Panda, which they believe to be Chinese, "
	    "sent emails.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	expect_sponsor(NW_SPONSOR_UNKNOWN);
}

/* Round four: fronts, evidence pointing to a state, cities, people. */
static void
test_fronts(void **state)
{
	(void)state;
	run("The U.S. and the UK sanctioned a company they said was a front "
	    "for the Chinese Ministry of State Security, accusing it of "
	    "hacking British lawmakers.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_STATE);
	expect_victims("GB", NULL);
	run("Kyiv said it had evidence pointing to Russia.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_sponsor(NW_SPONSOR_STATE);
	run("The U.S. charged a North Korean programmer, Park Jin Hyok, "
	    "saying he worked for a North Korean government front "
	    "company.");
	assert_true(actor("Park Jin Hyok"));
	expect_sponsor(NW_SPONSOR_STATE);
	/* a city of a state is that state's */
	run("Hackers tried to poison the water supply of a small Florida "
	    "city.");
	expect_victims("US", NULL);
	/* where the attackers work from */
	run("The army said it had bombed a building in Gaza used by Hamas "
	    "hackers.");
	expect_attr("PS", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_victims(NULL);
	/* an apposition before the speaking verb */
	run("JAXA, Japan's space agency, disclosed that it had been "
	    "breached.");
	expect_victims("JP", NULL);
}

/* Round five: defensive acts, clauses, victims that are media. */
static void
test_clauses(void **state)
{
	(void)state;
	/* a defensive act after a breach is no attack */
	run("The Pentagon took part of an email system offline after a "
	    "breach.");
	expect_states(NULL);
	expect_victims("US", NULL);
	run("Russia attacked Georgian websites after the war began.");
	expect_states("RU", NULL);
	/* a hedge in another clause */
	run("Some officials suspected Russian hackers, though investigators "
	    "later charged an Israeli hacker.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_attr("IL", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	/* a newspaper reporting its own breach states it */
	run("The New York Times said Chinese hackers had infiltrated its "
	    "computer systems.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_MEDIA);
	/* "pointed at" */
	run("Its security agency pointed at Russia.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	/* a comma ends the phrase of a place ("Washington, D.C.") */
	run("Hackers published data of Washington, D.C. police officers.");
	expect_states(NULL);
	expect_victims("US", NULL);
	run("American, European, and Japanese companies lost secrets to "
	    "espionage.");
	expect_victims("US", "JP", NULL);
}

/* Round six: glued possessives, trailing speakers, agentless blame. */
static void
test_trailing(void **state)
{
	(void)state;
	/* a possessive a word repair glued to the next word */
	run("Iran'soil ministry said a cyberattack had targeted its export "
	    "terminal.");
	expect_victims("IR", NULL);
	/* the speaker after the attack it tells of */
	run("Iran was responsible for a cyberattack that destroyed data "
	    "on computers of a casino company, the U.S. director of "
	    "national intelligence said.");
	expect_attr("IR", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	expect_victims("US", NULL);
	/* "the country's" after a state's media */
	run("Chinese state media said the country's domain had suffered "
	    "the largest DDoS attack in its history.");
	expect_victims("CN", NULL);
	/* blamed by no one named */
	run("Russian hackers were blamed for an intrusion into the "
	    "Pentagon's email system.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);
	run("Russian hackers were blamed by officials for the intrusion.");
	expect_attr("RU", NW_HEDGE_ASSERTED, NW_PARTY_GOVERNMENT);
	/* claimed by a group; according to a newspaper */
	run("Lithuania's energy company said it had been hit by an attack "
	    "claimed by the pro-Russian group Killnet.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_SELF);
	run("Chinese military hackers penetrated Japanese defense networks, "
	    "according to the Washington Post.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	/* companies linked to a state agency are its */
	run("The U.S. indicted seven Iranians working for IRGC-linked "
	    "companies.");
	expect_states("IR", NULL);
	expect_victims(NULL);
	expect_sponsor(NW_SPONSOR_STATE);
}

/* Round seven: disguises, speeches, lists, companies that act. */
static void
test_disguises(void **state)
{
	(void)state;
	run("Russian military hackers tried to make it look like North "
	    "Korea had carried out the attack.");
	expect_states("RU", NULL);
	run("A DDoS attack knocked federal websites offline during a video "
	    "address by Ukraine's president.");
	expect_states(NULL);
	run("The FBI dismantled a botnet run by a Chinese company.");
	expect_states("CN", NULL);
	expect_victims(NULL);
	run("Hackers breached IT software used by French companies.");
	expect_states(NULL);
	expect_victims("FR", NULL);
	run("Bulgaria's presidency, several ministries and the court had "
	    "their websites knocked offline.");
	expect_victims("BG", NULL);
	run("Germany's intelligence agency warned of attacks by Russian "
	    "hackers aimed at destabilising the country.");
	expect_victims("DE", NULL);
	run("Dutch authorities arrested a suspect in Spain.");
	expect_victims(NULL);
	run("The EU said it had linked malicious activities targeting "
	    "politicians and officials of member states to a Russian "
	    "campaign.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	run("The pro-Russian group Killnet said it was responsible.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_SELF);
	run("The campaign resembled the tools of Russia's Sandworm group.");
	assert_true(actor("Sandworm"));
	run("A gang stole $1 billion from 100 banks in 30 countries, "
	    "including Russia, the United States and China.");
	expect_victims("RU", "US", "CN", NULL);
	/* names in capitals are written with one capital */
	run("Microsoft said Nobelium had targeted cloud resellers.");
	assert_true(actor("Nobelium"));
	/* round nine */
	run("Hackers claiming to be Iranian disrupted television "
	    "broadcasts.");
	expect_attr("IR", NW_HEDGE_SUSPECTED, NW_PARTY_SELF);
	run("Dutch intelligence was reported to have watched Russian "
	    "hackers attack the party.");
	expect_attr("RU", NW_HEDGE_SUSPECTED, NW_PARTY_MEDIA);
	run("Microsoft said a group it believes to be Chinese "
	    "state-sponsored exploited flaws to target U.S. infectious "
	    "disease researchers.");
	expect_attr("CN", NW_HEDGE_SUSPECTED, NW_PARTY_VENDOR);
	expect_victims("US", NULL);
	run("A Finnish man was later arrested in France.");
	expect_attr("FI", NW_HEDGE_SUSPECTED, NW_PARTY_GOVERNMENT);
	expect_victims(NULL);
	run("Austria's foreign ministry said it had been hit by a serious "
	    "cyberattack.");
	expect_victims("AT", NULL);
	/* round ten */
	run("Hackers used the key to read emails of U.S. government "
	    "officials.");
	expect_victims("US", NULL);
	run("Iran blamed a foreign country for a cyberattack that "
	    "paralysed petrol stations across the country.");
	expect_victims("IR", NULL);
	expect_sponsor(NW_SPONSOR_STATE);
	run("Hackers stole millions from banks in Asia and Africa, U.S. "
	    "officials warned.");
	expect_victims(NULL);
	run("Hackers stole millions from banks, U.S. officials warned.");
	expect_victims("US", NULL);
	run("Australia's three main political parties were hit by a state "
	    "actor.");
	expect_victims("AU", NULL);
	run("A hacker living in Turkey claimed responsibility.");
	expect_states(NULL);
	run("A Chinese group breached Philippine agencies, F-Secure "
	    "reported.");
	expect_attr("CN", NW_HEDGE_ASSERTED, NW_PARTY_VENDOR);
	run("Hackers stole data of patients of the SingHealth group.");
	assert_int_equal(ex.nactors, 0);
}

/* "had targeted" is active: the phrase before it attacked. */
static void
test_active_perfect(void **state)
{
	(void)state;
	run("Analysts said Ruritanian intelligence agencies had targeted "
	    "ministries.");
	expect_states(NULL);	/* no such state: the words alone */
	run("Researchers said Russian intelligence agencies had targeted "
	    "dozens of organisations.");
	expect_states("RU", NULL);
	expect_victims(NULL);
	expect_sponsor(NW_SPONSOR_STATE);
	run("A report said Britain's GCHQ had hacked a Belgian telecom "
	    "operator.");
	expect_states("GB", NULL);
	expect_victims("BE", NULL);
	/* but "had been hacked" is passive */
	run("Officials said Danish ministries had been hacked.");
	expect_states(NULL);
	expect_victims("DK", NULL);
}

/* --- section 3: victims -------------------------------------------------- */

static void
test_victims(void **state)
{
	(void)state;
	run("An Iranian group phished universities in Australia, Canada, the "
	    "UK, the U.S., and Singapore.");
	expect_victims("AU", "CA", "GB", "US", "SG", NULL);

	run("A state-sponsored campaign targeted Indian and Pakistani "
	    "government and military organizations.");
	expect_victims("IN", "PK", NULL);

	run("Hackers accessed data revealing Mexico's monitoring of the U.S. "
	    "Ambassador to Mexico.");
	expect_victims(NULL);

	run("Iran's transport ministry was the victim of a cyberattack that "
	    "disrupted trains across the country.");
	expect_victims("IR", NULL);

	run("Hackers took over the websites of Poland's health ministry.");
	expect_victims("PL", NULL);

	/* "including ...": members of a list of victims */
	run("The gang stole data from 2,000 organisations, including U.S. "
	    "federal agencies, British Airways and the BBC.");
	expect_victims("US", "GB", NULL);
	run("The intrusions reached it through its suppliers, including "
	    "British engine maker Rolls-Royce and French consultancy "
	    "Expleo.");
	expect_victims("GB", "FR", NULL);
	/* a list item after an attacker is no victim */
	run("Hackers linked to Russia, Belarus and Iran attacked banks.");
	expect_states("RU", "BY", "IR", NULL);
	expect_victims(NULL);

	/* a speaker whose office was targeted */
	run("India's national security adviser said his office had been "
	    "targeted by Chinese hackers.");
	expect_states("CN", NULL);
	expect_victims("IN", NULL);
	/* a place to fight in is no victim */
	run("Hackers posted a fake report calling on Poles to fight in "
	    "Ukraine.");
	expect_victims(NULL);

	/* a place at the end of a sentence is not the subject of the
	   next one */
	run("Malware attacked a plant in Saudi Arabia. FireEye later traced "
	    "the code to Russia.");
	expect_victims("SA", NULL);
	/* nor of a verb coordinated with another */
	run("Hackers said they had set fire to a steel plant in Iran and "
	    "published video of it.");
	expect_victims("IR", NULL);

	/* the receiver of a lure */
	run("Vietnamese hackers sent phishing emails to China's Ministry of "
	    "Emergency Management.");
	expect_states("VN", NULL);
	expect_victims("CN", NULL);
	run("The malware sent stolen data to China.");
	expect_victims(NULL);

	/* the subject past an apposition */
	run("Norway's Norsk Hydro, one of the largest aluminium producers, "
	    "was hit by ransomware.");
	expect_victims("NO", NULL);
	assert_true(ex.sectors & SEC(MANUFACTURING));
	/* an election in an attack report is the target */
	run("Emails stolen from the campaign were dumped online two days "
	    "before the French presidential runoff.");
	expect_victims("FR", NULL);
	/* a speaker's own body named with "its" */
	run("The Qatari government said hackers had posted false "
	    "statements on its state news agency.");
	expect_victims("QA", NULL);
	run("Microsoft said hackers had used its software.");
	expect_victims(NULL);

	/* modifiers listed before one head */
	run("Estonian government, bank and media websites were disrupted.");
	expect_victims("EE", NULL);
	assert_true(ex.sectors & SEC(FINANCE));

	/* nouns of companies and people */
	run("Hackers phished an employee of the Australian registrar "
	    "Melbourne IT.");
	expect_victims("AU", NULL);
	run("Der Spiegel said German steelmaker ThyssenKrupp had been "
	    "targeted by hackers.");
	expect_victims("DE", NULL);
	run("Researchers said UAE human rights activist Ahmed Mansoor had "
	    "been sent links to spyware.");
	expect_victims("AE", NULL);
	/* "cut" undergone, not done */
	run("Two undersea cables connecting Taiwan's Matsu Islands were "
	    "cut.");
	expect_victims("TW", NULL);
	run("The Canadian government cut off internet access after a "
	    "breach.");
	expect_states(NULL);
	expect_victims("CA", NULL);

	/* the subject that acts after an attack was hit */
	run("Ireland's Health Service Executive shut down its IT systems "
	    "after a ransomware attack.");
	expect_victims("IE", NULL);
	run("Dutch certificate authority DigiNotar went bankrupt after "
	    "hackers issued fraudulent certificates.");
	expect_victims("NL", NULL);
	/* but not one that reports, or one unrelated to the attack */
	run("A Japanese national was arrested after the attack.");
	expect_victims(NULL);
	run("Chinese and U.S. presidents agreed not to conduct theft of "
	    "intellectual property.");
	expect_victims(NULL);

	/* "the top target", "a victim" */
	run("Hackers targeted 128 organisations in 42 countries, with the "
	    "United States the top target.");
	expect_victims("US", NULL);
	run("Officials said Estonia was the main target of the attacks.");
	expect_victims("EE", NULL);

	run("The attacks came amid a dispute with Russia over a memorial.");
	expect_victims(NULL);

	run("The U.S. Office of Personnel Management announced a breach of "
	    "its systems.");
	expect_victims("US", NULL);

	/* a government reporting an attack that names no victim */
	run("German officials confirmed that Russian hackers breached the "
	    "parliament.");
	expect_victims("DE", NULL);
	run("The U.S. and the UK said Russian hackers breached routers "
	    "worldwide.");
	expect_victims(NULL);	/* a joint statement speaks for no one */

	run("Hamas used a secret headquarters in Turkey to run hacking "
	    "operations.");
	expect_victims(NULL);
	expect_attr("TR", NW_HEDGE_SUSPECTED, NW_PARTY_UNSPECIFIED);

	/* places that are another state or none */
	run("Hackers hit banks in New Mexico, Latin American insurers, and "
	    "the Washington Post.");
	expect_victims("US", NULL);	/* New Mexico is a US state */
	run("Hackers hit Latin American insurers and the Paris Call's site.");
	expect_victims(NULL);
	run("Hackers targeted voter rolls in the U.S. state of Georgia.");
	expect_victims("US", NULL);
	run("Officials in the capital of Georgia, Tbilisi, reported "
	    "attacks on websites across Georgia.");
	expect_victims("GE", NULL);
}

static void
test_sectors(void **state)
{
	(void)state;
	run("Hackers disrupted hospitals, an oil pipeline, a water treatment "
	    "plant and several banks.");
	assert_int_equal(ex.sectors, SEC(HEALTHCARE) | SEC(ENERGY) |
	    SEC(WATER) | SEC(FINANCE));
	run("Hackers targeted journalists, activists and university staff "
	    "ahead of the election.");
	assert_int_equal(ex.sectors, SEC(MEDIA) | SEC(CIVIL_SOCIETY) |
	    SEC(EDUCATION) | SEC(ELECTIONS));
	run("A ransomware attack hit an airline, a car factory, a retailer "
	    "and a telecom operator.");
	assert_int_equal(ex.sectors, SEC(TRANSPORT) | SEC(MANUFACTURING) |
	    SEC(RETAIL) | SEC(TELECOMMUNICATIONS));
	run("Hackers targeted the Defense Ministry, defense contractors and "
	    "IT companies.");
	assert_int_equal(ex.sectors, SEC(GOVERNMENT) | SEC(MILITARY) |
	    SEC(DEFENSE_INDUSTRY) | SEC(TECHNOLOGY));
	/* compounds and names of sectors */
	run("Hackers breached German steelmaker ThyssenKrupp, the registrar "
	    "Melbourne IT and British Airways.");
	assert_int_equal(ex.sectors, SEC(MANUFACTURING) | SEC(TECHNOLOGY) |
	    SEC(TRANSPORT));
	run("Hackers cut undersea cables and hit the Central Election "
	    "Commission.");
	assert_int_equal(ex.sectors, SEC(TELECOMMUNICATIONS) |
	    SEC(ELECTIONS));
	run("Hackers hijacked the records of DNS provider Dyn and a Dutch "
	    "certificate authority.");
	assert_int_equal(ex.sectors, SEC(TECHNOLOGY));
	run("Hackers seized a bank's Domain Name System addresses.");
	assert_int_equal(ex.sectors, SEC(FINANCE));
	run("Hackers breached a credit agency and scientific research "
	    "organisations.");
	assert_int_equal(ex.sectors, SEC(FINANCE) | SEC(EDUCATION));
	run("Hackers hit the presidential office, a mobile operator, water "
	    "pumping stations and a spyware maker.");
	assert_int_equal(ex.sectors, SEC(GOVERNMENT) |
	    SEC(TELECOMMUNICATIONS) | SEC(WATER) | SEC(TECHNOLOGY));
	run("Hackers hit a cloud company, an insurance company, a health "
	    "insurer and the Ministry of Health.");
	assert_int_equal(ex.sectors, SEC(TECHNOLOGY) | SEC(FINANCE) |
	    SEC(HEALTHCARE) | SEC(GOVERNMENT));
	run("Researchers traced the code to a research institute.");
	assert_int_equal(ex.sectors, 0);
	/* a hyphenated modifier names no sector */
	run("Hackers accessed systems used for court-authorised wiretaps.");
	assert_int_equal(ex.sectors, 0);
	/* the speaker's words are not the victim's sector */
	run("Taiwanese officials suspected Chinese vessels of cutting "
	    "internet cables.");
	assert_int_equal(ex.sectors, SEC(TELECOMMUNICATIONS));
	run("A law enforcement operation led by the U.K.'s National Crime "
	    "Agency seized the servers of the gang.");
	assert_int_equal(ex.sectors, 0);
	run("The Justice Department said hackers stole money from casinos.");
	assert_int_equal(ex.sectors, SEC(OTHER));
}

/* --- spans, robustness, limits -------------------------------------------- */

static void
test_spans(void **state)
{
	const char *t = "March 2021. Officials said that suspected "
	    "Russian hackers, working with APT29, hit Ukraine.";
	const struct nw_attribution *a;
	size_t i;

	(void)state;
	run(t);
	a = attr("RU");
	assert_non_null(a);
	assert_int_equal(a->ev.len, strlen("Russian"));
	assert_memory_equal(t + a->ev.off, "Russian", a->ev.len);
	assert_int_equal(ex.nactors, 1);
	assert_memory_equal(t + ex.actors[0].ev.off, "APT29",
	    ex.actors[0].ev.len);
	for (i = 0; i < ex.nattr; i++)
		assert_true(ex.attr[i].ev.off + ex.attr[i].ev.len <= strlen(t));
}

/* A word that extraction split, which the lexicon could not repair. */
static void
test_split_words(void **state)
{
	(void)state;
	run("In the July attack, Irani an hackers deployed ransomware.");
	expect_states("IR", NULL);
	assert_memory_equal(cur + ex.attr[0].ev.off, "Irani an",
	    ex.attr[0].ev.len);
}

static void
test_caps(void **state)
{
	struct nw_buf b;
	struct nw_error err;
	size_t i, n = nw_refdata_nstates(ref);

	(void)state;
	/* a text naming every state as a victim */
	nw_buf_init(&b, 1u << 20);
	assert_int_equal(nw_buf_adds(&b, "Hackers targeted ministries in "),
	    0);
	for (i = 0; i < n; i++)
		assert_int_equal(nw_buf_addf(&b, "%s%s", i ? ", " : "",
		    nw_refdata_state_at(ref, i)->name), 0);
	assert_int_equal(nw_buf_adds(&b, "."), 0);
	run(b.data);
	assert_int_equal(ex.nvictims, NW_MAX_VICTIMS);
	/* and every state as an attacker */
	nw_buf_reset(&b);
	for (i = 0; i < n; i++)
		assert_int_equal(nw_buf_addf(&b, "%s hackers attacked. ",
		    nw_refdata_state_at(ref, i)->adjectives != NULL &&
		    nw_refdata_state_at(ref, i)->nadjectives > 0 ?
		    nw_refdata_state_at(ref, i)->adjectives[0] : "Iranian"),
		    0);
	run(b.data);
	assert_int_equal(ex.nattr, NW_MAX_ATTRIB);
	/* many actors */
	nw_buf_reset(&b);
	for (i = 0; i < 40; i++)
		assert_int_equal(nw_buf_addf(&b, "APT%zu hacked. ", i + 1), 0);
	run(b.data);
	assert_int_equal(ex.nactors, NW_MAX_ACTORS);
	/* text past NW_MAX_EXTRACT_TEXT is ignored, not read */
	nw_buf_free(&b);
	nw_buf_init(&b, 2 * NW_MAX_EXTRACT_TEXT + 100);
	while (b.len < NW_MAX_EXTRACT_TEXT)
		assert_int_equal(nw_buf_adds(&b, "The weather was fine. "), 0);
	assert_int_equal(nw_buf_adds(&b, "Iranian hackers attacked."), 0);
	run(b.data);
	expect_states(NULL);
	/* no input */
	nw_error_clear(&err);
	assert_int_equal(nw_extract(xt, NULL, 0, &ex, &err), -1);
	run("");
	expect_states(NULL);
	nw_buf_free(&b);
}

/* Every file in tests/data/extract/hostile: no crash, bounded output. */
static void
test_hostile(void **state)
{
	const char *src = getenv("NW_SRCDIR");
	char *dir = xasprintf("%s/tests/data/extract/hostile",
	    src != NULL ? src : ".");
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	(void)state;
	assert_non_null(d);
	for (;;) {
		struct nw_error err;
		char *path, *data;
		size_t len;

		de = readdir(d);
		if (de == NULL)
			break;
		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		nw_error_clear(&err);
		data = nw_read_file(path, 8u << 20, &len, &err);
		assert_non_null(data);
		nw_error_clear(&err);
		(void)nw_extract(xt, data, len, &ex, &err);
		assert_true(ex.nattr <= NW_MAX_ATTRIB);
		assert_true(ex.nvictims <= NW_MAX_VICTIMS);
		assert_true(ex.nactors <= NW_MAX_ACTORS);
		free(data);
		free(path);
		n++;
	}
	closedir(d);
	free(dir);
	assert_true(n >= 3);
}

/* Random bytes, including NUL and broken UTF-8: no crash. */
static void
test_random_bytes(void **state)
{
	char buf[2048];
	unsigned seed = 12345;
	int round;
	size_t i;

	(void)state;
	for (round = 0; round < 300; round++) {
		struct nw_error err;
		size_t len = (size_t)(seed % sizeof(buf));

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			/* bias towards letters, spaces, quotes and hyphens */
			switch ((seed >> 16) % 6) {
			case 0:
				buf[i] = (char)(seed >> 8);
				break;
			case 1:
				buf[i] = " -'\".,()"[(seed >> 8) % 8];
				break;
			default:
				buf[i] = (char)('A' + (seed >> 8) % 58);
				break;
			}
		}
		nw_error_clear(&err);
		(void)nw_extract(xt, buf, len, &ex, &err);
		assert_true(ex.nattr <= NW_MAX_ATTRIB);
	}
}

/*
 * Random sentences of cue words, names and punctuation: the rules look at
 * words before and after each other near the start and the end of the
 * text; no read outside it (run under valgrind or ASan).
 */
static void
test_random_words(void **state)
{
	static const char *const w[] = { "Russian", "hackers", "in", "China",
	    "'s", "was", "had", "been", "targeted", "by", "the", "of", "to",
	    "from", "said", ",", ".", "and", "linked", "Iran", "U.S.",
	    "group", "called", "Cuba", "ransomware", "gang", "its", "after",
	    "attack", "claimed", "responsibility", "believed", "be",
	    "Kremlin", "GRU", "officials", "a", "used", "country", "'", "-",
	    "based", "pro", "Lazarus", "Anonymous", "including", "such",
	    "as", "media", "reported", "that", "indicted", "members", "Unit",
	    "61398", "front", "for", "working", "behalf", "on", "look",
	    "like", "D.C.", "police", "team", "s", "oil", "American", "\"",
	    "(", ")", ";", "three", "were", "arrested", "living", "had",
	    "their", "knocked", "which", "though", "according" };
	char buf[2048];
	unsigned seed = 4242;
	int round;

	(void)state;
	for (round = 0; round < 3000; round++) {
		struct nw_error err;
		size_t n = 0, k, nw;

		seed = seed * 1103515245u + 12345u;
		nw = 1 + (seed >> 16) % 80;
		for (k = 0; k < nw; k++) {
			const char *s;
			size_t l;

			seed = seed * 1103515245u + 12345u;
			s = w[(seed >> 16) % (sizeof(w) / sizeof(w[0]))];
			l = strlen(s);
			if (n + l + 2 >= sizeof(buf))
				break;
			memcpy(buf + n, s, l);
			n += l;
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 4 != 0)
				buf[n++] = ' ';
		}
		nw_error_clear(&err);
		(void)nw_extract(xt, buf, n, &ex, &err);
		assert_true(ex.nattr <= NW_MAX_ATTRIB);
		assert_true(ex.nvictims <= NW_MAX_VICTIMS);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demonym),
		cmocka_unit_test(test_capitals),
		cmocka_unit_test(test_agencies),
		cmocka_unit_test(test_hedges),
		cmocka_unit_test(test_pro_group),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_vendor_nationality),
		cmocka_unit_test(test_based_in),
		cmocka_unit_test(test_disputed_accusation),
		cmocka_unit_test(test_accused),
		cmocka_unit_test(test_parties),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_active_perfect),
		cmocka_unit_test(test_from),
		cmocka_unit_test(test_work_of),
		cmocka_unit_test(test_estimates),
		cmocka_unit_test(test_more_kinds),
		cmocka_unit_test(test_fronts),
		cmocka_unit_test(test_clauses),
		cmocka_unit_test(test_trailing),
		cmocka_unit_test(test_disguises),
		cmocka_unit_test(test_actors),
		cmocka_unit_test(test_sponsorship),
		cmocka_unit_test(test_victims),
		cmocka_unit_test(test_sectors),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_split_words),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_random_words),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
