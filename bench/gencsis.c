/*
 * gencsis.c - generate a CSIS-style list of N entries for benchmarks.
 *
 *	gencsis N [SEED] > list.txt
 *
 * Entries are dated paragraphs, newest first, built from templates with
 * states, actors, victims and sectors drawn from small tables, with the
 * noise of a PDF extraction: page breaks (form feeds) with a running
 * header and a page number every few entries, words split in two, space
 * before punctuation.  The output is deterministic for a given seed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long state = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	state ^= state << 13;	/* xorshift64 */
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)(state % n);
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const months[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };
static const char *const attackers[] = { "Chinese", "Russian", "Iranian",
	"North Korean", "Vietnamese", "Pakistani", "Belarusian",
	"suspected Chinese", "Russia-linked", "Iran-linked", "pro-Russian",
	"state-sponsored", "unknown", "Turkish", "Indian" };
static const char *const who[] = { "hackers", "hacking group",
	"state-sponsored hackers", "cyber espionage group", "ransomware gang",
	"hacktivists", "threat actor" };
static const char *const verbs[] = { "targeted", "breached", "compromised",
	"launched a DDoS attack against", "deployed ransomware on",
	"stole data from", "used spear-phishing emails to target",
	"deployed wiper malware against", "hijacked the DNS records of" };
static const char *const victims[] = { "government agencies in Ukraine",
	"hospitals in Germany", "the energy ministry of Poland",
	"defense contractors in the United States", "telecommunications "
	"companies in South Korea", "election officials in Taiwan",
	"universities in Australia", "banks in Bangladesh",
	"a water utility in Israel", "journalists in Mexico",
	"the foreign ministry of Belgium", "oil companies in Saudi Arabia",
	"a software vendor in Norway", "media organizations in France" };
static const char *const tails[] = {
	"Officials blamed the attack on a foreign intelligence service.",
	"Researchers at a security company linked the campaign to APT28.",
	"The group later claimed responsibility on Telegram.",
	"Media reports say the intrusion went undetected for months.",
	"The attack disrupted services for several days.",
	"Personal data of more than 2 million people was exposed.",
	"The hackers exploited an unpatched vulnerability in a VPN product.",
	"The campaign used a trojanized software update to reach customers.",
	"Investigators said the attackers stole source code and designs.",
	"" };
static const char *const splits[][2] = { { "Governme", "nt" },
	{ "hac", "kers" }, { "infor", "mation" }, { "a", "gainst" },
	{ "ransom", "ware" } };

int
main(int argc, char **argv)
{
	long n, i, page = 1, per_page;
	int year = 2025, month = 11;

	if (argc < 2 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gencsis N [SEED]\n");
		return 64;
	}
	if (argc > 2)
		state ^= (unsigned long long)strtoull(argv[2], NULL, 10) * 2654435761ULL;
	printf("Significant Cyber Incidents Since 2006\n\n"
	    "This timeline records significant cyber incidents since 2006. "
	    "We focus on cyber attacks on government agencies, defense and "
	    "high tech companies, or economic crimes with losses of more than "
	    "a million dollars.\n\n");
	per_page = 6;
	for (i = 0; i < n; i++) {
		const char *sep = rnd(10) == 0 ? " . " : ". ";

		if (i > 0 && rnd(3) == 0 && --month == 0) {
			month = 12;
			year--;
			if (year < 1990)
				year = 2025;
		}
		printf("%s %d%s", months[month - 1], year, sep);
		if (rnd(8) == 0) {
			const char *const *sp = splits[rnd(5)];

			printf("%s %s and ", sp[0], sp[1]);
		}
		printf("%s %s %s %s %s.", rnd(2) ? "Suspected" : "A group of",
		    PICK(attackers), PICK(who), PICK(verbs), PICK(victims));
		printf(" %s", PICK(tails));
		if (rnd(4) == 0)
			printf(" %s", PICK(tails));
		printf("\n\n");
		if ((i + 1) % per_page == 0) {
			printf("%ld\n\f Significant Cyber Incidents | CSIS\n\n",
			    page++);
		}
	}
	return 0;
}
