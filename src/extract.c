/*
 * extract.c - what one incident report says (CODEBOOK.md sections 2-3).
 *
 * Two pcre2 patterns, compiled once with JIT and run with match and depth
 * limits: every name, adjective, metonym and agency of every state in
 * states.tsv (one alternation shaped as a trie, case-sensitive), and every
 * actor name and alias in actors.tsv.  Matches are looked up in hash
 * tables (matched text -> state or actor).  Actor names of known shapes
 * ("APT28", "Fancy Bear", "a group called \"X\"", "the Conti ransomware
 * gang") are read from the words.
 *
 * The rest is a small reading of the sentence around each state mention.
 * The text is cut into words; each word is looked up in a table of cue
 * words (attacker nouns, government nouns, reporting verbs, hedges, ...).
 * For every mention the noun phrase it opens is scanned for its head
 * ("Iranian hackers" -> hackers, "Mexican Defense Ministry" -> ministry),
 * and its role follows from the head and the words around it:
 *   attacker  "Iranian hackers", "accused China", "linked to Russia's ...",
 *             "originating in Iran", "the Kremlin-backed group"
 *   victim    "Albanian computer systems", "targeted Montenegro's ...",
 *             "universities in Australia, Canada and the UK"
 *   party     "Belgium's Foreign Ministry accused ...": who speaks
 *   neither   "Russian-speaking", "Israeli vendor NSO Group", "Chinese
 *             Embassy in Belgium", "the U.S. Ambassador to Mexico"
 *   victim    also: the subject that acts "after" an attack ("X shut down
 *             its systems after a ransomware attack"), items of a list
 *             of victims ("including U.S. agencies, British Airways"), a
 *             speaker telling of its own breach ("X said its network had
 *             been breached"), the user of what was attacked ("a database
 *             used by X"), the receiver of a lure ("sent phishing emails
 *             to X")
 *   attacker  also: the accused of a passive indictment ("two Iranian men
 *             were indicted"), "the work of X", "a front for X", "run
 *             from X", "traced to individuals in X", "believed to be
 *             behind"
 * The hedge comes from hedging words in the sentence before the claim (and
 * a few right after it, but not across ", though ..."), from media that
 * "report" a claim (the codebook's "media reports say"), unnamed sources
 * and blame by no one named; the party from the subject of the nearest
 * reporting verb, else the voice of the sentence before.  Every loop is
 * bounded by the word count or a named window; every array is capped.
 *
 * Build with -DNW_EXTRACT_DEBUG to print each mention's role and the
 * words to stderr.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef NW_EXTRACT_DEBUG
#include <stdio.h>
#endif

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "normwatch/extract.h"
#include "normwatch/limits.h"
#include "normwatch/util.h"

#define MAX_MENTIONS	1024	/* state mentions read in one text */
#define MAX_AMENTIONS	256	/* actor mentions read in one text */
#define MAX_PATTERN	(4u << 20) /* bytes of a generated pattern */
#define JIT_STACK_MIN	(32u << 10)
#define JIT_STACK_MAX	(512u << 10)
#define NP_MAX		10	/* words scanned for a noun phrase's head */
#define WIN_BACK	6	/* words scanned back for a victim cue */
#define SUBJ_MAX	14	/* words of a reporting verb's subject */
#define WORD_MAX	40	/* bytes of a word looked up in the cue table */

/* --- cue words ----------------------------------------------------------- */

/* Word classes (bits). */
#define C_ATK		(1u << 0)	/* attacker noun: hackers, group */
#define C_NONSTATE	(1u << 1)	/* non-state attacker: criminals */
#define C_GOVT		(1u << 2)	/* government noun: ministry */
#define C_ORG		(1u << 3)	/* victim noun: companies, networks */
#define C_VENDOR	(1u << 4)	/* vendor noun: vendor, researchers */
#define C_SECMOD	(1u << 5)	/* makes a firm a vendor: security */
#define C_PRODUCT	(1u << 6)	/* a product: spyware, tools */
#define C_MEDIA		(1u << 7)	/* media, news, press */
#define C_REPORT	(1u << 8)	/* reporting or attributing verb */
#define C_AGENT		(1u << 9)	/* verb with an attacker as subject */
#define C_TARGET	(1u << 10)	/* victim cue before a state */
#define C_LOCPREP	(1u << 11)	/* in, across, throughout */
#define C_LOCEXCL	(1u << 12)	/* "in X" is not a victim after these */
#define C_ATKFROM	(1u << 13)	/* originating, emanating */
#define C_HEDGE		(1u << 14)	/* suspected, alleged, likely */
#define C_LINK		(1u << 15)	/* linked, tied, connected */
#define C_BE		(1u << 16)	/* was, were, is, had */
#define C_VPASS		(1u << 17)	/* targeted: a victim after "was" */
#define C_GOVACT	(1u << 18)	/* sanctions, indictment, advisory */
#define C_VNAME		(1u << 19)	/* a security vendor's name */
#define C_GNAME		(1u << 20)	/* a government body's name: FBI */
#define C_MNAME		(1u << 21)	/* a news outlet's name */
#define C_MOD		(1u << 22)	/* modifier inside a noun phrase */
#define C_CLAUSE	(1u << 23)	/* that, which, who */
#define C_DET		(1u << 24)	/* the, a, several */
#define C_ADV		(1u << 25)	/* later, also, publicly */
#define C_QUANT		(1u << 26)	/* millions, thousands */
#define C_SFXSUSP	(1u << 27)	/* -linked, -nexus: suspected */
#define C_SFXASRT	(1u << 28)	/* -backed, -sponsored: asserted */
#define C_SFXBASE	(1u << 29)	/* -based */
#define C_SFXNONE	(1u << 30)	/* -speaking, -made: no attribution */
#define C_PREP		(1u << 31)	/* a preposition: ends a noun phrase */

#define C_HEADS	(C_ATK | C_NONSTATE | C_GOVT | C_ORG | C_VENDOR | C_PRODUCT | \
		    C_MEDIA)

/* Words the rules name one by one. */
enum wid {
	W_NONE = 0, W_THE, W_A, W_AND, W_OR, W_OF, W_IN, W_ON, W_AT, W_BY,
	W_FROM, W_TO, W_WITH, W_FOR, W_THAT, W_PRO, W_ANTI, W_NON, W_COUNTER,
	W_BEHIND, W_RESPONSIBLE, W_AMONG, W_ACCUSED, W_BLAMED, W_ATTRIBUTED,
	W_LINKED, W_TRACED, W_SUSPECT, W_CLAIMED, W_TOOK, W_RESPONSIBILITY,
	W_CREDIT, W_ACCORDING, W_BASED, W_HEADQUARTERS, W_OPERATING,
	W_STATE, W_GOVERNMENT, W_NATION, W_MILITARY, W_INTELLIGENCE,
	W_SAY, W_REPORTS, W_SOURCES, W_BEHALF, W_WORKING, W_ALLEGEDLY,
	W_BELIEVED, W_REPORTED, W_LIKELY, W_ALLEGED, W_SUSPECTED, W_SAID,
	W_DENIED, W_CAMPAIGN, W_ELECTION, W_BACKED, W_NEW,
	W_REGION, W_INSTEXCL, W_GEOEXCL, W_RANSOMWARE, W_CRIMINAL,
	W_CRIMINALS, W_GROUPNOUN, W_OFFICERS, W_SERVICE, W_HACKERS,
	W_CYBER, W_COMPANY, W_HEALTH, W_NEWS, W_SOCIAL, W_USERS, W_THINK,
	W_TANK, W_HUMAN, W_RIGHTS, W_POLITICAL, W_DEFENSE, W_IT, W_SOFTWARE,
	W_TECH, W_WATER, W_POWER, W_AIR, W_FORCE, W_ARMED, W_CRITICAL,
	W_INFRASTRUCTURE,
	W_VICTIM, W_SUFFERED, W_ADVERSARIES, W_CIVIL, W_SOCIETY,
	W_CREDITCARD, W_DEVICES, W_CASINO, W_SPORTS,
	W_GAS, W_OIL, W_IS_BE, W_HAS, W_ANDROID, W_FIGHTER, W_UNIT, W_NUCLEAR,
	W_ANIMAL, W_TEAM, W_ARMY, W_ELECTRONIC, W_LEGAL, W_AS,
	W_BREACHN, W_NUM, W_DATA, W_FOREIGN, W_COUNTRY,
	W_CITY, W_OUTAGE, W_SECTORN, W_PROVIDER, W_AGENCYN,
	W_CHEMICAL, W_CONTRACTOR, W_CALLED, W_KNOWN, W_CALLING, W_GOING,
	W_ITSELF, W_PEOPLE, W_SPEECH, W_ENFORCE, W_ROLEP, W_DNS, W_PAIRSEC
};

/* Sector bits of a word (1u << enum nw_sector). */
#define S(x)	(1u << NW_SECTOR_##x)

struct cue {
	const char	*w;
	uint32_t	 cls;
	uint32_t	 sec;
	uint8_t		 id;
};

/*
 * The cue table.  Sector bits on a word are read by sector_scan(), which
 * also applies the context rules ("health" needs a following noun, ...).
 */
static const struct cue cues[] = {
	/* attacker nouns */
	{ "hacker", C_ATK, 0, W_HACKERS },
	{ "hackers", C_ATK, 0, W_HACKERS },
	{ "hacking", C_ATK | C_MOD | C_TARGET | C_AGENT, 0, 0 },
	{ "group", C_ATK, 0, W_GROUPNOUN },
	{ "groups", C_ATK, 0, W_GROUPNOUN },
	{ "actor", C_ATK, 0, 0 },
	{ "actors", C_ATK, 0, 0 },
	{ "apt", C_ATK | C_MOD, 0, 0 },
	{ "gang", C_ATK | C_NONSTATE, 0, W_GROUPNOUN },
	{ "gangs", C_ATK | C_NONSTATE, 0, W_GROUPNOUN },
	{ "crew", C_ATK, 0, W_GROUPNOUN },
	{ "syndicate", C_ATK | C_NONSTATE, 0, W_GROUPNOUN },
	{ "syndicates", C_ATK | C_NONSTATE, 0, W_GROUPNOUN },
	{ "collective", C_ATK, 0, W_GROUPNOUN },
	{ "criminals", C_ATK | C_NONSTATE, 0, W_CRIMINALS },
	{ "criminal", C_ATK | C_NONSTATE | C_MOD, 0, W_CRIMINAL },
	{ "cybercriminals", C_ATK | C_NONSTATE, 0, 0 },
	{ "cybercriminal", C_ATK | C_NONSTATE | C_MOD, 0, 0 },
	{ "insurgents", C_ATK | C_NONSTATE, 0, 0 },
	{ "insurgent", C_ATK | C_NONSTATE | C_MOD, 0, 0 },
	{ "hacktivists", C_ATK | C_NONSTATE, 0, 0 },
	{ "hacktivist", C_ATK | C_NONSTATE | C_MOD, 0, 0 },
	{ "militants", C_ATK | C_NONSTATE, 0, 0 },
	{ "terrorists", C_ATK | C_NONSTATE, 0, 0 },
	{ "fraudsters", C_ATK | C_NONSTATE, 0, 0 },
	{ "teenager", C_ATK | C_NONSTATE, 0, 0 },
	{ "teenagers", C_ATK | C_NONSTATE, 0, 0 },
	{ "scammers", C_ATK | C_NONSTATE, 0, 0 },
	{ "extortionists", C_ATK | C_NONSTATE, 0, 0 },
	{ "spies", C_ATK, 0, 0 },
	{ "spy", C_ATK | C_MOD, 0, 0 },
	{ "operatives", C_ATK, 0, 0 },
	{ "agents", C_ATK, 0, 0 },
	{ "campaign", C_ATK, 0, W_CAMPAIGN },
	{ "campaigns", C_ATK, 0, W_CAMPAIGN },
	{ "operation", C_ATK, 0, 0 },
	{ "operations", C_ATK, 0, 0 },
	{ "cyberattack", C_ATK | C_TARGET, 0, 0 },
	{ "cyberattacks", C_ATK | C_TARGET, 0, 0 },
	{ "attack", C_ATK | C_TARGET, 0, 0 },
	{ "attacks", C_ATK | C_TARGET | C_AGENT, 0, 0 },
	{ "attackers", C_ATK, 0, W_ADVERSARIES },
	{ "attacker", C_ATK, 0, W_ADVERSARIES },
	{ "adversary", C_ATK, 0, W_ADVERSARIES },
	{ "adversaries", C_ATK, 0, W_ADVERSARIES },
	{ "perpetrators", C_ATK, 0, W_ADVERSARIES },
	{ "culprits", C_ATK, 0, W_ADVERSARIES },
	{ "intruders", C_ATK, 0, 0 },
	{ "intrusion", C_ATK | C_TARGET, 0, 0 },
	{ "intrusions", C_ATK | C_TARGET, 0, 0 },
	{ "malware", C_ATK | C_MOD, 0, 0 },
	{ "wiper", C_ATK | C_MOD, 0, 0 },
	{ "ransomware", C_ATK | C_MOD, 0, W_RANSOMWARE },
	{ "virus", C_ATK, 0, 0 },
	{ "worm", C_ATK, 0, 0 },
	{ "botnet", C_ATK, 0, 0 },
	{ "trolls", C_ATK, 0, 0 },
	{ "cyberespionage", C_ATK | C_MOD | C_TARGET, 0, 0 },
	{ "espionage", C_ATK | C_MOD | C_TARGET, 0, 0 },
	{ "hack", C_ATK | C_TARGET | C_AGENT, 0, 0 },
	{ "hacks", C_ATK | C_TARGET | C_AGENT, 0, 0 },
	{ "interference", C_ATK, 0, 0 },
	{ "meddling", C_ATK, 0, 0 },
	{ "cyberoperations", C_ATK, 0, 0 },
	{ "cyberoperation", C_ATK, 0, 0 },
	{ "army", C_GOVT | C_MOD, S(MILITARY), W_ARMY },
	{ "team", C_GOVT, 0, W_TEAM },	/* "the emergency response team" */
	{ "electronic", C_MOD, 0, W_ELECTRONIC },
	/* last words of vendors' actor names ("Fancy Bear") */
	{ "bear", 0, 0, W_ANIMAL },
	{ "blizzard", 0, 0, W_ANIMAL },
	{ "chollima", 0, 0, W_ANIMAL },
	{ "cyclone", 0, 0, W_ANIMAL },
	{ "jackal", 0, 0, W_ANIMAL },
	{ "kitten", 0, 0, W_ANIMAL },
	{ "leopard", 0, 0, W_ANIMAL },
	{ "libra", 0, 0, W_ANIMAL },
	{ "panda", 0, 0, W_ANIMAL },
	{ "sandstorm", 0, 0, W_ANIMAL },
	{ "scorpius", 0, 0, W_ANIMAL },
	{ "serpens", 0, 0, W_ANIMAL },
	{ "sleet", 0, 0, W_ANIMAL },
	{ "spider", 0, 0, W_ANIMAL },
	{ "taurus", 0, 0, W_ANIMAL },
	{ "tempest", 0, 0, W_ANIMAL },
	{ "typhoon", 0, 0, W_ANIMAL },
	{ "ursa", 0, 0, W_ANIMAL },
	{ "cyberwarfare", C_MOD, 0, 0 },
	{ "threat", C_MOD | C_SECMOD, 0, 0 },
	/* government nouns */
	{ "government", C_GOVT | C_MOD, S(GOVERNMENT), W_GOVERNMENT },
	{ "governments", C_GOVT, S(GOVERNMENT), W_GOVERNMENT },
	{ "ministry", C_GOVT, S(GOVERNMENT), 0 },
	{ "ministries", C_GOVT, S(GOVERNMENT), 0 },
	{ "minister", C_GOVT, S(GOVERNMENT), 0 },
	{ "ministers", C_GOVT, S(GOVERNMENT), 0 },
	{ "officials", C_GOVT, S(GOVERNMENT), 0 },
	{ "official", C_GOVT | C_MOD, S(GOVERNMENT), 0 },
	{ "authorities", C_GOVT, S(GOVERNMENT), W_PAIRSEC },
	{ "authority", C_GOVT, S(GOVERNMENT), W_PAIRSEC },
	{ "agency", C_GOVT, S(GOVERNMENT), W_AGENCYN },
	{ "agencies", C_GOVT, S(GOVERNMENT), W_AGENCYN },
	{ "department", C_GOVT, S(GOVERNMENT), 0 },
	{ "departments", C_GOVT, S(GOVERNMENT), 0 },
	{ "military", C_GOVT | C_MOD, S(MILITARY), W_MILITARY },
	{ "militaries", C_GOVT, S(MILITARY), W_MILITARY },
	{ "navy", C_GOVT, S(MILITARY), 0 },
	{ "naval", C_MOD, S(MILITARY), 0 },
	{ "forces", C_GOVT, 0, W_FORCE },
	{ "force", C_GOVT, 0, W_FORCE },
	{ "troops", C_GOVT, S(MILITARY), 0 },
	{ "guard", C_GOVT, 0, 0 },
	{ "guards", C_GOVT, 0, 0 },
	{ "corps", C_GOVT, 0, 0 },
	{ "soldiers", C_GOVT, S(MILITARY), 0 },
	{ "police", C_GOVT | C_MOD, S(GOVERNMENT), 0 },
	{ "embassy", C_GOVT | C_LOCEXCL, S(GOVERNMENT), 0 },
	{ "embassies", C_GOVT | C_LOCEXCL, S(GOVERNMENT), 0 },
	{ "consulate", C_GOVT | C_LOCEXCL, S(GOVERNMENT), 0 },
	{ "ambassador", C_GOVT | C_LOCEXCL, 0, 0 },
	{ "diplomats", C_GOVT, S(GOVERNMENT), 0 },
	{ "intelligence", C_GOVT | C_MOD | C_SECMOD, 0, W_INTELLIGENCE },
	{ "services", C_GOVT, 0, W_SERVICE },
	{ "service", C_GOVT, 0, W_SERVICE },
	{ "president", C_GOVT, 0, 0 },
	{ "presidency", C_GOVT, S(GOVERNMENT), 0 },
	{ "administration", C_GOVT, 0, 0 },
	{ "parliament", C_GOVT, S(GOVERNMENT), 0 },
	{ "parliamentary", C_MOD, S(GOVERNMENT), 0 },
	{ "regime", C_GOVT, 0, 0 },
	{ "state", C_GOVT | C_MOD, 0, W_STATE },
	{ "spokesperson", C_GOVT, 0, 0 },
	{ "director", C_GOVT, 0, 0 },
	{ "secretary", C_GOVT, 0, 0 },
	{ "commissioner", C_GOVT, 0, 0 },
	{ "prosecutor", C_GOVT, 0, 0 },
	{ "adviser", C_GOVT, 0, 0 },
	{ "advisers", C_GOVT, 0, 0 },
	{ "advisor", C_GOVT, 0, 0 },
	{ "advisors", C_GOVT, 0, 0 },
	{ "spokesman", C_GOVT, 0, 0 },
	{ "spokeswoman", C_GOVT, 0, 0 },
	{ "prosecutors", C_GOVT, 0, 0 },
	{ "investigators", C_GOVT, 0, 0 },
	/* law enforcement acts, no attack: "an operation led by X" */
	{ "enforcement", 0, 0, W_ENFORCE },
	{ "takedown", 0, 0, W_ENFORCE },
	{ "crackdown", 0, 0, W_ENFORCE },
	{ "raid", 0, 0, W_ENFORCE },
	{ "raids", 0, 0, W_ENFORCE },
	{ "sting", 0, 0, W_ENFORCE },
	{ "detectives", C_GOVT, 0, 0 },
	{ "court", C_GOVT | C_LOCEXCL, S(GOVERNMENT), 0 },
	{ "courts", C_GOVT, S(GOVERNMENT), 0 },
	{ "establishment", C_GOVT, 0, 0 },
	{ "command", C_GOVT, 0, 0 },
	{ "directorate", C_GOVT, 0, 0 },
	{ "bureau", C_GOVT, 0, 0 },
	{ "commission", C_GOVT, S(GOVERNMENT), W_PAIRSEC },
	{ "cabinet", C_GOVT, S(GOVERNMENT), 0 },
	{ "leadership", C_GOVT, 0, 0 },
	{ "countries", C_GOVT, 0, 0 },
	{ "nations", C_GOVT, 0, W_NATION },
	{ "nation", C_MOD, 0, W_NATION },
	{ "allies", C_GOVT, 0, 0 },
	{ "customs", C_MOD, S(GOVERNMENT), 0 },
	{ "municipal", C_MOD, S(GOVERNMENT), 0 },
	{ "municipality", C_ORG, S(GOVERNMENT), 0 },
	{ "municipalities", C_ORG, S(GOVERNMENT), 0 },
	{ "council", C_GOVT, S(GOVERNMENT), 0 },
	{ "congress", C_GOVT, S(GOVERNMENT), 0 },
	{ "federal", C_MOD, S(GOVERNMENT), 0 },
	{ "judiciary", C_GOVT, S(GOVERNMENT), 0 },
	/* victim nouns */
	{ "companies", C_ORG, 0, W_COMPANY },
	{ "company", C_ORG, 0, W_COMPANY },
	{ "firms", C_ORG, 0, W_COMPANY },
	{ "firm", C_ORG, 0, W_COMPANY },
	{ "businesses", C_ORG, 0, W_COMPANY },
	{ "business", C_ORG | C_MOD, 0, 0 },
	{ "corporations", C_ORG, 0, W_COMPANY },
	{ "corporation", C_ORG, 0, W_COMPANY },
	{ "conglomerate", C_ORG, 0, 0 },
	{ "producer", C_ORG, 0, 0 },
	{ "producers", C_ORG, 0, 0 },
	{ "maker", C_ORG, S(MANUFACTURING), W_PAIRSEC },
	{ "makers", C_ORG, S(MANUFACTURING), W_PAIRSEC },
	{ "supplier", C_ORG, 0, 0 },
	{ "suppliers", C_ORG, 0, 0 },
	{ "chain", C_ORG, 0, 0 },
	{ "brand", C_ORG, 0, 0 },
	{ "giant", C_ORG, 0, 0 },
	{ "banks", C_ORG, S(FINANCE), 0 },
	{ "bank", C_ORG | C_MOD, S(FINANCE), 0 },
	{ "organizations", C_ORG, 0, 0 },
	{ "organisations", C_ORG, 0, 0 },
	{ "organization", C_ORG, 0, 0 },
	{ "organisation", C_ORG, 0, 0 },
	{ "institutions", C_ORG, 0, 0 },
	{ "institution", C_ORG, 0, 0 },
	{ "institutes", C_ORG, 0, 0 },
	{ "institute", C_ORG, 0, 0 },
	{ "universities", C_ORG, S(EDUCATION), 0 },
	{ "university", C_ORG | C_MOD, S(EDUCATION), 0 },
	{ "colleges", C_ORG, S(EDUCATION), 0 },
	{ "college", C_ORG, S(EDUCATION), 0 },
	{ "schools", C_ORG, S(EDUCATION), 0 },
	{ "school", C_ORG, S(EDUCATION), 0 },
	{ "students", C_ORG, S(EDUCATION), 0 },
	{ "academics", C_ORG, S(EDUCATION), 0 },
	{ "academic", C_MOD, S(EDUCATION), 0 },
	{ "hospitals", C_ORG, S(HEALTHCARE), 0 },
	{ "hospital", C_ORG | C_MOD, S(HEALTHCARE), 0 },
	{ "clinics", C_ORG, S(HEALTHCARE), 0 },
	{ "patients", C_ORG, S(HEALTHCARE), 0 },
	{ "tanks", C_ORG, 0, W_TANK },
	{ "tank", C_ORG, 0, W_TANK },
	{ "think", C_MOD, 0, W_THINK },
	{ "ngos", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "ngo", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "network", C_ORG, 0, W_PAIRSEC },
	{ "networks", C_ORG, 0, W_PAIRSEC },
	{ "systems", C_ORG, 0, 0 },
	{ "system", C_ORG, 0, 0 },
	{ "computers", C_ORG, 0, 0 },
	{ "computer", C_MOD, 0, 0 },
	{ "servers", C_ORG | C_LOCEXCL, 0, 0 },
	{ "targets", C_ORG | C_AGENT, 0, 0 },
	{ "victims", C_ORG | C_VPASS | C_TARGET, 0, W_VICTIM },
	{ "victim", C_ORG | C_VPASS | C_TARGET, 0, W_VICTIM },
	{ "citizens", C_ORG, 0, W_PEOPLE },
	{ "nationals", C_ORG, 0, W_PEOPLE },
	{ "national", C_MOD, 0, W_PEOPLE },
	{ "people", C_ORG, 0, W_PEOPLE },
	{ "man", C_ORG, 0, W_PEOPLE },
	{ "men", C_ORG, 0, W_PEOPLE },
	{ "woman", C_ORG, 0, W_PEOPLE },
	{ "users", C_ORG, 0, W_USERS },
	{ "individuals", C_ORG, 0, W_PEOPLE },
	{ "activists", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "activist", C_ORG | C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "dissidents", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "exiles", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "diaspora", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "journalists", C_ORG, S(MEDIA), 0 },
	{ "journalist", C_ORG, S(MEDIA), 0 },
	{ "reporters", C_ORG, S(MEDIA), 0 },
	{ "lawmakers", C_ORG, S(GOVERNMENT), 0 },
	{ "legislators", C_ORG, S(GOVERNMENT), 0 },
	{ "senators", C_ORG, S(GOVERNMENT), 0 },
	{ "politicians", C_ORG, S(GOVERNMENT), 0 },
	{ "members", C_ORG, 0, 0 },
	{ "employees", C_ORG, 0, 0 },
	{ "staff", C_ORG, 0, 0 },
	{ "personnel", C_ORG, 0, 0 },
	{ "customers", C_ORG, 0, 0 },
	{ "consumers", C_ORG, 0, 0 },
	{ "websites", C_ORG, 0, 0 },
	{ "website", C_ORG, 0, 0 },
	{ "sites", C_ORG, 0, 0 },
	{ "accounts", C_ORG, 0, 0 },
	{ "devices", C_ORG, 0, W_DEVICES },
	{ "phones", C_ORG, 0, 0 },
	{ "pipelines", C_ORG, S(ENERGY), 0 },
	{ "pipeline", C_ORG | C_MOD, S(ENERGY), 0 },
	{ "utilities", C_ORG, S(ENERGY), 0 },
	{ "utility", C_ORG | C_MOD, S(ENERGY), 0 },
	{ "grid", C_ORG, S(ENERGY), 0 },
	{ "plants", C_ORG, 0, 0 },
	{ "plant", C_ORG, 0, 0 },
	{ "facilities", C_ORG, 0, 0 },
	{ "facility", C_ORG, 0, 0 },
	{ "ports", C_ORG, S(TRANSPORT), 0 },
	{ "airports", C_ORG, S(TRANSPORT), 0 },
	{ "airport", C_ORG | C_MOD, S(TRANSPORT), 0 },
	{ "airlines", C_ORG, S(TRANSPORT), 0 },
	{ "airways", C_ORG, S(TRANSPORT), 0 },
	{ "airline", C_ORG | C_MOD, S(TRANSPORT), 0 },
	{ "entities", C_ORG, 0, 0 },
	{ "sector", C_ORG, 0, W_SECTORN },
	{ "sectors", C_ORG, 0, W_SECTORN },
	{ "industry", C_ORG, 0, W_SECTORN },
	{ "industries", C_ORG, 0, W_SECTORN },
	{ "infrastructure", C_ORG, 0, W_INFRASTRUCTURE },
	{ "states", C_ORG, 0, 0 },
	{ "voters", C_ORG, S(ELECTIONS), 0 },
	{ "election", C_ORG | C_MOD, S(ELECTIONS), W_ELECTION },
	{ "elections", C_ORG, S(ELECTIONS), W_ELECTION },
	{ "exchange", C_ORG, 0, 0 },
	{ "registrar", C_ORG, S(TECHNOLOGY), 0 },
	{ "registrars", C_ORG, S(TECHNOLOGY), 0 },
	{ "consultancy", C_ORG, 0, 0 },
	{ "consultancies", C_ORG, 0, 0 },
	{ "insurer", C_ORG, S(FINANCE), W_PAIRSEC },
	{ "insurers", C_ORG, S(FINANCE), W_PAIRSEC },
	{ "lender", C_ORG, S(FINANCE), 0 },
	{ "lenders", C_ORG, S(FINANCE), 0 },
	{ "exchanges", C_ORG, 0, 0 },
	{ "retailers", C_ORG, S(RETAIL), 0 },
	{ "retailer", C_ORG, S(RETAIL), 0 },
	{ "manufacturers", C_ORG, S(MANUFACTURING), 0 },
	{ "manufacturer", C_ORG, S(MANUFACTURING), 0 },
	{ "automakers", C_ORG, S(MANUFACTURING), 0 },
	{ "automaker", C_ORG, S(MANUFACTURING), 0 },
	{ "carmakers", C_ORG, S(MANUFACTURING), 0 },
	{ "operators", C_ORG, 0, W_PAIRSEC },
	{ "operator", C_ORG, 0, W_PAIRSEC },
	{ "providers", C_ORG, 0, W_PROVIDER },
	{ "provider", C_ORG, 0, W_PROVIDER },
	{ "contractors", C_ORG, 0, W_CONTRACTOR },
	{ "contractor", C_ORG, 0, W_CONTRACTOR },
	{ "registry", C_ORG, 0, 0 },
	{ "registries", C_ORG, 0, 0 },
	{ "platform", C_ORG, 0, 0 },
	{ "platforms", C_ORG, 0, 0 },
	{ "databases", C_ORG, 0, W_DATA },
	{ "database", C_ORG, 0, 0 },
	{ "communities", C_ORG, 0, 0 },
	{ "scientists", C_ORG, 0, 0 },
	{ "experts", C_ORG, 0, 0 },
	{ "figures", C_ORG, 0, 0 },
	{ "celebrities", C_ORG, 0, 0 },
	{ "leaders", C_ORG, 0, 0 },
	/* a group's people: "its Russian leader" */
	{ "leader", C_ORG, 0, W_ROLEP },
	{ "founder", C_ORG, 0, W_ROLEP },
	{ "administrator", C_ORG, 0, W_ROLEP },
	{ "mastermind", C_ORG, 0, W_ROLEP },
	{ "ringleader", C_ORG, 0, W_ROLEP },
	{ "kingpin", C_ORG, 0, W_ROLEP },
	{ "executives", C_ORG, 0, 0 },
	{ "residents", C_ORG, 0, W_PEOPLE },
	{ "families", C_ORG, 0, 0 },
	{ "stations", C_ORG, S(TRANSPORT), W_PAIRSEC },
	{ "bundestag", C_GOVT, S(GOVERNMENT), 0 },
	{ "knesset", C_GOVT, S(GOVERNMENT), 0 },
	{ "duma", C_GOVT, S(GOVERNMENT), 0 },
	{ "stock", C_MOD, S(FINANCE), 0 },
	{ "messaging", C_MOD, S(TECHNOLOGY), 0 },
	{ "genetic", C_MOD, S(HEALTHCARE), 0 },
	{ "uranium", C_MOD, S(ENERGY), 0 },
	{ "party", C_ORG, S(ELECTIONS), 0 },
	{ "parties", C_ORG, S(ELECTIONS), 0 },
	{ "trains", C_ORG, S(TRANSPORT), 0 },
	{ "railways", C_ORG, S(TRANSPORT), 0 },
	{ "railway", C_ORG | C_MOD, S(TRANSPORT), 0 },
	{ "refinery", C_ORG, S(ENERGY), 0 },
	{ "terminal", C_ORG, 0, 0 },
	{ "terminals", C_ORG, 0, 0 },
	{ "refineries", C_ORG, S(ENERGY), 0 },
	{ "uavs", C_ORG, S(MILITARY), 0 },
	{ "drones", C_ORG, S(MILITARY), 0 },
	{ "interests", C_ORG, 0, 0 },
	{ "assets", C_ORG, 0, 0 },
	{ "clubs", C_ORG, 0, W_SPORTS },
	{ "casino", C_ORG, S(OTHER), W_CASINO },
	{ "casinos", C_ORG, S(OTHER), W_CASINO },
	{ "hotels", C_ORG, S(OTHER), 0 },
	{ "hotel", C_ORG, S(OTHER), 0 },
	/* vendors, products, media */
	{ "vendor", C_VENDOR, 0, 0 },
	{ "vendors", C_VENDOR, 0, 0 },
	{ "researchers", C_VENDOR, 0, 0 },
	{ "researcher", C_VENDOR, 0, 0 },
	{ "lab", C_VENDOR, 0, 0 },
	{ "labs", C_VENDOR, 0, 0 },
	{ "antivirus", C_SECMOD | C_MOD, 0, 0 },
	{ "security", C_SECMOD | C_MOD, 0, 0 },
	{ "cybersecurity", C_SECMOD | C_MOD, 0, 0 },
	{ "forensics", C_SECMOD | C_MOD, 0, 0 },
	{ "surveillance", C_SECMOD | C_MOD | C_TARGET, 0, 0 },
	{ "spyware", C_PRODUCT | C_SECMOD, 0, 0 },
	{ "tool", C_PRODUCT, 0, 0 },
	{ "tools", C_PRODUCT, 0, 0 },
	{ "exploit", C_PRODUCT, 0, 0 },
	{ "exploits", C_PRODUCT, 0, 0 },
	{ "product", C_PRODUCT, 0, 0 },
	{ "products", C_PRODUCT, 0, 0 },
	{ "technology", C_PRODUCT | C_MOD, 0, W_TECH },
	{ "equipment", C_PRODUCT, 0, 0 },
	{ "hardware", C_PRODUCT, 0, 0 },
	{ "software", C_PRODUCT | C_MOD, 0, W_SOFTWARE },
	{ "media", C_MEDIA | C_MOD, S(MEDIA), 0 },
	{ "news", C_MEDIA | C_MOD, 0, W_NEWS },
	{ "press", C_MEDIA | C_MOD, 0, 0 },
	{ "newspaper", C_MEDIA, S(MEDIA), 0 },
	{ "newspapers", C_MEDIA, S(MEDIA), 0 },
	{ "outlet", C_MEDIA, S(MEDIA), 0 },
	{ "outlets", C_MEDIA, S(MEDIA), 0 },
	{ "broadcaster", C_MEDIA, S(MEDIA), 0 },
	{ "broadcasters", C_MEDIA, S(MEDIA), 0 },
	{ "television", C_MEDIA | C_MOD, S(MEDIA), 0 },
	{ "tv", C_MEDIA | C_MOD, S(MEDIA), 0 },
	{ "radio", C_MEDIA | C_MOD, S(MEDIA), 0 },
	/* reporting and attributing verbs */
	{ "said", C_REPORT, 0, W_SAID },
	{ "says", C_REPORT, 0, W_SAY },
	{ "say", C_REPORT, 0, W_SAY },
	{ "stated", C_REPORT, 0, 0 },
	{ "stating", C_REPORT, 0, 0 },
	{ "announced", C_REPORT, 0, 0 },
	{ "announces", C_REPORT, 0, 0 },
	{ "confirmed", C_REPORT, 0, 0 },
	{ "confirms", C_REPORT, 0, 0 },
	{ "revealed", C_REPORT, 0, 0 },
	{ "reveals", C_REPORT, 0, 0 },
	{ "reveal", C_REPORT, 0, 0 },
	{ "revealing", C_REPORT, 0, 0 },
	{ "showing", C_REPORT, 0, 0 },
	{ "reported", C_REPORT, 0, W_REPORTED },
	{ "reports", C_REPORT, 0, W_REPORTS },
	{ "report", C_REPORT, 0, W_REPORTS },
	{ "disclosed", C_REPORT, 0, 0 },
	{ "accused", C_REPORT, 0, W_ACCUSED },
	{ "accuses", C_REPORT, 0, W_ACCUSED },
	{ "accuse", C_REPORT, 0, W_ACCUSED },
	{ "accusing", C_REPORT, 0, W_ACCUSED },
	{ "attributed", C_REPORT, 0, W_ATTRIBUTED },
	{ "attributes", C_REPORT, 0, W_ATTRIBUTED },
	{ "attribute", C_REPORT, 0, W_ATTRIBUTED },
	{ "attributing", C_REPORT, 0, W_ATTRIBUTED },
	{ "pinned", C_REPORT, 0, W_ATTRIBUTED },
	{ "blamed", C_REPORT, 0, W_BLAMED },
	{ "blames", C_REPORT, 0, W_BLAMED },
	{ "blame", C_REPORT, 0, W_BLAMED },
	{ "blaming", C_REPORT, 0, W_BLAMED },
	{ "linked", C_REPORT | C_LINK | C_SFXSUSP, 0, W_LINKED },
	{ "links", C_REPORT | C_LINK, 0, W_LINKED },
	{ "linking", C_REPORT | C_LINK, 0, W_LINKED },
	{ "tied", C_REPORT | C_LINK | C_SFXSUSP, 0, W_LINKED },
	{ "pointing", C_LINK, 0, W_LINKED },
	{ "pointed", C_REPORT | C_LINK, 0, W_LINKED },
	{ "points", C_LINK, 0, W_LINKED },
	{ "ties", C_LINK, 0, W_LINKED },
	{ "tie", C_REPORT | C_LINK, 0, W_LINKED },
	{ "connected", C_LINK | C_SFXSUSP, 0, W_LINKED },
	{ "associated", C_LINK | C_SFXSUSP, 0, W_LINKED },
	{ "affiliated", C_LINK | C_SFXSUSP, 0, W_LINKED },
	{ "aligned", C_SFXSUSP, 0, 0 },
	{ "nexus", C_SFXSUSP, 0, 0 },
	{ "traced", C_REPORT | C_ATKFROM, 0, W_TRACED },
	{ "identified", C_REPORT, 0, 0 },
	{ "identifies", C_REPORT, 0, 0 },
	{ "uncovered", C_REPORT, 0, 0 },
	{ "discovered", C_REPORT, 0, 0 },
	{ "discovers", C_REPORT, 0, 0 },
	{ "found", C_REPORT, 0, 0 },
	{ "finds", C_REPORT, 0, 0 },
	{ "warned", C_REPORT, 0, 0 },
	{ "warns", C_REPORT, 0, 0 },
	{ "alleged", C_REPORT | C_HEDGE, 0, W_ALLEGED },
	{ "alleges", C_REPORT | C_HEDGE, 0, W_ALLEGED },
	{ "claimed", C_REPORT, 0, W_CLAIMED },
	{ "claims", C_REPORT, 0, W_CLAIMED },
	{ "claim", C_REPORT, 0, W_CLAIMED },
	{ "believes", C_REPORT | C_HEDGE, 0, W_BELIEVED },
	{ "believe", C_REPORT | C_HEDGE, 0, W_BELIEVED },
	{ "believed", C_HEDGE, 0, W_BELIEVED },
	{ "assessed", C_REPORT, 0, 0 },
	{ "assesses", C_REPORT, 0, 0 },
	{ "concluded", C_REPORT, 0, 0 },
	{ "determined", C_REPORT, 0, 0 },
	{ "indicted", C_REPORT | C_LOCEXCL, 0, W_LEGAL },
	{ "charged", C_REPORT | C_LOCEXCL, 0, W_LEGAL },
	{ "sanctioned", C_REPORT, 0, W_LEGAL },
	{ "sentenced", C_REPORT | C_LOCEXCL, 0, W_LEGAL },
	{ "convicted", C_REPORT | C_LOCEXCL, 0, W_LEGAL },
	{ "condemned", C_REPORT, 0, 0 },
	{ "expelled", C_REPORT, 0, W_LEGAL },
	{ "prosecuted", C_REPORT | C_LOCEXCL, 0, W_LEGAL },
	{ "sanctions", C_GOVACT, 0, 0 },
	{ "condemns", C_REPORT, 0, 0 },
	{ "named", C_REPORT, 0, W_CALLED },
	{ "called", 0, 0, W_CALLED },
	{ "dubbed", 0, 0, W_CALLED },
	{ "calls", 0, 0, W_CALLED },
	{ "tracks", 0, 0, W_CALLED },
	{ "known", 0, 0, W_KNOWN },
	{ "calling", 0, 0, W_CALLING },
	{ "going", 0, 0, W_GOING },
	{ "itself", 0, 0, W_ITSELF },
	{ "themselves", 0, 0, W_ITSELF },
	{ "exposed", C_REPORT | C_VPASS, 0, 0 },
	{ "detected", C_REPORT, 0, 0 },
	{ "observed", C_REPORT, 0, 0 },
	{ "noted", C_REPORT, 0, 0 },
	{ "published", C_REPORT, 0, 0 },
	{ "issued", C_REPORT, 0, 0 },
	{ "told", C_REPORT, 0, 0 },
	{ "wrote", C_REPORT, 0, 0 },
	{ "suggested", C_REPORT | C_HEDGE, 0, 0 },
	{ "suggests", C_REPORT | C_HEDGE, 0, 0 },
	{ "indicated", C_REPORT, 0, 0 },
	{ "asserted", C_REPORT, 0, 0 },
	{ "acknowledged", C_REPORT, 0, 0 },
	{ "admitted", C_REPORT, 0, 0 },
	{ "detailed", C_REPORT, 0, 0 },
	{ "described", C_REPORT, 0, 0 },
	{ "denied", C_REPORT, 0, W_DENIED },
	{ "denies", C_REPORT, 0, W_DENIED },
	/* verbs with an attacker as subject */
	{ "hacked", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "targeted", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "targeting", C_AGENT | C_TARGET, 0, 0 },
	{ "target", C_AGENT | C_TARGET, 0, 0 },
	{ "attacked", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "attacking", C_AGENT | C_TARGET, 0, 0 },
	{ "conducted", C_AGENT, 0, 0 },
	{ "conducts", C_AGENT, 0, 0 },
	{ "launched", C_AGENT, 0, 0 },
	{ "launches", C_AGENT, 0, 0 },
	{ "deployed", C_AGENT, 0, 0 },
	{ "deploys", C_AGENT, 0, 0 },
	{ "used", C_AGENT, 0, 0 },
	{ "uses", C_AGENT, 0, 0 },
	{ "developed", C_AGENT | C_SFXNONE, 0, 0 },
	{ "stole", C_AGENT | C_TARGET, 0, 0 },
	{ "steals", C_AGENT, 0, 0 },
	{ "stolen", C_VPASS | C_TARGET, 0, 0 },
	{ "stealing", C_AGENT | C_TARGET, 0, 0 },
	{ "spied", C_AGENT | C_TARGET, 0, 0 },
	{ "spying", C_AGENT | C_TARGET, 0, 0 },
	{ "breached", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "breaching", C_AGENT | C_TARGET, 0, 0 },
	{ "compromised", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "compromising", C_AGENT | C_TARGET, 0, 0 },
	{ "infiltrated", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "penetrated", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "disrupted", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "disrupting", C_AGENT | C_TARGET, 0, 0 },
	{ "sabotaged", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "infected", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "exploited", C_AGENT, 0, 0 },
	{ "purchased", C_AGENT, 0, 0 },
	{ "bought", C_AGENT, 0, 0 },
	{ "acquired", C_AGENT, 0, 0 },
	{ "employed", C_AGENT, 0, 0 },
	{ "hired", C_AGENT, 0, 0 },
	{ "operated", C_AGENT, 0, 0 },
	{ "operate", C_AGENT, 0, 0 },
	{ "operates", C_AGENT, 0, 0 },
	{ "monitored", C_AGENT, 0, 0 },
	{ "monitoring", C_AGENT, 0, 0 },
	{ "jammed", C_AGENT | C_TARGET, 0, 0 },
	{ "leaked", C_AGENT | C_VPASS | C_TARGET, 0, 0 },
	{ "wiped", C_AGENT | C_TARGET, 0, 0 },
	{ "destroy", C_AGENT | C_TARGET, 0, 0 },
	{ "destroyed", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "deleted", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "erased", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "defaced", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "defacing", C_AGENT | C_TARGET, 0, 0 },
	{ "hijacked", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "hijacking", C_AGENT | C_TARGET, 0, 0 },
	{ "installed", C_AGENT, 0, 0 },
	{ "accessed", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "orchestrated", C_AGENT, 0, 0 },
	{ "perpetrated", C_AGENT, 0, 0 },
	{ "interfered", C_AGENT, 0, 0 },
	{ "meddled", C_AGENT, 0, 0 },
	{ "carried", C_AGENT, 0, 0 },
	{ "stole", C_AGENT, 0, 0 },
	{ "exfiltrated", C_AGENT | C_TARGET, 0, 0 },
	{ "obtained", C_AGENT, 0, 0 },
	{ "seized", C_AGENT | C_TARGET, 0, 0 },
	{ "crippled", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "paralyzed", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "paralysed", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "froze", C_AGENT | C_TARGET, 0, 0 },
	{ "frozen", C_TARGET | C_VPASS, 0, 0 },
	{ "locked", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "struck", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "hit", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "mounted", C_AGENT, 0, 0 },
	{ "waged", C_AGENT, 0, 0 },
	{ "unleashed", C_AGENT, 0, 0 },
	{ "sent", C_AGENT | C_VPASS, 0, 0 },
	{ "spread", C_AGENT, 0, 0 },
	{ "attempted", C_AGENT, 0, 0 },
	{ "tried", C_AGENT, 0, 0 },
	{ "engaged", C_AGENT, 0, 0 },
	{ "planted", C_AGENT, 0, 0 },
	{ "gained", C_AGENT, 0, 0 },
	{ "took", C_AGENT | C_TARGET, 0, W_TOOK },
	{ "knocked", C_AGENT | C_TARGET, 0, 0 },
	{ "cut", C_TARGET | C_VPASS, 0, 0 },
	{ "severed", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "disabled", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "encrypted", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "encrypting", C_AGENT | C_TARGET, 0, 0 },
	{ "destabilise", C_AGENT | C_TARGET, 0, 0 },
	{ "destabilize", C_AGENT | C_TARGET, 0, 0 },
	{ "destabilising", C_AGENT | C_TARGET, 0, 0 },
	{ "destabilizing", C_AGENT | C_TARGET, 0, 0 },
	{ "tamper", C_AGENT | C_TARGET, 0, 0 },
	{ "tampered", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "tampering", C_AGENT | C_TARGET, 0, 0 },
	{ "manipulated", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "access", C_TARGET, 0, 0 },
	{ "disabling", C_AGENT | C_TARGET, 0, 0 },
	{ "damaged", C_AGENT | C_TARGET | C_VPASS, 0, 0 },
	{ "shut", C_TARGET, 0, 0 },
	/* victim cues */
	{ "against", C_TARGET | C_PREP, 0, 0 },
	{ "into", C_TARGET | C_PREP, 0, 0 },
	{ "breach", C_TARGET, 0, W_BREACHN },
	{ "breaches", C_TARGET, 0, W_BREACHN },
	{ "compromise", C_TARGET, 0, 0 },
	{ "disruption", C_TARGET, 0, 0 },
	{ "affected", C_TARGET | C_VPASS, 0, 0 },
	{ "affecting", C_TARGET, 0, 0 },
	{ "impacted", C_TARGET | C_VPASS, 0, 0 },
	{ "infecting", C_TARGET, 0, 0 },
	{ "theft", C_TARGET, 0, 0 },
	{ "victimized", C_TARGET | C_VPASS, 0, 0 },
	{ "ddos", C_TARGET | C_MOD, 0, 0 },
	{ "outages", C_TARGET, 0, 0 },
	{ "suffered", C_VPASS, 0, W_SUFFERED },
	{ "suffers", C_VPASS, 0, W_SUFFERED },
	{ "suffer", C_VPASS, 0, W_SUFFERED },
	/* location */
	{ "in", C_LOCPREP | C_PREP, 0, W_IN },
	{ "across", C_LOCPREP | C_PREP, 0, 0 },
	{ "throughout", C_LOCPREP | C_PREP, 0, 0 },
	{ "within", C_LOCPREP | C_PREP, 0, 0 },
	{ "inside", C_LOCPREP | C_PREP, 0, 0 },
	{ "based", C_LOCEXCL | C_SFXBASE, 0, W_BASED },
	{ "headquartered", C_LOCEXCL | C_SFXBASE, 0, W_BASED },
	{ "headquarters", C_LOCEXCL, 0, W_HEADQUARTERS },
	{ "hq", C_LOCEXCL, 0, W_HEADQUARTERS },
	{ "operating", C_LOCEXCL, 0, W_OPERATING },
	{ "located", C_LOCEXCL, 0, 0 },
	{ "hosted", C_LOCEXCL, 0, 0 },
	{ "hosting", C_LOCEXCL | C_MOD, S(TECHNOLOGY), 0 },
	{ "registered", C_LOCEXCL, 0, 0 },
	{ "arrested", C_LOCEXCL | C_REPORT, 0, 0 },
	{ "detained", C_LOCEXCL, 0, 0 },
	{ "extradited", C_LOCEXCL, 0, 0 },
	{ "living", C_LOCEXCL, 0, 0 },
	{ "residing", C_LOCEXCL, 0, 0 },
	{ "born", C_LOCEXCL | C_SFXNONE, 0, 0 },
	{ "conference", C_LOCEXCL, 0, 0 },
	{ "war", C_LOCEXCL, 0, 0 },
	{ "conflict", C_LOCEXCL, 0, 0 },
	{ "invasion", C_LOCEXCL, 0, 0 },
	{ "fighting", C_LOCEXCL, 0, 0 },
	{ "fight", C_LOCEXCL, 0, 0 },
	{ "fought", C_LOCEXCL, 0, 0 },
	{ "protests", C_LOCEXCL, 0, 0 },
	{ "protest", C_LOCEXCL, 0, 0 },
	{ "demonstrations", C_LOCEXCL, 0, 0 },
	{ "talks", C_LOCEXCL, 0, 0 },
	{ "summit", C_LOCEXCL, 0, 0 },
	{ "trial", C_LOCEXCL, 0, 0 },
	{ "stationed", C_LOCEXCL, 0, 0 },
	{ "exiled", C_LOCEXCL, 0, 0 },
	{ "offices", C_LOCEXCL, 0, 0 },
	{ "office", C_LOCEXCL, 0, 0 },
	{ "originating", C_ATKFROM, 0, 0 },
	{ "originated", C_ATKFROM, 0, 0 },
	{ "originate", C_ATKFROM, 0, 0 },
	{ "emanating", C_ATKFROM, 0, 0 },
	{ "emanated", C_ATKFROM, 0, 0 },
	{ "coming", C_ATKFROM, 0, 0 },
	{ "came", C_ATKFROM, 0, 0 },
	/* hedges */
	{ "suspected", C_HEDGE, 0, W_SUSPECTED },
	{ "suspect", C_HEDGE, 0, W_SUSPECT },
	{ "suspects", C_HEDGE, 0, W_SUSPECT },
	{ "suspicion", C_HEDGE, 0, 0 },
	{ "suspicions", C_HEDGE, 0, 0 },
	{ "allegedly", C_HEDGE | C_ADV, 0, W_ALLEGEDLY },
	{ "likely", C_HEDGE, 0, W_LIKELY },
	{ "possibly", C_HEDGE | C_ADV, 0, W_LIKELY },
	{ "probably", C_HEDGE | C_ADV, 0, W_LIKELY },
	{ "presumably", C_HEDGE | C_ADV, 0, W_LIKELY },
	{ "purportedly", C_HEDGE | C_ADV, 0, W_ALLEGEDLY },
	{ "purported", C_HEDGE, 0, 0 },
	{ "reportedly", C_HEDGE | C_ADV, 0, W_ALLEGEDLY },
	{ "supposedly", C_HEDGE | C_ADV, 0, W_ALLEGEDLY },
	{ "thought", C_HEDGE, 0, W_BELIEVED },
	{ "apparently", C_HEDGE | C_ADV, 0, 0 },
	{ "may", C_HEDGE, 0, 0 },
	{ "might", C_HEDGE, 0, 0 },
	{ "could", C_HEDGE, 0, 0 },
	{ "unconfirmed", C_HEDGE, 0, 0 },
	{ "unverified", C_HEDGE, 0, 0 },
	{ "potentially", C_HEDGE | C_ADV, 0, 0 },
	{ "seemingly", C_HEDGE | C_ADV, 0, 0 },
	{ "appears", C_HEDGE, 0, 0 },
	/* off the record: "officials privately blamed" */
	{ "privately", C_HEDGE | C_ADV, 0, 0 },
	{ "unofficially", C_HEDGE | C_ADV, 0, 0 },
	{ "anonymously", C_HEDGE | C_ADV, 0, 0 },
	{ "appeared", C_HEDGE, 0, 0 },
	/* likeness of code or tools is an inference */
	{ "resembled", C_HEDGE, 0, 0 },
	{ "resembles", C_HEDGE, 0, 0 },
	{ "resembling", C_HEDGE, 0, 0 },
	{ "similarities", C_HEDGE, 0, 0 },
	{ "hallmarks", C_HEDGE, 0, 0 },
	/* be */
	{ "was", C_BE, 0, W_IS_BE },
	{ "were", C_BE, 0, W_IS_BE },
	{ "is", C_BE, 0, W_IS_BE },
	{ "are", C_BE, 0, W_IS_BE },
	{ "be", C_BE, 0, W_IS_BE },
	{ "been", C_BE, 0, W_IS_BE },
	{ "being", C_BE, 0, W_IS_BE },
	{ "had", C_BE, 0, W_HAS },
	{ "has", C_BE, 0, W_HAS },
	{ "have", C_BE, 0, W_HAS },
	/* government acts */
	{ "sanction", C_GOVACT, 0, 0 },
	{ "condemnation", C_GOVACT, 0, 0 },
	{ "indictment", C_GOVACT, 0, 0 },
	{ "indictments", C_GOVACT, 0, 0 },
	{ "charges", C_GOVACT, 0, 0 },
	{ "advisory", C_GOVACT, 0, 0 },
	{ "advisories", C_GOVACT, 0, 0 },
	{ "accusation", C_GOVACT, 0, 0 },
	{ "accusations", C_GOVACT, 0, 0 },
	{ "attribution", C_GOVACT, 0, 0 },
	{ "statement", C_GOVACT, 0, 0 },
	/* words said: "remarks attributed to the emir" are no attack */
	{ "remarks", 0, 0, W_SPEECH },
	{ "comments", 0, 0, W_SPEECH },
	{ "quotes", 0, 0, W_SPEECH },
	{ "quotations", 0, 0, W_SPEECH },
	{ "statements", 0, 0, W_SPEECH },
	{ "speech", 0, 0, W_SPEECH },
	{ "tweets", 0, 0, W_SPEECH },
	/* security vendors (attributing parties) */
	{ "microsoft", C_VNAME, 0, 0 },
	{ "google", C_VNAME, 0, 0 },
	{ "kaspersky", C_VNAME, 0, 0 },
	{ "mandiant", C_VNAME, 0, 0 },
	{ "fireeye", C_VNAME, 0, 0 },
	{ "crowdstrike", C_VNAME, 0, 0 },
	{ "symantec", C_VNAME, 0, 0 },
	{ "eset", C_VNAME, 0, 0 },
	{ "talos", C_VNAME, 0, 0 },
	{ "cisco", C_VNAME, 0, 0 },
	{ "proofpoint", C_VNAME, 0, 0 },
	{ "sentinelone", C_VNAME, 0, 0 },
	{ "secureworks", C_VNAME, 0, 0 },
	{ "dragos", C_VNAME, 0, 0 },
	{ "mcafee", C_VNAME, 0, 0 },
	{ "lookout", C_VNAME, 0, 0 },
	{ "sophos", C_VNAME, 0, 0 },
	{ "bitdefender", C_VNAME, 0, 0 },
	{ "cybereason", C_VNAME, 0, 0 },
	{ "volexity", C_VNAME, 0, 0 },
	{ "trustwave", C_VNAME, 0, 0 },
	{ "fortinet", C_VNAME, 0, 0 },
	{ "clearsky", C_VNAME, 0, 0 },
	{ "avast", C_VNAME, 0, 0 },
	{ "malwarebytes", C_VNAME, 0, 0 },
	{ "checkpoint", C_VNAME, 0, 0 },
	{ "qihoo", C_VNAME, 0, 0 },
	{ "anomali", C_VNAME, 0, 0 },
	{ "zscaler", C_VNAME, 0, 0 },
	{ "akamai", C_VNAME, 0, 0 },
	{ "cloudflare", C_VNAME, 0, 0 },
	{ "netscout", C_VNAME, 0, 0 },
	{ "imperva", C_VNAME, 0, 0 },
	{ "radware", C_VNAME, 0, 0 },
	{ "accenture", C_VNAME, 0, 0 },
	{ "ibm", C_VNAME, 0, 0 },
	{ "facebook", C_VNAME, 0, 0 },
	{ "meta", C_VNAME, 0, 0 },
	{ "twitter", C_VNAME, 0, 0 },
	{ "cylance", C_VNAME, 0, 0 },
	{ "rapid7", C_VNAME, 0, 0 },
	{ "tenable", C_VNAME, 0, 0 },
	{ "claroty", C_VNAME, 0, 0 },
	{ "sekoia", C_VNAME, 0, 0 },
	{ "huntress", C_VNAME, 0, 0 },
	{ "threatconnect", C_VNAME, 0, 0 },
	{ "crysys", C_VNAME, 0, 0 },
	{ "trellix", C_VNAME, 0, 0 },
	{ "recorded future", C_VNAME, 0, 0 },
	{ "trend micro", C_VNAME, 0, 0 },
	{ "palo alto", C_VNAME, 0, 0 },
	{ "check point", C_VNAME, 0, 0 },
	{ "citizen lab", C_VNAME, 0, 0 },
	{ "positive technologies", C_VNAME, 0, 0 },
	{ "unit 42", C_VNAME, 0, 0 },
	{ "group ib", C_VNAME, 0, 0 },
	{ "f secure", C_VNAME, 0, 0 },
	{ "kaspersky lab", C_VNAME, 0, 0 },
	{ "ncc group", C_VNAME, 0, 0 },
	{ "red canary", C_VNAME, 0, 0 },
	{ "black lotus labs", C_VNAME, 0, 0 },
	{ "sentinellabs", C_VNAME, 0, 0 },
	{ "kroll", C_VNAME, 0, 0 },
	{ "emsisoft", C_VNAME, 0, 0 },
	{ "chainalysis", C_VNAME, 0, 0 },
	{ "elliptic", C_VNAME, 0, 0 },
	{ "intezer", C_VNAME, 0, 0 },
	{ "cyble", C_VNAME, 0, 0 },
	{ "resecurity", C_VNAME, 0, 0 },
	{ "darktrace", C_VNAME, 0, 0 },
	{ "netskope", C_VNAME, 0, 0 },
	{ "vectra", C_VNAME, 0, 0 },
	/* government bodies */
	{ "fbi", C_GNAME, 0, 0 },
	{ "cisa", C_GNAME, 0, 0 },
	{ "dhs", C_GNAME, 0, 0 },
	{ "doj", C_GNAME, 0, 0 },
	{ "ncsc", C_GNAME, 0, 0 },
	{ "nato", C_GNAME, 0, 0 },
	{ "eu", C_GNAME, 0, 0 },
	{ "treasury", C_GNAME, 0, 0 },
	{ "europol", C_GNAME, 0, 0 },
	{ "interpol", C_GNAME, 0, 0 },
	{ "bsi", C_GNAME, 0, 0 },
	{ "anssi", C_GNAME, 0, 0 },
	{ "cert", C_GNAME, 0, 0 },
	{ "acsc", C_GNAME, 0, 0 },
	{ "ofac", C_GNAME, 0, 0 },
	{ "white house", C_GNAME, 0, 0 },
	{ "state department", C_GNAME, 0, 0 },
	{ "justice department", C_GNAME, 0, 0 },
	{ "homeland security", C_GNAME, 0, 0 },
	{ "five eyes", C_GNAME, 0, 0 },
	{ "european union", C_GNAME, 0, 0 },
	{ "security council", C_GNAME, 0, 0 },
	/* news outlets */
	{ "reuters", C_MNAME, S(MEDIA), 0 },
	{ "bloomberg", C_MNAME, S(MEDIA), 0 },
	{ "bbc", C_MNAME, S(MEDIA), 0 },
	{ "cnn", C_MNAME, S(MEDIA), 0 },
	{ "politico", C_MNAME, S(MEDIA), 0 },
	{ "axios", C_MNAME, S(MEDIA), 0 },
	{ "haaretz", C_MNAME, S(MEDIA), 0 },
	{ "spiegel", C_MNAME, S(MEDIA), 0 },
	{ "cnbc", C_MNAME, S(MEDIA), 0 },
	{ "yonhap", C_MNAME, S(MEDIA), 0 },
	{ "xinhua", C_MNAME, S(MEDIA), 0 },
	{ "tass", C_MNAME, S(MEDIA), 0 },
	{ "kommersant", C_MNAME, S(MEDIA), 0 },
	{ "wired", C_MNAME, 0, 0 },
	{ "new york times", C_MNAME, S(MEDIA), 0 },
	{ "washington post", C_MNAME, S(MEDIA), 0 },
	{ "wall street journal", C_MNAME, S(MEDIA), 0 },
	{ "associated press", C_MNAME, S(MEDIA), 0 },
	{ "financial times", C_MNAME, S(MEDIA), 0 },
	{ "al jazeera", C_MNAME, S(MEDIA), 0 },
	/* function words */
	{ "the", C_DET, 0, W_THE },
	{ "a", C_DET, 0, W_A },
	{ "an", C_DET, 0, W_A },
	{ "its", C_DET, 0, 0 },
	{ "their", C_DET, 0, 0 },
	{ "his", C_DET, 0, 0 },
	{ "her", C_DET, 0, 0 },
	{ "several", C_DET | C_MOD, 0, 0 },
	{ "some", C_DET, 0, 0 },
	{ "many", C_DET | C_MOD, 0, 0 },
	{ "multiple", C_DET | C_MOD, 0, 0 },
	{ "various", C_DET | C_MOD, 0, 0 },
	{ "other", C_DET | C_MOD, 0, 0 },
	{ "numerous", C_DET | C_MOD, 0, 0 },
	{ "these", C_DET, 0, 0 },
	{ "those", C_DET, 0, 0 },
	{ "this", C_DET, 0, 0 },
	{ "each", C_DET, 0, 0 },
	{ "both", C_DET, 0, 0 },
	{ "and", 0, 0, W_AND },
	{ "or", 0, 0, W_OR },
	{ "of", C_PREP, 0, W_OF },
	{ "on", C_PREP, 0, W_ON },
	{ "at", C_PREP | C_LOCPREP, 0, W_AT },
	{ "by", C_PREP, 0, W_BY },
	{ "from", C_PREP, 0, W_FROM },
	{ "to", C_PREP, 0, W_TO },
	{ "with", C_PREP, 0, W_WITH },
	{ "for", C_PREP, 0, W_FOR },
	{ "over", C_PREP, 0, 0 },
	{ "through", C_PREP, 0, 0 },
	{ "during", C_PREP, 0, 0 },
	{ "since", C_PREP, 0, 0 },
	{ "about", C_PREP, 0, 0 },
	{ "after", C_PREP | C_CLAUSE, 0, 0 },
	{ "before", C_PREP, 0, 0 },
	{ "between", C_PREP, 0, 0 },
	{ "among", C_PREP, 0, W_AMONG },
	{ "under", C_PREP, 0, 0 },
	{ "as", C_PREP, 0, W_AS },
	{ "than", C_PREP, 0, 0 },
	{ "via", C_PREP, 0, 0 },
	{ "including", C_PREP, 0, 0 },
	{ "that", C_CLAUSE, 0, W_THAT },
	{ "which", C_CLAUSE, 0, 0 },
	{ "who", C_CLAUSE, 0, 0 },
	{ "whom", C_CLAUSE, 0, 0 },
	{ "whose", C_CLAUSE, 0, 0 },
	{ "while", C_CLAUSE, 0, 0 },
	{ "but", C_CLAUSE, 0, 0 },
	{ "because", C_CLAUSE, 0, 0 },
	{ "although", C_CLAUSE, 0, 0 },
	{ "whereas", C_CLAUSE, 0, 0 },
	{ "though", C_CLAUSE, 0, 0 },
	{ "however", C_CLAUSE | C_ADV, 0, 0 },
	{ "when", C_CLAUSE, 0, 0 },
	{ "later", C_ADV, 0, 0 },
	{ "also", C_ADV, 0, 0 },
	{ "recently", C_ADV, 0, 0 },
	{ "publicly", C_ADV, 0, 0 },
	{ "officially", C_ADV, 0, 0 },
	{ "first", C_ADV, 0, 0 },
	{ "briefly", C_ADV, 0, 0 },
	{ "successfully", C_ADV, 0, 0 },
	{ "previously", C_ADV, 0, 0 },
	{ "subsequently", C_ADV, 0, 0 },
	{ "formally", C_ADV, 0, 0 },
	{ "jointly", C_ADV, 0, 0 },
	{ "again", C_ADV, 0, 0 },
	{ "repeatedly", C_ADV, 0, 0 },
	{ "openly", C_ADV, 0, 0 },
	{ "directly", C_ADV, 0, 0 },
	{ "primarily", C_ADV, 0, 0 },
	{ "mainly", C_ADV, 0, 0 },
	{ "mostly", C_ADV, 0, 0 },
	{ "largely", C_ADV, 0, 0 },
	{ "one", 0, 0, W_NUM },
	{ "two", 0, 0, W_NUM },
	{ "three", 0, 0, W_NUM },
	{ "four", 0, 0, W_NUM },
	{ "five", 0, 0, W_NUM },
	{ "six", 0, 0, W_NUM },
	{ "seven", 0, 0, W_NUM },
	{ "eight", 0, 0, W_NUM },
	{ "nine", 0, 0, W_NUM },
	{ "ten", 0, 0, W_NUM },
	{ "eleven", 0, 0, W_NUM },
	{ "twelve", 0, 0, W_NUM },
	{ "data", C_ORG, 0, W_DATA },
	{ "documents", 0, 0, W_DATA },
	{ "emails", 0, 0, W_DATA },
	{ "files", 0, 0, W_DATA },
	{ "information", 0, 0, W_DATA },
	{ "records", 0, 0, W_DATA },
	{ "funds", 0, 0, W_DATA },
	{ "money", 0, 0, W_DATA },
	{ "secrets", 0, 0, W_DATA },
	{ "plans", 0, 0, W_DATA },
	{ "designs", 0, 0, W_DATA },
	{ "blueprints", 0, 0, W_DATA },
	{ "credentials", 0, 0, W_DATA },
	{ "database", C_ORG, 0, W_DATA },
	{ "foreign", C_MOD, 0, W_FOREIGN },
	{ "country", 0, 0, W_COUNTRY },
	{ "millions", C_QUANT, 0, 0 },
	{ "thousands", C_QUANT, 0, 0 },
	{ "hundreds", C_QUANT, 0, 0 },
	{ "dozens", C_QUANT, 0, 0 },
	{ "tens", C_QUANT, 0, 0 },
	{ "million", C_QUANT, 0, 0 },
	{ "majority", C_QUANT, 0, 0 },
	/* suffixes after a state ("Iran-linked") */
	{ "backed", C_SFXASRT | C_MOD, 0, W_BACKED },
	{ "sponsored", C_SFXASRT | C_MOD, 0, 0 },
	{ "supported", C_SFXASRT, 0, W_BACKED },
	{ "directed", C_SFXASRT, 0, W_BACKED },
	{ "funded", C_SFXASRT, 0, W_BACKED },
	{ "controlled", C_SFXASRT, 0, W_BACKED },
	{ "run", C_SFXASRT, 0, W_BACKED },
	{ "allied", C_SFXSUSP, 0, 0 },
	{ "speaking", C_SFXNONE, 0, 0 },
	{ "language", C_SFXNONE, 0, 0 },
	{ "speakers", C_SFXNONE, 0, 0 },
	{ "made", C_SFXNONE, 0, 0 },
	{ "built", C_SFXNONE | C_AGENT, 0, 0 },
	{ "designed", C_SFXNONE, 0, 0 },
	{ "manufactured", C_SFXNONE, 0, 0 },
	{ "owned", C_SFXNONE, 0, 0 },
	/* prefixes and single rules */
	{ "pro", 0, 0, W_PRO },
	{ "anti", 0, 0, W_ANTI },
	{ "non", 0, 0, W_NON },
	{ "counter", 0, 0, W_COUNTER },
	{ "behind", 0, 0, W_BEHIND },
	{ "responsible", 0, 0, W_RESPONSIBLE },
	{ "responsibility", 0, 0, W_RESPONSIBILITY },
	{ "credit", 0, 0, W_CREDIT },
	{ "according", 0, 0, W_ACCORDING },
	{ "sources", 0, 0, W_SOURCES },
	{ "behalf", 0, 0, W_BEHALF },
	{ "working", 0, 0, W_WORKING },
	{ "new", 0, 0, W_NEW },
	{ "latin", 0, 0, W_REGION },
	{ "south", 0, 0, W_REGION },
	{ "north", 0, 0, W_REGION },
	{ "central", C_MOD, 0, W_REGION },
	{ "native", 0, 0, W_REGION },
	{ "african", 0, 0, W_REGION },
	{ "pan", 0, 0, W_REGION },
	{ "anglo", 0, 0, W_REGION },
	{ "post", 0, 0, W_INSTEXCL },
	{ "times", 0, 0, W_INSTEXCL },
	{ "call", 0, 0, W_INSTEXCL },
	{ "convention", 0, 0, W_INSTEXCL },
	{ "manual", 0, 0, W_INSTEXCL },
	{ "agreement", 0, 0, W_INSTEXCL },
	{ "accord", 0, 0, W_INSTEXCL },
	{ "accords", 0, 0, W_INSTEXCL },
	{ "club", 0, 0, W_INSTEXCL },
	{ "principles", 0, 0, W_INSTEXCL },
	{ "forum", 0, 0, W_INSTEXCL },
	{ "declaration", 0, 0, W_INSTEXCL },
	{ "protocol", 0, 0, W_INSTEXCL },
	{ "process", 0, 0, W_INSTEXCL },
	{ "sea", 0, 0, W_GEOEXCL },
	{ "ocean", 0, 0, W_GEOEXCL },
	{ "peninsula", 0, 0, W_GEOEXCL },
	{ "strait", 0, 0, W_GEOEXCL },
	{ "gulf", 0, 0, W_GEOEXCL },
	{ "officers", C_ATK, 0, W_OFFICERS },
	{ "unit", C_GOVT, 0, W_UNIT },
	{ "units", C_GOVT, 0, W_UNIT },
	{ "cyber", C_MOD, 0, W_CYBER },
	{ "social", C_MOD, 0, W_SOCIAL },
	{ "human", C_MOD, 0, W_HUMAN },
	{ "rights", C_MOD, 0, W_RIGHTS },
	{ "political", C_MOD, 0, W_POLITICAL },
	{ "defense", C_MOD, S(MILITARY), W_DEFENSE },
	{ "defence", C_MOD, S(MILITARY), W_DEFENSE },
	{ "it", 0, 0, W_IT },
	{ "tech", C_MOD, 0, W_TECH },
	{ "water", C_MOD, 0, W_WATER },
	{ "wastewater", C_MOD, S(WATER), 0 },
	{ "cable", C_MOD, 0, 0 },
	{ "cables", C_ORG, S(TELECOMMUNICATIONS), 0 },
	{ "pumping", C_MOD, 0, W_PAIRSEC },
	{ "insurance", C_MOD, 0, W_PAIRSEC },
	{ "carrier", C_ORG, 0, W_PAIRSEC },
	{ "dns", C_MOD, 0, W_DNS },
	{ "domain", C_MOD, 0, W_DNS },
	{ "postal", C_MOD, S(GOVERNMENT), 0 },
	{ "research", C_MOD, 0, W_PAIRSEC },
	{ "dam", C_ORG, S(WATER), 0 },
	{ "dams", C_ORG, S(WATER), 0 },
	{ "power", C_MOD, 0, W_POWER },
	{ "air", C_MOD, 0, W_AIR },
	{ "armed", C_MOD, S(MILITARY), W_ARMED },
	{ "critical", C_MOD, 0, W_CRITICAL },
	{ "health", C_MOD, 0, W_HEALTH },
	{ "healthcare", C_MOD, S(HEALTHCARE), 0 },
	{ "medical", C_MOD, S(HEALTHCARE), 0 },
	{ "cancer", C_MOD, S(HEALTHCARE), 0 },
	{ "pharmaceutical", C_MOD, S(HEALTHCARE), 0 },
	{ "pharmaceuticals", C_ORG, S(HEALTHCARE), 0 },
	{ "vaccine", C_MOD, S(HEALTHCARE), 0 },
	{ "vaccines", C_ORG, S(HEALTHCARE), 0 },
	{ "energy", C_MOD, S(ENERGY), 0 },
	{ "oil", C_MOD, S(ENERGY), W_OIL },
	{ "gas", C_MOD, S(ENERGY), W_GAS },
	{ "petroleum", C_MOD, S(ENERGY), 0 },
	{ "electricity", C_MOD, S(ENERGY), 0 },
	{ "electric", C_MOD, S(ENERGY), 0 },
	{ "nuclear", C_MOD, 0, W_NUCLEAR },
	{ "atomic", C_MOD, 0, 0 },
	{ "wind", C_MOD, S(ENERGY), 0 },
	{ "turbines", C_ORG, S(ENERGY), 0 },
	{ "solar", C_MOD, S(ENERGY), 0 },
	{ "banking", C_MOD, S(FINANCE), 0 },
	{ "financial", C_MOD, S(FINANCE), 0 },
	{ "monetary", C_MOD, S(FINANCE), 0 },
	{ "interbank", C_MOD, S(FINANCE), 0 },
	{ "swift", C_MOD, S(FINANCE), 0 },
	{ "atm", C_MOD, S(FINANCE), 0 },
	{ "atms", C_ORG, S(FINANCE), 0 },
	{ "payment", C_MOD, S(FINANCE), 0 },
	{ "payments", C_MOD, S(FINANCE), 0 },
	{ "cryptocurrency", C_MOD, S(FINANCE), 0 },
	{ "crypto", C_MOD, S(FINANCE), 0 },
	{ "bitcoin", C_MOD, S(FINANCE), 0 },
	{ "fintech", C_MOD, S(FINANCE), 0 },
	{ "credit", 0, 0, W_CREDIT },
	{ "telecom", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "telecoms", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "telecommunications", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "telecommunication", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "telco", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "telcos", C_ORG, S(TELECOMMUNICATIONS), 0 },
	{ "isp", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "isps", C_ORG, S(TELECOMMUNICATIONS), 0 },
	{ "carriers", C_ORG, S(TELECOMMUNICATIONS), 0 },
	{ "cellular", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "satellite", C_MOD, S(TELECOMMUNICATIONS), 0 },
	{ "semiconductor", C_MOD, S(TECHNOLOGY), 0 },
	{ "cloud", C_MOD, 0, W_PAIRSEC },
	{ "education", C_MOD, S(EDUCATION), 0 },
	{ "educational", C_MOD, S(EDUCATION), 0 },
	{ "electoral", C_MOD, S(ELECTIONS), 0 },
	{ "voter", C_MOD, S(ELECTIONS), 0 },
	{ "voting", C_MOD, S(ELECTIONS), 0 },
	{ "ballot", C_MOD, S(ELECTIONS), 0 },
	{ "ballots", C_ORG, S(ELECTIONS), 0 },
	{ "referendum", C_ORG, S(ELECTIONS), 0 },
	{ "runoff", C_ORG, S(ELECTIONS), 0 },
	{ "candidates", C_ORG, S(ELECTIONS), 0 },
	{ "candidate", C_ORG, S(ELECTIONS), 0 },
	{ "transport", C_MOD, S(TRANSPORT), 0 },
	{ "transportation", C_MOD, S(TRANSPORT), 0 },
	{ "aviation", C_MOD, S(TRANSPORT), 0 },
	{ "rail", C_MOD, S(TRANSPORT), 0 },
	{ "train", C_MOD, S(TRANSPORT), 0 },
	{ "shipping", C_MOD, S(TRANSPORT), 0 },
	{ "maritime", C_MOD, S(TRANSPORT), 0 },
	{ "logistics", C_MOD, S(TRANSPORT), 0 },
	{ "transit", C_MOD, S(TRANSPORT), 0 },
	{ "metro", C_MOD, S(TRANSPORT), 0 },
	{ "subway", C_MOD, S(TRANSPORT), 0 },
	{ "manufacturing", C_MOD, S(MANUFACTURING), 0 },
	{ "factory", C_ORG, S(MANUFACTURING), 0 },
	{ "factories", C_ORG, S(MANUFACTURING), 0 },
	{ "automotive", C_MOD, S(MANUFACTURING), 0 },
	{ "bmw", C_MOD, S(MANUFACTURING), 0 },
	{ "hyundai", C_MOD, S(MANUFACTURING), 0 },
	{ "toyota", C_MOD, S(MANUFACTURING), 0 },
	{ "volkswagen", C_MOD, S(MANUFACTURING), 0 },
	{ "honda", C_MOD, S(MANUFACTURING), 0 },
	{ "nissan", C_MOD, S(MANUFACTURING), 0 },
	{ "renault", C_MOD, S(MANUFACTURING), 0 },
	{ "retail", C_MOD, S(RETAIL), 0 },
	{ "supermarket", C_MOD, S(RETAIL), 0 },
	{ "supermarkets", C_ORG, S(RETAIL), 0 },
	{ "ecommerce", C_MOD, S(RETAIL), 0 },
	{ "aerospace", C_MOD, S(DEFENSE_INDUSTRY), 0 },
	{ "weapons", C_MOD, 0, 0 },
	{ "fighter", C_MOD, S(MILITARY), W_FIGHTER },
	{ "fighters", C_ORG, S(MILITARY), W_FIGHTER },
	{ "civil", C_MOD, 0, W_CIVIL },
	{ "society", C_ORG, 0, W_SOCIETY },
	{ "nonprofit", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "nonprofits", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "charities", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "advocacy", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "humanitarian", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "red cross", C_ORG, S(CIVIL_SOCIETY), 0 },
	{ "uyghur", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "uighur", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "tibetan", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "dalai", C_MOD, S(CIVIL_SOCIETY), 0 },
	{ "android", C_MOD, 0, W_ANDROID },
	{ "soccer", C_MOD, 0, W_SPORTS },
	{ "football", C_MOD, 0, W_SPORTS },
	{ "sports", C_MOD, 0, W_SPORTS },
	{ "card", 0, 0, W_CREDITCARD },
	{ "presidential", C_MOD, S(ELECTIONS), W_PAIRSEC },
	{ "senate", C_GOVT, S(GOVERNMENT), 0 },
	{ "missile", C_MOD, S(MILITARY), 0 },
	{ "missiles", C_ORG, S(MILITARY), 0 },
	{ "port", C_ORG, S(TRANSPORT), 0 },
	{ "fuel", C_MOD, S(ENERGY), 0 },
	{ "steel", C_MOD, S(MANUFACTURING), 0 },
	{ "aluminum", C_MOD, S(MANUFACTURING), 0 },
	{ "aluminium", C_MOD, S(MANUFACTURING), 0 },
	{ "chemical", C_MOD, 0, W_CHEMICAL },
	{ "entertainment", C_MOD, S(MEDIA), 0 },
	{ "studio", C_ORG, S(MEDIA), 0 },
	{ "studios", C_ORG, S(MEDIA), 0 },
	{ "city", C_ORG | C_MOD, 0, W_CITY },
	{ "cities", C_ORG, S(GOVERNMENT), 0 },
	{ "town", C_ORG | C_MOD, 0, 0 },
	{ "county", C_ORG | C_MOD, S(GOVERNMENT), 0 },
	{ "outage", C_TARGET, 0, W_OUTAGE },
};

/* --- hash tables --------------------------------------------------------- */

struct hslot {
	const char	*key;	/* not NUL-terminated */
	uint32_t	 klen;
	uint32_t	 val;
};

struct htab {
	struct hslot	*s;
	size_t		 cap;	/* power of two */
	size_t		 n;
};

/* Values in the cue-word table: an index in cues[], or NO_CUE. */
#define NO_CUE		0x7fffffffu
#define MW_START	0x80000000u	/* starts a multi-word cue */

static uint32_t
hash_bytes(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

static int
same_bytes(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static struct hslot *
htab_slot_h(const struct htab *t, const char *k, size_t n, uint32_t h)
{
	size_t i = h & (t->cap - 1);

	while (t->s[i].key != NULL) {
		if (t->s[i].klen == n && same_bytes(t->s[i].key, k, n))
			break;
		i = (i + 1) & (t->cap - 1);
	}
	return &t->s[i];
}

static struct hslot *
htab_slot(const struct htab *t, const char *k, size_t n)
{
	return htab_slot_h(t, k, n, hash_bytes(k, n));
}

static void
htab_init(struct htab *t, size_t want)
{
	t->cap = 64;
	while (t->cap < want * 2)
		t->cap *= 2;
	t->s = xcalloc(t->cap, sizeof(*t->s));
	t->n = 0;
}

/* Insert k (which must outlive the table) unless present; 1 if added. */
static int
htab_put(struct htab *t, const char *k, size_t n, uint32_t val)
{
	struct hslot *s;

	if ((t->n + 1) * 2 > t->cap) {
		struct htab nt;
		size_t i;

		htab_init(&nt, t->cap);
		for (i = 0; i < t->cap; i++)
			if (t->s[i].key != NULL)
				*htab_slot(&nt, t->s[i].key, t->s[i].klen) =
				    t->s[i];
		nt.n = t->n;
		free(t->s);
		*t = nt;
	}
	s = htab_slot(t, k, n);
	if (s->key != NULL)
		return 0;
	s->key = k;
	s->klen = (uint32_t)n;
	s->val = val;
	t->n++;
	return 1;
}

static int
htab_get(const struct htab *t, const char *k, size_t n, uint32_t *val)
{
	const struct hslot *s;

	if (t->cap == 0 || n == 0)
		return -1;
	s = htab_slot(t, k, n);
	if (s->key == NULL)
		return -1;
	*val = s->val;
	return 0;
}

/* --- the extractor ------------------------------------------------------- */

enum mkind { K_NAME = 0, K_ADJ, K_METONYM, K_AGENCY };

/* Roles of a state mention. */
enum role { R_NONE = 0, R_ATTACKER, R_VICTIM, R_PARTY, R_SKIP };

struct tok {
	uint32_t	off, len;
	uint32_t	cls;
	uint32_t	cls2;	/* classes of a 2- or 3-word name it starts */
	uint32_t	sec;
	int32_t		m;	/* state mention covering it, or -1 */
	int32_t		a;	/* actor mention covering it, or -1 */
	uint32_t	sent;	/* sentence number */
	uint16_t	gap;	/* what separates it from the next word */
	uint8_t		id;
	uint8_t		cap;	/* starts with an upper-case letter */
	uint8_t		mark;	/* MK_* */
};

/* tok.gap bits: the characters between a word and the next */
#define G_HYPH		0x001	/* "state-sponsored" */
#define G_COMMA		0x002
#define G_SEMI		0x004	/* ; or : */
#define G_OPEN		0x008	/* ( */
#define G_CLOSE		0x010	/* ) */
#define G_QUOTE		0x020
#define G_SENT		0x040	/* a sentence ends here */
#define G_POSS		0x080	/* "Russia's" */
#define G_DASH		0x100	/* " - " */
#define G_OTHER		0x200	/* anything else but space */
#define G_PERIOD	0x400	/* a period (maybe an abbreviation) */
#define G_BREAK	(G_SEMI | G_OPEN | G_CLOSE | G_QUOTE | G_SENT | G_DASH)

/* tok.mark bits */
#define MK_PARTY	0x01	/* inside the subject of a reporting verb */
#define MK_ATTACK	0x02	/* inside an attacker's noun phrase */
#define MK_SPONSOR	0x04	/* "government-sponsored": not a sector */
#define MK_MWSTART	0x08	/* may start a multi-word cue */

/* mention.flags */
#define MF_POSS		0x0001	/* "Russia's" */
#define MF_PRO		0x0002	/* "pro-Russian" */
#define MF_SUSP		0x0004	/* hedged by its own form or phrase */
#define MF_STATEY	0x0008	/* the state itself acts: sponsorship */
#define MF_NONSTATE	0x0010	/* a non-state attacker */
#define MF_INACTOR	0x0020	/* inside an actor's name */
#define MF_ABSORBED	0x0040	/* an agency read with the mention before */
#define MF_SPLIT	0x0080	/* found by joining a split word */
#define MF_HOME		0x0100	/* "across the country": also a victim */

struct mention {
	uint32_t	off, len;
	int		t0, t1;		/* words [t0, t1) */
	uint16_t	state;
	uint8_t		kind;
	uint8_t		role;
	uint16_t	flags;
	uint8_t		hedge;
	uint8_t		party;
	int		pc;		/* prev_cue() of it, or PC_UNKNOWN */
	int		npend;		/* end of the phrase it opens */
	uint32_t	hcls;		/* classes of that phrase's head */
};

#define PC_UNKNOWN	(-2)

struct amention {
	uint32_t	off, len;
	int		t0, t1;
	int		actor;		/* index in refdata, or -1 */
	enum nw_actor_kind kind;
	int		kind_known;
	int		posed;		/* "claiming to be X": a false flag */
	char		name[NW_MAX_ACTOR_NAME];
};

struct nw_extractor {
	const struct nw_refdata	*ref;
	pcre2_code		*re_state;
	pcre2_code		*re_actor;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
	struct htab		 terms;		/* state form -> state | kind */
	struct htab		 actors;	/* actor name -> actor index */
	struct htab		 words;		/* cue word -> cues[] index */
	char			**tcase;	/* "Nobelium" for "NOBELIUM" */
	size_t			 ntcase;
	/* scratch for one text */
	struct tok		*toks;
	size_t			 ntoks, captoks;
	struct mention		 ms[MAX_MENTIONS];
	size_t			 nms;
	struct amention		 as[MAX_AMENTIONS];
	size_t			 nas;
	const char		*text;
	size_t			 len;
	int			 limit_hit;
};

/* --- building the patterns ----------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
add_escaped(struct nw_buf *b, unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return nw_buf_addc(b, c);
	if (c < 0x80 && c > 0x20)
		return nw_buf_addf(b, "\\%c", c);
	return nw_buf_addf(b, "\\x%02x", c);
}

/*
 * Emit an alternation of the sorted strings v[lo..hi), all sharing their
 * first depth bytes, as a trie: longer continuations before the end of a
 * string, so the longest form matches first.
 */
static int
emit_trie(struct nw_buf *b, const char *const *v, size_t lo, size_t hi,
    size_t depth, int nest)
{
	size_t i, j, nalt = 0;
	int terminal = 0, grouped;

	if (nest > 200)
		return -1;
	/* count the branches */
	for (i = lo; i < hi; i = j) {
		if (v[i][depth] == '\0') {
			terminal = 1;
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < hi && v[j][depth] == v[i][depth]; j++)
			;
		nalt++;
	}
	if (nalt == 0)
		return 0;
	grouped = nalt > 1 || terminal;
	if (grouped && nw_buf_adds(b, "(?:") == -1)
		return -1;
	nalt = 0;
	for (i = lo; i < hi; i = j) {
		if (v[i][depth] == '\0') {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < hi && v[j][depth] == v[i][depth]; j++)
			;
		if (nalt++ > 0 && nw_buf_addc(b, '|') == -1)
			return -1;
		if (add_escaped(b, (unsigned char)v[i][depth]) == -1 ||
		    emit_trie(b, v, i, j, depth + 1, nest + 1) == -1)
			return -1;
	}
	if (terminal && nw_buf_addc(b, '|') == -1)
		return -1;
	if (grouped && nw_buf_addc(b, ')') == -1)
		return -1;
	return 0;
}

#define WORDCH	"A-Za-z0-9\\x80-\\xff"

static pcre2_code *
compile(const char *pat, size_t len, uint32_t opts, struct nw_error *err)
{
	pcre2_code *re;
	PCRE2_SIZE eoff;
	int ec;

	re = pcre2_compile((PCRE2_SPTR)pat, len, opts | PCRE2_NO_UTF_CHECK,
	    &ec, &eoff, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(ec, msg, sizeof(msg));
		nw_error_set(err, NW_E_INTERNAL,
		    "pattern does not compile at offset %zu: %s",
		    (size_t)eoff, (const char *)msg);
		return NULL;
	}
	/* JIT is an optimisation: the interpreter still works without it */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* One pattern matching any of the strings as a whole word. */
static pcre2_code *
compile_words(const char **v, size_t n, struct nw_error *err)
{
	struct nw_buf b;
	pcre2_code *re = NULL;
	size_t i, k;

	qsort(v, n, sizeof(*v), cmp_str);
	for (i = k = 0; i < n; i++)	/* unique, non-empty */
		if (v[i][0] != '\0' && (k == 0 || strcmp(v[k - 1], v[i]) != 0))
			v[k++] = v[i];
	nw_buf_init(&b, MAX_PATTERN);
	if (nw_buf_adds(&b, "(?<![" WORDCH "])") == -1 ||
	    (k > 0 ? emit_trie(&b, (const char *const *)v, 0, k, 0, 0) :
	    nw_buf_adds(&b, "(*FAIL)")) == -1 ||
	    nw_buf_adds(&b, "(?![" WORDCH "])") == -1) {
		nw_error_set(err, NW_E_LIMIT,
		    "pattern of names longer than %u bytes", MAX_PATTERN);
		goto out;
	}
	re = compile(b.data, b.len, 0, err);
out:
	nw_buf_free(&b);
	return re;
}

/*
 * "Nobelium" for "NOBELIUM", "Iron Twilight" for "IRON TWILIGHT": a copy
 * of a name of capital letters and spaces (5 letters or more), or NULL.
 */
static char *
title_case(const char *s)
{
	size_t i, n = strlen(s), letters = 0;
	char *t;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			letters++;
		else if (s[i] != ' ')
			return NULL;
	}
	if (letters < 5)
		return NULL;
	t = xstrndup(s, n);
	for (i = 0; i < n; i++)
		if (i > 0 && t[i - 1] != ' ' && t[i] >= 'A' && t[i] <= 'Z')
			t[i] = (char)(t[i] - 'A' + 'a');
	return t;
}

struct nw_extractor *
nw_extractor_new(const struct nw_refdata *ref, struct nw_error *err)
{
	struct nw_extractor *x;
	const char **v = NULL;
	size_t i, j, n, nv = 0, cap = 0;

	x = xcalloc(1, sizeof(*x));
	x->ref = ref;
	/* cue words; the first word of a multi-word cue gets MW_START */
	htab_init(&x->words, NW_NELEM(cues) * 2);
	for (i = 0; i < NW_NELEM(cues); i++)
		htab_put(&x->words, cues[i].w, strlen(cues[i].w), (uint32_t)i);
	for (i = 0; i < NW_NELEM(cues); i++) {
		const char *sp = strchr(cues[i].w, ' ');
		struct hslot *hs;

		if (sp == NULL)
			continue;
		j = (size_t)(sp - cues[i].w);
		if (htab_put(&x->words, cues[i].w, j, NO_CUE | MW_START) == 0) {
			hs = htab_slot(&x->words, cues[i].w, j);
			hs->val |= MW_START;
		}
	}
	/* state forms; the first state and kind to claim a form keep it */
	n = nw_refdata_nstates(ref);
	htab_init(&x->terms, n * 8);
	for (i = 0; i < n; i++) {
		const struct nw_state *st = nw_refdata_state_at(ref, i);
		const char *const *lists[4] = { st->names, st->adjectives,
		    st->metonyms, st->agencies };
		size_t counts[4] = { st->nnames, st->nadjectives,
		    st->nmetonyms, st->nagencies };
		size_t k;

		for (k = 0; k < 5; k++) {
			size_t cnt = k == 0 ? 1 : counts[k - 1];

			for (j = 0; j < cnt; j++) {
				const char *s = k == 0 ? st->name :
				    lists[k - 1][j];
				uint32_t kind = k == 0 ? K_NAME :
				    (uint32_t)(k - 1);

				if (nv == cap) {
					cap = cap ? cap * 2 : 1024;
					v = xreallocarray(v, cap, sizeof(*v));
				}
				v[nv++] = s;
				htab_put(&x->terms, s, strlen(s),
				    (uint32_t)(i << 2) | kind);
			}
		}
	}
	x->re_state = compile_words(v, nv, err);
	if (x->re_state == NULL)
		goto fail;
	/* actor names */
	nv = 0;
	n = nw_refdata_nactors(ref);
	htab_init(&x->actors, n * 4);
	for (i = 0; i < n; i++) {
		const struct nw_actor_ref *ac = nw_refdata_actor_at(ref, i);

		for (j = 0; j <= ac->naliases; j++) {
			const char *s = j == 0 ? ac->name : ac->aliases[j - 1];
			char *tc;

			if (nv + 1 >= cap) {
				cap = cap ? cap * 2 : 1024;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[nv++] = s;
			htab_put(&x->actors, s, strlen(s), (uint32_t)i);
			/* vendors' names in capitals are written in the press
			   with one capital: "NOBELIUM" as "Nobelium" */
			tc = title_case(s);
			if (tc == NULL)
				continue;
			x->tcase = xreallocarray(x->tcase, x->ntcase + 1,
			    sizeof(*x->tcase));
			x->tcase[x->ntcase++] = tc;
			v[nv++] = tc;
			htab_put(&x->actors, tc, strlen(tc), (uint32_t)i);
		}
	}
	x->re_actor = compile_words(v, nv, err);
	if (x->re_actor == NULL)
		goto fail;
	free(v);
	v = NULL;
	x->md = pcre2_match_data_create(2, NULL);
	x->mctx = pcre2_match_context_create(NULL);
	x->jstack = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
	if (x->md == NULL || x->mctx == NULL || x->jstack == NULL) {
		nw_error_set(err, NW_E_INTERNAL, "pcre2: out of memory");
		goto fail;
	}
	pcre2_set_match_limit(x->mctx, NW_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(x->mctx, NW_REGEX_DEPTH_LIMIT);
	pcre2_jit_stack_assign(x->mctx, NULL, x->jstack);
	return x;
fail:
	free(v);
	nw_extractor_free(x);
	return NULL;
}

void
nw_extractor_free(struct nw_extractor *x)
{
	if (x == NULL)
		return;
	pcre2_code_free(x->re_state);
	pcre2_code_free(x->re_actor);
	pcre2_match_data_free(x->md);
	pcre2_match_context_free(x->mctx);
	pcre2_jit_stack_free(x->jstack);
	free(x->terms.s);
	free(x->actors.s);
	free(x->words.s);
	free(x->toks);
	while (x->ntcase > 0)
		free(x->tcase[--x->ntcase]);
	free(x->tcase);
	free(x);
}

/* --- words --------------------------------------------------------------- */

/* ASCII letters and digits: the fast path of is_wordbyte(). */
static const unsigned char ascii_word[128] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

static inline int
is_wordbyte(const char *s, size_t i, size_t len)
{
	unsigned char c = (unsigned char)s[i];

	if (c < 0x80)
		return ascii_word[c];
	/* typographic quotes, dashes and NBSP separate words */
	if (c == 0xe2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80)
		return 0;
	if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0)
		return 0;
	if (c >= 0xc0 || (c >= 0x80 && i > 0 &&
	    ((unsigned char)s[i - 1] >= 0x80)))
		return 1;
	return 0;
}

static int
lower_copy(const char *s, size_t n, char *buf)
{
	size_t i;

	if (n == 0 || n > WORD_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		char c = s[i];

		buf[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	return 0;
}

/*
 * Look up one word (or a space-joined pair) in the cue table.  *mw is set
 * when the word starts a multi-word cue.  Lower-cases and hashes in one
 * pass: this runs for every word of every report.
 */
static const struct cue *
cue_lookup(const struct nw_extractor *x, const char *s, size_t n, int *mw)
{
	char buf[WORD_MAX];
	uint32_t v, h = 2166136261u;
	const struct hslot *sl;
	size_t i;

	if (mw != NULL)
		*mw = 0;
	if (n == 0 || n > WORD_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		buf[i] = c;
		h ^= (unsigned char)c;
		h *= 16777619u;
	}
	sl = htab_slot_h(&x->words, buf, n, h);
	if (sl->key == NULL)
		return NULL;
	v = sl->val;
	if (mw != NULL)
		*mw = (v & MW_START) != 0;
	v &= ~MW_START;
	return v == NO_CUE ? NULL : &cues[v];
}

static const char *const abbrevs[] = {
	"mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd",
	"gen", "col", "lt", "sgt", "rep", "sen", "gov", "no", "vs", "etc",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
	"nov", "dec", "approx", "dept", "est", "govt", "fig", "mt", "ft"
};

static int
is_abbrev(const char *s, size_t n)
{
	char buf[WORD_MAX];
	size_t i;

	if (n == 1 && s[0] >= 'A' && s[0] <= 'Z')
		return 1;	/* U.S., E.U., initials */
	if (lower_copy(s, n, buf) == -1)
		return 0;
	for (i = 0; i < NW_NELEM(abbrevs); i++)
		if (strlen(abbrevs[i]) == n && memcmp(abbrevs[i], buf, n) == 0)
			return 1;
	return 0;
}

/* A compound ending in "maker(s)": a company ("steelmaker"). */
static int
maker_word(const char *s, size_t n)
{
	if (n > 6 && memcmp(s + n - 6, "makers", 6) == 0)
		return 1;
	return n > 5 && memcmp(s + n - 5, "maker", 5) == 0;
}

static void
tok_add(struct nw_extractor *x, size_t off, size_t n)
{
	struct tok *t;
	const struct cue *c;
	int mw;

	if (x->ntoks == x->captoks) {
		x->captoks = x->captoks ? x->captoks * 2 : 512;
		x->toks = xreallocarray(x->toks, x->captoks, sizeof(*x->toks));
	}
	t = &x->toks[x->ntoks++];
	memset(t, 0, sizeof(*t));
	t->off = (uint32_t)off;
	t->len = (uint32_t)n;
	t->m = -1;
	t->a = -1;
	t->cap = x->text[off] >= 'A' && x->text[off] <= 'Z';
	c = cue_lookup(x, x->text + off, n, &mw);
	if (c != NULL) {
		t->cls = c->cls;
		t->sec = c->sec;
		t->id = c->id;
	} else if (!t->cap && maker_word(x->text + off, n)) {
		t->cls = C_ORG;	/* steelmaker, chipmakers */
		t->sec = S(MANUFACTURING);
	}
	if (mw)
		t->mark |= MK_MWSTART;
}

/* Classify the characters between two words. */
static uint16_t
gap_flags(const char *s, size_t a, size_t b, int *poss)
{
	uint16_t g = 0;
	size_t i, spaces = 0;

	*poss = 0;
	for (i = a; i < b; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			spaces++;
			continue;
		}
		switch (c) {
		case '-':
			if (b - a <= 2)
				g |= G_HYPH;
			else
				g |= G_DASH;
			break;
		case ',':
			g |= G_COMMA;
			break;
		case ';':
		case ':':
			g |= G_SEMI;
			break;
		case '(':
		case '[':
			g |= G_OPEN;
			break;
		case ')':
		case ']':
			g |= G_CLOSE;
			break;
		case '"':
			g |= G_QUOTE;
			break;
		case '.':
		case '!':
		case '?':
			g |= G_PERIOD;
			break;
		case '\'':
			break;
		case 0xe2:	/* typographic punctuation: 3 bytes */
			if (i + 2 < b && (unsigned char)s[i + 1] == 0x80) {
				unsigned char d = (unsigned char)s[i + 2];

				if (d == 0x9c || d == 0x9d)
					g |= G_QUOTE;
				else if (d == 0x93 || d == 0x94)
					g |= G_DASH;
				i += 2;
				continue;
			}
			g |= G_OTHER;
			break;
		default:
			g |= G_OTHER;
			break;
		}
	}
	(void)spaces;
	(void)poss;
	return g;
}

/*
 * Cut the text into words.  "Russia's" is one word with G_POSS; a period
 * ends a sentence unless it closes an abbreviation ("U.S.", "Sept.").
 */
static void
tokenize(struct nw_extractor *x)
{
	const char *s = x->text;
	size_t len = x->len, i = 0, k;
	uint32_t sent = 0;

	x->ntoks = 0;
	while (i < len) {
		size_t st;

		if (!is_wordbyte(s, i, len)) {
			i++;
			continue;
		}
		st = i;
		while (i < len && is_wordbyte(s, i, len))
			i++;
		tok_add(x, st, i - st);
		/* possessive: 's or ’s right after the word */
		if (i + 1 < len && s[i] == '\'' && (s[i + 1] == 's' ||
		    s[i + 1] == 'S') && (i + 2 >= len ||
		    !is_wordbyte(s, i + 2, len))) {
			x->toks[x->ntoks - 1].gap |= G_POSS;
			i += 2;
		} else if (i + 3 < len && (unsigned char)s[i] == 0xe2 &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x99 && s[i + 3] == 's' &&
		    (i + 4 >= len || !is_wordbyte(s, i + 4, len))) {
			x->toks[x->ntoks - 1].gap |= G_POSS;
			i += 4;
		} else if (i < len && s[i] == '\'' && i > 0 &&
		    (s[i - 1] == 's') && (i + 1 >= len ||
		    !is_wordbyte(s, i + 1, len))) {
			x->toks[x->ntoks - 1].gap |= G_POSS;	/* "states'" */
			i++;
		} else if (i + 3 < len && s[i] == '\'' && s[i + 1] == 's' &&
		    is_wordbyte(s, i + 2, len) && is_wordbyte(s, i + 3, len) &&
		    i - st >= 2 && s[st] >= 'A' && s[st] <= 'Z') {
			/* "Iran'soil": a possessive glued to the next word
			   by a repair of split words */
			x->toks[x->ntoks - 1].gap |= G_POSS;
			i += 2;
		} else if (i + 2 < len && s[i] == '.' && s[i + 1] == '\'' &&
		    (s[i + 2] == 's' || s[i + 2] == 'S') && i - st == 1 &&
		    s[st] >= 'A' && s[st] <= 'Z' && (i + 3 >= len ||
		    !is_wordbyte(s, i + 3, len))) {
			/* "the U.K.'s agency": the period is the
			   abbreviation's */
			x->toks[x->ntoks - 1].gap |= G_POSS;
			i += 3;
		}
	}
	for (k = 0; k < x->ntoks; k++) {
		struct tok *t = &x->toks[k];
		size_t a = t->off + t->len, b;
		int poss;

		b = k + 1 < x->ntoks ? x->toks[k + 1].off : len;
		if (t->gap & G_POSS) {
			/* past "'s", "’s", ".'s" or "s'" */
			if (a < b && s[a] == '.')
				a += 3;
			else if (a + 2 == b && s[a] == '\'')
				a += 2;		/* "Iran'soil" */
			else if (a < b && (unsigned char)s[a] == 0xe2)
				a += 4;
			else if (a + 1 < b && s[a] == '\'' &&
			    (s[a + 1] == 's' || s[a + 1] == 'S'))
				a += 2;
			else
				a += 1;
		}
		if (a > b)
			a = b;
		t->sent = sent;
		t->gap |= gap_flags(s, a, b, &poss);
		if ((t->gap & G_PERIOD) && k + 1 < x->ntoks &&
		    !is_abbrev(s + t->off, t->len)) {
			const struct tok *nx = &x->toks[k + 1];
			unsigned char c0 = (unsigned char)s[nx->off];

			/* a space after the period, a capital or digit next */
			if (b > a + 1 && ((c0 >= 'A' && c0 <= 'Z') ||
			    (c0 >= '0' && c0 <= '9') || c0 >= 0x80)) {
				t->gap |= G_SENT;
				sent++;
			}
		} else if ((t->gap & G_PERIOD) && k + 1 < x->ntoks &&
		    t->len == 4 && s[t->off] >= '0' && s[t->off] <= '9') {
			/* "September 2022." opens every entry */
			t->gap |= G_SENT;
			sent++;
		}
	}
}

/* --- small helpers over words -------------------------------------------- */

#define TOK(t)		(x->toks[(t)])
#define VALID(t)	((t) >= 0 && (size_t)(t) < x->ntoks)

static int
same_sent(const struct nw_extractor *x, int a, int b)
{
	return VALID(a) && VALID(b) && TOK(a).sent == TOK(b).sent;
}

/* Is word t the text w (ASCII, case-insensitive)? */
static int
teq(const struct nw_extractor *x, int t, const char *w)
{
	const char *s;
	size_t i;

	if (!VALID(t))
		return 0;
	s = x->text + TOK(t).off;
	for (i = 0; i < TOK(t).len; i++) {
		char a = s[i], b = w[i];

		if (b == '\0')
			return 0;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return w[i] == '\0';
}

/* Is word t in the cue table as the pair "w1 w2" with word t+1? */
static const struct cue *
pair_cue(const struct nw_extractor *x, int t)
{
	char buf[WORD_MAX];
	size_t a, b;

	if (!VALID(t) || !VALID(t + 1))
		return NULL;
	a = TOK(t).len;
	b = TOK(t + 1).len;
	if (a + b + 1 > WORD_MAX)
		return NULL;
	memcpy(buf, x->text + TOK(t).off, a);
	buf[a] = ' ';
	memcpy(buf + a + 1, x->text + TOK(t + 1).off, b);
	return cue_lookup(x, buf, a + 1 + b, NULL);
}

static const struct cue *
triple_cue(const struct nw_extractor *x, int t)
{
	char buf[WORD_MAX];
	size_t a, b, c;

	if (!VALID(t) || !VALID(t + 2))
		return NULL;
	a = TOK(t).len;
	b = TOK(t + 1).len;
	c = TOK(t + 2).len;
	if (a + b + c + 2 > WORD_MAX)
		return NULL;
	memcpy(buf, x->text + TOK(t).off, a);
	buf[a] = ' ';
	memcpy(buf + a + 1, x->text + TOK(t + 1).off, b);
	buf[a + 1 + b] = ' ';
	memcpy(buf + a + 2 + b, x->text + TOK(t + 2).off, c);
	return cue_lookup(x, buf, a + b + c + 2, NULL);
}

/* Classes of word t, with those of a two- or three-word name it starts. */
static uint32_t
cls_at(const struct nw_extractor *x, int t)
{
	if (!VALID(t))
		return 0;
	return TOK(t).cls | TOK(t).cls2;
}

/* Note the two- and three-word names ("New York Times", "Trend Micro"). */
static void
multiword_cues(struct nw_extractor *x)
{
	size_t t;

	for (t = 0; t + 1 < x->ntoks; t++) {
		const struct cue *c;

		if (!(x->toks[t].mark & MK_MWSTART) ||
		    (x->toks[t].gap & (G_BREAK | G_COMMA)))
			continue;
		c = triple_cue(x, (int)t);
		if (c == NULL)
			c = pair_cue(x, (int)t);
		if (c != NULL) {
			x->toks[t].cls2 = c->cls;
			x->toks[t].sec |= c->sec;
			if (c->id != 0 && x->toks[t].id == 0)
				x->toks[t].id = c->id;
		}
	}
}

/* The first word of the sentence that holds word t. */
static int
sent_start(const struct nw_extractor *x, int t)
{
	while (t > 0 && TOK(t - 1).sent == TOK(t).sent)
		t--;
	return t;
}

static int
sent_end(const struct nw_extractor *x, int t)
{
	while ((size_t)t + 1 < x->ntoks && TOK(t + 1).sent == TOK(t).sent)
		t++;
	return t + 1;
}

/* Does word t begin a sentence (so its capital letter says nothing)? */
static int
sent_initial(const struct nw_extractor *x, int t)
{
	return t == 0 || TOK(t - 1).sent != TOK(t).sent ||
	    (TOK(t - 1).gap & (G_QUOTE | G_SEMI));
}

/* A capitalized word of a name ("Visma", "Bundespolizei"). */
static int
is_proper(const struct nw_extractor *x, int t)
{
	return VALID(t) && TOK(t).cap && !sent_initial(x, t) &&
	    !(TOK(t).cls & (C_REPORT | C_AGENT | C_BE | C_PREP | C_CLAUSE |
	    C_DET | C_HEDGE | C_ADV));
}

/* --- state mentions ------------------------------------------------------ */

/* The first word at or after byte off. */
static int
tok_at(const struct nw_extractor *x, size_t off)
{
	size_t lo = 0, hi = x->ntoks;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (x->toks[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (int)lo;
}

static int
mention_add(struct nw_extractor *x, size_t so, size_t eo, uint32_t val,
    uint16_t flags)
{
	struct mention *m;
	int t0 = tok_at(x, so), t1 = t0, t;

	while ((size_t)t1 < x->ntoks && TOK(t1).off < eo)
		t1++;
	if (t1 == t0 || x->nms == MAX_MENTIONS)
		return -1;
	for (t = t0; t < t1; t++)
		if (TOK(t).m >= 0)
			return -1;
	m = &x->ms[x->nms];
	memset(m, 0, sizeof(*m));
	m->off = (uint32_t)so;
	m->len = (uint32_t)(eo - so);
	m->t0 = t0;
	m->t1 = t1;
	m->state = (uint16_t)(val >> 2);
	m->kind = (uint8_t)(val & 3);
	m->flags = flags;
	m->pc = PC_UNKNOWN;
	for (t = t0; t < t1; t++)
		TOK(t).m = (int32_t)x->nms;
	x->nms++;
	return 0;
}

static const char *
state_iso(const struct nw_extractor *x, const struct mention *m)
{
	return nw_refdata_state_at(x->ref, m->state)->iso2;
}

/*
 * Forms that name something else in this place: "New Mexico", "Latin
 * American", "Washington Post", "Paris Call", "South China Sea",
 * "Jordan Peterson", "Georgia Tech", "Columbia University".
 */
static int
mention_excluded(const struct nw_extractor *x, const struct mention *m)
{
	const char *iso = state_iso(x, m);
	const char *s = x->text + m->off;
	int p = m->t0 - 1, nx = m->t1;

	if (VALID(p) && !(TOK(p).gap & G_BREAK) && TOK(p).cap &&
	    TOK(p).id == W_NEW && !(TOK(p).gap & G_HYPH))
		return 1;	/* New Mexico, New Jersey, New Guinea */
	if (strcmp(iso, "US") == 0 && (m->len >= 7 &&
	    memcmp(s, "America", 7) == 0) && VALID(p) && TOK(p).cap &&
	    (TOK(p).id == W_REGION || TOK(p).gap & G_HYPH))
		return 1;	/* Latin American, African-American */
	if (VALID(nx) && TOK(nx).cap && !(TOK(m->t1 - 1).gap & G_BREAK) &&
	    (TOK(nx).id == W_INSTEXCL || TOK(nx).id == W_GEOEXCL))
		return 1;	/* Washington Post, Paris Call, China Sea */
	if (VALID(p) && teq(x, p, "South") && teq(x, nx, "Sea"))
		return 1;
	if (VALID(p) && TOK(p).id == W_OF && VALID(p - 1) &&
	    TOK(p - 1).id == W_GEOEXCL)
		return 1;	/* Gulf of Mexico, Sea of Japan */
	if ((strcmp(iso, "JO") == 0 || strcmp(iso, "TD") == 0) &&
	    m->kind == K_NAME && VALID(nx) && TOK(nx).cap &&
	    !(TOK(m->t1 - 1).gap & G_BREAK) && TOK(nx).m < 0)
		return 1;	/* Jordan Peterson */
	if (strcmp(iso, "GE") == 0 && m->kind == K_NAME) {
		if (teq(x, nx, "Tech") || teq(x, nx, "State") ||
		    (teq(x, p, "of") && teq(x, p - 1, "state")) ||
		    teq(x, p, "Atlanta") || teq(x, nx, "Secretary"))
			return 1;
	}
	if (strcmp(iso, "CO") == 0 && m->len >= 8 &&
	    memcmp(s, "Columbi", 7) == 0) {
		if (teq(x, p, "British") || (teq(x, p, "of") &&
		    teq(x, p - 1, "District")) || teq(x, nx, "University") ||
		    teq(x, nx, "Pipeline") || teq(x, nx, "Sportswear") ||
		    teq(x, nx, "Journalism") || teq(x, nx, "Records") ||
		    teq(x, nx, "Pictures") || teq(x, nx, "Gas") ||
		    teq(x, nx, "River"))
			return 1;
	}
	return 0;
}

/* Does a match at byte off start a word? */
static int
word_start(const struct nw_extractor *x, size_t off)
{
	return off == 0 || !is_wordbyte(x->text, off - 1, x->len) ||
	    ((unsigned char)x->text[off - 1] >= 0x80 &&
	    (unsigned char)x->text[off] >= 0x80);
}

static int
find_states(struct nw_extractor *x, struct nw_error *err)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
	size_t start = 0, i;
	int rc;

	x->nms = 0;
	while (start < x->len) {
		uint32_t val;

		rc = pcre2_match(x->re_state, (PCRE2_SPTR)x->text, x->len,
		    start, 0, x->md, x->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			x->limit_hit = 1;
			nw_error_set(err, NW_E_LIMIT,
			    "state names: pcre2 error %d", rc);
			return -1;
		}
		if (ov[1] <= ov[0] || !word_start(x, ov[0])) {
			start = ov[0] + 1;
			continue;
		}
		if (htab_get(&x->terms, x->text + ov[0], ov[1] - ov[0],
		    &val) == 0)
			(void)mention_add(x, ov[0], ov[1], val, 0);
		start = ov[1];
	}
	/* drop the forms that name something else here */
	for (i = 0; i < x->nms; i++)
		if (mention_excluded(x, &x->ms[i]))
			x->ms[i].role = R_SKIP;
	return 0;
}

/*
 * Names the document lexicon could not repair: "Irani an" is "Iranian"
 * when the joined word is a state form and neither piece is a word we
 * know.
 */
static void
find_split_states(struct nw_extractor *x)
{
	size_t t;
	char buf[64];

	for (t = 0; t + 1 < x->ntoks; t++) {
		const struct tok *a = &x->toks[t], *b = &x->toks[t + 1];
		uint32_t val;
		size_t n = a->len + b->len;

		if (a->m >= 0 || b->m >= 0 || !a->cap || b->cap ||
		    a->gap != 0 || b->off != a->off + a->len + 1 ||
		    x->text[a->off + a->len] != ' ' || n >= sizeof(buf) ||
		    a->cls != 0 || a->id != 0 || b->len > 4)
			continue;
		memcpy(buf, x->text + a->off, a->len);
		memcpy(buf + a->len, x->text + b->off, b->len);
		if (htab_get(&x->terms, buf, n, &val) == -1)
			continue;
		/* the mention spans both pieces and the space */
		if (mention_add(x, a->off, b->off + b->len, val,
		    MF_SPLIT) == 0)
			t++;
	}
}

/* --- actors -------------------------------------------------------------- */

static int
actor_add(struct nw_extractor *x, size_t so, size_t eo, int actor,
    int kind_known, enum nw_actor_kind kind)
{
	struct amention *a;
	size_t n = eo - so, i;
	int t;

	if (n == 0 || x->nas == MAX_AMENTIONS)
		return -1;
	for (i = 0; i < x->nas; i++) {
		struct amention *o = &x->as[i];

		/* overlapping: keep the longer, with the kind known of the
		   shorter ("Anonymous Philippines": hacktivists) */
		if (so < o->off + o->len && o->off < eo) {
			if (n <= o->len)
				return -1;
			if (!kind_known && o->kind_known) {
				kind_known = 1;
				kind = o->kind;
			}
			memmove(o, o + 1, (x->nas - i - 1) * sizeof(*o));
			x->nas--;
			i--;
		}
	}
	a = &x->as[x->nas++];
	memset(a, 0, sizeof(*a));
	a->off = (uint32_t)so;
	a->len = (uint32_t)n;
	a->actor = actor;
	a->kind = kind;
	a->kind_known = kind_known;
	if (n >= NW_MAX_ACTOR_NAME)
		n = NW_MAX_ACTOR_NAME - 1;
	memcpy(a->name, x->text + so, n);
	a->name[n] = '\0';
	a->t0 = tok_at(x, so);
	for (t = a->t0; VALID(t) && TOK(t).off < eo; t++)
		;
	a->t1 = t;
	return 0;
}

/* A weak name ("Anonymous") counts only next to words that make it a group. */
static int
weak_ok(const struct nw_extractor *x, int t0, int t1)
{
	int p = t0 - 1, k;

	if (VALID(t1) && (TOK(t1).cls & (C_ATK | C_AGENT | C_REPORT)) &&
	    !(TOK(t1 - 1).gap & G_BREAK) && !teq(x, t1, "sources"))
		return 1;
	for (k = 0; k < 3 && VALID(p - k) && same_sent(x, p - k, t0); k++)
		if (TOK(p - k).cls & (C_ATK | C_NONSTATE))
			return 1;
	return 0;
}

/* A one-word "X Group" or "X Team" is an actor only near attacker words. */
static int
groupname_ok(const struct nw_extractor *x, int t0, int t1)
{
	int k;

	if (VALID(t0) && TOK(t0).cls != 0)
		return 0;	/* "Research Group", "Security Team" */
	for (k = 1; k <= 4 && VALID(t0 - k) && same_sent(x, t0 - k, t0); k++)
		if ((TOK(t0 - k).cls & (C_ATK | C_NONSTATE)) ||
		    teq(x, t0 - k, "called") || teq(x, t0 - k, "named") ||
		    teq(x, t0 - k, "dubbed"))
			return 1;
	if (VALID(t1) && (TOK(t1).cls & C_AGENT) && same_sent(x, t0, t1))
		return 1;
	if (VALID(t0 - 1) && TOK(t0 - 1).id == W_BY)
		return 1;
	return 0;
}

/* A word for malicious software: a name after it names the software. */
static int
malware_noun(const struct nw_extractor *x, int t)
{
	static const char *const mw[] = { "malware", "wiper", "ransomware",
	    "virus", "worm", "trojan", "backdoor", "botnet", "spyware",
	    "implant", "loader", "rootkit", "exploit", "tool", "variant",
	    "strain" };
	size_t i;

	for (i = 0; i < NW_NELEM(mw); i++)
		if (teq(x, t, mw[i]))
			return 1;
	return 0;
}

/* "a group called X", "hackers calling themselves X" */
static int
called_ok(const struct nw_extractor *x, int t)
{
	int k, lim = 2;

	if (TOK(t).id == W_CALLING || TOK(t).id == W_GOING)
		return 1;
	/* "a group it calls RedEcho": past the pronoun */
	if (teq(x, t - 1, "it") || teq(x, t - 1, "they"))
		lim = 3;
	for (k = 1; k <= lim && VALID(t - k) && same_sent(x, t - k, t); k++) {
		if (TOK(t - k).id == W_UNIT)
			return 1;	/* "a ... unit known as Sandworm" */
		if (TOK(t - k).cls & (C_ATK | C_NONSTATE)) {
			/* "wiper malware, dubbed WhisperGate": a name of
			   malware, not of an actor */
			if (malware_noun(x, t - k))
				return 0;
			return !(TOK(t - k).cls & C_TARGET) ||
			    TOK(t - k).id == W_GROUPNOUN;
		}
	}
	return 0;
}

/* Is word t a capitalized word joined to word t+1 by one space? */
static int
name_part(const struct nw_extractor *x, int t)
{
	return VALID(t) && TOK(t).cap && TOK(t).m < 0 && TOK(t).a < 0 &&
	    (TOK(t).gap & ~G_POSS) == 0 && !(TOK(t).gap & G_POSS) &&
	    !(TOK(t).cls & (C_DET | C_PREP | C_CLAUSE | C_BE));
}

static void
shape_add(struct nw_extractor *x, int t0, int t1, int kind_known,
    enum nw_actor_kind kind)
{
	uint32_t val;
	size_t so = TOK(t0).off, eo = TOK(t1 - 1).off + TOK(t1 - 1).len;

	if (htab_get(&x->terms, x->text + so, eo - so, &val) == 0)
		return;
	(void)actor_add(x, so, eo, -1, kind_known, kind);
}

/* Is word t all digits? */
static int
all_digits(const struct nw_extractor *x, int t)
{
	uint32_t i;

	if (!VALID(t) || TOK(t).len == 0 || TOK(t).len > 5)
		return 0;
	for (i = 0; i < TOK(t).len; i++)
		if (x->text[TOK(t).off + i] < '0' ||
		    x->text[TOK(t).off + i] > '9')
			return 0;
	return 1;
}

/* Vendors' tracking names: APT28, APT 41, UNC2452, TA505, FIN7, Storm-0558. */
static int
tracking_name(const struct nw_extractor *x, int t, int *end)
{
	static const char *const joined[] = { "APT", "UNC", "TA", "FIN" };
	static const char *const hyphened[] = { "Storm", "DEV", "UAC", "TAG",
	    "APT" };
	const char *s = x->text + TOK(t).off;
	size_t k, n, len = TOK(t).len;

	for (k = 0; k < NW_NELEM(joined); k++) {
		n = strlen(joined[k]);
		if (len > n && len <= n + 5 && memcmp(s, joined[k], n) == 0) {
			size_t i;

			for (i = n; i < len; i++)
				if (s[i] < '0' || s[i] > '9')
					break;
			if (i == len) {
				*end = t + 1;
				return 1;
			}
		}
	}
	for (k = 0; k < NW_NELEM(hyphened); k++) {
		n = strlen(hyphened[k]);
		if (len == n && memcmp(s, hyphened[k], n) == 0 &&
		    (TOK(t).gap == G_HYPH || (TOK(t).gap == 0 && k == 4)) &&
		    all_digits(x, t + 1)) {
			*end = t + 2;
			return 1;
		}
	}
	return 0;
}

/* A capitalized word of a person's name: "Maksym". */
static int
person_part(const struct nw_extractor *x, int t)
{
	const char *s;
	uint32_t i;

	if (!VALID(t) || !TOK(t).cap || TOK(t).len < 2 || TOK(t).m >= 0 ||
	    TOK(t).cls != 0 || TOK(t).id != 0)
		return 0;
	s = x->text + TOK(t).off;
	for (i = 1; i < TOK(t).len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

/* "hacker Jane Roe", "the one hacker convicted (Jane Roe)" */
static void
shape_person(struct nw_extractor *x, int t)
{
	int j = t + 1, k, e = sent_end(x, t);

	if (VALID(j) && (TOK(j).id == W_CALLED || TOK(j).id == W_KNOWN)) {
		j += TOK(j).id == W_KNOWN ? 2 : 1;
	}
	if (!(TOK(t).gap & G_BREAK) && person_part(x, j) &&
	    person_part(x, j + 1) && TOK(j).gap == 0) {
		k = TOK(j + 1).gap == 0 && person_part(x, j + 2) ? j + 3 :
		    j + 2;
		shape_add(x, j, k, 1, NW_ACTOR_PERSON);
		return;
	}
	for (j = t; j < e && j < t + 14; j++) {
		if (!(TOK(j).gap & G_OPEN) || (TOK(j).gap & G_SENT))
			continue;
		if (person_part(x, j + 1) && person_part(x, j + 2) &&
		    TOK(j + 1).gap == 0) {
			k = person_part(x, j + 3) && TOK(j + 2).gap == 0 ?
			    j + 3 : j + 2;
			if (TOK(k).gap & G_CLOSE)
				shape_add(x, j + 1, k + 1, 1, NW_ACTOR_PERSON);
		}
		return;
	}
}

/* "(a group) called "The Dukes"", "calling itself the Cyber Partisans" */
static void
shape_called(struct nw_extractor *x, int t)
{
	int j = t + 1, k;

	if (TOK(t).id == W_KNOWN) {
		if (!VALID(j) || TOK(j).id != W_AS)
			return;
		j++;
	} else if (TOK(t).id == W_CALLING) {
		if (!VALID(j) || TOK(j).id != W_ITSELF)
			return;
		j++;
	} else if (TOK(t).id == W_GOING) {
		if (!VALID(j) || TOK(j).id != W_BY)
			return;
		j++;
	}
	if (!called_ok(x, t))
		return;
	if (VALID(j) && TOK(j).id == W_THE && !TOK(j).cap)
		j++;
	if (!VALID(j) || !same_sent(x, t, j) || !(TOK(j).cap ||
	    (x->text[TOK(j).off] >= '0' && x->text[TOK(j).off] <= '9')) ||
	    TOK(j).m >= 0)
		return;
	/* a state's name may end the name: "Anonymous Philippines" */
	for (k = j + 1; k < j + 4 && VALID(k) && TOK(k - 1).gap == 0 &&
	    TOK(k).cap && (TOK(k).m < 0 || x->ms[TOK(k).m].kind == K_NAME);
	    k++)
		if (TOK(k).m >= 0) {
			k = x->ms[TOK(k).m].t1;
			break;
		}
	shape_add(x, j, k, 0, NW_ACTOR_STATE);
}

static int
month_name(const struct nw_extractor *x, int t)
{
	static const char *const mn[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December", "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };
	size_t i;

	for (i = 0; i < NW_NELEM(mn); i++)
		if (teq(x, t, mn[i]))
			return 1;
	return 0;
}

/*
 * Names shaped by their last word: "Fancy Bear", "Volt Typhoon" (vendor
 * naming schemes), "Lazarus Group" or "Hacking Team" near attacker words,
 * "Syrian Electronic Army", "the Conti ransomware gang"; and tracking
 * names, "a group called X", "hacker (Name Surname)".
 */
static void
shape_words(struct nw_extractor *x)
{
	int t, n = (int)x->ntoks, end;

	for (t = 0; t < n; t++) {
		if (TOK(t).a >= 0)
			continue;
		if (TOK(t).cap && tracking_name(x, t, &end))
			shape_add(x, t, end, 0, NW_ACTOR_STATE);
		else if (TOK(t).id == W_CALLED || TOK(t).id == W_KNOWN ||
		    TOK(t).id == W_CALLING || TOK(t).id == W_GOING)
			shape_called(x, t);
		else if (TOK(t).id == W_HACKERS || TOK(t).id == W_ROLEP ||
		    ((TOK(t).id == W_PEOPLE || (TOK(t).cls == 0 &&
		    !TOK(t).cap)) && TOK(t).gap == G_COMMA &&
		    VALID(t - 1) && TOK(t - 1).m >= 0 &&
		    x->ms[TOK(t - 1).m].kind == K_ADJ))
			shape_person(x, t);	/* "a Russian man, Name
						   Surname", "a North Korean
						   programmer, Name" */
	}
	for (t = 1; t < n; t++) {
		const struct tok *w = &TOK(t);

		if (!w->cap || w->a >= 0 || w->m >= 0 || w->id == 0)
			continue;
		if (w->id == W_ANIMAL && name_part(x, t - 1)) {
			shape_add(x, name_part(x, t - 2) ? t - 2 : t - 1, t + 1,
			    0, NW_ACTOR_STATE);
			continue;
		}
		if ((w->id == W_GROUPNOUN || w->id == W_TEAM) &&
		    name_part(x, t - 1) && groupname_ok(x, t - 1, t + 1)) {
			shape_add(x, t - 1, t + 1, 0, NW_ACTOR_STATE);
			continue;
		}
		if (w->id == W_ARMY && VALID(t - 1) && (TOK(t - 1).id ==
		    W_ELECTRONIC || TOK(t - 1).id == W_CYBER) &&
		    name_part(x, t - 1)) {
			shape_add(x, name_part(x, t - 2) ? t - 2 : t - 1, t + 1,
			    0, NW_ACTOR_STATE);
			continue;
		}
	}
	/* "the hacktivist group CyberBerkut", "the gang Cl0p" */
	for (t = 1; t + 1 < n; t++) {
		int k;

		if (TOK(t).id != W_GROUPNOUN || TOK(t).cap ||
		    (TOK(t).gap & ~G_POSS) != 0 || (TOK(t).gap & G_POSS) ||
		    !name_part(x, t + 1) || TOK(t + 1).cls != 0 ||
		    TOK(t + 1).id != 0 || month_name(x, t + 1))
			continue;
		/* "the aerospace group EADS", "a media group": a company */
		if (TOK(t - 1).sec != 0 || (TOK(t - 1).cls & (C_ORG |
		    C_MEDIA | C_VENDOR | C_SECMOD)))
			continue;
		for (k = t + 2; k < t + 4 && k < n && TOK(k - 1).gap == 0 &&
		    TOK(k).cap && TOK(k).m < 0 && TOK(k).a < 0 &&
		    !(TOK(k).cls & (C_REPORT | C_AGENT | C_BE | C_PREP |
		    C_CLAUSE | C_DET)); k++)
			;
		shape_add(x, t + 1, k, 0, NW_ACTOR_STATE);
	}
	/* "Russia's Sandworm group", "the Rhysida gang" */
	for (t = 2; t < n; t++) {
		const struct tok *p2 = &TOK(t - 2);

		if (TOK(t).id != W_GROUPNOUN || TOK(t).cap ||
		    !name_part(x, t - 1) || TOK(t - 1).cls != 0 ||
		    TOK(t - 1).id != 0 || sent_initial(x, t - 1) ||
		    month_name(x, t - 1))
			continue;
		/* a gang always; "the X group" near attacker words (not
		   "the SingHealth group") */
		if ((p2->m >= 0 && ((p2->gap & G_POSS) ||
		    x->ms[p2->m].kind == K_ADJ) && p2->gap != G_HYPH) ||
		    (p2->id == W_THE && ((TOK(t).cls & C_NONSTATE) ||
		    groupname_ok(x, t - 1, t + 1))))
			shape_add(x, t - 1, t, 0, NW_ACTOR_STATE);
	}
	/* "Name Name, a hacktivist group" */
	for (t = 2; t < n; t++) {
		int j, k;

		if (TOK(t).id != W_GROUPNOUN || TOK(t).cap)
			continue;
		for (j = t - 1; j > 0 && j > t - 5 && (TOK(j).cls & (C_MOD |
		    C_ATK)) && !(TOK(j).cls & C_DET) && TOK(j - 1).gap == 0;
		    j--)
			;
		while (j > 0 && j > t - 6 && (TOK(j).gap & G_HYPH))
			j--;	/* "a state-sponsored group" */
		if (TOK(j).id != W_A || !VALID(j - 1) ||
		    TOK(j - 1).gap != G_COMMA)
			continue;
		k = j - 1;
		if (!TOK(k).cap || TOK(k).a >= 0 || TOK(k).m >= 0 ||
		    (TOK(k).cls & ~C_MOD))
			continue;
		for (j = k; j > k - 3 && j > 0 && TOK(j - 1).gap == 0 &&
		    TOK(j - 1).cap && TOK(j - 1).a < 0 &&
		    !(TOK(j - 1).cls & (C_DET | C_PREP | C_REPORT | C_AGENT)) &&
		    same_sent(x, j - 1, k); j--)
			;
		shape_add(x, j, k + 1, 0, NW_ACTOR_STATE);
	}
	/* "the Cuba ransomware gang": a gang named like a state */
	for (t = 2; t + 1 < n; t++)
		if (TOK(t).id == W_RANSOMWARE && TOK(t).gap == 0 &&
		    (TOK(t + 1).id == W_GROUPNOUN ||
		    teq(x, t + 1, "operators")) && TOK(t - 1).m >= 0 &&
		    TOK(t - 1).gap == 0 && TOK(t - 2).id == W_THE &&
		    x->ms[TOK(t - 1).m].t0 == t - 1 &&
		    x->ms[TOK(t - 1).m].kind == K_NAME)
			(void)actor_add(x, TOK(t - 1).off, TOK(t - 1).off +
			    TOK(t - 1).len, -1, 1, NW_ACTOR_CRIMINAL);
	/* X ransomware gang */
	for (t = 1; t + 1 < n; t++)
		if (TOK(t).id == W_RANSOMWARE && TOK(t).gap == 0 &&
		    (TOK(t + 1).id == W_GROUPNOUN ||
		    teq(x, t + 1, "operators") ||
		    teq(x, t + 1, "affiliates")) &&
		    name_part(x, t - 1) && TOK(t - 1).cls == 0 &&
		    !sent_initial(x, t - 1))
			shape_add(x, name_part(x, t - 2) &&
			    TOK(t - 2).cls == 0 && !sent_initial(x, t - 2) ?
			    t - 2 : t - 1, t, 1, NW_ACTOR_CRIMINAL);
}

/*
 * "hackers claiming to be the Cyber Caliphate", "posing as X": the name
 * at word t is a disguise, no evidence of who attacked.
 */
static int
posed_as(const struct nw_extractor *x, int t)
{
	int p = t - 1;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	if (!VALID(p) || !same_sent(x, p, t))
		return 0;
	if (TOK(p).id == W_AS)
		return teq(x, p - 1, "posing") || teq(x, p - 1, "posed") ||
		    teq(x, p - 1, "masquerading") ||
		    teq(x, p - 1, "disguised") || teq(x, p - 1, "pretending");
	if (!teq(x, p, "be") || !VALID(p - 2) || TOK(p - 1).id != W_TO)
		return 0;
	return TOK(p - 2).id == W_CLAIMED || teq(x, p - 2, "claiming") ||
	    teq(x, p - 2, "pretending") || teq(x, p - 2, "purporting") ||
	    teq(x, p - 2, "purported");
}

/* "ALPHV/BlackCat": two names of one actor, written as one */
static void
merge_slashed(struct nw_extractor *x)
{
	size_t i, j;

	for (i = 0; i < x->nas; i++) {
		struct amention *a = &x->as[i];

		for (j = 0; j < x->nas; j++) {
			struct amention *b = &x->as[j];
			size_t n;

			if (j == i || b->off != a->off + a->len + 1 ||
			    x->text[a->off + a->len] != '/')
				continue;
			a->len = b->off + b->len - a->off;
			n = a->len < NW_MAX_ACTOR_NAME ? a->len :
			    NW_MAX_ACTOR_NAME - 1;
			memcpy(a->name, x->text + a->off, n);
			a->name[n] = '\0';
			a->t1 = b->t1;
			if (!a->kind_known && b->kind_known) {
				a->kind_known = 1;
				a->kind = b->kind;
				a->actor = b->actor;
			}
			memmove(b, b + 1, (x->nas - j - 1) * sizeof(*b));
			x->nas--;
			if (j < i)
				i--;
			a = &x->as[i];
			j = (size_t)-1;	/* again, for a third name */
		}
	}
}

static int
find_actors(struct nw_extractor *x, struct nw_error *err)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
	size_t start = 0, i;
	int rc, t;

	x->nas = 0;
	while (start < x->len) {
		uint32_t val;

		rc = pcre2_match(x->re_actor, (PCRE2_SPTR)x->text, x->len,
		    start, 0, x->md, x->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0)
			goto limit;
		if (ov[1] <= ov[0] || !word_start(x, ov[0])) {
			start = ov[0] + 1;
			continue;
		}
		if (htab_get(&x->actors, x->text + ov[0], ov[1] - ov[0],
		    &val) == 0) {
			const struct nw_actor_ref *ac =
			    nw_refdata_actor_at(x->ref, val);
			int t0 = tok_at(x, ov[0]), t1 = tok_at(x, ov[1]);

			if (!ac->weak || weak_ok(x, t0, t1))
				(void)actor_add(x, ov[0], ov[1], (int)val, 1,
				    ac->kind);
		}
		start = ov[1];
	}
	shape_words(x);
	merge_slashed(x);
	/* mark the words */
	for (i = 0; i < x->nas; i++) {
		for (t = x->as[i].t0; t < x->as[i].t1 && VALID(t); t++)
			TOK(t).a = (int32_t)i;
		x->as[i].posed = posed_as(x, x->as[i].t0);
	}
	return 0;
limit:
	x->limit_hit = 1;
	return nw_error_set(err, NW_E_LIMIT, "actor names: pcre2 error %d", rc);
}

/* --- noun phrases -------------------------------------------------------- */

struct np {
	int		end;	/* first word after the phrase */
	int		head;	/* head word, or -1 */
	uint32_t	hcls;	/* classes of the head */
	int		agency;	/* an agency mention inside, or -1 */
	int		secmod;	/* a word that makes a firm a vendor */
	int		vname;	/* a vendor's name inside or right after */
	int		campaign_excl; /* "election campaign": no attack */
	int		nonstate;
	int		statemod;	/* state, government, military words */
	int		linkhyph;	/* "government-linked": suspected */
	int		atkmod;		/* an attacker word before the head */
};

/* Can word t continue a noun phrase (without being its head)? */
static int
np_word(const struct nw_extractor *x, int t)
{
	if (!VALID(t))
		return 0;
	if (TOK(t).m >= 0 || TOK(t).a >= 0)
		return 1;
	if (TOK(t).cls & (C_HEADS | C_MOD | C_SECMOD | C_VNAME))
		return !(TOK(t).cls & (C_REPORT | C_BE | C_PREP | C_CLAUSE));
	if (is_proper(x, t))
		return 1;
	return TOK(t).len > 0 && x->text[TOK(t).off] >= '0' &&
	    x->text[TOK(t).off] <= '9';
}

/* An unknown lower-case word followed soon by a head ("cancer institutes"). */
static int
np_filler(const struct nw_extractor *x, int t, int limit)
{
	int k;

	if (!VALID(t) || TOK(t).cls != 0 || TOK(t).id != 0 || TOK(t).cap ||
	    TOK(t).m >= 0)
		return 0;
	for (k = 1; k <= 2 && t + k < limit && VALID(t + k); k++) {
		if (TOK(t + k - 1).gap & (G_BREAK | G_COMMA))
			return 0;
		if (TOK(t + k).cls & C_HEADS)
			return 1;
		if (!(TOK(t + k).cls & C_MOD) && TOK(t + k).cls != 0)
			return 0;
	}
	return 0;
}

/*
 * After a comma that follows word h: do the words from j list more
 * modifiers, joined by "and" or "or", that end in a head noun?  Then h
 * was a modifier of that head too ("government, bank and media
 * websites").
 */
static int
modifier_list(const struct nw_extractor *x, int h, int j)
{
	int k, conj = 0;

	if (!(TOK(h).cls & C_MOD))
		return 0;
	for (k = j; k < j + 6 && VALID(k) && same_sent(x, h, k); k++) {
		const struct tok *w = &TOK(k);

		if (w->id == W_AND || w->id == W_OR) {
			conj = 1;
			continue;
		}
		if (w->m >= 0 || !(w->cls & (C_MOD | C_HEADS)) ||
		    (w->cls & (C_REPORT | C_AGENT | C_BE | C_PREP)))
			return 0;
		if ((w->cls & C_HEADS) && !(w->cls & C_MOD))
			return conj;
		if (k > j && (TOK(k - 1).gap & G_BREAK))
			return 0;
	}
	return 0;
}

/*
 * Scan the noun phrase that starts at word t.  verbish: a bare name
 * precedes, so a word that is both noun and verb ("targets") reads as a
 * verb.
 */
static void
np_scan(const struct nw_extractor *x, int t, int verbish, struct np *np)
{
	int i = t, limit = t + NP_MAX;

	memset(np, 0, sizeof(*np));
	np->head = -1;
	np->agency = -1;
	np->end = t;
	/* a phrase does not go on past the end of a sentence or clause */
	if (t > 0 && VALID(t - 1) && (TOK(t - 1).gap & (G_SENT | G_SEMI)))
		return;
	while (i < limit && VALID(i) && (i == t || same_sent(x, i - 1, i))) {
		const struct tok *k = &TOK(i);
		uint32_t c = k->cls;
		int last;

		if (i > t && (TOK(i - 1).gap & (G_BREAK | G_POSS)))
			break;
		if (k->m >= 0) {
			const struct mention *m = &x->ms[k->m];

			if (m->kind == K_AGENCY && k->a >= 0) {
				np->head = i;	/* "Lazarus Group": a group */
				np->hcls = C_ATK;
			} else if (m->kind == K_AGENCY) {
				np->head = i;
				np->hcls = C_GOVT;
				np->agency = k->m;
			}
			i = m->t1;
			np->end = i;
			if (TOK(i - 1).gap & (G_BREAK | G_POSS))
				break;
			if (TOK(i - 1).gap & G_COMMA)
				goto comma;
			continue;
		}
		if (k->a >= 0) {
			const struct amention *a = &x->as[k->a];

			if (a->kind_known && a->kind == NW_ACTOR_VENDOR)
				np->vname = 1;
			i = a->t1 > i ? a->t1 : i + 1;
			np->end = i;
			continue;
		}
		if (k->id == W_AND || k->id == W_OR) {
			/* "agencies and individuals": two phrases */
			if (np->head >= 0 && !(TOK(np->head).cls & C_MOD) &&
			    TOK(i + 1).m < 0)
				break;
			if ((i == t && !(VALID(i + 1) && TOK(i + 1).m >= 0)) ||
			    !(np_word(x, i + 1) || np_filler(x, i + 1, limit)))
				break;
			i++;
			continue;
		}
		if (k->id == W_OF && is_proper(x, i + 1) && ((np->head >= 0 &&
		    (np->hcls & (C_GOVT | C_ORG))) || is_proper(x, i - 1))) {
			i++;	/* "Department of Justice" */
			continue;
		}
		if ((c & (C_REPORT | C_AGENT | C_BE)) &&
		    (!(c & C_HEADS) || (verbish && i == t)) &&
		    !(i > t && (TOK(i - 1).gap & G_HYPH)))
			break;
		if (i > t && (TOK(i - 1).gap & G_HYPH) && (c & C_SFXSUSP))
			np->linkhyph = 1;
		if (k->id == W_STATE || k->id == W_GOVERNMENT ||
		    k->id == W_MILITARY || k->id == W_INTELLIGENCE ||
		    k->id == W_NATION)
			np->statemod = 1;
		if (c & C_VNAME)
			np->vname = 1;
		if ((c & C_HEADS) && !(TOK(i).cap && k->id == W_GROUPNOUN &&
		    !sent_initial(x, i))) {
			np->head = i;
			np->hcls = c & C_HEADS;
			if (c & C_NONSTATE)
				np->nonstate = 1;
		} else if (!(np_word(x, i) || (np_filler(x, i, limit) &&
		    !(verbish && i == t) && np->head < 0) || (i > t &&
		    (TOK(i - 1).gap & G_HYPH)) || (i == t && k->id == W_NUM)))
			break;	/* "Australia's three main parties" */
		if (c & C_SECMOD)
			np->secmod = 1;
		if ((c & C_ATK) && (c & C_MOD) && k->id != W_RANSOMWARE)
			np->atkmod = 1;
		if (k->id == W_ELECTION || k->id == W_POLITICAL ||
		    (k->sec & S(ELECTIONS)))
			np->campaign_excl = 1;
		i++;
		np->end = i;
		last = i - 1;
		if (TOK(last).gap & G_COMMA) {
comma:
			/* "American, European, and Japanese companies" */
			{
				int j = i;

				if (VALID(j) && (TOK(j).id == W_AND ||
				    TOK(j).id == W_OR))
					j++;
				/* "Estonian government, bank and media
				   websites": modifiers listed before one
				   head */
				if (np->head >= 0 && modifier_list(x, np->head,
				    j)) {
					i = j;
					continue;
				}
				if (np->head >= 0 || !(VALID(j) &&
				    (TOK(j).m >= 0 || is_proper(x, j)) &&
				    (TOK(i - 1).m >= 0 || is_proper(x, i - 1))))
					break;
				i = j;
			}
		}
	}
	/* a firm of security or one named as a vendor is a vendor */
	if (np->head >= 0 && (np->hcls & C_ORG) &&
	    TOK(np->head).id == W_COMPANY && (np->secmod || np->vname ||
	    (VALID(np->end) && (cls_at(x, np->end) & C_VNAME))))
		np->hcls = C_VENDOR;
	if (np->head >= 0 && TOK(np->head).id == W_CAMPAIGN &&
	    np->campaign_excl)
		np->hcls = 0;
	/* "criminal networks", "hacking organizations": attackers */
	if (np->head >= 0 && (np->hcls & C_ORG) && np->atkmod &&
	    (teq(x, np->head, "networks") || teq(x, np->head, "network") ||
	    teq(x, np->head, "organizations") ||
	    teq(x, np->head, "organisations") ||
	    teq(x, np->head, "organization") ||
	    teq(x, np->head, "organisation")))
		np->hcls = C_ATK;
}

/* --- roles --------------------------------------------------------------- */

/*
 * The word before word t that says something, skipping list filler:
 * determiners, "and", "or", commas, adverbs, other states and capitalized
 * place names ("in Europe, Central Asia, and the United States").
 */
static int
prev_cue(struct nw_extractor *x, int t)
{
	int i = t - 1, n = 0, caps = 0, r = -1;

	while (VALID(i) && same_sent(x, i, t) && n++ < 24) {
		const struct tok *k = &TOK(i);

		if (k->gap & G_BREAK)
			break;
		if (k->m >= 0) {
			/* a list: the state before has the same cue */
			if (x->ms[k->m].pc != PC_UNKNOWN) {
				r = x->ms[k->m].pc;
				break;
			}
			i = x->ms[k->m].t0 - 1;
			caps = 0;
			continue;
		}
		if (k->id == W_AND || k->id == W_OR || (k->cls & (C_DET |
		    C_ADV)) || k->id == W_NUM || (x->text[k->off] >= '0' &&
		    x->text[k->off] <= '9')) {
			i--;
			continue;
		}
		if (is_proper(x, i) && (k->cls == 0 || k->id == W_REGION) &&
		    k->a < 0 && caps < 3) {
			caps++;
			i--;
			continue;
		}
		r = i;
		break;
	}
	if (VALID(t) && TOK(t).m >= 0 && x->ms[TOK(t).m].t0 == t)
		x->ms[TOK(t).m].pc = r;
	return r;
}

/* The word after word t that says something, skipping list filler. */
static int
next_cue(const struct nw_extractor *x, int t)
{
	int i = t, n = 0;

	while (VALID(i) && same_sent(x, i, t - 1) && n++ < 24) {
		const struct tok *k = &TOK(i);

		if (TOK(i - 1).gap & G_BREAK)
			return -1;
		if (k->m >= 0 && x->ms[k->m].role != R_SKIP) {
			i = x->ms[k->m].t1;
			continue;
		}
		if (((k->id == W_AND || k->id == W_OR) && VALID(i + 1) &&
		    (TOK(i + 1).m >= 0 || (TOK(i + 1).id == W_THE &&
		    VALID(i + 2) && TOK(i + 2).m >= 0))) ||
		    (k->cls & C_ADV) ||
		    (k->id == W_THE && VALID(i + 1) && TOK(i + 1).m >= 0)) {
			i++;
			continue;
		}
		return i;
	}
	return -1;
}

enum party_kind { P_NONE = -1 };

static int classify_range(const struct nw_extractor *, int, int);
static void subject_range(const struct nw_extractor *, int, int *, int *);

/* Is word v a reporting verb used as a finite verb (not "linked to")? */
static int
finite_report(const struct nw_extractor *x, int v)
{
	int n = v + 1;

	if (!VALID(v) || !(TOK(v).cls & C_REPORT))
		return 0;
	if (TOK(v).id == W_REPORTS && VALID(v - 1) &&
	    (TOK(v - 1).cls & (C_MEDIA | C_DET)))
		return 0;	/* "media reports": a noun */
	{
		/* "was arrested", "has been attributed": passive */
		int b = v - 1;

		while (VALID(b) && (TOK(b).cls & C_ADV) && !(TOK(b).gap &
		    G_BREAK))
			b--;
		if (VALID(b) && TOK(b).id == W_IS_BE && !(TOK(b).gap &
		    G_BREAK) && TOK(v).id != W_SAY && TOK(v).id != W_REPORTS)
			return 0;
	}
	if (VALID(n) && !(TOK(v).gap & G_BREAK) &&
	    (TOK(n).id == W_TO || TOK(n).id == W_OF || TOK(n).id == W_WITH ||
	    TOK(n).id == W_BY) && (TOK(v).cls & (C_LINK | C_HEDGE) ||
	    TOK(v).id == W_ACCUSED || TOK(v).id == W_ATTRIBUTED ||
	    TOK(v).id == W_REPORTED || TOK(v).id == W_BLAMED ||
	    TOK(v).id == W_LEGAL)) {
		/*
		 * "linked to", "accused of", "reported to" are participles
		 * after a noun or "was"; after a speaker ("that the EU later
		 * attributed to Russia") the verb is finite.
		 */
		int p = v - 1;

		while (VALID(p) && (TOK(p).cls & C_ADV) && !(TOK(p).gap &
		    G_BREAK))
			p--;
		if (TOK(n).id == W_BY || !VALID(p) || !same_sent(x, p, v) ||
		    (TOK(p).gap & (G_BREAK | G_COMMA)))
			return 0;
		if ((TOK(p).m >= 0 && !(TOK(v).cls & C_LINK)) ||
		    (cls_at(x, p) & (C_GOVT | C_VENDOR | C_MEDIA | C_GNAME |
		    C_VNAME | C_MNAME)))
			return 1;
		/* "an outage that a U.S. firm linked to ..." */
		{
			int a, b;

			subject_range(x, v, &a, &b);
			if (VALID(a - 1) && (TOK(a - 1).cls & C_CLAUSE) &&
			    classify_range(x, a, b) != P_NONE)
				return 1;
		}
		return 0;
	}
	return 1;
}

/* "attributed by Western governments to ...": the words after "by". */
static int
passive_by(const struct nw_extractor *x, int v, int *a, int *b)
{
	int i;

	if (!VALID(v + 1) || TOK(v + 1).id != W_BY || (TOK(v).gap & G_BREAK) ||
	    !(TOK(v).cls & C_REPORT))
		return 0;
	*a = v + 2;
	for (i = v + 2; VALID(i) && i < v + 2 + SUBJ_MAX &&
	    same_sent(x, i, v); i++) {
		if (TOK(i).id == W_TO || TOK(i).id == W_AS ||
		    (TOK(i).cls & (C_CLAUSE | C_REPORT | C_BE)))
			break;
		if (TOK(i).gap & (G_BREAK | G_COMMA)) {
			i++;
			break;
		}
	}
	*b = i;
	return *b > *a;
}


/* Who are the words [a, b)?  An enum nw_party, or P_NONE. */
static int
classify_range(const struct nw_extractor *x, int a, int b)
{
	int vendor = 0, media = 0, gov = 0, i;

	for (i = a < 0 ? 0 : a; i < b && VALID(i); i++) {
		const struct tok *k = &TOK(i);
		uint32_t c = cls_at(x, i);

		if (c & (C_VNAME | C_VENDOR) || k->id == W_COMPANY)
			vendor = 1;
		if (c & (C_MEDIA | C_MNAME))
			media = 1;
		if (c & (C_GOVT | C_GNAME | C_GOVACT))
			gov = 1;
		if (k->m >= 0 && x->ms[k->m].role != R_SKIP)
			gov = 1;
	}
	if (vendor)
		return NW_PARTY_VENDOR;
	if (media)
		return NW_PARTY_MEDIA;
	if (gov)
		return NW_PARTY_GOVERNMENT;
	return P_NONE;
}

/*
 * The subject of a reporting verb: the words before word v back to the
 * start of its clause (at most SUBJ_MAX).  Sets [*a, *b).
 */
static void
subject_range(const struct nw_extractor *x, int v, int *a, int *b)
{
	int i = v - 1, lo, n = 0;

	/* skip "has", "later", "also" */
	while (VALID(i) && same_sent(x, i, v) && ((TOK(i).cls & (C_ADV |
	    C_BE)) && !(TOK(i).gap & G_BREAK)))
		i--;
	/* "a company they said was ...": the pronoun is the subject */
	if (VALID(i) && same_sent(x, i, v) && (teq(x, i, "they") ||
	    teq(x, i, "it") || teq(x, i, "he") || teq(x, i, "she") ||
	    teq(x, i, "we"))) {
		*a = i;
		*b = i + 1;
		return;
	}
	if (VALID(i) && (TOK(i).cls & C_CLAUSE) && TOK(i).id != W_THAT) {
		/* "hackers who claimed": the phrase before "who" */
		i--;
		lo = i;
		while (VALID(lo - 1) && same_sent(x, lo - 1, v) && n++ < 6 &&
		    !(TOK(lo - 1).gap & (G_BREAK | G_COMMA)) &&
		    (np_word(x, lo - 1) || (TOK(lo - 1).cls & C_DET)) &&
		    !(TOK(lo - 1).cls & (C_AGENT | C_REPORT | C_PREP)))
			lo--;
		*a = lo;
		*b = i + 1;
		return;
	}
	lo = i;
	while (VALID(lo) && same_sent(x, lo, v) && n++ < SUBJ_MAX) {
		if ((TOK(lo).cls & (C_CLAUSE | C_REPORT)) && lo != i) {
			lo++;
			break;
		}
		if (lo > 0 && (TOK(lo - 1).gap & (G_BREAK | G_COMMA)))
			break;
		lo--;
	}
	if (!VALID(lo) || !same_sent(x, lo, v))
		lo++;
	*a = lo;
	*b = i + 1;
}

/*
 * Classify the subject of a reporting verb (or, for "attributed by X",
 * the words after "by"), marking them MK_PARTY when mark is set.  Returns
 * an enum nw_party, or P_NONE when the words say nothing.
 */
static int
subject_party(struct nw_extractor *x, int v, int mark)
{
	int a, b, p, j;

	if (!passive_by(x, v, &a, &b))
		subject_range(x, v, &a, &b);
	p = classify_range(x, a, b);
	if (p == P_NONE)
		return P_NONE;
	if (mark)
		for (j = a; j < b && VALID(j); j++)
			x->toks[j].mark |= MK_PARTY;
	return p;
}

/*
 * Mark the subjects of reporting verbs: the words that say who speaks are
 * not victims' sectors.  A speaker that reports its own breach ("Visma
 * revealed that it had been targeted") stays unmarked.
 */
static int speaker_victim(const struct nw_extractor *, int);
static int speaker_victim2(const struct nw_extractor *, int, int);

static void
mark_parties(struct nw_extractor *x)
{
	int v;

	for (v = 0; (size_t)v < x->ntoks; v++) {
		int a, b;

		if (passive_by(x, v, &a, &b))
			(void)subject_party(x, v, 1);
		else if (finite_report(x, v) && TOK(v).id != W_DENIED &&
		    !speaker_victim2(x, v, 1))
			(void)subject_party(x, v, 1);
		else if ((TOK(v).id == W_SUSPECTED || TOK(v).id ==
		    W_SUSPECT) && VALID(v - 1) && same_sent(x, v - 1, v) &&
		    (cls_at(x, v - 1) & (C_GOVT | C_VENDOR | C_MEDIA |
		    C_GNAME | C_VNAME | C_MNAME)))
			(void)subject_party(x, v, 1);	/* "officials
							   suspected" */
	}
}

/* Is there a victim cue in the few words before word t? */
static int
victim_window(const struct nw_extractor *x, int t)
{
	int i, k;

	for (k = 1, i = t - 1; k <= WIN_BACK && VALID(i) &&
	    same_sent(x, i, t); k++, i--) {
		const struct tok *w = &TOK(i);

		if ((w->cls & (C_CLAUSE | C_REPORT)) || (w->gap & G_SEMI))
			return 0;
		if (w->cls & C_TARGET)
			return 1;
		if (w->id == W_ON && VALID(i - 1) && (TOK(i - 1).cls & C_ATK))
			return 1;
		/* "amid a dispute with Russia": another relation */
		if ((w->cls & C_PREP) && w->id != W_OF && w->id != W_ON &&
		    !(w->cls & C_LOCPREP))
			return 0;
		if (w->m >= 0 && x->ms[w->m].role == R_ATTACKER)
			return 0;
	}
	return 0;
}

/*
 * Is the participle at word v active after "had", "has" or "have" ("had
 * targeted"), rather than passive ("was targeted", "had been hacked")?
 */
static int
active_perfect(const struct nw_extractor *x, int v)
{
	int b = v - 1;

	while (VALID(b) && (TOK(b).cls & (C_ADV | C_HEDGE)) &&
	    !(TOK(b).gap & G_BREAK) && same_sent(x, b, v))
		b--;
	return VALID(b) && same_sent(x, b, v) && !(TOK(b).gap & G_BREAK) &&
	    TOK(b).id == W_HAS;
}

/*
 * "the (top|main) target", "a victim": a noun that makes its subject the
 * victim, after "was" or as an apposition ("with the U.S. the top
 * target").
 */
static int
target_noun_at(const struct nw_extractor *x, int t)
{
	int k;

	if (!VALID(t) || !(TOK(t).cls & C_DET))
		return 0;
	for (k = 1; k <= 3 && VALID(t + k) && same_sent(x, t, t + k); k++) {
		if (TOK(t + k - 1).gap & (G_BREAK | G_COMMA))
			return 0;
		if (TOK(t + k).id == W_VICTIM || teq(x, t + k, "target") ||
		    teq(x, t + k, "targets"))
			return 1;
		if (TOK(t + k).cls & ~(C_MOD | C_ADV))
			return 0;
	}
	return 0;
}

/* After the phrase ending before word e: "was targeted", "suffered". */
static int
victim_after(const struct nw_extractor *x, int e)
{
	int i = e, k;

	if (!VALID(i) || !same_sent(x, i, e - 1) || (TOK(e - 1).gap & G_BREAK))
		return 0;
	/* past an apposition: "Norsk Hydro, one of the largest producers,
	   was hit" */
	if ((TOK(e - 1).gap & G_COMMA) && !target_noun_at(x, i)) {
		int conj = 0;

		for (k = 0; k < 14 && VALID(i + k) && same_sent(x, i, i + k);
		    k++) {
			/* or a list: "Bulgaria's presidency, several
			   ministries and the court had ..." */
			if ((TOK(i + k).cls & C_BE) && conj)
				break;
			if (TOK(i + k).cls & (C_REPORT | C_AGENT | C_BE |
			    C_CLAUSE) || (TOK(i + k).gap & G_BREAK))
				return 0;
			if (TOK(i + k).id == W_AND)
				conj = 1;
			if (TOK(i + k).gap & G_COMMA)
				break;
		}
		if (k == 14 || !VALID(i + k + 1) ||
		    !same_sent(x, i, i + k + 1))
			return 0;
		i += (TOK(i + k).cls & C_BE) ? k : k + 1;
	}
	/* "had their websites knocked offline" */
	if (TOK(i).id == W_HAS && VALID(i + 1) && (teq(x, i + 1, "their") ||
	    teq(x, i + 1, "its"))) {
		for (k = 2; k <= 5 && VALID(i + k) && same_sent(x, i, i + k);
		    k++) {
			if (TOK(i + k - 1).gap & G_BREAK)
				break;
			if ((TOK(i + k).cls & C_TARGET) &&
			    (TOK(i + k).cls & (C_AGENT | C_VPASS)))
				return 1;
		}
	}
	if (TOK(i).id == W_SUFFERED || target_noun_at(x, i))
		return 1;
	if (!(TOK(i).cls & C_BE))
		return 0;
	for (k = 1; k <= 6 && VALID(i + k) && same_sent(x, i, i + k); k++) {
		if (TOK(i + k - 1).gap & (G_SEMI | G_COMMA))
			return 0;
		if (TOK(i + k).id == W_BEHIND || TOK(i + k).id == W_RESPONSIBLE)
			return 0;
		/* "had targeted" is active: the phrase attacked */
		if ((TOK(i + k).cls & C_VPASS) && (!active_perfect(x, i + k) ||
		    TOK(i + k).id == W_SUFFERED || TOK(i + k).id == W_VICTIM))
			return 1;	/* "had suffered" is still undergone */
		if (target_noun_at(x, i + k))
			return 1;	/* "was the main target" */
	}
	return 0;
}

/*
 * Does the object of the verb at word v name victims of its own: an
 * organisation, a body, a people or a state ("had targeted banks")?
 */
static int
other_victim_after(const struct nw_extractor *x, int v)
{
	int k;

	for (k = 1; k <= 6 && VALID(v + k) && same_sent(x, v, v + k); k++) {
		const struct tok *w = &TOK(v + k);

		if (TOK(v + k - 1).gap & G_BREAK)
			return 0;
		if (w->m >= 0 || w->a >= 0 || is_proper(x, v + k) ||
		    ((w->cls & (C_ORG | C_GOVT | C_MEDIA)) && w->id != W_DATA))
			return 1;
		if (w->cls & (C_CLAUSE | C_REPORT | C_AGENT))
			return 0;
	}
	return 0;
}

/*
 * "X revealed that it had been targeted": the speaker was the victim
 * when the clause it reports says so and names no other state.
 */
static int
speaker_victim(const struct nw_extractor *x, int v)
{
	return speaker_victim2(x, v, 0);
}

/*
 * As speaker_victim(); with roles known (after_roles), attacker mentions
 * in the reported clause are fine ("Visma revealed that hackers from the
 * Chinese Ministry of State Security had targeted it").
 */
static int
speaker_victim2(const struct nw_extractor *x, int v, int after_roles)
{
	int i, k, hit = 0;

	if (!(TOK(v).cls & C_REPORT) || TOK(v).id == W_LEGAL ||
	    (TOK(v).cls & C_LINK) || TOK(v).id == W_ATTRIBUTED ||
	    TOK(v).id == W_ACCUSED || TOK(v).id == W_BLAMED)
		return 0;
	for (k = 1, i = v + 1; k <= 14 && VALID(i) && same_sent(x, i, v);
	    k++, i++) {
		if ((TOK(i).m >= 0 && !(after_roles &&
		    (x->ms[TOK(i).m].role == R_ATTACKER ||
		    x->ms[TOK(i).m].role == R_SKIP))) ||
		    (TOK(i).a >= 0 && !after_roles))
			return 0;
		/* "had been infected"; "hackers had stolen $30 million"
		   (from the speaker), not "hackers had targeted banks" */
		if ((TOK(i).cls & C_VPASS) && VALID(i - 1) &&
		    (TOK(i - 1).cls & C_BE) && (!active_perfect(x, i) ||
		    !other_victim_after(x, i)))
			hit = 1;
		/* "said hackers had posted false statements on its news
		   agency": its own body */
		if ((teq(x, i, "its") || teq(x, i, "our")) && k > 2) {
			int j;

			for (j = 1; j <= 4 && VALID(i + j) &&
			    same_sent(x, i, i + j); j++) {
				if (TOK(i + j - 1).gap & G_BREAK)
					break;
				if ((TOK(i + j).cls & (C_ORG | C_GOVT |
				    C_MEDIA)) && !(TOK(i + j).cls & C_MOD) &&
				    TOK(i + j).id != W_DATA) {
					hit = 1;
					break;
				}
				if (!(TOK(i + j).cls & C_MOD) &&
				    TOK(i + j).cls != 0)
					break;
			}
		}
		/* "announced a data breach", not "said the attack
		   originated in ..." nor "uncovered an espionage network" */
		if (k <= 4 && (TOK(i).id == W_BREACHN ||
		    ((TOK(i).cls & C_ATK) && (TOK(i).cls & C_TARGET) &&
		    !(TOK(i).cls & (C_AGENT | C_MOD)))) &&
		    !(VALID(i + 1) && same_sent(x, i, i + 1) &&
		    !(TOK(i).gap & G_BREAK) && (TOK(i + 1).cls & (C_AGENT |
		    C_ATKFROM | C_BE | C_REPORT))))
			hit = 1;
	}
	return hit;
}

/* Attacker words before word t: "hackers from", "attacks originating in". */
static int
attacker_before(const struct nw_extractor *x, int t, int span)
{
	int k;

	for (k = 1; k <= span && VALID(t - k) && same_sent(x, t - k, t); k++) {
		if (TOK(t - k).cls & (C_ATK | C_NONSTATE | C_ATKFROM))
			return 1;
		if (TOK(t - k).a >= 0)
			return 1;
	}
	return 0;
}

/* Is an attacker (word or non-vendor actor) close before word t? */
static int
attacker_context(const struct nw_extractor *x, int t)
{
	int k;

	for (k = 1; k <= 8 && VALID(t - k) && same_sent(x, t - k, t); k++) {
		const struct tok *w = &TOK(t - k);

		if (w->id == W_COMPANY || (w->cls & C_VENDOR))
			return 0;
		if (w->a >= 0 && !(x->as[w->a].kind_known &&
		    x->as[w->a].kind == NW_ACTOR_VENDOR))
			return 1;
		if (w->cls & (C_ATK | C_NONSTATE))
			return 1;
	}
	return 0;
}

/*
 * "accused China of a campaign": an accusation of an attack.  Without
 * "of" the accusation stands on its own ("blamed and accused Russia").
 */
static int
accused_of_attack(const struct nw_extractor *x, const struct mention *m)
{
	int i, k;

	for (i = m->t1, k = 0; VALID(i) && k < 8 && same_sent(x, i, m->t0);
	    i++, k++) {
		if (TOK(i).id == W_OF || TOK(i).id == W_FOR ||
		    teq(x, i, "over"))
			break;
		/* a verb first: "an Iranian company it said had stolen
		   research from hundreds of universities" */
		if (TOK(i).cls & (C_CLAUSE | C_REPORT | C_AGENT | C_BE |
		    C_TARGET))
			return 1;
	}
	if (!VALID(i) || !same_sent(x, i, m->t0) || (TOK(i).id != W_OF &&
	    TOK(i).id != W_FOR && !teq(x, i, "over")))
		return 1;
	/* "sanctioned X for the theft", "accused X over the hack": the
	   reason says whether it is an attack */
	for (k = 1; k <= 6 && VALID(i + k) && same_sent(x, i, i + k); k++)
		if (TOK(i + k).cls & (C_ATK | C_TARGET | C_AGENT) ||
		    TOK(i + k).id == W_CYBER || TOK(i + k).id == W_BEHIND ||
		    TOK(i + k).id == W_RESPONSIBLE)
			return 1;
	return 0;
}

/*
 * "sent phishing emails to X", "malicious links delivered to X": the
 * receiver of a lure is the victim.  Word p is "to".
 */
static int
delivered_to(const struct nw_extractor *x, int p)
{
	int k, lure = 0, sent = 0;

	for (k = 1; k <= 6 && VALID(p - k) && same_sent(x, p - k, p); k++) {
		const struct tok *w = &TOK(p - k);

		if (w->gap & G_BREAK)
			break;
		if (w->cls & (C_CLAUSE | C_REPORT))
			break;
		if (w->id == W_DATA && !teq(x, p - k, "emails"))
			return 0;	/* "sent stolen data to" */
		if (teq(x, p - k, "phishing") || teq(x, p - k, "malicious") ||
		    teq(x, p - k, "booby") || teq(x, p - k, "infected") ||
		    (w->cls & C_ATK))
			lure = 1;
		if (teq(x, p - k, "sent") || teq(x, p - k, "emails") ||
		    teq(x, p - k, "email") || teq(x, p - k, "messages") ||
		    teq(x, p - k, "delivered") || teq(x, p - k, "links"))
			sent = 1;
	}
	return lure && sent;
}

/* An attacker who is a person or a group of people: hackers, a group. */
static int
attacker_person(const struct nw_extractor *x, int t)
{
	if (!VALID(t))
		return 0;
	if (TOK(t).a >= 0)
		return 1;
	switch (TOK(t).id) {
	case W_HACKERS:
	case W_GROUPNOUN:
	case W_ADVERSARIES:
	case W_CRIMINALS:
	case W_PEOPLE:
		return 1;
	default:
		break;
	}
	return teq(x, t, "actors") || teq(x, t, "actor") ||
	    teq(x, t, "spies") || teq(x, t, "operatives") ||
	    teq(x, t, "intruders") || teq(x, t, "hacktivists");
}

/*
 * What did the verb at word v ("linked", "attributed") tie to the state
 * after word p ("to")?  Is it a person or group rather than an act:
 * "hackers that media reports linked to", "a group linked to", not
 * "linked the attack to"?
 */
static int
person_linked(const struct nw_extractor *x, int v, int p)
{
	int i, k;

	if (p > v + 1)		/* "linked the intrusions to" */
		return attacker_person(x, p - 1);
	i = v - 1;
	while (VALID(i) && (TOK(i).cls & (C_ADV | C_BE)) && same_sent(x, i, v))
		i--;	/* "the group was linked to" */
	/* "hackers that media reports linked to" */
	for (k = 0; k < 4 && VALID(i - k) && same_sent(x, i - k, v); k++)
		if (TOK(i - k).cls & C_CLAUSE) {
			i = i - k - 1;
			break;
		}
	return VALID(i) && same_sent(x, i, v) && attacker_person(x, i);
}

/*
 * Is the phrase ending at word q the object of "traced/attributed/linked
 * ... to"?  Returns the verb's id (W_TRACED, W_ATTRIBUTED, W_LINKED) or 0.
 */
static int
attributed_to(const struct nw_extractor *x, int q)
{
	int i = q, k;

	for (k = 0; k < 5 && VALID(i) && same_sent(x, i, q); k++, i--) {
		if (TOK(i).id == W_TO || TOK(i).id == W_FROM)
			break;
		if ((TOK(i).gap & G_BREAK) || (TOK(i).cls & (C_REPORT |
		    C_AGENT | C_BE | C_PREP | C_CLAUSE)) || TOK(i).m >= 0)
			return 0;
	}
	if (!VALID(i) || (TOK(i).id != W_TO && TOK(i).id != W_FROM))
		return 0;
	/* "the junk traffic came from IP addresses in China", "attacks
	   from servers in Iran" */
	if (TOK(i).id == W_FROM)
		return VALID(i - 1) && same_sent(x, i - 1, i) &&
		    (TOK(i - 1).cls & (C_ATKFROM | C_ATK)) &&
		    !(TOK(i - 1).cls & C_TARGET) ? W_TRACED : 0;
	for (k = 1; k <= 7 && VALID(i - k) && same_sent(x, i - k, i); k++) {
		uint8_t id = TOK(i - k).id;

		if (TOK(i - k).gap & G_BREAK)
			return 0;
		if (id == W_ATTRIBUTED || id == W_TRACED || id == W_LINKED)
			return id;
		if (id == W_TO)
			return 0;
	}
	return 0;
}

/* After the mention: "used by (Hamas) hackers", "run by the group". */
static int
used_by_attacker(const struct nw_extractor *x, const struct mention *m)
{
	int i = m->t1, k;

	if (!VALID(i + 1) || !same_sent(x, m->t0, i + 1) ||
	    (TOK(m->t1 - 1).gap & G_BREAK))
		return 0;
	if (!(teq(x, i, "used") || teq(x, i, "run") || teq(x, i, "operated")) ||
	    TOK(i + 1).id != W_BY)
		return 0;
	for (k = i + 2; k < i + 6 && VALID(k) && same_sent(x, i, k); k++) {
		if (TOK(k).a >= 0 || ((TOK(k).cls & (C_ATK | C_NONSTATE)) &&
		    !(TOK(k).cls & C_TARGET)))
			return 1;
		if (TOK(k - 1).gap & G_BREAK)
			break;
	}
	return 0;
}

static int attack_words(const struct nw_extractor *, int, int);

/* Is word t inside the name of a known vendor (NSO Group)? */
static int
actor_vendor(const struct nw_extractor *x, int t)
{
	const struct amention *a;

	if (!VALID(t) || TOK(t).a < 0)
		return 0;
	a = &x->as[TOK(t).a];
	return a->kind_known && a->kind == NW_ACTOR_VENDOR;
}

/* Role hints from the words before a mention.  Returns a role or R_NONE. */
static int
role_from_before(struct nw_extractor *x, struct mention *m)
{
	int p = prev_cue(x, m->t0), q, k;

	if (!VALID(p))
		return R_NONE;
	q = p - 1;
	while (VALID(q) && (TOK(q).cls & (C_DET | C_ADV)))
		q--;
	/* "sanctions against Russia", "charges on two Iranians" */
	if ((TOK(p).id == W_ON || teq(x, p, "against")) && VALID(q) &&
	    (TOK(q).cls & C_GOVACT)) {
		if (m->kind == K_NAME || m->kind == K_METONYM ||
		    m->kind == K_AGENCY)
			m->flags |= MF_STATEY;
		return R_ATTACKER;
	}
	switch (TOK(p).id) {
	case W_BY:
		if (VALID(q) && (TOK(q).cls & (C_REPORT | C_GOVACT)))
			return R_PARTY;		/* "a report by" */
		if (VALID(q) && (TOK(q).id == W_SPEECH ||
		    teq(x, q, "address") || teq(x, q, "visit") ||
		    teq(x, q, "appearance")))
			return R_SKIP;		/* "an address by" */
		/* "a law enforcement operation led by X" */
		for (k = 1; k <= 6 && VALID(p - k) && same_sent(x, p - k, p);
		    k++) {
			if (TOK(p - k).gap & G_BREAK)
				break;
			if (TOK(p - k).id == W_ENFORCE ||
			    teq(x, p - k, "police"))
				return R_PARTY;
		}
		if (m->kind == K_NAME || m->kind == K_METONYM)
			m->flags |= MF_STATEY;	/* "developed by Israel" */
		return R_ATTACKER;
	case W_FROM:
		if (VALID(q) && TOK(q).id == W_DATA)
			return R_VICTIM;	/* "documents from" */
		if (VALID(q) && (TOK(q).cls & (C_ATK | C_NONSTATE |
		    C_ATKFROM))) {
			/* "hackers from", "a teenager from Florida" */
			if (TOK(q).cls & C_NONSTATE)
				m->flags |= MF_SUSP | MF_NONSTATE;
			return R_ATTACKER;
		}
		if (attacker_before(x, p, 1))
			return R_ATTACKER;
		/* "hackers, suspected to be from China" */
		if (VALID(q) && TOK(q).id == W_IS_BE && VALID(q - 2) &&
		    TOK(q - 1).id == W_TO && same_sent(x, q - 2, p) &&
		    (TOK(q - 2).cls & (C_HEDGE | C_REPORT))) {
			m->flags |= MF_SUSP;
			return R_ATTACKER;
		}
		/* "run from China", "launched from", "carried out from" */
		if (VALID(q) && teq(x, q, "out") && same_sent(x, q - 1, p))
			q--;
		if (VALID(q) && (((TOK(q).cls & C_AGENT) &&
		    !(TOK(q).cls & (C_TARGET | C_VPASS))) ||
		    TOK(q).id == W_BACKED))
			return R_ATTACKER;
		/* "an exploit leaked from the NSA": where a tool came from */
		if (VALID(q) && teq(x, q, "leaked") && VALID(q - 1) &&
		    (TOK(q - 1).cls & C_PRODUCT))
			return R_SKIP;
		/* "stole military plans from", "leaked the data of voters
		   from" */
		for (k = 1; k <= 10 && VALID(p - k) && same_sent(x, p - k, p);
		    k++) {
			if ((TOK(p - k).gap & G_BREAK) ||
			    (TOK(p - k).cls & (C_CLAUSE | C_REPORT)))
				break;
			if ((TOK(p - k).cls & C_TARGET) &&
			    !(TOK(p - k).cls & C_ATK))
				return R_VICTIM;
		}
		return R_NONE;
	case W_TO:
		if (VALID(q) && TOK(q).id == W_ACCORDING)
			return R_PARTY;
		if (delivered_to(x, p))
			return R_VICTIM;
		for (k = 1; k <= 7 && VALID(p - k) && same_sent(x, p - k, p);
		    k++) {
			uint8_t id = TOK(p - k).id;

			if (TOK(p - k).id == W_TO)
				break;
			if (id == W_ATTRIBUTED && VALID(p - k - 1) &&
			    TOK(p - k - 1).id == W_SPEECH)
				return R_NONE;	/* remarks attributed to */
			if (id == W_ATTRIBUTED || id == W_TRACED ||
			    id == W_LINKED) {
				if (id == W_LINKED)
					m->flags |= MF_SUSP;
				/* the state itself, not a place; but
				   "hackers linked to China" are like
				   "Chinese hackers" */
				if (id != W_TRACED && (m->kind == K_NAME ||
				    m->kind == K_METONYM) &&
				    !person_linked(x, p - k, p))
					m->flags |= MF_STATEY;
				return R_ATTACKER;
			}
		}
		return R_NONE;
	case W_ON:
		for (k = 1; k <= 6 && VALID(p - k) && same_sent(x, p - k, p);
		    k++)
			if (TOK(p - k).id == W_BLAMED) {
				m->flags |= MF_STATEY;
				return R_ATTACKER;
			}
		if (VALID(q) && (TOK(q).cls & (C_ATK | C_TARGET)))
			return R_VICTIM;
		return R_NONE;
	case W_AT:
		/* "pointed at Russia" */
		if (VALID(q) && TOK(q).id == W_LINKED) {
			m->flags |= MF_SUSP;
			if (m->kind == K_NAME || m->kind == K_METONYM)
				m->flags |= MF_STATEY;
			return R_ATTACKER;
		}
		break;
	case W_WITH:
		if (VALID(q) && (TOK(q).cls & C_LINK)) {
			m->flags |= MF_SUSP;
			return R_ATTACKER;
		}
		return R_NONE;
	case W_OF:
		if (VALID(q) && TOK(q).id == W_BEHALF) {
			if (m->kind == K_NAME || m->kind == K_METONYM)
				m->flags |= MF_STATEY;	/* "on behalf of
							   Iran" */
			return R_ATTACKER;
		}
		/* "the work of", "a joint effort of", "the handiwork of" */
		if (VALID(q) && (teq(x, q, "work") || teq(x, q, "effort") ||
		    teq(x, q, "handiwork") || teq(x, q, "doing"))) {
			if (m->kind == K_NAME || m->kind == K_METONYM)
				m->flags |= MF_STATEY;
			return R_ATTACKER;
		}
		if (VALID(q) && TOK(q).m < 0 && ((TOK(q).cls & C_QUANT) ||
		    (x->text[TOK(q).off] >= '0' &&
		    x->text[TOK(q).off] <= '9' && !is_proper(x, q - 1))))
			return R_VICTIM;	/* "millions of Americans", not
						   "Unit 61398 of" */
		if (VALID(q) && (TOK(q).cls & C_ORG) && !(TOK(q).cls & C_ATK))
			return R_VICTIM;	/* "the oil firm of Bahrain" */
		/* "read emails of U.S. officials", "records of Americans" */
		if (VALID(q) && TOK(q).id == W_DATA && !teq(x, q - 1, "leaked"))
			return R_VICTIM;
		return R_NONE;
	case W_FOR:
		/* "working for the MSS", "spying for Beijing", "a front for
		   the MSS" */
		if (VALID(q) && (TOK(q).id == W_WORKING ||
		    teq(x, q, "worked") || teq(x, q, "works") ||
		    teq(x, q, "front") ||
		    teq(x, q, "proxy") || ((TOK(q).cls & C_AGENT) &&
		    (TOK(q).cls & C_TARGET)))) {
			if (m->kind == K_NAME || m->kind == K_METONYM)
				m->flags |= MF_STATEY;
			return R_ATTACKER;
		}
		return R_NONE;
	case W_ACCUSED:
		if (!accused_of_attack(x, m))
			return R_NONE;	/* "accused Washington of hypocrisy" */
		/* FALLTHROUGH */
	case W_BLAMED:
	case W_LEGAL:
		if (m->kind == K_NAME || m->kind == K_METONYM ||
		    m->kind == K_AGENCY)
			m->flags |= MF_STATEY;
		return R_ATTACKER;
	case W_SUSPECT:
	case W_SUSPECTED:
		if (TOK(p).id == W_SUSPECT || m->kind == K_NAME ||
		    m->kind == K_METONYM) {
			m->flags |= MF_STATEY | MF_SUSP;
			return R_ATTACKER;
		}
		/* "officials suspected Chinese vessels": a verb */
		if (VALID(q) && same_sent(x, q, p) && !(TOK(q).gap & G_BREAK) &&
		    (cls_at(x, q) & (C_GOVT | C_VENDOR | C_MEDIA | C_GNAME |
		    C_VNAME | C_MNAME))) {
			m->flags |= MF_SUSP;
			return R_ATTACKER;
		}
		return R_NONE;
	default:
		break;
	}
	if (TOK(p).cls & C_LOCPREP) {
		if (VALID(q) && (TOK(q).cls & C_ATKFROM))
			return R_ATTACKER;	/* originating in */
		/* "a building in Gaza used by Hamas hackers": where the
		   attackers are */
		if (used_by_attacker(x, m)) {
			m->flags |= MF_SUSP;
			return R_ATTACKER;
		}
		/* "traced the operation to individuals in Chengdu, China" */
		k = attributed_to(x, q);
		if (k != 0) {
			if (k == W_LINKED)
				m->flags |= MF_SUSP;
			return R_ATTACKER;
		}
		if (VALID(q) && (TOK(q).id == W_BASED ||
		    TOK(q).id == W_HEADQUARTERS || TOK(q).id == W_OPERATING)) {
			int o = q - 1;

			while (VALID(o) && (TOK(o).cls & (C_DET | C_MOD)) &&
			    !(TOK(o).cls & C_HEADS))
				o--;
			/* "a platform based in China" */
			if (TOK(q).id == W_BASED && VALID(o) &&
			    (TOK(o).cls & C_ORG) && TOK(o).id != W_COMPANY &&
			    !(TOK(o).cls & (C_ATK | C_VENDOR)))
				return R_VICTIM;
			if (attacker_context(x, q)) {
				m->flags |= MF_SUSP;
				return R_ATTACKER;
			}
			return R_NONE;
		}
		if (VALID(q) && (TOK(q).cls & C_LOCEXCL))
			return R_NONE;
		/* "arrested a suspect in Spain" */
		for (k = 2; k <= 4 && VALID(p - k) && same_sent(x, p - k, p);
		    k++) {
			if (TOK(p - k).gap & G_BREAK)
				break;
			if ((TOK(p - k).cls & C_LOCEXCL) &&
			    (TOK(p - k).cls & C_REPORT))
				return R_NONE;
			if (!(TOK(p - k + 1).cls & (C_DET | C_MOD)) &&
			    TOK(p - k + 1).cls != 0 && TOK(p - k + 1).id !=
			    W_SUSPECT && TOK(p - k + 1).id != W_PEOPLE)
				break;
		}
		if (VALID(q) && TOK(p).id == W_IN && (TOK(q).cls & (C_ATK |
		    C_NONSTATE)) && !(TOK(q).cls & C_TARGET)) {
			m->flags |= MF_SUSP;	/* "hackers in the UAE" */
			return R_ATTACKER;
		}
		return R_VICTIM;
	}
	/* "2,000 organisations, including U.S. agencies and British
	   Airways": members of a list of victims */
	if (teq(x, p, "as") && teq(x, p - 1, "such"))
		p--;
	if (teq(x, p, "including") || teq(x, p, "such")) {
		q = p - 1;
		if (VALID(q) && same_sent(x, q, p) && (TOK(q).cls & C_ORG) &&
		    !(TOK(q).cls & (C_ATK | C_VENDOR)))
			return R_VICTIM;
		/* "from 100 banks in 30 countries, including Russia" */
		if (VALID(q) && same_sent(x, q, p) && (teq(x, q, "countries") ||
		    teq(x, q, "nations")) && attack_words(x,
		    sent_start(x, q), q))
			return R_VICTIM;
		return R_NONE;
	}
	if (TOK(p).cls & C_ATKFROM)
		return R_ATTACKER;	/* "traced back to" falls under W_TO */
	if (TOK(p).cls & C_QUANT)
		return R_VICTIM;	/* "147 million Americans" */
	if ((TOK(p).cls & C_BE) && m->kind == K_ADJ && (!VALID(m->t1) ||
	    (TOK(m->t1 - 1).gap & (G_BREAK | G_COMMA)) ||
	    !(TOK(m->t1).cls & C_HEADS) || (TOK(m->t1).gap & G_HYPH))) {
		/* "hackers who claimed to be Chinese", "were Russian",
		   "Sharp Panda, which they believe to be Chinese" */
		for (k = 1; k <= 6 && VALID(p - k) && same_sent(x, p - k, p);
		    k++)
			if ((TOK(p - k).cls & (C_ATK | C_NONSTATE)) ||
			    (TOK(p - k).a >= 0 && !actor_vendor(x, p - k)))
				return R_ATTACKER;
	}
	if ((TOK(p).cls & C_TARGET) && !(TOK(p).cls & C_ATK && TOK(p).id !=
	    0))
		return R_VICTIM;
	return R_NONE;
}

/* Role hints from the words after the phrase ending before word e. */
static int
role_from_after(struct nw_extractor *x, struct mention *m, int e, int agentok)
{
	int r = next_cue(x, e), k;

	if (!VALID(r))
		return R_NONE;
	/* "Sharp Panda, which they believe to be Chinese, sent": the verb
	   past the comma is another phrase's (a list goes on: "Russia,
	   China and Iran attacked") */
	if (VALID(e - 1) && (TOK(e - 1).gap & G_COMMA) && !(VALID(e) &&
	    TOK(e).m >= 0))
		return R_NONE;
	/* "was behind", "is likely responsible" */
	/* "was believed to be behind", "is thought to have been
	   responsible" */
	if (TOK(r).cls & C_BE) {
		for (k = 1; k <= 6 && VALID(r + k) && same_sent(x, r, r + k);
		    k++) {
			if (TOK(r + k).id == W_BEHIND ||
			    TOK(r + k).id == W_RESPONSIBLE) {
				m->flags |= MF_STATEY;
				return R_ATTACKER;
			}
			if (!(TOK(r + k).cls & (C_ADV | C_HEDGE | C_BE)) &&
			    TOK(r + k).id != W_TO && !teq(x, r + k, "assessed"))
				break;
		}
	}
	/* "(were) among the most active adversaries" */
	if ((TOK(r).cls & C_BE) && VALID(r + 1) && TOK(r + 1).id == W_AMONG)
		r++;
	if (TOK(r).id == W_AMONG) {
		for (k = 1; k <= 5 && VALID(r + k) && same_sent(x, r, r + k);
		    k++)
			if (TOK(r + k).id == W_ADVERSARIES) {
				m->flags |= MF_STATEY;
				return R_ATTACKER;
			}
	}
	/* "had targeted", "has also breached": the perfect is active */
	if (TOK(r).id == W_HAS && !(TOK(r).gap & G_BREAK)) {
		k = r + 1;
		while (VALID(k) && (TOK(k).cls & (C_ADV | C_HEDGE)) &&
		    !(TOK(k).gap & G_BREAK) && same_sent(x, r, k))
			k++;
		if (VALID(k) && same_sent(x, r, k) &&
		    !(TOK(k - 1).gap & G_BREAK))
			r = k;
	}
	if (agentok && (TOK(r).cls & C_AGENT) && !(TOK(r).cls & C_BE)) {
		m->flags |= MF_STATEY;
		return R_ATTACKER;
	}
	return R_NONE;
}

/*
 * Party check: "Belgium's Foreign Ministry accused ...", "The NSA and the
 * UK's National Cyber Security Centre said ...".  The words after the
 * phrase (more of a coordinated subject, adverbs, "has") lead to a
 * reporting verb.
 */
static int
is_party(const struct nw_extractor *x, int e, int *verb)
{
	int r, n = 0;

	if (VALID(e - 1) && (TOK(e - 1).gap & G_BREAK))
		return 0;
	/* "X, accusing it of ...": a clause of another subject */
	if (VALID(e - 1) && (TOK(e - 1).gap & G_COMMA) && VALID(e) &&
	    (TOK(e).cls & (C_REPORT | C_AGENT)) && TOK(e).len > 4 &&
	    memcmp(x->text + TOK(e).off + TOK(e).len - 3, "ing", 3) == 0)
		return 0;
	r = next_cue(x, e);
	while (VALID(r) && n++ < 14 && same_sent(x, r, e - 1)) {
		const struct tok *k = &TOK(r);

		if (k->id == W_DENIED || finite_report(x, r)) {
			*verb = r;
			return 1;
		}
		if (TOK(r - 1).gap & (G_BREAK | G_COMMA))
			return 0;
		/* "a plant in Iran and published video": two verbs of
		   another subject */
		if ((k->id == W_AND || k->id == W_OR) && VALID(r + 1) &&
		    (TOK(r + 1).cls & (C_REPORT | C_AGENT)) &&
		    !(TOK(r + 1).cls & C_HEADS))
			return 0;
		if ((k->cls & (C_ADV | C_BE)) || k->id == W_THE ||
		    k->id == W_AND || k->id == W_OR || k->m >= 0 ||
		    (k->id == W_OF && np_word(x, r + 1)) ||
		    ((np_word(x, r) || (k->cls & C_GNAME)) &&
		    !(k->cls & (C_AGENT | C_REPORT | C_PREP)))) {
			r++;
			continue;
		}
		return 0;
	}
	return 0;
}

static void
mark_attack(struct nw_extractor *x, int t0, int t1)
{
	int t;

	for (t = t0; t < t1 && VALID(t); t++)
		TOK(t).mark |= MK_ATTACK;
}

/*
 * "spyware bought from an Israeli firm", "tools sold by a German company":
 * the firm is the seller, not a victim.
 */
static int
sold_by(const struct nw_extractor *x, int t)
{
	int p = t - 1, q;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	if (!VALID(p) || (TOK(p).id != W_FROM && TOK(p).id != W_BY))
		return 0;
	q = p - 1;
	if (!VALID(q) || !same_sent(x, q, t))
		return 0;
	if (TOK(q).cls & C_PRODUCT)
		return 1;
	return teq(x, q, "bought") || teq(x, q, "purchased") ||
	    teq(x, q, "acquired") || teq(x, q, "licensed") ||
	    teq(x, q, "sold") || teq(x, q, "supplied") ||
	    teq(x, q, "provided") || teq(x, q, "made") ||
	    teq(x, q, "marketed") || teq(x, q, "developed") ||
	    teq(x, q, "built") || teq(x, q, "obtained");
}

/*
 * Is the phrase at word t the object of an accusation: "accused X",
 * "indicted two Y", "sanctions on Z and a W company"?  Words of attack in
 * between end the object ("sanctioned X for hacking Y companies").
 */
static int
accused_object(const struct nw_extractor *x, int t)
{
	int k;

	for (k = 1; k <= 10 && VALID(t - k) && same_sent(x, t - k, t); k++) {
		const struct tok *w = &TOK(t - k);

		if ((w->gap & G_BREAK) || (w->cls & (C_CLAUSE | C_TARGET)))
			return 0;
		if (w->id == W_ACCUSED || w->id == W_LEGAL)
			return 1;
		if ((w->id == W_ON || teq(x, t - k, "against")) &&
		    VALID(t - k - 1) && (TOK(t - k - 1).cls & C_GOVACT))
			return 1;
	}
	return 0;
}

/*
 * "(two Iranian men) were later indicted", "(the firm) was sanctioned":
 * the phrase ending before word e is the accused.
 */
static int
legal_passive_after(const struct nw_extractor *x, int e)
{
	int i = e, k;

	if (!VALID(i) || !same_sent(x, i, e - 1) || (TOK(e - 1).gap & G_BREAK))
		return 0;
	if (TOK(i).id != W_IS_BE && TOK(i).id != W_HAS)
		return 0;
	for (k = 1; k <= 3 && VALID(i + k) && same_sent(x, i, i + k); k++) {
		if (TOK(i + k - 1).gap & (G_BREAK | G_COMMA))
			return 0;
		if (TOK(i + k).id == W_LEGAL)
			return TOK(i + k - 1).id == W_IS_BE ||
			    (TOK(i + k - 1).cls & C_ADV);
		if (!(TOK(i + k).cls & (C_ADV | C_BE)))
			return 0;
	}
	return 0;
}

/* "(a man) was (later) arrested", "were detained": at word e. */
static int
arrested_after(const struct nw_extractor *x, int e)
{
	int k;

	if (!VALID(e) || TOK(e).id != W_IS_BE || !VALID(e - 1) ||
	    (TOK(e - 1).gap & G_BREAK))
		return 0;
	for (k = e + 1; k <= e + 2 && VALID(k) && same_sent(x, e, k); k++) {
		if (teq(x, k, "arrested") || teq(x, k, "detained") ||
		    teq(x, k, "extradited"))
			return 1;
		if (!(TOK(k).cls & C_ADV))
			return 0;
	}
	return 0;
}

/*
 * "someone from X (was) charged", "a man from X was arrested": the
 * accused comes from X (at word t, its phrase ending before e).
 */
static int
from_accused(const struct nw_extractor *x, int t, int e)
{
	int p = t - 1;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	if (!VALID(p) || TOK(p).id != W_FROM || !same_sent(x, p, t) ||
	    (TOK(p).gap & G_BREAK))
		return 0;
	if (legal_passive_after(x, e))
		return 1;
	/* "was arrested", "were detained" */
	return VALID(e + 1) && TOK(e).id == W_IS_BE && same_sent(x, e, e + 1) &&
	    !(TOK(e - 1).gap & G_BREAK) && (teq(x, e + 1, "arrested") ||
	    teq(x, e + 1, "detained") || teq(x, e + 1, "extradited"));
}

/*
 * "members of X" (X at word t, its phrase ending before e) where the
 * members are accused: "indicted four members of X", "three members of
 * X were indicted".
 */
static int
accused_member_of(const struct nw_extractor *x, int t, int e)
{
	int p = t - 1, q;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	if (!VALID(p) || TOK(p).id != W_OF || !same_sent(x, p, t) ||
	    (TOK(p).gap & G_BREAK))
		return 0;
	q = p - 1;
	if (!VALID(q) || !same_sent(x, q, p) || (TOK(q).gap & G_BREAK) ||
	    !(TOK(q).cls & (C_ORG | C_ATK)) || (TOK(q).cls & C_TARGET))
		return 0;
	return accused_object(x, q) || legal_passive_after(x, e);
}

/* "U.S.", "UK", "UAE": names used before nouns, never as subjects of verbs */
static int
abbreviation(const struct nw_extractor *x, const struct mention *m)
{
	const char *s = x->text + m->off;
	uint32_t i;

	for (i = 0; i < m->len; i++)
		if (s[i] == '.' || (s[i] >= 'a' && s[i] <= 'z'))
			break;
	return i == m->len || s[i] == '.';
}

/*
 * The next item of a list whose earlier item holds a victim: "U.S.
 * agencies, British Airways and the BBC", "British engine maker
 * Rolls-Royce and French consultancy Expleo".
 */
static int
list_victim(const struct nw_extractor *x, const struct mention *m)
{
	int j = m->t0 - 1, k;

	while (VALID(j) && (TOK(j).cls & C_DET) && same_sent(x, j, m->t0) &&
	    !(TOK(j).gap & G_BREAK))
		j--;
	if (!VALID(j) || !same_sent(x, j, m->t0) || (TOK(j).gap & G_BREAK))
		return 0;
	if (TOK(j).id == W_AND || TOK(j).id == W_OR)
		j--;
	else if (!(TOK(j).gap & G_COMMA))
		return 0;
	for (k = 0; k < 8 && VALID(j) && same_sent(x, j, m->t0); k++, j--) {
		const struct tok *w = &TOK(j);

		if (k > 0 && (w->gap & G_BREAK))
			return 0;
		if (w->m >= 0)
			return x->ms[w->m].role == R_VICTIM;
		if (w->cls & (C_REPORT | C_AGENT | C_BE | C_CLAUSE | C_TARGET))
			return 0;
		if ((w->cls & C_PREP) && w->id != W_OF)
			return 0;
	}
	return 0;
}

/*
 * The subject of a sentence that acts "after" an attack: "Ireland's health
 * service shut down its systems after a ransomware attack", "Dutch
 * certificate authority DigiNotar went bankrupt after hackers issued
 * ...", "Costa Rica declared an emergency after the gang encrypted ...".
 * The mention opens the sentence (past "The", "In 2020,") and its phrase
 * names a body, a place or an organisation.
 */
static int
subject_hit_after(const struct nw_extractor *x, const struct mention *m,
    const struct np *np)
{
	int s = sent_start(x, m->t0), e = sent_end(x, m->t0), i, k;

	if (m->kind == K_AGENCY)
		return 0;
	/* "The ...", or a name that ends in the state: "DP World
	   Australia" */
	for (i = s; i < m->t0; i++)
		if (!(TOK(i).cls & C_DET) && !(TOK(i).cap && TOK(i).cls == 0 &&
		    TOK(i).m < 0 && TOK(i).a < 0 && TOK(i).gap == 0))
			return 0;
	if (np->head >= 0 && !(np->hcls & (C_GOVT | C_ORG | C_MEDIA)))
		return 0;
	/* its verb: not one that reports, accuses or attacks; past ",
	   which handles ...," */
	i = np->end;
	if (i < e && VALID(i - 1) && (TOK(i - 1).gap & G_COMMA) &&
	    (TOK(i).cls & C_CLAUSE)) {
		for (k = i; k < e && k < i + 16; k++)
			if (TOK(k).gap & (G_COMMA | G_BREAK))
				break;
		if (k >= e || k >= i + 16 || !(TOK(k).gap & G_COMMA))
			return 0;
		i = k + 1;
	}
	while (i < e && (TOK(i).cls & (C_ADV | C_BE)))
		i++;
	if (i >= e || (TOK(i).cls & (C_REPORT | C_LOCEXCL)))
		return 0;
	/* a verb of attack makes it the attacker; a defensive one
	   ("took the system offline", "shut down") does not */
	if ((TOK(i).cls & C_AGENT) && !(TOK(i).id == W_TOOK ||
	    teq(x, i, "shut") || teq(x, i, "disconnected") ||
	    teq(x, i, "suspended") || teq(x, i, "halted") ||
	    teq(x, i, "isolated") || teq(x, i, "pulled")))
		return 0;
	for (; i + 1 < e; i++) {
		if (!teq(x, i, "after") && !teq(x, i, "following"))
			continue;
		for (k = 1; k <= 5 && i + k < e; k++) {
			uint32_t c = TOK(i + k).cls;

			if (TOK(i + k - 1).gap & G_BREAK)
				break;
			if ((c & (C_ATK | C_TARGET)) && !(c & C_REPORT))
				return 1;
			if (TOK(i + k).a >= 0)
				return 1;
		}
	}
	return 0;
}

/*
 * Is the phrase at word t the user or owner of what was attacked:
 * "disabled a database used by X", "hacked servers run by X"?
 */
static int
user_of_target(const struct nw_extractor *x, int t)
{
	int p = t - 1, q, k;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	if (!VALID(p) || (TOK(p).id != W_BY && TOK(p).id != W_OF) ||
	    !same_sent(x, p, t))
		return 0;
	q = p - 1;
	if (TOK(p).id == W_BY) {
		if (!VALID(q) || !(teq(x, q, "used") ||
		    teq(x, q, "operated") || teq(x, q, "run") ||
		    teq(x, q, "owned") || teq(x, q, "managed")))
			return 0;
		q--;
	}
	/* "hijacked the infrastructure of an Iranian hacking group" */
	if (!VALID(q) || !same_sent(x, q, p) || (TOK(q).gap & G_BREAK) ||
	    !(TOK(q).cls & C_ORG) || (TOK(q).cls & (C_ATK | C_PRODUCT)))
		return 0;
	for (k = 1; k <= 4 && VALID(q - k) && same_sent(x, q - k, q); k++) {
		if (TOK(q - k).gap & G_BREAK)
			return 0;
		if ((TOK(q - k).cls & C_TARGET) && !(TOK(q - k).cls & C_ATK))
			return 1;
		if (!(TOK(q - k).cls & (C_DET | C_MOD)) && TOK(q - k).cls != 0)
			return 0;
	}
	return 0;
}

/*
 * Does a group own the phrase at word t: "its", "their", or an actor's
 * possessive ("LockBit's")?  "its" counts when an actor or an attacker
 * noun comes earlier in the sentence.
 */
static int
group_owned(const struct nw_extractor *x, int t)
{
	int p = t - 1, k;

	if (!VALID(p) || !same_sent(x, p, t))
		return 0;
	if (TOK(p).a >= 0 && (TOK(p).gap & G_POSS))
		return 1;
	if (!teq(x, p, "its") && !teq(x, p, "their"))
		return 0;
	for (k = p - 1; k >= sent_start(x, t); k--)
		if (TOK(k).a >= 0 || (TOK(k).cls & (C_ATK | C_NONSTATE)))
			return 1;
	return 0;
}

static int attack_words(const struct nw_extractor *, int, int);

/*
 * Does a list of adjectives go on at word t: "American, European, and
 * Japanese companies"?  A proper word, then "and" or "or" within three
 * words.
 */
static int
adjective_list(const struct nw_extractor *x, int t)
{
	int k;

	if (!is_proper(x, t))
		return 0;
	for (k = t; k < t + 3 && VALID(k + 1) && same_sent(x, k, k + 1); k++) {
		if (TOK(k).gap & (G_BREAK | G_PERIOD))
			return 0;
		if (TOK(k + 1).id == W_AND || TOK(k + 1).id == W_OR)
			return 1;
	}
	return 0;
}

/*
 * Is the phrase at word t the agent after "by": "run by", "hacked by",
 * "carried out by" (not "a report by", "an address by")?
 */
static int
by_agent(const struct nw_extractor *x, int t)
{
	int p = t - 1, q;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	if (!VALID(p) || TOK(p).id != W_BY || !same_sent(x, p, t))
		return 0;
	q = p - 1;
	if (VALID(q) && teq(x, q, "out"))
		q--;
	/* "software used by French companies", "owned by": the users */
	if (VALID(q) && (teq(x, q, "used") || teq(x, q, "owned")))
		return 0;
	return VALID(q) && same_sent(x, q, p) && ((TOK(q).cls & (C_AGENT |
	    C_VPASS)) || TOK(q).id == W_BACKED) && !(TOK(q).cls & C_REPORT);
}

/*
 * "an American living in Turkey", "a firm based in Israel": the place at
 * word t is where someone is, never a speaker.
 */
static int
after_locexcl(const struct nw_extractor *x, int t)
{
	int p = t - 1;

	while (VALID(p) && (TOK(p).cls & C_DET) && same_sent(x, p, t))
		p--;
	return VALID(p) && (TOK(p).cls & C_LOCPREP) && VALID(p - 1) &&
	    same_sent(x, p - 1, t) && (TOK(p - 1).cls & C_LOCEXCL) &&
	    !(TOK(p - 1).cls & C_GOVT);
}

/* Decide the role of one mention. */
static void
mention_role(struct nw_extractor *x, struct mention *m)
{
	struct np np;
	int start = m->t1, sfx = -1, verb, r, poss, k;
	uint32_t sc;

	if (m->role == R_SKIP)
		return;
	poss = (TOK(m->t1 - 1).gap & G_POSS) != 0;
	if (poss)
		m->flags |= MF_POSS;
	/* prefix: pro-Russian, anti-Russian, non-Russian */
	if (VALID(m->t0 - 1) && (TOK(m->t0 - 1).gap & G_HYPH)) {
		uint8_t id = TOK(m->t0 - 1).id;

		if (id == W_ANTI || id == W_NON || id == W_COUNTER) {
			m->role = R_SKIP;
			return;
		}
		if (id == W_PRO) {
			m->flags |= MF_PRO | MF_SUSP;
			m->role = R_ATTACKER;
			mark_attack(x, m->t0 - 1, m->t1);
			return;
		}
	}
	/* "tried to make it look like North Korea had done it": a
	   disguise */
	for (k = 1; k <= 3 && VALID(m->t0 - k) &&
	    same_sent(x, m->t0 - k, m->t0); k++)
		if (teq(x, m->t0 - k, "like") && VALID(m->t0 - k - 1) &&
		    (teq(x, m->t0 - k - 1, "look") ||
		    teq(x, m->t0 - k - 1, "looked") ||
		    teq(x, m->t0 - k - 1, "appear"))) {
			m->role = R_SKIP;
			return;
		}
	/* inside an actor's name: "Syrian Electronic Army" */
	if (TOK(m->t0).a >= 0) {
		const struct amention *a = &x->as[TOK(m->t0).a];

		m->flags |= MF_INACTOR;
		if ((a->kind_known && a->kind == NW_ACTOR_VENDOR) ||
		    (a->off == m->off && a->len == m->len)) {
			m->role = R_SKIP;	/* a vendor; a gang named
						   "Cuba" */
			return;
		}
		if (a->kind_known && (a->kind == NW_ACTOR_CRIMINAL ||
		    a->kind == NW_ACTOR_HACKTIVIST ||
		    a->kind == NW_ACTOR_MILITANT))
			m->flags |= MF_SUSP | MF_NONSTATE;
		/* "the Lazarus Group": a named group, no agency (its
		   state is read, its sponsorship is not) */
		m->role = R_ATTACKER;
		return;
	}
	/* suffix: Iran-linked, China-based, Russian-speaking, U.S. based */
	if (!poss && VALID(start) && ((TOK(start - 1).gap & G_HYPH) ||
	    (TOK(start).id == W_BASED && !(TOK(start - 1).gap & G_BREAK)))) {
		sc = TOK(start).cls;
		if (sc & C_SFXNONE) {
			m->role = R_SKIP;
			return;
		}
		if (sc & (C_SFXSUSP | C_SFXASRT | C_SFXBASE)) {
			sfx = start;
			start++;
		}
	}
	if (!poss && VALID(start) && !(TOK(start - 1).gap & G_BREAK) &&
	    (TOK(start).cls & C_SFXNONE) && !(TOK(start).cls & C_AGENT)) {
		m->role = R_SKIP;	/* "Russian speaking countries" */
		return;
	}
	if (!poss && m->kind == K_ADJ && VALID(m->t0 - 1) &&
	    TOK(m->t0 - 1).id == W_IN && (!VALID(m->t1) ||
	    (TOK(m->t1 - 1).gap & G_BREAK) || !(TOK(m->t1).cls & C_HEADS))) {
		/* "written in Russian": a language */
		if (!VALID(m->t1) || !(TOK(m->t1).cls & (C_HEADS | C_MOD))) {
			m->role = R_SKIP;
			return;
		}
	}
	if ((TOK(start - 1).gap & G_COMMA) && !(VALID(start) &&
	    (TOK(start).m >= 0 || adjective_list(x, start)))) {
		/* "data of Washington, D.C. police officers": the phrase
		   ends at the comma (a list goes on: "Russian, Chinese and
		   Iranian hackers") */
		memset(&np, 0, sizeof(np));
		np.head = -1;
		np.agency = -1;
		np.end = start;
	} else
		np_scan(x, start, (m->kind == K_NAME ||
		    m->kind == K_METONYM) && !abbreviation(x, m) && !poss,
		    &np);
	m->npend = np.end;
	m->hcls = np.hcls;
	if (np.agency >= 0 && np.agency != (int)(m - x->ms))
		x->ms[np.agency].flags |= MF_ABSORBED;
	if (sfx >= 0) {
		sc = TOK(sfx).cls;
		if (sc & (C_SFXSUSP | C_SFXASRT)) {
			if (sc & C_SFXSUSP)
				m->flags |= MF_SUSP;
			if ((np.hcls & (C_ORG | C_VENDOR | C_PRODUCT)) &&
			    m->kind != K_AGENCY) {
				/* "U.S.-linked companies": rare; a victim */
				m->role = (np.hcls & C_ORG) ? R_VICTIM : R_SKIP;
				return;
			}
			/* Kremlin-backed, Iran-sponsored: the state backs */
			if (m->kind == K_AGENCY || np.statemod ||
			    np.agency >= 0 || (sc & C_SFXASRT))
				m->flags |= MF_STATEY;
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		/* -based */
		if (np.hcls & (C_ATK | C_NONSTATE)) {
			m->flags |= MF_SUSP;
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		if (np.hcls & (C_VENDOR | C_PRODUCT)) {
			m->role = R_SKIP;
			return;
		}
		if (np.hcls & C_ORG) {
			m->role = R_VICTIM;
			return;
		}
	}
	/* "disabled a database used by an Iranian intelligence group" */
	if (user_of_target(x, m->t0)) {
		m->role = R_VICTIM;
		return;
	}
	if (np.hcls & (C_ATK | C_NONSTATE)) {
		if (np.nonstate)
			m->flags |= MF_SUSP | MF_NONSTATE;
		if (np.linkhyph)
			m->flags |= MF_SUSP;
		if ((np.statemod || np.agency >= 0 || m->kind == K_AGENCY) &&
		    !np.nonstate)
			m->flags |= MF_STATEY;	/* "GRU officers" */
		if (poss && m->kind == K_METONYM && !np.nonstate)
			m->flags |= MF_STATEY;	/* "the Kremlin's hackers" */
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	if (np.hcls & (C_VENDOR | C_PRODUCT)) {
		/* "Russian security firm Kaspersky said its iPhones had been
		   infected": the vendor reports its own breach */
		if ((np.hcls & C_VENDOR) && is_party(x, np.end, &verb) &&
		    TOK(verb).id != W_DENIED && speaker_victim(x, verb)) {
			m->role = R_VICTIM;
			return;
		}
		/* "to target U.S. infectious disease researchers" */
		if ((np.hcls & C_VENDOR) && victim_window(x, m->t0)) {
			m->role = R_VICTIM;
			return;
		}
		m->role = R_SKIP;
		return;
	}
	if (np.hcls & C_ORG) {
		/* "accused the Chinese telecom giant Huawei of spying" */
		if (accused_object(x, m->t0) && accused_of_attack(x, m)) {
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		/* "its Russian leader": a person of the attacking group */
		if (TOK(np.head).id == W_ROLEP && group_owned(x, m->t0)) {
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		/* "a Finnish man was later arrested" */
		if (TOK(np.head).id == W_PEOPLE && arrested_after(x, np.end)) {
			m->flags |= MF_SUSP | MF_NONSTATE;
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		/* "two Iranian men were indicted" */
		if (legal_passive_after(x, np.end)) {
			if (m->kind == K_AGENCY || np.agency >= 0)
				m->flags |= MF_STATEY;
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		/* "two Chinese nationals hacked ...", "a Russian man stole" */
		if (TOK(np.head).id == W_PEOPLE && VALID(np.end) &&
		    !(TOK(np.end - 1).gap & G_BREAK) &&
		    (TOK(np.end).cls & C_AGENT) && !(TOK(np.end).cls & C_BE)) {
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		/* "a botnet run by a Chinese company", "hacked by an Iranian
		   firm": the company acts */
		if (!sold_by(x, m->t0) && by_agent(x, m->t0)) {
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		m->role = sold_by(x, m->t0) ? R_SKIP : R_VICTIM;
		return;
	}
	/* government, media, agency or a bare name: read the context */
	if (m->kind == K_AGENCY && (m->flags & MF_ABSORBED)) {
		m->role = R_SKIP;
		return;
	}
	if (!after_locexcl(x, m->t0) && is_party(x, np.end, &verb)) {
		/* "Ukraine's military intelligence claimed responsibility" */
		if (TOK(verb).id == W_CLAIMED && VALID(verb + 1) &&
		    (TOK(verb + 1).id == W_RESPONSIBILITY ||
		    TOK(verb + 1).id == W_CREDIT)) {
			if (np.hcls & C_GOVT || m->kind == K_AGENCY)
				m->flags |= MF_STATEY;
			m->role = R_ATTACKER;
			mark_attack(x, m->t0, np.end);
			return;
		}
		m->role = R_PARTY;
		if (TOK(verb).id != W_DENIED && speaker_victim(x, verb))
			m->role = R_VICTIM;
		return;
	}
	/* "a Chinese military hacking unit": the unit attacks */
	if ((np.hcls & C_GOVT) && np.atkmod) {
		m->flags |= MF_STATEY;
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	/* "a 17-year-old from Florida was later charged" */
	if (from_accused(x, m->t0, np.end)) {
		m->flags |= MF_SUSP | MF_NONSTATE;
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	/* "indicted four members of China's PLA", "officers of the GRU
	   were charged": the people accused belong to it */
	if (accused_member_of(x, m->t0, np.end)) {
		if (np.hcls & C_GOVT || m->kind == K_AGENCY || np.agency >= 0)
			m->flags |= MF_STATEY;
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	r = role_from_before(x, m);
	if (r == R_ATTACKER) {
		if (np.hcls & C_GOVT || m->kind == K_AGENCY || np.statemod ||
		    np.agency >= 0)
			m->flags |= MF_STATEY;
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	if (r == R_PARTY || r == R_SKIP) {
		m->role = (uint8_t)r;
		if (r == R_PARTY)	/* its words are no victim's sector */
			for (k = m->t0; k < np.end && VALID(k); k++)
				TOK(k).mark |= MK_PARTY;
		return;
	}
	if (r == R_VICTIM) {
		m->role = R_VICTIM;
		return;
	}
	/* "The Pentagon took the system offline after a breach" */
	if (subject_hit_after(x, m, &np)) {
		m->role = R_VICTIM;
		return;
	}
	if (role_from_after(x, m, np.end, !poss || np.head >= 0) ==
	    R_ATTACKER) {
		if (np.hcls & C_GOVT || m->kind == K_AGENCY)
			m->flags |= MF_STATEY;
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	if (victim_after(x, np.end) ||
	    victim_window(x, m->t0)) {
		m->role = R_VICTIM;
		return;
	}
	if (m->kind == K_AGENCY || np.agency >= 0) {
		m->flags |= MF_STATEY;
		m->role = R_ATTACKER;
		mark_attack(x, m->t0, np.end);
		return;
	}
	m->role = (list_victim(x, m) || subject_hit_after(x, m, &np) ||
	    (np.campaign_excl && m->kind == K_ADJ && attack_words(x, 0,
	    (int)x->ntoks))) ? R_VICTIM : R_NONE;
	/* the last: "ahead of the French presidential runoff" in a report
	   of an attack; an election is the target of interference */
}

/* A victim cue among words [a, b): a verb or preposition of attack. */
static int
attack_words(const struct nw_extractor *x, int a, int b)
{
	int i;

	for (i = a; i < b && VALID(i); i++) {
		uint32_t c = TOK(i).cls;

		if ((c & C_TARGET) && (!(c & C_ATK) || (c & C_AGENT)))
			return 1;
	}
	return 0;
}

/*
 * "the country", "the country's hospitals": the state named last before
 * (and not as the attacker), when the words around say it was attacked.
 */
static void
home_country(struct nw_extractor *x)
{
	int t, n = (int)x->ntoks, j, hit;

	for (t = 2; t < n; t++) {
		if (TOK(t).id != W_COUNTRY || TOK(t - 1).id != W_THE)
			continue;
		if (TOK(t).gap & G_POSS) {	/* "the country's hospitals" */
			int k = t + 1;

			/* past the phrase: "the country's .cn domain had
			   suffered" */
			while (k < t + 6 && VALID(k) && same_sent(x, t, k) &&
			    !(TOK(k).cls & (C_BE | C_REPORT | C_AGENT)) &&
			    TOK(k).id != W_SUFFERED && !(TOK(k - 1).gap &
			    G_BREAK))
				k++;
			hit = victim_window(x, t - 1) ||
			    (VALID(t + 1) && victim_after(x, k));
		}
		else			/* "across the country" */
			hit = ((TOK(t - 2).cls & C_LOCPREP) &&
			    victim_window(x, t - 2)) ||
			    /* "aimed at destabilising the country" */
			    ((TOK(t - 2).cls & C_TARGET) &&
			    (TOK(t - 2).cls & C_AGENT) &&
			    !(TOK(t - 2).cls & C_ATK));
		if (!hit)
			continue;
		for (j = t - 2; j >= 0; j--) {
			struct mention *m;

			if (TOK(j).m < 0)
				continue;
			m = &x->ms[TOK(j).m];
			/* "Chinese state media said the country's ...": the
			   media's country */
			if ((m->role == R_SKIP && !(m->hcls & C_MEDIA)) ||
			    m->role == R_ATTACKER || m->kind == K_AGENCY)
				break;
			m->flags |= MF_HOME;
			break;
		}
	}
}

/* "banks in Asia and Africa": a place that is no state, in [a, b). */
static int
place_named(const struct nw_extractor *x, int a, int b)
{
	int i;

	for (i = a; i + 1 < b && VALID(i + 1); i++)
		if ((TOK(i).cls & C_LOCPREP) && TOK(i + 1).cap &&
		    TOK(i + 1).m < 0 && TOK(i + 1).cls == 0)
			return 1;
	return 0;
}

/*
 * "German officials confirmed that a group linked to Russia breached the
 * Bundestag": a government reporting an attack that names no victim
 * state speaks of its own.
 */
static void
speaker_home(struct nw_extractor *x)
{
	size_t i, j;

	for (i = 0; i < x->nms; i++) {
		struct mention *m = &x->ms[i];
		struct np np;
		int v, e, s;

		if (m->role != R_PARTY || m->kind == K_AGENCY)
			continue;
		np_scan(x, m->t1, m->kind == K_NAME && !(m->flags & MF_POSS),
		    &np);
		if (np.head >= 0 && !(np.hcls & C_GOVT))
			continue;	/* a vendor or media speaks */
		if (np.head < 0 && m->kind == K_ADJ)
			continue;
		if (!is_party(x, np.head >= 0 ? np.end : m->t1, &v) ||
		    TOK(v).id == W_DENIED || TOK(v).id == W_LEGAL)
			continue;
		{
			/* joint statements speak for no one state */
			int a, b, k, states = 0;

			subject_range(x, v, &a, &b);
			for (k = a; k < b && VALID(k); k++) {
				if (TOK(k).m >= 0 && (k == a ||
				    TOK(k - 1).m != TOK(k).m))
					states++;
				/* "the EU", not "the U.S. Treasury" */
				if ((cls_at(x, k) & C_GNAME) &&
				    !(VALID(k - 1) && TOK(k - 1).m >= 0))
					states++;
			}
			if (states > 1)
				continue;
		}
		s = sent_start(x, m->t0);
		e = sent_end(x, m->t0);
		{
			/* "..., the U.S. director of intelligence said": the
			   attack told before the speaker */
			int a, b;

			subject_range(x, v, &a, &b);
			if (!attack_words(x, v + 1, e) && !(a > s &&
			    VALID(a - 1) && (TOK(a - 1).gap & G_COMMA) &&
			    v + 1 >= e && attack_words(x, s, a) &&
			    !place_named(x, s, a)))
				continue;
		}
		/* a victim named elsewhere in the report is the one */
		for (j = 0; j < x->nms; j++)
			if (x->ms[j].role == R_VICTIM && x->ms[j].state !=
			    m->state && (x->ms[j].t0 < s || x->ms[j].t0 >= e))
				break;
		if (j < x->nms)
			continue;
		for (j = 0; j < x->nms; j++) {
			const struct mention *o = &x->ms[j];

			if (o == m || o->role == R_SKIP || o->t0 < s ||
			    o->t0 >= e || o->state == m->state)
				continue;
			if (o->role == R_VICTIM || (o->t0 > v &&
			    o->role != R_ATTACKER))
				break;
		}
		if (j == x->nms)
			m->flags |= MF_HOME;
	}
}

/* --- hedge and party ----------------------------------------------------- */

static int claimed_to_be(const struct nw_extractor *,
    const struct mention *);

static int media_hedged(const struct nw_extractor *, int);

/* Who speaks by the reporting verb at word v?  An enum nw_party or P_NONE. */
static int
verb_party(const struct nw_extractor *x, int v)
{
	int a, b;

	if (!passive_by(x, v, &a, &b))
		subject_range(x, v, &a, &b);
	return classify_range(x, a, b);
}

static int
hedged(const struct nw_extractor *x, const struct mention *m)
{
	int s = sent_start(x, m->t0), e = sent_end(x, m->t0), i, k;

	if (m->flags & MF_SUSP)
		return 1;
	/* a hedge before ", though ...", ", but ..." belongs to another
	   clause: "Some suspected Russia, though investigators charged
	   an Israeli ring" */
	for (i = m->t0 - 1; i > s; i--)
		if ((TOK(i - 1).gap & (G_COMMA | G_SEMI)) &&
		    (TOK(i).cls & C_CLAUSE) && TOK(i).id != W_THAT &&
		    !teq(x, i, "which") && !teq(x, i, "who")) {
			s = i;
			break;
		}
	if (claimed_to_be(x, m))
		return 1;
	for (i = s; i < m->t0; i++) {
		const struct tok *w = &TOK(i);

		if (w->m >= 0 && x->ms[w->m].role == R_ATTACKER && i <
		    m->t0 && w->m != (int)(m - x->ms) && (w->gap & G_SEMI))
			break;
		if ((w->cls & C_HEDGE) && w->id != W_BELIEVED)
			return 1;
		if (w->id == W_BELIEVED)
			return 1;
		/* "Dutch intelligence was reported to have watched ..." */
		if (w->id == W_REPORTED && VALID(i - 1) &&
		    TOK(i - 1).id == W_IS_BE && VALID(i + 1) &&
		    TOK(i + 1).id == W_TO)
			return 1;
		/* "hackers are assessed to have been working for X" */
		if (teq(x, i, "assessed") && VALID(i + 1) &&
		    (TOK(i + 1).id == W_TO || (VALID(i - 1) &&
		    TOK(i - 1).id == W_IS_BE)))
			return 1;
		/* "Reuters reported that officials had concluded ...":
		   a claim media pass on */
		if (media_hedged(x, i) && finite_report(x, i) &&
		    verb_party(x, i) == NW_PARTY_MEDIA &&
		    !speaker_victim2(x, i, 1))
			return 1;
		/* "media reports say", "sources said" */
		if ((w->id == W_SAY || w->id == W_SAID) && VALID(i - 1) &&
		    (TOK(i - 1).id == W_REPORTS || TOK(i - 1).id == W_SOURCES))
			return 1;
		if (w->id == W_ACCORDING)
			for (k = 1; k <= 4 && i + k < m->t0; k++)
				if (TOK(i + k).id == W_REPORTS ||
				    TOK(i + k).id == W_SOURCES)
					return 1;
		/* "linked the campaign to", "ties to", "linked X to"; a
		   long object: "linked malicious activities targeting
		   politicians and officials to a Russian campaign" */
		if ((w->cls & C_LINK) && m->t0 - i > 8 && m->t0 - i <= 24 &&
		    ((VALID(m->t0 - 1) && TOK(m->t0 - 1).id == W_TO) ||
		    (VALID(m->t0 - 2) && TOK(m->t0 - 2).id == W_TO &&
		    (TOK(m->t0 - 1).cls & C_DET))))
			return 1;
		if ((w->cls & C_LINK) && m->t0 - i <= 8) {
			for (k = i + 1; k < m->t0; k++)
				if (TOK(k).id == W_TO || TOK(k).id == W_WITH)
					return 1;
			for (k = m->t1; k < e && k < m->t1 + 6; k++)
				if (TOK(k).id == W_TO || TOK(k).id == W_WITH)
					return 1;
		}
	}
	/* "Russian hackers were blamed for ...": by no one named */
	for (i = m->t1, k = 0; i + 1 < e && k < 6; i++, k++) {
		if (TOK(i - 1).gap & G_BREAK)
			break;
		if (TOK(i).id == W_IS_BE && (TOK(i + 1).id == W_BLAMED ||
		    TOK(i + 1).id == W_ACCUSED) && !(VALID(i + 2) &&
		    TOK(i + 2).id == W_BY))
			return 1;
		if (!(np_word(x, i) || (TOK(i).cls & C_ADV)))
			break;
	}
	/* right after the phrase: "Russian hackers likely carried out" */
	for (i = m->t1, k = 0; i < e && k < 5; i++, k++) {
		if (TOK(i).cls & C_HEDGE)
			return 1;
		if (TOK(i - 1).gap & (G_BREAK | G_COMMA))
			break;
		if (!(np_word(x, i) || (TOK(i).cls & C_BE)) ||
		    (TOK(i).cls & (C_AGENT | C_REPORT)))
			break;
	}
	/* after: "a group that is allegedly responsible" */
	for (i = m->t1, k = 0; i < e && k < 16; i++, k++) {
		const struct tok *w = &TOK(i);

		if (w->gap & G_SEMI)
			break;
		if (w->id == W_ALLEGEDLY)
			return 1;
		if ((w->id == W_BELIEVED || w->id == W_ALLEGED ||
		    w->id == W_SUSPECTED || teq(x, i, "assessed")) &&
		    VALID(i + 1) && (TOK(i + 1).id == W_TO ||
		    TOK(i + 1).id == W_OF))
			return 1;
		if ((w->id == W_REPORTED || w->id == W_SAID) && VALID(i - 1) &&
		    (TOK(i - 1).cls & C_BE) && VALID(i + 1) &&
		    TOK(i + 1).id == W_TO)
			return 1;
		if (w->id == W_LIKELY && VALID(i + 1) &&
		    (TOK(i + 1).id == W_BEHIND ||
		    TOK(i + 1).id == W_RESPONSIBLE))
			return 1;
	}
	return 0;
}

/*
 * "The Cyber Partisans said they had encrypted servers": a group (an
 * actor or attacker noun before the verb at word v) that says it did
 * the deed claims it.
 */
static int
said_they_did(const struct nw_extractor *x, int v, int e)
{
	int j = v + 1, k, a, b, grp = 0;

	if (VALID(j) && TOK(j).id == W_THAT)
		j++;
	if (!VALID(j) || j >= e || !(teq(x, j, "they") || teq(x, j, "it") ||
	    teq(x, j, "we")))
		return 0;
	for (k = j + 1; k <= j + 3 && k < e; k++) {
		if (((TOK(k).cls & C_AGENT) && !(TOK(k).cls & C_REPORT)) ||
		    TOK(k).id == W_RESPONSIBLE || TOK(k).id == W_BEHIND)
			break;	/* "said it was responsible" */
		if (!(TOK(k).cls & (C_BE | C_ADV)))
			return 0;
	}
	if (k > j + 3 || k >= e)
		return 0;
	subject_range(x, v, &a, &b);
	for (k = a; k < b && VALID(k); k++)
		if (TOK(k).a >= 0 || ((TOK(k).cls & C_ATK) &&
		    !(TOK(k).cls & (C_TARGET | C_MOD))))
			grp = 1;
	return grp;
}

/* Is there a claim of responsibility after word t in its sentence? */
static int
self_claim(const struct nw_extractor *x, int t)
{
	int e = sent_end(x, t), i;

	for (i = t; i + 1 < e; i++) {
		int k;

		if ((TOK(i).id == W_CLAIMED || TOK(i).id == W_TOOK) &&
		    (TOK(i + 1).id == W_RESPONSIBILITY ||
		    TOK(i + 1).id == W_CREDIT ||
		    (TOK(i + 1).id == W_THE && VALID(i + 2) &&
		    (TOK(i + 2).cls & C_ATK))))
			return 1;
		/* "the group said they had encrypted the servers" */
		if ((TOK(i).cls & C_REPORT) && finite_report(x, i) &&
		    said_they_did(x, i, e))
			return 1;
		/* "claimed DDoS attacks that disrupted ...", not "claimed
		   the attack was ..." */
		if (TOK(i).id != W_CLAIMED || (TOK(i).gap & G_BREAK))
			continue;
		for (k = i + 1; k < e && k < i + 4; k++) {
			if ((TOK(k).cls & C_ATK) && !(TOK(k).cls & C_MOD)) {
				if (k + 1 < e && !(TOK(k).gap & G_BREAK) &&
				    (TOK(k + 1).cls & (C_BE | C_AGENT |
				    C_REPORT)))
					break;
				return 1;
			}
			if (!(TOK(k).cls & (C_DET | C_MOD)) ||
			    (TOK(k - 1).gap & G_BREAK))
				break;
		}
	}
	return 0;
}

/* "hackers who claimed to be Chinese" */
static int
claimed_to_be(const struct nw_extractor *x, const struct mention *m)
{
	int k;

	for (k = 1; k <= 4 && VALID(m->t0 - k) &&
	    same_sent(x, m->t0 - k, m->t0); k++)
		if ((TOK(m->t0 - k).id == W_CLAIMED ||
		    teq(x, m->t0 - k, "claiming") ||
		    teq(x, m->t0 - k, "purporting")) && VALID(m->t0 - k + 1) &&
		    TOK(m->t0 - k + 1).id == W_TO)
			return 1;
	return 0;
}

/*
 * party_of(), and in *verb the reporting verb that names the party (or
 * -1).
 */
static int
party_verb(struct nw_extractor *x, const struct mention *m, int *verb)
{
	int s = sent_start(x, m->t0), e = sent_end(x, m->t0), i, p;

	*verb = -1;
	/* "a group, which Albanian officials tie to Iran, claimed
	   responsibility": who ties the state to it speaks for the state */
	i = m->t0 - 1;
	while (VALID(i) && (TOK(i).cls & C_DET) && i > s)
		i--;
	if (VALID(i) && TOK(i).id == W_TO && i > s) {
		int k;

		for (k = i - 1; k >= s && k > i - 4; k--)
			if ((TOK(k).cls & C_LINK) ||
			    TOK(k).id == W_ATTRIBUTED ||
			    TOK(k).id == W_BLAMED) {
				p = subject_party(x, k, 0);
				if (p != P_NONE && p != NW_PARTY_SELF) {
					*verb = k;
					return p;
				}
				break;
			}
	}
	if (self_claim(x, m->t1) || claimed_to_be(x, m))
		return NW_PARTY_SELF;
	/* the nearest reporting verb before, with a subject that says who */
	for (i = m->t0 - 1; i >= s; i--) {
		int a, b;

		if (TOK(i).m >= 0 && TOK(i).m != (int)(m - x->ms))
			continue;
		p = P_NONE;
		if (passive_by(x, i, &a, &b) && TOK(i).id == W_CLAIMED)
			return NW_PARTY_SELF;	/* "claimed by the group" */
		/* "X was reported to have ...": reports, by no one named */
		if (TOK(i).id == W_REPORTED && VALID(i - 1) &&
		    TOK(i - 1).id == W_IS_BE && VALID(i + 1) &&
		    TOK(i + 1).id == W_TO) {
			*verb = i;
			return NW_PARTY_MEDIA;
		}
		if (passive_by(x, i, &a, &b))
			p = classify_range(x, a, b);
		else if (finite_report(x, i) && TOK(i).id != W_DENIED)
			p = subject_party(x, i, 0);
		else if ((TOK(i).id == W_SUSPECTED || TOK(i).id ==
		    W_SUSPECT) && i == m->t0 - 1)
			p = subject_party(x, i, 0);	/* "officials suspected
							   Russia" */
		else if ((TOK(i).id == W_SUSPECTED || TOK(i).id ==
		    W_SUSPECT || TOK(i).id == W_BELIEVED) &&
		    VALID(i - 1) && same_sent(x, i - 1, i) &&
		    !(TOK(i - 1).gap & G_BREAK) && (cls_at(x, i - 1) &
		    (C_GOVT | C_VENDOR | C_MEDIA | C_GNAME | C_VNAME |
		    C_MNAME)))
			p = subject_party(x, i, 0);	/* "investigators
							   thought ..." */
		if (p != P_NONE) {
			*verb = i;
			return p;
		}
	}
	/* "according to X" */
	for (i = s; i + 1 < e; i++)
		if (TOK(i).id == W_ACCORDING && TOK(i + 1).id == W_TO) {
			int j;

			for (j = i + 2; j < e && j < i + 10; j++)
				if (TOK(j - 1).gap & (G_COMMA | G_BREAK))
					break;
			p = classify_range(x, i + 2, j);
			if (p != P_NONE) {
				*verb = i;	/* "according to the Post" */
				return p;
			}
		}
	/* after: "..., officials said." and "... by the UK government" */
	for (i = m->t1; i < e; i++) {
		int a, b;

		/* "were blamed by officials" */
		if (passive_by(x, i, &a, &b) && i < m->t1 + 6) {
			p = classify_range(x, a, b);
			if (p != P_NONE) {
				*verb = i;
				return p;
			}
		}
		if (finite_report(x, i) && TOK(i).id != W_DENIED &&
		    !(TOK(i).cls & C_LINK)) {
			int j = i - 1;

			while (j > m->t1 && !(TOK(j - 1).gap & G_COMMA))
				j--;
			if (j > m->t1) {
				p = subject_party(x, i, 0);
				if (p != P_NONE) {
					*verb = i;
					return p;
				}
			}
			break;
		}
	}
	/* "two Iranian men were later indicted", "a man was arrested" */
	for (i = m->t1; i < e && i < m->t1 + 12; i++)
		if ((TOK(i).id == W_LEGAL || teq(x, i, "arrested") ||
		    teq(x, i, "detained")) && VALID(i - 1) &&
		    (TOK(i - 1).id == W_IS_BE || (TOK(i - 1).cls & C_ADV)))
			return NW_PARTY_GOVERNMENT;
	/* sanctions, condemnation, indictment, law enforcement before the
	   claim */
	for (i = s; i < m->t0; i++)
		if ((TOK(i).cls & C_GOVACT) || TOK(i).id == W_ENFORCE)
			return NW_PARTY_GOVERNMENT;
	/*
	 * A sentence that names no party goes on in the voice of the one
	 * before: "Researchers uncovered GhostNet. The operation was likely
	 * run from China."
	 */
	for (i = s; i < e; i++)
		if (TOK(i).id == W_ALLEGEDLY)
			return NW_PARTY_UNSPECIFIED;	/* "reportedly": from
							   someone else */
	if (s > 0) {
		int ps = sent_start(x, s - 1);

		for (i = ps; i < s; i++) {
			if (TOK(i).m >= 0 && x->ms[TOK(i).m].role ==
			    R_ATTACKER)
				break;
			if (finite_report(x, i) && TOK(i).id != W_DENIED &&
			    !(TOK(i).cls & C_LINK)) {
				/* a victim telling of its breach is no party;
				   researchers and media tell of others' */
				p = subject_party(x, i, 0);
				if (p == NW_PARTY_GOVERNMENT &&
				    speaker_victim(x, i))
					p = P_NONE;
				if (p != P_NONE) {
					*verb = i;
					return p;
				}
			}
		}
	}
	return NW_PARTY_UNSPECIFIED;
}

/*
 * Media that "reported", "said" or "blamed" pass on a claim: the codebook's
 * "media reports say" is a hedge.  Media that "revealed" or "showed"
 * (documents, an investigation) state it.
 */
static int
media_hedged(const struct nw_extractor *x, int v)
{
	uint8_t id;

	if (!VALID(v))
		return 0;
	id = TOK(v).id;
	return id == W_REPORTED || id == W_REPORTS || id == W_SAY ||
	    id == W_ACCORDING ||
	    id == W_SAID || id == W_BLAMED || id == W_LINKED ||
	    id == W_ACCUSED || id == W_ATTRIBUTED || id == W_CLAIMED ||
	    id == W_SUSPECT || id == W_SUSPECTED;
}

/*
 * "Security sources attributed ...", "sources close to the inquiry
 * blamed ...": unnamed sources hedge the claim.
 */
static int
sources_said(const struct nw_extractor *x, const struct mention *m)
{
	int s = sent_start(x, m->t0), i, k;

	for (i = s; i < m->t0; i++) {
		if (TOK(i).id != W_SOURCES)
			continue;
		for (k = i + 1; k < m->t0 && k <= i + 6; k++)
			if (TOK(k).cls & C_REPORT)
				return 1;
	}
	return 0;
}

/* --- sponsorship --------------------------------------------------------- */

static enum nw_sponsor
sponsorship(struct nw_extractor *x)
{
	int state = 0, nonstate = 0;
	size_t i;
	int t, n = (int)x->ntoks;

	for (i = 0; i < x->nms; i++) {
		const struct mention *m = &x->ms[i];

		if (m->role != R_ATTACKER)
			continue;
		if (m->flags & MF_STATEY)
			state = 1;
		if (m->flags & MF_NONSTATE)
			nonstate = 1;
	}
	for (i = 0; i < x->nas; i++)
		if (x->as[i].kind_known && !x->as[i].posed &&
		    (x->as[i].kind == NW_ACTOR_CRIMINAL ||
		    x->as[i].kind == NW_ACTOR_HACKTIVIST ||
		    x->as[i].kind == NW_ACTOR_MILITANT ||
		    x->as[i].kind == NW_ACTOR_PERSON))
			nonstate = 1;
	for (t = 0; t < n; t++) {
		const struct tok *w = &TOK(t);
		struct np np;

		/* state-sponsored, government-backed, nation-state */
		if ((w->id == W_STATE || w->id == W_GOVERNMENT ||
		    w->id == W_NATION) && (w->gap & G_HYPH) && VALID(t + 1) &&
		    ((TOK(t + 1).cls & (C_SFXASRT | C_SFXSUSP)) ||
		    TOK(t + 1).id == W_STATE)) {
			TOK(t).mark |= MK_SPONSOR;
			TOK(t + 1).mark |= MK_SPONSOR;
			np_scan(x, t + 2, 0, &np);
			if ((np.hcls & (C_ATK | C_NONSTATE)) ||
			    (VALID(t - 1) && (TOK(t - 1).cls & C_BE)) ||
			    (TOK(t + 1).id == W_STATE && VALID(t + 2) &&
			    (TOK(t + 2).cls & C_ATK)))
				state = 1;
			continue;
		}
		/* "blamed a foreign government", "by a foreign country" */
		if (w->id == W_FOREIGN && VALID(t + 1) && !(w->gap & G_BREAK) &&
		    (TOK(t + 1).id == W_COUNTRY || TOK(t + 1).id ==
		    W_GOVERNMENT || TOK(t + 1).id == W_STATE ||
		    TOK(t + 1).id == W_INTELLIGENCE ||
		    teq(x, t + 1, "power"))) {
			int k;

			for (k = 1; k <= 4 && VALID(t - k) &&
			    same_sent(x, t - k, t); k++)
				if (TOK(t - k).id == W_BLAMED ||
				    TOK(t - k).id == W_ACCUSED ||
				    TOK(t - k).id == W_BY ||
				    TOK(t - k).id == W_SUSPECT ||
				    TOK(t - k).id == W_SUSPECTED ||
				    TOK(t - k).id == W_TO ||
				    (TOK(t - k).id == W_FOR &&
				    VALID(t - k - 1) &&
				    TOK(t - k - 1).id == W_WORKING)) {
					state = 1;
					TOK(t).mark |= MK_SPONSOR;
					TOK(t + 1).mark |= MK_SPONSOR;
				}
		}
		/* state actors, state hackers */
		if (w->id == W_STATE && VALID(t + 1) &&
		    !(w->gap & G_BREAK) && (TOK(t + 1).cls & C_ATK) &&
		    !(TOK(t + 1).cls & C_TARGET)) {
			state = 1;
			continue;
		}
		/* intelligence services, military hackers */
		if ((w->id == W_INTELLIGENCE || w->id == W_MILITARY) &&
		    !(w->mark & MK_PARTY) && !(VALID(t - 1) &&
		    (TOK(t - 1).gap & G_HYPH)) && VALID(t + 1) &&
		    !(w->gap & G_BREAK) && (TOK(t + 1).id == W_SERVICE ||
		    TOK(t + 1).id == W_OFFICERS || TOK(t + 1).id == W_UNIT ||
		    TOK(t + 1).id == W_HACKERS ||
		    (w->id == W_MILITARY && TOK(t + 1).id == W_INTELLIGENCE)) &&
		    (w->id == W_MILITARY || VALID(t - 1)))
			state = 1;
		/* non-state words */
		if (w->cls & C_NONSTATE) {
			if (w->id == W_CRIMINALS) {
				if ((VALID(t - 1) && (TOK(t - 1).id == W_BY ||
				    TOK(t - 1).m >= 0 || TOK(t - 1).id ==
				    W_CYBER || (TOK(t - 2).gap & G_HYPH))) ||
				    (VALID(t + 1) &&
				    (TOK(t + 1).cls & C_AGENT)) ||
				    (VALID(t + 2) && (TOK(t + 1).cls & C_BE) &&
				    (TOK(t + 2).id == W_BEHIND ||
				    TOK(t + 2).id == W_RESPONSIBLE)))
					nonstate = 1;
			} else if (w->id == W_CRIMINAL) {
				if (VALID(t + 1) && !(w->gap & G_BREAK) &&
				    (TOK(t + 1).cls & C_ATK))
					nonstate = 1;
			} else if (!(w->cls & C_MOD) || (VALID(t + 1) &&
			    (TOK(t + 1).cls & C_ATK)))
				nonstate = 1;
			else if (w->cls & C_NONSTATE)
				nonstate = 1;
		}
		if (w->id == W_RANSOMWARE && VALID(t + 1) &&
		    !(w->gap & G_BREAK) && (TOK(t + 1).id == W_GROUPNOUN ||
		    teq(x, t + 1, "operators") || teq(x, t + 1, "affiliates")))
			nonstate = 1;
	}
	if (state)
		return NW_SPONSOR_STATE;
	if (nonstate)
		return NW_SPONSOR_NONSTATE;
	return NW_SPONSOR_UNKNOWN;
}

/* --- sectors ------------------------------------------------------------- */

static int sold_by(const struct nw_extractor *, int);

/* "defense firms", "the technology, defense, and healthcare sectors" */
static int
industry_after(const struct nw_extractor *x, int t)
{
	int k;

	for (k = 1; k <= 5 && VALID(t + k) && same_sent(x, t, t + k); k++) {
		const struct tok *w = &TOK(t + k);

		if (TOK(t + k - 1).gap & G_BREAK)
			return 0;
		if (w->id == W_COMPANY || w->id == W_SECTORN ||
		    teq(x, t + k, "contractors") ||
		    teq(x, t + k, "contractor") ||
		    teq(x, t + k, "industrial") ||
		    teq(x, t + k, "manufacturers"))
			return 1;
		if ((w->cls & C_HEADS) && !(w->cls & C_MOD))
			return 0;	/* "Defense Ministry, defense firms" */
		if (!(w->id == W_AND || w->id == W_OR || (w->cls & C_MOD) ||
		    w->sec))
			return 0;
	}
	return 0;
}

/*
 * Sectors of words that need their neighbours: an election commission, a
 * certificate authority, a credit agency, research organisations, the
 * presidential office, pumping stations, a mobile operator, a software
 * maker, the Ministry of Health, cloud and insurance companies.  s is the
 * sector bits of word t so far; returns them corrected.
 */
static uint32_t
sector_pairs(const struct nw_extractor *x, int t, uint32_t s)
{
	const struct tok *w = &TOK(t);
	int nx = t + 1, nxok = VALID(nx) && !(w->gap & G_BREAK);

	/* an election commission is an election body */
	if (teq(x, t, "commission") && ((VALID(t - 1) &&
	    (TOK(t - 1).sec & S(ELECTIONS))) || (VALID(t + 2) &&
	    TOK(t + 1).id == W_ON && (TOK(t + 2).sec & S(ELECTIONS)))))
		s = S(ELECTIONS);
	/* a certificate authority is a technology company */
	if ((teq(x, t, "authority") || teq(x, t, "authorities")) &&
	    teq(x, t - 1, "certificate"))
		s = S(TECHNOLOGY);
	/* a credit agency or bureau */
	if (w->id == W_CREDIT && nxok && (TOK(nx).id == W_AGENCYN ||
	    teq(x, nx, "bureau") || teq(x, nx, "reporting") ||
	    teq(x, nx, "rating")))
		s |= S(FINANCE);
	/* research organisations, institutes, centres (not one that
	   an attack is traced to) */
	if (teq(x, t, "research") && nxok && (TOK(nx).cls & C_ORG) &&
	    TOK(nx).id != W_COMPANY && attributed_to(x, nx) == 0)
		s |= S(EDUCATION);
	/* the presidential office is the government's */
	if (teq(x, t, "presidential") && nxok && (teq(x, nx, "office") ||
	    teq(x, nx, "palace") || teq(x, nx, "administration") ||
	    (TOK(nx).cls & C_GOVT)))
		s = S(GOVERNMENT);
	/* pumping, filling, radio stations are no transport */
	if (teq(x, t, "stations") && VALID(t - 1) &&
	    (teq(x, t - 1, "pumping") || teq(x, t - 1, "filling") ||
	    teq(x, t - 1, "gas") || teq(x, t - 1, "radio") ||
	    teq(x, t - 1, "television") || teq(x, t - 1, "base") ||
	    TOK(t - 1).id == W_POWER))
		s &= ~S(TRANSPORT);
	if (teq(x, t, "pumping") && VALID(t - 1) &&
	    TOK(t - 1).id == W_WATER)
		s |= S(WATER);		/* water pumping stations */
	/* a mobile operator, mobile networks */
	if ((teq(x, t, "operator") || teq(x, t, "operators") ||
	    teq(x, t, "network") || teq(x, t, "networks") ||
	    teq(x, t, "carrier")) && VALID(t - 1) &&
	    teq(x, t - 1, "mobile"))
		s |= S(TELECOMMUNICATIONS);
	/* a software, spyware or chip maker is technology */
	if ((teq(x, t, "maker") || teq(x, t, "makers") ||
	    maker_word(x->text + w->off, w->len)) &&
	    ((VALID(t - 1) && (TOK(t - 1).id == W_SOFTWARE ||
	    teq(x, t - 1, "spyware") || teq(x, t - 1, "chip") ||
	    TOK(t - 1).id == W_TECH)) || nw_strncaseeq(x->text +
	    w->off, "chip", 4)))
		s = S(TECHNOLOGY);
	/* the Ministry of Health */
	if (w->id == W_HEALTH && VALID(t - 1) && TOK(t - 1).id == W_OF &&
	    VALID(t - 2) && (TOK(t - 2).cls & C_GOVT))
		s |= S(HEALTHCARE);
	/* cloud companies and services, insurance companies, health
	   insurance */
	if (teq(x, t, "cloud") && nxok && (TOK(nx).id == W_COMPANY ||
	    TOK(nx).id == W_PROVIDER || TOK(nx).id == W_SERVICE))
		s |= S(TECHNOLOGY);
	if (teq(x, t, "insurance") && nxok &&
	    (TOK(nx).id == W_COMPANY || teq(x, nx, "provider") ||
	    teq(x, nx, "providers") || teq(x, nx, "corporation")))
		s |= (VALID(t - 1) && TOK(t - 1).id == W_HEALTH) ?
		    S(HEALTHCARE) : S(FINANCE);
	if ((teq(x, t, "insurer") || teq(x, t, "insurers")) &&
	    VALID(t - 1) && TOK(t - 1).id == W_HEALTH)
		s = S(HEALTHCARE);	/* a health insurer */
	return s;
}

static uint32_t
sectors(struct nw_extractor *x)
{
	uint32_t sec = 0;
	int t, n = (int)x->ntoks;

	for (t = 0; t < n; t++) {
		const struct tok *w = &TOK(t);
		int nx = t + 1, nxok = VALID(nx) && !(w->gap & G_BREAK);
		uint32_t s = w->sec;

		if ((w->mark & (MK_PARTY | MK_ATTACK | MK_SPONSOR)) ||
		    w->a >= 0 || (w->m >= 0 && x->ms[w->m].role != R_SKIP))
			continue;
		/* "court-authorised", "state-owned": a modifier */
		if ((w->gap & G_HYPH) && nxok && TOK(nx).len > 3 &&
		    memcmp(x->text + TOK(nx).off + TOK(nx).len - 2, "ed",
		    2) == 0)
			continue;
		switch (w->id) {
		case W_HEALTH:
			if (nxok && ((TOK(nx).cls & (C_GOVT | C_ORG) &&
			    TOK(nx).id != W_DATA) ||
			    teq(x, nx, "care") || teq(x, nx, "sector") ||
			    teq(x, nx, "insurer") || teq(x, nx, "insurers")))
				s |= S(HEALTHCARE);
			break;
		case W_DEFENSE:
			if (industry_after(x, t))
				s = S(DEFENSE_INDUSTRY);
			break;
		case W_WATER:
			if (nxok && (TOK(nx).cls & (C_ORG | C_GOVT) ||
			    teq(x, nx, "treatment") || teq(x, nx, "supply")))
				s |= S(WATER);
			break;
		case W_NUCLEAR:
			if (nxok && (TOK(nx).cls & C_ORG || TOK(nx).id ==
			    W_POWER || teq(x, nx, "reactor") ||
			    teq(x, nx, "reactors") || teq(x, nx, "energy")))
				s |= S(ENERGY);
			break;
		case W_POWER:
			if (nxok && (TOK(nx).cls & C_ORG ||
			    teq(x, nx, "grid") || TOK(nx).id == W_OUTAGE ||
			    teq(x, nx, "supply") || teq(x, nx, "outages")))
				s |= S(ENERGY);
			break;
		case W_CHEMICAL:
			if (industry_after(x, t) || (nxok &&
			    (teq(x, nx, "plant") || teq(x, nx, "plants") ||
			    teq(x, nx, "maker") || teq(x, nx, "producer"))))
				s |= S(MANUFACTURING);
			break;
		case W_CITY:
			if (nxok && (TOK(nx).cls & (C_ORG | C_GOVT) ||
			    teq(x, nx, "hall") || teq(x, nx, "council")))
				s |= S(GOVERNMENT);
			break;
		case W_AGENCYN:
			if (VALID(t - 1) && (TOK(t - 1).id == W_NEWS ||
			    teq(x, t - 1, "press")))
				s = S(MEDIA);	/* a news agency */
			else if (VALID(t - 1) && TOK(t - 1).id == W_CREDIT)
				s = S(FINANCE);	/* a credit agency */
			break;
		case W_PROVIDER:
			if (VALID(t - 1) && teq(x, t - 1, "service") &&
			    VALID(t - 2) && (teq(x, t - 2, "managed") ||
			    teq(x, t - 2, "cloud") || teq(x, t - 2, "IT")))
				s |= S(TECHNOLOGY);
			else if (VALID(t - 1) && teq(x, t - 1, "service") &&
			    VALID(t - 2) && teq(x, t - 2, "internet"))
				s |= S(TELECOMMUNICATIONS);
			break;
		case W_AIR:
			if (nxok && TOK(nx).id == W_FORCE)
				s |= S(MILITARY);
			else if (nxok && teq(x, nx, "traffic"))
				s |= S(TRANSPORT);
			break;
		case W_FORCE:
			if (VALID(t - 1) && (TOK(t - 1).id == W_AIR ||
			    TOK(t - 1).id == W_DEFENSE))
				s |= S(MILITARY);
			break;
		case W_ARMED:
			if (!(nxok && TOK(nx).id == W_FORCE))
				s = 0;
			break;
		case W_IT:
			if (w->len == 2 && x->text[w->off] == 'I' &&
			    x->text[w->off + 1] == 'T' && nxok &&
			    (TOK(nx).id == W_COMPANY ||
			    teq(x, nx, "organisations") ||
			    teq(x, nx, "organizations") ||
			    teq(x, nx, "services") || teq(x, nx, "sector") ||
			    teq(x, nx, "providers") || teq(x, nx, "provider") ||
			    teq(x, nx, "contractors") ||
			    teq(x, nx, "industry")))
				s |= S(TECHNOLOGY);
			break;
		case W_SOFTWARE:
		case W_TECH:
			if (industry_after(x, t))
				s |= S(TECHNOLOGY);
			if (nxok && (TOK(nx).id == W_COMPANY ||
			    teq(x, nx, "giant") || teq(x, nx, "giants") ||
			    teq(x, nx, "sector") || teq(x, nx, "industry") ||
			    teq(x, nx, "developer") ||
			    teq(x, nx, "developers") ||
			    teq(x, nx, "maker") || teq(x, nx, "vendor") ||
			    teq(x, nx, "vendors") || teq(x, nx, "provider") ||
			    teq(x, nx, "providers")))
				s |= S(TECHNOLOGY);
			break;
		case W_NEWS:
			if (nxok && (TOK(nx).cls & (C_ORG | C_MEDIA) ||
			    teq(x, nx, "agency") || teq(x, nx, "agencies") ||
			    teq(x, nx, "channel") || teq(x, nx, "site")) &&
			    TOK(nx).id != W_REPORTS)
				s |= S(MEDIA);
			break;
		case W_DNS:
			/* "DNS provider Dyn", "the .tr top-level domain",
			   not "a bank's Domain Name System addresses" */
			if (!nxok || (TOK(nx).cls & (C_PREP | C_CLAUSE |
			    C_AGENT | C_BE | C_REPORT)) ||
			    (TOK(nx).id == W_PROVIDER ||
			    teq(x, nx, "registrar") ||
			    teq(x, nx, "registrars") ||
			    teq(x, nx, "registry") || teq(x, nx, "servers")))
				s |= S(TECHNOLOGY);
			break;
		case W_TANK:
			if (VALID(t - 1) && TOK(t - 1).id == W_THINK)
				s |= S(CIVIL_SOCIETY);
			break;
		case W_RIGHTS:
			if (VALID(t - 1) && TOK(t - 1).id == W_HUMAN)
				s |= S(CIVIL_SOCIETY);
			break;
		case W_SOCIETY:
			if (VALID(t - 1) && TOK(t - 1).id == W_CIVIL)
				s |= S(CIVIL_SOCIETY);
			break;
		case W_POLITICAL:
			if (nxok && (TOK(nx).cls & C_ORG ||
			    teq(x, nx, "groups")) && !teq(x, nx, "parties"))
				s |= S(CIVIL_SOCIETY);
			if (nxok && (teq(x, nx, "parties") ||
			    teq(x, nx, "party") || teq(x, nx, "campaigns") ||
			    teq(x, nx, "campaign")))
				s |= S(ELECTIONS);
			break;
		case W_CAMPAIGN:
			if (VALID(t - 1) && (teq(x, t - 1, "presidential") ||
			    TOK(t - 1).id == W_ELECTION ||
			    teq(x, t - 1, "electoral")))
				s |= S(ELECTIONS);
			if (VALID(t + 1) && TOK(t + 1).id == W_OF) {
				int k;

				for (k = 2; k <= 6 && VALID(t + k); k++)
					if (teq(x, t + k, "candidates") ||
					    teq(x, t + k, "candidate"))
						s |= S(ELECTIONS);
			}
			break;
		case W_CREDITCARD:
			if ((VALID(t - 1) && (TOK(t - 1).id == W_CREDIT ||
			    teq(x, t - 1, "payment") ||
			    teq(x, t - 1, "debit"))) ||
			    (nxok && (TOK(nx).id == W_DATA ||
			    teq(x, nx, "numbers") || teq(x, nx, "details"))))
				s |= S(FINANCE);
			break;
		case W_INFRASTRUCTURE:
			if (VALID(t - 1) && TOK(t - 1).id == W_CRITICAL)
				s |= S(OTHER);
			break;
		case W_USERS:
			if (VALID(t - 2) && TOK(t - 2).id == W_SOCIAL)
				s |= S(OTHER);
			break;
		case W_DEVICES:
			if (VALID(t - 1) && (teq(x, t - 1, "mobile") ||
			    TOK(t - 1).id == W_ANDROID))
				s |= S(OTHER);
			break;
		case W_SPORTS:
			if (nxok && teq(x, nx, "clubs"))
				s |= S(OTHER);
			if (teq(x, t, "clubs") && VALID(t - 1) &&
			    TOK(t - 1).id == W_SPORTS)
				s |= S(OTHER);
			break;
		case W_COMPANY:
			/* companies of no named sector */
			if (VALID(t - 1) && (TOK(t - 1).sec ||
			    (TOK(t - 1).cls & (C_SECMOD | C_PRODUCT |
			    C_VNAME)) || TOK(t - 1).id == W_IT ||
			    TOK(t - 1).id == W_TECH || TOK(t - 1).id ==
			    W_DEFENSE || TOK(t - 1).id == W_SOFTWARE ||
			    TOK(t - 1).id == W_OIL || TOK(t - 1).id == W_GAS ||
			    TOK(t - 1).id == W_POWER || TOK(t - 1).id ==
			    W_WATER || TOK(t - 1).id == W_HEALTH ||
			    TOK(t - 1).id == W_NEWS || TOK(t - 1).id ==
			    W_NUCLEAR || (is_proper(x, t - 1) &&
			    TOK(t - 1).m < 0)))
				break;
			if (nxok && is_proper(x, nx))
				break;	/* "the company Visma" */
			if (teq(x, t, "company") || teq(x, t, "firm") ||
			    (w->gap & G_POSS))
				break;	/* one company, named elsewhere */
			if (nxok && (TOK(nx).cls & (C_LINK | C_SFXSUSP |
			    C_SFXASRT)))
				break;	/* "companies linked to the IRGC" */
			if (nxok && TOK(nx).id == W_IN && VALID(nx + 1) &&
			    TOK(nx + 1).sec)
				break;	/* "companies in manufacturing" */
			{
				int j = t - 1;

				while (VALID(j) && (TOK(j).m >= 0 ||
				    (TOK(j).cls & (C_MOD | C_DET))))
					j--;
				if (sold_by(x, j + 1))
					break;	/* the seller */
			}
			s |= S(OTHER);
			break;
		default:
			break;
		}
		if (w->id == W_GOVERNMENT || w->id == W_MILITARY) {
			/* "government-backed", "the French government" */
			if ((w->gap & G_HYPH) && VALID(t + 1) &&
			    (TOK(t + 1).cls & (C_SFXASRT | C_SFXSUSP)))
				s = 0;
		}
		if ((s & S(MEDIA)) && (w->cls & C_MEDIA) && ((VALID(t - 1) &&
		    TOK(t - 1).id == W_SOCIAL) || (VALID(t + 1) &&
		    TOK(t + 1).id == W_REPORTS)))
			s &= ~S(MEDIA);	/* social media, media reports */
		if ((s & S(EDUCATION)) && nxok && teq(x, nx, "hospital"))
			s &= ~S(EDUCATION);	/* a university hospital */
		if ((s & S(ENERGY)) && VALID(t - 1) && TOK(t - 1).id ==
		    W_WATER && !(TOK(t - 1).gap & G_BREAK))
			s = S(WATER);		/* a water utility */
		if (w->id == W_CONTRACTOR) {
			int k;

			for (k = 1; k <= 2 && VALID(t - k); k++)
				if (TOK(t - k).id == W_MILITARY ||
				    TOK(t - k).id == W_DEFENSE ||
				    TOK(t - k).id == W_ARMY ||
				    teq(x, t - k, "navy") ||
				    teq(x, t - k, "pentagon"))
					s |= S(DEFENSE_INDUSTRY);
		}
		if (w->len > 4 && w->sec == 0 && w->cls == 0 &&
		    nw_strncaseeq(x->text + w->off + w->len - 4, "bank", 4))
			s |= S(FINANCE);	/* Citibank */
		if (w->id == W_DEFENSE && w->cap && VALID(t + 1) &&
		    (TOK(t + 1).cls & C_GOVT))
			s |= S(GOVERNMENT);	/* the Defense Ministry */
		/* words whose sector depends on a neighbour */
		if (w->id == W_PAIRSEC || w->id == W_CREDIT ||
		    w->id == W_HEALTH || (w->cls == C_ORG && w->sec ==
		    S(MANUFACTURING)))
			s = sector_pairs(x, t, s);

		sec |= s;
	}
	return sec;
}

/* --- the whole extraction ------------------------------------------------ */

static void
add_attr(struct nw_extractor *x, struct nw_extract *out,
    const struct mention *m, int hedge, int party)
{
	const char *iso = state_iso(x, m);
	size_t i;

	for (i = 0; i < out->nattr; i++) {
		struct nw_attribution *a = &out->attr[i];

		if (strcmp(a->state, iso) != 0)
			continue;
		if (hedge == NW_HEDGE_ASSERTED)
			a->hedge = NW_HEDGE_ASSERTED;
		if (a->by == NW_PARTY_UNSPECIFIED)
			a->by = (enum nw_party)party;
		return;
	}
	if (out->nattr == NW_MAX_ATTRIB)
		return;
	memcpy(out->attr[out->nattr].state, iso, 3);
	out->attr[out->nattr].hedge = (enum nw_hedge)hedge;
	out->attr[out->nattr].by = (enum nw_party)party;
	out->attr[out->nattr].ev.off = m->off;
	out->attr[out->nattr].ev.len = m->len;
	out->nattr++;
}

static void
add_victim(struct nw_extractor *x, struct nw_extract *out,
    const struct mention *m)
{
	const char *iso = state_iso(x, m);
	size_t i;

	for (i = 0; i < out->nvictims; i++)
		if (strcmp(out->victims[i], iso) == 0)
			return;
	if (out->nvictims == NW_MAX_VICTIMS)
		return;
	memcpy(out->victims[out->nvictims++], iso, 3);
}

static void
add_actors(struct nw_extractor *x, struct nw_extract *out)
{
	size_t i, j;

	for (i = 0; i < x->nas && out->nactors < NW_MAX_ACTORS; i++) {
		const struct amention *a = &x->as[i];
		int dup = 0;

		for (j = 0; j < out->nactors; j++)
			if (nw_strcaseeq(out->actors[j].name, a->name))
				dup = 1;
		if (dup)
			continue;
		nw_strlcpy(out->actors[out->nactors].name, a->name,
		    NW_MAX_ACTOR_NAME);
		out->actors[out->nactors].ev.off = a->off;
		out->actors[out->nactors].ev.len = a->len;
		out->nactors++;
	}
}

int
nw_extract(struct nw_extractor *x, const char *text, size_t len,
    struct nw_extract *out, struct nw_error *err)
{
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (x == NULL || text == NULL)
		return nw_error_set(err, NW_E_INTERNAL, "nw_extract: no input");
	if (len > NW_MAX_EXTRACT_TEXT) {
		/* cut at a character boundary */
		len = NW_MAX_EXTRACT_TEXT;
		while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
			len--;
	}
	x->text = text;
	x->len = len;
	x->limit_hit = 0;
	x->nms = 0;
	x->nas = 0;
	tokenize(x);
	multiword_cues(x);
	if (find_states(x, err) == -1)
		rc = -1;
	if (find_actors(x, err) == -1)
		rc = -1;
	find_split_states(x);
	/* agencies first, so a mention before them can absorb them */
	for (i = 0; i < x->nms; i++)
		if (x->ms[i].kind != K_AGENCY)
			mention_role(x, &x->ms[i]);
	for (i = 0; i < x->nms; i++)
		if (x->ms[i].kind == K_AGENCY)
			mention_role(x, &x->ms[i]);
	for (i = 0; i < x->nms; i++) {
		const struct mention *m = &x->ms[i];
		int party, verb, hedge;

		if (m->role != R_ATTACKER)
			continue;
		party = party_verb(x, m, &verb);
		hedge = hedged(x, m) || (party == NW_PARTY_MEDIA &&
		    media_hedged(x, verb) && !speaker_victim2(x, verb, 1)) ||
		    sources_said(x, m);
		add_attr(x, out, m, hedge ? NW_HEDGE_SUSPECTED :
		    NW_HEDGE_ASSERTED, party);
	}
	home_country(x);
	speaker_home(x);
	for (i = 0; i < x->nms; i++)
		if (x->ms[i].role == R_VICTIM || (x->ms[i].flags & MF_HOME))
			add_victim(x, out, &x->ms[i]);
#ifdef NW_EXTRACT_DEBUG
	for (i = 0; i < x->nms; i++)
		fprintf(stderr, "mention %.*s: %s role %d flags %#x\n",
		    (int)x->ms[i].len, x->text + x->ms[i].off,
		    state_iso(x, &x->ms[i]), x->ms[i].role, x->ms[i].flags);
	for (i = 0; i < x->ntoks; i++)
		fprintf(stderr, "%.*s[%u%s%s] ", (int)x->toks[i].len,
		    x->text + x->toks[i].off, x->toks[i].sent,
		    x->toks[i].gap & G_COMMA ? "," : "",
		    x->toks[i].mark & MK_PARTY ? "P" : "");
	fprintf(stderr, "\n");
#endif
	add_actors(x, out);
	mark_parties(x);
	/* the words of a phrase a speaking or skipped state opens ("the
	   Dutch Foreign Ministry said") name no victim's sector */
	for (i = 0; i < x->nms; i++) {
		const struct mention *m = &x->ms[i];
		int t;

		if ((m->role != R_PARTY && m->role != R_SKIP) ||
		    (m->flags & MF_HOME))
			continue;
		for (t = m->t1; t < m->npend && VALID(t); t++)
			TOK(t).mark |= MK_PARTY;
	}
	out->sponsorship = sponsorship(x);
	out->sectors = sectors(x);
	return rc;
}
